"""The library's index is kept on disk beside the notes: a command reads it instead of indexing the
library, and changes only what changed (an article read, edited or joined with another; a note
written); a file unchanged since it was read is not analysed again; an index that cannot be used
is made again, said in one line. Whatever the path, the library is the one made whole."""

from __future__ import annotations

import os
import random
from contextlib import contextmanager

import pytest

from tui.core import librarian
from tui.core.search import index as index_module
from tui.core.search import related_index, stored, update
from tui.core.search.library import Library, NoteItem
from tui.core.search.stored import FORMAT
from tui.core.notes.model import VERDICTS
from tui.core.session import Session

PEOPLE = ["Ana Ruiz", "Tom Becker", "Leila Haddad", "the mayor", "officials", "NATO"]
TOPICS = ["the harbour bridge", "the city budget", "bus fares", "the new hospital",
          "water prices", "the ceasefire talks", "the power grid"]


def article(rnd: random.Random) -> str:
    lines = []
    for _ in range(rnd.randint(2, 5)):
        who, what = rnd.choice(PEOPLE), rnd.choice(TOPICS)
        lines.append(rnd.choice([
            f"{who.capitalize()} said {what} rose {rnd.randint(2, 40)} percent in {rnd.randint(1990, 2024)}.",
            f"“We expect {what} to change,” {who} said on Friday.",
            f"The cost of {what} could reach ${rnd.randint(2, 900)} million, auditors said.",
            f"Residents asked whether {what} would be ready by {rnd.randint(2025, 2031)}.",
        ]))
    return " ".join(lines) + "\n"


def made_whole(session: Session, ids=None, include_notes: bool = True) -> Library:
    """The library as every command made it before it was kept: read whole from the store."""
    store = session.store
    documents = store.texts(ids)
    notes = [NoteItem(n.id, n.document_id, librarian._offset(n), n.body, n.tags, n.verdict)
             for n in store.all_notes() if n.document_id in documents]
    statements = session.corrected_statements(store.statements(ids), ids)
    return Library(documents, statements, notes, VERDICTS, include_notes)


QUERIES = ["mayor said", "budjet", "harbor bridge", "ana ruiz", "kind:quote", "@tom",
           "#checked", "verdict:false", "compare transcript", "rose percent", "NATO"]


def assert_same(got: Library, whole: Library) -> None:
    assert got.documents.keys() == whole.documents.keys()
    assert got.items == whole.items and got.texts == whole.texts
    for q in QUERIES:
        assert got.search(q, limit=20) == whole.search(q, limit=20), q
    for it in whole.items:
        if it.note_id is None:
            assert got.related(it.document_id, it.statement, 5) == \
                whole.related(it.document_id, it.statement, 5)


@pytest.fixture
def folder(tmp_path):
    rnd = random.Random(5)
    news = tmp_path / "news"
    news.mkdir()
    for i in range(6):
        (news / f"a{i}.txt").write_text(article(rnd), encoding="utf-8")
    return news


def files(folder) -> list[str]:
    return Session.article_files([str(folder)])


@contextmanager
def command():
    """A command of its own: a new session, in a process that holds nothing of the index."""
    librarian._LAST = None
    with Session() as session:
        yield session


@contextmanager
def no_indexing():
    """Inside, building an index or its related part from scratch fails the test."""
    def refuse(*_):
        raise AssertionError("the library was indexed again")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_module.SearchIndex, "_build", refuse)
        patch.setattr(related_index.RelatedIndex, "_prepare", refuse)
        yield


@pytest.fixture
def no_analysis(monkeypatch):
    """Analysing an article counts it, by path (the test says how many it allows)."""
    seen: list[str] = []
    real = Session.analyse

    def counting(document, *args, **kw):
        seen.append(document.source)
        return real(document, *args, **kw)

    monkeypatch.setattr(Session, "analyse", staticmethod(counting))
    return seen


