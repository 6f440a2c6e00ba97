"""The desk's tables on the PostgreSQL server, and where a desk's server is.

Documents are shared by their text's identity (its hash), with their text, so that every machine
can place the notes; notes by their id, each with the revision the server gave it and the number
of its last change (``seq``, from one sequence); every change is kept in ``margin_history`` (who
changed which verdict when, and the revision it was made on), named by the change that made it, so that a change sent twice (its
answer lost with the connection) is made once.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

SCHEMA = """
CREATE TABLE IF NOT EXISTS margin_documents (
    hash   TEXT PRIMARY KEY,
    title  TEXT NOT NULL,
    text   TEXT NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS margin_seq;
CREATE TABLE IF NOT EXISTS margin_notes (
    id            TEXT PRIMARY KEY,
    document_hash TEXT NOT NULL REFERENCES margin_documents(hash),
    exact         TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    suffix        TEXT NOT NULL,
    start_at      INTEGER,
    end_at        INTEGER,
    statement     INTEGER,
    body          TEXT NOT NULL,
    tags          TEXT NOT NULL,
    verdict       TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    created       TEXT NOT NULL,
    modified      TEXT NOT NULL,
    deleted       TEXT,
    author        TEXT NOT NULL,
    conflict_of   TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    seq           BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS margin_notes_seq ON margin_notes(seq);
CREATE TABLE IF NOT EXISTS margin_history (
    note_id   TEXT NOT NULL,
    revision  INTEGER NOT NULL,
    base      INTEGER,
    author    TEXT NOT NULL,
    verdict   TEXT NOT NULL,
    body      TEXT NOT NULL,
    deleted   TEXT,
    modified  TEXT NOT NULL,
    change    TEXT NOT NULL UNIQUE,
    seq       BIGINT NOT NULL,
    PRIMARY KEY (note_id, revision)
);
CREATE INDEX IF NOT EXISTS margin_history_seq ON margin_history(seq);
CREATE TABLE IF NOT EXISTS margin_corrections (
    id            TEXT PRIMARY KEY,
    document_hash TEXT NOT NULL REFERENCES margin_documents(hash),
    exact         TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    suffix        TEXT NOT NULL,
    start_at      INTEGER,
    end_at        INTEGER,
    statement     INTEGER,
    speaker       TEXT,
    kinds         TEXT NOT NULL,
    created       TEXT NOT NULL,
    modified      TEXT NOT NULL,
    gone          BOOLEAN NOT NULL,
    seq           BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS margin_corrections_seq ON margin_corrections(seq);
"""

#: The advisory lock every writer takes (one writer at a time): changes commit in the order of
#: their numbers, so a reader that has seen number n has seen every change before it.
WRITE_LOCK = 0x6D617267  # "marg"
#: What the server says, to every reader listening, when notes were sent.
CHANNEL = "margin_notes"
#: Notes sent in one transaction.
BATCH = 500


class DeskError(Exception):
    """The desk's server cannot be used (one line, without the password)."""


def store_url(config_url: str = "") -> str:
    """Where the desk's server is: MARGIN_STORE_URL, else the config's ``store_url``; "" for
    none (notes stay on this machine). A password in the config is refused: it belongs in the
    environment (PGPASSWORD), ~/.pgpass or a service file."""
    url = os.environ.get("MARGIN_STORE_URL", "").strip() or (config_url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise DeskError(f"the store URL {redacted(url)} is not postgresql://…")
    if parts.password is not None and not os.environ.get("MARGIN_STORE_URL"):
        raise DeskError("the config's store_url holds a password: keep it in PGPASSWORD, "
                        "~/.pgpass or a service file")
    return url


def local_document(store, digest: str, title: str, text: str) -> int:
    """The id of this machine's document holding the desk's text of hash ``digest``: the one
    already holding it (whatever it was opened from), else one made from the desk's copy
    (source ``desk:HASH``, joined by the file when it is opened)."""
    record = store.find_document(f"desk:{digest}", digest, with_text=False)
    if record is None:
        record, _ = store.open_document(f"desk:{digest}", title, text)
    return record.id


def redacted(url: str) -> str:
    """``url`` as it may be shown: any password replaced by ***."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an unreadable URL)"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    netloc = f"{parts.username or ''}:***@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def taken_since(db, key: str) -> int:
    """The last change number of the desk's ``key`` (notes, history, corrections) this machine
    took (0: none yet)."""
    row = db.execute("SELECT value FROM desk_state WHERE key = ?", (key,)).fetchone()
    return int(row[0]) if row else 0


def taken_up_to(db, key: str, seq: int) -> None:
    """Remember ``seq`` as the last change of ``key`` taken (in the caller's transaction)."""
    db.execute("INSERT OR REPLACE INTO desk_state (key, value) VALUES (?, ?)", (key, str(seq)))
