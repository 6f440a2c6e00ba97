"""The library: every document read, its statements and notes, searched together."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain
from typing import Callable, NamedTuple, Sequence

from ..analysis.claims import KINDS
from .index import SearchIndex
from .names import Names
from .update import changed


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
    """A finder query: words, and filters ``@speaker``, ``#tag``, ``kind:K``, ``verdict:V``,
    ``checked:`` (a published fact-check matches it; ``checked:no``: none does) and ``rating:R``
    (one that matches it is rated R: ``rating:false`` finds "False" and "Mostly false")."""

    text: str
    speakers: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())  # filters that were not understood
    checked: bool | None = None  # a fact-check matches it (True), none does (False), or either
    ratings: tuple[str, ...] = ()  # words of its fact-checks' ratings, lower-cased

    @property
    def filtered(self) -> bool:
        return bool(self.speakers or self.tags or self.kinds or self.verdicts or self.ratings
                    or self.checked is not None)


_FILTER = re.compile(r"(?:(?<=\s)|^)(@|#|kind:|verdict:|checked:|rating:)(\"[^\"]*\"|\S*)", re.I)
_KIND_NAMES = {k: k for k in KINDS} | {"attributed": "attribution", "stat": "statistic",
                                       "hedged": "hedge", "assert": "assertion",
                                       "statistics": "statistic", "quotes": "quote"}
_KINDS = Names(_KIND_NAMES)


def parse_query(raw: str, verdicts: Sequence[str]) -> Query:
    """Split a finder query into its words and its filters (``verdicts``: those there are)."""
    known_verdicts = Names(verdicts)
    speakers, tags, kinds, chosen, problems, ratings = [], [], [], [], [], []
    checked: list[bool] = []

    def take(m: re.Match) -> str:
        prefix, value = m.group(1).lower(), m.group(2).strip('"')
        if prefix == "checked:":  # alone, or yes/no
            checked.append(value.lower() not in ("no", "n", "false", "0", "none"))
            return " "
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
        elif prefix == "rating:":
            ratings.append(" ".join(value.lower().split()))
        elif prefix == "verdict:":
            meant = known_verdicts.meant(low).names
            chosen.extend(meant)
            if not meant:
                problems.append(f"no verdict '{value}': {', '.join(known_verdicts.names)}")
        return " "

    text = " ".join(_FILTER.sub(take, raw).split())
    return Query(text, tuple(speakers), tuple(tags), tuple(kinds), tuple(chosen),
                 tuple(problems), checked[-1] if checked else None, tuple(ratings))


class Items(NamedTuple):
    """A library's items, as another library made from it compares them to its own: its
    statements, its notes that are items (id, body), and the index over them all."""

    statements: Statements
    notes: list[tuple[str, str]]
    index: SearchIndex


class Statements:
    """A library's statements, column by column, in document and statement order (their kinds
    and speaker as stored, or as the reader corrected them), with each one's text: 100,000
    statements are a few lists, not 100,000 objects, and are kept on disk as they are."""

    __slots__ = ("doc", "idx", "start", "end", "kinds", "speaker", "score", "text")

    def __init__(self, doc: list[int], idx: list[int], start: list[int], end: list[int],
                 kinds: list[tuple[str, ...]], speaker: list[str | None], score: list[float],
                 text: list[str]) -> None:
        self.doc, self.idx, self.start, self.end = doc, idx, start, end
        self.kinds, self.speaker, self.score, self.text = kinds, speaker, score, text

    @classmethod
    def of(cls, statements: Iterable, texts: Mapping[int, str]) -> Statements:
        """From stored statements (``document_id``, ``index``, ``start``, ``end``, ``kinds``,
        ``speaker``, ``score``) of the documents whose texts are given."""
        rows = [s for s in statements if s.document_id in texts]
        return cls([s.document_id for s in rows], [s.index for s in rows],
                   [s.start for s in rows], [s.end for s in rows], [s.kinds for s in rows],
                   [s.speaker for s in rows], [s.score for s in rows],
                   [texts[s.document_id][s.start:s.end] for s in rows])

    @classmethod
    def joined(cls, parts: Iterable[tuple[Statements, int, int]]) -> Statements:
        """The statements [lo, hi) of each part, one after the other."""
        out = cls([], [], [], [], [], [], [], [])
        for part, lo, hi in parts:
            for name in cls.__slots__:
                getattr(out, name).extend(getattr(part, name)[lo:hi])
        return out

    def __len__(self) -> int:
        return len(self.doc)

    def blocks(self) -> dict[int, tuple[int, int]]:
        """Each document's statements: document id -> [lo, hi)."""
        out: dict[int, tuple[int, int]] = {}
        doc = self.doc
        lo = 0
        for i in dict.fromkeys(doc):  # (in order: a few thousand documents, not every row)
            hi = bisect_right(doc, i, lo)
            out[i] = (lo, hi)
            lo = hi
        return out


