"""Write a Document back out as Markdown with YAML front matter (what ``margin cat`` prints)."""

from __future__ import annotations

import json
import re

from .document import Block, Document

# Backslash-escaped ASCII punctuation is literal text in CommonMark.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!])")
_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))", re.M)
_MARKS = {"emphasis": ("*", "*"), "strong": ("**", "**"), "strike": ("~~", "~~"),
          "code": ("`", "`")}
_SAFE_HREF = re.compile(r"^(?:https?://|mailto:|/|\.|#)", re.I)


def escape(text: str) -> str:
    """Text that stays text in Markdown."""
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else
                           m.group(2) + "\\" + m.group(3), text)


def _code_span(text: str) -> str:
    ticks = max((len(run) for run in re.findall(r"`+", text)), default=0) + 1
    fence = "`" * ticks
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _inline(doc: Document, block: Block) -> str:
    """A block's text with its spans written as Markdown again."""
    text = doc.text
    events: list[tuple[int, int, str]] = []  # (position, order, markup)
    for i, span in enumerate(block.spans):
        if span.kind == "code":
            continue
        if span.kind == "link":
            href = span.href or ""
            if not _SAFE_HREF.match(href):
                continue
            events.append((span.start, 1, "["))
            events.append((span.end, 0, "](" + _destination(href) + ")"))
        elif span.kind in _MARKS:
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
            out.append(_code_span(piece) if (a, b) in code else piece)
        else:
            out.append(escape(piece).replace("\n", "\\\n"))
        pos = b
    for at, _, markup in events:
        if at == pos and at == block.end:
            out.append(markup)
    return "".join(out)


def _destination(href: str) -> str:
    """A link destination that stays one (spaces, brackets and parentheses percent-encoded)."""
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        href = href.replace(char, code)
    return href


def front_matter(doc: Document, source: str | None = None) -> str:
    """YAML front matter: title, author, date, site and source (JSON-quoted, so any text is safe)."""
    fields: dict[str, str] = {"title": doc.title}
    for key in ("author", "date", "site"):
        value = doc.meta_value(key)
        if value:
            fields[key] = value
    src = source or doc.meta_value("url") or doc.source
    if src:
        fields["source"] = src
    lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()]
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
            code = doc.text[block.start:block.end]
            fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", code)), default=0) + 1)
            body = f"{fence}\n{code}\n{fence}"
        elif block.kind == "rule":
            body = "---"
        elif block.kind == "html":
            body = escape(doc.text[block.start:block.end])
        else:
            body = _inline(doc, block)
        if quote:
            body = "\n".join(quote + line if line else quote.rstrip() for line in body.split("\n"))
        parts.append(body + "\n\n")
    return "".join(parts).rstrip("\n") + "\n"
