"""The reader's corrections of what the detector says of a statement (who said it, what kinds of
claim it is): anchored to its sentence as a note is, and shown over the detected claim, which is
kept beside it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..analysis.article import Article, Claims
from ..analysis.claims import KIND_INFO, KINDS, Claim
from ..text import scrub
from .model import ANCHORED
from .place import place
from .selector import Selector

#: A speaker is a name (a person, an office, "officials"): at most this many characters.
MAX_SPEAKER = 120
#: What the user may call a kind (its name, its label in the reader, its short name in tables).
KIND_NAMES = {name: k.name for k in KIND_INFO.values() for name in (k.name, k.label, k.short)}


@dataclass(frozen=True, slots=True)
class Correction:
    """The speaker and kinds the reader gave a statement, and where that statement is: its
    selector and state work as a note's do (anchored, review, orphan; see notes.policy)."""

    id: str
    document_id: int
    selector: Selector
    statement: int | None  # 0-based statement number when it was made
    speaker: str | None  # None: the reader says no one is quoted or named as its source
    kinds: tuple[str, ...]  # in KINDS order; () says it is no claim
    state: str
    created: str
    modified: str
    #: The hash of the text the selector's offsets belong to ("" when not known).
    text_hash: str = ""
    review_start: int | None = None
    review_end: int | None = None
    review_reason: str = ""
    candidates: tuple[tuple[int, int], ...] = ()

    # What notes.place reads of a note, so that a correction is placed as a note is.
    @property
    def start(self) -> int | None:
        return self.selector.start

    @property
    def end(self) -> int | None:
        return self.selector.end

    def describe(self) -> str:
        """"speaker Jane Doe · quote, attributed", as the user reads it."""
        return described(self.speaker, self.kinds)


def described(speaker: str | None, kinds: Sequence[str]) -> str:
    """A speaker and kinds in words: "Jane Doe · quote, attributed", "no speaker · no kind"."""
    named = ", ".join(KIND_INFO[k].label for k in kinds if k in KIND_INFO) or "no kind"
    return f"{speaker or 'no speaker'} · {named}"


def clean_speaker(raw: str | None) -> str | None:
    """A speaker as typed, on one line and without control characters; empty is None. Longer
    than MAX_SPEAKER is a ValueError (one line)."""
    speaker = " ".join(scrub(raw or "").split())
    if len(speaker) > MAX_SPEAKER:
        raise ValueError(f"a speaker is a name of at most {MAX_SPEAKER} characters")
    return speaker or None


def clean_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    """Kinds by any of their names ("attributed", "stat"), in KINDS order; an unknown one is a
    ValueError that lists those there are."""
    chosen = set()
    for raw in kinds:
        name = raw.strip().lower()
        if not name:
            continue
        if name not in KIND_NAMES:
            raise ValueError(f"no kind {scrub(raw)!r}: use {', '.join(KINDS)}")
        chosen.add(KIND_NAMES[name])
    return tuple(k for k in KINDS if k in chosen)


def corrected_claim(claim: Claim, speaker: str | None, kinds: Iterable[str]) -> Claim:
    """``claim`` as the reader corrected it: their speaker and kinds, and only the marks and
    reasons that still hold (a quotation's marks go with the kind "quote", the speaker's words
    with a speaker the reader changed: nothing on the page argues with the correction)."""
    wanted = set(kinds)
    kinds = tuple(k for k in KINDS if k in wanted)
    same = speaker == claim.speaker
    keeps = {"quote": "quote" in kinds, "figure": "statistic" in kinds,
             "hedge": "hedge" in kinds, "cue": "attribution" in kinds,
             "speaker": "attribution" in kinds and same}
    reasons = {"quotation": "quote" in kinds, "figure": "statistic" in kinds,
               "hedge": "hedge" in kinds, "source": "attribution" in kinds and same}

    def holds(reason: str) -> bool:
        if reason.startswith("continues the quotation of"):
            return same and "quote" in kinds
        return reasons.get(reason.partition(":")[0], True)

    return replace(claim, kinds=kinds, speaker=speaker,
                   cue=claim.cue if "attribution" in kinds else None,
                   reasons=tuple(r for r in claim.reasons if holds(r)),
                   marks=tuple(m for m in claim.marks if keeps.get(m.kind, True)))


@dataclass(frozen=True, slots=True)
class Applied:
    """A correction shown on its statement, and what the detector said there."""

    correction: Correction
    detected: Claim


