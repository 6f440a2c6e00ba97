"""One text is one article, whatever it was opened from: a file, a copy, standard input, the
bundled sample; a file edited in place stays its article; a store of an earlier version that
kept one text twice opens with the two joined and every note kept."""

from __future__ import annotations

import io
import shutil
import sqlite3

import pytest

from tests.conftest import SAMPLE, load_document
from tui.core.notes.model import Draft, text_hash
from tui.core.notes.schema import DB_NAME, MIGRATIONS, SCHEMA_VERSION
from tui.core.notes.selector import describe
from tui.core.notes.store import Store, StoreError
from tui.core.session import Session

RAW = SAMPLE.read_text(encoding="utf-8")
TEXT = load_document(str(SAMPLE)).text  # as the library keeps it
OTHER = ("Ukraine may now strike deep inside Russia with American long-range missiles, officials "
         "said on Tuesday. Vladimir Putin warned that such strikes would mean Russia is at war "
         "with NATO. The weather in Kyiv was mild.")


@pytest.fixture
def session(tmp_path):
    with Session(Store.open(tmp_path / "data", backup=False)) as s:
        yield s


def opened(session: Session, source: str, data: bytes | None = None):
    """(article, record) of ``source`` as every front end opens it (``-``: ``data`` on stdin)."""
    _, article, registered = session.open(source, io.BytesIO(data) if data is not None else None)
    return article, registered.record


def test_a_copy_stdin_and_the_sample_are_one_article_with_the_same_notes(session, tmp_path):
    first = tmp_path / "first.txt"
    shutil.copy(SAMPLE, first)
    article, record = opened(session, str(first))
    note = session.add_note(record, article, 4, body="check the White House plans").note
    copy = tmp_path / "elsewhere" / "copy.txt"
    copy.parent.mkdir()
    shutil.copy(SAMPLE, copy)
    for source, data in ((str(copy), None), ("-", SAMPLE.read_bytes()), (str(SAMPLE), None)):
        _, again = opened(session, source, data)
        assert again.id == record.id, source
        assert again.source == str(first) and again.title == record.title  # the first name
        assert [n.id for n in session.notes(again)] == [note.id]
    (entry,) = session.library_entries()
    assert (entry.id, entry.source, entry.notes) == (record.id, str(first), 1)
    # Every place it was opened from names it: the library's copy opens from any of them.
    for source in (str(copy), f"stdin:sha256:{text_hash(TEXT)[:16]}", str(SAMPLE)):
        assert session.store.find_document(source).id == record.id


def test_standard_input_first_then_a_file_shows_the_file(session, tmp_path):
    _, piped = opened(session, "-", RAW.encode())
    assert piped.source.startswith("stdin:")
    path = tmp_path / "article.txt"
    path.write_text(RAW, encoding="utf-8")
    _, record = opened(session, str(path))
    assert record.id == piped.id and record.source == str(path)  # a name that opens again
    assert session.store.find_document(piped.source).id == record.id


def test_a_file_edited_in_place_stays_its_article_and_its_notes_follow(session, tmp_path):
    first, copy = tmp_path / "first.txt", tmp_path / "copy.txt"
    shutil.copy(SAMPLE, first)
    shutil.copy(SAMPLE, copy)
    article, record = opened(session, str(first))
    opened(session, str(copy))
    quote = article.document.text[article.statements[4].start:article.statements[4].end]
    note = session.add_note(record, article, 4, body="on the plans").note
    # The copy is edited (a paragraph added at the top): it is still the same article.
    copy.write_text("An editor's note added at the top.\n\n" + RAW, encoding="utf-8")
    _, outcome, registered = session.open(str(copy))
    assert registered.record.id == record.id and registered.reanchored.anchored == 1
    moved = session.store.note(note.id)
    assert moved.state == "anchored" and outcome.document.text[moved.start:moved.end] == quote
    (entry,) = session.library_entries()
    assert entry.notes == 1


def test_a_text_edited_into_another_articles_text_joins_it_keeping_every_note(session, tmp_path):
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text(OTHER, encoding="utf-8")
    two.write_text(RAW, encoding="utf-8")
    a1, r1 = opened(session, str(one))
    a2, r2 = opened(session, str(two))
    assert r1.id != r2.id
    n1 = session.add_note(r1, a1, 0, body="on one").note
    n2 = session.add_note(r2, a2, 4, body="on two").note
    session.keep_draft(r2, session.draft_place(a2, 3), "", 3, "quote", "half written", (), "false")
    one.write_text(RAW, encoding="utf-8")  # now the very text of two.txt
    _, _, registered = session.open(str(one))
    assert registered.record.id == r1.id
    (entry,) = session.library_entries()
    assert entry.id == r1.id and entry.notes == 2
    notes = {n.id: n for n in session.notes(registered.record)}
    assert set(notes) == {n1.id, n2.id}
    assert notes[n2.id].state == "anchored" and notes[n1.id].state == "orphan"  # kept, said
    assert [d.body for d in session.drafts(registered.record)] == ["half written"]
    assert session.store.find_document(str(two)).id == r1.id
    # A reader still holding the joined document reads again, and a note it saves is kept.
    assert session.document_changed(r2)
    saved = session.add_note(r2, a2, 2, body="written on the joined one")
    assert saved.record.id == r1.id and saved.note.body == "written on the joined one"
    with pytest.raises(StoreError, match="joined"):
        session.store.save_draft(Draft(r2.id, "p", "", 1, "q", "b", (), "false", "t"))


