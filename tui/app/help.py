"""The help screen: every key of the reader, as currently mapped, with what it does and its id."""

from __future__ import annotations

from typing import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..core.analysis.claims import KINDS
from ..core.text import safe_output
from .keys import Row
from .looks import badge, label


class HelpScreen(ModalScreen[None]):
    """Lists every key (keymap applied, each key once, where it works), the id a keymap gives
    it, and the highlight legend.

    Rows are a grid of three columns (keys, what they do, id), so a description too long for
    its column wraps under itself, not under the keys."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; background: $background 60%; }
    HelpScreen > VerticalScroll {
        width: 100; max-width: 96%; height: auto; max-height: 94%;
        background: $surface; border: round $primary 60%; padding: 0 2;
        scrollbar-size-vertical: 1; scrollbar-background: $surface;
        scrollbar-color: $primary 50%; scrollbar-color-hover: $primary 70%;
    }
    HelpScreen Static { height: auto; }
    HelpScreen .intro { color: $text-muted; }
    HelpScreen .problems { color: $text-warning; margin-top: 1; }
    HelpScreen .group { text-style: bold; color: $text-accent; margin-top: 1; }
    HelpScreen Grid {
        grid-size: 3; grid-columns: auto 1fr auto; grid-rows: auto;
        grid-gutter: 0 2; height: auto; margin-right: 1;
    }
    HelpScreen Grid > .group { column-span: 3; margin-top: 0; padding-top: 1; }
    HelpScreen .keys { text-style: bold; }
    HelpScreen .id { color: $text-muted; }
    HelpScreen .none { color: $text-muted; text-style: italic; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close",
                tooltip="Close the help"),
    ]

    def __init__(self, groups: Sequence[tuple[str, Sequence[Row]]], config_file: str = "",
                 problems: Sequence[str] = ()) -> None:
        """``groups``: see keys.help_groups; ``config_file``: where a keymap goes;
        ``problems``: what is wrong in the user's keymap (keys.keymap_problems)."""
        super().__init__()
        self.groups = groups
        self.config_file = config_file
        self.problems = problems

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content.styled("Margin — keys", "bold"))
            where = f" ({safe_output(self.config_file)})" if self.config_file else ""
            yield Static(Content(
                f"esc closes. To change a key, map its id (right) in config.json{where}, "
                'e.g. {"keymap": {"app.find": "ctrl+f"}}'), classes="intro")
            if self.problems:
                yield Static(Content("Your keymap: " + "; ".join(
                    safe_output(p) for p in self.problems) + "."), classes="problems")
            with Grid():  # one grid: the columns line up from section to section
                for title, rows in self.groups:
                    yield Static(Content(title), classes="group")
                    for keys, what, key_id in rows:
                        if keys:
                            yield Static(Content(keys), classes="keys")
                        else:  # its keys went to another binding (see the keymap above)
                            yield Static(Content("none"), classes="none")
                        yield Static(Content(what))
                        yield Static(Content(key_id), classes="id")
            yield Static(Content("Highlights"), classes="group")
            legend = [Content.assemble(badge(k), f"  {label(k)}") for k in KINDS]
            legend.append(Content.assemble((" ✎ ", "bold $note-mark"), "  the statement has notes"))
            legend.append(Content.assemble((" ▌ ", "bold $cursor-bar"), "  the current statement"))
            yield Static(Content("\n").join(legend))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
