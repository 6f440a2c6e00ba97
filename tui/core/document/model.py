"""The Document: one canonical plain text, its blocks and inline spans as [start, end) offsets."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

#: Block kinds whose text is prose: these are split into statements. A table's row is prose (its
#: cells, joined by CELL_SEPARATOR), so that what a table says can be noted like any sentence.
PROSE_KINDS = frozenset({"heading", "paragraph", "quote", "list_item", "row", "footnote"})
#: What joins two blocks in the canonical text.
BLOCK_SEPARATOR = "\n\n"
#: What joins the cells of a table's row in the canonical text (the cells' own offsets are its
#: "cell" spans: a cell may hold " | " itself).
CELL_SEPARATOR = " | "


@dataclass(frozen=True, slots=True)
class Span:
    """An inline span as [start, end) offsets: emphasis, strong, strike, code, link (``href``:
    its address), footnote (a reference such as "[1]"; ``href``: the footnote's label) or cell
    (one cell of a table's row)."""

    kind: str
    start: int
    end: int
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the document as [start, end) offsets into Document.text."""

    kind: str  # heading | paragraph | quote | list_item | row | footnote | code | html | rule
    start: int
    end: int
    level: int = 0  # heading level 1-6; a table's header row: 1
    quote_depth: int = 0  # how many block quotes hold it
    list_depth: int = 0  # how many lists hold it (a footnote counts as one)
    marker: str = ""  # the list marker ("1.", "•") on the first paragraph of a list item; a
    #                   footnote's number ("[1]") on the first paragraph of its definition
    spans: tuple[Span, ...] = ()
    info: str = ""  # code: the language of its fence; row: its columns' alignment, one letter a
    #                 column (l, c, r, or - for none); footnote: its label
    tight: bool = False  # a list item of a tight list (no blank line between its items)

    @property
    def prose(self) -> bool:
        return self.kind in PROSE_KINDS


#: Block kinds, by the number Blocks keeps for each.
BLOCK_KINDS = ("paragraph", "heading", "quote", "list_item", "code", "html", "rule", "row",
               "footnote")
_KIND_CODE = {kind: code for code, kind in enumerate(BLOCK_KINDS)}


class OnDemand(Sequence):
    """A sequence whose items are made when asked for (from columns of numbers, say).
    Subclasses give ``__len__`` and ``_item(i)`` for 0 <= i < len; indices out of range, negative
    indices and slices (a tuple) are done here."""

    __slots__ = ()

    def _item(self, i: int):
        raise NotImplementedError

    def __getitem__(self, i):
        n = len(self)
        if isinstance(i, slice):
            return tuple(self._item(j) for j in range(*i.indices(n)))
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return self._item(i)

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same items (a tuple of them, say)."""
        return (isinstance(other, Sequence) and len(other) == len(self)
                and all(a == b for a, b in zip(self, other)))

    __hash__ = None  # type: ignore[assignment]  (subclasses that are immutable give one)


class Blocks(OnDemand):
    """A document's blocks, kept as columns — where each starts and ends, its kind — and made
    into a Block when asked for: a million one-line paragraphs take 17 MB, not 160. Blocks with
    more than a kind and offsets (a heading's level, a list marker, inline spans) are kept whole.
    """

    __slots__ = ("starts", "ends", "_kinds", "_whole")

    def __init__(self, blocks: Iterable[Block] = ()) -> None:
        self.starts = array("q")  # where each block starts: bisect it
        self.ends = array("q")
        self._kinds = bytearray()
        self._whole: dict[int, Block] = {}
        for block in blocks:
            self.append(block)

    def add(self, kind: str, start: int, end: int) -> None:
        """Add a block that is only a kind and its offsets."""
        self._kinds.append(_KIND_CODE[kind])
        self.starts.append(start)
        self.ends.append(end)

    def add_kinds(self, kind: str, n: int) -> None:
        """The kinds of ``n`` blocks whose offsets were put in ``starts`` and ``ends``."""
        self._kinds.extend(bytes((_KIND_CODE[kind],)) * n)

    def append(self, block: Block) -> None:
        if (block.level or block.quote_depth or block.list_depth or block.marker or block.spans
                or block.info or block.tight or block.kind not in _KIND_CODE):
            self._whole[len(self.starts)] = block
        self.add(block.kind if block.kind in _KIND_CODE else "html", block.start, block.end)

    def whole(self, i: int) -> Block | None:
        """Block ``i`` if it is kept whole (it has more than a kind and offsets), else None."""
        return self._whole.get(i)

    def whole_indices(self) -> list[int]:
        """The blocks kept whole (with more than a kind and offsets)."""
        return list(self._whole)

    def kind(self, i: int) -> str:
        """The kind of block ``i`` (without making its Block)."""
        whole = self._whole.get(i)
        return whole.kind if whole is not None else BLOCK_KINDS[self._kinds[i]]

    def __len__(self) -> int:
        return len(self.starts)

    def _item(self, i: int) -> Block:
        whole = self._whole.get(i)
        if whole is not None:
            return whole
        return Block(BLOCK_KINDS[self._kinds[i]], self.starts[i], self.ends[i])

    def __iter__(self) -> Iterator[Block]:
        whole = self._whole
        for i, (code, start, end) in enumerate(zip(self._kinds, self.starts, self.ends)):
            yield whole.get(i) or Block(BLOCK_KINDS[code], start, end)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Blocks):
            return (self.starts == other.starts and self.ends == other.ends
                    and self._kinds == other._kinds and self._whole == other._whole)
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash((len(self), self.starts.tobytes(), self.ends.tobytes()))

    def __repr__(self) -> str:
        return f"Blocks({list(self)!r})"


@dataclass(frozen=True, slots=True)
class Document:
    """An article: its canonical plain text, title, blocks and where it came from."""

    text: str
    title: str
    blocks: Blocks  # (given any sequence of Block, kept as Blocks)
    source: str = ""  # the path (absolute) or "<stdin>"
    format: str = "text"  # markdown | text
    meta: tuple[tuple[str, str], ...] = field(default=())  # front matter: (key, value)
    markup: str = field(default="", repr=False)  # what it was parsed from (kept by the library)

    def __post_init__(self) -> None:
        if not isinstance(self.blocks, Blocks):
            object.__setattr__(self, "blocks", Blocks(self.blocks))

    def block_at(self, offset: int) -> int:
        """Index of the block holding ``offset`` (or the last block starting before it); -1 if none."""
        return bisect_right(self.blocks.starts, offset) - 1

    def meta_value(self, key: str) -> str | None:
        for k, v in self.meta:
            if k == key:
                return v
        return None
