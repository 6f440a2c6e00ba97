"""What the detector remembers from statement to statement: who was named and who spoke.

A surname or "Mr Gref" is said in the fullest form the article gave ("German Gref"); "he" is the
last person who spoke, "they" the last group; "I" and "we" outside quotation marks are the writer.
"""

from __future__ import annotations

import re

from .sources import POSSESSIVE, Source
from .words import FUNCTION_CAPS, PRONOUNS, TITLES, WRITER

#: Abbreviations that end a name with their full stop ("Acme Inc.", "U.S.").
_KEEP_STOP = re.compile(r"(?:\b(?:Jr|Sr|Inc|Ltd|Co|Corp|St|Bros)|(?:\b[A-Z]\.)+)\.?\Z")
_AND = re.compile(r"\s+(?:and|&)\s+")
_HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady".split())


class Context:
    """What the detector remembers from statement to statement: the people named so far (a
    surname or "Mr Gref" is said in the fullest form the article gave), the last person and the
    last group that spoke (for "he said", "it said")."""

    def __init__(self) -> None:
        self.last_person: str | None = None  # the last person named (a mention)
        self.last_speaker: str | None = None  # the last person who spoke
        self.last_group: str | None = None
        self.prev_speaker: str | None = None
        self.prev_block = -2
        self.turn: tuple[str, int] | None = None  # the speaker of a transcript's turn, its block
        self.full: dict[str, str] = {}  # surname -> the full name given first
        self.texts: list[str] = []
        self.count = 0  # statements read
        self.history: list[tuple[str, str, int]] = []  # (S|G|M, name, statement): spoke or named
        self.seen: set[str] = set()  # the speakers so far
        self.seen_surnames: set[str] = set()

    def resolve(self, text: str, src: Source) -> str | None:
        """Who ``src``, as written in the statement ``text``, is in the article so far."""
        written = text[src.start:src.end]
        if src.sort == "people":
            return " and ".join(self.fullest(n) for n in _AND.split(written))
        if src.sort != "pronoun":
            name = self.fullest(written) if src.sort == "person" else written
            return POSSESSIVE.sub("", name) or name
        sort = PRONOUNS.get(POSSESSIVE.sub("", written.lower()))
        if sort == "person":
            return self.last_speaker or self.last_person
        if sort == "group":
            return self.last_group
        if sort == "writer":
            return WRITER[POSSESSIVE.sub("", written.lower())]
        return None

    def fullest(self, name: str) -> str:
        """``Mr Gref``, ``Gref`` -> ``German Gref`` when the article named him so before."""
        if name.endswith(".") and not _KEEP_STOP.search(name):
            name = name[:-1]
        name = POSSESSIVE.sub("", name) or name
        words = name.split()
        while len(words) > 1 and words[0].lower() in _HONORIFICS:
            words = words[1:]
        if not words:
            return name
        surname = words[-1].lower()
        if len(words) == 1:
            if surname not in self.full and name[:1].isupper():
                self.full[surname] = self._given(name) or name
            return self.full[surname] if surname in self.full else name
        self.full.setdefault(surname, " ".join(words))
        return name

    def _given(self, surname: str) -> str | None:
        """The first "First Surname" written in the article so far."""
        pattern = None
        for text in self.texts:
            if surname not in text:  # most statements never name them: no regex over them
                continue
            pattern = pattern or re.compile(r"\b((?:[A-Z][\w’'-]+ ){1,2})" + re.escape(surname) + r"\b")
            for m in pattern.finditer(text):
                first = m.group(1).split()
                if first[0].lower() not in FUNCTION_CAPS and first[0].lower() not in TITLES \
                        and first[-1].lower() not in TITLES:
                    return " ".join(first + [surname])
        return None

    def read(self, text: str) -> None:
        """A statement read: kept (the first few hundred) to find the full names given in them."""
        self.count += 1
        if len(self.texts) < 400:
            self.texts.append(text[:2000])  # a full name is given near a statement's start

    def _remember(self, kind: str, name: str) -> None:
        self.history.append((kind, name, self.count))
        if len(self.history) > 64:
            del self.history[:32]

    def earlier(self):
        """The people who spoke (S), the groups that spoke (G) and the people named (M) so far,
        each the most recent first: (kind, [(name, statement), …])."""
        for kind in "SGM":
            yield kind, [(name, when) for k, name, when in reversed(self.history) if k == kind]

    def heard(self, speaker: str) -> None:
        """A statement's speaker, of any sort: remembered as one who speaks in this article."""
        self.seen.add(speaker)
        self.seen_surnames.add(speaker.split()[-1].lower())

    def group_spoke(self, group: str) -> None:
        """A group or an organisation spoke: "they" or "it" next refers to it."""
        self.last_group = group
        self._remember("G", group)

    def spoke(self, person: str) -> None:
        """A person spoke: "he" next refers to them."""
        self.last_speaker = person
        self.last_person = person
        self._remember("S", person)

    def mentioned(self, person: str) -> None:
        self.last_person = self.fullest(person)
        self._remember("M", self.last_person)
