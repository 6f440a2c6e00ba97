"""A web server cannot hold Margin past its one deadline (connecting, headers, body and every
redirect share it), cannot make it show a password, cannot redirect it to a local file, and a
page compressed the way some servers do it (raw deflate) is read.

The deadline is set to 2 s here (MARGIN_WEB_TIMEOUT): each slow server below never finishes,
so the command can only end by the deadline — how long that takes on a busy machine does not
matter, that it ends with the message does."""

from __future__ import annotations

import time
import zlib
from http.server import BaseHTTPRequestHandler

import pytest

from tests.conftest import loopback_server, run_margin

PAGE = b"""<!doctype html><html><head><title>Harbour levy</title></head><body><article>
<h1>Harbour levy to rise</h1><p>The council said on Monday that the harbour levy would rise by
12 percent next year, and officials said the money would pay for the new sea wall.</p>
<p>Critics said the levy was the third rise in five years, according to the union.</p>
</article></body></html>"""
FAST = {"MARGIN_WEB_TIMEOUT": "2"}


class _Slow(BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def _dribble(self, data: bytes) -> None:
        try:
            for i in range(len(data)):
                self.wfile.write(data[i:i + 1])
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    def do_GET(self) -> None:  # noqa: N802
        _Slow.requests.append(self.path)
        if self.path == "/trickle-headers":  # a status line, then a header a byte at a time
            self._dribble(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000)
        elif self.path == "/trickle-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self._dribble(PAGE * 100)
        elif self.path.startswith("/hop/"):  # redirects, each answered a second late, forever
            time.sleep(1.0)
            n = int(self.path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", f"/hop/{n + 1}")
            self.end_headers()
        elif self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path in ("/raw-deflate", "/zlib-deflate"):
            packer = zlib.compressobj(wbits=-15 if self.path == "/raw-deflate" else 15)
            body = packer.compress(PAGE) + packer.flush()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "deflate")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)


@pytest.fixture
def server():
    _Slow.requests = []
    with loopback_server(_Slow) as httpd:
        yield f"127.0.0.1:{httpd.server_address[1]}"


@pytest.mark.parametrize("path", ["/trickle-headers", "/trickle-body", "/hop/0"])
def test_one_deadline_covers_headers_body_and_redirects(server, path):
    proc = run_margin("claims", f"http://{server}{path}", env=FAST, timeout=90)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.decode() == (f"margin: http://{server}{path}: timed out after 2 s (the whole "
                                    "download must fit in it)\n")


def test_a_password_in_an_address_is_never_sent_or_shown(server):
    proc = run_margin("claims", f"http://alice:s3cret@{server}/raw-deflate", env=FAST)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "s3cret" not in err and "alice" not in err
    assert err == (f"margin: http://{server}/raw-deflate: the address holds a user name or "
                   "password, which Margin does not send (nor show)\n")
    assert _Slow.requests == []


def test_a_redirect_to_a_local_file_is_one_clear_line(server):
    proc = run_margin("claims", f"http://{server}/to-file", env=FAST)
    assert proc.returncode == 2
    assert proc.stderr.decode() == (f"margin: http://{server}/to-file: redirected to "
                                    "file:///etc/passwd, which is not a web address\n")


@pytest.mark.parametrize("path", ["/raw-deflate", "/zlib-deflate"])
def test_deflate_raw_or_wrapped_is_read(server, path):
    proc = run_margin("cat", f"http://{server}{path}", env=FAST)
    assert proc.returncode == 0, proc.stderr
    assert "the harbour levy would rise by 12 percent" in " ".join(proc.stdout.decode().split())
