"""Related statements over the search index: features read weightiest first, stopped as soon as no
statement not yet scored can make the list — the same answer as scoring them all."""

from __future__ import annotations

import gc
import heapq
import math
import operator
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from .fold import fold
from .related import (ACRONYMISH, CAPITALISED, MULTIPLIERS, NAME_BOOST, PIVOT, QUOTE_BOOST, QUOTED,
                      SLOPE, Profile, base_weight, cap_feature, features_ex, low_bounds,
                      may_quote, number_weight, profile, quotations, relate, word_feature)
from .score import Hit

#: A candidate list with more postings than this is worth warming the bar before reading it.
_MATERIALISE = 20_000
#: The denominators' lower bounds leave out features in more rows than this (light ones).
_NORM_ROWS = 4_000
#: Profiles remembered.
_PROFILES = 1024


class RelatedIndex:
    """What related() needs beyond the search index, for each feature the rows that may have it
    (those of the words that give it, and of the statements where a name, acronym or "3.5
    million" gives it) and the most it weighs, for each row a lower bound of its denominator
    (from its words without the name and quote boosts): enough to bound the score of every
    statement not yet looked at. Made from a SearchIndex (about 0.7 s for 100,000 statements)."""

    #: Its state beside the search index: what search.stored keeps on disk, and search.update
    #: carries over when the index changes. A field made in _prepare is named here (one those
    #: do not know makes them build this index anew); one whose meaning changes bumps
    #: search.stored.FORMAT.
    STATE = ("_denom", "_rel", "_maxw", "_special", "_named")

    def __init__(self, index) -> None:
        self.index = index
        self._profiles: dict[int, Profile] = {}
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._prepare()
        finally:
            if collecting:
                gc.enable()

    def _prepare(self) -> None:
        index = self.index
        vocab, post, text, orig = index._vocab, index._post, index._text, index._orig
        # A feature's rows: those of the words that give it (a few words share a stem) ...
        groups: dict[str, list[int]] = {}
        base: dict[str, float] = {}
        for k, w in enumerate(vocab):
            key, weight = word_feature(w)
            if weight > 0.0:
                g = groups.get(key)
                if g is None:
                    groups[key] = [k]
                    base[key] = weight
                else:
                    g.append(k)
        rel: dict[str, list[int]] = {}
        # A lower bound of each row's squared norm, in 1/16ths (small ints: no allocation),
        # from its word features without boosts, rounded down, and only the weightier ones
        # in few rows (any part of the features gives a lower bound).
        norm16 = [0] * len(index)
        for key, g in groups.items():
            if len(g) == 1:
                rows = post[g[0]] or index.posting(g[0])
            else:
                rows = array("i", sorted(set().union(*[post[k] or index.posting(k) for k in g])))
            rel[key] = rows
            units = int(16 * base[key] * base[key])
            if units >= 8 or units and len(rows) <= _NORM_ROWS:
                for r in rows:
                    norm16[r] += units
        hd = PIVOT * (1 - SLOPE)
        sqrt = math.sqrt
        denoms = [hd + SLOPE * sqrt(x / 16) for x in norm16]
        # ... and the rows where a name, an acronym or "3.5 million" gives it.
        special: set[int] = set()
        for w in MULTIPLIERS:
            k = index.word_feature.get(w)
            if k is not None:
                special.update(index.posting(k))
        joined = "\n".join(orig)
        one_line = joined.count("\n") == len(orig) - 1
        if not one_line:
            joined = "\n".join(t.replace("\n", " ") for t in orig)
        starts = index._offsets(orig)
        for m in ACRONYMISH.finditer(joined):
            special.add(bisect_right(starts, m.start()) - 1)
        extra: dict[str, list[int]] = {}
        for row in sorted(special):
            feats, extras = features_ex(orig[row], text[row])
            v = feats.values()
            denoms[row] = hd + SLOPE * sqrt(math.fsum(map(operator.mul, v, v)))
            for k in extras:
                extra.setdefault(k, []).append(row)
        self._denom = array("d", denoms)
        # Rows whose capitals or numbers may add or merge features (not read by related(),
        # which asks low_bounds; kept for search.update, which carries them over).
        self._special = bytearray(len(orig))
        for row in special:
            self._special[row] = 1
        for key, rows in extra.items():
            have = rel.get(key)
            rel[key] = array("i", rows if have is None else sorted(set(have).union(rows)))
        # The most a feature weighs in any statement: boosted if it is ever a name or ever
        # quoted (supersets: any capitalised token, any text between quotation marks).
        named = {key for key, w in map(cap_feature, set(CAPITALISED.findall(joined))) if w > 0.0}
        tokens = set(" ".join(QUOTED.findall(joined)).split())
        quoted = {word_feature(w)[0] for w in set(fold(" ".join(tokens)).split())}
        if not one_line:  # quotation marks may pair otherwise across a line break: any word
            quoted = set(base)
        del joined
        maxw: dict[str, float] = {}
        for key in rel:
            weight = base.get(key)
            if weight is None:  # only from extras
                maxw[key] = NAME_BOOST if key[-1] == "." else number_weight(key)
            elif key[0] == "#":
                maxw[key] = weight
            else:
                maxw[key] = weight * (NAME_BOOST if key in named else 1.0) * (
                    QUOTE_BOOST if key in quoted else 1.0
                )
        self._maxw = maxw
        self._named = frozenset(named)  # (for search.update, as _special)
        self._rel = rel

    def _unquoted(self, key: str) -> float:
        """The most ``key`` weighs in a statement without quotation marks (no quote boosts it)
        over the most it weighs in any (``_maxw``): at most 1."""
        if key[0] == "#" or key[-1] == ".":  # a number or an acronym: no quote boosts it
            return 1.0
        most = base_weight(key) * (NAME_BOOST if key in self._named else 1.0)
        return min(1.0, most / self._maxw[key])

    def _quote_bound(self, feats: list[tuple], denom: array
                     ) -> Callable[[int, float, str | None], float] | None:
        """For related()'s features (``feats``: what each can add to a dot product, ...), a
        bound of a row from its bound ``ub`` (the dot product of its shared features with the
        most each weighs anywhere, over its least denominator) and the folded text of its
        quotations (None: it quotes nothing): a feature its quotations may not hold weighs at
        most its ``_unquoted`` share of that most. ``ub`` says how much the shared features
        give together, not which: the least share (1 / QUOTE_BOOST: most features are a word
        quoted somewhere) is counted for all, and the features that may weigh more (quoted in
        the row, or never quoted: a rare word, a number) are looked up in it. None when no
        share is less than 1, or too many features would be looked up in every row."""
        shares = [(self._unquoted(k), c, k, self._rel[k]) for c, _, k, _ in feats]
        low = min([r for r, _, _, _ in shares], default=1.0)
        least = max([r for r, _, _, _ in shares if r <= low + 1e-9], default=1.0)  # (rounding)
        more = [(r - least, c, rows) for r, c, _, rows in shares if r > least]
        if least >= 1.0 or len(more) > 8:
            return None
        quotable = [(k, (1.0 - r) * c, rows) for r, c, k, rows in shares if k[0] != "#"]

        def bound(b: int, ub: float, quoted: str | None) -> float:
            extra = 0.0
            for share, c, rows in more:
                i = bisect_left(rows, b)
                if i < len(rows) and rows[i] == b:
                    extra += share * c
            if quoted is not None:
                for k, rise, rows in quotable:  # (from its share to 1)
                    if rise > 0.0 and may_quote(k, quoted):
                        i = bisect_left(rows, b)
                        if i < len(rows) and rows[i] == b:
                            extra += rise
            return least * ub + extra / denom[b]

        return bound

    def profile(self, row: int) -> Profile:
        got = self._profiles.get(row)
        if got is None:
            if len(self._profiles) >= _PROFILES:
                self._profiles.clear()
            got = self._profiles[row] = profile(self.index._orig[row], self.index._text[row])
        return got

    def related(
        self,
        item: int | str,
        limit: int = 10,
        allowed: Callable[[int], bool] | None = None,
    ) -> list[Hit]:
        """Items that say the same thing as item (its number) or as a free text, best first.

        Ranked by ``related_score`` (ties: earlier items first); items scoring 0 are never
        returned, nor the item itself. ``allowed`` keeps only the items it accepts.
        """
        if isinstance(item, str):
            a = profile(item)
            own = -1
        else:
            n = len(self.index)
            if not 0 <= item < n:
                raise IndexError(f"item {item} is not in the index of {n}")
            own = self.index._row_of[item]
            a = self.profile(own)
        if limit <= 0 or not a.weights:
            return []
        rel, maxw = self._rel, self._maxw
        # Features by how much they can add to a dot product, most first (then rarest first).
        feats = sorted(
            ((w * maxw[k], -len(rel[k]), k, w) for k, w in a.weights.items() if k in rel),
            reverse=True,
        )
        m = len(feats)
        # rest[j]: the most features j.. can add to a dot product; norm2[j]: their norm in a, ^2
        rest = [0.0] * (m + 1)
        norm2 = [0.0] * (m + 1)
        for j in range(m - 1, -1, -1):
            rest[j] = rest[j + 1] + feats[j][0]
            norm2[j] = norm2[j + 1] + feats[j][3] ** 2
        adenom = a.denom
        hd = PIVOT * (1 - SLOPE)
        slack = 1 + 1e-9

        def unseen(j: int) -> float:
            # An item sharing only features j.. has a dot product <= min(|a_j..| |b|, rest[j])
            # over a denominator >= hd + SLOPE |b|: at most this, |b| = rest[j] / |a_j..|.
            if rest[j] <= 0.0:
                return 0.0
            return 100.0 * slack * rest[j] / (hd + SLOPE * rest[j] / math.sqrt(norm2[j])) / adenom

        item_of, denom = self.index._item_of, self._denom
        top: list[tuple[float, int]] = []  # (score, -item): a min-heap of the best `limit`
        dots: dict[int, float] = {}  # row -> the most its shared features read so far can add
        seen: set[int] = {own}
        scored: set[int] = set()

        def floor() -> float:
            return top[0][0] if len(top) >= limit else 0.0

        text, orig = self.index._text, self.index._orig

        def bound(b: int) -> float:
            # At least related_score(a, b), from bounds of b's features (a few microseconds,
            # where its profile takes tens): the dot product of a with their most, over the
            # denominators with their least.
            got = low_bounds(orig[b], text[b])
            if got is None:
                return 100.0
            low, quoted = got
            if not low:
                return 0.0
            if quoted is None:
                get = low.get
                dot = math.fsum([w * get(k, 0.0) for k, w in a.weights.items()])
            else:  # feature_bounds' high, of a's keys only
                dot = math.fsum([w * (x * QUOTE_BOOST if may_quote(k, quoted) else x)
                                 for k, w in a.weights.items() if (x := low.get(k)) is not None])
            v = low.values()
            norm = math.sqrt(math.fsum(map(operator.mul, v, v)))
            return 100.0 * slack * dot / (adenom * (hd + SLOPE * norm))

        def score(b: int) -> None:
            # Scores b unless its bounds, then its cosine (the score without token_set_ratio's
            # share), show it cannot make the top.
            scored.add(b)
            full = len(top) >= limit
            if full and bound(b) < top[0][0]:
                return
            pb = self.profile(b)
            if full:
                wb = pb.weights
                dot = math.fsum([w * wb.get(k, 0.0) for k, w in a.weights.items()])
                if 100.0 * slack * dot / (adenom * pb.denom) < top[0][0]:
                    return
            s = relate(a, pb)
            if s > 0.0:
                entry = (s, -item_of[b])
                if len(top) < limit:
                    heapq.heappush(top, entry)
                elif entry > top[0]:
                    heapq.heapreplace(top, entry)

        # 1. Read the lists of a's features, weightiest first, until no statement not met yet
        #    can make the top; before a long list, score the likeliest rows so far (to know
        #    the bar).
        warmed = 0

        def warm() -> None:
            nonlocal warmed
            warmed = len(dots)
            for b in heapq.nlargest(2 * limit, dots, key=lambda r: dots[r] / denom[r]):
                if b not in scored:
                    score(b)

        j = 0
        while j < m:
            if len(top) >= limit and unseen(j) < floor():
                break
            c, negsize, k, _ = feats[j]
            if -negsize > _MATERIALISE // 10 and len(dots) > 2 * warmed:
                warm()
                if len(top) >= limit and unseen(j) < floor():
                    break
            for b in rel[k]:
                got = dots.get(b)
                if got is not None:
                    dots[b] = got + c
                elif b not in seen:
                    seen.add(b)
                    if allowed is None or allowed(item_of[b]):
                        dots[b] = c
            j += 1
        # 2. The rows met that may still make the top: add what the unread features give them
        #    (reading a list, or looking each row up in it when it is much longer).
        warm()
        cut = floor() * adenom / (100.0 * slack)
        live = {b: d for b, d in dots.items()
                if (d + rest[j]) / denom[b] >= cut and b not in scored}
        for c, _, k, _ in feats[j:]:
            rows = rel[k]
            if len(rows) <= 8 * len(live):
                get = live.get
                for b in rows:
                    got = get(b)
                    if got is not None:
                        live[b] = got + c
            else:
                for b in live:
                    i = bisect_left(rows, b)
                    if i < len(rows) and rows[i] == b:
                        live[b] += c
        # 3. Score them, best bound first, until the bound falls below the bar. A row's words
        #    weigh less than their most where no quotation of its holds them: its quotations
        #    looked at first spare reading its words (a short statement's common name, quoted
        #    somewhere in a novel, met a thousand statements that say it unquoted).
        quote_bound = self._quote_bound(feats, denom)
        cut = floor() * adenom / (100.0 * slack)
        for ub, b in sorted([(u, b) for b, d in live.items() if (u := d / denom[b]) >= cut],
                            reverse=True):
            bar = floor()
            if 100.0 * slack * min(ub / adenom, 1.0) < bar:
                break
            if quote_bound is not None:
                if 100.0 * slack * min(quote_bound(b, ub, quotations(orig[b])) / adenom,
                                       1.0) < bar:
                    continue
            score(b)
        return [Hit(-ni, s) for s, ni in sorted(top, reverse=True)]
