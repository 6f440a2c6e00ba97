"""Benchmark tui.core.search: the finder over 100,000 statements, and related statements.

Usage: python tests/perf/bench_search.py BOOKS_DIR [--statements N] [--seed S] [--related R]

The statements: every sentence of the books in BOOKS_DIR (*.txt; paragraphs split on blank
lines, sentences by tui.core.analysis.segment.sentence_spans, 20 to 600 characters), then copies with
small changes (a word replaced by another word of the books, or a number put in or changed)
until there are N, shuffled with a fixed seed: one library in which the same thing is said
several times with small differences.

Measured, all in one run:

- index_s: time to build the SearchIndex; related_prepare_s: what its first related() call
  adds (the related part is prepared then); index_total_s: both.
- p95_ms (and p50_ms, max_ms): 20 queries typed letter by letter, each prefix (1 character and
  up) searched as the finder does it (same index object, in order, limit 50).
- ratio_vs_fzf: the median time of a fresh search for each full query (the index's caches
  emptied first) over the median time of ``fzf --filter QUERY`` on the same statements (the
  whole process: spawn, read the statements from a file, filter); null when fzf is missing.
- search_recall: mean overlap of search's top 10 with the brute-force top 10, which is
  ``rapidfuzz.process.extract`` over all N statements with search_score (on pre-folded text,
  which the run checks gives search_score's values), for the 20 full queries and 2 prefixes
  of each.
- related_ms (median; related_p95_ms, related_max_ms) and related_recall for 50 items drawn at
  random: related(item) against related_score of the item with every other statement (on
  pre-computed profiles, which the run checks give related_score's values); related_brute_ms,
  the median time of that brute force, each run right after the item's related(). The
  collector is emptied before each related(): what the brute force leaves is not its to walk.

Overlap with ties: brute force only knows scores, and many statements often share the 10th
best score (every statement holding "elizabeth" scores 100 for "eliz"). An item of ours counts
as matching when its true score is at least the brute-force 10th best score (and above 0); the
overlap is the count of matching items over min(10, number of statements scoring above 0); a
query nothing matches counts 1 when we return nothing too.

Prints human-readable lines, then the results as a JSON object on the last line. Goals:
p95_ms <= 16, ratio_vs_fzf <= 0.1, search_recall >= 0.9, related_ms <= 30,
related_p95_ms <= 30, related_recall >= 0.9, index_s <= 2.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from rapidfuzz import process  # noqa: E402

from tui.core.search import fold, related, score  # noqa: E402
from tui.core.search.index import SearchIndex  # noqa: E402
from tui.core.analysis.segment import sentence_spans  # noqa: E402

_WORD = re.compile(r"[A-Za-z]+")
_NUMBER = re.compile(r"\d+")


def book_sentences(books: Path) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for path in sorted(books.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for para in re.split(r"\n\s*\n", text):
            para = " ".join(para.split())
            if not para:
                continue
            for a, b in sentence_spans(para):
                s = para[a:b]
                if 20 <= len(s) <= 600 and s not in seen:
                    seen.add(s)
                    out.append(s)
    return out


def vary(s: str, rng: random.Random, lower: list[str], upper: list[str]) -> str:
    """One small change: a word replaced, or a number changed or put in."""
    nums = list(_NUMBER.finditer(s))
    roll = rng.random()
    if nums and roll < 0.5:
        m = rng.choice(nums)
        return s[: m.start()] + str(rng.randint(1, 5000)) + s[m.end():]
    words = list(_WORD.finditer(s))
    if not words:
        return s + f" ({rng.randint(1, 99)})"
    m = rng.choice(words)
    if roll > 0.8:
        new = f"{rng.randint(2, 1999):,}"
    elif m.group()[0].isupper():
        new = rng.choice(upper)
    else:
        new = rng.choice(lower)
    return s[: m.start()] + new + s[m.end():]


def build_statements(books: Path, count: int, rng: random.Random) -> tuple[list[str], int]:
    base = book_sentences(books)
    lower = sorted({w for s in base for w in _WORD.findall(s) if w.islower() and len(w) > 2})
    upper = sorted({w for s in base for w in _WORD.findall(s) if w.istitle() and len(w) > 2})
    out = list(base[:count])
    while len(out) < count:
        out.append(vary(rng.choice(base), rng, lower, upper))
    rng.shuffle(out)
    return out, len(base)


def typo(word: str, rng: random.Random) -> str:
    """One typing mistake, not in the first letter: a letter dropped, doubled, swapped or wrong."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice("drop double swap wrong".split())
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice("aeioulnrst".replace(word[i], "")) + word[i + 1:]


_NAME = re.compile(r"\b[A-Z][a-z]{3,}(?: [A-Z][a-z]{2,})?")


