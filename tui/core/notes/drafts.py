"""Notes being written, kept as they are typed (a crash or a closed terminal loses none of
them): not notes until saved. Mixed into the Store."""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from typing import Callable

from ..text import scrub
from .model import VERDICTS, Draft
from .schema import evidence_from_json, evidence_json


class Drafts:
    """Mixed into the Store: uses its connection (``conn``), its transactions and ``_holds``."""

    conn: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[None]]
    _holds: Callable[[int], None]

    def save_draft(self, draft: Draft) -> None:
        """Keep a note being written (replacing the last draft of the same place)."""
        with self._transaction():
            self._holds(draft.document_id)
            self.conn.execute(
                "INSERT OR REPLACE INTO drafts (document_id, place, note_id, statement, quote, body, "
                "tags, verdict, updated, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (draft.document_id, draft.place, draft.note_id, draft.statement, draft.quote,
                 scrub(draft.body), json.dumps(list(draft.tags), ensure_ascii=False),
                 draft.verdict if draft.verdict in VERDICTS else "unverified", draft.updated,
                 evidence_json(draft.evidence)))

    def drafts(self, document_id: int) -> list[Draft]:
        rows = self.conn.execute(
            "SELECT document_id, place, note_id, statement, quote, body, tags, verdict, updated, "
            "evidence FROM drafts WHERE document_id = ? ORDER BY updated DESC",
            (document_id,)).fetchall()
        out = []
        for d, place, nid, st, quote, body, tags, verdict, updated, cited in rows:
            try:
                tag_list = tuple(scrub(str(t)) for t in json.loads(tags))
            except ValueError:
                tag_list = ()
            out.append(Draft(d, place, nid, st, scrub(quote), scrub(body), tag_list, verdict,
                             updated, evidence_from_json(cited or "")))
        return out

    def delete_draft(self, document_id: int, place: str, note_id: str = "") -> None:
        with self._transaction():
            self.conn.execute("DELETE FROM drafts WHERE document_id = ? AND place = ? AND note_id = ?",
                              (document_id, place, note_id))
