"""The help screen: every key of the reader, as currently mapped, with what it does."""

from __future__ import annotations

from typing import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..core.analysis.claims import KINDS
from .looks import badge, label


class HelpScreen(ModalScreen[None]):
    """Lists every key (from the live bindings, keymap applied) and the highlight legend."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; background: $background 60%; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 96%; height: auto; max-height: 94%;
        background: $surface; border: round $primary; padding: 0 2;
    }
    HelpScreen Static { height: auto; }
    HelpScreen .group { text-style: bold; color: $text-accent; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close",
                tooltip="Close the help"),
    ]

    def __init__(self, groups: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content.assemble(("Margin — keys", "bold"),
                                          ("   (esc closes; remap keys in config.json)", "$text-muted")))
            for title, bindings in self.groups:
                yield Static(Content(title), classes="group")
                rows = []
                for keys, what in bindings:
                    rows.append(Content.assemble((f"{keys:<22}", "bold $accent"), what))
                yield Static(Content("\n").join(rows))
            yield Static(Content("Highlights"), classes="group")
            legend = [Content.assemble(badge(k), f"  {label(k)}") for k in KINDS]
            legend.append(Content.assemble((" ✎ ", "bold $warning"), "  the statement has notes"))
            legend.append(Content.assemble((" ▌ ", "bold $accent"), "  the current statement"))
            yield Static(Content("\n").join(legend))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
