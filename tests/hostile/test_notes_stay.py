"""Notes stay on their sentence and in the live database, whatever happens around them: the
article changes under an open reader, another command re-anchors its notes, a backup is put back
while the reader is open, a journal file is left behind."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from tests.app.helpers import make_app, ready, type_text, until
from tests.conftest import load_document, run_margin
from tui.app import app as app_module
from tui.core.notes.model import StaleText, data_dir, text_hash
from tui.core.notes.reanchor import open_document, reanchor
from tui.core.notes.schema import DB_NAME
from tui.core.notes.selector import describe
from tui.core.notes.store import Store
from tui.core.session import Session

BEFORE = ("The council met on Monday. It voted on the budget.\n\n"
          "The mayor said crime fell by 12 percent. She gave no source.\n")
#: The same article with a paragraph added at the top: every statement is two further on.
AFTER = "Breaking news from the city hall. More follows below.\n\n" + BEFORE
MAYOR = "The mayor said crime fell by 12 percent."


@pytest.fixture(autouse=True)
def _no_polling(monkeypatch):
    """The reader looks for other writers only when a test asks it to (never on a timer)."""
    monkeypatch.setattr(app_module, "OTHER_WRITERS_EVERY", 3600.0)


def _listed(article) -> list[dict]:
    proc = run_margin("notes", "list", str(article), "--json")
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def test_the_store_refuses_offsets_for_a_text_it_no_longer_holds(tmp_path):
    with Store.open(tmp_path / "data", backup=False) as store:
        record, _ = open_document(store, "/a.txt", "A", BEFORE)
        start = BEFORE.index(MAYOR)
        reanchor(store, record.id, AFTER)  # another command read the new text
        with pytest.raises(StaleText):
            store.add_note(record.id, describe(BEFORE, start, start + len(MAYOR)),
                           text_hash=text_hash(BEFORE))
        assert store.notes(record.id) == []


def test_a_note_written_on_an_old_text_lands_on_its_own_sentence(tmp_path):
    """Two sessions on one article: the second reads a newer text; the first, still on the old
    one, saves a note on statement 3 — it is stored on the mayor's sentence in the new text, not
    on whatever sits at the old offsets."""
    article = tmp_path / "a.txt"
    article.write_text(BEFORE)
    first = Session()
    old = first.analyse(first.load(str(article)).document)
    record = first.register(old).record
    article.write_text(AFTER)
    with Session() as second:
        second.register(second.analyse(second.load(str(article)).document))
    saved = first.add_note(record, old, 2, body="on the mayor")
    first.close()
    assert saved.changed and saved.note.state == "anchored"
    assert AFTER[saved.note.start:saved.note.end] == MAYOR
    (row,) = _listed(article)
    assert row["statement"] == 5 and row["quote"] == MAYOR and row["state"] == "anchored"


async def test_the_reader_reads_a_changed_article_again_before_it_writes(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(BEFORE)
    assert run_margin("notes", "add", str(article), "-s", "3", "-t", "from the shell").returncode == 0
    app = make_app(load_document(str(article)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "j")
        assert app.view.cursor == 2 and [p.statement for p in app.placed] == [2]
        article.write_text(AFTER)
        assert [r["statement"] for r in _listed(article)] == [5]  # the shell re-anchored it
        await pilot.press("a")  # before any write, the reader reads the article again
        assert await until(pilot, lambda: app.document.text.startswith("Breaking news")
                           and app.notes_opened and app.article is not None)
        assert any("changed since it was opened" in n for n in app.shown)
        assert len(app.screen_stack) == 1  # no editor on the old text
        assert app.view.cursor == 4  # still on the mayor's sentence
        assert [p.statement for p in app.placed] == [4]  # the shell's note, where it belongs
        await pilot.press("a")
        await type_text(pilot, "from the reader")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: any("Note saved on statement 5" in n for n in app.shown))
    rows = _listed(article)
    assert sorted((r["statement"], r["quote"], r["body"]) for r in rows) == [
        (5, MAYOR, "from the reader"), (5, MAYOR, "from the shell")]


async def test_a_note_written_while_the_article_changes_lands_on_its_sentence(tmp_path):
    """The editor is open; meanwhile the file changes and a command stores the new text. The
    note saved then is on the mayor's sentence, and the reader reads the article again."""
    article = tmp_path / "a.txt"
    article.write_text(BEFORE)
    app = make_app(load_document(str(article)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "j", "a")
        assert await until(pilot, lambda: type(app.screen).__name__ == "NoteEditor")
        article.write_text(AFTER)
        assert run_margin("claims", str(article)).returncode == 0  # re-reads, stores the new text
        await type_text(pilot, "typed meanwhile")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: any("your note is saved on its sentence in the new text"
                                              in n for n in app.shown))
        assert await until(pilot, lambda: app.document.text.startswith("Breaking news")
                           and app.notes_opened)
        assert [p.statement for p in app.placed] == [4] and app.view.cursor == 4
    (row,) = _listed(article)
    assert (row["statement"], row["quote"], row["body"]) == (5, MAYOR, "typed meanwhile")


