"""A notes database as an older Margin left it: the first ``version`` migrations applied."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tui.core.notes.schema import DB_NAME, MIGRATIONS, _statements


def old_store(folder: Path, version: int) -> sqlite3.Connection:
    """A database in ``folder`` (made) at schema ``version``; the caller writes its rows, then
    commits and closes it."""
    folder.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(folder / DB_NAME)
    for migration in MIGRATIONS[:version]:
        for statement in _statements(migration):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    return conn


def with_one_note(conn: sqlite3.Connection) -> None:
    """Document 1 ("Intro.") and its note "n1", committed; the connection closed."""
    conn.execute("INSERT INTO documents (id, source, title, hash, text, created, opened) "
                 "VALUES (1, 's', 't', 'h', 'Intro.', 'c', 'o')")
    conn.execute("INSERT INTO notes (id, document_id, exact, prefix, suffix, created, modified) "
                 "VALUES ('n1', 1, 'Intro.', '', '', 'c', 'm')")
    conn.commit()
    conn.close()
