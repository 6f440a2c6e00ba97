"""Tables as the commands print them: as wide as the terminal, or whole in a pipe or a file."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from rich.cells import cell_len, set_cell_size

from ..core.text import safe_output


def line_width() -> int | None:
    """The cells a line may take: ``$COLUMNS`` when set, else the terminal's width when standard
    output is one. None for a pipe or a file: there a cut line would be text lost for good."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError, OSError):  # closed, or replaced by a test
        terminal = False
    return shutil.get_terminal_size().columns if terminal else None


def fit(text: str, width: int | None) -> str:
    """``text`` on one line, safe to print, in at most ``width`` cells (None: whole). A cut falls
    between words when one is near and is marked "…"; wide characters (CJK, emoji) count the
    two cells a terminal gives them, so columns after them still line up."""
    if text.isascii() and text.isprintable() and " " not in text:  # one word: nothing to clean
        if width is None or len(text) <= width:  # (an id, a number, a state)
            return text
    text = safe_output(" ".join(text.split()))
    if width is None:
        return text
    # A long text (a note's body) is measured and cut by its beginning: what lies past it cannot
    # change the cut, unless the beginning holds zero-width marks (then all of it is measured).
    head = text[:width + 8]
    narrow = _NARROW.issuperset(head)  # (then so is every part of it)
    if len(head) < len(text) and not narrow and cell_len(head) <= width + 2:
        head, narrow = text, _NARROW.issuperset(text)
    if len(head) == len(text) and (len(text) if narrow else cell_len(text)) <= width:
        return text
    if width < 2:
        return "…"[:width]
    # a prefix (a half wide character padded)
    cut = (head[:width - 1] if narrow else set_cell_size(head, width - 1)).rstrip()
    if text[len(cut):len(cut) + 1] != " ":
        space = cut.rfind(" ")
        before = space if narrow else cell_len(cut[:max(space, 0)])  # (cells before it)
        if space > 0 and before * 2 >= width:  # else a long word, URL or CJK
            cut = cut[:space]
    return cut.rstrip(" ,;:—–-") + "…"


#: Characters one cell wide, as rich counts them: Latin, Greek, Cyrillic and the punctuation of
#: prose (“quotes”, dashes, …), which rich's own quick test leaves out (and then measures each
#: grapheme in Python: a table of 100,000 notes took seconds).
_NARROW = frozenset(c for c in map(chr, [*range(0x20, 0x7F), *range(0xA0, 0x483),
                                         *range(0x2010, 0x2060)]) if cell_len(c) == 1)


def _cells(text: str) -> int:
    """``cell_len(text)``, at once when every character is one cell wide."""
    return len(text) if _NARROW.issuperset(text) else cell_len(text)


def _measure(text: str) -> int:
    """The cells ``text`` takes as a table shows it (whole)."""
    return _cells(fit(text, None))


def _padded(text: str, width: int, right: bool = False) -> str:
    """``text`` fitted to ``width`` cells and padded to exactly that many."""
    text = fit(text, width)
    gap = " " * (width - _cells(text))
    return gap + text if right else text + gap


# A row at a time (Table), a column of states, verdicts or tags holds few values, many times.
_width = lru_cache(maxsize=4096)(_measure)
_pad = lru_cache(maxsize=4096)(_padded)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a table: its title, aligned right (numbers) or left, and ``most``: the cells
    it keeps when the line must be shortened to fit a terminal (None: it is never cut)."""

    title: str
    right: bool = False
    most: int | None = None


class Table:
    """A table whose last column is its text, laid out from a first pass over the cells of the
    other columns (``heads``, one sequence per row): each column is as wide as its widest cell.
    On a terminal (``width``), while the text has less than half of the line, the columns with
    a ``most`` give up cells, widest first: down to their ``most``, then down to their title;
    the text is cut to fit. In a pipe (None) nothing is cut.
    Lines are made one at a time (``line``): a long article's rows are never all held."""

    def __init__(self, columns: Sequence[Column], heads: Iterable[Sequence[str]],
                 width: int | None = None) -> None:
        self.columns = tuple(columns)
        head = self.columns[:-1]
        widths = [cell_len(c.title) for c in head]
        for cells in heads:
            widths = [max(w, _width(cell)) for w, cell in zip(widths, cells)]
        self.text_width = None
        if width is not None:
            over = sum(widths) + 2 * len(head) + max(12, width // 2) - width
            for floors in ([min(w, c.most or w) for w, c in zip(widths, head)],
                           [min(w, max(6, cell_len(c.title))) if c.most else w
                            for w, c in zip(widths, head)]):
                over = _give_up(widths, floors, over)
            self.text_width = max(12, width - sum(widths) - 2 * len(head))
        self.widths = widths
        self.header = self.line([c.title for c in self.columns])

    def line(self, cells: Sequence[str]) -> str:
        """One row: its cells fitted and padded to the columns, its text fitted to the rest."""
        out = [_pad(cell, w, c.right) for cell, w, c in zip(cells, self.widths, self.columns)]
        return "  ".join([*out, fit(cells[-1], self.text_width)]).rstrip()


def _give_up(widths: list[int], floors: Sequence[int], over: int) -> int:
    """Take up to ``over`` cells from ``widths`` (in place), one at a time from the column
    farthest above its floor; return how many are still wanted."""
    while over > 0 and widths:
        i = max(range(len(widths)), key=lambda k: widths[k] - floors[k])
        if widths[i] <= floors[i]:
            break
        widths[i] -= 1
        over -= 1
    return over


def table(columns: Sequence[Column], rows: Sequence[Sequence[str]],
          width: int | None = None) -> tuple[str, list[str]]:
    """The header and the lines of a table whose rows are all at hand (see ``Table``): the
    lines ``Table.line`` makes, made a column at a time, each distinct cell of a column measured
    and fitted once (a table of 50,000 notes holds a few states, verdicts, sets of tags and
    quotes, each on thousands of rows: measured row by row, it took half a second)."""
    if not rows:
        return Table(columns, (), width).header, []
    cells = list(zip(*rows))  # its columns
    distinct = [set(column) for column in cells]
    plain = [_plain(values) for values in distinct[:-1]]
    # The widths of the widest cells are the widths Table measures row by row.
    laid = Table(columns, [[max(values, key=len if is_plain else _measure)
                            for values, is_plain in zip(distinct, plain)]], width)
    shown = []
    for column, values, is_plain, room, c in zip(cells, distinct, plain, laid.widths,
                                                   laid.columns):
        pad = str.rjust if c.right else str.ljust
        padded = {cell: pad(cell, room) if is_plain and len(cell) <= room
                  else _padded(cell, room, c.right) for cell in values}
        shown.append(map(padded.__getitem__, column))
    fitted = {text: fit(text, laid.text_width) for text in distinct[-1]}
    shown.append(map(fitted.__getitem__, cells[-1]))
    return laid.header, ["  ".join(line).rstrip() for line in zip(*shown)]


def _plain(cells: Iterable[str]) -> bool:
    """Are these cells (ids, numbers) single words of printable ASCII? Then each is shown as it
    is and takes a cell a character, as ``fit`` would find one at a time."""
    joined = "".join(cells)
    return joined.isascii() and joined.isprintable() and " " not in joined
