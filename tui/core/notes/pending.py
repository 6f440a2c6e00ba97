"""Imported notes waiting for their article: an import reads no file but the one it is given, so a
note on an article the library does not hold is kept here — detached, with its quote — and joins
its article when that article is opened."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from contextlib import AbstractContextManager
from typing import Callable, Iterable

from ..text import scrub
from .model import VERDICTS, Evidence, Note, normalise_tags, now
from .schema import clean_selector, evidence_from_json, evidence_json, from_db, to_db
from .selector import Selector


#: The characters of a waiting note's words with their context that another address's text must
#: hold for the note to join it ("The root password" alone is anyone's).
_ENOUGH = 48


class PendingNotes:
    """Mixed into the Store: uses its connection (``conn``), its transactions and ``add_note``."""

    conn: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[None]]
    batch: Callable[[], AbstractContextManager[object]]
    add_note: Callable[..., Note]

    def add_pending(self, note_id: str, source: str, selector: Selector, body: str,
                    tags: Iterable[str], verdict: str, created: str | None,
                    evidence: Iterable[Evidence] = ()) -> bool:
        """Keep an imported note until its article is opened. False if it was already kept."""
        sel = clean_selector(selector)
        with self._transaction():
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO pending_notes (id, source, exact, prefix, suffix, start, "
                "end, body, tags, verdict, created, imported, evidence) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (note_id, to_db(source), sel.exact, sel.prefix, sel.suffix, sel.start, sel.end,
                 scrub(body), json.dumps(list(normalise_tags(tags)), ensure_ascii=False),
                 verdict if verdict in VERDICTS else "unverified", created, now(),
                 evidence_json(evidence)))
        return cur.rowcount == 1

    def is_pending(self, note_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM pending_notes WHERE id = ?",
                                 (note_id,)).fetchone() is not None

    def pending_sources(self) -> Counter:
        """How many notes wait, by the source of the article they wait for."""
        rows = self.conn.execute("SELECT source, COUNT(*) FROM pending_notes GROUP BY source")
        return Counter({from_db(source): count for source, count in rows})

    def take_pending(self, document_id: int, source: str, text: str | None = None) -> int:
        """The notes waiting for the article at ``source`` become its notes (found on its text
        by their selectors when it is re-anchored); so do those waiting for the same text at
        another address (a colleague's path): the ones whose words, with their context, this
        ``text`` holds. Returns how many."""
        key = to_db(source)
        columns = "id, exact, prefix, suffix, start, end, body, tags, verdict, created, evidence"
        rows = self.conn.execute(
            f"SELECT {columns} FROM pending_notes WHERE source = ?", (key,)).fetchall()
        if text is not None:  # (words and context long enough to be this text's alone)
            rows += [row for row in self.conn.execute(
                f"SELECT {columns} FROM pending_notes WHERE source != ?", (key,))
                if row[1].strip() and len(whole := row[2] + row[1] + row[3]) >= _ENOUGH
                and whole in text]
        if not rows:
            return 0
        with self.batch():  # all of them or none: add_note joins this transaction
            for nid, exact, prefix, suffix, start, end, body, tags, verdict, created, cited in rows:
                try:
                    tag_list = json.loads(tags)
                except ValueError:
                    tag_list = []
                if self.conn.execute("SELECT 1 FROM notes WHERE id = ?", (nid,)).fetchone() is None:
                    self.add_note(document_id, Selector(exact, prefix, suffix, start, end),
                                  body=body, tags=tag_list, verdict=verdict, note_id=nid,
                                  created=created, evidence=evidence_from_json(cited or ""))
                self.conn.execute("DELETE FROM pending_notes WHERE id = ?", (nid,))
        return len(rows)
