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
    (but after the last block)."""

    __slots__ = ("firsts", "_starts", "_ends", "_at", "_line_starts", "_line_ends", "_total")

    def __init__(self, firsts: array, starts: Sequence[int], ends: Sequence[int], at: array,
                 line_starts: array, line_ends: array) -> None:
        #: The first line of each block (and, last, one past the end of the blank after it).
        self.firsts = firsts
        self._starts = starts
        self._ends = ends
        self._at = at  # per block: where its lines are in line_starts/line_ends, or -1: one line
        self._line_starts = line_starts
        self._line_ends = line_ends
        self._total = max(0, firsts[-1] - 1)

    def __len__(self) -> int:
        return self._total

    def _item(self, y: int) -> Line:
        b = bisect_right(self.firsts, y) - 1
        k = y - self.firsts[b]
        if k == self.firsts[b + 1] - self.firsts[b] - 1:
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
    for b in sorted(special.union([b for b, size in enumerate(sizes) if not size])):
        block = whole(b)  # (a block that is only its kind and offsets has no indent: no Block)
        if block is not None and block.kind == "rule":
            spans = [(block.start, block.end)]
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
    firsts = array("q", accumulate((size + 1 for size in sizes), initial=0))
    return Lines(firsts, starts, ends, at, line_starts, line_ends)


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
