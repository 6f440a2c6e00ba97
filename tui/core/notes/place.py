"""Where each note sits in the analysed article now: its span, statement, paragraph and claim."""

from __future__ import annotations

from bisect import bisect_right, insort
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..analysis.article import Article
from ..analysis.claims import Claim
from ..analysis.segment import starts_of
from ..bulk import many_objects
from .model import ORPHAN, REVIEW, Note
from .policy import resolve


@dataclass(frozen=True, slots=True)
class Placed:
    """A note with where it is in the current article (None for orphans)."""

    note: Note
    start: int | None
    end: int | None
    statement: int | None  # 0-based
    paragraph: int | None  # 0-based block index
    claim: Claim | None
    #: For a note in review: the other statements (0-based) where its words are too.
    also: tuple[int, ...] = ()


def _statement_at(article: Article, starts: list[int], offset: int) -> int | None:
    i = bisect_right(starts, offset) - 1
    return i if i >= 0 and article.statements[i].end > offset else None


def place(article: Article, notes: Iterable[Note]) -> list[Placed]:
    """Locate notes in the article, in document order; orphans (and deleted notes) last.

    An anchored note whose quote is not at its offsets in this text (the article was read again
    elsewhere and its notes moved onto a newer text) is found by its selector, never shown
    where its offsets would fall."""
    with many_objects():
        out = _place(article, notes)
    out.sort(key=document_order)
    return out


def _place(article: Article, notes: Iterable[Note]) -> list[Placed]:
    """``place``, but for the order."""
    text = article.document.text
    statements, claims = article.statements, article.claims
    starts = starts_of(statements)
    #: Each statement (and its claim) noted, made once: a statement holds many notes.
    made: dict[int, tuple] = {}
    out = []
    for note in notes:
        if note.state == ORPHAN:
            out.append(Placed(note, None, None, None, None, None))
            continue
        if note.state == REVIEW and note.review_start is not None:
            start, end = note.review_start, note.review_end
        else:
            start, end = note.start, note.end
            if start is None or end is None or text[start:end] != note.selector.exact:
                found = resolve(text, note.selector)
                start, end = (found.start, found.end) if found.state != ORPHAN else (None, None)
        if start is None or end is None or end > len(text):
            out.append(Placed(note, None, None, None, None, None))
            continue
        i = bisect_right(starts, start) - 1
        if i >= 0 and i not in made:
            made[i] = statements[i], claims[i]
        if i >= 0 and made[i][0].end > start:
            st, claim = made[i]
            also = ()
            if note.state == REVIEW and note.candidates:
                also = tuple(sorted({j for j in (_statement_at(article, starts, s)
                                                 for s, _ in note.candidates)
                                     if j is not None and j != i}))
            out.append(Placed(note, start, end, i, st.block, claim, also))
        else:
            out.append(Placed(note, start, end, None, article.document.block_at(start), None))
    return out


def document_order(p: Placed) -> tuple:
    """Where ``place`` puts a note: by its start in the text, then by when it was written;
    orphans last."""
    return p.start is None, p.start if p.start is not None else 0, p.note.created, p.note.id


def by_statement(placed: Iterable[Placed]) -> dict[int, list[Placed]]:
    """The notes on each statement (0-based), in the order given; orphans nowhere."""
    out: dict[int, list[Placed]] = {}
    for p in placed:
        if p.statement is not None:
            out.setdefault(p.statement, []).append(p)
    return out


def stamp(note: Note) -> tuple:
    """What ``Store.note_stamps`` gives for ``note`` as it was read: it changes whenever the note
    is edited, deleted or restored, accepted, or moved onto a new text."""
    return (note.revision, note.state, note.selector.start, note.selector.end, note.review_start,
            note.review_end)


def merge(placed: Sequence[Placed], changed: Sequence[Placed], gone: Iterable[str]) -> list[Placed]:
    """``placed`` (in document order) with the notes ``changed`` put in, in place of their old
    versions, and the notes with ids in ``gone`` taken out: what ``place`` would give for them
    all, at the cost of the changes."""
    drop = set(gone) | {p.note.id for p in changed}
    out = [p for p in placed if p.note.id not in drop] if drop else list(placed)
    if len(changed) > 64:
        out.extend(changed)
        out.sort(key=document_order)
    else:
        for p in changed:
            insort(out, p, key=document_order)
    return out
