"""Train the fact-check matcher's re-ranker and calibration, and write tui/core/checks/data/match.json.

Usage: python tools/train_checks.py DATA_DIR [--news DIR] [--out PATH] [--folds 5]
       [--candidates 30] [--without FEATURE,...] [--curve]

DATA_DIR is the CheckThat! 2020 claim-retrieval folder (verified_claims.docs.tsv and train/):
only its TRAIN queries are read; dev and test stay for tests/perf/eval_checked.py. The claims
are imported as a user would (formats.read, store.add) into a temporary store; each training
tweet is matched by the matcher itself (tui.core.checks.match: the same candidates and features
as at run time), once against the whole store and once against the store without its
fact-checks (and without the claims that repeat them with other quote marks): a statement
nobody checked. ``--news DIR``: a folder of news articles (.txt; the PolNeAR training
articles), cut into sentences by Margin's segmenter, NEWS_SENTENCES of them matched too as
statements nobody checked: an article's sentences are not tweets that repeat a claim, and most
of what a reader reads matches nothing. Then, for each of two models, "meaning" (every feature; needs the wordllama
package) and "lexical" (without the similarity of meaning, for machines without it):

1. the re-ranker: a pairwise ranker (RankNet's loss, linear): L2-regularised logistic
   regression on the differences between each right candidate of a query and each wrong one,
   over standardised features, fitted by Newton's method (the standardisation is folded back
   into the weights: the matcher computes one dot product);
2. the calibration: a logistic curve over the re-ranker's score, its lead over the best
   other candidate and match.SURE (how much of the fact-check the statement covers, how few
   words it searched with), fitted on held-out scores (5-fold cross-validation by claim:
   tweets of one fact-check stay in one fold) of both passes and of the news sentences, so
   that a confidence says how often such a best match was right on statements the model had
   not seen, most of them with no right answer;
3. the threshold (match.THRESHOLD): the lowest confidence at which the best matches shown are
   right at least CONFIG["precision"] of the time on those held-out tweets, and at which no
   more than CONFIG["news_shown"] in 1,000 of the news sentences are shown a fact-check,
   matched against the whole store, a thinned store, or a store of their best candidate
   alone (a desk's library of one fact-check).

Pure Python and deterministic: the same files give the same bytes. Prints the cross-validated
MAP@5, MRR and P@1 (``--without``: with features left out, to see what each adds; nothing is
written then); ``--curve``: precision by confidence.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout: the project is one folder up
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz  # noqa: E402
from rapidfuzz.utils import default_process  # noqa: E402

from tui.core.checks import background, formats, schema, store  # noqa: E402
from tui.core.analysis.segment import sentence_spans  # noqa: E402
from tui.core.checks.match import (  # noqa: E402
    SAME_CLAIM, SURE, Matcher, Model, calibrated, leads, meaning, sure)
from tui.core.checks.query import statement  # noqa: E402
from tui.core.checks.match_features import MEANING, NAMES  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "tui" / "core" / "checks" / "data" / "match.json"
CLAIMS = "verified_claims.docs.tsv"

CONFIG = {
    "candidates": 30,  # FTS5 candidates re-ranked per statement
    "columns": (1.0, 1.0),  # BM25 weights of claim and title
    "l2": 1e-3,  # L2 penalty on the mean log-loss (bias not penalised)
    "folds": 5,
    "precision": 0.9,  # THRESHOLD: shown best matches right at least this often
    "news_shown": 5,  # THRESHOLD: at most this many news sentences in 1,000 shown a match
    "news_sentences": 3000,  # news sentences matched (spread evenly over the articles)
    "digits": 6,  # decimals kept in the JSON
    # match.leads' floor: this quantile of the best other candidate's score over the whole
    # store (0.75 and 0.9 tried: as many news sentences shown, fewer right tweets on train).
    "floor": 0.5,
}

csv.field_size_limit(1 << 24)


# -- data ------------------------------------------------------------------------------------


def import_claims(path: Path, conn: sqlite3.Connection) -> dict[int, frozenset[str]]:
    """Import the claims file as a user would; for each row kept, the ids (the file's first
    column) of the claims it holds (two rows with the same claim and title are kept once)."""
    read = formats.read(path)
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t")][1:]
    ids = [r[0] for r in rows if any(cell.strip() for cell in r)]
    if len(ids) != len(read.checks):
        raise SystemExit(f"{path.name}: {len(read.checks)} claims read but {len(ids)} rows")
    by_key: dict[str, set[str]] = {}
    for vid, check in zip(ids, read.checks):
        by_key.setdefault(check.key, set()).add(vid)
    store.add(conn, read.checks)
    return {rid: frozenset(by_key[key]) for rid, key in conn.execute("SELECT id, key FROM fact_checks")}


def read_queries(queries: Path, qrels: Path) -> list[tuple[str, str, frozenset[str]]]:
    """(id, text, the ids of the claims that verify it) of each query that has any."""
    relevant: dict[str, set[str]] = {}
    for line in qrels.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] != "0":
            relevant.setdefault(parts[0], set()).add(parts[2])
    with open(queries, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))[1:]
    return [(r[0], r[1], frozenset(relevant[r[0]])) for r in rows if len(r) >= 2 and r[0] in relevant]


def store_of(claims: Path, folder: Path) -> tuple[sqlite3.Connection, dict[int, frozenset[str]]]:
    conn = sqlite3.connect(folder / "checks.db")
    conn.executescript(schema.MIGRATION + ";" + schema.READS_MIGRATION)
    return conn, import_claims(claims, conn)


def remove_answers(conn: sqlite3.Connection, rowids: dict[int, frozenset[str]], queries) -> int:
    """Remove from the store every fact-check of the queries, and every other one that states
    the same claim (the claims file holds some twice, with other quote marks): the queries are
    then statements nobody has checked. Returns how many were removed."""
    wanted = set().union(*(r for _, _, r in queries)) if queries else set()
    rows = conn.execute("SELECT id, claim FROM fact_checks").fetchall()
    same = {default_process(claim) for rid, claim in rows if rowids[rid] & wanted}
    gone = [(rid,) for rid, claim in rows if default_process(claim) in same]
    with conn:
        conn.executemany("DELETE FROM fact_checks WHERE id = ?", gone)
    return len(gone)


# -- measures --------------------------------------------------------------------------------


def average_precision(ranked: list[frozenset[str]], relevant: frozenset[str], k: int = 5) -> float:
    """Average precision at k as the CheckThat! lab computes it (trec_eval's map cut at k): the
    precision at each rank of the first k that holds a relevant claim, over all relevant (a
    claim the file states twice counted once: see as_claims)."""
    hits, total = 0, 0.0
    for i, ids in enumerate(ranked[:k]):
        if ids & relevant:
            hits += 1
            total += hits / (i + 1)
    return total / len(relevant) if relevant else 0.0


def as_claims(relevant: frozenset[str], rowids: dict[int, frozenset[str]]) -> frozenset[str]:
    """The relevant claims of a query, a claim stated twice in the claims file (two rows kept as
    one fact-check) counted once: one id of each (the smallest)."""
    ids = {}
    for group in rowids.values():
        if group & relevant:
            ids[group] = min(group & relevant)
    kept = set().union(*ids) if ids else set()
    return frozenset(ids.values()) | (relevant - kept)


def reciprocal_rank(ranked: list[frozenset[str]], relevant: frozenset[str]) -> float:
    return next((1 / (i + 1) for i, ids in enumerate(ranked) if ids & relevant), 0.0)


# -- fitting ---------------------------------------------------------------------------------


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """x with a x = b (Gaussian elimination with partial pivoting; a is small and regular)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            if f:
                row, top = m[r], m[col]
                for c in range(col, n + 1):
                    row[c] -= f * top[c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def logistic_fit(xs: list[list[float]], ys: list[int], l2: float, iters: int = 30,
                 bias: bool = True) -> list[float]:
    """Weights (the last is the bias, when ``bias``) minimising the mean log-loss + l2/2 |w|^2
    (the bias not penalised), by Newton's method."""
    n, d = len(xs), len(xs[0]) + bias
    rows = [x + [1.0] for x in xs] if bias else xs
    w = [0.0] * d
    for _ in range(iters):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for x, y in zip(rows, ys):
            z = sum(a * b for a, b in zip(w, x))
            p = 1 / (1 + math.exp(-z)) if z > -40 else 0.0
            g, h = p - y, p * (1 - p)
            for i, xi in enumerate(x):
                if xi:
                    grad[i] += g * xi
                    hx = h * xi
                    hrow = hess[i]
                    for j in range(i + 1):
                        hrow[j] += hx * x[j]
        for i in range(d):
            penalised = i < d - 1 or not bias
            grad[i] = grad[i] / n + (l2 * w[i] if penalised else 0.0)
            for j in range(i + 1):
                hess[i][j] /= n
                hess[j][i] = hess[i][j]
            if penalised:
                hess[i][i] += l2
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return w


def standardise(xs: list[list[float]]) -> tuple[list[float], list[float]]:
    n = len(xs)
    mean = [sum(col) / n for col in zip(*xs)]
    std = [math.sqrt(sum((v - m) ** 2 for v in col) / n) or 1.0 for col, m in zip(zip(*xs), mean)]
    return mean, std


def fit_ranker(data: list[list[tuple[list[float], int]]], keep: list[bool], l2: float
               ) -> tuple[list[float], float]:
    """(weights, bias) of a pairwise ranker over raw features: logistic regression on the
    differences between each fact-check of a query and each other candidate of it (RankNet's
    loss, linear), fitted on standardised features, then folded back; a feature not kept
    weighs 0. The bias is 0: only differences are learned (the calibration sets the level)."""
    mean, std = standardise([x for d in data for x, *_ in d])
    used = [i for i, k in enumerate(keep) if k]
    diffs = []
    for d in data:
        zs = [[(x[i] - mean[i]) / std[i] for i in used] for x, *_ in d]
        for p, (_, yp, *_) in zip(zs, d):
            if yp:
                diffs += [[a - b for a, b in zip(p, n)] for n, (_, yn, *_) in zip(zs, d) if not yn]
    # Each difference both ways (label 1 and 0) keeps the problem symmetric: no bias needed.
    w = logistic_fit(diffs + [[-v for v in x] for x in diffs], [1] * len(diffs) + [0] * len(diffs),
                     l2, bias=False)
    weights = [0.0] * len(keep)
    bias = 0.0
    for k, i in enumerate(used):
        weights[i] = w[k] / std[i]
        bias -= w[k] * mean[i] / std[i]
    return weights, bias


def dot(weights: list[float], bias: float, x: list[float]) -> float:
    return sum(w * v for w, v in zip(weights, x)) + bias


# -- training --------------------------------------------------------------------------------


def examples(matcher: Matcher, queries, rowids) -> list[list[tuple[list[float], int, str]]]:
    """For each query, its candidates' (features, 1 if it verifies the query else 0, its claim
    as match.same_claim compares them)."""
    matcher.index.refresh()
    out = []
    for _, text, relevant in queries:
        out.append([(x, 1 if rowids[c.row[0]] & relevant else 0, default_process(c.row[1]))
                    for c, x, _ in matcher.scored(text)])
    return out


#: Thinned: the candidates ranked 2nd to THIN-th are dropped (see ``thinned``).
THIN = 6


def thinned(h: list[float], d: list) -> tuple[list[float], list]:
    """A statement's candidates (scored ``h``) as a small library would give them: its best
    one, without the closest rivals (ranked 2nd to THIN-th), then the rest. Against a desk's
    own few fact-checks, the one on a statement's subject leads by far whether or not it
    checks what the statement says: the calibration learns not to take that lead for proof."""
    order = sorted(range(len(h)), key=lambda i: -h[i])
    kept = sorted(order[:1] + order[THIN:])
    return [h[i] for i in kept], [d[i] for i in kept]


def lonely(h: list[float], d: list) -> tuple[list[float], list]:
    """A statement's best candidate alone, as a library of one fact-check gives it."""
    if not h:
        return h, d
    top = max(range(len(h)), key=h.__getitem__)
    return [h[top]], [d[top]]


def same_as_top(h: list[float], d) -> list[int]:
    """match.same_claim over the training candidates ``d`` scored ``h``."""
    if len(h) < 2:
        return []
    top = max(range(len(h)), key=h.__getitem__)
    return [i for i, c in enumerate(d)
            if i != top and fuzz.ratio(d[top][2], c[2], score_cutoff=SAME_CLAIM)]


def news_sentences(folder: Path, wanted: int) -> list[str]:
    """``wanted`` sentences of the articles in ``folder``, spread evenly over them (every n-th of
    all, in the order of the files' names); every one when ``wanted`` is 0."""
    found = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [" ".join(text[a:b].split()) for a, b in sentence_spans(text)]
    found = [t for t in found if t]
    if not wanted:
        return found
    return found[::max(1, len(found) // wanted)][:wanted]


def terms_of(text: str) -> int:
    return len(statement(text).terms)


def fold_of(relevant: frozenset[str], folds: int) -> int:
    return min(int(v) if v.isdigit() else sum(map(ord, v)) for v in relevant) % folds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the claim-retrieval folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--folds", type=int, default=CONFIG["folds"])
    parser.add_argument("--without", default="",
                        help="features left out, comma-separated (nothing is written)")
    parser.add_argument("--candidates", type=int, default=CONFIG["candidates"],
                        help="FTS5 candidates re-ranked per statement")
    parser.add_argument("--curve", action="store_true", help="print precision by confidence")
    parser.add_argument("--news", type=Path,
                        help="a folder of news articles (.txt): sentences nobody checked")
    args = parser.parse_args(argv)
    left_out = {f for f in args.without.split(",") if f}
    if left_out - set(NAMES):
        parser.error(f"unknown features: {sorted(left_out - set(NAMES))}")
    if meaning() is None:
        parser.error("the similarity of meaning needs the wordllama package")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        conn, rowids = store_of(args.data / CLAIMS, Path(tmp))
        queries = read_queries(args.data / "train" / "tweets.queries.tsv",
                               args.data / "train" / "tweet-vclaim-pairs.qrels")
        base = Model((0.0,) * len(NAMES), 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, args.candidates,
                     CONFIG["columns"])
        # The words' background is the store's own (written beside the model): the model
        # learns with the counts it will be used with.
        bg = background.of_store(conn)
        matcher = Matcher(conn, base, alike=True, background=bg)
        data = examples(matcher, queries, rowids)
        news = news_sentences(args.news, CONFIG["news_sentences"]) if args.news else []
        news_data = examples(matcher, [("", t, frozenset()) for t in news], rowids)
        # The same queries when the store lacks their fact-checks: what the best of the rest
        # scores (every candidate wrong), for the calibration.
        remove_answers(conn, rowids, queries)
        blind = examples(matcher, queries, rowids)
        matcher.close()
        conn.close()
    print(f"{len(queries)} training queries, {sum(len(d) for d in data)} candidates; "
          f"{len(news)} news sentences ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    folds = [fold_of(q[2], args.folds) for q in queries]
    terms = [terms_of(q[1]) for q in queries]
    news_terms = [terms_of(t) for t in news]
    models, report = {}, {}
    for variant in ("meaning", "lexical"):
        keep = [n not in left_out and (variant == "meaning" or n not in MEANING) for n in NAMES]
        models[variant], report[variant] = train(data, blind, folds, keep, args, variant,
                                                 terms, news_data, news_terms)
    if not left_out:
        out = {
            "features": list(NAMES),
            "candidates": args.candidates,
            "columns": list(CONFIG["columns"]),
            "sure": list(SURE),
            "models": models,
            "trained_on": f"{len(queries)} CheckThat! 2020 claim-retrieval training tweets"
                          + (f" and {len(news)} news sentences nobody checked" if news else ""),
        }
        args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        kept = args.out.with_name("background.json")
        kept.write_text(json.dumps(bg.to_json(), separators=(",", ":"), ensure_ascii=False)
                        + "\n", encoding="utf-8")
        print(f"wrote {args.out} and {kept}", file=sys.stderr)
    print(json.dumps({"without": sorted(left_out), **report}))
    return 0


def train(data, blind, folds: list[int], keep: list[bool], args, variant: str,
          terms: list[int], news, news_terms: list[int]) -> tuple[dict, dict]:
    """The model of the features ``keep``s: cross-validated, calibrated, fitted on all."""
    # Cross-validation: held-out scores for every query, for it asked of the store without its
    # fact-checks, and for the news sentences (spread over the folds).
    held: list[list[float]] = [[] for _ in data]
    held_blind: list[list[float]] = [[] for _ in data]
    held_news: list[list[float]] = [[] for _ in news]
    for f in range(args.folds):
        weights, bias = fit_ranker([d for d, g in zip(data, folds) if g != f], keep, CONFIG["l2"])
        for i, g in enumerate(folds):
            if g == f:
                held[i] = [dot(weights, bias, x) for x, *_ in data[i]]
                held_blind[i] = [dot(weights, bias, x) for x, *_ in blind[i]]
        for i in range(f, len(news), args.folds):
            held_news[i] = [dot(weights, bias, x) for x, *_ in news[i]]
    cv = measure(data, held)
    print(f"{variant}: cross-validated on train: MAP@5 {cv['map_at_5']:.4f}  "
          f"MRR {cv['mrr']:.4f}  P@1 {cv['p_at_1']:.4f}", file=sys.stderr)

    # Calibration on the held-out scores, leads and SURE inputs of the three, and of the three
    # thinned (a small library: the best candidate's closest rivals missing), then the
    # threshold.
    sets = [(held, data, terms), (held_blind, blind, terms), (held_news, news, news_terms)]
    # What the best other candidate scores at least: its median over the whole library.
    ups = sorted(sorted(h)[-2] for hs, _, _ in sets for h in hs if len(h) > 1)
    floor = ups[int(len(ups) * CONFIG["floor"])] if ups else 0.0
    sets += [tuple(zip(*[cut(h, d) for h, d in zip(hs, ds)])) + (ns,) if hs else ([], [], ns)
             for cut in (thinned, lonely) for hs, ds, ns in sets[:3]]
    tweet_sets, news_sets = (0, 1, 3, 4, 6, 7), (2, 5, 8)
    every = [h for k in (*tweet_sets, *news_sets) for h in sets[k][0]]
    every_data = [d for k in (*tweet_sets, *news_sets) for d in sets[k][1]]
    every_terms = [n for k in (*tweet_sets, *news_sets) for n in sets[k][2]]
    tweets = sum(len(sets[k][0]) for k in tweet_sets)
    same = [same_as_top(h, d) for h, d in zip(every, every_data)]
    inputs = [[s, lead] + sure(x, n)
              for h, d, n, g in zip(every, every_data, every_terms, same)
              for s, lead, (x, *_) in zip(h, leads(h, floor, g), d)]
    labels = [y for d in every_data for _, y, _ in d]
    a, c, *extra, b = logistic_fit(inputs, labels, 0.0)
    calibration = Model((), 0.0, a, c, b, floor, 0.0, 0, (1.0, 1.0), tuple(extra))
    best = []
    for d, h, n, g in zip(every_data, every, every_terms, same):
        conf = calibrated(h, calibration, [sure(x, n) for x, *_ in d], g)
        i = max(range(len(h)), key=h.__getitem__) if h else -1  # the re-ranker's first
        best.append((conf[i], d[i][1]) if h else (0.0, 0))
    threshold = pick_threshold(best[:tweets], CONFIG["precision"])
    if news:
        # No more than news_shown in 1,000 news sentences above it, matched against the whole
        # library, a thinned one and a library of one alike.
        k = len(news)
        for i in range(len(news_sets)):
            allowed = k * CONFIG["news_shown"] // 1000
            above = sorted((p for p, _ in best[tweets + k * i:tweets + k * (i + 1)]),
                           reverse=True)
            if len(above) > allowed:
                threshold = max(threshold, above[allowed] + 1e-4)
    if args.curve:
        right = 0
        for i, (p, y) in enumerate(sorted(best[:tweets], key=lambda t: -t[0])):
            right += y
            if (i + 1) % 25 == 0:
                print(f"{i + 1} shown, confidence >= {p:.3f}: precision {right / (i + 1):.3f}",
                      file=sys.stderr)
    n, k = len(held), len(news)
    shown = [y for p, y in best[:n] if p >= threshold]
    wrong = sum(1 for p, _ in best[n:n * 2] if p >= threshold)
    thin = [y for p, y in best[n * 2:n * 3] if p >= threshold]
    one = [y for p, y in best[n * 4:n * 5] if p >= threshold]
    one_wrong = sum(1 for p, _ in best[n * 5:n * 6] if p >= threshold)
    news_shown = [sum(1 for p, _ in best[tweets + k * i:tweets + k * (i + 1)] if p >= threshold)
                  for i in range(3)]
    print(f"{variant}: threshold {threshold:.4f} (floor {floor:.2f}): {len(shown)} of {n} "
          f"queries shown a match, {sum(shown)} right ({len(thin)} and {sum(thin)} thinned, "
          f"{len(one)} and {sum(one)} alone); without their fact-checks, {wrong} shown one "
          f"({one_wrong} alone); {news_shown[0]} of {k} news sentences shown one "
          f"({news_shown[1]} thinned, {news_shown[2]} alone)", file=sys.stderr)

    weights, bias = fit_ranker(data, keep, CONFIG["l2"])
    nd = CONFIG["digits"]
    model = {
        "weights": [round(w, nd) for w in weights],
        "bias": round(bias, nd),
        "scale": round(a, nd),
        "lead": round(c, nd),
        "shift": round(b, nd),
        "floor": round(floor, nd),
        "extra": [round(w, nd) for w in extra],
        "threshold": round(threshold, 4),
        "cross_validated": {k: round(v, 4) for k, v in cv.items()},
    }
    return model, model["cross_validated"]


def measure(data, scores) -> dict[str, float]:
    """MAP@5, MRR and P@1 of ranking each query's candidates by ``scores``."""
    aps, rrs, p1 = [], [], []
    for d, s in zip(data, scores):
        order = sorted(range(len(d)), key=lambda i: -s[i])
        ranked = [frozenset(["r"]) if d[i][1] else frozenset() for i in order]
        rel = frozenset(["r"])
        aps.append(average_precision(ranked, rel))
        rrs.append(reciprocal_rank(ranked, rel))
        p1.append(1.0 if ranked and ranked[0] else 0.0)
    n = len(data) or 1
    return {"map_at_5": sum(aps) / n, "mrr": sum(rrs) / n, "p_at_1": sum(p1) / n}


def pick_threshold(best: list[tuple[float, int]], precision: float) -> float:
    """The lowest confidence t such that the best matches scored t or more are right at least
    ``precision`` of the time."""
    ranked = sorted(best, key=lambda t: -t[0])
    right, chosen = 0, 1.0
    for i, (p, y) in enumerate(ranked):
        right += y
        if right / (i + 1) >= precision:
            chosen = p
    return chosen


def _logistic(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z > -40 else 0.0


if __name__ == "__main__":
    sys.exit(main())
