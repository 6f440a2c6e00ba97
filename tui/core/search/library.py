"""The library: every document read, its statements and notes, searched together."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable, Sequence

from ..analysis.claims import KINDS
from .index import SearchIndex
from .names import Names


@dataclass(frozen=True, slots=True)
class Item:
    """One searchable thing: a statement of a document, or the body of a note on one."""

    document_id: int
    statement: int  # 0-based
    start: int
    end: int
    kinds: tuple[str, ...]
    speaker: str | None
    score: float
    note_id: str | None = None


@dataclass(frozen=True, slots=True)
class NoteItem:
    """A note as the library sees it: where it sits now (None: detached) and what it says."""

    id: str
    document_id: int
    at: int | None  # an offset into its document's text, inside the statement it is on
    body: str
    tags: tuple[str, ...]
    verdict: str


@dataclass(frozen=True, slots=True)
class Result:
    """A search or related hit, ready to show."""

    item: Item
    text: str  # the statement (for a note: the note's body)
    statement_text: str
    match: float  # 0..100
    source: str
    title: str


@dataclass(frozen=True, slots=True)
class Query:
    """A finder query: words, and filters ``@speaker``, ``#tag``, ``kind:K``, ``verdict:V``."""

    text: str
    speakers: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())  # filters that were not understood

    @property
    def filtered(self) -> bool:
        return bool(self.speakers or self.tags or self.kinds or self.verdicts)


_FILTER = re.compile(r"(?:(?<=\s)|^)(@|#|kind:|verdict:)(\"[^\"]*\"|\S*)", re.I)
_KIND_NAMES = {k: k for k in KINDS} | {"attributed": "attribution", "stat": "statistic",
                                       "hedged": "hedge", "assert": "assertion",
                                       "statistics": "statistic", "quotes": "quote"}
_KINDS = Names(_KIND_NAMES)


def parse_query(raw: str, verdicts: Sequence[str]) -> Query:
    """Split a finder query into its words and its filters (``verdicts``: those there are)."""
    known_verdicts = Names(verdicts)
    speakers, tags, kinds, chosen, problems = [], [], [], [], []

    def take(m: re.Match) -> str:
        prefix, value = m.group(1).lower(), m.group(2).strip('"')
        if not value:
            return " "  # a filter still being typed: ignore it
        low = value.lower()
        if prefix == "@":
            speakers.append(low)
        elif prefix == "#":
            tags.append(low.lstrip("#"))
        elif prefix == "kind:":  # a prefix or a typo will do: "quot", "qoute"
            meant = dict.fromkeys(_KIND_NAMES[k] for k in _KINDS.meant(low).names)
            kinds.extend(meant)
            if not meant:
                problems.append(f"no kind '{value}': {', '.join(KINDS)}")
        elif prefix == "verdict:":
            meant = known_verdicts.meant(low).names
            chosen.extend(meant)
            if not meant:
                problems.append(f"no verdict '{value}': {', '.join(known_verdicts.names)}")
        return " "

    text = " ".join(_FILTER.sub(take, raw).split())
    return Query(text, tuple(speakers), tuple(tags), tuple(kinds), tuple(chosen),
                 tuple(problems))