def make_queries(texts: list[str], rng: random.Random) -> list[str]:
    """20 queries: names, words, phrases; some with a typo, some with words in another order."""
    names: list[str] = []
    words: list[str] = []
    phrases: list[str] = []
    while len(names) < 7 or len(words) < 6 or len(phrases) < 7:
        s = rng.choice(texts)
        toks = _WORD.findall(s)
        if len(toks) < 6:
            continue
        kind = rng.randrange(3)
        if kind == 0 and len(names) < 7:  # a capitalised word (or two) not opening a sentence
            found = [m.group() for m in _NAME.finditer(s)
                     if m.start() > 0 and s[: m.start()].rstrip()[-1:] not in ".!?\"“‘’—:"]
            if found:
                name = rng.choice(found)
                if name not in names and name.lower() not in words:
                    names.append(name)
        elif kind == 1 and len(words) < 6:
            w = rng.choice(toks)
            if w.islower() and len(w) >= 6 and w not in words:
                words.append(w)
        elif kind == 2 and len(phrases) < 7:
            i = rng.randrange(len(toks) - 4)
            phrase = " ".join(toks[i: i + rng.randint(2, 4)])
            if 10 <= len(phrase) <= 30:
                phrases.append(phrase)
    queries = []
    for k, q in enumerate(names + words + phrases):
        if k % 3 == 1:  # a typo in its longest word
            longest = max(q.split(), key=len)
            if len(longest) >= 4:
                q = q.replace(longest, typo(longest, rng), 1)
        elif k % 5 == 4 and " " in q:  # words in another order
            parts = q.split()
            q = " ".join(parts[1:] + parts[:1])
        queries.append(q[:30])
    return queries


def overlap(ours: list[int], true_score: dict[int, float], brute: list[float]) -> float:
    """Top-10 overlap; brute is the brute-force top-10 scores, best first (ties: see above)."""
    brute = [s for s in brute if s > 0]
    if not brute:
        return 1.0 if not ours else 0.0
    tenth = brute[min(10, len(brute)) - 1]
    hit = sum(1 for i in ours[:10] if true_score[i] > 0 and true_score[i] >= tenth)
    return hit / min(10, len(brute))


