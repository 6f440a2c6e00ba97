"""Is this word a reporting cue here? A small learned model over the word and its neighbours.

"said" is nearly always a cue; "shows", "called", "found", "asked" or a colon only sometimes ("A
poll shows…" is one, "the show" is not). The words that can be cues (the lexicon) and the weights
that decide are learned from news in which every attribution is annotated, by
``tools/train_attribution.py``; only what was learned is shipped (data/cues.json), not the text.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol, Sequence

from . import shipped
from .subjects import subject_of
from .words import REPORTING


class Tok(Protocol):
    """A token as the detector makes them (sources.Tok)."""

    text: str
    low: str
    cap: bool
    start: int
    end: int

_OPEN = frozenset("“\"‘(")
_CLOSE = frozenset("”\"’)")
_PRONOUNS = frozenset("he she they it we i you who which that".split())


def _shape(tok: Tok | None) -> str:
    return "none" if tok is None else _SHAPES[tok.text]


def _shape_of(t: str) -> str:
    if not t[0].isalnum():
        return t
    if t.isupper() and len(t) > 1:
        return "UP"
    if t[0].isupper():
        return "Cap"
    if t[0].isdigit():
        return "0"
    return "low"


class _Shapes(dict):
    """Each word's shape, once (a statement's words are looked at for several candidates): read
    as ``_SHAPES[word]`` where it is read most, with no call."""

    def __missing__(self, t: str) -> str:
        shape = self[t] = _shape_of(t) if len(self) < 100_000 else "low"
        return shape


_SHAPES = _Shapes()


def _char_before(text: str, pos: int) -> str:
    """The last character before ``pos`` that is not white space ("" at the start): looked at
    where it is, never by copying the text before it (a statement may be a megabyte long)."""
    pos -= 1
    while pos >= 0 and text[pos].isspace():
        pos -= 1
    return text[pos] if pos >= 0 else ""


def _char_after(text: str, pos: int) -> str:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return text[pos] if pos < len(text) else ""


def _around(toks: Sequence[Tok], i: int) -> tuple:
    """The two tokens before token ``i`` and the two after (None past an edge)."""
    n = len(toks)
    return (toks[i - 1] if i > 0 else None, toks[i - 2] if i > 1 else None,
            toks[i + 1] if i + 1 < n else None, toks[i + 2] if i + 2 < n else None)


def features(toks: Sequence[Tok], i: int, quoted: bool, text: str) -> list[str]:
    """The features of token ``i`` as a cue: itself, two words either side and their shapes, where
    it stands in the statement, quotation marks and punctuation around it."""
    tok = toks[i]
    w = tok.low
    n = len(toks)
    p1, p2, n1, n2 = _around(toks, i)
    pw = p1.low if p1 else "<s>"
    p2w = p2.low if p2 else "<s>"
    nw = n1.low if n1 else "</s>"
    n2w = n2.low if n2 else "</s>"
    before = _char_before(text, tok.start)
    after = _char_after(text, tok.end)
    out = [
        "b", "w=" + w, "p=" + pw, "pp=" + p2w, "n=" + nw, "nn=" + n2w,
        "ps=" + _shape(p1), "ns=" + _shape(n1), "p2s=" + _shape(p2),
        "w,n=" + w + " " + nw, "p,w=" + pw + " " + w, "pp,p=" + p2w + " " + pw,
        "w,ns=" + w + " " + _shape(n1), "ps,w=" + _shape(p1) + " " + w,
        "pos=" + ("first" if i == 0 else "last" if i == n - 1 else str(min(3, 4 * i // n))),
        "before=" + (before if before and not before.isalnum() else "a"),
        "after=" + (after if after and not after.isalnum() else "a"),
        "q=" + str(quoted),
        "w,q=" + w + " " + str(quoted),
        "sfx=" + w[-3:],
    ]
    if p1 is not None and p1.low in _PRONOUNS:
        out.append("ppron")
    if before in _CLOSE or before == ",":
        out.append("w,after_close=" + w)
    if after in _OPEN or after == ":":
        out.append("w,before_open=" + w)
    if w == ":":
        out.append(":first=" + ",".join(_shape(t) for t in toks[:i][:4]))
        out.append(":span=" + str(min(i, 8)))
    return out


class _Table(dict):
    """A key's value worked out once, when first asked for (``make(key)``): a bounded table."""

    __slots__ = ("make",)

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self.make(key)
        if len(self) < 200_000:  # the words of a language repeat
            self[key] = value
        return value


