"""The sidebar in words: why a statement is marked and what its score means, note bodies drawn
from their Markdown (as text, never as links), what changed in a sentence under review, and the
notes list reached with tab and opened with enter."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import Static

from tests.app.helpers import (
    SIZE, document_from, fixed_analysis, make_app, ready, sample_document, screen_text, until,
)
from tests.cli.test_cli_notes import MAYOR
from tui.app.note_list import NoteList
from tui.app.note_text import changes, note_snippet
from tui.core.analysis import why
from tui.core.analysis.claims import Claim
from tui.core.session import Session

PUTIN = 6  # 0-based: "... stating that such actions would represent the biggest escalation ..."
NATO = 2  # "... Putin, who warns ... a direct confrontation with NATO."
OPINION = 3  # "... remain profound." — not a claim
POLITICO = 7
SULLIVAN = 15  # a quotation that continues Jake Sullivan's


def add_note(document, statement: int, body: str) -> None:
    """A note written before the reader opens ``document``."""
    article = fixed_analysis(document)
    with Session() as session:
        session.add_note(session.register(article).record, article, statement, body=body)


def current(app) -> Static:
    return app.sidebar.query_one("#current", Static)


def words(app) -> str:
    """The current statement's panel as one line of words (its wrapping undone)."""
    return " ".join(current(app).content.plain.split())


def note_list(app) -> NoteList:
    return app.sidebar.query_one("#all-notes", NoteList)


def style_over(content, text: str) -> str:
    """The styles of ``content``'s spans that cover the first ``text`` in it."""
    start = content.plain.index(text)
    return " ".join(str(s.style) for s in content.spans
                    if s.start <= start and s.end >= start + len(text))


# -- why ------------------------------------------------------------------------------------


def test_reasons_are_phrases_with_the_words_of_the_statement():
    said = why.in_words(
        ["source: Vladimir Putin (warns)", "figure: 34%", "hedge: may",
         "wording: 'confrontation'", "wording: 'with nato'", "wording: 'biggest'",
         "a question, not a claim"],
        "Putin, who may warn of the biggest confrontation with NATO, said 34%?")
    assert said == [("names its source", "Vladimir Putin (warns)"), ("has a figure", "34%"),
                    ("hedged, not said as certain", "may"), ("a question, not a claim", ""),
                    ("a superlative", "“biggest”"),
                    (why.COMMON, "“confrontation”, “with NATO”")]
    assert [why.band(s) for s in (0.05, 0.3, 0.5, 0.82)] == [
        "very unlikely", "probably not", "likely", "very likely"]
    # A statement past those analysed has no score to speak of, and is told why.
    past = why.why(Claim(0, 0, 9, (), None, None, 0.0, ("not analysed: too far",)), "Too far on.")
    assert past.worth is None and past.reasons == (("not analysed: too far", ""),)
    plain = why.why(Claim(0, 0, 9, (), None, None, 0.4, ("wording: 'profound'",)), "Profound.")
    assert plain.worth == "probably not" and plain.title == "Why not a claim"
    assert [phrase for phrase, _ in plain.reasons] == [
        "no figure, source, quotation or hedge, and a score under 0.5"]


async def test_why_a_statement_is_marked_is_said_in_words():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.view.move_to(PUTIN)
        await pilot.pause()
        said = words(app)
        assert "Worth checking? very likely (0.99)" in said
        assert "Why • names its source: Vladimir Putin (stating)" in said
        assert "• a superlative: “biggest”" in said
        assert "• words common in check-worthy claims: “since”" in said
        assert "wording:" not in said and "• source:" not in said
        # A reason too long for a line goes on under its first word, not under the bullet.
        lines = current(app).content.plain.splitlines()
        wrapped = lines.index(" • names its source: Vladimir Putin") + 1
        assert lines[wrapped] == "   (stating)"

        app.view.move_to(NATO)
        await pilot.pause()
        said = words(app)
        assert "Worth checking? very unlikely (0.26)" in said
        assert "“with NATO”" in said and "'with nato'" not in said

        app.view.move_to(POLITICO)
        await pilot.pause()
        assert "Worth checking? likely (0.65)" in words(app)

        app.view.move_to(SULLIVAN)
        await pilot.pause()
        said = words(app)
        assert "Worth checking? probably not (0.41)" in said
        assert "• quotes someone: “If Russia is" in said
        assert "• continues the quotation of Jake Sullivan" in said

        app.view.move_to(OPINION)
        await pilot.pause()
        said = words(app)
        assert "Why not a claim • no figure, source, quotation or hedge, and a score under 0.5" in said
        # What raised its score a little is no reason for a statement that is not a claim.
        assert "check-worthy claims" not in said
        assert "Why not a claim" in screen_text(app)


# -- note bodies ----------------------------------------------------------------------------

BODY = ("## Check\n\n**Bold** claim, *seen* in `table 3`: [a](javascript:x) and "
        "[the report](https://example.org/r).\n\n- one\n- two")


def no_link(strips) -> bool:
    return all(seg.style is None or (seg.style.link is None and not seg.style.meta.get("@click"))
               for strip in strips for seg in strip)


