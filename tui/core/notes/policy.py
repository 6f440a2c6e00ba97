"""Where a note is now, and how far to trust it: anchored, in review, or orphan — never moved silently."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import ScoreAlignment
from rapidfuzz.fuzz import partial_ratio_alignment

from .candidates import W_ALL, W_MATCH, W_POS, Candidate, Haystack, Job, one_per_place
from .diff import EDITED, SAME, Mapped, TextMap
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
#: Other places a note in review may be, kept for showing.
_SHOWN = 3
#: At most this many copies of a quote (the nearest) are weighed.
_WEIGHED = 12


def _edits(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b)


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
    #: For a note in review: other places it may be (start, end), best first.
    candidates: tuple[tuple[int, int], ...] = ()


def resolve(text: str, selector: Selector, old_text: str | None = None) -> Resolution:
    """Find the note described by ``selector`` in ``text``. ``old_text``: the text its offsets
    were recorded on, when it is known (the store keeps it): then its own sentence is followed
    through the edits, and a copy of its words elsewhere is never taken for it.

    A context side (prefix or suffix) *agrees* at a place when it is at least 75 % similar to the
    text beside it; an empty side is unknown (it agrees only at that edge of the text). Then:

    0. With the old text: where a diff says its span went. Still there in one piece: ANCHORED.
       Changed in place: REVIEW there, "sentence edited" (copies elsewhere are candidates).
       Deleted: what follows, but a copy elsewhere is ANCHORED only with its context unchanged.
       A note on a whole sentence ends on whole sentences of the new text, whatever step found
       it: ANCHORED only where its words are still one by themselves, else REVIEW over those it
       stands in now; never on a lone "." or a sentence short of its last character.
    1. The quote at the recorded position with its context exactly: ANCHORED, "unchanged".
    2. Exactly one place with the quote and its context exactly: ANCHORED, "moved". Several:
       REVIEW at the nearest, the others candidates (the same words, said twice).
    3. One exact occurrence whose context agrees, and nothing that explains the note as well (no
       other exact occurrence that agrees, no edited copy near the position with as few edits in
       quote and context): ANCHORED. Otherwise REVIEW at the best of the exact occurrences and
       approximate matches (Levenshtein), first within about 1,000 characters of the position,
       then anywhere (around the best match of the quote in its context); the rest are
       candidates. An approximate match reaches out to where its context is found and to whole
       words, so the review shows the edited sentence whole. Limits: at most 40 % errors near
       the position, 25 % far from it, 20 % when its context disagrees, 256 in all; quotes under
       5 characters only match exactly; a quote under 16 characters whose prefix and suffix both
       disagree is not offered (unless it is exact and unique).
    4. Nothing acceptable: ORPHAN, "not found".

    The score is the Hypothesis client's: 50 quote + 20 prefix + 20 suffix + 2 position, over 92.
    """
    return resolve_all(text, [selector], old_text, [old_text is not None])[0]


def resolve_all(text: str, selectors: Sequence[Selector], old_text: str | None = None,
                from_old: Sequence[bool] = ()) -> list[Resolution]:
    """resolve() for many selectors on one text, sharing the work. ``from_old[i]``: selector
    i's offsets belong to ``old_text``."""
    resolver = _Resolver(text)
    text_map = TextMap(old_text, text) if old_text is not None and any(from_old) else None
    out = []
    for i, selector in enumerate(selectors):
        mapped = None
        if text_map is not None and i < len(from_old) and from_old[i] \
                and selector.start is not None and selector.end is not None:
            mapped = text_map.span(selector.start, selector.end)
            found = resolver.resolve(selector, mapped)
            # (Where the diff found it whole, it is whole sentences already: see TextMap.span.)
            if (found.state != ANCHORED or mapped.kind != SAME
                    or (found.start, found.end) != (mapped.start, mapped.end)) \
                    and text_map.was_sentence(selector.start, selector.end):
                found = _on_sentences(found, text_map)
            out.append(found)
        else:
            out.append(resolver.resolve(selector, mapped))
    return out


def _on_sentences(found: Resolution, text_map: TextMap) -> Resolution:
    """A note made on a whole sentence, shown on whole sentences of the new text: anchored only
    where its words are still a sentence by themselves, else in review over the sentences it
    stands in now (its sentence was edited, joined or split) — never on a piece of one, a lone
    "." or a sentence short of its last character; an orphan where not one word is there."""
    if found.state == ORPHAN or found.start is None or found.end is None:
        return found
    stretch = text_map.sentences_at(found.start, found.end)
    if stretch is None:
        return _ORPHAN
    if stretch == (found.start, found.end):
        return found
    reason = "sentence edited" if found.state == ANCHORED else found.reason
    return Resolution(REVIEW, stretch[0], stretch[1], found.score, reason, found.candidates)


