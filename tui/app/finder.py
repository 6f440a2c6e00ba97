"""The finder (/) and the related list (r): results across the library, enter jumps there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..core.search.highlight import ELLIPSIS, excerpt, highlight
from ..core.search.library import Library, Query, Result
from ..core.text import clip
from .looks import badge


@dataclass(frozen=True, slots=True)
class Target:
    """Where to jump: a document of the library and a statement in it."""

    document_id: int
    source: str
    statement: int


#: Lines of a result's text shown under its head line.
BODY_LINES = 2
HIT_STYLE = "bold underline"


class ResultLines(Visual):
    """A result drawn at the width it is given: its head line, then at most BODY_LINES lines of
    its text, cut after a word with an ellipsis, and starting nearer the first match when that
    lies further in; the matched characters underlined."""

    def __init__(self, head: Content, text: str, spans: Sequence[tuple[int, int]]) -> None:
        self.head = head
        self.text = text
        self.spans = spans
        self._laid_out: dict[int, list[Content]] = {}

    def lines(self, width: int) -> list[Content]:
        got = self._laid_out.get(width)
        if got is None:
            got = self._laid_out[width] = self._lay_out(max(width, 4))
        return got

    def _lay_out(self, width: int) -> list[Content]:
        # (the first match starts the excerpt when it would be past the middle of its last line)
        flat, spans = excerpt(self.text, self.spans, lead=width * BODY_LINES - width // 2,
                              limit=width * (BODY_LINES + 2))
        body = Content(flat)
        for start, end in spans:
            body = body.stylize(HIT_STYLE, start, end)
        lines = [line.rstrip() for line in body.wrap(width)]
        if len(lines) > BODY_LINES:
            lines = lines[:BODY_LINES]
            lines[-1] = _ended(lines[-1], width)
        return [self.head.truncate(width, ellipsis=True), *lines]

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        return Content("\n").join(self.lines(width)).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))


def _ended(line: Content, width: int) -> Content:
    """A line of text cut short: an ellipsis after its last word that leaves room for it."""
    if line.cell_length < width:
        return line + ELLIPSIS
    cut = line.plain.rfind(" ")
    if cut > 0:
        return line[:cut] + ELLIPSIS
    return line.truncate(width - 1) + ELLIPSIS


def result_option(result: Result, spans: Sequence[tuple[int, int]] = (),
                  show_document: bool = True, index: int = 0) -> Option:
    """One result: where it is (and its kinds, speaker, score), then its text with the matched
    characters underlined."""
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
        head.append(("  " + clip(it.speaker, 28), "$kind-attribution"))
    head.append((f"  {result.match:.0f}", "$text-muted"))
    if it.note_id is not None:
        head.append(("  note", "bold $note-mark"))
    text = result.text if it.note_id is not None else result.statement_text
    return Option(ResultLines(Content.assemble(*head), text, spans), id=f"r{index}")


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

    def show(self, results: list[Result], status: str | Content, query: str = "",
             show_document: bool = True) -> None:
        self.results = results
        options = self.query_one("#results", OptionList)
        options.clear_options()
        options.add_options([
            result_option(r, highlight(query, r.text if r.item.note_id else r.statement_text)
                          if query else (), show_document, i)
            for i, r in enumerate(results)
        ])
        if results:
            options.highlighted = 0
        self.query_one("#status", Static).update(Content(status) if isinstance(status, str)
                                                 else status)

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


class FinderScreen(ResultsScreen):
    """Fuzzy search as you type: this article or the whole library (ctrl+t switches)."""

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
                    "verdict:false  checked:  rating:false", id="query")

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

    @property
    def _article_only(self) -> bool:
        """Searching this article only (with no article known yet, the library is searched)."""
        return not self.whole_library and self.document_id is not None

    def _scope_name(self) -> str:
        return "this article" if self._article_only else "the whole library"

    def _run(self, raw: str) -> None:
        title = self.query_one("#title", Static)
        title.update(Content.assemble(
            ("Find in ", "bold"), (self._scope_name(), "bold underline"),
            ("  ctrl+t: ", "$text-muted"),
            ("the library" if self._article_only else "this article", "$text-muted"),
            ("  enter: jump  esc: back", "$text-muted")))
        library = self.library
        if library is None:
            self.show([], "Reading the library… the results come as soon as it is ready")
            return
        query = library.parse(raw)
        said = [(p, "$text-warning") for p in query.problems] + self._guesses(query)
        if not query.text and not query.filtered:
            self.show([], _joined(said or [self._to_search()]))
            return
        scope = self.document_id if self._article_only else None
        results = library.search(query, limit=50, document_id=scope)
        self.show(results, _joined([*said, self._found(results)]), query.text,
                  show_document=not self._article_only)

    def _to_search(self) -> str:
        """What there is to search in the scope: "19 statements and 2 notes in this article"."""
        assert self.library is not None
        items = self.library.items
        if self._article_only:
            items = [it for it in items if it.document_id == self.document_id]
        notes = sum(1 for it in items if it.note_id is not None)
        what = _count(len(items) - notes, "statement")
        if notes:
            what += " and " + _count(notes, "note")
        if self._article_only:
            return f"{what} to search in this article"
        return f"{what} to search in {_count(len(self.library.documents), 'article')}"

    def _found(self, results: list[Result]) -> str:
        """How many results, in the words of the scope."""
        n = len(results)
        if self._article_only:
            if not n:
                return "nothing found in this article · ctrl+t searches the library"
            return ("the best 50 results" if n == 50 else _count(n, "result")) + \
                " in this article"
        if not n:
            return "nothing found in the library"
        assert self.library is not None
        found = len({r.item.document_id for r in results})
        return (f"{'the best 50 results' if n == 50 else _count(n, 'result')} in "
                f"{found:,} of {_count(len(self.library.documents), 'article')}")

    def _guesses(self, query: Query) -> list[str]:
        """What a speaker or tag typed with a typo was read as: "@sulivan read as Jake Sullivan"."""
        assert self.library is not None
        out = []
        for mark, values, names in (("@", query.speakers, self.library.speakers),
                                    ("#", query.tags, self.library.tags)):
            for value in values:
                meant = names.meant(value)
                if meant.guessed:
                    shown = ", ".join(clip(n, 30) for n in meant.names[:3])
                    more = len(meant.names) - 3
                    out.append(f"{mark}{value} read as {shown}" + (f" and {more} more"
                                                                  if more > 0 else ""))
        return out

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


def _joined(parts: Sequence[str | tuple[str, str]]) -> Content:
    """Parts of a status line, " · " between them (a part may come with its style)."""
    out: list[str | tuple[str, str]] = []
    for part in parts:
        if out:
            out.append(" · ")
        out.append(part)
    return Content.assemble(*out)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
