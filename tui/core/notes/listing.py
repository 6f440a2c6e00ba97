"""Notes as ``margin notes list`` gives them: every note of the library where the store last
placed it, read lean (100,000 notes in a few tenths of a second), and as JSON written from a
template."""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..text import json_clean, json_safe, json_scalar, scrub
from ..bulk import many_objects
from .model import ORPHAN, REVIEW, LibraryEntry
from .schema import places_from_json, tags_from_json, to_scrub

if TYPE_CHECKING:
    from .place import Placed


class Listed(NamedTuple):
    """A note as a listing shows it: a row of ``margin notes list``, an object of its JSON."""

    id: str
    state: str
    verdict: str
    tags: tuple[str, ...]
    statement: int | None  # 0-based
    quote: str
    body: str
    created: str
    modified: str
    revision: int
    #: For a note in review: the words where it is now, why it is in review, and the other
    #: statements (0-based) with the same words. None, "" and () for any other note.
    now: str | None = None
    review_reason: str = ""
    also: tuple[int, ...] = ()
    #: Who wrote it, where a desk shares the notes ("" for this machine's, not yet shared).
    author: str = ""


def listed(p: Placed, text: str) -> Listed:
    """A placed note as a listing shows it (``text``: its article's)."""
    n = p.note
    out = Listed(n.id, n.state, n.verdict, n.tags, p.statement, n.selector.exact, n.body,
                 n.created, n.modified, n.revision, author=n.author)
    if n.state == REVIEW and p.start is not None:
        out = out._replace(now=text[p.start:p.end], review_reason=n.review_reason, also=p.also)
    return out


class Listing:
    """Mixed into the Store: uses its connection (``conn``), ``library`` and ``texts``."""

    conn: sqlite3.Connection
    library: Callable[[], list[LibraryEntry]]
    texts: Callable[[Sequence[int]], dict[int, tuple[str, str, str]]]

    def library_notes(self) -> list[tuple[LibraryEntry, list[Listed]]]:
        """(library entry, its notes) for every article with notes, most recently opened first;
        its notes in document order (by where they are, then when written; detached ones last).
        Each note is where the store last placed it: no article is read or analysed again (an
        article edited since shows its notes as they were when last opened). Only the texts of
        articles with notes in review are read, for their "now". Read as ``Store.notes`` reads
        a note (its quote, body, tags and reason scrubbed), without the rest of it."""
        with many_objects():
            rows: dict[int, list[tuple]] = {}
            for row in self.conn.execute(f"SELECT {_LISTED} FROM notes WHERE deleted IS NULL"):
                rows.setdefault(row[0], []).append(row)
            entries = [e for e in self.library() if e.id in rows]
            spans = self._statement_spans([e.id for e in entries])
            texts = self.texts([e.id for e in entries if any(r[2] == REVIEW for r in rows[e.id])])
            tags_read: dict[str, tuple[str, ...]] = {}
            return [(e, _listed(rows[e.id], *spans[e.id], texts.get(e.id, ("", "", ""))[2],
                                tags_read)) for e in entries]

    def _statement_spans(self, document_ids: Sequence[int]) -> dict[int, tuple[list, list]]:
        """Where each stored statement of these documents starts and ends, by document."""
        spans: dict[int, tuple[list, list]] = {i: ([], []) for i in document_ids}
        for k in range(0, len(document_ids), 500):
            part = document_ids[k:k + 500]
            for doc, start, end in self.conn.execute(
                    f"SELECT document_id, start, end FROM statements WHERE document_id IN "
                    f"({','.join('?' * len(part))}) ORDER BY document_id, idx", part):
                starts, ends = spans[doc]
                starts.append(start)
                ends.append(end)
        return spans


_LISTED = ("document_id, id, state, verdict, tags, exact, body, created, modified, revision, "
           "start, end, review_start, review_end, review_reason, review_candidates, author")


def _listed(rows: Iterable[tuple], starts: list[int], ends: list[int], text: str,
            tags_read: dict[str, tuple[str, ...]]) -> list[Listed]:
    """An article's rows (``_LISTED``) as listed, on its statements (which start at ``starts``
    and end at ``ends``), in document order."""

    def statement_at(offset: int | None) -> int | None:
        i = -1 if offset is None else bisect_right(starts, offset) - 1
        return i if i >= 0 and ends[i] > offset else None

    keyed = []
    for (_, nid, state, verdict, tags, exact, body, created, modified, revision, start, end,
         review_start, review_end, reason, candidates, author) in rows:
        reason = reason or ""
        # (as schema.note_from_row: a database written by anything else is not trusted)
        if to_scrub(exact, body, reason, author or ""):
            exact, body, reason, author = scrub(exact), scrub(body), scrub(reason), scrub(author or "")
        tags = tags_from_json(tags, tags_read)
        if state == ORPHAN:
            start = None
            note = Listed(nid, state, verdict, tags, None, exact, body, created,
                          modified, revision, author=author or "")
        elif state == REVIEW:
            start, i = review_start, statement_at(review_start)
            note = Listed(nid, state, verdict, tags, i, exact, body, created,
                          modified, revision, author=author or "")
            if start is not None:
                also = {statement_at(s) for s, _ in places_from_json(candidates)} - {None, i}
                note = note._replace(now=text[start:review_end], review_reason=reason,
                                     also=tuple(sorted(also)))  # type: ignore[type-var]
        else:
            note = Listed(nid, state, verdict, tags, statement_at(start), exact, body,
                          created, modified, revision, author=author or "")
        keyed.append(((start is None, start if start is not None else 0, created, nid), note))
    keyed.sort(key=_first)
    return [note for _, note in keyed]


