"""The sidebar: the current statement's claim details and notes, then every note of the article."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.geometry import Size
from textual.widgets import Static

from ..core.analysis.article import Article
from ..core.analysis.claims import Claim
from ..core.analysis.why import why
from ..core.desk.history import verdict_changes
from ..core.notes.corrections import Applied, Waiting, applied_at, described, waiting
from ..core.notes.place import Placed
from ..core.text import clip
from .checked import check_lines
from .looks import KIND_COLORS, STATE_FLAGS, VERDICT_STYLES, label, legend
from .note_list import NoteList
from .note_text import changes, evidence_lines, note_body

if TYPE_CHECKING:
    from ..core.checks.match import Match

MUTED = "$text-muted"
#: At most this many notes of the current statement are written out; the rest are counted.
WINDOW = 5


def bullet(item: Content, width: int, mark: str = " • ") -> Content:
    """``item`` after ``mark``, its lines wrapped to ``width`` cells under its first word (a
    hanging indent); unwrapped when the width is not known yet (0)."""
    if width <= len(mark) + 8:
        return Content.assemble(mark, item)
    lines = item.wrap(width - len(mark))
    return Content("\n").join(Content.assemble(mark if i == 0 else " " * len(mark), line)
                               for i, line in enumerate(lines))


def claim_lines(claim: Claim, text: str, width: int = 0,
                fix: Applied | Waiting | None = None) -> list:
    """What the detector says of a statement (``text``), for Content.assemble: its kinds, who
    said it, its check-worthiness in words, and why it is marked — each reason a phrase and the
    words of the statement behind it, never the model's raw features. ``width``: the cells a
    line has (0: unknown), for the reasons' hanging indent. ``fix``: the reader's correction
    shown in ``claim`` (said as theirs, with what was detected), or one waiting here."""
    parts: list = []
    if claim.kinds:
        for k in claim.kinds:
            parts.extend([(f" {label(k)} ", f"bold reverse {KIND_COLORS[k]}"), " "])
        parts.append("\n")
    if isinstance(fix, Waiting):
        parts.extend(waiting_lines(fix))
        fix = None
    elif fix is not None:
        parts.extend(correction_lines(fix))
    # Who said it is among the reasons ("names its source: …"): not said twice.
    said = why(claim, text)
    if said.worth is not None:
        parts.extend([("Worth checking? ", MUTED), (said.worth, "bold"),
                      (f" ({claim.score:.2f})\n", MUTED)])
    if said.reasons and not (fix is not None and not claim.kinds):  # (no claim: the reader's)
        parts.append((f"{said.title}\n", MUTED))
        for phrase, evidence in said.reasons:
            reason = Content.assemble(phrase, *((": ", (evidence, "italic")) if evidence else ()))
            parts.extend([bullet(reason, width), "\n"])
    return parts


def correction_lines(fix: Applied) -> list:
    """A correction shown: the reader's (by words and weight, not colour alone), and what was
    detected."""
    c, was = fix.correction, fix.detected
    return [("Your correction: ", "bold"), "speaker ", (c.speaker or "none", "bold italic"),
            (" · not a claim" if not c.kinds else ""), "\n",
            (f"detected: {described(was.speaker, was.kinds)}\n", MUTED)]


def waiting_lines(late: Waiting) -> list:
    """A correction that no longer applies here (the sentence was edited since): not applied,
    said, and how to apply it again."""
    return [("Your correction of an earlier version of this sentence is not applied: ",
             "bold"), (described(late.correction.speaker, late.correction.kinds), "italic"),
            ("\npress c to look at it and apply it again\n", "$text-muted italic")]


class Sidebar(Vertical):
    """Claim details, this statement's notes (the first few, and how many more), and all notes."""

    #: The statement shown (0-based) and the id of its first note (None: none).
    _current: tuple[int | None, str | None] = (None, None)
    #: What show_current() was last given (drawn again at a new width).
    _shown: tuple[Article, int, Sequence[Placed], Sequence[Match], int] | None = None
    _size = Size(0, 0)
    #: A note's history on the desk by its id (set by the reader where a desk shares the notes).
    history_of: Callable[[str], list] = staticmethod(lambda note_id: [])

    # Its words take the theme's text colour, set apart by weight and slant: the theme's accent
    # and warning colours do not read on the panel in every theme (textual-light: 2.8:1).
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
    Sidebar .section-title { text-style: bold; margin-top: 1; }
    Sidebar #current { height: 1fr; overflow: hidden; }
    Sidebar NoteList { height: auto; max-height: 45%; border: none; padding: 0; background: $panel; }
    Sidebar NoteList:focus { border: none; background-tint: $foreground 5%; }
    Sidebar #progress { text-style: italic; height: auto; }
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

    def on_resize(self) -> None:
        """A new size: the reasons wrapped anew (their hanging indent is made at a width), and
        as many notes written out as now fit."""
        size = self.query_one("#current", Static).content_region.size
        if size != self._size and self._shown is not None:
            self.show_current(*self._shown)

    def clear(self) -> None:
        """Nothing shown: another article is being read."""
        self._current = (None, None)
        self._shown = None
        self.query_one("#current", Static).update(Content(""), layout=False)
        self.show_all_notes([], "", None)

    def show_current(self, article: Article, index: int, placed: Sequence[Placed],
                     checks: Sequence[Match] = (), chosen: int = 0) -> None:
        """Statement ``index`` of ``article``: its details, the published fact-checks that
        match it (``checks``, the ``chosen`` one written out) and (the first of) its notes
        ``placed``, in one update (one repaint per move)."""
        self._shown = (article, index, placed, checks, chosen)
        current = self.query_one("#current", Static)
        claim, st = article.claims[index], article.statements[index]
        article_text = article.document.text
        text = article_text[st.start:st.end]
        parts: list = [(f"Statement {index + 1:,} of {len(article.statements):,}", "bold")]
        if placed:  # said first: the notes themselves may be below what a small window shows
            noun = "note" if len(placed) == 1 else "notes"
            parts.extend([("  ✎ ", "bold"), f"{len(placed):,} {noun}"])
        parts.append("\n")
        if claim is None:
            parts.append((clip(text, 300) + "\n", "italic"))
        else:
            late = [w for w in waiting(article) if w.statement == index]
            fix = applied_at(article, index) or (late[-1] if late else None)
            details = Content.assemble(*claim_lines(claim, text, current.content_region.width,
                                                    fix))
            parts.append(self._fitted_details(current, details, placed, article_text))
        if checks:
            parts.extend(check_lines(list(checks), chosen, current.content_region.width))
        count = f" ({len(placed):,})" if len(placed) > 1 else ""
        parts.append((f"\nNotes on this statement{count}\n", "bold"))
        if not placed:
            parts.extend([("none — press ", "$text-muted"), ("a", "bold"),
                          (" to annotate", "$text-muted")])
        head = Content.assemble(*parts)
        notes = self._window(current, head, placed, article_text)
        more = len(placed) - len(notes)
        tail: list = []
        if more:
            tail.append((f"and {more:,} more · tab lists them all", "$text-muted italic"))
        self._current = (index, placed[0].note.id if placed else None)
        self._size = current.content_region.size
        # A fixed-size panel: a repaint, no layout, so a key costs one frame.
        current.update(Content.assemble(head, *notes, *tail).rstrip(), layout=False)

    def _fitted_details(self, current: Static, details: Content, placed: Sequence[Placed],
                        article_text: str) -> Content:
        """A claim's details, cut (with "…") where the statement's first note would not fit
        under them: in a short window the reader's own note matters more than the reasons."""
        width, height = current.content_region.width, current.content_region.height
        if not placed or not width or not height:
            return details
        first = Content.assemble(*self._note_lines(placed[0], article_text))
        # The statement's line, the notes' title with the blank line before it, the first note.
        room = height - 3 - first.get_height(current.styles, width)
        lines = details.rstrip().split("\n")
        if len(lines) <= room:
            return details
        cut = [*lines[:max(1, room - 1)], Content.styled("…", "$text-muted")]
        return Content("\n").join(cut) + Content("\n")

    def _window(self, current: Static, head: Content, placed: Sequence[Placed],
                article_text: str) -> list[Content]:
        """The first notes of ``placed`` written out: as many as fit under ``head`` (at least
        one, at most WINDOW), with room left for the line that counts the others."""
        width, height = current.content_region.width, current.content_region.height
        used = head.get_height(current.styles, width) if width else 0
        notes: list[Content] = []
        for p in placed[:WINDOW]:
            note = Content.assemble(*self._note_lines(p, article_text), "\n")
            lines = note.get_height(current.styles, width) if width else 0
            room = 1 if len(placed) > len(notes) + 1 else 0  # for "and N more"
            if notes and height and used + lines + room > height:
                break
            notes.append(note)
            used += lines
        return notes

    def _note_lines(self, p: Placed, text: str) -> list:
        note = p.note
        parts: list = [(f"■ {note.verdict}", VERDICT_STYLES.get(note.verdict, "")), " "]
        if note.tags:
            parts.append((" ".join("#" + t for t in note.tags), "italic"))
        flag = STATE_FLAGS[note.state]
        if flag:
            parts.append("  ")
            parts.append((flag, "bold"))
        parts.append("\n")
        if note.author:  # a desk's note: who wrote it (text: a name is never markup)
            parts.extend([("by ", MUTED), note.author,
                          ("  " + note.modified[:16].replace("T", " "), MUTED), "\n"])
            verdicts = verdict_changes(self.history_of(note.id))
            if len(verdicts) > 1:  # who changed the verdict, and when
                parts.append(("verdict ", MUTED))
                for k, c in enumerate(verdicts):
                    parts.extend([(" → " if k else "", MUTED), (c.verdict, "bold"),
                                  (f" ({c.author}, {c.modified[5:16].replace('T', ' ')})", MUTED)])
                parts.append("\n")
        if note.conflict_of:
            parts.append(("edited on two machines at once: this version kept beside the other\n",
                          "bold"))
        if note.body.strip():
            parts.extend([note_body(note.body), "\n"])
        parts.extend(evidence_lines(note.evidence))
        if note.state == "review" and p.start is not None:
            # What changed, marked by style (struck out, underlined), not by colour alone.
            was, now = changes(note.selector.exact, text[p.start:p.end])
            parts.extend([("was: ", MUTED), was, "\n", ("now: ", MUTED), now, "\n"])
            if p.also:  # the same words elsewhere: which is its own, the reader decides
                where = ", ".join(str(i + 1) for i in p.also)
                parts.append((f"the same words are also at statement {where}\n", "bold"))
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
