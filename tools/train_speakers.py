"""Learn which reading of a statement names its speaker, from news with every attribution annotated.

Usage: python tools/train_speakers.py TRAIN_DIR [--out PATH] [--epochs N] [--rounds N]

Each training article goes through the same pipeline as ``margin claims``; for every statement
that both the annotation and Margin call attributed, the readings Margin weighs
(tui/core/analysis/speakers.py ``candidates``) are labelled right when they name the annotated
Source as tests/perf/eval_attribution.py judges it. An averaged ranking perceptron learns to put
a right reading first. While reading, the article's context follows the rules' own choice, as it
did before the ranking existed; in later rounds (--rounds) it follows the ranking learned in the
round before. Writes only weights (data/speakers.json). Deterministic.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

OUT = Path(__file__).resolve().parents[1] / "tui" / "core" / "analysis" / "data" / "speakers.json"


def examples(train: Path, weights: dict[str, float] | None = None) -> list[list[tuple[list[str], bool]]]:
    """Per judged statement: its candidates' (features, right?). The article's context follows
    the reading ``weights`` rank first (the rules' own without them)."""
    os.environ.setdefault("MARGIN_DATA_DIR", tempfile.mkdtemp())
    from tests.perf import eval_attribution as E
    from tui.core.analysis import claims, speakers
    from tui.core.document.parse import parse
    from tui.core.session import Session

    seen: dict[str, list] = {}

    ranking = speakers.SpeakerModel(weights) if weights is not None else None

    def rules_choice(found, text, ctx):
        if found is None:  # not the ranking's to choose (speakers.weighable)
            return None
        cands = speakers.resolved(found, text, ctx)
        seen[text] = cands
        if ranking is not None:
            return ranking.best(cands)
        return next((c for c in cands if "pipe" in c.features), None)

    # Every reading described, a lone one too (the reader leaves those undescribed: alone=True).
    claims.readings = lambda sentence, found, alone=False: speakers.readings(sentence, found)
    claims.choose_among = rules_choice
    anns: dict[str, Path] = {}
    for p in sorted((train / "attributions").glob("*.ann")):
        anns.setdefault(p.stem.rsplit("_", 1)[0], p)
    out = []
    for path in sorted((train / "text").glob("*.txt")):
        if path.stem not in anns:
            continue
        raw = path.read_text(encoding="utf-8")
        atts = E.read_ann(anns[path.stem])
        cues = [f for a in atts for f in a["cue"][0][1]]
        gold_speakers = E.gold_speakers(atts, raw)
        seen.clear()
        art = Session.analyse(parse(raw, "text", source=str(path), name=path.name))
        doc = art.document.text
        texts = [doc[s.start:s.end] for s in art.statements]
        for text, (s, e), claim in zip(texts, E.locate(raw, texts), art.claims):
            gold = s >= 0 and any(s <= cs < e for cs, _ in cues)
            sources = [src for at, src in gold_speakers if s <= at < e]
            if gold and sources and "attribution" in claim.kinds and seen.get(text):
                out.append([(c.features, bool(c.name) and any(E.names_source(c.name, g)
                                                              for g in sources))
                            for c in seen[text]])
    return out


def train(data, epochs: int, seeds: int = 5) -> dict[str, float]:
    """The mean of averaged ranking perceptrons trained on ``seeds`` orders of the data (one
    order's weights move the dev figure by a few statements either way; the mean does not)."""
    runs = [train_once(data, epochs, seed) for seed in range(seeds)]
    keys = sorted({x for w in runs for x in w})
    mean = {x: round(sum(w.get(x, 0.0) for w in runs) / len(runs), 4) for x in keys}
    return {x: v for x, v in mean.items() if v}


def train_once(data, epochs: int, seed: int) -> dict[str, float]:
    """An averaged ranking perceptron: on a mistake, toward the best right reading."""
    data = [d for d in data if any(ok for _, ok in d) and not all(ok for _, ok in d)]
    w: dict[str, float] = defaultdict(float)
    total: dict[str, float] = defaultdict(float)
    stamp: dict[str, int] = defaultdict(int)
    t = 0
    rnd = random.Random(seed)

    def score(f):
        return sum(w.get(x, 0.0) for x in f)

    for _ in range(epochs):
        rnd.shuffle(data)
        for cands in data:
            t += 1
            pred = max(range(len(cands)), key=lambda i: (score(cands[i][0]), "pipe" in cands[i][0]))
            if cands[pred][1]:
                continue
            gold = max((i for i in range(len(cands)) if cands[i][1]), key=lambda i: score(cands[i][0]))
            for x, d in [(x, 1) for x in cands[gold][0]] + [(x, -1) for x in cands[pred][0]]:
                total[x] += (t - stamp[x]) * w[x]
                stamp[x] = t
                w[x] += d
    for x in list(w):
        total[x] += (t - stamp[x]) * w[x]
    return {x: v / t for x, v in total.items() if v}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    if not (args.train / "text").is_dir():
        print(f"no articles in {args.train}", file=sys.stderr)
        return 2
    # First with the article's context as the rules read it, then as the ranking itself reads
    # it (what "he" refers to depends on who was found to speak before).
    weights = None
    for _ in range(args.rounds):
        data = examples(args.train, weights)
        weights = train(data, args.epochs)
    args.out.write_text(json.dumps(weights, ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")
    from tools.compact_models import write_compact  # noqa: E402
    write_compact(args.out)
    right = sum(max(d, key=lambda c: (sum(weights.get(x, 0.0) for x in c[0]), "pipe" in c[0]))[1]
                for d in data)
    print(f"{len(data)} statements, {len(weights)} weights, right on train: {right / len(data):.4f}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
