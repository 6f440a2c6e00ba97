"""Words being written are kept as they are typed (a draft: durable, not a note), offered back the
next time the article opens, and kept when the reader is told to end (SIGTERM, SIGHUP)."""

from __future__ import annotations

import signal

import pytest

from tests.app.helpers import make_app, ready, type_text, until
from tests.conftest import SAMPLE, load_document
from tui.app.note_editor import NoteEditor


def _editor(app):
    return app.screen if isinstance(app.screen, NoteEditor) else None


def _drafts(app):
    return app.session.drafts(app.record)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(SAMPLE.read_bytes())
    return path


async def test_a_draft_is_kept_as_it_is_typed_and_offered_back(article, monkeypatch):
    monkeypatch.setattr(NoteEditor, "KEEP_AFTER", 0.05)
    app = make_app(load_document(str(article)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "a")
        await type_text(pilot, "half a thought")
        assert await until(pilot, lambda: [d.body for d in _drafts(app)] == ["half a thought"])
        (draft,) = _drafts(app)
        assert draft.statement == 1 and draft.note_id == ""
        assert app.placed == []  # a draft is not a note
    # The reader ended without saving (a crash would do the same): the words are offered back.
    again = make_app(load_document(str(article)))
    async with again.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert any("1 unsaved note kept from last time (statement 2)" in n for n in again.shown)
        await pilot.press("a")  # on statement 1: not its statement
        assert await until(pilot, lambda: _editor(again) is not None)
        assert _editor(again).current_draft().body == ""
        await pilot.press("escape")
        assert await until(pilot, lambda: _editor(again) is None)
        await pilot.press("j", "a")
        assert await until(pilot, lambda: _editor(again) is not None)
        assert _editor(again).current_draft().body == "half a thought"
        assert any("Your unsaved words from" in n for n in again.shown)
        await type_text(pilot, " finished")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: [p.note.body for p in again.placed]
                           == ["half a thought finished"])
        assert _drafts(again) == []  # saved: the draft is gone


async def test_dropping_a_restored_draft_asks_first_then_forgets_it(article, monkeypatch):
    monkeypatch.setattr(NoteEditor, "KEEP_AFTER", 0.05)
    app = make_app(load_document(str(article)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await type_text(pilot, "unsure")
        assert await until(pilot, lambda: len(_drafts(app)) == 1)
    again = make_app(load_document(str(article)))
    async with again.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        assert await until(pilot, lambda: _editor(again) is not None)
        await pilot.press("escape")  # restored words are not dropped without asking
        assert await until(pilot, lambda: type(again.screen).__name__ == "ConfirmDiscard")
        await pilot.press("y")
        assert await until(pilot, lambda: len(again.screen_stack) == 1)
        assert _drafts(again) == []


async def test_an_edit_in_progress_is_kept_for_its_note(article, monkeypatch):
    monkeypatch.setattr(NoteEditor, "KEEP_AFTER", 0.05)
    app = make_app(load_document(str(article)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await type_text(pilot, "first")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(app.placed) == 1)
        note_id = app.placed[0].note.id
        await pilot.press("e")
        await type_text(pilot, " and more")
        assert await until(pilot, lambda: [(d.note_id, d.body) for d in _drafts(app)]
                           == [(note_id, "first and more")])
    again = make_app(load_document(str(article)))
    async with again.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        assert await until(pilot, lambda: _editor(again) is not None)
        assert _editor(again).current_draft().body == "first and more"
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: [p.note.body for p in again.placed] == ["first and more"])
        assert _drafts(again) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
async def test_told_to_end_the_reader_keeps_the_words_first(article, monkeypatch, signum):
    """Before any draft was kept on its own (the words typed a moment ago), the signal keeps
    them, and the reader ends with 128 + the signal's number."""
    monkeypatch.setattr(NoteEditor, "KEEP_AFTER", 3600.0)
    monkeypatch.setattr(NoteEditor, "KEEP_AT_LEAST", 3600.0)
    app = make_app(load_document(str(article)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await type_text(pilot, "last words")
        assert await until(pilot, lambda: _editor(app) is not None
                           and _editor(app).current_draft().body == "last words")
        assert _drafts(app) == []
        app.end_by_signal(signum)
        assert await until(pilot, lambda: not app.is_running)
    assert app.return_code == 128 + signum
    from tui.core.session import Session

    with Session() as session:
        record = session.store.find_document(str(article))
        assert [d.body for d in session.drafts(record)] == ["last words"]


async def test_a_keep_that_comes_after_the_save_keeps_nothing(article, monkeypatch):
    """The editor keeps drafts on a timer: one that fires after ctrl+s (a loaded machine) must
    not bring back, as a draft to restore, the words of a note already saved."""
    monkeypatch.setattr(NoteEditor, "KEEP_AFTER", 30.0)  # pending when the note is saved
    app = make_app(load_document(str(article)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await type_text(pilot, "saved words")
        assert await until(pilot, lambda: _editor(app) is not None
                           and _editor(app).current_draft().body == "saved words")
        editor = _editor(app)
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(app.placed) == 1 and len(app.screen_stack) == 1)
        editor.keep_now()  # what the timer would have done, late
        await pilot.pause()
        assert _drafts(app) == []
