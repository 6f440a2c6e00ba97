"""The sidebar: the current statement's claim details and notes, then every note of the article."""

from __future__ import annotations

from typing import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core.analysis.claims import Claim
from ..core.notes.place import Placed
from ..core.text import clip
from .looks import KIND_COLORS, STATE_FLAGS, VERDICT_STYLES, label, legend


def score_bar(score: float, width: int = 10) -> str:
    filled = round(score * width)
    return "█" * filled + "░" * (width - filled)


class NoteList(OptionList):
    """Every note of the article, in document order; enter jumps to its statement."""

    class Chosen(Message):
        def __init__(self, note_id: str) -> None:
            super().__init__()
            self.note_id = note_id


class Sidebar(Vertical):
    """Claim details, this statement's notes, and all notes."""

    DEFAULT_CSS = """
    Sidebar {
        width: 44;
        background: $panel;
        border-left: vkey $primary 30%;
        padding: 0 1;
    }
    Sidebar.-overlay {
        dock: right;
        layer: overlay;
        width: 46;
        border-left: thick $primary;
    }
    Sidebar .section-title { text-style: bold; color: $text-accent; margin-top: 1; }
    Sidebar #current { height: 1fr; overflow: hidden; }
    Sidebar NoteList { height: auto; max-height: 45%; border: none; padding: 0; background: $panel; }
    Sidebar NoteList:focus { border: none; background-tint: $foreground 5%; }
    Sidebar #progress { color: $text-warning; height: auto; }
    Sidebar #legend { height: auto; color: $text-muted; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="progress")
        yield Static("", id="current")
        yield Static(Content("All notes"), classes="section-title", id="all-title")
        yield NoteList(id="all-notes")
        yield Static(legend(), id="legend")

    def show_progress(self, message: str) -> None:
        progress = self.query_one("#progress", Static)
        progress.update(Content(message))
        progress.display = bool(message)

    def clear(self) -> None:
        """Nothing shown: another article is being read."""
        self.query_one("#current", Static).update(Content(""), layout=False)
        self.show_all_notes([], "", None)

    def show_current(self, index: int, total: int, claim: Claim | None, text: str,
                     placed: Sequence[Placed], article_text: str) -> None:
        """The current statement's details and notes, in one update (one repaint per move)."""
        parts: list = [(f"Statement {index + 1} of {total}\n", "bold $text-accent")]
        if claim is None:
            parts.append((clip(text, 300) + "\n", "italic"))
        else:
            if claim.kinds:
                for k in claim.kinds:
                    parts.append((f" {label(k)} ", f"bold reverse {KIND_COLORS[k]}"))
                    parts.append(" ")
                parts.append("\n")
            else:
                parts.append(("not a claim\n", "$text-muted"))
            parts.append(("Speaker ", "$text-muted"))
            parts.append((claim.speaker or "—", "bold"))
            parts.append("\n")
            if claim.cue:
                parts.append(("Cue     ", "$text-muted"))
                parts.append(claim.cue)
                parts.append("\n")
            parts.append(("Score   ", "$text-muted"))
            parts.append((score_bar(claim.score), "$accent"))
            parts.append(f" {claim.score:.2f}\n")
            if claim.reasons:
                parts.append(("Why\n", "$text-muted"))
                for reason in claim.reasons:
                    parts.append(f" • {reason}\n")
        parts.append(("\nNotes on this statement\n", "bold $text-accent"))
        if not placed:
            parts.extend([("none — press ", "$text-muted"), ("a", "bold"),
                          (" to annotate", "$text-muted")])
        for p in placed:
            parts.extend(self._note_lines(p, article_text, full=True))
            parts.append("\n")
        # A fixed-size panel: a repaint, no layout, so a key costs one frame.
        self.query_one("#current", Static).update(Content.assemble(*parts).rstrip(), layout=False)

    def _note_lines(self, p: Placed, text: str, full: bool) -> list:
        note = p.note
        parts: list = [(f"■ {note.verdict}", VERDICT_STYLES.get(note.verdict, "")), " "]
        if note.tags:
            parts.append((" ".join("#" + t for t in note.tags), "$text-accent"))
        flag = STATE_FLAGS[note.state]
        if flag:
            parts.append("  ")
            parts.append((flag, "bold $text-warning" if note.state == "review" else "bold $text-error"))
        parts.append("\n")
        if note.body.strip():
            lines = note.body.strip().splitlines()
            body = "\n".join(lines[:6]) + ("\n…" if len(lines) > 6 else "") if full \
                else clip(note.body, 80)
            parts.append(body + "\n")
        if note.state == "review" and p.start is not None:
            parts.append(("was: ", "$text-muted"))
            parts.append((clip(note.selector.exact, 160) + "\n", "strike"))
            parts.append(("now: ", "$text-muted"))
            parts.append(clip(text[p.start:p.end], 160) + "\n")
            parts.append(("press A to accept the new text\n", "$text-muted italic"))
        return parts

    def show_all_notes(self, placed: Sequence[Placed], text: str, selected: str | None) -> None:
        notes = self.query_one("#all-notes", NoteList)
        title = self.query_one("#all-title", Static)
        title.update(Content(f"All notes ({len(placed)})"))
        options = []
        for p in placed:
            note = p.note
            where = f"{p.statement + 1:>3} " if p.statement is not None else "  ✗ "
            flag = STATE_FLAGS[note.state]
            line1 = Content.assemble(
                (where, "$text-muted"), ("■ ", VERDICT_STYLES.get(note.verdict, "")),
                (note.verdict, VERDICT_STYLES.get(note.verdict, "")),
                (f"  {flag}" if flag else "", "bold $text-warning"),
            )
            quote = clip(note.selector.exact, 34)
            body = clip(note.body, 34) if note.body.strip() else ""
            lines = Content.assemble(line1, "\n    ", (quote, "italic"),
                                     *(("\n    ", body) if body else ()))
            options.append(Option(lines, id=note.id))
        highlighted = notes.highlighted
        notes.clear_options()
        notes.add_options(options)
        if selected is not None:
            for i, p in enumerate(placed):
                if p.note.id == selected:
                    notes.highlighted = i
                    break
        elif highlighted is not None and highlighted < len(options):
            notes.highlighted = highlighted
        if not options:
            notes.add_option(Option(Content("no notes yet"), disabled=True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(NoteList.Chosen(event.option.id))
