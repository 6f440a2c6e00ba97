"""A Document written back out as Markdown with YAML front matter (what ``margin cat`` prints)."""

from __future__ import annotations

import re
import unicodedata

from .. import commonmark
from ..text import displayable, json_text
from .model import Block, Document, Span

_MARKS = {"emphasis": ("*", "*"), "strong": ("**", "**"), "strike": ("~~", "~~"),
          "code": ("`", "`")}
_SAFE_HREF = re.compile(r"^(?:https?://|mailto:|/|\.|#)", re.I)
#: A footnote label that reads back as one (the parser's own always do).
_LABEL = re.compile(r"[^\s\[\]^]{1,100}")
#: A row's alignment letter -> its delimiter cell's ends.
_DELIMITER = {"l": (":", "-"), "c": (":", ":"), "r": ("-", ":")}


def _inline(doc: Document, block: Block, start: int | None = None, end: int | None = None,
            *, line_start: bool = True, in_cell: bool = False) -> str:
    """The text of a block (or of its part [start, end): a table's cell) with its spans written
    as Markdown again. Emphasis that would not read back as the same text (markers that meet:
    ``*a**b*``) is left out; the words never are."""
    start = block.start if start is None else start
    end = block.end if end is None else end
    spans = [s for s in block.spans if s.kind != "cell" and start <= s.start and s.end <= end]
    markdown = _spans(doc.text, start, end, spans, True, line_start, in_cell, notes=True)
    if any(s.kind in _MARKS and s.kind != "code" for s in spans):
        # (footnote references written as their text for the check: alone, "[^1]" is text)
        check = _spans(doc.text, start, end, spans, True, line_start, in_cell, notes=False)
        if in_cell:
            check = check.replace("\\|", "|")
        if commonmark.plain_text(check) != doc.text[start:end]:
            markdown = _spans(doc.text, start, end, spans, False, line_start, in_cell, notes=True)
    return markdown


def _spans(text: str, start: int, end: int, spans: list[Span], emphasis: bool,
           line_start: bool, in_cell: bool, notes: bool) -> str:
    events: list[tuple[int, int, str]] = []  # (position, order, markup)
    replaced: list[tuple[int, int, str]] = []  # footnote references: their text, as Markdown
    for span in spans:
        if span.kind == "footnote":
            label = span.href or ""
            if notes and _LABEL.fullmatch(label):
                replaced.append((span.start, span.end, f"[^{label}]"))
        elif span.kind == "link":
            href = span.href or ""
            if not _SAFE_HREF.match(href):
                continue
            events.append((span.start, 1, "["))
            events.append((span.end, 0, "](" + commonmark.link_destination(href) + ")"))
        elif span.kind in _MARKS and span.kind != "code" and emphasis:
            opening, closing = _MARKS[span.kind]
            events.append((span.start, 1, opening))
            events.append((span.end, 0, closing))
    code = [(s.start, s.end) for s in spans if s.kind == "code"]
    events.sort(key=lambda e: (e[0], e[1]))
    out: list[str] = []
    pos = start
    boundaries = sorted({start, end, *(e[0] for e in events),
                         *(c for span in code for c in span),
                         *(c for r in replaced for c in r[:2])})
    for a, b in zip(boundaries, boundaries[1:]):
        for at, _, markup in events:
            if at == a:
                out.append(markup)
        piece = text[a:b]
        note = next((r for r in replaced if r[0] <= a and b <= r[1]), None)
        if note is not None:
            if note[0] == a:
                out.append(note[2])
        elif any(s <= a and b <= e for s, e in code):
            written = commonmark.code_span(piece) if (a, b) in code else piece
            # In a table's cell a pipe ends the cell, in code too: GitHub reads "\|" as one.
            out.append(written.replace("|", "\\|") if in_cell else written)
        else:
            begins = line_start and (a == start or text[a - 1] == "\n")
            out.append(commonmark.escape(piece, line_start=begins).replace("\n", "\\\n"))
        pos = b
    for at, _, markup in events:
        if at == pos and at == end:
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


