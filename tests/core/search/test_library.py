"""The library: documents remembered with their statements, searched and related together."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import SAMPLE
from tui.core.analysis.article import analyse
from tui.core.document.parse import parse
from tui.core.notes.model import VERDICTS
from tui.core.notes.reanchor import open_document
from tui.core.notes.schema import DB_NAME
from tui.core.notes.selector import describe
from tui.core.notes.store import Store
from tui.core.search.library import parse_query
from tui.core.session import Session


def Library(store, document_ids=None, include_notes=True):  # noqa: N802 - reads as the class
    return Session(store).library(document_ids, include_notes)

OTHER = ("Ukraine may now strike deep inside Russia with American long-range missiles, officials "
         "said on Tuesday. Vladimir Putin warned that such strikes would mean Russia is at war "
         "with NATO. The weather in Kyiv was mild. Analysts expect prices to rise 3.5 percent.")


def remember(store: Store, text: str, source: str, fmt: str = "text"):
    art = analyse(parse(text, fmt, source=source, name=source.rsplit("/", 1)[-1]))
    record, _ = open_document(store, source, art.document.title, art.document.text)
    store.save_analysis(record.id, art.document.text, art.statements, art.claims)
    return record, art


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "data", backup=False) as s:
        yield s


def test_parse_query_filters():
    q = parse_query('missiles @putin #escalation kind:quote verdict:false kind:nonsense @', VERDICTS)
    assert q.text == "missiles"
    assert q.speakers == ("putin",) and q.tags == ("escalation",)
    assert q.kinds == ("quote",) and q.verdicts == ("false",)
    assert q.problems == ("no kind 'nonsense': quote, attribution, statistic, hedge, assertion",)
    assert parse_query('@"Jake Sullivan" geography', VERDICTS).speakers == ("jake sullivan",)


def test_statements_are_kept_and_replaced_when_the_text_changes(store):
    record, art = remember(store, SAMPLE.read_text(encoding="utf-8"), "/a/sample.txt")
    assert len(store.statements([record.id])) == len(art.statements) == 19
    assert not store.save_analysis(record.id, art.document.text, art.statements, art.claims)
    record, art = remember(store, "One new sentence. Another one, officials said.", "/a/sample.txt")
    kept = store.statements([record.id])
    assert [s.index for s in kept] == [0, 1] and kept[1].speaker == "officials"
    (entry,) = store.library()
    assert entry.statements == 2 and entry.title


def test_search_across_documents_with_typos_and_filters(store):
    sample, _ = remember(store, SAMPLE.read_text(encoding="utf-8"), "/a/sample.txt")
    other, _ = remember(store, OTHER, "/b/other.txt")
    lib = Library(store)
    top = lib.search("Jake Sulivan", limit=5)
    assert top and top[0].item.document_id == sample.id
    assert "Jake Sullivan" in top[0].statement_text
    hits = lib.search("long-range missles", limit=10)
    assert {h.item.document_id for h in hits} == {sample.id, other.id}
    only_here = lib.search("long-range missiles", document_id=other.id)
    assert only_here and all(h.item.document_id == other.id for h in only_here)
    quotes = lib.search("kind:quote")
    assert quotes and all("quote" in h.item.kinds for h in quotes)
    putin = lib.search("@putin")
    assert putin and all("Putin" in (h.item.speaker or "") for h in putin)


def test_notes_are_searchable_and_tag_and_verdict_filters(store):
    sample, art = remember(store, SAMPLE.read_text(encoding="utf-8"), "/a/sample.txt")
    st = art.statements[6]
    store.add_note(sample.id, describe(art.document.text, st.start, st.end),
                   body="Compare with the Kremlin transcript", tags=["escalation"], verdict="false",
                   statement=6)
    lib = Library(store)
    hits = lib.search("kremlin transcript")
    assert hits[0].item.note_id is not None and hits[0].item.statement == 6
    assert [h.item.statement for h in lib.search("#escalation")] == [6]
    assert [h.item.statement for h in lib.search("verdict:false")] == [6]
    assert lib.search("verdict:supported") == []


def test_related_finds_the_restatement_and_never_itself(store):
    sample, art = remember(store, SAMPLE.read_text(encoding="utf-8"), "/a/sample.txt")
    other, _ = remember(store, OTHER, "/b/other.txt")
    lib = Library(store, include_notes=False)
    related = lib.related(sample.id, 1)  # "Recent discussions indicate a potential shift ..."
    assert related and all((r.item.document_id, r.item.statement) != (sample.id, 1) for r in related)
    top = [(r.item.document_id, r.item.statement) for r in related[:3]]
    assert (sample.id, 4) in top  # "The White House is finalizing plans ... long-range missiles"
    putin = lib.related(sample.id, 2)  # Putin warns of escalation and confrontation with NATO
    assert (sample.id, 6) in [(r.item.document_id, r.item.statement) for r in putin[:3]]
    assert any(r.item.document_id == other.id for r in putin[:5])


def test_a_document_whose_file_is_gone_stays_searchable(store, tmp_path):
    path = tmp_path / "gone.txt"
    path.write_text(OTHER, encoding="utf-8")
    remember(store, OTHER, str(path))
    path.unlink()
    lib = Library(store)
    assert lib.search("weather in Kyiv")[0].source == str(path)


def test_version_1_databases_migrate_and_keep_their_notes(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME)
    from tui.core.notes.schema import MIGRATIONS

    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO documents (source, title, hash, text, created, opened) "
                 "VALUES ('/x.txt', 'X', 'h', 'Some text.', 't', 't')")
    conn.execute("INSERT INTO notes (id, document_id, exact, prefix, suffix, start, end, created, "
                 "modified) VALUES ('n1', 1, 'Some text.', '', '', 0, 10, 't', 't')")
    conn.commit()
    conn.close()
    with Store.open(folder, backup=False) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] >= 2
        assert s.note("n1").selector.exact == "Some text."
        assert s.library()[0].notes == 1
