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
    "advisors leaders study survey data documents filing filings memo letter poll polls analysis "
    "research figures statistics records audit investigation estimates projections models "
    "newspaper paper magazine watchdog regulator broadcaster channel website inquiry review "
    "person member members man woman voter voters delegate delegates resident supporter"
)
# What a pronoun source stands for: a person or group named before, the writer ("I said", "we
# asked our readers": first person outside quotation marks is the article's own voice), or
# no one in particular ("you").
PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "group", "we": "writer",
            "i": "writer", "you": None}
#: How the writer is named as a speaker: the pronoun as written, said whose it is.
WRITER = {"i": "I (the writer)", "we": "we (the writer)"}
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
    "most few several all both each every no not is are was were according during unlike like "
    "despite among amid without within under about against through until upon into toward "
    "towards between beyond besides even"
)
CLAUSE_END = ",.;:—–!?)"
# "Verdict: false", "Update: ...": labels before a colon, not sources.
LABELS = _words(
    "verdict update updated correction corrections clarification clarifications addendum note editor editor’s editor's claim claims photo picture "
    "image video watch listen read related breaking analysis opinion summary background context "
    "disclaimer source sources fact facts rating ratings conclusion bottom what why how when "
    "where who question answer q a warning caution step chapter part section table figure "
    "exclusive live contents media contact contacts tel phone email e-mail fax website"
)
# Before a name, these make it a place or an object inside a longer subject.
PLACE_PREPOSITIONS = _words("in on at of from for near across outside inside within around "
                             "throughout")


def _either_case(words: str) -> str:
    """An alternation of ``words`` that also matches each with a capital first letter, written
    so that the regex engine can reject a position on its first character (faster than re.I)."""
    return "(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}"
                            for w in words.split()) + ")"


# --- Hedges: words that say a claim is not certain ------------------------------------------
# Lower-case literals, so that the regex engine rejects most positions on one character; a
# capital that opens the statement ("Perhaps", "Reportedly,") is lowered before the search, but
# for "May", the month (or Theresa May) far more often than a modal verb. "suggest" and
# "indicate" hedge only as the writer's own inference ("this suggests", ", suggesting that");
# after a source ("the study suggests that", "It also suggests increasing") they report what
# someone said or proposes. The look-ahead at the front is the set of their first letters: the
# engine passes over a position that cannot begin one at once, not trying each there.
HEDGES = re.compile(
    r"(?=[abceilmnprstuw])\b(?:reportedly|allegedly|alleged|purportedly|supposedly|presumably|"
    r"apparently|possibly|perhaps|maybe|probably|likely|unlikely|potentially|potential|could|"
    r"might|may|seemed|seems|seem|appears to|appear to|appeared to|expected to|believed to|"
    r"thought to|is said to|are said to|was said to|were said to|is expected|are expected|"
    r"was expected|were expected|rumoured|rumored|unconfirmed|unverified|it is unclear|estimated|"
    r"speculat\w*|as many as|up to|nearly|almost|roughly|approximately|"
    r"suggest(?:(?<=this suggest)|(?<=, which suggest)|(?<=what suggest))(?:s|ed)|"
    r"indicat(?:(?<=this indicat)|(?<=, which indicat)|(?<=what indicat))(?:es|ed|e)|"
    r"(?:suggest|indicat)ing(?<=, suggesting|, indicating))\b"
)
#: Modal hedges that a counterfactual turns into supposition: "We could understand if Qantas
#: was a struggling airline" doubts nothing.
HYPOTHETICAL_HEDGES = frozenset({"could", "might"})
#: An "if" or "unless" clause in the past or the subjunctive: the sentence supposes, it does not
#: hedge a claim ("Prices could rise if the bank cuts rates" still hedges).
COUNTERFACTUAL = re.compile(
    r"\b(?:[Ii]f|[Uu]nless)\b[^.;:!?]*?\b(?:was|were|had|did|wasn['’]t|weren['’]t|hadn['’]t|"
    r"didn['’]t)\b"
)

