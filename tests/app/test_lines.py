"""The article's visual lines (tui/app/layout.py), kept per block, are the lines of wrapping
every block in turn: whatever the blocks hold, at every width."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tui.app.layout import _BLANK, Line, layout, special_blocks, wrap_spans
from tui.core.document.parse import parse

MARKDOWN = (
    "# A title\n\n> A quote that runs on long enough to wrap at a narrow width, twice over.\n\n"
    "- an item\n- an item with 漢字 and é̂ in it, long enough to wrap\n  - nested item\n\n"
    "```\ncode line one\ncode line two\n```\n\n---\n\nA paragraph.  \nWith a hard break.\n\n"
    "1. first\n2. second\n"
)


def _indent(block) -> int:
    return 2 * block.quote_depth + (2 * (block.list_depth - 1) + 4 if block.list_depth else 0)


def _joined(before, block) -> bool:
    """Drawn right under the block before (no blank line): the next item of a tight list, the
    next row of a table, the next footnote."""
    if block.kind != before.kind:
        return False
    return bool({"list_item": block.tight and block.marker, "row": not block.level,
                 "footnote": block.marker}.get(block.kind))


def _every_block_wrapped(doc, width: int) -> list[Line]:
    lines = []
    for b, block in enumerate(doc.blocks):
        if b and not _joined(doc.blocks[b - 1], block):
            lines.append(_BLANK)
        if block.kind == "rule":
            lines.append(Line(b, block.start, block.end, True))
            continue
        spans = wrap_spans(doc.text, block.start, block.end, max(8, width - _indent(block)))
        lines.extend(Line(b, s, e, k == 0) for k, (s, e) in enumerate(spans))
    return lines


@pytest.mark.parametrize("width", [10, 23, 40, 96])
@pytest.mark.parametrize("which", ["markdown", "sample", "short lines", "wide"])
def test_lines_are_every_block_wrapped(which, width):
    if which == "markdown":
        doc = parse(MARKDOWN, "markdown")
    elif which == "sample":
        doc = parse((ROOT / "seeds" / "ukraine-long-range-missiles.txt").read_text(), "text")
    elif which == "wide":  # short by length, not by cells: 漢字 are two cells wide each
        doc = parse("Title\n\n" + "漢字" * 4 + "\n\nplain\n\n" + "字" * 7 + "\n", "text")
    else:
        doc = parse("".join(f"Word {i} fell.\n" for i in range(300)) + "x" * 120 + "\n", "text")
    lines = layout(doc, width, _indent, special_blocks(doc))
    expected = _every_block_wrapped(doc, width)
    assert list(lines) == expected
    assert len(lines) == len(expected)
    assert [lines[i] for i in range(-3, 0)] == expected[-3:]
    with pytest.raises(IndexError):
        lines[len(expected)]


def test_blocks_taken_on_their_length_alone_hold_nothing_that_wraps_otherwise():
    doc = parse(MARKDOWN, "markdown")
    special = special_blocks(doc)
    for b, block in enumerate(doc.blocks):
        text = doc.text[block.start:block.end]
        if "\n" in text or not text.isascii() or block.kind == "rule" or _indent(block):
            assert b in special, (b, text)
