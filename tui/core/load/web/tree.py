"""The body of a page as plain blocks and spans (headings, paragraphs, quotes, lists, code,
links, emphasis), converted from HTML or from trafilatura's extracted tree."""

from __future__ import annotations

import unicodedata
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...text import sanitize

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_LINK_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(slots=True)
class Span:
    """An inline span: a link, emphasis, strong, strike, or (kind "") a plain group."""

    kind: str
    href: str | None = None
    children: list[Any] = field(default_factory=list)  # str | Span | Code | Break


@dataclass(slots=True)
class Code:
    text: str


class Break:
    __slots__ = ()


BR = Break()


@dataclass(slots=True)
class Block:
    kind: str  # heading | para | code | quote | list | table
    level: int = 0
    inline: Span | None = None
    text: str = ""  # code
    children: list[Block] = field(default_factory=list)  # quote
    items: list[list[Block]] = field(default_factory=list)  # list: its items; table: its rows
    ordered: bool = False
    start: int = 1


_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_CONTAINERS = frozenset({"div", "section", "article", "main", "body", "header", "footer", "aside", "figure",
                         "center", "details", "fieldset", "address", "hgroup", "dl", "dd", "dt", "li", "item",
                         "td", "th", "cell", "caption", "figcaption", "summary", "html", "span-block", "note",
                         "ab", "form", "nav", "tbody", "thead", "tfoot", "row", "tr"})
_PARAGRAPHS = frozenset({"p"})
_QUOTES = frozenset({"blockquote", "quote"})
_LISTS = frozenset({"ul", "ol", "list", "menu", "dir"})
_TABLES = frozenset({"table"})
_PRE = frozenset({"pre"})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
                   "canvas", "img", "graphic", "picture", "video", "audio", "source", "track", "input",
                   "button", "select", "textarea", "option", "title", "meta", "link", "base",
                   "hr", "wbr", "map", "area", "param"})
_EMPHASIS = {"em": "em", "i": "em", "cite": "em", "dfn": "em", "var": "em",
             "strong": "strong", "b": "strong", "s": "del", "del": "del", "strike": "del"}
_INLINE_CODE = frozenset({"code", "kbd", "samp", "tt"})
_HI = {"#i": "em", "#b": "strong", "#t": "code", "#s": "del", "#u": ""}
_MAX_DEPTH = 120


