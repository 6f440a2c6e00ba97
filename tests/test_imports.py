"""Each command of ``margin`` imports what it needs and not what other commands need: checked on
the modules a fresh process holds after running it (behaviour, not timing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLE

#: Run in a fresh interpreter: the command, as ``margin ARGS`` runs it, then which modules it
#: left loaded (also after an exit through argparse: --help, --version).
_PROBE = """
import json, sys
from tui.cli.main import main
try:
    code = main(sys.argv[2:])
except SystemExit as exc:
    code = exc.code
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def _modules(tmp_path, *args: str, code: int = 0) -> set[str]:
    report = tmp_path / "modules.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", _PROBE, str(report), *args], cwd=ROOT, env=env,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=120)
    assert report.exists(), done.stderr.decode(errors="replace")
    ran = json.loads(report.read_text(encoding="utf-8"))
    assert ran["code"] == code, done.stderr.decode(errors="replace")
    return set(ran["modules"])


def _loaded(modules: set[str], *packages: str) -> list[str]:
    """Which of ``packages`` (or modules of theirs) are among ``modules``."""
    return [p for p in packages if any(m == p or m.startswith(p + ".") for m in modules)]


#: Only the reader needs these.
READER = ("textual", "tui.app")


@pytest.mark.parametrize("json_output", [False, True], ids=["table", "json"])
def test_claims_loads_neither_the_reader_nor_search_nor_markdown(tmp_path, json_output):
    modules = _modules(tmp_path, "claims", str(SAMPLE), *(["--json"] if json_output else []))
    assert "tui.core.analysis.claims" in modules  # the probe ran the command
    # A plain-text file needs no Markdown parser, a file no web client, listing claims no index.
    assert _loaded(modules, *READER, "markdown_it", "tui.core.load.web", "urllib.request",
                   "tui.core.search.library", "tui.core.search.index") == []
    if json_output:  # nothing measures table cells
        assert _loaded(modules, "rich", "tui.cli.table") == []
    else:
        assert _loaded(modules, "tui.cli.table") == ["tui.cli.table"]


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("claims", "--help")],
                         ids=["help", "version", "claims-help"])
def test_help_and_version_load_no_command(tmp_path, args):
    modules = _modules(tmp_path, *args)
    assert "tui.cli.parser" in modules
    assert _loaded(modules, *READER, "tui.cli.commands", "tui.core.session", "tui.core.analysis",
                   "tui.core.notes.store", "sqlite3", "rich") == []


def test_notes_and_search_of_an_empty_library_load_no_reader_and_no_parser(tmp_path):
    for args in (("notes", "list"), ("search", "missiles"), ("library",)):
        modules = _modules(tmp_path, *args)
        assert "tui.core.notes.store" in modules
        assert _loaded(modules, *READER, "markdown_it", "tui.core.load.web") == [], args
    assert "tui.core.search.library" in _modules(tmp_path, "search", "missiles")


def test_a_reader_without_a_terminal_fails_before_loading_textual(tmp_path):
    """``margin ARTICLE`` with output to a pipe says so in one line (exit 2) and never pays for
    importing the reader."""
    modules = _modules(tmp_path, str(SAMPLE), code=2)
    assert "tui.core.document.parse" in modules  # the article was opened first
    assert _loaded(modules, *READER) == []
