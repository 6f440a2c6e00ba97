"""An analysed article: the Document with its statements and claims, loaded in one call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from typing import TYPE_CHECKING

from . import document as document_mod
from . import text as text_mod
from .document import Document

if TYPE_CHECKING:
    from .claims import Claim
    from .segment import Statement


@dataclass(frozen=True, slots=True)
class Article:
    """A Document, its statements and one Claim per statement (same order, same indices)."""

    document: Document
    statements: tuple[Statement, ...]
    claims: tuple[Claim, ...]


def analyse(document: Document) -> Article:
    from .claims import detect  # the analysis is loaded when it is needed, not at start-up
    from .segment import segment

    statements = segment(document)
    return Article(document, statements, detect(document, statements))


def load_document(source: str, stdin: BinaryIO | None = None) -> Document:
    """Read and parse one input (path or ``-``). Raises text.LoadError."""
    return document_mod.from_source(text_mod.load(source, stdin))


def load(source: str, stdin: BinaryIO | None = None) -> Article:
    """Read, parse, segment and detect claims. Raises text.LoadError."""
    return analyse(load_document(source, stdin))


def from_library(store, source: str) -> Document | None:
    """The copy of a document the library kept (for a web page or file that cannot be read)."""
    record = store.find_document(source)
    if record is None:
        return None
    markup, fmt = store.stored_markup(record.id)
    if markup:
        return document_mod.parse(markup, fmt, source=record.source, name=record.title)
    return document_mod.parse(record.text, "text", source=record.source, name=record.title)


SAMPLE_NAME = "ukraine-long-range-missiles.txt"


def sample_path():
    """The bundled sample article: inside the installed package, or seeds/ in a source checkout."""
    from importlib.resources import files
    from pathlib import Path

    packaged = files("tui") / "seeds" / SAMPLE_NAME
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "seeds" / SAMPLE_NAME
