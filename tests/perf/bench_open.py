"""Benchmark opening a document: time to the first painted screen, peak RSS, and key latency.

Usage: python tests/perf/bench_open.py BOOKS_DIR [--runs N] [--timeout S] [--presses P]

Two documents: the bundled sample article, and the .txt books of BOOKS_DIR concatenated (about
3 MB, written to a temporary three-books.txt, plus a .md copy for the Markdown peer). Each is
opened by three programs, each under its own pseudo-terminal (120x40, TERM=xterm-256color):

  margin          ``python -m tui PATH`` from the repository root, with a temporary data and
                  config directory;
  bare            a Textual app with one Static (a fixed word) and a Footer: the floor;
  markdownviewer  Textual's MarkdownViewer on the .md copy: the peer.

"First screen" is the time from starting the process until the terminal output (escape
sequences removed, cursor moves read as line breaks, runs of blanks read as one space) contains
a marker: a short phrase from the document's opening lines, which fits on one line ("As the
conflict between" for the article; "the Modern Prometheus" for the books, whose file name gives
a title that does not contain it); for bare, its fixed word. Peak RSS
is VmHWM of the process when the marker appears (rss_first_mb) and 1 s later (rss_peak_mb, since
margin goes on analysing in a worker). Runs of the three programs are interleaved; each figure is
the median of the runs. A run that passes --timeout is reported as a timeout. Every program
reads byte code compiled by a warm-up run (not counted) into a temporary cache, as an installed
program reads what its installation compiled (see use_byte_code).

Key latency (in-process, ``App.run_test(size=(120, 40))``, the 3 MB document, the app built
the way ``margin PATH`` builds it): after its workers complete, each key is posted as Pilot posts
it and the app runs on undisturbed; a hook on ``App._display`` timestamps every frame (and renders
it to terminal output, as a real driver would). Reported per key, median of --presses: the time
to the first frame and to the last frame the key causes (none for 50 ms after it) -- the goal is
on the last frame -- and the number of frames. Keys alternate (pagedown/pageup, G/g) so each
press moves. Also reported: ``pilot.press(key)`` + ``pilot.pause()``, which includes Pilot's own
waits for idle (sleeps of >= 20 ms each), and a floor app whose keys change one word.

Ready (in-process, ``App.run_test(size=(120, 40))``, the 3 MB document, a fresh process and
data folder each run, median of --runs): the time from before the document is loaded to the
first frame, to the statements shown (the cursor: j/k move), to notes ready (``a`` opens the
editor: the statements there and the notes store open), to the claims shown, and to settled
(the background work over, the library indexed); and, each run's own, the claims shown and
settled after its first frame.

Goals: margin on the 3 MB document: first screen <= 0.6 s, peak RSS <= 150 MB; statements shown
and notes ready <= 1 s; the claims shown <= 2 s after the first frame; every key <= 16 ms
median. Prints human-readable lines, then a JSON object on its last line.
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import errno
import fcntl
import json
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = REPO_ROOT / "seeds" / "ukraine-long-range-missiles.txt"

COLS, ROWS = 120, 40
GOAL_FIRST_SCREEN_S = 0.6
GOAL_RSS_MB = 150.0
GOAL_KEY_MS = 16.0
GOAL_READY_S = 1.0
GOAL_ANALYSED_S = 2.0  # the claims shown, after the first frame

BARE_WORD = "FloorWordXyzzy"
# Markers: the first words of the first paragraph, short enough never to be wrapped at 120
# columns, and not part of the title Margin derives from the file name.
SAMPLE_MARKER = "As the conflict between"
BOOKS_FIRST = "frankenstein.txt"  # its second paragraph is "or, the Modern Prometheus"
BOOKS_MARKER = "the Modern Prometheus"

BARE_APP = f'''
from textual.app import App
from textual.widgets import Footer, Static


class Bare(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Static("{BARE_WORD}")
        yield Footer()


Bare().run()
'''

MARKDOWN_APP = '''
import sys
from pathlib import Path

from textual.app import App
from textual.widgets import MarkdownViewer


class Peer(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield MarkdownViewer(Path(sys.argv[1]).read_text(encoding="utf-8"),
                             show_table_of_contents=False)


Peer().run()
'''

# ---------------------------------------------------------------- terminal output

_OSC = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_DCS = re.compile(r"\x1b[P_^X][^\x1b]*\x1b\\")
_CSI = re.compile(r"\x1b\[([0-?]*)[ -/]*([@-~])")
_ESC = re.compile(r"\x1b[ -/]*[0-~]")
_CTRL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BLANKS = re.compile(r"[ \t\u00a0]+")


def _csi(match: re.Match) -> str:
    final = match.group(2)
    if final == "m":  # colours and styles: may split a line anywhere, so they vanish
        return ""
    if final == "C":  # cursor forward: a gap on the same line
        return " "
    return "\n"  # cursor positioning, erasing, modes...: a break


def screen_text(raw: str) -> str:
    """The text a terminal output writes, one run of text a line, blanks collapsed."""
    text = _OSC.sub("", raw)
    text = _DCS.sub("", text)
    text = _CSI.sub(_csi, text)
    text = _ESC.sub("", text)
    text = text.replace("\r", "\n")
    text = _CTRL.sub("", text)
    return _BLANKS.sub(" ", text)


def normalise_marker(marker: str) -> str:
    return _BLANKS.sub(" ", marker.strip())


# ---------------------------------------------------------------- one run under a pty

_LIVE: set[subprocess.Popen] = set()


def _vm_kb(pid: int, field: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _set_controlling_tty() -> None:  # runs in the child, after setsid()
    try:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    except OSError:
        pass


def _kill_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _reap(proc: subprocess.Popen) -> None:
    """Make sure the process and its group are gone."""
    if proc.poll() is None:
        _kill_group(proc, signal.SIGTERM)
        try:
            proc.wait(2)
        except subprocess.TimeoutExpired:
            pass
    _kill_group(proc, signal.SIGKILL)  # whatever is left of the group
    if proc.poll() is None:
        proc.wait()
    _LIVE.discard(proc)


class _Reader:
    """Drains the master side of a pty, keeping the decoded output."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.raw = ""
        self.eof = False
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._scanned = 0

    def read_for(self, seconds: float) -> None:
        """Read whatever arrives within ``seconds`` (stops early at end of file)."""
        deadline = time.perf_counter() + seconds
        while not self.eof:
            left = deadline - time.perf_counter()
            if left <= 0:
                return
            self._read_once(left)

    def _read_once(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError as exc:
            if exc.errno == errno.EIO:  # the slave side is closed: the child is gone
                self.eof = True
                return False
            raise
        if not chunk:
            self.eof = True
            return False
        self.raw += self._decoder.decode(chunk)
        return True

    def wait_for(self, marker: str, deadline: float) -> float | None:
        """Read until ``marker`` is on screen; the perf_counter time it was seen, or None."""
        while True:
            # Re-scan a window before the new output: an escape sequence or the marker itself
            # may straddle two reads.
            start = max(0, self._scanned - 4096)
            if marker in screen_text(self.raw[start:]):
                return time.perf_counter()
            self._scanned = len(self.raw)
            left = deadline - time.perf_counter()
            if left <= 0 or self.eof:
                return None
            self._read_once(min(left, 0.5))

    def tail(self, n: int = 300) -> str:
        return " ".join(screen_text(self.raw[-20000:]).split())[-n:]


def _cpu_ticks(pid: int) -> int | None:
    """User + system CPU time of a process, in clock ticks."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return None


def _settle_until_idle(reader: "_Reader", pid: int, most: float) -> None:
    """Read output until the process has used no CPU for a second (its workers are done), or
    ``most`` seconds have passed."""
    deadline = time.perf_counter() + most
    last = _cpu_ticks(pid)
    quiet_since = time.perf_counter()
    while time.perf_counter() < deadline and not reader.eof:
        reader.read_for(0.25)
        now_ticks = _cpu_ticks(pid)
        if now_ticks is None:
            return
        if now_ticks - (last or 0) > 2:  # more than 20 ms of CPU in a quarter second: busy
            quiet_since = time.perf_counter()
        elif time.perf_counter() - quiet_since >= 1.0:
            return
        last = now_ticks


def unwind_on_signals() -> None:
    """SIGTERM / SIGHUP to a benchmark unwind through its finally blocks (children killed,
    temporary files removed)."""
    def _stop(signum, frame):
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop)


def use_byte_code(cache: Path) -> None:
    """Every program started from here on reads its modules' byte code from ``cache``, written
    by the warm-up, as an installed program reads the byte code its installation compiled.
    (PYTHONDONTWRITEBYTECODE, set in some environments, would otherwise make every run compile
    Margin from its source, 0.17 s of a 0.5 s start, while Textual's installed byte code is
    read: a cost no installed Margin has.) Set in this process's environment: children inherit
    it."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(cache)


def terminal_env(**extra: str) -> dict:
    """This process's environment for a program under a pseudo-terminal: nothing that sets its
    size or its driver, a 256-colour terminal, and ``extra``."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("COLUMNS", "LINES", "TEXTUAL", "TEXTUAL_DRIVER", "NO_COLOR")}
    env.update(TERM="xterm-256color", COLORTERM="truecolor", **extra)
    return env


def measure_open(cmd: list[str], cwd: Path, env: dict, marker: str, timeout: float,
                 settle: float, quit_key: bytes = b"q", until_idle: bool = False) -> dict:
    """Start ``cmd`` under a 120x40 pty; time until ``marker`` is on screen; VmHWM then and
    ``settle`` seconds later (with ``until_idle``: once the process stops using CPU, at most
    ``settle`` seconds later); quit with ``quit_key`` and reap."""
    master, slave = os.openpty()
    result: dict = {"status": "error"}
    proc = None
    try:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=str(cwd), env=env, stdin=slave, stdout=slave,
                                stderr=slave, start_new_session=True,
                                preexec_fn=_set_controlling_tty, close_fds=True)
        _LIVE.add(proc)
        os.close(slave)
        slave = -1
        reader = _Reader(master)
        seen = reader.wait_for(normalise_marker(marker), t0 + timeout)
        if seen is None:
            if reader.eof and proc.poll() is None:
                try:  # the terminal closed: the process is on its way out
                    proc.wait(2)
                except subprocess.TimeoutExpired:
                    pass
            if proc.poll() is not None:
                result = {"status": "exited", "returncode": proc.returncode,
                          "output_tail": reader.tail()}
            else:
                result = {"status": "timeout", "output_tail": reader.tail()}
            return result
        first = _vm_kb(proc.pid, "VmHWM")
        if until_idle:
            _settle_until_idle(reader, proc.pid, settle)
        else:
            reader.read_for(settle)
        peak = _vm_kb(proc.pid, "VmHWM")
        result = {
            "status": "ok",
            "first_screen_s": seen - t0,
            "rss_first_mb": None if first is None else first / 1024,
            "rss_peak_mb": None if peak is None else (peak or first or 0) / 1024,
        }
        # Quit politely, and keep draining so the child never blocks on a full pty.
        try:
            os.write(master, quit_key)
        except OSError:
            pass
        deadline = time.perf_counter() + 5
        while proc.poll() is None and time.perf_counter() < deadline:
            reader.read_for(0.05)
        result["quit_cleanly"] = proc.poll() is not None
        return result
    finally:
        if proc is not None:
            _reap(proc)
        if slave >= 0:
            os.close(slave)
        os.close(master)


# ---------------------------------------------------------------- key latency (in-process)


def _construct_margin_app(path: Path):
    """Build the app the way ``margin PATH`` does (tui.cli.main -> cmd_read -> tui.app.app),
    with ``MarginApp.run`` replaced so that it hands the instance back instead of running it.
    Returns (app, note)."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    try:
        from tui.app import app as app_mod
    except Exception as exc:  # the module is not written yet, or is broken
        return None, f"tui.app.app cannot be imported ({type(exc).__name__}: {exc})"
    cls = getattr(app_mod, "MarginApp", None)
    if cls is None:
        return None, "tui.app.app has no MarginApp yet"
    captured: list = []

    def capture(self, *args, **kwargs):
        captured.append(self)
        return 0

    original = cls.__dict__.get("run")
    cls.run = capture
    try:
        from tui import cli

        rc = cli.main([str(path)])
    except (Exception, SystemExit) as exc:  # fall back below
        rc = f"{type(exc).__name__}: {exc}"
    finally:
        if original is None:
            del cls.run
        else:
            cls.run = original
    if captured:
        return captured[0], "constructed through tui.cli.main"
    try:  # fall back on the simplest construction
        from tui.core.session import Session

        with Session() as session:
            document = session.load(str(path)).document
        return cls(document), (f"tui.cli.main did not run the app ({rc}); "
                               "constructed as MarginApp(Session().load(path).document)")
    except Exception as exc:
        return None, f"cannot construct MarginApp ({rc}; {type(exc).__name__}: {exc})"


KEY_PAIRS = (("pagedown", "pageup"), ("G", "g"))


QUIET_S = 0.05  # no paint for this long after a key: its effect is on screen
KEY_CAP_S = 1.0  # give up waiting for a key's last paint after this long


class _PaintClock:
    """Timestamps every frame the app paints. Run headless, ``App._display`` gets each compositor
    update but writes nothing; the clock also turns it into terminal output (as a real driver
    would), so a frame's cost includes that."""

    def __init__(self, app) -> None:
        self.times: list[float] = []
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is None:
                return
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(app.console)
            self.times.append(time.perf_counter())

        app._display = display  # an instance attribute shadows the method


def _key_event(key: str):
    from textual import events

    return events.Key(key, key if len(key) == 1 else None)


async def _press_until_painted(app, clock: _PaintClock, key: str):
    """Post the key as Pilot does and let the app run normally; return the time to its first
    and to its last frame (the last: no frame for QUIET_S after it), and the frame count."""
    event = _key_event(key)
    event.set_sender(app)
    before = len(clock.times)
    t0 = time.perf_counter()
    app._driver.send_message(event)
    while True:
        await asyncio.sleep(0.002)
        now = time.perf_counter()
        frames = clock.times[before:]
        if frames and now - frames[-1] >= QUIET_S:
            break
        if not frames and now - t0 >= QUIET_S * 4:
            break  # the key painted nothing
        if now - t0 >= KEY_CAP_S:
            break
    frames = clock.times[before:]
    if not frames:
        return None, None, 0
    return frames[0] - t0, frames[-1] - t0, len(frames)


async def _time_keys(app, pilot, presses: int, check_moved: bool) -> dict:
    clock = _PaintClock(app)
    out: dict = {}
    for forward, back in KEY_PAIRS:
        first: dict[str, list[float]] = {forward: [], back: []}
        last: dict[str, list[float]] = {forward: [], back: []}
        frames: dict[str, list[int]] = {forward: [], back: []}
        via_pilot: dict[str, list[float]] = {forward: [], back: []}
        moved = {forward: 0, back: 0}
        await pilot.press(back)  # start where the forward key moves (top, for G and pagedown)
        await pilot.pause()
        # 1. Key to painted frame, the app running as it would in a terminal.
        for i in range(2 * presses):
            key = forward if i % 2 == 0 else back
            before = app.export_screenshot() if check_moved else None
            t_first, t_last, n = await _press_until_painted(app, clock, key)
            frames[key].append(n)
            if t_first is not None:
                first[key].append(t_first)
                last[key].append(t_last)
            await pilot.pause()
            if check_moved and app.export_screenshot() != before:
                moved[key] += 1
        # 2. As a test would: pilot.press + pilot.pause (each waits for idle: >= 20 ms sleeps).
        for i in range(2 * presses):
            key = forward if i % 2 == 0 else back
            t0 = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            via_pilot[key].append(time.perf_counter() - t0)
        for key in (forward, back):
            out[key] = {
                "median_ms": None if not last[key] else statistics.median(last[key]) * 1000,
                "max_ms": None if not last[key] else max(last[key]) * 1000,
                "first_frame_median_ms": (None if not first[key]
                                          else statistics.median(first[key]) * 1000),
                "frames_median": statistics.median(frames[key]),
                "presses": presses,
                "presses_without_paint": frames[key].count(0),
                "pilot_median_ms": statistics.median(via_pilot[key]) * 1000,
            }
            if check_moved:
                out[key]["moved_screen"] = moved[key]
    return out


async def _key_latency(app, presses: int, worker_timeout: float) -> dict:
    out: dict = {}
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        await pilot.pause()
        t = time.perf_counter()
        try:
            await asyncio.wait_for(app.workers.wait_for_complete(), worker_timeout)
        except asyncio.TimeoutError:
            out["note"] = f"workers still running after {worker_timeout:.0f} s; timed anyway"
        out["workers_s"] = time.perf_counter() - t
        await pilot.pause()
        out.update(await _time_keys(app, pilot, presses, check_moved=True))
        await pilot.press("q")
    return out


async def _floor_latency(presses: int) -> dict:
    """The same timings on an app whose keys only change one word: the harness's own cost."""
    from textual.app import App
    from textual.widgets import Footer, Static

    class Floor(App):
        BINDINGS = [(k, "count", k) for pair in KEY_PAIRS for k in pair]
        count = 0

        def action_count(self) -> None:
            self.count += 1
            self.query_one(Static).update(f"{BARE_WORD} {self.count}")

        def compose(self):
            yield Static(BARE_WORD)
            yield Footer()

    app = Floor()
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        await pilot.pause()
        return await _time_keys(app, pilot, presses, check_moved=False)


def measure_keys(path: Path, presses: int, worker_timeout: float) -> dict:
    app, note = _construct_margin_app(path)
    if app is None:
        return {"skipped": note}
    try:
        result = asyncio.run(_key_latency(app, presses, worker_timeout))
    except Exception as exc:  # report, do not crash the whole benchmark
        return {"error": f"{type(exc).__name__}: {exc}", "construction": note}
    result["construction"] = note
    try:
        result["floor"] = asyncio.run(_floor_latency(presses))
    except Exception as exc:
        result["floor"] = {"error": f"{type(exc).__name__}: {exc}"}
    return result


# ---------------------------------------------------------------- ready (in-process)

READY_STATES = ("first_frame_s", "statements_s", "notes_s", "claims_s", "settled_s")


async def _ready_once(path: Path, timeout: float) -> dict:
    """Open ``path`` once, in this process, as ``margin PATH`` does (the document loaded, then
    the reader on it; the modules imported first); the time from before the load to each state."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    try:
        from tui.app.app import MarginApp
        from tui.core.session import Session
    except Exception as exc:  # not written yet, or broken
        return {"skipped": f"tui.app.app cannot be imported ({type(exc).__name__}: {exc})"}
    t0 = time.perf_counter()
    with Session() as session:
        opened = session.load(str(path))
    app = MarginApp(opened.document)
    clock = _PaintClock(app)
    out: dict = {}

    def reached(name: str, now: bool) -> None:
        if now and name not in out:
            out[name] = time.perf_counter() - t0

    async with app.run_test(size=(COLS, ROWS)):
        while time.perf_counter() - t0 < timeout and not all(k in out for k in READY_STATES):
            if clock.times and "first_frame_s" not in out:
                out["first_frame_s"] = clock.times[0] - t0
            views = app.query("#article")
            if views:
                reached("statements_s", len(views.first().statements) > 0)
                reached("claims_s", len(views.first().claims) > 0)
            # What ``a`` asks for before it opens the editor.
            reached("notes_s", app.article is not None and app.session is not None
                    and app.record is not None)
            reached("settled_s", not getattr(app, "analysing", False) and app.library_current)
            await asyncio.sleep(0.002)
        app.exit()
    return out


def measure_ready(path: Path, runs: int, timeout: float, tmp: Path) -> dict:
    """--runs opens of ``path``, each in a fresh process with a fresh data folder (the first
    open of the document: its text stored, its notes store made); medians of each state."""
    results = []
    for i in range(runs):
        home = tmp / f"ready-{i}"
        (home / "data").mkdir(parents=True)
        (home / "config").mkdir()
        env = dict(os.environ, MARGIN_DATA_DIR=str(home / "data"),
                   MARGIN_CONFIG_DIR=str(home / "config"))
        proc = subprocess.run([sys.executable, __file__, "--ready-one", str(path), str(timeout)],
                              cwd=str(REPO_ROOT), env=env, capture_output=True, text=True,
                              timeout=timeout + 30)
        lines = proc.stdout.strip().splitlines()
        try:
            results.append(json.loads(lines[-1]))
        except (IndexError, json.JSONDecodeError):
            results.append({"error": (proc.stderr or proc.stdout)[-300:]})
    out: dict = {k: _median([r.get(k) for r in results]) for k in READY_STATES}
    for k in ("claims_s", "settled_s"):  # after the first frame, each run's own
        out[k.replace("_s", "_after_first_frame_s")] = _median([
            r[k] - r["first_frame_s"] for r in results
            if r.get(k) is not None and r.get("first_frame_s") is not None])
    out["runs"] = results
    return out


# ---------------------------------------------------------------- main


def _median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _paren(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f" (floor {value:.{digits}f})"


def _fmt(value: float | None, unit: str, digits: int = 3) -> str:
    return "   n/a" if value is None else f"{value:.{digits}f} {unit}"


def summarise(runs: list[dict], timeout: float) -> dict:
    ok = [r for r in runs if r["status"] == "ok"]
    out = {
        "first_screen_s": _median([r["first_screen_s"] for r in ok]),
        "rss_first_mb": _median([r["rss_first_mb"] for r in ok]),
        "rss_peak_mb": _median([r["rss_peak_mb"] for r in ok]),
        "ok_runs": len(ok),
        "timeouts": sum(r["status"] == "timeout" for r in runs),
        "runs": runs,
    }
    if not ok and out["timeouts"]:
        out["note"] = f"timed out (> {timeout:.0f} s) in every run"
    failed = [r for r in runs if r["status"] == "exited"]
    if failed:
        out["failure"] = failed[-1]
    return out


def _describe(name: str, s: dict, timeout: float) -> str:
    if s["ok_runs"] == 0:
        if s["timeouts"]:
            return f"  {name:<15} TIMEOUT (> {timeout:.0f} s)"
        fail = s.get("failure") or {}
        return (f"  {name:<15} FAILED (exit {fail.get('returncode')}): "
                f"{fail.get('output_tail', '')[-160:]}")
    extra = f"  ({s['timeouts']} timeouts)" if s["timeouts"] else ""
    return (f"  {name:<15} first screen {_fmt(s['first_screen_s'], 's')}   "
            f"RSS at first screen {_fmt(s['rss_first_mb'], 'MB', 1)}   "
            f"+1 s {_fmt(s['rss_peak_mb'], 'MB', 1)}{extra}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("books", help="a directory of .txt books (concatenated: ~3 MB)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each program (median)")
    parser.add_argument("--timeout", type=float, default=60.0, help="cap on one run, seconds")
    parser.add_argument("--settle", type=float, default=1.0,
                        help="seconds after the first screen before reading peak RSS again")
    parser.add_argument("--presses", type=int, default=20, help="timed presses of each key")
    parser.add_argument("--no-keys", action="store_true", help="skip the key latency part")
    parser.add_argument("--keys-only", action="store_true",
                        help="only the key latency part (no first-screen runs)")
    parser.add_argument("--ready-only", action="store_true",
                        help="only the ready part (no first-screen runs, no key latency)")
    parser.add_argument("--keep-temp", action="store_true", help="keep the temporary files")
    args = parser.parse_args(argv)

    books_dir = Path(args.books)
    books = sorted(books_dir.glob("*.txt")) if books_dir.is_dir() else []
    if not books:
        print(f"bench_open: no .txt books in {books_dir} (is the directory missing?)",
              file=sys.stderr)
        return 2
    if not SAMPLE.is_file():
        print(f"bench_open: the sample article is missing: {SAMPLE}", file=sys.stderr)
        return 2
    if args.runs < 1 or args.timeout <= 0:
        print("bench_open: --runs must be >= 1 and --timeout > 0", file=sys.stderr)
        return 2

    load = os.getloadavg()
    machine = {"cpu_count": os.cpu_count(), "loadavg": [round(x, 2) for x in load],
               "python": sys.version.split()[0]}
    try:
        import textual

        machine["textual"] = getattr(textual, "__version__", None)
    except Exception:
        pass
    print(f"machine: {machine['cpu_count']} CPUs, load average {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f} at start (numbers are noisy on 2 cores); "
          f"pty {COLS}x{ROWS}, {args.runs} runs, timeout {args.timeout:.0f} s")

    tmp = Path(tempfile.mkdtemp(prefix="margin-bench-open-"))
    unwind_on_signals()

    try:
        # Inputs. The books: Frankenstein first, so its title page opens the document.
        books.sort(key=lambda p: (p.name != BOOKS_FIRST, p.name))
        text = "\n\n".join(p.read_text(encoding="utf-8-sig").strip("\n") for p in books) + "\n"
        books_txt = tmp / "three-books.txt"
        books_md = tmp / "three-books.md"
        books_txt.write_text(text, encoding="utf-8")
        books_md.write_text(text, encoding="utf-8")
        sample_md = tmp / "sample-article.md"
        sample_md.write_text(SAMPLE.read_text(encoding="utf-8-sig"), encoding="utf-8")
        books_marker = BOOKS_MARKER if BOOKS_MARKER in text[:2000] else None
        if books_marker is None:  # another set of books: the first words of the first line
            first = next(line for line in text.splitlines() if line.strip())
            books_marker = " ".join(first.split()[:3])[:40]
        docs = [
            ("article", SAMPLE, sample_md, SAMPLE_MARKER),
            ("books", books_txt, books_md, books_marker),
        ]
        bare_py = tmp / "bare_app.py"
        bare_py.write_text(BARE_APP, encoding="utf-8")
        md_py = tmp / "markdown_app.py"
        md_py.write_text(MARKDOWN_APP, encoding="utf-8")
        (tmp / "data").mkdir()
        (tmp / "config").mkdir()
        use_byte_code(tmp / "pycache")

        env = terminal_env(MARGIN_DATA_DIR=str(tmp / "data"),
                           MARGIN_CONFIG_DIR=str(tmp / "config"))
        py = sys.executable

        def programs(txt: Path, md: Path, marker: str):
            return [
                ("bare", [py, str(bare_py)], tmp, BARE_WORD),
                ("markdownviewer", [py, str(md_py), str(md)], tmp, marker),
                ("margin", [py, "-m", "tui", str(txt)], REPO_ROOT, marker),
            ]

        # Warm-up (not counted): imports and byte-code caches, on the small document, each
        # program until its background work is over (so that what it imports then is compiled).
        skip_open = args.keys_only or args.ready_only
        warm = programs(SAMPLE, sample_md, SAMPLE_MARKER)
        for _, cmd, cwd, marker in ([] if args.keys_only else
                                    warm[-1:] if args.ready_only else warm):
            measure_open(cmd, cwd, env, marker, args.timeout, 10.0, until_idle=True)

        report: dict = {"machine": machine, "runs": args.runs, "timeout_s": args.timeout,
                        "settle_s": args.settle, "size": [COLS, ROWS],
                        "byte_code": "compiled by the warm-up into a temporary cache",
                        "documents": {}}
        for doc_name, txt, md, marker in ([] if skip_open else docs):
            size_mb = txt.stat().st_size / 1e6
            print(f"\n{doc_name}: {txt.name} ({size_mb:.2f} MB), marker {marker!r} "
                  f"(bare: {BARE_WORD!r})")
            runs: dict[str, list[dict]] = {}
            for _ in range(args.runs):  # interleaved, so load changes hit all three alike
                for name, cmd, cwd, mk in programs(txt, md, marker):
                    runs.setdefault(name, []).append(
                        measure_open(cmd, cwd, env, mk, args.timeout, args.settle))
            summary = {name: summarise(r, args.timeout) for name, r in runs.items()}
            for name in ("margin", "bare", "markdownviewer"):
                print(_describe(name, summary[name], args.timeout))
            m, b, v = summary["margin"], summary["bare"], summary["markdownviewer"]
            ratios = {}
            for key in ("first_screen_s", "rss_first_mb", "rss_peak_mb"):
                ratios[key] = {"margin/bare": _ratio(m[key], b[key]),
                               "margin/markdownviewer": _ratio(m[key], v[key])}
            peer_bound = None
            if v["ok_runs"] == 0 and v["timeouts"] and m["first_screen_s"] is not None:
                # The peer never painted: the ratio is below margin / timeout.
                peer_bound = m["first_screen_s"] / args.timeout
                ratios["first_screen_s"]["margin/markdownviewer_below"] = peer_bound
            summary["ratios"] = ratios

            def r(x):
                return "n/a" if x is None else f"{x:.2f}x"

            peer_txt = (r(ratios['first_screen_s']['margin/markdownviewer']) if peer_bound is None
                        else f"< {peer_bound:.2f}x (it timed out)")
            print(f"  ratios          first screen: {r(ratios['first_screen_s']['margin/bare'])}"
                  f" of bare, {peer_txt} of "
                  f"MarkdownViewer;  peak RSS: {r(ratios['rss_peak_mb']['margin/bare'])} of "
                  f"bare, {r(ratios['rss_peak_mb']['margin/markdownviewer'])} of MarkdownViewer")
            report["documents"][doc_name] = {"path": str(txt), "bytes": txt.stat().st_size,
                                             "marker": marker, **summary}

        # Key latency, in-process (after every fork: the app may start threads).
        if args.no_keys or args.ready_only:
            keys = {"skipped": "--no-keys" if args.no_keys else "--ready-only"}
        else:
            os.environ["MARGIN_DATA_DIR"] = str(tmp / "data")
            os.environ["MARGIN_CONFIG_DIR"] = str(tmp / "config")
            keys = measure_keys(books_txt, args.presses, args.timeout)
        report["keys"] = keys
        ready = (measure_ready(books_txt, args.runs, args.timeout, tmp) if not args.keys_only
                 else {"skipped": "--keys-only"})
        report["ready"] = ready
        print(f"\nready (in-process run_test {COLS}x{ROWS}, {books_txt.name}, a fresh process "
              f"and data folder each run, median of {args.runs}; from before the document is "
              "loaded):")
        if "skipped" in ready:
            print(f"  skipped: {ready['skipped']}")
        else:
            print(f"  first frame {_fmt(ready['first_frame_s'], 's', 2)}   statements shown "
                  f"(cursor, j/k) {_fmt(ready['statements_s'], 's', 2)}   notes ready (a) "
                  f"{_fmt(ready['notes_s'], 's', 2)}   claims shown "
                  f"{_fmt(ready['claims_s'], 's', 2)}   settled {_fmt(ready['settled_s'], 's', 2)}")
            print(f"  after the first frame: claims shown "
                  f"{_fmt(ready['claims_after_first_frame_s'], 's', 2)}   settled "
                  f"{_fmt(ready['settled_after_first_frame_s'], 's', 2)}")
        print(f"\nkeys (in-process run_test {COLS}x{ROWS}, {books_txt.name}, median of "
              f"{args.presses} presses; key event to the frame painted, and as "
              "pilot.press + pilot.pause; (floor) = an app whose key changes one word):")
        if "skipped" in keys or "error" in keys:
            print(f"  skipped: {keys.get('skipped') or keys.get('error')}")
        else:
            print(f"  {keys['construction']}; workers done {keys['workers_s']:.2f} s after "
                  f"the first pause{'; ' + keys['note'] if 'note' in keys else ''}")
            floor = keys.get("floor", {})
            for key in ("pagedown", "pageup", "G", "g"):
                k = keys[key]
                f = floor.get(key) or {}
                if k["median_ms"] is None:
                    print(f"  {key:<9} never painted a frame  [goal <= {GOAL_KEY_MS:.0f} ms: "
                          f"MISSED]")
                    continue
                verdict = "ok" if k["median_ms"] <= GOAL_KEY_MS else "OVER"
                notes = []
                if k["moved_screen"] != k["presses"]:
                    notes.append(f"changed the screen in only {k['moved_screen']}/"
                                 f"{k['presses']} presses")
                if k["presses_without_paint"]:
                    notes.append(f"{k['presses_without_paint']} presses painted nothing")
                print(f"  {key:<9} to last frame {k['median_ms']:6.2f} ms"
                      f"{_paren(f.get('median_ms'))}, first frame "
                      f"{k['first_frame_median_ms']:6.2f} ms, max {k['max_ms']:6.2f} ms, "
                      f"{k['frames_median']:g} frames  [goal <= {GOAL_KEY_MS:.0f} ms: {verdict}]"
                      f"   pilot {k['pilot_median_ms']:4.0f} ms"
                      f"{_paren(f.get('pilot_median_ms'), 0)}"
                      + (f"  -- {'; '.join(notes)}" if notes else ""))
            if "error" in floor:
                print(f"  floor app failed: {floor['error']}")

        # Goals.
        mb = report["documents"].get("books", {}).get(
            "margin", {"first_screen_s": None, "rss_peak_mb": None})
        key_medians = ({k: keys[k]["median_ms"] for k in ("pagedown", "pageup", "G", "g")}
                       if "pagedown" in keys else {})
        if key_medians and None in key_medians.values():
            worst_key = float("inf")  # a key that never painted misses the goal
        else:
            worst_key = max(key_medians.values()) if key_medians else None
        ready_s = (None if "skipped" in ready or None in (ready["statements_s"], ready["notes_s"])
                   else max(ready["statements_s"], ready["notes_s"]))
        analysed_s = None if "skipped" in ready else ready["claims_after_first_frame_s"]
        goals = {
            "margin_books_analysed_s": {
                "goal": GOAL_ANALYSED_S, "value": analysed_s,
                "basis": "claims shown after the first frame (median of the runs' own)",
                "ok": None if analysed_s is None else analysed_s <= GOAL_ANALYSED_S},
            "margin_books_ready_s": {
                "goal": GOAL_READY_S, "value": ready_s,
                "basis": "the later of statements shown and notes ready (median)",
                "ok": None if ready_s is None else ready_s <= GOAL_READY_S},
            "margin_books_first_screen_s": {
                "goal": GOAL_FIRST_SCREEN_S, "value": mb["first_screen_s"],
                "ok": None if mb["first_screen_s"] is None
                else mb["first_screen_s"] <= GOAL_FIRST_SCREEN_S},
            "margin_books_rss_peak_mb": {
                "goal": GOAL_RSS_MB, "value": mb["rss_peak_mb"],
                "ok": None if mb["rss_peak_mb"] is None else mb["rss_peak_mb"] <= GOAL_RSS_MB},
            "key_median_ms": {
                "goal": GOAL_KEY_MS, "value": worst_key, "per_key": key_medians,
                "basis": "worst key's median time from the key event to the last frame it "
                         "causes (in-process, headless, frames rendered to terminal output)",
                "ok": None if worst_key is None else worst_key <= GOAL_KEY_MS},
        }
        report["goals"] = goals

        def verdict(g):
            return {True: "ok", False: "MISSED", None: "not measured"}[g["ok"]]

        print("\ngoals (margin, 3 MB document):")
        g = goals["margin_books_first_screen_s"]
        print(f"  first screen {_fmt(g['value'], 's')}  <= {GOAL_FIRST_SCREEN_S} s: {verdict(g)}")
        g = goals["margin_books_rss_peak_mb"]
        print(f"  peak RSS     {_fmt(g['value'], 'MB', 1)} <= {GOAL_RSS_MB:.0f} MB: {verdict(g)}")
        g = goals["margin_books_ready_s"]
        print(f"  moves, notes {_fmt(g['value'], 's')}  <= {GOAL_READY_S} s: {verdict(g)}")
        g = goals["margin_books_analysed_s"]
        print(f"  claims       {_fmt(g['value'], 's')}  <= {GOAL_ANALYSED_S} s after the first "
              f"frame: {verdict(g)}")
        g = goals["key_median_ms"]
        print(f"  worst key    {_fmt(g['value'], 'ms', 2)}  <= {GOAL_KEY_MS:.0f} ms: {verdict(g)}")
        print(json.dumps(report, ensure_ascii=False))
        return 0
    finally:
        for proc in list(_LIVE):
            _reap(proc)
        if not args.keep_temp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--ready-one"]:  # one timed open (measure_ready runs this)
        print(json.dumps(asyncio.run(_ready_once(Path(sys.argv[2]), float(sys.argv[3])))))
        sys.exit(0)
    sys.exit(main())
