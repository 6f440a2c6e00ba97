"""Check-worthiness of one English sentence: a small logistic model over words, pure stdlib."""

from __future__ import annotations

import math
import re

from . import shipped

__all__ = ["score", "explain", "logit", "contributions", "load_model", "tokens", "features",
           "WORD_CLASSES"]

# --- Features (shared with train_checkworthy, which must produce the same ones) ---------------

# A capitalised word (and the capitalised words that follow it) in the middle of a sentence:
# a name, a place, an organisation. Collapsed to one token so that the model learns "a sentence
# that names someone" instead of the names of 1960-2016 debaters.
# Months and weekdays stay words ("May" is left a name: lower-cased it would read as a hedge).
_NE = re.compile(
    r"(?=[A-Z])(?<=[\w,;)] )(?!(?:January|February|March|April|June|July|August|September|October|"
    r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
    r"[A-Z][a-z][\w'.-]*(?: (?:of |the |de )?[A-Z][\w'.-]*)*"
)
NE_TOKEN = "_ne"
NUM_TOKEN = "0"  # every number (3, 3.5, 1,000, 2024) becomes this token
_NUM = re.compile(r"\d(?:[\d,.]*\d)?")
_TOK = re.compile(r"_ne|[a-z](?:\.[a-z])+|[a-z0-9]+(?:'[a-z]+)?|[$%?]")  # u.s: one token
_START, _END = "<s>", "</s>"

# Word classes: each word also fires its class, so rare members share what common ones learnt.
# Folded into the word weights at export time; also used to group explain()'s reasons.
WORD_CLASSES = {
    "_numword": (
        "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
        "forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million "
        "millions billion billions trillion trillions half twice double doubled triple tripled "
        "quadrupled dozen dozens percent percentage zero none single"
    ),
    "_hedge": (
        "could may might reportedly likely unlikely perhaps possibly allegedly probably maybe "
        "seems seem appears appear suggest suggests suggested potential potentially"
    ),
    "_opinion": "think believe feel hope wish guess suppose",
    "_superlative": (
        "most least best worst highest lowest largest biggest smallest greatest fastest "
        "longest record"
    ),
    "_comparative": "more less fewer higher lower larger bigger smaller greater faster than",
    "_date": (
        "january february march april june july august september october november december "
        "monday tuesday wednesday thursday friday saturday sunday yesterday today"
    ),
}
_FIGURE_TOKENS = frozenset(WORD_CLASSES["_numword"].split()) | {NUM_TOKEN, "$", "%"}


def _class_of(classes: dict[str, str]) -> dict[str, str]:
    return {w: name for name, words in classes.items() for w in words.split()}


