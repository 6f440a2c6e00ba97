"""One text is one article on the command line: ``notes list``, ``search``, ``related`` and
``library`` show one entry per text, whether it was opened from a file, a copy, standard input or
the bundled sample — and so does a library an earlier version filled with duplicates."""

from __future__ import annotations

import json
import shutil
import sqlite3

from tests.conftest import SAMPLE, load_document, run_margin
from tui.core.notes.model import text_hash
from tui.core.notes.schema import DB_NAME, MIGRATIONS


def ok(*args, **kw) -> str:
    out = run_margin(*args, **kw)
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout.decode()


def test_a_copy_standard_input_and_the_sample_share_notes_and_hits(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    first, copy = tmp_path / "first.txt", tmp_path / "copy" / "first.txt"
    copy.parent.mkdir()
    shutil.copy(SAMPLE, first)
    shutil.copy(SAMPLE, copy)
    ok(*data, "notes", "add", str(first), "-s", "5", "-t", "check the plans")
    for args, stdin in (([str(copy)], None), (["-"], SAMPLE.read_bytes()), ([str(SAMPLE)], None)):
        (row,) = json.loads(ok(*data, "notes", "list", *args, "--json", stdin=stdin))
        assert row["body"] == "check the plans" and row["statement"] == 5
    (entry,) = json.loads(ok(*data, "library", "--json"))
    assert (entry["source"], entry["notes"]) == (str(first), 1)
    rows = json.loads(ok(*data, "search", "long-range missiles", str(copy), str(first), "--json",
                         "--limit", "50"))
    assert rows and {r["document"] for r in rows} == {str(first)}
    places = [(r["document"], r["index"], (r.get("note") or {}).get("id")) for r in rows]
    assert len(places) == len(set(places))
    for statement in (2, 5):
        rows = json.loads(ok(*data, "related", str(copy), "-s", str(statement), "--json",
                             "--limit", "50"))
        assert rows and (str(first), statement) not in [(r["document"], r["index"]) for r in rows]
        assert all(r["score"] < 100 for r in rows)  # nothing says exactly what it says
        assert len({r["index"] for r in rows}) == len(rows)
    table = ok(*data, "related", "-", "-s", "2", stdin=SAMPLE.read_bytes(),
               env={"COLUMNS": "120"})
    assert " 100.0 " not in table and table.strip() != "no matches"


def test_a_library_an_earlier_version_filled_twice_lists_one_article(tmp_path):
    """Schema 5, as the old code left it: the sample opened as a file and from standard input
    is two documents, each with a note. Every command sees one article with both notes."""
    folder = tmp_path / "d"
    folder.mkdir()
    text = load_document(str(SAMPLE)).text
    conn = sqlite3.connect(folder / DB_NAME)
    for migration in MIGRATIONS[:5]:
        for statement in migration.split(";"):
            if statement.strip():
                conn.execute(statement)
    conn.execute("PRAGMA user_version = 5")
    for i, source in ((1, str(SAMPLE)), (2, "stdin:sha256:" + text_hash(text)[:16])):
        conn.execute("INSERT INTO documents (id, source, title, hash, text, created, opened) "
                     "VALUES (?, ?, 'Ukraine', ?, ?, ?, ?)",
                     (i, source, text_hash(text), text, f"2024-0{i}", f"2024-0{i}"))
        start = text.index("Jake Sullivan")
        conn.execute("INSERT INTO notes (id, document_id, exact, prefix, suffix, start, end, body, "
                     "created, modified, text_hash) VALUES (?, ?, 'Jake Sullivan', ?, ?, ?, ?, ?, "
                     "'t', 't', ?)", (f"note-{i}", i, text[start - 32:start],
                                      text[start + 13:start + 45], start, start + 13,
                                      f"note {i}", text_hash(text)))
    conn.commit()
    conn.close()
    data = ["--data-dir", str(folder)]
    (entry,) = json.loads(ok(*data, "library", "--json"))
    assert (entry["id"], entry["source"], entry["notes"]) == (1, str(SAMPLE), 2)
    rows = json.loads(ok(*data, "notes", "list", "-", "--json", stdin=SAMPLE.read_bytes()))
    assert sorted(r["body"] for r in rows) == ["note 1", "note 2"]
    rows = json.loads(ok(*data, "search", "Jake Sullivan", "--json", "--limit", "50"))
    assert rows and {r["document"] for r in rows} == {str(SAMPLE)}
    places = [(r["index"], (r.get("note") or {}).get("id")) for r in rows]
    assert len(places) == len(set(places))
