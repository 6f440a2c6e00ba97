"""The notes database on disk: its schema and migrations, connected in WAL mode with every commit
durable, inspected read-only, and set aside (never deleted) when it cannot be used."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from ..text import CONTROLS, scrub
from ..bulk import many_objects
from ..checks.schema import MATCHES_MIGRATION, MIGRATION as CHECKS_MIGRATION, READS_MIGRATION
from .model import Evidence, Note
from .selector import Selector

DB_NAME = "margin.db"
BUSY_TIMEOUT_MS = 15_000

# Each migration takes the database from version i to i + 1. Never edit one that has shipped:
# add the next.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE documents (
        id       INTEGER PRIMARY KEY,
        source   TEXT NOT NULL UNIQUE,
        title    TEXT NOT NULL,
        hash     TEXT NOT NULL,
        text     TEXT NOT NULL,
        created  TEXT NOT NULL,
        opened   TEXT NOT NULL
    );
    CREATE INDEX documents_hash ON documents(hash);
    CREATE TABLE notes (
        id            TEXT PRIMARY KEY,
        document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE RESTRICT,
        exact         TEXT NOT NULL,
        prefix        TEXT NOT NULL,
        suffix        TEXT NOT NULL,
        start         INTEGER,
        end           INTEGER,
        statement     INTEGER,
        body          TEXT NOT NULL DEFAULT '',
        tags          TEXT NOT NULL DEFAULT '[]',
        verdict       TEXT NOT NULL DEFAULT 'unverified'
                      CHECK (verdict IN ('unverified','supported','misleading','false','needs-context')),
        state         TEXT NOT NULL DEFAULT 'anchored'
                      CHECK (state IN ('anchored','review','orphan')),
        review_start  INTEGER,
        review_end    INTEGER,
        review_reason TEXT NOT NULL DEFAULT '',
        created       TEXT NOT NULL,
        modified      TEXT NOT NULL,
        revision      INTEGER NOT NULL DEFAULT 1,
        deleted       TEXT
    );
    CREATE INDEX notes_document ON notes(document_id, deleted, start);
    """,
    # 2: the library — each document's statements and claims, for search across documents.
    """
    ALTER TABLE documents ADD COLUMN analysed TEXT NOT NULL DEFAULT '';
    CREATE TABLE statements (
        document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx          INTEGER NOT NULL,
        start        INTEGER NOT NULL,
        end          INTEGER NOT NULL,
        kinds        TEXT NOT NULL DEFAULT '',
        speaker      TEXT,
        score        REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (document_id, idx)
    ) WITHOUT ROWID;
    """,
    # 3: what each document was parsed from (Markdown, text, a web page's extract), so that it
    # opens again — structure and all — when its file or web page cannot be reached.
    """
    ALTER TABLE documents ADD COLUMN markup TEXT NOT NULL DEFAULT '';
    ALTER TABLE documents ADD COLUMN format TEXT NOT NULL DEFAULT 'text';
    """,
    # 4: the hash of the text each note's offsets belong to (a write from an out-of-date copy is
    # refused, and a note follows its own sentence through a diff); where else a note in review
    # may be; each document's text with its spacing ignored (it is found again after a rename
    # to another format); drafts of notes being written.
    """
    ALTER TABLE notes ADD COLUMN text_hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE notes ADD COLUMN review_candidates TEXT NOT NULL DEFAULT '';
    UPDATE notes SET text_hash = (SELECT hash FROM documents d WHERE d.id = notes.document_id)
        WHERE state = 'anchored';
    ALTER TABLE documents ADD COLUMN shape TEXT NOT NULL DEFAULT '';
    CREATE INDEX documents_shape ON documents(shape);
    CREATE TABLE drafts (
        document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        place        TEXT NOT NULL,
        note_id      TEXT NOT NULL DEFAULT '',
        statement    INTEGER,
        quote        TEXT NOT NULL,
        body         TEXT NOT NULL,
        tags         TEXT NOT NULL DEFAULT '[]',
        verdict      TEXT NOT NULL DEFAULT 'unverified',
        updated      TEXT NOT NULL,
        PRIMARY KEY (document_id, place, note_id)
    );
    """,
    # 5: imported notes whose article is not in the library: kept (detached, with their quote)
    # until that article is opened — an import reads no file but the one it is given.
    """
    CREATE TABLE pending_notes (
        id        TEXT PRIMARY KEY,
        source    BLOB NOT NULL,
        exact     TEXT NOT NULL,
        prefix    TEXT NOT NULL DEFAULT '',
        suffix    TEXT NOT NULL DEFAULT '',
        start     INTEGER,
        end       INTEGER,
        body      TEXT NOT NULL DEFAULT '',
        tags      TEXT NOT NULL DEFAULT '[]',
        verdict   TEXT NOT NULL DEFAULT 'unverified',
        created   TEXT,
        imported  TEXT NOT NULL
    );
    CREATE INDEX pending_notes_source ON pending_notes(source);
    """,
    # 6: one text is one article. Every place a document was opened from (a file, a copy of it,
    # standard input, a URL) names it; ``documents.source`` is the one shown. Documents that
    # hold the same text (opened from two places by an earlier version) are joined, in Python.
    """
    CREATE TABLE sources (
        source       TEXT NOT NULL PRIMARY KEY,
        document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
    );
    CREATE INDEX sources_document ON sources(document_id);
    INSERT INTO sources (source, document_id) SELECT source, id FROM documents;
    """,
    # 7: the reader's corrections of a statement's speaker and kinds, anchored to their sentence
    # as notes are (the same selector, state and review columns; see notes.corrections).
    """
    CREATE TABLE corrections (
        id                TEXT PRIMARY KEY,
        document_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE RESTRICT,
        exact             TEXT NOT NULL,
        prefix            TEXT NOT NULL,
        suffix            TEXT NOT NULL,
        start             INTEGER,
        end               INTEGER,
        statement         INTEGER,
        speaker           TEXT,
        kinds             TEXT NOT NULL DEFAULT '',
        state             TEXT NOT NULL DEFAULT 'anchored'
                          CHECK (state IN ('anchored','review','orphan')),
        review_start      INTEGER,
        review_end        INTEGER,
        review_reason     TEXT NOT NULL DEFAULT '',
        review_candidates TEXT NOT NULL DEFAULT '',
        text_hash         TEXT NOT NULL DEFAULT '',
        created           TEXT NOT NULL,
        modified          TEXT NOT NULL
    );
    CREATE INDEX corrections_document ON corrections(document_id, start);
    """,
    # Fact-checks already published, and their full-text index (tui/core/checks/schema.py).
    CHECKS_MIGRATION,
    # Which of them matched which statements (the finder's checked: and rating:).
    MATCHES_MIGRATION,
    # What the matcher reads of each fact-check, worked out once at import; then the fact-checks'
    # keys made again (quotation marks of either shape are one: _rekey_fact_checks).
    READS_MIGRATION,
    # What a note cites (model.Evidence), as a JSON list ('' for none); a waiting note's, a draft's.
    """
    ALTER TABLE notes ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
    ALTER TABLE pending_notes ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
    ALTER TABLE drafts ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
    """,
    # A desk's shared notes and corrections (tui/core/desk): who wrote each note; the note a copy was kept beside
    # when one note was edited on two machines; what is still to send to the desk's server, and
    # the server's revision of each note this store last agreed with, and the desk's history of
    # each note (who changed which verdict when).
    """
    ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT '';
    ALTER TABLE notes ADD COLUMN conflict_of TEXT NOT NULL DEFAULT '';
    CREATE TABLE desk_outbox (note_id TEXT PRIMARY KEY);
    CREATE TABLE desk_synced (note_id TEXT PRIMARY KEY, revision INTEGER NOT NULL);
    CREATE TABLE desk_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE desk_history (note_id TEXT NOT NULL, revision INTEGER NOT NULL,
        author TEXT NOT NULL, verdict TEXT NOT NULL, deleted INTEGER NOT NULL,
        modified TEXT NOT NULL, PRIMARY KEY (note_id, revision)) WITHOUT ROWID;
    INSERT INTO desk_outbox (note_id) SELECT id FROM notes;
    CREATE TRIGGER desk_note_added AFTER INSERT ON notes BEGIN
        INSERT OR IGNORE INTO desk_outbox (note_id) VALUES (new.id);
    END;
    CREATE TRIGGER desk_note_changed AFTER UPDATE OF body, tags, verdict, evidence, deleted
        ON notes BEGIN
        INSERT OR IGNORE INTO desk_outbox (note_id) VALUES (new.id);
    END;
    CREATE TABLE desk_corrections_outbox (id TEXT PRIMARY KEY, gone INTEGER NOT NULL);
    INSERT INTO desk_corrections_outbox (id, gone) SELECT id, 0 FROM corrections;
    CREATE TRIGGER desk_correction_added AFTER INSERT ON corrections BEGIN
        INSERT OR REPLACE INTO desk_corrections_outbox (id, gone) VALUES (new.id, 0);
    END;
    CREATE TRIGGER desk_correction_removed AFTER DELETE ON corrections BEGIN
        INSERT OR REPLACE INTO desk_corrections_outbox (id, gone) VALUES (old.id, 1);
    END;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

NOTE_COLUMNS = ("id, document_id, exact, prefix, suffix, start, end, statement, body, tags, "
                "verdict, state, created, modified, revision, deleted, review_start, review_end, "
                "review_reason, text_hash, review_candidates, evidence, author, conflict_of")


def note_from_row(row: Sequence, tags_read: dict[str, tuple[str, ...]] | None = None,
                  selectors: dict[tuple, Selector] | None = None) -> Note:
    """A Note from a row of NOTE_COLUMNS. ``tags_read``: tags already read, by their stored
    form, and ``selectors``: selectors already made, by their stored fields (many notes share
    theirs, all the notes on one sentence one selector: ``notes_from_rows`` makes each once)."""
    (nid, doc, exact, prefix, suffix, start, end, statement, body, tags, verdict, state, created,
     modified, revision, deleted, rstart, rend, rreason, thash, candidates, evidence, author,
     conflict_of) = row
    rreason = rreason or ""
    selector = _selector((exact, prefix, suffix, start, end), selectors)
    # Scrubbed on the way out too: a database written by anything else is not trusted.
    if to_scrub(body, rreason):
        body, rreason = scrub(body), scrub(rreason)
    return Note(nid, doc, selector, statement, body, tags_from_json(tags, tags_read), verdict,
                state, created, modified, revision, deleted, rstart, rend, rreason, thash or "",
                places_from_json(candidates), evidence_from_json(evidence) if evidence else (),
                scrub(author) if author else "", conflict_of or "")


def evidence_json(evidence: Iterable[Evidence]) -> str:
    """What a note cites, as the store keeps it ('' for nothing)."""
    items = [e.as_json() for e in evidence]
    return json.dumps(items, ensure_ascii=False) if items else ""


def evidence_from_json(text: str) -> tuple[Evidence, ...]:
    """``evidence_json`` read back (untrusted: what does not read as evidence is left out)."""
    try:
        items = json.loads(text)
    except (ValueError, RecursionError):
        return ()
    found = (Evidence.from_json(item) for item in (items if isinstance(items, list) else ()))
    return tuple(dict.fromkeys(e for e in found if e is not None))


def _selector(fields: tuple, made: dict[tuple, Selector] | None) -> Selector:
    """The selector of these stored fields (exact, prefix, suffix, start, end), scrubbed;
    ``made``: those made already (a selector is a value: notes can share one)."""
    got = None if made is None else made.get(fields)
    if got is None:
        got = Selector(*fields)
        if to_scrub(*fields[:3]):
            got = clean_selector(got)
        if made is not None:
            made[fields] = got
    return got


def notes_from_rows(rows: Iterable[Sequence]) -> list[Note]:
    """Notes from rows of NOTE_COLUMNS (each form of tags read, each selector made, once)."""
    tags_read: dict[str, tuple[str, ...]] = {}
    selectors: dict[tuple, Selector] = {}
    with many_objects():
        return [note_from_row(row, tags_read, selectors) for row in rows]


def to_scrub(*texts: str) -> bool:
    """Does any of these texts hold what ``scrub`` removes? One search for them all: most notes
    hold nothing of it. (A text that is not a str is a TypeError, as it is to ``scrub``.)"""
    return CONTROLS.search("".join(texts)) is not None


def tags_from_json(raw: str, read: dict[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """Tags as stored (a JSON list), scrubbed; ``read``: those read already, by stored form."""
    if read is None or raw not in read:
        tags = tuple(scrub(str(t)) for t in json.loads(raw))
        if read is None:
            return tags
        read[raw] = tags
    return read[raw]


def places_from_json(raw: str | None) -> tuple[tuple[int, int], ...]:
    """Candidate places stored as JSON [[start, end], ...]; anything else is none."""
    if not raw:
        return ()
    try:
        data = json.loads(raw)
        return tuple((int(a), int(b)) for a, b in data if 0 <= int(a) <= int(b))
    except (ValueError, TypeError):
        return ()


def places_json(places) -> str:
    return json.dumps([[a, b] for a, b in places]) if places else ""


def to_db(source: str) -> str | bytes:
    """A document's source as stored: text, or — for a file name that is not UTF-8 (it holds
    surrogates) — its bytes, so that it is kept exactly."""
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(source)
    return source


def from_db(value: str | bytes) -> str:
    """A stored source as the name it was (see to_db)."""
    return os.fsdecode(value) if isinstance(value, bytes) else value


def clean_selector(sel: Selector) -> Selector:
    """The selector with no control character in its quote and context."""
    exact, prefix, suffix = scrub(sel.exact), scrub(sel.prefix), scrub(sel.suffix)
    if (exact, prefix, suffix) == (sel.exact, sel.prefix, sel.suffix):
        return sel
    return Selector(exact, prefix, suffix, sel.start, sel.end)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """An immediate transaction (the write lock taken at once): committed when the block ends,
    rolled back if it raises or the commit fails."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:  # nothing left to roll back
            pass
        raise


