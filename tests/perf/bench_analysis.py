"""Where the analysis of a long document goes: the cost of each part of what a statement says on
its own (``claims.said``), of the in-order pass (``claims.settle``), and the whole ``analyse()``
with its worker processes, against the floor two CPUs allow.

Usage: python tests/perf/bench_analysis.py BOOKS_DIR [--runs N]

The .txt books of BOOKS_DIR are concatenated (about 3 MB: the document of bench_open.py) and
segmented. Then, each a median of --runs:

  parts        one process, every statement: Sentence (quotes, words, tokens), attribution,
               speaker readings, check-worthiness, figures, hedges, people (CPU seconds each);
  said         ``said()`` of every statement in one process (CPU seconds), and per statement;
  settle       the in-order pass over what the statements said;
  side by side the statements halved, each half read by its own process at the same time (the
               best two CPUs can do with the work as it is: the floor of the next line);
  analyse      ``analyse()`` as the reader runs it (workers, chunks, settle): wall seconds.

Prints lines, then a JSON object on its last line. The goal of issue 16 is the reader's claims
<= 2 s after its first screen (bench_open.py --ready-only measures that in the app).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

PARTS = ("sentence", "attribution", "readings", "checkworthy", "figures", "hedges", "people")


def _document(books: Path):
    from tui.core.session import Session

    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(books.glob("*.txt")))
    folder = Path(tempfile.mkdtemp(prefix="margin-bench-analysis-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "three-books.txt"
    path.write_text(text, encoding="utf-8")
    os.environ.setdefault("MARGIN_DATA_DIR", str(folder / "data"))
    with Session() as session:
        return session.load(str(path)).document


def _texts(document):
    from tui.core.analysis.segment import segment

    statements = segment(document)
    return statements, [document.text[st.start:st.end] for st in statements]


def measure_parts(texts: list[str]) -> dict[str, float]:
    from tui.core.analysis import checkworthy
    from tui.core.analysis.claims import _figures, _hedges
    from tui.core.analysis.sources import Sentence
    from tui.core.analysis.speakers import readings, weighable
    from tui.core.bulk import many_objects

    spent = dict.fromkeys(PARTS, 0.0)
    clock = time.process_time
    with many_objects():
        for text in texts:
            t0 = clock()
            sentence = Sentence(text)
            t1 = clock()
            found = sentence.attribution()
            t2 = clock()
            if found and not sentence.turn and weighable(sentence, found):
                readings(sentence, found, alone=True)
            t3 = clock()
            checkworthy.explain(text, limit=2, wording_only=True)
            t4 = clock()
            _figures(text, sentence.words)
            t5 = clock()
            _hedges(text, sentence.words, -1)
            t6 = clock()
            sentence.people()
            t7 = clock()
            for part, a, b in zip(PARTS, (t0, t1, t2, t3, t4, t5, t6), (t1, t2, t3, t4, t5, t6, t7)):
                spent[part] += b - a
    return spent


def measure_said(texts: list[str]) -> tuple[float, list]:
    from tui.core.analysis.claims import said
    from tui.core.bulk import many_objects

    with many_objects():
        start = time.process_time()
        out = [said(t) for t in texts]
        return time.process_time() - start, out


def measure_settle(document, statements, own: list) -> float:
    from tui.core.analysis.claims import settle
    from tui.core.analysis.context import Context
    from tui.core.bulk import many_objects

    ctx, text = Context(), document.text
    with many_objects():
        start = time.process_time()
        for i, (st, o) in enumerate(zip(statements, own)):
            settle(text[st.start:st.end], o, ctx, base=st.start, index=i, block=st.block)
        return time.process_time() - start


def side_by_side(books: Path) -> list[float]:
    """Both halves at once, each in its own process: their wall seconds."""
    procs = [subprocess.Popen([sys.executable, __file__, str(books), "--half", str(h)],
                              stdout=subprocess.PIPE, text=True) for h in (0, 1)]
    return [float(p.communicate()[0].strip().splitlines()[-1]) for p in procs]


def _half(books: Path, which: int) -> None:
    from tui.core.analysis.claims import said
    from tui.core.bulk import many_objects

    _, texts = _texts(_document(books))
    texts = texts[which::2]
    said(texts[0])
    with many_objects():
        start = time.perf_counter()
        for t in texts:
            said(t)
        print(time.perf_counter() - start)


def measure_analyse(document) -> float:
    from tui.core.analysis.article import analyse

    start = time.perf_counter()
    analyse(document)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("books", help="a directory of .txt books (concatenated: ~3 MB)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--half", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    books = Path(args.books)
    if not books.is_dir() or not list(books.glob("*.txt")):
        print(f"{books}: no .txt books there", file=sys.stderr)
        raise SystemExit(2)
    if args.half is not None:
        _half(books, args.half)
        return
    document = _document(books)
    statements, texts = _texts(document)
    measure_said(texts[:200])  # models loaded, caches warm
    runs: dict[str, list] = {"said": [], "settle": [], "side_by_side": [], "analyse": []}
    parts: list[dict[str, float]] = []
    for _ in range(args.runs):
        parts.append(measure_parts(texts))
        cpu, own = measure_said(texts)
        runs["said"].append(cpu)
        runs["settle"].append(measure_settle(document, statements, own))
        runs["side_by_side"].append(max(side_by_side(books)))
        runs["analyse"].append(measure_analyse(document))
    med = {k: statistics.median(v) for k, v in runs.items()}
    part_med = {p: statistics.median(r[p] for r in parts) for p in PARTS}
    total = sum(part_med.values())
    n = len(texts)
    print(f"{n:,} statements, {len(document.text) / 1e6:.1f} MB, median of {args.runs} runs")
    print("what a statement says on its own, by part (one process, CPU s):")
    for p in PARTS:
        print(f"  {p:12} {part_med[p]:6.2f}  {100 * part_med[p] / total:4.1f} %")
    print(f"said, one process   {med['said']:.2f} CPU s ({1e6 * med['said'] / n:.0f} µs a statement)")
    print(f"settle (in order)   {med['settle']:.2f} CPU s")
    print(f"said, two halves side by side: {med['side_by_side']:.2f} s wall "
          f"(the floor on 2 CPUs; ideal {med['said'] / 2:.2f})")
    print(f"analyse() with its workers: {med['analyse']:.2f} s wall "
          f"({med['analyse'] / med['side_by_side']:.2f}x the floor)")
    print(json.dumps({"statements": n, "parts_cpu_s": part_med, **{k + "_s": v for k, v in
                                                                     med.items()},
                      "runs": runs, "cpus": len(os.sched_getaffinity(0))}))


if __name__ == "__main__":
    main()
