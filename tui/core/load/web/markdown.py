"""The extracted body written as CommonMark: emphasis kept only where it reads back as emphasis."""

from __future__ import annotations

import re
import unicodedata

from ... import commonmark
from .tree import Block, Code, Span


def render(blocks: list[Block]) -> str:
    lines = _render_blocks(blocks)
    return "\n".join(lines).strip("\n") + "\n" if lines else ""


def _render_blocks(blocks: list[Block], in_item: bool = False) -> list[str]:
    out: list[str] = []
    previous = None
    for block in blocks:
        lines = _render_block(block)
        if not lines:
            continue
        # A sublist right after its item's text stays tight; anything else gets a blank line.
        if out and not (in_item and block.kind == "list" and previous == "para"):
            out.append("")
        out.extend(lines)
        previous = block.kind
    return out


def _render_block(block: Block) -> list[str]:
    if block.kind == "heading":
        text = _inline_markdown(block.inline, flat=True)
        return [f"{'#' * max(1, min(6, block.level))} {text[0]}"] if text and text[0] else []
    if block.kind == "para":
        return _inline_markdown(block.inline)
    if block.kind == "code":
        return commonmark.code_block(block.text).split("\n")
    if block.kind == "quote":
        inner = _render_blocks(block.children)
        return [f"> {line}" if line else ">" for line in inner]
    if block.kind == "table":
        return _table(block.items)
    if block.kind == "list":
        out: list[str] = []
        number = block.start
        for item in block.items:
            inner = _render_blocks(item, in_item=True)
            if not inner:
                continue
            marker = f"{number}." if block.ordered else "-"
            number += 1
            pad = " " * (len(marker) + 1)
            out.append(f"{marker} {inner[0]}" if inner[0] else marker)
            out.extend(f"{pad}{line}" if line else "" for line in inner[1:])
        return out
    return []


def _table(rows: list[list[Block]]) -> list[str]:
    """A table as GitHub's Markdown: the first row its header, every row as many cells as the
    widest (a cell the page left out is empty), the pipes in a cell's text escaped."""
    grid = []
    for row in rows:
        cells = []
        for cell in row:
            lines = (_inline_markdown(cell.inline, flat=True, in_cell=True)
                     if cell.inline is not None else [])
            cells.append(" ".join(lines))
        grid.append(cells)
    columns = max(len(r) for r in grid)
    lines = []
    for i, cells in enumerate(grid):
        lines.append("| " + " | ".join(cells + [""] * (columns - len(cells))) + " |")
        if i == 0:
            lines.append("|" + "---|" * columns)
    return lines


# Inline tokens: ("t", text) ("code", text) ("br", "") ("open", kind, href) ("close", kind, href)
_SPACES = re.compile(r"\s+")
_EMPHASIS_MARK = {"em": "*", "strong": "**", "del": "~~"}


def _tokens(span: Span | None, emphasis: bool, flat: bool = False) -> list[tuple]:
    """Flat tokens for a span: whitespace collapsed and trimmed, empty spans dropped, leading and
    trailing spaces moved out of spans, nested links and repeated emphasis flattened."""
    raw: list[tuple] = []

    def walk(node: Span, in_link: bool, active: frozenset[str]) -> None:
        kind = node.kind
        if kind == "link":
            keep = not in_link  # a link inside a link keeps only its text
        else:
            keep = bool(kind) and emphasis and kind not in active
        if keep:
            raw.append(("open", kind, node.href))
        for child in node.children:
            if isinstance(child, str):
                raw.append(("t", child))
            elif isinstance(child, Code):
                raw.append(("code", child.text))
            elif isinstance(child, Span):
                walk(child, in_link or kind == "link",
                     active | {kind} if keep and kind != "link" else active)
            else:
                raw.append(("t", " ") if flat else ("br", ""))
        if keep:
            raw.append(("close", kind, node.href))

    if span is not None:
        walk(span, False, frozenset())
    # Collapse whitespace across tokens: one space between words, none at the start or end of a
    # line, and a space next to a marker goes outside the span ("a <em> b</em>" -> "a *b*").
    tokens: list[tuple] = []
    pending = False

    def space() -> None:
        j = len(tokens)
        while j and tokens[j - 1][0] == "open":
            j -= 1
        k = j
        while k and tokens[k - 1][0] in ("open", "close"):
            k -= 1
        if k == 0 or tokens[k - 1][0] == "br":
            return  # no space at the start of a line
        prev = tokens[j - 1]
        if prev[0] == "t" and prev[1].endswith(" "):
            return
        tokens.insert(j, ("t", " "))

    for tok in raw:
        kind = tok[0]
        if kind == "t":
            text = _SPACES.sub(" ", tok[1])
            if not text:
                continue
            core = text.strip(" ")
            if text[0] == " ":
                pending = True
            if core:
                if pending:
                    space()
                tokens.append(("t", core))
                pending = text[-1] == " "
        elif kind == "code":
            if pending:
                space()
            tokens.append(tok)
            pending = False
        elif kind == "br":
            while tokens and tokens[-1] == ("t", " "):
                tokens.pop()
            if tokens and tokens[-1][0] != "br":  # no blank lines from <br><br>, no leading break
                tokens.append(tok)
            pending = False
        elif kind == "open":
            tokens.append(tok)
        else:  # close: a pending space goes after it
            if tokens and tokens[-1][0] == "open" and tokens[-1][1] == tok[1]:
                tokens.pop()  # an empty span
            else:
                tokens.append(tok)
    # No break at the start or end of the paragraph or next to another (span markers do not
    # count), and no span left empty: repeat until nothing changes.
    while True:
        content = [i for i, t in enumerate(tokens) if t[0] not in ("open", "close")]
        drop = set()
        for n, i in enumerate(content):
            if tokens[i][0] == "br" and (n == 0 or n == len(content) - 1 or tokens[content[n + 1]][0] == "br"):
                drop.add(i)
        for i in range(len(tokens) - 1):
            if tokens[i][0] == "open" and tokens[i + 1][0] == "close" and i not in drop and i + 1 not in drop:
                drop.update((i, i + 1))
            elif (tokens[i][0] == "open" and tokens[i + 1][0] == "br" and i + 2 < len(tokens)
                  and tokens[i + 2][0] == "close" and not drop & {i, i + 1, i + 2}):
                drop.update((i, i + 2))  # a span around nothing but a line break
        if not drop:
            return tokens
        tokens = [t for i, t in enumerate(tokens) if i not in drop]


