"""Fuzzy search of statements as the user types, and statements that say the same (no textual)."""

from __future__ import annotations

import gc
import heapq
import math
import operator
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from heapq import nsmallest
from itertools import accumulate, islice, repeat

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

__all__ = ["Hit", "SearchIndex", "highlight", "related_score", "search_score"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: the item's number in the indexed sequence and its score (0..100)."""

    item: int
    score: float


# ---------------------------------------------------------------------------------------------
# Folding: the text both search_score and the index compare.
#
# Case-folded, accents removed, apostrophes dropped ("don't" -> "dont", "Sullivan's" ->
# "sullivans"), thousands separators dropped ("3,500" -> "3500"), a decimal point kept
# ("3.5"), every other run of non-alphanumerics one space, and one leading space so that
# " " + word marks the start of a word ("Jake Sullivan's" -> " jake sullivans").

_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_APOSTROPHES = "'’‘"
# (each begins with the character it removes: much faster to scan for than a look-behind)
_THOUSANDS = re.compile(r"[,.](?<=\d[,.])(?=\d{3}(?!\d))")
_NOT_DECIMAL = re.compile(r"\.(?:(?!\d)|(?<!\d\.))")
_TOKEN = re.compile(r"[^\W_]+")
_TOKEN_DOT = re.compile(r"(?:[^\W_]|\.)+")  # after _NOT_DECIMAL only decimal points are left
_BYTES = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))
_BYTES_DOT = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 or c == 46 else 32 for c in range(256))
_DIGITS = "0123456789"
_SPACES = "“”«»—–…\u00a0"  # common in English text: made spaces before the ASCII check


def _plain(s: str) -> str:
    """Casefolded non-ASCII text without accents (NFKD, combining marks removed)."""
    for c in _APOSTROPHES[1:]:
        s = s.replace(c, "'")
    for c in _SPACES:
        s = s.replace(c, " ")
    if s.isascii():
        return s
    # (NFKD can make capitals: "𝕬" is "A"; casefolding can make what NFKD splits again)
    s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", s).casefold())
    return _MARKS.sub("", s)


def _fold(text: str) -> str:
    s = text.lower() if text.isascii() else _plain(text.casefold())
    s = s.replace("'", "")
    for d in _DIGITS:
        if d in s:
            s = _NOT_DECIMAL.sub(" ", _THOUSANDS.sub("", s))
            if s.isascii():
                return (b" " + b" ".join(s.encode().translate(_BYTES_DOT).split())).decode()
            return " " + " ".join(_TOKEN_DOT.findall(s))
    if s.isascii():
        return (b" " + b" ".join(s.encode().translate(_BYTES).split())).decode()
    return " " + " ".join(_TOKEN.findall(s))


def _fold_map(text: str) -> tuple[str, list[int]]:
    """``_fold(text)`` and, for each of its characters, the index in text it comes from.

    The leading space and the spaces between words map to -1.
    """
    chars: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        f = c.lower() if c.isascii() else _plain(c.casefold())
        for d in f:
            if d != "'":
                chars.append(d)
                origin.append(i)
    s = "".join(chars)
    pattern = _TOKEN
    if any(d in s for d in _DIGITS):
        drop = {m.start() for m in _THOUSANDS.finditer(s)}
        if drop:
            keep = [k for k in range(len(s)) if k not in drop]
            s = "".join(s[k] for k in keep)
            origin = [origin[k] for k in keep]
        s = _NOT_DECIMAL.sub(" ", s)
        pattern = _TOKEN_DOT
    out = [" "]
    where = [-1]
    for m in pattern.finditer(s):
        if len(out) > 1:
            out.append(" ")
            where.append(-1)
        out.append(m.group())
        where.extend(origin[m.start():m.end()])
    return "".join(out), where


# ---------------------------------------------------------------------------------------------
# search_score

#: Below this a search score is 0: fewer than three quarters of the query's characters found.
SEARCH_FLOOR = 67.5
_FUZZY_WEIGHT = 0.9  # a fuzzy match (partial_ratio) never ranks with an exact one
_MID_WORD = 95.0  # the query found exactly, but starting inside a word ("ivan" in "Sullivan")
_ALL_WORDS = 90.0  # every query word starts a word of the text, in another order or apart
_PR_CUTOFF = SEARCH_FLOOR / _FUZZY_WEIGHT  # 75
_WORD_TYPO = 80.0  # a query word of 5+ letters this close to a part of the text counts, in part
_TYPO_SHARE = 0.9  # ... as 0.9 x its partial_ratio / 100 of a word found


def _fuzzy(q: str, t: str, cutoff: float = _PR_CUTOFF) -> float:
    """rapidfuzz partial_ratio of the folded texts (ratio when the text is shorter), 0 below
    the cutoff."""
    if len(t) < len(q):
        return fuzz.ratio(q, t, score_cutoff=cutoff)
    return fuzz.partial_ratio(q, t, score_cutoff=cutoff)


def _words_part(words: list[str], t: str, beat: float = 0.0) -> float:
    """90 x the share of the query's letters (and spaces) in words found in t, in any order.

    A word is found where it starts a word of t (counts 1); a word of 5 letters or more also,
    in part, where rapidfuzz partial_ratio of " word" in t is at least _WORD_TYPO (a typo:
    counts 0.9 x that / 100). The typo part is only worked out when the result can exceed
    `beat`; when it cannot, what is returned is at most `beat`.
    """
    total = exact = maybe = 0
    typos = []
    for w in words:
        size = len(w) + 1
        total += size
        if " " + w in t:
            exact += size
        elif size > 5:
            typos.append(w)
            maybe += size
    if not typos or _ALL_WORDS * (exact + maybe) / total < beat:
        return _ALL_WORDS * exact / total
    found = float(exact)
    for w in typos:
        found += (len(w) + 1) * _TYPO_SHARE * _fuzzy(" " + w, t, _WORD_TYPO) / 100.0
    return _ALL_WORDS * found / total


def _score_folded(q: str, words: list[str], t: str) -> float:
    if q in t:
        return 100.0
    if q[1:] in t:
        return _MID_WORD
    s = _FUZZY_WEIGHT * _fuzzy(q, t)
    if len(words) > 1:
        s = max(s, _words_part(words, t, max(s, SEARCH_FLOOR)))
    return s if s >= SEARCH_FLOOR else 0.0


def search_score(query: str, text: str) -> float:
    """How well text matches a typed query, 0..100: the scorer of ``SearchIndex.search``.

    Both are folded (case, accents, punctuation; see ``_fold``). Then:

    - 100: the query occurs in the text starting at a word ("sullivan", "jake sul");
    - 95: it occurs starting inside a word ("ivan" in "Sullivan");
    - 90: every query word starts a word of the text, in any order or apart ("sullivan jake");
      a share of that when only some do: 90 x the found words' share of the query's letters,
      a word of 5+ letters with a typo counting 0.9 x its partial_ratio / 100 (at least 80)
      ("comon sense geograpy" finds "about geography ... common sense" at about 76);
    - else 0.9 x rapidfuzz ``partial_ratio`` of " query" against " text" (the best window of the
      text; ``ratio`` when the text is the shorter): a typo ("Sulivan", "missles") scores about
      75-85, so it never outranks an exact match.

    Anything below ``SEARCH_FLOOR`` (67.5: less than three quarters of the query found) is 0.
    An empty query (after folding) scores 0.
    """
    q = _fold(query)
    if len(q) <= 1:
        return 0.0
    return _score_folded(q, q[1:].split(" "), _fold(text))


# ---------------------------------------------------------------------------------------------
# related_score: weighted cosine of content features (stems, names, numbers), times a rapidfuzz
# token_set_ratio factor.

