"""The subject of a reporting verb, read back from the verb: who "said", "warned", "is calling for".

News puts a lot between a speaker and the verb: an apposition ("Kevin Brady, chairman of the
House Ways and Means Committee, said"), a relative clause ("Trump, who has relied on populist
fervor…, has said"), an age and a home town ("Marley Anderson, 21, a junior from Las Vegas,
said"), a time ("Ginsburg on Tuesday said"), adverbs and auxiliaries ("is already claiming"), a
first verb phrase ("Fields later tweeted a photograph … and said"). The subject itself may be a
name, a described person ("the Vermont senator"), a possessive ("John Kasich’s campaign") or a
share of people ("Six in 10 Virginia Democratic primary voters"). Without a parser, the shapes are
read from the words: these functions return token ranges, ``(first, last)`` inclusive.
"""

from __future__ import annotations

from typing import Protocol, Sequence


class Tok(Protocol):
    text: str
    low: str
    cap: bool


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


DAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
MONTHS = _words("january february march april june july august september october november "
                "december jan. feb. mar. apr. jun. jul. aug. sept. sep. oct. nov. dec.")
#: Words of a time said between a subject and its verb ("on Tuesday", "earlier this week").
TIME_WORDS = DAYS | MONTHS | _words(
    "today yesterday tonight morning afternoon evening night week weekend month year day "
    "earlier later last this next on early late recently previously again once since the")
AUX = _words("is are was were be been being has have had will would can could may might shall "
             "should must do does did 's ’s am")
#: Adverbs that stand between a subject and its verb ("also", "already", "quickly").
ADVERBS = _words(
    "also already still then now just even only again never not ever further first initially "
    "subsequently separately once often always frequently repeatedly reportedly previously "
    "later earlier recently publicly privately quickly immediately promptly swiftly "
    "yet soon finally simply openly specifically")
SUBORDINATORS = _words(
    "that as when while because after before if though although since whereas unless until "
    "where whether which who whom whose what how why once so than")
COORDINATORS = _words("and but or nor yet")
PREPOSITIONS = _words(
    "in on at of for from with by to into about over under after before among between during "
    "against without within across through toward towards despite amid near like")
#: Prepositions that may sit inside a subject: "many in the Republican establishment", "Six in
#: 10 voters", "a spokesman for the agency", "Paul Dergarabedian of Exhibitor Relations".
INNER_PREPOSITIONS = _words("of in for at from on")
#: What a sentence opens with before its subject ("However,", "In Texas,", "Asked if…,").
INTRO = _words("however meanwhile still instead indeed moreover furthermore also but and so yet "
               "even then now later earlier today yesterday overall separately finally first "
               "asked speaking earlier")
_BOUNDARY = frozenset(";:—–()“”\"-")
_DASHES = frozenset("—–-")
_NOW = _words("today yesterday tonight")
_WHEN = DAYS | MONTHS | _words("later ago earlier yesterday today tonight")
RELATIVES = _words("who which that")
PRONOUN_SUBJECTS = _words("he she they it we i you who")
_MAX_SUBJECT = 12
_DETERMINERS = _words("the a an this that these those his her its their our my your")


def _is_word(tok: Tok) -> bool:
    return tok.text[0].isalnum()


def _adverb(tok: Tok) -> bool:
    return not tok.cap and (tok.low in ADVERBS or (tok.low.endswith("ly") and len(tok.low) > 4))


def skip_to_subject(toks: Sequence[Tok], k: int) -> int:
    """The token before the verb at ``k`` once auxiliaries, adverbs and a time are stepped over:
    "is already claiming", "on Tuesday said", "earlier this month warned"."""
    j = k - 1
    while j >= 0:
        t = toks[j]
        if t.low in AUX or _adverb(t) or t.low in _NOW:
            j -= 1
        elif t.low in DAYS or t.low in MONTHS or (not t.cap and t.low in TIME_WORDS and j - 1 >= 0
                                                    and toks[j - 1].low in TIME_WORDS | AUX):
            # "on Tuesday", "this week", "last month": a time, only when it is one.
            j -= 1
            while j >= 0 and not toks[j].cap and toks[j].low in TIME_WORDS:
                j -= 1
        elif t.text[0].isdigit() and j - 1 >= 0 and toks[j - 1].low in MONTHS:  # "on Jan. 5"
            j -= 1
        else:
            break
    return j


