"""``margin export --format claimreview`` as a user runs it: the reviews, the settings that sign
them, and what publishers need said on stderr."""

from __future__ import annotations

import json

from tests.conftest import ROOT, run_margin

ARTICLE = ROOT / "tests" / "data" / "harbour-bridge.md"


def ok(*args, **kw):
    out = run_margin(*args, **kw)
    assert out.returncode == 0, out.stderr.decode()
    return out


def test_export_claimreview(tmp_path):
    config = tmp_path / "config"
    env = {"MARGIN_DATA_DIR": str(tmp_path / "data"), "MARGIN_CONFIG_DIR": str(config)}
    art = str(ARTICLE)
    ok("notes", "add", art, "-s", "5", "-t", "Minutes say $20 million.\nReview: https://checks.example/1",
       "--verdict", "misleading", env=env)
    ok("notes", "add", art, "-s", "3", "-t", "Inspection due.", "--verdict", "needs-context", env=env)
    ok("notes", "add", art, "-s", "6", "-t", "To check.", env=env)  # unverified: left out

    out = ok("export", art, "--format", "claimreview", env=env)
    reviews = json.loads(out.stdout)
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["Needs context", "Misleading"]
    assert [r.get("url") for r in reviews] == [None, "https://checks.example/1"]
    assert reviews[1]["itemReviewed"]["author"] == {"@type": "Person", "name": "Tom Becker"}
    err = out.stderr.decode().splitlines()
    assert len(err) == 2, err
    assert err[0].startswith("margin: 1 of 2 reviews lacks its URL, which publishers require")
    assert "Review: https://" in err[0]
    assert "organization" in err[1] and str(config / "config.json") in err[1]
    assert not config.exists()  # reading the settings writes nothing

    config.mkdir()
    settings = {"theme": "nord", "organization": {"name": "Harbour Checks",
                                                  "url": "https://checks.example"},
                "reviewer": {"name": "Ana Example"}}
    (config / "config.json").write_text(json.dumps(settings), encoding="utf-8")
    before = (config / "config.json").read_bytes()
    target = tmp_path / "reviews.json"
    out = ok("export", art, "--format", "claimreview", "-o", str(target), env=env)
    assert out.stdout.decode() == (f"exported 2 reviews to {target} "
                                   "(1 unverified note left out)\n")
    assert out.stderr.decode().count("\n") == 1 and "lacks its URL" in out.stderr.decode()
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written == [dict(r, author=[{"@type": "Organization", "name": "Harbour Checks",
                                        "url": "https://checks.example"},
                                       {"@type": "Person", "name": "Ana Example"}])
                       for r in reviews]
    assert (config / "config.json").read_bytes() == before


def test_bad_settings_are_said_and_skipped(tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.json").write_text(json.dumps(
        {"organization": {"name": "Checks\x1b[31m", "url": "javascript:alert(1)"},
         "reviewer": "Ann"}), encoding="utf-8")
    env = {"MARGIN_DATA_DIR": str(tmp_path / "data"), "MARGIN_CONFIG_DIR": str(config)}
    ok("notes", "add", str(ARTICLE), "-s", "3", "-t", "Review: https://c.example/a", "--verdict",
       "false", env=env)
    out = ok("export", str(ARTICLE), "--format", "claimreview", env=env)
    [review] = json.loads(out.stdout)
    assert review["author"] == {"@type": "Organization", "name": "Checks"}
    err = out.stderr.decode()
    assert err.count("\n") == 1 and "organization url" in err and "reviewer" in err
    assert "\x1b" not in err


def test_nothing_reviewed_is_an_empty_array(tmp_path):
    env = {"MARGIN_DATA_DIR": str(tmp_path / "data"), "MARGIN_CONFIG_DIR": str(tmp_path / "c")}
    out = ok("export", str(ARTICLE), "--format", "claimreview", env=env)
    assert json.loads(out.stdout) == [] and out.stderr.decode() == ""


def test_a_hostile_page_stays_text(tmp_path):
    from tests.conftest import loopback_server
    from tests.hostile.test_output_sanitizer import PAYLOAD, UNSAFE, _Page

    env = {"MARGIN_DATA_DIR": str(tmp_path / "data"), "MARGIN_CONFIG_DIR": str(tmp_path / "c")}
    with loopback_server(_Page) as httpd:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/news/levy.html?ref=%1B%5D0%3BPWNED%07"
        for n, verdict in ((1, "false"), (2, "misleading")):
            ok("notes", "add", url, "-s", str(n), "-t", f"body {PAYLOAD}\nReview: https://c.example/"
               f"{n}{PAYLOAD}", "--verdict", verdict, env=env)
        out = ok("export", url, "--format", "claimreview", env=env)
        target = tmp_path / "out.json"
        ok("export", url, "--format", "claimreview", "-o", str(target), env=env)
    for data in (out.stdout, out.stderr, target.read_bytes()):
        assert UNSAFE.search(data) is None and b"<" not in data
    reviews = json.loads(out.stdout)
    # The store keeps no escape sequence in a body: the addresses are what is left, clean.
    assert [r["url"] for r in reviews] == ["https://c.example/1", "https://c.example/2"]
    strings = json.dumps(reviews, ensure_ascii=False)
    assert "\x1b" not in strings and "\u202e" not in strings and "PWNED" in strings
    assert reviews[0]["itemReviewed"]["appearance"]["url"] == url
