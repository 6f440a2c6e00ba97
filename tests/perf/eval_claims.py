"""Evaluate tui.core.analysis.claims on check-worthiness sentences in the CheckThat! (ct24) TSV format.

Usage: python tests/perf/eval_claims.py FILE.tsv [--runs N]

Each sentence is analysed on its own by the full claims pipeline (kinds, speaker, score); a
sentence is predicted check-worthy ("Yes") when its score is at least 0.5. Prints the confusion
counts, then a JSON object on its last line with precision, recall and F1 of the Yes class and
the pipeline's throughput in statements per second (median of several runs).
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

from tests.conftest import claims_of  # noqa: E402
from tui.core.analysis.claims import ASSERTION_THRESHOLD  # noqa: E402
from tools.train_checkworthy import read_tsv  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", type=Path, help="a ct24 TSV file (Sentence_id, Text, class_label)")
    parser.add_argument("--runs", type=int, default=5, help="timing runs (median is reported)")
    args = parser.parse_args(argv)
    if not args.tsv.is_file():
        print(f"eval_claims: {args.tsv}: no such file", file=sys.stderr)
        return 2
    rows = read_tsv(args.tsv)
    texts = [text for text, _ in rows]
    gold = [label for _, label in rows]
    claims = claims_of(texts)
    predicted = [c.score >= ASSERTION_THRESHOLD for c in claims]
    tp = sum(1 for p, g in zip(predicted, gold) if p and g)
    fp = sum(1 for p, g in zip(predicted, gold) if p and not g)
    fn = sum(1 for p, g in zip(predicted, gold) if not p and g)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    # Time on at least 5,000 statements a run, so that a small file still gives a steady number.
    timed = texts * max(1, -(-5000 // max(1, len(texts))))
    times = []
    for _ in range(max(1, args.runs)):
        t0 = time.perf_counter()
        claims_of(timed)
        times.append(time.perf_counter() - t0)
    per_s = len(timed) / statistics.median(times)
    print(f"{args.tsv.name}: {len(rows)} sentences, {sum(gold)} Yes; tp={tp} fp={fp} fn={fn}")
    print(json.dumps({
        "file": args.tsv.name,
        "sentences": len(rows),
        "threshold": ASSERTION_THRESHOLD,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "statements_per_s": round(per_s),
        "runs": max(1, args.runs),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