# --- Figures: the numbers a fact-checker checks -----------------------------------------------
# A statistic counts or measures: "300 people", "3 of 5", "1.2m", "£35bn", "5%", "a third",
# "Two million children", "Four members", "One in ten users". A number that names or places
# is not one: a year, a date, a time of day, an ordinal, a model or section number, a version,
# a phone number, an id, an address, a footnote, and a person's age (it identifies someone, as
# a name does; "the average age is 58" and "children under 5" are not written as an age, and
# count).
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_SCALE = r"(?:million|billion|trillion|thousand|hundred|dozen)s?"
# After a number, what makes it a measure even where it looks like a year or a name's number.
_MEASURE = r"\s?(?:%|per ?cent\b|percentage points?\b|points?\b|" + _SCALE + r"\b|(?:bn|m|k|tn)\b)"
_ORDINAL = r"(?:st|nd|rd|th)"
_TIME_UNIT = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|decades?)"
_STREET = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr|Way|Place|Pl|Square|Sq|"
    r"Court|Ct|Terrace|Close|Crescent|Gardens|Row|Parkway|Pkwy|Highway|Hwy|Plaza)\b"
)
_CLOCK = r"\s?(?:[ap]\.m\.|[ap]m\b|[AP]M\b)"
#: A number where it starts (a digit or a currency sign), matched at that position. Group "no":
#: a number that names or places, skipped; "plain": a bare number, a figure unless the word
#: before makes it a name's or an id's (ID_WORDS, NAME_WORD); any other match is a figure.
NUMBER_AT = re.compile(
    r"(?P<no>"
    r"(?<=\[)\^?\d+(?:[,–-]\s?\d+)*\]|(?<=\[\^)\d+\]"  # footnotes, citations: [^1], [2], [3-5]
    r"|(?<=\+)\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,5}"  # phone numbers: +44 20 7946 0958,
    r"|(?<=\()0?\d{2,5}\)\s?\d{3,4}[\s.-]?\d{3,4}"  # (020) 7946 0958, (555) 123-4567,
    r"|0\d{2,4}[\s.-]\d{3,4}[\s.-]?\d{3,4}\b|\d{3}[.-]\d{3}[.-]\d{4}\b"  # 020 7946 0958
    r"|(?<=[A-Za-z] \()\d{1,3}\)"  # "Smith (34)", "(2)"
    r"|\d{1,2}" + _ORDINAL + r"?(?:\s?[-–]\s?\d{1,2}" + _ORDINAL + r"?)? (?:of )?" + _MONTH
    + r"(?!\w)(?:,? \d{4}\b)?"  # dates: 18 March 2024, 18-20 March
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?![\w.])"  # 18/03/2024, 2024-03-18, 1.2.3
    r"|\d+(?:\.\d+){2,}|\d{1,2}/\d{1,2}(?![\d/])"  # versions 3.2.1; 9/11, 24/7
    r"|(?:1[89]|20)\d\d(?:s\b|[/–-]\d\d(?:\d\d)?\b)?(?!\d|[.,]\d|" + _MEASURE + r")"  # years
    r"|\d0s\b"  # decades: the ’90s, her 60s
    r"|\d{1,2}(?:[:.]\d\d)?" + _CLOCK + r"|\d{1,2}:\d\d(?::\d\d)?\b(?:" + _CLOCK + r")?"  # 3pm
    r"|\d{4}\s?(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|ET|PT|hrs)\b|\d{1,2} o['’]clock\b"
    r"|\d+" + _ORDINAL + r"\b"  # ordinals: 1st, 21st
    r"|\d{1,3}(?:(?:,| and| or| to|\s?[-–])\s?\d{1,3})*[- ](?:years?|months?|weeks?)[- ]old\b"
    # ages: 34-year-old, 27 and 29 years old
    r"|\d{10,}(?![.,]?\d)"  # ids and timestamps: 778257943577919488 (figures are grouped)
    r"|\d+\s" + _TIME_UNIT + r" ago\b"  # 3 days ago: a date
    r"|\d{1,5}[A-Za-z]?(?:[-–]\d{1,5})? (?:[A-Z][\w'’.-]* ){1,3}" + _STREET  # addresses
    + r")"
    r"|[$€£¥]\s?(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)"  # money: £35bn, $4.2 billion, $.80
    r"(?:\s?(?:(?:[Mm]illion|[Bb]illion|[Tt]rillion)\b|(?:bn|m|k|tn)\b)|(?:[BMKT]|BN|Bn)\b)?"
    r"|\d+(?:,\d{3})*(?:\.\d+)?(?:" + _MEASURE + r"|\s?(?:times|fold)\b)"
    r"|(?P<plain>\d+(?:,\d{3})*(?:\.\d+)?)"
)
#: Words after which a number is a name's or an id's, not a figure: "Chapter 1", "section 12",
#: "No. 10", "aged 34", "May 18" (lower-cased; see also ID_SIGNS and NAME_WORD).
ID_WORDS = _words(
    "chapter chapters section sections article articles art. clause clauses paragraph para. "
    "page pages pp. p. line lines verse verses letter letters figure figures fig. table tables "
    "appendix annex part parts volume vol. issue issues no. no nos. nos number numbers version "
    "ver. release model type class category grade level stage phase season episode series "
    "round game route highway interstate flight room unit apartment apt. flat suite gate "
    "platform terminal building bus channel exit district ward precinct amendment resolution "
    "rule item step question exhibit tier schedule regulation directive proposition prop. id "
    "ref. reference case ticket order account invoice serial code pin zip postcode isbn issn "
    "doi book psalm act age aged ages jan. jan january feb. feb february mar. mar march apr. apr "
    "april may june jun. jun july jul. jul aug. aug august sep. sept. sep sept september oct. "
    "oct october nov. nov november dec. dec december"
)
ID_SIGNS = "#§"
#: Before a number of days, months, years: a span of time, not a figure ("the last 12 months").
SPAN_WORDS = _words("last next past previous coming first final")
TIME_UNIT_AFTER = re.compile(r"\s" + _TIME_UNIT + r"\b")
#: After a name's or an id's number, more of its kind: "Chapters 3 to 5", "ages 18 to 24".
RANGE_REST = re.compile(r"\s?(?:-|–|to|and|&)\s?\d+[A-Za-z]?\b")
#: A capitalised word right before a number, mid-sentence, is a name with its number:
#: "PlayStation 2", "Apollo 11", "OS/2", "Title 42" (but not in a headline: LOWER_WORD).
NAME_WORD = re.compile(r"[A-Z][A-Za-z0-9&+-]*")
#: Capitalised words before a number that do not name it: "About 300", "Only 5".
NOT_A_NAME = _words(
    "The A An About Around Almost Nearly Over Under Only Just Some More Fewer Less Than At By "
    "In On Since Until To From Of For With After Before During All Each Every Another Those "
    "These Up Between And But Or Among Within Approximately Roughly Exactly Top Total Last "
    "Next First I Still Also Plus Minus Below Above Per Average Median Mean"
)
#: A headline in title case ("Biden Wins 306 Electoral Votes") has no lower-case word of four
#: letters or more; there a capitalised word before a number is no name.
LOWER_WORD = re.compile(r"\b[a-z]{4,}")

