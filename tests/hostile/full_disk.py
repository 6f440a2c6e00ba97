"""A full disk, for real: run inside a mount namespace with a small tmpfs at MOUNT (see
test_full_disk.py). Notes are written, the disk filled to the last byte, then every way of
reading them is tried, and every way of writing; prints what happened as JSON.

    unshare -rm sh -c 'mount -t tmpfs -o size=3m tmpfs "$0" && python -m tests.hostile.full_disk "$0" WORK' MOUNT
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLE

NOTES = 19


def margin(*args: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, timeout=300)
    return {"rc": proc.returncode, "out": proc.stdout, "err": proc.stderr}


def fill(folder: Path) -> None:
    """Every byte of the file system taken."""
    with open(folder / "filler", "wb", buffering=0) as out:
        size = 65536
        while size:
            try:
                out.write(b"\0" * size)
            except OSError:
                size //= 2
    assert os.statvfs(folder).f_bavail == 0


async def reader(article: Path) -> dict:
    from tests.app.helpers import make_app, ready, type_text, until
    from tests.conftest import load_document

    app = make_app(load_document(str(article)))
    out: dict = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        out["opened"] = bool(app.notes_opened)
        out["placed"] = len(app.placed)
        out["told"] = list(app.shown)
        app.shown.clear()
        await pilot.press("a")
        await type_text(pilot, "kept text")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.shown)
        out["save"] = list(app.shown)
        out["editor_open"] = len(app.screen_stack) > 1
        if out["editor_open"]:
            out["editor_text"] = app.screen.query_one("TextArea").text
    return out


def main(mount: Path, work: Path) -> None:
    os.environ["MARGIN_DATA_DIR"] = str(mount / "data")
    article = work / "article.txt"
    article.write_bytes(SAMPLE.read_bytes())
    # The notes to read back, written as `margin notes add` writes them, in this one process:
    # nineteen commands would take some 6 s to start, and writing them is not what is tried here.
    from tui.core.session import Session

    with Session() as session:
        _, analysed, registered = session.open(str(article))
        for i in range(1, NOTES + 1):
            session.add_note(registered.record, analysed, i - 1, body=f"note {i}")
    fill(mount)
    result = {
        "list": margin("notes", "list", str(article), "--json"),
        "export": margin("export", str(article), "-o", str(work / "out.md")),
        "library": margin("library", "--json"),
        "search": margin("search", "Putin", "--json"),
    }
    first = json.loads(result["list"]["out"])[0]["id"] if result["list"]["rc"] == 0 else "x"
    result["rm"] = margin("notes", "rm", first)
    result["add"] = margin("notes", "add", str(article), "-s", "3", "-t", "more")
    result["reader"] = asyncio.run(reader(article))
    (mount / "filler").unlink()
    result["after"] = margin("notes", "list", str(article), "--json")
    result["exported"] = (work / "out.md").read_text() if (work / "out.md").exists() else ""
    print(json.dumps(result))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
