"""ctrl+o in the note editor: the body written in the user's own editor ($VISUAL, else $EDITOR),
the reader stepped aside meanwhile; what the editor saved comes back, nothing else does."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from tests.app.helpers import make_app, ready, type_text, until
from tui.app.help import HelpScreen
from tui.app.note_editor import NoteEditor, edit_outside

SIZE = (100, 30)


def editor_script(tmp_path: Path, body: str, name: str = "editor") -> Path:
    """A small editor: records the file it was given (its last argument: its name, mode and
    text), then runs ``body`` (a shell snippet; "$f" is the file)."""
    script = tmp_path / name
    script.write_text(
        "#!/bin/sh\n"
        "for f; do :; done\n"
        f'echo "$f" > "{tmp_path}/path"\n'
        f'stat -c %a "$f" > "{tmp_path}/mode"\n'
        f'cat "$f" > "{tmp_path}/given"\n'
        f"{body}\n", encoding="utf-8")
    script.chmod(0o700)
    return script


@pytest.fixture
def no_editor(monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


def suspendable(app) -> None:
    """The test's terminal cannot be handed over: the app steps aside as a real one would."""
    app.suspend = contextlib.nullcontext


def body(app) -> TextArea:
    return app.screen.query_one("#note-body", TextArea)


async def open_editor(pilot, words: str = "draft") -> None:
    await ready(pilot)
    await pilot.press("a")
    assert await until(pilot, lambda: isinstance(pilot.app.screen, NoteEditor))
    await type_text(pilot, words)
    assert body(pilot.app).text == words


async def test_what_the_editor_saves_becomes_the_body(tmp_path, monkeypatch, no_editor):
    script = editor_script(tmp_path, "printf 'Written elsewhere.\\n\\n- a list\\n' > \"$f\"")
    monkeypatch.setenv("VISUAL", str(script))
    app = make_app()
    suspendable(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        await pilot.press("ctrl+o")
        assert await until(pilot, lambda: body(app).text == "Written elsewhere.\n\n- a list")
        assert "The note now holds what you wrote in editor." in app.shown
        assert "Nothing to go back to." not in app.shown  # ctrl+o is not the reader's Back here
        # The editor had the words typed so far, in a private Markdown file, gone afterwards.
        given = Path((tmp_path / "path").read_text().strip())
        assert given.suffix == ".md" and not given.exists()
        assert (tmp_path / "mode").read_text().strip() == "600"
        assert (tmp_path / "given").read_text() == "draft"
        assert app.focused is body(app)
        await pilot.press("ctrl+z")  # one edit: undone at once
        assert await until(pilot, lambda: body(app).text == "draft")
        await pilot.press("ctrl+y", "ctrl+s")
        assert await until(pilot, lambda: len(app.placed) == 1)
        assert app.placed[0].note.body == "Written elsewhere.\n\n- a list"


async def test_a_failing_editor_leaves_the_body_as_it_was(tmp_path, monkeypatch, no_editor):
    script = editor_script(tmp_path, "echo 'half-written' > \"$f\"\nexit 3")
    monkeypatch.setenv("EDITOR", str(script))  # no VISUAL: EDITOR is used
    app = make_app()
    suspendable(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        await pilot.press("ctrl+o")
        assert await until(pilot, lambda: "editor ended with status 3: the note is unchanged."
                           in app.shown)
        assert body(app).text == "draft"
        assert not Path((tmp_path / "path").read_text().strip()).exists()


async def test_an_editor_closed_without_saving_changes_nothing(tmp_path, monkeypatch, no_editor):
    visual = editor_script(tmp_path, "true", "visual")
    editor = editor_script(tmp_path, "echo never > \"$f\"", "editor")
    monkeypatch.setenv("VISUAL", str(visual))  # VISUAL before EDITOR
    monkeypatch.setenv("EDITOR", str(editor))
    app = make_app()
    suspendable(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot, "kept as typed")
        await pilot.press("ctrl+o")
        assert await until(pilot, lambda: "visual left the note unchanged." in app.shown)
        assert body(app).text == "kept as typed"


async def test_without_an_editor_set_the_user_is_told_how(no_editor):
    app = make_app()
    suspendable(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        await pilot.press("ctrl+o")
        assert await until(pilot, lambda: any(m.startswith("Set VISUAL or EDITOR")
                                              for m in app.shown))
        assert body(app).text == "draft" and isinstance(app.screen, NoteEditor)


async def test_where_the_terminal_cannot_be_handed_over_the_user_is_told(tmp_path, monkeypatch,
                                                                         no_editor):
    script = editor_script(tmp_path, "echo changed > \"$f\"")
    monkeypatch.setenv("VISUAL", str(script))
    app = make_app()  # the test's terminal: Textual cannot suspend it
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        await pilot.press("ctrl+o")
        assert await until(pilot, lambda: any("cannot hand the screen" in m for m in app.shown))
        assert body(app).text == "draft"
        assert not (tmp_path / "path").exists()  # the editor never ran


def test_an_editor_command_with_arguments_and_what_it_may_write(tmp_path, monkeypatch):
    folder = tmp_path / "my editors"
    folder.mkdir()
    script = editor_script(folder, 'printf "%s\\033[31m red\\r\\n" "$0:$#" > "$f"')
    text, said = edit_outside(f"'{script}' --wait", "old")
    # Split as a shell splits it (a path with a space, an argument); control characters and
    # escape sequences the editor wrote are taken out; CRLF is a newline; the last one dropped.
    assert text == f"{script}:2 red" and said.endswith("editor.")
    assert edit_outside("/no/such/editor", "old") == (
        None, "Could not run editor: No such file or directory.")
    assert edit_outside("'unclosed", "old")[0] is None
    assert edit_outside("''", "old")[0] is None


def test_the_temporary_file_is_private_markdown_and_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # (tempfile reads it once: given explicitly)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    script = editor_script(tmp_path, "true")
    assert edit_outside(str(script), "secret")[0] is None
    given = Path((tmp_path / "path").read_text().strip())
    assert given.parent == tmp_path and given.name.endswith(".md")
    assert (tmp_path / "mode").read_text().strip() == "600"
    assert (tmp_path / "given").read_text() == "secret"
    assert not given.exists()


async def test_the_help_lists_both_keys():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        texts = [str(s.render()) for s in app.screen.query(Static)]
        assert "y" in texts and "ctrl+o" in texts
        assert any(t.startswith("Copy the current statement as a quotation") for t in texts)
        assert any(t.startswith("Note: Write the note in your own editor") for t in texts)
