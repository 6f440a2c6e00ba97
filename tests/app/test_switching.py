"""Switching documents while the last one is still being analysed: nothing of the old one ever
shows up in the new one, and notes land where the reader is."""

from __future__ import annotations

import shutil
import threading

from tests.app.helpers import SIZE, fixed_analysis, make_app, no_blink, ready, screen_text, type_text, until
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
        await pilot.press("ctrl+t")
        await type_text(pilot, BIG_WORDS)
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
        await type_text(pilot, "On the small one.")
        await pilot.press("ctrl+s")
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


# -- n and N through a related list whose hits are in two articles ---------------------------

#: Another article saying some of what the sample says: the related lists of the sample's
#: statements hold hits in both.
RESTATED = ("Missiles and Russia\n"
            "Officials say the White House is close to easing limits on how Kyiv may fire "
            "American long-range missiles at targets deep inside Russia.\n"
            "Putin warned that letting Ukraine strike Russian territory with Western weapons "
            "would mean Russia is at war with NATO.\n"
            "Jake Sullivan said in June that the United States might let Ukraine use its weapons "
            "over a wider area of Russia.\n"
            "The harbour bridge will close for repairs in May, the mayor said.\n")


def two_articles(tmp_path, analyser=None):
    """The reader on a copy of the sample, with RESTATED also in the library: (app, a, b)."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(SAMPLE, a)
    b.write_text(RESTATED, encoding="utf-8")
    with Session() as session:
        session.open(str(b))
    kwargs = {"analyser": analyser} if analyser else {}
    return make_app(load_document(str(a)), **kwargs), str(a), str(b)


async def related_hits(pilot, statement: int) -> list[tuple[str, int]]:
    """Press r on a statement: its related hits as (source, statement), the list closed."""
    app = pilot.app
    app.view.move_to(statement)
    await pilot.press("r")
    assert await until(pilot, lambda: type(app.screen).__name__ == "RelatedScreen")
    hits = [(r.source, r.item.statement) for r in app.screen.results]
    await pilot.press("escape")
    assert await until(pilot, lambda: app.screen is app.screen_stack[0])
    return hits


def where(app) -> tuple[str, int]:
    return app.document.source, app.view.cursor


async def landed(pilot, place: tuple[str, int]) -> None:
    """Wait until the reader has settled, then check it shows ``place``, its notes too."""
    await ready(pilot)
    app = pilot.app
    assert where(app) == place
    assert app.record.source == place[0] and app.article.document is app.document
    assert f"Statement {place[1] + 1} of" in screen_text(app)


async def test_N_N_without_a_wait_steps_back_from_the_end_of_a_related_list_across_articles(
        tmp_path):
    app, a, b = two_articles(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        hits = await related_hits(pilot, 1)
        assert hits[-1][0] == b and hits[-2][0] == a  # the two steps cross articles
        await pilot.press("N", "N")
        await landed(pilot, hits[-2])
        assert f"Related {len(hits) - 1} of {len(hits)}" in app.shown[-1]


async def test_two_steps_in_the_same_moment_land_on_the_second_hit(tmp_path):
    """The second step is taken before the reader has had a moment to start the first one's
    switch to another article (two keys in one burst, a step from the palette)."""
    app, a, b = two_articles(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        hits = await related_hits(pilot, 1)
        assert hits[-1][0] == b and hits[-2][0] == a
        app.action_related_step(-1)
        app.action_related_step(-1)
        await landed(pilot, hits[-2])
        await pilot.press("ctrl+o")  # back through the first step, though it never showed
        await landed(pilot, hits[-1])
        await pilot.press("ctrl+o")
        await landed(pilot, (a, 1))


async def test_N_then_N_after_the_first_article_opened_lands_on_each_hit(tmp_path):
    app, a, b = two_articles(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        hits = await related_hits(pilot, 5)
        assert hits[-1][0] == a and hits[-2][0] == b
        await pilot.press("N")
        await landed(pilot, hits[-1])
        await pilot.press("N")
        await landed(pilot, hits[-2])
        await pilot.press("n")  # and forward again
        await landed(pilot, hits[-1])
        await pilot.press("n")  # past the end: the first
        await landed(pilot, hits[0])
        assert "back to the first" in app.shown[-1]


async def test_steps_taken_while_an_article_is_still_being_read_apply_in_order(tmp_path):
    """The related article's analysis is held: every step after the first one there is taken
    while a switch is still in progress."""
    gate = Gate(str(tmp_path / "b.txt"))
    app, a, b = two_articles(tmp_path, gate)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        hits = await related_hits(pilot, 6)
        steps = hits[:5] + [hits[3]]  # n five times, then N
        assert [h[0] for h in steps] == [a, b, a, b, b, b]
        await pilot.press("n", "n", "n", "n", "n", "N")
        assert await until(pilot, lambda: gate.started.is_set())
        assert app.document.source == b and app.article is None  # still being read
        gate.release.set()
        await landed(pilot, steps[-1])
        for back in reversed(steps[:-1]):  # ctrl+o goes back through every step
            await pilot.press("ctrl+o")
            await landed(pilot, back)
        await pilot.press("ctrl+o")
        await landed(pilot, (a, 6))


async def test_there_is_always_an_article_view_while_one_replaces_another(tmp_path):
    """A key handled while the old view is taken away (the filter, a page move, a note) finds
    the view: at no turn of the event loop is there none."""
    import asyncio

    app, a, b = two_articles(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        other = load_document(b)
        missing = []
        done = asyncio.Event()

        async def watch() -> None:
            while not done.is_set():
                try:
                    app.view.filter  # what f, v and the note keys read first
                except Exception as exc:  # the view gone: what a key would crash on
                    missing.append(repr(exc))
                await asyncio.sleep(0)

        watcher = asyncio.create_task(watch())
        app.switch_to(other)
        assert await until(pilot, lambda: app.view.document is other and app.article is not None)
        done.set()
        await watcher
        assert not missing, missing[:3]
        assert len(app.query("ArticleView")) == 1
