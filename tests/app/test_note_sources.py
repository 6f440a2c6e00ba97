"""A note's sources in the editor: links typed become the note's evidence (read today), what
is not a web link is said and not saved, links cited before keep what was known of them; the
sidebar lists them."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input

from tests.app.helpers import SIZE, make_app, ready, screen_text, type_text, until
from tests.app.test_note_editor import Host, body, start
from tui.app.note_editor import NoteDraft, NoteEditor, parse_sources
from tui.core.notes.model import Evidence

CHECK = Evidence("https://checks.example/may", accessed="2024-06-10", publisher="Desk",
                 rating="Mostly True", date="2024-06-02", claim="In May…")


def test_parse_sources_keeps_what_was_known_and_says_what_is_no_link():
    today = date.today().isoformat()
    got, bad = parse_sources("https://checks.example/may <https://new.example/a>, ftp://x "
                             "javascript:alert(1) https://new.example/a", (CHECK,))
    assert got == (CHECK, Evidence("https://new.example/a", accessed=today))
    assert bad == ["ftp://x", "javascript:alert(1)"]
    assert parse_sources("") == ((), [])


async def test_a_link_that_is_not_one_is_said_and_the_note_waits():
    app = Host(NoteEditor("A quote."))
    async with app.run_test(size=(100, 34)) as pilot:
        await start(pilot)
        await type_text(pilot, "Checked the report.")
        sources = app.editor.query_one("#note-sources", Input)
        sources.focus()
        await type_text(pilot, "https://example.org/report www.example.org/other")
        await pilot.press("ctrl+s")
        assert app.results == []  # not saved
        assert "Not a web link (http:// or https://): www.example.org/other" in screen_text(app)
        sources.value = "https://example.org/report"
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: app.results)
        draft = app.results[0]
        assert draft.body == "Checked the report."
        assert draft.evidence == (Evidence("https://example.org/report",
                                           accessed=date.today().isoformat()),)


async def test_a_note_with_only_a_source_is_a_note():
    app = Host(NoteEditor("A quote."))
    async with app.run_test(size=(100, 34)) as pilot:
        await start(pilot)
        assert body(app).text == ""
        app.editor.query_one("#note-sources", Input).focus()
        await type_text(pilot, "https://example.org/only")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: app.results)
        assert [e.url for e in app.results[0].evidence] == ["https://example.org/only"]


async def test_sources_saved_listed_in_the_sidebar_and_edited():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.view.move_to(3)
        app.annotate(NoteDraft("Two sources.", (), "unverified", (CHECK,)))
        assert await until(pilot, lambda: isinstance(app.screen, NoteEditor)
                           and app.screen.query("#note-sources"))
        for w in app.screen.query("TextArea, Input"):
            w.cursor_blink = False
        sources = app.screen.query_one("#note-sources", Input)
        assert sources.value == "https://checks.example/may"
        sources.focus()
        await pilot.press("end")
        await type_text(pilot, " https://example.org/report")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(app.placed) == 1)
        note = app.placed[0].note
        assert note.evidence == (CHECK, Evidence("https://example.org/report",
                                                 accessed=date.today().isoformat()))
        text = screen_text(app)
        assert "Mostly True" in text and "https://checks.example/may" in text
        assert f"read {date.today().isoformat()}" in text
        # Edited: the fact-check taken out, the page kept as it was.
        await pilot.press("e")
        assert await until(pilot, lambda: isinstance(app.screen, NoteEditor)
                           and app.screen.query("#note-sources"))
        app.screen.query_one("#note-sources", Input).value = "https://example.org/report"
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: not isinstance(app.screen, NoteEditor)
                           and app.placed and len(app.placed[0].note.evidence) == 1)
        assert app.placed[0].note.evidence[0].url == "https://example.org/report"
