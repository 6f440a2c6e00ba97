"""Drive the real `margin` command in a pseudo-terminal and read the screen with a VT emulator."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pyte

from tests.conftest import ROOT


class Terminal:
    """`python -m tui ARGS` on a pty of ``cols`` x ``rows``; everything it writes is kept (raw)
    and played into a pyte screen, as a terminal would show it."""

    def __init__(self, args: list[str], env: dict[str, str], cols: int = 120, rows: int = 40):
        self.raw = bytearray()
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        # COLUMNS/LINES (set by other tests in this process) would override the pty's size.
        inherited = {k: v for k, v in os.environ.items()
                     if k not in ("COLUMNS", "LINES", "NO_COLOR") and not k.startswith("TEXTUAL")}
        full_env = dict(inherited, TERM="xterm-256color", COLORTERM="truecolor",
                        PYTHONPATH=str(ROOT), **env)
        self.proc = subprocess.Popen([sys.executable, "-m", "tui", *args], stdin=slave,
                                     stdout=slave, stderr=slave, env=full_env, cwd=ROOT,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.fd = master

    def pump(self, seconds: float = 0.05) -> None:
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                return
            if not data:
                return
            self.raw.extend(data)
            self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def shows(self, words: str, flat: bool = False) -> bool:
        shown = self.text()
        if flat:  # (a notice wrapped: each of its lines starts with the notice's edge)
            shown = shown.replace("\n", "").replace(" ", "").replace("▌", "")
        return words in shown

    def wait_for(self, words: str, timeout: float = 60.0, flat: bool = False) -> bool:
        """Wait until ``words`` are on the screen (``flat``: even when wrapped across lines).
        The timeout only bounds a failure: a busy machine takes longer, never fails."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.1)
            if self.shows(words, flat):
                return True
        return False

    def wait_gone(self, words: str, timeout: float = 60.0) -> bool:
        """Wait until ``words`` are no longer on the screen (a dialog closed)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.1)
            if not self.shows(words):
                return True
        return False

    def press_until(self, keys: str | bytes, words: str, tries: int = 20,
                    timeout: float = 3.0) -> bool:
        """Send ``keys`` until ``words`` show (a busy machine may still be analysing the
        article when the first key comes, and the app then says so and ignores it)."""
        for _ in range(tries):
            self.send(keys, 0.1)
            if self.wait_for(words, timeout):
                return True
        return False

    def send(self, keys: str | bytes, settle: float = 0.3) -> None:
        os.write(self.fd, keys.encode() if isinstance(keys, str) else keys)
        self.pump(settle)

    def close(self, timeout: float = 60.0) -> int | None:
        """Wait for the app to end (``timeout`` bounds only a hang), then collect it."""
        try:
            end = time.monotonic() + timeout
            while time.monotonic() < end and self.proc.poll() is None:
                self.pump(0.1)
        finally:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
            self.pump(0.1)
            os.close(self.fd)
        return self.proc.returncode
