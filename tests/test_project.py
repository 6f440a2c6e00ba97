"""The project's own promises: the README's commands, CI, the core without the TUI, packaging."""

from __future__ import annotations

import importlib.metadata
import pkgutil
import re
import subprocess
import sys

import tui.core
from tests.conftest import ROOT, SAMPLE


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(python3 -m venv[^\n]*)\n```", readme)


def test_readme_has_run_and_test_commands():
    commands = _readme_commands()
    assert len(commands) == 2, commands
    run, test = commands
    assert run.endswith("margin")
    assert "pytest" in test


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test = _readme_commands()[1]
    assert test in ci.splitlines()


def test_core_never_imports_textual():
    modules = [m.name for m in pkgutil.walk_packages(tui.core.__path__, "tui.core.")]
    assert "tui.core.document.parse" in modules and "tui.core.load.web.extract" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    if not name.endswith('__main__'):\n"
        "        importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    assert out.stdout.strip() == ""


def test_sample_article_is_the_shipped_seed():
    from tui.core.session import sample_path

    assert sample_path().read_bytes() == SAMPLE.read_bytes()
    shared = ROOT.parent / "shared" / "seeds" / "000_f8d1325b0194e9f8.txt"
    if shared.exists():
        assert SAMPLE.read_bytes() == shared.read_bytes()


def test_installed_distribution_carries_the_sample():
    try:
        dist = importlib.metadata.distribution("margin")
    except importlib.metadata.PackageNotFoundError:
        import pytest

        pytest.skip("margin is not installed in this environment")
    import json

    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    if direct.get("dir_info", {}).get("editable"):
        import pytest

        pytest.skip("an editable install reads seeds/ from the checkout")
    files = {str(f) for f in dist.files or ()}
    assert "tui/seeds/ukraine-long-range-missiles.txt" in files
    assert "tui/core/analysis/data/checkworthy.json" in files
    assert "tui/core/search/data/common_stems.txt" in files
    assert not any(f.startswith("tools/") for f in files)  # scripts that do not ship
