"""The Margin reader: the article, its claims and notes, and the work done for them in the background."""

from __future__ import annotations

import asyncio
import io
import signal
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING

from platformdirs import user_downloads_path
from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen
from textual.widgets import Header
from textual.worker import get_current_worker

from ..core.analysis.article import Article
from ..core.analysis.claims import KINDS
from ..core.document.model import Document
from ..core.notes.model import DocumentRecord, StoreError
from ..core.notes.place import Placed, by_statement, merge
from ..core.session import Session
from ..core.text import safe_output
from . import collector
from .article_view import GUTTER, MAX_MEASURE, ArticleView
from .checked import Checked
from .citing import Citing
from .commands import StatementsProvider
from .config import Config, config_path, load_config, save_config
from .desk import DeskActions
from ..core.served import served
from .correct import CorrectActions, CorrectScreen
from .dialogs import ExportScreen, Filter, FilterScreen
from .keys import KeysFooter, bindings, help_groups, keymap_problems, palette_keys
from .freshness import Freshness, disk_stamp
from .jumps import Jumps
from .note_actions import NoteActions
from .opening import Analyser, Opening
from .sidebar import NoteList, Sidebar
from .typeahead import KeysInOrder
from .looks import READABLE_CSS, Palette
from .subtitle import Subtitle, count as _count

if TYPE_CHECKING:
    from ..core.search.library import Library

#: Below this many columns the sidebar is an overlay, toggled with s.
WIDE = 100
#: The article pane at its widest: gutter, reading measure, a cell of air and the scrollbar
#: (see ArticleView._text_width). Any wider, it would only hold empty columns.
ARTICLE_WIDTH = GUTTER + MAX_MEASURE + 1 + 2
#: The sidebar beside the article: at least SIDEBAR_MIN columns; on a wider terminal, what the
#: article does not use, up to SIDEBAR_MAX (a measure for notes). Past that both are centred.
SIDEBAR_MIN, SIDEBAR_MAX = 44, 80
#: Seconds an information toast stays (warnings and errors say how long they stay).
INFO_SECONDS = 4
#: Seconds between looks at whether another Margin changed the notes (one cheap PRAGMA).
OTHER_WRITERS_EVERY = 1.0

