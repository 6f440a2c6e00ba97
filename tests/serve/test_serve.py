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
from pathlib import Path

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
        # The article's first line on the screen the browser drew.
        assert await page.until(lambda: page.shows("As the conflict between Russia and")), \
            page.received[-500:]
        assert await page.until(lambda: page.shows("19 statements")
                                and page.shows("Statement 1 of 19"))
        await page.send("Runtime.evaluate",
                        expression="document.querySelector('.xterm-helper-textarea').focus()")
        await page.key("j", "KeyJ", 74)
        assert await page.until(lambda: page.shows("Statement 2 of 19"))
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
        # The mouse: the wheel scrolls the article back up; a click on a sentence reads it.
        first = "As the conflict between Russia and"
        for _ in range(30):  # (each turn of the wheel scrolls a few lines)
            top = page.lines()[1]
            await page.wheel(40, 10, -120)
            if not await page.until(lambda: page.lines()[1] != top, 30) or page.shows(first):
                break
        assert page.shows(first), page.lines()[:3]
        column, row = page.where("Russian President Vladimir Putin has already")
        await page.click(column + 3, row)
        assert await page.until(lambda: page.shows("Statement 7 of 19"))
        # The theme: chosen in the palette, drawn in the browser, kept for the next reader.
        dark = page.screen.buffer[row][column + 3].bg
        await page.key("p", "KeyP", 80, ctrl=True)
        assert await page.until(lambda: page.shows("Search for commands"))
        await page.type("theme")
        assert await page.until(lambda: page.shows("Change the current theme"))
        await page.key("Enter", "Enter", 13)
        assert await page.until(lambda: page.shows("Search for themes"))
        await page.type("textual-light")
        await page.key("Enter", "Enter", 13)

        def light() -> bool:
            bg = page.screen.buffer[row][column + 3].bg
            return len(bg) == 6 and sum(int(bg[i:i + 2], 16) for i in (0, 2, 4)) > 3 * 160

        assert await page.until(light), (dark, page.screen.buffer[row][column + 3])
        assert page.shows("Russian President Vladimir Putin has already")
        config = json.loads((Path(os.environ["MARGIN_CONFIG_DIR"]) / "config.json").read_text())
        assert config["theme"] == "textual-light"

    # Ctrl+C in its terminal (to the server and its readers, one just ending) stops it cleanly.
    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(60) == 0
    said = proc.stdout.read() + proc.stderr.read()
    assert b"Traceback" not in said and b"KeyboardInterrupt" not in said, said
    got = run_margin("notes", "list", "--json")
    assert got.returncode == 0, got
    notes = json.loads(got.stdout)
    assert [(n["statement"], n["body"]) for n in notes] == [(2, "Checked in a browser.")]


def test_serve_refuses_what_a_browser_cannot_open_in_one_line(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    for args, said in [(("serve", "--port", "0"), "--port 0"),
                       (("serve", str(tmp_path / "none.txt")), "no such file"),
                       (("serve", "-"), "standard input"),
                       (("serve", str(tmp_path)), "is a directory"),
                       (("serve", str(tmp_path / "pipe.txt")), "a device or a pipe"),
                       (("serve", "/dev/zero"), "a device or a pipe"),
                       (("serve", str(tmp_path / "empty.txt")), "no text in it"),
                       (("serve", str(tmp_path / "image.txt")), "not text")]:
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


def test_the_server_says_one_line_of_its_own_and_a_busy_port_in_one_line(tmp_path):
    article = tmp_path / "[bold red]odd [blink]name.txt"  # (Rich markup, were it read as such)
    article.write_text("The council said the bridge would open in May.\n")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        got = run_margin("serve", str(article), "--port", str(busy.getsockname()[1]))
    assert got.returncode == 1
    assert got.stderr.decode().count("\n") == 1 and "address already in use" in got.stderr.decode()
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tui", "serve", str(article), "--port",
                             str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=tmp_path,
                            start_new_session=True)
    first = proc.stdout.readline().decode()
    with socket.create_connection(("127.0.0.1", port)):  # (listening once it says so)
        pass
    proc.send_signal(signal.SIGINT)
    assert proc.wait(60) == 0
    assert first == f"Margin in your browser: http://127.0.0.1:{port} (Ctrl+C stops it)\n"
    assert proc.stdout.read() == b"" and proc.stderr.read() == b""
