"""What a finder filter's value names (a speaker, tag, kind or verdict there is), typos and all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .fold import fold

#: A value this long or longer may hold a typo: one edit (a letter missing, added, replaced or two
#: swapped) for every LETTERS_PER_TYPO letters. Shorter values must be found as they are: "@li"
#: one edit from "Liu", "Lee" and "Xi" would mean anyone.
LETTERS_PER_TYPO = 4
_CACHE = 256


@dataclass(frozen=True, slots=True)
class Meaning:
    """The names a typed value stands for, and whether they were guessed from a typo (then the
    finder says what it read)."""

    names: tuple[str, ...]
    guessed: bool = False


class Names:
    """A set of names a filter may mean, folded once (as search folds text: case, accents and
    punctuation alike), and what typed values mean in it."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(dict.fromkeys(n for n in names if n))
        self._folded = [fold(n) for n in self.names]
        self._meant: dict[str, Meaning] = {}

    def __len__(self) -> int:
        return len(self.names)

    def meant(self, typed: str) -> Meaning:
        """The names ``typed`` stands for, from the first of these that finds any:

        1. the names where it starts a word ("putin" and "vlad" for "Vladimir Putin"; "jake
           sul" for "Jake Sullivan");
        2. the names holding it inside a word ("ivan" in "Sullivan");
        3. the names closest to it with a typo or two (at most one edit per LETTERS_PER_TYPO
           letters, against a run of as many words of the name, or its start): "sulivan" for
           "Jake Sullivan", "qoute" for "quote". Only the closest: "putn" is "Putin", not also a
           name two edits away.
        """
        got = self._meant.get(typed)
        if got is None:
            got = self._find(typed)
            if len(self._meant) >= _CACHE:
                self._meant.clear()
            self._meant[typed] = got
        return got

    def _find(self, typed: str) -> Meaning:
        q = fold(typed)
        if len(q) <= 1:
            return Meaning(())
        for needle in (q, q[1:]):
            found = tuple(n for n, f in zip(self.names, self._folded) if needle in f)
            if found:
                return Meaning(found)
        core = q[1:]
        edits = len(core.replace(" ", "")) // LETTERS_PER_TYPO
        if not edits:
            return Meaning(())
        size = core.count(" ") + 1
        spans: list[str] = []
        owner: list[int] = []
        for i, f in enumerate(self._folded):
            words = f.split()
            for k in range(max(1, len(words) - size + 1)):
                span = " ".join(words[k:k + size])
                spans += (span, span[:len(core)])
                owner += (i, i)
        best: dict[int, float] = {}
        for _, distance, j in process.extract(core, spans, scorer=OSA.distance,
                                              score_cutoff=edits, limit=None):
            i = owner[j]
            best[i] = min(best.get(i, distance), distance)
        if not best:
            return Meaning(())
        closest = min(best.values())
        return Meaning(tuple(self.names[i] for i in sorted(best) if best[i] == closest), True)
