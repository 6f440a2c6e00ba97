"""Re-anchor notes on changed text: W3C quote and position selectors, exact matches first, then fuzzy."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein, ScoreAlignment
from rapidfuzz.fuzz import partial_ratio_alignment

__all__ = [
    "ANCHORED",
    "CONTEXT_CHARS",
    "ORPHAN",
    "REVIEW",
    "Resolution",
    "Selector",
    "describe",
    "resolve",
    "resolve_all",
]

#: Characters of context kept on each side of a quote (as the Hypothesis client does).
CONTEXT_CHARS = 32

#: Found exactly, and a side of its context agrees (or none disagrees).
ANCHORED = "anchored"
#: Found approximately, or exactly but with every known side of its context disagreeing.
REVIEW = "review"
#: Not found. The note is kept and listed apart.
ORPHAN = "orphan"

# Weights of the score, as in the Hypothesis client's match-quote.ts.
_W_QUOTE, _W_PREFIX, _W_SUFFIX, _W_POS = 50.0, 20.0, 20.0, 2.0
_W_MATCH = _W_QUOTE + _W_PREFIX + _W_SUFFIX
_W_ALL = _W_MATCH + _W_POS

#: A context side "agrees" when its similarity to the text beside the match is at least this.
_AGREE = 0.75
#: Most edit errors per quote character for an approximate match near the position hint ...
_LOCAL_RATE = 0.4
#: ... far from it (anywhere in the text) ...
_GLOBAL_RATE = 0.25
#: ... and for a match whose context disagrees on every side it has (a "near duplicate").
_STRANGER_RATE = 0.2
#: Never more errors than this, whatever the quote's length (Hypothesis caps at 256 too).
_MAX_ERRORS = 256
#: Quotes shorter than this are only ever found exactly.
_MIN_FUZZY_CHARS = 5
#: A match whose prefix and suffix both disagree is offered for review only if the quote is this
#: long (or, for an exact match, unique in the text).
_DISTINCT_CHARS = 16
#: Exact occurrences are first looked for this many characters either side of the hint ...
_RADIUS = 2048
#: ... and approximate ones this many (plus the quote's length); then the whole text.
_FUZZY_RADIUS = 1024
#: How far the edge of an approximate match may move to meet its context.
_EDGE_REACH = 64
#: How far a match is widened to reach the edge of a word it cuts.
_WORD_SNAP = 64
#: A context is compared with this many more characters of text than it has (for insertions).
_CONTEXT_SLACK = 8
#: Longer quotes are matched approximately from exact pieces (see _long_match): the bit-parallel
#: search costs time proportional to the quote's length for each character searched.
_MYERS_MAX_CHARS = 1024
#: At most this many equally good starts are kept for each end of an approximate match.
_TIED_STARTS = 3
#: A long quote is looked for by this many of its pieces, of this many characters each.
_SEEDS, _SEED_CHARS = 16, 24
#: At most this many exact occurrences (the nearest to the hint) are weighed ...
_MAX_CANDIDATES = 2000
#: ... and this many approximate matches (the fewest edits first) of one search.
_WEIGHED_CANDIDATES = 12


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
        for name in ("exact", "prefix", "suffix"):
            if not isinstance(getattr(self, name), str):
                raise ValueError(f"Selector.{name} must be a string")
        if (self.start is None) != (self.end is None):
            raise ValueError("Selector.start and Selector.end must be given together")
        if self.start is not None:
            if not _is_int(self.start) or not _is_int(self.end):
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
            if not _is_int(start) or not _is_int(end):
                raise ValueError("TextPositionSelector.start and .end must be integers")
            if not 0 <= start <= end:
                raise ValueError(f"TextPositionSelector must have 0 <= start <= end, got {start}, {end}")
        return cls(exact, prefix, suffix, start, end)


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


def describe(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Selector:
    """The selector of text[start:end] with ``context`` characters of prefix and suffix."""
    if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(text)):
        raise ValueError(f"span ({start}, {end}) is not a non-empty span of a text of {len(text)} characters")
    if not _is_int(context) or context < 0:
        raise ValueError("context must be a non-negative integer")
    prefix = text[max(0, start - context) : start]
    return Selector(text[start:end], prefix, text[end : end + context], start, end)


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
       then anywhere (around the best match of the quote in its context). An approximate match reaches out to where its context is found and to whole
       words, so the review shows the edited sentence whole. Limits: at most 40 % errors near the
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


# --- implementation -------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_ORPHAN_EMPTY = Resolution(ORPHAN, None, None, 0.0, "empty quote")
_ORPHAN = Resolution(ORPHAN, None, None, 0.0, "not found")


def _max_errors(rate: float, length: int) -> int:
    if length < _MIN_FUZZY_CHARS:
        return 0
    return min(_MAX_ERRORS, int(rate * length))


def _gate_cutoff(max_errors: int, length: int) -> float:
    """A partial_ratio (in %) that the text reaches if it holds a match within ``max_errors``
    Levenshtein errors of a quote of ``length`` characters.

    If text[x:y] is such a match (s substitutions, i insertions, d deletions), the window of
    ``length`` characters from x keeps at least length - s - max(i, d) characters of the quote in
    order, so its Indel distance is at most 2 * max_errors and its ratio at least 1 - max_errors/length.
    """
    return max(0.0, 100.0 * (1.0 - max_errors / length) - 0.5)


def _peq(pattern: str) -> dict[str, int]:
    peq: dict[str, int] = {}
    bit = 1
    for ch in pattern:
        peq[ch] = peq.get(ch, 0) | bit
        bit <<= 1
    return peq


def _search_ends(pattern: str, text: str, lo: int, hi: int, max_errors: int) -> list[tuple[int, int]]:
    """(end, errors) for each end in (lo, hi] where some text[x:end] with x >= lo is within
    ``max_errors`` edits of ``pattern`` (Myers' bit-parallel algorithm, free start)."""
    m = len(pattern)
    get = _peq(pattern).get
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    out = []
    j = lo
    for ch in text[lo:hi]:
        j += 1
        eq = get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (mask & ~(xh | pv))
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (mask & ~(xv | ph))
        mv = ph & xv
        if score <= max_errors:
            out.append((j, score))
    return out


def _prefix_distances(pattern: str, seq: str) -> list[int]:
    """[Levenshtein(pattern, seq[:j]) for j in 0..len(seq)] (Myers, fixed start)."""
    m = len(pattern)
    get = _peq(pattern).get
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    out = [m]
    for ch in seq:
        eq = get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (mask & ~(xh | pv))
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (mask & ~(xv | ph))
        mv = ph & xv
        out.append(score)
    return out


def _context_errors(context: str, text: str, at: int, before: bool) -> int:
    """The fewest edits that turn ``context`` into text ending (before=True) or starting at ``at``."""
    size = len(context)
    if before:
        if text.endswith(context, 0, at):
            return 0
        seq = text[max(0, at - size - _CONTEXT_SLACK) : at][::-1]
        pattern = context[::-1]
    else:
        if text.startswith(context, at):
            return 0
        seq = text[at : at + size + _CONTEXT_SLACK]
        pattern = context
    return min(_prefix_distances(pattern, seq))


def _fuzzy_matches(pattern: str, text: str, lo: int, hi: int, max_errors: int) -> list[tuple[int, int, int]]:
    """Best approximate matches (start, end, errors) of ``pattern`` in text[lo:hi]: in each run of
    ends within ``max_errors``, the ends where errors are fewest locally (and near the run's fewest),
    and for each its best starts."""
    m = len(pattern)
    ends = _search_ends(pattern, text, lo, hi, max_errors)
    picked: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    margin = max_errors // 4
    for item in ends + [(-2, 0)]:
        if run and item[0] != run[-1][0] + 1:
            best = min(err for _, err in run)
            picked.extend(
                run[i]
                for i in range(len(run))
                if run[i][1] <= best + margin
                and (i == 0 or run[i - 1][1] > run[i][1])
                and (i + 1 == len(run) or run[i + 1][1] >= run[i][1])
            )
            run = []
        run.append(item)
    rev = pattern[::-1]
    out = []
    for end, errors in picked:
        first = max(0, end - m - errors)
        dists = _prefix_distances(rev, text[first:end][::-1])
        # The starts with fewest errors (a few, the lengths nearest the quote's first): the
        # context and the hint choose among them later.
        fewest = min(dists[1:], default=m)
        starts = [j for j in range(1, len(dists)) if dists[j] == fewest]
        starts.sort(key=lambda j: (abs(j - m), -j))
        out.extend((end - j, end, fewest) for j in starts[:_TIED_STARTS])
    return out


def _edge_matches(pattern: str, text: str, lo: int, hi: int, near: int) -> list[tuple[int, int, int]]:
    """A few approximate matches (start, end, errors) of a short ``pattern`` in text[lo:hi]: of the
    ends where the errors are fewest locally, the three closest and the three nearest ``near``."""
    m = len(pattern)
    ends = _search_ends(pattern, text, lo, hi, m)
    minima = [
        ends[i]
        for i in range(len(ends))
        if (i == 0 or ends[i - 1][1] > ends[i][1]) and (i + 1 == len(ends) or ends[i + 1][1] >= ends[i][1])
    ]
    chosen = set(sorted(minima, key=lambda t: (t[1], abs(t[0] - near)))[:3])
    chosen |= set(sorted(minima, key=lambda t: abs(t[0] - near))[:3])
    rev = pattern[::-1]
    out = []
    for end, _ in chosen:
        dists = _prefix_distances(rev, text[max(0, end - 2 * m) : end][::-1])
        j = min(range(1, len(dists)), key=lambda k: (dists[k], abs(k - m)), default=0)
        if j:
            out.append((end - j, end, dists[j]))
    return out


def _long_match(pattern: str, text: str, lo: int, hi: int, max_errors: int) -> list[tuple[int, int, int]]:
    """Approximate matches (start, end, errors) of a long ``pattern`` in text[lo:hi], in time
    linear in the window: evenly spaced pieces of the pattern are found exactly and vote for where
    it starts; the best-voted places are then aligned at both ends and checked."""
    m, n = len(pattern), len(text)
    size, count = _SEED_CHARS, _SEEDS
    votes: dict[int, int] = {}
    for i in range(count):
        offset = i * (m - size) // (count - 1)
        piece = pattern[offset : offset + size]
        pos = text.find(piece, max(0, lo), hi)
        hits = 0
        while pos != -1 and hits < count:
            votes[pos - offset] = votes.get(pos - offset, 0) + 1
            hits += 1
            pos = text.find(piece, pos + 1, hi)
    # Starts within max_errors of each other are one place.
    places: list[list[int]] = []  # [votes, first start, last start]
    for diag in sorted(votes):
        if places and diag - places[-1][2] <= max_errors:
            places[-1][0] += votes[diag]
            places[-1][2] = diag
        else:
            places.append([votes[diag], diag, diag])
    places.sort(key=lambda p: -p[0])
    out = []
    slack = max_errors + 16
    edge = _MYERS_MAX_CHARS // 4
    for _, first, last in places[:3]:
        a, b = max(0, first - slack), min(n, last + m + slack)
        # A few places for each end of the pattern: its closest matches, and those nearest to where
        # the pieces put it (a quote that repeats itself matches its ends in several places).
        head_hi = min(b, a + edge + 2 * slack + last - first)
        starts = {start for start, _, _ in _edge_matches(pattern[:edge], text, a, head_hi, first + edge)}
        tail_lo = max(a, b - edge - 2 * slack - (last - first))
        ends = {end for _, end, _ in _edge_matches(pattern[-edge:], text, tail_lo, b, last + m)}
        best = None
        for start in starts:
            for end in ends:
                if start < end:
                    errors = Levenshtein.distance(pattern, text[start:end], score_cutoff=max_errors)
                    key = (errors, abs(start - first) + abs(end - last - m))
                    if errors <= max_errors and (best is None or key < best[0]):
                        best = (key, start, end)
        if best is not None:
            out.append((best[1], best[2], best[0][0]))
    return out


def _one_per_place(
    cands: list[_Candidate], quote_length: int, rank: Callable[[_Candidate], tuple]
) -> list[_Candidate]:
    """Of candidates that mostly overlap (the same place with other edges), the one that needs the
    fewest edits in all, quote and context (then the length nearest the quote's): the edges that
    explain the text best."""
    kept: list[_Candidate] = []
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


class _Resolver:
    """Resolves selectors on one text; keeps what can be shared between them."""

    __slots__ = ("text", "n", "_unique", "_global")

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError("text must be a str")
        self.text = text
        self.n = len(text)
        self._unique: dict[str, bool] = {}
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
        job = _Job(self, sel, hint)

        # 1. Same quote, same context, same place.
        if hint is not None and text.startswith(exact, hint) and job.perfect(hint):
            return job.anchored(hint, 1.0)

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
                    return job.anchored(pos, 1.0)

        # 3. Every exact occurrence: anchored if its context agrees, else a candidate for review.
        anchorable: list[_Candidate] = []
        review: list[_Candidate] = []
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
            return job.anchored(best.start, best.quality)

        # 4. Approximate matches near the hint, then anywhere.
        if m >= _MIN_FUZZY_CHARS:
            whole = n <= 2 * _FUZZY_RADIUS + 3 * m
            if hint is not None or whole:
                if whole:
                    lo, hi = 0, n
                else:
                    lo, hi = max(0, hint - _FUZZY_RADIUS - m), min(n, hint + 2 * m + _FUZZY_RADIUS)
                k = _max_errors(_LOCAL_RATE, m)
                if k and (hi - lo < m or m > _MYERS_MAX_CHARS or partial_ratio_alignment(
                        exact, text[lo:hi], score_cutoff=_gate_cutoff(k, m)) is not None):
                    review.extend(job.fuzzy(lo, hi, k, _LOCAL_RATE))
            if not whole and not any(c.agrees or not c.disagrees for c in review if job.acceptable(c)):
                review.extend(self._global_candidates(job))

        accepted = _one_per_place([c for c in review if job.acceptable(c)], m, job.rank)
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

    def is_unique(self, exact: str) -> bool:
        """Does ``exact`` occur exactly once in the text?"""
        unique = self._unique.get(exact)
        if unique is None:
            first = self.text.find(exact)
            unique = self._unique[exact] = first != -1 and self.text.find(exact, first + 1) == -1
        return unique

    def _nearest_occurrences(self, exact: str, hint: int | None) -> list[int]:
        """Starts of ``exact`` (overlapping ones too): the _MAX_CANDIDATES nearest the hint, or the
        first ones without a hint. Windows around the hint grow until they hold enough."""
        text, n, find = self.text, self.n, self.text.find
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

    def _global_candidates(self, job: _Job) -> list[_Candidate]:
        """Approximate matches anywhere, for a quote long enough to tell: around the text that best
        matches the quote in its context (so a passage that moved and was edited is found)."""
        sel, text, n = job.sel, self.text, self.n
        m = len(sel.exact)
        k = _max_errors(_GLOBAL_RATE, m)
        if not k or m < _DISTINCT_CHARS:
            return []
        if m > _MYERS_MAX_CHARS:
            return job.fuzzy(0, n, k, _GLOBAL_RATE)
        needle = sel.prefix + sel.exact + sel.suffix
        if len(needle) > n:
            return []
        if needle not in self._global:
            cutoff = _gate_cutoff(min(_MAX_ERRORS, int(_GLOBAL_RATE * len(needle))), len(needle))
            self._global[needle] = partial_ratio_alignment(needle, text, score_cutoff=cutoff)
        al = self._global[needle]
        if al is None:
            return []
        lo = max(0, al.dest_start - k - 16)
        hi = min(n, al.dest_end + k + 16)
        return job.fuzzy(lo, hi, k, _GLOBAL_RATE)


@dataclass(frozen=True, slots=True)
class _Candidate:
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
    cost: int  # edits in the quote and its context (see _Job._weigh)


class _Job:
    """One selector being resolved on one text."""

    __slots__ = ("r", "sel", "hint", "m", "snap_start", "snap_end", "began_text", "ended_text")

    def __init__(self, resolver: _Resolver, sel: Selector, hint: int | None) -> None:
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

    def candidate(self, start: int, end: int, errors: int, rate: float) -> _Candidate | None:
        """Weigh text[start:end] as the quote. An approximate match may instead reach out to where
        its context is found nearby (so an edited word at its edge is shown), if that weighs more."""
        cand = self._weigh(start, end, errors, rate)
        if errors:
            new_start, new_end = self._to_context(start, end, errors)
            if (new_start, new_end) != (start, end) and new_start < new_end:
                new_errors = Levenshtein.distance(self.sel.exact, self.r.text[new_start:new_end])
                if new_errors <= _max_errors(rate, self.m):
                    other = self._weigh(new_start, new_end, new_errors, rate)
                    # Fewer edits in all (quote and context) explain the text better.
                    if other is not None and (cand is None or other.cost <= cand.cost):
                        cand = other
        return cand

    def _weigh(self, start: int, end: int, errors: int, rate: float) -> _Candidate | None:
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
        agrees = disagrees = 0
        cost = errors
        if sel.prefix:
            prefix_errors = _context_errors(sel.prefix, text, start, before=True)
            prefix = max(0.0, 1.0 - prefix_errors / len(sel.prefix))
            if prefix >= _AGREE:
                agrees += 1
                cost += prefix_errors
            else:
                disagrees += 1
                cost += len(sel.prefix)
        else:
            prefix = 1.0
            agrees += start == 0
            cost += CONTEXT_CHARS if self.began_text and start else 0
        if sel.suffix:
            suffix_errors = _context_errors(sel.suffix, text, end, before=False)
            suffix = max(0.0, 1.0 - suffix_errors / len(sel.suffix))
            if suffix >= _AGREE:
                agrees += 1
                cost += suffix_errors
            else:
                disagrees += 1
                cost += len(sel.suffix)
        else:
            suffix = 1.0
            agrees += end == n
            cost += CONTEXT_CHARS if self.ended_text and end != n else 0
        quality = round((_W_QUOTE * quote + _W_PREFIX * prefix + _W_SUFFIX * suffix) / _W_MATCH, 9)
        return _Candidate(start, end, errors, rate, quality, quote, prefix, suffix, agrees, disagrees, cost)

    def _to_context(self, start: int, end: int, errors: int) -> tuple[int, int]:
        """Edges moved to where the prefix ends and the suffix begins, if they are found (agreeing)
        within a few characters: a fuzzy match may leave out an edited word at its edge."""
        sel, text, n = self.sel, self.r.text, self.r.n
        delta = min(_EDGE_REACH, errors + 16)
        if sel.prefix:
            size = len(sel.prefix)
            lo, hi = max(0, start - delta - size - _CONTEXT_SLACK), min(n, start + delta)
            ends = _search_ends(sel.prefix, text, lo, hi, int((1.0 - _AGREE) * size))
            if ends:
                start = min(ends, key=lambda t: (t[1], abs(t[0] - start)))[0]
        elif self.began_text and start <= delta:
            start = 0  # the quote began the text: it still does
        if sel.suffix:
            size = len(sel.suffix)
            lo, hi = max(0, end - delta), min(n, end + delta + size + _CONTEXT_SLACK)
            ends = _search_ends(sel.suffix[::-1], text[lo:hi][::-1], 0, hi - lo, int((1.0 - _AGREE) * size))
            if ends:
                end = hi - min(ends, key=lambda t: (t[1], abs(hi - t[0] - end)))[0]
        elif self.ended_text and end >= n - delta:
            end = n  # the quote ended the text: it still does
        return start, end

    def fuzzy(self, lo: int, hi: int, max_errors: int, rate: float) -> list[_Candidate]:
        if self.m > _MYERS_MAX_CHARS:
            found = _long_match(self.sel.exact, self.r.text, lo, hi, max_errors)
        else:
            found = _fuzzy_matches(self.sel.exact, self.r.text, lo, hi, max_errors)
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

    def acceptable(self, cand: _Candidate) -> bool:
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
        return cand.errors <= _max_errors(rate, self.m)

    def rank(self, cand: _Candidate) -> tuple[float, int, int]:
        """Best first: quote and context similarity, then nearness to the hint, then the earlier."""
        distance = 0 if self.hint is None else abs(cand.start - self.hint)
        return (-cand.quality, distance, cand.start)

    def score(self, cand: _Candidate) -> float:
        pos = 1.0 if self.hint is None else 1.0 - abs(cand.start - self.hint) / max(1, self.r.n)
        raw = _W_QUOTE * cand.quote + _W_PREFIX * cand.prefix + _W_SUFFIX * cand.suffix + _W_POS * pos
        return max(0.0, min(1.0, raw / _W_ALL))

    def anchored(self, start: int, quality: float) -> Resolution:
        sel = self.sel
        n = max(1, self.r.n)
        pos = 1.0 if self.hint is None else 1.0 - abs(start - self.hint) / n
        score = (_W_MATCH * quality + _W_POS * pos) / _W_ALL
        if sel.start is not None and start != sel.start:
            reason = f"moved {abs(start - sel.start)} characters"
        elif quality < 1.0:
            reason = "context edited"
        else:
            reason = "unchanged"
        return Resolution(ANCHORED, start, start + self.m, max(0.0, min(1.0, score)), reason)
