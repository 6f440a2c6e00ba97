"""Benchmark the notes store: 10,000 notes on one document.

Usage: python tests/perf/bench_notes.py [--notes N] [--runs R]

Measures, in a temporary data directory: the latency of adding a note (each one committed and
fsync'd on its own, as the app does), listing them, exporting them as Markdown, and re-anchoring
all of them after the article is edited. Prints a JSON object on its last line.
Goals: p95 add <= 5 ms, export <= 0.5 s, re-anchor <= 1 s.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tui.core.analysis.article import analyse  # noqa: E402
from tui.core.document.parse import parse  # noqa: E402
from tui.core.notes.markdown_export import to_markdown  # noqa: E402
from tui.core.notes.model import now  # noqa: E402
from tui.core.notes.policy import resolve_all  # noqa: E402
from tui.core.notes.reanchor import open_document, reanchor  # noqa: E402
from tui.core.notes.selector import describe  # noqa: E402
from tui.core.notes.store import Store  # noqa: E402

NAMES = ["Ana Ruiz", "Tom Becker", "the ministry", "officials", "Jake Sullivan", "the council"]
VERBS = ["said", "told reporters", "warned", "confirmed", "denied"]
THINGS = ["the budget", "the bridge", "exports", "the ceasefire", "prices", "the vote", "the plan"]


def sentence(rnd: random.Random, i: int) -> str:
    return (f"{rnd.choice(NAMES).capitalize()} {rnd.choice(VERBS)} that {rnd.choice(THINGS)} "
            f"changed by {rnd.randint(1, 99)}.{rnd.randint(0, 9)} percent in year {1900 + i % 120}"
            f" (item {i}).")


def build_text(count: int, seed: int = 1) -> str:
    rnd = random.Random(seed)
    paragraphs, current = [], []
    for i in range(count):
        current.append(sentence(rnd, i))
        if len(current) == 5:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


def edit(text: str, seed: int = 2) -> str:
    """A new first paragraph, a few sentences reworded, one paragraph deleted."""
    rnd = random.Random(seed)
    paras = text.split("\n\n")
    del paras[len(paras) // 2]
    for _ in range(20):
        k = rnd.randrange(len(paras))
        paras[k] = paras[k].replace(" percent ", " per cent ", 1)
    return "Editor’s note: this article was updated.\n\n" + "\n\n".join(paras)


def median_of(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notes", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)

    text = build_text(args.notes)
    art = analyse(parse(text, "text", source="/bench/article.txt", name="article.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp), backup=False)
        record, _ = open_document(store, "/bench/article.txt", art.document.title, art.document.text)
        latencies = []
        statements = art.statements
        for i in range(args.notes):
            st = statements[i % len(statements)]
            sel = describe(art.document.text, st.start, st.end)
            t0 = time.perf_counter()
            store.add_note(record.id, sel, body=f"note {i}", tags=("bench",), statement=st.index)
            latencies.append(time.perf_counter() - t0)
        latencies.sort()
        p50 = latencies[len(latencies) // 2]
        p95 = latencies[int(len(latencies) * 0.95)]

        list_s = median_of(lambda: store.notes(record.id), args.runs)
        notes = store.notes(record.id)
        export_s = median_of(lambda: to_markdown(art, record, notes, now()), args.runs)

        new_text = edit(art.document.text)
        t0 = time.perf_counter()
        outcome = reanchor(store, record.id, new_text)
        reanchor_s = time.perf_counter() - t0
        resolve_s = median_of(lambda: resolve_all(new_text, [n.selector for n in notes]),
                              max(1, args.runs // 2))
        store.close()

    result = {
        "notes": args.notes,
        "document_chars": len(text),
        "add_p50_ms": round(p50 * 1000, 3),
        "add_p95_ms": round(p95 * 1000, 3),
        "list_s": round(list_s, 4),
        "export_markdown_s": round(export_s, 4),
        "reanchor_s": round(reanchor_s, 4),
        "resolve_only_s": round(resolve_s, 4),
        "reanchored": {"anchored": outcome.anchored, "review": outcome.review,
                       "orphan": outcome.orphan},
        "goals": {"add_p95_ms": 5, "export_markdown_s": 0.5, "reanchor_s": 1.0},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
