"""A desk at work, seeded: three machines make 200 random changes each (adds, edits, verdict
changes, deletes, restores), each offline for random stretches (its syncs fail; it keeps
writing), and the server is killed and started again halfway. In the end every machine holds
the same notes, every change a machine made and saved is on every machine (as the note, or as
the copy kept beside a note edited on two machines), and the copies are the only extra notes."""

from __future__ import annotations

import random

import pytest

from tests.desk.test_sync import SENTENCES, TEXT, shared
from tui.core.desk.server import DeskError
from tui.core.desk.sync import sync
from tui.core.notes.model import ConflictError, StoreError
from tui.core.notes.selector import describe
from tui.core.notes.store import Store

OPERATIONS = 200
MACHINES = ("ana", "ben", "cy")


@pytest.mark.parametrize("seed", [1])
def test_three_machines_offline_and_a_server_restart_converge_losing_nothing(
        tmp_path, desk_url, server, seed):
    rnd = random.Random(seed)
    stores = {name: Store.open(tmp_path / name, backup=False) for name in MACHINES}
    docs = {name: s.open_document(f"/{name}/a.txt", "A", TEXT)[0].id for name, s in stores.items()}
    offline = {name: 0 for name in MACHINES}  # operations left offline
    sent: set[tuple[str, str, str]] = set()  # (note, body, verdict) waiting when a sync worked
    restarted = False
    for step in range(OPERATIONS * len(MACHINES)):
        name = MACHINES[step % len(MACHINES)]
        store = stores[name]
        if step == OPERATIONS * len(MACHINES) // 2:
            server.restart()  # connections cut mid-work
            restarted = True
        if offline[name] == 0 and rnd.random() < 0.05:
            offline[name] = rnd.randint(5, 40)
        live = store.notes(docs[name], include_deleted=True)
        op = rnd.random()
        body = f"{name}-{step}"
        verdict = rnd.choice(["unverified", "supported", "misleading", "false", "needs-context"])
        try:
            if op < 0.3 or not live:
                start, end = SENTENCES[rnd.randrange(len(SENTENCES))]
                store.add_note(docs[name], describe(TEXT, start, end), body=body, verdict=verdict)
            else:
                note = rnd.choice(live)
                if note.deleted is not None:
                    store.restore_note(note.id)
                elif op < 0.8:
                    store.update_note(note, body=body, verdict=verdict)
                else:
                    store.delete_note(note.id)
        except (ConflictError, StoreError):
            pass
        if offline[name]:
            offline[name] -= 1
            continue
        if rnd.random() < 0.3:
            waiting = _waiting(store)
            try:
                sync(store, desk_url, name)
                sent |= waiting
            except DeskError:
                assert restarted  # only while the server restarts
    for _ in range(3):  # everyone back online: sync until nothing moves
        for name in MACHINES:
            waiting = _waiting(stores[name])
            sync(stores[name], desk_url, name)
            sent |= waiting
    views = [shared(stores[name]) for name in MACHINES]
    assert views[0] == views[1] == views[2]
    assert len(views[0]) > 50
    # Every version a machine had saved when it synced reached the desk: as a revision of its
    # note or as the copy kept beside it.
    import psycopg

    with psycopg.connect(desk_url) as conn:
        history = conn.execute("SELECT h.note_id, n.conflict_of, h.body, h.verdict FROM "
                               "margin_history h JOIN margin_notes n ON n.id = h.note_id").fetchall()
    reached = {(nid, body, verdict) for nid, _, body, verdict in history}
    reached |= {(of, body, verdict) for _, of, body, verdict in history if of}
    assert sent and not sent - reached, sorted(sent - reached)[:5]
    # No revision replaced one its machine had not seen: each was made on the one before.
    with psycopg.connect(desk_url) as conn:
        unseen = conn.execute("SELECT note_id, revision, base FROM margin_history "
                              "WHERE revision > 1 AND base IS DISTINCT FROM revision - 1").fetchall()
    assert not unseen, unseen[:5]
    # Copies are of notes every machine holds.
    assert all(n[6] == "" or n[6] in views[0] for n in views[0].values())
    assert any(n[6] for n in views[0].values())  # edits on two machines happened, kept both


def _waiting(store: Store) -> set[tuple[str, str, str]]:
    return set(store.conn.execute(
        "SELECT n.id, n.body, n.verdict FROM desk_outbox o JOIN notes n ON n.id = o.note_id "
        "WHERE n.deleted IS NULL").fetchall())
