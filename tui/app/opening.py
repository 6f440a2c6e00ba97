"""Opening an article in the reader: its statements, then its notes, then its claims, worked out in
a thread whose every report names the document it is for."""

from __future__ import annotations

import inspect
import sqlite3
from collections.abc import Callable
from dataclasses import replace

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from ..core.analysis import Cancelled
from ..core.analysis.article import Article
from ..core.document.model import Document
from ..core.notes.model import DocumentRecord, StoreError
from ..core.notes.place import Placed, by_statement, stamp
from ..core.session import Registered, Session
from ..core.text import displayable
from . import collector
from .looks import sentence

#: What analyses a document: (document, progress, cancelled) -> Article. One that also takes a
#: ``segmented`` keyword (Session.analyse does) calls it with the article as soon as its
#: statements are known, its claims pending: the reader moves and annotates from then on.
Analyser = Callable[..., Article]


def reports_statements(analyser: Analyser) -> bool:
    """Does ``analyser`` give the statements before the claims (take ``segmented``)?"""
    try:
        return "segmented" in inspect.signature(analyser).parameters
    except (TypeError, ValueError):  # a callable Python cannot describe
        return False


class Opening:
    """Mixed into the reader (MarginApp): the background work on the document shown and what it
    reports. Segmenting a 3 MB book takes a tenth of a second, finding its claims seconds: the
    statements are shown (the cursor moves) and the notes opened on them (notes can be written)
    before the claims come. Uses the reader's document, article, view, sidebar, session, record,
    placed notes and the analyser it was given.

    A thread worker cannot be stopped, only asked to: whatever it reports for a document no
    longer shown is dropped (each message names its document), and so is whatever it reports
    once the reader has begun to end (see ``showing``)."""

    # (Handlers follow Textual's naming: Opening.Analysed is handled by _on_opening_analysed.)

    class Progress(Message):
        """How far the analysis of ``document`` is."""

        def __init__(self, document: Document, text: str) -> None:
            super().__init__()
            self.document = document
            self.text = text

    class Analysed(Message):
        """The statements of ``document``: first with their claims pending (``article.pending``)
        when the analyser reports them early, then with their claims."""

        def __init__(self, document: Document, article: Article) -> None:
            super().__init__()
            self.document = document
            self.article = article

    class NotesOpened(Message):
        """The notes store, with ``document`` registered in it and its notes placed."""

        def __init__(self, document: Document, session: Session, registered: Registered,
                     placed: list[Placed]) -> None:
            super().__init__()
            self.document = document
            self.session = session
            self.registered = registered
            self.placed = placed

    class NotesUnavailable(Message):
        """The notes store could not be opened while ``document`` was shown."""

        def __init__(self, document: Document, reason: str) -> None:
            super().__init__()
            self.document = document
            self.reason = reason

    class AnalysisEnded(Message):
        """The background work for ``document`` is over; ``error`` says why it failed, if it did.
        Everything else it reported came before this."""

        def __init__(self, document: Document, error: str | None = None) -> None:
            super().__init__()
            self.document = document
            self.error = error

    #: The document whose background work ended last (see ``analysing``).
    _analysis_over_for: Document | None = None

    @property
    def showing(self) -> bool:
        """Is the reader still running, its article view and sidebar there to show what comes?
        Not once it has begun to end: its widgets are being taken away while reports from its
        threads, and its timers, may still be handled (Textual stops its message loop last)."""
        return self.is_running  # type: ignore[attr-defined]

    def _shown(self, document: Document) -> bool:
        """Is a report for ``document`` to be shown (it is the document shown, and the reader
        still showing)?"""
        return document is self.document and self.showing

    @property
    def analysing(self) -> bool:
        """Is the background work on the document shown still going (its claims, its notes or
        the library still to come)?"""
        return self._analysis_over_for is not self.document

    # -- in the thread ----------------------------------------------------------------------

    # (A description given: by default Textual describes a worker by the repr of its arguments,
    # which for a 3 MB document takes the interpreter from the reader for a tenth of a second.)
    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False,
          description="analyse the document shown")
    def analyse(self, document: Document) -> None:
        """Analyse ``document`` and open its notes. With an analyser that reports its statements
        early: the statements (posted), the notes store opened on them, the claims (posted),
        then kept in the library for search; else the whole analysis, then the notes."""
        worker = get_current_worker()
        notes: list[tuple[DocumentRecord, bool] | None] = []  # opened on the statements?

        def cancelled() -> bool:
            return worker.is_cancelled

        def progress(text: str) -> None:
            self.post_message(self.Progress(document, text))

        def segmented(article: Article) -> None:
            if cancelled():
                raise Cancelled
            self.post_message(self.Analysed(document, article))
            notes.append(self._open_notes(document, article, progress))

        early = {"segmented": segmented} if reports_statements(self._analyser) else {}
        error = None
        try:
            article = self._analyser(document, progress, cancelled, **early)
            if cancelled():
                return
            self.post_message(self.Analysed(document, article))
            if not notes:
                self._open_notes(document, article, progress)
            elif notes[0] is not None and not notes[0][1]:  # (on a full disk nothing is kept)
                self._keep_claims(document, notes[0][0], article)
        except Cancelled:
            pass
        except Exception as exc:  # a bug: said, not left as a progress line forever
            error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            self.post_message(self.AnalysisEnded(document, error))

    def _open_notes(self, document: Document, article: Article,
                    progress: Callable[[str], None]) -> tuple[DocumentRecord, bool] | None:
        """Open the notes store, register the document there (its text is all that takes) and
        place its notes on ``article``'s statements. Posts NotesOpened — the session is the
        reader's from then on — and returns the record and whether the disk is full; or posts
        NotesUnavailable and returns None."""
        progress("Opening your notes…")
        session = Session()
        try:
            registered = session.register(article)
            placed = session.placed(article, registered.record)
        except (StoreError, sqlite3.Error, OSError, ValueError) as exc:
            # Said, with why: the article stays readable without its notes.
            session.close()
            why = str(exc) if isinstance(exc, StoreError) else f"{type(exc).__name__}: {exc}"
            self.post_message(self.NotesUnavailable(document, displayable(why)))
            return None
        full = session.store.full
        self.post_message(self.NotesOpened(document, session, registered, placed))
        return registered.record, full

    def _keep_claims(self, document: Document, record: DocumentRecord, article: Article) -> None:
        """Keep the statements and claims in the library for search, now that the claims came:
        on a connection of this thread's own (the reader's session belongs to the reader)."""
        try:
            with Session() as own:
                own.keep_analysis(record, article)
        except (StoreError, sqlite3.Error, OSError) as exc:
            why = str(exc) if isinstance(exc, StoreError) else f"{type(exc).__name__}: {exc}"
            self.post_message(self.Progress(document, f"Not searchable: {displayable(why)}"))

    # -- in the reader ----------------------------------------------------------------------

    def _on_opening_progress(self, message: Progress) -> None:
        if self._shown(message.document):
            self.sidebar.show_progress(message.text)

    def _on_opening_analysed(self, message: Analysed) -> None:
        if not self._shown(message.document):
            return  # for a document no longer shown (or a reader ending)
        article = self.with_corrections(message.article)  # (the reader's, over the claims)
        first = self.article is None  # (its statements, with or before their claims)
        self.article = article
        if article.pending:
            self.view.set_statements(article.statements)
        else:  # the claims: the cursor stays where the user took it meanwhile
            self.view.set_analysis(article.statements, article.claims)
            self.sidebar.show_progress(self._quiet_progress())
            self._claims_to_notes(article)
        if first:
            if self._pending_statement is not None:
                self.view.move_to(self._following(article, self._pending_statement), center=True)
                self._pending_statement = None
            self._reloaded_from = None
        self._update_subtitle()
        self._show_current()
        collector.settle()  # the statements (or claims) live as long as the document is shown
        if article.notice():
            self.notify(sentence(article.notice()), severity="warning", timeout=15,
                        markup=False)

    def _claims_to_notes(self, article: Article) -> None:
        """Notes placed on the statements alone get their statements' claims."""
        if self.placed:
            claims = article.claims
            self.placed = [p if p.statement is None else replace(p, claim=claims[p.statement])
                           for p in self.placed]
            self.by_statement = by_statement(self.placed)

    def _quiet_progress(self) -> str:
        """The sidebar's progress line when nothing is in progress."""
        return "Notes are unavailable (press a to see why)." if self.notes_opened is False else ""

    def _on_opening_analysis_ended(self, message: AnalysisEnded) -> None:
        if not self._shown(message.document):
            return
        self._analysis_over_for = message.document
        if message.error:
            notes = bool(self.notes_opened)  # opened on the statements: they still work
            self.sidebar.show_progress("No claims: the analysis failed." if notes
                                       else "No claims or notes: the analysis failed.")
            self.notify(f"The analysis of this article failed ({message.error}); the text is "
                        f"shown as it is{', and notes can be written' if notes else ''}.",
                        severity="error", timeout=15, markup=False)
            if self.notes_opened is None:
                self.notes_opened = False
        if self.notes_opened:
            self.build_library()  # with the claims kept for search (or without, if none came)

    def _on_opening_notes_unavailable(self, message: NotesUnavailable) -> None:
        if not self._shown(message.document):
            return
        self.notes_opened = False
        self.notes_problem = message.reason
        self.sidebar.show_progress(self._quiet_progress())
        self.notify(f"Notes are unavailable: {message.reason}", severity="error", timeout=10,
                    markup=False)

    def _on_opening_notes_opened(self, message: NotesOpened) -> None:
        session = message.session
        if not self._shown(message.document) or self.article is None:
            session.close()  # opened for a document no longer shown (or a reader ending)
            return
        if self.session is not None and self.session is not session:
            self.session.close()
        self.session = session
        self.record = message.registered.record
        self.notes_opened = True
        for notice in session.notices:
            self.notify(sentence(notice), severity="warning", timeout=15, markup=False)
        session.notices.clear()
        outcome = message.registered.reanchored
        if outcome is not None and (outcome.review or outcome.orphan):
            notes = f"{outcome.review:,} note{'' if outcome.review == 1 else 's'}"
            self.notify(f"The article changed since you last read it: {notes} to review, "
                        f"{outcome.orphan} detached (see the sidebar).",
                        severity="warning", timeout=10, markup=False)
        self.sidebar.show_progress("Finding claims…" if self.article.pending else "")
        self._stamps = {p.note.id: stamp(p.note) for p in message.placed}  # what is shown
        self._library_due: float | None = None  # when other writers' notes are indexed
        self._set_placed(message.placed)
        self.refresh_corrections()  # claims that came before the store: corrected now
        self.offer_drafts()
        self.watch_other_writers()
