"""A file Margin writes is the user's like any other: a new one takes the umask, a replaced one
keeps its permissions (mkstemp's 0600 never reaches the file written)."""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager

import pytest

from tests.conftest import ROOT, run_margin
from tui.core.files import write_atomic


@contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_takes_the_umask(tmp_path, mask, expected):
    target = tmp_path / "notes.md"
    with umask(mask):
        write_atomic(target, "text\n")
    assert target.read_text(encoding="utf-8") == "text\n"
    assert mode(target) == expected


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "notes.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    with umask(0o022):
        write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n" and mode(target) == 0o640


def test_a_linked_file_keeps_its_permissions_and_the_link_stays(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o604)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with umask(0o077):
        write_atomic(link, "new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"
    assert mode(real) == 0o604


def test_nothing_is_left_behind_when_the_folder_is_missing(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "missing" / "notes.md", "text\n")
    assert list(tmp_path.iterdir()) == []


def test_the_cli_export_takes_the_umask(tmp_path):
    """`margin export` writes through the same function: 0644 under umask 022."""
    out = tmp_path / "out.md"
    with umask(0o022):  # (the command inherits it)
        proc = run_margin("export", str(ROOT / "seeds" / "ukraine-long-range-missiles.txt"),
                          "-o", str(out), env={"MARGIN_DATA_DIR": str(tmp_path / "d")})
    assert proc.returncode == 0, proc.stderr
    assert mode(out) == 0o644