def connect(path: Path, exclusive: bool = False) -> sqlite3.Connection:
    """A connection in WAL mode, synchronous FULL. ``exclusive``: with no shared-memory index
    (SQLite keeps it in memory instead), which is how a database on a full disk can still be
    read — no other process can use it meanwhile."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)
    if exclusive:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError(f"could not switch to WAL mode ({mode})")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device and inode), None when there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def inspect(path: Path) -> tuple[str, str] | None:
    """Why the database at ``path`` must be set aside — ("newer", why) for one written by a newer
    Margin, ("broken", why) for a damaged one — or None; it is opened read-only."""
    try:
        if path.stat().st_size == 0:
            return None
    except FileNotFoundError:
        return None
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True,
                           timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        return _problem(conn)
    finally:
        conn.close()


def _problem(conn: sqlite3.Connection) -> tuple[str, str] | None:
    """Why this database must be set aside, or None."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        return "newer", (f"was written by a newer Margin (schema {version}, this one reads up to "
                         f"{SCHEMA_VERSION})")
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        return "broken", f"failed its integrity check ({result})"
    return None


def is_unwritable(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text or "disk is full" in text


def out_of_space(directory: Path, exc: sqlite3.DatabaseError) -> bool:
    """Did opening fail for want of disk space (SQLite cannot even size its shared-memory file,
    and says "disk I/O error")?"""
    text = str(exc).lower()
    if "i/o error" not in text and "full" not in text:
        return False
    try:
        info = os.statvfs(directory)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < 1 << 20


def is_damaged(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("not a database", "malformed", "corrupt", "encrypted"))


def set_aside(path: Path, why: str = "broken") -> Path:
    """Move a database (and its WAL) aside under a timestamped name; never overwrite."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    n = 0
    while True:
        aside = path.with_name(f"{path.name}.{why}-{stamp}" + (f"-{n}" if n else ""))
        if not aside.exists():
            break
        n += 1
    if path.exists():
        os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            target = aside.with_name(aside.name + suffix)
            shutil.move(str(extra), str(target))
    return aside




def migrate(conn: sqlite3.Connection) -> None:
    """Take the database to SCHEMA_VERSION, one migration a transaction (another process may be
    doing the same: each step checks the version inside its transaction)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    while version < SCHEMA_VERSION:
        with transaction(conn):
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current == version:
                for statement in _statements(MIGRATIONS[version]):
                    conn.execute(statement)
                if version in _AFTER:
                    _AFTER[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
        version = current if current != version else version + 1


def _statements(sql: str) -> Iterator[str]:
    """The statements of a migration: split at the semicolons that end one, not at those
    inside a trigger's body."""
    part = ""
    for piece in sql.split(";"):
        part += piece + ";"
        if sqlite3.complete_statement(part):
            if part.strip(" \n;"):
                yield part
            part = ""
    if part.strip(" \n;"):
        yield part


def _fill_shapes(conn: sqlite3.Connection) -> None:
    """Migration 4, in Python: each document's text with its spacing ignored."""
    from .model import shape_hash

    rows = conn.execute("SELECT id, text FROM documents").fetchall()
    conn.executemany("UPDATE documents SET shape = ? WHERE id = ?",
                     [(shape_hash(text), i) for i, text in rows])


def _join_same_texts(conn: sqlite3.Connection) -> None:
    """Migration 6, in Python: the documents holding the same text become one, the first opened
    (every note, draft and source of the others joins it)."""
    groups = conn.execute("SELECT hash FROM documents GROUP BY hash HAVING COUNT(*) > 1")
    for (digest,) in groups.fetchall():
        first, *others = [i for (i,) in conn.execute(
            "SELECT id FROM documents WHERE hash = ? ORDER BY created, id", (digest,))]
        for other in others:
            join_documents(conn, first, other)


def join_documents(conn: sqlite3.Connection, keep: int, other: int) -> None:
    """Make document ``other`` part of ``keep`` (they hold the same text, so every offset stays
    true): its notes (deleted ones too) and sources move over, its drafts too (where both have
    one at the same place, the newer is kept), its analysis if ``keep`` has none for this text;
    then it is deleted. The name shown stays ``keep``'s, unless that names nothing one can open
    again (standard input, a file gone) and ``other``'s does. Inside the caller's transaction."""
    cols = "source, title, created, opened, hash, analysed, markup, format"
    mine = conn.execute(f"SELECT {cols} FROM documents WHERE id = ?", (keep,)).fetchone()
    theirs = conn.execute(f"SELECT {cols} FROM documents WHERE id = ?", (other,)).fetchone()
    conn.execute("UPDATE notes SET document_id = ? WHERE document_id = ?", (keep, other))
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'corrections'").fetchone():
        # (Its corrections follow as its notes do; migration 6 joins before there are any.)
        conn.execute("UPDATE corrections SET document_id = ? WHERE document_id = ?", (keep, other))
    conn.execute("DELETE FROM drafts AS d WHERE document_id = ? AND EXISTS (SELECT 1 FROM drafts o "
                 "WHERE o.document_id = ? AND o.place = d.place AND o.note_id = d.note_id "
                 "AND o.updated > d.updated)", (keep, other))
    conn.execute("UPDATE OR IGNORE drafts SET document_id = ? WHERE document_id = ?", (keep, other))
    if mine[5] != mine[4] and theirs[5] == theirs[4]:  # only the other's analysis is current
        conn.execute("DELETE FROM statements WHERE document_id = ?", (keep,))
        conn.execute("UPDATE statements SET document_id = ? WHERE document_id = ?", (keep, other))
        conn.execute("UPDATE documents SET analysed = ? WHERE id = ?", (theirs[5], keep))
    conn.execute("INSERT OR IGNORE INTO sources (source, document_id) VALUES (?, ?)",
                 (theirs[0], keep))
    conn.execute("UPDATE OR IGNORE sources SET document_id = ? WHERE document_id = ?", (keep, other))
    conn.execute("DELETE FROM documents WHERE id = ?", (other,))
    named = theirs if gone(from_db(mine[0])) and not gone(from_db(theirs[0])) else mine
    if named is theirs:
        forget(conn, mine[0])
    conn.execute("UPDATE documents SET source = ?, title = ?, markup = ?, format = ?, "
                 "created = ?, opened = ? WHERE id = ?",
                 (named[0], named[1], named[6], named[7], min(mine[2], theirs[2]),
                  max(mine[3], theirs[3]), keep))


def gone(source: str) -> bool:
    """Does this source name nothing that can be opened again: standard input (named by its
    text), or a file no longer there? (A URL is never gone: it may answer again.)"""
    return source.startswith("stdin:") or (os.path.isabs(source) and not os.path.lexists(source))


def forget(conn: sqlite3.Connection, source: str | bytes) -> None:
    """A file gone no longer names its document (another text may be saved under its name one
    day: that is another article). Standard input stays: it is named by its text."""
    if not from_db(source).startswith("stdin:"):
        conn.execute("DELETE FROM sources WHERE source = ?", (source,))


#: What a migration does that SQL cannot (by the index of the migration).
def _rekey_fact_checks(conn: sqlite3.Connection) -> None:
    from ..checks.store import rekey

    rekey(conn)


_AFTER = {3: _fill_shapes, 5: _join_same_texts, 9: _rekey_fact_checks}


def save_places(conn, table: str, digest: str, anchored, others) -> None:
    """Write where each anchored thing (a note, a correction: ``table`` is ``notes`` or
    ``corrections``) is on a document's new text (of hash ``digest``): ``anchored`` (id, its
    selector), ``others`` (id, state, where the edited sentence is now, why, other places)."""
    assert table in ("notes", "corrections")  # a name of ours, never from input
    conn.executemany(
        f"UPDATE {table} SET exact = ?, prefix = ?, suffix = ?, start = ?, end = ?, "
        "state = 'anchored', review_start = NULL, review_end = NULL, review_reason = '', "
        "review_candidates = '', text_hash = ? WHERE id = ?",
        [(s.exact, s.prefix, s.suffix, s.start, s.end, digest, key) for key, s in anchored])
    conn.executemany(
        f"UPDATE {table} SET state = ?, review_start = ?, review_end = ?, review_reason = ?, "
        "review_candidates = ? WHERE id = ?",
        [(state, start, end, reason, places_json(places), key)
         for key, state, start, end, reason, places in others])
