"""Statements that say the same thing: weighted content features (stems, names, numbers), a
pivoted cosine, and rapidfuzz's token_set_ratio."""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass
from importlib import resources

from rapidfuzz import fuzz

from .fold import fold

# Common English stems by how many sentences hold them (most common first): counted once over
# the 22,500 sentences of the CLEF CheckThat! 2024 English set (U.S. political debates) and
# 17,000 sentences of three 19th-century novels, each corpus weighing half, lowercase words
# only (so no names), stemmed by _stem. A stem's rank stands in for its document frequency: the
# first _STOP_RANK are stop words (weight 0), then the weight grows with log(rank) to 1 at the
# end of the list; stems not in it weigh 1.
_COMMON = [w for line in resources.files("tui.core.search").joinpath("data", "common_stems.txt")
           .read_text("utf-8").splitlines() if not line.startswith("#") for w in line.split()]
_RANK = {w: i for i, w in enumerate(_COMMON)}
_STOP_RANK = 100
_MIN_WEIGHT = 0.15
NAME_BOOST = 1.25  # a capitalised word that is not a statement's first, or an acronym
_NUMBER_BOOST = 1.5  # a number of two or more significant digits (one digit: half of it)
QUOTE_BOOST = 1.25  # a word inside quotation marks
_SET_RATIO_SHARE = 0.2  # how much rapidfuzz token_set_ratio of the content words can take off
#: The denominator of the cosine is pivoted (Singhal et al.): norm x counts as 1.5 + 0.5 x, so a
#: short statement sharing one name with another does not look alike, and a longer restatement
#: is not punished for its extra words as much as by a plain cosine.
PIVOT = 3.0
SLOPE = 0.5
#: Titles before a name: capitalised, yet no name.
_TITLES = frozenset("mr mrs ms mx messrs mme mlle dr drs prof jr sr st".split())

_NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
    "hundred": "100",
}
MULTIPLIERS = {"thousand": 3, "million": 6, "mn": 6, "billion": 9, "bn": 9, "trillion": 12}
_NO_STEM = frozenset("news series species always perhaps thus has was is us his its this".split())
_NUMBER = re.compile(r"[0-9.]+")
#: Capitalised tokens of the original text (names, acronyms such as NATO or U.S.).
CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.]*")
#: Where features may find an acronym (a superset): a capital and a dot and a letter, or a
#: short run of capitals.
ACRONYMISH = re.compile(r"[A-ZÀ-ÖØ-Þ](?:[\w'’.]*\.[\w'’]|[^\W\d_a-zß-öø-ÿ])")
QUOTED = re.compile(r"[\"“«]([^\"“”«»\n]{1,500})[\"”»]")
_OPENING = " \t\"'“‘«([-—–*•"


def base_weight(stem: str) -> float:
    """The weight of a word feature (a stem) before any boost."""
    if stem in _TITLES:
        return 0.0
    r = _RANK.get(stem)
    if r is None:
        return 1.0
    if r < _STOP_RANK:
        return 0.0
    return _MIN_WEIGHT + (1 - _MIN_WEIGHT) * math.log(r / _STOP_RANK) / math.log(
        len(_COMMON) / _STOP_RANK
    )


def _stem(w: str) -> str:
    """A light suffix stripper (plurals, -ly, -ing, -ed, -ation, final e); same on both sides."""
    n = len(w)
    if n <= 3 or w in _NO_STEM:
        return w
    if w.endswith("ies") and n > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "xes", "zes", "ches", "shes")):
        w = w[:-2]
    elif w[-1] == "s" and w[-2] not in "su" and not w.endswith("is"):
        w = w[:-1]
    if w.endswith("ly") and len(w) > 5:
        w = w[:-2]
    if w.endswith("ation") and len(w) > 7:
        w = w[:-3]
    elif w.endswith("ing") and len(w) > 5:
        w = w[:-3]
        if w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
        if w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def _number_key(folded: str) -> str:
    """ "#3500" for a folded number ("3500", "3500.00", "03500")."""
    whole, _, frac = folded.partition(".")
    whole = whole.lstrip("0") or "0"
    frac = frac.replace(".", "").rstrip("0")
    return "#" + whole + ("." + frac if frac else "")


def number_weight(key: str) -> float:
    sig = key[1:].replace(".", "").strip("0")
    return _NUMBER_BOOST * (0.5 if len(sig) <= 1 else 1.0)


def _scale(key: str, power: int) -> str:
    """ "#3.5" x 10**6 -> "#3500000"."""
    whole, _, frac = key[1:].partition(".")
    frac += "0" * power
    whole = (whole + frac[:power]).lstrip("0") or "0"
    frac = frac[power:].rstrip("0")
    return "#" + whole + ("." + frac if frac else "")


