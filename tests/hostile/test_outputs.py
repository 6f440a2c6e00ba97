"""Where Margin writes (exports, settings): a link is written through, a pipe or a device is
written to and never replaced by a file, a folder is an error."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from tests.conftest import SAMPLE, run_margin
from tui.core.files import write_atomic

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links and FIFOs")


def test_a_link_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "synced" / "notes.md"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "notes.md"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    dangling = tmp_path / "later.md"
    dangling.symlink_to(tmp_path / "synced" / "later.md")
    write_atomic(dangling, "first")
    assert dangling.is_symlink() and (tmp_path / "synced" / "later.md").read_text() == "first"


def test_a_pipe_is_written_to_not_replaced(tmp_path):
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(10)
    assert got == ["through the pipe"] and fifo.is_fifo()


def test_a_folder_is_an_error(tmp_path):
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path, "x")


def test_export_to_standard_output_by_its_device_name(tmp_path):
    proc = run_margin("export", str(SAMPLE), "-o", "/dev/stdout")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().startswith("---\ntitle: ")
    assert os.path.islink("/dev/stdout") or os.path.exists("/dev/stdout")


def test_export_to_a_link_and_to_a_folder(tmp_path):
    real = tmp_path / "real.md"
    link = tmp_path / "link.md"
    link.symlink_to(real)
    proc = run_margin("export", str(SAMPLE), "-o", str(link))
    assert proc.returncode == 0 and link.is_symlink() and real.read_text().startswith("---")
    proc = run_margin("export", str(SAMPLE), "-o", str(tmp_path))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.count("\n") == 1 and "Is a directory" in err


def test_settings_written_through_a_linked_config_file(tmp_path, monkeypatch):
    from tui.app.config import Config, config_path, load_config, save_config

    dotfiles = tmp_path / "dotfiles" / "margin.json"
    dotfiles.parent.mkdir()
    dotfiles.write_text('{"theme": "nord"}\n')
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(dotfiles)
    save_config(Config(theme="gruvbox"))
    assert path.is_symlink() and '"gruvbox"' in dotfiles.read_text()
    assert load_config()[0].theme == "gruvbox"
