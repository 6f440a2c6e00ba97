"""Benchmark web extraction on pathological and huge pages: each against the floor of parsing the
same page with lxml alone, measured in the same run.

Usage: python tests/perf/bench_extract.py [--runs R]

Prints one line a page (median seconds, and the ratio to lxml's parse) and a JSON object on its
last line. The pages are built in code (tests/core/load/pages.py); no files or network needed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.core.load.pages import PATHOLOGICAL_PAGES, big_page  # noqa: E402
from tui.core.load import LoadError  # noqa: E402
from tui.core.load.web.extract import extract  # noqa: E402


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    from lxml.html import document_fromstring

    big, _ = big_page()
    pages = {f"pathological {i + 1}": page for i, page in enumerate(PATHOLOGICAL_PAGES)}
    pages["10 MB article"] = big
    results = {}
    for name, page in pages.items():
        data = page.encode()

        def ours() -> None:
            try:
                extract(data)
            except LoadError:
                pass

        runs = max(1, args.runs // 2) if len(data) > 1_000_000 else args.runs
        ours_s = median_seconds(ours, runs)
        floor_s = median_seconds(lambda: document_fromstring(data), runs)
        results[name] = {"median_s": round(ours_s, 4), "lxml_parse_s": round(floor_s, 4),
                         "ratio": round(ours_s / floor_s, 1) if floor_s else None}
        print(f"{name}: {ours_s:.3f} s (lxml parse {floor_s:.3f} s, x{ours_s / max(floor_s, 1e-9):.1f})")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
