"""Markdown as the reader draws it (tests/data/markdown-all.md): tables in aligned columns,
footnotes, links shown and opened only when asked, heading levels, code with its language,
nested lists and quotes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.color import ColorType
from textual.theme import BUILTIN_THEMES

from tests.app.helpers import document_from, make_app, ready, screen_text, until
from tests.conftest import ROOT
from tui.app.app import MarginApp
from tui.app.layout import COLUMN_GAP, MIN_COLUMN, layout, special_blocks
from tui.app.links import LinksScreen
from tui.core.document.parse import parse

SOURCE = (ROOT / "tests" / "data" / "markdown-all.md").read_text(encoding="utf-8")


def markdown_app(source: str = SOURCE):
    return make_app(document_from(source, source="/articles/markdown-all.md", fmt="markdown"))


def rows_with(text: str, *words: str) -> list[str]:
    """The screen's lines holding every one of ``words``, the sidebar cut off."""
    return [line.split("▏")[0] for line in text.splitlines() if all(w in line for w in words)]


def statement_with(app, words: str) -> int:
    doc = app.document
    return next(i for i, st in enumerate(app.article.statements)
                if words in doc.text[st.start:st.end])


async def test_a_table_is_drawn_in_aligned_columns_under_a_header_rule():
    app = markdown_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        text = screen_text(app)
        header, = rows_with(text, "Year", "Vehicles a day", "Change")
        rule, = rows_with(text, "─┼─")[:1]
        body = [rows_with(text, year, "│")[0] for year in ("2021", "2022", "2023")]
        bars = [i for i, ch in enumerate(header) if ch == "│"]
        assert len(bars) == 2
        for line in [rule, *body]:  # every row's columns meet at the header's
            assert [i for i, ch in enumerate(line) if ch in "│┼"] == bars
        # The middle column is right-aligned, as the table says (---:).
        ends = {line.rstrip().index(n) + len(n) for line, n in
                zip(body, ("148,000", "154,000", "160,000"))}
        assert ends == {header.index("Vehicles a day") + len("Vehicles a day")}
        note, = rows_with(text, "Note", "a pipe | inside a cell")  # an escaped pipe is text
        assert "\\|" not in note


async def test_a_table_wider_than_the_pane_wraps_its_cells_in_their_columns():
    app = markdown_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        view = app.view
        view.scroll_to(y=view.line_of_offset(app.document.text.index("Claim | Verdict")),
                       animate=False)
        await pilot.pause()
        text = screen_text(app)
        width = view.scrollable_content_region.width
        lines = [line.rstrip(" ▁▂▃▄▅▆▇█") for line in rows_with(text, "│")]  # (no scrollbar)
        assert all(len(line) <= width for line in lines)
        bars = {tuple(i for i, ch in enumerate(line) if ch == "│") for line in lines}
        assert len(bars) == 1  # one set of columns, however many lines a row takes
        column = min(bars.pop())
        first = " ".join(line[:column] for line in lines)
        # Every word of the long cell is there, in its column, on lines of its own.
        for word in "The bridge carries more traffic than any other in the state".split():
            assert word in first


async def test_footnotes_are_numbered_and_listed_at_the_end():
    app = markdown_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "in 2023.[1]" in screen_text(app) and "[^1]" not in screen_text(app)
        await pilot.press("G")
        await pilot.pause()
        text = screen_text(app)
        assert rows_with(text, "[1] Figures from the transport department, 2024.")
        assert rows_with(text, "[2] Induction loops under each lane.")
        assert rows_with(text, "[3] A note nobody refers to keeps its words.")
        notes = text.index("[1] Figures")
        assert text.rindex("───", 0, notes) < notes  # a rule sets the notes apart


