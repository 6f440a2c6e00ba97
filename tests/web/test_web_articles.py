"""Web articles end to end: a loopback server, `margin cat|claims|notes|export` and the reader."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.app.helpers import SIZE, no_blink, ready, screen_text, type_text
from tests.conftest import ROOT, loopback_server, run_margin

PAGES = ROOT / "tests" / "data" / "web"
BOILERPLATE = ("Accept all cookies", "Sign up for our free morning newsletter", "Most read",
               "Related stories", "Reader comments", "All rights reserved")


class _Pages(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802
        name = self.path.strip("/").split("?", 1)[0]
        if name == "moved":
            self.send_response(302)
            self.send_header("Location", "/news/harbour-levy.html")
            self.end_headers()
            return
        path = PAGES / Path(name).name
        if not name.startswith("news/") or not path.is_file():
            self.send_error(404, "Not Found")
            return
        body = path.read_bytes()
        self.send_response(200)
        charset = "windows-1252" if "cp1252" in path.name else "utf-8"
        self.send_header("Content-Type", f"text/html; charset={charset}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site():
    with loopback_server(_Pages) as httpd:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd


def ok(*args, **kw):
    out = run_margin(*args, **kw)
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout.decode()


def test_cat_a_url_gives_the_article_alone_with_front_matter(site, tmp_path):
    base, _ = site
    data = ["--data-dir", str(tmp_path / "d")]
    out = ok(*data, "cat", f"{base}/moved")  # a redirect, followed
    head, _, body = out.partition("\n---\n")
    assert head.startswith("---\ntitle: \"Port board votes to double harbour levy on cruise ships\"")
    assert 'author: "Mara Okafor"' in head and 'date: "2024-03-14"' in head
    assert f'source: "{base}/news/harbour-levy.html"' in head
    assert "The Eastmouth port board voted on Thursday" in body
    assert "> We are not trying to drive the ships away." in body
    for snippet in BOILERPLATE:
        assert snippet not in out


def test_cat_a_saved_page_and_a_legacy_charset(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    out = ok(*data, "cat", str(PAGES / "cafe-prices-cp1252.html"))
    assert "€410" in out and "Renée Dufresne" in out


def test_notes_on_a_web_article_link_back_to_the_page_and_open_offline(site, tmp_path):
    base, httpd = site
    data = ["--data-dir", str(tmp_path / "d")]
    url = f"{base}/news/harbour-levy.html"
    claims = json.loads(ok(*data, "claims", url, "--json"))
    varga = next(c for c in claims if "Elin Varga" in (c["speaker"] or ""))
    ok(*data, "notes", "add", url, "-s", str(varga["index"]), "-t", "Check the board minutes.")
    md = ok(*data, "export", url)
    assert f"[on the page]({url}#:~:text=" in md and "Check the board minutes." in md
    w3c = json.loads(ok(*data, "export", url, "--format", "json"))
    assert w3c["first"]["items"][0]["target"]["source"] == url
    # The site goes away: the article opens from the library, notes and all.
    httpd.shutdown()
    httpd.server_close()
    out = run_margin(*data, "notes", "list", url, "--json")
    assert out.returncode == 0, out.stderr.decode()
    assert "showing the copy kept in the library" in out.stderr.decode()
    (row,) = json.loads(out.stdout)
    assert row["state"] == "anchored" and row["body"] == "Check the board minutes."
    assert "The Eastmouth port board" in ok(*data, "cat", url)


def test_web_errors_are_one_line_and_exit_2(site, tmp_path):
    base, _ = site
    data = ["--data-dir", str(tmp_path / "d")]
    for path, words in (("/news/missing.html", "HTTP 404"), ("/news/login.html", "no article found")):
        out = run_margin(*data, "claims", base + path)
        err = out.stderr.decode()
        assert out.returncode == 2 and words in err and err.count("\n") == 1, err
    out = run_margin(*data, "cat", "http://127.0.0.1:9/nothing-listens-here")
    assert out.returncode == 2 and out.stderr.decode().count("\n") == 1


def test_a_saved_page_exports_links_to_where_it_was_saved_from(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    page = tmp_path / "saved.html"
    page.write_bytes((PAGES / "harbour-levy.html").read_bytes())
    ok(*data, "notes", "add", str(page), "-s", "1", "-t", "Saved copy.")
    assert "[on the page](https://ledger.example/news/2024/03/harbour-levy#:~:text=" in ok(
        *data, "export", str(page))


async def test_the_reader_opens_a_web_article_with_title_and_author(site, tmp_path):
    from tests.app.helpers import make_app
    from tests.conftest import load_document

    base, _ = site
    document = load_document(f"{base}/news/harbour-levy.html")
    app = make_app(document, analyser=None)  # the real analysis of a real page
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "Port board votes to double harbour levy on cruise ships" in text
        assert "Mara Okafor, 2024-03-14" in app.sub_title
        assert "The Eastmouth port board voted" in text
        for snippet in BOILERPLATE:
            assert snippet not in text
        app.view.move_to(4)
        await pilot.press("a")
        await pilot.pause()
        no_blink(app)
        await type_text(pilot, "A note on the web article.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.placed and app.placed[0].note.body == "A note on the web article."
