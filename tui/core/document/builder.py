"""Builds a Document's canonical text block by block: every offset comes from here."""

from __future__ import annotations

from .model import BLOCK_SEPARATOR, Block, Span


class Builder:
    """Accumulates canonical text and blocks; every offset comes from here."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []

    def add(self, kind: str, pieces: list[str], spans: list[Span] | None = None, **attrs) -> None:
        text = "".join(pieces)
        if not text.strip() and kind != "rule":
            return
        if self.blocks:
            self.parts.append(BLOCK_SEPARATOR)
            self.length += len(BLOCK_SEPARATOR)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        shifted = tuple(Span(s.kind, s.start + start, s.end + start, s.href) for s in spans or ())
        self.blocks.append(Block(kind, start, self.length, spans=shifted, **attrs))

    def text(self) -> str:
        return "".join(self.parts)
