"""Search a folder of two thousand news articles from the command line, as a user would.

Usage: python tests/perf/bench_library.py [--articles N] [--runs R] [--root CHECKOUT]

Writes N synthetic news articles (seeded) to a temporary folder, hides one distinctive
sentence in one of them, then times, each beside its floor measured in the same run:

- `margin search QUERY FOLDER` the first time (it reads, analyses and remembers every article;
  floor: a Python that reads every file);
- `margin search QUERY` across the library, `margin related PATH -s N` and `margin search QUERY
  FOLDER` again (the files unchanged), interleaved with `python -c pass`, medians of R runs;
- the library indexed again after a note is saved, in-process, as the reader does it (a new
  session's ``library()`` and its related index, in a worker), beside the library made whole
  from the store (what every note saved cost before the index was kept), medians of R runs.

``--root`` runs another checkout's code (the commands and the note's re-index) on the same
articles: before/after numbers from one script. Prints a JSON object on its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

PEOPLE = ["Ana Ruiz", "Tom Becker", "Leila Haddad", "Kenji Sato", "Maria Costa", "Omar Farouk",
          "Jake Sullivan", "Elisa Moreau", "Robin Ellis", "Priya Natarajan"]
ROLES = ["the mayor", "the finance minister", "a spokesperson", "the council", "officials",
         "the ministry", "analysts", "the company"]
TOPICS = ["the harbour bridge", "the city budget", "bus fares", "the new hospital", "water prices",
          "the school reform", "the ceasefire talks", "the election", "the power grid",
          "rents", "the airport expansion", "the fishing quota"]
VERBS = ["rose", "fell", "doubled", "stalled", "was delayed", "was approved", "was rejected"]


def article(rnd: random.Random, i: int) -> str:
    topic = rnd.choice(TOPICS)
    lines = [f"{topic.capitalize()} {rnd.choice(VERBS)} again".replace("The ", "")]
    for _ in range(rnd.randint(8, 18)):
        kind = rnd.random()
        who = rnd.choice(PEOPLE + ROLES)
        t = rnd.choice(TOPICS)
        if kind < 0.3:
            lines.append(f"“We expect {t} to change by {rnd.randint(2, 40)} percent,” "
                         f"{who} said on {rnd.choice(['Monday', 'Tuesday', 'Friday'])}.")
        elif kind < 0.6:
            lines.append(f"{who.capitalize()} said {t} {rnd.choice(VERBS)} in "
                         f"{rnd.randint(1990, 2024)}.")
        elif kind < 0.8:
            lines.append(f"The cost of {t} could reach ${rnd.randint(2, 900)} million, "
                         f"according to {rnd.choice(['reports', 'the budget office', 'auditors'])}.")
        else:
            lines.append(f"Residents asked whether {t} would be ready by {rnd.randint(2025, 2031)}.")
    return "\n".join(lines) + "\n"


#: Run in a child (with the checkout's code): a note saved, then the library indexed again as
#: the reader's worker does it, beside the library made whole from the store; seconds as JSON.
NOTE_REINDEX = r"""
import json, statistics, sys, time
from tui.core.notes.model import ORPHAN, REVIEW, VERDICTS
from tui.core.search.library import Library, NoteItem
from tui.core.session import Session

path, runs = sys.argv[1], int(sys.argv[2])

def offset(n):
    return None if n.state == ORPHAN else (n.review_start if n.state == REVIEW else n.start)

def made_whole(session):
    store = session.store
    documents = store.texts()
    notes = [NoteItem(n.id, n.document_id, offset(n), n.body, n.tags, n.verdict)
             for n in store.all_notes() if n.document_id in documents]
    library = Library(documents, session.corrected_statements(store.statements()), notes, VERDICTS)
    library.index.prepare_related()
    return library

with Session() as session:
    _, art, registered = session.open(path)
    shown = (registered.record.id, art.document)
    session.library(shown=shown).index.prepare_related()  # the reader has its library
    incremental, whole = [], []
    for k in range(runs):
        session.add_note(registered.record, art, k % len(art.statements),
                         body=f"Checked with the council, call {k}: the minutes disagree")
        t0 = time.perf_counter()
        with Session() as worker:  # (the reader's worker: a session of its own)
            got = worker.library(shown=shown)
            got.index.prepare_related()
        incremental.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        with Session() as worker:
            full = made_whole(worker)
        whole.append(time.perf_counter() - t0)
        assert len(got) == len(full), (len(got), len(full))
