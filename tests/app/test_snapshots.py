"""The reader's layout, fixed at 80x24 and 120x40 (regenerate with --snapshot-update)."""

from __future__ import annotations

from tests.app.helpers import make_app, ready


async def _settle(pilot) -> None:
    await ready(pilot)
    pilot.app.view.move_to(6)
    await pilot.pause()


def test_reader_120x40(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=_settle)


def test_reader_80x24(snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_settle)


def test_reader_80x24_with_sidebar_over_the_article(snap_compare):
    async def open_sidebar(pilot) -> None:
        await _settle(pilot)
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_sidebar)


def test_help_120x40(snap_compare):
    async def open_help(pilot) -> None:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=open_help)
