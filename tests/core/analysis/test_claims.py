"""Claims: kinds, speakers and cues, scores and reasons — on the sample article and on news cases."""

from __future__ import annotations

import statistics

import pytest

from tests.conftest import claims_of, load_article
from tui.core.analysis.article import analyse
from tui.core.analysis.claims import KINDS
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def sample():
    art = load_article(str(SAMPLE))
    text = art.document.text
    return art, [(text[c.start:c.end], c) for c in art.claims]


def find(rows, words):
    hits = [c for t, c in rows if words in t]
    assert len(hits) == 1, (words, len(hits))
    return hits[0]


def test_sample_speakers(sample):
    _, rows = sample
    expected = {
        "who warns that such actions": "Vladimir Putin",
        "Putin has already reacted": "Vladimir Putin",
        "Biden told reporters Tuesday": "Biden",
        "according to reports": "reports",
        "Politico report:": "Politico",
        "The National Security Council declined": "The National Security Council",
        "Jake Sullivan indicated": "Jake Sullivan",
        "It is not about geography": "Jake Sullivan",
        "it only makes sense to allow Ukraine to hit back": "Jake Sullivan",
    }
    for words, speaker in expected.items():
        assert find(rows, words).speaker == speaker, words


def test_sample_kinds_and_cues(sample):
    _, rows = sample
    biden = find(rows, "Biden told reporters")
    assert biden.kinds[:2] == ("quote", "attribution") and biden.cue == "told"
    nsc = find(rows, "declined to comment")
    assert "attribution" in nsc.kinds and nsc.cue == "declined to comment"
    sullivan = find(rows, "It is not about geography")
    assert {"quote", "attribution"} <= set(sullivan.kinds) and sullivan.cue == "said"
    assert any("he" in r and "Jake Sullivan" in r for r in sullivan.reasons)
    bare = find(rows, "it only makes sense")
    assert "quote" in bare.kinds and bare.cue is None
    assert any("continues the quotation of Jake Sullivan" == r for r in bare.reasons)
    first = find(rows, "reportedly finalizing")
    assert "hedge" in first.kinds
    assert any("reportedly" in r for r in first.reasons)


def test_sample_never_splits_inside_abbreviations(sample):
    art, rows = sample
    for text, _ in rows:
        assert not text.endswith(("U.S.", "U.K.")), text
    assert any("U.S. agreeing to allow Ukraine to use U.K. long-range missiles" in t for t, _ in rows)


def test_the_opinion_sentence_scores_below_the_median(sample):
    _, rows = sample
    median = statistics.median(c.score for _, c in rows)
    opinion = find(rows, "remain profound")
    assert opinion.score < median
    assert "assertion" not in opinion.kinds


def test_every_claim_has_reasons_and_kinds_in_order(sample):
    _, rows = sample
    for text, c in rows:
        assert 0.0 <= c.score <= 1.0
        assert list(c.kinds) == [k for k in KINDS if k in c.kinds]
        if c.kinds:
            assert c.reasons, text
        for m in c.marks:
            assert c.start <= m.start < m.end <= c.end


@pytest.mark.parametrize(
    "sentence, kinds, speaker, cue",
    [
        ("Unemployment fell to 3.5 percent in March, the lowest since 1969.", {"statistic"}, None, None),
        ("The company paid $4.2 billion for the stake.", {"statistic"}, None, None),
        ("Officials said the plan could be delayed.", {"attribution", "hedge"}, "Officials", "said"),
        ("“We will not retreat from this position,” said Defense Secretary Lloyd Austin.",
         {"quote", "attribution"}, "Lloyd Austin", "said"),
        ("The ministry said in a statement that talks would resume.", {"attribution"}, "ministry", "said"),
        ("According to the Pentagon, the strike hit a depot.", {"attribution"}, "Pentagon", "according to"),
        ("A spokeswoman for the agency declined to comment.", {"attribution"}, "spokeswoman for the agency",
         "declined to comment"),
        ("Reuters: The vote is expected next week.", {"attribution", "hedge"}, "Reuters", ":"),
        ("The so-called “peace plan” was shelved.", set(), None, None),
        ("The suspect allegedly fled the scene.", {"hedge"}, None, None),
        ("Owners of the six cafés on Market Street said prices had doubled.",
         {"attribution", "statistic"}, "Owners of the six cafés on Market Street", "said"),
        ("Officials in Washington said the talks had stalled.", {"attribution"},
         "Officials in Washington", "said"),
        ("In Kyiv, officials said the strike hit a depot.", {"attribution"}, "officials", "said"),
        ("We checked its five main claims against the survey.", set(), None, None),
        ("Verdict: mostly false.", set(), None, None),
        ("Update: The council voted on Tuesday.", set(), None, None),
    ],
)
def test_news_sentences(sentence, kinds, speaker, cue):
    (claim,) = claims_of([sentence])
    assert set(claim.kinds) - {"assertion"} == kinds
    assert claim.speaker == speaker
    assert claim.cue == cue


def test_pronoun_resolves_to_the_last_named_person():
    doc = ("Sen. Elizabeth Warren criticised the bill on Monday. "
           "“This is a giveaway to the banks,” she said. "
           "The Treasury declined to comment.")
    from tui.core.document.parse import parse

    art = analyse(parse(doc, "text"))
    speakers = [c.speaker for c in art.claims]
    assert speakers == [None, "Elizabeth Warren", "Treasury"]
