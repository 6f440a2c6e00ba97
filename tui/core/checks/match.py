"""Has this been checked before? The published fact-checks that verify a statement, best first.

Two passes. FTS5 finds candidates: the fact-checks whose claim or title holds the statement's
rarer words (BM25, claim and title weighted; see match_index). A learned linear re-ranker then
weighs them, its words weighed over the library and a background of published fact-checks
(background.py: a library of one fact-check scores as a large one does), with what BM25 cannot
see (match_features: how much of each side the other covers, the best
fuzzy alignment of the claim in the statement, shared pairs of words, numbers and dates;
match_meaning: similarity of meaning), and a logistic curve turns its score, its lead over
the other candidates and how sure a match of such a statement can be (SURE) into a confidence
in [0, 1]. tools/train_checks.py fits both on the CheckThat! 2020 claim-retrieval training
queries and on sentences of news articles nobody checked (PolNeAR's training articles), and
writes data/match.json, one model
with the similarity of meaning and one without (used when the ``wordllama`` package is
missing); tests/perf/eval_checked.py measures them on the others.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec

from rapidfuzz import fuzz

from . import match_features as mf
from . import reads
from .background import Background
from .background import shipped as shipped_background
from .match_index import Candidate, Index
from .match_meaning import Meaning, loaded
from .model import FactCheck
from .query import Statement, statement, words
from .store import from_row

#: Fact-checks remembered as read (a few KB each).
_SIDES = 20_000


@dataclass(frozen=True, slots=True)
class Match:
    """A fact-check that verifies a statement, and how sure the matcher is of it (calibrated on
    the training queries, half of them asked of a store without their fact-check, and on news
    sentences nobody checked: of the best matches scored 0.8, about 8 in 10 were right)."""

    check: FactCheck
    score: float


@dataclass(frozen=True, slots=True)
class Model:
    """The re-ranker and its calibration, as tools/train_checks.py writes them."""

    weights: tuple[float, ...]  # one per feature, in match_features.NAMES order
    bias: float
    # confidence = logistic(scale * score + lead * (score - best other score)
    #   (best other: at least ``floor``)  + extra . sure(features, statement) + shift), where
    # score = weights . features + bias
    scale: float
    lead: float
    shift: float
    floor: float  # the best other candidate's score at least (see ``leads``)
    threshold: float
    candidates: int  # how many FTS5 candidates are re-ranked
    columns: tuple[float, float]  # BM25 weights of claim and title
    extra: tuple[float, ...] = ()  # one per SURE input; none: not weighed

    @property
    def meaning(self) -> bool:
        """Does it weigh the similarity of meaning?"""
        return any(w for n, w in zip(mf.NAMES, self.weights) if n in mf.MEANING)

    @classmethod
    def from_json(cls, data: dict, variant: str) -> Model:
        names = tuple(data["features"])
        if names != mf.NAMES:
            raise ValueError(f"the model's features {names} are not match_features.NAMES")
        v = data["models"][variant]
        extra = tuple(float(w) for w in v.get("extra", ()))
        if extra and tuple(data.get("sure", ())) != SURE:
            raise ValueError(f"the model's calibration reads {data.get('sure')}, not {SURE}")
        return cls(tuple(float(w) for w in v["weights"]), float(v["bias"]), float(v["scale"]),
                   float(v["lead"]), float(v["shift"]), float(v["floor"]),
                   float(v["threshold"]), int(data["candidates"]),
                   tuple(float(w) for w in data["columns"]), extra)


#: What the calibration weighs besides a candidate's score and lead: how much of the
#: fact-check the statement covers, and how few words the statement has to search with (one
#: over their number). A news sentence that shares two names with a fact-check ("Take the
#: Federal Reserve.") can be the best candidate by far and still verify nothing.
SURE = ("cover_check", "few_terms")
_COVER_CHECK = mf.NAMES.index("cover_check")


def sure(x: Sequence[float], terms: int) -> list[float]:
    """The SURE inputs of a candidate with features ``x``, for a statement of ``terms``
    search terms."""
    return [x[_COVER_CHECK], 1.0 / max(terms, 1)]


@lru_cache(maxsize=3)
def shipped(variant: str | None = None) -> Model:
    """The model shipped in data/match.json: "meaning" or "lexical" (without the similarity of
    meaning); by default "meaning" where the ``wordllama`` package is installed (looked for,
    not loaded: that waits for the first statement matched)."""
    if variant is None:
        variant = "meaning" if find_spec("wordllama") is not None else "lexical"
    raw = resources.files(__package__).joinpath("data", "match.json").read_text("utf-8")
    return Model.from_json(json.loads(raw), variant)


def meaning() -> Meaning | None:
    """The model of meaning, loaded once (about half a second), or None without it."""
    return loaded()


def __getattr__(name: str) -> float:
    # THRESHOLD: matches scored at least this are shown (tools/train_checks.py says how it is
    # chosen). Read from the shipped model when first asked for: training a model with other
    # features does not need the old one to load.
    if name == "THRESHOLD":
        return shipped().threshold
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Matcher:
    """Matches statements against the fact-checks kept in ``conn`` (its ``fact_checks`` and
    ``fact_checks_fts`` tables). One matcher serves many statements: the index's terms and
    their counts are remembered (the counts until the store changes), and the fact-checks read.
    ``model``: the shipped one by default (with or without meaning, as the machine allows);
    ``alike``: compute the similarity of meaning even when the model does not weigh it (for
    training)."""

    def __init__(self, conn: sqlite3.Connection, model: Model | None = None,
                 alike: bool = False, background: Background | None = None) -> None:
        self.index = Index(conn)
        self.model = model or shipped()
        self.background = shipped_background() if background is None else background
        self.meaning = meaning() if self.model.meaning or alike else None
        if self.meaning is None and self.model.meaning:  # installed but broken: do without
            self.model = shipped("lexical")
        self._sides: dict[tuple, mf.Side] = {}
        self._vectors: dict[tuple, object] = {}

    def close(self) -> None:
        self.index.close()

    def match(self, text: str, *, limit: int = 5, everything: bool = False) -> list[Match]:
        """The fact-checks that verify ``text`` (a statement) or a part of it, best first: at
        most ``limit``, only those scored at least THRESHOLD unless ``everything``. A text
        without a word worth searching for has none; so has a store without fact-checks."""
        return self.match_all([text], limit=limit, everything=everything)[0]

    def match_all(self, texts: Sequence[str], *, limit: int = 5,
                  everything: bool = False) -> list[list[Match]]:
        """``match`` for each of ``texts`` (an article's statements)."""
        self.index.refresh()
        floor = -1.0 if everything else self.model.threshold
        out = []
        for text in texts:
            kept = [(c, score) for c, _, score in self.scored(text) if score >= floor]
            out.append([Match(from_row(c.row), score) for c, score in kept[:max(0, limit)]])
        return out

    def scored(self, text: str) -> list[tuple[Candidate, list[float], float]]:
        """Every candidate for ``text`` with its features and confidence, best first by the
        re-ranker (what training reads; call ``index.refresh()`` first when the store may have changed)."""
        st = statement(text)
        if not st.terms:
            return []
        q, searched = self._query(st)
        m = self.model
        found = self.index.candidates(searched, m.candidates, m.columns)
        if not found:
            return []
        alike = self._alike(st.text, found)
        sides = self._sides_of(found)
        length = self.background.length
        bms = [mf.bm25(q, side, m.columns, length) for side in sides]
        top = max(b[0] for b in bms)
        xs = [mf.features(q, bm, side, top, rank, alike[rank])
              for rank, (bm, side) in enumerate(zip(bms, sides))]
        scores = [sum(w * v for w, v in zip(m.weights, x)) + m.bias for x in xs]
        confidence = calibrated(scores, m, [sure(x, len(st.terms)) for x in xs],
                                same_claim(sides, scores))
        # In the re-ranker's order (what it was trained for); the confidence says which show.
        order = sorted(range(len(found)), key=lambda i: -scores[i])
        # A candidate ranked lower never claims to be surer than one above it.
        sure_at_most, out = 1.0, []
        for i in order:
            sure_at_most = min(sure_at_most, confidence[i])
            out.append((found[i], xs[i], sure_at_most))
        return out

    def _query(self, st: Statement) -> tuple[mf.Query, list[str]]:
        """The statement as the features read it, and the words to search for."""
        stems = self.index.stems(st.terms)
        counts = self.index.counts(stems)
        q = mf.query(st, stems, counts, self.index.size, self.background)
        return q, self.index.searched(st.terms, stems, counts)

    def _sides_of(self, found: list[Candidate]) -> list[mf.Side]:
        """The fact-checks ``found`` read for comparison (remembered by id and text: an edited
        fact-check is read again), from the terms kept at import where they were; the words of
        the others are stemmed together."""
        keys = [(c.row[0], c.row[1], c.row[7]) for c in found]
        kept = {k: c.read[0] for k, c in zip(keys, found) if c.read}
        new = [k for k in dict.fromkeys(keys) if k not in self._sides]
        if new:
            if len(self._sides) + len(new) > _SIDES:
                self._sides.clear()
                new = list(dict.fromkeys(keys))
            unread = [k for k in new if k not in kept]
            if unread:
                self.index.stems(words(" ".join(k[1] + " " + k[2] for k in unread)))
            for k in new:
                self._sides[k] = mf.side(k[1], k[2], self.index.stems, kept.get(k),
                                         self.background)
        return [self._sides[k] for k in keys]

    def _alike(self, text: str, found: list[Candidate]) -> list[float]:
        """How alike in meaning ``text`` is to each candidate's claim and title (0 without a
        model of meaning), from the vectors kept at import where this model made them."""
        meaning = self.meaning
        if meaning is None:
            return [0.0] * len(found)
        np = meaning.numpy
        keys = [(c.row[0], c.row[1], c.row[7]) for c in found]
        vectors = self._vectors
        if len(vectors) + len(keys) > _SIDES:
            vectors.clear()
        for k, c in zip(keys, found):
            if k not in vectors and c.read and c.read[1] is not None and c.read[2] == meaning.name:
                vectors[k] = reads.decode(c.read[1], np)
        new = [k for k in dict.fromkeys(keys) if k not in vectors]
        made = meaning.vectors([text] + [k[1] + " " + k[2] for k in new])
        vectors.update((k, reads.rounded(v, np)) for k, v in zip(new, made[1:]))
        return [meaning.similarity(made[0], vectors[k]) for k in keys]


#: Two fact-checks whose claims are this alike (rapidfuzz's ratio of their processed words, of
#: 100) check one claim.
SAME_CLAIM = 90


def same_claim(sides: Sequence[mf.Side], scores: Sequence[float]) -> list[int]:
    """The candidates (by index) that check the claim of the best scored one, itself aside."""
    if len(scores) < 2:
        return []
    top = max(range(len(scores)), key=scores.__getitem__)
    claim = sides[top].claim
    return [i for i, d in enumerate(sides)
            if i != top and fuzz.ratio(claim, d.claim, score_cutoff=SAME_CLAIM)]


def leads(scores: Sequence[float], floor: float, same: Collection[int] = ()) -> list[float]:
    """How far each score is ahead of the best of the others (negative: behind). ``floor``:
    what the best of the others scores at least, as if the library were large (in a desk's
    library of a few fact-checks, the one on a statement's subject leads its few rivals by far
    whether or not it checks the statement; an only candidate leads by its score less
    ``floor``). ``same``: the candidates that check the best one's claim (two publishers, one
    claim): one of them is not ahead of the others, each is ahead of the rest."""
    if not scores:
        return []
    top = max(range(len(scores)), key=scores.__getitem__)
    group = set(same) | {top}
    behind = max([s for i, s in enumerate(scores) if i not in group] + [floor])
    first = scores[top]
    return [s - (behind if i in group else first) for i, s in enumerate(scores)]


def calibrated(scores: Sequence[float], model: Model,
               inputs: Sequence[Sequence[float]] = (), same: Collection[int] = ()
               ) -> list[float]:
    """The confidence of each of a statement's candidates, from its re-ranker score, its lead
    over the best of the others (a fact-check far ahead of the rest is more likely right than
    one among equals) and, where the model weighs them, its SURE ``inputs``; ``same``: as for
    ``leads``."""
    extra = model.extra
    ahead = leads(scores, model.floor, same)
    if not extra or not inputs:
        return [_logistic(model.scale * s + model.lead * lead + model.shift)
                for s, lead in zip(scores, ahead)]
    return [_logistic(model.scale * s + model.lead * lead + model.shift
                      + sum(w * v for w, v in zip(extra, more)))
            for s, lead, more in zip(scores, ahead, inputs)]


def _logistic(z: float) -> float:
    if z < -40:
        return 0.0
    if z > 40:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))
