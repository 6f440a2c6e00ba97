"""The notes store: documents, notes and the library's statements in SQLite, every change committed
when it is made, verified daily backups."""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import replace
from contextlib import contextmanager
from pathlib import Path
from shlex import quote as shell_quote
from typing import Iterable, Sequence

from ..text import safe_output, scrub
from . import schema
from .backups import Backups
from .catalog import Catalog
from .correction_store import CorrectionStore
from .listing import Listing
from .drafts import Drafts
from .pending import PendingNotes
from .model import (REVIEW, VERDICTS, ConflictError, DocumentRecord, Evidence, LibraryEntry, Note,
                    Replaced, StaleText, StoredStatement, StoreError, data_dir, disk_full, normalise_tags, now,
                    shape_hash, text_hash)
from .schema import (DB_NAME, NOTE_COLUMNS, clean_selector, evidence_json, from_db, note_from_row, notes_from_rows,
                     places_json, to_db)
from .selector import Selector, describe

def check_verdict(verdict: str) -> str:
    if verdict not in VERDICTS:
        raise StoreError(f"unknown verdict {verdict!r}: use one of {', '.join(VERDICTS)}")
    return verdict


class Joined(Replaced):
    """The document was joined with another holding the same text (one text is one article):
    nothing was written; registering the article again finds the document it is part of."""


