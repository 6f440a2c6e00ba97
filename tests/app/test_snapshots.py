"""The reader's layout, fixed at 80x24 and 120x40 (regenerate with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.helpers import document_from, make_app, ready
from tui.app.config import Config

MARKDOWN = Path(__file__).parents[1] / "data" / "markdown-all.md"


@pytest.fixture(autouse=True)
def _fixed_config_dir(monkeypatch):
    """The help screen names the settings file: the same name on every run."""
    monkeypatch.setenv("MARGIN_CONFIG_DIR", "/nonexistent/margin-config")


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


def test_reader_120x40_light(snap_compare):
    app = make_app(config=Config(theme="textual-light"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=_settle)


def test_reader_200x50(snap_compare):
    assert snap_compare(make_app(), terminal_size=(200, 50), run_before=_settle)


def test_markdown_120x40(snap_compare):
    document = document_from(MARKDOWN.read_text(encoding="utf-8"), "/articles/markdown-all.md",
                             "markdown")

    async def settle(pilot) -> None:
        await ready(pilot)
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(make_app(document), terminal_size=(120, 40), run_before=settle)


def test_filter_80x24(snap_compare):
    async def open_filter(pilot) -> None:
        await ready(pilot)
        await pilot.press("f")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_filter)