import tui
print(json.dumps({"code": tui.__file__, "note_reindex_s": statistics.median(incremental),
                  "made_whole_s": statistics.median(whole)}))
"""

READ_ALL = "import sys, pathlib\nfor p in sorted(pathlib.Path(sys.argv[1]).iterdir()): p.read_bytes()"


def timed(cmd: list[str], env: dict) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    # (run elsewhere than in a checkout: `python -m` puts the working folder first on its path)
    out = subprocess.run(cmd, capture_output=True, env=env, text=True, cwd=env["MARGIN_DATA_DIR"])
    took = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:6])}… failed:\n{out.stderr}")
    return took, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--root", type=Path, default=REPO_ROOT, help="the checkout whose code runs")
    args = ap.parse_args(argv)
    rnd = random.Random(7)
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "news"
        folder.mkdir()
        secret = rnd.randrange(args.articles)
        for i in range(args.articles):
            text = article(rnd, i)
            if i == secret:
                text += ("The lighthouse keeper Ingrid Solberg said the foghorn was silenced "
                         "after 41 complaints.\n")
            (folder / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")
        env = dict(os.environ, MARGIN_DATA_DIR=str(Path(tmp) / "data"),
                   PYTHONPATH=str(args.root.resolve()) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        query = "lighthuose keeper foghorn"
        search = [py, "-m", "tui", "search", query, "--json", "--limit", "5"]
        target = folder / f"article-{secret:05d}.txt"
        related = [py, "-m", "tui", "related", str(target), "-s", "2", "--json", "--limit", "5"]
        Path(env["MARGIN_DATA_DIR"]).mkdir()
        floor_read, _ = timed([py, "-c", READ_ALL, str(folder)], env)
        first_s, first = timed(search + [str(folder)], env)
        floor_read = statistics.median([floor_read, timed([py, "-c", READ_ALL, str(folder)], env)[0]])
        right = _first_is(first.stdout, target)
        floor, later, rel, again = [], [], [], []
        for _ in range(args.runs):  # interleaved: the machine's noise falls on all alike
            floor.append(timed([py, "-c", "pass"], env)[0])
            took, out = timed(search, env)
            later.append(took)
            right = right and _first_is(out.stdout, target)
            rel.append(timed(related, env)[0])
            again.append(timed(search + [str(folder)], env)[0])
        child = subprocess.run([py, "-c", NOTE_REINDEX, str(target), str(args.runs)],
                               capture_output=True, env=env, text=True, cwd=tmp)
        if child.returncode != 0:
            raise SystemExit(f"the note's re-index failed:\n{child.stderr}")
        note = json.loads(child.stdout.strip().splitlines()[-1])
    med = statistics.median
    result = {
        "articles": args.articles, "root": str(args.root), "code": note["code"], "query": query,
        "first_run_s": round(first_s, 2), "first_run_floor_read_s": round(floor_read, 3),
        "library_run_s": round(med(later), 3), "related_run_s": round(med(rel), 3),
        "folder_again_s": round(med(again), 3), "floor_python_s": round(med(floor), 3),
        "note_reindex_s": round(note["note_reindex_s"], 4),
        "made_whole_s": round(note["made_whole_s"], 4),
        "note_reindex_vs_whole": round(note["note_reindex_s"] / note["made_whole_s"], 3),
        "right_article_first": right,
    }
    print(f"first run (reads, analyses and remembers {args.articles} articles): {first_s:.2f} s "
          f"(floor, reading the files: {floor_read:.3f} s)")
    print(f"`margin search` across the library: median {med(later):.3f} s "
          f"(floor, python -c pass: {med(floor):.3f} s)")
    print(f"`margin related` across the library: median {med(rel):.3f} s")
    print(f"`margin search QUERY FOLDER` again, files unchanged: median {med(again):.3f} s")
    print(f"a note saved, the library indexed again: median {note['note_reindex_s']:.4f} s "
          f"(made whole: {note['made_whole_s']:.4f} s, ratio {result['note_reindex_vs_whole']})")
    print(json.dumps(result))
    return 0


def _first_is(stdout: str, target: Path) -> bool:
    rows = json.loads(stdout)
    return bool(rows) and rows[0]["document"] == str(target)


if __name__ == "__main__":
    sys.exit(main())
