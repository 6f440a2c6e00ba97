"""Where each note sits in the analysed article now: its span, statement, paragraph and claim."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable

from ..analysis.article import Article
from ..analysis.claims import Claim
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


def place(article: Article, notes: Iterable[Note]) -> list[Placed]:
    """Locate notes in the article, in document order; orphans (and deleted notes) last.

    An anchored note whose quote is not at its offsets in this text (the article was read again
    elsewhere and its notes moved onto a newer text) is found by its selector, never shown
    where its offsets would fall."""
    text = article.document.text
    starts = [s.start for s in article.statements]
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
        if i >= 0 and article.statements[i].end > start:
            st = article.statements[i]
            out.append(Placed(note, start, end, i, st.block, article.claims[i]))
        else:
            out.append(Placed(note, start, end, None, article.document.block_at(start), None))
    out.sort(key=lambda p: (p.start is None, p.start if p.start is not None else 0,
                            p.note.created, p.note.id))
    return out
