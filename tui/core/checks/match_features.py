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
from .background import NONE, Background
from .query import STOPWORDS, Statement, dates_of, numbers_of, shows_picture, words

#: The features, in the order ``features`` returns them.
NAMES = (
    "bm25", "bm25_top", "rank", "bm25_claim", "bm25_title", "partial", "cover_query",
    "cover_check", "cover_check_rare", "bigrams", "numbers_shared", "numbers_other", "year_same", "year_other",
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
    total: float  # the weights' sum (1 when there are none)


@dataclass(frozen=True, slots=True)
class Side:
    """A fact-check as the features read it (its claim and title together)."""

    claim: str  # default_process'ed
    stems: frozenset[str]  # of its words but stop words
    in_claim: dict[str, int]  # how often each of those terms is in the claim
    in_title: dict[str, int]  # and in the title
    length: int  # its words, stop words too
    rare: dict[str, float]  # each of its claim's terms' weight in fact-checks at large
    rare_total: float  # their sum
    bigrams: frozenset[tuple[str, str]]
    numbers: frozenset[str]
    years: frozenset[str]
    months: frozenset[str]
    picture: bool


def idf(count: int, size: int) -> float:
    """The weight of a term held by ``count`` of ``size`` fact-checks (BM25's, never below 0)."""
    return math.log(1.0 + (size - count + 0.5) / (count + 0.5))


def query(statement: Statement, stems: Sequence[str], counts: dict[str, int], size: int,
          background: Background = NONE) -> Query:
    """``statement`` ready to be compared (``stems``: of its terms; ``counts``: how many
    fact-checks of the library hold each stem, of ``size``; ``background``: the fact-checks
    counted with them, see background.py)."""
    more = background.counts
    total = size + background.size
    weight = {s: idf(counts.get(s, 0) + more.get(s, 0), total) for s in stems}
    return Query(statement, default_process(statement.text), weight,
                 frozenset(zip(stems, stems[1:])), sum(weight.values()) or 1.0)


def side(claim: str, title: str, stems: Callable[[Sequence[str]], list[str]],
         kept: str | None = None, background: Background = NONE) -> Side:
    """A fact-check's ``claim`` and ``title`` read for comparison (``stems``: the index's
    terms of words; ``kept``: the terms of its words kept at import, reads.stems_of;
    ``background``: how common its terms are in fact-checks at large)."""
    both = claim + " " + title
    said = words(claim)
    cut = len(said)
    said += words(title)  # (as words(both) cuts them: a space parts them)
    known = reads.known_stems(kept, said) if kept is not None else None
    if known is None:
        known = stems(said)
    s = [t for w, t in zip(said, known) if w not in STOPWORDS]
    n = sum(1 for w in said[:cut] if w not in STOPWORDS)  # s[:n]: the claim's
    in_claim = _counted(s[:n])
    in_title = _counted(s[n:])
    years, months = dates_of(both, said)
    rare = background.weights(in_claim)
    return Side(default_process(claim), frozenset(s), in_claim, in_title, len(said), rare,
                sum(rare.values()),
                frozenset(zip(s, s[1:])), numbers_of(both, said), years, months,
                shows_picture(said))


def _counted(terms: list[str]) -> dict[str, int]:
    """How often each of ``terms`` is among them."""
    if len(set(terms)) == len(terms):
        return dict.fromkeys(terms, 1)
    out: dict[str, int] = {}
    for t in terms:
        out[t] = out.get(t, 0) + 1
    return out


#: BM25's constants (as SQLite's FTS5 has them).
K1, B = 1.2, 0.75


def bm25(q: Query, d: Side, columns: tuple[float, float], length: float
         ) -> tuple[float, float, float, float]:
    """BM25 of ``d`` for ``q``'s terms, weighed as ``q`` weighs them (its library and the
    background counted): over claim and title (weighted by ``columns``), the claim alone, the
    title alone; and the part of ``q``'s weight ``d`` holds. ``length``: the mean length of a
    fact-check (words)."""
    wc, wt = columns
    norm = K1 * (1 - B + B * d.length / length) if length > 0 else K1
    both = claim = title = covered = 0.0
    in_claim, in_title = d.in_claim, d.in_title
    for s, w in q.weight.items():
        c = in_claim.get(s, 0)
        t = in_title.get(s, 0)
        if c or t:
            covered += w
            f = wc * c + wt * t
            both += w * f * (K1 + 1) / (f + norm)
            if c:
                claim += w * c * (K1 + 1) / (c + norm)
            if t:
                title += w * t * (K1 + 1) / (t + norm)
    return both, claim, title, covered / q.total


def features(q: Query, bm: tuple[float, float, float, float], d: Side, top: float, rank: int,
             meaning: float = 0.0) -> list[float]:
    """The features of a candidate (read as ``d``, its ``bm25``: ``bm``, with the part of
    ``q`` it covers) for ``q`` (``top``:
    the best BM25 among the candidates; ``rank``: its place among them in the index's order,
    from 0; ``meaning``: how alike in meaning the statement and the fact-check's claim and
    title are)."""
    st = q.statement
    year = st.year
    said = q.weight
    rare = d.rare
    stems = d.stems
    return [
        bm[0],
        bm[0] / top if top > 0 else 0.0,
        math.log1p(rank),
        bm[1],
        bm[2],
        fuzz.partial_ratio(q.text, d.claim) / 100,
        bm[3],
        sum(1 for t in stems if t in said) / len(stems) if stems else 0.0,
        (sum(w for t, w in rare.items() if t in said) / d.rare_total
         if d.rare_total > 0 else 0.0),
        len(d.bigrams & q.bigrams) / len(d.bigrams) if d.bigrams else 0.0,
        min(len(d.numbers & st.numbers), 3) / 3,
        1.0 if d.numbers and not d.numbers & st.numbers else 0.0,
        1.0 if year and year in d.years else 0.0,
        1.0 if year and d.years and year not in d.years else 0.0,
        1.0 if year and st.month in d.months and year in d.years else 0.0,
        1.0 if st.picture and d.picture else 0.0,
        meaning,
    ]

