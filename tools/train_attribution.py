"""Learn Margin's reporting cues from news with every attribution annotated, and write the model.

Usage: python tools/train_attribution.py TRAIN_DIR [--out PATH] [--epochs N]

TRAIN_DIR holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann`` (brat standoff: the
Source, Cue and Content spans of each attribution), e.g. ``../shared/data/polnear/train``. Each
article is segmented and tokenised exactly as Margin does; a token is a cue when an annotated
Cue covers it. The lexicon is the words that are cues often enough (``min_count`` times and in
``min_rate`` of their uses); for each occurrence of a lexicon word an averaged perceptron learns,
from the word and its neighbours (tui/core/analysis/cues.py ``features``), whether it is a cue
there. The last tenth of the articles chooses the threshold (best statement-level F1); then the
model is fitted on all of them. Only the lexicon and the weights are written (no text).
Deterministic: the same files give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.perf.eval_attribution import locate, read_ann  # noqa: E402
from tui.core.analysis.cues import features  # noqa: E402
from tui.core.analysis.segment import segment  # noqa: E402
from tui.core.analysis.sources import outside, tokenize  # noqa: E402
from tui.core.analysis.quotes import find_quotes  # noqa: E402
from tui.core.document.parse import parse  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "tui" / "core" / "analysis" / "data" / "cues.json"
CONFIG = {"min_count": 3, "min_rate": 0.04, "epochs": 8, "prune": 0.3, "digits": 1,
          "min_feature_count": 2}

#: Words inside multi-word cues ("also said", "said in a statement", "has not said") that are not
#: their head: the head alone is looked at, the others are its context.
NOT_HEADS = frozenset(
    "a an the in of to for on at by with about from into as and or but not no also again already "
    "always actually still just even never ever then now later earlier once first last recently "
    "repeatedly publicly privately previously reportedly has have had is are was were be been "
    "being do does did will would can could should may might must it its this that these those "
    "he she they we i you his her their our my your him them us me who which what there here "
    "very so too more most much many some any all out up over".split())


def articles(train: Path):
    """Each annotated article, segmented and tokenised exactly as Margin does: its attributions
    and, per statement found in the raw file, (text, the tokens a cue or source can be among,
    quoted?, each position's offset in the raw file)."""
    anns: dict[str, Path] = {}
    for p in sorted((train / "attributions").glob("*.ann")):
        anns.setdefault(p.stem.rsplit("_", 1)[0], p)
    for path in sorted((train / "text").glob("*.txt")):
        if path.stem not in anns:
            continue
        raw = path.read_text(encoding="utf-8")
        doc = parse(raw, "text", name=path.name)
        sts = [doc.text[s.start:s.end] for s in segment(doc)]
        located = []
        for text, (s, e) in zip(sts, locate(raw, sts)):
            if s < 0:
                continue
            quotes = find_quotes(text)
            # The raw text and the statement agree character for character only up to white
            # space; each token is mapped to raw offsets by its position in the located span.
            located.append((text, outside(text, tokenize(text), quotes), bool(quotes),
                            _raw_offsets(text, raw, s)))
        yield read_ann(anns[path.stem]), located


def statements(train: Path):
    """Per article: a list of statements, each (text, tokens outside quotations, quoted?, labels)."""
    for atts, located in articles(train):
        cues = [f for att in atts for c in att["cue"] for f in c[1]]
        yield [(text, toks, quoted,
                [any(cs < where[t.end] and where[t.start] < ce for cs, ce in cues) for t in toks])
               for text, toks, quoted, where in located]


def _raw_offsets(text: str, raw: str, base: int) -> list[int]:
    """For each position of text (and its end), the offset in raw: the two agree character for
    character up to runs of white space."""
    out = []
    j = base
    i = 0
    while i < len(text):
        if text[i].isspace():
            k = i
            while k < len(text) and text[k].isspace():
                k += 1
            out.extend([j] * (k - i))
            while j < len(raw) and raw[j].isspace():
                j += 1
            i = k
        else:
            out.append(j)
            i += 1
            j += 1
    out.append(j)
    return out


def learn_lexicon(articles, cfg) -> list[str]:
    cue, seen = Counter(), Counter()
    for article in articles:
        for _, toks, _, labels in article:
            for t, y in zip(toks, labels):
                seen[t.low] += 1
                cue[t.low] += y
    return sorted(w for w, n in cue.items()
                  if n >= cfg["min_count"] and n / seen[w] >= cfg["min_rate"]
                  and w not in NOT_HEADS and (w == ":" or w[:1].isalpha()))


def examples(articles, lexicon: frozenset[str]):
    """Per article, per statement: the candidates' (features, label) and the statement's gold."""
    out = []
    for article in articles:
        sts = []
        for text, toks, quoted, labels in article:
            cands = [(features(toks, i, quoted, text), y)
                     for i, (t, y) in enumerate(zip(toks, labels)) if t.low in lexicon]
            sts.append((cands, any(labels)))
        out.append(sts)
    return out


def train(data, epochs: int, min_count: int) -> dict[str, float]:
    """An averaged perceptron (binary), examples in a fixed shuffled order."""
    counts = Counter(f for sts in data for cands, _ in sts for fs, _ in cands for f in fs)
    flat = [([f for f in fs if counts[f] >= min_count], y)
            for sts in data for cands, _ in sts for fs, y in cands]
    rng = random.Random(15)
    w: dict[str, float] = defaultdict(float)
    total: dict[str, float] = defaultdict(float)
    stamp: dict[str, int] = defaultdict(int)
    c = 0
    for _ in range(epochs):
        rng.shuffle(flat)
        for fs, y in flat:
            c += 1
            s = sum(w[f] for f in fs)
            if (s > 0) != y:
                d = 1.0 if y else -1.0
                for f in fs:
                    total[f] += (c - stamp[f]) * w[f]
                    stamp[f] = c
                    w[f] += d
    return {f: (total[f] + (c - stamp[f]) * w[f]) / c for f in w}


def statement_f1(data, weights, threshold: float) -> float:
    tp = fp = fn = 0
    for sts in data:
        for cands, gold in sts:
            said = any(sum(weights.get(f, 0.0) for f in fs) > threshold for fs, _ in cands)
            tp += said and gold
            fp += said and not gold
            fn += gold and not said
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--epochs", type=int, default=CONFIG["epochs"])
    args = parser.parse_args(argv)
    if not (args.train / "text").is_dir():
        print(f"train_attribution: {args.train}: no text/ folder", file=sys.stderr)
        return 2
    articles = list(statements(args.train))
    lexicon = learn_lexicon(articles, CONFIG)
    data = examples(articles, frozenset(lexicon))
    cut = len(data) * 9 // 10
    held = train(data[:cut], args.epochs, CONFIG["min_feature_count"])
    best = max((statement_f1(data[cut:], held, t / 4), t / 4) for t in range(-16, 9))
    print(f"{len(articles)} articles, lexicon {len(lexicon)} words; held-out tenth: statement F1 "
          f"{best[0]:.3f} at threshold {best[1]}")
    weights = train(data, args.epochs, CONFIG["min_feature_count"])
    kept = {f: round(v, CONFIG["digits"]) for f, v in sorted(weights.items())
            if abs(v) >= CONFIG["prune"]}
    args.out.write_text(json.dumps({"lexicon": lexicon, "threshold": best[1], "weights": kept},
                                   separators=(",", ":")) + "\n", encoding="utf-8")
    from tools.compact_models import write_compact  # noqa: E402
    write_compact(args.out)
    print(f"wrote {args.out} ({len(kept)} weights)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
