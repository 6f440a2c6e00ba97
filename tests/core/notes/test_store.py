"""The notes store: every change committed, conflicts refused, bad databases set aside, backups."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from tests.conftest import ROOT
from tui.core.notes.model import normalise_tags
from tui.core.notes.reanchor import open_document
from tui.core.notes.schema import DB_NAME, SCHEMA_VERSION
from tui.core.notes.selector import describe
from tui.core.notes.store import ConflictError, Store, StoreError

TEXT = ("The mayor said the bridge was safe. Repairs will cost $48 million, the report said. "
        "Robin Hale, an engineer, disagreed. The council meets on Monday.")


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "data") as s:
        yield s


def test_open_sets_durable_pragmas_and_schema(store):
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_data_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MARGIN_DATA_DIR", str(tmp_path / "elsewhere"))
    with Store.open() as s:
        assert s.path == tmp_path / "elsewhere" / DB_NAME
    assert (tmp_path / "elsewhere" / DB_NAME).exists()


def test_add_read_update_delete_restore(store):
    doc, _ = open_document(store, "/a.txt", "A", TEXT)
    sel = describe(TEXT, *span(TEXT, "Repairs will cost $48 million, the report said."))
    note = store.add_note(doc.id, sel, body="Check **the report**.", tags=["#cost", "cost", "big money"],
                          verdict="false", statement=1)
    assert note.tags == ("cost", "big-money")
    assert note.state == "anchored" and note.revision == 1 and note.created.endswith("Z")
    assert store.find_note(note.id[:6]).id == note.id
    edited = store.update_note(note, body="Checked.", verdict="supported")
    assert edited.body == "Checked." and edited.verdict == "supported" and edited.revision == 2
    with pytest.raises(ConflictError):
        store.update_note(note, body="stale copy")  # read at revision 1: refused, not overwritten
    assert store.note(note.id).body == "Checked."
    store.delete_note(note.id)
    assert store.notes(doc.id) == []
    assert store.notes(doc.id, include_deleted=True)[0].deleted
    store.restore_note(note.id)
    assert [n.id for n in store.notes(doc.id)] == [note.id]


def test_bad_verdict_is_refused(store):
    doc, _ = open_document(store, "/a.txt", "A", TEXT)
    with pytest.raises(StoreError, match="unknown verdict"):
        store.add_note(doc.id, describe(TEXT, 0, 5), verdict="maybe")


def test_normalise_tags():
    assert normalise_tags(["#a", "a", " b c ", "", "#"]) == ("a", "b-c")


def test_changed_text_reanchors_every_note(store):
    doc, _ = open_document(store, "/a.txt", "A", TEXT)
    keep = store.add_note(doc.id, describe(TEXT, *span(TEXT, "The council meets on Monday.")))
    edit = store.add_note(doc.id, describe(TEXT, *span(TEXT, "Robin Hale, an engineer, disagreed.")))
    gone = store.add_note(doc.id, describe(TEXT, *span(TEXT, "The mayor said the bridge was safe.")))
    new = ("Repairs will cost $48 million, the report said. Elisa Hale, an engineer, disagreed. "
           "Officials declined to comment. The council meets on Monday.")
    record, outcome = open_document(store, "/a.txt", "A", new)
    assert (outcome.anchored, outcome.review, outcome.orphan) == (1, 1, 1)
    assert record.text == new
    k, e, g = store.note(keep.id), store.note(edit.id), store.note(gone.id)
    assert k.state == "anchored" and new[k.start:k.end] == "The council meets on Monday."
    assert e.state == "review" and e.selector.exact == "Robin Hale, an engineer, disagreed."
    assert "Elisa" in new[e.review_start:e.review_end]
    assert g.state == "orphan" and g.selector.exact == "The mayor said the bridge was safe."
    accepted = store.accept_review(e, new)
    assert accepted.state == "anchored"
    assert accepted.selector.exact == new[e.review_start:e.review_end]


def test_a_moved_file_keeps_its_notes_and_a_copy_is_the_same_article(store, tmp_path):
    original = tmp_path / "a.txt"
    original.write_text(TEXT)
    doc, _ = open_document(store, str(original), "A", TEXT)
    store.add_note(doc.id, describe(TEXT, 0, 10))
    copy = tmp_path / "copy.txt"
    copy.write_text(TEXT)
    other, _ = open_document(store, str(copy), "A", TEXT)
    assert other.id == doc.id and other.source == str(original)  # one text, one article
    moved = tmp_path / "moved.txt"
    original.rename(moved)
    again, _ = open_document(store, str(moved), "A", TEXT)
    assert again.id == doc.id and again.source == str(moved)
    assert len(store.notes(again.id)) == 1


def test_corrupt_database_is_set_aside_never_deleted(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    garbage = b"this is not a database" * 100
    (folder / DB_NAME).write_bytes(garbage)
    with Store.open(folder) as s:
        assert s.notices and "moved to" in s.notices[0]
        doc, _ = open_document(s, "/a.txt", "A", TEXT)
        s.add_note(doc.id, describe(TEXT, 0, 10))
    aside = [p for p in folder.iterdir() if p.name.startswith(DB_NAME + ".broken-")]
    assert len(aside) == 1 and aside[0].read_bytes() == garbage


def test_damaged_pages_fail_the_integrity_check(tmp_path):
    folder = tmp_path / "data"
    with Store.open(folder, backup=False) as s:
        doc, _ = open_document(s, "/a.txt", "A", TEXT * 200)
        for i in range(50):
            s.add_note(doc.id, describe(TEXT, 0, 10), body="x" * 500)
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = folder / DB_NAME
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):  # scribble over every later page
        data[offset + 8: offset + 64] = os.urandom(56)
    path.write_bytes(bytes(data))
    with Store.open(folder, backup=False) as s:
        assert s.notices
        assert s.notes(1) == []
    assert any(p.name.startswith(DB_NAME + ".broken-") for p in folder.iterdir())


def test_future_schema_is_set_aside(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("CREATE TABLE t (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with Store.open(folder) as s:
        assert "newer Margin" in s.notices[0]
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_read_only_directory_is_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError):
            Store.open(folder)
    finally:
        folder.chmod(0o700)


def test_backups_are_verified_rotated_and_daily(tmp_path):
    folder = tmp_path / "data"
    with Store.open(folder) as s:
        assert len(s.backups()) == 1  # the first open makes one
        assert s.backup_if_due() is None  # not again the same day
        doc, _ = open_document(s, "/a.txt", "A", TEXT)
        s.add_note(doc.id, describe(TEXT, 0, 10), body="kept")
        for _ in range(10):
            s.backup()
        backups = s.backups()
        assert len(backups) == 7
    copy = sqlite3.connect(backups[-1])
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT body FROM notes").fetchone()[0] == "kept"
    copy.close()


WRITER = textwrap.dedent("""
    import sys
    from tui.core.notes.reanchor import open_document
    from tui.core.notes.selector import describe
    from tui.core.notes.store import Store
    text = "One sentence here. Another sentence there."
    with Store.open(sys.argv[1], backup=False) as s:
        doc, _ = open_document(s, "/shared.txt", "Shared", text)
        for i in range(int(sys.argv[2])):
            note = s.add_note(doc.id, describe(text, 0, 18), body=f"{sys.argv[3]} {i}")
            print(note.id, flush=True)
