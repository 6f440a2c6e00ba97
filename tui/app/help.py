"""The help screen: every key of the reader, as currently mapped, with what it does."""

from __future__ import annotations

from typing import Iterable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from .article_view import KIND_LETTERS
from .sidebar import KIND_COLORS, KIND_LABELS


def key_label(keys: str) -> str:
    names = {"question_mark": "?", "right_square_bracket": "]", "left_square_bracket": "[",
             "space": "space", "pagedown": "PgDn", "pageup": "PgUp", "enter": "enter",
             "escape": "esc"}
    return " / ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))


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

    def __init__(self, groups: Sequence[tuple[str, Iterable[Binding]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content.assemble(("Margin — keys", "bold"),
                                          ("   (esc closes; remap keys in config.json)", "$text-muted")))
            for title, bindings in self.groups:
                yield Static(Content(title), classes="group")
                rows = []
                for b in bindings:
                    rows.append(Content.assemble((f"{key_label(b.key):<22}", "bold $accent"),
                                                 b.tooltip or b.description))
                yield Static(Content("\n").join(rows))
            yield Static(Content("Highlights"), classes="group")
            legend = [Content.assemble((f" {KIND_LETTERS[k]} ", f"bold reverse {KIND_COLORS[k]}"),
                                       f"  {KIND_LABELS[k]}") for k in KIND_LETTERS]
            legend.append(Content.assemble((" ✎ ", "bold $warning"), "  the statement has notes"))
            legend.append(Content.assemble((" ▌ ", "bold $accent"), "  the current statement"))
            yield Static(Content("\n").join(legend))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
