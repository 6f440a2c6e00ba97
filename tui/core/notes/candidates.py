"""Weighing a place where a note's quote may now be: how alike its quote and context are,
whether it cuts a word, and how many edits explain it."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from .match import (CONTEXT_SLACK, MYERS_MAX_CHARS, context_errors, fuzzy_matches, long_match,
                    allowed_errors, search_ends)
from .selector import CONTEXT_CHARS, Selector

# Weights of the score, as in the Hypothesis client's match-quote.ts.
_W_QUOTE, _W_PREFIX, _W_SUFFIX, W_POS = 50.0, 20.0, 20.0, 2.0
W_MATCH = _W_QUOTE + _W_PREFIX + _W_SUFFIX
W_ALL = W_MATCH + W_POS

#: A context side "agrees" when its similarity to the text beside the match is at least this.
_AGREE = 0.75
#: ... and for a match whose context disagrees on every side it has (a "near duplicate").
_STRANGER_RATE = 0.2
#: A match whose prefix and suffix both disagree is offered for review only if the quote is this
#: long (or, for an exact match, unique in the text).
_DISTINCT_CHARS = 16
#: How far the edge of an approximate match may move to meet its context.
_EDGE_REACH = 64
#: How far a match is widened to reach the edge of a word it cuts.
_WORD_SNAP = 64
#: ... and this many approximate matches (the fewest edits first) of one search.
_WEIGHED_CANDIDATES = 12


class Haystack:
    """The text notes are looked for in, and what is worth remembering about it."""

    __slots__ = ("text", "n", "_unique")

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError("text must be a str")
        self.text = text
        self.n = len(text)
        self._unique: dict[str, bool] = {}

    def is_unique(self, exact: str) -> bool:
        """Does ``exact`` occur exactly once in the text?"""
        unique = self._unique.get(exact)
        if unique is None:
            first = self.text.find(exact)
            unique = self._unique[exact] = first != -1 and self.text.find(exact, first + 1) == -1
        return unique


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    errors: int
    rate: float  # the error rate allowed where it was found
    quality: float  # quote and context similarity, weighted, in [0, 1]
    quote: float
    prefix: float
    suffix: float
    agrees: int  # context sides that agree
    disagrees: int  # context sides that disagree
    cost: int  # edits in the quote and its context (see Job._weigh)


class Job:
    """One selector being resolved on one text."""

    __slots__ = ("r", "sel", "hint", "m", "snap_start", "snap_end", "began_text", "ended_text")

    def __init__(self, resolver: Haystack, sel: Selector, hint: int | None) -> None:
        self.r = resolver
        self.sel = sel
        self.hint = hint
        exact = sel.exact
        self.m = len(exact)
        # Did the quote start (end) at a word edge? Then a match must not start (end) inside a word.
        self.snap_start = exact[0].isalnum() and not (sel.prefix and sel.prefix[-1].isalnum())
        self.snap_end = exact[-1].isalnum() and not (sel.suffix and sel.suffix[0].isalnum())
        # Did the quote begin (end) the text? describe() gives no prefix (suffix) only then.
        self.began_text = not sel.prefix and sel.start == 0
        self.ended_text = not sel.suffix and bool(sel.prefix) and sel.start is not None

    def cuts_word(self, start: int, end: int) -> bool:
        text, n = self.r.text, self.r.n
        if self.snap_start and 0 < start < n and text[start - 1].isalnum() and text[start].isalnum():
            return True
        return bool(self.snap_end and 0 < end < n and text[end - 1].isalnum() and text[end].isalnum())

    def perfect(self, start: int) -> bool:
        """text[start:] begins with the quote: is its context exactly the recorded one?"""
        sel, text = self.sel, self.r.text
        end = start + self.m
        return (
            (not sel.prefix or text.endswith(sel.prefix, 0, start))
            and (not sel.suffix or text.startswith(sel.suffix, end))
            and not self.cuts_word(start, end)
        )

    def candidate(self, start: int, end: int, errors: int, rate: float) -> Candidate | None:
        """Weigh text[start:end] as the quote. An approximate match may instead reach out to where
        its context is found nearby (so an edited word at its edge is shown), if that weighs more."""
        cand = self._weigh(start, end, errors, rate)
        if errors:
            new_start, new_end = self._to_context(start, end, errors)
            if (new_start, new_end) != (start, end) and new_start < new_end:
                new_errors = Levenshtein.distance(self.sel.exact, self.r.text[new_start:new_end])
                if new_errors <= allowed_errors(rate, self.m):
                    other = self._weigh(new_start, new_end, new_errors, rate)
                    # Fewer edits in all (quote and context) explain the text better.
                    if other is not None and (cand is None or other.cost <= cand.cost):
                        cand = other
        return cand

    def _weigh(self, start: int, end: int, errors: int, rate: float) -> Candidate | None:
        """The candidate text[start:end], its edges first moved out of any word the quote did not cut."""
        text, n, sel = self.r.text, self.r.n, self.sel
        if not sel.exact[0].isspace() or not sel.exact[-1].isspace():
            trimmed_start, trimmed_end = start, end
            while not sel.exact[0].isspace() and trimmed_start < trimmed_end and text[trimmed_start].isspace():
                trimmed_start += 1
            while not sel.exact[-1].isspace() and trimmed_end > trimmed_start and text[trimmed_end - 1].isspace():
                trimmed_end -= 1
            if (trimmed_start, trimmed_end) != (start, end):
                start, end = trimmed_start, trimmed_end
                errors = Levenshtein.distance(sel.exact, text[start:end])
        if self.cuts_word(start, end):
            lo_limit, hi_limit = max(0, start - _WORD_SNAP), min(n, end + _WORD_SNAP)
            if self.snap_start:
                while start > lo_limit and text[start - 1].isalnum() and text[start].isalnum():
                    start -= 1
            if self.snap_end:
                while end < hi_limit and text[end - 1].isalnum() and text[end].isalnum():
                    end += 1
            errors = Levenshtein.distance(sel.exact, text[start:end])
        if start >= end:
            return None
        quote = max(0.0, 1.0 - errors / self.m)
        # cost: edits in the quote and in each side of context that agrees; a side that disagrees
        # (or a text edge the quote no longer touches) counts whole.
        prefix, p_agrees, p_cost = self._side(sel.prefix, start, True, start == 0,
                                              self.began_text and start != 0)
        suffix, s_agrees, s_cost = self._side(sel.suffix, end, False, end == n,
                                              self.ended_text and end != n)
        agrees = p_agrees + s_agrees
        disagrees = (bool(sel.prefix) and not p_agrees) + (bool(sel.suffix) and not s_agrees)
        cost = errors + p_cost + s_cost
        quality = round((_W_QUOTE * quote + _W_PREFIX * prefix + _W_SUFFIX * suffix) / W_MATCH, 9)
        return Candidate(start, end, errors, rate, quality, quote, prefix, suffix, agrees, disagrees, cost)

    def _side(self, context: str, at: int, before: bool, at_edge: bool,
              left_edge: bool) -> tuple[float, int, int]:
        """One side of context at ``at``: (similarity, 1 if it agrees else 0, edits it costs).
        An empty side is unknown: it agrees only at the edge of the text, and costs a whole
        context when the quote used to touch that edge and no longer does."""
        if not context:
            return 1.0, int(at_edge), CONTEXT_CHARS if left_edge else 0
        errors = context_errors(context, self.r.text, at, before=before)
        similarity = max(0.0, 1.0 - errors / len(context))
        if similarity >= _AGREE:
            return similarity, 1, errors
        return similarity, 0, len(context)

    def _to_context(self, start: int, end: int, errors: int) -> tuple[int, int]:
        """Edges moved to where the prefix ends and the suffix begins, if they are found (agreeing)
        within a few characters: a fuzzy match may leave out an edited word at its edge."""
        sel, text, n = self.sel, self.r.text, self.r.n
        delta = min(_EDGE_REACH, errors + 16)
        if sel.prefix:
            size = len(sel.prefix)
            lo, hi = max(0, start - delta - size - CONTEXT_SLACK), min(n, start + delta)
            ends = search_ends(sel.prefix, text, lo, hi, int((1.0 - _AGREE) * size))
            if ends:
                start = min(ends, key=lambda t: (t[1], abs(t[0] - start)))[0]
        elif self.began_text and start <= delta:
            start = 0  # the quote began the text: it still does
        if sel.suffix:
            size = len(sel.suffix)
            lo, hi = max(0, end - delta), min(n, end + delta + size + CONTEXT_SLACK)
            ends = search_ends(sel.suffix[::-1], text[lo:hi][::-1], 0, hi - lo, int((1.0 - _AGREE) * size))
            if ends:
                end = hi - min(ends, key=lambda t: (t[1], abs(hi - t[0] - end)))[0]
        elif self.ended_text and end >= n - delta:
            end = n  # the quote ended the text: it still does
        return start, end

    def fuzzy(self, lo: int, hi: int, max_errors: int, rate: float) -> list[Candidate]:
        if self.m > MYERS_MAX_CHARS:
            found = long_match(self.sel.exact, self.r.text, lo, hi, max_errors)
        else:
            found = fuzzy_matches(self.sel.exact, self.r.text, lo, hi, max_errors)
        if len(found) > _WEIGHED_CANDIDATES:
            # Weighing context costs far more than finding a match: weigh only the closest
            # matches (fewest edits, then nearest the hint). Text full of near-identical
            # sentences would otherwise cost a weighing for each of them.
            hint = self.hint if self.hint is not None else lo
            found.sort(key=lambda c: (c[2], abs(c[0] - hint), c[0]))
            del found[_WEIGHED_CANDIDATES:]
        out = []
        for start, end, errors in found:
            cand = self.candidate(start, end, errors, rate)
            if cand is not None:
                out.append(cand)
        return out

    def acceptable(self, cand: Candidate) -> bool:
        """May this inexact (or context-less) candidate be offered for review?"""
        # Both sides of context known and both disagree: the words are elsewhere, in another
        # context. Worth showing only if they are distinctive.
        foreign = cand.disagrees == 2 and self.m < _DISTINCT_CHARS
        if cand.errors == 0:
            return not foreign or self.r.is_unique(self.sel.exact)
        if foreign:
            return False
        rate = cand.rate
        if cand.disagrees and not cand.agrees:
            rate = min(rate, _STRANGER_RATE)
        return cand.errors <= allowed_errors(rate, self.m)

    def rank(self, cand: Candidate) -> tuple[float, int, int]:
        """Best first: quote and context similarity, then nearness to the hint, then the earlier."""
        distance = 0 if self.hint is None else abs(cand.start - self.hint)
        return (-cand.quality, distance, cand.start)

    def score(self, cand: Candidate) -> float:
        pos = 1.0 if self.hint is None else 1.0 - abs(cand.start - self.hint) / max(1, self.r.n)
        raw = _W_QUOTE * cand.quote + _W_PREFIX * cand.prefix + _W_SUFFIX * cand.suffix + W_POS * pos
        return max(0.0, min(1.0, raw / W_ALL))


def one_per_place(
    cands: list[Candidate], quote_length: int, rank: Callable[[Candidate], tuple]
) -> list[Candidate]:
    """Of candidates that mostly overlap (the same place with other edges), the one that needs the
    fewest edits in all, quote and context (then the length nearest the quote's): the edges that
    explain the text best."""
    kept: list[Candidate] = []
    starts: list[int] = []  # of kept, sorted
    longest = 0
    for cand in sorted(cands, key=lambda c: (c.cost, abs(c.end - c.start - quote_length), rank(c))):
        size = cand.end - cand.start
        i = bisect_left(starts, cand.start - longest)
        clash = False
        while i < len(starts) and starts[i] < cand.end:
            other = kept[i]
            overlap = min(cand.end, other.end) - max(cand.start, other.start)
            if overlap * 2 > min(size, other.end - other.start):
                clash = True
                break
            i += 1
        if not clash:
            i = bisect_left(starts, cand.start)
            starts.insert(i, cand.start)
            kept.insert(i, cand)
            longest = max(longest, size)
    return kept
