"""The sidebar: the current statement's claim details and notes, then every note of the article."""

from __future__ import annotations

from typing import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.widgets import Static

from ..core.analysis.article import Article
from ..core.notes.place import Placed
from ..core.text import clip
from .looks import KIND_COLORS, STATE_FLAGS, VERDICT_STYLES, label, legend
from .note_list import NoteList

#: At most this many notes of the current statement are written out; the rest are counted.
WINDOW = 5


def score_bar(score: float, width: int = 10) -> str:
    filled = round(score * width)
    return "█" * filled + "░" * (width - filled)


class Sidebar(Vertical):
    """Claim details, this statement's notes (the first few, and how many more), and all notes."""

    #: The statement shown (0-based) and the id of its first note (None: none).
    _current: tuple[int | None, str | None] = (None, None)

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
        self._current = (None, None)
        self.query_one("#current", Static).update(Content(""), layout=False)
        self.show_all_notes([], "", None)

    def show_current(self, article: Article, index: int, placed: Sequence[Placed]) -> None:
        """Statement ``index`` of ``article``: its details and (the first of) its notes
        ``placed``, in one update (one repaint per move)."""
        claim, st = article.claims[index], article.statements[index]
        article_text = article.document.text
        text = article_text[st.start:st.end]
        parts: list = [(f"Statement {index + 1} of {len(article.statements)}", "bold $text-accent")]
        if placed:  # said first: the notes themselves may be below what a small window shows
            noun = "note" if len(placed) == 1 else "notes"
            parts.extend([("  ✎ ", "bold $text-warning"),
                          (f"{len(placed):,} {noun}", "$text-warning")])
        parts.append("\n")
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
        count = f" ({len(placed):,})" if len(placed) > 1 else ""
        parts.append((f"\nNotes on this statement{count}\n", "bold $text-accent"))
        if not placed:
            parts.extend([("none — press ", "$text-muted"), ("a", "bold"),
                          (" to annotate", "$text-muted")])
        current = self.query_one("#current", Static)
        head = Content.assemble(*parts)
        notes = self._window(current, head, placed, article_text)
        more = len(placed) - len(notes)
        tail: list = []
        if more:
            tail.append((f"and {more:,} more · tab lists them all", "$text-muted italic"))
        self._current = (index, placed[0].note.id if placed else None)
        # A fixed-size panel: a repaint, no layout, so a key costs one frame.
        current.update(Content.assemble(head, *notes, *tail).rstrip(), layout=False)

    def _window(self, current: Static, head: Content, placed: Sequence[Placed],
                article_text: str) -> list[Content]:
        """The first notes of ``placed`` written out: as many as fit under ``head`` (at least
        one, at most WINDOW), with room left for the line that counts the others."""
        width, height = current.content_region.width, current.content_region.height
        used = head.get_height(current.styles, width) if width else 0
        notes: list[Content] = []
        for p in placed[:WINDOW]:
            note = Content.assemble(*self._note_lines(p, article_text, full=True), "\n")
            lines = note.get_height(current.styles, width) if width else 0
            room = 1 if len(placed) > len(notes) + 1 else 0  # for "and N more"
            if notes and height and used + lines + room > height:
                break
            notes.append(note)
            used += lines
        return notes

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
            if p.also:  # the same words elsewhere: which is its own, the reader decides
                where = ", ".join(str(i + 1) for i in p.also)
                parts.append((f"the same words are also at statement {where}\n", "$text-warning"))
            parts.append(("press A to accept the new text\n", "$text-muted italic"))
        return parts

    def show_all_notes(self, placed: Sequence[Placed], text: str, selected: str | None) -> None:
        """Every note of the article in the list (a virtual one: only what is in view is
        drawn); the highlight stays on its note, or moves to ``selected``."""
        self.query_one("#all-title", Static).update(Content(f"All notes ({len(placed):,})"))
        self.query_one("#all-notes", NoteList).set_notes(placed, selected)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """Into the notes list (tab): it starts at the notes of the statement being read, unless
        one of them is highlighted already."""
        notes = self.query_one("#all-notes", NoteList)
        index, first = self._current
        if event.widget is not notes or first is None:
            return
        highlighted = notes.highlighted_note
        if highlighted is None or highlighted.statement != index:
            notes.highlight(first, top=True)
