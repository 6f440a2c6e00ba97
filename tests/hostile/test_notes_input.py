"""Notes come from outside too: imported W3C files, text piped into `notes add`, a database
written by another program. None of it may carry an escape sequence to the terminal."""

from __future__ import annotations

import json
import re
import sqlite3

from tests.app.helpers import make_app, ready, screen_text
from tests.conftest import SAMPLE, run_margin
from tests.conftest import load_document
from tui.core.notes.schema import DB_NAME

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
EVIL = "evil \x1b]0;PWNED\x07 body \x1b[2J [@click=app.quit]x[/] \u202eRTL \x9b31m"


def _article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(SAMPLE.read_bytes())
    return path


def _clean(proc) -> str:
    out = proc.stdout.decode("utf-8")
    err = proc.stderr.decode("utf-8")
    assert _CONTROL.search(out.replace("\n", "").replace("\t", "")) is None, out
    assert "Traceback" not in err and "PWNED" not in out
    return out


def _hostile_w3c(tmp_path, article) -> str:
    assert run_margin("notes", "add", str(article), "-s", "1", "--text", "seed").returncode == 0
    data = json.loads(run_margin("export", "--format", "json", str(article)).stdout)
    item = data["first"]["items"][0]
    item["id"] = "urn:uuid:11111111-2222-3333-4444-555555555555"
    for body in item["body"]:
        if body["purpose"] == "commenting":
            body["value"] = EVIL
    item["body"].append({"type": "TextualBody", "purpose": "tagging", "value": "tag\x1b[31m red"})
    quote = item["target"]["selector"][0]
    quote["exact"] = "\x1b]52;c;UFdORUQ=\x07" + quote["exact"]
    item["created"] = "\x1b[2J2020"
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_an_imported_note_carries_no_escape_sequence(tmp_path):
    article = _article(tmp_path)
    proc = run_margin("import", _hostile_w3c(tmp_path, article))
    assert proc.returncode == 0, proc.stderr
    listing = _clean(run_margin("notes", "list", str(article)))
    assert "#tag-red" in listing and "anchored" in listing and "review" not in listing
    exported = _clean(run_margin("export", str(article)))
    assert "evil  body  [@click=app.quit]x[/] RTL" in exported  # the user's own Markdown, as is
    data = json.loads(_clean(run_margin("export", "--format", "json", str(article))))
    (mine,) = [i for i in data["first"]["items"] if "11111111" in i["id"]]
    bodies = {b["purpose"]: b["value"] for b in mine["body"]}
    assert bodies["commenting"] == "evil  body  [@click=app.quit]x[/] RTL "  # 8-bit CSI gone too
    assert mine["created"] != "\x1b[2J2020" and mine["created"][:2] == "20"


async def test_an_imported_note_is_drawn_without_control_characters(tmp_path):
    article = _article(tmp_path)
    assert run_margin("import", _hostile_w3c(tmp_path, article)).returncode == 0
    app = make_app(load_document(str(article)))
    async with app.run_test(size=(140, 50)) as pilot:
        await ready(pilot)
        shown = screen_text(app)
        assert "[@click=app.quit]x[/]" in shown
        assert _CONTROL.search(shown) is None


def test_text_piped_into_notes_add_is_scrubbed(tmp_path):
    article = _article(tmp_path)
    proc = run_margin("notes", "add", str(article), "-s", "2", "--text", EVIL, "--tag",
                      "a\x1b[2Jb")
    assert proc.returncode == 0, proc.stderr
    assert "ab" in _clean(run_margin("notes", "list", str(article)))


def test_a_database_written_by_another_program_is_scrubbed_on_the_way_out(tmp_path):
    import os

    article = _article(tmp_path)
    assert run_margin("notes", "add", str(article), "-s", "1", "--text", "plain").returncode == 0
    conn = sqlite3.connect(os.path.join(os.environ["MARGIN_DATA_DIR"], DB_NAME))
    conn.execute("UPDATE notes SET body = ?, tags = ?", (EVIL, json.dumps(["x\x1b]0;t\x07y"])))
    conn.commit()
    conn.close()
    listing = _clean(run_margin("notes", "list", str(article)))
    assert "#xy" in listing
    _clean(run_margin("export", str(article)))


