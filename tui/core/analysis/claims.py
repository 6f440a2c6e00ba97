"""Say of each statement what kind of claim it is, who made it, how check-worthy it is, and why."""

from __future__ import annotations

from dataclasses import dataclass
from sys import intern
from typing import NamedTuple

from ..text import clip
from . import checkworthy
from .context import Context
from .sources import Sentence
from .speakers import choose_among, readings, weighable
from .words import (COUNTERFACTUAL, DEFINITE, DIGIT_OR_MONEY, FIGURE_HINTS, HEDGE_HINTS, HEDGES,
                    HYPOTHETICAL_HEDGES, ID_SIGNS, ID_WORDS, LIST_NUMBER, LOWER_WORD, NAME_WORD,
                    NOT_A_NAME, NUMBER_AT, RANGE_REST, SPAN_WORDS, TIME_UNIT_AFTER, WORD_FIGURES)


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of claim and how every front end names it."""

    name: str  # as in Claim.kinds and the JSON output
    letter: str  # in the reader's margin: readable without colour
    label: str  # in the sidebar, the legend, the help
    short: str  # in the tables 'margin claims' and 'margin search' print


#: The claim kinds, in the order they are shown.
KIND_INFO = {k.name: k for k in (
    Kind("quote", "Q", "quote", "quote"),
    Kind("attribution", "A", "attributed", "attrib"),
    Kind("statistic", "S", "statistic", "stat"),
    Kind("hedge", "H", "hedged", "hedge"),
    Kind("assertion", "F", "assertion", "assert"),
)}
KINDS = tuple(KIND_INFO)
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


def _figures(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """The statistics of ``text``: numbers that count or measure (see words.py), in order."""
    digit = DIGIT_OR_MONEY.search(text)
    in_words = not FIGURE_HINTS.isdisjoint(words)
    if digit is None and not in_words:
        return []
    found = []
    if digit is not None:
        listed = LIST_NUMBER.match(text)
        pos = listed.end() if listed else 0
        headline = None
        while (d := DIGIT_OR_MONEY.search(text, pos)) is not None:
            s = d.start()
            m = NUMBER_AT.match(text, s)
            if m is None:  # a currency sign alone
                pos = s + 1
                continue
            pos = m.end()
            if s and text[s].isdigit() and (text[s - 1].isalnum() or text[s - 1] in "_-/.,"):
                continue  # inside a word or a code: G7, F-35, COVID-19
            kind = m.lastgroup
            if kind == "no":
                continue
            named = _named(text, s, pos) if kind == "plain" else None
            if named == "name" and headline is None:
                headline = LOWER_WORD.search(text) is None
            if named == "id" or (named == "name" and not headline):
                more = RANGE_REST.match(text, pos)  # "Chapters 3 to 5"
                pos = more.end() if more else pos
                continue
            found.append((s, pos))
    if in_words:
        found.extend(_word_figures(text, words))
        if digit is not None:
            found.sort()
    return found


def _named(text: str, s: int, end: int) -> str | None:
    """What the words around the number ``text[s:end]`` make of it: "id" if it names or places
    ("Chapter 1", "#4", "May 18", a person's age: "Jane Smith, 34, said", a span of time: "the
    past 12 months"), "name" after a capitalised word mid-sentence ("PlayStation 2"), else None:
    a figure."""
    j = s - 1 if s and text[s - 1] in " /\xa0" else s
    if j and text[j - 1] in ID_SIGNS:
        return "id"
    i = text.rfind(" ", 0, j) + 1
    word = text[i:j].lstrip("(“\"‘'")
    low = word.lower()
    if low in ID_WORDS:
        return "id"
    if low in SPAN_WORDS:
        return "id" if TIME_UNIT_AFTER.match(text, end) else None
    if word[-1:] == ",":  # "Jane Smith, 34, said", "The suspect, 34, was"
        age = (word[:-1].isalpha() and text[s].isdigit() and end - s <= 3
               and text[end:end + 1] == "," and not text[end + 1:end + 3].lstrip()[:1].isdigit())
        return "id" if age else None
    if (i > 1 and text[i - 2] not in ".!?:;“\"(" and word not in NOT_A_NAME
            and NAME_WORD.fullmatch(word)):
        return "name"
    return None


def _word_figures(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """The figures in words of ``text``, tried where its FIGURE_HINTS words are and at the word
    before each ("a third", "Two million", "One in ten")."""
    tried = []
    for w in FIGURE_HINTS & words:
        for form in (w, w[0].upper() + w[1:]):
            p = text.find(form)
            while p >= 0:
                q = p + len(w)
                if (not p or not text[p - 1].isalpha()) and not text[q:q + 1].isalpha():
                    k = p - 1 if p and text[p - 1] in " -" else p
                    i = k
                    while i and text[i - 1].isalpha():
                        i -= 1
                    for start in (i, p) if i < k else (p,):
                        m = WORD_FIGURES.match(text, start)
                        if m is not None and m.end() > p:
                            tried.append((m.start(), -m.end(), m.lastgroup))
                            break
                p = text.find(form, q)
    found = []
    end = 0
    for s, e, kind in sorted(tried, key=_span_order):  # the longest of overlapping matches
        if s < end:
            continue
        end = -e
        if kind == "no" or (kind == "count" and (
                DEFINITE.search(text, max(0, s - 7), s) or _named(text, s, end) == "id")):
            continue
        found.append((s, end))
    return found


def _span_order(tried: tuple[int, int, str | None]) -> tuple[int, int]:
    return tried[0], tried[1]


def _hedges(text: str, words: frozenset[str], cue_start: int) -> list[tuple[int, int]]:
    """The hedges of ``text`` but its reporting cue (at ``cue_start``), and but "could" and
    "might" in a counterfactual ("We could understand if Qantas was struggling")."""
    if HEDGE_HINTS.isdisjoint(words):
        return []
    search = text
    first = text.lstrip(" “\"‘'(")[:1]
    if "A" <= first <= "Z":  # "Perhaps the figures are wrong.": HEDGES is lower-case
        i = text.index(first)
        search = text[:i] + first.lower() + text[i + 1:]
    found = [m.span() for m in HEDGES.finditer(search)
             if m.start() != cue_start and text[m.start():m.end()] != "May"]
    if found and ("if" in words or "unless" in words) and COUNTERFACTUAL.search(text):
        found = [(s, e) for s, e in found if search[s:e] not in HYPOTHETICAL_HEDGES]
    return found


def _mark_order(mark: Mark) -> tuple[int, int]:
    return mark[1], mark[2]


#: Each distinct tuple of kinds, once.
_KINDS: dict[tuple[str, ...], tuple[str, ...]] = {}


class Said(NamedTuple):
    """What one statement says on its own, before the article around it is read: its
    quotations, attribution, readings of the speaker, figures, hedges and check-worthiness.
    Plain values only (no tokens kept), so that a long article's statements can be read in
    other processes and only the short context pass (``settle``) be done in order."""

    quotes: list[tuple[int, int]]
    found: tuple | None  # (source, cue, cue start, cue end), as Sentence.attribution()
    turn: bool  # a transcript's turn ("SMITH: …")
    readings: list | None  # the speaker's readings to rank (speakers.readings), None: the rules'
    figures: list[tuple[int, int]]
    hedges: list[tuple[int, int]]  # every hedge, the reporting cue's among them
    score: float
    reasons: list[str]  # the check-worthiness model's
    people: list[str]  # people named after a title


def said(text: str) -> Said:
    """What the statement ``text`` says on its own (see Said)."""
    sentence = Sentence(text)
    found = sentence.attribution()
    found_readings = None
    if found and not sentence.turn and weighable(sentence, found):
        found_readings = readings(sentence, found, alone=True)
    words = sentence.words
    score, model_reasons = checkworthy.explain(text, limit=2, wording_only=True)
    return Said(sentence.quotes, found, sentence.turn, found_readings, _figures(text, words),
                _hedges(text, words, -1), score, model_reasons,
                [person for _, person in sentence.people()])


def analyse_text(text: str, context: Context | None = None, base: int = 0, index: int = 0,
                 block: int = -1) -> Claim:
    """The claim of one statement's text. ``base`` is its offset in the document."""
    return settle(text, said(text), context or Context(), base, index, block)


def settle(text: str, own: Said, ctx: Context, base: int = 0, index: int = 0,
           block: int = -1) -> Claim:
    """The claim of the statement ``text`` from what it says on its own (``own``) and what the
    article said before it (``ctx``, which it then updates)."""
    quotes = own.quotes
    kinds: list[str] = []
    reasons: list[str] = []
    marks: list[Mark] = []
    speaker: str | None = None
    cue: str | None = None

    if quotes:
        kinds.append("quote")
        reasons.append(f"quotation: {clip(text[quotes[0][0]:quotes[0][1]], 48)}")
        marks.extend(Mark("quote", base + s, base + e) for s, e in quotes)

    found = own.found
    cue_start = -1
    src = None
    if found:
        src, cue, cue_start, cue_end = found
        speaker = None
        pick = None if own.turn else choose_among(own.readings, text, ctx)
        if pick is not None:  # the reading the learned ranking prefers (tui/core/analysis/speakers)
            same = src is not None and (pick.src.start, pick.src.end) == (src.start, src.end)
            src, speaker = pick.src, pick.name
            if pick.tok is not None and not same:  # another reading: its own cue
                tok = pick.tok
                cue, cue_start, cue_end = tok.text, tok.start, tok.end
        elif src is not None:
            speaker = ctx.resolve(text, src)
        kinds.append("attribution")
        marks.append(Mark("cue", base + cue_start, base + cue_end))
        if src is None:
            reasons.append(f"attributed ({cue}), the source not named")
            cue_start = -1  # "…, suggesting that": the writer's own hedge may be the cue word
        else:
            written = text[src.start:src.end]
            if src.sort == "pronoun":
                reasons.append(f"source: {speaker} (“{written}” {cue})" if speaker
                               else f"source: “{written}” ({cue})")
            else:
                marks.append(Mark("speaker", base + src.start, base + src.end))
                reasons.append(f"source: {speaker} ({cue})")
                if src.sort in ("org", "group", "people") and speaker:
                    ctx.group_spoke(speaker)
    elif ctx.turn is not None and ctx.turn[1] == block and block >= 0:
        # The rest of a transcript's turn: "PENCE: Well, look. … It's serious business."
        speaker = ctx.turn[0]
        reasons.append(f"in the turn of {speaker}")
    elif quotes and quotes[0][0] <= 1 and ctx.prev_speaker and block - ctx.prev_block <= 1:
        # A bare quotation right after an attributed one continues it.
        speaker = ctx.prev_speaker
        reasons.append(f"continues the quotation of {speaker}")

    figures = own.figures
    if figures:
        kinds.append("statistic")
        reasons.append("figure: " + ", ".join(clip(text[s:e], 24) for s, e in figures[:3]))
        marks.extend(Mark("figure", base + s, base + e) for s, e in figures)

    hedges = [h for h in own.hedges if h[0] != cue_start] if cue_start >= 0 else own.hedges
    if hedges:
        kinds.append("hedge")
        words = list(dict.fromkeys(text[s:e].lower() for s, e in hedges))
        reasons.append("hedge: " + ", ".join(words[:4]))
        marks.extend(Mark("hedge", base + s, base + e) for s, e in hedges)

    score = own.score
    if not kinds and score >= ASSERTION_THRESHOLD:
        kinds.append("assertion")
    reasons.extend(own.reasons)
    if not quotes and text.rstrip()[-1:] == "?":
        reasons.append("a question, not a claim")

    for person in own.people:
        ctx.mentioned(person)
    if src is not None and src.sort == "person" and speaker:
        ctx.spoke(speaker)
    if speaker and found:
        ctx.heard(speaker)
    ctx.prev_speaker = speaker if ("quote" in kinds or "attribution" in kinds) else None
    ctx.prev_block = block
    ctx.read(text)
    if own.turn and speaker:
        ctx.turn = (speaker, block)
    elif ctx.turn is not None and ctx.turn[1] != block:
        ctx.turn = None
    if len(marks) > 1:
        marks.sort(key=_mark_order)
    # Kinds, speakers, cues and most reasons repeat across a long article: one copy of each.
    kinds_t = tuple(kinds)
    return Claim(index=index, start=base, end=base + len(text),
                 kinds=_KINDS.setdefault(kinds_t, kinds_t),
                 speaker=intern(speaker) if speaker else speaker, cue=intern(cue) if cue else cue,
                 score=round(score, 4), reasons=tuple(map(intern, reasons)),
                 marks=tuple(marks) if marks else ())
