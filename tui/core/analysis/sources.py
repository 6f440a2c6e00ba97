"""Who a statement quotes or attributes: its quotations, the reporting cue and the source before or after it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .words import (ACCORDING, AFTER_SOURCE, CLAUSE_END, COMMENT_CUE, DETERMINERS,
                    FUNCTION_CAPS, GROUP_NOUNS, LABELS, ORG_WORDS, PERSON_TITLES, PLACE_PREPOSITIONS,
                    PRONOUNS, REPORTING, SKIP_BEFORE_CUE, SOURCE_HINTS, TITLES, WEAK_CUES, WORD)
from .cues import model as cue_model, source_model
from .quotes import find_quotes  # noqa: F401 (re-exported)
from .tokens import Tok, inside, outside, tokenize  # noqa: F401 (re-exported)
from .subjects import ADVERBS, AUX, DAYS, INTRO, MONTHS, clause_start, main_subject, subject_of


@dataclass(slots=True)
class Source:
    """A source as found: its text as written, where, and what sort of source it is."""

    start: int
    end: int
    sort: str  # person | people ("Mr. Grassley and Mr. Leahy") | org | group | pronoun

    def __reduce__(self):  # pickled as its fields (a long article's cross processes)
        return Source, (self.start, self.end, self.sort)


#: How much surer than its threshold the model must be of a learned cue whose source is not found
#: for the statement to be attributed all the same ("…, polls show." is; "the council voted" not).
UNNAMED_MARGIN = 2.0  # chosen on the training articles (statement F1 0.921)


#: A statement's first this many words that can be cues are weighed (a sentence of news holds a
#: few; a run-on line of a broken file may hold a million, and must not take minutes).
MAX_CUES = 24
#: Statements longer than this many tokens are read by the rules alone.
LONGEST_LEARNED = 150
#: Learned cues that say nothing without their source ("spoke out against", "criticism over").
NOT_ALONE = PLACE_PREPOSITIONS | frozenset("against about over toward towards amid despite behind "
                                           "under upon".split())


#: Cues whose object is who was told, not who spoke ("…, Mijatov told Agence France Presse").
_TOLD = frozenset("told tell tells".split())
SUBORDINATE = frozenset("that who which as and but or".split())
POSSESSIVE = re.compile(r"(?:’|')(?:s|ll|ve|d|re|m)?\Z")  # and a pronoun's clitic: "She’ll", "I've"
_SOME = frozenset("many some several most few others all both".split())
_COUNTS = frozenset("one two three four five six seven eight nine ten first second third last "
                    "final next".split())


class Sentence:
    """One statement's text, tokens (outside quotations) and quotations, and how to read them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.turn = False  # a transcript's turn: "SMITH: …"
        self.weighed: list[tuple[float, int]] = []  # the cues weighed, surest first: (-score, k)
        self._heads: dict[int, int | None] = {}  # cue -> the head of its source, as learned
        self._own: dict[int, tuple[float, float]] = {}  # token -> its weight as a head, any cue
        self._subjects: dict[int, tuple[int, int] | None] = {}  # verb -> its subject's tokens
        self._rules: dict[int, Source | None] = {}  # cue -> its source as the rules read it

        self.quotes = find_quotes(text)
        self.words = frozenset(WORD.findall(text.lower()))
        # Without a reporting word, a title or a colon there is no source to find: no tokens.
        self.all = tokenize(text) if ":" in text or not SOURCE_HINTS.isdisjoint(self.words) \
            or (len(text) < 8 * LONGEST_LEARNED and not cue_model().lexicon.isdisjoint(self.words)) \
            else []
        self.toks = outside(text, self.all, self.quotes)

    def subject_of(self, k: int) -> tuple[int, int] | None:
        """``subjects.subject_of`` of the verb at ``k``, read once per statement."""
        got = self._subjects
        return got[k] if k in got else got.setdefault(k, subject_of(self.toks, k))

    def source_of_cue(self, k: int) -> Source | None:
        """The source of the reporting verb at ``k`` as the rules read it, once per statement."""
        got = self._rules
        return got[k] if k in got else got.setdefault(k, self._source_of_cue(k))

    def name(self, src: Source) -> str:
        return self.text[src.start:src.end]

    # -- noun phrases -------------------------------------------------------------------

    def _named(self, chunk: list[Tok]) -> Source | None:
        """A source from a run of capitalised tokens: titles stripped unless it is an org."""
        if chunk and chunk[0].low == "the" and (len(chunk) < 3 or chunk[0].text != "The"):
            chunk = chunk[1:]  # "The" only belongs to longer names: "The National Security Council"
        if not chunk:
            return None
        last_title = -1
        i = 0
        while i < len(chunk) - 1:
            if chunk[i].low in TITLES:
                last_title = i
                if i + 2 < len(chunk) and chunk[i + 1].low == "of":  # Secretary of State
                    last_title = i = i + 2
            i += 1
        # An organisation's word before the title belongs to the title ("Senate Majority Leader
        # Mitch McConnell" is a person); after it, to the name ("National Security Council").
        org = any(t.low in ORG_WORDS for t in chunk[last_title + 1:])
        if not org:
            chunk = chunk[last_title + 1:] or chunk
        if all(t.low in TITLES or t.low in FUNCTION_CAPS for t in chunk):
            return None
        if len(chunk) == 1 and chunk[0].low in GROUP_NOUNS:  # "Critics said", "Officials said"
            return Source(chunk[0].start, chunk[0].end, "group")
        if chunk[0].low == "the":  # "The Lib Dems", "The National Security Council"
            return Source(chunk[0].start, chunk[-1].end, "org")
        return Source(chunk[0].start, chunk[-1].end, "org" if org else "person")

    def before(self, i: int, floor: int = 0, clause: bool = True) -> Source | None:
        """The source ending at token i, read backwards: a name, a group noun, a pronoun, or a
        common noun phrase after a determiner ("the transport department")."""
        toks = self.toks
        if i < floor:
            return None
        tok = toks[i]
        low = POSSESSIVE.sub("", tok.low)
        if low in PRONOUNS:  # "he", "He’s"
            return Source(tok.start, tok.start + len(low), "pronoun")
        if tok.cap and tok.low not in FUNCTION_CAPS:
            j = i
            while j - 1 >= floor:
                prev = toks[j - 1]
                if prev.cap and (prev.low not in FUNCTION_CAPS or prev.low == "the"):
                    j -= 1
                elif (prev.low in ("of", "for", "de", "van", "von", "al", "bin") or (
                        prev.low in ("and", "&") and any(t.low in ORG_WORDS for t in toks[j:i + 1]))) \
                        and j - 2 >= floor and toks[j - 2].cap and toks[j - 2].low not in FUNCTION_CAPS:
                    j -= 2  # "Bank of America", "the House Ways and Means Committee"
                else:
                    break
            if clause and j - 1 >= floor and toks[j - 1].low in PLACE_PREPOSITIONS:
                # "Owners of the six cafés on Market Street said": the name is a place in the
                # subject; the subject, as written from the start of its clause, made the claim.
                subject = self._clause_subject(j - 1, i, floor)
                if subject is not None:
                    return subject
            if j - 3 >= floor and toks[j - 1].low == "the" and toks[j - 2].low == "of" \
                    and toks[j - 3].cap:  # "Mr. Morgan of the Sierra Club said": Mr. Morgan
                person = self.before(j - 3, floor)
                if person is not None and person.sort == "person":
                    return person
            return self._named(toks[j:i + 1])
        if not tok.text[0].isalpha() or tok.cap:
            return None
        # A lower-case noun phrase: back over at most three words to a determiner.
        j = i
        while j - 1 >= floor and i - j < 3 and toks[j - 1].text[0].isalpha() \
                and toks[j - 1].low not in DETERMINERS and not toks[j - 1].cap:
            j -= 1
        has_det = j - 1 >= floor and toks[j - 1].low in DETERMINERS
        if tok.low in GROUP_NOUNS or (has_det and tok.low not in REPORTING):
            if not has_det and tok.low in GROUP_NOUNS:
                j = i  # "top U.S. officials" -> "officials"
            return self._with_head(Source(toks[j].start, tok.end, "group"), j)
        return None

    def _clause_subject(self, prep: int, last: int, floor: int) -> Source | None:
        """The noun phrase from the start of the clause to token ``last``, when it begins with a
        noun (not with a preposition: "In Kyiv, officials said" has its subject after the comma)."""
        toks = self.toks
        k = prep
        while k - 1 >= floor and toks[k - 1].text not in (",", ";", ":", "“", "”", '"', "(", "—"):
            k -= 1
        while k < prep and toks[k].low in ("but", "and", "so", "yet", "then"):
            k += 1
        if k >= prep or last - k > 10 or toks[k].low in PLACE_PREPOSITIONS:
            return None
        if toks[k].low in ("the", "a", "an") and k + 1 < prep:
            head = toks[k + 1]
        else:
            head = toks[k]
        if head.low in REPORTING or head.low in FUNCTION_CAPS - {"the", "a", "an"}:
            return None
        sort = "group" if not head.cap else ("org" if any(t.low in ORG_WORDS for t in toks[k:last + 1]) else "group")
        return Source(toks[k].start, toks[last].end, sort)

    def _with_head(self, src: Source, k: int) -> Source:
        """``a spokeswoman for the agency`` rather than ``agency``."""
        toks = self.toks
        i = k - 1
        if i > 0 and toks[i].low in DETERMINERS:
            i -= 1
        if i <= 0 or toks[i].low not in ("for", "of", "at", "from"):
            return src
        head = toks[i - 1]
        if head.low in GROUP_NOUNS or head.low.rstrip("s") in GROUP_NOUNS:
            return Source(head.start, src.end, "group")
        return src

    def after(self, i: int) -> Source | None:
        """The source starting at token i and ending its clause: ``said Jake Sullivan.``"""
        toks = self.toks
        det = i < len(toks) and toks[i].low in ("the", "a", "an")
        if det:
            i += 1
        if i >= len(toks):
            return None
        tok = toks[i]
        if tok.low in PLACE_PREPOSITIONS:
            return None  # "…, said in a statement": no source after the verb
        if tok.low in PRONOUNS:
            src = Source(tok.start, tok.end, "pronoun")
        elif tok.cap:
            j = i
            while j < len(toks) and (toks[j].cap or (toks[j].low in ("of", "for")
                                                     and j + 1 < len(toks) and toks[j + 1].cap)):
                j += 1
            src = self._named(toks[i:j])
            if det and j < len(toks) and toks[j].text[0].isalpha() and not toks[j].cap \
                    and toks[j].low not in SUBORDINATE and toks[j].low not in PLACE_PREPOSITIONS:
                # "said the Florida senator", "said a Republican National Committee member":
                # a described source, the name only a word of its description.
                k = j
                while k + 1 < len(toks) and k - j < 1 and toks[k + 1].text[0].isalpha() \
                        and not toks[k + 1].cap and toks[k + 1].low not in SUBORDINATE \
                        and toks[k + 1].low not in PLACE_PREPOSITIONS:
                    k += 1
                src = Source(toks[i].start, toks[k].end, "group")
        else:
            # "said a senior official", "said the company": a lower-case head noun.
            src = None
            for k in range(i, min(len(toks), i + 4)):
                if not toks[k].text[0].isalpha():
                    break
                if toks[k].low in GROUP_NOUNS:
                    src = self._with_head(Source(toks[i].start, toks[k].end, "group"), i)
                    break
            if src is None and det:  # "…, says the watchdog.": a described source, to its end
                k = i
                while k + 1 < len(toks) and k - i < 2 and toks[k + 1].text[0].isalpha() \
                        and not toks[k + 1].cap and toks[k + 1].low not in SUBORDINATE:
                    k += 1
                if all(t.text[0].isalnum() and t.low not in AUX for t in toks[i:k + 1]):
                    src = Source(toks[i].start, toks[k].end, "group")
        if src is None:
            return None
        rest = self.text[src.end:].lstrip()
        if det and src.sort == "group" and rest[:1].isalpha():
            # "said one person with knowledge of…", "said a member who supports Trump"
            word = rest.split(None, 1)[0].lower()
            return src if word in ("who", "with", "of", "at", "from", "in", "familiar") else None
        return src if not rest or rest[0] in CLAUSE_END else None

    def subject(self, before: int) -> Source | None:
        """The first name of the sentence (the subject of "..., stating that")."""
        toks = self.toks
        for k in range(before):
            t = toks[k]
            if t.cap and t.low not in FUNCTION_CAPS:
                j = k
                while j + 1 < before and (toks[j + 1].cap or toks[j + 1].low == "of"):
                    j += 1
                return self.before(j, k)
            if t.low in GROUP_NOUNS:
                return self.before(k)
        return None

    # -- attribution ----------------------------------------------------------------------

    def attribution(self) -> tuple[Source | None, str, int, int] | None:
        """(source, cue, cue start, cue end) of the statement's attribution: its first reporting
        cue with a source, else its first cue (the source not named: "it was reported")."""
        text, toks = self.text, self.toks
        m = COMMENT_CUE.search(text) if "comment" in self.words else None
        if m and not inside(self.quotes, m.start()):
            k = next((i for i, t in enumerate(toks) if t.start >= m.start()), 0)
            src = self.before(k - 1) if k > 0 else None
            if src:
                return src, m.group(), m.start(), m.end()
        m = ACCORDING.search(text) if "according" in self.words else None
        if m and not inside(self.quotes, m.start()):
            src = self._according_to(m.end())
            if src:
                return src, "according to", m.start(), m.end()
        turn = self._turn()
        if turn is not None:
            self.turn = True
            return turn
        # Every word that can be a cue is weighed in its context by the learned model; the surest
        # cue with a source is the statement's attribution (else the surest, its source unnamed).
        model = cue_model()
        quoted = bool(self.quotes)
        scored = []
        weighed_all: list[tuple[float, int]] = []  # every cue weighed: (-score, token)
        weighed = 0
        # A "statement" of hundreds of words is no sentence of news (a run-on line, a list, a
        # table): the rules' verbs alone are looked at there, as the model never learned it.
        lexicon = model.lexicon if len(toks) <= LONGEST_LEARNED else REPORTING
        cues = model.with_reporting if lexicon is model.lexicon else lexicon | REPORTING
        for k, tok in enumerate(toks):
            if tok.low in cues:
                if tok.cap and k and toks[k - 1].text[0].isalnum() and tok.text[1:].islower() \
                        and not self._headline:
                    continue  # "the United States": a name, not a cue (unless in a headline)
                weighed += 1
                if weighed > MAX_CUES:
                    break
                score = model.score(toks, k, quoted, text)
                weighed_all.append((-score, k))
                # A verb of the rules' list keeps its say when the rules find its source.
                if score > model.threshold or tok.low in REPORTING:
                    scored.append((-score, k))
        scored.sort()
        weighed_all.sort()
        self.weighed = weighed_all
        # A reporting verb of the rules' list finds its source by the rules (they know the shapes
        # of news: "…, said Jake Sullivan.", "Owners of the cafés on Market Street said"); any
        # other cue, or a verb whose source the rules miss, by the learned model.
        # The first cue of the statement is its main clause's ("the poll also finds that
        # Clinton maintains…": the poll), when the model is sure of it.
        first = min((k for score, k in scored if -score > model.threshold and toks[k].text != ":"),
                    default=None)
        if first is not None and toks[first].low not in REPORTING and scored[0][1] != first:
            src = self._learned_source(first, toks[first].low not in WEAK_CUES)
            if src is not None and src.end <= toks[first].start:
                return src, toks[first].text, toks[first].start, toks[first].end
        for _, k in scored:
            tok = toks[k]
            if tok.low in REPORTING:
                src = self.source_of_cue(k)
                if src is not None:
                    return src, tok.text, tok.start, tok.end
        for score, k in scored[:3]:  # the surest three: a statement has few real cues
            tok = toks[k]
            if tok.text != ":" and -score > model.threshold:
                src = self._learned_source(k, tok.low not in WEAK_CUES and (
                    tok.low in REPORTING or -score > model.threshold + UNNAMED_MARGIN))
                if src is not None:
                    return src, tok.text, tok.start, tok.end
        colon = self._colon_source()
        if colon is not None:
            return colon
        sure = [k for score, k in scored if toks[k].text != ":"
                and toks[k].low not in WEAK_CUES and toks[k].low not in NOT_ALONE and (
                    -score > model.threshold + UNNAMED_MARGIN
                    or (toks[k].low in REPORTING and -score > model.threshold))]
        if not sure:
            return None
        # Cues the model is sure of, their source not found: the subject of the verb, when it is
        # written as one ("Sixty-six percent said", "the Vermont senator is sticking to", "Trump’s
        # campaign immediately backtracked, putting out a statement").
        for k in sure[:3]:
            cue = toks[k]
            if cue.low.endswith("ing") and k and toks[k - 1].text == ",":
                # "…, saying": the sentence's subject; "Sales fell, suggesting": the writer's
                # inference, not the sales'.
                rng = main_subject(toks, clause_start(toks, k - 1), k - 1) \
                    if cue.low in REPORTING and cue.low not in WEAK_CUES else None
            else:
                rng = self.subject_of(k)
            src = self.span_source(*rng) if rng else None
            if src is not None:
                return src, cue.text, cue.start, cue.end
        cue = toks[sure[0]]
        return None, cue.text, cue.start, cue.end

    @cached_property
    def _headline(self) -> bool:
        """Is the statement written in title case ("Bernie Sanders Says He’s Ready")?"""
        long = [t for t in self.toks if len(t.text) > 3 and t.text[0].isalpha()]
        return bool(long) and sum(t.cap for t in long) >= 0.7 * len(long)

    def asked_model(self, k: int) -> bool:
        """Was the learned model asked for the source of the cue at ``k``?"""
        return k in self._heads

    def _learned_source(self, k: int, sure: bool) -> Source | None:
        """The source of the cue at ``k`` as the learned model finds its head, read as a name,
        a pronoun or a noun phrase ending there."""
        toks = self.toks
        if k > 0 and toks[k - 1].low in ("i", "we", "you"):  # "I think", "we asked"
            p = toks[k - 1]
            return Source(p.start, p.end, "pronoun") if PRONOUNS[p.low] and sure else None
        heads = self._heads
        j = heads[k] if k in heads else heads.setdefault(
            k, source_model().head(toks, k, memo=self._own, rule=self.subject_of(k)))
        if j is None:
            return None
        tok = toks[j]
        # A common noun is a source when it is one ("officials", "the senator") or the cue is
        # sure ("the source added"), not any subject ("the council voted"); "we" and "I" speak
        # for someone unnamed.
        if tok.low in PRONOUNS:
            sort = PRONOUNS[tok.low]
            # The writer speaks through a verb of their own ("I predict"), said surely.
            ok = sort and (sort != "writer" or (sure and j == k - 1))
            return Source(tok.start, tok.end, "pronoun") if ok else None
        if tok.low in _COUNTS or not tok.text[0].isalpha():
            return None  # "Two questions: …"
        if not (tok.cap or sure or tok.low in GROUP_NOUNS or tok.low in PERSON_TITLES):
            return None
        # After its cue, a name is the source itself ("drawn criticism from Vladimir Putin"),
        # not the noun phrase it ends.
        src = self.before(j, k + 1, clause=False) if j > k else self.before(j)
        if src is None and tok.cap and tok.low not in FUNCTION_CAPS:
            return Source(tok.start, tok.end, "person")
        return src

    def _turn(self) -> tuple[Source, str, int, int] | None:
        """A transcript's turn: ``SMITH: …``, ``Mr. SMITH: …`` (the name in capitals)."""
        toks = self.all
        while toks and toks[0].text in "\"“":
            toks = toks[1:]
        for k in range(1, min(4, len(toks))):
            if toks[k].text == ":":
                name = toks[:k]
                if toks[0].start > 3 or not all(t.text.isupper() or t.low in TITLES for t in name):
                    return None
                if not any(t.text.isupper() and len(t.text) > 1 and t.low not in TITLES
                           for t in name) or name[0].low in LABELS:
                    return None
                return (Source(name[0].start, name[-1].end, "person"), ":", toks[k].start,
                        toks[k].end)
        return None

    def _source_of_cue(self, k: int) -> Source | None:
        toks, text = self.toks, self.text
        cue = toks[k]
        # Inverted: "“…,” said Jake Sullivan." / "…, said the ministry."
        if cue.low == "saying" and k >= 1 and toks[k - 1].low == "as":
            # "He was quoted by The Australian as saying": who was quoted said it.
            q = next((i for i in range(k - 2, max(-1, k - 12), -1) if toks[i].low == "quoted"), None)
            rng = subject_of(toks, q) if q is not None else None
            if rng is not None:
                return self.span_source(*rng)
        if cue.low not in _TOLD and not cue.low.endswith("ing") and text[:cue.start].rstrip().endswith((",", "”", '"', "’",
                                                                              "''")):
            src = self.after(k + 1)
            if src:
                return src
        j = k - 1
        while j >= 0 and toks[j].low in SKIP_BEFORE_CUE:
            j -= 1
        if j < 0:
            return None
        if toks[j].text == "," and cue.low.endswith("ing"):
            # "..., stating that": the sentence's subject said it
            rng = main_subject(toks, clause_start(toks, j), j)
            return self.span_source(*rng) if rng else self.subject(j)
        rng = self.subject_of(k)
        if rng is not None:
            src = self.span_source(*rng)
            if src is not None:
                return self._checked(src, rng[1], cue)
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
        return self._checked(src, j, cue) if src is not None else None

    def _checked(self, src: Source, j: int, cue: Tok) -> Source | None:
        toks = self.toks
        if src.sort == "pronoun" and j >= 1 and toks[j - 1].low in ("that", "what", "if", "as"):
            return None  # "...what he said": not this statement's source
        if cue.low in WEAK_CUES and src.sort == "group" \
                and self.text[src.start:src.end].lower() not in GROUP_NOUNS:
            return None  # "its five main claims": a noun, not a source and a reporting verb
        return src

    def span_source(self, first: int, last: int) -> Source | None:
        """The source written as tokens ``first..last``: a name (titles stripped), a pronoun, or a
        described subject kept whole ("the Vermont senator", "John Kasich’s campaign")."""
        toks = self.toks
        head = toks[last]
        low = POSSESSIVE.sub("", head.low)
        if low in PRONOUNS:
            return Source(head.start, head.start + len(low), "pronoun")
        if first == last and low in _SOME:  # "Many said", "Some were reluctant": unnamed people
            return Source(head.start, head.end, "group")
        if first == last and (low in ADVERBS or low in INTRO or low.endswith("ly")):
            return None  # "Recently, …", "Just before …"
        if head.low in DAYS or head.low in MONTHS or (first == last and head.low in FUNCTION_CAPS):
            return None
        if head.low in _COUNTS or head.low in DETERMINERS or head.text[0].isdigit():
            return None  # "Two questions:", "the report": the cue word heads a noun phrase
        if head.cap:
            src = self.before(last, first)
            i = next((i for i in range(first, last + 1) if toks[i].start == src.start), first) \
                if src is not None and src.sort == "person" else first
            while i - 1 > first and toks[i - 1].low in TITLES:
                i -= 1
            if i - 2 >= first and toks[i - 1].low in ("and", "&"):
                other = self.before(i - 2, first)  # "Mr. Grassley and Mr. Leahy say"
                if other is not None and other.sort == "person":
                    return Source(other.start, src.end, "people")
            return src
        if first == last and head.low not in GROUP_NOUNS and head.low not in PERSON_TITLES:
            return None  # one common word ("research"): not a source by itself
        if toks[first].low in ("the", "a", "an") and first < last:
            first += 1  # "the ministry" is said "ministry", as "the senator" is "senator"
        return Source(toks[first].start, head.end, "group")

    def _according_to(self, pos: int) -> Source | None:
        toks = self.toks
        j = next((k for k, t in enumerate(toks) if t.start >= pos), len(toks))
        if j < len(toks) and toks[j].low == "to":
            j += 1
        while j < len(toks) and toks[j].low in ("the", "a", "an"):
            j += 1
        if j >= len(toks):
            return None
        if toks[j].cap and toks[j].low not in FUNCTION_CAPS:
            k = j
            while k < len(toks) and (toks[k].cap or (toks[k].low in ("of", "for")
                                                     and k + 1 < len(toks) and toks[k + 1].cap)):
                k += 1
            return self._named(toks[j:k])
        # "reports", "an engineering report seen by ...", "a senior official": up to a stop word.
        k = j
        while k < len(toks) and k < j + 4 and toks[k].text[0].isalpha() and not toks[k].cap \
                and toks[k].low not in AFTER_SOURCE:
            k += 1
        if k == j:
            return None
        return Source(toks[j].start, toks[k - 1].end, "group")

    def _colon_source(self) -> tuple[Source, str, int, int] | None:
        """``Politico report: ...``, ``Reuters: ...``."""
        toks = self.toks
        for k, t in enumerate(toks[:7]):
            if t.text != ":":
                continue
            head = toks[:k]
            cue = None
            if head and (head[-1].low in REPORTING or head[-1].low in ("statement", "report")):
                cue = head[-1]
                head = head[:-1]
            if not head or not head[0].cap or head[0].low in FUNCTION_CAPS \
                    or head[0].low in LABELS or head[0].low in _COUNTS:
                return None  # "Update: …", "Two questions: …"
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
            if tok.low not in PERSON_TITLES:
                continue
            j = k + 1
            if j + 1 < len(toks) and toks[j].low == "of":
                j += 2
            start = j
            while j < len(toks) and toks[j].cap and toks[j].low not in FUNCTION_CAPS \
                    and toks[j].low not in TITLES:
                j += 1
            name = toks[start:j]
            if name and not any(t.low in ORG_WORDS for t in name):
                found.append((name[0].start, self.text[name[0].start:name[-1].end]))
        return found
