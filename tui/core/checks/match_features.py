"""What the re-ranker weighs of a fact-check found for a statement: one number per feature.

The same code makes the features for training (tools/train_checks.py) and for matching, so
that the weights learned are the weights used. A fact-check is read once (``Side``) and may be
remembered: an article's statements meet the same fact-checks again and again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from . import reads
from .match_index import Candidate
from .query import STOPWORDS, Statement, dates_of, numbers_of, shows_picture, words

#: The features, in the order ``features`` returns them.
NAMES = (
    "bm25", "bm25_top", "rank", "bm25_claim", "bm25_title", "partial", "cover_query",
    "cover_check", "bigrams", "numbers_shared", "numbers_other", "year_same", "year_other",
    "month_same", "picture", "meaning",
)
#: The features only a model of meaning gives (match_meaning); 0 without one.
MEANING = ("meaning",)


@dataclass(frozen=True, slots=True)
class Query:
    """A statement as the features read it: its text for fuzzy comparison, its terms (index
    stems) with their weights (IDF), its adjacent pairs of terms."""

    statement: Statement
    text: str  # lower case, punctuation gone (rapidfuzz's default_process)
    weight: dict[str, float]
    bigrams: frozenset[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Side:
    """A fact-check as the features read it (its claim and title together)."""

    claim: str  # default_process'ed
    stems: frozenset[str]  # of its words but stop words
    bigrams: frozenset[tuple[str, str]]
    numbers: frozenset[str]
    years: frozenset[str]
    months: frozenset[str]
    picture: bool


def idf(count: int, size: int) -> float:
    """The weight of a term held by ``count`` of ``size`` fact-checks (BM25's, never below 0)."""
    return math.log(1.0 + (size - count + 0.5) / (count + 0.5))


def query(statement: Statement, stems: Sequence[str], counts: dict[str, int], size: int
          ) -> Query:
    """``statement`` ready to be compared (``stems``: of its terms; ``counts``: how many
    fact-checks hold each stem, of ``size``)."""
    weight = {s: idf(counts.get(s, 0), size) for s in stems}
    return Query(statement, default_process(statement.text), weight,
                 frozenset(zip(stems, stems[1:])))


def side(claim: str, title: str, stems: Callable[[Sequence[str]], list[str]],
         kept: str | None = None) -> Side:
    """A fact-check's ``claim`` and ``title`` read for comparison (``stems``: the index's
    terms of words; ``kept``: the terms of its words kept at import, reads.stems_of)."""
    both = claim + " " + title
    said = words(both)
    known = reads.known_stems(kept, said) if kept is not None else None
    if known is None:
        s = stems([w for w in said if w not in STOPWORDS])
    else:
        s = [t for w, t in zip(said, known) if w not in STOPWORDS]
    years, months = dates_of(both, said)
    return Side(default_process(claim), frozenset(s), frozenset(zip(s, s[1:])),
                numbers_of(both, said), years, months, shows_picture(said))


def features(q: Query, c: Candidate, d: Side, top: float, rank: int, meaning: float = 0.0
             ) -> list[float]:
    """The features of candidate ``c`` (read as ``d``) for ``q`` (``top``: the best BM25 among
    the candidates; ``rank``: its place among them, from 0; ``meaning``: how alike in meaning
    the statement and the fact-check's claim and title are)."""
    st = q.statement
    total = sum(q.weight.values()) or 1.0
    covered = sum(w for s, w in q.weight.items() if s in d.stems)
    year = st.year
    return [
        c.bm25,
        c.bm25 / top if top > 0 else 0.0,
        math.log1p(rank),
        c.bm25_claim,
        c.bm25_title,
        fuzz.partial_ratio(q.text, d.claim) / 100,
        covered / total,
        len(d.stems & q.weight.keys()) / len(d.stems) if d.stems else 0.0,
        len(d.bigrams & q.bigrams) / len(d.bigrams) if d.bigrams else 0.0,
        min(len(d.numbers & st.numbers), 3) / 3,
        1.0 if d.numbers and not d.numbers & st.numbers else 0.0,
        1.0 if year and year in d.years else 0.0,
        1.0 if year and d.years and year not in d.years else 0.0,
        1.0 if year and st.month in d.months and year in d.years else 0.0,
        1.0 if st.picture and d.picture else 0.0,
        meaning,
    ]