# Common English stems by how many sentences hold them (most common first): counted once over
# the 22,500 sentences of the CLEF CheckThat! 2024 English set (U.S. political debates) and
# 17,000 sentences of three 19th-century novels, each corpus weighing half, lowercase words
# only (so no names), stemmed by _stem. A stem's rank stands in for its document frequency: the
# first _STOP_RANK are stop words (weight 0), then the weight grows with log(rank) to 1 at the
# end of the list; stems not in it weigh 1.
_COMMON = """
the to of and that in was it for not have with is be he had you on his as her we at said this but
which my she by would were are all him me been what from think do an if will who ther so about more
one they when our or peopl know them say no could very has than your out can going their some make
other up should now like want any time get look year into did thing becaus much only good way dont
go just man country befor made must work might own never see well am littl believ us thos then
being even got first come thes feel day such thought take world again over down how right talk
himself tax great here seem most need wher too after give mean better president sure last without
may every life back put mind tell fami money let also someth done call kind young many turn away
long wish hand always felt help new job friend real question against part plan plac came ever under
hope ask noth shall still herself cut its care whil fact same though word quit toward eye anyth
father chang certain went speak yet point enough off answer room business keep uh government pay
sister hard pass dear through interest strong hav rather love old ought hous find home stat another
reason weve soon present happen saw why end sinc husband between myself best cours cant health
return mother men less moment lot try found understand spend program once deal took leav upon able
mak doing far next walk power open woman support continu seen everyth heard use hear sens half
whether whol bring idea taken cannot important left whom letter side sort few else gone told
subject meet live poor heart doe morn high often manner both person increas enter lady show knew
together expect whos opinion educat small suppos children problem set face given economy matter
head percent ago possibl nation futur law case didnt perhaps each clear mention issu com light
stand school gave particular begin start general around concern different becom least regard order
hour however marriag allow almost forc creat relat follow wife inde policy read smil immediat
opportunity near stay theyr girl night happy war differenc ad system cost fear town within used
month wrong usual promis daughter company budget everybody uncl rest run position visit appear bill
brother already fellow natur rais remain name women liv object pleasur brought administrat form
consider public among party tak spirit surpris fine remember rate view respect term receiv free se
true act decision agre tone forward energy bad number clos caus began learn pleas air military voic
sit ill wonder lost attention watch listen economic incom weapon campaign today arm doesnt either
privat record nuclear week dollar known provid history play land writ exampl alon experienc marry
tabl knowledg desir send death mov determin themselv until build deep till express chanc account
dur serious federal effect happiness character book larg therefor door child round observ sudden
control action sometim marri quick ground sat necessary drug chief trust conversat lead short offer
troubl fair doubt bear except perfect second glad line wait human situat peac hold spok becam self
carry debt circumstanc delight full resolv longer across effort itself reform actual pretty nor fix
fight judgment deficit mistak met occasion tri imagin step probab affection soul natural reduc
choic ready draw somebody middl direct repli creatur consequenc sign minut decid reach national
instead big entir grow strength result stop yourself proud past late judg vote security speech low
son study truth thank move propos shar balanc kept exact along trad mere oil purpos several
insuranc approach requir anybody engag affair fall paus figur election touch oblig giv equal vot
held troop credit lay class prepar difficult sound aunt suggest foreign leadership hors simp
medical includ kid spent freedom assur behind silent paid valu accept youv convinc cousin sir
benefit laugh address seat offic complet advantag stood oppos abov gentleman beyond lik former
debat tonight early easy wors duty personal suffer silenc meant further scen defens pain wont choos
bit join final proposal responsibility growth afford cri slight pound parent society check repeat
conduct worth settl expression fail lower whatever indicat protect easi agreement tear area quiet
event claim window crim mine chair intend singl political test sorry cold notion safe misery
greatest secret lov fill lip break notic gain buy nobody thus yes trillion involv win fund especial
period agreeabl produc affect attack measur instant inward greater gentlemen sent appearanc serv
beauty dream servic mark endeavour governor sav pocket strang prospect utter miserabl intention
sight companion age encourag fire acquaintanc vision kill impossibl consciousness depend level
connection train carriag fortun fond relief dinner reflect progress earth beautiful sake journey
colleg ris city group difficulty joy absolut report secur prid condition rid attempt afraid slow
prevent led goe dark advanc dislik unless invest accord statement common various attend anxious
news total none rose remark presenc water lose plain painful threat enjoy handsom extrem gun arriv
afterward dead forth discover temper market confidenc occur master charm boy isnt justic drop
direction blood car degre passion hurt quality throw lie influenc countenanc story expectat
community satisfi perceiv refus doctor belief property cover press higher fit library struggl add
describ senior folk pictur spit wind seek pric paper motiv save special persuad patient servant
dare alarm heaven hair destroy inflat principl cottag whit carri habit finish tough favor distanc
border pity leader worst pursu recogniz dress teacher memory hop disposition prov awar aid dread
standard resolution shap negotiat evil defend agitat conscious wretch practic explain ally
profession highest neither eager kindness hat wonderful admir beg citizen grav field rich pleasant
demand despair regret proper member honor note bound effectiv danc imaginat top gather terrorist
wed wouldnt length ourselv constant major hinder peculiar besid dangerous fully drew anxiety food
reflection suspicion recover color worker black born unemployment enemy success comfort possess
third finger stronger havent fresh veto declin argument informat avoid warm represent individual
commit although thorough officer piec bless exist neighbor careful satisfaction moral confess vice
excit push ran apparent scienc shock younger understood recommend laid road driv expens declar
disagreeabl written match scarc simpl bitter opponent belong niec bow clergyman glanc blam
excellent admirat crisis maintain later previous street mountain mayb tast shouldnt absenc path
excus cry design unfortunat faith body wood bed evident commitment additional admit church forget
sad stranger wasnt pick movement languag invit amount tree doubl bank coupl intelligenc frequent
industry fault charg morrow emotion amiabl request deserv begun gentl sacrific rank recent instanc
unabl theyv music manag insist suit dar anger murder spot died fancy youth treat continual loss
activ sweet delightful honour fell race danger breath investment addition ignorant taxpayer
communicat cast spar process resourc impression shown century correct guess rule innocent mile
opposit lean terror teach wrot pressur ability endur glass priority elect sourc labor due escap
welcom engagement yesterday sensat inquiry garden spoken biggest capabl ardent distinguish distress
render earlier broken elder wear otherwis angry independent existenc consent twic challeng sun
furnitur earnest horror misfortun welfar invitat tremendous ear clean develop wise shak objection
deliver hint regulat possibility strik schem messag suspect imag pull trembl behaviour local task
sufficient limit sea technology sanction fals region arrival threw quarter fundamental sympathy
hang religion couldnt sever cheerful detail refer material conscienc threaten violent relationship
disappoint ignoranc acquaint anyon firm secretary obvious using cloth pale eliminat strategy
conclud associat calm ceas breakfast inquir cheek religious restor exercis altogether current key
spread connect million respond research divid expand contrary risk prescription fashion examin
board melancho conjectur estat importanc introduc mental prefer th unhappy liberal compliment
improv loan farmer criminal succ reply impuls discuss student prais civility superior terribl farm
shut politic treatment obligat latter inform capital die sentiment vain delicat legislat responsibl
bright count art poverty employ unpleasant star disgust sleep conclusion cross disagre stag someon
command disturb generat asham majority bas visitor plant thrown rang generous disappointment
separat brief proceed coal development asid inclinat bestow attitud union mistaken pray gradual
chosen civil baby discovery averag wide sum remind court hesitat neighborhood social illness occupi
sorrow affectionat supp fortunat urg evidenc ahead democracy acknowledg fram rapid ball chos
gratitud violenc destruction interfer remov grateful base hall relativ styl exclaim possib
successful sell lift devot commission clever uneasy offend leg narrow ship project hospital hate
missil explanat youll aspect behav considerat grief beforehand animat pronounc wast drawn unit
sensibl wander virtu domestic burn conceiv ice reserv strengthen stick wealth dreadful curiosity
nephew dispos uncommon depart courag tea mass corner harm conviction candidat releas conflict
authority front discussion trial guy occasional warn reduction outsid tale exceed approv compar
moderat treaty per merit oclock content ease distinct conceal thousand dignity focus burden blue
lawyer establish amendment mutual fool card brok failur retir liberty solv blind summit oversea
sector nice dwell occupat built surplus diseas banker necessity collect committe bent hasten gas
production paint eat honest nobl critical recession stock loud din attachment inclin sick wealthy
seiz throughout earn utmost fac easier useful rush neck environment shoulder assuranc neglect
product fallen de sustain heavy hasnt monster management corporat talent deny advic unlik divin
enjoyment powerful floor senator won amus pardon determinat ordinary contain compassion sincer rain
adequat abroad roll principal stir astonishment permit reasonabl basic pursuit aliv sought
possession discriminat somehow pour summer ruin fought enabl astonish activity birth contrast
reliev departur worthy perform passag gate safety frank precis backward impatient lest rous irritat
probabl purchas spr appoint weather employment surround crowd struck assistanc fly red whenever box
nurs incentiv bin winter defeat recollection bitterness hurry accomplish branch essential achiev
fast delay appeal partner polic abortion interrupt nativ lover interview wild dog reject
international condemn professional contemplat mouth folly indifferenc hell sale preserv caught
victim bought sooner certainty eh theyll intens pretend attach arrangement cloud specific miss
confident re guilty revenu comparison appli largest stair tenderness mild humour alter rage
favourit papa amusement anywher remarkabl significant below apart proof arrang flatter applicat
congratulat obtain ride drov thrust blow wound mission wage cruel observat nervous deeper ultimat
renew stretch featur horribl instrument mamma leisur huge island spac mix overcom hundr smart kiss
indifferent accustom estimat enforcement gotten financ rare sentenc capacity friendship confirm sky
basis philosophy announc apply error original forgotten sooth hitherto sob respectabl agony parish
consolat indignat dine impos succeed employe shadow weight background tender mortal drink apt river
profit disgrac advocat spiritual whisper weak strongest consistent alternativ presidency illegal
deduction passionat independenc sham sing blush behalf consult ugly imply game assist idle entranc
vast employer excessiv arent habitual phras enormous behavior strict improvement confus guard mode
beheld lake burst anguish fiend neighbourhood darkness size owe los wall betray expos grasp taught
ban extraordinary articl desirabl descend vagu patienc enforc shot apologiz hatr busy beat fatal
deceiv rejoic tempt extend grew accus st appropriat assum advis county fuel financial allianc
everyon fish entertain mixtur recollect contempt distant flower esteem sketch labour bore reproach
hurri eldest hopeful extent shrink sixty element expensiv skill plenty guest foot faint gray tongu
manufactur stor operat prison handl preparat ideal humor payment theory prejudic lying export
guarante list travel solemn slip satisfy accent stream belov goal larger rise tir glory favour
fatigu vanity aloud probability meditat comment prayer hunt anticipat medicin justify bloom witness
legal lesson preach role prosperity solid author flow em unwill feet necessari undertak comfortabl
harder cap reality tortur murderer sharp pledg weakness sank entreat exquisit villag fortnight
unknown complexion dry madam practical steady goodness intimat wealthiest executiv participat
recommendat ridiculous appreciat shor favorit agency nonsens uncomfortabl packag disaster submit
somewhat premium guid fiscal rebuild enterpris borrow decent modern audienc protest driven
conception introduction subdu trac ring brow keen helpless nay salary lock forgiv inner rescu
complain search park retreat shook portrait seldom readi resentment bird ventur volum dull accident
nod massiv exclud season lowest adopt structur opposition cool remarkab beneath billion promot
provision calculat comprehend polit bell dearest discontent travell sink absent mingl cottager gent
excess pure soft mood defer fold coat coach gonna strategic conferenc row date ambition bare lack
smaller post accompani devil ston grant aged bet stupid preferenc mankind straight tie griev widow
sole quot nam stimulat track interpret gold cheer nearer vex useless animal bonnet interval jealous
glow lad convey exertion loophol replac incident knee accomplishment accurat extra reveng linger
hidden thin silly symptom elevat chairman resign bottom select edge hide farther triumph youd hir
unfair performanc offensiv elsewher yield bipartisan hire recovery green suggestion wave unusual
model agent older eagerness torment chill enthusiasm cordial politeness attribut colour exasperat
housekeeper positiv criticism amaz resist freez decad appointment desk exaggerat parlor funeral
annoy code populat differ familiar bid terrorism mess disadvantag instruction variety platform
controll peaceful loos distinction bridg worn hasti neighbour procur vexat recall adjust commander
drill solar stuff protection exchang temptat petty provok bend behold fate desert penalty
diplomatic insult deliberat hed demonstrat hill circl considerabl availabl organiz efficient hit
institution hero sex arrest brain formal prevail aris injur endors pattern strain benevolent boast
discern intercours fever dim trifl jealousy despis shrank solitud cent organizat crush shad
accompany moon induc realiz percentag insid somewher frighten method aim reveal tall potential
option minority qualifi page contribut apology grand humiliat comprehensiv negativ type hid
inevitabl practitioner scientific pinch prompt impress foolish disciplin genuin alik vengeanc
regiment feminin fetch whist visibl delicacy curs innocenc wine scorn femal wrought companionship
pre construction alleg honorabl brown gift constitution capability prestig reward heat north
superiority interruption careless warmth bomb cooperat load combin cure partial proc rational
vessel unjust whip banish repress daily unexpect dismiss defin closer dependenc desperat humbl
district minister career catch consequent compos restrain import safer trickl emphasis tend truly
remembranc hast consol indulg toil consist indignant repos impatienc commenc indulgenc furnish
affordabl coalition satisfactory luck equipment dying swallow yard grac perpetual sunk competition
politician emergency official access division stamp embarrass fifteen fulfill kitchen illusion wrap
justifi stak zone primary meantim wisdom grown preced storm penetrat confusion quarrel deed
proportion encouragement genius disagreement gross withdraw wherever oh knock apartment creator
television criticiz minimum flight display tomorrow mortgag constitutional privileg print
sensibility gratifi shudder poet clasp attentiv convers startl elbow wit utteranc propriety vital
vigorous absorb guilt ancient disput revers argu broad document portion curious cling valuabl snow
song spoil popular awful presidential global veteran basical item label topic forever secrecy
hardship plead decisiv poll youngster virtual eighty main tool divert pace smallest odd allowanc
destiny injustic residenc magistrat composur conceit tolerabl curat youngest chin offenc await
mourn cleverness happier mistress lodg elegant gaz intimacy dwelt cheap resum doctrin dictat buri
weigh haunt selfish weep execution uncertain bred hopeless impli limb thirst investigat mayor shift
stabl permission inspir intellectual likewis charity bunch persuasion confin conservativ grad net
voter root greet treasur function procedur south penny rural forgot chain obey bigger lobbyist
atomic competitiv disclos embrac celebrat rub mysterious odious nois
""".split()
_RANK = {w: i for i, w in enumerate(_COMMON)}
_STOP_RANK = 100
_MIN_WEIGHT = 0.15
_NAME_BOOST = 1.25  # a capitalised word that is not a statement's first, or an acronym
_NUMBER_BOOST = 1.5  # a number of two or more significant digits (one digit: half of it)
_QUOTE_BOOST = 1.25  # a word inside quotation marks
_SET_RATIO_SHARE = 0.2  # how much rapidfuzz token_set_ratio of the content words can take off
#: The denominator of the cosine is pivoted (Singhal et al.): norm x counts as 1.5 + 0.5 x, so a
#: short statement sharing one name with another does not look alike, and a longer restatement
#: is not punished for its extra words as much as by a plain cosine.
_PIVOT = 3.0
_SLOPE = 0.5
#: Titles before a name: capitalised, yet no name.
_TITLES = frozenset("mr mrs ms mx messrs mme mlle dr drs prof jr sr st".split())

_NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
    "hundred": "100",
}
_MULTIPLIERS = {"thousand": 3, "million": 6, "mn": 6, "billion": 9, "bn": 9, "trillion": 12}
_NO_STEM = frozenset("news series species always perhaps thus has was is us his its this".split())
_NUMBER = re.compile(r"[0-9.]+")
#: Capitalised tokens of the original text (names, acronyms such as NATO or U.S.).
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.]*")
#: Where _features may find an acronym (a superset): a capital and a dot and a letter, or a
#: short run of capitals.
_ACRONYMISH = re.compile(r"[A-ZÀ-ÖØ-Þ](?:[\w'’.]*\.[\w'’]|[^\W\d_a-zß-öø-ÿ])")
_QUOTED = re.compile(r"[\"“«]([^\"“”«»\n]{1,500})[\"”»]")
_OPENING = " \t\"'“‘«([-—–*•"


def _base_weight(stem: str) -> float:
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


def _number_weight(key: str) -> float:
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
#: Words whose rows the index only counts (see SearchIndex._posting): in English text they are
#: in most statements, and stop words to related_score.
_UNPOSTED = frozenset(
    "the of and to a in that is was it for on with as he his her she at by be had have not but "
    "i you this from or an are were which they we him all been so".split()
)


def _word(w: str) -> tuple[str, float]:
    got = _WORDS.get(w)
    if got is None:
        if _NUMBER.fullmatch(w):
            key = _number_key(w)
            got = (key, _number_weight(key))
        elif w in _MULTIPLIERS:  # only a unit: "3.5 million" becomes one number
            got = ("", 0.0)
        elif w in _NUMBER_WORDS:
            key = "#" + _NUMBER_WORDS[w]
            got = (key, _number_weight(key))
        else:
            key = _stem(w)
            weight = _base_weight(key) if len(key) > 1 else 0.0
            got = (key, weight) if weight > 0.0 else ("", 0.0)
        if len(_WORDS) >= _CACHE_MAX:
            _WORDS.clear()
        _WORDS[w] = got
    return got