def test_related_never_lists_the_statement_itself_nor_a_hit_twice(session, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(SAMPLE, copy)
    _, record = opened(session, str(SAMPLE))
    opened(session, str(copy))
    opened(session, "-", SAMPLE.read_bytes())
    path = tmp_path / "other.txt"
    path.write_text(OTHER, encoding="utf-8")
    opened(session, str(path))
    library = session.library(include_notes=False)
    for statement in range(19):
        hits = [(r.item.document_id, r.item.statement) for r in library.related(record.id, statement,
                                                                                 limit=50)]
        assert (record.id, statement) not in hits
        assert len(hits) == len(set(hits))
        mine = library.statement_text(library.items[library.position(record.id, statement)])
        assert all(r.statement_text != mine for r in library.related(record.id, statement))
    hits = library.search("long-range missiles", limit=50)
    assert {r.item.document_id for r in hits} == {record.id, session.store.find_document(
        str(path)).id}
    assert len({(r.item.document_id, r.item.statement) for r in hits}) == len(hits)


def _old_store(folder, rows):
    """A database as Margin with schema 5 left it, with ``rows`` of documents (id, source,
    hash, text) written directly, as the old code did for one text opened from two places."""
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME)
    for migration in MIGRATIONS[:5]:
        for statement in migration.split(";"):
            if statement.strip():
                conn.execute(statement)
    conn.execute("PRAGMA user_version = 5")
    for i, source, text, created in rows:
        conn.execute("INSERT INTO documents (id, source, title, hash, text, created, opened, "
                     "analysed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (i, source, f"title {i}", text_hash(text), text, created, created,
                      text_hash(text) if i == 2 else ""))
    return conn


def _note(conn, nid, doc, text, words, deleted=None):
    start = text.index(words)
    sel = describe(text, start, start + len(words))
    conn.execute("INSERT INTO notes (id, document_id, exact, prefix, suffix, start, end, body, "
                 "created, modified, text_hash, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 't', 't', "
                 "?, ?)", (nid, doc, sel.exact, sel.prefix, sel.suffix, sel.start, sel.end,
                           f"body {nid}", text_hash(text), deleted))


def test_an_older_store_holding_one_text_twice_opens_with_them_joined(tmp_path):
    folder = tmp_path / "data"
    first = tmp_path / "first.txt"
    first.write_text(RAW, encoding="utf-8")
    conn = _old_store(folder, [(1, str(first), TEXT, "2024-01-01T00:00:00.000Z"),
                               (2, "stdin:sha256:" + text_hash(TEXT)[:16], TEXT,
                                "2024-02-01T00:00:00.000Z"),
                               (3, "/gone/other.txt", OTHER, "2024-03-01T00:00:00.000Z")])
    _note(conn, "a", 1, TEXT, "The White House")
    _note(conn, "b", 2, TEXT, "Vladimir Putin")
    _note(conn, "c", 2, TEXT, "Jake Sullivan", deleted="t")  # deleted: kept, restorable
    _note(conn, "d", 3, OTHER, "The weather in Kyiv was mild.")
    # Only the second was analysed (its first statement, "As the conflict"): that is kept.
    conn.execute("INSERT INTO statements (document_id, idx, start, end) VALUES (2, 0, 0, 15)")
    for doc, place, updated in ((1, "p", "2024-01-02"), (2, "p", "2024-02-02"), (2, "q", "x")):
        conn.execute("INSERT INTO drafts (document_id, place, quote, body, updated) "
                     "VALUES (?, ?, 'quote', ?, ?)", (doc, place, f"draft {doc}{place}", updated))
    conn.commit()
    conn.close()
    with Store.open(folder, backup=False) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        entries = store.library()
        assert sorted((e.id, e.notes) for e in entries) == [(1, 2), (3, 1)]
        assert {n.id for n in store.notes(1, include_deleted=True)} == {"a", "b", "c"}
        assert store.document(1).source == str(first) and store.document(1).title == "title 1"
        assert store.document(1).created.startswith("2024-01-01")
        assert [s.document_id for s in store.statements()] == [1]  # the analysis kept
        assert sorted(d.body for d in store.drafts(1)) == ["draft 2p", "draft 2q"]  # the newer
        assert store.find_document("stdin:sha256:" + text_hash(TEXT)[:16]).id == 1
    with Session(Store.open(folder, backup=False)) as session:  # and it opens as one article
        _, record = opened(session, "-", RAW.encode())
        assert record.id == 1 and len(session.notes(record)) == 2
        hits = session.library().search("the conflict", limit=50)
        assert len({(r.item.document_id, r.item.statement) for r in hits}) == len(hits)
        assert {r.item.document_id for r in hits} == {1}


def test_an_older_store_whose_first_name_is_gone_shows_the_one_still_there(tmp_path):
    folder = tmp_path / "data"
    there = tmp_path / "there.txt"
    there.write_text(RAW, encoding="utf-8")
    conn = _old_store(folder, [(1, str(tmp_path / "gone.txt"), TEXT, "2024-01-01"),
                               (2, str(there), TEXT, "2024-02-01")])
    conn.commit()
    conn.close()
    with Store.open(folder, backup=False) as store:
        (entry,) = store.library()
        assert (entry.id, entry.source, entry.title) == (1, str(there), "title 2")
        # The gone file's name no longer names it: another text saved there is another article.
        assert store.find_document(str(tmp_path / "gone.txt")) is None


def test_a_moved_files_old_name_does_not_catch_another_text(session, tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(RAW, encoding="utf-8")
    article, record = opened(session, str(old))
    session.add_note(record, article, 1, body="kept")
    old.rename(new)
    _, moved = opened(session, str(new))
    assert moved.id == record.id and moved.source == str(new)
    old.write_text(OTHER, encoding="utf-8")  # another article saved under the old name
    _, other, registered = session.open(str(old))
    assert registered.record.id != record.id and registered.reanchored is None
    assert [n.body for n in session.notes(moved)] == ["kept"]
    assert session.store.note(session.notes(moved)[0].id).state == "anchored"
