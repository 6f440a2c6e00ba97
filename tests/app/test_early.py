"""A long article is read, moved through and annotated as soon as it is segmented: its claims
(seconds later, for a book) come after, the cursor staying where the user took it."""

from __future__ import annotations

import threading

from tests.app.helpers import (
    SIZE, document_from, fixed_analysis, make_app, no_blink, ready, screen_text, type_text, until,
)
from tests.conftest import SAMPLE, load_document
from tui.core.analysis.article import Article
from tui.core.analysis.segment import segment
from tui.core.session import Session


class HeldClaims:
    """An analyser that gives the statements at once and holds the claims until released (as
    the claims of a 3 MB book take seconds); documents other than ``held`` are not held."""

    def __init__(self, held: str | None = None) -> None:
        self.held = held
        self.release = threading.Event()
        self.fail = False

    def __call__(self, document, progress=None, cancelled=None, segmented=None):
        if self.held is not None and document.source != self.held:
            return fixed_analysis(document, progress, cancelled, segmented)
        segmented(Article.before_claims(document, segment(document)))
        assert self.release.wait(120), "the test never released the claims"
        if self.fail:
            raise RuntimeError("the detector broke")
        return fixed_analysis(document)


async def test_the_cursor_moves_and_a_note_is_saved_before_the_claims_come():
    held = HeldClaims()
    app = make_app(analyser=held)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.notes_opened is True)
        assert app.article.pending and app.analysing  # the claims are still held
        assert not any(app.view.is_shown_claim(i) for i in range(len(app.view.statements)))
        await pilot.press("j", "j", "j")
        assert app.view.cursor == 3
        shown = screen_text(app)
        assert "Statement 4 of 19" in shown and "Finding claims" in shown
        assert "19 statements" in app.sub_title and "claims" not in app.sub_title
        await pilot.press("a")
        assert await until(pilot, lambda: type(app.screen).__name__ == "NoteEditor")
        no_blink(app)
        await type_text(pilot, "Written before the claims.")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(app.placed) == 1)
        assert app.placed[0].statement == 3 and app.placed[0].claim is None
        assert any("Note saved on statement 4" in n for n in app.shown)
        await pilot.press("j", "j", "j")  # on to a claim, still without its claims
        assert app.view.cursor == 6 and app.article.pending
        await pilot.press("J")  # a claim jump before the claims: said, not a silent bell
        assert await until(pilot, lambda: any("Still finding the claims" in n for n in app.shown))
        assert app.view.cursor == 6

        held.release.set()
        await ready(pilot)
        assert not app.article.pending
        assert app.view.cursor == 6  # where the user left it, not back at the top
        assert "Statement 7 of 19" in screen_text(app)
        assert app.view.is_shown_claim(6)  # highlighted now
        assert "18 claims" in app.sub_title
        assert app.placed[0].claim is app.article.claims[3]  # the note knows its claim now
        await pilot.press("J")  # claim jumps work on the claims that came
        assert app.view.cursor > 6 and app.view.is_shown_claim(app.view.cursor)
        app.view.move_to(len(app.view.statements) - 1)
        await pilot.press("J")  # past the last claim: said so
        assert await until(pilot, lambda: any(n.startswith("No claim after this statement")
                                              for n in app.shown))
        # The claims were kept for search once they came (the notes opened without them).
        attributed = app.library.search("kind:attribution", document_id=app.record.id)
        assert attributed and all(r.item.document_id == app.record.id for r in attributed)
    with Session() as session:
        (record,) = session.store.documents()
        (note,) = session.notes(record)
        assert note.body == "Written before the claims." and note.statement == 3


async def test_before_the_notes_open_a_says_so_and_after_them_the_claims_can_fail():
    held = HeldClaims()
    held.fail = True
    app = make_app(analyser=held)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.notes_opened is True)
        held.release.set()  # the claims fail: the statements and the notes still work
        await ready(pilot)
        assert app.article.pending and app.notes_opened
        assert any("analysis of this article failed" in n and "the detector broke" in n
                   and "notes can be written" in n for n in app.shown)
        assert "No claims: the analysis failed." in screen_text(app)
        await pilot.press("j", "a")
        assert await until(pilot, lambda: type(app.screen).__name__ == "NoteEditor")
        no_blink(app)
        await type_text(pilot, "No claims, a note all the same.")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(app.placed) == 1)
        assert app.placed[0].statement == 1


async def test_claims_held_for_an_article_left_never_reach_the_next_one(tmp_path):
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    second.write_text("Harbour news\nThe harbour bridge will close for repairs in May, the mayor "
                      "said. Traffic will use the ferry.\n", encoding="utf-8")
    held = HeldClaims(str(first))
    app = make_app(load_document(str(first)), analyser=held)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.notes_opened is True)
        await pilot.press("j", "j")
        app.switch_to(load_document(str(second)))  # (what a jump to another article does)
        assert await until(pilot, lambda: app.view.document is app.document)
        await ready(pilot)
        held.release.set()  # the first article's claims come now: too late, dropped
        assert await until(pilot, lambda: any(d.source == str(first) for d in app.ended))
        await pilot.pause()
        assert app.document.source == str(second) and app.article.document is app.document
        assert len(app.view.statements) == len(app.article.statements) == 3
        assert app.record.source == str(second) and "harbour bridge" in screen_text(app)
        assert "As the conflict between" not in screen_text(app)


async def test_a_refusal_before_the_statements_is_a_plain_word(tmp_path):
    """Keys pressed while the text is still being segmented are told to wait, never an error."""
    gate = threading.Event()

    def slow_segmenting(document, progress=None, cancelled=None, segmented=None):
        assert gate.wait(120)
        return fixed_analysis(document, progress, cancelled, segmented)

    app = make_app(document_from("One sentence here. Another one there.\n"),
                   analyser=slow_segmenting)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "j")
        assert app.article is None and app.view.cursor == 0
        assert any(n == "Still reading the article…" for n in app.shown)
        gate.set()
        await ready(pilot)
        await pilot.press("j")
        assert app.view.cursor == 1
