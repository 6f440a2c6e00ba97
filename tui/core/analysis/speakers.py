"""Who made a statement, chosen among its readings by a model learned from annotated news.

The rules and the learned head finder each propose a source for the statement's surest cues
(``sources.Sentence``): the source the rules read for a reporting verb, the subject of the
clause, and the head the learned model found where the rules asked it (asking it for every cue
would cost a quarter of the analysis for no better choice on the development articles). They often disagree ("…, labor-policy experts say" against "Donald
Trump's new proposal"; "he said" as the last person who spoke or the one named just before).
Each reading becomes a candidate, described by which methods proposed it, how sure the model is
of its cue, where it stands, what it looks like and what it resolves to in the article so far;
a ranking learned on the training articles (tools/train_speakers.py, weights in
data/speakers.json) picks one. The reading the rules chose alone is one of the candidates, so
where the model has nothing to say the rules stand.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from sys import intern
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from typing import TYPE_CHECKING

from .cues import _shipped, model as cue_model
from .sources import POSSESSIVE, Source
from .tokens import Tok
from .words import GROUP_NOUNS, PRONOUNS, REPORTING

if TYPE_CHECKING:
    from .context import Context
    from .sources import Sentence

_PEOPLE = re.compile(r"[a-z](?:ists|ians|ers|ents|ants|ors)\Z|\A(?:someone|somebody|everyone|everybody|"
                     r"anyone|anybody|nobody)\Z")

#: The surest cues whose readings are weighed.
TOP_CUES = 4
#: Earlier speakers and mentions offered as what "he" or "they" refers to, of each kind.
ALTERNATIVES = 2


@dataclass(slots=True)
class Reading:
    """One reading of who made the statement as the statement alone gives it (no article
    context): small and plain, so that it can be found in another process."""

    src: Source
    cue: int  # the token of its cue
    tok: Tok | None  # that token (None: no cue token)
    features: list[str] | None  # None: a reading without a rival, nothing to describe

    def __reduce__(self):  # pickled as its fields: a tenth of the time of a dataclass's state
        return Reading, (self.src, self.cue, self.tok, self.features)


@dataclass(slots=True)
class Candidate:
    """One reading of who made the statement, resolved in the article so far."""

    src: Source
    name: str | None  # as resolved in the article ("German Gref" for "Mr Gref" or "he")
    cue: int  # the token of its cue
    features: list[str]
    tok: Tok | None = None  # the cue's token


def _bucket(x: float, cuts: tuple[float, ...]) -> str:
    for c in cuts:
        if x < c:
            return str(c)
    return "hi"


def _shape(name: str | None) -> str:
    """``C2`` for "Hillary Clinton", ``c1`` for "officials", ``m3`` for "the Vermont senator"."""
    shape = _SHAPES.get(name)
    if shape is None:
        shape = _shape_of(name)
        if len(_SHAPES) < 100_000:  # a bounded table: an article's speakers repeat
            _SHAPES[name] = shape
    return shape


def _shape_of(name: str | None) -> str:
    if not name:
        return "none"
    words = name.split()
    caps = sum(w[:1].isupper() for w in words)
    return ("C" if caps == len(words) else "c" if caps == 0 else "m") + str(min(len(words), 4))


#: Each name's shape, once (a candidate's name is shaped for every statement it may have said).
_SHAPES: dict[str | None, str] = {}


def _proposals(sentence: Sentence, found: tuple, starts: list[int]) -> dict[tuple[int, int], list]:
    """Every source proposed for the statement's surest cues: span -> [Source, proposals],
    a proposal being (method, cue rank, cue score, cue token)."""
    toks = sentence.toks
    model = cue_model()
    weighed = sentence.weighed[:TOP_CUES]
    out: dict[tuple[int, int], list] = {}

    def add(src: Source | None, method: str, rank: int, score: float, k: int) -> None:
        if src is not None:
            out.setdefault((src.start, src.end), [src, []])[1].append((method, rank, score, k))

    src = found[0]
    if src is not None:
        k = bisect_left(starts, found[2])
        if k >= len(toks) or starts[k] != found[2]:
            k = -1
        score = next((-neg for neg, i in sentence.weighed if i == k), None) if k >= 0 else 0.0
        if score is None:
            score = model.score(toks, k, bool(sentence.quotes), sentence.text)
        add(src, "pipe", 0, score, k)
    for rank, (neg, k) in enumerate(weighed):
        cue = toks[k]
        if cue.text == ":":
            continue  # "Two questions: …": a colon's source is the rules' to find
        if cue.low in REPORTING:
            add(sentence.source_of_cue(k), "rule", rank, -neg, k)
        if sentence.asked_model(k):
            add(sentence._learned_source(k, True), "learn", rank, -neg, k)
        rng = sentence.subject_of(k)
        if rng is not None:
            src = sentence.span_source(*rng)
            if src is None and rng[0] == rng[1] and _PEOPLE.search(toks[rng[0]].low):
                # One plural noun of people or an indefinite pronoun ("environmentalists worry",
                # "someone asked"): not a source to the rules, a reading all the same.
                src = Source(toks[rng[0]].start, toks[rng[0]].end, "group")
            add(src, "subj", rank, -neg, k)
    return out


def _features(sentence: Sentence, src: Source, props: list, top: float,
              starts: list[int]) -> tuple[list[str], int]:
    toks, text = sentence.toks, sentence.text
    method, rank, score, k = min((p for p in props if p[0] != "pipe"), key=lambda p: p[1],
                                 default=props[0])
    cue = toks[k] if k >= 0 else None
    methods = sorted({p[0] for p in props if p[0] != "pipe"})
    f = ["b", "ms=" + "+".join(methods), "rank=%d" % rank, "sc=" + _bucket(score, (-10, -4, 0, 5, 10, 15)),
         "gap=" + _bucket(top - score, (0.01, 3, 8, 15)), "sort=" + src.sort,
         "nprops=%d" % min(4, len(props)), "q=%d" % bool(sentence.quotes),
         "cap=%d" % text[src.start].isupper(), "first=%d" % (src.start == toks[0].start),
         "len=" + _bucket(len(text[src.start:src.end].split()), (2, 3, 4, 7))]
    if any(p[0] == "pipe" for p in props):
        f.append("pipe")
    f.extend("m=" + m for m in methods)
    rep = cue is not None and cue.low in REPORTING
    after = cue is not None and src.start > cue.start
    f += ["rep=%d" % rep, "rank,rep=%d%d" % (rank, rep), "after=%d" % after,
          "sort,after=%s%d" % (src.sort, after)]
    first = bisect_left(starts, src.start)
    last = bisect_left(starts, src.end) - 1
    while last >= first and toks[last].end > src.end:
        last -= 1
    head = toks[last].low if last >= first else ""
    f += ["head=" + head, "grp=%d" % (head in GROUP_NOUNS or head.rstrip("s") in GROUP_NOUNS)]
    f.append("prev=" + (toks[first - 1].low if 0 < first <= len(toks) else "<s>"))
    if cue is not None:
        lo, hi = sorted((src.end, cue.start))
        rest = len(toks) - k - 1
        f += ["cue=" + cue.low, "comma=%d" % ("," in text[lo:hi]),
              "dist=" + _bucket(len(text[lo:hi].split()), (1, 2, 4, 8)),
              "cuefinal=" + _bucket(rest, (1, 3, 6, 12)),
              "cueprev=" + (toks[k - 1].text if k > 0 and not toks[k - 1].text[0].isalnum() else "w"),
              "cuepos=" + _bucket(k / max(1, len(toks)), (0.2, 0.5, 0.8)),
              "rep,after,final=%d%d%s" % (rep, after, _bucket(rest, (1, 3))),
              "cue,after=%s%d" % (cue.low, after)]
    return f, k


def readings(sentence: Sentence, found: tuple, alone: bool = False) -> list[Reading]:
    """The statement's readings, each described by what the statement alone says of it. With
    ``alone``, a reading that has no rival (one source proposed, not a pronoun) comes back
    undescribed: there is nothing to rank."""
    toks = sentence.toks
    if not toks:
        return []
    starts = [t.start for t in toks]
    proposed = _proposals(sentence, found, starts)
    if alone and len(proposed) == 1:
        src, props = next(iter(proposed.values()))
        if src.sort != "pronoun":
            k = min((p for p in props if p[0] != "pipe"), key=lambda p: p[1], default=props[0])[3]
            return [Reading(src, k, toks[k] if k >= 0 else None, None)]
    top = -sentence.weighed[0][0] if sentence.weighed else 0.0
    out = []
    for src, props in proposed.values():
        f, k = _features(sentence, src, props, top, starts)
        # Interned: one copy of each feature, and a long article's readings pickle small.
        out.append(Reading(src, k, toks[k] if k >= 0 else None, list(map(intern, f))))
    return out


def resolved(found: list[Reading], text: str, ctx: Context) -> list[Candidate]:
    """The readings ``found`` in the statement ``text``, each resolved in the article so far
    (``ctx``) and described by it; for "he" or "they" also what else they may refer to."""
    if len(found) == 1 and found[0].features is None:
        r = found[0]
        return [Candidate(r.src, ctx.resolve(text, r.src), r.cue, [], r.tok)]
    out = []
    for r in found:
        name = ctx.resolve(text, r.src)
        surname = name.split()[-1] if name else None
        f = r.features + [
            "named=%d" % (name is not None), "seen=%d" % (name is not None and name in ctx.seen),
            "seensur=%d" % (surname is not None and surname.lower() in ctx.seen_surnames),
            "lastsp=%d" % (name is not None and name == ctx.last_speaker)]
        out.append(Candidate(r.src, name, r.cue, f, r.tok))
    named = sorted((c.src.end, c.name) for c in out if c.src.sort == "person" and c.name)
    for base in list(out):
        if base.src.sort == "pronoun":
            out.extend(_alternatives(text, base, named, ctx))
    for c in out:
        ps = ("p" + (PRONOUNS.get(POSSESSIVE.sub("", text[c.src.start:c.src.end].lower())) or "x")
              if c.src.sort == "pronoun" else "n")
        shape = _shape(c.name)
        c.features += ["nsh=" + shape, "nsh,ps=" + shape + ps]
    return out


def candidates(sentence: Sentence, found: tuple, ctx: Context, alone: bool = False) -> list[Candidate]:
    """The readings of the statement, each resolved in the article so far and described (see
    ``readings`` for ``alone``)."""
    return resolved(readings(sentence, found, alone), sentence.text, ctx)


def _alternatives(text: str, base: Candidate, named: list, ctx: Context) -> list[Candidate]:
    """What else "he" or "they" may refer to: a person named before it in the statement ("Ed
    Rendell, who …, agreed, but he said"), the last people who spoke, the last groups that did,
    the last people named, each with how many statements ago."""
    src, name, f = base.src, base.name, base.features
    word = POSSESSIVE.sub("", text[src.start:src.end].lower())
    if PRONOUNS.get(word) not in ("person", "group"):
        return []
    f.append("alt=base")
    f.append("alt,pron=base" + word)
    if name:
        f.append("intext=%d" % (name.split()[-1] in text))
    common = [x for x in f if x != "pipe" and not x.startswith(("named=", "seen", "lastsp", "alt",
                                                                "intext"))]
    here = [(who, ctx.count) for end, who in reversed(named) if end <= src.start]
    out = []
    seen = {name}
    for kind, earlier in [("T", here)] + list(ctx.earlier()):
        taken = 0
        for who, when in earlier:
            if who in seen:
                continue
            seen.add(who)
            out.append(Candidate(src, who, base.cue, common + [
                "intext=%d" % (who.split()[-1] in text), "alt", "alt=%s%d" % (kind, taken),
                "alt,pron=%s%d%s" % (kind, taken, word), "age=" + _bucket(ctx.count - when, (1, 2, 4, 8, 16))],
                base.tok))
            taken += 1
            if taken >= ALTERNATIVES:
                break
    return out


class SpeakerModel:
    """A linear ranking of candidates (averaged perceptron weights)."""

    __slots__ = ("weights",)

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights

    def score(self, c: Candidate) -> float:
        return sum(map(self.weights.get, c.features, repeat(0.0)))

    def best(self, cands: list[Candidate]) -> Candidate | None:
        # Ties go to the rules' own reading.
        return max(cands, key=lambda c: (self.score(c), "pipe" in c.features), default=None)


@cache
def speaker_model() -> SpeakerModel:
    return SpeakerModel(_shipped("speakers.json"))


def weighable(sentence: Sentence, found: tuple) -> bool:
    """Is the attribution's source the ranking's to choose? Not a colon's, "according to"'s or
    "declined to comment"'s (the rules read those shapes whole), nor the writer's or the reader's
    ("I think", "you know": on the training articles the ranking changed 4 such readings of 129,
    2 of them for the better)."""
    src, cue = found[0], found[1]
    if cue == ":" or " " in cue or cue.lower() == "according":
        return False
    return not (src is not None and src.sort == "pronoun"
                and PRONOUNS.get(sentence.name(src).lower()) in ("writer", None))


def choose(sentence: Sentence, found: tuple, ctx: Context) -> Candidate | None:
    """The reading the model ranks first, or None when there is none to weigh."""
    if not weighable(sentence, found):
        return None
    return speaker_model().best(candidates(sentence, found, ctx, alone=True))


def choose_among(found: list[Reading] | None, text: str, ctx: Context) -> Candidate | None:
    """``choose`` for readings found beforehand (``readings(sentence, found, alone=True)``, None
    where the attribution is not ``weighable``)."""
    if found is None:
        return None
    return speaker_model().best(resolved(found, text, ctx))
