"""``margin export -o FILE`` into a Markdown file exported before: the user's lines kept, the
counts said; a file that is not Margin's refused in one line, exit 2, left as it was."""

from __future__ import annotations

from tests.conftest import SAMPLE, run_margin


def ok(*args, **kw):
    out = run_margin(*args, **kw)
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout.decode()


def test_export_again_keeps_the_users_lines_and_says_what_changed(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    first = ok(*data, "notes", "add", str(SAMPLE), "-s", "7", "-t", "Check TASS.").split()[-1]
    gone = ok(*data, "notes", "add", str(SAMPLE), "-s", "9", "-t", "Wrong one.").split()[-1]
    target = tmp_path / "notes.md"
    assert ok(*data, "export", str(SAMPLE), "-o", str(target)) == \
        f"exported 2 notes to {target}\n"
    text = target.read_text(encoding="utf-8")
    text = text.replace("---\n\n#", "status: draft\n---\n\n#", 1)
    text = text.replace(f"<!-- margin:end {first} -->\n",
                        f"<!-- margin:end {first} -->\n\nCalled them: no answer.\n", 1)
    target.write_text(text + "\n## My conclusions\n\nNone yet.\n", encoding="utf-8")
    ok(*data, "notes", "rm", gone)
    added = ok(*data, "notes", "add", str(SAMPLE), "-s", "2", "-t", "Vague.").split()[-1]
    out = ok(*data, "export", str(SAMPLE), "-o", str(target))
    assert out == (f"exported 2 notes to {target} (1 added, 1 removed, 1 unchanged; your own "
                   "lines kept)\n")
    md = target.read_text(encoding="utf-8")
    for mine in ("status: draft", "Called them: no answer.", "## My conclusions", "None yet."):
        assert md.count(mine) == 1, mine
    assert "Wrong one." not in md and gone not in md
    assert md.index(added) < md.index(first) < md.index("Called them") < md.index("None yet.")


def test_a_file_that_is_not_margins_is_refused_and_left_as_it_was(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    ok(*data, "notes", "add", str(SAMPLE), "-s", "7", "-t", "x")
    target = tmp_path / "mine.md"
    target.write_text("# My own notes\n", encoding="utf-8")
    out = run_margin(*data, "export", str(SAMPLE), "-o", str(target))
    err = out.stderr.decode()
    assert out.returncode == 2 and err.count("\n") == 1, err
    assert f"not exporting to {target}: it holds no notes exported by Margin" in err
    assert target.read_text(encoding="utf-8") == "# My own notes\n"
    assert out.stdout == b""


def test_wikilinks_when_asked_and_as_the_file_has_them(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    ok(*data, "notes", "add", str(SAMPLE), "-s", "7", "-t", "x")
    assert "Speaker: [[Vladimir Putin]]" in ok(*data, "export", str(SAMPLE), "--wikilinks")
    assert "Speaker: Vladimir Putin ·" in ok(*data, "export", str(SAMPLE))
    target = tmp_path / "n.md"
    ok(*data, "export", str(SAMPLE), "-o", str(target), "--wikilinks")
    ok(*data, "notes", "add", str(SAMPLE), "-s", "3", "-t", "y")
    ok(*data, "export", str(SAMPLE), "-o", str(target))
    assert target.read_text(encoding="utf-8").count("Speaker: [[Vladimir Putin]]") == 2
    ok(*data, "export", str(SAMPLE), "-o", str(target), "--no-wikilinks")
    assert "[[" not in target.read_text(encoding="utf-8")


def test_a_file_exported_from_another_article_is_not_replaced(tmp_path):
    other = tmp_path / "council.txt"
    other.write_text("The mayor said crime fell 30 percent last year.\n")
    ok("notes", "add", str(SAMPLE), "-s", "2", "-t", "On the missiles.")
    ok("notes", "add", str(other), "-s", "1", "-t", "On the council.")
    target = tmp_path / "notes.md"
    ok("export", str(SAMPLE), "-o", str(target))
    before = target.read_text()
    got = run_margin("export", str(other), "-o", str(target))
    err = got.stderr.decode()
    assert got.returncode == 2 and err.count("\n") == 1
    assert "the export of another article (Ukraine long range missiles)" in err
    assert target.read_text() == before
    # The same article moved (another file, the same title) is still its own export.
    moved = tmp_path / "ukraine-long-range-missiles.txt"
    moved.write_text(SAMPLE.read_text())
    assert "your own lines kept" in ok("export", str(moved), "-o", str(target))
