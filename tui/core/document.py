"""Turn article text (Markdown or plain) into a Document: blocks and spans over one canonical text."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from .text import SourceText, sanitize

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

#: Block kinds whose text is prose: these are split into statements.
PROSE_KINDS = frozenset({"heading", "paragraph", "quote", "list_item"})
#: What joins two blocks in the canonical text.
BLOCK_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Span:
    """An inline span (emphasis, strong, code, link, strike) as [start, end) offsets."""

    kind: str
    start: int
    end: int
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the document as [start, end) offsets into Document.text."""

    kind: str  # heading | paragraph | quote | list_item | code | html | rule
    start: int
    end: int
    level: int = 0  # heading level 1-6
    quote_depth: int = 0  # how many block quotes hold it
    list_depth: int = 0  # how many lists hold it
    marker: str = ""  # the list marker ("1.", "•") on the first paragraph of a list item
    spans: tuple[Span, ...] = ()

    @property
    def prose(self) -> bool:
        return self.kind in PROSE_KINDS


@dataclass(frozen=True, slots=True)
class Document:
    """An article: its canonical plain text, title, blocks and where it came from."""

    text: str
    title: str
    blocks: tuple[Block, ...]
    source: str = ""  # the path (absolute) or "<stdin>"
    format: str = "text"  # markdown | text
    meta: tuple[tuple[str, str], ...] = field(default=())  # front matter: (key, value)
    markup: str = field(default="", repr=False)  # what it was parsed from (kept by the library)

    def block_at(self, offset: int) -> int:
        """Index of the block holding ``offset`` (or the last block starting before it); -1 if none."""
        return bisect_right(self.blocks, offset, key=lambda b: b.start) - 1

    def meta_value(self, key: str) -> str | None:
        for k, v in self.meta:
            if k == key:
                return v
        return None


