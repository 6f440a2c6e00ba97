"""Find a quote approximately: Myers' bit-parallel search, long quotes by their exact pieces,
and how many edits a context needs to meet the text beside a match."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

#: Never more errors than this, whatever the quote's length (Hypothesis caps at 256 too).
MAX_ERRORS = 256
#: Quotes shorter than this are only ever found exactly.
MIN_FUZZY_CHARS = 5
#: A context is compared with this many more characters of text than it has (for insertions).
CONTEXT_SLACK = 8
#: Longer quotes are matched approximately from exact pieces (see long_match): the bit-parallel
#: search costs time proportional to the quote's length for each character searched.
MYERS_MAX_CHARS = 1024
#: At most this many equally good starts are kept for each end of an approximate match.
_TIED_STARTS = 3
#: A long quote is looked for by this many of its pieces, of this many characters each.
_SEEDS, _SEED_CHARS = 16, 24


def allowed_errors(rate: float, length: int) -> int:
    """The most edits allowed in a quote of ``length`` characters at ``rate`` errors a character."""
    if length < MIN_FUZZY_CHARS:
        return 0
    return min(MAX_ERRORS, int(rate * length))


def gate_cutoff(max_errors: int, length: int) -> float:
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


def _myers(pattern: str, seq: str, fixed_start: bool) -> list[int]:
    """For each j in 1..len(seq): the fewest edits between ``pattern`` and seq[:j] (fixed_start),
    or between ``pattern`` and the best part of seq ending at j (free start). Myers' bit-parallel
    algorithm: one pass, a few integer operations a character."""
    m = len(pattern)
    get = _peq(pattern).get
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    carry = 1 if fixed_start else 0
    pv, mv, score = mask, 0, m
    out = []
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
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (mask & ~(xv | ph))
        mv = ph & xv
        out.append(score)
    return out


def search_ends(pattern: str, text: str, lo: int, hi: int, max_errors: int) -> list[tuple[int, int]]:
    """(end, errors) for each end in (lo, hi] where some text[x:end] with x >= lo is within
    ``max_errors`` edits of ``pattern``."""
    return [(lo + j, s) for j, s in enumerate(_myers(pattern, text[lo:hi], False), 1) if s <= max_errors]


def _prefix_distances(pattern: str, seq: str) -> list[int]:
    """[Levenshtein(pattern, seq[:j]) for j in 0..len(seq)]."""
    return [len(pattern), *_myers(pattern, seq, True)]


def context_errors(context: str, text: str, at: int, before: bool) -> int:
    """The fewest edits that turn ``context`` into text ending (before=True) or starting at ``at``."""
    size = len(context)
    if before:
        if text.endswith(context, 0, at):
            return 0
        seq = text[max(0, at - size - CONTEXT_SLACK) : at][::-1]
        pattern = context[::-1]
    else:
        if text.startswith(context, at):
            return 0
        seq = text[at : at + size + CONTEXT_SLACK]
        pattern = context
    return min(_prefix_distances(pattern, seq))


def fuzzy_matches(pattern: str, text: str, lo: int, hi: int, max_errors: int) -> list[tuple[int, int, int]]:
    """Best approximate matches (start, end, errors) of ``pattern`` in text[lo:hi]: in each run of
    ends within ``max_errors``, the ends where errors are fewest locally (and near the run's fewest),
    and for each its best starts."""
    m = len(pattern)
    ends = search_ends(pattern, text, lo, hi, max_errors)
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
    ends = search_ends(pattern, text, lo, hi, m)
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


def long_match(pattern: str, text: str, lo: int, hi: int, max_errors: int) -> list[tuple[int, int, int]]:
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
    edge = MYERS_MAX_CHARS // 4
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