# folded word -> (feature key, weight); ("", 0.0) for a stop word. Bounded: cleared when full.
_WORDS: dict[str, tuple[str, float]] = {}
# capitalised token -> the (key, weight) of the name it is, (key, -1.0) for an acronym
_CAPS: dict[str, tuple[str, float]] = {}
_CACHE_MAX = 500_000
#: Words whose rows the index only counts (see SearchIndex.posting): in English text they are
#: in most statements, and stop words to related_score.
UNPOSTED = frozenset(
    "the of and to a in that is was it for on with as he his her she at by be had have not but "
    "i you this from or an are were which they we him all been so".split()
)


def quoting(text: str) -> bool:
    """May the statement quote (does it hold a mark that opens a quotation)? Only then can a
    word of it weigh QUOTE_BOOST more."""
    return '"' in text or "“" in text or "«" in text


def word_feature(w: str) -> tuple[str, float]:
    got = _WORDS.get(w)
    if got is None:
        if _NUMBER.fullmatch(w):
            key = _number_key(w)
            got = (key, number_weight(key))
        elif w in MULTIPLIERS:  # only a unit: "3.5 million" becomes one number
            got = ("", 0.0)
        elif w in _NUMBER_WORDS:
            key = "#" + _NUMBER_WORDS[w]
            got = (key, number_weight(key))
        else:
            key = _stem(w)
            weight = base_weight(key) if len(key) > 1 else 0.0
            got = (key, weight) if weight > 0.0 else ("", 0.0)
        if len(_WORDS) >= _CACHE_MAX:
            _WORDS.clear()
        _WORDS[w] = got
    return got


def cap_feature(tok: str) -> tuple[str, float]:
    core = tok.rstrip(".")
    if core.endswith(("'s", "’s")):
        core = core[:-2].rstrip(".")
    if "." in core or (
        core.isupper() and 2 <= len(core) <= 4 and word_feature(core.lower())[1] == 0.0
    ):
        # U.S., U.K., US: an acronym, kept apart from the words it spells
        got = (core.replace(".", "").upper() + ".", -1.0)
    else:
        f = fold(core)[1:]
        got = word_feature(f) if f and " " not in f else ("", 0.0)
    if len(_CAPS) >= _CACHE_MAX:
        _CAPS.clear()
    _CAPS[tok] = got
    return got


def word_features(words: set[str]) -> dict[str, float]:
    """The features that a statement's folded words give one by one, before names, quotes and
    "3.5 million" boost, add or merge any: a lower bound of each weight, and the whole profile
    of a statement whose capitals and numbers add no feature."""
    try:
        feats = dict(map(_WORDS.__getitem__, words))  # every word seen before: all in C
    except KeyError:
        for w in words:
            if w not in _WORDS:
                word_feature(w)
        try:
            feats = dict(map(_WORDS.__getitem__, words))
        except KeyError:  # the cache was emptied meanwhile
            feats = dict(map(word_feature, words))
    feats.pop("", None)
    return feats


def features(text: str, folded: str, words: set[str] | None = None) -> dict[str, float]:
    """Content features of a statement, key -> weight > 0 (folded = fold(text))."""
    return features_ex(text, folded, words)[0]


def features_ex(
    text: str, folded: str, words: set[str] | None = None
) -> tuple[dict[str, float], list[str]]:
    """features, and the features that no single folded word of the statement gives."""
    if words is None:
        words = set(folded.split())
    feats = word_features(words)
    extras: list[str] = []
    if not words.isdisjoint(MULTIPLIERS):  # "3.5 million" is "3500000"
        seq = folded.split()
        for i in range(1, len(seq)):
            power = MULTIPLIERS.get(seq[i])
            if power and _NUMBER.fullmatch(seq[i - 1]):
                key = _scale(_number_key(seq[i - 1]), power)
                feats.pop(_number_key(seq[i - 1]), None)
                feats[key] = number_weight(key)
                extras.append(key)
    boost: dict[str, float] = {}
    caps = [] if text.isupper() else CAPITALISED.findall(text)  # shouting: case tells nothing
    for i, tok in enumerate(caps):
        key, weight = _CAPS.get(tok) or cap_feature(tok)
        if weight < 0.0:  # an acronym
            if key not in feats:
                feats[key] = NAME_BOOST
                extras.append(key)
        elif weight > 0.0 and not (
            i == 0 and weight < 1.0 and text.lstrip(_OPENING).startswith(tok)
        ):  # (a common word opening the statement is no name)
            boost[key] = NAME_BOOST
    if quoting(text):
        quoted = {word_feature(w)[0] for w in set(fold(" ".join(QUOTED.findall(text))).split())}
        for key in quoted:
            if key in feats:
                boost[key] = boost.get(key, 1.0) * QUOTE_BOOST
    for key, b in boost.items():
        if key in feats and key[0] != "#":
            feats[key] *= b
    return feats, extras