class Converter:
    """Turns an HTML or trafilatura-XML element tree into _Blocks."""

    def __init__(self, base: str | None, starts: dict[str, int] | None = None) -> None:
        self.base = base
        self.page = urllib.parse.urldefrag(base)[0] if base else None
        self.starts = starts or {}

    # ---- blocks

    def container(self, elem, depth: int = 0) -> list[Block]:
        blocks: list[Block] = []
        run = Span("")

        def flush() -> None:
            nonlocal run
            if has_text(run):
                blocks.append(Block("para", inline=run))
            run = Span("")

        if elem.text:
            run.children.append(elem.text)
        for child in elem:
            tag = _tag(child)
            if tag is None or tag in _SKIP:
                pass
            elif depth >= _MAX_DEPTH:
                run.children.append(" " + " ".join(child.itertext()) + " ")
            elif tag in _HEADINGS or tag == "head":
                flush()
                span = self.inline(child, depth + 1, flat=True)
                if has_text(span):
                    level = _HEADINGS.get(tag) or _HEADINGS.get((child.get("rend") or "").lower(), 2)
                    blocks.append(Block("heading", level=level, inline=span))
            elif tag in _PARAGRAPHS:
                flush()
                blocks.extend(self.paragraph(child, depth + 1))
            elif tag in _QUOTES:
                flush()
                inner = self.container(child, depth + 1)
                if inner:
                    blocks.append(Block("quote", children=inner))
            elif tag in _LISTS:
                flush()
                block = self.listing(child, depth + 1)
                if block is not None:
                    blocks.append(block)
            elif tag in _TABLES:
                flush()
                blocks.extend(self.table(child, depth + 1))
            elif tag in _PRE or (tag == "code" and _multiline(child)):
                flush()
                code = _code_text(child)
                if code.strip():
                    blocks.append(Block("code", text=code))
            elif tag in _CONTAINERS:
                flush()
                blocks.extend(self.container(child, depth + 1))
            else:
                self.inline_into(child, run, depth + 1)
            if child.tail:
                run.children.append(child.tail)
        flush()
        return blocks

    def paragraph(self, elem, depth: int) -> list[Block]:
        """A <p>; block elements wrongly nested inside it (a list, a quote) become blocks of their own."""
        if not any(_tag(c) in _QUOTES or _tag(c) in _LISTS or _tag(c) in _PRE or _tag(c) in _TABLES
                   or _tag(c) in _PARAGRAPHS or (_tag(c) == "code" and _multiline(c)) for c in elem):
            span = self.inline(elem, depth)
            return [Block("para", inline=span)] if has_text(span) else []
        return self.container(elem, depth)

    def listing(self, elem, depth: int) -> Block | None:
        tag = _tag(elem)
        ordered = tag == "ol" or (tag == "list" and (elem.get("rend") or "").lower() == "ol")
        start = 1
        if ordered and (elem.get("start") or "").strip().isdigit():
            start = min(int(elem.get("start").strip()), 999_999_999)
        items: list[list[Block]] = []
        loose = Span("")
        if elem.text and elem.text.strip():
            loose.children.append(elem.text)
        for child in elem:
            ctag = _tag(child)
            if ctag in ("li", "item"):
                if has_text(loose):
                    items.append([Block("para", inline=loose)])
                    loose = Span("")
                content = self.container(child, depth + 1)
                if content:
                    items.append(content)
            elif ctag in _LISTS:  # a list directly inside a list: nest it in the previous item
                block = self.listing(child, depth + 1)
                if block is not None:
                    if items:
                        items[-1].append(block)
                    else:
                        items.append([block])
            elif ctag is not None and ctag not in _SKIP:
                content = self.container(_wrap(child), depth + 1)
                if content:
                    items.append(content)
            if child.tail and child.tail.strip():
                loose.children.append(child.tail)
        if has_text(loose):
            items.append([Block("para", inline=loose)])
        if ordered and start == 1 and items and self.starts:
            first = items[0][0] if items[0] else None
            if first is not None and first.inline is not None:
                start = self.starts.get(match_key(span_text(first.inline))[:200], 1)
        return Block("list", items=items, ordered=ordered, start=start) if items else None

    def table(self, elem, depth: int) -> list[Block]:
        """A table: its rows (``items``), each a list of its cells as paragraphs, the first row
        its header. Only this table's own rows: a table inside a cell is read once, as that
        cell's text. Rows without text are left out."""
        rows = []
        for row in _rows(elem):
            cells = [Block("para", inline=self.inline(cell, depth + 1, flat=True))
                     for cell in row if _tag(cell) in ("td", "th", "cell")]
            if any(c.inline is not None and has_text(c.inline) for c in cells):
                rows.append(cells)
        return [Block("table", items=rows)] if rows else []

    # ---- inline

    def inline(self, elem, depth: int, flat: bool = False) -> Span:
        span = Span("")
        self._contents_into(elem, span, depth, flat)
        return span

    def _contents_into(self, elem, span: Span, depth: int, flat: bool) -> None:
        """The element's own text and its children, with their tails, into ``span``."""
        if elem.text:
            span.children.append(elem.text)
        for child in elem:
            self.inline_into(child, span, depth + 1, flat)
            if child.tail:
                span.children.append(child.tail)

    def inline_into(self, elem, span: Span, depth: int, flat: bool = False) -> None:
        tag = _tag(elem)
        if tag is None or tag in _SKIP:
            return
        if depth >= _MAX_DEPTH:
            span.children.append(" ".join(elem.itertext()))
            return
        if tag in ("br", "lb"):
            span.children.append(" " if flat else BR)
            return
        if tag in _INLINE_CODE or (tag == "hi" and _HI.get(elem.get("rend") or "") == "code"):
            text = " ".join("".join(elem.itertext()).split())
            if text:
                span.children.append(Code(text))
            return
        if tag in ("a", "ref"):
            href = self.link(elem.get("href") if tag == "a" else elem.get("target"))
            kind = "link" if href else ""
        elif tag == "hi":
            kind = _HI.get(elem.get("rend") or "", "")
            href = None
        else:
            kind = _EMPHASIS.get(tag, "")
            href = None
        child_span = Span(kind, href)
        block_like = tag in _HEADINGS or tag in _PARAGRAPHS or tag in _QUOTES or tag in _LISTS or \
            tag in _CONTAINERS or tag in _PRE or tag in _TABLES or tag == "head"
        if block_like:
            child_span.children.append(" ")
        if tag == "q":
            child_span.children.append("“")
        self._contents_into(elem, child_span, depth, flat)
        if tag == "q":
            child_span.children.append("”")
        if block_like:
            child_span.children.append(" ")
        span.children.append(child_span)

    def link(self, href: str | None) -> str | None:
        return resolve_link(href, self.base, self.page)


def resolve_link(href: str | None, base: str | None, page: str | None) -> str | None:
    """An absolute http(s)/mailto URL for an href; None for anything else (javascript:, data:,
    a relative link without a base, a link to a place in this same page)."""
    if not href:
        return None
    href = "".join(ch for ch in sanitize(href) if not ch.isspace() or ch == " ").strip()
    if not href or len(href) > 4096 or href.startswith("#"):
        return None
    try:
        absolute = urllib.parse.urljoin(base or "", href)
        parts = urllib.parse.urlsplit(absolute)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _LINK_SCHEMES or (scheme != "mailto" and not parts.hostname):
        return None
    if page and parts.fragment and urllib.parse.urldefrag(absolute)[0] == page:
        return None
    return absolute

