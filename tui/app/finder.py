"""The finder (/) and the related list (r): results across the library, enter jumps there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..core.search.highlight import highlight
from ..core.search.library import Library, Result
from ..core.text import clip
from .looks import badge
from .typeahead import TypeAhead


@dataclass(frozen=True, slots=True)
class Target:
    """Where to jump: a document of the library and a statement in it."""

    document_id: int
    source: str
    statement: int


def result_option(result: Result, spans: Sequence[tuple[int, int]] = (), width: int = 90,
                  show_document: bool = True, index: int = 0) -> Option:
    """One result as two lines: where it is (and its kinds, speaker, score), then the text with
    the matched characters underlined."""
    it = result.item
    head: list = []
    if show_document:
        head.append((clip(result.title, 36), "bold"))
        head.append("  ")
    head.append((f"#{it.statement + 1}", "$text-muted"))
    for k in it.kinds:
        head.append(" ")
        head.append(badge(k))
    if it.speaker:
        head.append(("  " + clip(it.speaker, 28), "$text-accent"))
    head.append((f"  {result.match:.0f}", "$text-muted"))
    if it.note_id is not None:
        head.append(("  note", "bold $warning"))
    text = result.text if it.note_id is not None else result.statement_text
    flat = " ".join(text.split())
    body = Content(flat[: width * 2])
    if spans and flat == text:
        for start, end in spans:
            if start < len(body.plain):
                body = body.stylize("bold underline $text-accent", start, min(end, len(body.plain)))
    lines = Content.assemble(*head, "\n", body)
    return Option(lines, id=f"r{index}")


class ResultsScreen(ModalScreen[Target | None]):
    """A list of results over the reader; enter jumps, escape goes back to where you were."""

    DEFAULT_CSS = """
    ResultsScreen { align: center top; background: $background 50%; }
    ResultsScreen > Vertical {
        width: 110; max-width: 98%; height: 90%; margin-top: 1;
        background: $surface; border: round $primary; padding: 0 1;
    }
    ResultsScreen #title { height: auto; text-style: bold; }
    ResultsScreen #status { height: auto; color: $text-muted; }
    ResultsScreen Input { margin: 0 0 1 0; }
    ResultsScreen OptionList { height: 1fr; border: none; background: $surface; }
    ResultsScreen OptionList > .option-list--option { padding: 0 0 1 0; }
    """
    BINDINGS = [
        Binding("escape", "close", "Back", id="results.close",
                tooltip="Close and stay where you were"),
        Binding("down", "move(1)", "Next", show=False, id="results.down",
                tooltip="Next result"),
        Binding("up", "move(-1)", "Previous", show=False, id="results.up",
                tooltip="Previous result"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.heading = title
        self.results: list[Result] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.heading), id="title")
            yield from self.compose_query()
            yield Static("", id="status")
            yield OptionList(id="results")

    def compose_query(self) -> ComposeResult:
        return iter(())

    def show(self, results: list[Result], status: str, query: str = "",
             show_document: bool = True) -> None:
        self.results = results
        options = self.query_one("#results", OptionList)
        options.clear_options()
        width = max(40, self.size.width - 8)
        options.add_options([
            result_option(r, highlight(query, r.text if r.item.note_id else r.statement_text)
                          if query else (), width, show_document, i)
            for i, r in enumerate(results)
        ])
        if results:
            options.highlighted = 0
        self.query_one("#status", Static).update(Content(status))

    def action_move(self, step: int) -> None:
        options = self.query_one("#results", OptionList)
        if not self.results:
            return
        current = options.highlighted if options.highlighted is not None else -1
        options.highlighted = max(0, min(len(self.results) - 1, current + step))

    def action_close(self) -> None:
        self.dismiss(None)

    def _chosen(self) -> Target | None:
        options = self.query_one("#results", OptionList)
        if options.highlighted is None or not self.results:
            return None
        r = self.results[options.highlighted]
        return Target(r.item.document_id, r.source, r.item.statement)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self._chosen()
        if target is not None:
            self.dismiss(target)


class FinderScreen(TypeAhead, ResultsScreen):
    """Fuzzy search as you type: this article or the whole library (ctrl+t switches)."""

    TYPE_AHEAD = "#query"

    BINDINGS = [
        Binding("ctrl+t", "toggle_scope", "Article / library", id="finder.scope",
                tooltip="Search this article or every article read"),
    ]

    def __init__(self, library: Library | None, document_id: int | None, whole_library: bool,
                 query: str = "", on_scope: Callable[[bool], None] | None = None) -> None:
        super().__init__("Find")
        self.library = library
        self.document_id = document_id
        self.whole_library = whole_library
        self.initial = query
        self.on_scope = on_scope

    def compose_query(self) -> ComposeResult:
        yield Input(self.initial, placeholder="words (typos are fine)  @speaker  #tag  kind:quote  "
                    "verdict:false", id="query")

    def on_mount(self) -> None:
        field = self.query_one("#query", Input)
        field.cursor_blink = False
        field.focus()
        self._run(field.value)

    def use_library(self, library: Library, document_id: int | None) -> None:
        """The library is ready (or was indexed again): search what is typed with it."""
        self.library = library
        if self.document_id is None:
            self.document_id = document_id
        if self.is_mounted:
            self._run(self.query_one("#query", Input).value)

    def _scope_name(self) -> str:
        return "the whole library" if self.whole_library else "this article"

    def _run(self, raw: str) -> None:
        title = self.query_one("#title", Static)
        title.update(Content.assemble(("Find in ", "bold"), (self._scope_name(), "bold $accent"),
                                      ("   ctrl+t: search ", "$text-muted"),
                                      ("this article" if self.whole_library else "the library",
                                       "$text-muted"),
                                      ("   enter: jump   esc: back", "$text-muted")))
        if self.library is None:
            self.show([], "Reading the library… the results come as soon as it is ready")
            return
        query = self.library.parse(raw)
        if not query.text and not query.filtered:
            self.show([], f"{len(self.library)} statements and notes to search")
            return
        scope = None if self.whole_library else self.document_id
        results = self.library.search(query, limit=50, document_id=scope)
        status = f"{len(results)} result{'s' if len(results) != 1 else ''}"
        if len(results) == 50:
            status = "the best 50 results"
        if query.problems:
            status += " · not understood: " + "; ".join(query.problems)
        self.show(results, status, query.text, show_document=self.whole_library)

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._run(event.value)

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        target = self._chosen()
        if target is not None:
            self.dismiss(target)

    def action_toggle_scope(self) -> None:
        self.whole_library = not self.whole_library
        if self.on_scope is not None:
            self.on_scope(self.whole_library)
        self._run(self.query_one("#query", Input).value)


class RelatedScreen(ResultsScreen):
    """Statements related to the current one, from this article and others."""

    def __init__(self, statement_text: str, results: list[Result]) -> None:
        super().__init__("Related to: " + clip(statement_text, 90))
        self.initial_results = results

    def on_mount(self) -> None:
        n = len(self.initial_results)
        status = (f"{n} related statement{'s' if n != 1 else ''} · enter jumps · n / N step "
                  "through them from the article" if n else "nothing related found")
        self.show(self.initial_results, status)
        self.query_one("#results", OptionList).focus()
