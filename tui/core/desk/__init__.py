"""A desk's shared notes: the notes of several Margins kept on one PostgreSQL server.

Each machine keeps its own SQLite store, as a single user does; it is the offline cache. A note
written is durable there first; it waits in ``desk_outbox`` (filled by triggers, whatever wrote
it) until a sync sends it (``sync.sync``). The server gives every change a number in the order
they were made; a sync takes the changes numbered after the last it took. A note edited on two
machines since they last agreed is kept twice: the server's version under its id, the other as
a copy beside it (``conflict_of``), on every machine.
"""
