"""Every `margin` command against the hostile corpus: exit 0 or 2, one clear line on 2, never a
traceback or a hang, bounded memory, and nothing but text on standard output."""

from __future__ import annotations

import json
import os
import re
import resource
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.hostile import forked
from tests.hostile.forked import Timeout
from tests.hostile.corpus import OK, REFUSED, is_readable_by_us, run_on_line
from tests.hostile.nobody import can_switch_user, run_as_nobody

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, symlinks and rlimits")

#: Address space each command may use: a huge input must be refused or streamed, never slurped
#: into a few copies.
MEMORY_LIMIT = 1536 * 1024 * 1024
#: Seconds before a command counts as hung (the slowest, a 10 MB line, takes about 4 s).
HANG = 60

COMMANDS = {
    "claims": ["claims", "{p}"],
    "claims-json": ["claims", "--json", "{p}"],
    "cat": ["cat", "{p}"],
    "notes-list": ["notes", "list", "{p}"],
    "notes-add": ["notes", "add", "{p}", "-s", "1", "--text", "[b]checked[/b] \x1b[2J"],
    "export": ["export", "{p}"],
    "export-json": ["export", "--format", "json", "{p}"],
    "search": ["search", "said", "{p}"],
    "related": ["related", "-s", "1", "{p}"],
    "read": ["read", "{p}"],  # not on a terminal here: a clear refusal, never a frozen screen
    "import": ["import", "{p}"],  # notes from W3C JSON: none of these is
}

#: Every command analyses the 10 MB line alike (5 s) before doing anything of its own: read at
#: that size by `claims --json`, which writes every claim of it, and by the two commands that
#: refuse it at once; the others get the same run-on line at 1 MB, where work growing faster
#: than the line would still hang them, without eight more runs of the same 5 s analysis.
TEN_MB_COMMANDS = {"claims-json", "read", "import"}


def _careless_cases():
    for case in OK:
        for command in COMMANDS:
            if case == "ten-mb-line" and command not in TEN_MB_COMMANDS:
                yield pytest.param("one-mb-line", command, id=f"one-mb-line-{command}")
            else:
                yield pytest.param(case, command, id=f"{case}-{command}")


#: Nothing a terminal would act on: ESC and the other C0 controls but tab and newline, DEL, C1,
#: and the bidi overrides and isolates that reorder what is shown.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("corpus")
    paths = {}
    for name, build in {**OK, "one-mb-line": run_on_line(1), **REFUSED}.items():
        home = folder / name
        home.mkdir()
        paths[name] = build(home)
    return paths


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def margin(args: list[str], tmp_path: Path, pipe_timeout: str = "1"
           ) -> subprocess.CompletedProcess:
    """``python -m tui ARGS`` in a process of its own (forked: tests/hostile/forked.py), in its own
    session, without standard input, its address space limited to MEMORY_LIMIT."""
    env = {k: v for k, v in os.environ.items() if k != "MARGIN_DEBUG"}
    env.update(PYTHONPATH=str(ROOT), MARGIN_DATA_DIR=str(tmp_path / "data"),
               MARGIN_PIPE_TIMEOUT=pipe_timeout, COLUMNS="100")
    try:
        return forked.server().run(args, env=env, cwd=ROOT, timeout=HANG, memory=MEMORY_LIMIT)
    except Timeout:
        pytest.fail(f"margin {' '.join(args)} hung for {HANG} s")


def check_output(proc: subprocess.CompletedProcess) -> tuple[str, str]:
    err = proc.stderr.decode("utf-8")
    out = proc.stdout.decode("utf-8")  # always valid UTF-8
    assert "Traceback" not in err and "internal error" not in err, err
    assert proc.returncode in (0, 2), (proc.returncode, err)
    if proc.returncode == 2:
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("margin: "), err
        assert out == ""
    bad = _CONTROL.search(out)
    assert bad is None, f"control character {bad.group()!r} on stdout: {out[max(0, bad.start() - 40):bad.end() + 40]!r}"
    bad = _CONTROL.search(err)
    assert bad is None, f"control character {bad.group()!r} on stderr: {err!r}"
    return out, err


@pytest.mark.parametrize("case, command", _careless_cases())
def test_careless_inputs_are_read(case, command, corpus, tmp_path):
    args = [a.replace("{p}", str(corpus[case])) for a in COMMANDS[command]]
    proc = margin(args, tmp_path)
    out, err = check_output(proc)
    if case in ("empty", "only-space") and command in ("read", "claims", "claims-json"):
        # Nothing to read or check: one line, not a blank page or an empty table.
        assert proc.returncode == 2 and "there is no text in it to read" in err
        return
    if command == "read":
        assert proc.returncode == 2 and "needs a terminal" in err
        return
    if command == "import":
        assert proc.returncode == 2 and "not W3C annotation JSON" in err
        return
    if command in ("notes-add", "related") and proc.returncode == 2:
        assert "no statement 1" in err and "0 statements" in err  # only an empty article
        return
    assert proc.returncode == 0, err
    assert "PWNED" not in out  # what an escape sequence carried went with it
    if command.endswith("json"):
        json.loads(out)


