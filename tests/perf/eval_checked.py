"""Evaluate the fact-check matcher (tui.core.checks.match) on CheckThat! 2020 claim retrieval.

Usage: python tests/perf/eval_checked.py CLAIMS.tsv QUERIES.tsv QRELS [--news DIR]

e.g. ../shared/data/claim-retrieval/verified_claims.docs.tsv and dev/tweets.queries.tsv,
dev/tweet-vclaim-pairs.qrels. The claims are imported as a user imports them (formats.read,
store.add) into a temporary store; each query is matched (Matcher.match, everything=True) and
its fact-checks are mapped back to the claims' ids (the TSV's first column; two rows with the
same claim are one fact-check, which stands for both; a query whose relevant claims are two
such rows has one relevant fact-check: one claim, stated twice in the file).

Measured:

- map_at_5: the lab's measure, average precision at 5 over the relevant claims of each query
  (trec_eval's map cut at 5), averaged over every query of the qrels; mrr and p_at_1 of the
  first five;
- shown, shown_right, precision and recall of the threshold (THRESHOLD, the model's): how many
  queries get a match shown (its best match scored at least that) and how many of those are right; precision =
  right / shown, recall = right / queries;
- no_answer_shown: the share of queries shown a match by a store without their fact-checks
  (every relevant claim of the file's queries removed, and the claims that repeat one of them
  with other quote marks): wrong by construction;
- news_shown_per_1000 (with ``--news DIR``, a folder of news articles, e.g. the PolNeAR dev
  articles ../shared/data/polnear/dev/text): of every sentence of those articles (Margin's
  segmenter), how many in 1,000 are shown a fact-check: statements nobody checked, as most of
  what a reader reads (a few may truly repeat a checked claim: the examples are printed);
- ms_per_query: median time of one match; import_s: reading and storing the claims.

Prints human lines, then the results as a JSON object on its last line. Without its files it
says so in a line and exits 0 (skipped).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tools.train_checks import (as_claims, average_precision, import_claims,  # noqa: E402
                                news_sentences, read_queries, reciprocal_rank, remove_answers)
from tui.core.checks import schema  # noqa: E402
from tui.core.checks.match import Matcher, shipped  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("claims", type=Path, help="verified_claims.docs.tsv")
    parser.add_argument("queries", type=Path, help="tweets.queries.tsv")
    parser.add_argument("qrels", type=Path, help="tweet-vclaim-pairs.qrels")
    parser.add_argument("--news", type=Path, help="a folder of news articles (.txt)")
    parser.add_argument("--lexical", action="store_true",
                        help="the model without the similarity of meaning")
    args = parser.parse_args(argv)
    missing = [p for p in (args.claims, args.queries, args.qrels) if not p.is_file()]
    if missing:
        print(f"eval_checked: skipped: no such file: {missing[0]}")
        return 0
    queries = read_queries(args.queries, args.qrels)
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "checks.db")
        conn.executescript(schema.MIGRATION + ";" + schema.READS_MIGRATION)
        t0 = time.perf_counter()
        rowids = import_claims(args.claims, conn)
        import_s = time.perf_counter() - t0
        print(f"{args.claims.name}: {len(rowids):,} fact-checks imported in {import_s:.2f} s")

        matcher = Matcher(conn, shipped("lexical" if args.lexical else None))
        threshold = matcher.model.threshold
        aps, rrs, p1, times = [], [], [], []
        shown = shown_right = 0
        for _, text, relevant in queries:
            t0 = time.perf_counter()
            found = matcher.match(text, everything=True)
            times.append(time.perf_counter() - t0)
            ranked = [rowids[m.check.id] for m in found]
            aps.append(average_precision(ranked, as_claims(relevant, rowids)))
            rrs.append(reciprocal_rank(ranked, relevant))
            right = bool(ranked and ranked[0] & relevant)
            p1.append(1.0 if right else 0.0)
            if found and found[0].score >= threshold:
                shown += 1
                shown_right += right
        news = news_sentences(args.news, 0) if args.news and args.news.is_dir() else []
        news_found = [(t, got[0]) for t, got in zip(news, matcher.match_all(news)) if got]
        for text, m in news_found[:40]:
            print(f"  news {m.score:.3f}: {text[:90]!r} -> {m.check.claim[:80]!r}")
        # The same queries against a store that lacks their fact-checks.
        remove_answers(conn, rowids, queries)
        blind = sum(1 for _, text, _ in queries if matcher.match(text))
        matcher.close()
        conn.close()

    n = len(queries) or 1
    result = {
        "queries": len(queries),
        "map_at_5": round(sum(aps) / n, 4),
        "mrr": round(sum(rrs) / n, 4),
        "p_at_1": round(sum(p1) / n, 4),
        "meaning": matcher.meaning is not None,
        "threshold": threshold,
        "shown": shown,
        "shown_right": shown_right,
        "precision": round(shown_right / shown, 4) if shown else None,
        "recall": round(shown_right / n, 4),
        "no_answer_shown": round(blind / n, 4),
        **({"news_sentences": len(news),
            "news_shown_per_1000": round(1000 * len(news_found) / len(news), 2)} if news else {}),
        "ms_per_query": round(statistics.median(times) * 1000, 2) if times else None,
        "import_s": round(import_s, 2),
    }
    print(f"{args.queries.parent.name}/{args.queries.name}: {len(queries)} queries; "
          f"MAP@5 {result['map_at_5']:.4f}, MRR {result['mrr']:.4f}, P@1 {result['p_at_1']:.4f}; "
          f"{result['ms_per_query']} ms a query (median)")
    print(f"shown (score >= {threshold}): {shown} queries, {shown_right} right "
          f"(precision {result['precision']}, recall {result['recall']}); "
          f"without their fact-checks in the store, {blind} shown a wrong one")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
