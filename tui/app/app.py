"""The Margin reader: the article, its claims and notes, and the work done for them in the background."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from time import monotonic

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header
from textual.worker import get_current_worker

from ..core.analysis import Cancelled
from ..core.analysis.article import Article
from ..core.analysis.claims import KINDS
from ..core.document.model import Document
from ..core.notes.model import DocumentRecord, StoreError
from ..core.notes.place import Placed, by_statement, merge, stamp
from ..core.search.library import Library
from ..core.session import Registered, Session
from ..core.text import displayable, safe_output
from .article_view import ArticleView
from .commands import StatementsProvider
from .config import Config, load_config, save_config
from .dialogs import ExportScreen, Filter, FilterScreen
from .finder import FinderScreen
from .help import HelpScreen
from .keys import bindings, help_groups, palette_keys
from .freshness import Freshness, disk_stamp
from .jumps import Jumps
from .note_actions import NoteActions
from .note_editor import ConfirmDiscard, NoteEditor
from .sidebar import NoteList, Sidebar
from .typeahead import TypeAhead
from .looks import sentence

#: Below this many columns the sidebar is an overlay, toggled with s.
WIDE = 100
#: Seconds between looks at whether another Margin changed the notes (one cheap PRAGMA).
OTHER_WRITERS_EVERY = 1.0

#: What analyses a document: (document, progress, cancelled) -> Article.
Analyser = Callable[[Document, Callable[[str], None], Callable[[], bool]], Article]


class MarginApp(NoteActions, Jumps, Freshness, App[int]):
    """Read one article: claims highlighted, notes kept as they are written.

    Background work (analysis, the notes store, the library index) runs in threads that post
    messages saying which document they were done for; what is not for the document shown now
    is dropped, so switching documents never mixes two."""

    CSS_PATH = Path(__file__).with_name("margin.tcss")  # absolute: subclasses live elsewhere
    TITLE = "Margin"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {StatementsProvider}
    BINDINGS = bindings("app")

    # -- what the background work reports ---------------------------------------------------

    class Progress(Message):
        """How far the analysis of ``document`` is."""

        def __init__(self, document: Document, text: str) -> None:
            super().__init__()
            self.document = document
            self.text = text

    class Analysed(Message):
        """The statements and claims of ``document``."""

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

    class LibraryReady(Message):
        """The library indexed, the ``generation``-th time it was asked for."""

        def __init__(self, library: Library, generation: int) -> None:
            super().__init__()
            self.library = library
            self.generation = generation

    def __init__(self, document: Document, *, config: Config | None = None,
                 config_warning: str | None = None, warnings: Sequence[str] = (),
                 analyser: Analyser | None = None) -> None:
        super().__init__()
        self.document = document
        if config is None:
            config, config_warning = load_config()
        self.config = config
        self._warnings = [w for w in (config_warning, *warnings) if w]
        self._analyser: Analyser = analyser or Session.analyse
        self.article: Article | None = None
        self.session: Session | None = None
        self.record: DocumentRecord | None = None
        #: Whether the notes of the document shown are open: None while that is being tried.
        self.notes_opened: bool | None = None
        #: Why the notes could not be opened (said again when the user asks for them).
        self.notes_problem = ""
        self.placed: list[Placed] = []
        self.by_statement: dict[int, list[Placed]] = {}
        self._sidebar_overlay = False
        self._loading_theme = True
        self.library: Library | None = None
        self._library_asked = 0  # library builds asked for; an older build's result is dropped
        self._library_shown = 0
        self._pending_statement: int | None = None
        #: The text read before a reload, and the span of the statement shown then.
        self._reloaded_from: tuple[str, int, int] | None = None
        self._data_version = 0
        self._watching = None  # the timer that notices other writers
        self.init_note_actions()
        #: SIGTERM and SIGHUP end the reader cleanly (set by run(); tests leave them alone).
        self.ends_on_signals = False
        self.init_jumps()

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="¶")
        with Horizontal(id="main"):
            yield ArticleView(self.document, id="article")
            yield Sidebar(id="sidebar")
        yield Footer()

    def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self._loading_theme = False
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        self._apply_layout(self.size.width)
        for warning in self._warnings:
            self.notify(warning, severity="warning", timeout=10, markup=False)
        self._show_document(self.view)
        if self.ends_on_signals:
            _end_on_signals(self)

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one("#sidebar", Sidebar)

    def _show_document(self, view: ArticleView) -> None:
        """The view shows self.document: its text now, its analysis and notes when they come."""
        # Synchronous: the sidebar changes in the same frame as the article (one repaint a key).
        self.watch(view, "cursor", lambda _: self._show_current(), init=False)
        view.set_filter(*self._filter_args())
        view.focus()
        self.title = self.document.title
        self._update_subtitle()
        self.sidebar.show_progress("Reading the article…")
        self._disk_stamp = disk_stamp(self.document.source)
        # Paint the text first; the analysis (a thread holding the GIL) starts after that.
        self.call_after_refresh(self.analyse, self.document)

    def _update_subtitle(self) -> None:
        source = displayable(self.document.source or "<stdin>")
        home = str(Path.home())
        if source.startswith(home + os.sep):
            source = "~" + source[len(home):]
        parts = [source]
        byline = [v for v in (self.document.meta_value("author"), self.document.meta_value("date"))
                  if v]
        if byline:
            parts.insert(0, ", ".join(byline))
        if self.article is not None:
            claims = sum(1 for c in self.article.claims if c.is_claim)
            parts.append(_count(len(self.article.statements), "statement"))
            parts.append(_count(claims, "claim"))
            parts.append(_count(len(self.placed), "note"))
        self.sub_title = " · ".join(parts)

    # -- analysis and notes (a thread: the text shows at once, highlights fill in) ------------

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def analyse(self, document: Document) -> None:
        """Analyse ``document``, then open the notes store and register it there. Everything it
        reports names the document, and stops early when the app has moved on."""
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        def progress(text: str) -> None:
            self.post_message(self.Progress(document, text))

        error = None
        try:
            article = self._analyser(document, progress, cancelled)
            if cancelled():
                return
            self.post_message(self.Analysed(document, article))
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
                return
            self.post_message(self.NotesOpened(document, session, registered, placed))
        except Cancelled:
            pass
        except Exception as exc:  # a bug: said, not left as a progress line forever
            error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            self.post_message(self.AnalysisEnded(document, error))

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        if message.document is self.document:
            self.sidebar.show_progress(message.text)

    @on(Analysed)
    def _analysed(self, message: Analysed) -> None:
        if message.document is not self.document:
            return  # for a document no longer shown
        article = message.article
        self.article = article
        self.view.set_analysis(article.statements, article.claims)
        if self._pending_statement is not None:
            self.view.move_to(self._following(article, self._pending_statement), center=True)
            self._pending_statement = None
        self._reloaded_from = None
        self.sidebar.show_progress("")
        self._update_subtitle()
        self._show_current()
        if article.notice():
            self.notify(sentence(article.notice()), severity="warning", timeout=15,
                        markup=False)

    @on(AnalysisEnded)
    def _analysis_ended(self, message: AnalysisEnded) -> None:
        if message.document is self.document and message.error:
            self.sidebar.show_progress("No claims or notes: the analysis failed.")
            self.notify(f"The analysis of this article failed ({message.error}); the text is "
                        "shown as it is.", severity="error", timeout=15, markup=False)
            if self.notes_opened is None:
                self.notes_opened = False

    @on(NotesUnavailable)
    def _notes_unavailable(self, message: NotesUnavailable) -> None:
        if message.document is not self.document:
            return
        self.notes_opened = False
        self.notes_problem = message.reason
        self.sidebar.show_progress("Notes are unavailable (press a to see why).")
        self.notify(f"Notes are unavailable: {message.reason}", severity="error", timeout=10,
                    markup=False)

    @on(NotesOpened)
    def _notes_opened(self, message: NotesOpened) -> None:
        session = message.session
        if message.document is not self.document or self.article is None:
            session.close()  # opened for a document no longer shown
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
            self.notify(f"The article changed since you last read it: "
                        f"{_count(outcome.review, 'note')} to review, {outcome.orphan} detached "
                        "(see the sidebar).",
                        severity="warning", timeout=10, markup=False)
        self.sidebar.show_progress("")
        self._stamps = {p.note.id: stamp(p.note) for p in message.placed}  # what is shown
        self._library_due: float | None = None  # when other writers' notes are indexed
        self._set_placed(message.placed)
        self.offer_drafts()
        self.build_library()
        self._data_version = session.notes_version()
        if self._watching is None:
            self._watching = self.set_interval(OTHER_WRITERS_EVERY, self.notice_other_writers)

    def reload_notes(self, selected: str | None = None, others: bool = False) -> None:
        """Read again the notes of the document shown that changed (only those), and show them;
        ``others``: changed by another writer."""
        if self.session is None or self.record is None or self.article is None:
            return
        changes = self.session.placed_changes(self.article, self.record, self._stamps)
        self._stamps = changes.stamps
        if changes.placed or changes.gone or selected is not None:
            self._set_placed(merge(self.placed, changes.placed, changes.gone), selected, others)

    def _set_placed(self, placed: list[Placed], selected: str | None = None,
                    others: bool = False) -> None:
        if self.article is None:
            return
        self.placed = placed
        self.by_statement = by_statement(placed)
        self.view.set_noted(self.by_statement)
        self.sidebar.show_all_notes(self.placed, self.document.text, selected)
        if self.library is not None and not others:
            self._library_due = None
            self.build_library()  # notes are searchable: index them again
        elif self.library is not None:  # another writer's: every few seconds, one build at a
            self._library_asked += 1  # time (notes may come faster than 10,000 are indexed)
            self._library_due = self._library_due or monotonic() + 3 * OTHER_WRITERS_EVERY
        self._update_subtitle()
        self._show_current()

    # -- the current statement -----------------------------------------------------------

    def _show_current(self) -> None:
        if self.article is not None and self.article.statements:
            i = self.view.cursor
            self.sidebar.show_current(self.article, i, self.by_statement.get(i, []))

    def on_note_list_chosen(self, event: NoteList.Chosen) -> None:
        p = self.placed_note(event.note_id)
        if p is None:
            return
        if p.statement is None:
            self.notify("This note is detached: its sentence is no longer in the article.",
                        markup=False)
            return
        self.view.move_to(p.statement, center=True)
        self.view.focus()

    # -- view ------------------------------------------------------------------------------

    def action_filter(self) -> None:
        kinds, min_score = self.view.filter

        def chosen(result: Filter | None) -> None:
            if result is None:
                return
            self.view.set_filter(result.kinds, result.min_score)
            self.config.kinds = tuple(k for k in KINDS if k in result.kinds)
            self.config.min_score = result.min_score
            self._save_config()
            shown = sum(1 for i in range(len(self.view.statements)) if self.view.is_shown_claim(i))
            self.notify(f"{shown} claims highlighted.", markup=False)

        self.push_screen(FilterScreen(Filter(kinds, min_score)), chosen)

    def action_toggle_sidebar(self) -> None:
        if self.size.width < WIDE:
            self._sidebar_overlay = not self._sidebar_overlay
        else:
            self.config.sidebar = not self.config.sidebar
            self._save_config()
        self._apply_layout(self.size.width)

    def _apply_layout(self, width: int) -> None:
        """Wide: the sidebar sits at the right (if shown). Narrow: it covers the article, on s."""
        narrow = width < WIDE
        sidebar = self.sidebar
        sidebar.set_class(narrow, "-overlay")
        sidebar.display = self._sidebar_overlay if narrow else self.config.sidebar
        if narrow and not self._sidebar_overlay and sidebar.has_focus_within:
            self.view.focus()

    def on_resize(self, event) -> None:
        self._apply_layout(event.size.width)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(help_groups(self.config.keymap)))

    def _filter_args(self) -> tuple[list[str], float]:
        return [k for k in self.config.kinds if k in KINDS], self.config.min_score

    # -- the library: find, related, jumps ------------------------------------------------

    def build_library(self) -> None:
        """Index every statement and note of the library again (in a thread)."""
        self._library_asked += 1
        self._build_library(self._library_asked)

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def _build_library(self, generation: int) -> None:
        shown = self.session
        # The article shown is not read again from the store (a long one would be held twice).
        known = (self.record.id, self.document) if self.record is not None else None
        try:
            if shown is not None and shown.store.full:
                # On a full disk the store's one connection holds the database alone (SQLite
                # cannot share it without space for its index); SQLite serialises its use.
                library = shown.library(shown=known)
            else:
                with Session() as session:  # its own connection: this is another thread
                    library = session.library(shown=known)
            library.index.prepare_related()  # built here, not on the first key
        except (StoreError, sqlite3.Error):
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.LibraryReady(library, generation))

    @property
    def library_current(self) -> bool:
        """The library is indexed, and no newer indexing was asked for since."""
        return self.library is not None and self._library_shown >= self._library_asked

    @on(LibraryReady)
    def _library_ready(self, message: LibraryReady) -> None:
        if message.generation < self._library_shown:
            return  # an older build, finished after a newer one
        self._library_shown = message.generation
        self.library = message.library
        for screen in self.screen_stack:  # a finder opened before the library was ready
            if isinstance(screen, FinderScreen):
                screen.use_library(message.library, self.record.id if self.record else None)

    def _on_key(self, event: events.Key) -> None:
        # Before the app's own bindings: keys typed ahead of a dialog go into its field.
        if not self.screen_stack:  # shutting down: keys still queued go nowhere
            return
        screen = self.screen
        if isinstance(screen, TypeAhead) and screen.take_typed_ahead(event):
            event.prevent_default()
            event.stop()

    async def switch_to(self, document: Document, statement: int = 0) -> None:
        """Show another document: a new article view, analysed afresh; then go to ``statement``.
        Work still running for the document shown before is cancelled, and whatever it reports
        later is dropped."""
        self.workers.cancel_group(self, "analysis")
        self.document = document
        self.article = None
        self.record = None
        self.notes_opened = None
        self.notes_problem = ""
        self.placed = []
        self.by_statement = {}
        self._pending_statement = statement
        self.sidebar.clear()
        await self.view.remove()
        view = ArticleView(document, id="article")
        await self.query_one("#main").mount(view, before=self.sidebar)
        self._show_document(view)

    # -- export ----------------------------------------------------------------------------

    def action_export(self) -> None:
        if not self.ready_for_notes():
            return
        count = len(self.placed)
        default = Session.export_path(self.document)
        # Shown in a field to edit, where nothing may reach the terminal as a control: a folder
        # whose name holds one is shown with U+FFFD, and still written to when left as shown.
        shown = safe_output(str(default))

        def chosen(path: str | None) -> None:
            if path:
                self._export(default if path == shown else Path(path).expanduser())

        self.push_screen(ExportScreen(shown, count), chosen)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, path: Path) -> None:
        article, record, notes = self.article, self.record, [p.note for p in self.placed]
        try:
            content = Session.export_notes(article, record, notes)
            Session.write(path, content)
        except OSError as exc:
            self.call_from_thread(self.notify, f"Could not export to {path}: "
                                  f"{exc.strerror or exc}", severity="error", timeout=10,
                                  markup=False)
            return
        noun = "note" if len(notes) == 1 else "notes"
        self.call_from_thread(self.notify, f"Exported {len(notes)} {noun} to {path}",
                              title="Export", timeout=10, markup=False)

    # -- settings and commands -------------------------------------------------------------

    def watch_theme(self, theme: str) -> None:
        if getattr(self, "_loading_theme", True):
            return
        self.config.theme = theme
        self._save_config()

    def _save_config(self) -> None:
        try:
            save_config(self.config)
        except OSError as exc:
            self.notify(f"Could not save settings: {exc}", severity="warning", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key in palette_keys():
            target = self.view if key.owner == "article" else self
            yield SystemCommand(key.command, key.help, partial(self.run_action, key.action, target))

    async def action_quit(self) -> None:
        """Quit, but never throw away a note being written without asking."""
        if any(isinstance(s, NoteEditor) and s.changed for s in self.screen_stack):
            def decided(discard: bool | None) -> None:
                if discard:
                    self.exit(0)

            self.push_screen(ConfirmDiscard(), decided)
            return
        self.exit(0)

    # -- nothing shown can steer the terminal -------------------------------------------------
    # (Textual writes text as it is given: a file name's ESC would reach the terminal.)

    def validate_title(self, title: str) -> str:
        return safe_output(" ".join(str(title).split()))

    def validate_sub_title(self, sub_title: str) -> str:
        return safe_output(" ".join(str(sub_title).split()))

    def notify(self, message: str, *, title: str = "", **kwargs) -> None:
        super().notify(safe_output(str(message)), title=safe_output(title), **kwargs)

    def end_by_signal(self, signum: int) -> None:
        """Asked to end from outside (SIGTERM, SIGHUP): what is being written is kept as a
        draft first, then the reader ends as if quit (the terminal restored)."""
        for screen in self.screen_stack:
            if isinstance(screen, NoteEditor):
                screen.keep_now()
        self.exit(return_code=128 + signum)

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def run(document: Document, warnings: Sequence[str] = ()) -> int:
    """Run the reader on a loaded document. SIGTERM and SIGHUP (the terminal window closed) end
    it cleanly: the words in an open editor kept as a draft, the terminal restored."""
    app = MarginApp(document, warnings=warnings)
    app.ends_on_signals = True
    app.run()
    return app.return_code or 0


def _end_on_signals(app: MarginApp) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        try:
            loop.add_signal_handler(signum, app.end_by_signal, signum)
        except (NotImplementedError, RuntimeError, ValueError):  # no such signal here
            pass

