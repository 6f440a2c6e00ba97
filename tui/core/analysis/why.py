"""Why a statement is marked, in words: a claim's score and reasons as a reader is told them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .checkworthy import WORD_CLASSES
from .claims import ASSERTION_THRESHOLD, Claim

#: Is the statement worth checking? The answer by the lowest score that gets it. The model's
#: threshold is 0.5: from there a sentence reads as check-worthy (and is an assertion if nothing
#: else marks it); 0.8 is the filter's "strong" and 0.3 its lowest useful setting.
BANDS = (
    (0.8, "very likely"),
    (0.5, "likely"),
    (0.3, "probably not"),
    (0.0, "very unlikely"),
)

#: The word classes of the model a reader is told of by name (the opinion and hedge classes
#: lower a score more often than they raise it; hedges are also the claim's own "hedge").
CLASS_PHRASES = {"_superlative": "a superlative", "_comparative": "a comparison",
                 "_date": "a date", "_numword": "a number in words",
                 "_hedge": "hedged wording", "_opinion": "an opinion word"}
#: The claim detector's reasons ("kind: what"), each as a phrase.
KIND_PHRASES = {"quotation": "quotes someone", "source": "names its source",
                "figure": "has a figure", "hedge": "hedged, not said as certain"}
#: The phrase that gathers the words (not named otherwise) that raised a score.
COMMON = "words common in check-worthy claims"
#: A statement past those analysed has this reason, and no score.
NOT_ANALYSED = "not analysed"

_CLASS_OF = {w: name for name, words in WORD_CLASSES.items() for w in words.split()}


@dataclass(frozen=True, slots=True)
class Why:
    """What a reader is told of a statement: is it worth checking, and why (or why not)."""

    worth: str | None  # "very likely" … "very unlikely"; None: not analysed, no score
    title: str  # "Why", or "Why not a claim"
    reasons: tuple[tuple[str, str], ...]  # (phrase, the statement's words behind it)


def band(score: float) -> str:
    """Whether a statement of this ``score`` is worth checking: "very likely", "likely",
    "probably not" or "very unlikely"."""
    return next(answer for low, answer in BANDS if score >= low or low == BANDS[-1][0])


def _surface(words: str, text: str) -> str:
    """``words`` (a model feature, lower-cased) quoted as ``text`` writes them."""
    parts = words.split(" ")
    pattern = r"\W{1,3}".join(re.escape(p) for p in parts)
    found = re.search(rf"(?<!\w){pattern}(?!\w)", text, re.I) if text else None
    return f"\u201c{found.group() if found else words}\u201d"


def in_words(reasons: Sequence[str], text: str = "") -> list[tuple[str, str]]:
    """A claim's ``reasons`` (``kind: what``, from the claim detector and the model) as a
    reader is told them: ``(phrase, evidence)`` pairs such as ``("has a figure", "34%")``.

    A model feature is named for what it is (a superlative, a comparison, a date) or, if it
    is only a word or two, gathered with the others under COMMON; ``text`` (the statement)
    gives their case back ("with NATO", not "with nato"). A reason of any other form is kept
    as it is, with no evidence.
    """
    out: list[tuple[str, str]] = []
    common: list[str] = []
    classed: dict[str, list[str]] = {}
    for reason in reasons:
        kind, sep, what = reason.partition(": ")
        if sep and kind == "wording":
            words = what.strip("'")
            shown = _surface(words, text)
            classes = [_CLASS_OF[w] for w in words.lower().split(" ") if w in _CLASS_OF]
            if classes:
                classed.setdefault(CLASS_PHRASES[classes[0]], []).append(shown)
            else:
                common.append(shown)
        elif sep and kind in KIND_PHRASES:
            out.append((KIND_PHRASES[kind], what))
        else:
            out.append((reason, ""))
    out.extend((phrase, ", ".join(shown)) for phrase, shown in classed.items())
    if common:
        out.append((COMMON, ", ".join(common)))
    return out


def why(claim: Claim, text: str) -> Why:
    """What a reader is told of ``claim`` (of the statement ``text``). A statement that is not
    a claim is told why not; what raised its score a little is no reason for it."""
    analysed = not (claim.reasons and claim.reasons[0].startswith(NOT_ANALYSED))
    reasons = in_words(claim.reasons, text)
    if claim.kinds:
        return Why(band(claim.score) if analysed else None, "Why", tuple(reasons))
    reasons = [r for r in reasons if r[0] != COMMON]
    if analysed:
        reasons.insert(0, ("no figure, source, quotation or hedge, and a score under "
                           f"{ASSERTION_THRESHOLD}", ""))
    return Why(band(claim.score) if analysed else None, "Why not a claim", tuple(reasons))
