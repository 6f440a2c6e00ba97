"""ArticleView: the article as wrapped lines (Line API), claims highlighted, a statement cursor."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..core.analysis.claims import KIND_INFO, KINDS, Claim
from ..core.analysis.segment import Statement, starts_of
from ..core.document.model import Document
from .keys import bindings
from .article_blocks import MarkdownBlocks, upper
from .layout import Line, layout, special_blocks
from .looks import MARK_TEXT_STYLES, STRONG, claim_css

#: Gutter: note marker, kind letter, cursor bar, space.
GUTTER = 5
#: The longest line of text, for a comfortable reading measure on wide terminals.
MAX_MEASURE = 100

#: Quote bars and list levels drawn at most (deeper ones are drawn at these): the text of a list
#: nested 30 deep stays on the screen, with most of its width.
MAX_QUOTE_BARS = 4
MAX_LIST_LEVELS = 6


def _depths(block) -> tuple[int, int]:
    """The quote and list depths a block is drawn with."""
    return min(block.quote_depth, MAX_QUOTE_BARS), min(block.list_depth, MAX_LIST_LEVELS)


class ArticleView(MarkdownBlocks, ScrollView, can_focus=True):
    """The article: every block wrapped to the width, only the visible lines rendered."""

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        color: $page-text;
        scrollbar-gutter: stable;
        padding: 0 0 0 0;
    }
    ArticleView > .article--heading1 { text-style: bold underline; }
    ArticleView > .article--heading2 { text-style: bold; }
    ArticleView > .article--heading3 { text-style: bold italic; }
    ArticleView > .article--heading4 { text-style: italic; }
    ArticleView > .article--quote-bar { color: $text-muted; }
    ArticleView > .article--marker { color: $link-text; text-style: bold; }
    ArticleView > .article--code { color: $page-text; background: $background; }
    ArticleView > .article--code-label { color: $link-text; background: $background; }
    ArticleView > .article--html { color: $page-text; background: $background; }
    ArticleView > .article--rule { color: $text-muted; }
    ArticleView > .article--emphasis { text-style: italic; }
    ArticleView > .article--strong { text-style: bold; }
    ArticleView > .article--strike { text-style: strike; }
    ArticleView > .article--link { text-style: underline; color: $link-text; }
    ArticleView > .article--inline-code { color: $page-text; background: $background; }
    ArticleView > .article--footnote { color: $link-text; }
    ArticleView > .article--cell { }
    ArticleView > .article--table-header { text-style: bold; }
    ArticleView > .article--table-rule { color: $text-muted; }
    ArticleView > .article--cursor { background: $cursor-ground; }
    ArticleView > .article--cursor-bar { color: $cursor-bar; text-style: bold; }
    ArticleView > .article--note-marker { color: $note-mark; text-style: bold; }
    ArticleView > .article--check-marker { color: $note-mark; }
    ArticleView > .article--gutter { color: $gutter-quiet; }
    ArticleView > .article--gutter-strong { text-style: bold; }
    """ + claim_css("ArticleView")

    COMPONENT_CLASSES = {
        "article--heading1", "article--heading2", "article--heading3", "article--heading4",
        "article--quote-bar", "article--marker", "article--code", "article--code-label",
        "article--html", "article--rule", "article--emphasis", "article--strong",
        "article--strike", "article--link", "article--inline-code", "article--footnote",
        "article--cell", "article--table-header", "article--table-rule", "article--cursor",
        "article--cursor-bar", "article--note-marker", "article--gutter", "article--gutter-strong",
        "article--check-marker",
        *(f"kind--{k}" for k in KINDS),
        *(f"{tier}--{m}" for m in MARK_TEXT_STYLES for tier in ("mark", "strong")),
    }

    BINDINGS = bindings("article")

    cursor: reactive[int] = reactive(0, init=False, always_update=False)

    def __init__(self, document: Document, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.document = document
        self.statements: Sequence[Statement] = ()
        self.claims: Sequence[Claim] = ()
        self._starts: list[int] = []
        self._noted: set[int] = set()
        self._checked: set[int] = set()
        self._kinds = set(KINDS)
        self._min_score = 0.0
        self._lines: Sequence[Line] = ()
        self._block_first_line: Sequence[int] = ()
        self._special: set[int] | None = None  # blocks wrapped whatever their length
        self._wrap_width = -1
        self._cache: LRUCache[tuple, Strip] = LRUCache(2048)
        self._styles: dict[str, Style] = {}
        self._version = 0  # bumps when anything that changes every line changes

    # -- data in --------------------------------------------------------------------------

    def set_statements(self, statements: Sequence[Statement]) -> None:
        """The statements arrived, their claims not yet: the cursor shows and moves at once
        (set_analysis brings the claims, the cursor staying where it is)."""
        self.set_analysis(statements, ())

    def set_analysis(self, statements: Sequence[Statement], claims: Sequence[Claim]) -> None:
        """Statements and claims arrived (from the analysis worker): highlight them. The cursor
        stays where it is (on the same statements, the claims coming after them)."""
        self.statements = statements
        self.claims = claims
        self._starts = starts_of(statements)
        if self.cursor >= len(statements):
            self.cursor = 0
        self._invalidate()

    def set_noted(self, statements: Iterable[int]) -> None:
        """Statements that carry notes (a marker in the margin)."""
        noted = set(statements)
        if noted != self._noted:
            self._noted = noted
            self._invalidate()

    def set_checked(self, statements: Iterable[int]) -> None:
        """Statements that a published fact-check matches (a flag in the margin)."""
        checked = set(statements)
        if checked != self._checked:
            self._checked = checked
            self._invalidate()

    def set_filter(self, kinds: Iterable[str], min_score: float) -> None:
        self._kinds = set(kinds)
        self._min_score = min_score
        self._invalidate()

    @property
    def filter(self) -> tuple[frozenset[str], float]:
        return frozenset(self._kinds), self._min_score

    def is_shown_claim(self, index: int) -> bool:
        """Is this statement highlighted as a claim under the current filter?"""
        if not 0 <= index < len(self.claims):
            return False
        claim = self.claims[index]
        return claim.score >= self._min_score and any(k in self._kinds for k in claim.kinds)

    def _all_shown(self) -> bool:
        """Does the filter show every kind of claim, whatever its score?"""
        return self._min_score <= 0 and all(k in self._kinds for k in KINDS)

    def _invalidate(self) -> None:
        self._version += 1
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        # A new theme (or any CSS change) changes every colour: the styles and lines drawn in
        # the old ones are dropped at once.
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    # -- layout ---------------------------------------------------------------------------

    def _text_width(self, width: int) -> int:
        return max(10, min(MAX_MEASURE, width - GUTTER - 1))

    @staticmethod
    def _indent(block) -> int:
        """Cells before a block's text: a quote bar per depth, list nesting and its marker."""
        quotes, lists = _depths(block)
        return 2 * quotes + (2 * (lists - 1) + 4 if lists else 0)

    def _layout(self, width: int) -> None:
        """Wrap the article to ``width`` (see layout.py)."""
        if self._special is None:
            self._special = special_blocks(self.document)
        self._lines = layout(self.document, self._text_width(width), self._indent, self._special)
        self._block_first_line = self._lines.firsts
        self._wrap_width = width
        self._cache.clear()
        self.virtual_size = Size(width, len(self._lines))

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width != self._wrap_width:
            keep = self.cursor
            self._layout(width)
            self.call_after_refresh(self.scroll_to_statement, keep, False)

    def _ensure_layout(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        if width and width != self._wrap_width:
            self._layout(width)

    @property
    def lines(self) -> Sequence[Line]:
        """The visual lines of the article at the current width, top to bottom."""
        self._ensure_layout()
        return self._lines

    def line_of_offset(self, offset: int) -> int:
        """The visual line holding a text offset."""
        self._ensure_layout()
        b = self.document.block_at(offset)
        if b < 0:
            return 0
        first = self._block_first_line[b]
        # (firsts has one more entry than there are blocks: the end of the last one)
        last = min(self._block_first_line[b + 1] - 1, len(self._lines) - 1)
        lo = first
        hi = max(first, last)
        lines = self._lines
        while lo < hi:  # the last line of the block that starts at or before offset
            mid = (lo + hi + 1) // 2
            if lines[mid].block == b and lines[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def statement_lines(self, index: int) -> tuple[int, int]:
        st = self.statements[index]
        return self.line_of_offset(st.start), self.line_of_offset(max(st.start, st.end - 1))

    def statement_at(self, offset: int) -> int | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.statements[i].start <= offset < self.statements[i].end:
            return i
        return None

    # -- rendering ------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True)
        return style

    def _base_style(self) -> Style:
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def render_line(self, y: int) -> Strip:
        self._ensure_layout()
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self._base_style()
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        key = (index, width, self._version, self.cursor if self._touches_cursor(line) else -1,
               self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._cache[key] = self._render(line, base, width)
        return strip

    def _touches_cursor(self, line: Line) -> bool:
        if not self.statements or line.block < 0 or not 0 <= self.cursor < len(self.statements):
            return False
        st = self.statements[self.cursor]
        return line.start < st.end and st.start <= max(line.end, line.start)

    def _statements_in(self, start: int, end: int) -> range:
        lo = bisect_right(self._starts, start) - 1
        hi = bisect_left(self._starts, max(end, start + 1))
        return range(max(0, lo), hi)

    def _render(self, line: Line, base: Style, width: int) -> Strip:
        """One visual line, padded (or cut) to exactly ``width`` cells."""
        if line.block < 0:
            return Strip([Segment(" " * width, base)], width)
        segments = self._segments(line, base)
        length = sum(cell_len(seg.text) for seg in segments)
        if length < width:
            segments.append(Segment(" " * (width - length), base))
            return Strip(segments, width)
        return Strip(segments, length).crop(0, width) if length > width else Strip(segments, width)

    def _segments(self, line: Line, base: Style) -> list[Segment]:
        doc = self.document
        block = doc.blocks[line.block]
        segments: list[Segment] = []
        in_range = self._statements_in(line.start, line.end) if self.statements else range(0)
        # Gutter: note marker, fact-check flag, kind letter of the first claim starting here,
        # cursor bar.
        note = check = " "
        letter: tuple[str, Style] | None = None
        cursor_here = False
        for i in in_range:
            st = self.statements[i]
            starts_here = line.start <= st.start < max(line.end, line.start + 1) or (
                line.first and st.start <= line.start)
            if starts_here and i in self._noted:
                note = "✎"
            if starts_here and i in self._checked:
                check = "⚑"
            if starts_here and (letter is None or i == self.cursor):
                # One letter a line: the first claim's, or the current statement's when it
                # starts here too (the one the reader is looking at).
                letter = self._letter(i) or letter
            if i == self.cursor and st.start < max(line.end, line.start + 1) and st.end > line.start:
                cursor_here = True
        segments.append(Segment(note, base + self._style("article--note-marker")))
        segments.append(Segment(check, base + self._style("article--check-marker")))
        segments.append(Segment(letter[0], base + letter[1]) if letter
                        else Segment(" ", base))
        segments.append(Segment("▌" if cursor_here else " ", base + self._style("article--cursor-bar")))
        segments.append(Segment(" ", base))
        # Indentation: quote bars and list markers.
        quotes, lists = _depths(block)
        if line.start == line.end == block.end and not line.first and block.kind != "row":
            # The blank line between two blocks of a quote: the bars they share go on.
            following = doc.blocks[line.block + 1] if line.block + 1 < len(doc.blocks) else block
            bars = min(quotes, _depths(following)[0])
            segments.append(Segment("│ " * bars, base + self._style("article--quote-bar")))
            return segments
        if quotes:
            segments.append(Segment("│ " * quotes, base + self._style("article--quote-bar")))
        if lists:
            pad = "  " * (lists - 1)
            marker = block.marker if line.first else ""
            text = (marker + " ").rjust(4) if marker else " " * 4
            segments.append(Segment(pad + text, base + self._style("article--marker")))
        if block.kind == "rule":
            width = self._text_width(self._wrap_width) - self._indent(block)
            segments.append(Segment("─" * max(3, width), base + self._style("article--rule")))
            return segments
        if block.kind == "row":
            segments.extend(self._row_segments(line, block, base, in_range))
            return segments
        if block.kind in ("code", "html"):
            segments.extend(self._code_segments(line, block, base, in_range))
            return segments
        text_segments = self._text_segments(line, block, base, in_range)
        if block.kind == "heading" and block.level == 1:
            text_segments = [Segment(upper(seg.text), seg.style) for seg in text_segments]
        segments.extend(text_segments)
        return segments

    def _letter(self, index: int) -> tuple[str, Style] | None:
        """A claim's letter in the margin and its look: its kind's colour (bold when strongly
        check-worthy) when it passes the filter, quiet when only its score keeps it out."""
        if not 0 <= index < len(self.claims):
            return None
        claim = self.claims[index]
        if not any(k in self._kinds for k in claim.kinds):
            return None
        letter = KIND_INFO[self._primary_kind(index)].letter
        if not self.is_shown_claim(index):
            return letter, self._style("article--gutter")
        style = self._style(f"kind--{self._primary_kind(index)}")
        if claim.score >= STRONG:
            style = style + self._style("article--gutter-strong")
        return letter, style

    def _primary_kind(self, index: int) -> str:
        kinds = self.claims[index].kinds
        for k in kinds:
            if k in self._kinds:
                return k
        return kinds[0]

    def _text_segments(self, line: Line, block, base: Style, in_range: range) -> list[Segment]:
        text = self.document.text
        start, end = line.start, line.end
        if start == end:
            return []
        if block.kind == "heading":  # each level its own look, without colour: see DEFAULT_CSS
            base = base + self._style(f"article--heading{min(4, max(1, block.level))}")
        elif block.kind in ("code", "html"):
            base = base + self._style(f"article--{block.kind}")
        layers: list[tuple[int, int, Style]] = []
        for span in block.spans:
            if span.start < end and span.end > start:
                name = {"code": "article--inline-code"}.get(span.kind, f"article--{span.kind}")
                layers.append((span.start, span.end, self._style(name)))
        for i in in_range:
            st = self.statements[i]
            if st.end <= start or st.start >= end:
                continue
            if self.is_shown_claim(i):
                # Only what a checker looks for is accented: the source and its cue, the figure,
                # the hedge, the quoted words; in colour when the claim is most check-worthy.
                tier = "strong" if self.claims[i].score >= STRONG else "mark"
                for mark in self.claims[i].marks:
                    if mark.start < end and mark.end > start and mark.kind in MARK_TEXT_STYLES:
                        layers.append((mark.start, mark.end, self._style(f"{tier}--{mark.kind}")))
            if i == self.cursor:
                layers.append((st.start, st.end, self._style("article--cursor")))
        if not layers:
            return [Segment(text[start:end].replace("\t", " "), base)]
        points = {start, end}
        for s, e, _ in layers:
            if start < s < end:
                points.add(s)
            if start < e < end:
                points.add(e)
        cuts = sorted(points)
        out = []
        for a, b in zip(cuts, cuts[1:]):
            style = base
            for s, e, layer in layers:
                if s <= a and e >= b:
                    style = style + layer
            out.append(Segment(text[a:b].replace("\t", " "), style))
        return out

    # -- the cursor -----------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._cache.clear()
        self.refresh()

    def move_to(self, index: int, center: bool = False) -> None:
        if not self.statements:
            return
        index = max(0, min(len(self.statements) - 1, index))
        self.cursor = index
        self.scroll_to_statement(index, center)

    def scroll_to_statement(self, index: int, center: bool = False) -> None:
        if not self.statements or not 0 <= index < len(self.statements):
            return
        first, last = self.statement_lines(index)
        height = self.scrollable_content_region.height or self.size.height
        top = int(self.scroll_y)
        if center:
            target = max(0, first - height // 3)
        elif first < top + 1:
            target = max(0, first - 1)
        elif last >= top + height - 1:
            target = min(first - 1, last - height + 2)
        else:
            return
        self.scroll_to(y=max(0, target), animate=False)

    def action_next_statement(self) -> None:
        self.move_to(self.cursor + 1)

    def action_previous_statement(self) -> None:
        self.move_to(self.cursor - 1)

    def _find_claim(self, start: int, step: int) -> int | None:
        i = start
        while 0 <= i < len(self.statements):
            if self.is_shown_claim(i):
                return i
            i += step
        return None

    def action_next_claim(self) -> None:
        self._to_claim(1)

    def action_previous_claim(self) -> None:
        self._to_claim(-1)

    def _to_claim(self, step: int) -> None:
        found = self._find_claim(self.cursor + step, step)
        if found is not None:
            self.move_to(found)
            return
        self.app.bell()  # (and said: a terminal's bell is often silent)
        if self.statements and not self.claims:
            self.app.notify("Still finding the claims: J and K go from claim to claim once "
                            "they are in (j and k move now).", markup=False)
        else:
            where = "after" if step > 0 else "before"
            shown = "" if self._all_shown() else " among those the filter shows (f)"
            self.app.notify(f"No claim {where} this statement{shown}.", markup=False)

    def _first_in_view(self) -> int | None:
        """The first statement that starts on a line in view."""
        if not self.statements:
            return None
        top = int(self.scroll_y)
        height = self.scrollable_content_region.height
        for y in range(top, min(len(self._lines), top + height)):
            line = self._lines[y]
            if line.block < 0:
                continue
            i = self.statement_at(line.start)
            if i is None:
                i = bisect_left(self._starts, line.start)
            if i < len(self.statements):
                first, _ = self.statement_lines(i)
                if first >= top:
                    return i
        return None

    def _page(self, direction: int) -> None:
        """A page down (1) or up (-1); the cursor goes to the first statement starting in view.
        Where the article cannot scroll further, the cursor still moves on, a screenful of
        statements at a time, to the last (or first) one: space always gets somewhere."""
        if not self.statements:
            return
        height = self.scrollable_content_region.height
        step = max(1, height - 2)
        self.scroll_to(y=max(0, min(self.max_scroll_y, self.scroll_y + direction * step)),
                       animate=False, immediate=True)
        target = self._first_in_view()
        if target is None or (target - self.cursor) * direction <= 0:
            # Nothing new came into view: go to the first statement a page beyond the cursor.
            _, last = self.statement_lines(self.cursor)
            first, _ = self.statement_lines(self.cursor)
            edge = last + step if direction > 0 else first - step
            target = self.cursor
            while 0 <= target + direction < len(self.statements):
                target += direction
                start, end = self.statement_lines(target)
                if (start >= edge) if direction > 0 else (end <= edge):
                    break
        self.move_to(target)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False)
        if self.statements:
            self.cursor = 0

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)
        if self.statements:
            self.cursor = len(self.statements) - 1

    # -- the mouse ------------------------------------------------------------------------

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under a point of the widget (None off the text)."""
        index = int(self.scroll_y) + y
        if not 0 <= index < len(self._lines):
            return None
        line = self._lines[index]
        if line.block < 0:
            return None
        block = self.document.blocks[line.block]
        col = x + int(self.scroll_x) - GUTTER - self._indent(block)
        if col < 0:
            return line.start
        text = self.document.text
        cells = 0
        for k in range(line.start, line.end):
            cells += cell_len(text[k])
            if cells > col:
                return k
        return max(line.start, line.end - 1)

    def on_click(self, event: events.Click) -> None:
        offset = self.offset_at(event.x, event.y)
        if offset is None or not self.statements:
            return
        index = self.statement_at(offset)
        if index is None:
            index = max(0, min(len(self.statements) - 1, bisect_right(self._starts, offset) - 1))
        self.focus()
        self.cursor = index
