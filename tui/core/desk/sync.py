"""Send this machine's notes to the desk's server and take the desk's back.

Each machine keeps its own SQLite store, as a single user does; it is the offline cache. A note
written is durable there first; it waits in ``desk_outbox`` (filled by triggers, whatever wrote
it) until a sync sends it. The server gives every change a number in the order they were made
(one writer at a time); a sync takes the changes numbered after the last it took.

``sync`` sends first, then takes. Sending: every note waiting in ``desk_outbox`` goes up in
batches, each batch one transaction under the desk's write lock. A note the server holds at the
revision this machine last agreed with (``desk_synced``) is updated; a new one added; one the
server changed since (a teammate's edit) is kept twice: the server's version stays, this
machine's edit goes up as a copy beside it (``conflict_of``: the note it was an edit of), and
this machine takes the server's version under the note's id. A change is named (machine, note,
local revision): sent again after its answer was lost, it is found done, not made twice. Only
once the server has committed does this machine mark the note sent, in one local transaction:
the server killed at any moment loses nothing acknowledged here and duplicates nothing.

Taking: the changes numbered after the last taken, in order; a note with an edit of this
machine still waiting is left for the next sending (which keeps both).
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass

from ..notes import schema as local_schema
from . import corrections
from ..notes.store import Store
from .server import (BATCH, CHANNEL, SCHEMA, WRITE_LOCK, DeskError, local_document, redacted,
                     taken_since, taken_up_to)

_NOTE = ("exact, prefix, suffix, start, end, statement, body, tags, verdict, evidence, created, "
         "modified, deleted, author, conflict_of")
_SERVER_NOTE = ("exact, prefix, suffix, start_at, end_at, statement, body, tags, verdict, "
                "evidence, created, modified, deleted, author, conflict_of")
_COPIES = uuid.UUID("5f0c3f4e-8f5e-4a8e-9d2b-6d61726b6e31")


@dataclass(frozen=True)
class Report:
    sent: int
    taken: int
    kept_both: int


def connect(url: str):
    """A connection to the desk's server (the password from PGPASSWORD, ~/.pgpass or a service
    file, as libpq finds it); DeskError, without the password, when it cannot be had."""
    try:
        import psycopg
    except ImportError:
        raise DeskError("sharing notes needs psycopg: pip install 'margin[desk]'") from None
    try:
        conn = psycopg.connect(url, connect_timeout=10)
    except psycopg.Error as exc:
        reason = " ".join(str(exc).split()).replace(url, redacted(url))
        raise DeskError(f"cannot reach the desk's server at {redacted(url)}: {reason}") from None
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        conn.execute(SCHEMA)
    return conn


def sync(store: Store, url: str, author: str) -> Report:
    """Send this machine's waiting notes (written by ``author`` where they name nobody) and
    corrections of statements, then take the desk's."""
    import psycopg

    conn = connect(url)
    try:
        sent, kept = _send(store, conn, author)
        sent += corrections.send(store, conn)
        taken = _take(store, conn) + corrections.take(store, conn)
    except psycopg.Error as exc:
        raise DeskError(f"the desk's server at {redacted(url)} went away: "
                        f"{' '.join(str(exc).split())}") from None
    finally:
        conn.close()
    return Report(sent, taken, kept)


def machine(db: sqlite3.Connection) -> str:
    """This store's name among the desk's (made once)."""
    row = db.execute("SELECT value FROM desk_state WHERE key = 'machine'").fetchone()
    if row:
        return row[0]
    name = str(uuid.uuid4())
    with local_schema.transaction(db):
        db.execute("INSERT OR IGNORE INTO desk_state (key, value) VALUES ('machine', ?)", (name,))
    return db.execute("SELECT value FROM desk_state WHERE key = 'machine'").fetchone()[0]