def clause_start(toks: Sequence[Tok], j: int) -> int:
    """The first token of the clause holding token ``j``: after a semicolon, colon, dash or
    quotation mark, or the start of the statement."""
    c = j
    while c - 1 >= 0 and toks[c - 1].text not in _BOUNDARY:
        c -= 1
    return c


def _segments(toks: Sequence[Tok], c: int, j: int) -> list[tuple[int, int]]:
    """The comma-separated parts of tokens ``c..j`` (``j`` a comma): (first, last) each."""
    out = []
    s = c
    for i in range(c, j + 1):
        if toks[i].text == ",":
            if i > s:
                out.append((s, i - 1))
            s = i + 1
    return out


def _introduces(toks: Sequence[Tok], s: int, e: int) -> bool:
    """Is the part ``s..e`` an opening phrase rather than a subject ("In Texas", "However",
    "Asked if he was ever bullied", "Speaking in his real voice")?"""
    first = toks[s]
    if first.low in PREPOSITIONS or first.low in SUBORDINATORS or first.low in INTRO:
        return True
    if e - s < 5 and any(t.low in _WHEN for t in toks[s:e + 1]):
        return True  # "Hours later", "Two days ago", "Friday on CNN’s New Day"

    if not first.cap and (first.low.endswith(("ing", "ed")) or _adverb(first)):
        return True
    if first.cap and first.low.endswith(("ing", "ed")) and first.low not in DAYS \
            and (s == e or not toks[s + 1].cap):
        return True  # "Speaking at a rally", "Asked about it"
    return e - s + 1 > _MAX_SUBJECT


def _appositive(toks: Sequence[Tok], s: int, e: int) -> bool:
    """A part that describes the subject before it: "21", "a junior from Las Vegas", "who won
    Oklahoma", "for his part", "clad in a red cape", "the chairman of …"."""
    first = toks[s]
    return (not first.cap or first.low in ("the", "a", "an", "who", "which") or
            first.text[0].isdigit() or first.low in PREPOSITIONS)


def np_back(toks: Sequence[Tok], j: int, floor: int = 0) -> int | None:
    """The first token of the noun phrase ending at ``j`` ("the Vermont senator", "half of GOP
    primary voters", "John Kasich’s presidential campaign"), or None when ``j`` ends none."""
    t = toks[j]
    if not _is_word(t) or t.low in AUX or t.low in SUBORDINATORS - {"who"} \
            or t.low in PREPOSITIONS or t.low in COORDINATORS or _adverb(t):
        return None
    if t.low in PRONOUN_SUBJECTS:
        return j
    i = j
    while i - 1 >= floor and j - (i - 1) < _MAX_SUBJECT:
        p = toks[i - 1]
        if not _is_word(p) or p.low in AUX or p.low in SUBORDINATORS or _adverb(p) \
                or p.low in PRONOUN_SUBJECTS:
            break
        if p.low in COORDINATORS:
            # "Donald Trump and House Speaker Paul Ryan": names joined; not clauses.
            if i - 2 >= floor and toks[i - 2].cap and toks[i].cap:
                i -= 1
                continue
            break
        if p.low in _DETERMINERS:
            # A determiner opens the noun phrase ("has released a Web video": "a Web video"),
            # unless an inner preposition joins it to a head before ("half of the voters").
            i -= 1
            if i - 1 >= floor and toks[i - 1].low in INNER_PREPOSITIONS:
                continue
            break
        if p.low in PREPOSITIONS:
            if p.low in INNER_PREPOSITIONS and i - 2 >= floor and _is_word(toks[i - 2]) \
                    and toks[i - 2].low not in AUX and toks[i - 2].low not in PREPOSITIONS \
                    and not _adverb(toks[i - 2]) and toks[i - 2].low not in SUBORDINATORS:
                i -= 1
                continue
            break
        i -= 1
    while i < j and (toks[i].low in PREPOSITIONS or toks[i].low in INTRO and toks[i].cap):
        i += 1
    return i


