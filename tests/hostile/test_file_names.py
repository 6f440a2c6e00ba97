"""File names that are not UTF-8 (``printf 'caf\\xe9.txt'``): every command works on them, shows
them with replacement characters, and keeps them whole to reach the file again."""

from __future__ import annotations

import json
import os
import sys

import pytest

from tests.app.helpers import make_app, ready, screen_text, type_text
from tests.conftest import SAMPLE, load_document, run_margin

pytestmark = pytest.mark.skipif(sys.platform != "linux" or os.fsencode("\udce9") != b"\xe9",
                                reason="file names are bytes only on Linux-like systems")

#: The name as Python holds it: the byte 0xE9 (Latin-1 é) decoded as a half character.
NAME = "caf\udce9.txt"
SHOWN = "caf\ufffd"
#: Output as strict as a UTF-8 terminal's: a half character written raw would fail.
STRICT = {"PYTHONIOENCODING": "utf-8:strict"}


def _text(proc) -> str:
    """The output, which must be UTF-8 and hold no traceback."""
    out = proc.stdout.decode("utf-8")  # strict: raw bytes of the name would fail here
    err = proc.stderr.decode("utf-8")
    assert "internal error" not in err and "Traceback" not in err, err
    assert proc.returncode == 0, err
    return out


def test_every_command_works_on_a_name_that_is_not_utf8(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    article = folder / NAME
    article.write_bytes(SAMPLE.read_bytes())
    assert os.fsencode(str(article)).endswith(b"caf\xe9.txt")
    path = str(article)

    assert len(json.loads(_text(run_margin("claims", path, "--json", env=STRICT)))) > 10
    assert "added note to statement 2" in _text(
        run_margin("notes", "add", path, "-s", "2", "--text", "on a Latin-1 name", env=STRICT))
    listing = _text(run_margin("notes", "list", path, env=STRICT))
    assert "anchored" in listing
    exported = _text(run_margin("export", path, env=STRICT))
    assert f'source: "{folder}/{SHOWN}.txt"' in exported and "on a Latin-1 name" in exported
    assert SHOWN.capitalize() in exported  # the title made from the name
    front = _text(run_margin("cat", path, env=STRICT))
    assert f'source: "{folder}/{SHOWN}.txt"' in front
    library = json.loads(_text(run_margin("library", "--json", env=STRICT)))
    assert [e["source"] for e in library] == [f"{folder}/{SHOWN}.txt"]
    found = _text(run_margin("search", "long-range missiles", str(folder), env=STRICT))
    assert SHOWN.capitalize() in found

    # An export written to a file under such a name, and a W3C export read back elsewhere: the
    # file: URI keeps the name's bytes, so the note finds its article again.
    out = tmp_path / "notes-\udce9.json"
    assert "exported 1 note" in _text(
        run_margin("export", path, "--format", "json", "-o", str(out), env=STRICT))
    data = json.loads(out.read_bytes())
    assert data["first"]["items"][0]["target"]["source"].endswith("/caf%E9.txt")
    elsewhere = {**STRICT, "MARGIN_DATA_DIR": str(tmp_path / "elsewhere")}
    assert "1 waiting for their article" in _text(run_margin("import", str(out), env=elsewhere))
    assert "on a Latin-1 name" in _text(run_margin("export", path, env=elsewhere))  # joined

    # Errors name it too, in one line.
    missing = run_margin("claims", str(folder / "gone-\udce9.txt"), env=STRICT)
    assert missing.returncode == 2
    assert missing.stderr.decode("utf-8") == f"margin: {folder}/gone-\ufffd.txt: no such file\n"


async def test_the_reader_opens_the_notes_of_such_a_file_and_writes_one(tmp_path):
    article = tmp_path / NAME
    article.write_bytes(SAMPLE.read_bytes())
    app = make_app(load_document(str(article)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.notes_opened, app.shown
        assert f"{SHOWN}.txt" in screen_text(app)  # the subtitle: the name, shown
        await pilot.press("a")
        await type_text(pilot, "read")
        await pilot.press("ctrl+s")
        assert any(n.startswith("Note saved on statement 1") for n in app.shown), app.shown
    assert app.session.store.find_document(str(article)).source == str(article)  # kept whole


def test_a_terminal_that_cannot_show_a_name_gets_question_marks(tmp_path):
    """Output in an encoding without é (a terminal set to ASCII): the name is printed with a
    question mark for what cannot be shown, never a crash."""
    article = tmp_path / "café.txt"
    article.write_bytes(SAMPLE.read_bytes())
    ascii_out = {"PYTHONIOENCODING": "ascii:strict"}
    proc = run_margin("claims", str(article), env=ascii_out)
    assert proc.returncode == 0, proc.stderr
    listing = run_margin("library", "--json", env=ascii_out)
    assert listing.returncode == 0 and b'"title": "Caf?"' in listing.stdout, listing
