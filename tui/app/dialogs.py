"""Small dialogs of the reader: which highlights to show, and where to export notes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from ..core.analysis.claims import KIND_INFO, KINDS, Claim
from ..core.text import safe_output
from .looks import badge, label

DIALOG_CSS = """
{name} {{
    align: center middle;
    background: $background 60%;
}}
{name} > DialogBox {{
    width: 80;
    max-width: 96%;
    height: auto;
    max-height: 100%;
    background: $surface;
    border: round $primary;
    padding: 0 2;
    scrollbar-size-vertical: 1;
}}
{name} .title {{ text-style: bold; margin: 1 0; }}
{name} .hint {{ color: $text-muted; margin-top: 1; }}
{name} #problem {{ display: none; color: $text-error; text-style: bold; margin-top: 1; }}
{name}.-problem #problem {{ display: block; }}
{name} Horizontal {{ height: auto; align-horizontal: right; margin: 1 0; }}
{name} Button {{ margin-left: 1; }}
"""


class DialogBox(VerticalScroll, can_focus=False, inherit_bindings=False):
    """A dialog's frame: scrolls when the terminal is too small for it (to the field focused,
    or with the mouse); never takes the focus, nor the arrow keys, itself."""


@dataclass(frozen=True, slots=True)
class Filter:
    kinds: frozenset[str]
    min_score: float

    def label(self, default_score: float) -> str:
        """The filter as the header shows it while it hides claims (``filter: Q S ≥0.7``):
        empty when every kind shows from the default score up."""
        if self.kinds >= set(KINDS) and self.min_score <= default_score:
            return ""
        letters = " ".join(KIND_INFO[k].letter for k in KINDS if k in self.kinds) or "no kind"
        return f"filter: {letters} ≥{self.min_score:g}"

    def shows(self, claim: Claim) -> bool:
        """Is ``claim`` highlighted under this filter?"""
        return claim.score >= self.min_score and any(k in self.kinds for k in claim.kinds)


class KindBox(Checkbox, inherit_bindings=False):
    """A kind's check box: ✓ when on and empty when off, so the state reads without colour
    (Textual's box draws the same X either way). Only space toggles it: enter applies."""

    BINDINGS = [Binding("space", "toggle_button", "Toggle", show=False)]

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 (Textual's name)
        return "✓" if self.value else " "


class FilterScreen(ModalScreen[Filter | None]):
    """Choose which kinds of claim are highlighted and the lowest score shown."""

    DEFAULT_CSS = DIALOG_CSS.format(name="FilterScreen") + """
    FilterScreen KindBox, FilterScreen KindBox:focus {
        border: none;
        height: 1;
        padding: 0;
        background: $surface;
    }
    /* The focused box: the box itself in the cursor's colours, its words underlined (the whole
       line in the cursor's colour would hide the kind's badge). */
    FilterScreen KindBox:focus > .toggle--button {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    FilterScreen KindBox:focus > .toggle--label {
        background: $surface;
        color: $text;
        text-style: bold underline;
    }
    FilterScreen #score-row { height: auto; align-horizontal: left; margin: 1 0 0 0; }
    FilterScreen #score-row Label { padding: 1 1 0 0; }
    FilterScreen #min-score { width: 12; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filter.cancel", tooltip="Close without changes"),
        Binding("enter,ctrl+s", "apply", "Apply", id="filter.apply", tooltip="Apply the filter"),
        Binding("down", "app.focus_next", "Next", show=False, id="filter.next",
                tooltip="The next box or field"),
        Binding("up", "app.focus_previous", "Previous", show=False, id="filter.previous",
                tooltip="The previous box or field"),
    ]

    def __init__(self, current: Filter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with DialogBox():
            yield Static(Content("Highlight these claims"), classes="title")
            for kind in KINDS:
                yield KindBox(Content.assemble(badge(kind), f" {label(kind)}"),
                              kind in self.current.kinds, id=f"kind-{kind}")
            with Horizontal(id="score-row"):
                yield Label(Content("Lowest score shown (0 to 1)"))
                yield Input(f"{self.current.min_score:g}", id="min-score", restrict=r"[0-9.]*",
                            max_length=5)
            yield Static("", id="problem")
            yield Static(Content("space toggles · ↑ ↓ move · enter applies · esc closes"),
                         classes="hint")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Apply", variant="primary", id="apply")

    def _read(self) -> Filter | None:
        kinds = frozenset(k for k in KINDS if self.query_one(f"#kind-{k}", Checkbox).value)
        raw = self.query_one("#min-score", Input).value.strip() or "0"
        try:
            score = float(raw)
        except ValueError:
            score = -1.0
        if not 0.0 <= score <= 1.0:
            problem = self.query_one("#problem", Static)
            problem.update(Content("The lowest score is a number from 0 to 1."))
            self.add_class("-problem")
            self.query_one("#min-score", Input).focus()
            return None
        return Filter(kinds, score)

    def action_apply(self) -> None:
        chosen = self._read()
        if chosen is not None:
            self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    def on_input_changed(self) -> None:
        self.remove_class("-problem")  # said about what was typed before

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "apply":
            self.action_apply()
        else:
            self.action_cancel()


class ExportScreen(ModalScreen[Path | None]):
    """Ask where to export the notes (the default is beside the article), and export them.

    ``write`` writes the notes where the text typed says and returns the path written; it runs
    in a thread, and its OSError or ValueError (a file it will not rewrite: not exported by
    Margin) is shown here, the path typed kept to be corrected. Dismisses the path written, or
    None. With no notes there is nothing to export: the dialog says so, and writes nothing (an
    earlier export is never emptied)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ExportScreen")
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Do not export"),
    ]

    def __init__(self, default: str, count: int, write: Callable[[str], Path]) -> None:
        super().__init__()
        self.default = default
        self.count = count
        self.write = write

    def compose(self) -> ComposeResult:
        with DialogBox():
            if not self.count:
                yield Static(Content("No notes on this article yet"), classes="title")
                yield Static(Content("Nothing to export, and no file written: write a note "
                                     "with a first."))
                with Horizontal():
                    yield Button("Close", variant="primary", id="cancel")
                return
            noun = "note" if self.count == 1 else "notes"
            yield Static(Content(f"Export {self.count} {noun} as Markdown to"), classes="title")
            yield Input(self.default, id="path")
            yield Static("", id="problem")
            yield Static(Content("enter exports · esc cancels · into a file exported before, "
                                 "the notes are updated and every line you wrote there is kept; "
                                 "any other file is left as it is"), classes="hint")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Export", variant="primary", id="export")

    def on_mount(self) -> None:
        if not self.count:
            self.query_one("#cancel", Button).focus()
            return
        path = self.query_one("#path", Input)
        path.focus()
        path.cursor_position = len(path.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _problem(self, text: str) -> None:
        self.query_one("#problem", Static).update(Content(safe_output(text)))
        self.add_class("-problem")

    async def _submit(self) -> None:
        field = self.query_one("#path", Input)
        text = field.value.strip()
        if not text:
            self._problem("Type the file to export to.")
            return
        # Awaited here (the file written in a thread): keys typed after enter wait until the
        # dialog has closed, or shows why not, and never go into the field meanwhile.
        try:
            path = await asyncio.to_thread(self.write, text)
        except (OSError, ValueError) as exc:
            why = getattr(exc, "strerror", None) or str(exc)
            self._problem(f"Could not export to {text}: {why}.")
            field.focus()
            return
        self.dismiss(path)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self._submit()

    def on_input_changed(self) -> None:
        self.remove_class("-problem")  # said about what was typed before

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            await self._submit()
        else:
            self.action_cancel()