def subject_of(toks: Sequence[Tok], k: int) -> tuple[int, int] | None:
    """The subject of the verb at ``k`` as a token range, read back from the verb."""
    j = skip_to_subject(toks, k)
    if j < 0:
        return None
    t = toks[j]
    if t.low in COORDINATORS:
        # "… tweeted a photograph of her bruised forearm and said": the clause's own subject.
        return main_subject(toks, clause_start(toks, j), j)
    if t.text == ",":
        c = clause_start(toks, j)
        parts = _segments(toks, c, j)
        if len(parts) < 2:
            return None
        for n, (s, e) in enumerate(parts[:-1]):
            if s < e and (toks[s].low in COORDINATORS or toks[s].low in INTRO) \
                    and toks[s + 1].cap:
                s += 1  # "But Mr. Guerrero, a Republican …, said"
            if _introduces(toks, s, e):
                continue
            if all(_appositive(toks, s2, e2) or toks[s2].cap for s2, e2 in parts[n + 1:]):
                first = np_back(toks, e, s)
                return (first, e) if first is not None else None
            return None
        return None
    if t.text in _DASHES:
        # "Andrei Illarionov - then economic adviser to President Vladimir Putin - told": the
        # name before the aside.
        d = next((i for i in range(j - 1, max(-1, j - 20), -1) if toks[i].text in _DASHES), None)
        if d is None or d == 0:
            return None
        first = np_back(toks, d - 1)
        return (first, d - 1) if first is not None else None
    if t.low in RELATIVES:
        # "Vladimir Putin, who warns", "business leaders who say": the noun phrase before
        last = j - 2 if j >= 2 and toks[j - 1].text == "," else j - 1
        if last >= 0 and toks[last].cap:  # a name: only the name ("…criticism from Putin, who")
            first = last
            while first - 1 >= 0 and (toks[first - 1].cap or (
                    toks[first - 1].low == "of" and first - 2 >= 0 and toks[first - 2].cap)):
                first -= 1
            return first, last
        first = np_back(toks, last) if last >= 0 else None
        return (first, last) if first is not None else None
    first = np_back(toks, j)
    return (first, j) if first is not None else None


def main_subject(toks: Sequence[Tok], c: int, before: int) -> tuple[int, int] | None:
    """The subject at the start of the clause ``c`` (opening phrases stepped over), ending
    where its verb begins, before token ``before``."""
    # Step over opening phrases closed by a comma: "In an interview Thursday, the senator …".
    s = c
    while True:
        comma = next((i for i in range(s, before) if toks[i].text == ","), None)
        if comma is None or not _introduces(toks, s, comma - 1 if comma > s else s):
            break
        s = comma + 1
    while s < before and toks[s].low in INTRO:
        s += 1
    e = s
    while e < before and _is_word(toks[e]) and toks[e].low not in AUX and not _adverb(toks[e]) \
            and toks[e].low not in SUBORDINATORS and toks[e].low not in COORDINATORS \
            and (e == s or toks[e].cap or toks[e].low in INNER_PREPOSITIONS
                 or not toks[e].low.endswith("ed")):
        if toks[e].low in PREPOSITIONS and toks[e].low not in INNER_PREPOSITIONS:
            break
        e += 1
        if toks[e - 1].low in PRONOUN_SUBJECTS:
            break
    if e == s or e - s > _MAX_SUBJECT:
        return None
    # The verb ends the subject: drop a last lower-case word that is one ("Fields tweeted").
    return s, e - 1
