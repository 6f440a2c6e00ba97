"""Quotation marks at statement boundaries: flattened news paragraphs, as segmented into statements
(segment.sentence_spans) and as their quotations are found (quotes.find_quotes)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.analysis import segment
from tui.core.analysis.article import analyse
from tui.core.analysis.quotes import find_quotes, mark_shape, marks_alternate, pair_marks
from tui.core.analysis.segment import sentence_spans
from tui.core.document.parse import parse


def statements(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def quoted(statement: str) -> list[str]:
    return [statement[s:e] for s, e in find_quotes(statement)]


# Paragraphs as a source that flattens its paragraphs gives them: a quotation's paragraphs run
# together, the first left open ("... rugby. "The clubs ..."), as multi-paragraph quotations are.

CONTINUATION = (
    'Club delegates rejected the restructuring plan by 61 votes to 39 at Murrayfield on '
    'Saturday. And Kerr said: "This is a dreadful result for every level of the game in '
    'Scotland. "The clubs have been asking for a proper voice for three seasons and they have '
    'been ignored every time. We will not go away quietly." The governing body said it would '
    'study the result before commenting.')

# Closing marks written after a space (". " Lindsay"), so a closing mark and an opening one
# look alike but for what follows them.
SPACED = (
    "Kerr, who took over as president in June, said the board had misjudged the mood. \"It is "
    "a sad day for the sport. \" Lindsay's executive board has been locked in a dispute with "
    "the council, which speaks for the amateur clubs. \"We walked in and asked ourselves, 'what "
    "on earth is going on here?'\" said Kerr. \"Nobody had told us anything. \" The council "
    "declined to comment.")

CURLY = (
    "The minister defended the cuts in a statement on Monday. She said: “This budget protects "
    "the services that families rely on most. “We have had to make difficult choices, and I "
    "will not pretend otherwise.” Opposition parties called the plan a betrayal.")


def test_a_continuation_starts_with_its_opening_mark_and_is_a_quotation() -> None:
    got = statements(CONTINUATION)
    assert got == [
        "Club delegates rejected the restructuring plan by 61 votes to 39 at Murrayfield on "
        "Saturday.",
        'And Kerr said: "This is a dreadful result for every level of the game in Scotland.',
        '"The clubs have been asking for a proper voice for three seasons and they have been '
        'ignored every time. We will not go away quietly."',
        "The governing body said it would study the result before commenting.",
    ]
    assert [quoted(s) for s in got] == [
        [],
        ['"This is a dreadful result for every level of the game in Scotland.'],
        [got[2]],
        [],
    ]


def test_spaced_closing_marks_pair_by_position_and_narration_is_no_quotation() -> None:
    # One paragraph, as a whole flattened article is: the quotation left open before shifts
    # every pairing sentencex makes after it.
    text = CONTINUATION + " " + SPACED
    got = statements(text)
    assert got[:4] == statements(CONTINUATION)
    assert got[4:] == [
        "Kerr, who took over as president in June, said the board had misjudged the mood.",
        '"It is a sad day for the sport. "',
        "Lindsay's executive board has been locked in a dispute with the council, which speaks "
        "for the amateur clubs.",
        "\"We walked in and asked ourselves, 'what on earth is going on here?'\" said Kerr.",
        '"Nobody had told us anything. "',
        "The council declined to comment.",
    ]
    assert [quoted(s) for s in got[4:]] == [
        [],
        ['"It is a sad day for the sport. "'],
        [],
        ["\"We walked in and asked ourselves, 'what on earth is going on here?'\""],
        ['"Nobody had told us anything. "'],
        [],
    ]
    assert statements(SPACED) == got[4:]


def test_a_curly_continuation_gets_a_statement_of_its_own() -> None:
    got = statements(CURLY)
    assert got == [
        "The minister defended the cuts in a statement on Monday.",
        "She said: “This budget protects the services that families rely on most.",
        "“We have had to make difficult choices, and I will not pretend otherwise.”",
        "Opposition parties called the plan a betrayal.",
    ]
    assert quoted(got[1]) == ["“This budget protects the services that families rely on most."]
    assert quoted(got[2]) == [got[2]]


@pytest.mark.parametrize(("text", "expected"), [
    # A paragraph of a quotation in more than one sentence, then the next paragraph of it.
    ('Delegates voted on Saturday. And Kerr said: "This is a dreadful result. We are shocked. '
     '"The clubs have been ignored. We will not go away quietly." The board said nothing.',
     ["Delegates voted on Saturday.",
      'And Kerr said: "This is a dreadful result. We are shocked.',
      '"The clubs have been ignored. We will not go away quietly."',
      "The board said nothing."]),
    # A novel's paragraph that ends in a quotation the next paragraph carries on.
    ("“Do you mean to sell the farm?” asked his sister, folding the letter and setting it down "
     "on the table. “Because if you do, I would rather hear it from you than the solicitor—",
     ["“Do you mean to sell the farm?” asked his sister, folding the letter and setting it "
      "down on the table.",
      "“Because if you do, I would rather hear it from you than the solicitor—"]),
    # A straight mark closed by a curly one, and the other way round.
    ('“The fire crews worked through the night and saved most of the street," the chief '
     'officer said. "Two houses were lost. Nobody was hurt, and that is what matters.”',
     ['“The fire crews worked through the night and saved most of the street," the chief '
      'officer said.',
      '"Two houses were lost. Nobody was hurt, and that is what matters.”']),
    # A curly mark set the wrong way round hides no sentence's end.
    ("The council called the plan “unaffordable and unfair“ in a statement. Its leader, Joan "
     "Pike, said: “We were never consulted. “Residents deserve better than this.” The vote is "
     "on Friday.",
     ["The council called the plan “unaffordable and unfair“ in a statement.",
      "Its leader, Joan Pike, said: “We were never consulted.",
      "“Residents deserve better than this.”",
      "The vote is on Friday."]),
    # Marks that pair as expected: sentencex's statements, untouched.
    ("“Yes,” said he. “I will go tomorrow, and you may tell them so.” She nodded.",
     ["“Yes,” said he.", "“I will go tomorrow, and you may tell them so.”", "She nodded."]),
    ('"We won," he said. "They lost. It was fair." Then he left.',
     ['"We won," he said.', '"They lost. It was fair."', "Then he left."]),
    # A lone mark at the end of a paragraph stays there.
    ("“They can see the polls,” he said. “They see that. “",
     ["“They can see the polls,” he said.", "“They see that. “"]),
    # A title's full stop starts no sentence, quoted or not.
    ('He said: "We met Dr. "Bones" Kelly at the ground. "It was a long day."',
     ['He said: "We met Dr. "Bones" Kelly at the ground.', '"It was a long day."']),
])
def test_statements_of_paragraphs_with_quotation_marks(text: str, expected: list[str]) -> None:
    assert statements(text) == expected


@pytest.mark.parametrize(("statement", "expected"), [
    # The end of a quotation an earlier statement opened.
    ('We will not go away quietly."', ['We will not go away quietly."']),
    ("It makes their eyes open wider,” he said.", ["It makes their eyes open wider,”"]),
    # What a segmenter that put the marks on the wrong side left: no narration is quoted.
    ("\" Lindsay's executive board has been locked in a dispute with the council, which speaks "
     "for the amateur clubs. \"", []),
    ("We walked in and asked ourselves, 'what on earth is going on here?'\" said Kerr. \"",
     ["We walked in and asked ourselves, 'what on earth is going on here?'\""]),
    # A quotation that runs on past the statement, and one that starts a new paragraph of it.
    ("She said: “This budget protects the services families rely on.",
     ["“This budget protects the services families rely on."]),
    ('He said: "This is bad for the game. "The clubs will suffer badly."',
     ['"This is bad for the game.', '"The clubs will suffer badly."']),
    # A quotation inside another written with the same marks is part of it.
    ("“I would rather live in what he calls “hell” than anywhere else,” she said.",
     ["“I would rather live in what he calls “hell” than anywhere else,”"]),
    ('"Trump tried to laugh it off by interjecting, “Only Rosie O’Donnell.”',
     ['"Trump tried to laugh it off by interjecting, “Only Rosie O’Donnell.”']),
    # Marks of a sloppy source: a curly mark the wrong way round, straight and curly mixed.
    ("Senators called the ruling “abhorrent and vile“ in a letter.", ["“abhorrent and vile“"]),
    ('"Oz has a huge bully pulpit behind him,” said David Gorski, a surgeon.',
     ['"Oz has a huge bully pulpit behind him,”']),
    ('The mayor saw “no evidence" of terrorism.', []),
    # Scare quotes, inch marks and no marks at all are no quotations.
    ('The so-called "reform" failed.', []),
    # ... its full stop or comma inside the marks, by American custom: still a scare quote.
    ("Clinton called half of Donald Trump’s supporters “deplorables.”", []),
    ('Calls men derogatory names, like "pigs," and operates male beauty pageants.', []),
    # A short quotation introduced as speech is one.
    ("He said: “No.”", ["“No.”"]),
    ("He answered, “Never.”", ["“Never.”"]),
    ("“No,” he said.", ["“No,”"]),
    ('He bought a 12" record and a 7" single for the party.', []),
    ("Nothing quoted here.", []),
    # As before: short exclamations, closed quotations, single curly quotations.
    ('"Stop!" she shouted.', ['"Stop!"']),
    ("‘I will not resign,’ he told reporters.", ["‘I will not resign,’"]),
    ("« Nous ne céderons pas », a-t-il dit.", ["« Nous ne céderons pas »"]),
])
def test_quotations_of_a_statement(statement: str, expected: list[str]) -> None:
    assert quoted(statement) == expected


@pytest.mark.parametrize(("text", "i", "shape"), [
    ('said: "This', 6, True),
    ('Scotland. "The', 10, True),
    ('quietly." The', 8, False),
    ('here?\'" said', 6, False),
    ('day. " Lindsay', 5, None),  # spaces on both sides: its place in the sequence decides
    ('a 12" record', 4, False),
])
def test_mark_shape(text: str, i: int, shape: bool | None) -> None:
    assert text[i] == '"'
    assert mark_shape(text, i) is shape


def test_a_mark_with_spaces_on_both_sides_closes_an_open_quotation_or_opens_one() -> None:
    roles = [opens for _i, _family, opens, _clear in pair_marks(SPACED)]
    assert roles == [True, False, True, False, True, False]
    assert not marks_alternate(SPACED)
    assert marks_alternate('"We won," he said. "They lost."')
    assert marks_alternate("“Yes,” he said. “I will")  # a quotation that runs on past the end


def test_the_detector_gives_a_continuation_the_speaker_of_its_quotation() -> None:
    """Through the whole analysis: the continuation is a quotation, and so the detector gives
    it the speaker of the statement before; the narration after it quotes nobody."""
    article = analyse(parse(CONTINUATION, "text"))
    text = article.document.text
    rows = [(text[c.start:c.end], c) for c in article.claims]
    continuation = next(c for t, c in rows if t.startswith('"The clubs'))
    assert "quote" in continuation.kinds and continuation.speaker == "Kerr"
    narration = next(c for t, c in rows if t.startswith("The governing body"))
    assert "quote" not in narration.kinds


def test_chunked_segmentation_of_flattened_quotations_matches_whole_text(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = " ".join([CONTINUATION, SPACED, CURLY] * 40)
    whole = sentence_spans(text)
    monkeypatch.setattr(segment, "_CHUNK", 1500)
    assert sentence_spans(text) == whole


_QUOTY = st.lists(st.sampled_from(
    ['"', "“", "”", "«", "»", "‘", "’", "'", " ", "  ", ". ", "? ", ", ", "said", "The", "word",
     "Dr.", "x", "\n", "—", "("]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_QUOTY)
def test_quotations_are_ordered_disjoint_spans_of_the_statement(text: str) -> None:
    spans = find_quotes(text)
    end = 0
    for s, e in spans:
        assert end <= s < e <= len(text)
        end = e


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_QUOTY)
def test_statements_of_quote_heavy_text_keep_the_contract(text: str) -> None:
    spans = sentence_spans(text)
    covered = set()
    end = 0
    for s, e in spans:
        assert end <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        covered.update(range(s, e))
        end = e
    assert all(ch.isspace() or k in covered for k, ch in enumerate(text))
