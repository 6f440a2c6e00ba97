"""Two readers' desks running at once: a note saved on one is on the other within seconds,
without anyone syncing by hand; the server lost and back, the notes go up."""

from __future__ import annotations

import time

from tests.desk.test_sync import add, machine
from tui.core.desk.live import LiveDesk


def until(check, timeout: float = 60.0) -> bool:
    """Wait for a state (polling), never for a fixed time; False after ``timeout``."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.02)
    return check()


def test_a_note_saved_on_one_reader_reaches_the_other_by_itself(tmp_path, desk_url, server):
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    said: list[str] = []
    desks = [LiveDesk(a.path.parent, desk_url, "ana", said.append, retry=0.2).start(),
             LiveDesk(b.path.parent, desk_url, "ben", said.append, retry=0.2).start()]
    try:
        assert until(lambda: all(d.online for d in desks))
        note = add(a, 0, "seen by ben")
        assert until(lambda: b.conn.execute("SELECT body, author FROM notes WHERE id = ?",
                                            (note.id,)).fetchone() == ("seen by ben", "ana"))
        server.stop("immediate")
        assert until(lambda: desks[0].online is False)
        assert any(line.startswith("Working offline") for line in said)
        late = add(a, 1, "written while the desk was down")
        server.start()
        assert until(lambda: b.conn.execute("SELECT body FROM notes WHERE id = ?",
                                            (late.id,)).fetchone() is not None, 120)
        # (said by the desk that came back, maybe a moment after its first sync)
        assert until(lambda: any(line.startswith("The desk is back") for line in said))
    finally:
        for desk in desks:
            desk.stop()
    assert server.password not in "".join(said)
