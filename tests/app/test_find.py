"""The finder, related statements and the jump history, driven from the keyboard."""

from __future__ import annotations

from tests.app.helpers import SIZE, make_app, no_blink, ready, screen_text, type_text, until
from tui.app.app import MarginApp
from tui.app.finder import FinderScreen, RelatedScreen
from tui.core.analysis.article import analyse
from tui.core.document.parse import parse
from tui.core.notes.reanchor import open_document
from tui.core.notes.store import Store

OTHER = ("Harbour news\n"
         "The harbour bridge will close for repairs in May, the mayor said.\n"
         "Repairs will cost $48 million, nearly double the estimate.\n")


def remember(text: str, source: str) -> None:
    art = analyse(parse(text, "text", source=source, name=source.rsplit("/", 1)[-1]))
    with Store.open(backup=False) as store:
        record, _ = open_document(store, source, art.document.title, art.document.text)
        store.save_analysis(record.id, art.document.text, art.statements, art.claims)


async def library_ready(pilot) -> None:
    await ready(pilot)
    assert pilot.app.library is not None


async def test_finder_finds_a_statement_from_a_query_with_a_typo_and_jumps():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, FinderScreen)
        no_blink(app)
        await type_text(pilot, "comon sense geograpy")
        await pilot.pause()
        text = screen_text(app)
        assert "It is not about geography" in text and "#15" in text
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FinderScreen)
        assert app.view.cursor == 14


async def test_finder_escape_returns_to_where_you_were_and_filters_work():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot)
        app.view.move_to(3)
        await pilot.press("slash")
        await pilot.pause()
        no_blink(app)
        await type_text(pilot, "kind:quote")
        await pilot.pause()
        finder = app.screen
        assert finder.results and all("quote" in r.item.kinds for r in finder.results)
        await pilot.press("down")
        await pilot.press("escape")
        await pilot.pause()
        assert app.view.cursor == 3
        await pilot.press("slash")
        await pilot.pause()
        await type_text(pilot, "@sullivan")
        await pilot.pause()
        assert {r.item.speaker for r in app.screen.results} == {"Jake Sullivan"}


async def test_finder_searches_the_library_and_opens_another_article_and_back(tmp_path):
    remember(OTHER, "/elsewhere/harbour.txt")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot)
        app.view.move_to(5)
        await pilot.press("slash")
        await pilot.pause()
        no_blink(app)
        await type_text(pilot, "harbor brige")
        await pilot.pause()
        assert app.screen.results == []  # this article only, at first
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "Harbour news" in screen_text(app)
        await pilot.press("enter")
        await ready(pilot)
        assert app.document.source == "/elsewhere/harbour.txt"
        assert app.view.cursor == 1
        assert "The harbour bridge will close" in screen_text(app)
        await pilot.press("ctrl+o")
        await ready(pilot)
        assert app.document.source == "/articles/ukraine-long-range-missiles.txt"
        assert app.view.cursor == 5
        await pilot.press("alt+right")
        await ready(pilot)
        assert app.document.source == "/elsewhere/harbour.txt"


async def test_related_lists_the_restatement_and_n_steps_through():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot)
        app.view.move_to(1)  # the summary: "Recent discussions indicate a potential shift ..."
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RelatedScreen)
        related = [r.item.statement for r in app.screen.results]
        assert 1 not in related and 4 in related[:3]
        assert "The White House is finalizing plans" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")
        assert app.view.cursor == related[0]
        await pilot.press("n")
        assert app.view.cursor == related[1]
        await pilot.press("N")
        assert app.view.cursor == related[0]
        await pilot.press("ctrl+o")
        assert app.view.cursor == related[1]


async def test_related_enter_jumps():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot)
        app.view.move_to(2)
        await pilot.press("r")
        await pilot.pause()
        first = app.screen.results[0].item.statement
        await pilot.press("enter")
        await pilot.pause()
        assert app.view.cursor == first


async def test_a_finder_opened_before_the_library_is_ready_fills_in_when_it_is():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot)
        library, app.library = app.library, None  # as on the first second of a big library
        assert library is not None
        await pilot.press("slash")
        await type_text(pilot, "Sulivan")
        await pilot.pause()
        assert "Reading the library" in screen_text(app)
        app.post_message(MarginApp.LibraryReady(library, generation=1_000_000))
        await until(pilot, lambda: app.library is library)
        text = screen_text(app)
        assert "Reading the library" not in text and "Jake Sullivan" in text
