"""The speaker is the subject of its reporting verb, whatever news puts between them: appositions,
relative clauses, an age and a town, a time, a dash aside, a first verb phrase; the shapes a
fact-checker meets on real news (the sentences below are the ones the speakers issue quotes)."""

from __future__ import annotations

import pytest

from tui.core.analysis.article import analyse
from tui.core.analysis.claims import analyse_text
from tui.core.analysis.quotes import find_quotes
from tui.core.document.parse import parse


@pytest.mark.parametrize("sentence, speaker", [
    # Appositions and asides: the name, not what the aside mentions.
    ('"We used to see street hustlers do this kind of thing," Andrei Illarionov - then economic '
     'adviser to President Vladimir Putin - told a press conference.', "Andrei Illarionov"),
    ("However, Dick Pound, the chairman of the World Anti-Doping Authority, has said the tests "
     "are flawed.", "Dick Pound"),
    ('"It is a disgrace," Michael Mijatov, international division secretary of the Flight '
     'Attendants Association, told Agence France Presse.', "Michael Mijatov"),
    ("Mr Mubanga, 32, from Wembley, London, said he had been tortured.", "Mubanga"),
    ("Marley Anderson, 21, a junior from Las Vegas, said she voted for Sanders.",
     "Marley Anderson"),
    ("Kevin Brady, chairman of the House Ways and Means Committee, said the tax would be "
     "delayed.", "Kevin Brady"),
    ("Russ Schriefer, an adviser to Mr. Romney's campaign, said the ad would run.",
     "Russ Schriefer"),
    ("Trump, who has relied on populist fervor, has said Britain should leave.", "Trump"),
    ("Senate Majority Leader Mitch McConnell (R-Ky.) issued a statement saying that the Senate "
     "should wait.", "Mitch McConnell"),
    # A first verb phrase, a time, auxiliaries and adverbs between the subject and its verb.
    ("Max Lawson welcomed the statement and said it was overdue.", "Max Lawson"),
    ("Fields later tweeted a photograph of her bruised forearm and said she had been yanked "
     "backward.", "Fields"),
    ("Sony today announced a new console.", "Sony"),
    ("The Trump campaign said Tuesday that it raised $10 million.", "Trump campaign"),
    # Inverted, with a title or an organisation after the name, or a described source.
    ('"It is a record," said Academy executive director Bruce Davis.', "Bruce Davis"),
    ('"The numbers are strong," said Paul Dergarabedian of box office tracker Exhibitor '
     'Relations.', "Paul Dergarabedian"),
    ('"Growth is slowing," said Chris Low at FTN Financial.', "Chris Low"),
    ("Prices will rise, says the watchdog.", "watchdog"),
    ("Sales fell, the newspaper reported.", "newspaper"),
    ('“Donald is an amazing leader,” said the 46-year-old.', "46-year-old"),
    ('"It is a difficult issue," said the Florida senator, "because rights conflict."',
     "Florida senator"),
    # A scare quote is no edge of the clause.
    ('“We’ve had better conventions,” Texas delegate Bill Eastland, wearing a cowboy hat and '
     '“Ted Cruz” campaign pins, said.', "Bill Eastland"),
    # Described and counted subjects, kept whole.
    ("A spokesman for one US shop said sales had doubled.", "spokesman for one US shop"),
    ("Six in 10 Virginia Democratic primary voters said Clinton is honest.",
     "Six in 10 Virginia Democratic primary voters"),
    ('"I apologize to nobody for that," the senator said during the debate.', "senator"),
    # A cue the model is sure of: its verb's subject.
    ("The inquiry found that the checks were never made.", "inquiry"),
    ("Clinton is calling for the United States to step up military efforts.", "Clinton"),
    # The writer's own voice, outside quotation marks.
    ("I predict this will not end well.", "I (the writer)"),
])
def test_the_speaker_is_the_subject_of_the_verb(sentence, speaker):
    claim = analyse_text(sentence)
    assert "attribution" in claim.kinds, claim.reasons
    assert claim.speaker == speaker, claim.reasons


def test_the_united_states_is_no_cue():
    claim = analyse_text("Clinton wants more troops sent to the United States Army bases.")
    assert claim.speaker != "United"
    assert claim.cue != "States"


def test_a_headline_keeps_its_capitalised_cue():
    claim = analyse_text("Bernie Sanders Says He Has Already Started Writing His Address.")
    assert claim.speaker == "Bernie Sanders" and claim.cue == "Says"


def test_quoted_by_as_saying_is_the_one_quoted():
    art = analyse(parse("“It is over,” said Tony Abbott.\n\nHe was quoted by The "
                        "Australian newspaper as saying the deal was dead.", "text"))
    assert art.claims[-1].speaker == "Tony Abbott"


def test_he_with_a_contraction_is_a_pronoun():
    art = analyse(parse("“We are ready,” said Ted Cruz.\n\nHe’s predicting that he will win "
                        "the nomination.", "text"))
    assert art.claims[-1].speaker == "Ted Cruz"


def test_quotation_marks_written_as_two_apostrophes():
    text = "''We wanted to control the real estate,'' Michael C. Cernech, the city manager, said."
    (start, end), = find_quotes(text)
    assert text[start:end].strip(" '\"").startswith("We wanted")
    claim = analyse_text(text)
    assert "quote" in claim.kinds and claim.speaker == "Michael C. Cernech"


def test_a_count_or_a_noun_is_not_the_subject_of_a_cue_noun():
    assert analyse_text("Two questions: Why would he do that?").speaker is None
    assert "attribution" not in analyse_text(
        "We checked its five main claims against the survey.").kinds


def test_he_never_refers_to_a_party():
    art = analyse(parse("Chief executive Geoff Dixon said the airline would cut jobs.\n\n"
                        "The Lib Dems said taxes would rise.\n\n"
                        "And he claimed the Tories would cut £35bn from public services.",
                        "text"))
    assert art.claims[1].speaker == "The Lib Dems"
    assert art.claims[2].speaker == "Geoff Dixon"
