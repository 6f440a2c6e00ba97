"""Notes many at once: every note of the library as ``margin notes list`` lists it, notes as JSON
rows and as a W3C collection written from templates, and notes read in bulk — each the same as
the plain way of getting it."""

from __future__ import annotations

import gc
import json
import sqlite3

import pytest

from tui.core.notes import w3c
from tui.core.bulk import many_objects
from tui.core.notes.corrections import Correction
from tui.core.notes.listing import Listed, json_rows, listed
from tui.core.notes.model import DocumentRecord, Evidence, Note, text_hash
from tui.core.notes.schema import (DB_NAME, NOTE_COLUMNS, clean_selector, note_from_row,
                                   notes_from_rows, places_from_json)
from tui.core.notes.selector import Selector, describe
from tui.core.notes.store import Store
from tui.core.session import Session
from tui.core.text import json_text, scrub

FIRST = ("Ana Ruiz said the bridge cost $40 million. Tom Becker denied it on Monday.\n\n"
         "“We expect prices to rise by 4 percent,” the ministry said. Residents asked why.\n")
SECOND = ("The council said the budget fell in 2011. Officials told reporters it did not.\n\n"
          "Jake Sullivan warned that the vote was delayed. Analysts said exports rose.\n")
ESC = "\x1b]0;owned\x07"