async def test_the_link_key_shows_addresses_and_opens_one_only_when_asked(monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(MarginApp, "open_url", lambda self, url, **kw: opened.append(url))
    monkeypatch.setattr("tui.app.links.browser_problem", lambda: None)  # as on a desktop
    app = markdown_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.view.move_to(statement_with(app, "The full data is on"))
        await pilot.press("l")
        assert await until(pilot, lambda: isinstance(app.screen, LinksScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "city's open data portal" in text
        assert "https://data.example.org/bridge?year=2023" in text
        assert "https://example.org/report.pdf" in text
        await pilot.press("down")
        await pilot.pause()
        assert opened == []  # showing and choosing open nothing
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, LinksScreen))
        assert opened == []
        await pilot.press("l")
        assert await until(pilot, lambda: isinstance(app.screen, LinksScreen))
        await pilot.press("down", "o")
        assert await until(pilot, lambda: opened == ["https://example.org/report.pdf"])
        assert not isinstance(app.screen, LinksScreen)


async def test_a_statement_without_links_says_so_and_no_dialog_opens():
    app = markdown_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.view.move_to(statement_with(app, "Some lanes were closed"))
        await pilot.press("l")
        assert await until(pilot, lambda: "This statement holds no link." in app.shown)
        assert not isinstance(app.screen, LinksScreen)


async def test_an_address_that_is_not_the_web_is_shown_as_text_and_never_opened(monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(MarginApp, "open_url", lambda self, url, **kw: opened.append(url))
    monkeypatch.setattr("tui.app.links.browser_problem", lambda: None)  # as on a desktop
    source = ("Read [the page](https://example.org/a), [[x]](https://example.org/[red]), "
              "[the file](../notes.md) and [the app](ms-settings:privacy).\n")
    app = markdown_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("l")
        assert await until(pilot, lambda: isinstance(app.screen, LinksScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "ms-settings:privacy" in text and "[x]" in text  # shown literally, not as markup
        await pilot.press("down", "down", "enter", "down", "o")
        assert await until(pilot, lambda: sum("is not a web or mail address" in m
                                                for m in app.shown) == 2)
        assert opened == [] and isinstance(app.screen, LinksScreen)
        await pilot.press("up", "up", "o")
        assert await until(pilot, lambda: opened == ["https://example.org/%5Bred%5D"])


def _styles_of(app, words: str) -> list:
    """The styles the view draws the words of a line with (their first cell)."""
    view = app.view
    for y in range(view.scrollable_content_region.height):
        strip = view.render_line(y)
        text = "".join(seg.text for seg in strip)
        if words in text:
            at = text.index(words)
            pos = 0
            for seg in strip:
                if pos <= at < pos + len(seg.text):
                    return seg.style
                pos += len(seg.text)
    raise AssertionError(f"{words!r} not drawn")


async def test_heading_levels_look_different_without_colour():
    app = markdown_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.view.move_to(statement_with(app, "Counts come from"))  # the cursor off them
        await pilot.pause()
        assert "THE HARBOUR REPORT" in screen_text(app)  # h1: capitals, bold, underlined
        looks = {}
        for words in ("THE HARBOUR REPORT", "Traffic by year", "How it was counted", "A detail"):
            style = _styles_of(app, words)
            looks[words] = (bool(style.bold), bool(style.italic), bool(style.underline))
        assert looks == {"THE HARBOUR REPORT": (True, False, True),
                         "Traffic by year": (True, False, False),
                         "How it was counted": (True, True, False),
                         "A detail": (False, True, False)}
        assert app.document.text.startswith("The harbour report")  # the text itself is kept


def _contrast(a, b) -> float:
    def lum(rgb):
        def ch(c):
            s = c / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(rgb[0]) + 0.7152 * ch(rgb[1]) + 0.0722 * ch(rgb[2])
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _code_links_and_tables_read(app, theme: str) -> None:
    text = screen_text(app)
    code, = rows_with(text, "def average(counts):")
    assert code.rstrip().endswith("python")  # the language, on the code's first line
    page = app.view.rich_style.bgcolor
    for words in ("def average", "python", "city's open", "[2]", "a|b", "Vehicles a day",
                  "148,000", "1. First"):
        style = _styles_of(app, words)
        fg = (style.color or app.view.rich_style.color)
        bg = style.bgcolor or page
        assert fg.type is not ColorType.DEFAULT and bg.type is not ColorType.DEFAULT
        ratio = _contrast(fg.get_truecolor(), bg.get_truecolor())
        assert ratio >= 4.5, (theme, words, ratio)
    code_ground = _styles_of(app, "def average").bgcolor
    assert code_ground is not None and code_ground != page  # code stands on its own ground
    assert _styles_of(app, "city's open").underline  # a link: not by colour alone


async def test_code_links_and_tables_read_in_every_theme():
    """One reader switched to each theme in turn (a theme change repaints as a start in it
    does: tests/app/test_contrast.py), every theme's failures said together."""
    app = markdown_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.view.move_to(statement_with(app, "Counts come from"))
        failed = []
        for theme in (t for t in BUILTIN_THEMES if not t.startswith("ansi")):
            app.theme = theme
            await pilot.pause()
            try:
                _code_links_and_tables_read(app, theme)
            except AssertionError as exc:
                failed.append(f"{theme}: {exc}")
    assert not failed, "\n".join(failed)


async def test_nested_lists_and_quotes_keep_their_markers_and_bars():
    app = markdown_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.view.move_to(statement_with(app, "The mayor did not answer"))
        await pilot.pause()
        text = screen_text(app)
        first, = rows_with(text, "1. First, the counts.")
        then, = rows_with(text, "2. Then the averages:")
        daily, = rows_with(text, "• daily")
        lane, = rows_with(text, "1. by lane")
        final, = rows_with(text, "3. Finally, the report.")
        lines = rows_with(text)
        # A tight list: item under item, no blank line; each level further in.
        assert lines.index(then) == lines.index(first) + 1
        assert then.index("Then") == first.index("First") == final.index("Finally")
        assert daily.index("daily") > then.index("Then")
        assert lane.index("by lane") > daily.index("daily")
        outer, = rows_with(text, "│ The mayor said traffic would fall.")
        inner, = rows_with(text, "│ │ A council member replied")
        y = lines.index(inner)
        # The quote's bar goes on through the blank lines around the nested quote.
        assert lines[y - 1].strip() == "│" and lines[y + 1].strip() == "│"
        assert inner.index("A council") > outer.index("The mayor")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(alphabet=st.sampled_from(list("ab cd 漢")), max_size=30),
                         min_size=3, max_size=3), min_size=1, max_size=4),
       st.integers(min_value=8, max_value=60))
def test_a_rows_lines_hold_every_cell_in_its_column_at_any_width(grid, width):
    source = "\n".join(["| " + " | ".join(grid[0]) + " |", "|--|:-:|--:|"]
                       + ["| " + " | ".join(row) + " |" for row in grid[1:]]) + "\n"
    doc = parse(source, "markdown")
    lines = layout(doc, width, lambda block: 0, special_blocks(doc))
    for b, block in enumerate(doc.blocks):
        table = lines.tables[b]
        assert sum(table.widths) + len(COLUMN_GAP) * 2 <= max(width, 3 * MIN_COLUMN + 6)
        mine = [line for line in lines if line.block == b]
        starts = [line.start for line in mine if line.first or line.start < block.end]
        assert starts == sorted(set(starts)) and starts[0] == block.start  # rising, first first
        pieces = table.pieces(doc.text, block)
        for c, (s, e) in enumerate((s.start, s.end) for s in block.spans if s.kind == "cell"):
            drawn = [row[c] for row in pieces if row[c] is not None]
            assert all(cell_len(doc.text[p:q]) <= table.widths[c] for p, q in drawn)
            # every letter of the cell, in order, on the lines of its column (a line breaks at
            # a space, or inside a word longer than the column)
            assert "".join(doc.text[p:q] for p, q in drawn).replace(" ", "") == \
                doc.text[s:e].replace(" ", "")


async def test_without_a_browser_a_link_is_not_opened_and_the_reason_is_said(monkeypatch):
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(MarginApp, "open_url", lambda self, url, **kw: opened.append(url))

    def no_browser(*args, **kwargs):
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", no_browser)
    app = markdown_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.view.move_to(statement_with(app, "The full data is on"))
        await pilot.press("l")
        assert await until(pilot, lambda: isinstance(app.screen, LinksScreen))
        await pilot.press("down", "o")
        assert await until(pilot, lambda: any("no web browser here" in m for m in app.shown))
        assert opened == [] and isinstance(app.screen, LinksScreen)  # the address still shown
