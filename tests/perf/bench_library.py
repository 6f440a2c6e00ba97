"""Search a folder of two thousand news articles from the command line, as a user would.

Usage: python tests/perf/bench_library.py [--articles N] [--runs R]

Writes N synthetic news articles (seeded) to a temporary folder, hides one distinctive
sentence in one of them, then times `margin search QUERY FOLDER` (the first run reads, analyses
and remembers every article; later runs search the library). Prints a JSON object on its last
line: seconds for the first and later runs, and whether the right article came first.
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    rnd = random.Random(7)
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
                   PYTHONPATH=str(REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        query = "lighthuose keeper foghorn"
        cmd = [sys.executable, "-m", "tui", "search", query, "--json", "--limit", "5"]
        t0 = time.perf_counter()
        first = subprocess.run(cmd + [str(folder)], capture_output=True, env=env, text=True)
        first_s = time.perf_counter() - t0
        if first.returncode != 0:
            print(first.stderr, file=sys.stderr)
            return 1
        rows = json.loads(first.stdout)
        right = bool(rows) and rows[0]["document"].endswith(f"article-{secret:05d}.txt")
        later = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            out = subprocess.run(cmd, capture_output=True, env=env, text=True)
            later.append(time.perf_counter() - t0)
            rows = json.loads(out.stdout)
            right = right and bool(rows) and rows[0]["document"].endswith(f"article-{secret:05d}.txt")
    result = {"articles": args.articles, "query": query, "first_run_s": round(first_s, 2),
              "library_run_s": round(statistics.median(later), 2), "right_article_first": right}
    print(f"first run (reads, analyses and remembers {args.articles} articles): {first_s:.2f} s")
    print(f"later runs (the library): median {statistics.median(later):.2f} s")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
