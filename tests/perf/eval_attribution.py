"""Evaluate who-said-what on news with every attribution annotated (PolNeAR's brat files).

Usage: python tests/perf/eval_attribution.py DIR [--errors N] [--limit N]

DIR holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann`` (for example
``../shared/data/polnear/dev``). Each article goes through the same pipeline as ``margin claims``
(parse, segment, detect). A statement is *attributed* in the gold when an annotated Cue lies in
it; Margin attributes it when ``attribution`` is among its kinds. Prints statement-level
precision, recall and F1, and speaker accuracy: of the statements both call attributed (and whose
gold has a Source), the share whose speaker names the Source — any word of Margin's speaker,
titles aside, in the Source's head (the Source up to its first comma, dash, bracket or
preposition: "Russ Schriefer, an adviser to Mr. Romney's campaign" names Russ Schriefer, not
Romney; a Source described by a title alone, "the senator", is named by "the senator"). A
pronoun Source (he, she, they, it) stands for the nearest named Source before it in
the article (for he and she, the nearest that names a person rather than describes one: "Donald
Trump", not "the Republican nominee"); a relative one (who, which, that) for the noun phrase
right before it. A Source that is only a reporting verb ("said": a slip of the annotation, 11 on
train, 5 on dev) counts as no Source. Without DIR it says so and ends (exit 0).

The last line is a JSON object: precision, recall, f1, speaker_accuracy, speaker_accuracy_all
(over every gold-attributed statement), statements, gold, predicted, articles, seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "his", "its", "their"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
CUE_WORDS = {"said", "says", "say", "told", "added", "according", "stated", "wrote", "asked"}
HEAD_END = re.compile(r",|\s[-—–]\s|\(|\b(?:of|for|at|to|from|with|in|on|who|and)\b")
POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")
WORD = re.compile(r"[A-Za-z][A-Za-z.’'\-]*")
NOT_NAMES = {"the", "a", "an", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen.",
             "sen", "rep.", "gov.", "president", "secretary", "senator", "former", "then"}


def read_ann(path: Path) -> list[dict]:
    """The attributions of one brat file: each with its cue, source and content spans."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T") and line.count("\t") >= 2:
            tid, meta, text = line.split("\t", 2)
            label, _, where = meta.partition(" ")
            frags = [tuple(map(int, f.split())) for f in where.split(";")]
            spans[tid] = (label, frags, text)
        elif line.startswith("E"):
            events.append(line.split("\t", 1)[1].split())
    out = []
    for parts in events:
        att: dict = {"cue": [], "source": [], "content": []}
        for part in parts:
            role, _, tid = part.partition(":")
            role = role.rstrip("0123456789").lower()
            if role in att and tid in spans:
                att[role].append(spans[tid])
        if att["cue"]:
            out.append(att)
    return out


def words(text: str) -> list[str]:
    return [POSSESSIVE.sub("", w.lower()).strip(".’'") for w in WORD.findall(text)]


CHUNK_END = re.compile(r",|\s[-—–]\s|\(|\b(?:who|which)\b")
OFFICES = {"staff", "affairs", "government", "defense", "homeland", "security", "treasury",
           "commerce", "labor", "energy", "transportation", "education"}
CONJUNCTION = re.compile(r"\s+(?:and|as well as|&)\s+")
GOVERNS = {"of", "for", "at", "to", "from", "with", "by", "in", "on", "about"}
TITLE_WORDS = NOT_NAMES | {
    "state", "sec.", "gov", "governor", "rep", "representative", "sens.", "mayor", "chairman",
    "chairwoman", "director", "leader", "speaker", "house", "minister", "candidate", "nominee",
    "frontrunner", "front-runner", "host", "star", "chief", "executive", "judge", "justice",
    "republican", "democratic", "democrat", "gop", "senate", "majority", "minority", "u.s."}


