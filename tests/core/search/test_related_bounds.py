"""Related statements: the index's pruning (list bounds, feature bounds, cosines) gives exactly
what scoring every statement gives, on seeded random corpora full of what the bounds must get
right: names, quotations, numbers, acronyms, "3.5 million", shouting, accents, possessives."""

from __future__ import annotations

import random

import pytest

from tui.core.search import related as R
from tui.core.search import related_index as RI
from tui.core.search.fold import fold
from tui.core.search.index import SearchIndex

_NAMES = "Dorothea Lydgate Bulstrode Rosamond Will May Hope Mark Rose Celia Ladislaw Fred".split()
_WORDS = (
    "stories parties studies story party house garden letter money deal hope will may mark rose "
    "happy glad walked walking creature sensible imagine council budget pipeline harbour bridge "
    "café naïve régime glory grounds yew-tree circuit tired mind cause health spirits latter "
    "generous mistaken avoid affect mention state believe think said told the a of in and to "
    "was had not but very good well then there their it he she they we"
).split()
_EXTRA = ["3,500", "12", "two", "twenty", "3.5 million", "2 billion", "1,951", "U.S.", "NATO",
          "EU", "Mr.", "Dr. Lee", "don't", "it’s"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(2, 14))]
    for _ in range(rng.randint(0, 3)):
        name = rng.choice(_NAMES)
        words.insert(rng.randrange(len(words) + 1), name + ("’s" if rng.random() < 0.15 else ""))
    if rng.random() < 0.25:
        words.insert(rng.randrange(len(words) + 1), rng.choice(_EXTRA))
    if rng.random() < 0.5:  # a quotation, of some words or all
        i = rng.randrange(len(words))
        j = rng.randint(i + 1, len(words))
        op, cl = rng.choice([("“", "”"), ('"', '"'), ("«", "»"), ("“", "")])
        words[i:j] = [op + " ".join(words[i:j]) + cl]
    s = " ".join(words)
    s = s[0].upper() + s[1:] + rng.choice([".", ",” said Dorothea.", "?", ""])
    return s.upper() if rng.random() < 0.03 else s


def _corpus(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    out = [_sentence(rng) for _ in range(n)]
    for _ in range(n // 5):  # restatements: a word changed
        s = rng.choice(out).split()
        s[rng.randrange(len(s))] = rng.choice(_WORDS + _NAMES)
        out.append(" ".join(s))
    return out


def _brute(texts: list[str], a: str, skip: int, limit: int) -> list[tuple[float, int]]:
    scored = [(R.related_score(a, t), j) for j, t in enumerate(texts) if j != skip]
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [x for x in scored if x[0] > 0][:limit]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_related_equals_brute_force_on_random_corpora(seed, monkeypatch):
    texts = _corpus(seed, 400)
    # Small thresholds: the bar is warmed and long lists are looked up, as with 100,000.
    monkeypatch.setattr(RI, "_MATERIALISE", 50)
    monkeypatch.setattr(RI, "_NORM_ROWS", 20)
    index = SearchIndex(texts)
    rng = random.Random(seed)
    for i in rng.sample(range(len(texts)), 30):
        for limit in (1, 3, 10):
            got = [(h.score, h.item) for h in index.related(i, limit=limit)]
            assert got == _brute(texts, texts[i], i, limit), (texts[i], limit)
    for text in ["“Dorothea walked to the house,” said Will.", "NATO spent 3.5 million on it.",
                 "Happy stories of Lydgate’s parties"]:
        got = [(h.score, h.item) for h in index.related(text, limit=5)]
        assert got == _brute(texts, text, -1, 5)


def test_related_allowed_equals_brute_force():
    texts = _corpus(9, 300)
    index = SearchIndex(texts)
    keep = set(random.Random(4).sample(range(len(texts)), 120))
    for i in random.Random(6).sample(range(len(texts)), 15):
        got = [(h.score, h.item) for h in index.related(i, limit=5, allowed=keep.__contains__)]
        brute = [x for x in _brute(texts, texts[i], i, len(texts)) if x[1] in keep][:5]
        assert got == brute


def test_related_prunes_most_statements(monkeypatch):
    """The fast path is taken: far fewer full scores than statements (counted, not timed)."""
    texts = _corpus(5, 1500)
    index = SearchIndex(texts)
    index.prepare_related()
    calls = []
    real = RI.relate
    monkeypatch.setattr(RI, "relate", lambda a, b: calls.append(1) or real(a, b))
    for i in range(0, 1500, 150):
        calls.clear()
        index.related(i, limit=5)
        assert len(calls) < len(texts) // 3


@pytest.mark.parametrize("seed", [11, 12])
def test_feature_bounds_hold_the_features(seed):
    """Same keys; low <= weight <= high; None exactly where capitals or numbers may add features."""
    for t in _corpus(seed, 600):
        folded = fold(t)
        exact = R.features(t, folded)
        got = R.feature_bounds(t, folded)
        if got is None:
            continue
        low, high = got
        assert set(low) == set(high) == set(exact), t
        for k, w in exact.items():
            assert low[k] <= w * (1 + 1e-12) and w <= high[k] * (1 + 1e-12), (t, k)


def test_feature_bounds_gives_up_on_acronyms_and_multipliers():
    for t in ["The U.S. said so.", "NATO met.", "It cost 3.5 million.", "A 2 billion deal."]:
        assert R.feature_bounds(t, fold(t)) is None
    t = "“Dorothea walked,” said Lydgate."
    low, high = R.feature_bounds(t, fold(t))
    assert high["dorothea"] == pytest.approx(low["dorothea"] * R.QUOTE_BOOST)
    assert high["lydgat"] == low["lydgat"] == R.NAME_BOOST  # said outside the quotation
