"""Small dialogs of the reader: which highlights to show, and where to export notes."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from ..core.analysis.claims import KINDS
from .looks import badge, label
from .typeahead import TypeAhead

DIALOG_CSS = """
{name} {{
    align: center middle;
    background: $background 60%;
}}
{name} > Vertical {{
    width: 80;
    max-width: 96%;
    height: auto;
    max-height: 96%;
    background: $surface;
    border: round $primary;
    padding: 1 2;
}}
{name} .title {{ text-style: bold; margin-bottom: 1; }}
{name} .hint {{ color: $text-muted; margin-top: 1; }}
{name} Horizontal {{ height: auto; align-horizontal: right; margin-top: 1; }}
{name} Button {{ margin-left: 1; }}
"""


@dataclass(frozen=True, slots=True)
class Filter:
    kinds: frozenset[str]
    min_score: float


class FilterScreen(ModalScreen[Filter | None]):
    """Choose which kinds of claim are highlighted and the lowest score shown."""

    DEFAULT_CSS = DIALOG_CSS.format(name="FilterScreen")
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filter.cancel", tooltip="Close without changes"),
        Binding("ctrl+s", "apply", "Apply", id="filter.apply", tooltip="Apply the filter"),
    ]

    def __init__(self, current: Filter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Highlight these claims"), classes="title")
            for kind in KINDS:
                yield Checkbox(Content.assemble(badge(kind), f" {label(kind)}"),
                               kind in self.current.kinds, id=f"kind-{kind}")
            yield Label(Content("Lowest score shown (0 to 1)"))
            yield Input(f"{self.current.min_score:g}", id="min-score", restrict=r"[0-9.]*",
                        max_length=5)
            yield Static(Content("space toggles · enter or ctrl+s applies · esc closes"),
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
            self.notify("The lowest score is a number from 0 to 1.", severity="warning",
                        markup=False)
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

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "apply":
            self.action_apply()
        else:
            self.action_cancel()


class ExportScreen(TypeAhead, ModalScreen[str | None]):
    """Ask where to export the notes (the default is beside the article)."""

    TYPE_AHEAD = "#path"

    DEFAULT_CSS = DIALOG_CSS.format(name="ExportScreen")
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Do not export"),
    ]

    def __init__(self, default: str, count: int) -> None:
        super().__init__()
        self.default = default
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical():
            noun = "note" if self.count == 1 else "notes"
            yield Static(Content(f"Export {self.count} {noun} as Markdown to"), classes="title")
            yield Input(self.default, id="path")
            yield Static(Content("enter exports · esc cancels · an existing file is replaced "
                                 "whole (written atomically)"), classes="hint")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Export", variant="primary", id="export")

    def on_mount(self) -> None:
        path = self.query_one("#path", Input)
        path.focus()
        path.cursor_position = len(path.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _submit(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if value:
            self.dismiss(value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self._submit()
        else:
            self.action_cancel()
