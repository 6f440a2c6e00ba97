"""Every cell the reader draws is readable, in every theme Textual ships, in sixteen colours and
without colour (NO_COLOR): the article's words at 4.5:1 against what is behind them (WCAG AA),
the interface at 3:1 — with the cursor on every kind of statement, every claim shown.

The screen is measured as the terminal is sent it (tests/app/contrast.py), not as CSS says."""

from __future__ import annotations

import pytest
from rich.color import ColorSystem
from textual.geometry import Region
from textual.theme import BUILTIN_THEMES

from tests.app.contrast import screen_cells, worst
from tests.app.helpers import document_from, make_app, ready, sample_document, until
from tui.app.article_view import GUTTER
from tui.app.config import Config
from tui.core.analysis.claims import KINDS
from tui.core.session import Session

SIZE = (110, 34)
#: A Markdown article with what a page can hold: headings, code, a table, a quotation, a list,
#: a link, and claims of every kind.
MARKDOWN = """\
# Harbour bridge repairs to cost twice the estimate

## What the report says

The repairs will cost $48 million, nearly double last year's figure, according to a report.
Mayor Ana Ruiz said on Monday that the bridge was safe. "We have inspected every cable," she said.
Officials expect traffic could rise further when the terminal opens.
The bridge opened in 1932.

### The figures

| year | vehicles a day | cost |
|------|---------------:|------|
| 2019 | 52,000 | `n/a` |
| 2024 | 60,000 | $48m |

> "That number was never realistic," said Tom Becker, an engineer.

1. The council votes on the budget on Jan. 14, [the agenda](https://example.org/agenda) says.
2. Work could begin in the spring.

```python
cost = 48_000_000  # dollars
```

Inline `code` and **strong** and *emphasis* read too.
"""


def _text_region(app) -> Region:
    """The article's words: its pane less the margin (letters and bars) and the scrollbar."""
    view = app.view.region
    return Region(view.x + GUTTER, view.y, max(0, view.width - GUTTER - 2), view.height)


def _failures(app, system: ColorSystem | None = None) -> list[str]:
    cells = screen_cells(app, system)
    text = _text_region(app)
    out = []
    for inside, floor in ((True, 4.5), (False, 3.0)):
        cell = worst(cells, text, inside)
        if cell is not None and cell.ratio < floor:
            where = "article" if inside else "interface"
            out.append(f"{where} {cell.char!r} at {cell.x},{cell.y}: {cell.ratio:.2f}:1 "
                       f"({cell.fg} on {cell.bg})")
    return out


def _cursor_stops(app) -> list[int]:
    """A statement of each kind the article has, one that is no claim, and the first one."""
    claims = app.article.claims
    stops = {0}
    for kind in KINDS:
        stops.update([next((i for i, c in enumerate(claims) if c.kinds and c.kinds[0] == kind),
                           0)])
    stops.add(next((i for i, c in enumerate(claims) if not c.kinds), 0))
    return sorted(stops)


async def _measure(pilot, themes, system: ColorSystem | None = None) -> list[str]:
    app = pilot.app
    problems = []
    for theme in themes:
        app.theme = theme
        await pilot.pause()
        for stop in _cursor_stops(app):
            app.view.move_to(stop, center=True)
            await pilot.pause()
            problems += [f"{theme}, statement {stop}: {p}" for p in _failures(app, system)]
    return problems


@pytest.mark.parametrize("which", ["sample", "markdown"])
async def test_every_cell_reads_in_every_theme(which):
    if which == "sample":
        app = make_app(analyser=Session.analyse)  # the detector itself: every kind it finds
    else:
        app = make_app(document_from(MARKDOWN, "/articles/bridge.md", "markdown"),
                       analyser=Session.analyse)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, library=False)
        await pilot.press("v")  # every claim accented, whatever its score
        kinds = {k for c in app.article.claims for k in c.kinds}
        assert len(kinds) >= 4, kinds
        problems = await _measure(pilot, list(BUILTIN_THEMES))
    assert not problems, "\n".join(problems[:20])


async def test_fewer_colours_keep_the_cursor_and_accents_readable():
    """A 256-colour terminal gets the nearest of its colours; the current statement's tint must
    not turn its words into their own background (214 on 214, as it once did)."""
    app = make_app(document_from(MARKDOWN, "/articles/bridge.md", "markdown"),
                   analyser=Session.analyse)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, library=False)
        await pilot.press("v")
        problems = await _measure(pilot, ["textual-dark", "textual-light"], ColorSystem.EIGHT_BIT)
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_no_color(monkeypatch, theme):
    """NO_COLOR: Textual draws in greys; the page still reads and the cursor still shows."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(analyser=Session.analyse)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, library=False)
        assert app.no_color
        await pilot.press("v")
        problems = await _measure(pilot, [theme])
        # The current statement is marked by its bar, which needs no colour.
        first, _ = app.view.statement_lines(app.view.cursor)
        row = first - int(app.view.scroll_y) + app.view.region.y
        bars = [c for c in screen_cells(app) if c.char == "▌" and c.y == row]
        assert bars
    assert not problems, "\n".join(problems[:20])


async def test_a_theme_change_repaints_everything_at_once():
    """The reader switched to another theme looks exactly as one started in it."""
    started = make_app(sample_document(), config=Config(theme="textual-light"))
    async with started.run_test(size=SIZE) as pilot:
        await ready(pilot, library=False)
        await pilot.press("j", "j")
        expected = screen_cells(started)
    switched = make_app(sample_document(), config=Config(theme="textual-dark"))
    async with switched.run_test(size=SIZE) as pilot:
        await ready(pilot, library=False)
        await pilot.press("j", "j")
        dark = screen_cells(switched)
        switched.theme = "textual-light"
        assert await until(pilot, lambda: screen_cells(switched) != dark)
        await pilot.pause()
        assert screen_cells(switched) == expected


@pytest.mark.parametrize("keys", [("f",), ("a",), ("slash", *"putin"), ("question_mark",)],
                         ids=["filter", "note", "finder", "help"])
async def test_every_dialog_reads_in_every_theme(keys):
    """The dialogs (filter, note editor, finder with its results and the current one
    highlighted, help) keep their text at 3:1 in every theme: inside the dialog, not the
    dimmed reader behind it. (One dialog a test: the four run side by side.)"""
    app = make_app(analyser=Session.analyse)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        problems = []
        for keys in (keys,):
            await pilot.press(*keys)
            assert await until(pilot, lambda: len(app.screen_stack) > 1)
            for theme in BUILTIN_THEMES:  # the dialog open while the theme changes under it
                app.theme = theme
                await pilot.pause()
                dialog = app.screen.children[0].region
                cells = [c for c in screen_cells(app) if c.char not in "▌▐"]  # tall borders
                cell = worst(cells, dialog, True)
                if cell is not None and cell.ratio < 3.0:
                    problems.append(f"{theme}, {keys[0]}: {cell.char!r} at {cell.x},{cell.y}: "
                                    f"{cell.ratio:.2f}:1 ({cell.fg} on {cell.bg})")
            await pilot.press("escape")
            assert await until(pilot, lambda: len(app.screen_stack) == 1)
    assert not problems, "\n".join(problems[:30])