@pytest.fixture(scope="module")
def unreadable_as_nobody():
    """A chmod 000 article in a folder anyone may enter, for ``nobody`` to try."""
    import shutil
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="margin-nobody-"))
    home.chmod(0o777)
    yield REFUSED["unreadable"](home), home
    shutil.rmtree(home, ignore_errors=True)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", REFUSED)
def test_unusable_inputs_are_refused_in_one_line(case, command, corpus, tmp_path,
                                                 unreadable_as_nobody):
    path = corpus[case]
    if case == "unreadable" and is_readable_by_us(path):
        # Root reads a chmod 000 file anyway: the command runs as nobody instead.
        if not can_switch_user():
            pytest.skip("this user reads a chmod 000 file and cannot become another")
        path, home = unreadable_as_nobody
        args = [a.replace("{p}", str(path)) for a in COMMANDS[command]]
        code, out, err = run_as_nobody(args, {"MARGIN_DATA_DIR": str(home / command),
                                              "MARGIN_CONFIG_DIR": str(home / "config")})
        proc = subprocess.CompletedProcess(args, code, out.encode(), err.encode())
    else:
        args = [a.replace("{p}", str(path)) for a in COMMANDS[command]]
        # Nothing ever writes to the FIFO: how long it is listened to proves nothing.
        proc = margin(args, tmp_path, pipe_timeout="0.1" if case == "fifo" else "1")
    out, err = check_output(proc)
    assert proc.returncode == 2, err
    assert str(path) in err
    expected = {
        "binary": "binary", "random-binary": "binary", "fifty-mb": "up to 32 MB",
        "directory": "directory", "missing": "no such file", "symlink-loop": "symbolic links",
        "fifo": "nothing came through the pipe", "unreadable": "ermission denied",
        "device": "device or socket",
    }[case]
    if command == "search" and case == "directory":
        expected = "no articles"  # a folder is searched: this one holds none
    if command == "import" and case in ("binary", "random-binary"):
        expected = "not W3C annotation JSON"
    assert expected in err


@pytest.mark.parametrize("error, message", [
    (PermissionError(13, "Permission denied"), "permission denied"),
    (OSError(5, "Input/output error"), "cannot read (Input/output error)"),
])
def test_a_file_that_fails_to_read_is_one_line(error, message, monkeypatch, capsys, tmp_path):
    """What root cannot produce with chmod (and a failing disk produces): open() itself fails."""
    from tui import cli
    from tui.core.load import read

    path = tmp_path / "article.txt"
    path.write_text("The mayor said 5 buses ran.")

    def failing_open(*args, **kwargs):
        raise error

    monkeypatch.setattr(read, "open", failing_open, raising=False)
    for command in (["claims"], ["cat"], ["export"], ["notes", "list"]):
        assert cli.main([*command, str(path)]) == 2
        err = capsys.readouterr().err
        assert err == f"margin: {path}: {message}\n"


def test_escape_payloads_are_removed_whole_not_just_their_escape(corpus, tmp_path):
    out, _ = check_output(margin(["cat", str(corpus["escapes"])], tmp_path))
    for kept in ("the title held", "the clipboard held", "the screen held", "cursor moves held",
                 "bells held", "Last line"):
        assert kept in out
    for gone in ("PWNED", "UFdORUQ", "0;", "52;c", "[2J", "31;1m", "544e", "evil.example"):
        assert gone not in out


def test_markup_comes_out_as_the_same_characters(corpus, tmp_path):
    out, _ = check_output(margin(["claims", "--json", str(corpus["markup-text"])], tmp_path))
    text = " ".join(row["text"] for row in json.loads(out))
    assert "[@click=app.quit]click[/]" in text and "[link=https://evil.example]x[/link]" in text


def test_a_huge_file_is_refused_before_it_is_read(corpus, tmp_path):
    """The 50 MB file is refused from its size: reading it would take a measurable while."""
    proc = margin(["claims", str(corpus["fifty-mb"])], tmp_path)
    assert proc.returncode == 2
    assert "too large (50 MB; Margin reads articles up to 32 MB)" in proc.stderr.decode()