""")


def _writer(folder, count, label):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(count), label],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    folder = tmp_path / "data"
    Store.open(folder, backup=False).close()
    procs = [_writer(folder, 150, label) for label in ("first", "second")]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outputs]
    ids = [line for out, _ in outputs for line in out.split()]
    assert len(ids) == 300
    with Store.open(folder, backup=False) as s:
        docs = s.documents()
        assert len(docs) == 1
        notes = s.notes(docs[0].id)
    assert sorted(n.id for n in notes) == sorted(ids)
    assert sum(n.body.startswith("first") for n in notes) == 150


def test_kill_9_loses_nothing_acknowledged(tmp_path):
    folder = tmp_path / "data"
    Store.open(folder, backup=False).close()
    for round_ in range(3):
        proc = _writer(folder, 100_000, f"round{round_}")
        acknowledged = []
        deadline = time.monotonic() + 30
        while len(acknowledged) < 40 + 30 * round_ and time.monotonic() < deadline:
            acknowledged.append(proc.stdout.readline().strip())
        proc.kill()  # SIGKILL, mid-stream
        proc.wait()
        with Store.open(folder, backup=False) as s:
            assert s.notices == []
            stored = {n.id for n in s.notes(s.documents()[0].id)}
        missing = [i for i in acknowledged if i and i not in stored]
        assert not missing


def test_a_data_dir_that_is_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the data directory .*: a file of that name"):
        Store.open(blocker)


def test_the_schema_names_exactly_the_verdicts_and_states_of_the_code():
    """The first migration (never edited once shipped) checks verdicts and states in SQL: the
    lists there are the code's (a new verdict needs a new migration, and this test says so)."""
    import re

    from tui.core.notes.model import STATES, VERDICTS
    from tui.core.notes.schema import MIGRATIONS

    def listed(column: str) -> tuple[str, ...]:
        found = re.search(rf"CHECK \({column} IN \(([^)]*)\)\)", MIGRATIONS[0]).group(1)
        return tuple(v.strip().strip("'") for v in found.split(","))

    assert listed("verdict") == VERDICTS
    assert listed("state") == STATES
