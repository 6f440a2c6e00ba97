"""Benchmark every shape of input Margin accepts: time and peak memory, and what is kept.

Usage: python tests/perf/bench_shapes.py [--runs N] [--timeout S] [--no-reader] [--only NAME...]

Each shape is written to a temporary directory (nothing is downloaded):

  lines      1,000,000 short lines ("Word 7 fell."), 17 MB
  paras      1,000,000 one-word paragraphs, 9 MB
  oneline    one 10 MB line of words, no full stop
  links      a page of 50,000 links around ten paragraphs
  divs       100,000 nested <div>s around 20 paragraphs
  list       a 20,000-deep list; its deepest item holds a sentence
  table      a 10,000-deep table; its deepest cell holds a sentence
  prose      32 MB of news prose (the sample article repeated)

For each shape and, as the floor, the bundled sample article:

  claims     ``python -m tui claims --json PATH`` with a fresh data directory: wall time and
             peak RSS (ru_maxrss of the child, from os.wait4), the exit code, the first line it
             wrote to stderr (where Margin says what it cut or did not analyse), and whether the
             sentence the shape hides deepest (the last paragraph; the deepest item or cell) is
             in its output;
  reader     ``python -m tui PATH`` under a 120x40 pseudo-terminal (as bench_open.py runs it):
             time to the first screen showing the shape's opening words, and peak RSS once the
             reader has finished analysing (its CPU time stops growing, or --settle passes).

Goals (issue 13): for every shape peak RSS <= 600 MB and <= 30 s, the reader's first screen
<= 2 s, and what is dropped is said. Each figure is the median of --runs runs; ratios are
against the sample article measured in the same run. Prints a table, then a JSON object on its
last line.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_open import (REPO_ROOT, SAMPLE, _median, measure_open,  # noqa: E402
                        terminal_env, unwind_on_signals)

SENTENCE = "The council said on Monday that the harbour levy would rise by 12 percent next year, " \
           "officials said."
GOAL_RSS_MB = 600
GOAL_SECONDS = 30
GOAL_FIRST_SCREEN = 2.0


def _paragraphs(n: int) -> str:
    return "".join(f"<p>{SENTENCE}</p>" for _ in range(n))


def make_shapes(tmp: Path) -> dict[str, dict]:
    """Write every shape; name -> {path, marker (on the first screen), deepest (kept?)}."""
    shapes: dict[str, dict] = {}

    def put(name: str, filename: str, text: str, marker: str, deepest: str | None) -> None:
        path = tmp / filename
        path.write_text(text, encoding="utf-8")
        shapes[name] = {"path": path, "marker": marker, "deepest": deepest,
                        "mb": round(path.stat().st_size / 1e6, 1)}

    put("lines", "lines.txt", "".join(f"Word {i} fell.\n" for i in range(1_000_000)),
        "Word 3 fell.", "Word 999999 fell.")
    put("paras", "paras.txt", "".join(f"word{i}\n\n" for i in range(1_000_000)),
        "word3", "word999999")
    put("oneline", "oneline.txt", "council " + "wall rose " * 999_999 + "\n",
        "council wall rose", None)
    links = "".join(f'<li><a href="/p/{i}">Link number {i}</a></li>' for i in range(50_000))
    put("links", "links.html",
        f"<html><head><title>Links</title></head><body><article><h1>Many links</h1>"
        f"{_paragraphs(5)}<ul>{links}</ul>{_paragraphs(4)}"
        "<p>The last paragraph said the levy rose 3 percent.</p></article></body></html>",
        "harbour levy would rise", "The last paragraph said the levy rose 3 percent.")
    put("divs", "divs.html",
        "<html><body>" + "<div>" * 100_000 + _paragraphs(19)
        + "<p>The deepest paragraph said the levy rose 4 percent.</p>"
        + "</div>" * 100_000 + "</body></html>",
        "harbour levy would rise", "The deepest paragraph said the levy rose 4 percent.")
    put("list", "list.html",
        "<html><body><article><h1>Deep list</h1>" + _paragraphs(5)
        + "<ul><li>" * 20_000 + "The deepest item said the levy rose 5 percent."
        + "</li></ul>" * 20_000 + _paragraphs(4)
        + "<p>After the list the levy rose 6 percent.</p></article></body></html>",
        "harbour levy would rise", "The deepest item said the levy rose 5 percent.")
    put("table", "table.html",
        "<html><body><article><h1>Deep table</h1>" + _paragraphs(5)
        + "<table><tr><td>" * 10_000 + "The deepest cell said the levy rose 7 percent."
        + "</td></tr></table>" * 10_000 + _paragraphs(4)
        + "<p>After the table the levy rose 8 percent.</p></article></body></html>",
        "harbour levy would rise", "The deepest cell said the levy rose 7 percent.")
    sample = SAMPLE.read_text(encoding="utf-8-sig").strip() + "\n\n"
    put("prose", "prose.txt", sample * (32_000_000 // len(sample.encode("utf-8"))),
        "As the conflict between", None)
    return shapes


def run_claims(path: Path, env: dict, tmp: Path, timeout: float) -> dict:
    """One ``margin claims --json`` run with a fresh data directory. Its peak RSS is the child's
    ru_maxrss, which on Linux counts the memory of this process forked before the exec: the
    shapes are made in another process, so this one stays far below the figures measured."""
    data = Path(tempfile.mkdtemp(prefix="data-", dir=tmp))
    out = tmp / "claims.out"
    err = tmp / "claims.err"
    cmd = [sys.executable, "-m", "tui", "claims", "--json", str(path)]
    with open(out, "wb") as fo, open(err, "wb") as fe:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=str(REPO_ROOT), stdout=fo, stderr=fe,
                                env=dict(env, MARGIN_DATA_DIR=str(data)),
                                start_new_session=True)
        status = rusage = None
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - t0 > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                return {"status": "timeout", "seconds": timeout}
            time.sleep(0.02)
        seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    said = err.read_text("utf-8", "replace").strip().splitlines()
    return {"status": "ok" if proc.returncode == 0 else "failed", "code": proc.returncode,
            "seconds": seconds, "rss_mb": rusage.ru_maxrss / 1024,
            "said": said[0] if said else "", "output": out}


def kept(output: Path, needle: str | None) -> bool | None:
    """Whether ``needle`` is in the output (read in pieces: it may be tens of megabytes)."""
    if needle is None:
        return None
    encoded = json.dumps(needle)[1:-1].encode("utf-8")
    tail = b""
    with open(output, "rb") as fh:
        while chunk := fh.read(1 << 20):
            if encoded in tail + chunk:
                return True
            tail = chunk[-len(encoded):]
    return False


def run_reader(path: Path, marker: str, env: dict, tmp: Path, timeout: float,
               settle: float) -> dict:
    data = Path(tempfile.mkdtemp(prefix="data-", dir=tmp))
    return measure_open([sys.executable, "-m", "tui", str(path)], REPO_ROOT,
                        dict(env, MARGIN_DATA_DIR=str(data)), marker, timeout, settle,
                        until_idle=True)


def _num(values: list, digits: int) -> float | None:
    m = _median([v for v in values if v is not None])
    return None if m is None else round(m, digits)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs of each shape (median)")
    parser.add_argument("--timeout", type=float, default=180.0, help="cap on one run, seconds")
    parser.add_argument("--settle", type=float, default=90.0,
                        help="at most this long after the first screen for the reader's peak")
    parser.add_argument("--no-reader", action="store_true", help="only margin claims")
    parser.add_argument("--only", nargs="*", default=None, help="only these shapes")
    parser.add_argument("--keep-temp", action="store_true", help="keep the temporary files")
    parser.add_argument("--make", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.make:  # in a child, so that this process stays small (see run_claims)
        json.dump({k: dict(v, path=str(v["path"])) for k, v in make_shapes(Path(args.make)).items()},
                  sys.stdout)
        return 0
    if args.runs < 1 or args.timeout <= 0:
        print("bench_shapes: --runs must be >= 1 and --timeout > 0", file=sys.stderr)
        return 2

    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f} at start; {args.runs} run(s) of each")
    tmp = Path(tempfile.mkdtemp(prefix="margin-bench-shapes-"))

    unwind_on_signals()
    env = terminal_env(MARGIN_CONFIG_DIR=str(tmp / "config"))
    results: dict[str, dict] = {}
    try:
        shapes = {"sample": {"path": SAMPLE, "marker": "As the conflict between",
                             "deepest": None, "mb": round(SAMPLE.stat().st_size / 1e6, 3)}}
        made = subprocess.run([sys.executable, __file__, "--make", str(tmp)], check=True,
                              capture_output=True, text=True).stdout
        shapes.update({k: dict(v, path=Path(v["path"])) for k, v in json.loads(made).items()})
        if args.only:
            shapes = {k: v for k, v in shapes.items() if k in args.only or k == "sample"}
        for name, shape in shapes.items():
            claims, readers = [], []
            for _ in range(args.runs):
                claims.append(run_claims(shape["path"], env, tmp, args.timeout))
                if not args.no_reader:
                    readers.append(run_reader(shape["path"], shape["marker"], env, tmp,
                                              args.timeout, args.settle))
            last = claims[-1]
            ok = [c for c in claims if c["status"] == "ok"]
            r_ok = [r for r in readers if r.get("status") == "ok"]
            results[name] = {
                "mb": shape["mb"],
                "claims_status": last["status"] if not ok else "ok",
                "claims_s": _num([c["seconds"] for c in ok], 2),
                "claims_rss_mb": _num([c["rss_mb"] for c in ok], 0),
                "said": last.get("said", ""),
                "deepest_kept": kept(last["output"], shape["deepest"]) if ok else None,
                "first_screen_s": _num([r["first_screen_s"] for r in r_ok], 2),
                "reader_rss_mb": _num([r["rss_peak_mb"] for r in r_ok], 0),
                "reader_status": (readers[-1].get("status") if readers else None),
            }
            r = results[name]
            print(f"  {name}: claims {r['claims_s']} s {r['claims_rss_mb']} MB "
                  f"({r['claims_status']}); reader {r['first_screen_s']} s "
                  f"{r['reader_rss_mb']} MB ({r['reader_status']})", flush=True)
    finally:
        if not args.keep_temp:
            subprocess.run(["rm", "-rf", str(tmp)], check=False)
        else:
            print(f"temporary files kept in {tmp}")

    floor = results.get("sample", {})

    def ratio(a, b):
        return None if a is None or not b else round(a / b, 1)

    print()
    print(f"{'shape':8} {'MB':>5} {'claims s':>9} {'x':>6} {'peak MB':>8} {'first s':>8} "
          f"{'x':>5} {'reader MB':>9}  deepest  said")
    for name, r in results.items():
        deepest = {True: "kept", False: "LOST", None: "-"}[r["deepest_kept"]]
        cells = [f"{name:8}", f"{r['mb']:>5}",
                 f"{r['claims_s'] if r['claims_s'] is not None else r['claims_status']:>9}",
                 f"{ratio(r['claims_s'], floor.get('claims_s')) or '-':>6}",
                 f"{r['claims_rss_mb'] if r['claims_rss_mb'] is not None else '-':>8}",
                 f"{r['first_screen_s'] if r['first_screen_s'] is not None else '-':>8}",
                 f"{ratio(r['first_screen_s'], floor.get('first_screen_s')) or '-':>5}",
                 f"{r['reader_rss_mb'] if r['reader_rss_mb'] is not None else '-':>9}",
                 f" {deepest:7}", f" {r['said'][:90]}"]
        print(" ".join(cells))
    worst_s = max((r["claims_s"] or 0 for r in results.values()), default=0)
    worst_mb = max(max(r["claims_rss_mb"] or 0, r["reader_rss_mb"] or 0)
                   for r in results.values())
    worst_first = max((r["first_screen_s"] or 0 for r in results.values()), default=0)
    lost = [n for n, r in results.items() if r["deepest_kept"] is False and not r["said"]]
    print(f"\nworst: {worst_s} s (goal <= {GOAL_SECONDS}), {worst_mb} MB (goal <= {GOAL_RSS_MB}), "
          f"first screen {worst_first} s (goal <= {GOAL_FIRST_SCREEN}); "
          f"dropped without a word: {', '.join(lost) or 'none'}")
    print(json.dumps({"shapes": results, "worst_s": worst_s, "worst_rss_mb": worst_mb,
                      "worst_first_screen_s": worst_first, "lost_unsaid": lost,
                      "goals": {"seconds": GOAL_SECONDS, "rss_mb": GOAL_RSS_MB,
                                "first_screen_s": GOAL_FIRST_SCREEN}}, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
