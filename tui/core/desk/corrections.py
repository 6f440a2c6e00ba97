"""The reader's corrections of a statement's speaker and kinds, shared by a desk.

A correction is never edited: a new one replaces the statement's earlier ones (which are
deleted), and undo puts rows back. So a correction is sent once, and its removal once; the
server keeps removed ones as ``gone``, numbered like notes' changes (``margin_seq``), and every
machine takes both in order. Two machines correcting one statement at once both keep both
corrections; the reader shows the latest (by when it was made), the same on every machine.
"""

from __future__ import annotations

from ..notes import schema as local_schema
from ..notes.store import Store
from .server import BATCH, WRITE_LOCK, local_document, taken_since, taken_up_to

_FIELDS = "exact, prefix, suffix, start, end, statement, speaker, kinds, created, modified"
_SERVER = "exact, prefix, suffix, start_at, end_at, statement, speaker, kinds, created, modified"


def send(store: Store, conn) -> int:
    """This machine's new and removed corrections, to the server; how many."""
    db = store.conn
    waiting = db.execute(
        f"SELECT o.id, o.gone, d.hash, d.title, d.text, "
        f"{', '.join('c.' + f for f in _FIELDS.split(', '))} FROM desk_corrections_outbox o "
        "LEFT JOIN corrections c ON c.id = o.id LEFT JOIN documents d ON d.id = c.document_id "
        "ORDER BY o.rowid").fetchall()
    sent = 0
    for i in range(0, len(waiting), BATCH):
        batch = waiting[i:i + BATCH]
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            added = [r for r in batch if not r[1] and r[2] is not None]
            cur.executemany("INSERT INTO margin_documents (hash, title, text) VALUES (%s, %s, %s) "
                            "ON CONFLICT (hash) DO NOTHING",
                            list({r[2]: r[2:5] for r in added}.values()))
            cur.executemany(
                f"INSERT INTO margin_corrections (id, document_hash, {_SERVER}, gone, seq) "
                f"VALUES ({', '.join(['%s'] * 12)}, false, nextval('margin_seq')) "
                "ON CONFLICT (id) DO NOTHING", [(r[0], r[2], *r[5:]) for r in added])
            cur.executemany("UPDATE margin_corrections SET gone = true, "
                            "seq = nextval('margin_seq') WHERE id = %s AND NOT gone",
                            [(r[0],) for r in batch if r[1]])
        with local_schema.transaction(db):
            db.executemany("DELETE FROM desk_corrections_outbox WHERE id = ? AND gone = ?",
                           [(r[0], r[1]) for r in batch])
        sent += len(batch)
    return sent


def take(store: Store, conn) -> int:
    """The desk's corrections made or removed since this machine last took them; how many."""
    db = store.conn
    since = taken_since(db, "corrections")
    taken = 0
    while True:
        rows = conn.execute(
            f"SELECT c.id, c.document_hash, d.title, d.text, {', '.join('c.' + f for f in _SERVER.split(', '))}, "
            "c.gone, c.seq FROM margin_corrections c JOIN margin_documents d ON "
            "d.hash = c.document_hash WHERE c.seq > %s ORDER BY c.seq LIMIT %s",
            (since, BATCH)).fetchall()
        conn.commit()
        if not rows:
            return taken
        waiting = {r[0] for r in db.execute("SELECT id FROM desk_corrections_outbox")}
        with store.batch():
            for cid, digest, title, text, *fields, gone, _ in rows:
                if cid in waiting:
                    continue
                if gone:
                    taken += db.execute("DELETE FROM corrections WHERE id = ?", (cid,)).rowcount
                else:
                    doc = local_document(store, digest, title, text)
                    taken += db.execute(
                        f"INSERT OR IGNORE INTO corrections (id, document_id, {_FIELDS}, state, "
                        f"text_hash) VALUES (?, ?, {', '.join('?' * 10)}, 'anchored', ?)",
                        (cid, doc, *fields, digest)).rowcount
                db.execute("DELETE FROM desk_corrections_outbox WHERE id = ?", (cid,))
            since = rows[-1][-1]
            taken_up_to(db, "corrections", since)