async def test_a_note_body_is_drawn_from_its_markdown_as_text_with_no_link():
    doc = sample_document()
    add_note(doc, PUTIN, BODY)
    app = make_app(doc)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.view.move_to(PUTIN)
        await pilot.pause()
        content = current(app).content
        text = content.plain
        assert "Check\nBold claim, seen in table 3: [a](javascript:x) and the report" in text
        assert "‹https://example.org/r›" in text and "• one\n• two" in text
        assert "**" not in text and "##" not in text and "`" not in text
        assert "bold" in style_over(content, "Check") and "bold" in style_over(content, "Bold")
        assert "italic" in style_over(content, "seen")
        assert "reverse" in style_over(content, "table 3")
        assert "underline" in style_over(content, "the report")
        assert all("link" not in str(s.style) and "@" not in str(s.style) for s in content.spans)
        panel = current(app)
        assert no_link(panel.render_lines(Region(0, 0, panel.size.width, panel.size.height)))
        # The notes list: the same body on one line, drawn as text.
        notes = note_list(app)
        strips = [notes.render_line(y) for y in range(notes.size.height)]
        listed = "\n".join(strip.text for strip in strips)
        assert "Check Bold claim, seen in table 3…" in listed and "**" not in listed
        assert no_link(strips)
        assert any(seg.text == "Bold" and seg.style.bold for strip in strips for seg in strip)
        assert "[a](javascript:x)" in screen_text(app)


def test_a_snippet_is_one_line_cut_to_its_width():
    line = note_snippet("# Title\n\nA *long* body that goes on and on", 20)
    assert line.plain == "Title A long body t…" and line.cell_length == 20
    assert note_snippet("<script>alert(1)</script>", 40).plain == "<script>alert(1)</script>"
    assert note_snippet("[x]: https://example.org", 40).plain == "[x]: https://example.org"


# -- what changed ---------------------------------------------------------------------------


def test_changes_mark_the_words_taken_out_and_put_in():
    was, now = changes("Crime fell by 12% last year.", "Crime fell sharply by 2% last year.")
    assert [(was.plain[s.start:s.end], s.style) for s in was.spans] == [("12", "strike")]
    assert [(now.plain[s.start:s.end], s.style) for s in now.spans] == [
        ("sharply ", "bold underline"), ("2", "bold underline")]
    # Cut to fit, a long sentence starts a little before its first change.
    long = "word " * 100 + "the figure 12 here " + "tail " * 50
    was, now = changes(long, long.replace("12", "13"), width=80)
    assert len(was.plain) == len(now.plain) == 80
    assert was.plain.startswith("…") and was.plain.endswith("…")
    assert [was.plain[s.start:s.end] for s in was.spans] == ["12"]
    assert [now.plain[s.start:s.end] for s in now.spans] == ["13"]
    # Long middles that differ throughout are marked whole, not compared word by word.
    was, now = changes("a " * 1000, "b " * 1000, width=40)
    assert [(s.start, s.end, s.style) for s in was.spans] == [(0, 39, "strike")]
    assert [(s.start, s.end, s.style) for s in now.spans] == [(0, 39, "bold underline")]


async def test_a_note_in_review_shows_what_changed_by_style_not_colour():
    add_note(document_from(MAYOR, "/articles/crime.txt"), 1, "The mayor's figure")
    changed = MAYOR.replace("fell by 12% last year. She", "fell by 2% last year. She")
    app = make_app(document_from(changed, "/articles/crime.txt"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.view.move_to(1)
        assert await until(pilot, lambda: "was: " in current(app).content.plain)
        content = current(app).content
        lines = content.plain.splitlines()
        assert "was: Crime fell by 12% last year." in lines
        assert "now: Crime fell by 2% last year." in lines
        was = content.plain.index("was: ")
        now = content.plain.index("now: ")
        struck = [content.plain[s.start:s.end] for s in content.spans if "strike" in str(s.style)]
        added = [content.plain[s.start:s.end] for s in content.spans
                 if s.start > now and "underline" in str(s.style) and "bold" in str(s.style)]
        assert struck == ["12"] and added == ["2"]
        assert all(was < s.start < now for s in content.spans if "strike" in str(s.style))


# -- tab and enter --------------------------------------------------------------------------


async def test_tab_highlights_a_note_and_enter_goes_to_it():
    doc = sample_document()
    add_note(doc, PUTIN, "first")
    add_note(doc, 9, "second")
    app = make_app(doc)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        notes = note_list(app)
        assert app.view.has_focus and app.view.cursor == 0 and notes.highlighted is None
        # No note on this statement: the first note of the article.
        await pilot.press("tab")
        assert notes.has_focus and notes.highlighted_note.note.body == "first"
        await pilot.press("enter")
        assert app.view.has_focus and app.view.cursor == PUTIN
        # A statement with notes: its first.
        app.view.move_to(9)
        await pilot.pause()
        await pilot.press("tab")
        assert notes.has_focus and notes.highlighted_note.note.body == "second"
        await pilot.press("up", "enter")
        assert app.view.has_focus and app.view.cursor == PUTIN