def test_json_nested_past_the_stack_is_one_line(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    proc = run_margin("import", str(path))
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"margin: {path}: not W3C annotation JSON (nested too deeply)\n"


def test_an_import_skips_each_bad_annotation_with_why_and_keeps_the_good_ones(tmp_path):
    """A position of 10**30 (no SQLite integer holds it), an escaped lone surrogate (no UTF-8
    text holds it), an id of 100,000 digits (Python will not read it as a number): each bad
    annotation is skipped with its reason, never the file."""
    article = _article(tmp_path)
    assert run_margin("notes", "add", str(article), "-s", "1", "--text", "seed").returncode == 0
    data = json.loads(run_margin("export", "--format", "json", str(article)).stdout)
    good = data["first"]["items"][0]

    def copy(n: int) -> dict:
        item = json.loads(json.dumps(good))
        item["id"] = f"urn:uuid:00000000-0000-0000-0000-{n:012d}"
        return item

    huge_position = copy(1)
    huge_position["target"]["selector"][1].update(start=10**30, end=10**30 + 5)
    surrogate = copy(2)
    surrogate["body"][0]["value"] = "before SURROGATE after"
    surrogate["body"].append({"type": "TextualBody", "purpose": "tagging", "value": "TAGSUR"})
    huge_id = copy(3)
    huge_id["id"] = "HUGE_ID"
    items = [huge_position, surrogate, huge_id, copy(4)]
    data["first"]["items"] = items
    text = (json.dumps(data).replace('"HUGE_ID"', "1" * 100_000)
            .replace("SURROGATE", "\\ud800").replace("TAGSUR", "t\\udfff"))
    path = tmp_path / "bad.json"
    path.write_text(text)
    proc = run_margin("import", str(path))
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "internal error" not in err and "Traceback" not in err
    assert proc.stdout.decode() == "imported 2 notes (0 already here, 2 skipped)\n"
    skipped = err.splitlines()
    assert len(skipped) == 2, err
    assert skipped[0].startswith("margin: skipped annotation 1: TextPositionSelector.end is beyond")
    assert skipped[1] == "margin: skipped annotation 3: its id is a number of 100000 digits"
    listing = _clean(run_margin("notes", "list", str(article)))
    assert "#t\ufffd" in listing
    assert listing.count("anchored") == 3  # the seed, the surrogate's note and the good copy
    assert "before \ufffd after" in _clean(run_margin("export", str(article)))


def test_an_import_reads_no_file_but_its_own(tmp_path):
    """An annotation naming a local file (here a "secret" beside the import, or /etc/shadow)
    makes Margin read nothing: the note waits, detached with its quote, for that article to be
    opened by the user; the secret is not in the library, and search cannot find it."""
    secret = tmp_path / "secret.txt"
    secret.write_text("The root password is hunter2, the admin said on Monday.\n")
    article = _article(tmp_path)
    assert run_margin("notes", "add", str(article), "-s", "1", "--text", "seed").returncode == 0
    data = json.loads(run_margin("export", "--format", "json", str(article)).stdout)
    good = data["first"]["items"][0]
    items = []
    for n, target in enumerate((secret.as_uri(), "file:///etc/shadow")):
        item = json.loads(json.dumps(good))
        item["id"] = f"urn:uuid:00000000-0000-0000-0000-{n:012d}"
        item["target"]["source"] = target
        item["target"]["selector"][0].update(exact="The root password", prefix="", suffix="")
        items.append(item)
    data["first"]["items"] = items
    path = tmp_path / "notes.json"
    path.write_text(json.dumps(data))
    proc = run_margin("import", str(path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == ("imported 0 notes (0 already here, 0 skipped, "
                                    "2 waiting for their article)\n")
    assert proc.stderr.decode().count("waits until that article is opened") == 2
    library = json.loads(run_margin("library", "--json").stdout)
    assert [e["source"] for e in library] == [str(article)]  # nothing else was read
    assert json.loads(run_margin("search", "hunter2", "--json").stdout) == []
    # The user opens the article: its note joins it, on its sentence.
    joined = run_margin("notes", "list", str(secret), "--json")
    assert "1 imported note waiting for this article joined it" in joined.stderr.decode()
    (row,) = json.loads(joined.stdout)
    assert row["statement"] == 1 and row["state"] == "anchored"


def test_an_import_finds_a_moved_article_by_its_words(tmp_path):
    """Exported from one place, the article since moved: the note goes to the one article of
    the library holding its words with their context."""
    article = _article(tmp_path)
    assert run_margin("notes", "add", str(article), "-s", "3", "--text", "moved").returncode == 0
    out = tmp_path / "notes.json"
    assert run_margin("export", str(article), "--format", "json", "-o", str(out)).returncode == 0
    data = json.loads(out.read_text())
    data["first"]["items"][0]["id"] = "urn:uuid:11111111-1111-1111-1111-111111111111"
    data["first"]["items"][0]["target"]["source"] = "file:///elsewhere/old-name.txt"
    out.write_text(json.dumps(data))
    proc = run_margin("import", str(out))
    assert proc.stdout.decode().startswith("imported 1 note (0 already here"), proc
    rows = json.loads(run_margin("notes", "list", str(article), "--json").stdout)
    assert sorted(r["body"] for r in rows) == ["moved", "moved"]
    assert {r["statement"] for r in rows} == {3}


def test_an_annotation_file_over_the_limit_is_refused_as_one(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as out:
        out.truncate(33 * 1024 * 1024)  # sparse: no disk used
    proc = run_margin("import", str(path))
    assert proc.returncode == 2
    assert proc.stderr.decode() == (f"margin: {path}: too large (33 MB; Margin reads annotation "
                                    "files up to 32 MB)\n")
    piped = run_margin("import", "-", stdin=b"[" + b" " * (32 * 1024 * 1024) + b"]")
    assert piped.returncode == 2
    assert "Margin reads annotation files up to 32 MB" in piped.stderr.decode()
