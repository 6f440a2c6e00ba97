"""A desk's shared notes: each machine's SQLite store kept in step with one PostgreSQL server."""
