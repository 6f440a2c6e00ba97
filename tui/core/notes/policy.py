"""Where a note is now, and how far to trust it: anchored, in review, or orphan — never moved silently."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import ScoreAlignment
from rapidfuzz.fuzz import partial_ratio_alignment

from .candidates import W_ALL, W_MATCH, W_POS, Candidate, Haystack, Job, one_per_place
from .match import MAX_ERRORS, MIN_FUZZY_CHARS, MYERS_MAX_CHARS, allowed_errors, gate_cutoff
from .model import ANCHORED, ORPHAN, REVIEW
from .selector import Selector

#: Most edit errors per quote character for an approximate match near the position hint ...
_LOCAL_RATE = 0.4
#: ... far from it (anywhere in the text) ...
_GLOBAL_RATE = 0.25
#: Exact occurrences are first looked for this many characters either side of the hint ...
_RADIUS = 2048
#: ... and approximate ones this many (plus the quote's length); then the whole text.
_FUZZY_RADIUS = 1024
#: At most this many exact occurrences (the nearest to the hint) are weighed ...
_MAX_CANDIDATES = 2000
#: A match whose prefix and suffix both disagree is offered for review only if the quote is this
#: long (or, for an exact match, unique in the text).
_DISTINCT_CHARS = 16


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a note is in the current text, how sure we are, and why (short, for people).

    ``state`` is ANCHORED, REVIEW or ORPHAN; ``start``/``end`` are None for an orphan; ``score`` is
    in [0, 1] (1 = same quote, same context, same place); ``reason`` is e.g. "unchanged",
    "moved 42 characters", "context edited", "sentence edited", "context differs",
    "similar text found", "not found" or "empty quote".
    """

    state: str
    start: int | None
    end: int | None
    score: float
    reason: str


def resolve(text: str, selector: Selector) -> Resolution:
    """Find the note described by ``selector`` in ``text``.

    A context side (prefix or suffix) *agrees* at a place when it is at least 75 % similar to the
    text beside it; an empty side is unknown (it agrees only at that edge of the text). Then:

    1. The quote at the recorded position, with its context exactly: ANCHORED, "unchanged".
    2. Exact occurrences of the quote that do not cut a word the quote did not cut: if any has a
       context side that agrees, or no side that disagrees, the best is ANCHORED (best = most
       similar quote and context, then nearest the position, then first).
    3. Otherwise REVIEW, at the best of: those exact occurrences (every known side disagreeing),
       and approximate matches (Levenshtein), first within about 1,000 characters of the position,
       then anywhere (around the best match of the quote in its context). An approximate match
       reaches out to where its context is found and to whole words, so the review shows the edited sentence whole. Limits: at most 40 % errors near the
       position, 25 % far from it, 20 % when its context disagrees, 256 in all; quotes under 5
       characters only match exactly; a quote under 16 characters whose prefix and suffix both
       disagree is not offered (unless it is exact and unique).
    4. Nothing acceptable: ORPHAN, "not found".

    The score is the Hypothesis client's: 50 quote + 20 prefix + 20 suffix + 2 position, over 92.
    """
    return _Resolver(text).resolve(selector)


def resolve_all(text: str, selectors: Sequence[Selector]) -> list[Resolution]:
    """resolve() for many selectors on one text: the same answers, sharing the work."""
    resolver = _Resolver(text)
    return [resolver.resolve(selector) for selector in selectors]


_ORPHAN_EMPTY = Resolution(ORPHAN, None, None, 0.0, "empty quote")
_ORPHAN = Resolution(ORPHAN, None, None, 0.0, "not found")


