"""Reports that come as the reader ends. Textual takes the widgets away before it stops the
reader's message loop and its timers: what a thread posts then (the claims of an article just
opened, its notes), or a tick of the timer that looks for other writers, is handled with the
sidebar and the article view gone. It changes nothing, and nothing breaks."""

from __future__ import annotations

import pytest
from textual import events

from tests.app.helpers import SIZE, document_from, make_app, ready
from tui.app.app import MarginApp
from tui.core.session import Session


def report(app: MarginApp, what: str) -> None:
    """Post (to the reader) what its threads or a timer would report for the document shown."""
    document, article = app.document, app.article
    if what == "progress":
        app.post_message(MarginApp.Progress(document, "Opening your notes…"))
    elif what == "claims":
        app.post_message(MarginApp.Analysed(document, article))
    elif what == "notes":
        session = Session()
        app.late_session = session
        registered = session.register(article)
        placed = session.placed(article, registered.record)
        app.post_message(MarginApp.NotesOpened(document, session, registered, placed))
    elif what == "no notes":
        app.post_message(MarginApp.NotesUnavailable(document, "the disk is full"))
    elif what == "failed":
        app.post_message(MarginApp.AnalysisEnded(document, "RuntimeError: late"))
    elif what == "other writer":  # another Margin wrote a note; the timer ticks
        with Session() as other:
            other.add_note(app.record, article, 1, body="Written in another window.")
        app.posted_tick = app.call_later(app.notice_other_writers)
    else:
        raise AssertionError(what)


@pytest.mark.parametrize("what", ["progress", "claims", "notes", "no notes", "failed",
                                  "other writer"])
async def test_a_report_handled_after_the_sidebar_is_gone_changes_nothing(what):
    app = make_app()
    after = document_from("Another article.\nIt is not shown.\n", "/articles/after.txt")
    armed, posted = False, []

    def hook(message) -> None:
        """At the first unmount once the sidebar has gone (the reader ending, its message loop
        still running): the report, then a mark handled after it."""
        if not armed or posted or not isinstance(message, events.Unmount):
            return
        if app.query("#sidebar"):
            return
        report(app, what)
        posted.append(app.post_message(MarginApp.AnalysisEnded(after)))

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await ready(pilot)
        article, placed, session = app.article, app.placed, app.session
        assert app.is_running and app.query("#sidebar")
        armed = True
    # (A report that raised would have been raised here by run_test, the mark never handled.)
    assert posted == [True], "the sidebar never went while the reader's loop still ran"
    assert app.ended[-1] is after  # the report was handled, and then the mark
    assert not app.is_running
    assert app.article is article and app.placed == placed and app.session is session
    if what == "notes":  # opened for a reader that is ending: closed, not kept
        assert app.late_session._store is None
    if what == "other writer":
        assert app.posted_tick
    if what == "failed":
        assert app.notes_opened is True  # not said to have failed
