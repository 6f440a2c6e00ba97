"""NoteList: every note of the article, drawn only where in view, its highlight kept on a note id."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import ClassVar, Sequence

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from ..core.notes.place import Placed
from ..core.text import clip
from .looks import STATE_FLAGS, VERDICT_STYLES
from .note_text import note_snippet

#: What the list says when the article has no notes.
EMPTY = "no notes yet"
#: Width of the quote and body lines under a note's verdict.
SNIPPET = 34


def note_key(p: Placed) -> tuple:
    """What a note's lines depend on: a new key, new lines."""
    note = p.note
    return note.id, note.revision, note.state, p.statement, p.start, p.end


def note_lines(p: Placed, cursor: bool = False) -> Content:
    """A note as the list shows it: where and verdict, then its quote, then its body (if any,
    its Markdown drawn on one line). Under the ``cursor`` it takes the cursor's colours: a
    muted or coloured word would not read on the cursor's background."""
    note = p.note
    where = f"{p.statement + 1:>3} " if p.statement is not None else "  ✗ "
    flag = STATE_FLAGS[note.state]
    verdict = "" if cursor else VERDICT_STYLES.get(note.verdict, "")
    line1 = Content.assemble((where, "" if cursor else "$text-muted"), ("■ ", verdict),
                             (note.verdict, verdict),
                             (f"  {flag}" if flag else "", "bold"))
    body = note_snippet(note.body, SNIPPET) if note.body.strip() else None
    return Content.assemble(line1, "\n    ", (clip(note.selector.exact, SNIPPET), "italic"),
                            *(("\n    ", body) if body is not None else ()))


def _height(p: Placed) -> int:
    return 3 if p.note.body.strip() else 2


