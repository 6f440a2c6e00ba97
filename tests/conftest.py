"""Shared fixtures: every test keeps its notes and config in a temporary directory."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hypothesis import HealthCheck, settings

# Property tests never depend on the machine's speed (no deadline, no "too slow" check) and
# draw the same examples on every run (derandomized): a busy machine or a new random draw
# cannot turn the suite red. To look further: MARGIN_HYPOTHESIS=explore pytest tests/core
settings.register_profile("margin", deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", deadline=None, max_examples=2000,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("MARGIN_HYPOTHESIS", "margin"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "ukraine-long-range-missiles.txt"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Keep the developer's own data and config out of the tests."""
    base = tmp_path_factory.mktemp("margin-home")
    monkeypatch.setenv("MARGIN_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("MARGIN_CONFIG_DIR", str(base / "config"))
    monkeypatch.delenv("MARGIN_DEBUG", raising=False)
    # Nor the size of the developer's terminal (tables fit themselves to COLUMNS); whatever a
    # test leaves there is taken away after it.
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    yield


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session", autouse=True)
def _fork_server():
    """The process run_margin forks commands from, stopped after the last test."""
    from tests.hostile import forked

    yield
    forked.stop()


def run_margin(*args: str, stdin: bytes | None = None, timeout: float = 60, env=None):
    """Run the real command (``python -m tui``) in a process of its own: forked from one that
    imported Margin once (tests/hostile/forked.py), or started afresh when given bytes to read
    on standard input, an argument that is not text, or a PYTHON… variable."""
    import subprocess

    from tests.hostile import forked

    full_env = dict(os.environ)
    # The terminal's size is the test's to give: an app test run before this one in the same
    # process may have left COLUMNS behind, and tables fit themselves to it.
    full_env.pop("COLUMNS", None)
    full_env.pop("LINES", None)
    full_env.update(env or {})
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    # What Python reads as it starts (PYTHONIOENCODING…) needs a fresh interpreter.
    fresh = any(k.startswith("PYTHON") for k in (env or {}))
    if stdin is None and not fresh and all(isinstance(a, str) for a in args):
        try:
            return forked.server().run(list(args), env=full_env, cwd=ROOT, timeout=timeout)
        except forked.Timeout:
            raise subprocess.TimeoutExpired([sys.executable, "-m", "tui", *args], timeout)
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env=full_env,
        cwd=ROOT,
    )


def load_document(source: str):
    """The Document of a file, as the reader gets it (no library fallback)."""
    from tui.core.document.parse import from_source
    from tui.core.load.source import load

    return from_source(load(source))


def load_article(source: str):
    """A file's Document analysed: statements and claims."""
    from tui.core.analysis.article import analyse

    return analyse(load_document(source))


def claims_of(texts):
    """The claims of standalone sentences (no context carries over from one to the next)."""
    from tui.core.analysis.claims import analyse_text

    return [analyse_text(t, index=i) for i, t in enumerate(texts)]


@contextmanager
def loopback_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[ThreadingHTTPServer]:
    """A web server on 127.0.0.1 (a free port) answering with ``handler``, in a thread, for as
    long as the block runs."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
