"""Builds a Document's canonical text block by block: every offset comes from here."""

from __future__ import annotations

from itertools import accumulate

from .model import BLOCK_SEPARATOR, Block, Blocks, Span


class Builder:
    """Accumulates canonical text and blocks; every offset comes from here."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks = Blocks()

    def add(self, kind: str, pieces: list[str], spans: list[Span] | None = None, **attrs) -> None:
        text = "".join(pieces)
        if not text.strip() and kind not in ("rule", "row"):  # (a table keeps its empty rows)
            return
        if len(self.blocks):
            self.parts.append(BLOCK_SEPARATOR)
            self.length += len(BLOCK_SEPARATOR)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        if spans or attrs:
            shifted = tuple(Span(s.kind, s.start + start, s.end + start, s.href)
                            for s in spans or ())
            self.blocks.append(Block(kind, start, self.length, spans=shifted, **attrs))
        else:
            self.blocks.add(kind, start, self.length)

    def add_plain(self, kind: str, texts: list[str]) -> None:
        """Add a block of ``kind`` for each of ``texts`` (none blank, no attributes or spans):
        as ``add`` for each, at a fraction of the cost (a plain text of a million lines)."""
        if not texts:
            return
        sep = len(BLOCK_SEPARATOR)
        first = self.length + (sep if len(self.blocks) else 0)
        # Each block starts after the previous one and a separator.
        starts = list(accumulate((len(t) + sep for t in texts[:-1]), initial=first))
        self.blocks.starts.extend(starts)
        self.blocks.ends.extend(s + len(t) for s, t in zip(starts, texts))
        self.blocks.add_kinds(kind, len(texts))
        joined = BLOCK_SEPARATOR.join(texts)
        if len(self.blocks) > len(texts):
            self.parts.append(BLOCK_SEPARATOR)
        self.parts.append(joined)
        self.length = first + len(joined)

    def text(self) -> str:
        return "".join(self.parts)
