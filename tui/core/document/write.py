"""A Document written back out as Markdown with YAML front matter (what ``margin cat`` prints)."""

from __future__ import annotations

import re

from .. import commonmark
from ..text import displayable, json_text
from .model import Block, Document

_MARKS = {"emphasis": ("*", "*"), "strong": ("**", "**"), "strike": ("~~", "~~"),
          "code": ("`", "`")}
_SAFE_HREF = re.compile(r"^(?:https?://|mailto:|/|\.|#)", re.I)


def _inline(doc: Document, block: Block) -> str:
    """A block's text with its spans written as Markdown again. Emphasis that would not read
    back as the same text (markers that meet: ``*a**b*``) is left out; the words never are."""
    markdown = _spans(doc, block, emphasis=True)
    if any(s.kind in _MARKS and s.kind != "code" for s in block.spans) and \
            commonmark.plain_text(markdown) != doc.text[block.start:block.end]:
        markdown = _spans(doc, block, emphasis=False)
    return markdown


def _spans(doc: Document, block: Block, emphasis: bool) -> str:
    text = doc.text
    events: list[tuple[int, int, str]] = []  # (position, order, markup)
    for span in block.spans:
        if span.kind == "code":
            continue
        if span.kind == "link":
            href = span.href or ""
            if not _SAFE_HREF.match(href):
                continue
            events.append((span.start, 1, "["))
            events.append((span.end, 0, "](" + commonmark.link_destination(href) + ")"))
        elif span.kind in _MARKS and emphasis:
            opening, closing = _MARKS[span.kind]
            events.append((span.start, 1, opening))
            events.append((span.end, 0, closing))
    code = [(s.start, s.end) for s in block.spans if s.kind == "code"]
    events.sort(key=lambda e: (e[0], e[1]))
    out: list[str] = []
    pos = block.start
    boundaries = sorted({block.start, block.end, *(e[0] for e in events),
                         *(c for span in code for c in span)})
    for a, b in zip(boundaries, boundaries[1:]):
        for at, _, markup in events:
            if at == a:
                out.append(markup)
        piece = text[a:b]
        if any(s <= a and b <= e for s, e in code):
            out.append(commonmark.code_span(piece) if (a, b) in code else piece)
        else:
            begins = a == block.start or text[a - 1] == "\n"
            out.append(commonmark.escape(piece, line_start=begins).replace("\n", "\\\n"))
        pos = b
    for at, _, markup in events:
        if at == pos and at == block.end:
            out.append(markup)
    return "".join(out)


def front_matter(doc: Document, source: str | None = None) -> str:
    """YAML front matter: title, author, date, site and source (JSON-quoted, so any text is safe)."""
    fields: dict[str, str] = {"title": doc.title}
    for key in ("author", "date", "site"):
        value = doc.meta_value(key)
        if value:
            fields[key] = value
    src = source or doc.meta_value("url") or doc.source
    if src:
        fields["source"] = displayable(src)
    lines = ["---"] + [f"{k}: {json_text(v, indent=None)}" for k, v in fields.items()]
    return "\n".join(lines + ["---", ""]) + "\n"


def to_markdown(doc: Document, source: str | None = None) -> str:
    """The document as Markdown: headings, paragraphs, quotes, lists, code, links, emphasis."""
    parts: list[str] = [front_matter(doc, source)]
    for block in doc.blocks:
        quote = "> " * block.quote_depth
        if block.kind == "heading":
            body = "#" * max(1, min(6, block.level)) + " " + _inline(doc, block)
        elif block.kind == "list_item":
            indent = "   " * max(0, block.list_depth - 1)
            marker = block.marker if block.marker else ""
            if marker == "•":
                marker = "-"
            lead = f"{marker} " if marker else "   "
            body = indent + lead + _inline(doc, block)
        elif block.kind == "code":
            body = commonmark.code_block(doc.text[block.start:block.end])
        elif block.kind == "rule":
            body = "---"
        elif block.kind == "html":
            body = commonmark.escape(doc.text[block.start:block.end])
        else:
            body = _inline(doc, block)
        if quote:
            body = "\n".join(quote + line if line else quote.rstrip() for line in body.split("\n"))
        parts.append(body + "\n\n")
    return "".join(parts).rstrip("\n") + "\n"
