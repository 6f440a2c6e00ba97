"""The analysed article: a Document with its statements and one Claim per statement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..document.model import Document
from .claims import Claim, detect
from .segment import Statement, segment


@dataclass(frozen=True, slots=True)
class Article:
    """A Document, its statements and one Claim per statement (same order, same indices)."""

    document: Document
    statements: tuple[Statement, ...]
    claims: tuple[Claim, ...]


def analyse(document: Document, progress: Callable[[str], None] | None = None,
            cancelled: Callable[[], bool] | None = None) -> Article:
    """Segment the document and detect its claims. ``progress`` gets a line to show now and
    then; ``cancelled()`` is asked as the work goes, and stops it (raises Cancelled)."""
    statements = segment(document, cancelled)
    if progress is not None:
        progress(f"Finding claims in {len(statements)} statements…")

        def claims_progress(done: int, total: int) -> None:
            progress(f"Finding claims… {100 * done // max(1, total)}%")
    else:
        claims_progress = None
    return Article(document, statements, detect(document, statements, claims_progress, cancelled))
