"""The note store under faults: kill -9 anywhere, a full disk, a read-only data directory, two
readers at once, a corrupt or future database. Weeks of someone's work live in it."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from tests.app.helpers import document_from, make_app, ready, screen_text, type_text, until
from tests.conftest import ROOT
from tests.hostile.nobody import can_switch_user, run_as_nobody
from tui.core.notes.reanchor import open_document
from tui.core.notes.schema import DB_NAME
from tui.core.notes.selector import describe
from tui.core.notes.store import ConflictError, Store, StoreError

from tests.hostile.stream import TEXT, operations

# A stream of writes known in advance (from a seed): the parent knows what each acknowledgement
# means. Each operation is printed (and flushed) only after the store returned from it.
STREAM = textwrap.dedent("""
    import sys
    from tests.hostile.stream import TEXT, operations
    from tui.core.notes.reanchor import open_document
    from tui.core.notes.selector import describe
    from tui.core.notes.store import Store
    folder, seed = sys.argv[1], int(sys.argv[2])
    print("ready", flush=True)  # imports done: the kill may come from here on
    with Store.open(folder, backup=False) as s:
        doc, _ = open_document(s, "/shared.txt", "Shared", TEXT)
        sel = describe(TEXT, 0, 18)
        for i, (op, nid, body) in enumerate(operations(seed)):
            if op == "add":
                s.add_note(doc.id, sel, body=body, note_id=nid, tags=["t"])
            elif op == "edit":
                s.update_note(s.note(nid), body=body)
            elif op == "delete":
                s.delete_note(nid)
            else:
                s.restore_note(nid)
            print(i, flush=True)
""")


def _state(ops) -> dict[str, tuple[str, bool]]:
    """Each note's (body, deleted) after these operations."""
    state: dict[str, tuple[str, bool]] = {}
    for op, nid, body in ops:
        if op in ("add", "edit"):
            state[nid] = (body, False)
        else:
            state[nid] = (state[nid][0], op == "delete")
    return state


def _stored(folder: Path) -> tuple[dict[str, tuple[str, bool]], list[str]]:
    with Store.open(folder, backup=False) as s:
        notices = list(s.notices)
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = s.conn.execute("SELECT id, body, deleted IS NOT NULL FROM notes").fetchall()
    return {r[0]: (r[1], bool(r[2])) for r in rows}, notices