def _cap(tok: str) -> tuple[str, float]:
    core = tok.rstrip(".")
    if core.endswith(("'s", "’s")):
        core = core[:-2].rstrip(".")
    if "." in core or (
        core.isupper() and 2 <= len(core) <= 4 and _word(core.lower())[1] == 0.0
    ):
        # U.S., U.K., US: an acronym, kept apart from the words it spells
        got = (core.replace(".", "").upper() + ".", -1.0)
    else:
        f = _fold(core)[1:]
        got = _word(f) if f and " " not in f else ("", 0.0)
    if len(_CAPS) >= _CACHE_MAX:
        _CAPS.clear()
    _CAPS[tok] = got
    return got


def _features(text: str, folded: str, words: set[str] | None = None) -> dict[str, float]:
    """Content features of a statement, key -> weight > 0 (folded = _fold(text))."""
    return _features_ex(text, folded, words)[0]


def _features_ex(
    text: str, folded: str, words: set[str] | None = None
) -> tuple[dict[str, float], list[str]]:
    """_features, and the features that no single folded word of the statement gives."""
    if words is None:
        words = set(folded.split())
    try:
        feats = dict(map(_WORDS.__getitem__, words))  # every word seen before: all in C
    except KeyError:
        for w in words:
            if w not in _WORDS:
                _word(w)
        try:
            feats = dict(map(_WORDS.__getitem__, words))
        except KeyError:  # the cache was emptied meanwhile
            feats = dict(map(_word, words))
    feats.pop("", None)
    extras: list[str] = []
    if not words.isdisjoint(_MULTIPLIERS):  # "3.5 million" is "3500000"
        seq = folded.split()
        for i in range(1, len(seq)):
            power = _MULTIPLIERS.get(seq[i])
            if power and _NUMBER.fullmatch(seq[i - 1]):
                key = _scale(_number_key(seq[i - 1]), power)
                feats.pop(_number_key(seq[i - 1]), None)
                feats[key] = _number_weight(key)
                extras.append(key)
    boost: dict[str, float] = {}
    caps = [] if text.isupper() else _CAPITALISED.findall(text)  # shouting: case tells nothing
    for i, tok in enumerate(caps):
        key, weight = _CAPS.get(tok) or _cap(tok)
        if weight < 0.0:  # an acronym
            if key not in feats:
                feats[key] = _NAME_BOOST
                extras.append(key)
        elif weight > 0.0 and not (
            i == 0 and weight < 1.0 and text.lstrip(_OPENING).startswith(tok)
        ):  # (a common word opening the statement is no name)
            boost[key] = _NAME_BOOST
    if '"' in text or "“" in text or "«" in text:
        quoted = {_word(w)[0] for w in set(_fold(" ".join(_QUOTED.findall(text))).split())}
        for key in quoted:
            if key in feats:
                boost[key] = boost.get(key, 1.0) * _QUOTE_BOOST
    for key, b in boost.items():
        if key in feats and key[0] != "#":
            feats[key] *= b
    return feats, extras


@dataclass(frozen=True, slots=True)
class _Profile:
    """What related_score compares of one statement."""

    weights: dict[str, float]
    denom: float  # _PIVOT * (1 - _SLOPE) + _SLOPE * Euclidean norm of the weights

    def content(self) -> str:
        """The word features, sorted, space-separated (for token_set_ratio)."""
        return " ".join(sorted(k for k in self.weights if k[-1] != "."))


def _profile(text: str, folded: str | None = None, words: set[str] | None = None) -> _Profile:
    feats = _features(text, _fold(text) if folded is None else folded, words)
    v = feats.values()
    norm = math.sqrt(math.fsum(map(operator.mul, v, v)))
    return _Profile(feats, _PIVOT * (1 - _SLOPE) + _SLOPE * norm)


def _related(a: _Profile, b: _Profile) -> float:
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
    return _related(_profile(a), _profile(b))


# ---------------------------------------------------------------------------------------------
# The index

#: A candidate list with at most this many postings is built and checked item by item; above
#: it a scan in item order (which stops early) is cheaper.
_MATERIALISE = 20_000
#: Items scored with rapidfuzz at most per fuzzy query (about 1 us each).
_FUZZY_BUDGET = 2_000
#: Of those, items checked at most for typos in query words found apart (see _words_part).
_TYPO_BUDGET = 600
#: A query word whose fuzzy matches hold more postings than this does not pick candidates.
_SPARSE = 15_000
#: Longest vocabulary scan for words containing a query word.
_MAX_CONTAINING = 3_000
#: The denominators' lower bounds leave out features in more rows than this (light ones).
_NORM_ROWS = 4_000
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_WORD_CUTOFF = 75.0
_CACHE = 256  # remembered queries and word matches
_LAST = "\U0010ffff"


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1]:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _edits(w: str) -> set[str]:
    """Every string one edit from w: a letter deleted, swapped with the next, replaced, added."""
    letters = _ALPHABET + "".join(set(w) - set(_ALPHABET))
    n = len(w)
    out = {w[:i] + w[i + 1:] for i in range(n)}
    out.update(w[:i] + w[i + 1] + w[i] + w[i + 2:] for i in range(n - 1))
    for i in range(n + 1):
        head, tail = w[:i], w[i:]
        out.update(head + c + tail for c in letters)
        if tail:
            rest = tail[1:]
            out.update(head + c + rest for c in letters)
    out.discard(w)
    return out