class Library:
    """Statements and notes of the library (or of some documents), with a search index.

    ``documents``: document id -> (source, title, text); ``statements``: the documents' stored
    statements (``document_id``, ``index``, ``start``, ``end``, ``kinds``, ``speaker``,
    ``score``), in document and statement order; ``verdicts``: the verdicts a query may name."""

    def __init__(self, documents: dict[int, tuple[str, str, str]], statements: Sequence,
                 notes: Sequence[NoteItem], verdicts: Sequence[str],
                 include_notes: bool = True) -> None:
        self.documents = documents
        self.verdicts = tuple(verdicts)
        self.items: list[Item] = [
            Item(s.document_id, s.index, s.start, s.end, s.kinds, s.speaker, s.score)
            for s in statements if s.document_id in self.documents
        ]
        self._position = {(it.document_id, it.statement): i for i, it in enumerate(self.items)}
        starts: dict[int, list[int]] = {}
        for it in self.items:
            starts.setdefault(it.document_id, []).append(it.start)
        self._starts = starts
        self.notes: dict[tuple[int, int], list[NoteItem]] = {}
        notes = [n for n in notes if n.document_id in self.documents]
        for note in notes:
            index = self.statement_at(note.document_id, note.at)
            if index is not None:
                self.notes.setdefault((note.document_id, index), []).append(note)
                if include_notes and note.body.strip():
                    base = self.items[self._position[(note.document_id, index)]]
                    self.items.append(Item(base.document_id, base.statement, base.start, base.end,
                                           base.kinds, base.speaker, base.score, note.id))
        self._note_bodies = {n.id: n.body for n in notes}
        self.texts = [self._text(it) for it in self.items]
        self._index: SearchIndex | None = None

    def statement_at(self, document_id: int, offset: int | None) -> int | None:
        """The statement (0-based) of a document that holds ``offset`` (None: none does)."""
        starts = self._starts.get(document_id)
        if offset is None or not starts:
            return None
        i = bisect_right(starts, offset) - 1
        return i if i >= 0 else None

    def parse(self, raw: str) -> Query:
        """A query as typed, read with this library's verdicts; a speaker or tag like none the
        library has is a problem, said."""
        query = parse_query(raw, self.verdicts)
        unknown = tuple(
            [f"no speaker like '{s}'" for s in query.speakers if not self.speakers.meant(s).names]
            + [f"no tag like '#{t}'" for t in query.tags if not self.tags.meant(t).names])
        return replace(query, problems=query.problems + unknown) if unknown else query

    @cached_property
    def speakers(self) -> Names:
        """Every speaker of a statement: what an ``@speaker`` filter is matched to."""
        return Names(sorted({it.speaker for it in self.items if it.speaker}))

    @cached_property
    def tags(self) -> Names:
        """Every tag of a note (in lower case): what a ``#tag`` filter is matched to."""
        return Names(sorted({t.lower() for notes in self.notes.values() for n in notes
                             for t in n.tags}))

    def _text(self, item: Item) -> str:
        if item.note_id is not None:
            return self._note_bodies[item.note_id]
        return self.statement_text(item)

    def statement_text(self, item: Item) -> str:
        return self.documents[item.document_id][2][item.start:item.end]

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.texts)
        return self._index

    def __len__(self) -> int:
        return len(self.items)

    def position(self, document_id: int, statement: int) -> int | None:
        return self._position.get((document_id, statement))

    # -- queries ------------------------------------------------------------------------------

    def allowed(self, query: Query, document_id: int | None = None) -> Callable[[int], bool] | None:
        """A predicate over items for the query's filters (None when there is nothing to check)."""
        if not query.filtered and document_id is None:
            return None
        items, notes = self.items, self.notes
        # Each filter's value stands for the names it finds (typos and all, see Names.meant).
        speakers = [set(self.speakers.meant(s).names) for s in query.speakers]
        tag_sets = [set(self.tags.meant(t).names) for t in query.tags]

        def ok(i: int) -> bool:
            it = items[i]
            if document_id is not None and it.document_id != document_id:
                return False
            if query.kinds and not any(k in it.kinds for k in query.kinds):
                return False
            if speakers and not all(it.speaker in meant for meant in speakers):
                return False
            if query.tags or query.verdicts:
                here = notes.get((it.document_id, it.statement), ())
                tags = {t.lower() for n in here for t in n.tags}
                if tag_sets and not all(tags & meant for meant in tag_sets):
                    return False
                if query.verdicts and not any(n.verdict in query.verdicts for n in here):
                    return False
            return True

        return ok

    def search(self, raw: str | Query, limit: int = 50, document_id: int | None = None) -> list[Result]:
        query = raw if isinstance(raw, Query) else self.parse(raw)
        allowed = self.allowed(query, document_id)
        if query.text:
            hits = self.index.search(query.text, limit=limit, allowed=allowed)
            return [self.result(h.item, h.score) for h in hits]
        if not query.filtered:
            return []
        # Filters alone: every matching statement, in document order.
        out = []
        for i, it in enumerate(self.items):
            if it.note_id is None and (allowed is None or allowed(i)):
                out.append(self.result(i, 100.0))
                if len(out) >= limit:
                    break
        return out

    def related(self, document_id: int, statement: int, limit: int = 10) -> list[Result]:
        """Statements of any document that say what this one says (never itself)."""
        position = self.position(document_id, statement)
        if position is None:
            return []
        items = self.items

        def statements_only(i: int) -> bool:
            return items[i].note_id is None and i != position

        hits = self.index.related(position, limit=limit, allowed=statements_only)
        return [self.result(h.item, h.score) for h in hits]

    def result(self, i: int, match: float) -> Result:
        it = self.items[i]
        source, title, _ = self.documents[it.document_id]
        return Result(it, self.texts[i], self.statement_text(it), round(match, 1), source, title)
