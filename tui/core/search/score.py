"""How well a statement matches what the user types (typos are fine), and what a search returns."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from .fold import fold


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: the item's number in the indexed sequence and its score (0..100)."""

    item: int
    score: float



# search_score

#: Below this a search score is 0: fewer than three quarters of the query's characters found.
SEARCH_FLOOR = 67.5
FUZZY_WEIGHT = 0.9  # a fuzzy match (partial_ratio) never ranks with an exact one
MID_WORD = 95.0  # the query found exactly, but starting inside a word ("ivan" in "Sullivan")
ALL_WORDS = 90.0  # every query word starts a word of the text, in another order or apart
PR_CUTOFF = SEARCH_FLOOR / FUZZY_WEIGHT  # 75
WORD_TYPO = 80.0  # a query word of 5+ letters this close to a part of the text counts, in part
TYPO_SHARE = 0.9  # ... as 0.9 x its partial_ratio / 100 of a word found


def fuzzy_score(q: str, t: str, cutoff: float = PR_CUTOFF) -> float:
    """rapidfuzz partial_ratio of the folded texts (ratio when the text is shorter), 0 below
    the cutoff."""
    if len(t) < len(q):
        return fuzz.ratio(q, t, score_cutoff=cutoff)
    return fuzz.partial_ratio(q, t, score_cutoff=cutoff)


def words_part(words: list[str], t: str, beat: float = 0.0) -> float:
    """90 x the share of the query's letters (and spaces) in words found in t, in any order.

    A word is found where it starts a word of t (counts 1); a word of 5 letters or more also,
    in part, where rapidfuzz partial_ratio of " word" in t is at least WORD_TYPO (a typo:
    counts 0.9 x that / 100). The typo part is only worked out when the result can exceed
    `beat`; when it cannot, what is returned is at most `beat`.
    """
    total = exact = maybe = 0
    typos = []
    for w in words:
        size = len(w) + 1
        total += size
        if " " + w in t:
            exact += size
        elif size > 5:
            typos.append(w)
            maybe += size
    if not typos or ALL_WORDS * (exact + maybe) / total < beat:
        return ALL_WORDS * exact / total
    found = float(exact)
    for w in typos:
        found += (len(w) + 1) * TYPO_SHARE * fuzzy_score(" " + w, t, WORD_TYPO) / 100.0
    return ALL_WORDS * found / total


def score_folded(q: str, words: list[str], t: str) -> float:
    if q in t:
        return 100.0
    if q[1:] in t:
        return MID_WORD
    s = FUZZY_WEIGHT * fuzzy_score(q, t)
    if len(words) > 1:
        s = max(s, words_part(words, t, max(s, SEARCH_FLOOR)))
    return s if s >= SEARCH_FLOOR else 0.0


def search_score(query: str, text: str) -> float:
    """How well text matches a typed query, 0..100: the scorer of ``SearchIndex.search``.

    Both are folded (case, accents, punctuation; see ``fold``). Then:

    - 100: the query occurs in the text starting at a word ("sullivan", "jake sul");
    - 95: it occurs starting inside a word ("ivan" in "Sullivan");
    - 90: every query word starts a word of the text, in any order or apart ("sullivan jake");
      a share of that when only some do: 90 x the found words' share of the query's letters,
      a word of 5+ letters with a typo counting 0.9 x its partial_ratio / 100 (at least 80)
      ("comon sense geograpy" finds "about geography ... common sense" at about 76);
    - else 0.9 x rapidfuzz ``partial_ratio`` of " query" against " text" (the best window of the
      text; ``ratio`` when the text is the shorter): a typo ("Sulivan", "missles") scores about
      75-85, so it never outranks an exact match.

    Anything below ``SEARCH_FLOOR`` (67.5: less than three quarters of the query found) is 0.
    An empty query (after folding) scores 0.
    """
    q = fold(query)
    if len(q) <= 1:
        return 0.0
    return score_folded(q, q[1:].split(" "), fold(text))



def merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1]:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def edits(w: str) -> set[str]:
    """Every string one edit from w: a letter deleted, swapped with the next, replaced, added."""
    letters = _ALPHABET + "".join(set(w) - set(_ALPHABET))
    n = len(w)
    out = {w[:i] + w[i + 1:] for i in range(n)}
    out.update(w[:i] + w[i + 1] + w[i] + w[i + 2:] for i in range(n - 1))
    for i in range(n + 1):
        head, tail = w[:i], w[i:]
        out.update(head + c + tail for c in letters)
        if tail:
            rest = tail[1:]
            out.update(head + c + rest for c in letters)
    out.discard(w)
    return out
