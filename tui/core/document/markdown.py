"""CommonMark articles as blocks: front matter read, nesting bounded, every word kept."""

from __future__ import annotations

import json
import re

from .. import commonmark
from ..text import sanitize
from .builder import Builder
from .model import Span

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _scalar(value: str) -> str:
    """A YAML scalar as written in front matter: "double-quoted" (JSON escapes), 'single', or plain."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            decoded = json.loads(value)
        except ValueError:
            return value[1:-1]
        return sanitize(decoded) if isinstance(decoded, str) else value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def split_front_matter(text: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """YAML-style ``key: value`` front matter at the top of a Markdown file, and the rest."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return (), text
    meta = []
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-", "#")):
            value = _scalar(value.strip())
            meta.append((key.strip().lower(), value))
    return tuple(meta), text[match.end():]


#: Deeper block quotes and list indentation than this are flattened before parsing: the parser
#: recurses per level (500 levels overflow Python's stack) and drops what is nested deeper than its
#: limit. Flattening keeps every word of a pathological document, at a shallower depth.
MAX_QUOTE_DEPTH = 16
MAX_INDENT = 64
_LEADING = re.compile(r"^(?:[ \t]*>)+|^[ \t]+", re.M)


def cap_nesting(text: str) -> str:
    def fix(m: re.Match) -> str:
        lead = m.group(0)
        if ">" in lead:
            depth = lead.count(">")
            return "> " * MAX_QUOTE_DEPTH if depth > MAX_QUOTE_DEPTH else lead
        width = len(lead.expandtabs(4))
        return " " * MAX_INDENT if width > MAX_INDENT else lead

    return _LEADING.sub(fix, text)

def markdown_blocks(body: str, out: Builder) -> None:
    tokens = commonmark.parser().parse(cap_nesting(body))
    quote_depth = 0
    list_depth = 0
    pending_marker: list[str] = []  # per open list item: its marker until its first paragraph
    ordered: list[bool] = []
    heading_level = 0
    for tok in tokens:
        t = tok.type
        if t == "blockquote_open":
            quote_depth += 1
        elif t == "blockquote_close":
            quote_depth -= 1
        elif t in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            ordered.append(t == "ordered_list_open")
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            ordered.pop()
        elif t == "list_item_open":
            if ordered and ordered[-1]:
                pending_marker.append(f"{tok.info or '1'}{tok.markup or '.'}")
            else:
                pending_marker.append("•")
        elif t == "list_item_close":
            pending_marker.pop()
        elif t == "heading_open":
            heading_level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        elif t == "heading_close":
            heading_level = 0
        elif t == "inline":
            pieces, marks = commonmark.inline(tok.children)
            spans = [Span(*mark) for mark in marks]
            depths = {"quote_depth": quote_depth, "list_depth": list_depth}
            if heading_level:
                out.add("heading", pieces, spans, level=heading_level, **depths)
            elif list_depth:
                marker = pending_marker[-1] if pending_marker else ""
                if pending_marker:
                    pending_marker[-1] = ""
                out.add("list_item", pieces, spans, marker=marker, **depths)
            elif quote_depth:
                out.add("quote", pieces, spans, **depths)
            else:
                out.add("paragraph", pieces, spans, **depths)
        elif t in ("fence", "code_block"):
            out.add("code", [tok.content.rstrip("\n")], quote_depth=quote_depth, list_depth=list_depth)
        elif t == "html_block":
            out.add("html", [tok.content.rstrip("\n")], quote_depth=quote_depth, list_depth=list_depth)
        elif t == "hr":
            out.add("rule", [], quote_depth=quote_depth, list_depth=list_depth)

