"""What both front ends do with the reader's corrections of a statement's speaker and kinds: show
them over an article's claims, make, remove and undo them, and search by them."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from .analysis.article import Article
from .notes.corrections import Correction, apply, clean_kinds, clean_speaker, detected, on_statement
from .notes.model import (ANCHORED, DocumentRecord, StaleText, StoredStatement, StoreError, now,
                          text_hash)
from .notes.selector import describe
from .notes.store import Store


def not_applied(count: int) -> list[str]:
    """What to say of ``count`` corrections that no longer apply ([] for none)."""
    if not count:
        return []
    one = count == 1
    return [f"{count} of your corrections of speakers and kinds no longer appl"
            f"{'ies: its sentence' if one else 'y: their sentences'} changed"]


@dataclass(frozen=True, slots=True)
class Changed:
    """What a correction (or restoring the detected values) did to a statement (0-based), enough
    to undo it: the corrections it took away, and the one it made (None: none)."""

    statement: int
    before: tuple[Correction, ...]
    after: Correction | None


class Correcting:
    """Mixed into the Session: uses its store and its ``_retrying`` (a write made again on a
    database that replaced the one it had)."""

    store: Store
    _retrying: Callable

    def corrected(self, article: Article, record: DocumentRecord) -> Article:
        """The article with the reader's corrections over its claims (the detected ones kept:
        see notes.corrections). Every front end shows this one, so all of them agree."""
        if article.pending:
            return article
        return apply(article, self.store.corrections(record.id))

    def _on(self, record: DocumentRecord, article: Article, statement: int) -> tuple[Correction, ...]:
        """The corrections on this statement now (applied, or waiting there for review)."""
        found = on_statement(article, self.store.corrections(record.id))
        return tuple(found.get(statement, ()))

    def correct(self, record: DocumentRecord, article: Article, statement: int,
                speaker: str | None, kinds: Iterable[str]) -> Changed:
        """Give statement ``statement`` (0-based) this speaker and these kinds, in place of the
        detector's: on disk when this returns. The detector's own values are no correction:
        giving them takes an earlier correction away. ValueError for a speaker or kind that
        cannot be, StoreError when it cannot be saved."""
        speaker, kinds = clean_speaker(speaker), clean_kinds(kinds)
        if article.pending or not 0 <= statement < article.analysed:
            raise ValueError(f"statement {statement + 1} has no claim to correct "
                             f"(claims are found in the first {article.analysed:,})")
        before = self._on(record, article, statement)
        claim = detected(article)[statement]
        if speaker == claim.speaker and set(kinds) == set(claim.kinds):
            return self.uncorrect(record, article, statement)
        st, text = article.statements[statement], article.document.text
        selector = describe(text, st.start, st.end)
        try:
            made = self._retrying(lambda r: self.store.save_correction(
                r.id, selector, statement, speaker, kinds, text_hash(text),
                [c.id for c in before]), record, article)
        except StaleText:
            raise StoreError("the article changed since it was read: open it again to correct "
                             "it") from None
        return Changed(statement, before, made)

    def uncorrect(self, record: DocumentRecord, article: Article, statement: int) -> Changed:
        """Show the detector's speaker and kinds on this statement again (its corrections are
        taken away; ``undo_correction`` puts them back)."""
        before = self._on(record, article, statement)
        if before:
            self._retrying(lambda _: self.store.delete_corrections([c.id for c in before]),
                           None, None)
        return Changed(statement, before, None)

    def undo_correction(self, changed: Changed) -> None:
        """Put a statement's corrections back as they were before ``changed``."""
        made = [changed.after.id] if changed.after is not None else []
        self._retrying(lambda _: self.store.put_back_corrections(made, changed.before),
                       None, None)

    def corrections(self, record: DocumentRecord) -> list[Correction]:
        return self.store.corrections(record.id)

    def import_correction(self, document_id: int | None, item, skipped: list[str]) -> int:
        """A correction read from W3C JSON (``item``: a w3c.Imported with kinds), added to its
        article (1), or not: already here, or its article not in the library (said in
        ``skipped``). It is placed on the article's text with the notes imported with it."""
        if document_id is None:
            skipped.append(f"correction {item.id}: its article is not in the library (open "
                           "it, then import again)")
            return 0
        try:
            self.store.correction(item.id)
            return 0  # imported before
        except StoreError:
            pass
        stamp = item.created or now()
        self.store.put_back_corrections([], [Correction(
            item.id, document_id, item.selector, None, item.speaker, item.kinds, ANCHORED,
            stamp, item.modified or stamp)])
        return 1

    def corrected_statements(self, statements: Sequence[StoredStatement],
                             document_ids: Sequence[int] | None = None) -> list[StoredStatement]:
        """The library's stored statements (as detected) with the reader's anchored corrections
        over them: what ``@speaker`` and ``kind:`` find, in every article."""
        fixes = self.store.anchored_corrections(document_ids)
        out = list(statements)
        if not fixes:
            return out
        wanted = {c.document_id for c in fixes}
        spans: dict[int, tuple[list[int], list[int]]] = {}  # document -> (starts, positions)
        for k, st in enumerate(out):
            if st.document_id in wanted:
                starts, where = spans.setdefault(st.document_id, ([], []))
                starts.append(st.start)
                where.append(k)
        for c in fixes:  # oldest first: a newer correction of the same statement wins
            starts, where = spans.get(c.document_id, ([], []))
            i = bisect_right(starts, c.start if c.start is not None else -1) - 1
            if i >= 0 and out[where[i]].end > c.start:
                out[where[i]] = replace(out[where[i]], kinds=c.kinds, speaker=c.speaker)
        return out
