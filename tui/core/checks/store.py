"""Fact-checks kept in the notes store: added once each, listed, searched, removed.

Functions over a connection to the notes database (migrated: tui/core/notes/schema.py), each
write in the caller's transaction or its own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone

from .model import FactCheck
from .schema import FACT_CHECK_COLUMNS

#: Rows written per statement when many fact-checks are imported.
_BATCH = 2_000


def from_row(row: Sequence) -> FactCheck:
    (fid, claim, rating, url, publisher, site, date, title, claimant, claim_date, language,
     source) = row
    return FactCheck(claim, rating, url, publisher, site, date, title, claimant, claim_date,
                     language, source, fid)


def add(conn: sqlite3.Connection, checks: Iterable[FactCheck], read: bool = True
        ) -> tuple[int, int]:
    """Keep ``checks`` (each once: one already kept, or twice in ``checks``, is not added
    again), and, unless not ``read``, what the matcher reads of them (reads.fill). Returns
    (added, already kept). One transaction: all or nothing."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    seen = 0
    batch: list[tuple] = []
    sql = ("INSERT OR IGNORE INTO fact_checks (key, claim, rating, url, publisher, site, date, "
           "title, claimant, claim_date, language, source, imported) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    with conn:
        before = count(conn)
        for c in checks:
            seen += 1
            batch.append((c.key, c.claim, c.rating, c.url, c.publisher, c.site, c.date, c.title,
                          c.claimant, c.claim_date, c.language, c.source, now))
            if len(batch) >= _BATCH:
                conn.executemany(sql, batch)
                batch.clear()
        if batch:
            conn.executemany(sql, batch)
        added = count(conn) - before
        if read and has_reads(conn):
            from .reads import fill

            fill(conn)
    return added, seen - added


def rekey(conn: sqlite3.Connection) -> int:
    """Give every fact-check kept the key FactCheck.key gives it now (a migration, when what
    makes two fact-checks one changed); of those that now share a key, the first kept stays
    (the others' matches go with them: an article's are found again when it is read). In the
    caller's transaction; how many were removed."""
    rows = conn.execute(f"SELECT {FACT_CHECK_COLUMNS}, key FROM fact_checks ORDER BY id").fetchall()
    first: dict[str, int] = {}
    gone, changed = [], []
    for row in rows:
        check = from_row(row[:-1])
        key = check.key
        if key in first:
            gone.append((check.id,))
            continue
        first[key] = check.id
        if key != row[-1]:
            changed.append((key, check.id))
    conn.executemany("DELETE FROM fact_checks WHERE id = ?", gone)
    conn.executemany("UPDATE fact_checks SET key = ? WHERE id = ?", changed)
    return len(gone)


def has_reads(conn: sqlite3.Connection) -> bool:
    """Does the store keep what the matcher reads of each fact-check (schema.READS_MIGRATION)?"""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'fact_check_reads'"
                        ).fetchone() is not None


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM fact_checks").fetchone()[0]


def listed(conn: sqlite3.Connection, limit: int | None = None) -> list[FactCheck]:
    """The fact-checks kept, the newest review first."""
    sql = f"SELECT {FACT_CHECK_COLUMNS} FROM fact_checks ORDER BY date DESC, id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [from_row(r) for r in conn.execute(sql)]


def by_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, FactCheck]:
    """The fact-checks of ``ids`` that are kept, by id."""
    out: dict[int, FactCheck] = {}
    wanted = list(dict.fromkeys(ids))
    for i in range(0, len(wanted), 500):
        part = wanted[i:i + 500]
        marks = ",".join("?" * len(part))
        for row in conn.execute(f"SELECT {FACT_CHECK_COLUMNS} FROM fact_checks "
                                f"WHERE id IN ({marks})", part):
            out[row[0]] = from_row(row)
    return out


def remove(conn: sqlite3.Connection, ids: Iterable[int]) -> int:
    """Remove the fact-checks of ``ids``; how many there were."""
    wanted = list(dict.fromkeys(ids))
    removed = 0
    with conn:
        for i in range(0, len(wanted), 500):
            part = wanted[i:i + 500]
            marks = ",".join("?" * len(part))
            removed += conn.execute(f"DELETE FROM fact_checks WHERE id IN ({marks})", part).rowcount
    return removed


def remove_source(conn: sqlite3.Connection, source: str) -> int:
    """Remove every fact-check imported from the file ``source``; how many there were."""
    with conn:
        return conn.execute("DELETE FROM fact_checks WHERE source = ?", (source,)).rowcount


def save_matches(conn: sqlite3.Connection, document_id: int,
                 found: dict[int, Sequence[tuple[int, float]]]) -> None:
    """The matches found for the statements of a document (statement -> (fact-check id,
    score)), in place of those kept before."""
    with conn:
        conn.execute("DELETE FROM statement_checks WHERE document_id = ?", (document_id,))
        conn.executemany(
            "INSERT OR IGNORE INTO statement_checks (document_id, statement, fact_check_id, score) "
            "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM fact_checks WHERE id = ?)",
            [(document_id, st, fid, score, fid) for st, pairs in found.items()
             for fid, score in pairs])


def matched_ratings(conn: sqlite3.Connection) -> dict[tuple[int, int], tuple[str, ...]]:
    """Every statement kept as matched: (document id, statement) -> the ratings of its
    fact-checks, lower-cased ("" where a fact-check has none)."""
    out: dict[tuple[int, int], tuple[str, ...]] = {}
    rows = conn.execute("SELECT m.document_id, m.statement, lower(f.rating) FROM statement_checks m "
                        "JOIN fact_checks f ON f.id = m.fact_check_id "
                        "ORDER BY m.document_id, m.statement, m.score DESC")
    for doc, st, rating in rows:
        out[(doc, st)] = out.get((doc, st), ()) + (rating,)
    return out
