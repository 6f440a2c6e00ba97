"""The search index: every statement and note, searched as the user types, in C where it counts."""

from __future__ import annotations

import gc
import heapq
import operator
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from heapq import nsmallest
from itertools import accumulate, islice, repeat

from rapidfuzz import fuzz, process

from .fold import fold
from .related import UNPOSTED
from .score import (ALL_WORDS, FUZZY_WEIGHT, MID_WORD, PR_CUTOFF, SEARCH_FLOOR, TYPO_SHARE,
                    WORD_TYPO, Hit, edits, fuzzy_score, merge, score_folded)

#: A candidate list with at most this many postings is built and checked item by item; above
#: it a scan in item order (which stops early) is cheaper.
_MATERIALISE = 20_000
#: Items scored with rapidfuzz at most per fuzzy query (about 1 us each).
_FUZZY_BUDGET = 2_000
#: Of those, items checked at most for typos in query words found apart (see words_part).
_TYPO_BUDGET = 600
#: A query word whose fuzzy matches hold more postings than this does not pick candidates.
_SPARSE = 15_000
#: Longest vocabulary scan for words containing a query word.
_MAX_CONTAINING = 3_000
_WORD_CUTOFF = 75.0
_CACHE = 256  # remembered queries and word matches
_LAST = "\U0010ffff"


