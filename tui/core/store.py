"""Keep documents and notes in SQLite: every change committed when made, verified daily backups."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable, Sequence

from . import anchor
from .anchor import Selector
from .text import scrub

DB_NAME = "margin.db"
#: The verdict scale fact-checkers use; ``unverified`` is the default.
VERDICTS = ("unverified", "supported", "misleading", "false", "needs-context")
#: How a note sits on its document's current text (see tui.core.anchor).
STATES = (anchor.ANCHORED, anchor.REVIEW, anchor.ORPHAN)
#: Daily backups kept in ``backups/``.
BACKUPS_KEPT = 7
BUSY_TIMEOUT_MS = 15_000


class StoreError(Exception):
    """A store problem the user can act on; the message is one line."""


class ConflictError(StoreError):
    """The note was changed (or deleted) by someone else since it was read."""


def data_dir() -> Path:
    """Where Margin keeps its data: $MARGIN_DATA_DIR, or the platform's user data directory."""
    env = os.environ.get("MARGIN_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("margin")


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds and a Z."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def document_key(document) -> str:
    """How the store names a document: its absolute path (or URL); stdin by its text."""
    source = document.source
    if source and not source.startswith("<"):
        return source
    return f"stdin:sha256:{text_hash(document.text)[:16]}"


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A document as the store knows it."""

    id: int
    source: str
    title: str
    hash: str
    text: str
    created: str
    opened: str


@dataclass(frozen=True, slots=True)
class Note:
    """A note on a statement. ``selector`` anchors it; ``state`` says how well it still does."""

    id: str
    document_id: int
    selector: Selector
    statement: int | None  # 0-based statement number when it was made
    body: str
    tags: tuple[str, ...]
    verdict: str
    state: str
    created: str
    modified: str
    revision: int
    deleted: str | None = None
    # For a note in review: where the edited sentence is now, and why it is in review.
    review_start: int | None = None
    review_end: int | None = None
    review_reason: str = ""

    @property
    def start(self) -> int | None:
        return self.selector.start

    @property
    def end(self) -> int | None:
        return self.selector.end


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """A document of the library, as ``margin library`` lists it."""

    id: int
    source: str
    title: str
    opened: str
    statements: int
    notes: int


@dataclass(frozen=True, slots=True)
class StoredStatement:
    """A statement kept for search: where it is in its document, and its claim."""

    document_id: int
    index: int
    start: int
    end: int
    kinds: tuple[str, ...]
    speaker: str | None
    score: float


@dataclass(frozen=True, slots=True)
class Reanchored:
    """What re-anchoring a document's notes after its text changed did."""

    anchored: int
    review: int
    orphan: int


# ---------------------------------------------------------------- schema and migrations

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
)
SCHEMA_VERSION = len(MIGRATIONS)

_NOTE_COLUMNS = ("id, document_id, exact, prefix, suffix, start, end, statement, body, tags, "
                 "verdict, state, created, modified, revision, deleted, review_start, review_end, "
                 "review_reason")


def _note(row: Sequence) -> Note:
    (nid, doc, exact, prefix, suffix, start, end, statement, body, tags, verdict, state, created,
     modified, revision, deleted, rstart, rend, rreason) = row
    # Scrubbed on the way out too: a database written by anything else is not trusted.
    return Note(nid, doc, _clean_selector(Selector(exact, prefix, suffix, start, end)), statement,
                scrub(body), tuple(scrub(str(t)) for t in json.loads(tags)), verdict, state,
                created, modified, revision, deleted, rstart, rend, scrub(rreason or ""))


