"""Python's cyclic garbage collector kept off the reader's keys (tui.app.collector): the reader
starts with it off, turns it on at its first frame, and sets aside (freezes) what lives as long as
the document shown once it has landed, so that a collection never walks it. Nothing of a document
the reader left, nor anything dead, is kept that way; and nothing is left frozen when it ends.

(Whether a collection walks an object: frozen objects are not among ``gc.get_objects()``.)"""

from __future__ import annotations

import gc
import weakref

from tests.app.helpers import (SIZE, Reader, document_from, fixed_analysis, make_app, ready,
                               sample_document, until)
from tests.conftest import SAMPLE
from tui.app import collector
from tui.cli.main import main


def walked(*objects) -> list[bool]:
    """For each object: would a collection walk it now (is it tracked and not frozen)?"""
    alive = {id(o) for o in gc.get_objects()}
    return [id(o) in alive for o in objects]


class WithoutLibrary(Reader):
    """A reader that never indexes the library: the analysis is the last thing to land."""

    def build_library(self) -> None:
        pass


async def test_started_with_the_collector_off_it_is_on_from_the_first_frame_and_the_program_set_aside():
    gc.disable()  # as ``margin`` starts the reader
    try:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert await until(pilot, gc.isenabled)
            assert walked(app, app.view, app.sidebar) == [False, False, False]
    finally:
        gc.enable()


async def test_the_statements_and_claims_are_set_aside_once_they_land():
    app = WithoutLibrary(sample_document(), analyser=fixed_analysis)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, library=False)
        article = app.article  # (its statements are columns: a statement is made when asked for)
        assert article.claims and all(gc.is_tracked(c) for c in article.claims[:3])
        assert walked(article, article.statements, *article.claims[:3]) == [False] * 5


async def test_the_library_index_is_set_aside_once_it_lands():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert gc.is_tracked(app.library) and walked(app.library) == [False]


async def test_what_belonged_to_a_document_left_is_collected_and_nothing_stays_frozen_at_the_end():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        old_view = weakref.ref(app.view)
        app.switch_to(document_from("A short article. It says two things.\n"))
        assert await until(pilot, lambda: app.view.document is app.document)
        await ready(pilot)
        assert app.view.statements  # the new document's analysis landed (and was set aside)
        assert old_view() is None  # the old view, gone when its document went: not kept frozen
    assert gc.get_freeze_count() == 0  # the reader ended: everything collectable again


def test_settling_collects_what_is_dead_before_setting_the_rest_aside():
    class Node:
        pass

    was = gc.isenabled()
    gc.disable()  # no collection in between: only settle() can collect the cycle
    try:
        dead, kept = Node(), Node()
        dead.me = dead  # a reference cycle: only the collector frees it
        kept.me = kept
        gone = weakref.ref(dead)
        del dead
        collector.settle()
        assert gone() is None  # collected, not frozen
        assert walked(kept) == [False]  # alive: set aside
        collector.thaw()
        assert walked(kept) == [True] and gc.get_freeze_count() == 0
    finally:
        collector.thaw()
        if was:
            gc.enable()


def test_a_reader_that_cannot_start_leaves_the_collector_on(capsys):
    """``margin ARTICLE`` with no terminal to show it on: one line, and the collector, turned
    off for the reader's start, is on again."""
    assert gc.isenabled()
    assert main([str(SAMPLE)]) == 2
    assert "needs a terminal" in capsys.readouterr().err
    assert gc.isenabled()