def _width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font (wide East Asian characters take two)."""
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(doc: Document, rows: list[Block]) -> str:
    """A table's rows (the first its header) as a Markdown table, its pipes aligned."""
    grid = [[_inline(doc, row, s.start, s.end, line_start=False, in_cell=True).strip()
             for s in row.spans if s.kind == "cell"] for row in rows]
    columns = max(1, *(len(r) for r in grid))
    aligns = rows[0].info.ljust(columns, "-")
    for r in grid:
        r.extend([""] * (columns - len(r)))
    widths = [max(3, *(_width(r[c]) for r in grid)) for c in range(columns)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)) + " |"

    rule = []
    for align, w in zip(aligns, widths):
        left, right = _DELIMITER.get(align, ("-", "-"))
        rule.append(left + "-" * (w - 2) + right)
    return "\n".join([line(grid[0]), "| " + " | ".join(rule) + " |",
                      *(line(r) for r in grid[1:])])


def to_markdown(doc: Document, source: str | None = None) -> str:
    """The document as Markdown: headings, paragraphs, quotes, lists, tables, code, links,
    emphasis and footnotes."""
    parts: list[str] = [front_matter(doc, source)]
    blocks = doc.blocks
    in_notes = False  # the footnotes come last: every block from the first on is in one
    i = 0
    while i < len(blocks):
        block = blocks[i]
        i += 1
        quote = "> " * block.quote_depth
        list_depth = block.list_depth - 1 if in_notes or block.kind == "footnote" else block.list_depth
        if block.kind == "heading":
            body = "#" * max(1, min(6, block.level)) + " " + _inline(doc, block)
        elif block.kind == "footnote":
            in_notes = True
            label = block.info if _LABEL.fullmatch(block.info) else ""
            if block.marker and label:
                body = f"[^{label}]: " + _inline(doc, block, line_start=False)
                quote = ""
            else:
                body = _inline(doc, block)
        elif block.kind == "list_item":
            indent = "   " * max(0, list_depth - 1)
            marker = block.marker if block.marker else ""
            if marker == "•":
                marker = "-"
            lead = f"{marker} " if marker else "   "
            body = indent + lead + _inline(doc, block)
        elif block.kind == "row":
            rows = [block]
            while i < len(blocks) and blocks.kind(i) == "row" and not blocks[i].level:
                rows.append(blocks[i])
                i += 1
            body = "   " * max(0, list_depth) + table(doc, rows).replace("\n", "\n" + "   " * max(0, list_depth))
        elif block.kind == "code":
            body = commonmark.code_block(doc.text[block.start:block.end], block.info)
            if list_depth:  # code in a list item: indented as its text
                body = "\n".join("   " * list_depth + line if line else line
                                  for line in body.split("\n"))
        elif block.kind == "rule":
            if i < len(blocks) and blocks.kind(i) == "footnote":
                continue  # the rule before the notes: the parser draws it again
            body = "---"
        elif block.kind == "html":
            body = commonmark.escape(doc.text[block.start:block.end])
        else:
            body = _inline(doc, block)
        if quote:
            body = "\n".join(quote + line if line else quote.rstrip() for line in body.split("\n"))
        if in_notes and not (block.kind == "footnote" and block.marker):
            body = "\n".join("    " + line if line else line for line in body.split("\n"))
        parts.append(body)
        parts.append(_between(block, blocks[i]) if i < len(blocks) else "\n")
    return "".join(parts).rstrip("\n") + "\n"


def _between(block: Block, after: Block) -> str:
    """What separates two blocks: the items of a tight list a line break, the paragraphs of
    one block quote a line of ">", anything else a blank line."""
    if block.tight and after.tight:
        return "\n"
    depth = min(block.quote_depth, after.quote_depth)
    if depth and not block.list_depth and not after.list_depth:
        return "\n" + ("> " * depth).rstrip() + "\n"
    return "\n\n"
