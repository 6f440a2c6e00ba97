"""The vocabulary of notes: what the store holds (documents, notes, the library's statements), verdicts,
states and tags, where it lives, and the errors it raises."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..text import scrub
from .selector import Selector

if TYPE_CHECKING:
    from ..document.model import Document

#: The verdict scale fact-checkers use; ``unverified`` is the default.
VERDICTS = ("unverified", "supported", "misleading", "false", "needs-context")
#: Found exactly, and a side of its context agrees (or none disagrees).
ANCHORED = "anchored"
#: Found approximately, or exactly but with every known side of its context disagreeing.
REVIEW = "review"
#: Not found. The note is kept and listed apart.
ORPHAN = "orphan"
#: How a note sits on its document's current text (notes.policy decides which).
STATES = (ANCHORED, REVIEW, ORPHAN)


class StoreError(Exception):
    """A store problem the user can act on; the message is one line."""


class ConflictError(StoreError):
    """The note was changed (or deleted) by someone else since it was read."""


class StaleText(StoreError):
    """Offsets computed on a text the store no longer holds for the document (it changed since):
    refused, to be found again through the note's selector."""

    def __init__(self, message: str, current: str) -> None:
        super().__init__(message)
        self.current = current  # the document's text as the store holds it now


def disk_full(exc: Exception) -> bool:
    """Did this store error come from a full disk?"""
    return "full" in str(exc).lower()


class Replaced(StoreError):
    """The database at the data path is not the one this store had open (a backup was restored,
    or it was set aside): the store reopened on it, and nothing was written."""


def data_dir() -> Path:
    """Where Margin keeps its data: $MARGIN_DATA_DIR, or the platform's user data directory."""
    env = os.environ.get("MARGIN_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("margin")


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds and a Z."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


#: Texts are hashed this many characters at a time: never a second copy of a long article.
_HASH_CHUNK = 1 << 20


def text_hash(text: str) -> str:
    h = hashlib.sha256()
    for i in range(0, len(text), _HASH_CHUNK):
        h.update(text[i:i + _HASH_CHUNK].encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def shape_hash(text: str) -> str:
    """The hash of a text with its spacing ignored: the same article as plain text and as
    Markdown (which joins its lines) has the same shape. (That of ``" ".join(text.split())``,
    made a piece at a time: a list of every word of a long article would take gigabytes.)"""
    h = hashlib.sha256()
    carry = ""  # the end of a piece, which may be the start of a word going on in the next
    wrote = False
    for i in range(0, len(text), _HASH_CHUNK):
        piece = carry + text[i:i + _HASH_CHUNK]
        words = piece.split()
        carry = words.pop() if words and not piece[-1].isspace() else ""
        if words:
            h.update(((" " if wrote else "") + " ".join(words)).encode("utf-8", "surrogatepass"))
            wrote = True
    if carry:
        h.update(((" " if wrote else "") + carry).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def document_key(document: Document) -> str:
    """How the store names a document: its absolute path (or URL); stdin by its text."""
    source = document.source
    if source and not source.startswith("<"):
        return source
    return f"stdin:sha256:{text_hash(document.text)[:16]}"


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A document as the store knows it."""

    id: int
    source: str
    title: str
    hash: str
    text: str
    created: str
    opened: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a note cites: a page the user read (its link, what it is, the day they read it) or
    a published fact-check matched to the statement (who checked it, their rating and date,
    the claim as they worded it, its link). Every field is untrusted text, never markup."""

    url: str
    title: str = ""
    accessed: str = ""  # YYYY-MM-DD: when the user read it (added it to the note)
    # A fact-check (publisher or rating set): who checked the claim, their verdict as written,
    # when they published it, and their wording of the claim.
    publisher: str = ""
    rating: str = ""
    date: str = ""
    claim: str = ""

    @property
    def fact_check(self) -> bool:
        """Is this a published fact-check (rather than a page read)?"""
        return bool(self.publisher or self.rating)

    def as_json(self) -> dict:
        """The fields that are set, as the JSON of every export and the store write them."""
        return {k: v for k in Evidence.__slots__ if (v := getattr(self, k))}

    @classmethod
    def from_json(cls, data: object) -> Evidence | None:
        """One from ``as_json``'s dict (untrusted: scrubbed; None when it has no http(s) link
        or is not such a dict)."""
        if not isinstance(data, dict):
            return None
        fields = {k: scrub(str(data.get(k, "")))[:2000] for k in cls.__slots__}
        url = fields["url"].strip()
        if not url.lower().startswith(("http://", "https://")) or any(c.isspace() for c in url):
            return None
        return cls(**{**fields, "url": url})


@dataclass(frozen=True, slots=True)
class Note:
    """A note on a statement. ``selector`` anchors it; ``state`` says how well it still does."""

    id: str
    document_id: int
    selector: Selector
    statement: int | None  # 0-based statement number when it was made
    body: str
    tags: tuple[str, ...]
    verdict: str
    state: str
    created: str
    modified: str
    revision: int
    deleted: str | None = None
    # For a note in review: where the edited sentence is now, and why it is in review.
    review_start: int | None = None
    review_end: int | None = None
    review_reason: str = ""
    #: The hash of the text the selector's offsets belong to ("" when not known).
    text_hash: str = ""
    #: For a note in review: other places it may be, (start, end) in the current text.
    candidates: tuple[tuple[int, int], ...] = ()
    #: What the note cites, in the order the user gave it (Evidence).
    evidence: tuple[Evidence, ...] = ()
    #: Who wrote it, where a desk shares the notes ("" : this machine's user, not yet shared).
    author: str = ""
    #: The note this one is a copy beside: it was edited on two machines at once, and both
    #: versions are kept ("" for none).
    conflict_of: str = ""

    @property
    def start(self) -> int | None:
        return self.selector.start

    @property
    def end(self) -> int | None:
        return self.selector.end


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """A document of the library, as ``margin library`` lists it."""

    id: int
    source: str
    title: str
    opened: str
    statements: int
    notes: int


@dataclass(frozen=True, slots=True)
class StoredStatement:
    """A statement kept for search: where it is in its document, and its claim."""

    document_id: int
    index: int
    start: int
    end: int
    kinds: tuple[str, ...]
    speaker: str | None
    score: float


@dataclass(frozen=True, slots=True)
class Reanchored:
    """What re-anchoring a document's notes after its text changed did."""

    anchored: int
    review: int
    orphan: int
    #: The reader's corrections that no longer apply (their sentences edited or gone).
    corrections: int = 0



def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags without '#', spaces or duplicates, in the order given."""
    out: list[str] = []
    for tag in tags:
        tag = "-".join(scrub(str(tag)).strip().lstrip("#").split())
        if tag and tag not in out:
            out.append(tag)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Draft:
    """A note being written, kept as it is typed: not a note until it is saved."""

    document_id: int
    place: str  # where: the statement's quote and its context, as a key
    note_id: str  # the note being edited, or "" for a new one
    statement: int | None
    quote: str
    body: str
    tags: tuple[str, ...]
    verdict: str
    updated: str
    evidence: tuple[Evidence, ...] = ()