def test_a_second_command_reads_the_index_kept_and_finds_the_same(folder):
    with command() as session:
        ids, problems = session.register_paths(files(folder))
        first = session.library()
        whole = made_whole(session)
    assert not problems and len(set(ids)) == 6
    assert (session.store.path.parent / librarian.INDEX_NAME).is_file()
    assert_same(first, whole)
    with command() as session:
        with no_indexing():
            got = session.library()
            assert got.related(whole.items[3].document_id, whole.items[3].statement)  # (kept too)
        assert_same(got, whole)
        assert not session.notices


def test_a_folder_searched_again_is_not_analysed_again_unless_a_file_changed(folder,
                                                                           no_analysis):
    paths = files(folder)
    with command() as session:
        first, _ = session.register_paths(paths)
    assert len(no_analysis) == 6
    no_analysis.clear()
    with command() as session:  # nothing changed: nothing read, nothing analysed
        again, problems = session.register_paths(paths)
    assert again == first and not problems and no_analysis == []
    # Touched only (its time changed, its words did not): read, not analysed.
    os.utime(paths[0], ns=(1_000_000_000, 1_000_000_000))
    # Edited: analysed again, and searched as it is now.
    (folder / "a3.txt").write_text("The lighthouse keeper said the foghorn was silenced.\n")
    with command() as session:
        again, _ = session.register_paths(paths)
        found = session.library(again).search("lighthouse keeper foghorn", limit=3)
        assert_same(session.library(again), made_whole(session, sorted(set(again))))
    assert no_analysis == [str(folder / "a3.txt")]
    assert again == first
    assert found and found[0].source == str(folder / "a3.txt")
    no_analysis.clear()
    with command() as session:
        assert session.register_paths(paths)[0] == first
    assert no_analysis == []


def test_a_file_gone_from_the_folder_drops_out_of_its_search(folder):
    (folder / "a5.txt").write_text("The lighthouse keeper said the foghorn was silenced.\n")
    with command() as session:
        ids, _ = session.register_paths(files(folder))
        assert session.library(ids).search("lighthouse foghorn", limit=1)
    (folder / "a5.txt").unlink()
    with command() as session:
        ids, _ = session.register_paths(files(folder))
        assert len(set(ids)) == 5
        assert session.library(ids).search("lighthouse foghorn") == []
        # (the library keeps what it read: the article is still there, its copy kept)
        assert session.library().search("lighthouse foghorn", limit=1)


def test_an_article_joined_with_another_drops_out_and_its_notes_follow(folder):
    paths = files(folder)
    with command() as session:
        session.register_paths(paths)
        _, art, reg = session.open(paths[0])
        session.add_note(reg.record, art, 0, body="Compare with the council transcript")
        session.library()
    # a1 now says what a0 says: one text is one article, a0's document joins a1's.
    (folder / "a1.txt").write_text((folder / "a0.txt").read_text())
    with command() as session:
        session.register_paths(paths)
        got = session.library()
        assert len(got.documents) == 5
        assert_same(got, made_whole(session))
    with command() as session:
        ids, _ = session.register_paths(paths)
        assert ids[0] == ids[1] and len(set(ids)) == 5
        hits = session.library(ids).search("council transcript", limit=1)
        assert hits and hits[0].item.note_id and hits[0].item.document_id == ids[0]


def test_a_note_written_changes_its_rows_only(folder, monkeypatch):
    paths = files(folder)
    with command() as session:
        session.register_paths(paths)
        session.library()
    folded = []
    real = update.fold
    monkeypatch.setattr(update, "fold", lambda t: folded.append(t) or real(t))
    with command() as session:
        _, art, reg = session.open(paths[2])
        saved = session.add_note(reg.record, art, 1, body="Compare with the council transcript",
                                 tags=["checked"], verdict="false")
    with command() as session:
        with no_indexing():
            got = session.library()
            assert got.related(got.items[0].document_id, got.items[0].statement)
        assert_same(got, made_whole(session))
        hits = got.search("council transcript", limit=1)
        assert hits[0].item.note_id == saved.note.id and hits[0].item.statement == 1
    assert folded == ["Compare with the council transcript"]  # that note's row, nothing else
    folded.clear()
    with command() as session:
        note = session.find_note(saved.note.id)
        session.edit_note(note, "Checked against the minutes", ["checked"], "supported")
    for then_delete in (True, False):
        with command() as session:
            with no_indexing():
                got = session.library()
            assert_same(got, made_whole(session))
            if then_delete:
                session.delete_note(note.id)
    assert folded == ["Checked against the minutes"]


