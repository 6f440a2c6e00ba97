"""The reader: a Textual app over the session — the article, its claims, notes and the library."""