class _Builder:
    """Accumulates canonical text and blocks; every offset comes from here."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []

    def add(self, kind: str, pieces: list[str], spans: list[Span] | None = None, **attrs) -> None:
        text = "".join(pieces)
        if not text.strip() and kind != "rule":
            return
        if self.blocks:
            self.parts.append(BLOCK_SEPARATOR)
            self.length += len(BLOCK_SEPARATOR)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        shifted = tuple(Span(s.kind, s.start + start, s.end + start, s.href) for s in spans or ())
        self.blocks.append(Block(kind, start, self.length, spans=shifted, **attrs))

    def text(self) -> str:
        return "".join(self.parts)


# ---------------------------------------------------------------- Markdown

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_INLINE_MARKS = {"em": "emphasis", "strong": "strong", "s": "strike", "link": "link"}
_md_parser: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    global _md_parser
    if _md_parser is None:
        from markdown_it import MarkdownIt  # only Markdown articles need it (20 ms to import)

        _md_parser = MarkdownIt("commonmark", {"maxNesting": 100}).enable("strikethrough")
    return _md_parser


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


def _inline(children) -> tuple[list[str], list[Span]]:
    pieces: list[str] = []
    spans: list[Span] = []
    opened: list[tuple[str, int, str | None]] = []
    length = 0
    for tok in children or ():
        t = tok.type
        if t == "text" or t == "image":
            piece = tok.content
        elif t == "code_inline":
            piece = tok.content
            spans.append(Span("code", length, length + len(piece)))
        elif t == "softbreak":
            piece = " "
        elif t == "hardbreak":
            piece = "\n"
        elif t.endswith("_open") and t[:-5] in _INLINE_MARKS:
            opened.append((t[:-5], length, tok.attrs.get("href") if t == "link_open" else None))
            continue
        elif t.endswith("_close") and t[:-6] in _INLINE_MARKS:
            for i in range(len(opened) - 1, -1, -1):
                if opened[i][0] == t[:-6]:
                    name, start, href = opened.pop(i)
                    if length > start:
                        spans.append(Span(_INLINE_MARKS[name], start, length,
                                          str(href) if href is not None else None))
                    break
            continue
        else:  # html_inline and anything unknown: markup, not text
            continue
        pieces.append(piece)
        length += len(piece)
    spans.sort(key=lambda s: (s.start, -s.end))
    return pieces, spans


def _markdown_blocks(body: str, out: _Builder) -> None:
    tokens = _parser().parse(cap_nesting(body))
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
            pieces, spans = _inline(tok.children)
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


# ---------------------------------------------------------------- plain text

_SENTENCE_END = ".!?,;:"
_PARAGRAPH_END = ".!?\"”’:)"


def _plain_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: a line or a blank line ends one, unless the text is hard-wrapped.

    Hard-wrapped text (most lines no longer than about 100 columns, paragraphs of several lines
    between blank lines, as in e-books and e-mail) is re-flowed: the lines of a paragraph are
    joined, and a line much shorter than the wrap width ends its paragraph.
    """
    lines = [line.strip() for line in text.split("\n")]
    nonblank = [len(line) for line in lines if line]
    if not nonblank:
        return []
    lengths = sorted(nonblank)
    width = lengths[int(len(lengths) * 0.9)]
    # Lines that run on to a next line in the same run, and how many of them are nearly full.
    run_on = [a for a, b in zip(lines, lines[1:]) if a and b]
    full = sum(1 for a in run_on if len(a) >= width * 0.75)
    # Wrapped lines break mid-sentence; one-paragraph-per-line text ends its lines with a stop.
    open_ended = sum(1 for a in run_on if a[-1] not in _PARAGRAPH_END)
    wrapped = (40 <= width <= 100 and full >= 3 and full >= len(run_on) * 0.6
               and open_ended >= len(run_on) * 0.4)
    if not wrapped:
        return [line for line in lines if line]
    paragraphs: list[str] = []
    current: list[str] = []
    short = width * 0.6
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if len(line) < short:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _is_title_line(line: str) -> bool:
    return (
        0 < len(line) <= 100
        and line[-1] not in _SENTENCE_END
        and any(c.isalpha() for c in line)
        and len(line.split()) <= 16
    )


def readable_name(name: str) -> str:
    """A title made from a file name: ``2024-us_policy.txt`` -> ``2024 us policy``."""
    stem = Path(name).stem if name and not name.startswith("<") else ""
    words = re.sub(r"[_\-.+]+", " ", stem).split()
    title = " ".join(words)
    return title[:1].upper() + title[1:] if title else "Untitled"


# ---------------------------------------------------------------- entry points


def parse(text: str, format: str = "text", source: str = "", name: str = "") -> Document:
    """Build a Document from sanitised text. ``format`` is ``markdown`` or ``text``."""
    out = _Builder()
    meta: tuple[tuple[str, str], ...] = ()
    title = ""
    if format == "markdown":
        meta, body = split_front_matter(text)
        _markdown_blocks(body, out)
        doc_text = out.text()
        title = dict(meta).get("title", "")
        if not title:
            heading = next((b for b in out.blocks if b.kind == "heading"), None)
            title = doc_text[heading.start:heading.end] if heading else ""
    else:
        paragraphs = _plain_paragraphs(text)
        for i, para in enumerate(paragraphs):
            if i == 0 and len(paragraphs) > 1 and _is_title_line(para):
                out.add("heading", [para], level=1)
                title = para
            else:
                out.add("paragraph", [para])
        doc_text = out.text()
    title = " ".join(title.split()) or readable_name(name or source)
    return Document(text=doc_text, title=title, blocks=tuple(out.blocks), source=source,
                    format=format, meta=meta, markup=text)


def from_source(src: SourceText) -> Document:
    """The Document of a loaded input."""
    if src.url:
        source = src.url
    else:
        source = str(src.path) if src.path is not None else src.name
    return parse(src.text, src.format, source=source, name=src.name)