def fzf_times(path: Path, queries: list[str], runs: int = 3) -> list[float] | None:
    exe = shutil.which("fzf")
    if exe is None:
        return None
    out = []
    for q in queries:
        best = []
        for _ in range(runs):
            with open(path, "rb") as fh:
                t0 = time.perf_counter()
                subprocess.run([exe, "--filter", q], stdin=fh, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, check=False)
                best.append(time.perf_counter() - t0)
        out.append(statistics.median(best))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("books", type=Path)
    ap.add_argument("--statements", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--related", type=int, default=50)
    args = ap.parse_args(argv)
    if not args.books.is_dir() or not any(args.books.glob("*.txt")):
        print(f"bench_search: no books (*.txt) in {args.books}", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    texts, distinct = build_statements(args.books, args.statements, rng)
    n = len(texts)
    print(f"{n:,} statements ({distinct:,} distinct sentences from the books, the rest varied),"
          f" mean {statistics.mean(map(len, texts)):.0f} characters")

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    index = SearchIndex(texts)
    index_s = time.perf_counter() - t0
    rss_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
    print(f"index: {index_s:.2f} s, about {rss_mb:.0f} MB more peak memory")

    queries = make_queries(texts, rng)
    print("queries:", " | ".join(queries))

    # Typing, letter by letter.
    keystrokes: list[float] = []
    for q in queries:
        for k in range(1, len(q) + 1):
            t0 = time.perf_counter()
            index.search(q[:k])
            keystrokes.append((time.perf_counter() - t0) * 1000)
    keystrokes.sort()
    p95 = keystrokes[int(0.95 * (len(keystrokes) - 1))]
    p50 = statistics.median(keystrokes)
    print(f"typing: {len(keystrokes)} keystrokes, p50 {p50:.2f} ms, p95 {p95:.2f} ms,"
          f" max {keystrokes[-1]:.2f} ms")

    # Fresh full queries, against fzf.
    fresh: list[float] = []
    for q in queries:
        index._results.clear(), index._matches.clear()  # a fresh query: no cache
        t0 = time.perf_counter()
        index.search(q)
        fresh.append((time.perf_counter() - t0) * 1000)
    ours_ms = statistics.median(fresh)
    with tempfile.TemporaryDirectory() as tmp:
        lines = Path(tmp) / "statements.txt"
        lines.write_text("\n".join(texts) + "\n", encoding="utf-8")
        fzf = fzf_times(lines, queries)
    if fzf is None:
        ratio = None
        fzf_ms = None
        print("fzf: not installed, ratio_vs_fzf is null")
    else:
        fzf_ms = statistics.median(fzf) * 1000
        ratio = ours_ms / fzf_ms
        print(f"fresh query: median {ours_ms:.2f} ms; fzf --filter: median {fzf_ms:.1f} ms;"
              f" ratio {ratio:.3f}")

    # Search recall against brute force.
    folded = [fold.fold(t) for t in texts]
    checks = random.Random(args.seed + 1)
    for _ in range(200):  # the pre-folded scorer is search_score
        q = checks.choice(queries)[: checks.randint(2, 30)]
        i = checks.randrange(n)
        qf = fold.fold(q)
        if len(qf) > 1:
            assert score.score_folded(qf, qf[1:].split(" "), folded[i]) == score.search_score(q, texts[i])
    probe = list(queries)
    for q in queries:
        if len(q) >= 4:
            probe += [q[: checks.randint(3, len(q) - 1)] for _ in range(2)]
    recalls = []
    for q in probe:
        qf = fold.fold(q)
        words = qf[1:].split(" ")

        def scorer(a: str, b: str, *, score_cutoff: float | None = None) -> float:
            return score.score_folded(qf, words, b)

        brute = process.extract(qf, folded, scorer=scorer, processor=None, limit=10)
        index._results.clear(), index._matches.clear()  # a fresh query: no cache
        hits = index.search(q, limit=10)
        true = {h.item: score.search_score(q, texts[h.item]) for h in hits}
        for h in hits:
            assert abs(true[h.item] - h.score) < 1e-9, (q, h, true[h.item])
        r = overlap([h.item for h in hits], true, [s for _, s, _ in brute])
        recalls.append(r)
        if r < 1:
            print(f"  search recall {r:.1f} for {q!r}: ours {[round(h.score, 1) for h in hits]}"
                  f" brute {[round(s, 1) for _, s, _ in brute]}")
    search_recall = statistics.mean(recalls)
    print(f"search recall: {search_recall:.3f} over {len(probe)} queries"
          f" (full queries {statistics.mean(recalls[:len(queries)]):.3f})")

    # Related.
    t0 = time.perf_counter()
    index.related(0, limit=1)  # the first call prepares what related needs beyond search
    prepare_s = time.perf_counter() - t0
    print(f"related: first call {prepare_s:.2f} s (prepares the related features)")
    items = checks.sample(range(n), args.related)
    profiles = [related.profile(t) for t in texts]
    times = []
    brute_times = []
    answers = {}
    all_scores = {}
    for i in items:  # each item's related(), then its brute force: interleaved
        # What the brute force left (a list of 100,000 scores, 100,000 profiles) is not
        # related()'s to collect: the collector starts empty (it put up to 50 ms into one
        # related(), a gen-0 pass 5-8 ms walking the last list of scores).
        gc.collect()
        t0 = time.perf_counter()
        answers[i] = index.related(i)
        times.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        a = related.profile(texts[i])  # as related() makes the item's own profile
        all_scores[i] = [(related.relate(a, p) if j != i else 0.0) for j, p in enumerate(profiles)]
        brute_times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    related_ms = statistics.median(times)
    related_p95 = times[int(0.95 * (len(times) - 1))]
    brute_ms = statistics.median(brute_times)
    print(f"related: median {related_ms:.2f} ms, p95 {related_p95:.2f} ms, max {times[-1]:.2f} ms;"
          f" brute force (relate over {n:,} pre-computed profiles): median {brute_ms:.0f} ms;"
          f" p95 / brute force median {related_p95 / brute_ms:.3f}")
    rel_recalls = []
    for i in items:
        scores = all_scores[i]
        brute = sorted(scores, reverse=True)[:10]
        for j in [h.item for h in answers[i]] + [checks.randrange(n)]:
            if j != i:
                assert scores[j] == related.related_score(texts[i], texts[j]), (i, j)
        true = {h.item: scores[h.item] for h in answers[i]}
        for h in answers[i]:
            assert h.score == true[h.item] and h.item != i
        r = overlap([h.item for h in answers[i]], true, brute)
        rel_recalls.append(r)
        if r < 1:
            print(f"  related recall {r:.1f} for item {i}:"
                  f" ours {[round(h.score, 1) for h in answers[i]]}"
                  f" brute {[round(s, 1) for s in brute]}")
    related_recall = statistics.mean(rel_recalls)
    print(f"related recall: {related_recall:.3f} over {len(items)} items")

    result = {
        "statements": n,
        "index_s": round(index_s, 3),
        "related_prepare_s": round(prepare_s, 3),
        "index_total_s": round(index_s + prepare_s, 3),
        "index_mb": round(rss_mb),
        "keystrokes": len(keystrokes),
        "p50_ms": round(p50, 3),
        "p95_ms": round(p95, 3),
        "max_ms": round(keystrokes[-1], 3),
        "fresh_median_ms": round(ours_ms, 3),
        "fzf_median_ms": None if fzf_ms is None else round(fzf_ms, 1),
        "ratio_vs_fzf": None if ratio is None else round(ratio, 4),
        "search_recall": round(search_recall, 4),
        "search_recall_full": round(statistics.mean(recalls[: len(queries)]), 4),
        "related_ms": round(related_ms, 3),
        "related_p95_ms": round(related_p95, 3),
        "related_max_ms": round(times[-1], 3),
        "related_brute_ms": round(brute_ms, 1),
        "related_recall": round(related_recall, 4),
    }
    if ratio is None:
        result["note"] = "fzf is not installed"
    goals = {
        "p95_ms": p95 <= 16, "ratio_vs_fzf": ratio is not None and ratio <= 0.1,
        "search_recall": search_recall >= 0.9, "related_ms": related_ms <= 30,
        "related_recall": related_recall >= 0.9, "index_s": index_s <= 2,
        "related_p95_ms": related_p95 <= 30,
    }
    result["goals_missed"] = [k for k, v in goals.items() if not v]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
