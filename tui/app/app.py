"""The Margin reader: the article, its claims and notes; keys, commands, settings and workers."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Iterable

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header

from ..core import anchor
from ..core.article import Article
from ..core.claims import KINDS as CLAIM_KINDS
from ..core.claims import detect
from ..core.document import Document
from ..core.export import Placed, place, to_markdown, write_atomic
from ..core.library import Library, Result
from ..core.segment import segment
from ..core.store import ConflictError, Note, Store, StoreError, document_key, now
from .article_view import ArticleView
from .commands import StatementsProvider
from .config import Config, load_config, save_config
from .dialogs import ExportScreen, Filter, FilterScreen
from .finder import FinderScreen, RelatedScreen, Target
from .help import HelpScreen
from .note_editor import ConfirmDiscard, NoteDraft, NoteEditor
from .sidebar import NoteList, Sidebar
from .typeahead import TypeAhead

#: Below this many columns the sidebar is an overlay, toggled with s.
WIDE = 100
#: Seconds between looks at whether another Margin changed the notes (one cheap PRAGMA).
OTHER_WRITERS_EVERY = 2.0


class MarginApp(App[int]):
    """Read one article: claims highlighted, notes kept as they are written."""

    CSS_PATH = "margin.tcss"
    TITLE = "Margin"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {StatementsProvider}

    BINDINGS = [
        Binding("a,enter", "annotate", "Annotate", id="app.annotate",
                tooltip="Write a note on the current statement"),
        Binding("e", "edit_note", "Edit", show=False, id="app.edit",
                tooltip="Edit the selected note"),
        Binding("d", "delete_note", "Delete", show=False, id="app.delete",
                tooltip="Delete the selected note (u brings it back)"),
        Binding("u", "undo", "Undo", show=False, id="app.undo",
                tooltip="Bring back the last deleted note"),
        Binding("A", "accept_review", "Accept", show=False, id="app.accept",
                tooltip="Accept the new text of a note in review"),
        Binding("f", "filter", "Filter", id="app.filter",
                tooltip="Choose which claims are highlighted (kinds, lowest score)"),
        Binding("s", "toggle_sidebar", "Sidebar", id="app.sidebar",
                tooltip="Show or hide the sidebar"),
        Binding("x", "export", "Export", id="app.export", tooltip="Export the notes as Markdown"),
        Binding("tab", "focus_next", "Focus", show=False, id="app.focus_next",
                tooltip="Move between the article and the notes list"),
        Binding("slash", "find", "Find", id="app.find",
                tooltip="Find a statement or note, in this article or every article read"),
        Binding("r", "related", "Related", id="app.related",
                tooltip="Statements that say what this one says, here and in other articles"),
        Binding("n", "related_step(1)", "Next related", show=False, id="app.related_next",
                tooltip="Go to the next statement of the last related list"),
        Binding("N", "related_step(-1)", "Previous related", show=False, id="app.related_previous",
                tooltip="Go to the previous statement of the last related list"),
        Binding("ctrl+o,alt+left", "history(-1)", "Back", show=False, id="app.back",
                tooltip="Go back to where you were before the last jump"),
        Binding("alt+right", "history(1)", "Forward", show=False, id="app.forward",
                tooltip="Go forward again after going back"),
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="Every key"),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave Margin (notes are already saved)"),
    ]

    def __init__(self, document: Document, *, config: Config | None = None,
                 config_warning: str | None = None) -> None:
        super().__init__()
        self.document = document
        if config is None:
            config, config_warning = load_config()
        self.config = config
        self._config_warning = config_warning
        self.article: Article | None = None
        self.store: Store | None = None
        self.record = None
        self.placed: list[Placed] = []
        self.by_statement: dict[int, list[Placed]] = {}
        self._deleted: list[str] = []
        self._sidebar_overlay = False
        self._loading_theme = True
        self.library: Library | None = None
        self._library_scope = False  # the finder searches the whole library
        self._related: list[Result] = []
        self._related_at = -1
        self._history: list[tuple[str, int]] = []
        self._future: list[tuple[str, int]] = []
        self._pending_statement: int | None = None
        self._data_version = 0
        self._watching = None  # the timer that notices other writers

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="¶")
        with Horizontal(id="main"):
            yield ArticleView(self.document, id="article")
            yield Sidebar(id="sidebar")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.document.title
        self._update_subtitle()
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self._loading_theme = False
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        view = self.view
        # Synchronous: the sidebar changes in the same frame as the article (one repaint a key).
        self.watch(view, "cursor", lambda _: self._show_current(), init=False)
        view.set_filter(*self._filter_args())
        view.focus()
        self._apply_layout(self.size.width)
        self.sidebar.show_progress("Reading the article…")
        if self._config_warning:
            self.notify(self._config_warning, severity="warning", markup=False)
        # Paint the text first; the analysis (a thread holding the GIL) starts after that.
        self.call_after_refresh(self.analyse)

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one("#sidebar", Sidebar)

    def _update_subtitle(self) -> None:
        source = self.document.source or "<stdin>"
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

    # -- analysis (a thread: the text shows at once, highlights fill in) --------------------

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def analyse(self) -> None:
        doc = self.document
        statements = segment(doc)
        total = len(statements)
        self.call_from_thread(self.sidebar.show_progress, f"Finding claims in {total} statements…")

        def progress(done: int, total: int) -> None:
            self.call_from_thread(self.sidebar.show_progress,
                                  f"Finding claims… {100 * done // max(1, total)}%")

        claims = detect(doc, statements, progress)
        article = Article(doc, statements, claims)
        self.call_from_thread(self._analysed, article)
        self.call_from_thread(self.sidebar.show_progress, "Opening your notes…")
        try:
            store = Store.open()
            record, outcome = store.remember(article)
            notes = store.notes(record.id)
        except StoreError as exc:
            self.call_from_thread(self._store_failed, str(exc))
            return
        self.call_from_thread(self._store_ready, store, record, outcome, notes)

    def _analysed(self, article: Article) -> None:
        self.article = article
        self.view.set_analysis(article.statements, article.claims)
        if self._pending_statement is not None:
            self.view.move_to(self._pending_statement, center=True)
            self._pending_statement = None
        self.sidebar.show_progress("")
        self._update_subtitle()
        self._show_current()

    def _store_failed(self, message: str) -> None:
        self.sidebar.show_progress("")
        self.notify(f"Notes are unavailable: {message}", severity="error", timeout=10,
                    markup=False)

    def _store_ready(self, store: Store, record, outcome, notes: list[Note]) -> None:
        if self.store is not None and self.store is not store:
            self.store.close()
        self.store = store
        self.record = record
        for notice in store.notices:
            self.notify(notice, severity="warning", timeout=15, markup=False)
        if outcome is not None and (outcome.review or outcome.orphan):
            self.notify(f"The article changed since you last read it: {outcome.review} notes to "
                        f"review, {outcome.orphan} detached (see the sidebar).",
                        severity="warning", timeout=10, markup=False)
        self.sidebar.show_progress("")
        self._set_notes(notes)
        self.build_library()
        self._data_version = store.data_version()
        if self._watching is None:
            self._watching = self.set_interval(OTHER_WRITERS_EVERY, self.notice_other_writers)

    def notice_other_writers(self) -> None:
        """Another Margin (a second window, ``margin notes add``) changed the notes: show them."""
        if self.store is None:
            return
        try:
            version = self.store.data_version()
        except sqlite3.Error:
            return
        if version != self._data_version:
            self._data_version = version
            before = len(self.placed)
            self._reload_notes()
            if len(self.placed) != before:
                self.notify("Notes changed in another Margin: the sidebar shows them.",
                            timeout=4, markup=False)

    def _reload_notes(self, selected: str | None = None) -> None:
        if self.store is not None and self.record is not None:
            self._set_notes(self.store.notes(self.record.id), selected)

    def _set_notes(self, notes: list[Note], selected: str | None = None) -> None:
        if self.article is None:
            return
        self.placed = place(self.article, notes)
        self.by_statement = {}
        for p in self.placed:
            if p.statement is not None:
                self.by_statement.setdefault(p.statement, []).append(p)
        self.view.set_noted(self.by_statement)
        self.sidebar.show_all_notes(self.placed, self.document.text, selected)
        if self.library is not None:
            self.build_library()  # notes are searchable: index them again
        self._update_subtitle()
        self._show_current()

    # -- the current statement -----------------------------------------------------------

    def _show_current(self) -> None:
        if self.article is None or not self.article.statements:
            return
        i = self.view.cursor
        st = self.article.statements[i]
        self.sidebar.show_current(i, len(self.article.statements), self.article.claims[i],
                                  self.document.text[st.start:st.end],
                                  self.by_statement.get(i, []), self.document.text)

    def on_note_list_chosen(self, event: NoteList.Chosen) -> None:
        p = self._placed(event.note_id)
        if p is None:
            return
        if p.statement is None:
            self.notify("This note is detached: its sentence is no longer in the article.",
                        markup=False)
            return
        self.view.move_to(p.statement, center=True)
        self.view.focus()

    # -- notes -------------------------------------------------------------------------------

    def _placed(self, note_id: str) -> Placed | None:
        return next((p for p in self.placed if p.note.id == note_id), None)

    def _selected_note(self) -> Placed | None:
        """The note highlighted in the notes list when it has focus, else the first note on the
        current statement."""
        notes = self.sidebar.query_one("#all-notes", NoteList)
        if notes.has_focus and notes.highlighted is not None:
            option = notes.get_option_at_index(notes.highlighted)
            if option.id:
                return self._placed(option.id)
        here = self.by_statement.get(self.view.cursor)
        return here[0] if here else None

    def _ready_for_notes(self) -> bool:
        if self.article is None or not self.article.statements:
            self.notify("Still reading the article…" if self.article is None
                        else "This article has no statements to annotate.", markup=False)
            return False
        if self.store is None:
            self.notify("Notes are unavailable (see the message above).", severity="error",
                        markup=False)
            return False
        return True

    def action_annotate(self) -> None:
        if not self._ready_for_notes():
            return
        index = self.view.cursor
        st = self.article.statements[index]
        quote = self.document.text[st.start:st.end]

        def saved(draft: NoteDraft | None) -> None:
            if draft is None:
                return
            selector = anchor.describe(self.document.text, st.start, st.end)
            try:
                note = self.store.add_note(self.record.id, selector, body=draft.body,
                                           tags=draft.tags, verdict=draft.verdict,
                                           statement=index)
            except StoreError as exc:
                self._save_failed(exc, draft, quote, saved)
                return
            self._reload_notes(note.id)
            self.notify(f"Note saved on statement {index + 1}.", markup=False)

        self.push_screen(NoteEditor(quote, title=f"Note on statement {index + 1}"), saved)

    def action_edit_note(self) -> None:
        if not self._ready_for_notes():
            return
        p = self._selected_note()
        if p is None:
            self.notify("No note here to edit: press a to write one.", markup=False)
            return
        note = p.note
        quote = self.document.text[p.start:p.end] if p.start is not None else note.selector.exact

        def saved(draft: NoteDraft | None) -> None:
            if draft is None:
                return
            try:
                updated = self.store.update_note(note, body=draft.body, tags=draft.tags,
                                                 verdict=draft.verdict)
            except ConflictError:
                # Changed elsewhere meanwhile: keep both, never lose the words just written.
                copy = self.store.add_note(note.document_id, note.selector, body=draft.body,
                                           tags=draft.tags, verdict=draft.verdict,
                                           statement=note.statement)
                self._reload_notes(copy.id)
                self.notify("This note was changed elsewhere meanwhile; your version was saved "
                            "as a new note beside it.", severity="warning", timeout=10,
                            markup=False)
                return
            except StoreError as exc:
                self._save_failed(exc, draft, quote, saved)
                return
            self._reload_notes(updated.id)
            self.notify("Note saved.", markup=False)

        draft = NoteDraft(note.body, note.tags, note.verdict)
        self.push_screen(NoteEditor(quote, draft, title="Edit note"), saved)

    def _save_failed(self, exc: Exception, draft: NoteDraft, quote: str, retry) -> None:
        """The store refused the note (a full disk, a read-only folder): the editor opens again
        with the text, and saving it tries again, as often as it takes."""
        self.notify(f"Could not save the note: {exc}. Your text is kept in the editor.",
                    severity="error", timeout=15, markup=False)
        self.push_screen(NoteEditor(quote, draft, title="Note (not saved yet)", unsaved=True),
                         retry)

    def action_delete_note(self) -> None:
        if not self._ready_for_notes():
            return
        p = self._selected_note()
        if p is None:
            self.notify("No note here to delete.", markup=False)
            return
        try:
            self.store.delete_note(p.note.id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._deleted.append(p.note.id)
        self._reload_notes()
        self.notify("Note deleted — press u to bring it back.", markup=False)

    def action_undo(self) -> None:
        if not self._deleted or self.store is None:
            self.notify("Nothing to undo.", markup=False)
            return
        note_id = self._deleted.pop()
        try:
            self.store.restore_note(note_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._reload_notes(note_id)
        self.notify("Note restored.", markup=False)

    def action_accept_review(self) -> None:
        if not self._ready_for_notes():
            return
        p = self._selected_note()
        review = p if p is not None and p.note.state == "review" else next(
            (q for q in self.placed if q.note.state == "review"
             and q.statement == self.view.cursor), None)
        if review is None:
            self.notify("No note in review here.", markup=False)
            return
        try:
            note = self.store.accept_review(review.note, self.document.text)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._reload_notes(note.id)
        self.notify("Note anchored on the new text.", markup=False)

    # -- view ------------------------------------------------------------------------------

    def action_filter(self) -> None:
        kinds, min_score = self.view.filter

        def chosen(result: Filter | None) -> None:
            if result is None:
                return
            self.view.set_filter(result.kinds, result.min_score)
            self.config.kinds = tuple(k for k in CLAIM_KINDS if k in result.kinds)
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
        groups = [
            ("Reading", self._bindings_of(ArticleView.BINDINGS)),
            ("Notes", self._bindings_of(b for b in self.BINDINGS if b.id in (
                "app.annotate", "app.edit", "app.delete", "app.undo", "app.accept", "app.export"))),
            ("Find and jump", self._bindings_of(b for b in self.BINDINGS if b.id in (
                "app.find", "app.related", "app.related_next", "app.related_previous",
                "app.back", "app.forward"))),
            ("View", self._bindings_of(b for b in self.BINDINGS if b.id in (
                "app.filter", "app.sidebar", "app.focus_next", "app.help", "app.quit"))),
            ("Everywhere", [Binding("ctrl+p", "command_palette", "Commands",
                                    tooltip="The command palette: every action by name"),
                            Binding("click", "", "Select", tooltip="Select the statement clicked")]),
        ]
        self.push_screen(HelpScreen(groups))

    def _bindings_of(self, bindings: Iterable[Binding]) -> list[Binding]:
        keymap = self.config.keymap
        out = []
        for b in bindings:
            if b.id and b.id in keymap:
                b = Binding(keymap[b.id], b.action, b.description, show=b.show, id=b.id,
                            tooltip=b.tooltip)
            out.append(b)
        return out

    # -- the library: find, related, jumps ------------------------------------------------

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def build_library(self) -> None:
        """Index every statement and note of the library (its own connection, in a thread)."""
        from ..core.library import Library
        from ..core.store import Store, StoreError

        try:
            with Store.open(backup=False) as store:
                library = Library(store)
                library.index.prepare_related()  # built here, not on the first key
        except StoreError:
            return
        self.call_from_thread(self._library_ready, library)

    def _library_ready(self, library: Library) -> None:
        self.library = library
        for screen in self.screen_stack:  # a finder opened before the library was ready
            if isinstance(screen, FinderScreen):
                screen.use_library(library, self.record.id if self.record else None)

    def _on_key(self, event: events.Key) -> None:
        # Before the app's own bindings: keys typed ahead of a dialog go into its field.
        screen = self.screen
        if isinstance(screen, TypeAhead) and screen.take_typed_ahead(event):
            event.prevent_default()
            event.stop()

    def jump_to_statement(self, index: int) -> None:
        """Go to a statement of this article (a step of the jump history)."""
        if self.record is not None:
            self._jump_to_target(Target(self.record.id, self.record.source, index))

    def _here(self) -> tuple[str, int] | None:
        if self.record is None:
            return None
        return (self.record.source, self.view.cursor)

    def action_find(self) -> None:
        if self.record is None and self.library is None:
            self.notify("Still reading the article…", markup=False)
            return

        def scope(whole: bool) -> None:
            self._library_scope = whole

        screen = FinderScreen(self.library, self.record.id if self.record else None,
                              self._library_scope, on_scope=scope)
        self.push_screen(screen, self._jump_to_target)

    def action_related(self) -> None:
        if self.library is None or self.record is None or self.article is None:
            self.notify("Still indexing the library…", markup=False)
            return
        index = self.view.cursor
        results = self.library.related(self.record.id, index, limit=20)
        self._related = results
        self._related_at = -1
        st = self.article.statements[index]
        self.push_screen(RelatedScreen(self.document.text[st.start:st.end], results),
                         self._jump_to_related)

    def _jump_to_related(self, target: Target | None) -> None:
        if target is None:
            return
        for i, r in enumerate(self._related):
            if (r.item.document_id, r.item.statement) == (target.document_id, target.statement):
                self._related_at = i
        self._jump_to_target(target)

    def action_related_step(self, step: int) -> None:
        if not self._related:
            self.notify("No related list yet: press r on a statement.", markup=False)
            return
        self._related_at = max(0, min(len(self._related) - 1, self._related_at + step))
        r = self._related[self._related_at]
        self.notify(f"Related {self._related_at + 1} of {len(self._related)} "
                    f"(match {r.match:.0f})", timeout=3, markup=False)
        self._jump_to_target(Target(r.item.document_id, r.source, r.item.statement))

    def _jump_to_target(self, target: Target | None) -> None:
        if target is None:
            return
        here = self._here()
        if here is not None and here != (target.source, target.statement):
            self._history.append(here)
            self._future.clear()
        self._go(target.source, target.statement, target.document_id)

    def action_history(self, step: int) -> None:
        stack, other = (self._history, self._future) if step < 0 else (self._future, self._history)
        if not stack:
            self.notify("Nothing to go back to." if step < 0 else "Nothing to go forward to.",
                        markup=False)
            return
        here = self._here()
        source, statement = stack.pop()
        if here is not None:
            other.append(here)
        self._go(source, statement)

    def _go(self, source: str, statement: int, document_id: int | None = None) -> None:
        if self.record is not None and source == self.record.source:
            self.view.move_to(statement, center=True)
            self.view.focus()
            return
        document = self._load_other(source, document_id)
        if document is None:
            return
        self.call_later(self._switch_to, document, statement)

    def _load_other(self, source: str, document_id: int | None) -> Document | None:
        """Another document of the library: from its file, or from the copy the library kept."""
        from ..core.article import from_library
        from ..core.document import from_source
        from ..core.text import LoadError, load

        if not source.startswith("stdin:") and Path(source).is_file():
            try:
                return from_source(load(source))
            except LoadError as exc:
                self.notify(f"{exc}; showing the copy kept in the library", severity="warning",
                            markup=False)
        if self.store is None:
            return None
        document = from_library(self.store, source)
        if document is None:
            self.notify(f"{source} is no longer in the library.", severity="error", markup=False)
        return document

    async def _switch_to(self, document: Document, statement: int) -> None:
        """Show another document: a new article view, analysed afresh; then go to ``statement``."""
        self.workers.cancel_group(self, "analysis")
        self.document = document
        self.article = None
        self.record = None
        self.placed = []
        self.by_statement = {}
        self._pending_statement = statement
        await self.view.remove()
        view = ArticleView(document, id="article")
        await self.query_one("#main").mount(view, before=self.sidebar)
        view.set_filter(*self._filter_args())
        self.watch(view, "cursor", lambda _: self._show_current(), init=False)
        view.focus()
        self.title = document.title
        self._update_subtitle()
        self.sidebar.show_progress("Reading the article…")
        self.call_after_refresh(self.analyse)

    def _filter_args(self) -> tuple[list[str], float]:
        return [k for k in self.config.kinds if k in CLAIM_KINDS], self.config.min_score

    # -- export ----------------------------------------------------------------------------

    def _default_export_path(self) -> str:
        from ..core.article import sample_path

        source = self.document.source
        if source and not source.startswith("<") and Path(source).is_absolute():
            path = Path(source)
            if path.resolve() == sample_path().resolve():
                # The bundled sample lives inside the installed package: notes on it go where
                # the user is, not into site-packages.
                return str(Path.cwd() / (path.stem + ".notes.md"))
            return str(path.with_name(path.stem + ".notes.md"))
        return str(Path.cwd() / "margin-notes.md")

    def action_export(self) -> None:
        if not self._ready_for_notes():
            return
        count = len(self.placed)

        def chosen(path: str | None) -> None:
            if path:
                self._export(Path(path).expanduser())

        self.push_screen(ExportScreen(self._default_export_path(), count), chosen)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, path: Path) -> None:
        notes = [p.note for p in self.placed]
        try:
            content = to_markdown(self.article, self.record, notes, now())
            write_atomic(path, content)
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
        commands = [
            ("Annotate", "Write a note on the current statement", self.action_annotate),
            ("Edit note", "Edit the selected note", self.action_edit_note),
            ("Delete note", "Delete the selected note (undo with u)", self.action_delete_note),
            ("Undo delete", "Bring back the last deleted note", self.action_undo),
            ("Accept review", "Anchor a note in review on the new text", self.action_accept_review),
            ("Export notes", "Export the notes as Markdown", self.action_export),
            ("Filter highlights", "Which kinds of claim are highlighted, lowest score",
             self.action_filter),
            ("Toggle sidebar", "Show or hide the sidebar", self.action_toggle_sidebar),
            ("Next claim", "Go to the next claim", self.view.action_next_claim),
            ("Previous claim", "Go to the previous claim", self.view.action_previous_claim),
            ("First statement", "Go to the top", self.view.action_top),
            ("Last statement", "Go to the bottom", self.view.action_bottom),
            ("Find", "Find a statement or note (this article or the library)", self.action_find),
            ("Related statements", "What else says what this statement says", self.action_related),
            ("Back", "Go back to where you were before the last jump",
             lambda: self.action_history(-1)),
            ("Forward", "Go forward again", lambda: self.action_history(1)),
            ("Help", "Every key", self.action_help),
        ]
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)

    async def action_quit(self) -> None:
        """Quit, but never throw away a note being written without asking."""
        if any(isinstance(s, NoteEditor) and s.changed for s in self.screen_stack):
            def decided(discard: bool | None) -> None:
                if discard:
                    self.exit(0)

            self.push_screen(ConfirmDiscard(), decided)
            return
        self.exit(0)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def run(document: Document, args=None) -> int:
    """Run the reader on a loaded document."""
    app = MarginApp(document)
    app.run()
    return app.return_code or 0