class _Resolver(Haystack):
    """Resolves selectors on one text; keeps what can be shared between them."""

    __slots__ = ("_global",)

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._global: dict[str, ScoreAlignment | None] = {}

    # -- the steps -------------------------------------------------------------------------

    def resolve(self, sel: Selector) -> Resolution:
        if not isinstance(sel, Selector):
            raise TypeError("expected a Selector")
        exact, text, n = sel.exact, self.text, self.n
        if not exact:
            return _ORPHAN_EMPTY
        if not n:
            return _ORPHAN
        m = len(exact)
        hint = None if sel.start is None else min(sel.start, n)
        job = Job(self, sel, hint)

        # 1. Same quote, same context, same place.
        if hint is not None and text.startswith(exact, hint) and job.perfect(hint):
            return self.anchored(job, hint, 1.0)

        # 2. The nearest perfect occurrence around the hint, if that is provably the nearest overall.
        if hint is not None:
            lo, hi = max(0, hint - _RADIUS), min(n, hint + m + _RADIUS)
            best = None
            find = text.find
            pos = find(exact, lo, hi)
            while pos != -1:
                if best is not None and pos - hint >= best[0]:
                    break
                if job.perfect(pos):
                    d = abs(pos - hint)
                    if best is None or d < best[0]:
                        best = (d, pos)
                pos = find(exact, pos + 1, hi)
            if best is not None:
                d, pos = best
                if (lo == 0 or hint - d >= lo) and (hi == n or hint + d + m <= hi):
                    return self.anchored(job, pos, 1.0)

        # 3. Every exact occurrence: anchored if its context agrees, else a candidate for review.
        anchorable: list[Candidate] = []
        review: list[Candidate] = []
        near = n <= 2 * _FUZZY_RADIUS + 3 * m
        for pos in self._nearest_occurrences(exact, hint):
            local = near or (hint is not None and abs(pos - hint) <= _FUZZY_RADIUS + m)
            cand = job.candidate(pos, pos + m, 0, _LOCAL_RATE if local else _GLOBAL_RATE)
            if cand is None:
                continue
            if cand.errors == 0 and (cand.agrees or not cand.disagrees):
                anchorable.append(cand)
            else:
                review.append(cand)
        if anchorable:
            best = min(anchorable, key=job.rank)
            return self.anchored(job, best.start, best.quality)

        # 4. Approximate matches near the hint, then anywhere.
        if m >= MIN_FUZZY_CHARS:
            whole = n <= 2 * _FUZZY_RADIUS + 3 * m
            if hint is not None or whole:
                if whole:
                    lo, hi = 0, n
                else:
                    lo, hi = max(0, hint - _FUZZY_RADIUS - m), min(n, hint + 2 * m + _FUZZY_RADIUS)
                k = allowed_errors(_LOCAL_RATE, m)
                if k and (hi - lo < m or m > MYERS_MAX_CHARS or partial_ratio_alignment(
                        exact, text[lo:hi], score_cutoff=gate_cutoff(k, m)) is not None):
                    review.extend(job.fuzzy(lo, hi, k, _LOCAL_RATE))
            if not whole and not any(c.agrees or not c.disagrees for c in review if job.acceptable(c)):
                review.extend(self._global_candidates(job))

        accepted = one_per_place([c for c in review if job.acceptable(c)], m, job.rank)
        if not accepted:
            return _ORPHAN
        best = min(accepted, key=job.rank)
        if best.errors == 0:
            reason = "context differs"
        elif best.agrees or not best.disagrees:
            reason = "sentence edited"
        else:
            reason = "similar text found"
        return Resolution(REVIEW, best.start, best.end, job.score(best), reason)

    def _nearest_occurrences(self, exact: str, hint: int | None) -> list[int]:
        """Starts of ``exact`` (overlapping ones too): the _MAX_CANDIDATES nearest the hint, or the
        first ones without a hint. Windows around the hint grow until they hold enough."""
        n, find = self.n, self.text.find
        if hint is None:
            occ: list[int] = []
            pos = find(exact)
            while pos != -1 and len(occ) < _MAX_CANDIDATES:
                occ.append(pos)
                pos = find(exact, pos + 1)
            return occ
        m = len(exact)
        radius = _RADIUS
        while True:
            lo, hi = max(0, hint - radius), min(n, hint + radius + m)
            occ = []
            pos = find(exact, lo, hi)
            while pos != -1:
                occ.append(pos)
                pos = find(exact, pos + 1, hi)
            # Every occurrence outside the window is farther than every one inside.
            if len(occ) >= _MAX_CANDIDATES or (lo == 0 and hi == n):
                break
            radius *= 4
        if len(occ) > _MAX_CANDIDATES:
            occ.sort(key=lambda p: (abs(p - hint), p))
            del occ[_MAX_CANDIDATES:]
            occ.sort()
        return occ

    def _global_candidates(self, job: Job) -> list[Candidate]:
        """Approximate matches anywhere, for a quote long enough to tell: around the text that best
        matches the quote in its context (so a passage that moved and was edited is found)."""
        sel, text, n = job.sel, self.text, self.n
        m = len(sel.exact)
        k = allowed_errors(_GLOBAL_RATE, m)
        if not k or m < _DISTINCT_CHARS:
            return []
        if m > MYERS_MAX_CHARS:
            return job.fuzzy(0, n, k, _GLOBAL_RATE)
        needle = sel.prefix + sel.exact + sel.suffix
        if len(needle) > n:
            return []
        if needle not in self._global:
            cutoff = gate_cutoff(min(MAX_ERRORS, int(_GLOBAL_RATE * len(needle))), len(needle))
            self._global[needle] = partial_ratio_alignment(needle, text, score_cutoff=cutoff)
        al = self._global[needle]
        if al is None:
            return []
        lo = max(0, al.dest_start - k - 16)
        hi = min(n, al.dest_end + k + 16)
        return job.fuzzy(lo, hi, k, _GLOBAL_RATE)


    def anchored(self, job: Job, start: int, quality: float) -> Resolution:
        sel = job.sel
        n = max(1, self.n)
        pos = 1.0 if job.hint is None else 1.0 - abs(start - job.hint) / n
        score = (W_MATCH * quality + W_POS * pos) / W_ALL
        if sel.start is not None and start != sel.start:
            reason = f"moved {abs(start - sel.start)} characters"
        elif quality < 1.0:
            reason = "context edited"
        else:
            reason = "unchanged"
        return Resolution(ANCHORED, start, start + job.m, max(0.0, min(1.0, score)), reason)
