"""A long document's statements are read by worker processes and settled here in order: the claims
are exactly those one process finds (speakers that refer back across the workers' chunks
included); a worker that fails or cannot start leaves its statements to this process; cancelling
stops the workers; a script that analyses at its top level runs once (workers never import the
program's main module)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tui.core.analysis import Cancelled, spread
from tui.core.analysis.segment import segment
from tui.core.document.parse import parse

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "seeds" / "ukraine-long-range-missiles.txt"


@pytest.fixture(scope="module")
def long_document():
    """The sample article many times over, each copy with its own minister, so that "he" and
    "the minister" refer back across chunks: some 2,500 statements."""
    sample = SAMPLE.read_text(encoding="utf-8")
    parts = []
    for i in range(110):
        parts.append(f"Minister Anna Berg{i} spoke on Tuesday. She said that {i + 3} percent "
                     f"of the budget was probably wasted. “It is not enough,” Berg{i} said.")
        parts.append(sample)
    doc = parse("\n\n".join(parts), "text", name="long.txt")
    statements = segment(doc)
    assert len(statements) > spread.PARALLEL_FROM
    return doc, statements


@pytest.fixture(scope="module")
def in_one_process(long_document):
    doc, statements = long_document
    patch = pytest.MonkeyPatch()
    patch.setattr(spread, "PARALLEL_FROM", 10**9)
    try:
        return spread.detect(doc, statements)
    finally:
        patch.undo()


@pytest.fixture
def two_cpus(monkeypatch):
    """Workers are used whatever the machine (one CPU would read everything here)."""
    monkeypatch.setattr(spread, "cpus", lambda: 2)
    started: list[spread._Worker] = []
    real = spread._Worker

    class Counted(real):
        def __init__(self, chunks):
            super().__init__(chunks)
            started.append(self)

    monkeypatch.setattr(spread, "_Worker", Counted)
    return started


def test_workers_find_the_claims_one_process_finds(long_document, in_one_process, two_cpus):
    doc, statements = long_document
    claims = spread.detect(doc, statements)
    assert len(two_cpus) == 2
    assert claims == in_one_process
    # Speakers resolved from the statements before them, across chunks.
    speakers = {c.speaker for c in claims}
    assert {"Anna Berg0", "Anna Berg109"} <= speakers
    assert all(w.proc.poll() is not None for w in two_cpus)  # none left running


@pytest.mark.parametrize("executable", ["/bin/false", "/nonexistent/python"])
def test_a_worker_that_fails_leaves_its_statements_here(long_document, in_one_process, two_cpus,
                                                        monkeypatch, executable):
    doc, statements = long_document
    monkeypatch.setattr(sys, "executable", executable)
    assert spread.detect(doc, statements) == in_one_process


def test_cancelling_stops_the_workers(long_document, two_cpus):
    doc, statements = long_document
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(Cancelled):
        spread.detect(doc, statements, cancelled=cancelled)
    assert two_cpus and all(w.proc.poll() is not None for w in two_cpus)


def test_a_script_that_analyses_at_its_top_level_runs_once(tmp_path):
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(f"""\
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from tui.core.analysis import spread
        from tui.core.analysis.article import analyse
        from tui.core.document.parse import parse
        spread.cpus = lambda: 2
        text = open({str(SAMPLE)!r}, encoding="utf-8").read()
        article = analyse(parse("\\n\\n".join([text] * 120), "text", name="x.txt"))
        print("ran", len(article.statements))
        """), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ran ")
    assert int(lines[0].split()[1]) > spread.PARALLEL_FROM


def test_a_stream_closed_before_it_is_read_stops_its_workers(long_document, two_cpus):
    doc, statements = long_document
    stream = spread.said_stream(doc.text, statements)
    assert len(two_cpus) == 2  # started at once, before the first statement is asked for
    stream.close()
    assert all(w.proc.poll() is not None for w in two_cpus)


def test_a_worker_reads_with_the_collector_paused_and_leaves_it_as_it_was(monkeypatch):
    import gc
    import io
    import pickle

    seen = []
    monkeypatch.setattr(spread, "said_all", lambda texts: seen.append(gc.isenabled()) or [])
    chunks = io.BytesIO(pickle.dumps(["One."]) + pickle.dumps(["Two."]))
    out = io.BytesIO()
    spread.serve(chunks, out)
    assert seen == [False, False] and gc.isenabled()
    out.seek(0)
    assert pickle.load(out) == [] and pickle.load(out) == []
