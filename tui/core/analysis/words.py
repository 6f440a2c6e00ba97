"""The words and patterns that make a claim: reporting cues, titles, organisations, hedges, figures."""

from __future__ import annotations

import re


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


REPORTING = _words(
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
WEAK_CUES = _words("reports reported notes states estimates claims posted recalls promises "
                    "suggests indicated indicates")
COMMENT_CUE = re.compile(
    r"\b(?:declined|refused|declines|refuses|did not (?:immediately )?respond to (?:a )?requests? "
    r"for|could not be reached for|was not available for|did not return requests? for) "
    r"(?:to )?(?:immediately )?comment\b",
)
ACCORDING = re.compile(r"\baccording to\b", re.I)

# Words of a title or office before a name: "Russian President Vladimir Putin".
TITLES = _words(
    "president vice prime minister secretary senator sen. sen rep. rep representative gov. gov "
    "governor gen. gen general dr. dr mr. mr mrs. mrs ms. ms prof. prof professor chancellor "
    "ambassador director chairman chairwoman chair spokesman spokeswoman spokesperson adviser "
    "advisor commissioner mayor king queen prince princess pope judge justice chief ceo leader "
    "speaker admiral colonel col. lt. capt. sgt. lieutenant captain sergeant commander "
    "premier officer official envoy attorney deputy foreign defense defence interior finance "
    "security national state press"
)
# Titles that name a person when a capitalised name follows ("Sen. Elizabeth Warren").
PERSON_TITLES = _words(
    "president minister secretary senator sen. sen rep. representative gov. governor gen. "
    "general dr. mr. mrs. ms. prof. professor chancellor ambassador spokesman spokeswoman "
    "spokesperson adviser advisor mayor king queen prince princess pope judge justice admiral "
    "colonel col. lt. capt. sgt. lieutenant captain sergeant commander premier envoy attorney"
)
# A name holding one of these is an organisation (or a place standing for its government).
ORG_WORDS = _words(
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
GROUP_NOUNS = _words(
    "officials official sources source reports report experts expert analysts analyst critics "
    "authorities diplomats diplomat residents witnesses police investigators researchers "
    "scientists lawmakers legislators prosecutors aides spokesman spokeswoman spokesperson "
    "statement ministry government administration company agency department people observers "
    "economists doctors activists supporters opponents officers commanders insiders advisers "
    "advisors leaders study survey data documents filing filings memo letter"
)
PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "group", "we": None,
             "i": None}
DETERMINERS = _words("the a an its his her their this that these those our")
SKIP_BEFORE_CUE = _words(
    "has have had also already previously later reportedly repeatedly recently publicly "
    "privately then once again earlier now quickly separately further subsequently initially "
    "first last been would will has not never did does do"
)
# Capitalised words that are grammar, not names, at the start of a sentence or clause.
FUNCTION_CAPS = _words(
    "the a an but and or so yet as when while in on at for from with by after before if though "
    "although because since this that these those there here it its his her their our my your "
    "we i he she they meanwhile however still asked what why how who where which some many "
    "most few several all both each every no not is are was were according"
)
CLAUSE_END = ",.;:—–!?)"
# "Verdict: false", "Update: ...": labels before a colon, not sources.
LABELS = _words(
    "verdict update updated correction note editor editor’s editor's claim claims photo picture "
    "image video watch listen read related breaking analysis opinion summary background context "
    "disclaimer source sources fact facts rating ratings conclusion bottom what why how when "
    "where who question answer q a warning caution step chapter part section table figure "
    "exclusive live contents"
)
# Before a name, these make it a place or an object inside a longer subject.
PLACE_PREPOSITIONS = _words("in on at of from for near across outside inside within around "
                             "throughout")

HEDGES = re.compile(
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
FIGURES = re.compile(
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
WORD = re.compile(r"[a-z]+")
SOURCE_HINTS = frozenset(w.rstrip(".") for w in REPORTING | PERSON_TITLES) | {"according", "comment"}
FIGURE_HINTS = _words(
    "half third thirds quarter quarters twice thrice double doubled doubles triple tripled "
    "halved million millions billion billions trillion trillions thousand thousands hundred "
    "hundreds dozen dozens percent cent bn"
)
HEDGE_HINTS = _words(
    "reportedly allegedly purportedly apparently possibly perhaps probably likely unlikely "
    "potential potentially could might may appear appears appeared seem seems seemed suggest "
    "suggests suggested suggesting indicate indicates indicated indicating expected believed "
    "said rumored rumoured unconfirmed unverified unclear estimated speculate speculated "
    "speculates speculation speculative speculating many up nearly almost roughly approximately"
)
DIGIT_OR_MONEY = re.compile(r"[\d$€£¥]")
LIST_NUMBER = re.compile(r"\A\s*\(?\d{1,3}[.)]\s")
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w(?:[\w’'\-.&]*\w)?\.?|[,:;“”\"()—–]")
ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.|(?:[a-z]\.){2,}")
AFTER_SOURCE = _words(
    "who that which in on at from with and by seen obtained published released of for to issued "
    "reviewed commissioned cited given as last this published said"
)
