"""Changing a search index instead of building it again: items dropped and added cost their own rows
(the others are only renumbered, in C), and the index is the one a build over the new items makes."""

from __future__ import annotations

import math
import operator
import sys
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from itertools import chain, compress

from .fold import fold
from .index import SearchIndex, no_collection
from .related import (ACRONYMISH, CAPITALISED, MULTIPLIERS, PIVOT, SLOPE, UNPOSTED, cap_feature,
                      features_ex)
from .related_index import RelatedIndex


def changed(index: SearchIndex, keep: Sequence[int], added: Sequence[tuple[int, str]],
            related: bool = True) -> SearchIndex:
    """The index over the new items: item i of ``index`` is item ``keep[i]`` (-1: dropped; the
    items kept stay in their order), and each (item, text) of ``added`` is new; the new items are
    0..n-1, none missing. Its state is a build's over the new texts, field for field (rows,
    vocabulary, postings), so every search finds what a build would. ``index`` is not changed (a
    reader may still be using it); its related index, if made, is carried over (``_related``)
    unless ``related`` is false."""
    with no_collection():  # (tens of thousands of lists made, and no cycle among them)
        return _changed(index, keep, added, related)


def _changed(index: SearchIndex, keep: Sequence[int], added: Sequence[tuple[int, str]],
             related: bool) -> SearchIndex:
    old_text, old_orig = index._text, index._orig
    moved = list(map(keep.__getitem__, index._item_of))  # old row -> new item (-1: dropped)
    drops = moved.count(-1)
    n = len(added) + len(moved) - drops
    # By new item: the items kept, in their order, and the new ones put in among them.
    kept = list(map((-1).__ne__, keep))
    text = _among(list(compress(map(old_text.__getitem__, index._row_of), kept)),
                  [(i, fold(t)) for i, t in added])
    orig = _among(list(compress(map(old_orig.__getitem__, index._row_of), kept)), added)
    if _among(list(filter((-1).__ne__, keep)), [(i, i) for i, _ in added]) != list(range(n)):
        raise ValueError("the items kept and added do not make 0..n-1, in order")
    # Rows as a build orders them: by folded length, then item. The rows kept keep their order.
    order = sorted(range(n), key=list(map(len, text)).__getitem__)
    row_of = [0] * n
    for row, i in enumerate(order):
        row_of[i] = row
    # old row -> new row (-1: dropped)
    rows = [row_of[i] if i >= 0 else -1 for i in moved] if drops else list(
        map(row_of.__getitem__, moved))
    new_rows = sorted(row_of[i] for i, _ in added)
    new_text = list(map(text.__getitem__, order))
    new_orig = list(map(orig.__getitem__, order))
    del text, orig
    # The words of the new rows; the common words of the rows dropped (still in a row?).
    fresh: dict[str, list[int]] = {}
    common: set[str] = set()
    for row in new_rows:
        words = set(new_text[row].split())
        common |= words & UNPOSTED
        for w in words - UNPOSTED:
            fresh.setdefault(w, []).append(row)
    gone: set[str] = set()
    if drops:
        for r, i in enumerate(moved):
            if i < 0:
                gone |= UNPOSTED.intersection(old_text[r].split())
    big = "\n".join(new_text) + "\n"
    relate = index.relate if related else None
    lists = [p for w, p in zip(index._vocab, index._post) if w not in UNPOSTED]
    if relate is not None:
        lists += relate._rel.values()
    moving = _renumbered(lists, rows)
    vocab: list[str] = []
    post: list = []
    for w, p in zip(index._vocab, index._post):
        if w in UNPOSTED:  # only counted: kept while a row holds it
            if w in common or w not in gone or f" {w} " in big or f" {w}\n" in big:
                vocab.append(w)
                post.append(None)
                common.discard(w)
            continue
        got = moving[id(p)]
        more = fresh.pop(w, None)
        if more:
            got = array("i", sorted(chain(got, more)))
        if got:
            vocab.append(w)
            post.append(got)
    if fresh or common:  # words no row had before
        words = dict(zip(vocab, post))
        words.update((w, array("i", rs)) for w, rs in fresh.items())
        words.update((w, None) for w in common)
        vocab = sorted(words)
        post = [words[w] for w in vocab]
    out = SearchIndex.from_rows(order, new_text, new_orig, vocab, post, row_of=row_of, big=big,
                                same_vocab=index if vocab == index._vocab else None)
    if relate is not None:
        out.relate = _related(relate, out, rows, new_rows, moving)
    return out


def _among(kept: list[str], added: Sequence[tuple[int, str]]) -> list[str]:
    """The texts by new item: ``added`` (item, text) put in among ``kept`` (the others, in
    order)."""
    out: list[str] = []
    at = 0
    for i, t in sorted(added):
        take = i - len(out)
        if take < 0:
            raise ValueError(f"item {i} is added twice")
        out += kept[at:at + take]
        at += take
        out.append(t)
    out += kept[at:]
    return out


