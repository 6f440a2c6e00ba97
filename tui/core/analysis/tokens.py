"""A statement's tokens as the source finder reads them: words with their offsets, and the tokens
outside its quotations and short asides in brackets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .words import ABBREVIATION, TOKEN

_MARKS = frozenset("“”\"")
_ASIDE = re.compile(r"\([^()]{1,24}\)")


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


@dataclass(slots=True)
class Tok:
    text: str
    low: str
    cap: bool
    start: int
    end: int


def tokenize(text: str) -> list[Tok]:
    toks = []
    for m in TOKEN.finditer(text):
        word = m.group()
        end = m.end()
        # A trailing full stop belongs to the token only for abbreviations (U.S., Gen., Ltd.).
        if word[-1] == "." and len(word) > 1 and not ABBREVIATION.fullmatch(word):
            word = word[:-1]
            end -= 1
        toks.append(Tok(word, word.lower(), word[:1].isupper(), m.start(), end))
    return toks


def outside(text: str, toks: list[Tok], quotes: list[tuple[int, int]]) -> list[Tok]:
    """The tokens a source can be among: not quoted, not in a short aside in brackets
    ("Mitch McConnell (R-Ky.) said" is read past the party and state)."""
    if "(" in text and toks:
        quotes = quotes + [m.span() for m in _ASIDE.finditer(text)]
    if quotes:
        toks = [t for t in toks if not inside(quotes, t.start)]
    # The marks of a scare quote ("and “Ted Cruz” campaign pins") are not a clause's edge.
    if '"' in text or "“" in text or "”" in text:
        return [t for t in toks if t.text not in _MARKS]
    return toks