def head_words(text: str) -> set[str]:
    """The words that name a Source: its head (up to its first comma, dash, bracket or
    preposition), and where a part of it ends in a name after titles ("Former Secretary of State
    and Democratic frontrunner Hillary Clinton", "Jeb Bush and Chris Christie") that name too
    (but not a name a preposition governs: "A spokesman for Hillary Clinton" is the spokesman)."""
    head = HEAD_END.split(" " + text, maxsplit=1)[0]
    found = {w for w in words(head) if w and w not in NOT_NAMES}
    chunk = CHUNK_END.split(text, maxsplit=1)[0]
    for n, part in enumerate(CONJUNCTION.split(chunk)):
        toks = part.split()
        i = len(toks)
        while i > 0 and toks[i - 1][:1].isupper():
            i -= 1
        name = toks[i:]
        while name and POSSESSIVE.sub("", name[0].lower()) in TITLE_WORDS:
            name = name[1:]  # "State Hillary Clinton" -> "Hillary Clinton"
        if not name or (n and len(name) < 2):
            continue  # "Cooperation and Development" is one name, not two
        # A preposition governing the name, past its determiner, modifiers and titles ("James
        # Pethokoukis of the American Enterprise Institute", "A spokesman for Democratic
        # presidential candidate Hillary Clinton"), but not one inside a title ("Secretary of
        # State Hillary Clinton", "Speaker of the House Paul Ryan").
        before = ""
        k = len(toks) - len(name) - 1
        while k >= 0 and len(toks) - len(name) - k <= 5:
            w = POSSESSIVE.sub("", toks[k].lower())
            if w in GOVERNS:
                nxt = toks[k + 2] if k + 2 < len(toks) and toks[k + 1].lower() == "the" \
                    else toks[k + 1]
                inside_title = k > 0 and toks[k - 1].lower() in TITLE_WORDS \
                    and POSSESSIVE.sub("", nxt.lower()) in TITLE_WORDS | OFFICES
                if not inside_title:
                    before = w
                    break
            k -= 1
        if before not in GOVERNS:
            found |= {w for w in words(" ".join(name)) if w and w not in NOT_NAMES}
    return found


RELATIVES = {"who", "which", "that", "whom"}
ANTECEDENT_END = re.compile(r"[.;:“”\"(]|\b(?:of|for|at|to|from|with|in|on|by|and)\b")


def antecedent(raw: str, pos: int) -> str:
    """The words a relative pronoun at ``pos`` stands for: the noun phrase right before it
    ("Florida Sen. Marco Rubio, who…", "the quarter of Democratic caucus voters who…" ->
    "Democratic caucus voters"), at most its last four words."""
    before = raw[max(0, pos - 120):pos].rstrip().rstrip(",").rstrip()
    tail = ANTECEDENT_END.split(before)[-1]
    return " ".join(tail.split()[-4:])


def gold_speakers(atts: list[dict], raw: str = "") -> list[tuple[int, str]]:
    """(cue offset, the Source's text, a pronoun replaced by the entity it stands for)."""
    found = []
    named: list[tuple[int, str, bool]] = []  # (offset, text, looks like a person)
    for att in sorted(atts, key=lambda a: a["cue"][0][1][0][0]):
        cue_at = att["cue"][0][1][0][0]
        if not att["source"]:
            continue
        _, frags, text = att["source"][0]
        ws = words(text)
        if ws and all(w in CUE_WORDS for w in ws):
            continue  # a slip of the annotation: the Source marked on the verb ("said Hester")
        if len(ws) == 1 and ws[0] in RELATIVES and raw:
            text = antecedent(raw, frags[0][0])
            if not text:
                continue
        elif len(ws) == 1 and ws[0] in PRONOUNS:
            person = ws[0] in PERSON_PRONOUNS
            before = [n for n in named if n[0] < frags[0][0] and (n[2] or not person)]
            if before:
                found.append((cue_at, before[-1][1]))
            continue
        found.append((cue_at, text))
        # A person is named ("Donald Trump", "Mr. Gref"), not described ("The Republican nominee").
        head = HEAD_END.split(" " + text, maxsplit=1)[0].split()
        named.append((frags[0][0], text, bool(head) and head[0].lower() not in ("the", "a", "an")
                      and any(w[:1].isupper() for w in head)))
    return found


