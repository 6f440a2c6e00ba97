"""Which characters of a statement matched the query, for showing them."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .fold import fold, fold_map
from .score import FUZZY_WEIGHT, PR_CUTOFF, SEARCH_FLOOR, WORD_TYPO, fuzzy_score, merge, words_part



def _aligned(q: str, t: str, cutoff: float) -> list[tuple[int, int]]:
    """Spans of t lining up with q in their best partial_ratio window ([] below the cutoff)."""
    if not fuzzy_score(q, t, cutoff):
        return []
    if len(t) < len(q):
        start, end = 0, len(t)
    else:
        al = fuzz.partial_ratio_alignment(q, t)
        slack = len(q) // 4 + 1  # the window is as long as q: let a typo's letters fit
        start, end = max(al.dest_start - slack, 0), min(al.dest_end + slack, len(t))
    return [(start + op.dest_start, start + op.dest_end)
            for op in Indel.opcodes(q, t[start:end]) if op.tag == "equal"]


def highlight(query: str, text: str) -> list[tuple[int, int]]:
    """[start, end) spans of text that match the query, sorted and disjoint, for display.

    Where the query occurs (folded, as ``search_score`` sees it): its occurrences. Else, when
    the query's words found in any order score best: each word's occurrences at word starts
    (or, for a typo, the letters of its best window). Else the letters of the query's best
    fuzzy window.
    """
    q = fold(query)
    if len(q) <= 1:
        return []
    t, origin = fold_map(text)
    words = q[1:].split(" ")
    found: list[tuple[int, int]] = []
    core = q[1:]
    pos = t.find(core)
    if pos >= 0:
        while pos >= 0:
            found.append((pos, pos + len(core)))
            pos = t.find(core, pos + len(core))
    else:
        bar = max(FUZZY_WEIGHT * fuzzy_score(q, t), SEARCH_FLOOR)
        if len(words) > 1 and words_part(words, t, bar) >= bar:
            for w in words:
                needle = " " + w
                pos = t.find(needle)
                if pos < 0 and len(needle) > 5:
                    found += _aligned(needle, t, WORD_TYPO)
                while pos >= 0:
                    found.append((pos + 1, pos + len(needle)))
                    pos = t.find(needle, pos + len(needle))
        else:
            found = _aligned(q, t, PR_CUTOFF)
    spans: list[tuple[int, int]] = []
    for a, b in sorted(found):
        while a < b and origin[a] < 0:
            a += 1
        while b > a and origin[b - 1] < 0:
            b -= 1
        if a >= b:
            continue
        spans.append((origin[a], origin[b - 1] + 1))
    return merge(spans)


ELLIPSIS = "…"
_WORD = re.compile(r"\S+")


def excerpt(text: str, spans: Sequence[tuple[int, int]] = (), lead: int = 80,
            limit: int = 2_000) -> tuple[str, list[tuple[int, int]]]:
    """``text`` on one line, to show as a result, and ``spans`` (of ``text``) moved along.

    Runs of white space become one space. When the first span starts more than ``lead``
    characters in, the excerpt starts at a word a third of ``lead`` before it, after an
    ellipsis, so the match is in view. It ends, with an ellipsis, at the last word that ends
    within ``limit`` characters. Spans outside the excerpt are dropped, those across its ends
    cut to it.
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    flat_at: list[int] = []  # where each word starts in the one-line text
    pos = 0
    for start, end in words:
        flat_at.append(pos)
        pos += end - start + 1
    flat = " ".join(text[s:e] for s, e in words)

    def moved(offset: int, end: bool) -> int:
        """Where ``offset`` of text lands in flat (white space: the next word's start, or, for
        an end, the last word's end)."""
        k = bisect_right(words, (offset, len(text) + 1)) - 1  # the word starting at or before
        if k >= 0 and (offset < words[k][1] or end and offset == words[k][1]):
            return flat_at[k] + offset - words[k][0]
        if end:
            return flat_at[k] + words[k][1] - words[k][0] if k >= 0 else 0
        return flat_at[k + 1] if k + 1 < len(words) else len(flat)

    moved_spans = [(a, b) for s, e in spans if (a := moved(s, False)) < (b := moved(e, True))]
    start, head = 0, ""
    if moved_spans and moved_spans[0][0] > lead:
        want = moved_spans[0][0] - lead // 3
        k = bisect_right(flat_at, want)
        start = flat_at[k] if k < len(flat_at) and flat_at[k] <= moved_spans[0][0] else \
            moved_spans[0][0]
        head = ELLIPSIS
    stop, tail = len(flat), ""
    if stop - start > limit:
        cut = flat.rfind(" ", start, start + limit)
        stop = cut if cut > start else start + limit
        tail = ELLIPSIS
    shift = len(head) - start
    out = [(max(a, start) + shift, min(b, stop) + shift) for a, b in moved_spans
           if a < stop and b > start]
    return head + flat[start:stop] + tail, out
