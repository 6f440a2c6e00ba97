"""Where a note points: a W3C TextQuoteSelector (the quote and its context) and a TextPositionSelector."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: Characters of context kept on each side of a quote (as the Hypothesis client does).
CONTEXT_CHARS = 32


@dataclass(frozen=True, slots=True)
class Selector:
    """Where a note points: a W3C TextQuoteSelector and an optional TextPositionSelector in one value.

    ``exact`` is the quoted text; ``prefix``/``suffix`` the text just before and after it (empty at
    the document's edges or when unknown); ``start``/``end`` are code-point offsets into the text the
    note was made on, or both None when no position is known.
    """

    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None

    def __post_init__(self) -> None:
        start, end = self.start, self.end
        if (type(start) is int and type(end) is int and 0 <= start <= end
                and type(self.exact) is str and type(self.prefix) is str
                and type(self.suffix) is str):
            return  # the usual selector, checked at once (a store reads 100,000 of them)
        for name in ("exact", "prefix", "suffix"):
            if not isinstance(getattr(self, name), str):
                raise ValueError(f"Selector.{name} must be a string")
        if (self.start is None) != (self.end is None):
            raise ValueError("Selector.start and Selector.end must be given together")
        if self.start is not None:
            if not is_int(self.start) or not is_int(self.end):
                raise ValueError("Selector.start and Selector.end must be integers")
            if not 0 <= self.start <= self.end:  # type: ignore[operator]
                raise ValueError(f"Selector needs 0 <= start <= end, got {self.start}, {self.end}")

    def to_w3c(self) -> list[dict]:
        """The W3C Web Annotation selectors: a TextQuoteSelector, then a TextPositionSelector if known."""
        out: list[dict] = [
            {"type": "TextQuoteSelector", "exact": self.exact, "prefix": self.prefix, "suffix": self.suffix}
        ]
        if self.start is not None:
            out.append({"type": "TextPositionSelector", "start": self.start, "end": self.end})
        return out

    @classmethod
    def from_w3c(cls, selectors: Sequence[Mapping]) -> Selector:
        """Read W3C selectors (as written by to_w3c); other selector types are ignored.

        Raises ValueError naming the problem when there is no single TextQuoteSelector with a
        non-empty ``exact``, or a field has the wrong type, or a position is invalid.
        """
        if isinstance(selectors, (str, bytes, Mapping)) or not isinstance(selectors, Sequence):
            raise ValueError("W3C selectors must be a list of selector objects")
        quote: Mapping | None = None
        position: Mapping | None = None
        for i, item in enumerate(selectors):
            if not isinstance(item, Mapping):
                raise ValueError(f"selector {i} is not an object")
            kind = item.get("type")
            if kind == "TextQuoteSelector":
                if quote is not None:
                    raise ValueError("more than one TextQuoteSelector")
                quote = item
            elif kind == "TextPositionSelector":
                if position is not None:
                    raise ValueError("more than one TextPositionSelector")
                position = item
            elif not isinstance(kind, str):
                raise ValueError(f"selector {i} has no string 'type'")
        if quote is None:
            raise ValueError("no TextQuoteSelector among the selectors")
        exact = quote.get("exact")
        if not isinstance(exact, str) or not exact:
            raise ValueError("TextQuoteSelector.exact must be a non-empty string")
        prefix = quote.get("prefix", "")
        suffix = quote.get("suffix", "")
        prefix = "" if prefix is None else prefix
        suffix = "" if suffix is None else suffix
        if not isinstance(prefix, str) or not isinstance(suffix, str):
            raise ValueError("TextQuoteSelector.prefix and .suffix must be strings")
        start = end = None
        if position is not None:
            start, end = position.get("start"), position.get("end")
            if not is_int(start) or not is_int(end):
                raise ValueError("TextPositionSelector.start and .end must be integers")
            if not 0 <= start <= end:
                raise ValueError(f"TextPositionSelector must have 0 <= start <= end, got {start}, {end}")
            if end > MAX_POSITION:
                raise ValueError(f"TextPositionSelector.end is beyond any article ({_digits(end)})")
        return cls(exact, prefix, suffix, start, end)



def describe(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Selector:
    """The selector of text[start:end] with ``context`` characters of prefix and suffix."""
    if not (is_int(start) and is_int(end) and 0 <= start < end <= len(text)):
        raise ValueError(f"span ({start}, {end}) is not a non-empty span of a text of {len(text)} characters")
    if not is_int(context) or context < 0:
        raise ValueError("context must be a non-negative integer")
    prefix = text[max(0, start - context) : start]
    return Selector(text[start:end], prefix, text[end : end + context], start, end)


#: No article is longer than this (characters): a position beyond it is not one.
MAX_POSITION = 2**40


def _digits(n: int) -> str:
    """A huge number named by its size, never converted to text whole (Python refuses)."""
    return str(n) if n < 10**30 else f"a number of about {n.bit_length() * 3 // 10} digits"


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