class SearchIndex:
    """Statements to search as the user types (``search``) and to relate (``related``).

    Item i is ``texts[i]``. ``search`` ranks by ``search_score`` and ``related`` by
    ``related_score``; the index only decides which items are worth scoring:

    - search: the items where the query occurs, or where all its words start words, come from
      word postings and scans of the joined texts in C, in the order they are shown, so these
      tiers are exact; fuzzy candidates come from the query words' typo variants found in the
      vocabulary (at most _FUZZY_BUDGET, the likeliest first) and are scored in C;
    - related: features are read weightiest first, and an upper bound on the score of every
      item not scored yet (maximum weights, lower bounds of denominators) stops the reading:
      the result is exactly brute force's. The first call prepares what it needs (about 0.7 s
      for 100,000 statements).

    Building takes about 1.3 s for 100,000 statements here. Not thread-safe.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        collecting = gc.isenabled()
        gc.disable()  # millions of small objects and no cycles: collecting would only cost time
        try:
            self._build(texts)
        finally:
            if collecting:
                gc.enable()

    def _build(self, texts: Sequence[str]) -> None:
        n = len(texts)
        self._n = n
        folded = [_fold(t) for t in texts]
        # Items are numbered internally ("rows") by folded length, then item number: the order
        # in which equal search scores are shown (shorter statements first, as fzf does).
        order = sorted(range(n), key=list(map(len, folded)).__getitem__)
        self._item_of = array("i", order)
        row_of = [0] * n
        for row, i in enumerate(order):
            row_of[i] = row
        self._row_of = array("i", row_of)
        self._text = text = [folded[i] for i in order]
        self._orig = [texts[i] for i in order]
        del folded
        # Each row's words into postings, but for the commonest words: their lists would be
        # long and are never read on 100,000 statements (see _posting).
        postings: defaultdict[str, list[int]] = defaultdict(list)
        common: set[str] = set()
        slot, app = postings.__getitem__, list.append
        for row, t in enumerate(text):
            words = set(t.split())
            if not words.isdisjoint(_UNPOSTED):
                common |= words & _UNPOSTED
                words -= _UNPOSTED
            deque(map(app, map(slot, words), repeat(row)), 0)
        self._vocab = vocab = sorted([*postings, *common])
        # (arrays: a third of the memory of lists, and nothing for the garbage collector to
        # walk through)
        self._post = post = [None if (p := postings.get(w)) is None else array("i", p)
                             for w in vocab]
        del postings
        self._word = {w: k for k, w in enumerate(vocab)}
        # Postings per word, summed: what reading the rows of a range of words costs (a word
        # whose rows are not kept costs a scan of every row: n).
        cum = [0]
        total = 0
        for p in post:
            total += n if p is None else len(p)
            cum.append(total)
        self._cum = array("q", cum)
        self._vjoin = "\n".join(vocab) + "\n"
        self._vstart = self._offsets(vocab)
        self._big = "\n".join(text) + "\n"
        self._bstart = self._offsets(text)
        self._results: dict[str, list[Hit]] = {}
        self._matches: dict[tuple[str, bool], tuple[list[tuple[int, int]], int]] = {}
        self._rel: dict[str, list[int]] | None = None  # see _prepare_related
        self._profiles: dict[int, _Profile] = {}

    def prepare_related(self) -> None:
        """Build what related() needs now (else its first call does): for a background worker."""
        if self._rel is None:
            self._prepare_related()

    def _prepare_related(self) -> None:
        """What related() needs beyond the search index; made on its first call.

        For each feature the rows that may have it (those of the words that give it, and of the
        statements where a name, acronym or "3.5 million" gives it) and the most it weighs, for
        each row a lower bound of its denominator (from its words without the name and quote
        boosts): enough to bound the score of every statement not yet looked at.
        """
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._prepare_related_now()
        finally:
            if collecting:
                gc.enable()

    def _prepare_related_now(self) -> None:
        vocab, post, text, orig = self._vocab, self._post, self._text, self._orig
        # A feature's rows: those of the words that give it (a few words share a stem) ...
        groups: dict[str, list[int]] = {}
        base: dict[str, float] = {}
        for k, w in enumerate(vocab):
            key, weight = _word(w)
            if weight > 0.0:
                g = groups.get(key)
                if g is None:
                    groups[key] = [k]
                    base[key] = weight
                else:
                    g.append(k)
        rel: dict[str, list[int]] = {}
        # A lower bound of each row's squared norm, in 1/16ths (small ints: no allocation),
        # from its word features without boosts, rounded down, and only the weightier ones
        # in few rows (any part of the features gives a lower bound).
        norm16 = [0] * self._n
        for key, g in groups.items():
            if len(g) == 1:
                rows = post[g[0]] or self._posting(g[0])
            else:
                rows = array("i", sorted(set().union(*[post[k] or self._posting(k) for k in g])))
            rel[key] = rows
            units = int(16 * base[key] * base[key])
            if units and len(rows) <= _NORM_ROWS:
                for r in rows:
                    norm16[r] += units
        hd = _PIVOT * (1 - _SLOPE)
        sqrt = math.sqrt
        denoms = [hd + _SLOPE * sqrt(x / 16) for x in norm16]
        # ... and the rows where a name, an acronym or "3.5 million" gives it.
        special: set[int] = set()
        for w in _MULTIPLIERS:
            k = self._word.get(w)
            if k is not None:
                special.update(self._posting(k))
        joined = "\n".join(orig)
        one_line = joined.count("\n") == len(orig) - 1
        if not one_line:
            joined = "\n".join(t.replace("\n", " ") for t in orig)
        starts = self._offsets(orig)
        for m in _ACRONYMISH.finditer(joined):
            special.add(bisect_right(starts, m.start()) - 1)
        extra: dict[str, list[int]] = {}
        for row in sorted(special):
            feats, extras = _features_ex(orig[row], text[row])
            v = feats.values()
            denoms[row] = hd + _SLOPE * sqrt(math.fsum(map(operator.mul, v, v)))
            for k in extras:
                extra.setdefault(k, []).append(row)
        self._denom = array("d", denoms)
        for key, rows in extra.items():
            have = rel.get(key)
            rel[key] = array("i", rows if have is None else sorted(set(have).union(rows)))
        # The most a feature weighs in any statement: boosted if it is ever a name or ever
        # quoted (supersets: any capitalised token, any text between quotation marks).
        named = {key for key, w in map(_cap, set(_CAPITALISED.findall(joined))) if w > 0.0}
        tokens = set(" ".join(_QUOTED.findall(joined)).split())
        quoted = {_word(w)[0] for w in set(_fold(" ".join(tokens)).split())}
        if not one_line:  # quotation marks may pair otherwise across a line break: any word
            quoted = set(base)
        del joined
        maxw: dict[str, float] = {}
        for key in rel:
            weight = base.get(key)
            if weight is None:  # only from extras
                maxw[key] = _NAME_BOOST if key[-1] == "." else _number_weight(key)
            elif key[0] == "#":
                maxw[key] = weight
            else:
                maxw[key] = weight * (_NAME_BOOST if key in named else 1.0) * (
                    _QUOTE_BOOST if key in quoted else 1.0
                )
        self._maxw = maxw
        self._rel = rel

    def _posting(self, k: int) -> Sequence[int]:
        """The rows of vocabulary word k, found (once) in the joined texts if not kept."""
        p = self._post[k]
        if p is None:
            big, starts, find = self._big, self._bstart, self._big.find
            needle = " " + self._vocab[k]
            size = len(needle)
            p = []
            pos = find(needle)
            while pos >= 0:
                if big[pos + size] in " \n":
                    row = bisect_right(starts, pos) - 1
                    p.append(row)
                    pos = find(needle, starts[row + 1])
                else:
                    pos = find(needle, pos + size)
            self._post[k] = p = array("i", p)
        return p

    @staticmethod
    def _offsets(parts: list[str]) -> array:
        """Start of each part in "\\n".join(parts) + "\\n", and one past the end."""
        out = array("q", [0])
        out.extend(accumulate(len(p) + 1 for p in parts))
        return out

    def __len__(self) -> int:
        return self._n

    def _forget(self) -> None:
        """Empty the caches (for timing a fresh query)."""
        self._results.clear()
        self._matches.clear()

    # -- search -----------------------------------------------------------------------------

    def search(
        self, query: str, limit: int = 50, allowed: Callable[[int], bool] | None = None
    ) -> list[Hit]:
        """The best ``limit`` items for a typed query, best first (ties: shorter, then earlier).

        Ranked by ``search_score`` (items scoring 0 are never returned); ``allowed`` keeps only
        the items it accepts. An empty query gives [].
        """
        q = _fold(query)
        if len(q) <= 1 or limit <= 0 or not self._n:
            return []
        if allowed is None:
            cached = self._results.get(q)
            if cached is not None and len(cached) >= limit:
                return cached[:limit]
        hits = self._search(q, limit, allowed)
        if allowed is None:
            if len(self._results) >= _CACHE:
                self._results.clear()
            self._results[q] = hits
        return hits

    def _few_allowed(self, allowed: Callable[[int], bool]) -> list[int] | None:
        """The rows allowed, in order, when they are few (a fiftieth or less): then scoring
        each of them is faster than looking for them among the candidates. None otherwise.

        A set's ``__contains__`` is read as the set; any other predicate is tried on every
        n/256th item first, and asked about every item only when few of those pass.
        """
        n, row_of = self._n, self._row_of
        few = n // 50 + 64
        owner = getattr(allowed, "__self__", None)
        if isinstance(owner, (set, frozenset, dict)) and (
            getattr(allowed, "__name__", "") == "__contains__"
        ):
            if len(owner) > few:
                return None
            return sorted(row_of[i] for i in owner if type(i) is int and 0 <= i < n)
        step = max(1, n // 256)
        if sum(1 for i in range(0, n, step) if allowed(i)) * step > few:
            return None
        rows = [row_of[i] for i in range(n) if allowed(i)]
        return sorted(rows) if len(rows) <= 2 * few else None

    def _search(self, q: str, limit: int, allowed: Callable[[int], bool] | None) -> list[Hit]:
        words = q[1:].split(" ")
        item_of = self._item_of
        if allowed is not None and self._n > _FUZZY_BUDGET:
            few = self._few_allowed(allowed)
            if few is not None:  # score every allowed row: exact
                texts = self._text
                scored = [(s, r) for r in few if (s := _score_folded(q, words, texts[r])) > 0.0]
                best = nsmallest(limit, scored, key=lambda x: (-x[0], x[1]))
                return [Hit(item_of[r], s) for s, r in best]
        ok = None if allowed is None else (lambda row: allowed(item_of[row]))
        first, inner = self._exact(q, words, limit, ok)
        out = [Hit(item_of[r], 100.0) for r in first]
        if len(first) >= limit:
            return out[:limit]
        inner = inner[: limit - len(first)]
        out += [Hit(item_of[r], _MID_WORD) for r in inner]
        need = limit - len(out)
        if not need:
            return out
        taken = set(first)
        taken.update(inner)
        if len(words) > 1:
            apart = self._all_words(words, need, taken, ok)
            out += [Hit(item_of[r], _ALL_WORDS) for r in apart]
            need -= len(apart)
            if not need:
                return out
            taken.update(apart)
        out += [Hit(item_of[r], s) for s, r in self._fuzzy(q, words, need, taken, ok)]
        return out

    def _range(self, prefix: str) -> tuple[int, int]:
        vocab = self._vocab
        lo = bisect_left(vocab, prefix)
        if lo == len(vocab) or not vocab[lo].startswith(prefix):
            return lo, lo
        return lo, bisect_left(vocab, prefix + _LAST, lo)

    def _rows(self, ranges: list[tuple[int, int]]) -> Sequence[int]:
        """Rows holding any word in the (merged) vocabulary ranges, in order."""
        post = self._post
        lists = [post[k] or self._posting(k) for lo, hi in ranges for k in range(lo, hi)]
        if len(lists) == 1:
            return lists[0]
        return sorted(set().union(*lists))

    def _mass(self, ranges: list[tuple[int, int]]) -> int:
        cum = self._cum
        return sum(cum[hi] - cum[lo] for lo, hi in ranges)

    def _containing(self, needle: str) -> list[tuple[int, int]] | None:
        """Vocabulary words containing needle (as ranges); None when there are too many."""
        vj, vs = self._vjoin, self._vstart
        if vj.count(needle) > _MAX_CONTAINING:
            return None
        out = []
        pos = vj.find(needle)
        while pos >= 0:
            k = bisect_right(vs, pos) - 1
            out.append((k, k + 1))
            if len(out) > _MAX_CONTAINING:
                return None
            pos = vj.find(needle, vs[k + 1])
        return out

    def _scan(
        self, needle: str, want: int, ok: Callable[[int], bool] | None, skip: set[int]
    ) -> list[int]:
        """The first `want` rows (not in skip) holding needle, in row order: a scan of the
        joined texts (the find itself runs in C)."""
        out: list[int] = []
        starts, find = self._bstart, self._big.find
        pos = find(needle)
        while pos >= 0:
            row = bisect_right(starts, pos) - 1
            if row not in skip and (ok is None or ok(row)):
                out.append(row)
                if len(out) >= want:
                    break
            pos = find(needle, starts[row + 1])
        return out

    def _exact(
        self, q: str, words: list[str], limit: int, ok: Callable[[int], bool] | None
    ) -> tuple[list[int], list[int]]:
        """Rows where the query occurs at a word start (first, up to limit) and else only
        inside a word (inner, up to limit - len(first)), each in row order."""
        core = q[1:]
        if len(words) == 1:
            # At a word start: the rows of the words the query begins.
            r = [self._range(core)]
            if self._mass(r) <= _MATERIALISE:
                first = [row for row in self._rows(r) if ok is None or ok(row)][:limit]
            else:
                first = self._scan(q, limit, ok, set())
            want = limit - len(first)
            if not want:
                return first, []
            # Inside a word: the rows of the words holding it elsewhere than at their start.
            skip = set(first)
            hits = self._containing(core)
            if hits is not None:
                vocab = self._vocab
                r = [h for h in hits if not vocab[h[0]].startswith(core)]
                if self._mass(r) <= _MATERIALISE:
                    inner = [row for row in self._rows(r) if row not in skip
                             and (ok is None or ok(row))]
                    return first, inner[:want]
            return first, self._scan(core, want, ok, skip)
        # Several words: the first may end a word, the middle ones are whole words, the last
        # begins one. Check the rows of the rarest of these.
        best: tuple[int, list[tuple[int, int]]] | None = None
        for w in words[1:-1]:
            k = self._word.get(w)
            if k is None:
                return [], []
            m = self._cum[k + 1] - self._cum[k]
            if best is None or m < best[0]:
                best = (m, [(k, k + 1)])
        r = [self._range(words[-1])]
        m = self._mass(r)
        if best is None or m < best[0]:
            best = (m, r)
        if best[0] > _MATERIALISE:
            ends = self._containing(words[0] + "\n")
            if ends is not None and self._mass(ends) < best[0]:
                best = (self._mass(ends), ends)
        first: list[int] = []
        inner: list[int] = []
        if best[0] <= _MATERIALISE:
            texts = self._text
            for row in self._rows(_merge(best[1])):
                t = texts[row]
                if core in t and (ok is None or ok(row)):
                    if q in t:
                        first.append(row)
                        if len(first) >= limit:
                            return first, []
                    elif len(inner) < limit:
                        inner.append(row)
            return first, inner[: limit - len(first)]
        first = self._scan(q, limit, ok, set())
        if len(first) >= limit:
            return first, []
        return first, self._scan(core, limit - len(first), ok, set(first))

    def _all_words(
        self, words: list[str], need: int, taken: set[int], ok: Callable[[int], bool] | None
    ) -> list[int]:
        """The first `need` rows (not taken) where every word starts a word, in row order."""
        ranges = [self._range(w) for w in words]
        masses = [self._mass([r]) for r in ranges]
        k = min(range(len(words)), key=masses.__getitem__)
        if not masses[k]:
            return []
        others = [" " + w for i, w in enumerate(words) if i != k]
        texts = self._text
        rows = self._rows([ranges[k]]) if masses[k] <= _MATERIALISE else range(self._n)
        out = []
        for row in rows:
            if row in taken:
                continue
            t = texts[row]
            for w in others:
                if w not in t:
                    break
            else:
                if masses[k] > _MATERIALISE and " " + words[k] not in t:
                    continue
                if ok is None or ok(row):
                    out.append(row)
                    if len(out) >= need:
                        break
        return out

    def _word_matches(self, w: str, last: bool) -> tuple[list[tuple[int, int]], int]:
        """Vocabulary ranges matching query word w, and how many postings they hold.

        The last word of a query is being typed: it matches the words it, or a variant of it
        one edit away, begins. Other words match the words they begin, and whole words one edit
        away. From 4 letters on, both also match the words with the same first two letters that
        rapidfuzz ``ratio`` finds close (at least _WORD_CUTOFF; for the last word, the start of
        the word as long as it and a letter): "missles" finds "missile" too, two edits away.
        """
        key = (w, last)
        got = self._matches.get(key)
        if got is not None:
            return got
        ranges = [self._range(w)]
        if len(w) >= 3:
            if last:
                for v in _edits(w):
                    lo, hi = self._range(v)
                    if lo < hi:
                        ranges.append((lo, hi))
            else:
                word = self._word
                for v in _edits(w):
                    k = word.get(v)
                    if k is not None:
                        ranges.append((k, k + 1))
        if len(w) >= 4:
            lo, hi = self._range(w[:2])
            if hi - lo <= _MAX_CONTAINING * 4:
                size = len(w) + 1
                for _, _, i in process.extract(
                    w, self._vocab[lo:hi], scorer=fuzz.ratio, score_cutoff=_WORD_CUTOFF,
                    processor=(lambda v: v[:size]) if last else None, limit=None,
                ):
                    ranges.append((lo + i, lo + i + 1))
        ranges = _merge([r for r in ranges if r[0] < r[1]])
        got = (ranges, self._mass(ranges))
        if len(self._matches) >= _CACHE:
            self._matches.clear()
        self._matches[key] = got
        return got

    def _fuzzy(
        self,
        q: str,
        words: list[str],
        need: int,
        taken: set[int],
        ok: Callable[[int], bool] | None,
    ) -> list[tuple[float, int]]:
        """The best `need` (score, row) below the exact tiers, best first.

        Candidates: the rows of the query words' fuzzy matches (see _word_matches), at most
        _FUZZY_BUDGET, those matching more words first; scored with rapidfuzz in C. The rows
        returned get their exact search_score.
        """
        last = len(words) - 1
        matches = [self._word_matches(w, i == last) for i, w in enumerate(words)]
        sparse = [i for i, (ranges, mass) in enumerate(matches) if 0 < mass <= _SPARSE]
        sets: dict[int, set[int]] = {}  # a sparse word -> the rows of its matches
        if not sparse:
            # Every word is common: the shortest rows holding the least common one.
            have = [i for i, (ranges, mass) in enumerate(matches) if mass]
            ranges = matches[min(have, key=lambda i: matches[i][1])][0] if have else []
            lists = [self._post[k] for lo, hi in ranges for k in range(lo, hi)]
            pool: Sequence[int] = range(self._n)
            if 0 < len(lists) <= 64 and None not in lists:  # (None: a word only counted)
                pool = list(dict.fromkeys(islice(heapq.merge(*lists), 4 * _FUZZY_BUDGET)))
        elif len(sparse) == 1:
            pool = self._rows(matches[sparse[0]][0])
            if last:
                sets[sparse[0]] = set(pool)
        else:
            # Rows matching every sparse word first; then all but one (the lightest missing
            # first); then any, those of the longest words first (each part in row order).
            order = sorted(sparse, key=lambda i: len(words[i]))
            for i in order:
                sets[i] = set(self._rows(matches[i][0]))
            parts = [sets[i] for i in order]
            done = set.intersection(*parts)
            pool = sorted(done)
            if len(parts) > 2:
                for i in range(len(parts)):
                    if len(pool) >= _FUZZY_BUDGET:
                        break
                    more = set.intersection(*parts[:i], *parts[i + 1:]) - done
                    pool += sorted(more)
                    done |= more
            for rows in reversed(parts):
                if len(pool) >= _FUZZY_BUDGET:
                    break
                more = rows - done
                pool += sorted(more)
                done |= more
        if self._n <= _FUZZY_BUDGET and len(pool) < self._n:  # few enough to score them all
            have = set(pool)
            pool = [*pool, *(r for r in range(self._n) if r not in have)]
        rows: list[int] = []
        for row in pool:
            if row not in taken and (ok is None or ok(row)):
                rows.append(row)
                if len(rows) >= _FUZZY_BUDGET:
                    break
        texts = self._text
        m = len(q)
        long_rows = [r for r in rows if len(texts[r]) >= m]
        short_rows = [r for r in rows if len(texts[r]) < m]
        scores: dict[int, float] = {}
        for scorer, part in ((fuzz.partial_ratio, long_rows), (fuzz.ratio, short_rows)):
            if part:
                for _, s, i in process.extract(
                    q, [texts[r] for r in part], scorer=scorer, processor=None,
                    score_cutoff=_PR_CUTOFF, limit=None,
                ):
                    scores[part[i]] = _FUZZY_WEIGHT * s
        if last:
            self._words_scores(words, rows, scores, need, sets)
        # The best: those that may still gain (a word's typo not checked) are scored again,
        # exactly, until the best `need` are all exact.
        exact: set[int] = set()
        while True:
            ranked = [(s, r) for r, s in scores.items() if s >= SEARCH_FLOOR]
            best = nsmallest(need, ranked, key=lambda x: (-x[0], x[1]))
            todo = [r for _, r in best if r not in exact]
            if not last or not todo:
                return best
            for r in todo:
                exact.add(r)
                scores[r] = _score_folded(q, words, texts[r])

    def _words_scores(
        self,
        words: list[str],
        rows: list[int],
        scores: dict[int, float],
        need: int,
        sets: dict[int, set[int]],
    ) -> None:
        """Raise scores[r] to _words_part(words, text of r) for the rows where that may put
        them among the best `need`: exact word starts for all of them (in C, a word at a
        time); the typo checks of a word (rapidfuzz, in C) only where its matches are."""
        texts = [self._text[r] for r in rows]
        needles = [" " + w for w in words]
        total = sum(map(len, needles))
        found = [0] * len(rows)  # letters of the words found exactly, per row
        typo: list[tuple[int, list[bool]]] = []  # words of 5+ letters, and where they are
        for i, n in enumerate(needles):
            have = [n in t for t in texts]
            found = list(map(operator.add, found, map(operator.mul, have, repeat(len(n)))))
            if len(n) > 5:
                typo.append((i, have))
        bar = SEARCH_FLOOR * total / _ALL_WORDS
        for k, r in enumerate(rows):
            if found[k] >= bar:
                b = _ALL_WORDS * found[k] / total
                if b > scores.get(r, 0.0):
                    scores[r] = b
        if not typo:
            return
        maybe = list(found)
        for i, have in typo:
            maybe = list(map(operator.add, maybe, (0 if h else len(needles[i]) for h in have)))
        best = heapq.nlargest(need, scores.values())
        if len(best) >= need:
            bar = max(bar, best[-1] * total / _ALL_WORDS)
        ks = [k for k in range(len(rows)) if maybe[k] > found[k] and maybe[k] >= bar
              and _ALL_WORDS * maybe[k] / total >= scores.get(rows[k], 0.0)]
        if len(ks) > _TYPO_BUDGET:  # the likeliest: most letters found, most letters possible
            ks = heapq.nlargest(_TYPO_BUDGET, ks, key=lambda k: (found[k], maybe[k]))
        check = {k: float(found[k]) for k in ks}
        for i, have in typo:
            n = needles[i]
            near = sets.get(i)
            part = [k for k in check if not have[k] and (near is None or rows[k] in near)]
            longer = []
            for k in part:
                if len(texts[k]) < len(n):
                    check[k] += len(n) * _TYPO_SHARE * _fuzzy(n, texts[k], _WORD_TYPO) / 100.0
                else:
                    longer.append(k)
            for _, sc, j in process.extract(
                n, [texts[k] for k in longer], scorer=fuzz.partial_ratio, processor=None,
                score_cutoff=_WORD_TYPO, limit=None,
            ):
                check[longer[j]] += len(n) * _TYPO_SHARE * sc / 100.0
        for k, got in check.items():
            b = _ALL_WORDS * got / total
            if b > scores.get(rows[k], 0.0):
                scores[rows[k]] = b

    # -- related ----------------------------------------------------------------------------

    def _profile(self, row: int) -> _Profile:
        got = self._profiles.get(row)
        if got is None:
            if len(self._profiles) >= 4 * _CACHE:
                self._profiles.clear()
            got = self._profiles[row] = _profile(self._orig[row], self._text[row])
        return got

    def related(
        self,
        item: int | str,
        limit: int = 10,
        allowed: Callable[[int], bool] | None = None,
    ) -> list[Hit]:
        """Items that say the same thing as item (its number) or as a free text, best first.

        Ranked by ``related_score`` (ties: earlier items first); items scoring 0 are never
        returned, nor the item itself. ``allowed`` keeps only the items it accepts.
        """
        if isinstance(item, str):
            a = _profile(item)
            own = -1
        else:
            if not 0 <= item < self._n:
                raise IndexError(f"item {item} is not in the index of {self._n}")
            own = self._row_of[item]
            a = self._profile(own)
        if limit <= 0 or not a.weights:
            return []
        if self._rel is None:
            self._prepare_related()
        rel, maxw = self._rel, self._maxw
        # Features by how much they can add to a dot product, most first (then rarest first).
        feats = sorted(
            ((w * maxw[k], -len(rel[k]), k, w) for k, w in a.weights.items() if k in rel),
            reverse=True,
        )
        m = len(feats)
        # rest[j]: the most features j.. can add to a dot product; norm2[j]: their norm in a, ^2
        rest = [0.0] * (m + 1)
        norm2 = [0.0] * (m + 1)
        for j in range(m - 1, -1, -1):
            rest[j] = rest[j + 1] + feats[j][0]
            norm2[j] = norm2[j + 1] + feats[j][3] ** 2
        adenom = a.denom
        hd = _PIVOT * (1 - _SLOPE)
        slack = 1 + 1e-9

        def unseen(j: int) -> float:
            # An item sharing only features j.. has a dot product <= min(|a_j..| |b|, rest[j])
            # over a denominator >= hd + _SLOPE |b|: at most this, |b| = rest[j] / |a_j..|.
            if rest[j] <= 0.0:
                return 0.0
            return 100.0 * slack * rest[j] / (hd + _SLOPE * rest[j] / math.sqrt(norm2[j])) / adenom

        item_of, denom = self._item_of, self._denom
        top: list[tuple[float, int]] = []  # (score, -item): a min-heap of the best `limit`
        dots: dict[int, float] = {}  # row -> the most its shared features read so far can add
        seen: set[int] = {own}
        scored: set[int] = set()

        def floor() -> float:
            return top[0][0] if len(top) >= limit else 0.0

        def score(b: int) -> None:
            scored.add(b)
            s = _related(a, self._profile(b))
            if s > 0.0:
                entry = (s, -item_of[b])
                if len(top) < limit:
                    heapq.heappush(top, entry)
                elif entry > top[0]:
                    heapq.heapreplace(top, entry)

        # 1. Read the lists of a's features, weightiest first, until no statement not met yet
        #    can make the top; before a long list, score the likeliest rows so far (to know
        #    the bar).
        warmed = 0

        def warm() -> None:
            nonlocal warmed
            warmed = len(dots)
            for b in heapq.nlargest(2 * limit, dots, key=lambda r: dots[r] / denom[r]):
                if b not in scored:
                    score(b)

        j = 0
        while j < m:
            if len(top) >= limit and unseen(j) < floor():
                break
            c, negsize, k, _ = feats[j]
            if -negsize > _MATERIALISE // 10 and len(dots) > 2 * warmed:
                warm()
                if len(top) >= limit and unseen(j) < floor():
                    break
            for b in rel[k]:
                got = dots.get(b)
                if got is not None:
                    dots[b] = got + c
                elif b not in seen:
                    seen.add(b)
                    if allowed is None or allowed(item_of[b]):
                        dots[b] = c
            j += 1
        # 2. The rows met that may still make the top: add what the unread features give them
        #    (reading a list, or looking each row up in it when it is much longer).
        warm()
        cut = floor() * adenom / (100.0 * slack)
        live = {b: d for b, d in dots.items()
                if (d + rest[j]) / denom[b] >= cut and b not in scored}
        for c, _, k, _ in feats[j:]:
            rows = rel[k]
            if len(rows) <= 8 * len(live):
                get = live.get
                for b in rows:
                    got = get(b)
                    if got is not None:
                        live[b] = got + c
            else:
                for b in live:
                    i = bisect_left(rows, b)
                    if i < len(rows) and rows[i] == b:
                        live[b] += c
        # 3. Score them, best bound first, until the bound falls below the bar.
        cut = floor() * adenom / (100.0 * slack)
        for ub, b in sorted([(u, b) for b, d in live.items() if (u := d / denom[b]) >= cut],
                            reverse=True):
            if 100.0 * slack * min(ub / adenom, 1.0) < floor():
                break
            score(b)
        return [Hit(-ni, s) for s, ni in sorted(top, reverse=True)]


# ---------------------------------------------------------------------------------------------
# highlight


def _aligned(q: str, t: str, cutoff: float) -> list[tuple[int, int]]:
    """Spans of t lining up with q in their best partial_ratio window ([] below the cutoff)."""
    if not _fuzzy(q, t, cutoff):
        return []
    if len(t) < len(q):
        start, end = 0, len(t)
    else:
        al = fuzz.partial_ratio_alignment(q, t)
        slack = len(q) // 4 + 1  # the window is as long as q: let a typo's letters fit
        start, end = max(al.dest_start - slack, 0), min(al.dest_end + slack, len(t))
    return [(start + op.dest_start, start + op.dest_end)
            for op in Indel.opcodes(q, t[start:end]) if op.tag == "equal"]


def highlight(query: str, text: str) -> list[tuple[int, int]]:
    """[start, end) spans of text that match the query, sorted and disjoint, for display.

    Where the query occurs (folded, as ``search_score`` sees it): its occurrences. Else, when
    the query's words found in any order score best: each word's occurrences at word starts
    (or, for a typo, the letters of its best window). Else the letters of the query's best
    fuzzy window.
    """
    q = _fold(query)
    if len(q) <= 1:
        return []
    t, origin = _fold_map(text)
    words = q[1:].split(" ")
    found: list[tuple[int, int]] = []
    core = q[1:]
    pos = t.find(core)
    if pos >= 0:
        while pos >= 0:
            found.append((pos, pos + len(core)))
            pos = t.find(core, pos + len(core))
    else:
        bar = max(_FUZZY_WEIGHT * _fuzzy(q, t), SEARCH_FLOOR)
        if len(words) > 1 and _words_part(words, t, bar) >= bar:
            for w in words:
                needle = " " + w
                pos = t.find(needle)
                if pos < 0 and len(needle) > 5:
                    found += _aligned(needle, t, _WORD_TYPO)
                while pos >= 0:
                    found.append((pos + 1, pos + len(needle)))
                    pos = t.find(needle, pos + len(needle))
        else:
            found = _aligned(q, t, _PR_CUTOFF)
    spans: list[tuple[int, int]] = []
    for a, b in sorted(found):
        while a < b and origin[a] < 0:
            a += 1
        while b > a and origin[b - 1] < 0:
            b -= 1
        if a >= b:
            continue
        spans.append((origin[a], origin[b - 1] + 1))
    return _merge(spans)