class CueModel:
    """The lexicon of words that can be cues and the weights deciding when they are."""

    __slots__ = ("lexicon", "weights", "threshold", "words", "around", "pairs", "shapes", "marks",
                 "places", "with_reporting")

    def __init__(self, data: dict) -> None:
        self.lexicon = frozenset(data["lexicon"])
        #: the words weighed as cues: the lexicon and the rules' reporting verbs
        self.with_reporting = self.lexicon | REPORTING
        self.weights: dict[str, float] = data["weights"]
        self.threshold: float = data["threshold"]
        self.words: dict[tuple[str, bool], float] = {}
        get = self.weights.get
        # The weights of score's features, each looked up once by its parts: no feature's
        # string is made for every word weighed (a long book weighs some 40,000).
        #: a word -> its weights as the word before the cue, two before, after, two after
        self.around = _Table(lambda w: (get("p=" + w, 0.0), get("pp=" + w, 0.0),
                                        get("n=" + w, 0.0), get("nn=" + w, 0.0)))
        #: (feature, word, word) -> the weight of a feature of two words ("w,n=said he")
        self.pairs = _Table(lambda k: get(k[0] + k[1] + " " + k[2], 0.0))
        #: a shape -> its weights as the word before the cue, after it, two before
        self.shapes = _Table(lambda s: (get("ps=" + s, 0.0), get("ns=" + s, 0.0),
                                        get("p2s=" + s, 0.0)))
        #: the character before or after the cue -> its weights (before, after)
        self.marks = _Table(lambda c: (get("before=" + (c if c and not c.isalnum() else "a"), 0.0),
                                       get("after=" + (c if c and not c.isalnum() else "a"), 0.0)))
        #: where the cue stands ("first", "last", or its quarter of the statement) -> its weight
        self.places = _Table(lambda p: get("pos=" + p, 0.0))

    def score(self, toks: Sequence[Tok], i: int, quoted: bool, text: str) -> float:
        """The sum of the weights of ``features`` (the same, in the same order), what depends
        on the word alone looked up once per word, and every other weight once per word, pair of
        words or mark (see __init__)."""
        get = self.weights.get
        tok = toks[i]
        w = tok.low
        own = self.words.get((w, quoted))
        if own is None:
            q = str(quoted)
            own = (get("b", 0.0) + get("w=" + w, 0.0) + get("q=" + q, 0.0) + get("w,q=" + w + " " + q, 0.0)
                   + get("sfx=" + w[-3:], 0.0))
            if len(self.words) < 100_000:
                self.words[(w, quoted)] = own
        n = len(toks)
        p1, p2, n1, n2 = _around(toks, i)
        pw = p1.low if p1 else "<s>"
        p2w = p2.low if p2 else "<s>"
        nw = n1.low if n1 else "</s>"
        ps = "none" if p1 is None else _SHAPES[p1.text]
        ns = "none" if n1 is None else _SHAPES[n1.text]
        before = _char_before(text, tok.start)
        after = _char_after(text, tok.end)
        around, pairs, shapes = self.around, self.pairs, self.shapes
        place = "first" if i == 0 else "last" if i == n - 1 else str(min(3, 4 * i // n))
        total = (own + around[pw][0] + around[p2w][1] + around[nw][2]
                 + around[n2.low if n2 else "</s>"][3] + shapes[ps][0]
                 + shapes[ns][1] + shapes["none" if p2 is None else _SHAPES[p2.text]][2]
                 + pairs["w,n=", w, nw]
                 + pairs["p,w=", pw, w] + pairs["pp,p=", p2w, pw]
                 + pairs["w,ns=", w, ns] + pairs["ps,w=", ps, w]
                 + self.places[place]
                 + self.marks[before][0]
                 + self.marks[after][1])
        if p1 is not None and p1.low in _PRONOUNS:
            total += get("ppron", 0.0)
        if before in _CLOSE or before == ",":
            total += get("w,after_close=" + w, 0.0)
        if after in _OPEN or after == ":":
            total += get("w,before_open=" + w, 0.0)
        if w == ":":
            total += get(":first=" + ",".join(_shape(t) for t in toks[:i][:4]), 0.0)
            total += get(":span=" + str(min(i, 8)), 0.0)
        return total

    def is_cue(self, toks: Sequence[Tok], i: int, quoted: bool, text: str) -> bool:
        return self.score(toks, i, quoted, text) > self.threshold


def _shipped(name: str):
    """A learned model's data as shipped in the package (data/NAME)."""
    return shipped.load(name.removesuffix(".json"))


@cache
def model() -> CueModel:
    return CueModel(_shipped("cues.json"))


_HEAD_STOP = frozenset(", ( ) — – - : ; “ ” \"".split())


def _dist(d: int) -> str:
    return str(d) if d <= 3 else "4-5" if d <= 5 else "6-9" if d <= 9 else "10+"


def source_features(toks: Sequence[Tok], j: int, k: int,
                    rule: tuple[int, int] | None = None) -> list[str]:
    """The features of token ``j`` as the head of the source of the cue at ``k``: the word, its
    shape and neighbours, which side of the cue and how far, what lies between them, and where
    it stands in the subject the rules read back from the cue (``rule``: subjects.subject_of)."""
    tok, cue = toks[j], toks[k]
    w = tok.low
    side = "L" if j < k else "R"
    d = _dist(abs(j - k))
    lo, hi = (j + 1, k) if j < k else (k + 1, j)
    between = toks[lo:hi]
    punct = "".join(sorted({t.text for t in between if t.text in _HEAD_STOP})) or "_"
    n1 = toks[j + 1] if j + 1 < len(toks) else None
    p1 = toks[j - 1] if j > 0 else None
    return [
        "b", "w=" + w, "s=" + _shape(tok), "side,d=" + side + d, "side,d,s=" + side + d + _shape(tok),
        "cue,side=" + cue.low + side, "cue,side,d=" + cue.low + side + d,
        "punct,side=" + punct + side, "n=" + (n1.low if n1 else "</s>"),
        "ns=" + _shape(n1), "p=" + (p1.low if p1 else "<s>"), "ps=" + _shape(p1),
        "w,side=" + w + side, "first" if j == 0 else "notfirst",
        "next_is_cue" if j + 1 == k else "next_not_cue",
        "between_that" if any(t.low == "that" for t in between) else "no_that",
        "ns,side=" + _shape(n1) + side,
        "rule=none" if rule is None else "rule=head" if j == rule[1] else
        "rule=in" if rule[0] <= j < rule[1] else "rule=out",
    ]


NONE_FEATURES = ("none",)
_DIST = [_dist(d) for d in range(64)]


class SourceModel:
    """Which token heads the source of a cue (or none in the statement): a learned ranking."""

    __slots__ = ("weights", "cache", "words", "shapes")

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        self.cache: dict[tuple[str, str], float] = {}
        self.words: dict[str, tuple[float, float, float, float]] = {}
        get = weights.get
        #: a shape -> its weights as the head, the word after it, the word before it, and the
        #: word after it on the left of the cue and on the right (shapes are few)
        self.shapes = _Table(lambda s: (get("s=" + s, 0.0), get("ns=" + s, 0.0),
                                        get("ps=" + s, 0.0), get("ns,side=" + s + "L", 0.0),
                                        get("ns,side=" + s + "R", 0.0)))

    def head(self, toks: Sequence[Tok], k: int, window: int = 10,
             memo: dict[int, tuple[float, float]] | None = None,
             rule: tuple[int, int] | None | bool = False) -> int | None:
        """The token heading the source of the cue at ``k``, or None. Scores the features of
        ``source_features`` (the same strings): what a token is (its word, shape, neighbours) is
        weighed once per statement and side (``memo``, kept by the caller across the statement's
        cues), what it is to this cue (side, distance, what lies between) for each cue, gathered
        walking out from the cue so that what lies between is read once, not for every token."""
        get = self.weights.get
        if rule is False:  # not given: read here
            rule = subject_of(toks, k)
        cl = toks[k].low
        best, best_j = sum(get(f + "|" + cl, 0.0) + get(f, 0.0) for f in NONE_FEATURES), None
        n = len(toks)
        if memo is None:
            memo = {}
        # The weights that do not depend on the token weighed, looked up once for the cue.
        next_is, next_not = get("next_is_cue", 0.0), get("next_not_cue", 0.0)
        r_none, r_head = get("rule=none", 0.0), get("rule=head", 0.0)
        r_in, r_out = get("rule=in", 0.0), get("rule=out", 0.0)
        side_shapes = self.cache
        for side, span in (("L", range(k - 1, max(0, k - window) - 1, -1)),
                           ("R", range(k + 1, min(n, k + window + 1)))):
            right = side == "R"
            cue_side = get("cue,side=" + cl + side, 0.0)
            stops: set[str] = set()
            punct = get("punct,side=_" + side, 0.0)
            that = get("no_that", 0.0)
            by_dist: dict[str, float] = {}
            for j in span:
                tok = toks[j]
                if tok.text[0].isalnum():
                    own = memo.get(j)
                    if own is None:
                        own = memo[j] = self._own(toks, j)
                    sd = side + _DIST[abs(j - k)]
                    near = by_dist.get(sd)
                    if near is None:
                        near = by_dist[sd] = get("side,d=" + sd, 0.0) + get("cue,side,d=" + cl + sd, 0.0)
                    shape = _SHAPES[tok.text]
                    side_shape = side_shapes.get((sd, shape))
                    if side_shape is None:
                        side_shape = self._side_shape(sd, shape)
                    score = (own[right] + cue_side + punct + that + near + side_shape
                             + (next_is if j + 1 == k else next_not)
                             + (r_none if rule is None else r_head if j == rule[1] else
                                r_in if rule[0] <= j < rule[1] else r_out))
                    # As source_features read left to right would: on a tie, the first token.
                    if score > best + 1e-9 or (score > best - 1e-9 and best_j is not None
                                               and j < best_j):
                        best, best_j = score, j
                # What lies between the cue and the next token out on this side.
                if tok.text in _HEAD_STOP and tok.text not in stops:
                    stops.add(tok.text)
                    punct = get("punct,side=" + "".join(sorted(stops)) + side, 0.0)
                if tok.low == "that":
                    that = get("between_that", 0.0)
        return best_j

    def _side_shape(self, sd: str, shape: str) -> float:
        key = (sd, shape)
        w = self.cache.get(key)
        if w is None:
            # A word token's shape is one of four (UP, Cap, 0, low): a small table.
            w = self.cache[key] = self.weights.get("side,d,s=" + sd + shape, 0.0)
        return w

    def _own(self, toks: Sequence[Tok], j: int) -> tuple[float, float]:
        """The weight of what token ``j`` is, whatever the cue: (as left of a cue, as right)."""
        get = self.weights.get
        tok = toks[j]
        n1 = toks[j + 1] if j + 1 < len(toks) else None
        p1 = toks[j - 1] if j > 0 else None
        shapes = self.shapes
        ns = shapes["none" if n1 is None else _SHAPES[n1.text]]
        wl, wr, _, _ = self._word(tok.low)
        own = (shapes[_SHAPES[tok.text]][0] + (self._word(n1.low)[2] if n1 else get("n=</s>", 0.0))
               + ns[1] + (self._word(p1.low)[3] if p1 else get("p=<s>", 0.0))
               + shapes["none" if p1 is None else _SHAPES[p1.text]][2]
               + get("first" if j == 0 else "notfirst", 0.0))
        return (own + wl + ns[3], own + wr + ns[4])

    def _word(self, w: str) -> tuple[float, float, float, float]:
        """A word's weights, looked up once: as the head (left of the cue, right of it; with the
        bias), as the word after a head, as the word before it."""
        got = self.words.get(w)
        if got is None:
            get = self.weights.get
            base = get("b", 0.0) + get("w=" + w, 0.0)
            got = (base + get("w,side=" + w + "L", 0.0), base + get("w,side=" + w + "R", 0.0),
                   get("n=" + w, 0.0), get("p=" + w, 0.0))
            if len(self.words) < 200_000:  # a bounded table: the words of news repeat
                self.words[w] = got
        return got


@cache
def source_model() -> SourceModel:
    return SourceModel(_shipped("sources.json"))