def test_a_huge_stream_is_cut_at_the_limit(tmp_path):
    """On standard input the size is not known beforehand: reading stops at the limit."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), MARGIN_DATA_DIR=str(tmp_path / "d"))
    writer = subprocess.Popen([sys.executable, "-c",
                               "import sys\nb=b'word '*65536\n"
                               "try:\n    [sys.stdout.buffer.write(b) for _ in range(400)]\n"
                               "except BrokenPipeError:\n    pass"],
                              stdout=subprocess.PIPE)
    proc = subprocess.run([sys.executable, "-m", "tui", "claims", "-"], stdin=writer.stdout,
                          capture_output=True, env=env, cwd=ROOT, timeout=HANG,
                          preexec_fn=_limit_memory)
    writer.stdout.close()
    writer.wait(timeout=HANG)
    assert proc.returncode == 2
    assert "up to 32 MB" in proc.stderr.decode() and "Traceback" not in proc.stderr.decode()


def test_a_pipe_that_delivers_is_read(tmp_path):
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"sleep 0.3; printf 'The mayor said 5 buses ran.' > '{fifo}'"])
    proc = margin(["claims", str(fifo)], tmp_path)
    writer.wait(timeout=HANG)
    out, _ = check_output(proc)
    assert proc.returncode == 0 and "The mayor said 5 buses ran." in out


def test_a_terminal_on_stdin_is_not_waited_on(tmp_path):
    """`margin claims -` typed at a prompt would wait for a paste that never comes: refused."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdin is the pseudo-terminal
        os.environ.update(PYTHONPATH=str(ROOT), MARGIN_DATA_DIR=str(tmp_path / "d"))
        os.execv(sys.executable, [sys.executable, "-m", "tui", "claims", "-"])
    output = b""
    deadline = time.monotonic() + HANG
    try:
        while time.monotonic() < deadline:
            if not select.select([fd], [], [], 1)[0]:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        if time.monotonic() >= deadline:
            os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 2
    assert b"standard input is the terminal" in output


INJECTING = """# Title with <script>alert(1)</script> and `ticks`

The mayor said <script>alert('x')</script> was found at 5 p.m.

---

Officials said the file ends here --> and [a link](javascript:alert(1)) follows.

```
Code said 5% rose.
```

Critics said ``double ` ticks`` and <img src=x onerror=alert(1)> and [ok](https://example.org/a_(b)) held.

<div onclick="evil()">Raw HTML said 3 people came.</div>

<!-- a comment said 7 -->
"""


def _tokens(markdown: str):
    from markdown_it import MarkdownIt

    assert markdown.startswith("---\n")
    body = markdown[markdown.index("\n---\n", 4) + 5:]  # after the front matter
    tokens = MarkdownIt("commonmark").parse(body)
    return tokens, [c for t in tokens if t.children for c in t.children]


def test_cat_and_export_of_an_injecting_article_hold_no_html_or_foreign_links(tmp_path):
    path = tmp_path / "inject.md"
    path.write_text(INJECTING)
    out, _ = check_output(margin(["cat", str(path)], tmp_path))
    tokens, inline = _tokens(out)
    assert not [t for t in tokens + inline if t.type in ("html_block", "html_inline")], out
    from urllib.parse import unquote

    links = [unquote(c.attrs["href"]) for c in inline if c.type == "link_open"]
    assert links == ["https://example.org/a_(b)"]  # the article's one real link, nothing else
    assert [t.type for t in tokens].count("hr") == 1  # the article's own rule, kept
    assert [t.type for t in tokens].count("fence") == 1
    text = "".join(c.content for c in inline if c.type in ("text", "code_inline"))
    assert "[a link](javascript:alert(1))" in text and "-->" in text
    assert '<div onclick="evil()">Raw HTML said 3 people came.</div>' in text

    for n in range(1, 5):
        check_output(margin(["notes", "add", str(path), "-s", str(n), "--text", f"n{n}"], tmp_path))
    out, _ = check_output(margin(["export", str(path)], tmp_path))
    tokens, inline = _tokens(out)
    # The only HTML: the comments that mark each note's region (for exporting again), exactly.
    marker = r"<!-- margin:(begin [0-9a-f-]{36} [0-9a-f]{8}|end [0-9a-f-]{36}) -->\n"
    markers = [t.content for t in tokens if t.type == "html_block"]
    assert len(markers) == 8 and all(re.fullmatch(marker, m) for m in markers), markers
    tokens = [t for t in tokens if t.type != "html_block"]
    kinds = [t.type for t in tokens]
    assert kinds.count("blockquote_open") == 4 and kinds.count("heading_open") == 5
    for banned in ("html_block", "html_inline", "hr", "fence", "link_open"):
        assert banned not in kinds + [c.type for c in inline], (banned, out)


@pytest.mark.parametrize("case, word", [("nested-quotes", "Level"), ("nested-lists", "Item")])
def test_deep_nesting_keeps_every_word(case, word, corpus, tmp_path):
    """500 levels: the parser's own limit would silently drop all but the first hundred."""
    out, _ = check_output(margin(["claims", "--json", str(corpus[case])], tmp_path))
    rows = json.loads(out)
    numbers = {int(m) for row in rows for m in re.findall(word + r" (\d+) said", row["text"])}
    assert numbers == set(range(1, 501) if word == "Level" else range(500))
