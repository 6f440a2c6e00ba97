"""A statement's tokens as the source finder reads them: words with their offsets, and the tokens
outside its quotations and short asides in brackets."""

from __future__ import annotations

import re
from functools import partial
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

from .words import ABBREVIATION

_MARKS = frozenset("“”\"")
_ASIDE = re.compile(r"\([^()]{1,24}\)")
#: TOKEN as one group: splitting by it gives the tokens and the gaps between them. Written so
#: that it matches what TOKEN matches, where TOKEN does (tests/core/analysis/test_tokens.py), but
#: opens with the set of a token's first characters: the regex engine skips the positions no
#: token starts at without trying each alternative there, and reads a word without going back.
_SPLIT = re.compile(
    r"([\w,:;“”\"()—–\-](?:"
    r"(?<=[A-Z])\.(?:[A-Z]\.)+"  # U.S.
    r"|(?<=\w)\w*+(?:[’'\-.&]+\w++)*+\.?"  # a word: inner marks between its letters
    r"|(?<=[,:;“”\"()—–])"  # a mark
    r"|(?<=\s-)(?=\s)))"  # a dash written as a hyphen
)


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


class Tok(NamedTuple):
    """A word or mark of a statement: as written, lower-cased, capitalised?, where."""

    text: str
    low: str
    cap: bool
    start: int
    end: int


_tok = partial(tuple.__new__, Tok)  # a Tok from a tuple of its fields, no Python-level call


def tokenize(text: str) -> list[Tok]:
    """The statement's tokens. A 3 MB book has half a million: they are found by one split of
    the text (tokens and the gaps between, whose lengths add up to the offsets) and built by
    ``map`` over columns, not one Python step per token."""
    parts = _SPLIT.split(text)  # gap, token, gap, token, …, gap
    words = parts[1::2]
    if not words:
        return []
    offsets = list(accumulate(map(len, parts)))
    starts, ends = offsets[0::2], offsets[1::2]
    # A trailing full stop belongs to the token only for abbreviations (U.S., Gen., Ltd.).
    for k in [k for k, word in enumerate(words) if word[-1] == "."]:
        word = words[k]
        if len(word) > 1 and not ABBREVIATION.fullmatch(word):
            words[k] = word[:-1]
            ends[k] -= 1
    caps = map(str.isupper, map(itemgetter(0), words))
    return list(map(_tok, zip(words, map(str.lower, words), caps, starts, ends)))


def outside(text: str, toks: list[Tok], quotes: list[tuple[int, int]]) -> list[Tok]:
    """The tokens a source can be among: not quoted, not in a short aside in brackets
    ("Mitch McConnell (R-Ky.) said" is read past the party and state)."""
    if "(" in text and toks:
        quotes = quotes + [m.span() for m in _ASIDE.finditer(text)]
    if quotes:
        toks = _between(toks, sorted(quotes))
    # The marks of a scare quote ("and “Ted Cruz” campaign pins") are not a clause's edge.
    if '"' in text or "“" in text or "”" in text:
        return [t for t in toks if t.text not in _MARKS]
    return toks




def _between(toks: list[Tok], spans: list[tuple[int, int]]) -> list[Tok]:
    """The tokens that start in none of the sorted ``spans``: one pass over both, not every token
    against every span (a novel's paragraph of dialogue holds dozens of quotations)."""
    out = []
    i, n = 0, len(spans)
    for t in toks:
        pos = t.start
        while i < n and spans[i][1] <= pos:
            i += 1
        # Every span before i ended at or before pos; spans[i] is the first still open, and
        # the only one that can have begun (they are sorted by start).
        if i < n and spans[i][0] <= pos:
            continue
        out.append(t)
    return out
