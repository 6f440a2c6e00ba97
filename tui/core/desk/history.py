"""A note's history on the desk, as this machine last took it: who changed which verdict when."""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from ..text import scrub


class Change(NamedTuple):
    revision: int
    author: str
    verdict: str
    deleted: bool
    modified: str


def history(conn: sqlite3.Connection, note_id: str) -> list[Change]:
    """Every revision of the note the desk has, oldest first ([] where no desk shares it)."""
    rows = conn.execute("SELECT revision, author, verdict, deleted, modified FROM desk_history "
                        "WHERE note_id = ? ORDER BY revision", (note_id,)).fetchall()
    return [Change(r, scrub(a), v, bool(d), m) for r, a, v, d, m in rows]


def verdict_changes(changes: list[Change]) -> list[Change]:
    """The revisions that set the verdict: the first, and each that changed it."""
    out: list[Change] = []
    for c in changes:
        if not out or c.verdict != out[-1].verdict:
            out.append(c)
    return out
