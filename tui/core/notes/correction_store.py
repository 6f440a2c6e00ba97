"""The reader's corrections in the notes database: one row each, anchored as a note is, every
change committed when it is made."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager

from ..analysis.claims import KINDS
from ..text import scrub
from .corrections import MAX_SPEAKER, Correction
from .model import ANCHORED, STATES, StaleText, StoreError, now
from .schema import clean_selector, places_from_json, places_json, save_places
from .selector import Selector

COLUMNS = ("id, document_id, exact, prefix, suffix, start, end, statement, speaker, kinds, state, "
           "created, modified, text_hash, review_start, review_end, review_reason, "
           "review_candidates")


def from_row(row: Sequence) -> Correction:
    """A Correction from a row of COLUMNS. What another program may have written is read as
    safe: control characters dropped, unknown kinds and states left out."""
    (cid, doc, exact, prefix, suffix, start, end, statement, speaker, kinds, state, created,
     modified, thash, rstart, rend, reason, places) = row
    speaker = " ".join(scrub(speaker or "").split())[:MAX_SPEAKER] or None
    named = set((kinds or "").split(","))
    return Correction(cid, doc, clean_selector(Selector(exact, prefix, suffix, start, end)),
                      statement, speaker, tuple(k for k in KINDS if k in named),
                      state if state in STATES else ANCHORED, created, modified, thash or "",
                      rstart, rend, scrub(reason or ""), places_from_json(places))


class CorrectionStore:
    """Mixed into the Store: uses its connection (``conn``), its transactions, and ``_holds``
    (the document is still in the store)."""

    conn: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[None]]
    _holds: Callable[[int], None]

    def corrections(self, document_id: int) -> list[Correction]:
        """The document's corrections, oldest first."""
        rows = self.conn.execute(f"SELECT {COLUMNS} FROM corrections WHERE document_id = ? "
                                 "ORDER BY modified, id", (document_id,)).fetchall()
        return [from_row(r) for r in rows]

    def anchored_corrections(self, document_ids: Sequence[int] | None = None) -> list[Correction]:
        """The anchored corrections of every document (or of some), oldest first: what the
        library shows over its stored statements."""
        sql = f"SELECT {COLUMNS} FROM corrections WHERE state = 'anchored'"
        params: list = []
        if document_ids is not None:
            params = list(document_ids)
            if not params:
                return []
            sql += f" AND document_id IN ({','.join('?' * len(params))})"
        return [from_row(r) for r in self.conn.execute(sql + " ORDER BY modified, id", params)]

    def save_correction(self, document_id: int, selector: Selector, statement: int | None,
                        speaker: str | None, kinds: Iterable[str], text_hash: str,
                        replacing: Iterable[str] = ()) -> Correction:
        """A correction of the statement at ``selector`` (its offsets computed on the text of
        hash ``text_hash``), in place of the corrections ``replacing`` (the statement's earlier
        ones): on disk when this returns. A text the store no longer holds is refused
        (StaleText), as for a note."""
        cid = str(uuid.uuid4())
        stamp = now()
        selector = clean_selector(selector)
        wanted = set(kinds)
        with self._transaction():
            self._holds(document_id)
            row = self.conn.execute("SELECT hash, text FROM documents WHERE id = ?",
                                    (document_id,)).fetchone()
            if row is not None and row[0] != text_hash:
                raise StaleText("the article changed since this statement was read", row[1])
            self._delete(replacing)
            self.conn.execute(
                f"INSERT INTO corrections ({COLUMNS}) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'anchored', ?, ?, ?, NULL, NULL, '', '')",
                (cid, document_id, selector.exact, selector.prefix, selector.suffix,
                 selector.start, selector.end, statement, speaker,
                 ",".join(k for k in KINDS if k in wanted), stamp, stamp, text_hash))
        return self.correction(cid)

    def correction(self, correction_id: str) -> Correction:
        row = self.conn.execute(f"SELECT {COLUMNS} FROM corrections WHERE id = ?",
                                (correction_id,)).fetchone()
        if row is None:
            raise StoreError(f"no correction with id {correction_id}")
        return from_row(row)

    def delete_corrections(self, ids: Iterable[str]) -> None:
        with self._transaction():
            self._delete(ids)

    def _delete(self, ids: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM corrections WHERE id = ?", [(i,) for i in ids])

    def put_back_corrections(self, removed: Iterable[str], rows: Sequence[Correction]) -> None:
        """Undo: the corrections ``removed`` taken out and ``rows`` put back as they were read
        (what a correction replaced, or restoring the detected values took away), in one
        commit. A row whose document is gone (joined with another) is left out."""
        with self._transaction():
            self._delete(removed)
            for c in rows:
                s = clean_selector(c.selector)  # (imported: no control character is kept)
                self.conn.execute(
                    f"INSERT OR REPLACE INTO corrections ({COLUMNS}) SELECT ?, id, ?, ?, ?, ?, ?, "
                    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM documents WHERE id = ?",
                    (c.id, s.exact, s.prefix, s.suffix, s.start, s.end, c.statement, c.speaker,
                     ",".join(c.kinds), c.state, c.created, c.modified, c.text_hash,
                     c.review_start, c.review_end, c.review_reason,
                     places_json(c.candidates), c.document_id))

    def save_correction_places(self, text_hash: str,
                               anchored: Sequence[tuple[str, Selector]],
                               others: Sequence[tuple[str, str, int | None, int | None, str,
                                                      tuple]]) -> None:
        """Where each correction of a document is on its new text (of hash ``text_hash``), as
        ``Store.save_anchoring`` does for notes (and inside the same batch: see reanchor)."""
        with self._transaction():
            save_places(self.conn, "corrections", text_hash, anchored, others)
