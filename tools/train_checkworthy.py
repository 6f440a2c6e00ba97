"""Train the check-worthiness model on CheckThat! 2024 (CT24) and write its JSON weights.

Usage: python tools/train_checkworthy.py DATA_DIR [--out PATH]

Reads DATA_DIR/CT24_checkworthy_english_train.tsv (the only data the weights are fitted on) and
DATA_DIR/CT24_checkworthy_english_dev.tsv (used only to choose the decision threshold, which is
then folded into the bias so that ``score >= 0.5`` is the decision). Pure Python, deterministic:
the same files give the same bytes.

The model: L2-regularised logistic regression over counts of lower-cased word unigrams and
bigrams (numbers -> ``0``, mid-sentence capitalised names -> ``_ne``), 3-letter word suffixes,
a few word classes (number words, hedges, opinion verbs, comparatives...) and a length bucket,
fitted by full-batch L-BFGS. Suffix and class weights are folded into the word weights, and
weights whose effect is below ``PRUNE`` are dropped, to keep the JSON small.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
from operator import add, mul
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout: the project is one folder up
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tui.core.analysis.checkworthy import WORD_CLASSES, features, load_model, logit  # noqa: E402

TRAIN_FILE = "CT24_checkworthy_english_train.tsv"
DEV_FILE = "CT24_checkworthy_english_dev.tsv"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "tui" / "core" / "analysis" / "data" / "checkworthy.json"

CONFIG = {
    "suffix": 3,  # letters of the suffix feature (words longer than suffix + 2)
    "length_step": 5,  # words per length bucket
    "length_max": 8,  # last bucket: 40 words and more
    "min_df": 2,  # a feature must occur in this many training sentences
    "l2": 4e-4,  # L2 penalty on the mean log-loss (bias not penalised)
    "max_iter": 400,  # L-BFGS iterations at most
    "prune": 0.01,  # weights (after folding) with |w| below this are dropped
    "digits": 4,  # decimals kept in the JSON
}

_LABEL = re.compile(r"(Yes|No)(\d*)")


class DataError(Exception):
    pass


def read_tsv(path: Path) -> list[tuple[str, int]]:
    """(text, 1 for Yes / 0 for No) of a CT24 file.

    One line of the train file holds two rows merged (``...grow.<TAB>No29286<TAB>...``): a label
    field followed by the next row's id is split back into two rows.
    """
    rows: list[tuple[str, int]] = []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader, None)
        if not header or [h.strip() for h in header[:3]] != ["Sentence_id", "Text", "class_label"]:
            raise DataError(f"{path.name}: not a CT24 file (header {header!r})")
        for row in reader:
            while row and not row[-1].strip():
                row = row[:-1]
            if not row:
                continue
            fields = row[1:]  # text, label[+next id], text, label...
            while fields:
                if len(fields) < 2:
                    raise DataError(f"{path.name}: line {reader.line_num}: malformed row {row!r}")
                text, label = fields[0], fields[1].strip()
                m = _LABEL.fullmatch(label)
                if not m:
                    raise DataError(f"{path.name}: line {reader.line_num}: bad label {label!r}")
                rows.append((text, 1 if m.group(1) == "Yes" else 0))
                fields = fields[2:]
                if bool(m.group(2)) != bool(fields):
                    raise DataError(f"{path.name}: line {reader.line_num}: malformed row {row!r}")
    return rows


# --- Optimiser ---------------------------------------------------------------------------------

def _dot(a, b):
    return math.fsum(map(mul, a, b))


def _axpy(alpha, x, y):
    """alpha * x + y"""
    return list(map(add, map(alpha.__mul__, x), y))


def lbfgs(fg, x, max_iter=400, memory=10, tol=1e-9):
    """Minimise ``fg(x) -> (f, grad)`` with L-BFGS and a backtracking Armijo line search."""
    f, g = fg(x)
    S: list = []
    Y: list = []
    R: list = []
    it = 0
    for it in range(1, max_iter + 1):
        q = g
        alphas = []
        for s, y, rho in zip(reversed(S), reversed(Y), reversed(R)):
            a = rho * _dot(s, q)
            alphas.append(a)
            q = _axpy(-a, y, q)
        if S:
            gamma = _dot(S[-1], Y[-1]) / _dot(Y[-1], Y[-1])
        else:
            gamma = 1.0 / max(math.sqrt(_dot(g, g)), 1e-12)
        r = [gamma * v for v in q]
        for s, y, rho, a in zip(S, Y, R, reversed(alphas)):
            b = rho * _dot(y, r)
            r = _axpy(a - b, s, r)
        d = [-v for v in r]
        gd = _dot(g, d)
        if gd >= 0:  # not a descent direction: restart from the gradient
            S, Y, R = [], [], []
            d = [-v for v in g]
            gd = _dot(g, d)
        step = 1.0
        while True:
            xn = _axpy(step, d, x)
            fn, gn = fg(xn)
            if fn <= f + 1e-4 * step * gd:
                break
            step *= 0.5
            if step < 1e-12:
                return x, f, it
        s = [a - b for a, b in zip(xn, x)]
        y = [a - b for a, b in zip(gn, g)]
        sy = _dot(s, y)
        if sy > 1e-12:
            S.append(s)
            Y.append(y)
            R.append(1.0 / sy)
            if len(S) > memory:
                del S[0], Y[0], R[0]
        done = f - fn <= tol * max(1.0, abs(fn))
        x, f, g = xn, fn, gn
        if done:
            break
    return x, f, it


def _log1pexp(z):
    return z + math.log1p(math.exp(-z)) if z > 0 else math.log1p(math.exp(z))


def fit(docs: list[list[str]], labels: list[int], config: dict = CONFIG):
    """Weights {feature: w} and bias of the logistic regression, and the L-BFGS iterations."""
    df: dict[str, int] = {}
    for feats in docs:
        for f in set(feats):
            df[f] = df.get(f, 0) + 1
    vocab = sorted(f for f, c in df.items() if c >= config["min_df"])
    index = {f: i for i, f in enumerate(vocab)}
    dim = len(vocab)
    rows = [[index[f] for f in feats if f in index] for feats in docs]
    cols: list[list[int]] = [[] for _ in range(dim)]
    for i, row in enumerate(rows):
        for j in row:
            cols[j].append(i)
    n = len(rows)
    l2 = config["l2"]
    ys = [float(v) for v in labels]

    def fg(x):
        w = x[:dim]
        b = x[dim]
        get = w.__getitem__
        zs = [b + sum(map(get, row)) for row in rows]
        loss = 0.0
        res = []
        for z, yv in zip(zs, ys):
            loss += _log1pexp(-z) if yv else _log1pexp(z)
            p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
            res.append((p - yv) / n)
        rget = res.__getitem__
        grad = [math.fsum(map(rget, col)) + l2 * wj for col, wj in zip(cols, w)]
        grad.append(math.fsum(res))
        f = loss / n + 0.5 * l2 * _dot(w, w)
        return f, grad

    prior = sum(ys) / n
    x0 = [0.0] * dim + [math.log(prior / (1 - prior)) if 0 < prior < 1 else 0.0]
    x, f, iters = lbfgs(fg, x0, max_iter=config["max_iter"])
    return dict(zip(vocab, x[:dim])), x[dim], iters, f


# --- Export ------------------------------------------------------------------------------------

def export(weights: dict[str, float], bias: float, config: dict = CONFIG) -> dict:
    """The JSON content (without meta): suffix and class weights folded into the words."""
    eps = config["prune"]
    k = config["suffix"]
    nd = config["digits"]
    cls = {w: name for name, words in WORD_CLASSES.items() for w in words.split()}
    suffixes = {f[1:]: w for f, w in weights.items() if f.startswith("~") and abs(w) >= eps}
    suffixes = {s: round(w, nd) for s, w in sorted(suffixes.items())}
    words = set(cls)
    words.update(f for f in weights if " " not in f and f[0] not in "~#" and not
                 (f.startswith("_") and f != "_ne"))
    unigrams = {}
    for t in sorted(words):
        w = weights.get(t, 0.0) + weights.get(cls.get(t, ""), 0.0)
        if len(t) > k + 2:
            w += weights.get("~" + t[-k:], 0.0)
        fallback = suffixes.get(t[-k:], 0.0) if len(t) > k + 2 else 0.0
        if abs(w - fallback) >= eps:
            unigrams[t] = round(w, nd)
    bigrams = {f: round(w, nd) for f, w in sorted(weights.items())
               if " " in f and abs(w) >= eps}
    lengths = [round(weights.get("#len%d" % i, 0.0), nd) for i in range(config["length_max"] + 1)]
    return {"bias": bias, "lengths": lengths, "unigrams": unigrams, "bigrams": bigrams,
            "suffixes": suffixes}


def prf(pred: list[bool], gold: list[int]) -> tuple[float, float, float]:
    tp = sum(1 for p, g in zip(pred, gold) if p and g)
    fp = sum(1 for p, g in zip(pred, gold) if p and not g)
    fn = sum(1 for p, g in zip(pred, gold) if not p and g)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_threshold(zs: list[float], gold: list[int]) -> float:
    """The log-odds cut that maximises F1 of the Yes class (midway between two scores; on a
    tie the lower cut, as text unlike the training debates tends to score lower)."""
    pairs = sorted(zip(zs, gold), reverse=True)
    total = sum(gold)
    best, cut = -1.0, pairs[0][0] + 1.0 if pairs else 0.0
    tp = fp = 0
    for i, (z, g) in enumerate(pairs):
        tp += g
        fp += 1 - g
        nxt = pairs[i + 1][0] if i + 1 < len(pairs) else z - 1.0
        if nxt == z:
            continue
        f1 = 2 * tp / (tp + fp + total) if tp else 0.0
        if f1 >= best:
            best, cut = f1, (z + nxt) / 2
    return cut


def train(train_rows, dev_rows, config: dict = CONFIG, train_name=TRAIN_FILE,
          dev_name=DEV_FILE, log=lambda *a: None) -> tuple[dict, dict]:
    """The JSON content and a summary."""
    t0 = time.perf_counter()
    docs = [features(t, config["suffix"], config["length_step"], config["length_max"])
            for t, _ in train_rows]
    labels = [y for _, y in train_rows]
    weights, bias, iters, loss = fit(docs, labels, config)
    log(f"fitted {len(weights)} features in {iters} L-BFGS iterations "
        f"({time.perf_counter() - t0:.1f} s), loss {loss:.4f}")
    data = export(weights, bias, config)
    data["meta"] = {}
    data["meta"]["features"] = {k: config[k] for k in ("suffix", "length_step", "length_max")}
    model = load_model(data)
    dev_gold = [y for _, y in dev_rows]
    cut = best_threshold([logit(t, model) for t, _ in dev_rows], dev_gold) if dev_rows else 0.0
    data["bias"] = round(bias - cut, 6)
    model = load_model(data)
    dev_z = [logit(t, model) for t, _ in dev_rows]
    p, r, f1 = prf([z >= 0 for z in dev_z], dev_gold)
    threshold = 1.0 / (1.0 + math.exp(-cut))
    meta = {
        "name": "margin-checkworthy",
        "format": 1,
        "model": "logistic regression (L-BFGS, L2) over word 1-2-grams, suffixes, word classes",
        "train_file": train_name,
        "train_rows": len(train_rows),
        "train_yes": sum(labels),
        "dev_file": dev_name,
        "dev_rows": len(dev_rows),
        "threshold": round(threshold, 6),
        "threshold_note": "F1-optimal on dev, folded into bias: score >= 0.5 means check-worthy",
        "dev": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)},
        "features": {k: config[k] for k in ("suffix", "length_step", "length_max")},
        "training": {k: config[k] for k in ("min_df", "l2", "max_iter", "prune", "digits")},
        "iterations": iters,
        "sizes": {"unigrams": len(data["unigrams"]), "bigrams": len(data["bigrams"]),
                  "suffixes": len(data["suffixes"])},
    }
    out = {"meta": meta, "bias": data["bias"], "lengths": data["lengths"],
           "unigrams": data["unigrams"], "bigrams": data["bigrams"],
           "suffixes": data["suffixes"]}
    summary = {"precision": p, "recall": r, "f1": f1, "threshold": threshold,
               "iterations": iters, "seconds": time.perf_counter() - t0}
    return out, summary


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python tools/train_checkworthy.py",
                                 description="Train the check-worthiness model on CT24.")
    ap.add_argument("data_dir", help="folder holding the CT24 English TSV files")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="JSON to write (default: %(default)s)")
    args = ap.parse_args(argv)
    data_dir = Path(args.data_dir)
    missing = [n for n in (TRAIN_FILE, DEV_FILE) if not (data_dir / n).is_file()]
    if missing:
        print(f"train_checkworthy: missing {', '.join(str(data_dir / n) for n in missing)}",
              file=sys.stderr)
        return 2
    try:
        train_rows = read_tsv(data_dir / TRAIN_FILE)
        dev_rows = read_tsv(data_dir / DEV_FILE)
    except (DataError, OSError, UnicodeDecodeError, csv.Error) as exc:
        print(f"train_checkworthy: {exc}".replace("\n", " "), file=sys.stderr)
        return 2
    if not train_rows or len({y for _, y in train_rows}) < 2:
        print("train_checkworthy: the train file needs both Yes and No rows", file=sys.stderr)
        return 2
    print(f"train: {len(train_rows)} rows ({sum(y for _, y in train_rows)} Yes); "
          f"dev: {len(dev_rows)} rows ({sum(y for _, y in dev_rows)} Yes)")
    data, s = train(train_rows, dev_rows, log=print)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = dumps(data)
    out.write_text(text, encoding="utf-8")
    from tools.compact_models import write_compact  # noqa: E402
    write_compact(out)
    m = data["meta"]
    print(f"dev threshold {s['threshold']:.4f} (folded into the bias): precision "
          f"{s['precision']:.3f} recall {s['recall']:.3f} F1 {s['f1']:.3f}")
    print(f"wrote {out} ({len(text.encode()) / 1024:.0f} KiB: {m['sizes']['unigrams']} words, "
          f"{m['sizes']['bigrams']} bigrams, {m['sizes']['suffixes']} suffixes) "
          f"in {s['seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