class Store(Backups, PendingNotes, Drafts, CorrectionStore, Catalog, Listing):
    """The notes database. Open it with ``Store.open()``; every method commits before it returns."""

    def __init__(self, conn: sqlite3.Connection, path: Path, notices: list[str]) -> None:
        self.conn = conn
        self.path = path
        self._in_batch = False
        self._identity = schema.identity(path)
        #: Opened on a full disk: read as usual, every write fails until space is freed.
        self.full = False
        #: It reopened on a database that replaced the one it had (cleared by whoever tells).
        self.reopened = False
        #: Things the user should be told (a database set aside, a backup failed, a bookkeeping
        #: write that could not be made).
        self.notices = notices

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path | None = None, backup: bool = True) -> Store:
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
            problem = schema.inspect(path)
            if problem:
                kind, why = problem
                aside = schema.set_aside(path, kind)
                notices.append(f"the notes database {why}; it was moved to {aside} and a new "
                               "one started (your backups are in "
                               f"{directory / 'backups'})")
            conn = schema.connect(path)
            schema.migrate(conn)
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if schema.out_of_space(directory, exc) and path.exists():
                # A full disk: the notes are read (and exported) all the same; writing them
                # fails, and says so, until space is freed.
                return cls._read_on_full_disk(path, notices)
            journal = path.with_name(path.name + "-journal")
            if schema.is_unwritable(exc) and journal.exists() and os.access(directory, os.W_OK):
                # Never removed here: it may hold the last changes of a program that stopped.
                raise StoreError(
                    f"cannot open the notes database: a leftover file {journal} (from a program "
                    "that stopped while writing, or not SQLite's at all) is in the way; if no "
                    f"other program is using your notes, move it away (mv {shell_quote(str(journal))} "
                    f"{shell_quote(str(journal) + '.old')}) and try again") from None
            if schema.is_unwritable(exc):
                raise StoreError(f"cannot write the notes database in {directory}: {exc}") from None
            if not schema.is_damaged(exc):  # busy, locked, I/O: nothing to set aside; say so instead
                raise StoreError(f"cannot open the notes database in {directory}: {exc}") from None
            aside = schema.set_aside(path)
            notices.append(f"the notes database could not be read ({exc}); it was moved to {aside} "
                           "and a new one started")
            conn = schema.connect(path)
            schema.migrate(conn)
        store = cls(conn, path, notices)
        if backup:
            try:
                store.backup_if_due()
            except (OSError, sqlite3.Error) as exc:
                notices.append(f"the daily backup failed: {exc}")
        return store

    @classmethod
    def _read_on_full_disk(cls, path: Path, notices: list[str]) -> Store:
        try:
            conn = schema.connect(path, exclusive=True)
            schema.migrate(conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the notes database in {path.parent}: {exc} (the disk "
                             "is full: free some space)") from None
        notices.append(f"the disk holding your notes ({path.parent}) is full: they can be read "
                       "and exported, not changed, until some space is freed")
        store = cls(conn, path, notices)
        store.full = True
        return store

    def close(self) -> None:
        self.conn.close()

    def data_version(self) -> int:
        """A number that changes when another connection (another Margin) commits a change
        (or when the database at the data path is replaced: the store then reopens on it)."""
        if self.replaced():
            self._reopen()
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def replaced(self) -> bool:
        """Is the database at the data path another file than the one this store has open? (A
        backup was restored, or the database was set aside, by another process.)"""
        return schema.identity(self.path) != self._identity

    def _reopen(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass
        self.conn = schema.connect(self.path)
        schema.migrate(self.conn)
        self._identity = schema.identity(self.path)
        self.reopened = True
        self.notices.append(f"the notes database at {self.path} was replaced by another one (a "
                            "backup restored, or a damaged one set aside); Margin reopened it")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions -----------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One immediate transaction, committed durably when the block ends (or, inside
        ``batch()``, with the batch); a failure to save is a StoreError."""
        if self._in_batch:
            yield
            return
        if self.replaced():
            # Never write into a database that is no longer the one at the data path (the
            # README promises a database set aside is never written to).
            self._reopen()
            raise Replaced(self.notices[-1])
        try:
            with schema.transaction(self.conn):
                yield
        except sqlite3.OperationalError as exc:
            raise StoreError(f"could not save to {self.path}: {exc}") from None

    @contextmanager
    def batch(self) -> Iterator[Store]:
        """Many writes in one transaction (committed together at the end, or not at all)."""
        with self._transaction():
            outer, self._in_batch = self._in_batch, True
            try:
                yield self
            finally:
                self._in_batch = outer

    def _write(self, sql: str, params: Sequence = ()) -> sqlite3.Cursor:
        """One statement in its own transaction, committed (durably) on return."""
        with self._transaction():
            return self.conn.execute(sql, params)

    # -- documents --------------------------------------------------------------------------

    def find_document(self, source: str, hash: str | None = None,
                      shape: str | None = None, with_text: bool = True) -> DocumentRecord | None:
        """The document opened from ``source`` before (one text is one article, whatever it was
        opened from: a file, a copy, standard input); else the one holding the same text
        (``hash``); else one whose file is gone (moved or renamed) with the same text but for
        its spacing (``shape``: renamed from .txt to .md, say). Without ``with_text``, its text
        is ""."""
        columns = _DOCUMENT if with_text else _DOCUMENT_NO_TEXT
        key = to_db(source)
        row = (self.conn.execute(f"SELECT {columns} FROM documents WHERE id = "
                                 "(SELECT document_id FROM sources WHERE source = ?)",
                                 (key,)).fetchone()
               or self.conn.execute(f"SELECT {columns} FROM documents WHERE source = ?",
                                    (key,)).fetchone())
        if row is not None:
            return _record(row)
        if hash is not None:
            row = self.conn.execute(f"SELECT {columns} FROM documents WHERE hash = ? "
                                    "ORDER BY created, id LIMIT 1", (hash,)).fetchone()
            if row is not None:
                return _record(row)
        if shape is not None:
            for row in self.conn.execute(f"SELECT {columns} FROM documents WHERE shape = ? "
                                         "ORDER BY opened DESC", (shape,)).fetchall():
                old = from_db(row[1])
                if Path(old).is_absolute() and not os.path.lexists(old):
                    return _record(row)
        return None

    def document(self, document_id: int, known: tuple[str, str] | None = None) -> DocumentRecord:
        """A document's record. ``known``: (hash, text) the caller holds: if the store's text
        has that hash, the record holds that very text (not a copy read again)."""
        columns = _DOCUMENT if known is None else _DOCUMENT_NO_TEXT
        row = self.conn.execute(f"SELECT {columns} FROM documents WHERE id = ?",
                                (document_id,)).fetchone()
        if row is None:
            raise StoreError(f"no document {document_id}")
        record = _record(row)
        if known is None:
            return record
        if record.hash != known[0]:
            return self.document(document_id)
        return replace(record, text=known[1])

    def documents(self) -> list[DocumentRecord]:
        rows = self.conn.execute(f"SELECT {_DOCUMENT} FROM documents ORDER BY opened DESC")
        return [_record(r) for r in rows]

    def _holds(self, document_id: int) -> None:
        """Joined unless the document is in the store (not joined with another since)."""
        if not self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone():
            raise Joined("this article was joined with another copy of its text: open it again")

    def current_hash(self, document_id: int) -> str | None:
        """The hash of the document's text as the store holds it now (None: no such document)."""
        row = self.conn.execute("SELECT hash FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row[0] if row else None

    def open_document(self, source: str, title: str, text: str, markup: str = "",
                      format: str = "text") -> tuple[DocumentRecord, bool]:
        """Register an opened document: one text is one article. A source opened before names
        its document (whose text may have changed: an edit in place); a new source with a text
        the library holds joins that document, which keeps its name (unless that names nothing
        one can open again: standard input, a file gone — then the new source is shown). Returns
        the record and whether its text changed since it was last seen; the record keeps the
        old text until ``save_anchoring`` stores the new one with its notes' new places."""
        digest, shape = text_hash(text), shape_hash(text)
        stamp = now()
        title = safe_output(scrub(title))
        key = to_db(source)
        record = self.find_document(source, digest, shape, with_text=False)
        if record is None:
            with self._transaction():  # looked for again inside: one text, one article, even
                record = self.find_document(source, digest, shape, with_text=False)  # raced
                if record is None:
                    added = self.conn.execute(
                        "INSERT INTO documents (source, title, hash, text, created, opened, "
                        "markup, format, shape) VALUES (?, ?, ?, CAST(? AS TEXT), ?, ?, "
                        "CAST(? AS TEXT), ?, ?)", (key, title, digest, _utf8(text), stamp, stamp,
                                                   _utf8(markup), format, shape)).lastrowid
                    self.conn.execute("INSERT OR IGNORE INTO sources (source, document_id) "
                                      "VALUES (?, ?)", (key, added))
            if record is None:
                return self.document(added, (digest, text)), False
        changed = record.hash != digest
        # Shown under this source: its own, or one that opens again in place of one gone.
        shown = record.source == source or (schema.gone(record.source) and not schema.gone(source))
        named = (", source = ?, title = ?", (key, title)) if shown else ("", ())
        parsed = (", markup = CAST(? AS TEXT), format = ?", (_utf8(markup), format)) \
            if markup and (shown or changed) else ("", ())
        # Bookkeeping (when, under what name): on a full disk it is not made; all else goes on.
        try:
            with self._transaction():
                self.conn.execute(f"UPDATE documents SET opened = ?{named[0]}{parsed[0]} "
                                  "WHERE id = ?", (stamp, *named[1], *parsed[1], record.id))
                self.conn.execute("INSERT OR IGNORE INTO sources (source, document_id) "
                                  "VALUES (?, ?)", (key, record.id))
                if shown and record.source != source:
                    schema.forget(self.conn, to_db(record.source))
        except Replaced:
            raise
        except StoreError as exc:
            if not disk_full(exc):
                raise
            if not self.full:  # else already said
                self.notices.append(f"the disk is full: {self.path.parent} could not record that "
                                    "the article was opened (reading and exporting work; saving "
                                    "notes needs space)")
        return self.document(record.id, (digest, text)), changed

    # -- notes ------------------------------------------------------------------------------

    def add_note(self, document_id: int, selector: Selector, body: str = "",
                 tags: Iterable[str] = (), verdict: str = "unverified",
                 statement: int | None = None, note_id: str | None = None,
                 created: str | None = None, text_hash: str | None = None,
                 review: tuple[str, int | None, int | None, str, tuple] | None = None,
                 evidence: Iterable[Evidence] = ()) -> Note:
        """Add a note; it is on disk (fsync'd) when this returns.

        ``text_hash``: the hash of the text the selector's offsets were computed on. When it is
        not the text the store holds for the document (the article changed since), the note is
        refused (StaleText) rather than stored one sentence off; None stores offsets as not
        verified (a note imported from elsewhere). ``review``: (state, start, end, reason,
        candidates) to store it in review (where its edited sentence is in the current text) or
        orphaned, its selector and ``text_hash`` those of the text it was written on."""
        check_verdict(verdict)
        nid = note_id or str(uuid.uuid4())
        stamp = created or now()
        body = scrub(body)  # pasted or imported text: no escape sequence is kept
        selector = clean_selector(selector)
        state, rstart, rend, reason, places = "anchored", None, None, "", ""
        if review is not None:
            state, rstart, rend, reason, candidates = review
            places = places_json(candidates)
        with self._transaction():
            self._holds(document_id)
            if text_hash is not None and review is None:
                row = self.conn.execute("SELECT hash, text FROM documents WHERE id = ?",
                                        (document_id,)).fetchone()
                if row is not None and row[0] != text_hash:
                    raise StaleText("the article changed since this note's place was read",
                                    row[1])
            self.conn.execute(
                "INSERT INTO notes (id, document_id, exact, prefix, suffix, start, end, statement, "
                "body, tags, verdict, state, review_start, review_end, review_reason, created, "
                "modified, revision, text_hash, review_candidates, evidence) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                (nid, document_id, selector.exact, selector.prefix, selector.suffix,
                 selector.start, selector.end, statement, body,
                 json.dumps(list(normalise_tags(tags)), ensure_ascii=False), verdict, state,
                 rstart, rend, reason, stamp, stamp, text_hash or "", places,
                 evidence_json(evidence)))
        return self.note(nid)

    def note(self, note_id: str) -> Note:
        row = self.conn.execute(f"SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?", (note_id,)).fetchone()
        if row is None:
            raise StoreError(f"no note with id {note_id}")
        return note_from_row(row)

    def find_note(self, prefix: str) -> Note:
        """A note by its id or an unambiguous beginning of it (at least 4 characters)."""
        prefix = prefix.strip().lower()
        if len(prefix) < 4:
            raise StoreError("give at least the first 4 characters of the note id")
        rows = self.conn.execute(f"SELECT {NOTE_COLUMNS} FROM notes WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                                 (prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",)).fetchall()
        if not rows:
            raise StoreError(f"no note with id {prefix}")
        if len(rows) > 1:
            raise StoreError(f"more than one note has an id starting with {prefix}")
        return note_from_row(rows[0])

    def notes(self, document_id: int, include_deleted: bool = False) -> list[Note]:
        """The document's notes in document order (orphans last, by creation)."""
        where = "" if include_deleted else " AND deleted IS NULL"
        # The notes are found in the index (by where they are), then read in the table's order
        # (as written): read in the index's, 50,000 notes went back and forth over its pages.
        rows = self.conn.execute(
            f"SELECT {NOTE_COLUMNS} FROM notes WHERE rowid IN "
            f"(SELECT rowid FROM notes WHERE document_id = ?{where}) "
            "ORDER BY state = 'orphan', COALESCE(review_start, start), created, id",
            (document_id,)).fetchall()
        return notes_from_rows(rows)

    def note_stamps(self, document_id: int) -> dict[str, tuple]:
        """Each live note of the document by id, with its stamp (``place.stamp``): which notes
        changed since they were read is seen without reading them."""
        rows = self.conn.execute(
            "SELECT id, revision, state, start, end, review_start, review_end FROM notes "
            "WHERE document_id = ? AND deleted IS NULL", (document_id,))
        return {row[0]: row[1:] for row in rows}

    def notes_by_id(self, ids: Iterable[str]) -> list[Note]:
        """The live notes with these ids (those deleted or unknown are left out)."""
        ids, out = list(ids), []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            rows = self.conn.execute(
                f"SELECT {NOTE_COLUMNS} FROM notes WHERE deleted IS NULL AND id IN "
                f"({', '.join('?' * len(chunk))})", chunk).fetchall()
            out.extend(notes_from_rows(rows))
        return out

    def update_note(self, note: Note, *, body: str | None = None, tags: Iterable[str] | None = None,
                    verdict: str | None = None, evidence: Iterable[Evidence] | None = None) -> Note:
        """Change a note read at ``note.revision``; raises ConflictError if it changed since."""
        new_tags = note.tags if tags is None else normalise_tags(tags)
        new_verdict = check_verdict(note.verdict if verdict is None else verdict)
        cur = self._write(
            "UPDATE notes SET body = ?, tags = ?, verdict = ?, evidence = ?, modified = ?, "
            "revision = revision + 1 WHERE id = ? AND revision = ? AND deleted IS NULL",
            (note.body if body is None else scrub(body), json.dumps(list(new_tags), ensure_ascii=False),
             new_verdict, evidence_json(note.evidence if evidence is None else evidence), now(),
             note.id, note.revision))
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
        if note.state != REVIEW or note.review_start is None or note.review_end is None:
            raise StoreError("this note is not waiting for review")
        sel = describe(text, note.review_start, note.review_end)
        cur = self._write(
            "UPDATE notes SET exact = ?, prefix = ?, suffix = ?, start = ?, end = ?, state = 'anchored', "
            "review_start = NULL, review_end = NULL, review_reason = '', review_candidates = '', "
            "text_hash = ?, modified = ?, revision = revision + 1 WHERE id = ? AND revision = ?",
            (sel.exact, sel.prefix, sel.suffix, sel.start, sel.end, text_hash(text), now(),
             note.id, note.revision))
        if cur.rowcount != 1:
            raise ConflictError("this note was changed elsewhere; reopen it to see the latest")
        return self.note(note.id)

    # -- where notes are --------------------------------------------------------------------

    def save_anchoring(self, document_id: int, text: str,
                       anchored: Sequence[tuple[str, Selector]],
                       others: Sequence[tuple[str, str, int | None, int | None, str, tuple]]) -> None:
        """Store a document's new text and where each of its notes is on it, in one commit:
        ``anchored`` (note id, its selector on the new text); ``others`` (note id, state, where
        the edited sentence is now, why, other places it may be) for notes in review or
        orphaned, which keep their old selector (and the hash of the text it belongs to). A
        document that held this text already joins this one: one text is one article."""
        digest = text_hash(text)
        with self._transaction():
            schema.save_places(self.conn, "notes", digest, anchored, others)
            self.conn.execute("UPDATE documents SET text = ?, hash = ?, shape = ? WHERE id = ?",
                              (text, digest, shape_hash(text), document_id))
            for (other,) in self.conn.execute("SELECT id FROM documents WHERE hash = ? AND id != ?",
                                              (digest, document_id)).fetchall():
                schema.join_documents(self.conn, document_id, other)

    # -- the library --------------------------------------------------------------------------

    def save_analysis(self, document_id: int, text: str, statements: Iterable,
                      claims: Iterable) -> bool:
        """Keep a document's statements and claims (for search); skipped if already current."""
        digest = text_hash(text)
        row = self.conn.execute("SELECT analysed FROM documents WHERE id = ?",
                                (document_id,)).fetchone()
        if row is not None and row[0] == digest:
            return False
        rows = ((document_id, st.index, st.start, st.end, ",".join(c.kinds), c.speaker, c.score)
                for st, c in zip(statements, claims))  # streamed: a row at a time
        with self._transaction():
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
        return [LibraryEntry(i, from_db(src), safe_output(title), *rest)
                for i, src, title, *rest in rows]

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

    def texts(self, document_ids: Sequence[int] | None = None,
              known: Mapping[int, tuple[str, str]] | None = None) -> dict[int, tuple[str, str, str]]:
        """document id -> (source, title, text). ``known``: (hash, text) of documents the caller
        holds already: where the hash is still the store's, that text is used, not read again
        (a long article is not held twice)."""
        known = dict(known or {})
        marks = ",".join("?" * len(known)) or "NULL"
        sql = (f"SELECT id, source, title, hash, CASE WHEN id IN ({marks}) THEN NULL ELSE text END "
               "FROM documents")
        params: list = list(known)
        if document_ids is not None:
            ids = list(document_ids)
            if not ids:
                return {}
            sql += f" WHERE id IN ({','.join('?' * len(ids))})"
            params += ids
        out = {}
        for i, src, title, digest, text in self.conn.execute(sql, params).fetchall():
            if text is None and i in known:  # known to the caller: unless it changed since
                if known[i][0] == digest:
                    text = known[i][1]
                else:
                    text = self.conn.execute("SELECT text FROM documents WHERE id = ?",
                                             (i,)).fetchone()[0]
            out[i] = (from_db(src), safe_output(title), text)
        return out

    def all_notes(self) -> list[Note]:
        rows = self.conn.execute(f"SELECT {NOTE_COLUMNS} FROM notes WHERE deleted IS NULL "
                                 "ORDER BY document_id, start").fetchall()
        return notes_from_rows(rows)


_DOCUMENT = "id, source, title, hash, text, created, opened"
_DOCUMENT_NO_TEXT = "id, source, title, hash, '', created, opened"


def _utf8(text: str) -> bytes:
    """A long text for ``CAST(? AS TEXT)``: bound as a str, sqlite3 would keep its UTF-8 form
    inside the str for as long as the str lives (an article's worth, twice over)."""
    return text.encode("utf-8")


def _record(row: Sequence) -> DocumentRecord:
    # A title stored by an earlier version, or by another program, is shown safe all the same.
    return DocumentRecord(row[0], from_db(row[1]), safe_output(row[2]), *row[3:])