def test_kill_9_at_random_moments_loses_nothing_acknowledged(tmp_path):
    """12 writers killed at random moments (while starting and opening the store, or in the
    middle of a stream of writes): after each, the store holds every acknowledged operation,
    and at most the one in flight. A moment is a number of acknowledgements, not a time, so a
    busy machine changes nothing but how long it takes."""
    folder = tmp_path / "data"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    rng = random.Random(7)
    before: dict[str, tuple[str, bool]] = {}
    for round_ in range(12):
        # A quarter of the kills come while the writer starts and opens the store; the others
        # after a random number of acknowledged writes, as it writes the next.
        after = 0 if round_ % 4 == 0 else rng.randint(1, 400)
        proc = subprocess.Popen([sys.executable, "-c", STREAM, str(folder), str(round_)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env, cwd=ROOT)
        assert proc.stdout.readline().strip() == "ready"
        acked = [proc.stdout.readline() for _ in range(after)]
        assert all(line.strip() for line in acked), "the writer stopped before it was killed"
        proc.kill()  # SIGKILL
        # Through the same file objects: readline() may already hold acknowledgements it read
        # ahead, which communicate() (reading the pipes beneath them) would never see.
        out, err = proc.stdout.read(), proc.stderr.read()
        proc.wait(timeout=60)
        assert "Traceback" not in err, err
        done = after + len(out.split())  # acknowledgements that were on their way count too
        ops = operations(round_)
        stored, notices = _stored(folder)
        assert notices == []  # never set aside: nothing was damaged
        mine = {k: v for k, v in stored.items() if k.startswith(f"{round_:04d}-")}
        others = {k: v for k, v in stored.items() if not k.startswith(f"{round_:04d}-")}
        assert others == before  # earlier rounds untouched
        if mine not in (_state(ops[:done]), _state(ops[:done + 1])):
            near = [k for k in range(max(0, done - 5), done + 6) if mine == _state(ops[:k])]
            pytest.fail(f"round {round_}: {after} read, {done} acked, the store holds the first "
                        f"{near or 'none of the'} operations; {ops[done - 1:done + 2]}; "
                        f"left over: {out.split()}")
        before = stored


def test_a_full_disk_is_a_clear_error_and_corrupts_nothing(tmp_path):
    folder = tmp_path / "data"
    with Store.open(folder, backup=False) as s:
        doc, _ = open_document(s, "/a.txt", "A", TEXT)
        sel = describe(TEXT, 0, 18)
        kept = [s.add_note(doc.id, sel, body=f"kept {i}").id for i in range(5)]
        pages = s.conn.execute("PRAGMA page_count").fetchone()[0]
        s.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # what a full disk looks like
        with pytest.raises(StoreError) as failure:
            for i in range(100):
                s.add_note(doc.id, sel, body="x" * 20000)
        message = str(failure.value)
        assert "full" in message and "\n" not in message
        note = s.note(kept[0])
        with pytest.raises(StoreError):
            s.update_note(note, body="y" * 200000)
        assert s.note(kept[0]).body == "kept 0"  # the failed edit changed nothing
    stored, notices = _stored(folder)
    assert notices == []
    assert all(stored[k] == (f"kept {i}", False) for i, k in enumerate(kept))
    with Store.open(folder, backup=False) as s:  # space again: it goes on
        s.add_note(s.documents()[0].id, describe(TEXT, 0, 18), body="after")


def _bodies(app) -> list[str]:
    return sorted(n.body for n in app.session.store.notes(app.record.id))


async def test_a_store_that_cannot_write_keeps_the_note_in_the_editor(tmp_path):
    """The disk fills or turns read-only while the reader is open: the note being saved stays in
    the editor, with the reason, and saves once writing works again."""
    app = make_app(document_from(TEXT, source=str(tmp_path / "a.txt")))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.session.store.conn.execute("PRAGMA query_only = ON")  # every write now fails in SQLite
        editor_open = lambda: type(app.screen).__name__ == "NoteEditor"  # noqa: E731
        await pilot.press("a")
        assert await until(pilot, editor_open)
        await type_text(pilot, "Weeks of work")
        await pilot.press("ctrl+s")
        failures = lambda: [n for n in app.shown if "Could not save" in n]  # noqa: E731
        assert await until(pilot, lambda: len(failures()) == 1 and editor_open())
        (notice,) = failures()
        assert "readonly database" in notice and "Your text is kept in the editor" in notice
        assert await until(pilot, lambda: app.screen.current_draft().body == "Weeks of work")
        # Saving again fails again, and the text is still there.
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(failures()) == 2 and editor_open())
        assert await until(pilot, lambda: app.screen.current_draft().body == "Weeks of work")
        # Escape does not drop it silently: it asks, and Enter (the default) keeps editing.
        await pilot.press("escape")
        assert await until(pilot, lambda: type(app.screen).__name__ == "ConfirmDiscard")
        await pilot.press("enter")
        assert await until(pilot, editor_open)
        app.session.store.conn.execute("PRAGMA query_only = OFF")  # writable again
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: app.screen is app.screen_stack[0])
        assert [n.body for n in app.session.store.notes(app.record.id)] == ["Weeks of work"]


def _read_only_home() -> tuple[Path, str]:
    """A data folder with a database in it, that the current user (or nobody) cannot write."""
    home = Path(tempfile.mkdtemp(prefix="margin-ro-"))
    data = home / "data"
    with Store.open(data, backup=False) as s:
        doc, _ = open_document(s, "/a.txt", "A", TEXT)
        s.add_note(doc.id, describe(TEXT, 0, 18), body="precious")
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for extra in ("-wal", "-shm"):
        (data / (DB_NAME + extra)).unlink(missing_ok=True)
    (data / DB_NAME).chmod(0o444)
    data.chmod(0o555)
    home.chmod(0o755)
    return home, hashlib.sha256((data / DB_NAME).read_bytes()).hexdigest()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_data_directory_is_a_clear_error_and_stays_untouched(tmp_path):
    if os.geteuid() == 0 and not can_switch_user():
        pytest.skip("root writes anywhere")
    home, digest = _read_only_home()
    article = home / "article.txt"
    article.write_text(TEXT)
    article.chmod(0o644)
    env = {"MARGIN_DATA_DIR": str(home / "data"), "MARGIN_CONFIG_DIR": str(home / "config")}

    def margin(*argv: str) -> tuple[int, str, str]:
        if os.geteuid() == 0:
            return run_as_nobody(list(argv), env)
        proc = subprocess.run([sys.executable, "-m", "tui", *argv], capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT), **env), cwd=ROOT)
        return proc.returncode, proc.stdout, proc.stderr

    try:
        code, out, err = margin("notes", "add", str(article), "-s", "1", "--text", "new")
        assert code == 2 and len(err.splitlines()) == 1, err
        assert "cannot write the notes database" in err and str(home / "data") in err
        code, out, err = margin("notes", "list", str(article))
        assert code == 2 and "cannot write the notes database" in err
        # Reading an article needs no store: it works, with a warning.
        code, out, err = margin("claims", str(article))
        assert code == 0 and "the mayor" in out and "warning: cannot write" in err
        assert hashlib.sha256((home / "data" / DB_NAME).read_bytes()).hexdigest() == digest
        assert sorted(p.name for p in (home / "data").iterdir()) == [DB_NAME]
    finally:
        (home / "data").chmod(0o755)
        import shutil

        shutil.rmtree(home, ignore_errors=True)