def _send(store: Store, conn, author: str) -> tuple[int, int]:
    db = store.conn
    me = machine(db)
    with local_schema.transaction(db):  # written here: by this machine's author
        db.execute("UPDATE notes SET author = ? WHERE author = '' AND id IN "
                   "(SELECT note_id FROM desk_outbox)", (author,))
    rows = db.execute(
        f"SELECT n.id, n.revision, d.hash, d.title, d.text, {', '.join('n.' + c for c in _NOTE.split(', '))} "
        "FROM desk_outbox o JOIN notes n ON n.id = o.note_id "
        "JOIN documents d ON d.id = n.document_id ORDER BY n.rowid").fetchall()
    synced = dict(db.execute("SELECT note_id, revision FROM desk_synced"))
    sent = kept = 0
    for i in range(0, len(rows), BATCH):
        done: list[tuple[str, int, int]] = []  # (id, local revision, server revision)
        copies: list[tuple[tuple, str]] = []  # (row, the copy's id)
        batch = rows[i:i + BATCH]
        named = {f"{me}:{row[0]}:{row[1]}": row for row in batch}
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            cur.executemany("INSERT INTO margin_documents (hash, title, text) VALUES (%s, %s, %s) "
                            "ON CONFLICT (hash) DO NOTHING",
                            list({row[2]: row[2:5] for row in batch}.values()))
            made = {c: (nid, rev) for c, nid, rev in cur.execute(
                "SELECT change, note_id, revision FROM margin_history WHERE change = ANY(%s)",
                (list(named),))}
            todo = [(change, row) for change, row in named.items() if change not in made]
            held = dict(cur.execute("SELECT id, revision FROM margin_notes WHERE id = ANY(%s) "
                                    "ORDER BY id FOR UPDATE", ([r[0] for _, r in todo],)))
            seqs = [s for (s,) in cur.execute("SELECT nextval('margin_seq') FROM "
                                              "generate_series(1, %s)", (len(todo),))]
            new_rows, changed_rows, history = [], [], []
            for change, (nid, revision, digest, title, text, *fields) in named.items():
                if change in made:  # sent before, its answer lost
                    got = made[change]
                    if got[0] == nid:
                        done.append((nid, revision, got[1]))
                    else:
                        copies.append((named[change], got[0]))
                    continue
                seq = seqs.pop()
                had, base = held.get(nid), synced.get(nid)
                if had is None or had == base:
                    new = 1 if had is None else had + 1
                    if had is None:
                        new_rows.append((nid, digest, *fields, new, seq))
                    else:
                        changed_rows.append((digest, *fields, new, seq, nid))
                    history.append(_history_row(nid, new, had, fields, change, author, seq))
                    done.append((nid, revision, new))
                else:  # changed on the server since this machine last agreed: keep both
                    copy = str(uuid.uuid5(_COPIES, change))
                    fields = list(fields)
                    fields[-2:] = [author, nid]  # this machine's version; conflict_of
                    new_rows.append((copy, digest, *fields, 1, seq))
                    history.append(_history_row(copy, 1, None, fields, change, author, seq))
                    copies.append((named[change], copy))
            cur.executemany(f"INSERT INTO margin_notes (id, document_hash, {_SERVER_NOTE}, "
                            f"revision, seq) VALUES ({', '.join(['%s'] * 19)})", new_rows)
            sets = ", ".join(f"{c} = %s" for c in _SERVER_NOTE.split(", "))
            cur.executemany(f"UPDATE margin_notes SET document_hash = %s, {sets}, revision = %s, "
                            "seq = %s WHERE id = %s", changed_rows)
            cur.executemany("INSERT INTO margin_history (note_id, revision, base, author, "
                            "verdict, body, deleted, modified, change, seq) VALUES "
                            f"({', '.join(['%s'] * 10)})", history)
            cur.execute("SELECT pg_notify(%s, '')", (CHANNEL,))  # (told when committed)
        # The server has it: mark it sent here (unless the note changed meanwhile).
        with local_schema.transaction(db):
            for nid, revision, new in done:
                db.execute("INSERT OR REPLACE INTO desk_synced (note_id, revision) VALUES (?, ?)",
                           (nid, new))
                db.execute("DELETE FROM desk_outbox WHERE note_id = ? AND "
                           "(SELECT revision FROM notes WHERE id = ?) = ?", (nid, nid, revision))
            for row, copy in copies:
                _keep_copy(db, row, copy, author)
        sent += len(done) + len(copies)
        kept += len(copies)
        for row, _ in copies:  # this machine takes the server's version under the id
            got = conn.execute(f"SELECT n.id, n.document_hash, d.title, d.text, {_SERVER_NOTE}, "
                               "n.revision FROM margin_notes n JOIN margin_documents d ON "
                               "d.hash = n.document_hash WHERE n.id = %s", (row[0],)).fetchone()
            conn.commit()
            if got is not None:
                _apply(store, got, force=True)
    return sent, kept