_UNITS = "one two three four five six seven eight nine"
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
# Two to ninety-nine ("one" alone is seldom a count: "one of", "no one", "one day").
_COUNT = (r"(?:" + _either_case(_TENS) + r"(?:[ -](?:" + _UNITS.replace(" ", "|") + r"))?|"
          + _either_case("two three four five six seven eight nine ten eleven twelve thirteen "
                         "fourteen fifteen sixteen seventeen eighteen nineteen") + ")")
_FRACTION = r"(?:third|quarter|fifth|sixth|seventh|eighth|ninth|tenth)"
#: Figures in words. Group "no": skipped (a person's age, "two years ago"); "count": a bare
#: count, a figure unless a definite word before it names a set already known ("the two
#: leaders"): see DEFINITE.
WORD_FIGURES = re.compile(
    r"\b(?:(?P<no>(?:" + _COUNT + r"|[Aa]n?)[- ](?:(?:years?|months?|weeks?)[- ]old|"
    + _TIME_UNIT + r" ago)\b"
    r"|(?:[Oo]ne|" + _COUNT + r") o['’]clock\b"  # a time: three o'clock
    r"|(?:[Ll]ast|[Nn]ext|[Pp]ast|[Pp]revious|[Cc]oming|[Ff]irst|[Ff]inal) " + _COUNT + r" "
    + _TIME_UNIT + r"\b)"  # time spans: the last four years
    r"|(?:[Oo]ne|" + _COUNT + r") (?:in|out of|of every|in every) (?:" + _COUNT
    + r"|a hundred|a thousand|hundred|thousand|\d+)\b"  # one in ten
    r"|(?:[Oo]ne|[Aa]n?|[Ss]everal|[Tt]ens|[Hh]undreds|[Tt]housands|[Mm]illions|" + _COUNT
    + r")[ -]" + _SCALE + r"\b"  # Two million, a dozen, several hundred
    r"|" + _either_case("dozens scores hundreds thousands millions billions") + r" of\b"
    r"|[Tt]ens of (?:thousands|millions) of\b"
    r"|(?:[Oo]ne|[Aa]|" + _COUNT + r")[ -](?:per ?cent|percent)\b"  # fifty percent
    r"|(?:[Oo]ne|" + _COUNT + r")[ -]" + _FRACTION + r"s\b"  # two-thirds
    r"|(?:[Aa]|[Oo]ne)[ -](?:half|" + _FRACTION + r")(?= of\b| (?:more|less|fewer|as|than|the|"
    r"in|on|since|from|over|under|higher|lower|bigger|smaller|larger)\b|\s*(?:[.,;:!?)—–]|$))"
    r"|[Hh]alf\b(?!-)(?<!first half)(?<!second half)(?<!other half)(?<!better half)"
    r"|" + _either_case("twice thrice doubled doubling tripled trebled quadrupled halved halving")
    + r"\b|(?:[Dd]ouble|[Tt]riple)(?= (?:the|that|its|their|what)\b)"
    r"|(?P<count>" + _COUNT + r")\b(?![ -](?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth)\b))"
)
#: Before a count in words, the words that make it part of a name for a known set.
DEFINITE = re.compile(r"\b(?:[Tt]he|[Tt]hese|[Tt]hose|its|their|his|her|our|my|your|[Bb]oth|"
                      r"[Aa]ll) \Z")