async def test_two_readers_on_one_article_both_keep_their_notes(tmp_path):
    source = str(tmp_path / "a.txt")
    first = make_app(document_from(TEXT, source=source))
    second = make_app(document_from(TEXT, source=source))
    async with first.run_test(size=(120, 40)) as one, second.run_test(size=(120, 40)) as two:
        await ready(one)
        await ready(two)
        assert first.session is not None and second.session is not None
        await one.press("a")
        assert await until(one, lambda: type(first.screen).__name__ == "NoteEditor")
        await type_text(one, "from the first")
        await one.press("ctrl+s")
        assert await until(one, lambda: _bodies(first) == ["from the first"])
        await two.press("j", "a")
        assert await until(two, lambda: type(second.screen).__name__ == "NoteEditor")
        await type_text(two, "from the second")
        await two.press("ctrl+s")
        assert await until(two, lambda: len(_bodies(second)) == 2)
        # Each sees the other's note (within OTHER_WRITERS_EVERY seconds; here at once).
        first.notice_other_writers()
        second.notice_other_writers()
        assert await until(one, lambda: "from the second" in screen_text(first))
        assert await until(two, lambda: "from the first" in screen_text(second))
        # Both edit the first note: the one that saves second is kept beside it, not lost.
        await two.press("k")
        assert await until(two, lambda: second.view.cursor == 0)
        await one.press("e")
        await two.press("e")
        assert await until(one, lambda: type(first.screen).__name__ == "NoteEditor")
        assert await until(two, lambda: type(second.screen).__name__ == "NoteEditor")
        await one.press("end")
        await type_text(one, " (edited)")
        await one.press("ctrl+s")
        assert await until(one, lambda: "from the first (edited)" in _bodies(first))
        await two.press("end")
        await type_text(two, " (mine)")
        await two.press("ctrl+s")
        assert await until(two, lambda: "from the first (mine)" in _bodies(second))
        assert await until(two, lambda: any("changed elsewhere meanwhile" in n
                                            for n in second.shown))
        assert await until(two, lambda: "from the first (mine)" in screen_text(second))
    with Store.open(Path(os.environ["MARGIN_DATA_DIR"]), backup=False) as s:
        bodies = sorted(n.body for d in s.documents() for n in s.notes(d.id))
    assert bodies == ["from the first (edited)", "from the first (mine)", "from the second"]


def test_two_processes_editing_one_note_raise_a_conflict_never_overwrite(tmp_path):
    folder = tmp_path / "data"
    with Store.open(folder, backup=False) as a, Store.open(folder, backup=False) as b:
        doc, _ = open_document(a, "/a.txt", "A", TEXT)
        note = a.add_note(doc.id, describe(TEXT, 0, 18), body="v1")
        seen_by_b = b.note(note.id)
        a.update_note(note, body="from a")
        with pytest.raises(ConflictError):
            b.update_note(seen_by_b, body="from b")
        assert b.note(note.id).body == "from a"


def test_a_corrupt_database_is_set_aside_by_the_command_line_with_a_message(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    garbage = b"SQLite format 3\x00" + os.urandom(8000)
    (folder / DB_NAME).write_bytes(garbage)
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    proc = subprocess.run([sys.executable, "-m", "tui", "notes", "list", str(article)],
                          capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), MARGIN_DATA_DIR=str(folder)))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert "moved to" in proc.stderr and "a new one started" in proc.stderr
    aside = [p for p in folder.iterdir() if p.name.startswith(DB_NAME + ".broken-")]
    assert len(aside) == 1 and aside[0].read_bytes() == garbage


