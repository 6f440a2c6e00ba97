"""Switching documents while the last one is still being analysed: nothing of the old one ever
shows up in the new one, and notes land where the reader is."""

from __future__ import annotations

import shutil
import threading

from tests.app.helpers import SIZE, fixed_analysis, make_app, no_blink, ready, screen_text, until
from tests.conftest import SAMPLE, load_document
from tui.app.app import MarginApp
from tui.core.session import Session

BIG_WORDS = "zanzibar ferry timetable"


def big_article(path) -> None:
    """An article that a gated analyser holds back: many paragraphs, its own words."""
    paragraphs = [f"The {BIG_WORDS} changed {i % 40 + 2} times this year, the port said. "
                  f"Passengers waited {i % 9 + 1} hours on day {i}." for i in range(400)]
    path.write_text("Ferry delays\n" + "\n".join(paragraphs) + "\n", encoding="utf-8")


class Gate:
    """An analyser that holds the analysis of one document until released, as a long analysis
    of a big document would; then it finishes it whole, as a step that cannot be interrupted
    would (the result comes back although it is no longer wanted)."""

    def __init__(self, held: str) -> None:
        self.held = held
        self.started = threading.Event()
        self.release = threading.Event()
        self.saw_cancelled: bool | None = None

    def __call__(self, document, progress, cancelled):
        if document.source != self.held:
            return fixed_analysis(document, progress, cancelled)
        self.started.set()
        self.release.wait(120)
        self.saw_cancelled = cancelled()
        return fixed_analysis(document)


async def test_going_back_while_a_big_article_is_analysed_shows_only_the_small_one(tmp_path):
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    shutil.copy(SAMPLE, small)
    big_article(big)
    with Session() as session:  # the big one is in the library: the finder can jump to it
        session.open(str(big))
    gate = Gate(str(big))
    app = make_app(load_document(str(small)), analyser=gate)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        small_statements = len(app.article.statements)
        # Jump to the big article through the finder (the whole library) ...
        await pilot.press("slash")
        assert await until(pilot, lambda: type(app.screen).__name__ == "FinderScreen")
        no_blink(app)
        await pilot.press("ctrl+t", *BIG_WORDS)
        assert await until(pilot, lambda: app.screen.results
                           and app.screen.results[0].source == str(big))
        await pilot.press("enter")
        assert await until(pilot, lambda: gate.started.is_set() and app.document.source == str(big))
        shown = screen_text(app)  # the big one, nothing of the small one (still being read)
        assert "Statement 1 of" not in shown and "As the conflict between" not in shown
        # ... and back, while its analysis is still running.
        await pilot.press("ctrl+o")
        assert await until(pilot, lambda: app.document.source == str(small))
        await ready(pilot)
        gate.release.set()  # the big article's analysis now finishes, too late
        assert await until(pilot, lambda: any(d.source == str(big) for d in app.ended))
        assert gate.saw_cancelled is True  # going back asked it to stop
        await ready(pilot)
        assert app.article.document is app.document and app.document.source == str(small)
        assert len(app.article.statements) == len(app.view.statements) == small_statements
        assert app.record.source == str(small)
        assert f"{small_statements} statements" in app.sub_title
        text = screen_text(app)
        assert "As the conflict between Russia and Ukraine" in text and BIG_WORDS not in text
        # A note written now is on the small article.
        await pilot.press("a")
        assert await until(pilot, lambda: type(app.screen).__name__ == "NoteEditor")
        no_blink(app)
        await pilot.press(*"On the small one.", "ctrl+s")
        assert await until(pilot, lambda: len(app.placed) == 1)
    with Session() as session:
        by_source = {r.source: r for r in session.store.documents()}
        assert [n.body for n in session.notes(by_source[str(small)])] == ["On the small one."]
        assert session.notes(by_source[str(big)]) == []


async def test_results_for_a_document_no_longer_shown_are_dropped(tmp_path):
    other = tmp_path / "other.txt"
    big_article(other)
    other_document = load_document(str(other))
    stale_article = fixed_analysis(other_document)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        shown, session, record = app.article, app.session, app.record
        stale_session = Session()
        registered = stale_session.register(stale_article)
        placed = stale_session.placed(stale_article, registered.record)
        # What a worker for the other document would post if it finished after a switch.
        app.post_message(MarginApp.Progress(other_document, "Finding claims in 800 statements…"))
        app.post_message(MarginApp.Analysed(other_document, stale_article))
        app.post_message(MarginApp.NotesOpened(other_document, stale_session, registered, placed))
        app.post_message(MarginApp.NotesUnavailable(other_document, "the disk is full"))
        app.post_message(MarginApp.Progress(app.document, "all handled"))  # handled after them
        assert await until(pilot, lambda: "all handled" in screen_text(app))
        assert app.article is shown and app.session is session and app.record is record
        assert len(app.view.statements) == len(shown.statements)
        assert not any("disk is full" in n for n in app.shown)
        text = screen_text(app)
        assert BIG_WORDS not in text and "800 statements" not in text


async def test_an_analysis_that_fails_is_said_and_the_text_stays():
    def broken(document, progress, cancelled):
        raise RuntimeError("the detector broke")

    app = make_app(analyser=broken)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert any("analysis of this article failed" in n and "the detector broke" in n
                   for n in app.shown)
        assert "As the conflict between Russia and Ukraine" in screen_text(app)
        await pilot.press("j", "a")  # nothing to move to or annotate yet, and nothing breaks
        assert app.is_running and app.article is None
