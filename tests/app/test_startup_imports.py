"""The reader's first frame imports only what it shows: the note editor (Textual's TextArea), the
finder (and the search), the help come after it, and are in by the time the background work is
over, so that the first a, / or ? opens at once. Checked on the modules a fresh process holds
(behaviour, not timing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT, SAMPLE

#: In a fresh interpreter: the reader on the sample, as ``margin`` builds it; which modules were
#: loaded at its first frame (when it turns the collector on) and once its work was over.
_PROBE = """
import asyncio, json, sys
from tests.app.helpers import screen_text
from tui.app import collector
from tui.app.app import MarginApp
from tui.core.session import Session

seen = {}
started = collector.started

def first_frame():
    seen["first_frame"] = sorted(sys.modules)
    started()

collector.started = first_frame

async def main():
    with Session() as session:
        document = session.load(sys.argv[2]).document
    app = MarginApp(document)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(6000):
            if "first_frame" in seen and not app.analysing and app.library_current:
                break
            await asyncio.sleep(0.01)
        await pilot.pause()
        seen["settled"] = sorted(sys.modules)
        seen["text"] = "As the conflict between" in screen_text(app)

asyncio.run(main())
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump(seen, out)
"""

#: What the first frame does not need.
LATER = ("tui.app.note_editor", "tui.app.finder", "tui.app.help", "tui.core.search",
         "textual.widgets._text_area")


def _loaded(modules: list[str], *packages: str) -> list[str]:
    return [p for p in packages if any(m == p or m.startswith(p + ".") for m in modules)]


def test_the_first_frame_waits_for_no_dialog_and_every_dialog_is_in_once_the_work_is_over(tmp_path):
    report = tmp_path / "modules.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", _PROBE, str(report), str(SAMPLE)], cwd=ROOT,
                          env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    assert report.exists(), done.stderr.decode(errors="replace")
    seen = json.loads(report.read_text(encoding="utf-8"))
    assert "tui.app.article_view" in seen["first_frame"]  # the probe saw the first frame
    assert _loaded(seen["first_frame"], *LATER) == []
    assert _loaded(seen["settled"], *LATER) == list(LATER)
    assert seen["text"]  # the article shown, as ever