def test_the_kept_library_is_the_library_made_whole_through_many_changes(tmp_path):
    rnd = random.Random(11)
    news = tmp_path / "news"
    news.mkdir()
    notes: list[str] = []
    for step in range(24):
        action = rnd.choice(["add", "edit", "note", "note", "unnote", "correct"])
        names = sorted(p.name for p in news.iterdir())
        with command() as session:
            if action == "add" or not names:
                (news / f"n{step}.txt").write_text(article(rnd), encoding="utf-8")
            elif action == "edit":
                (news / rnd.choice(names)).write_text(article(rnd), encoding="utf-8")
            elif action in ("note", "correct"):
                _, art, reg = session.open(str(news / rnd.choice(names)))
                k = rnd.randrange(len(art.statements))
                if action == "note":
                    notes.append(session.add_note(reg.record, art, k, body=rnd.choice(
                        ["Compare transcript", "", "checked by phone", "Budget claim"]),
                        tags=["checked"]).note.id)
                else:
                    session.correct(reg.record, art, k, rnd.choice(PEOPLE), ["quote"])
            elif notes:
                session.delete_note(notes.pop(rnd.randrange(len(notes))))
            ids, _ = session.register_paths(files(news))
        with command() as session:
            assert_same(session.library(), made_whole(session))
            some = sorted(set(ids))[: max(1, len(set(ids)) // 2)]
            assert_same(session.library(some), made_whole(session, some))
            assert_same(session.library(include_notes=False), made_whole(session, None, False))


@pytest.mark.parametrize("damage, said", [
    (lambda raw: raw[:len(raw) // 2], "damaged"),
    (lambda raw: raw[:-10] + bytes(10), "damaged"),
    (lambda raw: b"not an index at all", "not an index"),
    (lambda raw: raw.replace(b"\n" + FORMAT.to_bytes(2, "little"),
                             b"\n" + (FORMAT + 1).to_bytes(2, "little"), 1), "format"),
])
def test_an_index_that_cannot_be_used_is_made_again_in_one_line(folder, damage, said):
    with command() as session:
        session.register_paths(files(folder))
        session.library()
        path = session.store.path.parent / librarian.INDEX_NAME
    path.write_bytes(damage(path.read_bytes()))
    with command() as session:
        got = session.library()
        assert len(session.notices) == 1 and said in session.notices[0]
        assert "search index" in session.notices[0] and "\n" not in session.notices[0]
        assert_same(got, made_whole(session))
    with command() as session:  # made again: read as it is
        session.library()
        assert session.notices == []


def test_an_index_that_cannot_be_written_is_no_error(folder, monkeypatch):
    def full(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(stored, "write", full)
    with command() as session:
        session.register_paths(files(folder))
        assert_same(session.library(), made_whole(session))
        assert session.notices == []


def test_the_reader_asking_again_reads_the_file_only_when_another_wrote_it(folder, monkeypatch):
    with command() as session:
        session.register_paths(files(folder))
        session.library()
    reads = []
    real = stored.read
    monkeypatch.setattr(stored, "read", lambda path: reads.append(path) or real(path))
    with Session() as session:  # (the reader's worker: a session of its own, in this process)
        session.library()
    assert reads == []
    mine = librarian._LAST
    with command() as other:  # another process writes the index: a note saved there
        _, art, reg = other.open(files(folder)[0])
        other.add_note(reg.record, art, 0, body="Compare with the council transcript")
        other.library()
    librarian._LAST = mine
    reads.clear()
    with Session() as session:
        got = session.library()
        assert_same(got, made_whole(session))
    assert len(reads) == 1 and got.search("council transcript", limit=1)[0].item.note_id

