"""Where a span of an old text is in its new version: a diff of paragraphs, then of characters within
what changed — so a note follows its own sentence, not another copy of its words."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from ..analysis.segment import MAX_STATEMENT_CHARS, sentence_spans

#: What separates paragraphs (blocks) in a Document's canonical text.
_SEPARATOR = "\n\n"
#: Paragraphs larger than this (old + new characters) are not compared character by character:
#: a note in one is looked for by its selector instead.
_MAX_REGION = 200_000
#: How alike (rapidfuzz ratio, 0-100) a changed paragraph and a new one must be to be the same
#: paragraph, edited.
_ALIKE = 60.0
#: At most this many new paragraphs are weighed for a changed one (the nearest).
_MAX_POOL = 2000

SAME, EDITED, GONE = "same", "edited", "gone"


@dataclass(frozen=True, slots=True)
class Mapped:
    """What became of a span: SAME (its characters are all still there, in one piece, at
    [start, end)), EDITED (it was changed in place; [start, end) is what stands there now, maybe
    empty) or GONE (its paragraph was deleted or rewritten beyond comparing)."""

    kind: str
    start: int = -1
    end: int = -1
    #: SAME from a paragraph that is unchanged and said once (certain), or from aligning the
    #: characters of an edited paragraph with the most alike new one (not certain: a moved or
    #: copied paragraph can mislead it) ...
    certain: bool = False
    #: ... and then whether that new paragraph was the only one alike.
    only: bool = False


def _paragraphs(text: str) -> tuple[list[str], list[int]]:
    parts = text.split(_SEPARATOR)
    starts = []
    pos = 0
    for part in parts:
        starts.append(pos)
        pos += len(part) + len(_SEPARATOR)
    return parts, starts


class TextMap:
    """Maps spans of ``old`` onto ``new``. Built once for many spans.

    Paragraphs are first aligned as a sequence (difflib). A paragraph that did not come through
    unchanged is compared, character by character, with the most alike of the new paragraphs
    that did not either — wherever it went, so a moved and edited paragraph is followed, and a
    copy of its words in another paragraph is not taken for it."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self._old_parts, self._old_starts = _paragraphs(old)
        self._new_parts, self._new_starts = _paragraphs(new)
        matcher = SequenceMatcher(None, self._old_parts, self._new_parts, autojunk=False)
        self._equal: dict[int, int] = {}  # old paragraph -> the same new paragraph
        # A paragraph said twice word for word: which copy is which cannot be told by the text.
        self._twice = {p for p, count in Counter(self._old_parts + self._new_parts).items()
                       if count > 2}
        unmatched_new: list[int] = []
        self._block: dict[int, tuple[int, int, int, int]] = {}  # old paragraph -> its change
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                self._equal.update(zip(range(i1, i2), range(j1, j2)))
            else:
                unmatched_new.extend(range(j1, j2))
                self._block.update((i, (i1, i2, j1, j2)) for i in range(i1, i2))
        self._unmatched = unmatched_new
        self._pairs: dict[int, tuple[int, int, list, bool] | None] = {}
        # Each paragraph's sentences (absolute offsets), as they are asked for.
        self._old_sentences: dict[int, list[tuple[int, int]]] = {}
        self._new_sentences: dict[int, list[tuple[int, int]]] = {}

    def _pair(self, i: int) -> tuple[int, int, list, bool] | None:
        """Where old paragraph i went: the start of the old and of the new stretch compared,
        the pieces they share, and whether no other new paragraph is as alike. None: nowhere.

        First the new paragraph most like it; if none is, the new paragraphs that stand in its
        place taken together (a paragraph split in two, or joined with the next)."""
        if i in self._pairs:
            return self._pairs[i]
        got = None
        old_part = self._old_parts[i]
        pool = self._unmatched
        if len(pool) > _MAX_POOL:  # the nearest ones, by position
            j0 = bisect_right(self._new_starts, self._old_starts[i])
            pool = sorted(pool, key=lambda j: abs(j - j0))[:_MAX_POOL]
        alike = []
        if old_part.strip() and pool:
            alike = process.extract(old_part, [self._new_parts[j] for j in pool],
                                    scorer=fuzz.ratio, score_cutoff=_ALIKE, limit=2)
        # The stretch of new paragraphs standing where its own stretch stood, if it is more
        # alike than any one paragraph (a paragraph split in two, or joined with the next).
        region = self._region(i, alike[0][1] if alike else _ALIKE)
        if region is not None:
            old_lo, new_lo, old_text, new_text = region
            ops = Indel.opcodes(old_text, new_text)
            got = (old_lo, new_lo, [op for op in ops if op.tag == "equal"], True)
        elif alike:
            j = pool[alike[0][2]]
            new_part = self._new_parts[j]
            if len(old_part) + len(new_part) <= _MAX_REGION:
                ops = Indel.opcodes(old_part, new_part)
                got = (self._old_starts[i], self._new_starts[j],
                       [op for op in ops if op.tag == "equal"], len(alike) == 1)
        self._pairs[i] = got
        return got

    def _region(self, i: int, better_than: float) -> tuple[int, int, str, str] | None:
        """The old and new stretches of the change old paragraph i is in, when they differ in
        how many paragraphs they hold and are more alike than ``better_than``."""
        if i not in self._block:
            return None
        i1, i2, j1, j2 = self._block[i]
        if j2 == j1 or i2 - i1 == j2 - j1:
            return None
        old_lo, new_lo = self._old_starts[i1], self._new_starts[j1]
        old_text = self.old[old_lo:self._old_starts[i2 - 1] + len(self._old_parts[i2 - 1])]
        new_text = self.new[new_lo:self._new_starts[j2 - 1] + len(self._new_parts[j2 - 1])]
        if len(old_text) + len(new_text) > _MAX_REGION:
            return None
        if fuzz.ratio(old_text, new_text, score_cutoff=better_than) <= better_than:
            return None
        return old_lo, new_lo, old_text, new_text

    def span(self, start: int, end: int) -> Mapped:
        """What became of old[start:end].

        A span that is a whole sentence of the old text comes out as whole sentences of the new
        one: SAME only if it is still a sentence by itself, else EDITED over the sentences that
        hold what is left of its words — never a piece of one (a lone ".", or a sentence short
        of its last character) — and GONE when few of its words are left."""
        if not 0 <= start < end <= len(self.old):
            return Mapped(GONE)
        i = bisect_right(self._old_starts, start) - 1
        if bisect_right(self._old_starts, end - 1) - 1 != i:
            return Mapped(GONE)  # across paragraphs: no statement is
        old_lo = self._old_starts[i]
        j = self._equal.get(i)
        if j is not None:
            shift = self._new_starts[j] - old_lo
            return Mapped(SAME, start + shift, end + shift, self._old_parts[i] not in self._twice)
        pair = self._pair(i)
        if pair is None:
            return Mapped(GONE)
        old_lo, new_lo, blocks, only = pair
        s, e = start - old_lo, end - old_lo
        # The characters of the span kept in the new text: [a, b) there, in order.
        kept = [(new_lo + op.dest_start + max(0, s - op.src_start),
                 new_lo + op.dest_end - max(0, op.src_end - e))
                for op in blocks if op.src_start < e and op.src_end > s]
        if self.was_sentence(start, end):
            return self._sentences_kept(kept, start, end, only)
        if len(kept) == 1 and kept[0][1] - kept[0][0] == end - start:  # every character, in one piece
            return Mapped(SAME, kept[0][0], kept[0][1], False, only)
        if not kept:
            return Mapped(EDITED, *self._gap(blocks, s, new_lo))
        # What was inserted right at the span's edges belongs to it too (a word added there).
        return Mapped(EDITED, kept[0][0], max(kept[0][0], kept[-1][1]))

    def was_sentence(self, start: int, end: int) -> bool:
        """Is old[start:end] one whole sentence of its paragraph, with a word in it (what a note
        on a statement quotes)?"""
        if not 0 <= start < end <= len(self.old) or end - start > MAX_STATEMENT_CHARS:
            return False
        i = bisect_right(self._old_starts, start) - 1
        spans = _sentences(self._old_sentences, self._old_parts, self._old_starts, i)
        k = bisect_right(spans, (start, end)) - 1
        return k >= 0 and spans[k] == (start, end) and _has_word(self.old, start, end)

    def sentences_at(self, start: int, end: int) -> tuple[int, int] | None:
        """The new sentences new[start:end] stands in (see _stretch); None: it holds no letter
        or digit."""
        found = self._stretch([(start, end)])
        return None if found is None else found[0]

    def _sentences_kept(self, kept: list[tuple[int, int]], start: int, end: int,
                        only: bool) -> Mapped:
        """Where old sentence [start, end) went, its kept characters standing at ``kept`` in the
        new text: the new sentences holding its kept letters and digits. A character diff is free
        to give a sentence's closing "." to its neighbour (the same character ends both), or a
        few letters of a deleted sentence to new words beside it: only its words say where a
        sentence went, and it is GONE when fewer than a quarter of them are left."""
        found = self._stretch(kept)
        if found is None or found[1] * 4 < sum(ch.isalnum() for ch in self.old[start:end]):
            return Mapped(GONE)
        stretch = found[0]
        if kept == [stretch] and stretch[1] - stretch[0] == end - start:  # all of it, one sentence
            return Mapped(SAME, *stretch, False, only)
        return Mapped(EDITED, *stretch)

    def _stretch(self, ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], int] | None:
        """The new sentences holding the letters and digits in ``ranges`` (in order) — those with
        at least a quarter of them, so a stray letter does not make a neighbour one — as one
        stretch, from the first's start to the last's end; and how many letters and digits."""
        new = self.new
        counts: dict[tuple[int, int], int] = {}
        here = None
        for a, b in ranges:
            for pos in range(max(0, a), min(b, len(new))):
                if not new[pos].isalnum():
                    continue
                if here is None or not here[0] <= pos < here[1]:
                    here = self._new_sentence_at(pos)
                    if here is None:
                        continue
                counts[here] = counts.get(here, 0) + 1
        total = sum(counts.values())
        if not total:
            return None
        held = [span for span, count in counts.items() if count * 4 >= total]
        return (min(held)[0], max(held)[1]), total

    def _new_sentence_at(self, pos: int) -> tuple[int, int] | None:
        j = bisect_right(self._new_starts, pos) - 1
        spans = _sentences(self._new_sentences, self._new_parts, self._new_starts, j)
        k = bisect_right(spans, (pos, len(self.new) + 1)) - 1
        return spans[k] if k >= 0 and spans[k][1] > pos else None

    @staticmethod
    def _gap(blocks, s: int, new_lo: int) -> tuple[int, int]:
        """Where the new text stands between the kept pieces around old offset s."""
        before = [op for op in blocks if op.src_end <= s]
        after = [op for op in blocks if op.src_start >= s]
        lo = before[-1].dest_end if before else 0
        hi = after[0].dest_start if after else lo
        return new_lo + lo, new_lo + max(lo, hi)


def _sentences(cache: dict[int, list[tuple[int, int]]], parts: list[str], starts: list[int],
               i: int) -> list[tuple[int, int]]:
    """The sentences of paragraph i (absolute offsets), as the reader's statements cut it."""
    got = cache.get(i)
    if got is None:
        lo = starts[i]
        got = cache[i] = [(lo + a, lo + b) for a, b in sentence_spans(parts[i])]
    return got


def _has_word(text: str, start: int, end: int) -> bool:
    return any(ch.isalnum() for ch in text[start:end])