def _clean_selector(sel: Selector) -> Selector:
    exact, prefix, suffix = scrub(sel.exact), scrub(sel.prefix), scrub(sel.suffix)
    if (exact, prefix, suffix) == (sel.exact, sel.prefix, sel.suffix):
        return sel
    return Selector(exact, prefix, suffix, sel.start, sel.end)


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags without '#', spaces or duplicates, in the order given."""
    out: list[str] = []
    for tag in tags:
        tag = "-".join(scrub(str(tag)).strip().lstrip("#").split())
        if tag and tag not in out:
            out.append(tag)
    return tuple(out)


def check_verdict(verdict: str) -> str:
    if verdict not in VERDICTS:
        raise StoreError(f"unknown verdict {verdict!r}: use one of {', '.join(VERDICTS)}")
    return verdict


class Store:
    """The notes database. Open it with ``Store.open()``; every method commits before it returns."""

    def __init__(self, conn: sqlite3.Connection, path: Path, notices: list[str]) -> None:
        self.conn = conn
        self.path = path
        self._in_batch = False
        #: Things the user should be told about opening (a database set aside, a backup failed).
        self.notices = notices

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path | None = None, backup: bool = True) -> "Store":
        directory = Path(directory) if directory is not None else data_dir()
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise StoreError(f"cannot create the data directory {directory}: a file of that name "
                             "is in the way") from None
        except OSError as exc:
            raise StoreError(f"cannot create the data directory {directory}: {exc.strerror or exc}") from None
        path = directory / DB_NAME
        notices: list[str] = []
        conn = None
        try:
            # Looked at read-only first: a database to set aside is never written to (switching
            # it to WAL would change its header).
            problem = _inspect(path)
            if problem:
                aside = _set_aside(path)
                notices.append(f"the notes database {problem}; it was moved to {aside} and a new "
                               "one started (your backups are in "
                               f"{directory / 'backups'})")
            conn = _connect(path)
            _migrate(conn)
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if _is_unwritable(exc):
                raise StoreError(f"cannot write the notes database in {directory}: {exc}") from None
            if not _is_damaged(exc):  # busy, locked, I/O: nothing to set aside; say so instead
                raise StoreError(f"cannot open the notes database in {directory}: {exc}") from None
            aside = _set_aside(path)
            notices.append(f"the notes database could not be read ({exc}); it was moved to {aside} "
                           "and a new one started")
            conn = _connect(path)
            _migrate(conn)
        store = cls(conn, path, notices)
        if backup:
            try:
                store.backup_if_due()
            except (OSError, sqlite3.Error) as exc:
                notices.append(f"the daily backup failed: {exc}")
        return store

    def close(self) -> None:
        self.conn.close()

    def data_version(self) -> int:
        """A number that changes when another connection (another Margin) commits a change."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions -----------------------------------------------------------------------

    @contextmanager
    def batch(self):
        """Many writes in one transaction (committed together at the end, or not at all)."""
        if self._in_batch:
            yield self
            return
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"could not save to {self.path}: {exc}") from None
        self._in_batch = True
        try:
            yield self
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"could not save to {self.path}: {exc}") from None
        finally:
            self._in_batch = False

    def _write(self, sql: str, params: Sequence = ()) -> sqlite3.Cursor:
        """One statement in its own immediate transaction, committed (durably) on return
        (or, inside ``batch()``, with the batch)."""
        conn = self.conn
        if self._in_batch:
            return conn.execute(sql, params)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                cur = conn.execute(sql, params)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return cur
        except sqlite3.OperationalError as exc:
            raise StoreError(f"could not save to {self.path}: {exc}") from None

    # -- documents --------------------------------------------------------------------------

    def find_document(self, source: str, hash: str | None = None) -> DocumentRecord | None:
        """The document at ``source``; else, given the text's ``hash``, a document with the same
        text whose file is gone (it was moved or renamed)."""
        row = self.conn.execute(
            "SELECT id, source, title, hash, text, created, opened FROM documents WHERE source = ?",
            (source,)).fetchone()
        if row is not None:
            return DocumentRecord(*row)
        if hash is None:
            return None
        for row in self.conn.execute(
                "SELECT id, source, title, hash, text, created, opened FROM documents "
                "WHERE hash = ? ORDER BY opened DESC", (hash,)).fetchall():
            old = row[1]
            if Path(old).is_absolute() and not Path(old).exists():
                return DocumentRecord(*row)
        return None

    def document(self, document_id: int) -> DocumentRecord:
        row = self.conn.execute(
            "SELECT id, source, title, hash, text, created, opened FROM documents WHERE id = ?",
            (document_id,)).fetchone()
        if row is None:
            raise StoreError(f"no document {document_id}")
        return DocumentRecord(*row)

    def documents(self) -> list[DocumentRecord]:
        rows = self.conn.execute(
            "SELECT id, source, title, hash, text, created, opened FROM documents ORDER BY opened DESC")
        return [DocumentRecord(*r) for r in rows]

    def open_document(self, source: str, title: str, text: str, markup: str = "",
                      format: str = "text") -> tuple[DocumentRecord, Reanchored | None]:
        """Register an opened document (by source, or by identical text if it moved).

        If its text changed since it was last seen, every note on it is re-anchored on the new
        text first (see ``reanchor``). Returns the record and what re-anchoring did, if anything.
        """
        digest = text_hash(text)
        stamp = now()
        record = self.find_document(source, digest)
        if record is None:
            try:
                cur = self._write(
                    "INSERT INTO documents (source, title, hash, text, created, opened, markup, "
                    "format) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (source, title, digest, text, stamp, stamp, markup, format))
                return self.document(cur.lastrowid), None
            except sqlite3.IntegrityError:  # another process registered it just now
                record = self.find_document(source, digest)
                assert record is not None
        outcome = None
        if record.hash != digest:
            outcome = self.reanchor(record.id, text)
        if markup:
            self._write("UPDATE documents SET source = ?, title = ?, opened = ?, markup = ?, "
                        "format = ? WHERE id = ?", (source, title, stamp, markup, format, record.id))
        else:
            self._write("UPDATE documents SET source = ?, title = ?, opened = ? WHERE id = ?",
                        (source, title, stamp, record.id))
        return self.document(record.id), outcome

    def remember(self, article) -> tuple[DocumentRecord, Reanchored | None]:
        """Open an analysed article (``core.article.Article``) and keep its statements."""
        doc = article.document
        record, outcome = self.open_document(document_key(doc), doc.title, doc.text,
                                             doc.markup, doc.format)
        self.save_analysis(record.id, doc.text, article.statements, article.claims)
        return record, outcome

    # -- notes ------------------------------------------------------------------------------

    def add_note(self, document_id: int, selector: Selector, body: str = "",
                 tags: Iterable[str] = (), verdict: str = "unverified",
                 statement: int | None = None, note_id: str | None = None,
                 created: str | None = None) -> Note:
        """Add a note; it is on disk (fsync'd) when this returns."""
        check_verdict(verdict)
        nid = note_id or str(uuid.uuid4())
        stamp = created or now()
        body = scrub(body)  # pasted or imported text: no escape sequence is kept
        selector = _clean_selector(selector)
        self._write(
            "INSERT INTO notes (id, document_id, exact, prefix, suffix, start, end, statement, body, "
            "tags, verdict, state, created, modified, revision) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'anchored', ?, ?, 1)",
            (nid, document_id, selector.exact, selector.prefix, selector.suffix, selector.start,
             selector.end, statement, body, json.dumps(list(normalise_tags(tags)), ensure_ascii=False),
             verdict, stamp, stamp))
        return self.note(nid)

    def note(self, note_id: str) -> Note:
        row = self.conn.execute(f"SELECT {_NOTE_COLUMNS} FROM notes WHERE id = ?", (note_id,)).fetchone()
        if row is None:
            raise StoreError(f"no note with id {note_id}")
        return _note(row)

    def find_note(self, prefix: str) -> Note:
        """A note by its id or an unambiguous beginning of it (at least 4 characters)."""
        prefix = prefix.strip().lower()
        if len(prefix) < 4:
            raise StoreError("give at least the first 4 characters of the note id")
        rows = self.conn.execute(f"SELECT {_NOTE_COLUMNS} FROM notes WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                                 (prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",)).fetchall()
        if not rows:
            raise StoreError(f"no note with id {prefix}")
        if len(rows) > 1:
            raise StoreError(f"more than one note has an id starting with {prefix}")
        return _note(rows[0])

    def notes(self, document_id: int, include_deleted: bool = False) -> list[Note]:
        """The document's notes in document order (orphans last, by creation)."""
        where = "" if include_deleted else " AND deleted IS NULL"
        rows = self.conn.execute(
            f"SELECT {_NOTE_COLUMNS} FROM notes WHERE document_id = ?{where} "
            "ORDER BY state = 'orphan', COALESCE(review_start, start), created, id",
            (document_id,)).fetchall()
        return [_note(r) for r in rows]

    def update_note(self, note: Note, *, body: str | None = None, tags: Iterable[str] | None = None,
                    verdict: str | None = None) -> Note:
        """Change a note read at ``note.revision``; raises ConflictError if it changed since."""
        new_tags = note.tags if tags is None else normalise_tags(tags)
        new_verdict = check_verdict(note.verdict if verdict is None else verdict)
        cur = self._write(
            "UPDATE notes SET body = ?, tags = ?, verdict = ?, modified = ?, revision = revision + 1 "
            "WHERE id = ? AND revision = ? AND deleted IS NULL",
            (note.body if body is None else scrub(body), json.dumps(list(new_tags), ensure_ascii=False),
             new_verdict, now(), note.id, note.revision))
        if cur.rowcount != 1:
            raise ConflictError("this note was changed or deleted elsewhere; reopen it to see the latest")
        return self.note(note.id)

    def delete_note(self, note_id: str) -> Note:
        """Tombstone a note (it can be restored with ``restore_note``)."""
        cur = self._write("UPDATE notes SET deleted = ?, modified = ?, revision = revision + 1 "
                          "WHERE id = ? AND deleted IS NULL", (now(), now(), note_id))
        if cur.rowcount != 1:
            raise StoreError(f"no note {note_id} to delete")
        return self.note(note_id)

    def restore_note(self, note_id: str) -> Note:
        cur = self._write("UPDATE notes SET deleted = NULL, modified = ?, revision = revision + 1 "
                          "WHERE id = ? AND deleted IS NOT NULL", (now(), note_id))
        if cur.rowcount != 1:
            raise StoreError(f"no deleted note {note_id} to restore")
        return self.note(note_id)

    def accept_review(self, note: Note, text: str) -> Note:
        """Anchor a note in review where it was found, on the document's current text."""
        if note.state != anchor.REVIEW or note.review_start is None or note.review_end is None:
            raise StoreError("this note is not waiting for review")
        sel = anchor.describe(text, note.review_start, note.review_end)
        cur = self._write(
            "UPDATE notes SET exact = ?, prefix = ?, suffix = ?, start = ?, end = ?, state = 'anchored', "
            "review_start = NULL, review_end = NULL, review_reason = '', modified = ?, "
            "revision = revision + 1 WHERE id = ? AND revision = ?",
            (sel.exact, sel.prefix, sel.suffix, sel.start, sel.end, now(), note.id, note.revision))
        if cur.rowcount != 1:
            raise ConflictError("this note was changed elsewhere; reopen it to see the latest")
        return self.note(note.id)

    # -- re-anchoring -----------------------------------------------------------------------

    def reanchor(self, document_id: int, text: str) -> Reanchored:
        """Find every note of the document on its new text and record its state, in one commit.

        ``anchored`` notes get fresh selectors on the new text; ``review`` notes keep their
        selector (the old text) and record where the edited sentence is now; ``orphan`` notes
        keep everything, and are never deleted.
        """
        notes = self.notes(document_id, include_deleted=True)
        results = anchor.resolve_all(text, [n.selector for n in notes])
        counts = {state: 0 for state in STATES}
        rows_anchored, rows_other = [], []
        for note, res in zip(notes, results):
            counts[res.state] += 1
            if res.state == anchor.ANCHORED:
                sel = anchor.describe(text, res.start, res.end)
                rows_anchored.append((sel.exact, sel.prefix, sel.suffix, sel.start, sel.end, note.id))
            else:
                rows_other.append((res.state, res.start, res.end, res.reason, note.id))
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "UPDATE notes SET exact = ?, prefix = ?, suffix = ?, start = ?, end = ?, "
                    "state = 'anchored', review_start = NULL, review_end = NULL, review_reason = '' "
                    "WHERE id = ?", rows_anchored)
                conn.executemany(
                    "UPDATE notes SET state = ?, review_start = ?, review_end = ?, review_reason = ? "
                    "WHERE id = ?", rows_other)
                conn.execute("UPDATE documents SET text = ?, hash = ? WHERE id = ?",
                             (text, text_hash(text), document_id))
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"could not save to {self.path}: {exc}") from None
        return Reanchored(counts[anchor.ANCHORED], counts[anchor.REVIEW], counts[anchor.ORPHAN])

    # -- the library --------------------------------------------------------------------------

    def save_analysis(self, document_id: int, text: str, statements: Sequence,
                      claims: Sequence) -> bool:
        """Keep a document's statements and claims (for search); skipped if already current."""
        digest = text_hash(text)
        row = self.conn.execute("SELECT analysed FROM documents WHERE id = ?",
                                (document_id,)).fetchone()
        if row is not None and row[0] == digest:
            return False
        rows = [(document_id, st.index, st.start, st.end, ",".join(c.kinds), c.speaker, c.score)
                for st, c in zip(statements, claims)]
        with self.batch():
            self.conn.execute("DELETE FROM statements WHERE document_id = ?", (document_id,))
            self.conn.executemany(
                "INSERT INTO statements (document_id, idx, start, end, kinds, speaker, score) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            self.conn.execute("UPDATE documents SET analysed = ? WHERE id = ?",
                              (digest, document_id))
        return True

    def library(self) -> list[LibraryEntry]:
        """Every document with its statement and note counts, most recently opened first."""
        rows = self.conn.execute(
            "SELECT d.id, d.source, d.title, d.opened, "
            " (SELECT COUNT(*) FROM statements s WHERE s.document_id = d.id), "
            " (SELECT COUNT(*) FROM notes n WHERE n.document_id = d.id AND n.deleted IS NULL) "
            "FROM documents d ORDER BY d.opened DESC, d.id DESC").fetchall()
        return [LibraryEntry(*r) for r in rows]

    def statements(self, document_ids: Sequence[int] | None = None) -> list[StoredStatement]:
        """Stored statements (all, or of some documents), in document and statement order."""
        sql = ("SELECT document_id, idx, start, end, kinds, speaker, score FROM statements")
        if document_ids is not None:
            ids = list(document_ids)
            if not ids:
                return []
            sql += f" WHERE document_id IN ({','.join('?' * len(ids))})"
            rows = self.conn.execute(sql + " ORDER BY document_id, idx", ids).fetchall()
        else:
            rows = self.conn.execute(sql + " ORDER BY document_id, idx").fetchall()
        return [StoredStatement(d, i, s, e, tuple(k.split(",")) if k else (), sp, sc)
                for d, i, s, e, k, sp, sc in rows]

    def stored_markup(self, document_id: int) -> tuple[str, str]:
        """(markup, format) a document was parsed from ("" when it predates schema 3)."""
        row = self.conn.execute("SELECT markup, format FROM documents WHERE id = ?",
                                (document_id,)).fetchone()
        return (row[0], row[1]) if row else ("", "text")

    def texts(self, document_ids: Sequence[int] | None = None) -> dict[int, tuple[str, str, str]]:
        """document id -> (source, title, text)."""
        sql = "SELECT id, source, title, text FROM documents"
        if document_ids is not None:
            ids = list(document_ids)
            if not ids:
                return {}
            rows = self.conn.execute(sql + f" WHERE id IN ({','.join('?' * len(ids))})", ids)
        else:
            rows = self.conn.execute(sql)
        return {i: (src, title, text) for i, src, title, text in rows}

    def all_notes(self) -> list[Note]:
        rows = self.conn.execute(f"SELECT {_NOTE_COLUMNS} FROM notes WHERE deleted IS NULL "
                                 "ORDER BY document_id, start").fetchall()
        return [_note(r) for r in rows]

    # -- backups ----------------------------------------------------------------------------

    def backup_dir(self) -> Path:
        return self.path.parent / "backups"

    def backups(self) -> list[Path]:
        return sorted(self.backup_dir().glob("margin-*.db"))

    def restore_backup(self, name: str) -> tuple[Path, Path]:
        """Put a backup back in place: the current database is set aside (never deleted) and this
        store reopens on the restored copy. Returns (where the old one went, the backup used)."""
        matches = [p for p in self.backups() if p.name == name or p.stem == name]
        if not matches:
            raise StoreError(f"no backup named {name} (see 'margin backups')")
        source = matches[0]
        check = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            check.close()
        if ok != "ok":
            raise StoreError(f"the backup {source.name} does not verify ({ok})")
        self.conn.close()
        aside = _set_aside(self.path, "replaced")
        shutil.copyfile(source, self.path)
        self.conn = _connect(self.path)
        _migrate(self.conn)
        return aside, source

    def backup_if_due(self, every: timedelta = timedelta(days=1)) -> Path | None:
        """Write a verified backup if the newest one is older than ``every``; keep the last few."""
        existing = self.backups()
        if existing:
            age = datetime.now(timezone.utc).timestamp() - existing[-1].stat().st_mtime
            if age < every.total_seconds():
                return None
        return self.backup()

    def backup(self) -> Path:
        """Copy the database with SQLite's backup API, check the copy, then rotate old copies."""
        folder = self.backup_dir()
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        final = folder / f"margin-{stamp}.db"
        partial = folder / f".margin-{stamp}.db.partial"
        dest = sqlite3.connect(partial)
        try:
            self.conn.backup(dest)
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dest.close()
        if ok != "ok":
            partial.unlink(missing_ok=True)
            raise StoreError(f"the backup did not verify ({ok})")
        os.replace(partial, final)
        for old in self.backups()[:-BACKUPS_KEPT]:
            old.unlink(missing_ok=True)
        return final


# ---------------------------------------------------------------- helpers


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError(f"could not switch to WAL mode ({mode})")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _inspect(path: Path) -> str | None:
    """Why the database at ``path`` must be set aside, or None; it is opened read-only."""
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


def _problem(conn: sqlite3.Connection) -> str | None:
    """Why this database must be set aside, or None."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        return (f"was written by a newer Margin (schema {version}, this one reads up to "
                f"{SCHEMA_VERSION})")
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        return f"failed its integrity check ({result})"
    return None


def _is_unwritable(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text or "disk is full" in text


def _is_damaged(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("not a database", "malformed", "corrupt", "encrypted"))


def _set_aside(path: Path, why: str = "broken") -> Path:
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


def _migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    while version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current != version:  # another process migrated meanwhile
                conn.execute("ROLLBACK")
                version = current
                continue
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        version += 1
