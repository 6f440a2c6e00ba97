"""CommonMark articles as blocks: front matter read, nesting bounded, every word kept."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from .. import commonmark
from ..text import sanitize
from .builder import Builder
from .model import CELL_SEPARATOR, Span

if TYPE_CHECKING:
    from markdown_it.token import Token

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


#: A column's alignment, from the style markdown-it gives its cells: one letter a column.
_ALIGN = {"text-align:left": "l", "text-align:center": "c", "text-align:right": "r"}


def markdown_blocks(body: str, out: Builder) -> None:
    """The blocks of a Markdown body into ``out``: the article's, then its footnotes after a
    rule (the notes section), numbered as they are first referred to, then any never referred
    to (whose words are kept all the same)."""
    env: dict = {}
    tokens = commonmark.parser().parse(cap_nesting(body), env)
    main, notes = _split_footnotes(tokens)
    _Walker(out).run(main)
    if not notes:
        return
    refs = env.get("footnotes", {}).get("refs", {})
    count = len(env.get("footnotes", {}).get("list", {}))
    numbered: list[tuple[int, str, list[Token]]] = []
    seen: set[str] = set()
    for label, note in notes:
        ref = refs.get(":" + label, -1)
        if ref < 0 or label in seen:  # never referred to, or a second definition of a label
            count += 1
            numbered.append((count, label, note))
        else:
            numbered.append((ref + 1, label, note))
        seen.add(label)
    n = len(out.blocks)
    if n and out.blocks.kind(n - 1) != "rule":
        out.add("rule", [])
    for number, label, note in sorted(numbered, key=lambda x: x[0]):
        _Walker(out, note=(label, commonmark.footnote_marker(number))).run(note)


def _split_footnotes(tokens: list[Token]) -> tuple[list[Token], list[tuple[str, list[Token]]]]:
    """The tokens of the article without its footnote definitions, and each definition's
    (label, tokens) in the order they end (a definition inside another is one of its own)."""
    main: list[Token] = []
    notes: list[tuple[str, list[Token]]] = []
    open_notes: list[tuple[str, list[Token]]] = []
    for tok in tokens:
        if tok.type == "footnote_reference_open":
            open_notes.append((str((tok.meta or {}).get("label", "")), []))
        elif tok.type == "footnote_reference_close":
            if open_notes:
                notes.append(open_notes.pop())
        else:
            (open_notes[-1][1] if open_notes else main).append(tok)
    notes.extend(reversed(open_notes))  # (never: the parser closes what it opens)
    return main, notes


class _Walker:
    """Turns block tokens into blocks, keeping the nesting they are in. With ``note`` (a
    footnote's label and marker), the blocks of that footnote's definition: its first
    paragraph carries the marker, its paragraphs are "footnote" blocks one list level in."""

    def __init__(self, out: Builder, note: tuple[str, str] | None = None) -> None:
        self.out = out
        self.label, self.note_marker = note if note else ("", "")
        self.in_note = note is not None
        self.quote_depth = 0
        self.list_depth = 1 if note else 0
        self.pending_marker: list[str] = []  # per open list item: its marker until its first paragraph
        self.ordered: list[bool] = []
        self.heading_level = 0
        self.tight = False  # the paragraph being read is in a tight list (markdown-it hides it)
        self.row: list[tuple[list[str], list[tuple]]] | None = None  # a table row's cells
        self.aligns: list[str] = []
        self.header = False

    def depths(self) -> dict[str, int]:
        return {"quote_depth": self.quote_depth, "list_depth": self.list_depth}

    def run(self, tokens: list[Token]) -> None:
        out = self.out
        for tok in tokens:
            t = tok.type
            if t == "blockquote_open":
                self.quote_depth += 1
            elif t == "blockquote_close":
                self.quote_depth -= 1
            elif t in ("bullet_list_open", "ordered_list_open"):
                self.list_depth += 1
                self.ordered.append(t == "ordered_list_open")
            elif t in ("bullet_list_close", "ordered_list_close"):
                self.list_depth -= 1
                self.ordered.pop()
            elif t == "list_item_open":
                if self.ordered and self.ordered[-1]:
                    self.pending_marker.append(f"{tok.info or '1'}{tok.markup or '.'}")
                else:
                    self.pending_marker.append("•")
            elif t == "list_item_close":
                self.pending_marker.pop()
            elif t == "paragraph_open":
                self.tight = tok.hidden
            elif t == "heading_open":
                self.heading_level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
            elif t == "heading_close":
                self.heading_level = 0
            elif t in ("thead_open", "thead_close"):
                self.header = t == "thead_open"
            elif t == "tr_open":
                self.row, self.aligns = [], []
            elif t in ("th_open", "td_open"):
                self.aligns.append(_ALIGN.get(str(tok.attrs.get("style", "")), "-"))
            elif t == "tr_close":
                self.add_row()
            elif t == "inline":
                if self.row is not None:
                    self.row.append(commonmark.inline(tok.children))
                else:
                    self.add_inline(tok)
            elif t in ("fence", "code_block"):
                words = tok.info.split() if t == "fence" else []
                language = words[0] if words and len(words[0]) <= 40 and "`" not in words[0] else ""
                out.add("code", [tok.content.rstrip("\n")], info=language, **self.depths())
            elif t == "html_block":
                out.add("html", [tok.content.rstrip("\n")], **self.depths())
            elif t == "hr":
                out.add("rule", [], **self.depths())

    def add_inline(self, tok: Token) -> None:
        pieces, marks = commonmark.inline(tok.children)
        spans = [Span(*mark) for mark in marks]
        out = self.out
        depths = self.depths()
        if self.note_marker:  # a footnote's first paragraph: its number, wherever it is
            out.add("footnote", pieces, spans, marker=self.note_marker, info=self.label,
                    list_depth=1)
            self.note_marker = ""
        elif self.heading_level:
            out.add("heading", pieces, spans, level=self.heading_level, **depths)
        elif self.list_depth > self.in_note:
            marker = self.pending_marker[-1] if self.pending_marker else ""
            if self.pending_marker:
                self.pending_marker[-1] = ""
            out.add("list_item", pieces, spans, marker=marker, tight=self.tight, **depths)
        elif self.in_note:
            out.add("footnote", pieces, spans, info=self.label, **depths)
        elif self.quote_depth:
            out.add("quote", pieces, spans, **depths)
        else:
            out.add("paragraph", pieces, spans, **depths)

    def add_row(self) -> None:
        """A table's row: its cells' text joined by CELL_SEPARATOR, each cell a "cell" span."""
        pieces: list[str] = []
        spans: list[Span] = []
        length = 0
        for i, (cell_pieces, marks) in enumerate(self.row or ()):
            if i:
                pieces.append(CELL_SEPARATOR)
                length += len(CELL_SEPARATOR)
            # A cell's own spaces at either end (left where inline HTML was dropped) are no text.
            whole = "".join(cell_pieces)
            text = whole.strip()
            lead = len(whole) - len(whole.lstrip())
            spans.append(Span("cell", length, length + len(text)))
            for kind, s, e, href in marks:
                s, e = max(0, s - lead), min(len(text), e - lead)
                if e > s:
                    spans.append(Span(kind, length + s, length + e, href))
            pieces.append(text)
            length += len(text)
        spans.sort(key=lambda s: (s.start, -s.end))
        self.out.add("row", pieces, spans, level=1 if self.header else 0,
                     info="".join(self.aligns), **self.depths())
        self.row = None