class MarginApp(DeskActions, Subtitle, Opening, Checked, Citing, Palette, CorrectActions,
                NoteActions, Jumps, Freshness, KeysInOrder, App[int]):
    """Read one article: claims highlighted, notes kept as they are written.

    Background work (analysis, the notes store, the library index) runs in threads that post
    messages saying which document they were done for; what is not for the document shown now
    is dropped, so switching documents never mixes two."""

    CSS_PATH = Path(__file__).with_name("margin.tcss")  # absolute: subclasses live elsewhere
    CSS = f"""
    #main {{ align-horizontal: center; }}
    ArticleView {{ max-width: {ARTICLE_WIDTH}; }}
    ToastRack {{ scrollbar-size-vertical: 0; }}
    Toast {{ width: {SIDEBAR_MIN}; max-width: 60%; padding: 0 1; }}
    """ + READABLE_CSS
    TITLE = "Margin"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {StatementsProvider}
    BINDINGS = bindings("app")

    # -- what the background work reports (and Opening's messages) -----------------------

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
        #: ``v``: every claim shown, whatever the filter says.
        self.showing_all = False
        self._loading_theme = True
        self.library: Library | None = None
        self._library_asked = 0  # library builds asked for; an older build's result is dropped
        self._library_shown = 0
        self._pending_statement: int | None = None
        self._swapping_view = False  # a switch_to is replacing the article view
        #: The text read before a reload, and the span of the statement shown then.
        self._reloaded_from: tuple[str, int, int] | None = None
        self._data_version = 0
        self._watching = None  # the timer that notices other writers
        self.init_note_actions()
        self.init_corrections()
        #: SIGTERM and SIGHUP end the reader cleanly (set by run(); tests leave them alone).
        self.ends_on_signals = False
        self.init_jumps()
        self.init_checked()

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="¶")
        with Horizontal(id="main"):
            # Held, not looked up: the cache of a lookup would keep the view (and its document)
            # alive long after a switch replaced it.
            self._shown_view = ArticleView(self.document, id="article")
            yield self._shown_view
            yield Sidebar(id="sidebar")
        yield KeysFooter()

    def on_mount(self) -> None:
        # Once the first frame is out: the program's own objects set aside (see collector).
        self.call_after_refresh(collector.started)
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self._loading_theme = False
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        self._apply_layout(self.size.width)
        for warning in self._warnings:
            self.notify(warning, severity="warning", timeout=10, markup=False)
        self._show_document(self.view)
        self.start_desk()
        if self.ends_on_signals:
            _end_on_signals(self)

    @property
    def view(self) -> ArticleView:
        """The article view shown (after a switch, the new one, even while the old is being
        taken away: a key in that moment finds a view)."""
        return self._shown_view

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

    def watch_other_writers(self) -> None:
        """Look every OTHER_WRITERS_EVERY seconds whether another Margin changed the notes."""
        self._data_version = self.session.notes_version()
        if self._watching is None:
            self._watching = self.set_interval(OTHER_WRITERS_EVERY, self.notice_other_writers)

    def reload_notes(self, selected: str | None = None, others: bool = False) -> None:
        """Read again the notes of the document shown that changed (only those), and show them;
        ``others``: changed by another writer."""
        if self.session is None or self.record is None or self.article is None:
            return
        if others:  # (and their corrections: shown over the claims as they are made)
            self.refresh_corrections()
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
            checks, chosen = self.checks_here()
            self.sidebar.show_current(self.article, i, self.by_statement.get(i, []), checks,
                                      chosen)

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
        # The filter kept in the settings (not "show all", which shows every claim for a while).
        current = Filter(frozenset(self.config.kinds) & set(KINDS), self.config.min_score)

        def chosen(result: Filter | None) -> None:
            if result is None:
                return
            self.config.kinds = tuple(k for k in KINDS if k in result.kinds)
            self.config.min_score = result.min_score
            self._save_config()
            self.showing_all = False  # a filter chosen is a filter shown
            self.view.set_filter(*self._filter_args())
            self._update_subtitle()
            shown = sum(1 for i in range(len(self.view.statements)) if self.view.is_shown_claim(i))
            self.notify(f"{_count(shown, 'claim')} highlighted.", markup=False)

        self.push_screen(FilterScreen(current), chosen)

    def action_toggle_sidebar(self) -> None:
        if self.size.width < WIDE:
            self._sidebar_overlay = not self._sidebar_overlay
        else:
            self.config.sidebar = not self.config.sidebar
            self._save_config()
        self._apply_layout(self.size.width)

    def _apply_layout(self, width: int) -> None:
        """Wide: the sidebar sits at the right (if shown), taking what the article's measure
        leaves (see SIDEBAR_MIN). Narrow: it covers the article, on s."""
        narrow = width < WIDE
        sidebar = self.sidebar
        sidebar.set_class(narrow, "-overlay")
        # Narrow, the overlay's own width (its CSS); wide, what the article leaves.
        sidebar.styles.width = (None if narrow else
                                max(SIDEBAR_MIN, min(SIDEBAR_MAX, width - ARTICLE_WIDTH)))
        sidebar.display = self._sidebar_overlay if narrow else self.config.sidebar
        if narrow and not self._sidebar_overlay and sidebar.has_focus_within:
            self.view.focus()

    def on_resize(self, event) -> None:
        self._apply_layout(event.size.width)
        self._update_subtitle(event.size.width)

    def action_help(self) -> None:
        """Every key as mapped now, with its id; what is wrong in the keymap; where it goes."""
        from .help import HelpScreen

        keymap = self.config.keymap
        dialogs = [(where, binding) for where, screen in _dialogs()
                   for cls in reversed(screen.__mro__)
                   for binding in cls.__dict__.get("BINDINGS", ())
                   if isinstance(binding, Binding) and binding.id]
        self.push_screen(HelpScreen(help_groups(keymap, dialogs), str(config_path()),
                                    keymap_problems(keymap)))

    def _filter_args(self) -> tuple[list[str], float]:
        if self.showing_all:
            return list(KINDS), 0.0
        return [k for k in self.config.kinds if k in KINDS], self.config.min_score

    def action_show_all(self) -> None:
        """Every claim accented, whatever its kind and score; again, and the filter is back."""
        self.showing_all = not self.showing_all
        self.view.set_filter(*self._filter_args())
        self._update_subtitle()
        shown = sum(1 for i in range(len(self.view.statements)) if self.view.is_shown_claim(i))
        what = "every claim" if self.showing_all else "claims the filter keeps"
        self.notify(f"Showing {what}: {shown:,} highlighted.", markup=False)

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

    @on(Opening.AnalysisEnded)
    def _import_dialogs(self) -> None:
        """The background work is over: the editor, the finder and the help are imported now,
        so that the first a, / or ? opens at once (the first frame needed none of them)."""
        from . import finder, help, note_editor  # noqa: F401

    @on(LibraryReady)
    def _library_ready(self, message: LibraryReady) -> None:
        if message.generation < self._library_shown or not self.showing:
            return  # an older build, finished after a newer one (or the finder being closed)
        self._library_shown = message.generation
        self.library = message.library
        collector.settle()  # the index lives until the next build: never walked by a collection
        from .finder import FinderScreen

        for screen in self.screen_stack:  # a finder opened before the library was ready
            if isinstance(screen, FinderScreen):
                screen.use_library(message.library, self.record.id if self.record else None)

    def switch_to(self, document: Document, statement: int = 0) -> None:
        """Show another document: a new article view, analysed afresh; then go to ``statement``.
        Work still running for the document shown before is cancelled, and whatever it reports
        later is dropped.

        The reader's state changes now, so a jump asked for a moment later (keys faster than
        the screen) sees where the reader is going; the view is replaced in the background, one
        replacement at a time, always by the document last asked for."""
        self.workers.cancel_group(self, "analysis")
        collector.thaw()  # what was kept for the document shown may go with it
        self.document = document
        self.article = None
        self.record = None
        self.notes_opened = None
        self.notes_problem = ""
        self.placed = []
        self.by_statement = {}
        self._pending_statement = statement
        self.sidebar.clear()
        if not self._swapping_view:
            self._swapping_view = True
            self.run_worker(self._swap_view(), group="switch")

    async def _swap_view(self) -> None:
        """Replace the article view until it shows ``self.document`` (which a switch may change
        while a replacement is being mounted: then the replacement is replaced in turn, never
        analysed)."""
        try:  # (as the reader ends, the widgets are being taken away: none is mounted then)
            while self.showing and self.view.document is not self.document:
                document = self.document
                old = self.view
                old.display = False
                view = ArticleView(document)  # (one "#article" at a time: the first)
                await self.query_one("#main").mount(view, before=self.sidebar)
                self._shown_view = view
                await old.remove()
                if self._shown(document):
                    self._show_document(view)
        finally:
            self._swapping_view = False

    # -- export ----------------------------------------------------------------------------

    def action_export(self) -> None:
        if not self.ready_for_notes():
            return
        article, record, notes = self.article, self.record, [p.note for p in self.placed]
        default = Session.export_path(self.document)
        # Shown in a field to edit, where nothing may reach the terminal as a control: a folder
        # whose name holds one is shown with U+FFFD, and still written to when left as shown.
        shown = safe_output(str(default))

        def write(typed: str) -> Path:
            try:
                path = default if typed == shown else Path(typed).expanduser()
            except RuntimeError as exc:  # ~someone unknown
                raise ValueError(str(exc)) from None
            # (In the dialog's thread: an OSError, or a file not Margin's to rewrite, is shown
            # there, the path typed kept.) Speakers as links if the file has them so.
            merged.append(Session.export_markdown(path, article, record, notes))
            return path

        merged: list = []

        def written(path: Path | None) -> None:
            if path is not None:
                noun = "note" if len(notes) == 1 else "notes"
                done = merged[-1]
                kept = f": {done.summary()}; your own lines kept" if done.existing else ""
                where = str(path)
                if served():  # a browser's reader: the file is on the server; a copy goes down
                    self.deliver_text(path, save_filename=path.name)
                    where += " on the server (your browser downloads a copy)"
                self.notify(safe_output(f"Exported {len(notes)} {noun} to {where}{kept}"),
                            title="Export", timeout=10, markup=False)

        self.push_screen(ExportScreen(shown, len(notes), write), written)

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
        """Textual's commands (but its Keys panel: Help lists every key) and the reader's."""
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        for key in palette_keys():
            target = self.view if key.owner == "article" else self
            yield SystemCommand(key.command, key.help, partial(self.run_action, key.action, target))

    async def action_quit(self) -> None:
        """Quit, but never throw away a note being written without asking."""
        from .note_editor import ConfirmDiscard, NoteEditor

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

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A toast: nothing in it steers the terminal; information stays INFO_SECONDS."""
        if timeout is None and severity == "information":
            timeout = INFO_SECONDS
        super().notify(safe_output(str(message)), title=safe_output(title), severity=severity,
                       timeout=timeout, markup=markup)

    @on(Notify)
    def _few_toasts(self, event: Notify) -> None:
        """A new toast replaces the information toasts still shown, so toasts do not pile up
        over the sidebar; warnings and errors stay their time. (Runs before App adds it.)"""
        for shown in list(self._notifications):
            if shown.severity == "information":
                self._unnotify(shown, refresh=False)  # as Textual's Toast does when it times out

    # -- the palette's Screenshot ---------------------------------------------------------

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """Save the screen as SVG in ``path`` (the Downloads folder, made if missing) under
        Margin's name and the time, not the article's title (it could make a name too long or
        strange for the file system). Where it went, or why it could not, is said."""
        stamp = datetime.now().strftime(time_format or "%Y%m%d-%H%M%S")
        folder = Path(path).expanduser() if path else user_downloads_path()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._screenshot_not_saved(exc, folder)
            return None
        return self.deliver_text(io.StringIO(self.export_screenshot()), save_directory=folder,
                                 save_filename=filename or f"margin-{stamp}.svg",
                                 open_method="browser", mime_type="image/svg+xml",
                                 name="screenshot")

    @on(events.DeliveryComplete)
    def _screenshot_saved(self, event: events.DeliveryComplete) -> None:
        if event.name == "screenshot":  # (Textual's own message reads the path as markup)
            event.prevent_default()
            self.notify(f"Saved to {event.path}", title="Screenshot", markup=False)

    @on(events.DeliveryFailed)
    def _screenshot_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == "screenshot":  # (Textual's own: "Failed to save screenshot", not why)
            event.prevent_default()
            self._screenshot_not_saved(event.exception)

    def _screenshot_not_saved(self, exc: BaseException, where: Path | None = None) -> None:
        where = getattr(exc, "filename", None) or where
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.notify(f"Could not save the screenshot{f' to {where}' if where else ''}: "
                    f"{why or type(exc).__name__}.", title="Screenshot", severity="error",
                    timeout=10, markup=False)

    def end_by_signal(self, signum: int) -> None:
        """Asked to end from outside (SIGTERM, SIGHUP): what is being written is kept as a
        draft first, then the reader ends as if quit (the terminal restored)."""
        from .note_editor import NoteEditor

        for screen in self.screen_stack:
            if isinstance(screen, NoteEditor):
                screen.keep_now()
        self.exit(return_code=128 + signum)

    def on_unmount(self) -> None:
        self.stop_desk()
        collector.thaw()
        if self.session is not None:
            self.session.close()


def run(document: Document, warnings: Sequence[str] = ()) -> int:
    """Run the reader on a loaded document. SIGTERM and SIGHUP (the terminal window closed) end
    it cleanly: the words in an open editor kept as a draft, the terminal restored."""
    app = MarginApp(document, warnings=warnings)
    app.ends_on_signals = True
    app.run()
    return app.return_code or 0


def _dialogs() -> tuple[tuple[str, type[Screen]], ...]:
    """The editor and dialogs whose keys the help lists after the reader's (a keymap moves them
    too). Imported when asked for: the first frame needs none of them."""
    from .finder import FinderScreen
    from .note_editor import ConfirmDiscard, NoteEditor

    return (("Note", NoteEditor), ("Discard?", ConfirmDiscard), ("Find", FinderScreen),
            ("Filter", FilterScreen), ("Export", ExportScreen), ("Correct", CorrectScreen))


def _end_on_signals(app: MarginApp) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        try:
            loop.add_signal_handler(signum, app.end_by_signal, signum)
        except (NotImplementedError, RuntimeError, ValueError):  # no such signal here
            pass

