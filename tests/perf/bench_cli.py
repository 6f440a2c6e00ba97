"""Benchmark the start-up of ``margin``'s commands: wall time of a whole process, against the floor.

Usage: python tests/perf/bench_cli.py [--runs N] [--no-bytecode] [--first-run] [--baseline DIR]

Goal: ``margin claims`` on the bundled 3 KB sample article <= 0.25 s (wall, median).

Measured, each a fresh process (the ``margin`` console script beside this Python, else
``python -m tui``), median of --runs (default 10):

  claims          margin claims SAMPLE
  claims --json   margin claims SAMPLE --json
  --help          margin --help
  notes list      margin notes list           (every note of an empty library)
  search          margin search missiles      (an empty library)

and the floor, in the same rounds: ``python -c pass`` and ``python -c "import tui"``; with
--baseline DIR (a folder holding another version's ``tui`` package, e.g. from
``git archive HEAD tui | tar -x -C DIR``) each command also run on that version (PYTHONPATH=DIR),
as "... [baseline]", for a before/after measured in the same rounds. Runs are
interleaved: each round runs every command and both floors once, so the machine's load (two cores
shared with others) falls on all of them alike. Every run gets its own MARGIN_DATA_DIR and an empty
MARGIN_CONFIG_DIR: by default a copy of an empty library (the notes database made by one
unmeasured ``margin notes list``), so that each run finds the article new, as a user's first
``margin claims`` on an article does; with --first-run an empty folder, where the run also
creates the database (a user's very first run). Output goes to a pipe (``margin claims X | less``).

Bytecode: by default the children may write and read bytecode, in a private cache
(PYTHONPYCACHEPREFIX in a temporary folder) filled by one unmeasured run of each command before
the rounds -- an installed Margin has its bytecode (pip compiles it on install), so this is a
real first use. --no-bytecode sets PYTHONDONTWRITEBYTECODE=1 and no private cache: every module
without valid bytecode beside it is compiled on every run (a source checkout under that variable).

Prints one line per figure (median, the difference from ``python -c pass``, the ratio to it), then
a JSON object on its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "seeds" / "ukraine-long-range-missiles.txt"
GOAL_CLAIMS_S = 0.25


def _margin() -> list[str]:
    """The ``margin`` command as a user runs it: the venv's console script, else ``-m tui``."""
    script = Path(sys.executable).with_name("margin")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "tui"]


COMMANDS = {
    "margin claims SAMPLE": ["claims", str(SAMPLE)],
    "margin claims SAMPLE --json": ["claims", str(SAMPLE), "--json"],
    "margin --help": ["--help"],
    "margin notes list": ["notes", "list"],
    "margin search QUERY": ["search", "missiles"],
}


def _cases(baseline: Path | None) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Each case's command line and what its environment adds."""
    margin = _margin()
    cases = {
        "python -c pass": ([sys.executable, "-c", "pass"], {}),
        "python -c 'import tui'": ([sys.executable, "-c", "import tui"], {}),
    }
    for name, argv in COMMANDS.items():
        cases[name] = ([*margin, *argv], {})
        if baseline is not None:
            cases[name + " [baseline]"] = ([*margin, *argv], {"PYTHONPATH": str(baseline)})
    return cases


def _env(scratch: Path, bytecode: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MARGIN_") and k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env["COLUMNS"] = "120"
    if bytecode:
        env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _run(case: tuple[list[str], dict[str, str]], env: dict[str, str], scratch: Path,
         library: Path | None) -> float:
    """One run's wall time, in its own data folder (a copy of ``library``, else empty) and an
    empty config folder; a failed run is an error."""
    home = Path(tempfile.mkdtemp(dir=scratch))
    if library is None:
        (home / "data").mkdir()
    else:
        shutil.copytree(library, home / "data")
    (home / "config").mkdir()
    argv, extra = case
    env = {**env, **extra, "MARGIN_DATA_DIR": str(home / "data"),
           "MARGIN_CONFIG_DIR": str(home / "config")}
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): "
                         f"{done.stderr.decode(errors='replace').strip()}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10, help="runs of each command (default 10)")
    ap.add_argument("--no-bytecode", action="store_true",
                    help="PYTHONDONTWRITEBYTECODE=1: compile what has no bytecode on every run")
    ap.add_argument("--first-run", action="store_true",
                    help="an empty data folder each run: the run creates the notes database")
    ap.add_argument("--baseline", type=Path, metavar="DIR",
                    help="also run each command on the tui package in DIR (PYTHONPATH=DIR)")
    args = ap.parse_args()
    if args.baseline is not None and not (args.baseline / "tui" / "__init__.py").is_file():
        ap.error(f"no tui package in {args.baseline}")
    cases = _cases(args.baseline and args.baseline.resolve())
    times: dict[str, list[float]] = {name: [] for name in cases}
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        scratch = Path(tmp)
        env = _env(scratch, bytecode=not args.no_bytecode)
        library = None
        if not args.first_run:  # an empty library: its database made, nothing in it
            library = Path(tempfile.mkdtemp(dir=scratch))
            subprocess.run([*_margin(), "notes", "list"], check=True, stdout=subprocess.DEVNULL,
                           env={**env, "MARGIN_DATA_DIR": str(library),
                                "MARGIN_CONFIG_DIR": str(scratch)})
        for case in cases.values():  # unmeasured: fills the bytecode cache, checks each works
            _run(case, env, scratch, library)
        names = list(cases)
        for r in range(args.runs):
            # A different order each round: no command always follows the same one.
            for name in names[r % len(names):] + names[:r % len(names)]:
                times[name].append(_run(cases[name], env, scratch, library))
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    floor = medians["python -c pass"]
    print(f"{args.runs} runs each, interleaved; bytecode {'off' if args.no_bytecode else 'on'}; "
          f"{'no notes database yet' if args.first_run else 'an empty library'}; medians, and the "
          "difference from / ratio to 'python -c pass'")
    for name, m in medians.items():
        print(f"  {name:40s} {m * 1000:7.1f} ms   +{(m - floor) * 1000:6.1f} ms   x{m / floor:5.1f}")
    versus = {name: medians[name] / medians[name + " [baseline]"]
              for name in COMMANDS if name + " [baseline]" in medians}
    for name, ratio in versus.items():
        print(f"  {name:40s} {ratio:5.2f} x its baseline")
    claims = medians["margin claims SAMPLE"]
    print(f"goal: margin claims SAMPLE <= {GOAL_CLAIMS_S:.2f} s: {claims:.3f} s "
          f"({'met' if claims <= GOAL_CLAIMS_S else 'NOT met'})")
    print(json.dumps({
        "runs": args.runs,
        "bytecode": not args.no_bytecode,
        "first_run": args.first_run,
        "median_s": {name: round(m, 4) for name, m in medians.items()},
        "minus_floor_s": {name: round(m - floor, 4) for name, m in medians.items()},
        "versus_baseline": {name: round(r, 3) for name, r in versus.items()},
        "goal_claims_s": GOAL_CLAIMS_S,
        "goal_met": claims <= GOAL_CLAIMS_S,
    }))


if __name__ == "__main__":
    main()
