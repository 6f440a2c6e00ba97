"""Helpers for driving the reader in tests: an app on a known analysis, screens read as text, and
waits for states (never for a fixed time)."""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

from rich.cells import cell_len
from textual import events, on
from textual.app import App
from textual.keys import _character_to_key

from tests.conftest import SAMPLE
from tui.app.app import MarginApp
from tui.core.analysis.article import Article
from tui.core.analysis.claims import Claim, Mark
from tui.core.analysis.segment import segment
from tui.core.document.model import Document
from tui.core.document.parse import parse

SIZE = (120, 40)

#: The sample's analysis as the reader is given it in these tests: what the claim detector said
#: of it once, kept still, so that tests of the reader do not move when the detector changes.
#: Statements not in it (other articles) are no claims. Tests of the detector are in
#: tests/core/analysis; the real program, detector and all, is tried in tests/hostile and tests/cli.
FIXED = {row["text"]: row for row in json.loads(
    (Path(__file__).parent / "data" / "sample-analysis.json").read_text(encoding="utf-8"))}


def fixed_analysis(document: Document, progress=None, cancelled=None, segmented=None) -> Article:
    """Statements as the segmenter finds them (given to ``segmented`` first, as the real analysis
    does), claims from FIXED."""
    statements = segment(document, cancelled)
    if segmented is not None:
        segmented(Article.before_claims(document, statements))
    claims = []
    for st in statements:
        row = FIXED.get(document.text[st.start:st.end])
        if row is None:
            claims.append(Claim(st.index, st.start, st.end, (), None, None, 0.05, ()))
            continue
        marks = tuple(Mark(kind, st.start + s, st.start + e) for kind, s, e in row["marks"])
        claims.append(Claim(st.index, st.start, st.end, tuple(row["kinds"]), row["speaker"],
                            row["cue"], row["score"], tuple(row["reasons"]), marks))
    return Article(document, statements, tuple(claims))


def sample_document(source: str = "/articles/ukraine-long-range-missiles.txt") -> Document:
    """The sample article with a fixed source path (so screens do not depend on the checkout)."""
    return parse(SAMPLE.read_text(encoding="utf-8"), "text", source=source,
                 name="ukraine-long-range-missiles.txt")


def document_from(text: str, source: str = "/articles/test.txt", fmt: str = "text") -> Document:
    return parse(text, fmt, source=source, name=Path(source).name)


class Reader(MarginApp):
    """The reader, keeping for tests the text of every notification it shows (``shown``) and
    the documents whose background analysis has ended (``ended``)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shown: list[str] = []
        self.ended: list[Document] = []

    def notify(self, message, *args, **kwargs) -> None:
        self.shown.append(str(message))
        super().notify(message, *args, **kwargs)

    @on(MarginApp.AnalysisEnded)
    def _record_end(self, message: MarginApp.AnalysisEnded) -> None:
        self.ended.append(message.document)


def make_app(document: Document | None = None, **kwargs) -> Reader:
    """The reader on a document (the sample by default), analysed by fixed_analysis."""
    kwargs.setdefault("analyser", fixed_analysis)
    app = Reader(document or sample_document(), **kwargs)
    app.animation_level = "none"
    return app


def no_blink(app: App) -> None:
    for widget in app.screen.query("TextArea, Input"):
        widget.cursor_blink = False


async def until(pilot, condition, seconds: float = 60.0) -> bool:
    """Let the app run until ``condition()`` holds (a loaded machine may take a while).

    Looked at every 10 ms, or less often when looking takes a while (a screen read as text):
    the app is given at least twice the time the look took, so waiting never slows what it
    waits for by more than a third."""
    deadline = time.monotonic() + seconds
    while True:
        started = time.perf_counter()
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        await pilot.pause(max(0.01, 2 * (time.perf_counter() - started)))


async def type_text(pilot, text: str) -> None:
    """Type ``text`` into the focused field as a quick typist would: a key event a character, in
    order, and one wait for the app after the last. (``pilot.press(*text)`` waits for the app
    to go idle after every key, some 80 ms a character: the field's state in between is never
    looked at.) For characters only: a key that moves the focus or closes the dialog is a
    ``pilot.press`` of its own."""
    if not text:
        return
    app = pilot.app
    for char in text[:-1]:
        event = events.Key(char if char.isalnum() else _character_to_key(char), char)
        event.set_sender(app)
        app.post_message(event)
    await pilot.press(text[-1])


def settled(app: MarginApp, library: bool = True) -> bool:
    """The document shown is analysed and its notes opened (or either found impossible) and,
    with ``library``, the library indexed with them."""
    if app.notes_opened is None or app.analysing:  # still analysing, or opening the notes
        return False
    return not library or not app.notes_opened or app.library_current


async def ready(pilot, library: bool = True) -> None:
    """Wait until the analysis, the notes and (with ``library``) the library are in."""
    assert await until(pilot, lambda: settled(pilot.app, library)), "the reader never settled"
    await pilot.pause()


_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                   r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>', re.S)
_CLIP = re.compile(r'<clipPath id="[^"]*-line-0">\s*<rect x="0" y="[\d.]+" width="([\d.]+)"')


def screen_text(app: App) -> str:
    """The screen as plain text, one line per row, read from the app's own screenshot."""
    svg = app.export_screenshot()
    width = app.size.width
    char_width = float(_CLIP.search(svg).group(1)) / width
    rows: dict[int, list[tuple[int, str]]] = {}
    for x, line, text in _TEXT.findall(svg):
        rows.setdefault(int(line), []).append((round(float(x) / char_width),
                                               html.unescape(text).replace("\xa0", " ").replace("\n", "")))
    out = []
    for y in range(app.size.height):
        line, col = [], 0
        for x, text in sorted(rows.get(y, [])):
            if x > col:
                line.append(" " * (x - col))
                col = x
            line.append(text)
            col += cell_len(text)
        out.append("".join(line))
    return "\n".join(out)