def _inline_markdown(span: Span | None, flat: bool = False, in_cell: bool = False) -> list[str]:
    """Lines of Markdown for a paragraph's inline content (hard breaks end lines); ``in_cell``:
    a table's cell, where a pipe in a code span is escaped too (it would end the cell).

    Emphasis is kept where CommonMark will read it back as emphasis around the same text; the
    paragraph is parsed back to make sure, and loses its emphasis if it does not read back.
    """
    tokens = _drop_unsafe_emphasis(_tokens(span, True, flat))
    if not any(t[0] == "open" and t[1] != "link" for t in tokens):
        return _lines(tokens, in_cell)
    lines = _lines(tokens)
    expected = "".join(t[1] if t[0] in ("t", "code") else "\n" if t[0] == "br" else "" for t in tokens)
    if commonmark.plain_text("\n".join(lines)) == expected:
        return _lines(tokens, in_cell) if in_cell else lines
    return _lines([t for t in tokens if t[0] not in ("open", "close") or t[1] == "link"], in_cell)


def _lines(tokens: list[tuple], in_cell: bool = False) -> list[str]:
    merged: list[tuple] = []
    for tok in tokens:
        if tok[0] == "code" and merged and merged[-1][0] == "code":  # `a``b` would not read back
            merged[-1] = ("code", merged[-1][1] + tok[1])
        else:
            merged.append(tok)
    lines: list[str] = []
    current: list[str] = []
    for tok in merged:
        kind = tok[0]
        if kind == "t":
            # Only text that begins a line can be read as block syntax ("- ", "1. ", "=").
            current.append(commonmark.escape(tok[1], line_start=not current))
        elif kind == "code":
            code = commonmark.code_span(tok[1])
            current.append(code.replace("|", "\\|") if in_cell else code)
        elif kind == "br":
            lines.append("".join(current) + "\\")
            current = []
        elif kind == "open":
            current.append("[" if tok[1] == "link" else _EMPHASIS_MARK[tok[1]])
        elif tok[1] == "link":
            current.append(f"]({commonmark.link_destination(tok[2] or '')})")
        else:
            current.append(_EMPHASIS_MARK[tok[1]])
    if current:
        lines.append("".join(current))
    return [line for line in lines if line.strip() and line.strip() != "\\"]


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith(("P", "S"))


def _drop_unsafe_emphasis(tokens: list[tuple]) -> list[tuple]:
    """Keep an emphasis pair only where CommonMark will read its markers as emphasis: the opener
    left-flanking, the closer right-flanking, and never right next to another emphasis marker."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, tok in enumerate(tokens):
        if tok[0] == "open":
            stack.append(i)
        elif tok[0] == "close" and stack:
            pairs[stack.pop()] = i
    drop: set[int] = set()

    def char_before(i: int) -> str:
        j = i - 1
        while j >= 0 and j in drop:
            j -= 1
        if j < 0:
            return " "
        tok = tokens[j]
        if tok[0] == "t":
            return tok[1][-1]
        if tok[0] == "br":
            return " "
        return "`" if tok[0] == "code" else "*"  # markers and code spans end in punctuation

    def char_after(i: int) -> str:
        j = i + 1
        while j < len(tokens) and j in drop:
            j += 1
        if j >= len(tokens):
            return " "
        tok = tokens[j]
        if tok[0] == "t":
            return tok[1][0]
        if tok[0] == "br":
            return " "
        return "`" if tok[0] == "code" else "*"

    def neighbour(i: int, step: int) -> tuple | None:
        j = i + step
        while 0 <= j < len(tokens) and j in drop:
            j += step
        return tokens[j] if 0 <= j < len(tokens) else None

    for start in sorted(pairs):
        end = pairs[start]
        if tokens[start][1] == "link":
            continue
        near = (neighbour(start, -1), neighbour(start, 1), neighbour(end, -1), neighbour(end, 1))
        if any(t is not None and t[0] in ("open", "close") and t[1] != "link" for t in near):
            drop.update((start, end))
            continue
        before, first, last, after = char_before(start), char_after(start), char_before(end), char_after(end)
        left_flanking = not first.isspace() and (not _is_punct(first) or before.isspace() or _is_punct(before))
        right_flanking = not last.isspace() and (not _is_punct(last) or after.isspace() or _is_punct(after))
        if not (left_flanking and right_flanking):
            drop.update((start, end))
    return [tok for i, tok in enumerate(tokens) if i not in drop]