@contextmanager
def no_collection() -> Iterator[None]:
    """No garbage collection inside: an index is millions of small objects and no cycles."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class SearchIndex:
    """Statements to search as the user types (``search``) and to relate (``related``).

    Item i is ``texts[i]``. ``search`` ranks by ``search_score`` and ``related`` by
    ``related_score``; the index only decides which items are worth scoring:

    - search: the items where the query occurs, or where all its words start words, come from
      word postings and scans of the joined texts in C, in the order they are shown, so these
      tiers are exact; fuzzy candidates come from the query words' typo variants found in the
      vocabulary (at most _FUZZY_BUDGET, the likeliest first) and are scored in C;
    - related: features are read weightiest first, and an upper bound on the score of every
      item not scored yet (maximum weights, lower bounds of denominators) stops the reading:
      the result is exactly brute force's. The first call prepares what it needs (about 0.7 s
      for 100,000 statements).

    Building takes about 1.3 s for 100,000 statements here. Not thread-safe.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        with no_collection():  # millions of small objects and no cycles: collecting only costs
            self._build(texts)

    @classmethod
    def from_rows(cls, order: Sequence[int], text: list[str], orig: list[str], vocab: list[str],
                  post: list, **known) -> SearchIndex:
        """The index whose rows are these (see ``_settle``): what a change (search.update) and a
        read from disk (search.stored) make, without folding or splitting a statement again."""
        index = cls.__new__(cls)
        with no_collection():
            index._settle(order, text, orig, vocab, post, **known)
        return index

    def _build(self, texts: Sequence[str]) -> None:
        n = len(texts)
        folded = [fold(t) for t in texts]
        # Items are numbered internally ("rows") by folded length, then item number: the order
        # in which equal search scores are shown (shorter statements first, as fzf does).
        order = sorted(range(n), key=list(map(len, folded)).__getitem__)
        text = [folded[i] for i in order]
        orig = [texts[i] for i in order]
        del folded
        # Each row's words into postings, but for the commonest words: their lists would be
        # long and are never read on 100,000 statements (see posting).
        postings: defaultdict[str, list[int]] = defaultdict(list)
        common: set[str] = set()
        slot, app = postings.__getitem__, list.append
        for row, t in enumerate(text):
            words = set(t.split())
            if not words.isdisjoint(UNPOSTED):
                common |= words & UNPOSTED
                words -= UNPOSTED
            deque(map(app, map(slot, words), repeat(row)), 0)
        vocab = sorted([*postings, *common])
        # (arrays: a third of the memory of lists, and nothing for the garbage collector to
        # walk through)
        post = [None if (p := postings.get(w)) is None else array("i", p) for w in vocab]
        del postings
        self._settle(order, text, orig, vocab, post)

    def _settle(self, order: Sequence[int], text: list[str], orig: list[str], vocab: list[str],
                post: list, row_of: list[int] | None = None, big: str | None = None,
                same_vocab: SearchIndex | None = None) -> None:
        """Take the rows — ``order``: the item of each row; ``text``, ``orig``: each row's
        folded and original text; ``vocab``: the words, sorted; ``post``: each word's rows, in
        order (None: a common word, only counted) — and derive the rest (or take it as known:
        ``row_of`` the row of each item, ``big`` the joined texts, ``same_vocab`` an index with
        this very vocabulary)."""
        n = len(text)
        self._n = n
        self._item_of = array("i", order)
        if row_of is None:
            row_of = [0] * n
            for row, i in enumerate(order):
                row_of[i] = row
        self._row_of = array("i", row_of)
        self._text, self._orig, self._vocab, self._post = text, orig, vocab, post
        if same_vocab is not None:
            self.word_feature = same_vocab.word_feature
            self._vjoin, self._vstart = same_vocab._vjoin, same_vocab._vstart
        else:
            self.word_feature = dict(zip(vocab, range(len(vocab))))
            self._vjoin = "\n".join(vocab) + "\n"
            self._vstart = self._offsets(vocab)
        # Postings per word, summed: what reading the rows of a range of words costs (a word
        # whose rows are not kept costs a scan of every row: n).
        self._cum = array("q", [0])
        self._cum.extend(accumulate([n if p is None else len(p) for p in post]))
        self._big = "\n".join(text) + "\n" if big is None else big
        self._bstart = self._offsets(text)
        self._results: dict[str, list[Hit]] = {}
        self._matches: dict[tuple[str, bool], tuple[list[tuple[int, int]], int]] = {}
        self.relate = None  # a RelatedIndex, made when first needed

    def prepare_related(self) -> None:
        """Build what related() needs now (else its first call does): for a background worker."""
        if self.relate is None:
            from .related_index import RelatedIndex

            self.relate = RelatedIndex(self)

    def related(self, item: int | str, limit: int = 10,
                allowed: Callable[[int], bool] | None = None) -> list[Hit]:
        """Items that say the same thing as item (its number) or as a free text, best first
        (see RelatedIndex.related)."""
        self.prepare_related()
        return self.relate.related(item, limit, allowed)

    def posting(self, k: int) -> Sequence[int]:
        """The rows of vocabulary word k, found (once) in the joined texts if not kept."""
        p = self._post[k]
        if p is None:
            big, starts, find = self._big, self._bstart, self._big.find
            needle = " " + self._vocab[k]
            size = len(needle)
            p = []
            pos = find(needle)
            while pos >= 0:
                if big[pos + size] in " \n":
                    row = bisect_right(starts, pos) - 1
                    p.append(row)
                    pos = find(needle, starts[row + 1])
                else:
                    pos = find(needle, pos + size)
            self._post[k] = p = array("i", p)
        return p

    @staticmethod
    def _offsets(parts: list[str]) -> array:
        """Start of each part in "\\n".join(parts) + "\\n", and one past the end."""
        out = array("q", [0])
        out.extend(accumulate(map((1).__add__, map(len, parts))))
        return out

    def __len__(self) -> int:
        return self._n
    # -- search -----------------------------------------------------------------------------

    def search(
        self, query: str, limit: int = 50, allowed: Callable[[int], bool] | None = None
    ) -> list[Hit]:
        """The best ``limit`` items for a typed query, best first (ties: shorter, then earlier).

        Ranked by ``search_score`` (items scoring 0 are never returned); ``allowed`` keeps only
        the items it accepts. An empty query gives [].
        """
        q = fold(query)
        if len(q) <= 1 or limit <= 0 or not self._n:
            return []
        if allowed is None:
            cached = self._results.get(q)
            if cached is not None and len(cached) >= limit:
                return cached[:limit]
        hits = self._search(q, limit, allowed)
        if allowed is None:
            if len(self._results) >= _CACHE:
                self._results.clear()
            self._results[q] = hits
        return hits

    def _few_allowed(self, allowed: Callable[[int], bool]) -> list[int] | None:
        """The rows allowed, in order, when they are few (a fiftieth or less): then scoring
        each of them is faster than looking for them among the candidates. None otherwise.

        A set's ``__contains__`` is read as the set; any other predicate is tried on every
        n/256th item first, and asked about every item only when few of those pass.
        """
        n, row_of = self._n, self._row_of
        few = n // 50 + 64
        owner = getattr(allowed, "__self__", None)
        if isinstance(owner, (set, frozenset, dict)) and (
            getattr(allowed, "__name__", "") == "__contains__"
        ):
            if len(owner) > few:
                return None
            return sorted(row_of[i] for i in owner if type(i) is int and 0 <= i < n)
        step = max(1, n // 256)
        if sum(1 for i in range(0, n, step) if allowed(i)) * step > few:
            return None
        rows = [row_of[i] for i in range(n) if allowed(i)]
        return sorted(rows) if len(rows) <= 2 * few else None

    def _search(self, q: str, limit: int, allowed: Callable[[int], bool] | None) -> list[Hit]:
        words = q[1:].split(" ")
        item_of = self._item_of
        if allowed is not None and self._n > _FUZZY_BUDGET:
            few = self._few_allowed(allowed)
            if few is not None:  # score every allowed row: exact
                texts = self._text
                scored = [(s, r) for r in few if (s := score_folded(q, words, texts[r])) > 0.0]
                best = nsmallest(limit, scored, key=lambda x: (-x[0], x[1]))
                return [Hit(item_of[r], s) for s, r in best]
        ok = None if allowed is None else (lambda row: allowed(item_of[row]))
        first, inner = self._exact(q, words, limit, ok)
        out = [Hit(item_of[r], 100.0) for r in first]
        if len(first) >= limit:
            return out[:limit]
        inner = inner[: limit - len(first)]
        out += [Hit(item_of[r], MID_WORD) for r in inner]
        need = limit - len(out)
        if not need:
            return out
        taken = set(first)
        taken.update(inner)
        if len(words) > 1:
            apart = self._all_words(words, need, taken, ok)
            out += [Hit(item_of[r], ALL_WORDS) for r in apart]
            need -= len(apart)
            if not need:
                return out
            taken.update(apart)
        out += [Hit(item_of[r], s) for s, r in self.fuzzy_score(q, words, need, taken, ok)]
        return out

    def _range(self, prefix: str) -> tuple[int, int]:
        vocab = self._vocab
        lo = bisect_left(vocab, prefix)
        if lo == len(vocab) or not vocab[lo].startswith(prefix):
            return lo, lo
        return lo, bisect_left(vocab, prefix + _LAST, lo)

    def _rows(self, ranges: list[tuple[int, int]]) -> Sequence[int]:
        """Rows holding any word in the (merged) vocabulary ranges, in order."""
        post = self._post
        lists = [post[k] or self.posting(k) for lo, hi in ranges for k in range(lo, hi)]
        if len(lists) == 1:
            return lists[0]
        return sorted(set().union(*lists))

    def _mass(self, ranges: list[tuple[int, int]]) -> int:
        cum = self._cum
        return sum(cum[hi] - cum[lo] for lo, hi in ranges)

    def _containing(self, needle: str) -> list[tuple[int, int]] | None:
        """Vocabulary words containing needle (as ranges); None when there are too many."""
        vj, vs = self._vjoin, self._vstart
        if vj.count(needle) > _MAX_CONTAINING:
            return None
        out = []
        pos = vj.find(needle)
        while pos >= 0:
            k = bisect_right(vs, pos) - 1
            out.append((k, k + 1))
            if len(out) > _MAX_CONTAINING:
                return None
            pos = vj.find(needle, vs[k + 1])
        return out

    def _scan(
        self, needle: str, want: int, ok: Callable[[int], bool] | None, skip: set[int]
    ) -> list[int]:
        """The first `want` rows (not in skip) holding needle, in row order: a scan of the
        joined texts (the find itself runs in C)."""
        out: list[int] = []
        starts, find = self._bstart, self._big.find
        pos = find(needle)
        while pos >= 0:
            row = bisect_right(starts, pos) - 1
            if row not in skip and (ok is None or ok(row)):
                out.append(row)
                if len(out) >= want:
                    break
            pos = find(needle, starts[row + 1])
        return out

    def _exact(
        self, q: str, words: list[str], limit: int, ok: Callable[[int], bool] | None
    ) -> tuple[list[int], list[int]]:
        """Rows where the query occurs at a word start (first, up to limit) and else only
        inside a word (inner, up to limit - len(first)), each in row order."""
        core = q[1:]
        if len(words) == 1:
            # At a word start: the rows of the words the query begins.
            r = [self._range(core)]
            if self._mass(r) <= _MATERIALISE:
                first = [row for row in self._rows(r) if ok is None or ok(row)][:limit]
            else:
                first = self._scan(q, limit, ok, set())
            want = limit - len(first)
            if not want:
                return first, []
            # Inside a word: the rows of the words holding it elsewhere than at their start.
            skip = set(first)
            hits = self._containing(core)
            if hits is not None:
                vocab = self._vocab
                r = [h for h in hits if not vocab[h[0]].startswith(core)]
                if self._mass(r) <= _MATERIALISE:
                    inner = [row for row in self._rows(r) if row not in skip
                             and (ok is None or ok(row))]
                    return first, inner[:want]
            return first, self._scan(core, want, ok, skip)
        # Several words: the first may end a word, the middle ones are whole words, the last
        # begins one. Check the rows of the rarest of these.
        best: tuple[int, list[tuple[int, int]]] | None = None
        for w in words[1:-1]:
            k = self.word_feature.get(w)
            if k is None:
                return [], []
            m = self._cum[k + 1] - self._cum[k]
            if best is None or m < best[0]:
                best = (m, [(k, k + 1)])
        r = [self._range(words[-1])]
        m = self._mass(r)
        if best is None or m < best[0]:
            best = (m, r)
        if best[0] > _MATERIALISE:
            ends = self._containing(words[0] + "\n")
            if ends is not None and self._mass(ends) < best[0]:
                best = (self._mass(ends), ends)
        first: list[int] = []
        inner: list[int] = []
        if best[0] <= _MATERIALISE:
            texts = self._text
            for row in self._rows(merge(best[1])):
                t = texts[row]
                if core in t and (ok is None or ok(row)):
                    if q in t:
                        first.append(row)
                        if len(first) >= limit:
                            return first, []
                    elif len(inner) < limit:
                        inner.append(row)
            return first, inner[: limit - len(first)]
        first = self._scan(q, limit, ok, set())
        if len(first) >= limit:
            return first, []
        return first, self._scan(core, limit - len(first), ok, set(first))

    def _all_words(
        self, words: list[str], need: int, taken: set[int], ok: Callable[[int], bool] | None
    ) -> list[int]:
        """The first `need` rows (not taken) where every word starts a word, in row order."""
        ranges = [self._range(w) for w in words]
        masses = [self._mass([r]) for r in ranges]
        k = min(range(len(words)), key=masses.__getitem__)
        if not masses[k]:
            return []
        others = [" " + w for i, w in enumerate(words) if i != k]
        texts = self._text
        rows = self._rows([ranges[k]]) if masses[k] <= _MATERIALISE else range(self._n)
        out = []
        for row in rows:
            if row in taken:
                continue
            t = texts[row]
            for w in others:
                if w not in t:
                    break
            else:
                if masses[k] > _MATERIALISE and " " + words[k] not in t:
                    continue
                if ok is None or ok(row):
                    out.append(row)
                    if len(out) >= need:
                        break
        return out

    def _word_matches(self, w: str, last: bool) -> tuple[list[tuple[int, int]], int]:
        """Vocabulary ranges matching query word w, and how many postings they hold.

        The last word of a query is being typed: it matches the words it, or a variant of it
        one edit away, begins. Other words match the words they begin, and whole words one edit
        away. From 4 letters on, both also match the words with the same first two letters that
        rapidfuzz ``ratio`` finds close (at least _WORD_CUTOFF; for the last word, the start of
        the word as long as it and a letter): "missles" finds "missile" too, two edits away.
        """
        key = (w, last)
        got = self._matches.get(key)
        if got is not None:
            return got
        ranges = [self._range(w)]
        if len(w) >= 3:
            if last:
                for v in edits(w):
                    lo, hi = self._range(v)
                    if lo < hi:
                        ranges.append((lo, hi))
            else:
                word = self.word_feature
                for v in edits(w):
                    k = word.get(v)
                    if k is not None:
                        ranges.append((k, k + 1))
        if len(w) >= 4:
            lo, hi = self._range(w[:2])
            if hi - lo <= _MAX_CONTAINING * 4:
                size = len(w) + 1
                for _, _, i in process.extract(
                    w, self._vocab[lo:hi], scorer=fuzz.ratio, score_cutoff=_WORD_CUTOFF,
                    processor=(lambda v: v[:size]) if last else None, limit=None,
                ):
                    ranges.append((lo + i, lo + i + 1))
        ranges = merge([r for r in ranges if r[0] < r[1]])
        got = (ranges, self._mass(ranges))
        if len(self._matches) >= _CACHE:
            self._matches.clear()
        self._matches[key] = got
        return got

    def fuzzy_score(
        self,
        q: str,
        words: list[str],
        need: int,
        taken: set[int],
        ok: Callable[[int], bool] | None,
    ) -> list[tuple[float, int]]:
        """The best `need` (score, row) below the exact tiers, best first.

        Candidates: the rows of the query words' fuzzy matches (see _word_matches), at most
        _FUZZY_BUDGET, those matching more words first; scored with rapidfuzz in C. The rows
        returned get their exact search_score.
        """
        last = len(words) - 1
        matches = [self._word_matches(w, i == last) for i, w in enumerate(words)]
        sparse = [i for i, (ranges, mass) in enumerate(matches) if 0 < mass <= _SPARSE]
        sets: dict[int, set[int]] = {}  # a sparse word -> the rows of its matches
        if not sparse:
            # Every word is common: the shortest rows holding the least common one.
            have = [i for i, (ranges, mass) in enumerate(matches) if mass]
            ranges = matches[min(have, key=lambda i: matches[i][1])][0] if have else []
            lists = [self._post[k] for lo, hi in ranges for k in range(lo, hi)]
            pool: Sequence[int] = range(self._n)
            if 0 < len(lists) <= 64 and None not in lists:  # (None: a word only counted)
                pool = list(dict.fromkeys(islice(heapq.merge(*lists), 4 * _FUZZY_BUDGET)))
        elif len(sparse) == 1:
            pool = self._rows(matches[sparse[0]][0])
            if last:
                sets[sparse[0]] = set(pool)
        else:
            # Rows matching every sparse word first; then all but one (the lightest missing
            # first); then any, those of the longest words first (each part in row order).
            order = sorted(sparse, key=lambda i: len(words[i]))
            for i in order:
                sets[i] = set(self._rows(matches[i][0]))
            parts = [sets[i] for i in order]
            done = set.intersection(*parts)
            pool = sorted(done)
            if len(parts) > 2:
                for i in range(len(parts)):
                    if len(pool) >= _FUZZY_BUDGET:
                        break
                    more = set.intersection(*parts[:i], *parts[i + 1:]) - done
                    pool += sorted(more)
                    done |= more
            for rows in reversed(parts):
                if len(pool) >= _FUZZY_BUDGET:
                    break
                more = rows - done
                pool += sorted(more)
                done |= more
        if self._n <= _FUZZY_BUDGET and len(pool) < self._n:  # few enough to score them all
            have = set(pool)
            pool = [*pool, *(r for r in range(self._n) if r not in have)]
        rows: list[int] = []
        for row in pool:
            if row not in taken and (ok is None or ok(row)):
                rows.append(row)
                if len(rows) >= _FUZZY_BUDGET:
                    break
        texts = self._text
        m = len(q)
        long_rows = [r for r in rows if len(texts[r]) >= m]
        short_rows = [r for r in rows if len(texts[r]) < m]
        scores: dict[int, float] = {}
        for scorer, part in ((fuzz.partial_ratio, long_rows), (fuzz.ratio, short_rows)):
            if part:
                for _, s, i in process.extract(
                    q, [texts[r] for r in part], scorer=scorer, processor=None,
                    score_cutoff=PR_CUTOFF, limit=None,
                ):
                    scores[part[i]] = FUZZY_WEIGHT * s
        if last:
            self._words_scores(words, rows, scores, need, sets)
        # The best: those that may still gain (a word's typo not checked) are scored again,
        # exactly, until the best `need` are all exact.
        exact: set[int] = set()
        while True:
            ranked = [(s, r) for r, s in scores.items() if s >= SEARCH_FLOOR]
            best = nsmallest(need, ranked, key=lambda x: (-x[0], x[1]))
            todo = [r for _, r in best if r not in exact]
            if not last or not todo:
                return best
            for r in todo:
                exact.add(r)
                scores[r] = score_folded(q, words, texts[r])

    def _words_scores(
        self,
        words: list[str],
        rows: list[int],
        scores: dict[int, float],
        need: int,
        sets: dict[int, set[int]],
    ) -> None:
        """Raise scores[r] to words_part(words, text of r) for the rows where that may put
        them among the best `need`: exact word starts for all of them (in C, a word at a
        time); the typo checks of a word (rapidfuzz, in C) only where its matches are."""
        texts = [self._text[r] for r in rows]
        needles = [" " + w for w in words]
        total = sum(map(len, needles))
        found = [0] * len(rows)  # letters of the words found exactly, per row
        typo: list[tuple[int, list[bool]]] = []  # words of 5+ letters, and where they are
        for i, n in enumerate(needles):
            have = [n in t for t in texts]
            found = list(map(operator.add, found, map(operator.mul, have, repeat(len(n)))))
            if len(n) > 5:
                typo.append((i, have))
        bar = SEARCH_FLOOR * total / ALL_WORDS
        for k, r in enumerate(rows):
            if found[k] >= bar:
                b = ALL_WORDS * found[k] / total
                if b > scores.get(r, 0.0):
                    scores[r] = b
        if not typo:
            return
        maybe = list(found)
        for i, have in typo:
            maybe = list(map(operator.add, maybe, (0 if h else len(needles[i]) for h in have)))
        best = heapq.nlargest(need, scores.values())
        if len(best) >= need:
            bar = max(bar, best[-1] * total / ALL_WORDS)
        ks = [k for k in range(len(rows)) if maybe[k] > found[k] and maybe[k] >= bar
              and ALL_WORDS * maybe[k] / total >= scores.get(rows[k], 0.0)]
        if len(ks) > _TYPO_BUDGET:  # the likeliest: most letters found, most letters possible
            ks = heapq.nlargest(_TYPO_BUDGET, ks, key=lambda k: (found[k], maybe[k]))
        check = {k: float(found[k]) for k in ks}
        for i, have in typo:
            n = needles[i]
            near = sets.get(i)
            part = [k for k in check if not have[k] and (near is None or rows[k] in near)]
            longer = []
            for k in part:
                if len(texts[k]) < len(n):
                    check[k] += len(n) * TYPO_SHARE * fuzzy_score(n, texts[k], WORD_TYPO) / 100.0
                else:
                    longer.append(k)
            for _, sc, j in process.extract(
                n, [texts[k] for k in longer], scorer=fuzz.partial_ratio, processor=None,
                score_cutoff=WORD_TYPO, limit=None,
            ):
                check[longer[j]] += len(n) * TYPO_SHARE * sc / 100.0
        for k, got in check.items():
            b = ALL_WORDS * got / total
            if b > scores.get(rows[k], 0.0):
                scores[rows[k]] = b

    # -- related ----------------------------------------------------------------------------
