"""The matcher's view of the fact-check index: its own tokenizer's terms, how common each is,
and the candidates FTS5 ranks first for a statement.

A statement's words become the index's terms through the index's own tokenizer (read from its
definition, run in a private in-memory database), so that the number of fact-checks holding a
term is read from the index itself (fts5vocab) whatever tokenizer the schema names. Those counts
bound the work: FTS5 scores every row that holds any term of an OR query, so the most common
terms are left out of the query (the re-ranker still reads every word) until the rows to score
fit ``POSTINGS``: against a million fact-checks a statement stays within tens of milliseconds.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from .query import fts_query
from .schema import FACT_CHECK_COLUMNS

#: Rows FTS5 may score for one statement (about 1 µs each): its rarest terms are searched
#: until their rows add up to this, or to a fiftieth of the store if that is more.
POSTINGS = 3_000
#: Terms (and their stems) remembered between statements; the counts are forgotten when the
#: store changes.
_CACHE = 200_000
_TOKENIZE = re.compile(r"""tokenize\s*=\s*('(?:[^']|'')*'|"(?:[^"]|"")*")""", re.I)
_DEFAULT_TOKENIZE = "'porter unicode61 remove_diacritics 2'"
_COLUMNS = ", ".join(f"c.{c.strip()}" for c in FACT_CHECK_COLUMNS.split(","))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A fact-check FTS5 found for a statement: its row (FACT_CHECK_COLUMNS) and its BM25
    score (higher is better) over claim and title, as FTS5 ranks it (the re-ranker works out
    its own, match_features.bm25)."""

    row: tuple
    bm25: float
    #: What was read of it at import (reads.py): its terms, its vector and the vector's model;
    #: () when it was not.
    read: tuple = ()


class Index:
    """The fact-check index of ``conn`` (tables ``fact_checks`` and ``fact_checks_fts``), read
    for matching."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        found = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'fact_checks_fts'")
        sql = (found.fetchone() or ("",))[0] or ""
        m = _TOKENIZE.search(sql)
        tokenize = m.group(1) if m else _DEFAULT_TOKENIZE
        # A private database tokenizes: nothing is written through the caller's connection.
        self._words = sqlite3.connect(":memory:", check_same_thread=False)
        self._words.execute(f"CREATE VIRTUAL TABLE words USING fts5(w, tokenize={tokenize})")
        self._words.execute("CREATE VIRTUAL TABLE words_v USING fts5vocab(words, instance)")
        self.reads = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'fact_check_reads'"
                                  ).fetchone() is not None
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.margin_fact_check_terms "
                     "USING fts5vocab(main, fact_checks_fts, row)")
        self._stems: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self._stamp: tuple = ()
        self.size = 0

    def close(self) -> None:
        self._words.close()

    # -- terms ---------------------------------------------------------------------------------

    def stems(self, words: Sequence[str]) -> list[str]:
        """The index's term for each of ``words`` (one word each, as query.words cuts them)."""
        known = self._stems
        new = _unknown(known, words)
        if new:
            db = self._words
            db.executemany("INSERT INTO words(rowid, w) VALUES (?, ?)", enumerate(new))
            got = dict(db.execute("SELECT doc, term FROM words_v WHERE offset = 0"))
            db.execute("DELETE FROM words")
            for i, w in enumerate(new):
                known[w] = got.get(i, w)
        return [known[w] for w in words]

    def refresh(self) -> None:
        """Forget the counts when the store has changed (through this connection or another)."""
        stamp = (self.conn.total_changes,
                 self.conn.execute("PRAGMA data_version").fetchone()[0])
        if stamp != self._stamp:
            self._stamp = stamp
            self._counts.clear()
            self.size = self.conn.execute("SELECT count(*) FROM fact_checks").fetchone()[0]

    def counts(self, terms: Sequence[str]) -> dict[str, int]:
        """How many fact-checks hold each of ``terms`` (index terms)."""
        known = self._counts
        wanted = _unknown(known, terms)
        if wanted:
            for t in wanted:
                known[t] = 0
            for i in range(0, len(wanted), 500):
                part = wanted[i:i + 500]
                marks = ",".join("?" * len(part))
                known.update(self.conn.execute(
                    "SELECT term, doc FROM temp.margin_fact_check_terms "
                    f"WHERE term IN ({marks})", part))
        return {t: known[t] for t in terms}

    # -- candidates ------------------------------------------------------------------------------

    def searched(self, words: Sequence[str], stems: Sequence[str], counts: dict[str, int],
                 budget: int | None = None) -> list[str]:
        """The words to search for: those of terms the index holds, rarest first, until their
        rows add up to ``budget`` (by default POSTINGS or a fiftieth of the store; at least the
        rarest one)."""
        if budget is None:
            budget = max(POSTINGS, self.size // 50)
        by_stem = {}
        for w, s in zip(words, stems):
            if counts.get(s) and s not in by_stem:
                by_stem[s] = w
        chosen: list[str] = []
        total = 0
        for s in sorted(by_stem, key=lambda s: counts[s]):
            total += counts[s]
            if chosen and total > budget:
                break
            chosen.append(by_stem[s])
        return chosen

    def candidates(self, words: Sequence[str], limit: int,
                   weights: tuple[float, float] = (1.0, 1.0)) -> list[Candidate]:
        """The ``limit`` fact-checks with the best BM25 for any of ``words`` (claim and title
        weighted by ``weights``)."""
        if not words:
            return []
        wc, wt = (float(w) for w in weights)
        read, joined = (("r.stems, r.vector, r.model", "LEFT JOIN fact_check_reads r ON r.id = c.id")
                        if self.reads else ("NULL, NULL, NULL", ""))
        sql = (f"SELECT {_COLUMNS}, s.b, {read} FROM (SELECT rowid AS r, "
               f"bm25(fact_checks_fts, {wc!r}, {wt!r}) AS b "
               "FROM fact_checks_fts WHERE fact_checks_fts MATCH ? ORDER BY b LIMIT ?) s "
               f"JOIN fact_checks c ON c.id = s.r {joined} ORDER BY s.b")
        rows = self.conn.execute(sql, (fts_query(words), limit)).fetchall()
        return [Candidate(r[:-4], -r[-4], r[-3:] if r[-3] is not None else ()) for r in rows]


def _unknown(known: dict, keys: Sequence[str]) -> list[str]:
    """The distinct ``keys`` not in the cache ``known``; all of them, the cache emptied, when
    they would take it past _CACHE entries."""
    new = [k for k in dict.fromkeys(keys) if k not in known]
    if new and len(known) + len(new) > _CACHE:
        known.clear()
        new = list(dict.fromkeys(keys))
    return new
