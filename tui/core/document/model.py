"""The Document: one canonical plain text, its blocks and inline spans as [start, end) offsets."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

#: Block kinds whose text is prose: these are split into statements.
PROSE_KINDS = frozenset({"heading", "paragraph", "quote", "list_item"})
#: What joins two blocks in the canonical text.
BLOCK_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Span:
    """An inline span (emphasis, strong, code, link, strike) as [start, end) offsets."""

    kind: str
    start: int
    end: int
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the document as [start, end) offsets into Document.text."""

    kind: str  # heading | paragraph | quote | list_item | code | html | rule
    start: int
    end: int
    level: int = 0  # heading level 1-6
    quote_depth: int = 0  # how many block quotes hold it
    list_depth: int = 0  # how many lists hold it
    marker: str = ""  # the list marker ("1.", "•") on the first paragraph of a list item
    spans: tuple[Span, ...] = ()

    @property
    def prose(self) -> bool:
        return self.kind in PROSE_KINDS


@dataclass(frozen=True, slots=True)
class Document:
    """An article: its canonical plain text, title, blocks and where it came from."""

    text: str
    title: str
    blocks: tuple[Block, ...]
    source: str = ""  # the path (absolute) or "<stdin>"
    format: str = "text"  # markdown | text
    meta: tuple[tuple[str, str], ...] = field(default=())  # front matter: (key, value)
    markup: str = field(default="", repr=False)  # what it was parsed from (kept by the library)

    def block_at(self, offset: int) -> int:
        """Index of the block holding ``offset`` (or the last block starting before it); -1 if none."""
        return bisect_right(self.blocks, offset, key=lambda b: b.start) - 1

    def meta_value(self, key: str) -> str | None:
        for k, v in self.meta:
            if k == key:
                return v
        return None