def _history_row(nid: str, revision: int, base: int | None, fields, change: str,
                 author: str, seq: int) -> tuple:
    """The history's row of revision ``revision`` of note ``nid``, made by ``author`` (this
    machine's) on the revision ``base`` (None: a new note)."""
    named = dict(zip(_NOTE.split(", "), fields))
    return (nid, revision, base, author, named["verdict"], named["body"], named["deleted"],
            named["modified"], change, seq)


def _keep_copy(db: sqlite3.Connection, row: tuple, copy: str, author: str) -> None:
    """This machine's edit of note ``row[0]``, kept here as the copy ``copy`` (as the server
    keeps it); the note itself waits for the server's version."""
    nid = row[0]
    db.execute(f"INSERT OR IGNORE INTO notes (id, document_id, {_NOTE}, state, revision, text_hash, "
               "review_candidates) SELECT ?, document_id, exact, prefix, suffix, start, end, "
               "statement, body, tags, verdict, evidence, created, modified, deleted, ?, ?, state, 1, "
               "text_hash, review_candidates FROM notes WHERE id = ?", (copy, author, nid, nid))
    db.execute("INSERT OR REPLACE INTO desk_synced (note_id, revision) VALUES (?, 1)", (copy,))
    db.execute("DELETE FROM desk_outbox WHERE note_id IN (?, ?)", (copy, nid))


def _take_history(store: Store, conn) -> None:
    """The desk's history of every note (who changed which verdict when), as far as it goes."""
    db = store.conn
    since = taken_since(db, "history")
    while True:
        rows = conn.execute("SELECT note_id, revision, author, verdict, deleted IS NOT NULL, "
                            "modified, seq FROM margin_history WHERE seq > %s ORDER BY seq "
                            "LIMIT %s", (since, BATCH * 10)).fetchall()
        conn.commit()
        if not rows:
            return
        with store.batch():
            db.executemany("INSERT OR REPLACE INTO desk_history (note_id, revision, author, "
                           "verdict, deleted, modified) VALUES (?, ?, ?, ?, ?, ?)",
                           [r[:-1] for r in rows])
            since = rows[-1][-1]
            taken_up_to(db, "history", since)


def _take(store: Store, conn) -> int:
    _take_history(store, conn)
    db = store.conn
    since = taken_since(db, "taken")
    taken = 0
    while True:
        rows = conn.execute(
            f"SELECT n.id, n.document_hash, d.title, d.text, {_SERVER_NOTE}, n.revision, n.seq "
            "FROM margin_notes n JOIN margin_documents d ON d.hash = n.document_hash "
            "WHERE n.seq > %s ORDER BY n.seq LIMIT %s", (since, BATCH)).fetchall()
        conn.commit()
        if not rows:
            return taken
        waiting = {r[0] for r in db.execute("SELECT note_id FROM desk_outbox")}
        with store.batch():
            for got in rows:
                if got[0] not in waiting:
                    taken += _apply(store, got[:-1])
            since = rows[-1][-1]
            taken_up_to(db, "taken", since)


def _apply(store: Store, got: tuple, force: bool = False) -> int:
    """The server's version of a note (``got``: id, document hash, title, text, the note's
    fields, revision) here; 1 if it changed anything."""
    db = store.conn
    nid, digest, title, text, *fields, revision = got
    synced = db.execute("SELECT revision FROM desk_synced WHERE note_id = ?", (nid,)).fetchone()
    if synced is not None and synced[0] == revision and not force:
        return 0
    with store.batch():
        doc = local_document(store, digest, title, text)
        named = dict(zip(_NOTE.split(", "), fields))
        held = db.execute("SELECT 1 FROM notes WHERE id = ?", (nid,)).fetchone()
        if held:
            sets = ", ".join(f"{c} = ?" for c in _NOTE.split(", "))
            db.execute(f"UPDATE notes SET document_id = ?, {sets}, revision = revision + 1, "
                       "text_hash = ? WHERE id = ?", (doc, *fields, digest, nid))
        else:
            db.execute(f"INSERT INTO notes (id, document_id, {_NOTE}, revision, text_hash) "
                       f"VALUES (?, ?, {', '.join('?' * 15)}, 1, ?)",
                       (nid, doc, *[named[c] for c in _NOTE.split(', ')], digest))
        db.execute("INSERT OR REPLACE INTO desk_synced (note_id, revision) VALUES (?, ?)",
                   (nid, revision))
        db.execute("DELETE FROM desk_outbox WHERE note_id = ?", (nid,))
    return 1
