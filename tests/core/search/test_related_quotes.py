"""Related statements: a statement's words weigh their quoted most only where a quotation of its
may hold them, and the pruning that counts on it gives what scoring every statement gives."""

from __future__ import annotations

import random

import pytest

from tui.core.search import related as R
from tui.core.search import related_index as RI
from tui.core.search.index import SearchIndex

_FILL = ("walked garden sister letter house morning window quiet road church evening field "
         "uncle money hope answer door table paper").split()
_RARE = ["inconsiderately", "rhapsodic", "modulation", "wove", "1,951", "3,500", "NATO"]


def _said(rng: random.Random, name: str) -> str:
    """A statement naming ``name``: narration, or (now and then) a quotation holding the name,
    or holding other words; now and then a rare word or a number."""
    words = rng.sample(_FILL, rng.randint(2, 7))
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words) + 1), rng.choice(_RARE))
    words.insert(rng.randrange(len(words) + 1), name)
    roll = rng.random()
    if roll < 0.15:  # the name inside a quotation
        return "“" + " ".join(words) + ",” she said."
    if roll < 0.3:  # a quotation without the name
        return " ".join(words) + ", and “" + " ".join(rng.sample(_FILL, 3)) + "” she said."
    return name.join(" ".join(words).split(name, 1)).capitalize() + "."


def _corpus(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    names = ["Dorothea", "Lydgate", "Garth"]
    out = [_said(rng, rng.choice(names)) for _ in range(n)]
    out += [f"{name} smiled." for name in names] + ["“Dorothea!” he said.", "Garth 3,500."]
    return out


def _brute(texts: list[str], a: str, skip: int, limit: int) -> list[tuple[float, int]]:
    scored = [(R.related_score(a, t), j) for j, t in enumerate(texts) if j != skip]
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [x for x in scored if x[0] > 0][:limit]


def test_quotations_are_what_the_features_boost():
    assert R.quotations("He walked home.") is None
    quoted = R.quotations("“Dorothea walked,” she said, and «Stories» too.")
    assert quoted is not None and "dorothea" in quoted and "stori" in quoted
    assert R.may_quote("dorothea", quoted) and R.may_quote("story", quoted)
    assert not R.may_quote("said", quoted) and not R.may_quote("#3500", " 3500")
    # A word quoted in one statement weighs its quoted most there only.
    plain, said = R.profile("Dorothea walked home."), R.profile("“Dorothea walked home.”")
    assert said.weights["dorothea"] == plain.weights["dorothea"] * R.QUOTE_BOOST


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_related_equals_brute_force_where_names_are_quoted_now_and_then(seed, monkeypatch):
    texts = _corpus(seed, 500)
    monkeypatch.setattr(RI, "_MATERIALISE", 50)  # the bar warmed, long lists looked up
    index = SearchIndex(texts)
    rng = random.Random(seed)
    for i in [*rng.sample(range(len(texts)), 25), *range(len(texts) - 5, len(texts))]:
        for limit in (1, 3, 10):
            got = [(h.score, h.item) for h in index.related(i, limit=limit)]
            assert got == _brute(texts, texts[i], i, limit), (texts[i], limit)
    for text in ["Dorothea smiled at NATO.", "“Garth walked,” said Lydgate.", "wove 1,951"]:
        got = [(h.score, h.item) for h in index.related(text, limit=4)]
        assert got == _brute(texts, text, -1, 4), text


def test_related_reads_the_words_of_few_statements_that_do_not_quote(monkeypatch):
    """A short statement's name, quoted somewhere, met in many statements that do not quote it:
    their words are not read (counted, not timed; all 600 were read before)."""
    rng = random.Random(8)
    texts = [f"{' '.join(rng.sample(_FILL, 3))} Dorothea {' '.join(rng.sample(_FILL, 2))}."
             for _ in range(600)]
    texts += [f"{' '.join(rng.sample(_FILL, 2))} Dorothea smiled." for _ in range(10)]
    texts += ["“Dorothea walked,” he said.", "Dorothea smiled."]
    index = SearchIndex(texts)
    index.prepare_related()
    read = []
    real = RI.low_bounds
    monkeypatch.setattr(RI, "low_bounds", lambda text, folded: read.append(text) or
                        real(text, folded))
    got = [(h.score, h.item) for h in index.related(len(texts) - 1, limit=5)]
    assert got == _brute(texts, texts[-1], len(texts) - 1, 5)
    assert {item for _, item in got} <= set(range(600, 610))  # those that smiled too
    assert len(read) < 60
