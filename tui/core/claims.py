"""Say of each statement what kind of claim it is, who made it, how check-worthy it is, and why."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, NamedTuple, Sequence

from . import checkworthy
from .document import Document

#: The claim kinds, in the order they are shown.
KINDS = ("quote", "attribution", "statistic", "hedge", "assertion")
#: At or above this score a statement is check-worthy (and, with no other kind, an assertion).
ASSERTION_THRESHOLD = 0.5


class Mark(NamedTuple):
    """A part of a statement that made it a claim: the quotation, cue, speaker, figure or hedge.

    (A named tuple rather than a dataclass: there are several per statement, and it is immutable
    all the same.)
    """

    kind: str  # quote | cue | speaker | figure | hedge
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Claim:
    """What the detector says of one statement (offsets are into the Document's text)."""

    index: int  # 0-based statement number
    start: int
    end: int
    kinds: tuple[str, ...]
    speaker: str | None
    cue: str | None
    score: float
    reasons: tuple[str, ...]
    marks: tuple[Mark, ...] = ()

    @property
    def is_claim(self) -> bool:
        return bool(self.kinds)


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# ---------------------------------------------------------------- word lists

_REPORTING = _words(
    "say said says saying told tell tells telling warn warned warns warning stated states "
    "stating add added adds adding claim claimed claims claiming argue argued argues arguing "
    "insist insisted insists insisting noted notes noting explain explained explains explaining "
    "announce announced announces announcing wrote writes writing reported reports "
    "confirm confirmed confirms confirming deny denied denies denying acknowledge acknowledged "
    "acknowledges admit admitted admits suggested suggests indicated indicates assert asserted "
    "asserts allege alleged alleges declare declared declares testified testifies tweeted "
    "posted predicted predicts estimated estimates cautioned cautions urged urges contend "
    "contended contends maintained maintains revealed reveals disclosed discloses conceded "
    "concedes complained complains stressed stresses emphasized emphasizes emphasised "
    "emphasises recalled recalls observed replied replies responded boasted boasts promised "
    "promises vowed vows pledged pledges threatened threatens accused accuses"
)
# Cues that are also ordinary nouns or verbs: they need a source right before them.
_WEAK_CUES = _words("reports reported notes states estimates claims posted recalls promises "
                    "suggests indicated indicates")
_COMMENT_CUE = re.compile(
    r"\b(?:declined|refused|declines|refuses|did not (?:immediately )?respond to (?:a )?requests? "
    r"for|could not be reached for|was not available for|did not return requests? for) "
    r"(?:to )?(?:immediately )?comment\b",
)
_ACCORDING = re.compile(r"\baccording to\b", re.I)

# Words of a title or office before a name: "Russian President Vladimir Putin".
_TITLES = _words(
    "president vice prime minister secretary senator sen. sen rep. rep representative gov. gov "
    "governor gen. gen general dr. dr mr. mr mrs. mrs ms. ms prof. prof professor chancellor "
    "ambassador director chairman chairwoman chair spokesman spokeswoman spokesperson adviser "
    "advisor commissioner mayor king queen prince princess pope judge justice chief ceo leader "
    "speaker admiral colonel col. lt. capt. sgt. lieutenant captain sergeant commander "
    "premier officer official envoy attorney deputy foreign defense defence interior finance "
    "security national state press"
)
# Titles that name a person when a capitalised name follows ("Sen. Elizabeth Warren").
_PERSON_TITLES = _words(
    "president minister secretary senator sen. sen rep. representative gov. governor gen. "
    "general dr. mr. mrs. ms. prof. professor chancellor ambassador spokesman spokeswoman "
    "spokesperson adviser advisor mayor king queen prince princess pope judge justice admiral "
    "colonel col. lt. capt. sgt. lieutenant captain sergeant commander premier envoy attorney"
)
# A name holding one of these is an organisation (or a place standing for its government).
_ORG_WORDS = _words(
    "council house ministry department agency office committee commission court bank company "
    "corporation inc inc. ltd ltd. group party army navy force forces police service institute "
    "university times post journal news press network review association union organization "
    "organisation administration government kremlin pentagon nato congress senate parliament "
    "assembly board bureau foundation fund reuters politico bloomberg cnn bbc nbc abc cbs fox "
    "axios guardian newsweek economist telegraph ap afp tass xinhua msnbc pbs npr newshour "
    "un u.n. eu e.u. who imf opec fbi cia nsa moscow washington kyiv kiev london beijing paris "
    "berlin brussels tehran jerusalem white treasury"
)
# Lower-case sources: "officials said", "according to reports".
_GROUP_NOUNS = _words(
    "officials official sources source reports report experts expert analysts analyst critics "
    "authorities diplomats diplomat residents witnesses police investigators researchers "
    "scientists lawmakers legislators prosecutors aides spokesman spokeswoman spokesperson "
    "statement ministry government administration company agency department people observers "
    "economists doctors activists supporters opponents officers commanders insiders advisers "
    "advisors leaders study survey data documents filing filings memo letter"
)
_PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "group", "we": None,
             "i": None}
