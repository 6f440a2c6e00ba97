"""Learn which word heads the source of a reporting cue, from news with every attribution annotated.

Usage: python tools/train_sources.py TRAIN_DIR [--out PATH]

For each annotated attribution whose cue Margin would consider (tools/train_attribution.py's
lexicon), the gold is the last word of the Source's head (the Source up to its first comma,
bracket, dash, "who" or preposition: "Russ Schriefer, an adviser to…" -> Schriefer), or "none"
when the Source is not in the statement. A ranking perceptron (averaged) learns to pick it among
the words within 12 of the cue (tui/core/analysis/cues.py ``source_features``). Writes only
weights (data/sources.json). Deterministic.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.train_attribution import articles  # noqa: E402
from tui.core.analysis.cues import NONE_FEATURES, model, source_features  # noqa: E402
from tui.core.analysis.subjects import subject_of  # noqa: E402
from tui.core.analysis.words import REPORTING  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "tui" / "core" / "analysis" / "data" / "sources.json"
STOP = frozenset(", ( — – - : ; who which that of for at to from with in on and".split())
WINDOW = 12


def examples(train: Path):
    lexicon = model().lexicon | REPORTING
    for atts, located in articles(train):
        for text, toks, _, where in located:
            span = [(where[t.start], where[t.end]) for t in toks]
            for att in atts:
                cue = att["cue"][0][1][0]
                k = next((i for i, (a, b) in enumerate(span)
                          if a < cue[1] and cue[0] < b and toks[i].low in lexicon), None)
                if k is None:
                    continue
                gold = None
                if att["source"]:
                    frags = att["source"][0][1]
                    inner = [i for i, (a, b) in enumerate(span)
                             if any(a < fe and fs < b for fs, fe in frags)]
                    head = []
                    for i in inner:
                        if head and toks[i].low in STOP:
                            break
                        if toks[i].text[0].isalnum():
                            head.append(i)
                    if head and abs(head[-1] - k) <= WINDOW:
                        gold = head[-1]
                yield toks, k, gold


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--epochs", type=int, default=6)
    args = parser.parse_args(argv)
    data = []
    for toks, k, gold in examples(args.train):
        cands = [(None, [f + "|" + toks[k].low for f in NONE_FEATURES] + list(NONE_FEATURES))]
        rule = subject_of(toks, k)
        for j in range(max(0, k - WINDOW), min(len(toks), k + WINDOW + 1)):
            if j != k and toks[j].text[0].isalnum():
                cands.append((j, source_features(toks, j, k, rule)))
        data.append((cands, gold))
    print(f"{len(data)} cues; source in the statement for {sum(g is not None for _, g in data)}")
    rng = random.Random(15)
    w, total, stamp = defaultdict(float), defaultdict(float), defaultdict(int)
    c = 0
    cut = len(data) * 9 // 10
    for phase, rows in (("held", data[:cut]), ("all", data)):
        w.clear(); total.clear(); stamp.clear()
        c = 0
        rows = list(rows)
        for _ in range(args.epochs):
            rng.shuffle(rows)
            for cands, gold in rows:
                c += 1
                pred = max(cands, key=lambda cf: sum(w[f] for f in cf[1]) if cf[1] else 0)
                if pred[0] != gold:
                    good = next(cf for cf in cands if cf[0] == gold) if any(cf[0] == gold for cf in cands) else None
                    if good is None:
                        continue
                    for fs, d in ((good[1], 1.0), (pred[1], -1.0)):
                        for f in fs:
                            total[f] += (c - stamp[f]) * w[f]
                            stamp[f] = c
                            w[f] += d
        avg = {f: (total[f] + (c - stamp[f]) * w[f]) / c for f in w}
        if phase == "held":
            right = sum(max(cands, key=lambda cf: sum(avg.get(f, 0) for f in cf[1]))[0] == gold
                        for cands, gold in data[cut:])
            print(f"held-out tenth: head right for {right / (len(data) - cut):.3f}")
    kept = {f: round(v, 1) for f, v in sorted(avg.items()) if abs(v) >= 0.3}
    args.out.write_text(json.dumps(kept, separators=(",", ":")) + "\n", encoding="utf-8")
    from tools.compact_models import write_compact  # noqa: E402
    write_compact(args.out)
    print(f"wrote {args.out} ({len(kept)} weights)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
