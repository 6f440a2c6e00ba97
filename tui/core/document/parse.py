"""Parse an article's text into a Document (CommonMark or plain text)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..text import safe_output, scrub
from .builder import Builder
from .markdown import markdown_blocks, split_front_matter
from .model import Document
from .plain import is_title_line, plain_paragraphs

if TYPE_CHECKING:
    from ..load.source import SourceText


def readable_name(name: str) -> str:
    """A title made from a file name: ``2024-us_policy.txt`` -> ``2024 us policy``."""
    # A name is not text to keep: escape sequences and controls in it go whole, as on loading.
    stem = safe_output(scrub(Path(name).stem)) if name and not name.startswith("<") else ""
    words = re.sub(r"[_\-.+]+", " ", stem).split()
    title = " ".join(words)
    return title[:1].upper() + title[1:] if title else "Untitled"


def parse(text: str, format: str = "text", source: str = "", name: str = "") -> Document:
    """Build a Document from sanitised text. ``format`` is ``markdown`` or ``text``."""
    out = Builder()
    meta: tuple[tuple[str, str], ...] = ()
    title = ""
    if format == "markdown":
        meta, body = split_front_matter(text)
        markdown_blocks(body, out)
        doc_text = out.text()
        title = dict(meta).get("title", "")
        if not title:
            heading = next((b for b in out.blocks if b.kind == "heading"), None)
            title = doc_text[heading.start:heading.end] if heading else ""
    else:
        paragraphs = plain_paragraphs(text)
        if len(paragraphs) > 1 and is_title_line(paragraphs[0]):
            out.add("heading", [paragraphs[0]], level=1)
            title = paragraphs[0]
            paragraphs = paragraphs[1:]
        out.add_plain("paragraph", [p for p in paragraphs if p.strip()])
        doc_text = out.text()
    title = " ".join(title.split()) or readable_name(name or source)
    # A plain text reads back from its canonical text alone (the same blocks: tested), so it
    # keeps no second copy of itself to be parsed again; Markdown keeps its markup.
    return Document(text=doc_text, title=title, blocks=out.blocks, source=source,
                    format=format, meta=meta, markup=text if format == "markdown" else "")


def from_source(src: SourceText) -> Document:
    """The Document of a loaded input."""
    if src.url:
        source = src.url
    else:
        source = str(src.path) if src.path is not None else src.name
    return parse(src.text, src.format, source=source, name=src.name)
