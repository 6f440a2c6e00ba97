"""Two machines (two data folders) sharing their notes through one PostgreSQL server."""

from __future__ import annotations

import sqlite3

import pytest

from tui.core.desk.server import DeskError, redacted, store_url
from tui.core.desk.sync import sync
from tui.core.notes.selector import describe
from tui.core.notes.store import Store

TEXT = ("The mayor said the bridge would reopen in May. Officials expect traffic to double. "
        "The council denied that the budget had been cut by 30 percent.")
SENTENCES = [(0, 46), (47, 82), (83, len(TEXT))]


def machine(tmp_path, name: str) -> Store:
    store = Store.open(tmp_path / name, backup=False)
    store.open_document(f"/home/{name}/bridge.txt", "Bridge", TEXT)
    return store


def add(store: Store, k: int, body: str, verdict: str = "unverified"):
    record = store.find_document(f"/home/{store.path.parent.name}/bridge.txt")
    start, end = SENTENCES[k]
    return store.add_note(record.id, describe(TEXT, start, end), body=body, verdict=verdict,
                          statement=k)


def shared(store: Store) -> dict[str, tuple]:
    """Every note of the store (deleted ones too) as a desk shares it."""
    rows = store.conn.execute("SELECT id, exact, body, tags, verdict, deleted IS NOT NULL, "
                              "author, conflict_of FROM notes").fetchall()
    return {r[0]: r[1:] for r in rows}


def test_a_note_written_on_one_machine_reaches_the_other_with_its_author(tmp_path, desk_url):
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    note = add(a, 0, "Checked with the city: **May** holds.", "supported")
    assert sync(a, desk_url, "ana").sent == 1
    report = sync(b, desk_url, "ben")
    assert report.taken == 1 and report.sent == 0
    got = shared(b)[note.id]
    assert got[1] == "Checked with the city: **May** holds." and got[3] == "supported"
    assert got[5] == "ana"  # who wrote it, not who took it
    # On b the note sits on b's own copy of the article (one text, one document).
    record = b.find_document("/home/b/bridge.txt")
    assert [n.id for n in b.notes(record.id)] == [note.id]
    assert shared(a) == shared(b)


def test_edits_deletes_and_restores_travel_both_ways_and_nothing_is_sent_twice(tmp_path, desk_url):
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    note = add(a, 1, "first")
    sync(a, desk_url, "ana")
    sync(b, desk_url, "ben")
    on_b = b.note(note.id)
    b.update_note(on_b, body="second", verdict="misleading")
    assert sync(b, desk_url, "ben").sent == 1
    assert sync(b, desk_url, "ben").sent == 0  # nothing waits any more
    sync(a, desk_url, "ana")
    assert a.note(note.id).body == "second" and a.note(note.id).verdict == "misleading"
    a.delete_note(note.id)
    sync(a, desk_url, "ana")
    sync(b, desk_url, "ben")
    assert b.note(note.id).deleted is not None
    b.restore_note(note.id)
    sync(b, desk_url, "ben")
    sync(a, desk_url, "ana")
    assert a.note(note.id).deleted is None
    assert shared(a) == shared(b)


def test_one_note_edited_on_both_machines_is_kept_twice_on_both(tmp_path, desk_url):
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    note = add(a, 2, "budget: not cut")
    sync(a, desk_url, "ana")
    sync(b, desk_url, "ben")
    a.update_note(a.note(note.id), body="ana: cut by 12 percent, not 30", verdict="false")
    b.update_note(b.note(note.id), body="ben: the cut was 30 percent", verdict="supported")
    sync(a, desk_url, "ana")
    report = sync(b, desk_url, "ben")
    assert report.kept_both == 1
    sync(a, desk_url, "ana")
    assert shared(a) == shared(b)
    notes = shared(b)
    assert notes[note.id][1] == "ana: cut by 12 percent, not 30"  # the first to reach the desk
    copies = [n for n in notes.values() if n[6] == note.id]
    assert [c[1] for c in copies] == ["ben: the cut was 30 percent"] and copies[0][5] == "ben"


