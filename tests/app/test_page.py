"""The page as a reader sees it: calm highlights (only what a checker looks for is accented),
check-worthiness as intensity, one key to show every claim, a cursor that never recolours the
words, and paging that always gets somewhere."""

from __future__ import annotations

import pytest

from tests.app.helpers import document_from, make_app, ready, sample_document, type_text, until
from tui.app.looks import STRONG
from tui.core.analysis.claims import KIND_INFO

SIZE = (120, 40)


def _style_at(app, offset: int):
    """The Rich style the article draws the character at ``offset`` in."""
    view = app.view
    line = view.lines[view.line_of_offset(offset)]
    segments = view._segments(line, view._base_style())
    # The line's text is its last segments (after the margin and indent), one char an offset.
    text, length = [], line.end - line.start
    while sum(len(s.text) for s in text) < length:
        text.insert(0, segments.pop())
    pos = line.start
    for seg in text:
        if pos <= offset < pos + len(seg.text):
            return seg.style
        pos += len(seg.text)
    raise AssertionError("offset not on its line")


async def test_only_the_marks_are_accented_and_the_rest_reads_like_the_article():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, library=False)
        await pilot.press("v")
        view = app.view
        base = view._base_style()
        claims = app.article.claims
        strong = next(c for c in claims if c.score >= STRONG and c.marks)
        medium = next(c for c in claims if app.config.min_score <= c.score < STRONG and c.marks)
        for claim in (strong, medium):
            marked = set()
            for mark in claim.marks:
                style = _style_at(app, mark.start)
                assert style.bold or style.italic or style.underline, mark
                # Colour only for the most check-worthy claims.
                assert (style.color != base.color) == (claim is strong), (mark, style)
                marked.update(range(mark.start, mark.end))
            plain = next(o for o in range(claim.start, claim.end)
                         if o not in marked and not app.document.text[o].isspace())
            style = _style_at(app, plain)
            assert style.color == base.color and not (style.bold or style.underline)


async def test_the_cursor_tints_the_ground_and_keeps_every_colour():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, library=False)
        await pilot.press("v")
        claims = app.article.claims
        index = next(i for i, c in enumerate(claims) if c.score >= STRONG and c.marks)
        mark = claims[index].marks[0]
        plain_before = _style_at(app, mark.start)
        app.view.move_to(index)
        await pilot.pause()
        under_cursor = _style_at(app, mark.start)
        assert under_cursor.color == plain_before.color
        assert under_cursor.bgcolor != plain_before.bgcolor


async def test_quiet_claims_keep_their_letter_and_lose_their_accents():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, library=False)
        claims = app.article.claims
        index = next(i for i, c in enumerate(claims)
                     if c.kinds and c.marks and c.score < app.config.min_score)
        assert not app.view.is_shown_claim(index)
        mark = claims[index].marks[0]
        style = _style_at(app, mark.start)
        assert not (style.bold or style.italic or style.underline)
        line = app.view.lines[app.view.line_of_offset(claims[index].start)]
        gutter = app.view._segments(line, app.view._base_style())[2]  # (after ✎ and ⚑)
        assert gutter.text.strip()  # its kind's letter, quietly
        await pilot.press("v")
        assert app.view.is_shown_claim(index)
        style = _style_at(app, mark.start)
        assert style.bold or style.italic or style.underline


async def test_space_always_moves_the_cursor_down_to_the_last_statement():
    text = "\n\n".join(f"Paragraph {i} says a thing. It has a second sentence that is long "
                       "enough to wrap around the line at eighty columns." for i in range(15))
    app = make_app(document_from(text))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, library=False)
        last = len(app.view.statements) - 1
        assert last == 29
        seen = [app.view.cursor]
        while app.view.cursor != last and len(seen) < 30:
            await pilot.press("space")
            assert app.view.cursor > seen[-1], seen
            seen.append(app.view.cursor)
        assert app.view.cursor == last
        while app.view.cursor != 0 and len(seen) < 60:
            await pilot.press("b")
            assert app.view.cursor < seen[-1], seen
            seen.append(app.view.cursor)
        assert app.view.cursor == 0


async def test_the_sample_is_calm_by_default():
    """Most statements of a news article are claims of some kind: by default only the
    check-worthy ones are accented, and fewer than half of the article's words."""
    app = make_app(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, library=False)
        view = app.view
        base = view._base_style()
        accented = total = 0
        for line in view.lines:
            if line.block < 0:
                continue
            for seg in view._segments(line, base)[4:]:
                words = len(seg.text.split())
                total += words
                if seg.style.bold or seg.style.italic or seg.style.underline:
                    accented += words
        assert 0 < accented < total / 4, (accented, total)


async def test_every_key_on_an_article_without_statements_is_answered_without_a_crash():
    """(The reader refuses to open an empty file, but a document can still have no statements:
    front matter only, a page that is all markup.) ``r`` once crashed on one."""
    from tui.app.keys import KEYS

    app = make_app(document_from("---\ntitle: Nothing\n---\n", "/articles/nothing.md",
                                 "markdown"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, library=True)
        assert len(app.article.statements) == 0
        for key in KEYS:
            if key.id in ("app.quit",):
                continue
            first = key.keys.split(",")[0]
            await pilot.press(first)
            await pilot.pause()
            while len(app.screen_stack) > 1:  # a dialog opened: close it
                await pilot.press("escape")
                await pilot.pause()
        assert app.is_running and app.return_code is None
        assert "This article has no statements to relate." in app.shown


async def test_the_current_statement_shows_its_letter_when_another_starts_on_its_line():
    from tui.core.session import Session

    app = make_app(document_from("Prices rose 12% in 2023, the ministry said. Taxes might fall "
                                 "next year if the budget allows it."),
                   analyser=Session.analyse)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, library=False)
        await pilot.press("v")
        view = app.view
        claims = app.article.claims
        # Two claims starting on one line: the second is the one to find.
        for i in range(1, len(claims)):
            if claims[i].kinds and claims[i - 1].kinds and (
                    view.statement_lines(i)[0] == view.statement_lines(i - 1)[0]):
                break
        else:
            raise AssertionError("no two claims start on one line")
        line = view.lines[view.statement_lines(i)[0]]
        letter = lambda: view._segments(line, view._base_style())[2].text  # noqa: E731
        first, second = (KIND_INFO[claims[k].kinds[0]].letter for k in (i - 1, i))
        assert first != second, (claims[i - 1].kinds, claims[i].kinds)
        view.move_to(i - 1)
        await pilot.pause()
        assert letter() == first
        view.move_to(i)
        await pilot.pause()
        assert letter() == second


@pytest.mark.parametrize("statement", [5, 6])
async def test_at_80x24_the_current_statements_note_shows_under_its_details(statement):
    from tests.app.helpers import screen_text

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.view.move_to(statement)
        await pilot.pause()
        await pilot.press("a")
        await type_text(pilot, "Asked the ministry.")
        await pilot.press("enter", "enter")
        await type_text(pilot, "Two sources agree.")
        await pilot.press("enter", "enter")
        await type_text(pilot, "Last line.")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(app.placed) == 1)
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        assert "Notes on this statement" in text
        # The whole note under the details (cut, with "…", to make room for it).
        assert "Last line." in text.split("All notes")[0], text
