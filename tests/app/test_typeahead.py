"""Keys typed faster than a dialog opens go into the dialog, not to the reader behind it."""

from __future__ import annotations

import shutil

from textual import events

from tests.app.helpers import SIZE, make_app, ready, screen_text, until
from tests.conftest import SAMPLE, load_document

#: Textual's names of the keys typed here that are not their own character.
KEY_NAMES = {" ": "space", ":": "colon", "/": "slash", "\r": "enter"}


def type_at_once(app, keys: str) -> None:
    """Queue keys the way a fast typist (or a paste into the terminal) delivers them: all before
    the app has handled the first."""
    for ch in keys:
        app.post_message(events.Key(KEY_NAMES.get(ch, ch), ch))


async def test_a_note_typed_right_after_a_goes_into_the_note():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        type_at_once(app, "aquick note: q d u")
        assert await until(pilot, lambda: type(app.screen).__name__ == "NoteEditor")
        assert await until(pilot, lambda: app.screen.query_one("#note-body").text
                           == "quick note: q d u")
        assert app.is_running and app.sidebar.display  # q, s, d, u did nothing behind it
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: app.screen is app.screen_stack[0])
        assert [p.note.body for p in app.placed] == ["quick note: q d u"]


async def test_a_query_typed_right_after_slash_goes_into_the_finder():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await app.workers.wait_for_complete()
        type_at_once(app, "/sulivan")
        # (One key at a time: the query is complete once the last key has been handled.)
        assert await until(pilot, lambda: len(app.screen_stack) > 1
                           and app.screen.query_one("#query").value == "sulivan")
        assert await until(pilot, lambda: "Jake Sullivan" in screen_text(app))


async def test_x_and_enter_at_once_export(tmp_path):
    article = tmp_path / "story.txt"
    shutil.copy(SAMPLE, article)
    app = make_app(load_document(str(article)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.session.add_note(app.record, app.article, 0, body="exported")  # (none: nothing to)
        app.reload_notes()
        type_at_once(app, "x\r")
        # (the file is written before the dialog closes: wait for both)
        assert await until(pilot, lambda: (tmp_path / "story.notes.md").exists()
                           and app.screen is app.screen_stack[0])