def test_a_note_written_offline_goes_up_when_the_server_is_back(tmp_path, desk_url, server):
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    server.stop("immediate")
    try:
        note = add(a, 0, "written on the train")  # saved here at once
        with pytest.raises(DeskError, match="cannot reach"):
            sync(a, desk_url, "ana")
        assert a.note(note.id).body == "written on the train"
    finally:
        server.start()
    sync(a, desk_url, "ana")
    sync(b, desk_url, "ben")
    assert b.note(note.id).body == "written on the train"


def test_sql_in_a_note_is_only_text(tmp_path, desk_url):
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    body = "'); DROP TABLE margin_notes; -- \" %s %(x)s $1"
    note = add(a, 0, body)
    sync(a, desk_url, "ana'); DROP TABLE margin_history; --")
    sync(b, desk_url, "ben")
    assert b.note(note.id).body == body
    assert sync(a, desk_url, "ana").sent == 0  # both tables still there


def test_without_the_password_nothing_is_had_and_it_is_never_shown(tmp_path, desk_url,
                                                                   monkeypatch, server):
    a = machine(tmp_path, "a")
    add(a, 0, "private")
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(DeskError, match="password") as caught:
        sync(a, desk_url, "ana")
    assert server.password not in str(caught.value)
    with_password = desk_url.replace("desk@", f"desk:{server.password}@")
    assert server.password not in redacted(with_password)
    monkeypatch.setenv("MARGIN_STORE_URL", "")
    with pytest.raises(DeskError, match="password"):
        store_url(with_password)  # from the config: refused
    assert a.conn.execute("SELECT count(*) FROM desk_outbox").fetchone() == (1,)  # still waits


def test_a_send_whose_answer_is_lost_is_made_once_when_sent_again(tmp_path, desk_url,
                                                                   monkeypatch):
    """The server commits, then the connection (or this machine) dies before the note is marked
    sent here: sent again, the change is found done — one revision, no copy, nothing lost."""
    import psycopg

    from tui.core.desk import sync as engine

    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    note = add(a, 0, "sent twice")
    engine.machine(a.conn)  # named already: the transactions below are the send's own
    real = engine.local_schema.transaction
    calls = []

    def dies_after_the_server(db):
        calls.append(1)
        if len(calls) == 2:  # (the first marks the author; the second, the notes sent)
            raise sqlite3.OperationalError("the machine went away")
        return real(db)

    monkeypatch.setattr(engine.local_schema, "transaction", dies_after_the_server)
    with pytest.raises(sqlite3.OperationalError):
        sync(a, desk_url, "ana")
    monkeypatch.setattr(engine.local_schema, "transaction", real)
    with psycopg.connect(desk_url) as conn:  # the server had it
        assert conn.execute("SELECT count(*) FROM margin_notes").fetchone() == (1,)
    assert a.conn.execute("SELECT count(*) FROM desk_outbox").fetchone() == (1,)  # still waits
    assert sync(a, desk_url, "ana").kept_both == 0
    with psycopg.connect(desk_url) as conn:
        assert conn.execute("SELECT note_id, revision FROM margin_history").fetchall() == [
            (note.id, 1)]
    assert a.conn.execute("SELECT count(*) FROM desk_outbox").fetchone() == (0,)
    sync(b, desk_url, "ben")
    assert shared(a) == shared(b) and len(shared(b)) == 1


def test_a_correction_of_a_speaker_travels_and_so_does_its_undoing(tmp_path, desk_url):
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    from tui.core.notes.model import text_hash

    record = a.find_document("/home/a/bridge.txt")
    start, end = SENTENCES[0]
    fix = a.save_correction(record.id, describe(TEXT, start, end), 0, "Mayor Ana Ruiz",
                            ("attribution",), text_hash(TEXT))
    sync(a, desk_url, "ana")
    sync(b, desk_url, "ben")
    on_b = b.find_document("/home/b/bridge.txt")
    assert [(c.id, c.speaker, c.kinds) for c in b.corrections(on_b.id)] == [
        (fix.id, "Mayor Ana Ruiz", ("attribution",))]
    b.delete_corrections([fix.id])  # ben puts the detected speaker back
    sync(b, desk_url, "ben")
    sync(a, desk_url, "ana")
    assert a.corrections(record.id) == []
    assert sync(a, desk_url, "ana").sent == 0 and sync(b, desk_url, "ben").sent == 0