def locate(raw: str, statements: list[str]) -> list[tuple[int, int]]:
    """Each statement's span in the raw file (the parsed text may differ in white space)."""
    out = []
    pos = 0
    for st in statements:
        pattern = r"\s+".join(re.escape(w) for w in st.split())
        m = re.compile(pattern).search(raw, pos) if pattern else None
        if m is None:
            out.append((-1, -1))
            continue
        out.append((m.start(), m.end()))
        pos = m.end()
    return out


def names_source(speaker: str | None, source: str) -> bool:
    if not speaker:
        return False
    said = {w for w in words(speaker) if w not in NOT_NAMES}
    head = head_words(source)
    if not head:  # "the senator", "The president": described by a title alone, matched so
        head = {w for w in words(HEAD_END.split(" " + source, maxsplit=1)[0])} - {"the", "a", "an"}
        said = {w for w in words(speaker)} - {"the", "a", "an"}
    return bool(said & head)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="a folder with text/ and attributions/")
    parser.add_argument("--errors", type=int, default=0, help="print this many mistakes of each sort")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args(argv)
    if not (args.dir / "text").is_dir():
        print(f"eval_attribution: {args.dir}: no text/ folder here: nothing to measure")
        return 0
    os.environ.setdefault("MARGIN_DATA_DIR", tempfile.mkdtemp())
    from tui.core.document.parse import parse
    from tui.core.session import Session

    anns: dict[str, Path] = {}
    for p in sorted((args.dir / "attributions").glob("*.ann")):
        anns.setdefault(p.stem.rsplit("_", 1)[0], p)
    texts = sorted(p for p in (args.dir / "text").glob("*.txt") if p.stem in anns)
    if args.limit:
        texts = texts[:args.limit]
    tp = fp = fn = 0
    judged = right = 0
    gold_total = 0
    errors: dict[str, list[str]] = {"missed": [], "false": [], "speaker": []}
    t0 = time.perf_counter()
    statements_n = 0
    for path in texts:
        raw = path.read_text(encoding="utf-8")
        atts = read_ann(anns[path.stem])
        cues = [f for att in atts for f in att["cue"][0][1]]
        speakers = gold_speakers(atts, raw)
        article = Session.analyse(parse(raw, "text", source=str(path), name=path.name))
        doc = article.document.text
        sts = [doc[s.start:s.end] for s in article.statements]
        where = locate(raw, sts)
        statements_n += len(sts)
        for text, (s, e), claim in zip(sts, where, article.claims):
            gold = s >= 0 and any(s <= cs < e for cs, _ in cues)
            said = "attribution" in claim.kinds
            tp += gold and said
            fp += said and not gold
            fn += gold and not said
            gold_total += gold
            if said != gold and len(errors["missed" if gold else "false"]) < args.errors:
                errors["missed" if gold else "false"].append(f"{path.stem}: {text}")
            sources = [src for at, src in speakers if s <= at < e]
            if gold and sources:
                ok = any(names_source(claim.speaker, src) for src in sources)
                if said:
                    judged += 1
                    right += ok
                    if not ok and len(errors["speaker"]) < args.errors:
                        errors["speaker"].append(f"{claim.speaker!r} for {sources!r}: {text}")
    seconds = time.perf_counter() - t0
    for sort, lines in errors.items():
        for line in lines:
            print(f"[{sort}] {line}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{len(texts)} articles, {statements_n} statements; gold attributed {gold_total}, "
          f"tp={tp} fp={fp} fn={fn}; speakers right {right} of {judged}")
    print(json.dumps({
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
        "speaker_accuracy": round(right / judged, 4) if judged else 0.0,
        "speaker_accuracy_all": round(right / gold_total, 4) if gold_total else 0.0,
        "statements": statements_n, "gold": gold_total, "predicted": tp + fp,
        "articles": len(texts), "seconds": round(seconds, 2),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