class Library:
    """Statements and notes of the library (or of some documents), with a search index.

    ``documents``: document id -> (source, title, text); ``statements``: the documents' stored
    statements (``document_id``, ``index``, ``start``, ``end``, ``kinds``, ``speaker``,
    ``score``), in document and statement order; ``verdicts``: the verdicts a query may name.
    ``Library.of`` makes one from statements in columns, its index changed from another
    library's (search.update): the same library as one made whole, for the cost of what
    differs."""

    def __init__(self, documents: dict[int, tuple[str, str, str]], statements: Sequence,
                 notes: Sequence[NoteItem], verdicts: Sequence[str],
                 include_notes: bool = True) -> None:
        texts = {i: text for i, (_, _, text) in documents.items()}
        self._setup({i: (source, title) for i, (source, title, _) in documents.items()},
                    Statements.of(statements, texts), notes, verdicts, include_notes)

    @classmethod
    def of(cls, documents: dict[int, tuple[str, str]], statements: Statements,
           notes: Sequence[NoteItem], verdicts: Sequence[str], include_notes: bool = True,
           previous: Items | None = None, related: bool = True) -> Library:
        """``documents``: document id -> (source, title); ``statements``: theirs, in order, as
        the reader sees them (corrections made); ``previous``: the items of another library
        and its index (see ``kept``), to change rather than build this one's anew (its related
        index too, if ``related``)."""
        library = cls.__new__(cls)
        library._setup(documents, statements, notes, verdicts, include_notes)
        if previous is not None:
            library._index = library._index_from(previous, related)
        return library

    def _setup(self, documents: dict[int, tuple[str, str]], statements: Statements,
               notes: Sequence[NoteItem], verdicts: Sequence[str], include_notes: bool) -> None:
        #: document id -> (source, title)
        self.documents = documents
        #: (document id, statement) -> the ratings of the fact-checks that matched it, as kept
        #: (tui/core/checks/store.py: matched_ratings): what checked: and rating: read.
        self.checked: dict[tuple[int, int], tuple[str, ...]] = {}
        self.verdicts = tuple(verdicts)
        self.statements = statements
        self._blocks = statements.blocks()
        self._count = len(statements)
        self.notes: dict[tuple[int, int], list[NoteItem]] = {}
        #: the note items: (note id, its statement's item)
        self._noted: list[tuple[str, int]] = []
        bodies = []
        for note in notes:
            if note.document_id not in documents:
                continue
            index = self.statement_at(note.document_id, note.at)
            if index is not None:
                self.notes.setdefault((note.document_id, index), []).append(note)
                if include_notes and note.body.strip():
                    self._noted.append((note.id, self._blocks[note.document_id][0] + index))
                    bodies.append(note.body)
        self.texts = statements.text + bodies
        self._index: SearchIndex | None = None

    def statement_at(self, document_id: int, offset: int | None) -> int | None:
        """The statement (0-based) of a document that holds ``offset`` (None: none does)."""
        block = self._blocks.get(document_id)
        if offset is None or block is None:
            return None
        lo, hi = block
        i = bisect_right(self.statements.start, offset, lo, hi) - 1
        return i - lo if i >= lo else None

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
        return Names(sorted(set(filter(None, self.statements.speaker))))

    @cached_property
    def tags(self) -> Names:
        """Every tag of a note (in lower case): what a ``#tag`` filter is matched to."""
        return Names(sorted({t.lower() for notes in self.notes.values() for n in notes
                             for t in n.tags}))

    @cached_property
    def items(self) -> list[Item]:
        """Every item: the statements, then the notes' bodies (made when first asked for)."""
        st = self.statements
        out = list(map(Item, st.doc, st.idx, st.start, st.end, st.kinds, st.speaker, st.score))
        out += [replace(out[base], note_id=note_id) for note_id, base in self._noted]
        return out

    def item(self, i: int) -> Item:
        """Item i (``items[i]``, without making them all)."""
        if i >= self._count:
            note_id, base = self._noted[i - self._count]
            return replace(self.item(base), note_id=note_id)
        st = self.statements
        return Item(st.doc[i], st.idx[i], st.start[i], st.end[i], st.kinds[i], st.speaker[i],
                    st.score[i])

    def statement_text(self, item: Item) -> str:
        position = self.position(item.document_id, item.statement)
        return self.statements.text[position] if position is not None else ""

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.texts)
        return self._index

    def kept(self) -> Items:
        """What ``Library.of`` needs to make another library from this one."""
        return Items(self.statements, self._note_items(), self.index)

    def _note_items(self) -> list[tuple[str, str]]:
        return [(note_id, body) for (note_id, _), body in
                zip(self._noted, self.texts[self._count:])]

    def _index_from(self, previous: Items, related: bool) -> SearchIndex:
        """This library's index, made by changing ``previous``'s: an item both hold (the same
        statement of the same text, the same note with the same body), in the same order, is
        kept; the others are added."""
        st, was = self.statements, previous.statements
        notes = self._note_items()
        if st.text is was.text and st.doc is was.doc and st.idx is was.idx:
            # The same statements (read from the same lists): only the notes may differ.
            if notes == previous.notes:
                return previous.index
            start = len(st)
            keep = [*range(start), *[-1] * len(previous.notes)]
            mine, theirs = notes, previous.notes
        else:
            start = 0
            keep = [-1] * (len(was) + len(previous.notes))
            mine = chain(zip(st.doc, st.idx, st.text), notes)
            theirs = chain(zip(was.doc, was.idx, was.text), previous.notes)
        old = {key: start + i for i, key in enumerate(theirs)}
        added = []
        last = start - 1
        for i, key in enumerate(mine, start):
            j = old.get(key, -1)
            if j > last:
                keep[j] = last = i
            else:
                added.append((i, key[-1]))
        if not added and keep == list(range(len(keep))):
            return previous.index
        return changed(previous.index, keep, added, related)

    def __len__(self) -> int:
        return len(self.texts)

    def position(self, document_id: int, statement: int) -> int | None:
        """The item of a document's statement (0-based), None if the library has none."""
        block = self._blocks.get(document_id)
        if block is None:
            return None
        lo, hi = block
        i = lo + statement
        if not lo <= i < hi or self.statements.idx[i] != statement:
            i = bisect_left(self.statements.idx, statement, lo, hi)
        return i if lo <= i < hi and self.statements.idx[i] == statement else None

    # -- queries ------------------------------------------------------------------------------

    def allowed(self, query: Query, document_id: int | None = None) -> Callable[[int], bool] | None:
        """A predicate over items for the query's filters (None when there is nothing to check)."""
        if not query.filtered and document_id is None:
            return None
        count, noted, notes = self._count, self._noted, self.notes
        st = self.statements
        docs, idx, kinds, speaker = st.doc, st.idx, st.kinds, st.speaker
        # Each filter's value stands for the names it finds (typos and all, see Names.meant).
        speakers = [set(self.speakers.meant(s).names) for s in query.speakers]
        tag_sets = [set(self.tags.meant(t).names) for t in query.tags]
        matched = self.checked

        def ok(i: int) -> bool:
            if i >= count:  # a note: as its statement
                i = noted[i - count][1]
            if document_id is not None and docs[i] != document_id:
                return False
            if query.kinds and not any(k in kinds[i] for k in query.kinds):
                return False
            if speakers and not all(speaker[i] in meant for meant in speakers):
                return False
            if query.checked is not None or query.ratings:
                rated = matched.get((docs[i], idx[i]))
                if query.checked is not None and (rated is not None) != query.checked:
                    return False
                if query.ratings and not (rated and any(
                        r in rating for r in query.ratings for rating in rated)):
                    return False
            if query.tags or query.verdicts:
                here = notes.get((docs[i], idx[i]), ())
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
        for i in range(self._count):
            if allowed is None or allowed(i):
                out.append(self.result(i, 100.0))
                if len(out) >= limit:
                    break
        return out

    def related(self, document_id: int, statement: int, limit: int = 10) -> list[Result]:
        """Statements of any document that say what this one says (never itself)."""
        position = self.position(document_id, statement)
        if position is None:
            return []
        count = self._count

        def statements_only(i: int) -> bool:
            return i < count and i != position

        hits = self.index.related(position, limit=limit, allowed=statements_only)
        return [self.result(h.item, h.score) for h in hits]

    def result(self, i: int, match: float) -> Result:
        it = self.item(i)
        source, title = self.documents[it.document_id]
        base = i if i < self._count else self._noted[i - self._count][1]
        return Result(it, self.texts[i], self.statements.text[base], round(match, 1), source,
                      title)
