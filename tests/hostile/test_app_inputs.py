"""The reader on every readable case of the hostile corpus: it opens, moves, annotates, finds and
quits, and what it draws holds no control character and every bracket as typed."""

from __future__ import annotations

import re

import pytest

from tests.app.helpers import make_app, ready, screen_text, type_text, until
from tests.hostile.corpus import MARKUP, OK
from tests.conftest import load_document

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("app-corpus")
    out = {}
    for name, build in OK.items():
        home = folder / name
        home.mkdir()
        out[name] = build(home)
    return out


@pytest.mark.parametrize("case", OK)
async def test_the_reader_holds_on_every_readable_input(case, corpus):
    # The real analysis: hostile text goes through the claim detector inside the reader too.
    app = make_app(load_document(str(corpus[case])), analyser=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        for key in ("j", "J", "G", "K", "g", "space", "b"):
            await pilot.press(key)
        await pilot.pause()
        shown = screen_text(app)
        assert _CONTROL.search(shown) is None, shown
        assert "PWNED" not in shown
        statements = len(app.article.statements) if app.article else 0
        if statements:
            # A note through the editor, on whatever statement the keys left us on.
            await pilot.press("a")
            assert await until(pilot, lambda: type(app.screen).__name__ == "NoteEditor")
            await type_text(pilot, "[b]ok[/b]")
            await pilot.press("ctrl+s")
            assert await until(pilot, lambda: app.screen is app.screen_stack[0])
            assert await until(pilot, lambda: "[b]ok[/b]" in screen_text(app))
        # The finder on this article.
        await pilot.press("slash")
        await pilot.pause()
        await type_text(pilot, "said")
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
        await pilot.press("q")
    assert app.return_code in (0, None)


async def test_markup_in_the_article_is_drawn_as_typed(corpus):
    app = make_app(load_document(str(corpus["markup"])))
    async with app.run_test(size=(140, 30)) as pilot:
        await ready(pilot)
        shown = screen_text(app)
        assert "[@click=app.quit]click[/]" in shown
        assert "[link=https://evil.example]x[/link]" in shown
        assert MARKUP.split(".")[1].strip() in shown  # "The rule is [b]not[/b] applied"
