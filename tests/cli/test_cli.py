"""The ``margin`` command as a user runs it: output, exit codes, and hostile input."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import SAMPLE, run_margin


def test_claims_table_lists_every_statement_with_speakers():
    out = run_margin("claims", str(SAMPLE), env={"COLUMNS": "120"})
    assert out.returncode == 0, out.stderr
    lines = out.stdout.decode().splitlines()
    assert lines[0].split() == ["#", "kinds", "speaker", "score", "text"]
    assert len(lines) == 1 + 19
    assert all(len(line) <= 120 for line in lines)
    body = "\n".join(lines)
    for speaker in ("Vladimir Putin", "Biden", "Jake Sullivan", "The National Security Council"):
        assert speaker in body


def test_claims_json_fields_and_offsets():
    out = run_margin("claims", str(SAMPLE), "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    text = SAMPLE.read_text(encoding="utf-8")
    assert [r["index"] for r in rows] == list(range(1, len(rows) + 1))
    for r in rows:
        assert set(r) == {"index", "start", "end", "text", "kinds", "speaker", "cue", "score",
                          "reasons"}
        assert r["text"] in text
        assert 0 <= r["score"] <= 1
    sullivan = [r for r in rows if r["speaker"] == "Jake Sullivan"]
    assert len(sullivan) == 3
    assert any("It is about common sense" in r["text"] for r in sullivan)


def test_min_score_filters_and_is_validated():
    all_rows = json.loads(run_margin("claims", str(SAMPLE), "--json").stdout)
    high = json.loads(run_margin("claims", str(SAMPLE), "--json", "--min-score", "0.8").stdout)
    assert high and len(high) < len(all_rows)
    assert all(r["score"] >= 0.8 for r in high)
    bad = run_margin("claims", str(SAMPLE), "--min-score", "7")
    assert bad.returncode == 2
    assert bad.stderr.decode().count("\n") == 1 and "between 0 and 1" in bad.stderr.decode()


def test_stdin():
    out = run_margin("claims", "-", "--json", stdin=b"The economy grew 3.5 percent last year, officials said.")
    rows = json.loads(out.stdout)
    assert rows[0]["speaker"] == "officials"
    assert "statistic" in rows[0]["kinds"]


def test_version_and_help():
    out = run_margin("--version")
    assert out.returncode == 0 and out.stdout.decode().startswith("margin ")
    out = run_margin("--help")
    assert out.returncode == 0 and "claims" in out.stdout.decode()


def test_unknown_option_is_one_line_and_exit_2():
    out = run_margin("claims", str(SAMPLE), "--bogus")
    assert out.returncode == 2
    assert out.stderr.decode().count("\n") == 1


def _hostile_files(tmp_path):
    files = {
        "binary.bin": bytes(range(256)) * 40,
        "nul.txt": b"The vote\x00 was 52-48.\x00\x00 It passed.",
        "latin1.txt": "Le café a coûté 5 € à Zürich, a déclaré le maire.".encode("latin-1", "replace"),
        "utf16.txt": "\ufeffOfficials said 40% of the bridge is unsafe.".encode("utf-16-le"),
        "escapes.txt": b"\x1b]0;pwned\x07Title\n\x1b[2JThe \x1b[31mvote\x1b[0m passed 52-48, he said.",
        "markup.md": b"# [bold]Hi[/bold]\n\n[@click=app.quit]x[/] said the minister. [/",
        "empty.txt": b"",
        # 1 MB, no full stop (a 10 MB line through `claims --json`: tests/hostile/test_inputs.py)
        "long-line.txt": b"word " * (200 * 1024),
    }
    paths = {}
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths[name] = path
    return paths


@pytest.mark.parametrize("name, code", [
    ("binary.bin", 2), ("nul.txt", 0), ("latin1.txt", 0), ("utf16.txt", 0), ("escapes.txt", 0),
    ("markup.md", 0), ("empty.txt", 2), ("long-line.txt", 0),
])
def test_hostile_files_exit_0_or_2_without_traceback(tmp_path, name, code):
    path = _hostile_files(tmp_path)[name]
    out = run_margin("claims", str(path), "--json", timeout=120)
    assert out.returncode == code, out.stderr
    err = out.stderr.decode()
    assert "Traceback" not in err
    if code:
        assert err.count("\n") == 1 and name in err
    else:
        rows = json.loads(out.stdout)
        assert not any("\x1b" in r["text"] for r in rows)


def test_missing_path_and_directory(tmp_path):
    for target, words in ((tmp_path / "nope.txt", "no such file"), (tmp_path, "is a directory")):
        out = run_margin("claims", str(target))
        assert out.returncode == 2
        assert words in out.stderr.decode() and out.stderr.decode().count("\n") == 1


def test_a_closed_pipe_is_not_an_error():
    import subprocess
    import sys
    from tests.conftest import ROOT

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        f"{sys.executable} -m tui claims {SAMPLE} --json | head -c 10",
        shell=True, capture_output=True, env=env, cwd=ROOT, timeout=60,
    )
    assert b"Traceback" not in proc.stderr