_ORPHAN_EMPTY = Resolution(ORPHAN, None, None, 0.0, "empty quote")
_ORPHAN = Resolution(ORPHAN, None, None, 0.0, "not found")


class _Resolver(Haystack):
    """Resolves selectors on one text; keeps what can be shared between them."""

    __slots__ = ("_global",)

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._global: dict[str, ScoreAlignment | None] = {}

    # -- the steps -------------------------------------------------------------------------

    def resolve(self, sel: Selector, mapped: Mapped | None = None) -> Resolution:
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

        # 0. Where the old text says its own sentence went.
        own_gone = False
        if mapped is not None:
            found = self._followed(job, mapped)
            if found is not None:
                return found
            own_gone = True

        # 1. Same quote, same context, same place.
        if hint is not None and not own_gone and text.startswith(exact, hint) and job.perfect(hint):
            return self.anchored(job, hint, 1.0)

        # 2. The places with the quote and its whole context: one is the note, moved (unless its
        #    words are elsewhere too: then its place changed and a copy exists, and it waits for
        #    review); several are the same words said twice, and it cannot tell which is its own.
        occurrences = self._nearest_occurrences(exact, hint)
        perfect = [pos for pos in occurrences if job.perfect(pos)]
        if len(perfect) == 1 and (hint is None or self.is_unique(exact)):
            # Moved with its context — unless its own place, with that same context, was
            # edited (then the context is found twice, and the edited copy is looked for).
            # (Without a place, the one place where its words and whole context agree is it.)
            if hint is None or not self._context_repeats(sel):
                return self.anchored(job, perfect[0], 1.0)
            here = perfect[0]
            rivals = [c for c in self._approximate(job, any_agree=True) if not c.disagrees
                      # not this very place, and no farther from its place than this one
                      and (c.end <= here or c.start >= here + m)
                      and abs(c.start - hint) <= abs(here - hint)]
            if not rivals:
                return self.anchored(job, perfect[0], 1.0)
            return self._review(job, [job.candidate(perfect[0], perfect[0] + m, 0, _LOCAL_RATE),
                                      *rivals], "the same words are in several places")
        if perfect:  # the same words with the same context twice, or other copies besides
            first = [job.candidate(p, p + m, 0, _LOCAL_RATE) for p in perfect]
            others = [job.candidate(p, p + m, 0, _GLOBAL_RATE)
                      for p in self._nearest(occurrences, hint)[:_WEIGHED] if p not in perfect]
            return self._review(job, first + others, "the same words are in several places")

        # 3. Exact occurrences whose context agrees, and edited copies: anchored only where one
        #    exact occurrence explains the note better than anything else does.
        near = n <= 2 * _FUZZY_RADIUS + 3 * m
        exact_cands: list[Candidate] = []
        for pos in self._nearest(occurrences, hint)[:_WEIGHED]:
            local = near or (hint is not None and abs(pos - hint) <= _FUZZY_RADIUS + m)
            cand = job.candidate(pos, pos + m, 0, _LOCAL_RATE if local else _GLOBAL_RATE)
            if cand is not None:
                exact_cands.append(cand)
        agreeing = [c for c in exact_cands if c.errors == 0 and (c.agrees or not c.disagrees)]
        fuzzy = self._approximate(job, any_agree=bool(agreeing))
        # Its place changed (or it would be found above): with a copy of its words elsewhere it
        # is never anchored on one of them.
        if len(agreeing) == 1 and not own_gone and len(exact_cands) == 1 \
                and self.is_unique(exact):
            best = agreeing[0]
            # An edited copy of the quote elsewhere near its place may be its own sentence.
            if not any(job.acceptable(c) and min(c.end, best.end) - max(c.start, best.start) <= 0
                       for c in fuzzy):
                return self.anchored(job, best.start, best.quality)
        return self._review(job, exact_cands + fuzzy, None)

    @staticmethod
    def _nearest(places: list[int], hint: int | None) -> list[int]:
        return places if hint is None else sorted(places, key=lambda p: (abs(p - hint), p))

    def _context_repeats(self, sel: Selector) -> bool:
        """Is the note's prefix or suffix found more than once in the text?"""
        text = self.text
        for side in (sel.prefix, sel.suffix):
            if len(side) >= 8:
                first = text.find(side)
                if first != -1 and text.find(side, first + 1) != -1:
                    return True
        return False

    def _followed(self, job: Job, mapped: Mapped) -> Resolution | None:
        """The note where the diff of old and new text put its own sentence (None: it is gone)."""
        sel, text = job.sel, self.text
        if mapped.kind == SAME and text[mapped.start:mapped.end] == sel.exact:
            own = job.candidate(mapped.start, mapped.end, 0, _LOCAL_RATE)
            if own is None:
                return None
            # Else anchored where the only copy of its words stands with its whole context.
            if mapped.certain or ((mapped.only or job.perfect(own.start))
                                  and self.is_unique(sel.exact)):
                return self.anchored(job, own.start, own.quality)
            # Aligned through rewritten paragraphs, and the words are elsewhere too: its place
            # changed and a copy exists, so it waits for review with the copies beside it.
            nearest = self._nearest(self._nearest_occurrences(sel.exact, own.start), own.start)
            copies = [c for c in (job.candidate(p, p + job.m, 0, _GLOBAL_RATE)
                                  for p in nearest[:_WEIGHED]) if c is not None and c.start != own.start]
            return self._resolution(job, own, sorted(copies, key=lambda c: c.cost),
                                    "the same words are in several places")
        if mapped.kind == EDITED and mapped.end > mapped.start:
            nearest = self._nearest(self._nearest_occurrences(sel.exact, mapped.start), mapped.start)
            # Its words, whole, with their whole context, over what the diff calls its edited
            # place: a repetitive text aligned one way where it could be another.
            over = [p for p in nearest if p < mapped.end and p + job.m > mapped.start]
            if len(over) == 1 and job.perfect(over[0]) and self.is_unique(sel.exact):
                return self.anchored(job, over[0], 1.0)
            copies = [job.candidate(p, p + job.m, 0, _GLOBAL_RATE) for p in nearest[:_WEIGHED]]
            own = job.candidate(mapped.start, mapped.end, _edits(sel.exact, text[mapped.start:mapped.end]),
                                _LOCAL_RATE)
            if own is None:
                return None
            return self._resolution(job, own, [c for c in copies if c is not None],
                                    "sentence edited")
        return None

    def _approximate(self, job: Job, any_agree: bool) -> list[Candidate]:
        """Approximate matches near the hint (then, if none is convincing, anywhere)."""
        sel, text, n, hint, m = job.sel, self.text, self.n, job.hint, job.m
        found: list[Candidate] = []
        if m < MIN_FUZZY_CHARS:
            return found
        whole = n <= 2 * _FUZZY_RADIUS + 3 * m
        if hint is not None or whole:
            if whole:
                lo, hi = 0, n
            else:
                lo, hi = max(0, hint - _FUZZY_RADIUS - m), min(n, hint + 2 * m + _FUZZY_RADIUS)
            k = allowed_errors(_LOCAL_RATE, m)
            # Only copies that differ are wanted: the exact ones are blanked for the gate.
            window = text[lo:hi].replace(sel.exact, "\x00" * m)
            if k and (hi - lo < m or m > MYERS_MAX_CHARS or partial_ratio_alignment(
                    sel.exact, window, score_cutoff=gate_cutoff(k, m)) is not None):
                found.extend(c for c in job.fuzzy(lo, hi, k, _LOCAL_RATE) if c.errors)
        if not whole and not any_agree and not any(
                c.agrees or not c.disagrees for c in found if job.acceptable(c)):
            found.extend(c for c in self._global_candidates(job) if c.errors)
        return found

    def _review(self, job: Job, cands: list[Candidate | None], reason: str | None) -> Resolution:
        accepted = one_per_place([c for c in cands if c is not None and job.acceptable(c)],
                                 job.m, job.rank)
        if not accepted:
            return _ORPHAN
        accepted.sort(key=lambda c: (c.cost, job.rank(c)))
        best = accepted[0]
        if reason is None:
            if best.errors == 0:
                reason = "context differs"
            elif best.agrees or not best.disagrees:
                reason = "sentence edited"
            else:
                reason = "similar text found"
        return self._resolution(job, best, accepted[1:], reason)

    def _resolution(self, job: Job, best: Candidate, others: list[Candidate],
                    reason: str) -> Resolution:
        places = tuple((c.start, c.end) for c in others
                       if min(c.end, best.end) - max(c.start, best.start) <= 0)[:_SHOWN]
        return Resolution(REVIEW, best.start, best.end, job.score(best), reason, places)

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