def feature_bounds(text: str, folded: str) -> tuple[dict[str, float], dict[str, float]] | None:
    """Bounds of the features of a statement, a few times cheaper than features: the same keys,
    each weight at least low[key] (quotes not looked at) and at most high[key] (any word feature
    that its quotation may hold: a quote's folded text holding the stem). None when the
    statement may hold an acronym or "3.5 million", whose features only features knows."""
    got = low_bounds(text, folded)
    if got is None:
        return None
    low, quoted = got
    if quoted is None:
        return low, low
    return low, {key: w * QUOTE_BOOST if may_quote(key, quoted) else w for key, w in low.items()}


def low_bounds(text: str, folded: str) -> tuple[dict[str, float], str | None] | None:
    """``feature_bounds``' low, and the folded text of the statement's quotations (None when it
    quotes nothing): its high of a key, ``low[key]`` times QUOTE_BOOST where ``may_quote``, is
    then made for the keys asked about only."""
    words = set(folded.split())
    if not words.isdisjoint(MULTIPLIERS) or ACRONYMISH.search(text):
        return None
    low = word_features(words)
    if not low:
        return low, None
    if not text.isupper():  # names: as features does
        names = set()
        for i, tok in enumerate(CAPITALISED.findall(text)):
            key, weight = _CAPS.get(tok) or cap_feature(tok)
            if weight > 0.0 and not (
                i == 0 and weight < 1.0 and text.lstrip(_OPENING).startswith(tok)
            ):
                names.add(key)
        for key in names:
            if key in low and key[0] != "#":
                low[key] *= NAME_BOOST
    return low, quotations(text)


def quotations(text: str) -> str | None:
    """The folded text of the statement's quotations (None when it quotes nothing)."""
    return fold(" ".join(QUOTED.findall(text))) if quoting(text) else None


def may_quote(key: str, quoted: str) -> bool:
    """May a statement whose quotations fold to ``quoted`` quote the word feature ``key``?"""
    return key[0] != "#" and (key[:-1] if key[-1] == "y" else key) in quoted


@dataclass(frozen=True, slots=True)
class Profile:
    """What related_score compares of one statement."""

    weights: dict[str, float]
    denom: float  # PIVOT * (1 - SLOPE) + SLOPE * Euclidean norm of the weights

    def content(self) -> str:
        """The word features, sorted, space-separated (for token_set_ratio)."""
        return " ".join(sorted(k for k in self.weights if k[-1] != "."))


def profile(text: str, folded: str | None = None, words: set[str] | None = None) -> Profile:
    feats = features(text, fold(text) if folded is None else folded, words)
    v = feats.values()
    norm = math.sqrt(math.fsum(map(operator.mul, v, v)))
    return Profile(feats, PIVOT * (1 - SLOPE) + SLOPE * norm)


def relate(a: Profile, b: Profile) -> float:
    wa, wb = a.weights, b.weights
    if len(wb) < len(wa):
        wa, wb = wb, wa
    get = wb.get
    dot = math.fsum([w * get(k, 0.0) for k, w in wa.items()])
    if dot <= 0.0:
        return 0.0
    cos = min(dot / (a.denom * b.denom), 1.0)
    ratio = fuzz.token_set_ratio(a.content(), b.content())
    return 100.0 * cos * (1.0 - _SET_RATIO_SHARE + _SET_RATIO_SHARE * ratio / 100.0)


def related_score(a: str, b: str) -> float:
    """How much two statements say the same thing, 0..100: the scorer of ``SearchIndex.related``.

    Each statement becomes weighted content features: stems of its words weighted by rarity
    (a built-in list of common English stems: stop words weigh 0, common words little, rare and
    unknown words 1); names (capitalised words other than a common word opening the statement)
    and acronyms (NATO, U.S.) x1.25; numbers ("3,500" = "3500", "3.5 million" = "3500000")
    1.5, or 0.75 for one significant digit; words inside quotation marks x1.25. The score is
    the cosine of the two with a pivoted length normalisation (a norm x counts as 1.5 + 0.5 x;
    at most 1), times 0.8 + 0.2 x rapidfuzz ``token_set_ratio`` of the two sorted word-feature
    lists. Statements that share no content feature score 0: shared stop words never count.
    """
    return relate(profile(a), profile(b))
