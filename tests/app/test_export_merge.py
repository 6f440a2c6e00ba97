"""The reader's export (``x``) into a file exported before: what the user wrote there is kept
and the counts are said; a file that is not Margin's is left alone, the dialog saying why."""

from __future__ import annotations

import shutil

from textual.widgets import Input

from tests.app.helpers import SIZE, make_app, ready, screen_text, until
from tests.conftest import SAMPLE, load_document
from tui.app.dialogs import ExportScreen


def on_top(app) -> bool:
    return app.screen is app.screen_stack[0] and len(app.screen_stack) == 1


def article_copy(tmp_path):
    article = tmp_path / "story.txt"
    shutil.copy(SAMPLE, article)
    return make_app(load_document(str(article)))


def add_note(app, statement: int, body: str) -> None:
    app.session.add_note(app.record, app.article, statement, body=body)
    app.reload_notes()


async def test_x_again_keeps_the_users_lines_and_says_what_changed(tmp_path):
    app = article_copy(tmp_path)
    target = tmp_path / "story.notes.md"
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        add_note(app, 6, "First note.")
        await pilot.press("x")
        assert await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert "every line you wrote there is kept" in " ".join(screen_text(app).split())
        await pilot.press("enter")
        assert await until(pilot, lambda: on_top(app) and target.exists())
        # Edited in a note app meanwhile.
        text = target.read_text(encoding="utf-8").replace("---\n\n#", "status: draft\n---\n\n#", 1)
        target.write_text(text + "\nMy own line.\n", encoding="utf-8")
        add_note(app, 1, "Second note.")
        await pilot.press("x", "enter")
        assert await until(pilot, lambda: on_top(app) and any(
            "1 added, 1 unchanged; your own lines kept" in m for m in app.shown))
    md = target.read_text(encoding="utf-8")
    assert md.count("My own line.") == 1 and md.count("status: draft") == 1
    assert md.index("Second note.") < md.index("First note.") < md.index("My own line.")


async def test_x_into_a_file_that_is_not_margins_leaves_it_and_says_why(tmp_path):
    app = article_copy(tmp_path)
    target = tmp_path / "story.notes.md"
    target.write_text("# My own notes on the story\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        add_note(app, 6, "A note.")
        await pilot.press("x")
        assert await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("enter")
        assert await until(pilot, lambda: "holds no notes exported by Margin" in
                           " ".join(screen_text(app).split()))
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#path", Input).value == str(target)
        # Another file: written.
        other = tmp_path / "other.md"
        app.screen.query_one("#path", Input).value = str(other)
        await pilot.press("enter")
        assert await until(pilot, lambda: on_top(app) and other.exists())
    assert target.read_text(encoding="utf-8") == "# My own notes on the story\n"
    assert "A note." in other.read_text(encoding="utf-8")