_DETERMINERS = _words("the a an its his her their this that these those our")
_SKIP_BEFORE_CUE = _words(
    "has have had also already previously later reportedly repeatedly recently publicly "
    "privately then once again earlier now quickly separately further subsequently initially "
    "first last been would will has not never did does do"
)
# Capitalised words that are grammar, not names, at the start of a sentence or clause.
_FUNCTION_CAPS = _words(
    "the a an but and or so yet as when while in on at for from with by after before if though "
    "although because since this that these those there here it its his her their our my your "
    "we i he she they meanwhile however still asked what why how who where which some many "
    "most few several all both each every no not is are was were according"
)
_CLAUSE_END = ",.;:—–!?)"
# "Verdict: false", "Update: ...": labels before a colon, not sources.
_LABELS = _words(
    "verdict update updated correction note editor editor’s editor's claim claims photo picture "
    "image video watch listen read related breaking analysis opinion summary background context "
    "disclaimer source sources fact facts rating ratings conclusion bottom what why how when "
    "where who question answer q a warning caution step chapter part section table figure "
    "exclusive live contents"
)
# Before a name, these make it a place or an object inside a longer subject.
_PLACE_PREPOSITIONS = _words("in on at of from for near across outside inside within around "
                             "throughout")

_HEDGES = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|apparently|possibly|perhaps|probably|likely|"
    r"unlikely|potential(?:ly)?|could|might|may|appears? to|appeared to|seems?|seemed|"
    r"suggests?|suggested|suggesting|indicates?|indicated|indicating|expected to|believed to|"
    r"is said to|are said to|(?:is|are|was|were) expected|rumou?red|unconfirmed|unverified|"
    r"it is unclear|estimated|speculat\w*|as many as|up to|nearly|almost|roughly|"
    r"approximately)\b"
)
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_SCALE = r"(?:million|billion|trillion|thousand|hundred|dozen)s?"
_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|a|several|tens|hundreds|thousands|millions)"
)
_FIGURES = re.compile(
    r"[$€£¥]\s?\d+(?:,\d{3})*(?:\.\d+)?(?:\s?(?:million|billion|trillion|bn|m|k)\b)?"
    r"|(?<![\w-])\d+(?:,\d{3})*(?:\.\d+)?(?:\s?(?:%|percent\b|per cent\b|percentage points?\b|"
    + _SCALE + r"\b|times\b|fold\b))?"
    r"|\b" + _NUMBER_WORD + r"[ -]" + _SCALE + r"\b"
    r"|\b(?:half|a third|a quarter|two[- ]thirds|three[- ]quarters|twice|thrice|double[ds]?|"
    r"tripled?|halved)\b"
    r"|\b" + _MONTH + r" \d{1,2}\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty)"
    r"(?:[ -]\w+)? (?:percent|per cent)\b"
)
# Cheap tests on a statement's set of lower-case words let most statements skip slower work.
_WORD = re.compile(r"[a-z]+")
_SOURCE_HINTS = frozenset(w.rstrip(".") for w in _REPORTING | _PERSON_TITLES) | {"according", "comment"}
_FIGURE_HINTS = _words(
    "half third thirds quarter quarters twice thrice double doubled doubles triple tripled "
    "halved million millions billion billions trillion trillions thousand thousands hundred "
    "hundreds dozen dozens percent cent bn"
)
_HEDGE_HINTS = _words(
    "reportedly allegedly purportedly apparently possibly perhaps probably likely unlikely "
    "potential potentially could might may appear appears appeared seem seems seemed suggest "
    "suggests suggested suggesting indicate indicates indicated indicating expected believed "
    "said rumored rumoured unconfirmed unverified unclear estimated speculate speculated "
    "speculates speculation speculative speculating many up nearly almost roughly approximately"
)
_DIGIT_OR_MONEY = re.compile(r"[\d$€£¥]")
_LIST_NUMBER = re.compile(r"\A\s*\(?\d{1,3}[.)]\s")
_QUOTED = re.compile(
    r"“[^”“]{2,}”|\"[^\"]{2,}\"|«[^»«]{2,}»"
    r"|(?:(?<=^)|(?<=[\s(—–-]))‘[^’‘]{2,}’(?=[\s,.;:!?)—–-]|$)"
)
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w(?:[\w’'\-.&]*\w)?\.?|[,:;“”\"()—–]")
_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.|(?:[a-z]\.){2,}")


# ---------------------------------------------------------------- pieces of a sentence


def _quotes(text: str) -> list[tuple[int, int]]:
    """Direct quotations in a statement: quoted spans of three or more words (not scare quotes)."""
    if '"' not in text and "“" not in text and "«" not in text and "‘" not in text:
        return []
    found = []
    for m in _QUOTED.finditer(text):
        inner = m.group()[1:-1]
        if len(inner.split()) >= 3 or inner.rstrip()[-1:] in ".!?,":
            found.append((m.start(), m.end()))
    # A paragraph that opens a quotation and carries it on (multi-paragraph quotations leave the
    # closing mark off) is a quotation too.
    stripped = text.lstrip()
    if not found and stripped[:1] in "“\"«" and len(stripped.split()) >= 3:
        close = {"“": "”", '"': '"', "«": "»"}[stripped[0]]
        if close not in stripped[1:]:
            found.append((len(text) - len(stripped), len(text)))
    return found


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


@dataclass(slots=True)
class _Tok:
    text: str
    low: str
    cap: bool
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    toks = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        end = m.end()
        # A trailing full stop belongs to the token only for abbreviations (U.S., Gen., Ltd.).
        if word[-1] == "." and len(word) > 1 and not _ABBREVIATION.fullmatch(word):
            word = word[:-1]
            end -= 1
        toks.append(_Tok(word, word.lower(), word[:1].isupper(), m.start(), end))
    return toks


@dataclass(slots=True)
class _Source:
    """A source as found: its text as written, where, and what sort of source it is."""

    start: int
    end: int
    sort: str  # person | org | group | pronoun


class _Sentence:
    """One statement's text, tokens (outside quotations) and quotations, and how to read them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quotes = _quotes(text)
        self.words = frozenset(_WORD.findall(text.lower()))
        # Without a reporting word, a title or a colon there is no source to find: no tokens.
        self.all = _tokens(text) if ":" in text or not _SOURCE_HINTS.isdisjoint(self.words) else []
        quotes = self.quotes
        self.toks = [t for t in self.all if not _inside(quotes, t.start)] if quotes else self.all

    def name(self, src: _Source) -> str:
        return self.text[src.start:src.end]

    # -- noun phrases -------------------------------------------------------------------

    def _named(self, chunk: list[_Tok]) -> _Source | None:
        """A source from a run of capitalised tokens: titles stripped unless it is an org."""
        if chunk and chunk[0].low == "the" and (len(chunk) < 3 or chunk[0].text != "The"):
            chunk = chunk[1:]  # "The" only belongs to longer names: "The National Security Council"
        if not chunk:
            return None
        org = any(t.low in _ORG_WORDS for t in chunk)
        if not org:
            last_title = -1
            i = 0
            while i < len(chunk) - 1:
                if chunk[i].low in _TITLES:
                    last_title = i
                    if i + 2 < len(chunk) and chunk[i + 1].low == "of":  # Secretary of State
                        last_title = i = i + 2
                i += 1
            chunk = chunk[last_title + 1:] or chunk
        if all(t.low in _TITLES or t.low in _FUNCTION_CAPS for t in chunk):
            return None
        return _Source(chunk[0].start, chunk[-1].end, "org" if org else "person")

    def before(self, i: int, floor: int = 0) -> _Source | None:
        """The source ending at token i, read backwards: a name, a group noun, a pronoun, or a
        common noun phrase after a determiner ("the transport department")."""
        toks = self.toks
        if i < floor:
            return None
        tok = toks[i]
        if tok.low in _PRONOUNS:
            return _Source(tok.start, tok.end, "pronoun")
        if tok.cap and tok.low not in _FUNCTION_CAPS:
            j = i
            while j - 1 >= floor:
                prev = toks[j - 1]
                if prev.cap and (prev.low not in _FUNCTION_CAPS or prev.low == "the"):
                    j -= 1
                elif prev.low in ("of", "for", "de", "van", "von", "al", "bin") and j - 2 >= floor \
                        and toks[j - 2].cap and toks[j - 2].low not in _FUNCTION_CAPS:
                    j -= 2
                else:
                    break
            if j - 1 >= floor and toks[j - 1].low in _PLACE_PREPOSITIONS:
                # "Owners of the six cafés on Market Street said": the name is a place in the
                # subject; the subject, as written from the start of its clause, made the claim.
                subject = self._clause_subject(j - 1, i, floor)
                if subject is not None:
                    return subject
            return self._named(toks[j:i + 1])
        if not tok.text[0].isalpha() or tok.cap:
            return None
        # A lower-case noun phrase: back over at most three words to a determiner.
        j = i
        while j - 1 >= floor and i - j < 3 and toks[j - 1].text[0].isalpha() \
                and toks[j - 1].low not in _DETERMINERS and not toks[j - 1].cap:
            j -= 1
        has_det = j - 1 >= floor and toks[j - 1].low in _DETERMINERS
        if tok.low in _GROUP_NOUNS or (has_det and tok.low not in _REPORTING):
            if not has_det and tok.low in _GROUP_NOUNS:
                j = i  # "top U.S. officials" -> "officials"
            return self._with_head(_Source(toks[j].start, tok.end, "group"), j)
        return None

    def _clause_subject(self, prep: int, last: int, floor: int) -> _Source | None:
        """The noun phrase from the start of the clause to token ``last``, when it begins with a
        noun (not with a preposition: "In Kyiv, officials said" has its subject after the comma)."""
        toks = self.toks
        k = prep
        while k - 1 >= floor and toks[k - 1].text not in (",", ";", ":", "“", "”", '"', "(", "—"):
            k -= 1
        while k < prep and toks[k].low in ("but", "and", "so", "yet", "then"):
            k += 1
        if k >= prep or last - k > 10 or toks[k].low in _PLACE_PREPOSITIONS:
            return None
        if toks[k].low in ("the", "a", "an") and k + 1 < prep:
            head = toks[k + 1]
        else:
            head = toks[k]
        if head.low in _REPORTING or head.low in _FUNCTION_CAPS - {"the", "a", "an"}:
            return None
        sort = "group" if not head.cap else ("org" if any(t.low in _ORG_WORDS for t in toks[k:last + 1]) else "group")
        return _Source(toks[k].start, toks[last].end, sort)

    def _with_head(self, src: _Source, k: int) -> _Source:
        """``a spokeswoman for the agency`` rather than ``agency``."""
        toks = self.toks
        i = k - 1
        if i > 0 and toks[i].low in _DETERMINERS:
            i -= 1
        if i <= 0 or toks[i].low not in ("for", "of", "at", "from"):
            return src
        head = toks[i - 1]
        if head.low in _GROUP_NOUNS or head.low.rstrip("s") in _GROUP_NOUNS:
            return _Source(head.start, src.end, "group")
        return src

    def after(self, i: int) -> _Source | None:
        """The source starting at token i and ending its clause: ``said Jake Sullivan.``"""
        toks = self.toks
        if i < len(toks) and toks[i].low in ("the", "a", "an"):
            i += 1
        if i >= len(toks):
            return None
        tok = toks[i]
        if tok.low in _PRONOUNS:
            src = _Source(tok.start, tok.end, "pronoun")
        elif tok.cap:
            j = i
            while j < len(toks) and (toks[j].cap or (toks[j].low in ("of", "for")
                                                     and j + 1 < len(toks) and toks[j + 1].cap)):
                j += 1
            src = self._named(toks[i:j])
        else:
            # "said a senior official", "said the company": a lower-case head noun.
            src = None
            for k in range(i, min(len(toks), i + 4)):
                if not toks[k].text[0].isalpha():
                    break
                if toks[k].low in _GROUP_NOUNS:
                    src = self._with_head(_Source(toks[i].start, toks[k].end, "group"), i)
                    break
        if src is None:
            return None
        rest = self.text[src.end:].lstrip()
        return src if not rest or rest[0] in _CLAUSE_END else None

    def subject(self, before: int) -> _Source | None:
        """The first name of the sentence (the subject of "..., stating that")."""
        toks = self.toks
        for k in range(before):
            t = toks[k]
            if t.cap and t.low not in _FUNCTION_CAPS:
                j = k
                while j + 1 < before and (toks[j + 1].cap or toks[j + 1].low == "of"):
                    j += 1
                return self.before(j, k)
            if t.low in _GROUP_NOUNS:
                return self.before(k)
        return None

    # -- attribution ----------------------------------------------------------------------

    def attribution(self) -> tuple[_Source, str, int, int] | None:
        """(source, cue, cue start, cue end) for the first reporting cue with a source."""
        text, toks = self.text, self.toks
        m = _COMMENT_CUE.search(text) if "comment" in self.words else None
        if m and not _inside(self.quotes, m.start()):
            k = next((i for i, t in enumerate(toks) if t.start >= m.start()), 0)
            src = self.before(k - 1) if k > 0 else None
            if src:
                return src, m.group(), m.start(), m.end()
        m = _ACCORDING.search(text) if "according" in self.words else None
        if m and not _inside(self.quotes, m.start()):
            src = self._according_to(m.end())
            if src:
                return src, "according to", m.start(), m.end()
        for k, tok in enumerate(toks):
            if tok.low in _REPORTING:
                src = self._source_of_cue(k)
                if src:
                    return src, tok.text, tok.start, tok.end
        return self._colon_source()

    def _source_of_cue(self, k: int) -> _Source | None:
        toks, text = self.toks, self.text
        cue = toks[k]
        # Inverted: "“…,” said Jake Sullivan." / "…, said the ministry."
        if not cue.low.endswith("ing") and text[:cue.start].rstrip().endswith((",", "”", '"', "’")):
            src = self.after(k + 1)
            if src:
                return src
        j = k - 1
        while j >= 0 and toks[j].low in _SKIP_BEFORE_CUE:
            j -= 1
        if j < 0:
            return None
        if toks[j].text == "," and cue.low.endswith("ing"):
            return self.subject(j)  # "..., stating that": the sentence's subject said it
        if toks[j].low == "who":  # "Vladimir Putin, who warns"
            j -= 1
            if j >= 0 and toks[j].text == ",":
                j -= 1
        elif toks[j].text == ",":  # an apposition: "A spokesman for X, Delmar Ltd., said"
            inner = self.before(j - 1) if j > 0 else None
            if inner is None:
                return None
            i = next(i for i, t in enumerate(toks) if t.start == inner.start)
            if i >= 2 and toks[i - 1].text == ",":
                outer = self.before(i - 2)
                if outer and outer.sort != "pronoun":
                    return outer
            return inner
        if j < 0:
            return None
        src = self.before(j)
        if src is None:
            return None
        if src.sort == "pronoun" and j >= 1 and toks[j - 1].low in ("that", "what", "if", "as"):
            return None  # "...what he said": not this statement's source
        if cue.low in _WEAK_CUES and src.sort == "group" \
                and self.text[src.start:src.end].lower() not in _GROUP_NOUNS:
            return None  # "its five main claims": a noun, not a source and a reporting verb
        return src

    def _according_to(self, pos: int) -> _Source | None:
        toks = self.toks
        j = next((k for k, t in enumerate(toks) if t.start >= pos), len(toks))
        if j < len(toks) and toks[j].low == "to":
            j += 1
        while j < len(toks) and toks[j].low in ("the", "a", "an"):
            j += 1
        if j >= len(toks):
            return None
        if toks[j].cap and toks[j].low not in _FUNCTION_CAPS:
            k = j
            while k < len(toks) and (toks[k].cap or (toks[k].low in ("of", "for")
                                                     and k + 1 < len(toks) and toks[k + 1].cap)):
                k += 1
            return self._named(toks[j:k])
        # "reports", "an engineering report seen by ...", "a senior official": up to a stop word.
        k = j
        while k < len(toks) and k < j + 4 and toks[k].text[0].isalpha() and not toks[k].cap \
                and toks[k].low not in _AFTER_SOURCE:
            k += 1
        if k == j:
            return None
        return _Source(toks[j].start, toks[k - 1].end, "group")

    def _colon_source(self) -> tuple[_Source, str, int, int] | None:
        """``Politico report: ...``, ``Reuters: ...``."""
        toks = self.toks
        for k, t in enumerate(toks[:7]):
            if t.text != ":":
                continue
            head = toks[:k]
            cue = None
            if head and (head[-1].low in _REPORTING or head[-1].low in ("statement", "report")):
                cue = head[-1]
                head = head[:-1]
            if not head or not head[0].cap or head[0].low in _FUNCTION_CAPS \
                    or head[0].low in _LABELS:
                return None
            if not all(h.cap or h.low in ("of", "for") for h in head):
                return None
            src = self._named(head)
            if src is None:
                return None
            if cue:
                return src, cue.text, cue.start, cue.end
            return src, ":", t.start, t.end
        return None

    def people(self) -> list[tuple[int, str]]:
        """People named after a title anywhere in the statement: (offset, name)."""
        toks = self.all
        found = []
        for k, tok in enumerate(toks):
            if tok.low not in _PERSON_TITLES:
                continue
            j = k + 1
            if j + 1 < len(toks) and toks[j].low == "of":
                j += 2
            start = j
            while j < len(toks) and toks[j].cap and toks[j].low not in _FUNCTION_CAPS \
                    and toks[j].low not in _TITLES:
                j += 1
            name = toks[start:j]
            if name and not any(t.low in _ORG_WORDS for t in name):
                found.append((name[0].start, self.text[name[0].start:name[-1].end]))
        return found


_AFTER_SOURCE = _words(
    "who that which in on at from with and by seen obtained published released of for to issued "
    "reviewed commissioned cited given as last this published said"
)


class _Context:
    """What the detector remembers from statement to statement."""

    def __init__(self) -> None:
        self.last_person: str | None = None
        self.last_group: str | None = None
        self.prev_speaker: str | None = None
        self.prev_block = -2

    def resolve(self, sentence: _Sentence, src: _Source) -> str | None:
        if src.sort != "pronoun":
            return sentence.name(src)
        sort = _PRONOUNS[sentence.name(src).lower()]
        if sort == "person":
            return self.last_person
        if sort == "group":
            return self.last_group
        return None


# ---------------------------------------------------------------- the detector


def _figures(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    if _FIGURE_HINTS.isdisjoint(words) and not _DIGIT_OR_MONEY.search(text):
        return []
    m = _LIST_NUMBER.match(text)
    return [(f.start(), f.end()) for f in _FIGURES.finditer(text, m.end() if m else 0)]


def _shorten(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mark_order(mark: Mark) -> tuple[int, int]:
    return mark[1], mark[2]


def analyse_text(text: str, context: _Context | None = None, base: int = 0, index: int = 0,
                 block: int = -1) -> Claim:
    """The claim of one statement's text. ``base`` is its offset in the document."""
    ctx = context or _Context()
    sentence = _Sentence(text)
    quotes = sentence.quotes
    kinds: list[str] = []
    reasons: list[str] = []
    marks: list[Mark] = []
    speaker: str | None = None
    cue: str | None = None

    if quotes:
        kinds.append("quote")
        reasons.append(f"quotation: {_shorten(text[quotes[0][0]:quotes[0][1]])}")
        marks.extend(Mark("quote", base + s, base + e) for s, e in quotes)

    found = sentence.attribution()
    cue_start = -1
    if found:
        src, cue, cue_start, cue_end = found
        speaker = ctx.resolve(sentence, src)
        written = sentence.name(src)
        kinds.append("attribution")
        marks.append(Mark("cue", base + cue_start, base + cue_end))
        if src.sort == "pronoun":
            reasons.append(f"source: {speaker} (“{written}” {cue})" if speaker
                           else f"source: “{written}” ({cue})")
        else:
            marks.append(Mark("speaker", base + src.start, base + src.end))
            reasons.append(f"source: {speaker} ({cue})")
            if src.sort in ("org", "group"):
                ctx.last_group = speaker
    elif quotes and quotes[0][0] <= 1 and ctx.prev_speaker and block - ctx.prev_block <= 1:
        # A bare quotation right after an attributed one continues it.
        speaker = ctx.prev_speaker
        reasons.append(f"continues the quotation of {speaker}")

    figures = _figures(text, sentence.words)
    if figures:
        kinds.append("statistic")
        reasons.append("figure: " + ", ".join(_shorten(text[s:e], 24) for s, e in figures[:3]))
        marks.extend(Mark("figure", base + s, base + e) for s, e in figures)

    hedges = [] if _HEDGE_HINTS.isdisjoint(sentence.words) else [
        (m.start(), m.end()) for m in _HEDGES.finditer(text) if m.start() != cue_start]
    if hedges:
        kinds.append("hedge")
        words = list(dict.fromkeys(text[s:e].lower() for s, e in hedges))
        reasons.append("hedge: " + ", ".join(words[:4]))
        marks.extend(Mark("hedge", base + s, base + e) for s, e in hedges)

    score, model_reasons = checkworthy.explain(text, limit=2, wording_only=True)
    if not kinds and score >= ASSERTION_THRESHOLD:
        kinds.append("assertion")
    reasons.extend(model_reasons)
    if not quotes and text.rstrip()[-1:] == "?":
        reasons.append("a question, not a claim")

    people = sentence.people()
    if found and found[0].sort == "person" and speaker:
        people.append((found[0].start, speaker))
    if people:
        ctx.last_person = max(people)[1]
    ctx.prev_speaker = speaker if ("quote" in kinds or "attribution" in kinds) else None
    ctx.prev_block = block
    if len(marks) > 1:
        marks.sort(key=_mark_order)
    return Claim(index=index, start=base, end=base + len(text),
                 kinds=tuple(kinds), speaker=speaker, cue=cue,
                 score=round(score, 4), reasons=tuple(reasons), marks=tuple(marks))


def detect(document: Document, statements: Sequence,
           progress: Callable[[int, int], None] | None = None) -> tuple[Claim, ...]:
    """One Claim per statement, in order. Statements carry ``start``, ``end`` and ``block``.

    ``progress(done, total)`` is called every few thousand statements (for a progress bar).
    """
    ctx = _Context()
    text = document.text
    out = []
    total = len(statements)
    for i, st in enumerate(statements):
        out.append(analyse_text(text[st.start:st.end], ctx, base=st.start, index=i, block=st.block))
        if progress is not None and i % 2000 == 1999:
            progress(i + 1, total)
    return tuple(out)


def detect_texts(texts: Iterable[str]) -> list[Claim]:
    """Claims of standalone sentences (no context carries over), as the evaluation uses them."""
    return [analyse_text(t, index=i) for i, t in enumerate(texts)]
