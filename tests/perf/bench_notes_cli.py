"""Benchmark listing and exporting 100,000 notes from the command line, as a user runs it.

Usage: python tests/perf/bench_notes_cli.py [--notes N] [--runs R] [--shape spread|heavy|both]
                                            [--keep DIR] [--outputs DIR]

Builds, in a temporary MARGIN_DATA_DIR, a library holding N notes (100,000) through the store's
public API (the articles written to files, read, analysed and registered as ``margin`` does; the
notes added in one batch), in one of two shapes:

  spread   1,000 articles of 30-60 sentences, 100 notes each;
  heavy    one long article (3,000 sentences) holding half the notes, the rest spread over
           articles of 100 notes each.

About 1% of the notes are in review (their sentence edited) and 1% detached, with Markdown
bodies, tags, verdicts and creation times spread over a year.

Then times, each as its own ``python -m tui`` process (median of --runs, the commands
interleaved run by run, after a warm-up run of each that compiles their byte code; wall time,
and the processor time it took):

  list json     margin notes list --json          (every note of the library)
  list          margin notes list                 (the same, as a table 120 columns wide;
                                                   and in a pipe, where nothing is cut)
  doc list json margin notes list --document ID --json   (the article with the most notes)
  doc list      margin notes list --document ID
  export md     margin export --document ID       (Markdown; the article with the most notes)
  export json   margin export --document ID --format json   (W3C Web Annotation JSON)

with floors measured in the same runs: ``python -c pass``, ``margin --version`` (the CLI's
start), ``margin claims FILE --json`` of the article with the most notes (it read and analysed
as the doc commands do, without its notes), and the same note rows read with plain sqlite3
(and, as a peer, dumped with json).
Goal: every command <= 2 s. Prints each figure, then a JSON object on its last line.
``--keep DIR`` builds the library in DIR (or reuses one built there); ``--outputs DIR`` saves
each command's output (to compare two versions of the code).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
for path in (REPO_ROOT, Path(__file__).parent):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench_library import PEOPLE, ROLES, TOPICS, VERBS  # noqa: E402

GOAL_S = 2.0
TAGS = ["budget", "check-later", "source?", "numbers", "quote", "follow-up", "wrong-year"]
VERDICT_CYCLE = ["unverified", "supported", "misleading", "false", "needs-context"]

SQLITE_FLOOR = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                "rows = c.execute('SELECT * FROM notes WHERE deleted IS NULL "
                "ORDER BY document_id, start').fetchall(); print(len(rows))")
JSON_PEER = ("import json, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
             "c.row_factory = sqlite3.Row; "
             "rows = c.execute('SELECT * FROM notes WHERE deleted IS NULL "
             "ORDER BY document_id, start').fetchall(); "
             "sys.stdout.write(json.dumps([dict(r) for r in rows], ensure_ascii=False, indent=2))")


def sentence(rnd: random.Random) -> str:
    kind = rnd.random()
    who = rnd.choice(PEOPLE + ROLES)
    t = rnd.choice(TOPICS)
    if kind < 0.3:
        return (f"“We expect {t} to change by {rnd.randint(2, 40)} percent,” {who} said on "
                f"{rnd.choice(['Monday', 'Tuesday', 'Friday'])}.")
    if kind < 0.6:
        return f"{who.capitalize()} said {t} {rnd.choice(VERBS)} in {rnd.randint(1990, 2024)}."
    if kind < 0.8:
        return (f"The cost of {t} could reach ${rnd.randint(2, 900)} million, according to "
                f"{rnd.choice(['reports', 'the budget office', 'auditors'])}.")
    return f"Residents asked whether {t} would be ready by {rnd.randint(2025, 2031)}."


def article(rnd: random.Random, i: int, sentences: int) -> str:
    """An article: a title, then paragraphs of three to six sentences (each article unique)."""
    lines = [f"Report {i}: {rnd.choice(TOPICS)} {rnd.choice(VERBS)}", ""]
    para: list[str] = []
    for _ in range(sentences):
        para.append(sentence(rnd))
        if len(para) >= rnd.randint(3, 6):
            lines += [" ".join(para), ""]
            para = []
    if para:
        lines.append(" ".join(para))
    return "\n".join(lines) + "\n"


def body(rnd: random.Random, k: int) -> str:
    kind = k % 5
    if kind == 0:
        return ""
    if kind == 1:
        return f"Check this against the {rnd.choice(TOPICS)} figures (note {k})."
    if kind == 2:
        return (f"**Doubtful.** The {rnd.randint(2, 40)} percent is not in the report.\n\n"
                f"- source: https://example.org/{k}\n- asked {rnd.choice(PEOPLE)}")
    if kind == 3:
        return f"“{rnd.choice(PEOPLE)}” said otherwise in {rnd.randint(1990, 2024)} — see #{k}."
    return "Follow up."


def build(data: Path, folder: Path, notes: int, shape: str) -> None:
    """The library: articles written to ``folder``, read, analysed and registered, and ``notes``
    notes added through the store (in one batch: the fixture, not what is timed)."""
    os.environ["MARGIN_DATA_DIR"] = str(data)
    from tui.core.notes.selector import describe
    from tui.core.notes.store import Store
    from tui.core.session import Session

    rnd = random.Random(16)
    folder.mkdir(parents=True, exist_ok=True)
    plan: list[tuple[int, int]] = []  # (sentences, notes) per article
    if shape == "heavy":
        plan.append((3000, notes // 2))
        rest = notes - notes // 2
    else:
        rest = notes
    while rest > 0:
        plan.append((rnd.randint(30, 60), min(100, rest)))
        rest -= 100
    stamp0 = 1_700_000_000
    k = 0
    store = Store.open(data, backup=False)
    session = Session(store)
    with store.batch():
        for i, (sentences, count) in enumerate(plan):
            path = folder / f"article-{i:05d}.txt"
            path.write_text(article(rnd, i, sentences), encoding="utf-8")
            art = session.analyse(session.load(str(path)).document)
            record = session.register(art).record
            text, statements = art.document.text, art.statements
            for j in range(count):
                st = statements[rnd.randrange(len(statements))]
                sel = describe(text, st.start, st.end)
                created = time.strftime("%Y-%m-%dT%H:%M:%S.000Z",
                                        time.gmtime(stamp0 + rnd.randrange(365 * 86400)))
                review = None
                roll = rnd.random()
                if roll < 0.01:  # its sentence was edited: in review where the edit is
                    other = statements[rnd.randrange(len(statements))]
                    review = ("review", st.start, st.end, "the sentence was reworded",
                              ((other.start, other.end),))
                elif roll < 0.02:
                    review = ("orphan", None, None, "the sentence is gone", ())
                tags = rnd.sample(TAGS, rnd.randint(0, 2))
                store.add_note(record.id, sel, body=body(rnd, k), tags=tags,
                               verdict=VERDICT_CYCLE[k % 5], statement=st.index, created=created,
                               text_hash=None if review else record.hash, review=review)
                k += 1
    store.close()


def heaviest(data: Path) -> tuple[int, str]:
    """The article with the most notes: its id, and its file."""
    import sqlite3

    from tui.core.notes.schema import DB_NAME

    conn = sqlite3.connect(data / DB_NAME)
    try:
        doc = conn.execute("SELECT document_id FROM notes WHERE deleted IS NULL GROUP BY "
                           "document_id ORDER BY COUNT(*) DESC, document_id LIMIT 1").fetchone()[0]
        return doc, conn.execute("SELECT source FROM documents WHERE id = ?", (doc,)).fetchone()[0]
    finally:
        conn.close()


def run(cmd: list[str], env: dict, out: Path | None) -> tuple[float, float]:
    """The command's wall time, and the processor time it took (user + system: less moved by
    other processes on a shared machine than the wall time)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    took = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n"
                         f"{done.stderr.decode(errors='replace')}")
    if out is not None:
        out.write_bytes(done.stdout)
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(data: Path, runs: int, outputs: Path | None, cache: Path
            ) -> dict[str, tuple[float, float]]:
    """Each command's median wall and processor time, the commands interleaved run by run,
    after a warm-up run of each (not counted) that compiles their byte code into ``cache``:
    every run then reads it, as an installed Margin reads what its installation compiled
    (PYTHONDONTWRITEBYTECODE, set in some environments, would have every run compile the
    modules changed since the byte code was last written)."""
    from tui.core.notes.schema import DB_NAME

    env = dict(os.environ, MARGIN_DATA_DIR=str(data), COLUMNS="120", PYTHONPYCACHEPREFIX=str(cache),
               PYTHONPATH=str(REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    piped = {k: v for k, v in env.items() if k != "COLUMNS"}  # no width: nothing cut
    doc, source = heaviest(data)
    doc = str(doc)
    py, cli = sys.executable, [sys.executable, "-m", "tui"]
    commands = {
        "floor python -c pass": [py, "-c", "pass"],
        "floor margin --version": [*cli, "--version"],
        # (that article read and analysed as the doc commands do it, its claims printed: what
        # of their time is not their notes')
        "floor doc claims --json": [*cli, "claims", source, "--json"],
        "floor sqlite3 rows": [py, "-c", SQLITE_FLOOR, str(data / DB_NAME)],
        "peer sqlite3 rows + json": [py, "-c", JSON_PEER, str(data / DB_NAME)],
        "list json": [*cli, "notes", "list", "--json"],
        "list": [*cli, "notes", "list"],
        "list in a pipe": [*cli, "notes", "list"],
        "doc list json": [*cli, "notes", "list", "--document", doc, "--json"],
        "doc list": [*cli, "notes", "list", "--document", doc],
        "export md": [*cli, "export", "--document", doc],
        "export json": [*cli, "export", "--document", doc, "--format", "json"],
    }
    for name, cmd in commands.items():  # the warm-up
        run(cmd, piped if "pipe" in name else env, None)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for r in range(runs):
        for name, cmd in commands.items():
            out = (outputs / (name.replace(" ", "_") + ".out")) if outputs and r == 0 else None
            times[name].append(run(cmd, piped if "pipe" in name else env, out))
    return {name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t))
            for name, t in times.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notes", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--shape", choices=("spread", "heavy", "both"), default="both")
    ap.add_argument("--keep", type=Path, help="build (or reuse) the libraries in this folder")
    ap.add_argument("--outputs", type=Path, help="save each command's output in this folder")
    args = ap.parse_args(argv)
    from tui.core.notes.schema import DB_NAME

    shapes = ("spread", "heavy") if args.shape == "both" else (args.shape,)
    result: dict = {"notes": args.notes, "runs": args.runs, "goal_s": GOAL_S}
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        for shape in shapes:
            data, folder = root / shape / "data", root / shape / "articles"
            if not (data / DB_NAME).exists():
                t0 = time.perf_counter()
                build(data, folder, args.notes, shape)
                print(f"[{shape}] built {args.notes} notes in {time.perf_counter() - t0:.1f} s",
                      flush=True)
            outputs = args.outputs / shape if args.outputs else None
            if outputs:
                outputs.mkdir(parents=True, exist_ok=True)
            medians = measure(data, args.runs, outputs, Path(tmp) / "pycache")
            rows = medians["floor sqlite3 rows"][0]
            analysed = medians["floor doc claims --json"][0]
            print(f"[{shape}] {'':26} {'wall':>7}     {'cpu':>7}    wall / sqlite3 rows"
                  "   wall - doc claims")
            for name, (wall, cpu) in medians.items():
                beyond = (f"   {wall - analysed:6.3f} s" if name.startswith(("doc", "export"))
                          else "")
                print(f"[{shape}] {name:26} {wall:7.3f} s   {cpu:7.3f} s   x{wall / rows:5.1f}"
                      f"{beyond}", flush=True)
            result[shape] = {name.replace(" ", "_"): {"wall_s": round(w, 3), "cpu_s": round(c, 3)}
                             for name, (w, c) in medians.items()}
            result[shape]["met"] = all(w <= GOAL_S for n, (w, _) in medians.items()
                                       if not n.startswith(("floor", "peer")))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
