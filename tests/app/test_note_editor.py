"""The note editor: saves what was typed, refuses empty notes, never loses words without asking."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Select, Static, TextArea

from tests.app.helpers import screen_text, type_text
from tui.app.note_editor import (EMPTY_NOTICE, ConfirmDiscard, NoteDraft, NoteEditor, format_tags,
                                 parse_tags)

QUOTE = "The minister said the missiles “could reach 300 km”, officials confirmed."
MARKUP_QUOTE = "He wrote [@click=app.quit]x[/] [bold]y and [/ then [red]"
SIZE = (100, 30)


class Host(App[None]):
    """Pushes one NoteEditor and records what it dismissed with."""

    def __init__(self, editor: NoteEditor) -> None:
        super().__init__()
        self.editor = editor
        self.results: list[NoteDraft | None] = []
        self.animation_level = "none"

    def compose(self) -> ComposeResult:
        yield Static("The article would be here.")

    def on_mount(self) -> None:
        self.push_screen(self.editor, self.results.append)


def no_blink(app: App) -> None:
    for widget in app.screen.query("TextArea, Input"):
        widget.cursor_blink = False


async def start(pilot) -> None:
    await pilot.pause()
    no_blink(pilot.app)


def body(app: Host) -> TextArea:
    return app.editor.query_one("#note-body", TextArea)


async def test_typing_then_ctrl_s_returns_the_draft():
    app = Host(NoteEditor(QUOTE))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        assert app.focused is body(app)  # the cursor starts in the body
        await type_text(pilot, "Source?")
        await pilot.press("enter", "enter")
        await type_text(pilot, "No  ")
        await pilot.press("enter")
        await pilot.press("tab")
        assert app.focused is app.editor.query_one("#note-tags", Input)
        await type_text(pilot, "#Putin, escalation  policy")
        await pilot.press("tab")
        assert app.focused is app.editor.query_one("#note-verdict", Select)
        # Open the verdict menu, go down twice (supported, misleading), choose.
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert app.editor.query_one("#note-verdict", Select).value == "misleading"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [NoteDraft(body="Source?\n\nNo",
                                         tags=("Putin", "escalation", "policy"),
                                         verdict="misleading")]
        assert app.screen is not app.editor


async def test_verdict_by_type_to_search():
    app = Host(NoteEditor(QUOTE))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("tab", "tab", "enter", "f", "enter", "ctrl+s")
        await pilot.pause()
        assert app.results == [NoteDraft(body="", tags=(), verdict="false")]


async def test_escape_with_no_changes_closes_at_once():
    app = Host(NoteEditor(QUOTE))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
        assert not isinstance(app.screen, (NoteEditor, ConfirmDiscard))


async def test_escape_with_typed_words_asks_first():
    app = Host(NoteEditor(QUOTE))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await type_text(pilot, "keep me")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscard)
        assert "Discard this note?" in str(app.screen.query_one("#confirm-question").render())
        assert app.results == []

        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is app.editor
        assert body(app).text == "keep me"
        assert app.focused is body(app)
        await pilot.press("!")
        assert body(app).text == "keep me!"

        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # escape in the question also keeps editing
        await pilot.pause()
        assert app.screen is app.editor and app.results == []

        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.results == [None]
        assert not isinstance(app.screen, (NoteEditor, ConfirmDiscard))


async def test_confirm_buttons_work_and_enter_keeps():
    app = Host(NoteEditor(QUOTE))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("x", "escape")
        await pilot.pause()
        await pilot.press("enter")  # the focused button is "Keep editing"
        await pilot.pause()
        assert app.screen is app.editor and body(app).text == "x"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#discard")
        await pilot.pause()
        assert app.results == [None]


async def test_escape_in_the_verdict_menu_only_closes_the_menu():
    app = Host(NoteEditor(QUOTE))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        select = app.editor.query_one("#note-verdict", Select)
        await pilot.press("tab", "tab", "enter")
        await pilot.pause()
        assert select.expanded
        await pilot.press("escape")
        await pilot.pause()
        assert not select.expanded
        assert app.screen is app.editor and app.results == []


async def test_a_changed_verdict_or_tag_also_asks():
    app = Host(NoteEditor(QUOTE))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("tab")
        await type_text(pilot, "#x")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscard)


async def test_markup_in_the_quote_is_shown_literally():
    title = "[b]Edit[/b] [@click=app.quit]q[/]"
    app = Host(NoteEditor(MARKUP_QUOTE, title=title))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        shown = app.editor.query_one("#note-quote-text", Static)
        assert str(shown.render()) == MARKUP_QUOTE
        text = screen_text(app)
        assert MARKUP_QUOTE in text
        assert title in text
        await pilot.click("#note-quote-text")
        await pilot.click("#note-dialog", offset=(4, 0))  # the title
        await pilot.pause()
        assert app.is_running and app.screen is app.editor


async def test_control_characters_in_the_quote_never_reach_the_terminal():
    app = Host(NoteEditor("a\x1b[31mred\x07 b\x9b"))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        shown = str(app.editor.query_one("#note-quote-text", Static).render())
        assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
        assert "[31mred" in shown


async def test_empty_note_is_refused_with_a_notice():
    app = Host(NoteEditor(QUOTE))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        notice = app.editor.query_one("#note-notice", Static)
        assert not notice.display
        await pilot.press(" ", "enter", "ctrl+s")  # only whitespace is still empty
        await pilot.pause()
        assert app.results == []
        assert app.screen is app.editor
        assert notice.display and str(notice.render()) == EMPTY_NOTICE
        await pilot.press("a")
        await pilot.pause()
        assert not notice.display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [NoteDraft(body=" \na", tags=(), verdict="unverified")]


async def test_a_tag_or_a_verdict_alone_is_a_note():
    app = Host(NoteEditor(QUOTE))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("tab")
        await type_text(pilot, "#later")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [NoteDraft(body="", tags=("later",), verdict="unverified")]


async def test_editing_an_existing_draft_is_prefilled():
    draft = NoteDraft(body="First line\nsecond", tags=("a", "b-c"), verdict="needs-context")
    app = Host(NoteEditor(QUOTE, draft, title="Edit note"))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        assert body(app).text == draft.body
        assert body(app).cursor_location == (1, len("second"))  # at the end of the text
        assert app.focused is body(app)
        assert app.editor.query_one("#note-tags", Input).value == "#a #b-c"
        assert app.editor.query_one("#note-verdict", Select).value == "needs-context"
        assert "Edit note" in str(app.editor.query_one("#note-dialog").border_title)

        await pilot.press("escape")  # nothing changed: no question
        await pilot.pause()
        assert app.results == [None]


async def test_saving_an_edited_draft():
    draft = NoteDraft(body="First", tags=("a,b",), verdict="false")
    app = Host(NoteEditor(QUOTE, draft))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await type_text(pilot, " and more  ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Untouched tags are returned exactly as they came, even one holding a comma.
        assert app.results == [NoteDraft(body="First and more", tags=("a,b",), verdict="false")]


async def test_unknown_verdict_in_a_draft_is_kept():
    app = Host(NoteEditor(QUOTE, NoteDraft(body="x", tags=(), verdict="satire")))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [NoteDraft(body="x", tags=(), verdict="satire")]


async def test_enter_in_tags_tidies_them_and_moves_on():
    app = Host(NoteEditor(QUOTE))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("tab")
        await type_text(pilot, "#one,two  #one")
        await pilot.press("enter")
        await pilot.pause()
        assert app.editor.query_one("#note-tags", Input).value == "#one #two"
        assert app.focused is app.editor.query_one("#note-verdict", Select)


async def test_editor_fits_at_80x24_and_120x40():
    for size in [(80, 24), (120, 40)]:
        app = Host(NoteEditor(MARKUP_QUOTE * 6))
        async with app.run_test(size=size) as pilot:
            await start(pilot)
            dialog = app.editor.query_one("#note-dialog")
            assert dialog.region.width <= 90 and dialog.region.height <= size[1]
            for selector in ["#note-body", "#note-tags", "#note-verdict"]:
                region = app.editor.query_one(selector).region
                assert dialog.region.contains_region(region), (size, selector)
            assert body(app).region.height >= 6


async def test_a_user_keymap_moves_save_and_the_hint_follows():
    app = Host(NoteEditor(QUOTE))
    app.set_keymap({"note.save": "f2"})
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.pause()
        assert "f2 save · esc cancel" in screen_text(app)
        await pilot.press("a", "ctrl+s", "f2")
        await pilot.pause()
        assert app.results == [NoteDraft(body="a", tags=(), verdict="unverified")]


def test_bindings_have_ids_and_tooltips():
    for screen in (NoteEditor, ConfirmDiscard):
        for binding in screen.BINDINGS:
            assert binding.id and binding.tooltip, binding
    ids = {b.id for b in NoteEditor.BINDINGS}
    assert {"note.save", "note.cancel"} <= ids


def test_parse_and_format_tags():
    assert parse_tags("#Putin, escalation  policy") == ("Putin", "escalation", "policy")
    assert parse_tags(" ,, # ") == ()
    assert parse_tags(format_tags(("a", "b"))) == ("a", "b")


def test_snapshot_of_the_editor(snap_compare):
    draft = NoteDraft(body="Check the **range** claim against the\nPentagon briefing.",
                      tags=("missiles", "range"), verdict="needs-context")
    app = Host(NoteEditor(MARKUP_QUOTE, draft, title="Edit note"))

    async def run_before(pilot) -> None:
        await pilot.pause()
        no_blink(pilot.app)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
