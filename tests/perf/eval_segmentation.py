"""Evaluate tui.core.analysis.segment: the 48 English Golden Rules and throughput on the shared books.

Usage: python tests/perf/eval_segmentation.py PATH/english_golden_rules.py [--books DIR] [--runs N]

Prints each failing rule, then a JSON object on its last line.
"""

from __future__ import annotations

import argparse
import json
import re
import runpy
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import sentencex  # noqa: E402

from tui.core.analysis.segment import sentence_spans  # noqa: E402

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def load_rules(path: Path) -> list[tuple[str, list[str]]]:
    """GOLDEN_EN_RULES from the file at path, run from its path (never imported from the repo)."""
    return list(runpy.run_path(str(path))["GOLDEN_EN_RULES"])


def check_rules(rules: list[tuple[str, list[str]]]) -> list[int]:
    """Print each failing rule readably; return the 1-based numbers of the failures."""
    failed = []
    for number, (text, expected) in enumerate(rules, 1):
        got = [text[s:e] for s, e in sentence_spans(text)]
        if got != list(expected):
            failed.append(number)
            print(f"FAIL rule {number}: {text!r}")
            print(f"    expected: {list(expected)!r}")
            print(f"    got:      {got!r}")
    return failed


def load_paragraphs(books_dir: Path) -> tuple[list[str], int]:
    """Paragraphs (split on blank lines) of the books concatenated; the document's UTF-8 size."""
    text = "\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted(books_dir.glob("*.txt"))
    )
    paragraphs = [p for p in _BLANK_LINE.split(text) if p.strip()]
    return paragraphs, len(text.encode("utf-8"))


def _median_seconds(fn, paragraphs: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for p in paragraphs:
            fn(p)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _raw_sentencex(p: str):
    return sentencex.get_sentence_boundaries("en", p)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rules", type=Path, help="path to english_golden_rules.py")
    ap.add_argument("--books", type=Path, default=None,
                    help="folder of .txt books (default: <rules>/../../books)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs; the median is reported")
    args = ap.parse_args(argv)

    if not args.rules.is_file():
        print(f"error: rules file not found: {args.rules}", file=sys.stderr)
        return 2
    rules = load_rules(args.rules)
    failed = check_rules(rules)

    books_dir = args.books or args.rules.resolve().parent.parent / "books"
    result: dict = {
        "passed": len(rules) - len(failed),
        "total": len(rules),
        "failed_rules": failed,
        "mb_per_s": None,
        "sentencex_mb_per_s": None,
        "ratio_vs_sentencex": None,
    }
    if books_dir.is_dir() and any(books_dir.glob("*.txt")):
        paragraphs, nbytes = load_paragraphs(books_dir)
        mb = nbytes / 1e6
        runs = max(1, args.runs)
        ours = _median_seconds(sentence_spans, paragraphs, runs)
        raw = _median_seconds(_raw_sentencex, paragraphs, runs)
        result.update(
            mb_per_s=round(mb / ours, 2),
            sentencex_mb_per_s=round(mb / raw, 2),
            ratio_vs_sentencex=round(raw / ours, 3),
            books_dir=str(books_dir),
            books_mb=round(mb, 3),
            paragraphs=len(paragraphs),
            sentences=sum(len(sentence_spans(p)) for p in paragraphs),
            runs=runs,
        )
    else:
        result["books_note"] = f"books dir not found or empty: {books_dir}; throughput not measured"
        print(result["books_note"])
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
