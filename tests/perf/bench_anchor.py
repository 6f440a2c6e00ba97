"""Benchmark tui.core.notes.policy.resolve_all: 10,000 notes on a ~200 KB news-like text after small edits.

Usage: python tests/perf/bench_anchor.py [--notes N] [--chars C] [--runs R] [--seed S]

The text is synthetic (seeded, no files needed). The edits: a paragraph inserted near the start,
one word changed in a sentence in the middle, a paragraph deleted near the end. Prints a JSON
object on its last line: for re-anchoring with the old text (as Margin does) and with the
selectors alone, the median time of the runs and the split of the notes by state.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tui.core.notes.policy import resolve_all  # noqa: E402
from tui.core.notes.selector import describe  # noqa: E402

_NAMES = "Robin Ellis|Elisa Moreau|the minister|a spokesperson|Dr. Patel|the mayor|officials".split("|")
_VERBS = "said|told reporters|confirmed|denied|warned|claimed|estimated|argued".split("|")
_WORDS = (
    "budget council vote missiles border funding report election hospital school prices energy "
    "inflation rate percent million billion government ministry agency contract bridge project "
    "week year month city region state court ruling appeal policy program sources record figures "
    "increase decrease plan deal talks meeting statement evidence data survey poll share growth"
).split()
_SMALL = "the a of in on for to with by from at and as after before over under about".split()


def sentence(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(8, 26)):
        words.append(rng.choice(_SMALL) if rng.random() < 0.4 else rng.choice(_WORDS))
    if rng.random() < 0.3:
        words.insert(rng.randint(0, len(words)), f"{rng.randint(2, 990)}")
    body = " ".join(words)
    head = f"{rng.choice(_NAMES)} {rng.choice(_VERBS)}"
    if rng.random() < 0.3:
        return f"“{body.capitalize()},” {head}."
    return f"{head[0].upper()}{head[1:]} that {body}."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def article(rng: random.Random, chars: int) -> list[str]:
    paras: list[str] = []
    total = 0
    while total < chars:
        paras.append(paragraph(rng))
        total += len(paras[-1]) + 2
    return paras


def spans(text: str, rng: random.Random, count: int) -> list[tuple[int, int]]:
    """Note spans: whole sentences and word-aligned phrases."""
    sentence_spans = []
    start = 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] in " \n"):
            while start < i and text[start] in " \n":
                start += 1
            sentence_spans.append((start, i + 1))
            start = i + 1
    word_starts = [i for i in range(len(text)) if text[i] not in " \n" and (i == 0 or text[i - 1] in " \n")]
    out = []
    for _ in range(count):
        if rng.random() < 0.5:
            out.append(rng.choice(sentence_spans))
        else:
            k = rng.randrange(len(word_starts) - 15)
            s = word_starts[k]
            e = word_starts[k + rng.randint(2, 12)] - 1
            out.append((s, e))
    return out


def edit(paras: list[str], rng: random.Random) -> list[str]:
    paras = list(paras)
    paras.insert(len(paras) // 10, paragraph(rng))  # an inserted paragraph
    mid = len(paras) // 2
    words = paras[mid].split(" ")
    j = rng.randrange(len(words))
    words[j] = "Elisa" if words[j] != "Elisa" else "Robin"  # one word changed
    paras[mid] = " ".join(words)
    del paras[len(paras) * 9 // 10]  # a deleted paragraph
    return paras


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--chars", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    paras = article(rng, args.chars)
    old = "\n\n".join(paras)
    selectors = [describe(old, s, e) for s, e in spans(old, rng, args.notes)]
    new = "\n\n".join(edit(paras, rng))

    out = {"text_chars": len(new), "notes": len(selectors), "runs": args.runs}
    # As Margin re-anchors (the store keeps the text the notes were made on), and with the
    # selectors alone (notes imported from another tool).
    for name, old_text in (("with_old_text", old), ("selectors_only", None)):
        times = []
        results = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            results = resolve_all(new, selectors, old_text, [True] * len(selectors))
            times.append(time.perf_counter() - t0)
        states = Counter(r.state for r in results)
        reasons = Counter(r.reason if not r.reason.startswith("moved") else "moved" for r in results)
        out[name] = {
            "median_s": round(statistics.median(times), 4),
            "times_s": [round(t, 4) for t in times],
            "states": {k: states.get(k, 0) for k in ("anchored", "review", "orphan")},
            "reasons": dict(sorted(reasons.items())),
        }
        print(f"{name}: median {out[name]['median_s']} s, {out[name]['states']}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
