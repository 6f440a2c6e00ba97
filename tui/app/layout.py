"""The article's visual lines: every block wrapped to the width, kept per block.

A block that fits on one line (most of a plain text of short lines) costs one number; only the
blocks that wrap, and those with indents, hard line breaks or characters wider or narrower than
one cell, are wrapped, once per width. A line is made when it is asked for.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from rich.cells import cell_len

from ..core.document.model import Block, Document, OnDemand

# Characters that are not one cell wide: such blocks are wrapped by cell width, slowly.
_NOT_NARROW = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0e31-\u0e3a\u1100-\u115f"
    "\u200b-\u200f\u20d0-\u20ff\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe00-\ufe0f\ufe20-\ufe2f"
    "\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U0001f000-\U0001faff\U00020000-\U0003fffd]"
)


@dataclass(frozen=True, slots=True)
class Line:
    """One visual line: a piece [start, end) of a block's text, or a blank (block == -1)."""

    block: int
    start: int
    end: int
    first: bool  # the block's first line (carries the list marker)


_BLANK = Line(-1, 0, 0, False)


def wrap_spans(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of text[start:end] into (start, end) pieces at most ``width`` cells.

    Lines break at spaces (the space is dropped) or hard newlines; a word longer than the width
    is cut. One ``rfind`` per line keeps this fast on books.
    """
    width = max(1, width)
    out: list[tuple[int, int]] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        para_end = end if nl == -1 else nl
        if _NOT_NARROW.search(text, pos, para_end):
            _wrap_cells(text, pos, para_end, width, out)
        else:
            p = pos
            if p == para_end:
                out.append((p, p))
            while p < para_end:
                if para_end - p <= width:
                    out.append((p, para_end))
                    break
                cut = text.rfind(" ", p, p + width + 1)
                if cut <= p:
                    out.append((p, p + width))
                    p += width
                else:
                    out.append((p, cut))
                    p = cut + 1
                    while p < para_end and text[p] == " ":
                        p += 1
        if nl == -1:
            break
        pos = nl + 1
    return out


def _wrap_cells(text: str, start: int, end: int, width: int, out: list[tuple[int, int]]) -> None:
    """The slow path of wrap_spans, by cell width (wide and zero-width characters)."""
    if start == end:
        out.append((start, start))
        return
    p = start
    while p < end:
        cells = 0
        q = p
        last_space = -1
        while q < end:
            w = cell_len(text[q])
            if cells + w > width and q > p:
                break
            if text[q] == " ":
                last_space = q
            cells += w
            q += 1
        if q >= end:
            out.append((p, end))
            return
        if last_space > p:
            out.append((p, last_space))
            p = last_space + 1
        else:
            out.append((p, q))
            p = q


class Lines(OnDemand):
    """The visual lines of a document at one width: each block's lines, then a blank line
    (but after the last block, and between the rows of a table, the items of a tight list and
    the footnotes: ``joined``)."""

    __slots__ = ("firsts", "_starts", "_ends", "_at", "_line_starts", "_line_ends", "_total",
                 "joined", "quoted", "tables")

    def __init__(self, firsts: array, starts: Sequence[int], ends: Sequence[int], at: array,
                 line_starts: array, line_ends: array, joined: frozenset[int] = frozenset(),
                 quoted: frozenset[int] = frozenset(),
                 tables: dict[int, Table] | None = None) -> None:
        #: The first line of each block (and, last, one past the end of the blank after it).
        self.firsts = firsts
        self._starts = starts
        self._ends = ends
        self._at = at  # per block: where its lines are in line_starts/line_ends, or -1: one line
        self._line_starts = line_starts
        self._line_ends = line_ends
        self._total = max(0, firsts[-1] - 1)
        #: Blocks with no blank line after them.
        self.joined = joined
        #: Blocks whose blank line after them is inside a block quote: an empty line of theirs
        #: (at their end), so that the quote's bars go on through it.
        self.quoted = quoted
        #: The table of each row block.
        self.tables = tables or {}

    def __len__(self) -> int:
        return self._total

    def _item(self, y: int) -> Line:
        b = bisect_right(self.firsts, y) - 1
        k = y - self.firsts[b]
        if k == self.firsts[b + 1] - self.firsts[b] - 1 and b not in self.joined:
            if b in self.quoted:
                return Line(b, self._ends[b], self._ends[b], False)
            return _BLANK  # the blank line after the block
        at = self._at[b]
        if at < 0:
            return Line(b, self._starts[b], self._ends[b], True)
        return Line(b, self._line_starts[at + k], self._line_ends[at + k], k == 0)


def layout(document: Document, text_width: int, indent: Callable[[Block], int],
           special: set[int]) -> Lines:
    """The lines of ``document`` with text ``text_width`` cells wide. ``special``: the blocks
    that cannot be taken as one line on their length alone (see special_blocks)."""
    text = document.text
    blocks = document.blocks
    starts, ends = blocks.starts, blocks.ends
    room = max(8, text_width)
    sizes = [1 if e - s <= room else 0 for s, e in zip(starts, ends)]
    at = array("q", [-1]) * len(sizes)
    line_starts, line_ends = array("q"), array("q")
    whole = blocks.whole
    joined, quoted, tables = _joined_and_tables(document, text_width, indent)
    for b in sorted(special.union([b for b, size in enumerate(sizes) if not size])):
        block = whole(b)  # (a block that is only its kind and offsets has no indent: no Block)
        if block is not None and block.kind == "rule":
            spans = [(block.start, block.end)]
        elif block is not None and b in tables:
            spans = tables[b].line_spans(text, block)
        elif block is not None:
            spans = wrap_spans(text, block.start, block.end, max(8, text_width - indent(block)))
        elif blocks.kind(b) == "rule":
            spans = [(starts[b], ends[b])]
        else:
            spans = wrap_spans(text, starts[b], ends[b], room)
        at[b] = len(line_starts)
        for s, e in spans:
            line_starts.append(s)
            line_ends.append(e)
        sizes[b] = len(spans)
    for b in joined:
        sizes[b] -= 1  # (taken back from the blank line added to every block below)
    firsts = array("q", accumulate((size + 1 for size in sizes), initial=0))
    return Lines(firsts, starts, ends, at, line_starts, line_ends, joined, quoted, tables)


def _joins(block: Block, after: Block) -> bool:
    """Is ``after`` drawn right under ``block``, with no blank line between them?"""
    if after.kind == "row":  # the next row of the same table (a header row begins another)
        return block.kind == "row" and not after.level
    if after.kind == "list_item":  # the next item of a tight list
        return block.kind == "list_item" and after.tight and bool(after.marker)
    return after.kind == "footnote" and block.kind == "footnote" and bool(after.marker)


def _joined_and_tables(document: Document, text_width: int, indent: Callable[[Block], int]
                       ) -> tuple[frozenset[int], frozenset[int], dict[int, Table]]:
    """The blocks with no blank line after them, those whose blank line after them is in a
    block quote (see Lines.quoted), and the table of each row block (its columns fitted to the
    width left by the first row's indent)."""
    blocks = document.blocks
    joined: set[int] = set()
    quoted: set[int] = set()
    tables: dict[int, Table] = {}
    rows: list[tuple[int, Block]] = []

    def close() -> None:
        if rows:
            table = Table.fit(document.text, [r for _, r in rows],
                              max(8, text_width - indent(rows[0][1])))
            tables.update((b, table) for b, _ in rows)
            rows.clear()

    previous: tuple[int, Block] | None = None
    for b in blocks.whole_indices():
        block = blocks[b]
        follows = previous is not None and previous[0] == b - 1 and _joins(previous[1], block)
        if follows:
            joined.add(b - 1)
        elif previous is not None and previous[0] == b - 1 and min(
                previous[1].quote_depth, block.quote_depth):
            quoted.add(b - 1)
        if block.kind == "row":
            if not follows:
                close()
            rows.append((b, block))
        previous = (b, block)
    close()
    return frozenset(joined), frozenset(quoted), tables


#: Between two columns of a table.
COLUMN_GAP = " │ "
#: How narrow a column may be made to fit a table in the width (unless its text is narrower).
MIN_COLUMN = 6


def _cells(block: Block) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in block.spans if s.kind == "cell"]


def _text_cells(text: str) -> int:
    return cell_len(text.replace("\t", " "))


def fit_columns(natural: list[int], space: int) -> list[int]:
    """Column widths that fit in ``space`` cells: every column as wide as its text, but none
    wider than the widest cap that fits (not below MIN_COLUMN; the rest of the space to the
    columns cut short, left first). When even that does not fit, the line is cut at the edge."""
    if sum(natural) <= space:
        return list(natural)
    lo, hi = 1, max(natural)
    while lo < hi:  # the widest cap under which the columns fit
        mid = (lo + hi + 1) // 2
        if sum(min(n, mid) for n in natural) <= space:
            lo = mid
        else:
            hi = mid - 1
    widths = [min(n, max(lo, MIN_COLUMN)) for n in natural]
    spare = space - sum(widths)
    for c, n in enumerate(natural):
        if spare <= 0:
            break
        if widths[c] < n:
            widths[c] += 1
            spare -= 1
    return widths


class Table:
    """A table's columns at one width: the rows draw their cells in these, each cell's text
    wrapped to its column. A row's lines are pieces of several cells side by side: each line
    is known by where its first piece starts (rising from line to line), and the header row
    has one more line, its rule (at the row's end)."""

    __slots__ = ("widths", "aligns", "_pieces")

    def __init__(self, widths: list[int], aligns: str) -> None:
        self.widths = widths
        self.aligns = aligns.ljust(len(widths), "-")
        self._pieces: dict[int, list[list[tuple[int, int] | None]]] = {}

    @classmethod
    def fit(cls, text: str, rows: list[Block], room: int) -> Table:
        """The columns of ``rows``, each as wide as its widest cell, fitted to ``room``."""
        columns = max(len(_cells(row)) for row in rows) or 1
        natural = [1] * columns
        for row in rows:
            for c, (s, e) in enumerate(_cells(row)):
                natural[c] = max(natural[c], _text_cells(text[s:e]))
        return cls(fit_columns(natural, room - len(COLUMN_GAP) * (columns - 1)), rows[0].info)

    def pieces(self, text: str, block: Block) -> list[list[tuple[int, int] | None]]:
        """A row's lines: on each, the piece of every cell drawn there (None: the cell's text
        ended on a line above)."""
        found = self._pieces.get(block.start)
        if found is None:
            wrapped = [wrap_spans(text, s, e, w) if e > s else [(s, s)]
                       for (s, e), w in zip(_cells(block), self.widths)]
            height = max((len(w) for w in wrapped), default=1)
            found = [[w[k] if k < len(w) else None for w in wrapped] for k in range(height)]
            if len(self._pieces) > 4096:
                self._pieces.clear()
            self._pieces[block.start] = found
        return found

    def line_spans(self, text: str, block: Block) -> list[tuple[int, int]]:
        """The (start, end) of each of a row's lines: from its first piece to its last."""
        spans = []
        for line in self.pieces(text, block):
            drawn = [p for p in line if p is not None]
            spans.append((min(p[0] for p in drawn), max(p[1] for p in drawn)) if drawn
                         else (block.start, block.start))
        if block.level:
            spans.append((block.end, block.end))  # the rule under the header
        return spans


def special_blocks(document: Document) -> set[int]:
    """Blocks whose lines are not known from their length: kept whole (indents, markers, rules),
    or holding a hard line break or a character not one cell wide."""
    blocks = document.blocks
    text = document.text
    special = set(blocks.whole_indices())
    special.update(b for b in range(len(blocks)) if blocks.kind(b) == "rule")
    starts, ends = blocks.starts, blocks.ends
    if text.count("\n") > 2 * max(0, len(blocks) - 1):  # more than the blocks' separators
        for m in re.finditer("\n", text):
            b = bisect_right(starts, m.start()) - 1
            if b >= 0 and m.start() < ends[b]:
                special.add(b)
    pos = 0
    while (m := _NOT_NARROW.search(text, pos)) is not None:
        b = bisect_right(starts, m.start()) - 1
        if b >= 0 and m.start() < ends[b]:
            special.add(b)
            pos = ends[b]
        else:
            pos = m.end()
    return special