def _newest_backup() -> str:
    listing = run_margin("backups").stdout.decode()
    return re.findall(r"margin-\S+\.db", listing)[-1]


def _set_aside(folder) -> tuple[list, list[str]]:
    (aside,) = [p for p in folder.iterdir() if p.name.startswith(DB_NAME + ".replaced-")
                and not p.name.endswith(("-wal", "-shm"))]
    conn = sqlite3.connect(aside.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return aside, sorted(r[0] for r in conn.execute("SELECT body FROM notes"))
    finally:
        conn.close()


async def test_a_backup_put_back_under_an_open_reader_gets_the_next_note(tmp_path):
    """`margin backups --restore` while a reader is open: the reader's next note goes into the
    restored database (the live one), never into the one set aside, and the reader says so."""
    article = tmp_path / "a.txt"
    article.write_text(BEFORE)
    assert run_margin("notes", "add", str(article), "-s", "1", "-t", "before").returncode == 0
    app = make_app(load_document(str(article)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        name = _newest_backup()
        restored = run_margin("backups", "--restore", name)
        assert restored.returncode == 0, restored.stderr.decode()
        folder = app.session.store.path.parent
        aside, held = _set_aside(folder)
        assert held == ["before"]
        await pilot.press("j", "a")
        await type_text(pilot, "after the restore")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: any("Note saved on statement 2" in n for n in app.shown))
        assert any("was replaced by another one" in n for n in app.shown)
    assert [r["body"] for r in _listed(article)] == ["after the restore"]  # the live database
    assert _set_aside(folder) == (aside, ["before"])  # nothing written into the one set aside


async def test_the_reader_notices_a_database_put_back_and_shows_its_notes(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(BEFORE)
    app = make_app(load_document(str(article)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await type_text(pilot, "only in the old one")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(app.placed) == 1)
        name = _newest_backup()  # taken when the reader opened
        assert run_margin("backups", "--restore", name).returncode == 0
        app.notice_other_writers()
        assert await until(pilot, lambda: any("was replaced by another one" in n
                                              for n in app.shown))
        assert await until(pilot, lambda: app.notes_opened and app.placed == [])


def test_a_leftover_journal_is_named_with_what_to_do_and_never_deleted(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(BEFORE)
    assert run_margin("notes", "add", str(article), "-s", "3", "-t", "kept").returncode == 0
    journal = data_dir() / (DB_NAME + "-journal")
    garbage = b"not a journal" + bytes(range(256)) * 20  # a first byte that is not 0: "hot"
    journal.write_bytes(garbage)
    proc = run_margin("notes", "list", str(article))
    err = proc.stderr.decode()
    assert proc.returncode != 0 and err.count("\n") == 1, err
    assert "leftover file" in err and f"mv {journal} {journal}.old" in err
    assert "readonly" not in err
    assert journal.read_bytes() == garbage  # it may hold the last transaction: never removed
    journal.rename(str(journal) + ".old")  # as the message says
    assert [r["body"] for r in _listed(article)] == ["kept"]


async def test_a_note_whose_sentence_was_corrected_shows_its_twin_in_the_sidebar(tmp_path):
    from tests.app.helpers import screen_text
    from tests.cli.test_cli_notes import MAYOR as TWINS

    article = tmp_path / "crime.txt"
    article.write_text(TWINS)
    assert run_margin("notes", "add", str(article), "-s", "2", "-t", "mayor's figure").returncode == 0
    article.write_text(TWINS.replace("fell by 12% last year. She", "fell by 2% last year. She"))
    app = make_app(load_document(str(article)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert any("1 note to review, 0 detached" in n for n in app.shown)
        await pilot.press("j")
        assert await until(pilot, lambda: "also at statement 5" in screen_text(app))
        shown = screen_text(app)
        assert "was: Crime fell by 12% last year." in shown
        assert "now: Crime fell by 2% last year." in shown


def test_re_anchoring_follows_the_old_text_where_the_selector_alone_could_not_tell(tmp_path):
    """A paragraph inserted just before the note's: its prefix changed, and its words are said
    again further on. The selector alone cannot tell the two apart; the diff of the text the
    note was made on and the new one can: the note stays anchored on its own sentence."""
    words = "Crime fell by 12 percent last year."
    before = (f"The city published its report.\n\n{words} The police welcomed it.\n\n"
              f"Critics were unconvinced. {words} They asked for the data.\n")
    after = before.replace("\n\n", "\n\nA paragraph was added here by the editors.\n\n", 1)
    with Store.open(tmp_path / "data", backup=False) as store:
        record, _ = open_document(store, "/a.txt", "A", before)
        start = before.index(words)
        store.add_note(record.id, describe(before, start, start + len(words)),
                       text_hash=text_hash(before))
        _, outcome = open_document(store, "/a.txt", "A", after)
        (note,) = store.notes(record.id)
    assert (outcome.anchored, outcome.review) == (1, 0)
    assert note.state == "anchored" and note.start == after.index(words)
