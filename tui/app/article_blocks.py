"""How the article view draws what Markdown adds to prose: a table's rows in aligned columns,
code on its own ground with its language, and the links of a statement (shown on request)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from .layout import COLUMN_GAP, Line


def upper(text: str) -> str:
    """``text`` in capitals, but any character whose capital is not one character of the same
    width (``ß`` -> ``SS``): every cell keeps its offset."""
    out = []
    for ch in text:
        up = ch.upper()
        out.append(up if len(up) == 1 and cell_len(up) == cell_len(ch) else ch)
    return "".join(out)


class MarkdownBlocks:
    """Mixin of ArticleView (whose lines, styles and text segments it uses): the lines of
    tables and code, and the links key."""

    def _row_segments(self, line: Line, block, base: Style, in_range: range) -> list[Segment]:
        """A line of a table's row: the piece of each cell drawn there, aligned in its column,
        the columns apart by a rule; under the header row, the header's rule."""
        table = self._lines.tables.get(line.block)
        if table is None:
            return self._text_segments(line, block, base, in_range)
        rule = base + self._style("article--table-rule")
        if block.level and not line.first and line.start == block.end:
            return [Segment("─┼─".join("─" * w for w in table.widths), rule)]
        rows = table.pieces(self.document.text, block)
        pieces = rows[0]
        if not line.first:  # the line whose first piece starts where this line does
            pieces = next((p for p in rows[1:]
                           if min(q[0] for q in p if q is not None) == line.start), pieces)
        style = base + self._style("article--table-header") if block.level else base
        out: list[Segment] = []
        for c, width in enumerate(table.widths):
            if c:
                out.append(Segment(COLUMN_GAP, rule))
            piece = pieces[c] if c < len(pieces) else None
            cell: list[Segment] = []
            if piece is not None and piece[1] > piece[0]:
                cell = self._text_segments(Line(line.block, piece[0], piece[1], False), block,
                                           style, in_range)
            gap = max(0, width - sum(cell_len(seg.text) for seg in cell))
            align = table.aligns[c]
            left = gap // 2 if align == "c" else gap if align == "r" else 0
            if left:
                out.append(Segment(" " * left, base))
            out.extend(cell)
            if gap > left:
                out.append(Segment(" " * (gap - left), base))
        return out

    def _code_segments(self, line: Line, block, base: Style, in_range: range) -> list[Segment]:
        """A line of code (or of raw HTML) on its own ground across the measure; the first
        line of fenced code ends in its language, when there is room for it."""
        ground = base + self._style(f"article--{block.kind}")
        out = self._text_segments(line, block, base, in_range)
        room = self._text_width(self._wrap_width) - self._indent(block)
        room -= sum(cell_len(seg.text) for seg in out)
        label = f" {block.info} " if line.first and block.info and block.kind == "code" else ""
        if label and cell_len(label) + 1 > room:
            label = ""
        out.append(Segment(" " * max(0, room - cell_len(label)), ground))
        if label:
            out.append(Segment(label, base + self._style("article--code-label")))
        return out

    def links_of(self, index: int) -> list[tuple[str, str]]:
        """The links of statement ``index``: (their text, their address), in order."""
        if not 0 <= index < len(self.statements):
            return []
        st = self.statements[index]
        doc = self.document
        b = doc.block_at(st.start)
        block = doc.blocks[b] if b >= 0 else None
        if block is None:
            return []
        return [(doc.text[s.start:s.end], s.href or "") for s in block.spans
                if s.kind == "link" and s.start < st.end and s.end > st.start]

    def action_links(self) -> None:
        """The links of the current statement with their addresses, in a dialog that opens
        one only when asked to."""
        from .links import LinksScreen

        links = self.links_of(self.cursor)
        if not links:
            self.app.notify("This statement holds no link." if self.statements
                            else "No statement to show the links of yet.", markup=False)
            return
        self.app.push_screen(LinksScreen(links))