def _library(tmp_path):
    """Two articles in a library, with notes of every kind: several on one statement, with
    tags, in review (with another place its words are), detached."""
    session = Session(Store.open(tmp_path / "data", backup=False))
    opened = []
    for name, text in (("first.txt", FIRST), ("second.txt", SECOND)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        _, article, registered = session.open(str(path))
        opened.append((article, registered.record))
    (first, first_record), (second, second_record) = opened
    store = session.store
    for k in (2, 0, 2, 1):
        session.add_note(first_record, first, k, body=f"note on {k}", tags=("b", "a") if k else ())
    st, other = second.statements[1], second.statements[3]
    store.add_note(second_record.id, describe(second.document.text, st.start, st.end),
                   body="reworded", verdict="false",
                   review=("review", st.start, st.end - 3, "the sentence was edited",
                           ((other.start, other.end),)))
    store.add_note(second_record.id, Selector("a sentence since removed", "", "", 3, 27),
                   body="gone", review=("orphan", None, None, "the sentence is gone", ()))
    session.add_note(second_record, second, 0, body="**first**\n\n- with a list")
    return session, opened


def test_every_note_is_listed_as_its_article_places_it(tmp_path):
    session, opened = _library(tmp_path)
    listing = session.store.library_notes()
    # Most recently opened first; each article's notes as the article itself places them.
    assert [entry.id for entry, _ in listing] == [opened[1][1].id, opened[0][1].id]
    for (entry, notes), (article, record) in zip(listing, reversed(opened)):
        text = article.document.text
        assert notes == [listed(p, text) for p in session.placed(article, record)]
    second = listing[0][1]
    assert [n.state for n in second] == ["anchored", "review", "orphan"]
    review = second[1]
    assert (review.statement, review.also) == (1, (3,))
    st = opened[1][0].statements[1]
    assert review.now == opened[1][0].document.text[st.start:st.end - 3]
    assert review.review_reason == "the sentence was edited"
    assert second[2].statement is None and second[2].now is None
    first = listing[1][1]
    assert [n.statement for n in first] == [0, 1, 2, 2]
    assert [n.body for n in first][2:] == ["note on 2", "note on 2"]
    assert first[0].tags == () and first[1].tags == ("b", "a")


def test_an_article_without_notes_is_not_listed(tmp_path):
    session = Session(Store.open(tmp_path / "data", backup=False))
    path = tmp_path / "a.txt"
    path.write_text(FIRST, encoding="utf-8")
    session.open(str(path))
    assert session.store.library_notes() == []


def test_notes_written_by_another_program_are_listed_as_the_store_reads_them(tmp_path):
    session, _ = _library(tmp_path)
    conn = sqlite3.connect(tmp_path / "data" / DB_NAME)
    conn.execute("UPDATE notes SET body = body || ?, exact = exact || ?, review_reason = ?, "
                 "tags = ?", (ESC, "\x9b31m", f"edited{ESC}", json.dumps([f"x{ESC}y", "\u202e"])))
    conn.commit()
    conn.close()
    store = session.store
    listing = [n for _, notes in store.library_notes() for n in notes]
    assert len(listing) == 7
    for n in listing:
        note = store.note(n.id)
        assert (n.quote, n.body, n.tags) == (note.selector.exact, note.body, note.tags)
        assert ESC not in n.body and n.tags == ("xy", "")
        assert n.review_reason in ("", "edited")


def _row(n: Listed) -> dict:
    """A note as a row of ``margin notes list --json``: what json_rows writes, spelt out."""
    row = {"id": n.id, "state": n.state, "verdict": n.verdict, "tags": list(n.tags),
           "statement": None if n.statement is None else n.statement + 1, "quote": n.quote,
           "body": n.body, "created": n.created, "modified": n.modified,
           "revision": n.revision, "author": n.author}
    if n.now is not None:
        row.update(now=n.now, review_reason=n.review_reason, also_at=[i + 1 for i in n.also])
    return row


ODD = [
    Listed("1f0e", "anchored", "false", ("a", "b\u0085"), 0, "“Quoted”, he said.", "",
           "2024-01-01", "2024-01-02", 3),
    Listed("id\u202e", "review", "unverified", (), 4, 'say "no" \\ not', "line\nnext\ttab",
           "c", "m", 1, "the words now\x7f", "edited", (0, 7)),
    Listed("x", "review", "supported", (), None, "q", "\x9b body \ud800", "c", "m", 2,
           "", "", ()),
    Listed("orphan", "orphan", "needs-context", ("#",), None, "q", "b", "c", "m", 12),
]


def test_json_rows_are_the_json_text_of_the_rows():
    groups = [({"article_id": 7, "title": "A “title”", "source": "/tmp/na\udcefme.txt"}, ODD),
              ({}, ODD[:1]), ({"article_id": 8}, [])]
    expected = [{**fields, **_row(n)} for fields, notes in groups for n in notes]
    assert "".join(json_rows(groups)) == json_text(expected)
    # A desk's history of a note, where there is one.
    history = {"1f0e": [{"revision": 1, "author": "Ana \u202eRuiz", "verdict": "supported",
                         "deleted": False, "modified": "2026-12-01T10:00:00Z"},
                        {"revision": 2, "author": "Ben", "verdict": "false",
                         "deleted": False, "modified": "2026-12-01T11:00:00Z"}]}
    expected = [{**fields, **_row(n), **({"history": history[n.id]} if n.id in history else {})}
                for fields, notes in groups for n in notes]
    assert "".join(json_rows(groups, history)) == json_text(expected)
    assert json.loads("".join(json_rows(groups)))[1]["also_at"] == [1, 8]


def test_json_rows_of_no_notes_and_of_thousands():
    assert "".join(json_rows([])) == json_text([]) == "[]"
    assert "".join(json_rows([({"a": 1}, [])])) == "[]"
    many = [ODD[k % 4]._replace(id=str(k)) for k in range(2345)]
    chunks = list(json_rows([({"article_id": 1}, many)]))
    assert len(chunks) > 3  # written as it is made
    assert "".join(chunks) == json_text([{"article_id": 1, **_row(n)} for n in many])


def _note(nid, body="", tags=(), verdict="unverified", selector=None,
          created="2024-05-01T10:00:00.000Z", deleted=None) -> Note:
    selector = selector or Selector("The bridge cost $40 million.", "Ana Ruiz said ", " Tom",
                                    14, 42)
    return Note(nid, 1, selector, 0, body, tags, verdict, "anchored", created,
                "2024-05-02T10:00:00.000Z", 1, deleted)


@pytest.mark.parametrize("source", ["/home/ana/news/bridge.txt", "/home/ana/Stra\udcdfe.txt",
                                    "https://example.org/a?b=1#c", "stdin:sha256:0123456789abcdef"])
def test_a_w3c_collection_is_written_as_json_writes_it(source):
    record = DocumentRecord(1, source, "T", "h", "", "c", "o")
    notes = [
        _note("6b1f1a8e-1f00-4c5e-9d43-6f7b1c3e9a10", body="A **real** note\n\nwith lines",
              tags=("budget", "check-later"), verdict="false"),
        _note("plain"),
        _note("no-position", selector=Selector("The bridge cost", "", "")),
        _note("odd\u202e\x85", body="bidi \u2066 and C1 \x9b and half \ud800", tags=("t\x7f",),
              created="2024\u2028"),
        _note("deleted", body="not exported", deleted="2024-06-01T00:00:00.000Z"),
        _note("quotes", body='say "no" \\ { } [ ] "items": []', tags=("unverified",),
              verdict="unverified"),
    ]
    fixes = [Correction("c0ffee00-0000-4000-8000-000000000000", 1, notes[0].selector, 0, "Ana",
                        ("quote",), "anchored", "c", "m"),
             Correction("c0ffee00-0000-4000-8000-000000000001", 1, notes[2].selector, 1, None,
                        (), "anchored", "c", "m")]
    title = 'Notes "items": [] \u202e'
    for ns, cs in ((notes, fixes), (notes, ()), ((), fixes), ((), ())):
        assert (w3c.collection_text(record, ns, title, cs)
                == w3c.to_json_text(w3c.to_w3c(record, ns, title, cs)))


def _slowly(row) -> Note:
    """A note read from a row as the store read one before it read them many at once."""
    (nid, doc, exact, prefix, suffix, start, end, statement, body, tags, verdict, state, created,
     modified, revision, deleted, rstart, rend, rreason, thash, candidates, evidence, author,
     conflict_of) = row
    return Note(nid, doc, clean_selector(Selector(exact, prefix, suffix, start, end)), statement,
                scrub(body), tuple(scrub(str(t)) for t in json.loads(tags)), verdict, state,
                created, modified, revision, deleted, rstart, rend, scrub(rreason or ""),
                thash or "", places_from_json(candidates),
                tuple(Evidence.from_json(e) for e in json.loads(evidence)) if evidence else (),
                scrub(author or ""), conflict_of or "")


def test_notes_read_many_at_once_are_the_notes_read_one_by_one(tmp_path):
    _library(tmp_path)
    conn = sqlite3.connect(tmp_path / "data" / DB_NAME)
    rows = conn.execute(f"SELECT {NOTE_COLUMNS} FROM notes ORDER BY id").fetchall()
    conn.close()
    fields = {2: "exact", 3: "prefix", 4: "suffix", 8: "body", 18: "review_reason", 22: "author"}
    odd = []
    for k, (column, name) in enumerate(fields.items()):  # escape codes in one field at a time
        row = list(rows[k % len(rows)])
        row[column] = f"{row[column] or ''}{ESC}\u202e"
        row[9] = json.dumps([f"tag{ESC}{k}", "same"])
        odd.append(tuple(row))
    rows = [*rows, *odd, *odd]
    assert notes_from_rows(rows) == [_slowly(r) for r in rows] == [note_from_row(r) for r in rows]
    assert all(ESC not in n.body + n.selector.prefix + n.review_reason
               for n in notes_from_rows(rows))


def test_a_bad_row_is_refused_as_before():
    row = ("id", 1, "quote", "", "", 5, 2, None, "body", "[]", "unverified", "anchored", "c", "m",
           1, None, None, None, "", "", "", "", "", "")
    with pytest.raises(ValueError):  # start after end: no selector
        notes_from_rows([row])
    with pytest.raises(TypeError):  # a body that is not text
        notes_from_rows([(*row[:5], 1, 2, None, b"body", *row[9:])])


def test_many_objects_pauses_the_collector_and_gives_it_back():
    assert gc.isenabled()
    with many_objects():
        assert not gc.isenabled()
        with many_objects():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), many_objects():
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:  # paused by someone else: left to them
        with many_objects():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_notes_written_on_a_text_are_placed_on_its_statements_with_their_claims(tmp_path):
    session, opened = _library(tmp_path)
    article, record = opened[0]
    placed = session.placed(article, record)
    assert [p.statement for p in placed] == [0, 1, 2, 2]
    for p in placed:
        assert p.claim == article.claims[p.statement]
        assert p.paragraph == article.statements[p.statement].block
        assert article.document.text[p.start:p.end] == p.note.selector.exact
    assert text_hash(article.document.text) == record.hash
