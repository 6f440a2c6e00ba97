"""Nothing Margin prints can steer a terminal: every command, run on an article whose file name,
title, URL, author, speaker, note body, tag and note id carry escape sequences, C1 controls and
bidi overrides, writes none of them to stdout, stderr or an exported file — text or JSON."""

from __future__ import annotations

import json
import re
import sqlite3
from http.server import BaseHTTPRequestHandler

import pytest

from tests.conftest import loopback_server, run_margin
from tui.core.notes.model import data_dir
from tui.core.notes.schema import DB_NAME

#: ESC, BEL, the other C0 but tab and newline, DEL, C1 (CSI, OSC, ST as one character), bidi.
UNSAFE = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
#: A payload of each kind: a window title, the clipboard, a screen clear, C1 CSI / OSC / ST, RLO.
PAYLOAD = "\x1b]0;PWNED\x07\x1b]52;c;UFdORUQ=\x07\x1b[2J\x9b31m\x9d0;X\x9c\u202e"

ARTICLE = (f"# The {PAYLOAD}budget\n\n"
           f"The mayor{PAYLOAD} said the budget rose 4 percent last year. Critics disagreed.\n\n"
           "Officials said the harbour bridge will close on Friday for repairs.\n")

PAGE = f"""<!doctype html><html><head><title>Harbour {PAYLOAD} levy</title>
<meta name="author" content="Ann {PAYLOAD} Reed"><meta property="og:site_name" content="Site {PAYLOAD}">
</head><body><article><h1>Harbour {PAYLOAD} levy</h1>
<p>The council said on Monday that the harbour levy would rise by 12 percent next year, and
officials said the money would pay for the new sea wall along the old town.</p>
<p>Critics{PAYLOAD} said the levy was the third rise in five years and that fishermen could not
pay it, according to the union.</p></article></body></html>"""


class _Page(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        body = PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site():
    with loopback_server(_Page) as httpd:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"


def _clean(proc, *, ok: bool = True) -> str:
    for name, data in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        found = UNSAFE.search(data)
        assert found is None, (name, proc.args[3:6], data[max(0, found.start() - 60):found.end() + 20])
    if ok:
        assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode()


def test_no_command_lets_a_payload_reach_the_terminal(tmp_path, site):
    folder = tmp_path / f"dir{PAYLOAD}"
    folder.mkdir()
    article = folder / f"osc-{PAYLOAD}.md"
    article.write_text(ARTICLE)
    path = str(article)
    url = f"{site}/news/harbour-levy.html?ref=%1B%5D0%3BPWNED%07"

    for args in (["claims", path], ["claims", path, "--json"], ["cat", path], ["cat", url],
                 ["claims", url, "--json"]):
        _clean(run_margin(*args))
    _clean(run_margin("notes", "add", path, "-s", "1", "--text", f"body {PAYLOAD}",
                      "--tag", f"tag{PAYLOAD}"))
    _clean(run_margin("notes", "add", url, "-s", "1", "--text", f"web {PAYLOAD}"))
    # A note id written by another program.
    conn = sqlite3.connect(data_dir() / DB_NAME)
    conn.execute("UPDATE notes SET id = ? WHERE body LIKE 'web%'", (f"id-{PAYLOAD}",))
    conn.commit()
    conn.close()
    for args in (["notes", "list", path], ["notes", "list", path, "--json"],
                 ["notes", "list", url], ["export", path], ["export", url],
                 ["export", url, "--format", "json"], ["export", path, "--format", "json"],
                 ["library"], ["library", "--json"], ["search", "budget"],
                 ["search", "levy", "--json"], ["search", "budget", str(folder)],
                 ["related", path, "-s", "1"], ["related", path, "-s", "1", "--json"],
                 ["backups"]):
        _clean(run_margin(*args))
    # JSON keeps the payload, escaped: a JSON reader gets the words back, a terminal sees none.
    listed = _clean(run_margin("notes", "list", url, "--json"))
    (web_note,) = [n for n in json.loads(listed) if n["id"].startswith("id-")]
    assert "\x1b" in web_note["id"] and "\u202e" in web_note["id"]
    assert "\\u001b]0;PWNED\\u0007" in listed and "\\u009b31m\\u009d0;X\\u009c\\u202e" in listed
    # Files written by export pass the same rule.
    for fmt, name in (("markdown", "out.md"), ("json", "out.json")):
        target = tmp_path / name
        _clean(run_margin("export", url, "--format", fmt, "-o", str(target)))
        assert UNSAFE.search(target.read_bytes()) is None
    # Errors name what they could not read, safely.
    for args in (["claims", str(folder / f"gone-{PAYLOAD}.txt")], ["notes", "rm", f"x{PAYLOAD}"],
                 ["claims", f"http://127.0.0.1:1/{PAYLOAD}"], ["import", str(article)]):
        proc = run_margin(*args)
        _clean(proc, ok=False)
        assert proc.returncode != 0 and proc.stderr.decode().count("\n") == 1, proc.stderr
