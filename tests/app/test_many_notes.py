"""Many notes: the sidebar shows a window of them and a virtual list, refreshes only what changed,
keeps its highlight on a note id; keys typed ahead of the reader reach only their own field."""

from __future__ import annotations

from textual import events
from textual.widgets import Static, TextArea

from tests.app.helpers import SIZE, fixed_analysis, make_app, ready, sample_document, screen_text
from tests.app.helpers import type_text, until
from tui.app.note_editor import NoteEditor
from tui.app.note_list import NoteList
from tui.app.sidebar import WINDOW
from tui.core.notes.model import document_key
from tui.core.notes.selector import describe
from tui.core.notes.store import Store
from tui.core.session import Session

HEAVY = 9  # the statement that carries the notes (0-based)


def add_notes(count: int, statement: int = HEAVY, body: str = "note {i}") -> None:
    """``count`` notes on one statement of the sample, written before the reader opens it."""
    article = fixed_analysis(sample_document())
    with Session() as session:
        record = session.register(article).record
        st = article.statements[statement]
        selector = describe(article.document.text, st.start, st.end)
        with session.store.batch():
            for i in range(count):
                session.store.add_note(record.id, selector, body=body.format(i=i),
                                       statement=statement, text_hash=record.hash)


def other_writer(statement: int, body: str) -> str:
    """A note added by another connection while the reader is open; its id."""
    article = fixed_analysis(sample_document())
    with Store.open() as store:
        record = store.find_document(document_key(article.document))
        st = article.statements[statement]
        return store.add_note(record.id, describe(article.document.text, st.start, st.end),
                              body=body, statement=statement, text_hash=record.hash).id


def note_list(app) -> NoteList:
    return app.sidebar.query_one("#all-notes", NoteList)


def current_text(app) -> str:
    return app.sidebar.query_one("#current", Static).content.plain


def type_at_once(app, *keys: str) -> None:
    """Keys queued the way a busy reader receives them: all before it handles the first."""
    for key in keys:
        char = " " if key == "space" else key if len(key) == 1 else None
        app.post_message(events.Key(key, char))


async def test_a_statement_with_many_notes_shows_a_window_and_counts_the_rest():
    add_notes(2000)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.view.move_to(HEAVY)
        await pilot.pause()
        text = current_text(app)
        assert "Notes on this statement (2,000)" in text
        shown = text.count("■ unverified")
        assert 1 <= shown <= WINDOW
        assert f"and {2000 - shown:,} more · tab lists them all" in text
        screen = screen_text(app)
        assert "All notes (2,000)" in screen and "more · tab lists them all" in screen
        # The list is virtual: only the notes in view were drawn.
        notes = note_list(app)
        assert len(notes.notes) == 2000
        assert 0 < len(notes._drawn) < 40
        # tab: the list starts at this statement's notes.
        await pilot.press("tab")
        assert notes.has_focus and notes.highlighted_note.statement == HEAVY
        await pilot.press("end")
        assert notes.highlighted == 1999 and notes.scroll_y > 0
        assert notes.notes[-1].note.body in screen_text(app)
        assert len(notes._drawn) < 80


async def test_another_writers_note_appears_and_only_what_changed_is_read(monkeypatch):
    add_notes(1500)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        placed = app.placed
        app.notice_other_writers()  # nothing changed: nothing read, nothing shown again
        assert app.placed is placed
        new = other_writer(HEAVY, "from the other window")

        def read_all(*args, **kwargs):
            raise AssertionError("every note read again")

        monkeypatch.setattr(app.session.store, "notes", read_all)
        app.notice_other_writers()
        await pilot.pause()
        assert len(app.placed) == 1501 and app.placed[-1].note.id == new
        assert note_list(app).index_of(new) == 1500
        assert "All notes (1,501)" in screen_text(app)
        app.view.move_to(HEAVY)
        await pilot.pause()
        assert "Notes on this statement (1,501)" in current_text(app)


async def test_the_highlight_stays_on_its_note_and_e_edits_it():
    add_notes(300)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        notes = note_list(app)
        chosen, deleted = notes.notes[5].note, notes.notes[7].note
        notes.focus()
        notes.highlight(chosen.id)
        await pilot.pause()
        assert notes.highlighted == 5
        # Another writer adds a note above it (on an earlier statement): the highlight stays.
        above = other_writer(1, "the newcomer")
        app.notice_other_writers()
        await pilot.pause()
        assert notes.index_of(above) == 0
        assert notes.highlighted_id == chosen.id and notes.highlighted == 6
        await pilot.press("e")
        assert await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.query_one("#note-body", TextArea).text == chosen.body
        await type_text(pilot, " edited")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: not isinstance(app.screen, NoteEditor))
        edited = app.placed_note(chosen.id).note
        assert edited.body == chosen.body + " edited" and edited.revision == 2
        assert app.placed_note(above).note.body == "the newcomer"
        # d deletes the highlighted note too, not the one that came to sit where it was.
        notes.focus()
        notes.highlight(deleted.id)
        other_writer(0, "another newcomer")
        app.notice_other_writers()
        await pilot.press("d")
        await pilot.pause()
        assert app.placed_note(deleted.id) is None and len(app.placed) == 301


async def test_keys_after_ctrl_s_are_not_in_the_note_but_go_to_the_reader():
    add_notes(1000)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.view.move_to(2)
        await pilot.pause()
        # As the issue typed them, all queued before the reader handles the first.
        type_at_once(app, "a", *"tui note 17", "ctrl+s", "j", "a", *"tui note 18", "ctrl+s", "j")
        assert await until(pilot, lambda: len(app.placed) == 1002 and app.view.cursor == 4
                           and not isinstance(app.screen, NoteEditor))
        mine = {p.note.body: p.statement for p in app.placed if p.note.body.startswith("tui")}
        assert mine == {"tui note 17": 2, "tui note 18": 3}
        # The same through Pilot, in one press call.
        await pilot.press("a", *"first", "ctrl+s", "k", "a", *"second", "ctrl+s")
        assert await until(pilot, lambda: len(app.placed) == 1004
                           and not isinstance(app.screen, NoteEditor))
        mine = {p.note.body: p.statement for p in app.placed if not p.note.body.startswith("n")}
        assert mine == {"tui note 17": 2, "tui note 18": 3, "first": 4, "second": 3}


async def test_keys_in_the_editor_act_in_the_order_typed():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a")
        assert await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        # Faster than the editor takes them: a binding (backspace, left, tab) acts in its place.
        type_at_once(app, "a", "b", "backspace", "c", "left", "x", "end", "tab", *"#tag",
                     "ctrl+s", "j")
        assert await until(pilot, lambda: len(app.placed) == 1 and app.view.cursor == 1)
        note = app.placed[0].note
        assert note.body == "axc" and note.tags == ("tag",) and app.placed[0].statement == 0


async def test_a_click_in_the_list_goes_to_the_note():
    add_notes(3, statement=4)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        notes = note_list(app)
        second = notes.notes[1].note.id
        await pilot.click(notes, offset=(6, 3))  # the second note's first line
        await pilot.pause()
        assert notes.highlighted_id == second and app.view.cursor == 4
