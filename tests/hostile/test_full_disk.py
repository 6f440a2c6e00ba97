"""On a full disk, notes are read, listed, searched and exported as ever; only writing a note
fails, and says so (the reader keeps the words in the editor). Run for real: a small tmpfs,
filled to the last byte, in a mount namespace of its own (``unshare``), so no root is needed
where user namespaces are allowed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _namespace_works(tmp_path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$0"',
                            str(tmp_path)], capture_output=True)
    return probe.returncode == 0


def test_a_full_disk_reads_and_exports_and_only_note_writes_fail(tmp_path):
    mount, work = tmp_path / "mnt", tmp_path / "work"
    mount.mkdir()
    work.mkdir()
    if not _namespace_works(mount):
        pytest.skip("no mount namespace here (unshare -rm) to make a small disk in")
    proc = subprocess.run(
        ["unshare", "-rm", "sh", "-c",
         'mount -t tmpfs -o size=3m tmpfs "$1" && exec "$0" -m tests.hostile.full_disk "$1" "$2"',
         sys.executable, str(mount), str(work)],
        capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    full = "is full"
    for command in ("list", "export", "library", "search"):
        assert got[command]["rc"] == 0, (command, got[command]["err"])
        assert full in got[command]["err"]  # said once, as a warning
        assert got[command]["err"].count("\n") == 1, got[command]["err"]
    assert len(json.loads(got["list"]["out"])) == 19
    assert got["exported"].count("## Statement") == 19
    assert len(json.loads(got["search"]["out"])) > 0
    assert json.loads(got["library"]["out"])[0]["notes"] == 19
    for command in ("rm", "add"):  # note writes report, with what to do
        assert got[command]["rc"] != 0 and "full" in got[command]["err"], got[command]
        assert "internal error" not in got[command]["err"]
    reader = got["reader"]
    assert reader["opened"] and reader["placed"] == 19, reader
    assert sum(full in n for n in reader["told"]) == 1, reader["told"]  # said once
    assert any("full" in n for n in reader["save"]), reader["save"]
    assert reader["editor_open"] and reader["editor_text"] == "kept text"
    # Space again: every note is there, none was changed.
    after = json.loads(got["after"]["out"])
    assert sorted(n["body"] for n in after) == sorted(f"note {i}" for i in range(1, 20))
