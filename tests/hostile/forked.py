"""Run the real `margin` command in a process of its own, without paying for Python's start and
Margin's imports each time: a server process imports Margin once, then forks a child per
command. The child is what ``python -m tui ARGS`` would be: its own process and session, the
environment, working folder, standard input and memory limit asked for, standard output and
error to files, and at the end what the interpreter does when it exits (the exit code of
``SystemExit``, a traceback and 1 for an uncaught exception, threads joined, exit handlers run,
streams flushed). The hostile corpus runs every command on every input (some 300 runs): forked,
a run costs what the command does, not a second of imports.

Nothing is shared between runs but the imported code: every child starts from the server's state
just after the imports, as every fresh process starts from the same imports.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: What the server imports before it forks: every module a command may need.
_PRELOAD = ("tui.cli", "tui.cli.commands", "tui.cli.checks", "tui.cli.claimreview",
            "tui.cli.correct", "tui.core.analysis.article", "tui.core.load.source",
            "tui.core.session", "tui.core.document.parse")

_SERVER = r"""
import atexit, importlib, json, os, resource, runpy, sys, threading, traceback
for name in PRELOAD:
    importlib.import_module(name)
out = sys.stdout
sys.stdout = open(os.devnull, "w")  # nothing of the server's own on the channel
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.setsid()
            if job["memory"]:
                resource.setrlimit(resource.RLIMIT_AS, (job["memory"], job["memory"]))
            for fd, path, flags in ((0, job["stdin"], os.O_RDONLY),
                                    (1, job["stdout"], os.O_WRONLY | os.O_TRUNC),
                                    (2, job["stderr"], os.O_WRONLY | os.O_TRUNC)):
                opened = os.open(path, flags)
                os.dup2(opened, fd)
                os.close(opened)
            sys.stdout = sys.__stdout__
            os.environ.clear()
            os.environ.update(job["env"])
            os.chdir(job["cwd"])
            sys.argv = ["-m"] + job["args"]
            try:
                runpy.run_module("tui", run_name="__main__", alter_sys=True)
                code = 0
            except SystemExit as e:
                if e.code is None:
                    code = 0
                elif isinstance(e.code, int):
                    code = e.code
                else:
                    print(e.code, file=sys.stderr)
                    code = 1
            except BaseException:
                traceback.print_exc()
                code = 1
            threading._shutdown()
            atexit._run_exitfuncs()
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    code = 120
        finally:
            os._exit(code)
    out.write(json.dumps({"pid": pid}) + "\n")
    out.flush()
    _, status = os.waitpid(pid, 0)
    out.write(json.dumps({"status": status}) + "\n")
    out.flush()
"""


class Timeout(Exception):
    """The command ran longer than it was given (it was killed)."""


class Server:
    """One server process; ``run`` is safe to call from one thread at a time."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        code = f"PRELOAD = {_PRELOAD!r}\n" + _SERVER
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, cwd=ROOT, env=env)
        self.folder = Path(tempfile.mkdtemp(prefix="margin-forked-"))

    def _reply(self, timeout: float | None) -> dict:
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            raise Timeout
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the fork server is gone")
        return json.loads(line)

    def run(self, args: list[str], *, env: dict[str, str], cwd: Path, timeout: float,
            memory: int = 0, stdin: str = os.devnull) -> subprocess.CompletedProcess:
        out, err = self.folder / "out", self.folder / "err"
        out.write_bytes(b"")
        err.write_bytes(b"")
        job = {"args": args, "env": env, "cwd": str(cwd), "memory": memory, "stdin": stdin,
               "stdout": str(out), "stderr": str(err)}
        self.proc.stdin.write((json.dumps(job) + "\n").encode())
        self.proc.stdin.flush()
        pid = self._reply(None)["pid"]
        try:
            status = self._reply(timeout)["status"]
        except Timeout:
            os.killpg(pid, signal.SIGKILL)
            self._reply(None)
            raise
        code = os.waitstatus_to_exitcode(status)
        return subprocess.CompletedProcess(args, code, out.read_bytes(), err.read_bytes())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        for name in ("out", "err"):
            (self.folder / name).unlink(missing_ok=True)
        self.folder.rmdir()


_RUNNING: list[Server] = []


def server() -> Server:
    """This process's server, started when first asked for (tests/conftest.py stops it)."""
    if not _RUNNING:
        _RUNNING.append(Server())
    return _RUNNING[0]


def stop() -> None:
    while _RUNNING:
        _RUNNING.pop().close()
