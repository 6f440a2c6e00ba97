"""Say of each statement what kind of claim it is, who made it, how check-worthy it is, and why."""

from __future__ import annotations

from dataclasses import dataclass
from sys import intern
from typing import TYPE_CHECKING, Callable, NamedTuple, Sequence

from ..text import clip
from . import Cancelled, checkworthy
from .sources import Context, Sentence
from .words import DIGIT_OR_MONEY, FIGURE_HINTS, FIGURES, HEDGE_HINTS, HEDGES, LIST_NUMBER

if TYPE_CHECKING:
    from ..document.model import Document

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
    if FIGURE_HINTS.isdisjoint(words) and not DIGIT_OR_MONEY.search(text):
        return []
    m = LIST_NUMBER.match(text)
    return [(f.start(), f.end()) for f in FIGURES.finditer(text, m.end() if m else 0)]


def _mark_order(mark: Mark) -> tuple[int, int]:
    return mark[1], mark[2]


#: Each distinct tuple of kinds, once.
_KINDS: dict[tuple[str, ...], tuple[str, ...]] = {}


def analyse_text(text: str, context: Context | None = None, base: int = 0, index: int = 0,
                 block: int = -1) -> Claim:
    """The claim of one statement's text. ``base`` is its offset in the document."""
    ctx = context or Context()
    sentence = Sentence(text)
    quotes = sentence.quotes
    kinds: list[str] = []
    reasons: list[str] = []
    marks: list[Mark] = []
    speaker: str | None = None
    cue: str | None = None

    if quotes:
        kinds.append("quote")
        reasons.append(f"quotation: {clip(text[quotes[0][0]:quotes[0][1]], 48)}")
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
        reasons.append("figure: " + ", ".join(clip(text[s:e], 24) for s, e in figures[:3]))
        marks.extend(Mark("figure", base + s, base + e) for s, e in figures)

    hedges = [] if HEDGE_HINTS.isdisjoint(sentence.words) else [
        (m.start(), m.end()) for m in HEDGES.finditer(text) if m.start() != cue_start]
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
    # Kinds, speakers, cues and most reasons repeat across a long article: one copy of each.
    kinds_t = tuple(kinds)
    return Claim(index=index, start=base, end=base + len(text),
                 kinds=_KINDS.setdefault(kinds_t, kinds_t),
                 speaker=intern(speaker) if speaker else speaker, cue=intern(cue) if cue else cue,
                 score=round(score, 4), reasons=tuple(map(intern, reasons)),
                 marks=tuple(marks) if marks else ())


def detect(document: Document, statements: Sequence,
           progress: Callable[[int, int], None] | None = None,
           cancelled: Callable[[], bool] | None = None) -> tuple[Claim, ...]:
    """One Claim per statement, in order. Statements carry ``start``, ``end`` and ``block``.

    ``progress(done, total)`` is called every few thousand statements (for a progress bar);
    ``cancelled()`` is asked every few hundred, and when it says so the work stops (Cancelled).
    """
    ctx = Context()
    text = document.text
    out = []
    total = len(statements)
    for i, st in enumerate(statements):
        out.append(analyse_text(text[st.start:st.end], ctx, base=st.start, index=i, block=st.block))
        if i % 500 == 499:
            if cancelled is not None and cancelled():
                raise Cancelled
            if progress is not None and i % 2000 == 1999:
                progress(i + 1, total)
    return tuple(out)