# Cheap tests on a statement's set of lower-case words let most statements skip slower work.
WORD = re.compile(r"[a-z]+")
SOURCE_HINTS = frozenset(w.rstrip(".") for w in REPORTING | PERSON_TITLES) | {"according", "comment"}
# A figure in words holds one of these: WORD_FIGURES is tried only where they are (and a word
# before them), as a scan of the whole statement would cost more than the rest of its analysis.
FIGURE_HINTS = _words(
    "one half third thirds fifth fifths sixth sixths seventh sevenths eighth eighths ninth "
    "ninths tenth tenths quarter quarters twice thrice double doubled doubling triple tripled "
    "trebled quadrupled halved halving million millions billion billions trillion trillions "
    "thousand thousands hundred hundreds dozen dozens scores tens percent " + _TENS + " two "
    "three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
)
HEDGE_HINTS = _words(
    "reportedly allegedly alleged purportedly supposedly presumably apparently possibly perhaps "
    "maybe probably likely unlikely potential potentially could might may appear appears "
    "appeared seem seems seemed suggest suggests suggested suggesting indicate indicates "
    "indicated indicating expected believed thought said rumored rumoured unconfirmed "
    "unverified unclear estimated speculate speculated speculates speculation speculative "
    "speculating many up nearly almost roughly approximately"
)
DIGIT_OR_MONEY = re.compile(r"[\d$€£¥]")
LIST_NUMBER = re.compile(r"\A\s*\(?\d{1,3}[.)]\s")
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w(?:[\w’'\-.&]*\w)?\.?|[,:;“”\"()—–]|(?<=\s)-(?=\s)")
ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.|(?:[a-z]\.){2,}")
AFTER_SOURCE = _words(
    "who that which in on at from with and by seen obtained published released of for to issued "
    "reviewed commissioned cited given as last this published said"
)
