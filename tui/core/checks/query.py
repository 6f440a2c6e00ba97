"""A statement made searchable: its words, numbers and date, and a safe FTS5 query of its words.

Statements come from articles and, in the evaluation, from tweets: links (``https://t.co/…``,
``pic.twitter.com/…``, even glued to the word before them), an embedded tweet's signature
("— Name (@handle) January 6, 2020": the name is kept, it is often whom the claim is about),
``@handles`` and ``#HashTags`` (split into their words: ``#DefundTheCBC`` -> "Defund The CBC"),
emoji. Words are cut as SQLite's unicode61 tokenizer cuts them (runs of letters and digits), so
that every query term is one term of the index; each is quoted, so nothing of the text is ever
read as FTS5 syntax (NEAR, AND, *, ^, column filters).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import CONTROLS

#: Longest statement read (a paragraph is about 1,000 characters): the rest of a longer text
#: would only slow the search down.
MAX_TEXT = 2_000
#: Most terms searched for one statement (its rarest ones are chosen later).
MAX_TERMS = 40

_LINK = re.compile(r"(?:https?://|pic\.twitter\.com/|www\.)\S*", re.I)
# An embedded tweet's signature, at the end: "— Name (@handle) January 6, 2020".
_SIGNATURE = re.compile(r"[—–-]\s*([^—–()]{0,80}?)\s*\(@\w{1,30}\)\s*([A-Z][a-z]+ \d{1,2}, \d{4})?\s*$")
_TAG = re.compile(r"(?:(?<![\w@])@|#)(\w{1,60})")
# A CamelCase or letters+digits word cut into its parts: "DefundTheCBC" -> Defund The CBC.
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+|[^\W\d_]+")
_WORD = re.compile(r"[^\W_]+")
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_MONTH = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|"
                    r"November|December)\b")
_MONTHS = frozenset("january february march april may june july august september october "
                    "november december".split())
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
                      "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100"})
_PICTURE = frozenset("photo photos photograph photographs photographed image images picture "
                     "pictures pic video videos footage meme clip".split())

STOPWORDS = frozenset("""
a about above after again against all almost also am an and any are aren as at be because been
before being below between both but by can cannot could couldn did didn do does doesn doing don
down during each either else even ever every few for from further get gets got had hadn has
hasn have haven having he her here hers herself him himself his how however i if in into is isn
it its itself just let like may me might more most much must my myself no nor not now of off on
once only or other ought our ours ourselves out over own per rt s same shall she should shouldn
since so some such t than that the their theirs them themselves then there these they this
those though through thus to too under until up upon us very via was wasn we were weren what
when where whether which while who whom whose why will with within without won would wouldn
yet you your yours yourself yourselves ll re ve d m o y amp im ive dont doesnt didnt isnt cant
wont thats whats theres youre theyre hes shes lets one just really still
""".split())


@dataclass(frozen=True, slots=True)
class Statement:
    """What a statement gives the matcher: its clean text, its search terms (lower-cased, not
    stop words, in order, once each), the numbers it states, and what an embedded tweet's
    signature says of it."""

    text: str
    terms: tuple[str, ...]
    numbers: frozenset[str]
    year: str = ""  # when an embedded tweet's signature says it was written ("2019")
    month: str = ""  # ("august")
    picture: bool = False  # it came with a picture or a video (a pic.twitter.com link)


def clean(text: str) -> tuple[str, str, list[str]]:
    """The words a statement says (links, a signature's handle and date, tags' marks, emoji and
    control characters gone; one line; a signature's name kept: it is often whom the claim is
    about); the date its signature gives, if any; the words its tags join
    (``#DraftOurDaughters``: "draftourdaughters", which a fact-check may quote whole)."""
    text = CONTROLS.sub(" ", text[:MAX_TEXT])
    text = _LINK.sub(" ", text)
    date = ""
    joined: list[str] = []

    def split(m: re.Match) -> str:
        parts = _CAMEL.findall(m.group(1))
        if len(parts) > 1:
            joined.append(m.group(1).casefold())
        return " ".join(parts) or m.group(1)

    signed = _SIGNATURE.search(text)
    if signed is not None:
        date = signed.group(2) or ""
        text = text[:signed.start()] + " — " + signed.group(1)
    return _tidy(_TAG.sub(split, text)), date, joined


def _tidy(text: str) -> str:
    text = "".join(c if unicodedata.category(c)[0] in "LNPZ" or c in "$%" else " " for c in text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """The words of ``text`` as the index cuts them (unicode61: runs of letters and digits),
    lower-cased, accents removed."""
    return _WORD.findall(fold(text))


def fold(text: str) -> str:
    """Lower case without accents (as ``remove_diacritics 2`` indexes it)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return _MARKS.sub("", text) if _MARKS.search(text) else text


def statement(text: str) -> Statement:
    """``text`` read for matching (any text: nothing in it raises)."""
    cleaned, date, joined = clean(text)
    picture = "pic.twitter.com/" in text[:MAX_TEXT]
    said = words(cleaned)
    found = [w for w in said if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    terms = tuple(dict.fromkeys(found + [w for j in joined for w in words(j)]))[:MAX_TERMS]
    month, _, year = date.partition(" ")
    return Statement(cleaned, terms, numbers_of(cleaned, said), year[-4:], month.casefold(),
                     picture)


def numbers_of(text: str, found: Sequence[str]) -> frozenset[str]:
    """The numbers ``text`` states, as digits ("3,500" -> "3500", "three" -> "3"); ``found``:
    its words."""
    out = set()
    if _DIGIT.search(text) and any(w[0].isdigit() for w in found):
        out.update(n.replace(",", "") for n in _NUMBER.findall(text))
    out.update(_NUMBER_WORDS[w] for w in _NUMBER_WORDS.keys() & found)
    return frozenset(out)


def dates_of(text: str, found: Sequence[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The years (1900-2099) and the months (by name, folded) ``text`` names; ``found``: its
    words."""
    years = frozenset(w for w in found if len(w) == 4 and w[:2] in ("19", "20") and w.isdigit())
    if _MONTHS.isdisjoint(found):
        return years, frozenset()
    return years, frozenset(m.casefold() for m in _MONTH.findall(text))


def shows_picture(found: Sequence[str]) -> bool:
    """Do the words ``found`` speak of a picture or a video ("A photograph shows…")?"""
    return not _PICTURE.isdisjoint(found)


def fts_query(terms: list[str] | tuple[str, ...]) -> str:
    """An FTS5 query for any of ``terms``, each a quoted string (an inner quote doubled): the
    text is only ever text."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
