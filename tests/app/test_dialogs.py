"""The dialogs take every key typed after the key that opens them, in order, and are usable:
the filter fits and says what it hides, the export dialog keeps what was typed when it fails."""

from __future__ import annotations

import os
import shutil

import pytest
from textual import events
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from tests.app.helpers import (SIZE, Reader, document_from, fixed_analysis, make_app, ready,
                               sample_document, screen_text, type_text, until)
from tests.conftest import SAMPLE, load_document
from tui.app.dialogs import ExportScreen, FilterScreen


@pytest.fixture
def at_once(monkeypatch):
    """pilot.press sends its keys without waiting in between, as a fast typist's or a pasting
    terminal's arrive: all of them are queued before the reader handles the first, so every key
    after the one that opens a dialog comes before the dialog is there."""
    async def no_wait(*args, **kwargs) -> None:
        pass

    # Pilot waits for the app to be idle after each key (textual.app.wait_for_idle); a
    # coroutine that returns at once never yields, so the keys go out in one go.
    monkeypatch.setattr("textual.app.wait_for_idle", no_wait)


def on_top(app) -> bool:
    """Only the reader is on the screen (every dialog closed)."""
    return app.screen is app.screen_stack[0] and len(app.screen_stack) == 1


def add_note(app, statement: int, body: str, tags: tuple[str, ...] = ()) -> None:
    app.session.add_note(app.record, app.article, statement, body=body, tags=tags)
    app.reload_notes()


def article_copy(tmp_path):
    article = tmp_path / "story.txt"
    shutil.copy(SAMPLE, article)
    return make_app(load_document(str(article)))


# -- every key reaches the dialog, in order -------------------------------------------------


async def test_a_note_body_tab_tags_and_ctrl_s_typed_at_once_are_saved(at_once):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", *"Fast body.", "tab", *"fasttag", "ctrl+s", "j")
        assert await until(pilot, lambda: len(app.placed) == 1 and on_top(app))
        (placed,) = app.placed
        assert (placed.note.body, placed.note.tags) == ("Fast body.", ("fasttag",))
        assert placed.statement == 0
        assert await until(pilot, lambda: app.view.cursor == 1)  # j went to the reader after


async def test_a_paste_right_after_a_goes_into_the_note_in_its_place():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for message in (events.Key("a", "a"), events.Key("quotation_mark", '"'),
                        events.Paste("pasted words"), events.Key("quotation_mark", '"'),
                        events.Key("ctrl+s", None)):  # all queued before the first is handled
            app.post_message(message)
        assert await until(pilot, lambda: len(app.placed) == 1 and on_top(app))
        assert app.placed[0].note.body == '"pasted words"'


async def test_e_edits_with_the_keys_typed_at_once(at_once):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        add_note(app, 0, "First")
        await pilot.press("e", *" edited", "tab", *"late", "ctrl+s")
        assert await until(pilot, lambda: on_top(app) and app.placed[0].note.revision == 2)
        note = app.placed[0].note
        assert (note.body, note.tags) == ("First edited", ("late",))


