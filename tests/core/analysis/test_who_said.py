"""Who said it on news: cues learned from annotated news, transcript turns, a person in the fullest
form the article gave, "he" for the last person who spoke (not the last one mentioned)."""

from __future__ import annotations

import pytest

from tui.core.analysis.article import analyse
from tui.core.analysis.claims import analyse_text
from tui.core.analysis.cues import model
from tui.core.document.parse import parse


def speakers(text: str) -> list[tuple[tuple[str, ...], str | None]]:
    art = analyse(parse(text, "text"))
    return [(c.kinds, c.speaker) for c in art.claims]


@pytest.mark.parametrize("sentence, speaker, cue", [
    # Cues outside the old word list, learned from news.
    ("A Bloomberg poll shows that Americans in wealthy households have abandoned the party.",
     None, "shows"),
    ("Polls show the race tightening in Ohio and Florida.", "Polls", "show"),
    ("The senator called for an inquiry into the contract.", "senator", "called"),
    # The old list still finds its sources.
    ("“We will not back down,” said Jake Sullivan.", "Jake Sullivan", "said"),
])
def test_learned_cues(sentence, speaker, cue):
    claim = analyse_text(sentence)
    assert "attribution" in claim.kinds, claim.reasons
    assert claim.cue == cue
    if speaker is not None:
        assert claim.speaker == speaker


@pytest.mark.parametrize("sentence", [
    "The show opened on Broadway in 1998.",
    "Update: The council voted on Tuesday.",
    "We checked its five main claims against the survey.",
])
def test_words_that_can_be_cues_are_not_always(sentence):
    assert "attribution" not in analyse_text(sentence).kinds


def test_the_model_is_a_lexicon_and_weights_not_text():
    m = model()
    assert {"said", "told", "according", "shows", ":"} <= m.lexicon
    assert "the" not in m.lexicon and "a" not in m.lexicon
    assert len(m.weights) > 1000


def test_transcript_turns():
    rows = speakers("WALLACE: Let's start with the debate.\n\n"
                    "PENCE: Well, I'm saying the report was incomplete.")
    assert rows[0] == (("attribution",), "WALLACE") or rows[0][1] == "WALLACE"
    assert rows[1][1] == "PENCE"  # not "I'm"


def test_a_label_before_a_colon_is_no_speaker():
    claim = analyse_text("Media Contact: press@example.org")
    assert claim.speaker is None


def test_surname_and_title_take_the_full_name_given_before():
    rows = speakers("German Gref, the economy minister, spoke on Monday. "
                    "“Growth will come back,” Gref said. "
                    "“We expect four per cent,” Mr Gref told reporters.")
    assert rows[1][1] == "German Gref"
    assert rows[2][1] == "German Gref"


def test_he_is_the_last_person_who_spoke_not_the_last_one_named():
    rows = speakers("Mr Hirsch said the plan was sound. "
                    "Critics compared it with a scheme by Thomas Thiemann in 2004. "
                    "The first steps had been badly handled, he said.")
    assert rows[2][1] == "Hirsch"


def test_a_name_at_the_end_keeps_no_full_stop():
    claim = analyse_text("“The clubs were not told,” said Kerr.")
    assert claim.speaker == "Kerr"


def test_a_turn_keeps_its_speaker_to_the_end_of_its_paragraph():
    rows = speakers("PENCE: Well, look, this is serious. It's serious business. The choice is "
                    "important.\n\nThe debate begins on Monday.")
    assert [speaker for _, speaker in rows] == ["PENCE", "PENCE", "PENCE", None]


def test_a_count_before_a_colon_is_no_speaker():
    assert analyse_text("Two questions: Why would he do that?").speaker is None


def test_a_run_on_line_is_read_by_the_rules_alone():
    """A line of a broken file is no news sentence: the learned cues ("word" is one, as in "his
    word") are not weighed in it; a reporting verb still is."""
    run_on = " ".join(["word"] * 200)  # 200 tokens, 1,000 characters
    assert "attribution" not in analyse_text(run_on).kinds
    assert "attribution" in analyse_text("word " * 200 + "the minister said.").kinds
    assert "attribution" in analyse_text("His word was final, the minister said.").kinds