def list_starts(tree: HtmlElement) -> dict[str, int]:
    """The start number of each <ol start=N>, keyed by its first item's text (trafilatura drops it)."""
    starts: dict[str, int] = {}
    for ol in tree.iter("ol"):
        value = (ol.get("start") or "").strip()
        first = ol.find("li")
        if value.isdigit() and int(value) != 1 and first is not None:
            starts.setdefault(match_key(first.text_content())[:200], min(int(value), 999_999_999))
    return starts
def _tag(elem) -> str | None:
    tag = elem.tag
    if not isinstance(tag, str):
        return None  # comments, processing instructions
    if "}" in tag:
        tag = tag.rsplit("}", 1)[1]
    return tag.lower()


def _wrap(elem):
    """An element as the only child of a fresh container (so it is converted as a block)."""
    from lxml import etree

    box = etree.Element("div")
    box.append(_copy_without_tail(elem))
    return box


def _copy_without_tail(elem):
    from copy import deepcopy

    clone = deepcopy(elem)
    clone.tail = None
    return clone


def _multiline(elem) -> bool:
    return "\n" in "".join(elem.itertext()) or any(_tag(e) in ("br", "lb") for e in elem.iter())


def _code_text(elem) -> str:
    parts: list[str] = []

    def walk(el) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            tag = _tag(child)
            if tag in ("br", "lb"):
                parts.append("\n")
            elif tag is not None and tag not in ("script", "style"):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(elem)
    text = "".join(parts).replace("\t", "    ")
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(line.rstrip() for line in lines)


def has_text(span: Span) -> bool:
    for child in span.children:
        if isinstance(child, str):
            if child.strip():
                return True
        elif isinstance(child, Code):
            return True
        elif isinstance(child, Span) and has_text(child):
            return True
    return False


def span_text(span: Span | None) -> str:
    if span is None:
        return ""
    out: list[str] = []
    for child in span.children:
        if isinstance(child, str):
            out.append(child)
        elif isinstance(child, Code):
            out.append(child.text)
        elif isinstance(child, Span):
            out.append(span_text(child))
        else:
            out.append("\n")
    return " ".join("".join(out).split())


def links_text(span: Span | None) -> int:
    if span is None:
        return 0
    total = 0
    for child in span.children:
        if isinstance(child, Span):
            total += len(span_text(child)) if child.kind == "link" else links_text(child)
    return total


def leaves(blocks: list[Block]) -> Iterator[tuple[str, Block]]:
    """(context, block) for every heading, paragraph and code block, in order; context is
    "list" inside a list, "quote" inside a quote, else the block's own kind."""
    for block in blocks:
        if block.kind == "quote":
            for ctx, leaf in leaves(block.children):
                yield ("list" if ctx == "list" else "quote"), leaf
        elif block.kind == "list":
            for item in block.items:
                for _, leaf in leaves(item):
                    yield "list", leaf
        elif block.kind == "table":  # a row reads as a paragraph of its cells
            for row in block.items:
                yield "para", Block("para", inline=Span("", children=_joined(row)))
        else:
            yield block.kind, block


def _joined(row: list[Block]) -> list:
    """A table row's cells with text, as one span's children, apart by " | "."""
    children: list = []
    for cell in row:
        if cell.inline is not None and has_text(cell.inline):
            children.extend([" | ", cell.inline] if children else [cell.inline])
    return children


def prose_size(blocks: list[Block]) -> int:
    """Characters of running text (paragraphs and quotes, not links)."""
    size = 0
    for ctx, leaf in leaves(blocks):
        if ctx in ("para", "quote") and leaf.kind == "para":
            size += max(0, len(span_text(leaf.inline)) - links_text(leaf.inline))
    return size


def article_like(blocks: list[Block]) -> bool:
    """Enough running text that is not links: at least 40 words, one paragraph of 12 or more."""
    words = 0
    longest = 0
    for ctx, leaf in leaves(blocks):
        if leaf.kind != "para":
            continue
        text = span_text(leaf.inline)
        if not text or links_text(leaf.inline) > len(text) * 0.5:
            continue
        count = len(text.split())
        if count < 6 and ctx == "list":
            continue
        words += count
        longest = max(longest, count)
    return words >= 40 and longest >= 12


def match_key(text: str | None) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "").casefold() if ch.isalnum())


def _rows(table) -> list:
    """The rows of a table, in <thead>, <tbody>, <tfoot> or directly in it (not those of the
    tables its cells hold)."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag in ("tr", "row"):
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) in ("tr", "row"))
    return rows
