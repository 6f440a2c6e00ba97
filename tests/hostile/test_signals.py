"""The reader told to end from outside — SIGTERM (a `kill`), SIGHUP (the terminal window closed)
— with words in the note editor: the words are kept as a draft, the terminal is given back as it
was (main screen, cursor shown, mouse tracking off), and the exit code says which signal."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys

import pytest

from tests.conftest import SAMPLE
from tests.hostile.pty_app import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

#: What a terminal needs to be itself again: the main screen, the cursor, no mouse reports.
RESTORED = (b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[?1000l", b"\x1b[?1003l")


def _drafts(data) -> list[str]:
    conn = sqlite3.connect(data / "margin.db")
    try:
        return [r[0] for r in conn.execute("SELECT body FROM drafts")]
    finally:
        conn.close()


@pytest.mark.parametrize("signum, window_closed", [(signal.SIGTERM, False), (signal.SIGHUP, False),
                                                   (signal.SIGHUP, True)],
                         ids=["SIGTERM", "SIGHUP", "SIGHUP, terminal gone"])
def test_a_signal_keeps_the_words_and_gives_the_terminal_back(tmp_path, signum, window_closed):
    data = tmp_path / "data"
    term = Terminal([str(SAMPLE)], {"MARGIN_DATA_DIR": str(data)})
    try:
        assert term.wait_for("Statement 1 of")
        assert term.press_until("a", "Note on statement 1")
        term.send("words I must not lose", 0.1)
        assert term.wait_for("words I must not lose")
        mark = len(term.raw)
        if window_closed:  # nothing reads the terminal any more
            os.close(term.fd)
            term.fd = os.open(os.devnull, os.O_RDONLY)
        term.proc.send_signal(signum)
    finally:
        code = term.close()
    assert code == 128 + signum
    assert _drafts(data) == ["words I must not lose"]
    if not window_closed:
        after = bytes(term.raw[mark:])
        for sequence in RESTORED:
            assert sequence in after, (sequence, after[-400:])
