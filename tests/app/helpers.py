"""Helpers for driving the reader in tests."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from tests.conftest import SAMPLE
from tui.app.app import MarginApp
from tui.core.document import Document, parse

SIZE = (120, 40)


def sample_document(source: str = "/articles/ukraine-long-range-missiles.txt") -> Document:
    """The sample article with a fixed source path (so screens do not depend on the checkout)."""
    return parse(SAMPLE.read_text(encoding="utf-8"), "text", source=source,
                 name="ukraine-long-range-missiles.txt")


def document_from(text: str, source: str = "/articles/test.txt", fmt: str = "text") -> Document:
    return parse(text, fmt, source=source, name=Path(source).name)


def make_app(document: Document | None = None) -> MarginApp:
    app = MarginApp(document or sample_document())
    app.animation_level = "none"
    return app


def no_blink(app: App) -> None:
    for widget in app.screen.query("TextArea, Input"):
        widget.cursor_blink = False


async def ready(pilot) -> None:
    """Wait until the analysis and the notes are in."""
    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def screen_text(app: App) -> str:
    """The screen as plain text, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def until(pilot, condition, seconds: float = 10.0) -> bool:
    """Let the app run until ``condition()`` holds (a loaded machine may take a while)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()