async def test_x_ctrl_u_a_path_and_enter_typed_at_once_export_there(at_once, tmp_path):
    app = article_copy(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        add_note(app, 2, "Exported at once.")
        target = tmp_path / "out_1.md"
        await pilot.press("x", "ctrl+u", *str(target), "enter", "j")
        assert await until(pilot, lambda: on_top(app) and any(
            f"Exported 1 note to {target}" in m for m in app.shown))
        assert "Exported at once." in target.read_text(encoding="utf-8")
        assert not (tmp_path / "story.notes.md").exists()
        # The j after enter went to the reader, not into the path of a dialog still open.
        assert await until(pilot, lambda: app.view.cursor == 1)


async def test_slash_a_query_and_enter_typed_at_once_jump(at_once):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        (sullivan,) = [st.index for st in app.article.statements
                       if "Jake Sullivan" in app.document.text[st.start:st.end]]
        await pilot.press("slash", *"sulivanx", "backspace", "enter")
        assert await until(pilot, lambda: on_top(app) and app.view.cursor == sullivan)


async def test_f_and_its_keys_typed_at_once_filter(at_once):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        # space: quote off; down, space: attribution off; enter: apply.
        await pilot.press("f", "space", "down", "space", "enter", "j")
        assert await until(pilot, lambda: on_top(app) and app.view.cursor == 1)
        assert app.config.kinds == ("statistic", "hedge", "assertion")


async def test_keys_after_escape_and_a_discard_go_back_to_the_reader(at_once):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", *"gone", "escape", "y", "j", "j")
        assert await until(pilot, lambda: on_top(app) and app.view.cursor == 2)
        assert app.placed == []


class TypedWhileMounting(ModalScreen[str]):
    """A dialog during whose mounting the user goes on typing: the keys reach the app before
    the dialog's field has focus (the focus is set once the dialog is mounted)."""

    AUTO_FOCUS = ""  # its field is focused by on_mount (as when it is not the first)

    def __init__(self, keys: list[str]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self):
        yield Input(id="field")

    def on_mount(self) -> None:
        for key in self.keys:  # as the terminal delivers them, meanwhile (sent by the app)
            self.app.post_message(events.Key(key, key if len(key) == 1 else None)
                                  .set_sender(self.app))
        self.query_one("#field", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class TypingReader(Reader):
    """The reader with, on o, a dialog typed into while it mounts (o a priority binding: it has
    run, and the key is done with, before the dialog is mounted)."""

    BINDINGS = [Binding("o", "open", "Open", priority=True)]
    result: str | None = None

    def action_open(self) -> None:
        keys = [*"meanwhile", "backspace", "enter", "j"]
        self.push_screen(TypedWhileMounting(keys), lambda value: setattr(self, "result", value))


async def test_keys_typed_while_a_dialog_mounts_wait_for_its_field():
    app = TypingReader(sample_document(), analyser=fixed_analysis)
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("o")
        assert await until(pilot, lambda: app.result is not None and on_top(app))
        assert app.result == "meanwhil"
        assert await until(pilot, lambda: app.view.cursor == 1)


# -- the filter -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_filter_dialog_fits(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("f")
        assert await until(pilot, lambda: isinstance(app.screen, FilterScreen))
        await pilot.pause()
        text = screen_text(app)
        for words in ("Highlight these claims", "quote", "assertion", "Lowest score shown",
                      "enter applies", "Cancel", "Apply"):
            assert words in text, words
        screen = app.screen.region
        for button in app.screen.query(Button):
            assert screen.contains_region(button.region), button


async def test_the_filter_dialog_scrolls_when_the_terminal_is_smaller():
    app = make_app()
    async with app.run_test(size=(80, 14)) as pilot:
        await ready(pilot)
        await pilot.press("f")
        assert await until(pilot, lambda: isinstance(app.screen, FilterScreen))
        assert "Apply" not in screen_text(app)
        await pilot.press("up")  # from the first box up to the last field: Apply
        await pilot.pause()
        apply = app.screen.query_one("#apply", Button)
        assert apply.has_focus and "Apply" in screen_text(app)
        await pilot.press("enter")
        assert await until(pilot, lambda: on_top(app))


async def test_enter_applies_and_a_box_shows_its_state_without_colour():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f")
        assert await until(pilot, lambda: isinstance(app.screen, FilterScreen))
        await pilot.press("space")  # quote off
        await pilot.pause()
        lines = screen_text(app).splitlines()
        (quote,) = [line for line in lines if " Q  quote " in line]
        (attributed,) = [line for line in lines if " A  attributed " in line]
        def box(line: str) -> str:  # between the dialog's border and the kind's badge
            return line[line.index("│") + 1:line.index("  ", line.index("│") + 3)]

        assert box(quote).strip(" ▐▌") == "" and box(attributed).strip(" ▐▌") == "✓"
        await pilot.press("enter")
        assert await until(pilot, lambda: on_top(app))
        assert "quote" not in app.config.kinds and "attribution" in app.config.kinds


async def test_a_score_out_of_range_is_said_in_the_dialog():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f")
        assert await until(pilot, lambda: isinstance(app.screen, FilterScreen))
        field = app.screen.query_one("#min-score", Input)
        field.focus()
        await pilot.press("ctrl+u", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        assert "The lowest score is a number from 0 to 1." in screen_text(app)


async def test_an_active_filter_shows_in_the_header_until_it_shows_everything_again():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "filter:" not in app.sub_title
        await pilot.press("f", "space", "down", "down", "space", "enter")
        assert await until(pilot, lambda: on_top(app))
        assert "filter: A H F ≥0.5" in app.sub_title
        assert "filter: A H F ≥0.5" in screen_text(app).splitlines()[0]
        # A higher score alone is a filter too.
        await pilot.press("f", "space", "down", "down", "space")
        await pilot.press("tab", "tab", "tab", "ctrl+u")
        await type_text(pilot, "0.8")
        await pilot.press("enter")
        assert await until(pilot, lambda: on_top(app))
        assert app.config.kinds == tuple(app.config.kinds) and len(app.config.kinds) == 5
        assert "filter: Q A S H F ≥0.8" in app.sub_title
        # Back to every kind from the default score: no indicator.
        await pilot.press("f")
        assert await until(pilot, lambda: isinstance(app.screen, FilterScreen))
        field = app.screen.query_one("#min-score", Input)
        field.focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "0.5")
        await pilot.press("enter")
        assert await until(pilot, lambda: on_top(app))
        assert "filter" not in app.sub_title


# -- the header ---------------------------------------------------------------------------


def header(app) -> str:
    return screen_text(app).splitlines()[0]


@pytest.mark.parametrize("width", [80, 200])
async def test_the_sample_shows_its_name_not_where_it_is_installed(width):
    from tui.core.session import sample_path

    app = make_app(load_document(str(sample_path())))
    async with app.run_test(size=(width, 30)) as pilot:
        await ready(pilot)
        await pilot.pause()
        line = header(app)
        claims = sum(1 for c in app.article.claims if c.is_claim)
        assert str(sample_path().parent) not in line and "seeds/" not in line
        assert "…" not in line  # nothing cut: the counts fit
        if width == 80:
            assert line.rstrip().endswith(f"{claims} claims · 0 notes"), line
        else:
            assert (f"ukraine-long-range-missiles.txt · 19 statements · {claims} claims · 0 notes"
                    in line), line


async def test_a_long_path_is_cut_from_the_left_and_the_counts_stay():
    deep = "/home/someone/" + "/".join(["a-rather-long-folder-name"] * 4) + "/story.txt"
    app = make_app(document_from(SAMPLE.read_text(encoding="utf-8"), source=deep))
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        line = header(app)
        assert "…" in line and "folder-name/story.txt · 19 statements" in line, line
        assert line.rstrip().endswith(" claims · 0 notes"), line
        assert "~/a-rather" not in line  # (cut from the left)
        await pilot.resize_terminal(200, 30)
        assert await until(pilot, lambda: deep in header(app))


# -- export ---------------------------------------------------------------------------------


async def test_an_export_that_fails_keeps_the_dialog_the_path_and_says_why(tmp_path):
    app = article_copy(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        add_note(app, 2, "Kept.")
        await pilot.press("x")
        assert await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        bad = str(tmp_path / "no-such-folder" / "out.md")
        field = app.screen.query_one("#path", Input)
        field.value = bad  # (typed key by key elsewhere: here only the failure matters)
        await pilot.press("enter")
        assert await until(pilot, lambda: "Could not export" in screen_text(app))
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#path", Input).value == bad
        assert "No such file or directory" in screen_text(app)
        # Corrected in place: written, closed.
        good = tmp_path / "out.md"
        field.value = str(good)
        await pilot.press("enter")
        assert await until(pilot, lambda: good.exists() and on_top(app))
        assert "Kept." in good.read_text(encoding="utf-8")


async def test_with_no_notes_the_export_dialog_says_so_and_writes_nothing(tmp_path):
    app = article_copy(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("x")
        assert await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.pause()
        assert "No notes on this article yet" in screen_text(app)
        await pilot.press("enter")
        assert await until(pilot, lambda: on_top(app))
        assert list(tmp_path.glob("*.md")) == []


async def test_an_exported_file_takes_the_users_umask(tmp_path):
    app = article_copy(tmp_path)
    old = os.umask(0o022)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            add_note(app, 2, "Readable by the group.")
            await pilot.press("x", "enter")
            target = tmp_path / "story.notes.md"
            assert await until(pilot, lambda: target.exists() and on_top(app))
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


async def test_the_sample_document_keeps_its_fixed_source():
    # (The helper's sample has a made-up path: the header shows it, shortened only if need be.)
    app = make_app(sample_document())
    async with app.run_test(size=(200, 30)) as pilot:
        await ready(pilot)
        assert "/articles/ukraine-long-range-missiles.txt" in header(app)


async def test_a_long_title_gives_way_to_the_filter_and_the_counts_at_80_columns():
    from tests.app.helpers import document_from

    title = "Elizabeth Warren Hammers Wells Fargo CEO: 'You Should Be Criminally Investigated'"
    app = make_app(document_from(f"# {title}\n\nThe bank paid $185 million in fines, "
                                 "regulators said.\n", "/articles/warren.md", "markdown"))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("v")
        await pilot.pause()
        line = screen_text(app).splitlines()[0]
        assert "showing all claims" in line and "…" in line, line
        assert line.rstrip().endswith("notes"), line