@dataclass(frozen=True, slots=True)
class Waiting:
    """A correction not applied: its sentence was edited (in review: ``statement`` is where the
    edited sentence is now) or is gone (orphan: ``statement`` is None). Never moved silently:
    the reader applies it again, or not."""

    correction: Correction
    statement: int | None


class CorrectedClaims(Claims):
    """An article's claims with the reader's corrections over them. The claims as detected stay
    (``detected``), and what was corrected (``applied``, by statement) and what could not be
    (``waiting``) go with them: whoever holds the article can tell them apart. Nothing is
    copied: a claim is looked up when asked for."""

    __slots__ = ("detected", "applied", "waiting", "_shown")

    def __init__(self, detected: Sequence[Claim], applied: Mapping[int, Applied],
                 waiting: Sequence[Waiting]) -> None:
        self._found, self._statements = (), ()  # (Claims' own: the detected hold them)
        self.detected = detected
        self.applied = dict(applied)
        self.waiting = tuple(waiting)
        self._shown = {i: corrected_claim(a.detected, a.correction.speaker, a.correction.kinds)
                       for i, a in self.applied.items()}

    def __len__(self) -> int:
        return len(self.detected)

    @property
    def found(self) -> int:
        detected = self.detected
        return detected.found if isinstance(detected, Claims) else len(detected)

    def _item(self, i: int) -> Claim:
        shown = self._shown.get(i)
        return shown if shown is not None else self.detected[i]

    def __iter__(self):
        shown = self._shown
        for i, claim in enumerate(self.detected):
            yield shown.get(i, claim)

    def __hash__(self) -> int:
        return hash(self.detected) ^ hash(tuple(sorted(self._shown.items())))


def detected(article: Article) -> Sequence:
    """The article's claims as the detector gave them (whatever was corrected)."""
    claims = article.claims
    return claims.detected if isinstance(claims, CorrectedClaims) else claims


def applied_at(article: Article, statement: int) -> Applied | None:
    """The correction shown on this statement (0-based), if any."""
    claims = article.claims
    return claims.applied.get(statement) if isinstance(claims, CorrectedClaims) else None


def waiting(article: Article) -> tuple[Waiting, ...]:
    """The article's corrections that are not applied (their sentences edited or gone)."""
    claims = article.claims
    return claims.waiting if isinstance(claims, CorrectedClaims) else ()


def made(article: Article) -> list[Correction]:
    """Every correction the article carries, applied or waiting (what an export writes)."""
    claims = article.claims
    if not isinstance(claims, CorrectedClaims):
        return []
    return [*(a.correction for _, a in sorted(claims.applied.items())),
            *(w.correction for w in claims.waiting)]


def on_statement(article: Article, corrections: Iterable[Correction]) -> dict[int, list[Correction]]:
    """Each statement's corrections, applied or in review there, newest last — placed exactly as
    notes are (notes.place reads of a correction what it reads of a note)."""
    out: dict[int, list[Correction]] = {}
    for p in place(article, corrections):  # type: ignore[arg-type]
        if p.statement is not None:
            out.setdefault(p.statement, []).append(p.note)  # type: ignore[arg-type]
    for found in out.values():
        found.sort(key=lambda c: (c.modified, c.id))
    return out


def apply(article: Article, corrections: Iterable[Correction]) -> Article:
    """The article with the reader's corrections shown over its claims (see CorrectedClaims).
    A correction applies where it is anchored, to an analysed statement (the newest, if a
    statement has two); one in review or orphaned waits, shown as waiting. While the claims are
    still being looked for, and with no corrections, the article is given back as detected.
    (Given an article already corrected, its detected claims are corrected afresh.)"""
    corrections = list(corrections)
    claims = detected(article)
    if article.pending or not corrections:
        return article if claims is article.claims else replace(article, claims=claims)
    analysed = article.analysed
    applied: dict[int, Applied] = {}
    placed = {c.id: None for c in corrections}
    for statement, found in on_statement(article, corrections).items():
        for c in found:
            placed[c.id] = statement
        live = [c for c in found if c.state == ANCHORED]
        if live and statement < analysed:
            applied[statement] = Applied(live[-1], claims[statement])
    shown = {a.correction.id for a in applied.values()}
    # (An anchored correction whose words are not found on this text waits as well.)
    late = [Waiting(c, placed[c.id]) for c in corrections
            if c.id not in shown and (c.state != ANCHORED or placed[c.id] is None)]
    return replace(article, claims=CorrectedClaims(claims, applied, late))
