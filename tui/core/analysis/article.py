"""The analysed article: a Document with its statements and one Claim per statement (pending while
they are looked for)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Callable

from ..document.model import Document, OnDemand
from .claims import Claim
from .segment import Statement, segment
from .spread import detect, said_stream

#: Claims are looked for in this many statements at most (a long book holds some 30,000), and
#: the library keeps no more of one article for search; the statements beyond are shown, not
#: analysed or searchable, and the user is told.
MAX_ANALYSED = 100_000


class Claims(OnDemand):
    """One Claim per statement: those detected, then, past MAX_ANALYSED, a "not analysed" claim
    made when asked for (never a million of them held at once)."""

    __slots__ = ("_found", "_statements")

    def __init__(self, found: Sequence[Claim], statements: Sequence[Statement]) -> None:
        self._found = tuple(found)
        self._statements = statements

    def __len__(self) -> int:
        return len(self._statements)

    @property
    def found(self) -> int:
        """How many claims were detected (the others were not looked for)."""
        return len(self._found)

    def _item(self, i: int) -> Claim:
        if i < len(self._found):
            return self._found[i]
        st = self._statements[i]
        return Claim(st.index, st.start, st.end, (), None, None, 0.0, _NOT_ANALYSED)

    def __iter__(self):
        yield from self._found
        for i in range(len(self._found), len(self._statements)):
            yield self._item(i)

    def __hash__(self) -> int:
        return hash(self._found) ^ len(self._statements)


_NOT_ANALYSED = (f"not analysed: claims are looked for in the first {MAX_ANALYSED:,} statements",)


class Pending(OnDemand):
    """No claim yet for any statement (None for each): they are still being looked for. An
    article holding these can be read, moved through and annotated; its claims come later."""

    __slots__ = ("_count",)

    def __init__(self, statements: Sequence[Statement]) -> None:
        self._count = len(statements)

    def __len__(self) -> int:
        return self._count

    def _item(self, i: int) -> None:
        return None

    def __hash__(self) -> int:
        return self._count


@dataclass(frozen=True, slots=True)
class Article:
    """A Document, its statements and one Claim per statement (same order, same indices)."""

    document: Document
    statements: Sequence[Statement]  # Statements: columns, not a million objects
    claims: Sequence[Claim]  # Pending (None for each) while they are looked for

    @classmethod
    def before_claims(cls, document: Document, statements: Sequence[Statement]) -> Article:
        """The article as soon as it is segmented: its statements, its claims still pending."""
        return cls(document, statements, Pending(statements))

    @property
    def pending(self) -> bool:
        """Are the claims still being looked for (every one None until they come)?"""
        return isinstance(self.claims, Pending)

    @property
    def analysed(self) -> int:
        """How many statements (the first ones) were looked at for claims."""
        if self.pending:
            return 0
        if isinstance(self.claims, Claims):
            return self.claims.found
        return len(self.statements)

    @property
    def unanalysed(self) -> int:
        """How many statements (past MAX_ANALYSED) were not looked at for claims."""
        return len(self.statements) - self.analysed

    def notice(self) -> str:
        """What to tell the user of how the article was analysed ("" when all of it was, or
        while its claims are still being looked for)."""
        if self.pending or not self.unanalysed:
            return ""
        return (f"this article has {len(self.statements):,} statements: claims are looked for, "
                f"and statements kept for search, in the first {self.analysed:,}; the "
                f"{self.unanalysed:,} after them are shown, not analysed or searchable")


def analyse(document: Document, progress: Callable[[str], None] | None = None,
            cancelled: Callable[[], bool] | None = None,
            segmented: Callable[[Article], None] | None = None) -> Article:
    """Segment the document and detect its claims. ``progress`` gets a line to show now and
    then; ``cancelled()`` is asked as the work goes, and stops it (raises Cancelled).
    ``segmented`` gets the article as soon as its statements are known (its claims pending):
    segmenting a 3 MB book takes a tenth of a second, finding its claims seconds, and a reader
    can move and annotate meanwhile."""
    statements = segment(document, cancelled)
    # The statements first (the reader opens its notes store on them: the cursor and notes are
    # ready before the workers take both CPUs), then a long article's go to worker processes.
    if segmented is not None:
        segmented(Article.before_claims(document, statements))
    stream = said_stream(document.text, statements[:MAX_ANALYSED], cancelled)
    if progress is not None:
        progress(f"Finding claims in {len(statements)} statements…")

        def claims_progress(done: int, total: int) -> None:
            progress(f"Finding claims… {100 * done // max(1, total)}%")
    else:
        claims_progress = None
    found = detect(document, statements[:MAX_ANALYSED], claims_progress, cancelled, stream)
    return Article(document, statements, Claims(found, statements))