_CLASS_OF = _class_of(WORD_CLASSES)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; numbers become ``0``, mid-sentence names ``_ne``."""
    t = _NE.sub(" _ne ", text).lower().replace("\u2019", "'")
    return _TOK.findall(_NUM.sub(" 0 ", t))


def features(text: str, suffix: int = 3, length_step: int = 5, length_max: int = 8,
             classes: dict[str, str] | None = None) -> list[str]:
    """Every feature of ``text`` (repeated once per occurrence), as the trainer counts them.

    Unigrams ``tok``, bigrams ``a b`` (with ``<s>``/``</s>`` at the ends), suffixes ``~ent`` of
    words longer than ``suffix + 2``, word classes ``_hedge`` and one length bucket ``#len3``.
    """
    cls = _CLASS_OF if classes is None else _class_of(classes)
    toks = tokens(text)
    out = []
    prev = _START
    for t in toks:
        out.append(t)
        out.append(prev + " " + t)
        if len(t) > suffix + 2:
            out.append("~" + t[-suffix:])
        c = cls.get(t)
        if c:
            out.append(c)
        prev = t
    out.append(prev + " " + _END)
    out.append("#len%d" % min(len(toks) // length_step, length_max))
    return out


# --- The packaged model ------------------------------------------------------------------------

_MODEL = None


class _Model:
    __slots__ = ("bias", "lengths", "step", "unigrams", "bigrams", "suffixes", "suffix", "meta",
                 "tokens", "after", "indexed", "explained")

    def __init__(self, data: dict):
        cfg = data["meta"]["features"]
        self.meta = data["meta"]
        self.bias = float(data["bias"])
        self.lengths = [float(x) for x in data["lengths"]]
        self.step = int(cfg["length_step"])
        self.suffix = int(cfg["suffix"])
        self.unigrams = _floats(data["unigrams"])
        self.bigrams = _floats(data["bigrams"])
        self.suffixes = _floats(data["suffixes"])
        self.tokens = _Tokens(self)
        #: The bigrams by their first word, "a" -> {"b": weight of "a b"} (one look-up a token,
        #: no "a b" string made for it), once explain() has read AFTER_FROM statements: a
        #: short article would wait longer for it than it saves.
        self.after: dict[str, dict[str, float]] | None = None
        self.indexed: _Tokens | None = None  # as tokens, with the bigrams each token begins
        self.explained = 0

    def index_bigrams(self) -> None:
        """Make ``after``, and ``indexed`` on it (before it: a thread that sees ``after`` finds
        ``indexed``)."""
        after: dict[str, dict[str, float]] = {}
        for key, w in self.bigrams.items():
            first, _, second = key.partition(" ")
            after.setdefault(first, {})[second] = w
        self.indexed = _Tokens(self, after)
        self.after = after


#: explain() indexes the bigrams by their first word after this many statements.
AFTER_FROM = 1_000


_NOTHING_AFTER: dict[str, float] = {}


class _Tokens(dict):
    """Token -> what the model makes of it, whatever its neighbours: (its weight (unigram, else
    suffix), does it count as wording when it pushes the score up, is it a figure or a name, is
    it a common word, the weights of the bigrams it begins in ``after`` (see _Model.after; none
    without it)). Each worked out when explain() first meets the token (a long book holds some
    27,000 distinct ones), not at load time."""

    __slots__ = ("model", "after")

    def __init__(self, model: _Model, after: dict[str, dict[str, float]] | None = None) -> None:
        super().__init__()
        self.model = model
        self.after = after

    def __missing__(self, t: str) -> tuple[float, bool, bool, bool, dict[str, float]]:
        m = self.model
        w = m.unigrams.get(t)
        if w is None:
            w = m.suffixes.get(t[-m.suffix:], 0.0) if len(t) > m.suffix + 2 else 0.0
        figure_or_name = t in _FIGURE_TOKENS or t == NE_TOKEN
        plain = t in _PLAIN_EDGES
        got = (w, w > 0 and not figure_or_name and not plain, figure_or_name, plain,
               _NOTHING_AFTER if self.after is None else self.after.get(t, _NOTHING_AFTER))
        if len(self) < 200_000:  # a bounded table: the words of a language repeat
            self[t] = got
        return got


def _floats(weights: dict) -> dict[str, float]:
    """A copy of ``weights`` with float values (the same floats: JSON's are floats already)."""
    return dict(zip(weights, map(float, weights.values())))


def load_model(data: dict | None = None) -> _Model:
    """The packaged model (loaded once), or a model built from ``data`` (the JSON's content)."""
    global _MODEL
    if data is not None:
        return _Model(data)
    if _MODEL is None:
        _MODEL = _Model(shipped.load("checkworthy"))
    return _MODEL


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def logit(text: str, model: _Model | None = None) -> float:
    """The model's log-odds for ``text`` (0 is the decision threshold)."""
    m = model or _MODEL or load_model()
    toks = _TOK.findall(_NUM.sub(" 0 ", _NE.sub(" _ne ", text).lower().replace("\u2019", "'")))
    lengths = m.lengths
    n = len(toks) // m.step
    z = m.bias + (lengths[n] if n < len(lengths) else lengths[-1])
    uget = m.unigrams.get
    bget = m.bigrams.get
    sget = m.suffixes.get
    k = m.suffix
    k2 = k + 2
    prev = "<s> "
    for t in toks:
        w = uget(t)
        if w is None:
            w = sget(t[-k:], 0.0) if len(t) > k2 else 0.0
        z += w + bget(prev + t, 0.0)
        prev = t + " "
    return z + bget(prev + "</s>", 0.0)


def score(text: str) -> float:
    """Probability in [0, 1] that ``text`` is a check-worthy factual claim (>= 0.5: it is)."""
    return _sigmoid(logit(text))


# --- Reasons -----------------------------------------------------------------------------------

_FIGURE = re.compile(
    r"(?:[$€£]\s?)?\d(?:[\d,.]*\d)?(?:\s?(?:%|percent\b|per cent\b|(?:million|billion|trillion|"
    r"thousand|hundred)\b))?",
    re.I,
)
_WORD_FIGURE = re.compile(
    r"\b(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|a|several|many)[ -])?(?:hundreds?|thousands?|"
    r"millions?|billions?|trillions?|dozens?|half|twice|double[ds]?|tripled?|quadrupled|"
    r"percent(?:age)?)\b",
    re.I,
)


def _surface_figures(text: str) -> list[str]:
    found = [(m.start(), m.group().strip()) for m in _FIGURE.finditer(text)]
    spans = [(s, s + len(g)) for s, g in found]
    for m in _WORD_FIGURE.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            found.append((m.start(), m.group()))
    return [g for _, g in sorted(found)]


# Words too common to be a reason on their own.
_PLAIN = frozenset(
    "a an the of to in on at by for from with as and or but if so that this these those it its is "
    "are was were be been being am has have had do does did i me my we us our you your he him his "
    "she her they them their there here not no s 's".split()
)
_PLAIN_EDGES = _PLAIN | {_START, _END}
_MIN_REASON = 0.1  # log-odds: a smaller push is not worth a reason


def _readable(key: str) -> str:
    words = [w for w in key.split(" ") if w not in (_START, _END)]
    return " ".join("(name)" if w == NE_TOKEN else "(number)" if w == NUM_TOKEN
                    else w.upper() + "." if "." in w else w for w in words)


def contributions(text: str, model: _Model | None = None) -> list[tuple[str, float]]:
    """The model's terms for ``text``: (feature, weight), one per occurrence, bias excluded."""
    m = model or load_model()
    toks = tokens(text)
    n = min(len(toks) // m.step, len(m.lengths) - 1)
    out = [("#len%d" % n, m.lengths[n])]
    prev = _START
    k = m.suffix
    for t in toks:
        w = m.unigrams.get(t)
        if w is None:
            w = m.suffixes.get(t[-k:], 0.0) if len(t) > k + 2 else 0.0
        out.append((t, w))
        bg = prev + " " + t
        out.append((bg, m.bigrams.get(bg, 0.0)))
        prev = t
    bg = prev + " " + _END
    out.append((bg, m.bigrams.get(bg, 0.0)))
    return out


def explain(text: str, limit: int = 3, wording_only: bool = False) -> tuple[float, list[str]]:
    """``score(text)`` and up to ``limit`` short reasons: what pushed the score up most.

    Reasons group the model's terms: ``figure: 3.5 percent`` (numbers, money, number words),
    ``names: ...`` (capitalised names mid-sentence), ``wording: 'grew'`` (a word or two-word
    phrase) and ``length: 31 words``; only groups that raised the score by 0.1 log-odds or more.
    ``wording_only`` leaves out the figure, names and length groups (for a caller that names
    figures and sources itself).
    """
    m = _MODEL or load_model()
    # The same arithmetic, in the same order, as logit(): the score is bit-for-bit score(text).
    toks = _TOK.findall(_NUM.sub(" 0 ", _NE.sub(" _ne ", text).lower().replace("\u2019", "'")))
    lengths = m.lengths
    n = len(toks) // m.step
    lw = lengths[n] if n < len(lengths) else lengths[-1]
    z = m.bias + lw
    uget = m.unigrams.get
    bget = m.bigrams.get
    sget = m.suffixes.get
    k = m.suffix
    k2 = k + 2
    figs, plain, ne = _FIGURE_TOKENS, _PLAIN_EDGES, NE_TOKEN
    wording: dict[str, float] = {}
    figure = name = 0.0
    prev = _START
    if wording_only and m.after is None:
        # As below, the bigrams looked up by their strings ("a b"), until enough statements
        # were read to index them (AFTER_FROM).
        m.explained += 1
        if m.explained >= AFTER_FROM:
            m.index_bigrams()
        info = m.tokens
        prev_fn, prev_plain = False, True
        for t in toks:
            w, wordy, fn, pl, _ = info[t]
            if wordy:
                wording[t] = wording.get(t, 0.0) + w
            key = prev + " " + t
            bw = bget(key, 0.0)
            z += w + bw
            if bw > 0 and not (prev_fn or fn) and not (prev_plain and pl):
                wording[key] = wording.get(key, 0.0) + bw
            prev, prev_fn, prev_plain = t, fn, pl
        key = prev + " " + _END
        bw = bget(key, 0.0)
        z += bw
        if bw > 0 and not prev_fn and not prev_plain:
            wording[key] = wording.get(key, 0.0) + bw
    elif wording_only:
        # The same sums as below, in the same order; what each token is looked up once per
        # model (m.indexed), and a bigram's weight among those its first word begins (m.after).
        info = m.indexed
        # (prev: a figure or a name?, a common word?, the bigrams it begins); "<s>" is common.
        prev_fn, prev_plain, prev_after = False, True, m.after.get(_START, _NOTHING_AFTER)
        for t in toks:
            w, wordy, fn, pl, after = info[t]
            if wordy:
                wording[t] = wording.get(t, 0.0) + w
            bw = prev_after.get(t, 0.0)
            z += w + bw
            if bw > 0 and not (prev_fn or fn) and not (prev_plain and pl):
                key = prev + " " + t
                wording[key] = wording.get(key, 0.0) + bw
            prev, prev_fn, prev_plain, prev_after = t, fn, pl, after
        bw = prev_after.get(_END, 0.0)
        z += bw
        if bw > 0 and not prev_fn and not prev_plain:  # ("</s>" is common)
            key = prev + " " + _END
            wording[key] = wording.get(key, 0.0) + bw
    for t in () if wording_only else toks + [None]:
        if t is None:
            key = prev + " " + _END
            bw = bget(key, 0.0)
            z += bw
            w = 0.0
        else:
            w = uget(t)
            if w is None:
                w = sget(t[-k:], 0.0) if len(t) > k2 else 0.0
            key = prev + " " + t
            bw = bget(key, 0.0)
            z += w + bw
            if w:
                if t in figs:
                    figure += w
                elif t == ne:
                    name += w
                elif t not in plain:
                    wording[t] = wording.get(t, 0.0) + w
        if bw:
            if prev in figs or t in figs:
                figure += bw
            elif prev == ne or t == ne:
                name += bw
            elif prev not in plain or (t is not None and t not in plain):
                wording[key] = wording.get(key, 0.0) + bw
        prev = t
    if limit <= 0:
        return _sigmoid(z), []
    found: list[tuple[float, str, str]] = []  # (push, kind, what)
    if wording_only:
        figure = name = lw = 0.0
    if figure >= _MIN_REASON:
        shown = _surface_figures(text)
        if shown:
            found.append((figure, "figure", ", ".join(shown[:2])))
    if name >= _MIN_REASON:
        shown = list(dict.fromkeys(g.strip(" .,") for g in _NE.findall(text)))
        if shown:
            found.append((name, "names", ", ".join(shown[:2])))
    if lw >= _MIN_REASON:
        found.append((lw, "length", "%d words" % len(toks)))
    found.extend((w, "wording", key) for key, w in wording.items() if w >= _MIN_REASON)
    found.sort(key=lambda item: -item[0])  # stable: ties keep the order of the sentence
    reasons: list[str] = []
    said: list[set[str]] = []
    for _, kind, what in found:
        if len(reasons) >= limit:
            break
        if kind == "wording":
            words = [w for w in what.split(" ") if w not in (_START, _END)]
            # 'voted' adds nothing next to 'voted against' (and the other way round)
            if any(set(words) <= other or other <= set(words) for other in said):
                continue
            said.append(set(words))
            what = "'%s'" % _readable(" ".join(words))
        reasons.append("%s: %s" % (kind, what))
    return _sigmoid(z), reasons
