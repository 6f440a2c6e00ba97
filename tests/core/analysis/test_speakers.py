"""Who made a statement when its readings disagree: the ranking learned from annotated news picks
among the rules' source, the clause's subject and the learned head ("…, labor-policy experts
say" over "Donald Trump's new proposal"); names written together speak together; "he" may be a
person named earlier in the same statement; the fast scorers add up the same features as the
training scripts."""

from __future__ import annotations

import re
from itertools import repeat

import pytest

from tui.core.analysis import speakers
from tui.core.analysis.claims import analyse_text
from tui.core.analysis.context import Context
from tui.core.analysis.cues import features, model, source_features, source_model
from tui.core.analysis.sources import Sentence
from tui.core.analysis.subjects import subject_of
from tui.core.analysis.words import REPORTING


def speakers_of(*statements: str) -> list[str | None]:
    ctx = Context()
    return [analyse_text(text, ctx).speaker for text in statements]


@pytest.mark.parametrize("sentence, speaker", [
    # The surest reporting verb's source, not the subject of an earlier clause.
    ("Donald Trump's new proposal for paid maternity leave is vague about who would be eligible, "
     "labor-policy experts say.", "labor-policy experts"),
    ("But a campaign operative decided to change course to avoid treatment by doctors, nurses or "
     "other medical workers who could leak details to reporters, a source said.", "source"),
    # A person of an organisation: the person.
    ('"It was the least bad outcome," Mr. Morgan of the Sierra Club said.', "Morgan"),
    # An organisation's name with "and" in it is one name.
    ("The House Ways and Means Committee said it would act.", "The House Ways and Means Committee"),
    # One plural noun of people is a source when nothing else is.
    ("But environmentalists worry that Mr. Clarke is breathing new life into a polluting "
     "industry.", "environmentalists"),
    # A label before a colon is nobody.
    ("CLARIFICATION: The first sentence has been clarified to reflect that Fowler is calling for "
     "a process.", "Fowler"),
])
def test_the_speaker_among_disagreeing_readings(sentence, speaker):
    assert speakers_of(sentence) == [speaker]


def test_people_named_together_speak_together_and_are_they():
    ctx = Context()
    said = [analyse_text(text, ctx).speaker for text in (
        "Senator Chuck Grassley spoke first.", "Senator Patrick Leahy agreed.",
        "But Mr. Grassley and Mr. Leahy say other changes are needed.")]
    assert said[2] == "Chuck Grassley and Patrick Leahy"
    assert ctx.last_group == "Chuck Grassley and Patrick Leahy"  # what "they" now stands for


def test_a_pronoun_with_a_clitic_is_a_pronoun():
    # "She’ll", "I've": the pronoun, not a name "She’ll".
    assert speakers_of("Hillary Clinton said the plan was ready.",
                       "She’ll present her proposals in a speech Friday.")[1] == "Hillary Clinton"
    assert speakers_of("If, as I've suggested, developers benefit, he has proposed nothing.") \
        == ["I (the writer)"]


def test_a_capitalised_preposition_is_no_first_name():
    # "Unlike Patriot, …" once made every later "Patriot" "Unlike Patriot".
    assert speakers_of("Unlike Patriot, the mine owners paid.",
                       "Patriot said it would not pay.")[1] == "Patriot"


def test_the_ranking_decides_and_ties_go_to_the_rules():
    text = ("Donald Trump's new proposal for paid maternity leave is vague about who would be "
            "eligible, labor-policy experts say.")
    sentence = Sentence(text)
    found = sentence.attribution()
    cands = speakers.candidates(sentence, found, Context())
    names = {c.name for c in cands}
    assert {"labor-policy experts", "Donald Trump"} <= names
    rules = next(c for c in cands if "pipe" in c.features)
    # No weights at all: every reading scores 0 and the rules' own reading stands.
    assert speakers.SpeakerModel({}).best(cands) is rules
    # Weights that prefer another reading choose it.
    other = next(c for c in cands if c is not rules)
    marker = next(f for f in other.features if f not in rules.features)
    assert speakers.SpeakerModel({marker: 100.0}).best(cands) is other


def test_the_writer_speaking_is_never_overruled():
    sentence = Sentence("I think the figures are wrong, the minister said.")
    found = sentence.attribution()
    if found[0] is not None and sentence.name(found[0]) == "I":
        assert speakers.choose(sentence, found, Context()) is None


def _sentences():
    text = (
        "Kevin Brady, chairman of the House Ways and Means Committee, said the tax would be delayed. "
        "\"We will not back down,\" the senator told reporters on Tuesday. "
        "Officials at the agency, who spoke on condition of anonymity, said that the plan had failed. "
        "According to a report seen by Reuters, sales fell 4 percent, suggesting a slowdown. "
        "The company, which makes chips, announced on Monday that it would cut 300 jobs, a "
        "spokeswoman said. Critics argue that the rules, written in 1990, are out of date.")
    return [Sentence(s) for s in re.split(r"(?<=[.!?])\s+", text)]


def test_the_fast_head_finder_scores_the_training_features():
    m = source_model()
    get = m.weights.get
    checked = 0
    for sentence in _sentences():
        toks = sentence.toks
        for k, tok in enumerate(toks):
            if tok.low not in model().lexicon and tok.low not in REPORTING:
                continue
            rule = subject_of(toks, k)
            scores = {j: sum(map(get, source_features(toks, j, k, rule), repeat(0.0)))
                      for j in range(max(0, k - 10), min(len(toks), k + 11))
                      if j != k and toks[j].text[0].isalnum()}
            none = sum(get(f + "|" + tok.low, 0.0) + get(f, 0.0) for f in ("none",))
            best = max(scores.values(), default=none)
            expected = None if best <= none else min(j for j, s in scores.items() if s == best)
            assert m.head(toks, k) == expected
            checked += 1
    assert checked > 10


def test_the_fast_cue_score_adds_the_training_features():
    m = model()
    for sentence in _sentences():
        for k in range(len(sentence.toks)):
            for quoted in (False, True):
                slow = sum(map(m.weights.get, features(sentence.toks, k, quoted, sentence.text),
                               repeat(0.0)))
                assert m.score(sentence.toks, k, quoted, sentence.text) == pytest.approx(slow)