class NoteList(ScrollView, can_focus=True):
    """Every note of the article in document order; enter (or a click) jumps to its statement.

    A Line API view: a refresh replaces a list and its line offsets, and only the notes in view
    are drawn (cached by note revision), so 10,000 notes cost what ten do. The highlight is a
    note id: notes added or removed above it never move it onto another note."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "choose", "Go to the note", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "note-list--note", "note-list--highlighted", "note-list--hover", "note-list--empty",
    }

    DEFAULT_CSS = """
    NoteList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        /* The cursor's text is black or white, whichever reads on it: some themes' own cursor
           colours do not (gruvbox: 2.4:1). */
        & > .note-list--highlighted {
            color: auto 100%;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .note-list--highlighted {
            color: auto 100%;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        /* ANSI themes: the terminal's own colours, which "auto" cannot know. */
        &:ansi > .note-list--highlighted { color: $foreground; }
        &:ansi:focus > .note-list--highlighted { color: $block-cursor-foreground; }
        & > .note-list--hover { background: $block-hover-background; }
        & > .note-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    class Chosen(Message):
        """A note was chosen (enter, or a click): go to it."""

        def __init__(self, note_id: str) -> None:
            super().__init__()
            self.note_id = note_id

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._notes: list[Placed] = []
        self._where: dict[str, int] = {}  # note id -> index in _notes
        self._tops: list[int] = [0]  # the first line of each note; the last entry is the total
        self.highlighted_id: str | None = None
        self._hover: str | None = None
        self._drawn: LRUCache[tuple, list[Strip]] = LRUCache(maxsize=512)

    # -- what it shows ---------------------------------------------------------------------

    @property
    def notes(self) -> Sequence[Placed]:
        return self._notes

    @property
    def highlighted(self) -> int | None:
        """The index of the highlighted note (None: none)."""
        return None if self.highlighted_id is None else self._where.get(self.highlighted_id)

    @property
    def highlighted_note(self) -> Placed | None:
        index = self.highlighted
        return None if index is None else self._notes[index]

    def index_of(self, note_id: str) -> int | None:
        return self._where.get(note_id)

    def set_notes(self, placed: Sequence[Placed], selected: str | None = None) -> None:
        """Show ``placed`` (in document order), highlighting ``selected`` if given, else the
        note highlighted before (or, if it is gone, the note now where it was)."""
        old_index = self.highlighted
        self._notes = list(placed)
        self._where = {p.note.id: i for i, p in enumerate(self._notes)}
        self._tops = [0, *accumulate(_height(p) for p in self._notes)] if self._notes else [0, 1]
        if selected is not None and selected in self._where:
            self.highlighted_id = selected
        elif self.highlighted_id not in self._where:
            self.highlighted_id = (None if old_index is None or not self._notes
                                   else self._notes[min(old_index, len(self._notes) - 1)].note.id)
        if self._hover not in self._where:
            self._hover = None
        self._resize_virtual()
        self.refresh()
        if selected is not None:
            self.scroll_to_highlight()

    def highlight(self, note_id: str | None, top: bool = False) -> None:
        """Highlight the note ``note_id`` (if it is listed) and scroll it into view."""
        if note_id is None or note_id in self._where:
            self.highlighted_id = note_id
            self.refresh()
            self.scroll_to_highlight(top)

    def _resize_virtual(self) -> None:
        size = Size(self.scrollable_content_region.width, self._tops[-1])
        if size != self.virtual_size:
            self.virtual_size = size
            self._scroll_update(size)
            self.refresh(layout=True)  # height: auto follows the number of lines

    def scroll_to_highlight(self, top: bool = False) -> None:
        index = self.highlighted
        if index is None or not self.is_mounted:
            return
        region = Region(0, self._tops[index], self.scrollable_content_region.width,
                        self._tops[index + 1] - self._tops[index])
        self.scroll_to_region(region, force=True, animate=False, top=top, immediate=True)

    # -- drawing ----------------------------------------------------------------------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._tops[-1]

    def on_resize(self) -> None:
        self._resize_virtual()

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not self._notes:
            if line == 0:
                style = self.get_visual_style("note-list--note", "note-list--empty")
                return self._draw(Content(EMPTY), ("empty",), width, style)[0]
            return Strip.blank(width, self.get_visual_style("note-list--note").rich_style)
        index = bisect_right(self._tops, line) - 1
        if not 0 <= index < len(self._notes):
            return Strip.blank(width, self.get_visual_style("note-list--note").rich_style)
        p = self._notes[index]
        if p.note.id == self.highlighted_id:
            style = self.get_visual_style("note-list--note", "note-list--highlighted")
        elif p.note.id == self._hover:
            style = self.get_visual_style("note-list--note", "note-list--hover")
        else:
            style = self.get_visual_style("note-list--note")
        strips = self._draw(p, note_key(p), width, style, p.note.id == self.highlighted_id)
        offset = line - self._tops[index]
        return strips[offset] if offset < len(strips) else Strip.blank(width, style.rich_style)

    def _draw(self, what: Placed | Content, key: tuple, width: int, style,
              cursor: bool = False) -> list[Strip]:
        cache_key = (key, width, style, cursor)
        strips = self._drawn.get(cache_key)
        if strips is None:
            content = what if isinstance(what, Content) else note_lines(what, cursor)
            meta = {} if isinstance(what, Content) else {"note": what.note.id}
            strips = [strip.extend_cell_length(width, style.rich_style).apply_meta(meta)
                      for strip in Visual.to_strips(self, content, width, None, style)]
            self._drawn[cache_key] = strips
        return strips

    def notify_style_update(self) -> None:
        self._drawn.clear()
        super().notify_style_update()

    # -- keys and the mouse -----------------------------------------------------------------

    def _move(self, index: int) -> None:
        if self._notes:
            self.highlight(self._notes[max(0, min(len(self._notes) - 1, index))].note.id)

    def action_cursor_down(self) -> None:
        index = self.highlighted
        self._move(0 if index is None else index + 1)

    def action_cursor_up(self) -> None:
        index = self.highlighted
        self._move(0 if index is None else index - 1)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._notes) - 1)

    def _page(self, direction: int) -> None:
        index = self.highlighted
        if index is None:
            self._move(0 if direction > 0 else len(self._notes) - 1)
            return
        line = self._tops[index] + direction * max(1, self.scrollable_content_region.height)
        line = max(0, min(self._tops[-1] - 1, line))
        self._move(bisect_right(self._tops, line) - 1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def on_focus(self) -> None:
        """Focused (tab) with no note highlighted: the first is, so that enter goes to a note.
        (The sidebar then prefers the current statement's first note.)"""
        if self.highlighted is None and self._notes:
            self.highlight(self._notes[0].note.id)

    def action_choose(self) -> None:
        if self.highlighted_id is not None and self.highlighted_id in self._where:
            self.post_message(self.Chosen(self.highlighted_id))

    def _on_click(self, event: events.Click) -> None:
        note_id = event.style.meta.get("note")
        if note_id in self._where:
            self.highlight(note_id)
            self.post_message(self.Chosen(note_id))

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        hover = event.style.meta.get("note")
        if hover != self._hover:
            self._hover = hover if hover in self._where else None
            self.refresh()

    def _on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()