def _renumbered(lists: Sequence[array], rows: list[int]) -> dict[int, array]:
    """What each list of old rows (sorted) becomes, by the list's id: its new rows, sorted (a row
    dropped is -1 in ``rows``; a list the related index shares is renumbered once). Every list
    is renumbered at once, in C: one after the other in a pool, its rows moved by a few sums
    over the whole pool (_moved) or, when many rows moved apart, looked up one by one."""
    out: dict[int, array] = {}
    todo: list[tuple[int, int]] = []  # (id, length) in the pool's order
    pool = array("i")
    for p in lists:
        key = id(p)
        if key not in out:
            out[key] = p
            todo.append((key, len(p)))
            pool.extend(p)
    moved = _moved(pool, rows)
    if moved is None:
        moved = array("i", map(rows.__getitem__, pool))
    # The rows dropped (-1): only in the lists that held them.
    gone: list[int] = []
    if -1 in rows:
        raw = moved.tobytes()
        at = raw.find(_DROPPED)
        while at >= 0:
            if at % 4 == 0:
                gone.append(at // 4)
            at = raw.find(_DROPPED, at + 1)
    at = 0
    for key, size in todo:
        p = moved[at:at + size]
        if gone:
            k = bisect_left(gone, at)
            if k < len(gone) and gone[k] < at + size:
                p = array("i", filter((-1).__ne__, p))
        out[key] = p
        at += size
    return out


#: A row dropped, as it is in an array's bytes (-1: four 0xff).
_DROPPED = array("i", [-1]).tobytes()
#: At most this many places where rows start moving by another number (_moved).
_STEPS = 16


def _moved(pool: array, rows: list[int]) -> array | None:
    """``pool`` renumbered, each row r as ``rows[r]``, by sums over one number whose 32-bit lanes
    are the rows (no row reaches 2**30: no lane carries into the next): r + (rows[r] - r), the
    move a step function of r, summed step by step over the lanes at or past each step; a
    dropped row comes out as -1. None when there are too many steps, or no such lanes here."""
    n = len(rows)
    if sys.byteorder != "little" or pool.itemsize != 4 or n >= 1 << 29 or not pool:
        return None
    moves = list(map(operator.sub, rows, range(n)))
    steps = [0, *compress(range(1, n), map(operator.ne, moves[1:], moves[:-1]))]
    if len(steps) > _STEPS:
        return None
    size = 4 * len(pool)
    ones = int.from_bytes(b"\x01\x00\x00\x00" * len(pool), "little")
    lanes = int.from_bytes(pool.tobytes(), "little")
    bias = 1 << 30  # (every lane stays positive while steps down are summed)
    total = lanes + bias * ones + moves[0] * ones
    for k in steps[1:]:
        # Lanes at or past row k: their bit 31 set once 2**31 - k is added.
        past = ((lanes + ((1 << 31) - k) * ones) >> 31) & ones
        total += (moves[k] - moves[k - 1]) * past
    # Take the bias away (a lane of bias - 1, a dropped row, becomes 2**31 - 1) ...
    out = array("i", (total ^ (bias * ones)).to_bytes(size, "little"))
    if -1 in rows:  # ... and make it -1
        raw = out.tobytes().replace(b"\xff\xff\xff\x7f", _DROPPED)
        out = array("i", raw)
    return out


def _related(old: RelatedIndex, index: SearchIndex, rows: list[int], new_rows: list[int],
             moving: dict[int, array]) -> RelatedIndex | None:
    """``old`` for the changed index: the rows kept keep their bounds (still true: their words
    did not change), the new rows get exact ones (their features read), and a feature's most
    weight rises to what a new row gives it. Bounds only decide how soon related() stops
    reading, never what it returns: the results are a build's. None when ``old`` holds what
    this does not know how to carry over (then it is made anew when needed)."""
    if set(RelatedIndex.STATE) != _CARRIED or not all(hasattr(old, f) for f in _CARRIED):
        return None
    out = RelatedIndex.__new__(RelatedIndex)
    out.index = index
    out._profiles = {}
    n = len(index)
    denom = array("d", bytes(8 * n))
    special = bytearray(n)
    was, was_special = old._denom, old._special
    for r, nr in enumerate(rows):
        if nr >= 0:
            denom[nr] = was[r]
            special[nr] = was_special[r]
    hd = PIVOT * (1 - SLOPE)
    maxw = dict(old._maxw)
    named = set(old._named)
    adds: dict[str, list[int]] = {}
    for row in new_rows:
        orig, text = index._orig[row], index._text[row]
        feats, _ = features_ex(orig, text)
        v = feats.values()
        denom[row] = hd + SLOPE * math.sqrt(math.fsum(map(operator.mul, v, v)))
        for key, weight in feats.items():
            adds.setdefault(key, []).append(row)
            if weight > maxw.get(key, 0.0):
                maxw[key] = weight
        # (as RelatedIndex._prepare finds them, in this row alone)
        if not MULTIPLIERS.keys().isdisjoint(text.split()) or ACRONYMISH.search(orig):
            special[row] = 1
        named.update(key for key, w in map(cap_feature, set(CAPITALISED.findall(orig)))
                     if w > 0.0)
    rel: dict[str, array] = {}
    for key, p in old._rel.items():
        got = moving[id(p)]
        more = adds.pop(key, None)
        if more:
            got = array("i", sorted(chain(got, more)))
        if got:
            rel[key] = got
    rel.update((key, array("i", more)) for key, more in adds.items())
    out._denom = denom
    out._rel = rel
    out._maxw = {key: maxw[key] for key in rel}
    out._special = special
    out._named = frozenset(named)
    return out


#: The related index's fields _related knows how to carry over.
_CARRIED = {"_denom", "_rel", "_maxw", "_special", "_named"}