def test_a_future_database_is_set_aside_by_the_reader_with_a_message(tmp_path):
    from tui.core.notes.schema import SCHEMA_VERSION

    folder = Path(os.environ["MARGIN_DATA_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("CREATE TABLE from_the_future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    original = (folder / DB_NAME).read_bytes()

    async def scenario():
        app = make_app(document_from(TEXT, source=str(tmp_path / "a.txt")))
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            assert any("newer Margin" in n for n in app.shown)
    import asyncio

    asyncio.run(scenario())
    # Named for what it is: a newer Margin's database, not a broken one.
    aside = [p for p in folder.iterdir() if p.name.startswith(DB_NAME + ".newer-")]
    assert len(aside) == 1 and aside[0].read_bytes() == original
    assert not [p for p in folder.iterdir() if "broken" in p.name]


def test_a_locked_database_is_an_error_never_set_aside(tmp_path, monkeypatch):
    """Another program holding the database is not damage: nothing is moved, the user is told."""
    from tui.core.notes import schema

    folder = tmp_path / "data"
    with Store.open(folder, backup=False) as s:
        doc, _ = open_document(s, "/a.txt", "A", TEXT)
        s.add_note(doc.id, describe(TEXT, 0, 18), body="precious")
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            Store.open(folder, backup=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert sorted(p.name for p in folder.iterdir() if ".broken-" in p.name) == []
    stored, notices = _stored(folder)
    assert notices == [] and [b for b, _ in stored.values()] == ["precious"]


async def test_notes_added_by_another_process_appear_in_the_reader(tmp_path, monkeypatch):
    from tui.app import app as app_module

    monkeypatch.setattr(app_module, "OTHER_WRITERS_EVERY", 0.2)
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    app = make_app(document_from(TEXT, source=str(article)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        proc = subprocess.run([sys.executable, "-m", "tui", "notes", "add", str(article), "-s", "2",
                               "--text", "written from the shell"], capture_output=True, text=True,
                              cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        assert proc.returncode == 0, proc.stderr
        assert await until(pilot, lambda: "written from the shell" in screen_text(app))
        assert any("another Margin" in n for n in app.shown)


def test_a_data_folder_named_like_markup_and_a_uri_works_through_backup_and_restore(tmp_path):
    folder = tmp_path / "[bold]notes?mode=rw#x %41"
    with Store.open(folder) as s:
        doc, _ = open_document(s, "/a.txt", "A", TEXT)
        s.add_note(doc.id, describe(TEXT, 0, 18), body="kept")
        name = s.backup().name
        s.add_note(doc.id, describe(TEXT, 0, 18), body="after the backup")
        s.restore_backup(name)
        assert [n.body for n in s.notes(doc.id)] == ["kept"]
    stored, notices = _stored(folder)
    assert notices == [] and [b for b, _ in stored.values()] == ["kept"]


@pytest.mark.parametrize("fault", ["a file in the way", "a bug in the store"])
def test_notes_that_cannot_be_opened_are_said_with_why_and_the_article_stays(tmp_path, monkeypatch,
                                                                            fault):
    """The reader never stays on "Opening your notes…", and `a` says why there are none."""
    if fault == "a file in the way":
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("x")
        monkeypatch.setenv("MARGIN_DATA_DIR", str(blocker))
        why = "a file of that name is in the way"
    else:
        from tui.core.session import Session

        def broken(self, article):
            raise sqlite3.OperationalError("no such column: shape")
        monkeypatch.setattr(Session, "register", broken)
        why = "OperationalError: no such column: shape"

    async def scenario():
        app = make_app(document_from(TEXT, source=str(tmp_path / "a.txt")))
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            assert app.notes_opened is False and app.article is not None
            assert any(n.startswith("Notes are unavailable:") and why in n for n in app.shown)
            assert "Opening your notes" not in screen_text(app)
            assert "analysis failed" not in screen_text(app)
            app.shown.clear()
            await pilot.press("a")
            assert await until(pilot, lambda: app.shown)
            assert app.shown[0].startswith("Notes are unavailable:") and why in app.shown[0]
            assert len(app.screen_stack) == 1  # no editor opened for a note it cannot keep
    import asyncio

    asyncio.run(scenario())