def _first(pair: tuple) -> object:
    return pair[0]


def histories(conn: sqlite3.Connection) -> dict[str, list[dict]]:
    """Each note's history on a desk, by note id ({} where no desk shares the notes): who made
    each revision, its verdict, whether it deleted the note, and when."""
    out: dict[str, list[dict]] = {}
    for nid, revision, author, verdict, deleted, modified in conn.execute(
            "SELECT note_id, revision, author, verdict, deleted, modified FROM desk_history "
            "ORDER BY note_id, revision"):
        out.setdefault(nid, []).append({"revision": revision, "author": scrub(author),
                                        "verdict": verdict, "deleted": bool(deleted),
                                        "modified": modified})
    return out


def json_rows(groups: Iterable[tuple[dict, Iterable[Listed]]],
              history: dict[str, list[dict]] | None = None) -> Iterator[str]:
    """``json_text([{**fields, **row} for fields, notes in groups for each note's row])`` in
    pieces of a thousand rows, where a note's row is its fields (``Listed``'s, "statement"
    1-based, "also_at" for "also", "now", "review_reason" and "also_at" for a note in review
    only): the same text, each row written from a template (json lays indented JSON out in
    Python, a value at a time). ``fields``: what each row of the group begins with (its
    article, say); ``history``: a note's history on a desk (``histories``), its "history"."""
    history = history or {}
    batch: list[str] = []
    first = True
    few: dict = {}  # states, verdicts and tags as JSON: few values, each on many notes
    for fields, notes in groups:
        head = json_safe("".join(f"\n    {json_scalar(k)}: {json_scalar(v)},"
                                 for k, v in fields.items()))
        for note in notes:
            batch.append(_row(note, head, few, history.get(note.id)))
            if len(batch) == 1000:
                yield ("[\n" if first else ",\n") + ",\n".join(batch)
                batch, first = [], False
    if batch:
        yield ("[\n" if first else ",\n") + ",\n".join(batch)
    yield "[]" if first and not batch else "\n]"


_NEXT_ITEM = ",\n      "


def _list(values: Sequence) -> str:
    """A list of scalars as a row's field, laid out as json.dumps(indent=2) does."""
    return ("[\n      " + _NEXT_ITEM.join(map(json_scalar, values)) + "\n    ]") if values else "[]"


def _row(n: Listed, head: str, few: dict, history: list[dict] | None = None) -> str:
    """A note's row after ``head``, as ``json_rows`` lays it out, ``json_safe`` (``few``:
    values written already, by value)."""
    for value in (n.state, n.verdict, n.tags):
        if value not in few:
            few[value] = _list(value) if type(value) is tuple else json_scalar(value)
    review = ""
    if n.now is not None:
        review = (f',\n    "now": {json_scalar(n.now)},\n'
                  f'    "review_reason": {json_scalar(n.review_reason)},\n'
                  f'    "also_at": {_list([i + 1 for i in n.also])}')
    text = (f'  {{{head}\n'
            f'    "id": {json_scalar(n.id)},\n'
            f'    "state": {few[n.state]},\n'
            f'    "verdict": {few[n.verdict]},\n'
            f'    "tags": {few[n.tags]},\n'
            f'    "statement": {"null" if n.statement is None else n.statement + 1},\n'
            f'    "quote": {json_scalar(n.quote)},\n'
            f'    "body": {json_scalar(n.body)},\n'
            f'    "created": {json_scalar(n.created)},\n'
            f'    "modified": {json_scalar(n.modified)},\n'
            f'    "revision": {json_scalar(n.revision)},\n'
            f'    "author": {json_scalar(n.author)}{review}{_history(history)}\n'
            '  }')
    # What json_safe would change can only be in the values (the layout is ASCII): looking
    # there is looking at half as much text.
    values = (f"{n.id}{n.state}{n.verdict}{n.quote}{n.body}{n.created}{n.modified}{n.revision}{n.author}"
              f"{n.now or ''}{n.review_reason}{''.join(map(str, n.tags))}")
    return text if json_clean(values) and not history else json_safe(text)


def _history(history: list[dict] | None) -> str:
    """A note's "history" member, laid out as json_text lays it out in a row ("" for none)."""
    if not history:
        return ""
    import json

    laid = json.dumps(history, ensure_ascii=False, indent=2).replace("\n", "\n    ")
    return f',\n    "history": {laid}'
