"""A table's cells fitted fast (long text cut by its beginning, one-cell characters counted at
once, cells remembered): the same cells as measuring every grapheme of the whole text gives."""

from __future__ import annotations

import pytest
from rich.cells import cell_len, set_cell_size

from tui.cli.table import _NARROW, Column, Table, _cells, fit
from tui.core.text import safe_output


def fit_whole(text: str, width: int | None) -> str:
    """``fit`` as it was: the whole text measured and cut by rich, grapheme by grapheme."""
    text = safe_output(" ".join(text.split()))
    if width is None or cell_len(text) <= width:
        return text
    if width < 2:
        return "…"[:width]
    cut = set_cell_size(text, width - 1).rstrip()
    if text[len(cut):len(cut) + 1] != " ":
        space = cut.rfind(" ")
        if space > 0 and cell_len(cut[:space]) * 2 >= width:
            cut = cut[:space]
    return cut.rstrip(" ,;:—–-") + "…"


BODY = ("“The cost of the harbour bridge could reach $443 million,” auditors said — **Doubtful.** "
        "The 12 percent is not in the report.\n\n- source: https://example.org/7\n- asked Ana")
TEXTS = [
    "", "6b1f1a8e", "anchored", "#source? #check-later", BODY, BODY * 3,
    "a" * 300, "https://example.org/" + "x" * 200,
    "日本語の記事では首相が予算は四十億円だと述べた。" * 4,  # wide characters
    "Family 👨‍👩‍👧‍👦 photo ❤️ and flags 🇫🇷🇩🇪 " * 6,  # joined emoji, variation selectors
    "cafe\u0301 " * 40,  # combining accents
    "\u0301" * 100 + " then words after many marks",  # zero-width at the start
    "e" + "\u0301" * 200 + " word",  # marks past the beginning that is measured
    "tab\there\nnew line  and   spaces " * 8,
    "escape \x1b[31m red \x9b and \u202e bidi " * 6,
    "Ελληνικά και кириллица — “quotes” … ‘single’ " * 5,
    "x" * 57 + " " + "y" * 10, "word " * 30,
]


@pytest.mark.parametrize("width", [None, 0, 1, 2, 3, 5, 8, 12, 20, 57, 80, 119, 120, 300])
def test_a_cell_is_cut_where_measuring_the_whole_text_cuts_it(width):
    for text in TEXTS:
        assert fit(text, width) == fit_whole(text, width), (text[:40], width)


def test_one_cell_characters_are_counted_as_rich_counts_them():
    assert all(cell_len(c) == 1 for c in _NARROW)
    assert {"“", "”", "—", "…", "é", "Ж", "a", " "} <= _NARROW
    assert not {"日", "\u0301", "\u200d", "\ufe0f", "👨", "\t"} & _NARROW
    for text in TEXTS:
        assert _cells(text) == cell_len(text)


def test_a_table_of_many_rows_lays_out_as_its_cells_say():
    columns = (Column("#", right=True), Column("id"), Column("tags", most=8), Column("text"))
    rows = [(str(k), f"{k:08x}", "#a #b" if k % 3 else "#日本 #long-tag-name", BODY[: k % 90])
            for k in range(5000)]
    laid = Table(columns, (r[:-1] for r in rows), 80)
    widths = [max(cell_len(c.title), *(cell_len(fit_whole(r[k], None)) for r in rows))
              for k, c in enumerate(columns[:-1])]
    assert laid.widths[:2] == widths[:2] and laid.widths[2] <= widths[2]
    for row in rows[:300]:
        line = laid.line(row)
        assert cell_len(line) <= 80
        assert line.startswith(" " * (laid.widths[0] - len(row[0])) + row[0] + "  " + row[1])
