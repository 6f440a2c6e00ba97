"""``margin serve`` tried in a real browser (headless chromium through its DevTools protocol):
the page shows the article, keys reach the reader, and a note written in the browser is in the
user's notes store."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLE, run_margin
from tests.serve.browser import Browser, chromium


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    if chromium() is None:
        if os.geteuid() == 0:
            pytest.fail("chromium is missing (apt-get install chromium; .ci/run does)")
        pytest.skip("chromium is not installed (apt-get install chromium), and without root "
                    "it cannot be")
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "tui", "serve", str(SAMPLE), "--port",
                             str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=tmp_path, start_new_session=True)
    first = proc.stdout.readline().decode()
    assert first.startswith(f"Margin in your browser: http://127.0.0.1:{port}"), first
    yield f"http://127.0.0.1:{port}", proc
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


async def test_a_note_written_in_the_browser_is_in_the_notes_store(served, tmp_path):
    url, proc = served
    async with Browser() as page:
        await page.send("Page.navigate", url=url)
        assert await page.until(lambda: "Ukraine long range missiles" in page.received), \
            page.received[-500:]
        assert await page.until(lambda: "19 statements" in page.received)
        await page.send("Runtime.evaluate",
                        expression="document.querySelector('.xterm-helper-textarea').focus()")
        await page.key("j", "KeyJ", 74)
        assert await page.until(lambda: "Statement 2 of 19" in page.received)
        await page.key("a", "KeyA", 65)
        assert await page.until(lambda: "Note on statement 2" in page.received
                                or "ctrl+s" in page.received.lower())
        await page.type("Checked in a browser.")
        await page.key("s", "KeyS", 83, ctrl=True)
        assert await page.until(lambda: "Note saved on statement 2" in page.received)
        # Export: written on the server, said so, and downloaded by the browser.
        downloads = tmp_path / "downloads"
        downloads.mkdir()
        await page.send("Page.setDownloadBehavior", behavior="allow",
                        downloadPath=str(downloads))
        await page.key("x", "KeyX", 88)
        assert await page.until(lambda: "Export" in page.received)
        await page.key("Enter", "Enter", 13)
        assert await page.until(lambda: page.says(
            "Exported 1 note to") and page.says("on the server (your browser downloads a copy)")
        ), page.received[-800:]
        assert await page.until(lambda: any(p.suffix == ".md" for p in downloads.iterdir()))
        got = next(p for p in downloads.iterdir() if p.suffix == ".md").read_text()
        assert "Checked in a browser." in got
        # The palette: a command chosen by name.
        await page.key("p", "KeyP", 80, ctrl=True)
        assert await page.until(lambda: page.says("Search for commands"))
        await page.type("Last statement")
        await page.key("Enter", "Enter", 13)
        assert await page.until(lambda: page.says("Statement 19 of 19"))

    def stored() -> list:
        got = run_margin("notes", "list", "--json")
        return json.loads(got.stdout) if got.returncode == 0 else []

    notes = stored()
    assert [(n["statement"], n["body"]) for n in notes] == [(2, "Checked in a browser.")]
    proc.send_signal(signal.SIGINT)  # Ctrl+C stops it cleanly
    assert proc.wait(60) == 0
    assert b"Traceback" not in proc.stderr.read()


def test_serve_refuses_what_a_browser_cannot_open_in_one_line(tmp_path):
    for args, said in [(("serve", "--port", "0"), "--port 0"),
                       (("serve", str(tmp_path / "none.txt")), "no such file"),
                       (("serve", "-"), "standard input")]:
        got = run_margin(*args)
        assert got.returncode == 2, got
        assert got.stderr.decode().count("\n") == 1 and said in got.stderr.decode()


def test_listening_beyond_this_machine_says_there_is_no_authentication(tmp_path):
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "tui", "serve", "--host", "0.0.0.0",
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=tmp_path,
                            start_new_session=True)
    try:
        warning = proc.stderr.readline().decode()
        assert "without authentication" in warning and "proxy" in warning
        assert proc.stdout.readline().decode().startswith("Margin in your browser:")
    finally:
        proc.send_signal(signal.SIGINT)  # (before or after it listens: stopped cleanly)
        assert proc.wait(60) in (0, 130)
        assert b"Traceback" not in proc.stderr.read()


def test_a_file_name_is_never_read_as_shell():
    import shlex

    from tui.cli.serve import command, loopback

    name = "/tmp/a $(touch PWNED); `id` 'q\".txt"
    assert shlex.split(command(name))[-2:] == ["--", name]
    assert loopback("127.0.0.1") and loopback("::1") and loopback("localhost")
    assert not loopback("0.0.0.0") and not loopback("192.168.1.4") and not loopback("example.org")
