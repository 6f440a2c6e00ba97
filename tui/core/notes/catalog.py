"""The library's catalogue in the notes database: each document's name and the versions of its text
and of its analysis, read without the texts — what the search index checks itself against."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import NamedTuple

from ..text import safe_output
from .model import StoreError, disk_full, now
from .schema import from_db


class Entry(NamedTuple):
    """A document as the library's index knows it."""

    id: int
    source: str
    title: str
    hash: str  # of its text
    analysed: str  # the hash of the text its statements were found in ("" for none)


class Catalog:
    """Mixed into the Store: uses its connection (``conn``) and its transactions."""

    conn: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[None]]

    def catalog(self) -> list[Entry]:
        """Every document, by id."""
        rows = self.conn.execute("SELECT id, source, title, hash, analysed FROM documents "
                                 "ORDER BY id")
        return [Entry(i, from_db(source), safe_output(title), digest, analysed)
                for i, source, title, digest, analysed in rows]

    def touch(self, document_ids: Iterable[int]) -> None:
        """Record that these documents were opened now, as opening them again would (their
        texts unchanged). Bookkeeping: on a full disk it is not made."""
        ids = list(document_ids)
        stamp = now()
        try:
            with self._transaction():
                for k in range(0, len(ids), 500):
                    part = ids[k:k + 500]
                    self.conn.execute(f"UPDATE documents SET opened = ? WHERE id IN "
                                      f"({','.join('?' * len(part))})", (stamp, *part))
        except StoreError as exc:
            if not disk_full(exc):
                raise
