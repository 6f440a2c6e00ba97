"""``margin search``, ``related`` and ``library`` as a user runs them."""

from __future__ import annotations

import json

from tests.conftest import SAMPLE, run_margin


def ok(*args, **kw):
    out = run_margin(*args, **kw)
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout.decode()


def test_search_files_and_folders_then_the_library(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "one.md").write_text("# Budget\n\nThe city budget rose 4 percent, the mayor said.\n")
    (folder / "two.txt").write_text("Rain is expected on Friday. The harbour bridge will close.\n")
    (folder / "ignored.bin").write_bytes(b"\x00\x01")
    rows = json.loads(ok(*data, "search", "budjet rose", str(folder), "--json"))
    assert rows[0]["document"] == str(folder / "sub" / "one.md")
    assert rows[0]["index"] == 2 and rows[0]["speaker"] == "mayor"
    assert set(rows[0]) >= {"document", "index", "text", "score", "speaker", "kinds"}
    assert "statistic" in rows[0]["kinds"]
    # Now in the library: found without naming the folder.
    rows = json.loads(ok(*data, "search", "harbour bridge", "--json", "--limit", "1"))
    assert len(rows) == 1 and rows[0]["document"] == str(folder / "two.txt")
    table = ok(*data, "search", "harbour bridge", env={"COLUMNS": "120"})
    assert "harbour bridge will close" in table
    library = json.loads(ok(*data, "library", "--json"))
    assert {e["source"] for e in library} == {str(folder / "sub" / "one.md"), str(folder / "two.txt")}
    assert all(set(e) == {"id", "title", "source", "statements", "notes", "last_opened"} for e in library)
    assert "Budget" in ok(*data, "library")


def test_related_never_returns_the_statement_itself(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    rows = json.loads(ok(*data, "related", str(SAMPLE), "--statement", "2", "--json"))
    assert rows and all(not (r["index"] == 2 and r["document"] == str(SAMPLE)) for r in rows)
    assert 5 in [r["index"] for r in rows[:3]]
    assert "statement 99" in run_margin(*data, "related", str(SAMPLE), "-s", "99").stderr.decode()


def test_search_errors(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    out = run_margin(*data, "search", "x", str(tmp_path / "missing"))
    assert out.returncode == 2 and "no such file or folder" in out.stderr.decode()
    out = run_margin(*data, "search", "  ")
    assert out.returncode == 2 and "say what to search for" in out.stderr.decode()
    out = run_margin(*data, "search", "x", "--limit", "0")
    assert out.returncode == 2
    assert ok(*data, "search", "anything at all").strip() == "no matches"
    assert "empty" in ok(*data, "library")


def test_paths_may_follow_the_options(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    (tmp_path / "a.txt").write_text("The lighthouse keeper silenced the foghorn.\n")
    rows = json.loads(ok(*data, "search", "foghorn", "--json", str(tmp_path / "a.txt")))
    assert rows and rows[0]["document"] == str(tmp_path / "a.txt")
    assert run_margin(*data, "search", "x", "--bogus").returncode == 2


def test_searching_a_folder_again_after_an_article_with_notes_changed(tmp_path):
    """Its notes follow the edit inside the folder's one transaction (this used to fail with
    'cannot start a transaction within a transaction')."""
    data = ["--data-dir", str(tmp_path / "d")]
    folder = tmp_path / "news"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text("The harbour bridge will close in May.\nRepairs will cost $48 million.\n")
    ok(*data, "search", "harbour", str(folder))
    ok(*data, "notes", "add", str(article), "-s", "2", "-t", "Check the cost.")
    article.write_text("The harbour bridge will close in June.\nRepairs will cost $52 million.\n")
    rows = json.loads(ok(*data, "search", "harbour bridge", str(folder), "--json"))
    assert rows[0]["text"] == "The harbour bridge will close in June."
    (note,) = json.loads(ok(*data, "notes", "list", str(article), "--json"))
    assert note["state"] == "review" and note["now"] == "Repairs will cost $52 million."
