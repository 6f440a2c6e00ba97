"""Articles built to mislead anchoring: the same sentence twice, near-copies, edits beside and on the
noted sentence, paragraphs moved, inserted and deleted. Each case knows where the note's own
sentence went, so a test can tell a right anchor from a silent jump."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

_NAMES = ["Mayor Ana Lopez", "Police chief Tom Reed", "The council", "A spokesperson",
          "Dr. Priya Shah", "The minister", "Officials", "The harbour board"]
_VERBS = ["spoke to reporters on", "met residents on", "answered questions on", "wrote on"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Friday"]
_FACTS = ["Crime fell by 12% last year.", "Crime fell by 2% last year.",
          "The budget rose by 4 percent.", "The bridge will close in May.",
          "Rents went up by 7% in a year.", "Unemployment is at 5.1%.",
          "The vote was 7 to 2.", "Repairs will cost $48 million."]
_TAILS = ["She did not take questions.", "He did not take questions.",
          "No one else spoke.", "The meeting ended early.", "Critics were not convinced."]


@dataclass(slots=True)
class Sentence:
    text: str
    own: bool = False  # the noted sentence
    edited: bool = False  # the noted sentence, changed in place


@dataclass(slots=True)
class Case:
    """An article before and after its edits, and where the noted sentence is in each."""

    old: str
    new: str
    old_span: tuple[int, int]
    own: str  # "intact", "edited" or "gone"
    new_span: tuple[int, int] | None  # where the own sentence is now (intact or edited)
    edits: list[str] = field(default_factory=list)


def _render(paragraphs: list[list[Sentence]]) -> tuple[str, tuple[int, int] | None]:
    parts, span, pos = [], None, 0
    for p, para in enumerate(paragraphs):
        if p:
            pos += 2
        texts = []
        for s, sentence in enumerate(para):
            if s:
                pos += 1
            if sentence.own:
                span = (pos, pos + len(sentence.text))
            texts.append(sentence.text)
            pos += len(sentence.text)
        parts.append(" ".join(texts))
    return "\n\n".join(parts), span


def _paragraph(rng: random.Random, fact: str | None = None) -> list[Sentence]:
    lead = f"{rng.choice(_NAMES)} {rng.choice(_VERBS)} {rng.choice(_DAYS)}."
    return [Sentence(lead), Sentence(fact or rng.choice(_FACTS)), Sentence(rng.choice(_TAILS))]


def _change(rng: random.Random, text: str) -> str:
    """The same sentence with one thing changed (a figure, a word)."""
    for old, new in (("12%", "2%"), ("2%", "12%"), ("4 percent", "3 percent"), ("May", "June"),
                     ("7%", "9%"), ("5.1%", "5.4%"), ("7 to 2", "6 to 3"), ("$48", "$52")):
        if old in text:
            return text.replace(old, new, 1)
    return text[:-1] + ", officials said."


def make_case(rng: random.Random) -> Case:
    """One adversarial case."""
    fact = rng.choice(_FACTS)
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(2, 5))]
    # The noted sentence, and (most of the time) its twin elsewhere: the same words, or almost.
    home = rng.randrange(len(paragraphs))
    paragraphs[home][1] = Sentence(fact, own=True)
    if rng.random() < 0.85:
        twin = rng.choice([i for i in range(len(paragraphs) + 1) if i != home])
        twin_text = fact if rng.random() < 0.7 else _change(rng, fact)
        paragraphs.insert(twin, _paragraph(rng, twin_text))
    old, old_span = _render(paragraphs)
    edits = []
    own_state = "intact"
    for _ in range(rng.randint(1, 3)):
        where = next(i for i, p in enumerate(paragraphs) if any(s.own for s in p)) \
            if own_state != "gone" else None
        kind = rng.choice(["own", "neighbour", "neighbours", "insert", "insert copy", "delete",
                           "swap", "remove own", "lead"])
        if kind == "own" and where is not None:
            s = next(s for s in paragraphs[where] if s.own)
            s.text, s.edited = _change(rng, s.text), True
            own_state = "edited"
        elif kind == "neighbour" and where is not None:
            i = rng.choice([0, 2])
            paragraphs[where][i].text = _change(rng, paragraphs[where][i].text)
        elif kind == "neighbours" and where is not None:
            paragraphs[where][0].text = f"{rng.choice(_NAMES)} {rng.choice(_VERBS)} Sunday."
            paragraphs[where][2].text = rng.choice(_TAILS)
        elif kind == "lead" and where is not None:  # a word added before the note's paragraph
            paragraphs[where][0].text = "Later, " + paragraphs[where][0].text
        elif kind == "insert":
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), _paragraph(rng))
        elif kind == "insert copy":
            copy = next((s.text for p in paragraphs for s in p if s.own), fact)
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), _paragraph(rng, copy))
        elif kind == "delete":
            others = [i for i, p in enumerate(paragraphs) if not any(s.own for s in p)]
            if others:
                del paragraphs[rng.choice(others)]
        elif kind == "swap" and len(paragraphs) > 1:
            a, b = rng.sample(range(len(paragraphs)), 2)
            paragraphs[a], paragraphs[b] = paragraphs[b], paragraphs[a]
        elif kind == "remove own" and where is not None:
            paragraphs[where] = [s for s in paragraphs[where] if not s.own] or _paragraph(rng)
            own_state = "gone"
        else:
            continue
        edits.append(kind)
    new, new_span = _render(paragraphs)
    return Case(old, new, old_span, own_state, new_span if own_state != "gone" else None, edits)
