"""Everything Markdown says (tests/data/markdown-all.md): tables, footnotes, links, heading
levels, fenced code with its language, nested lists and quotes, as blocks with offsets, and
`margin cat` writing each back as itself."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tui.core.analysis.segment import segment
from tui.core.document.model import CELL_SEPARATOR, PROSE_KINDS
from tui.core.document.parse import parse
from tui.core.document.write import to_markdown

SOURCE = (ROOT / "tests" / "data" / "markdown-all.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc():
    return parse(SOURCE, "markdown", source="/x/all.md")


def texts(doc, kind):
    return [doc.text[b.start:b.end] for b in doc.blocks if b.kind == kind]


def cells(doc, block):
    return [doc.text[s.start:s.end] for s in block.spans if s.kind == "cell"]


def test_a_table_is_a_block_per_row_with_its_cells_alignment_and_header(doc):
    rows = [b for b in doc.blocks if b.kind == "row"]
    assert [cells(doc, r) for r in rows[:6]] == [
        ["Year", "Vehicles a day", "Change"], ["2021", "148,000", "—"],
        ["2022", "154,000", "+4%"], ["2023", "160,000", "+3.9%"],
        ["Note", "a pipe | inside a cell", "a|b"],  # escaped pipes are the cells' own
        ["Claim", "Verdict", "Why"]]
    assert [r.level for r in rows] == [1, 0, 0, 0, 0, 1, 0, 0]  # each table's header row
    assert {r.info for r in rows[:5]} == {"lrc"} and rows[5].info == "---"
    assert doc.text[rows[1].start:rows[1].end] == CELL_SEPARATOR.join(["2021", "148,000", "—"])
    # Inline spans of a cell point at its words: code, and a link in the second table.
    note = rows[4]
    assert [(s.kind, doc.text[s.start:s.end]) for s in note.spans if s.kind == "code"] == \
        [("code", "a|b")]
    assert ("link", "budget papers", "https://example.org/budget") in [
        (s.kind, doc.text[s.start:s.end], s.href) for s in rows[7].spans]


def test_a_tables_row_is_one_statement_and_a_footnote_is_prose(doc):
    assert "row" in PROSE_KINDS and "footnote" in PROSE_KINDS
    statements = [doc.text[s.start:s.end] for s in segment(doc)]
    assert "2023 | 160,000 | +3.9%" in statements
    # A row of sentences is one statement all the same: no statement spans two rows or holds
    # half a row.
    row = next(s for s in statements if s.startswith("The bridge carries more traffic"))
    assert row.endswith("| Misleading | It carries the most cars, but the tunnel carries more "
                        "vehicles in all.")
    assert "Induction loops under each lane." in statements


def test_footnotes_are_numbered_references_and_a_notes_section_at_the_end(doc):
    refs = [(doc.text[s.start:s.end], s.href) for b in doc.blocks for s in b.spans
            if s.kind == "footnote"]
    assert refs == [("[1]", "1"), ("[2]", "sensors")]
    assert "in 2023.[1] The full data" in doc.text and "[^" not in doc.text
    kinds = [b.kind for b in doc.blocks]
    first = kinds.index("footnote")
    assert kinds[first - 1] == "rule" and set(kinds[first:]) == {"footnote"}
    notes = [(b.marker, b.info, doc.text[b.start:b.end]) for b in doc.blocks[first:]]
    assert notes == [("[1]", "1", "Figures from the transport department, 2024."),
                     ("[2]", "sensors", "Induction loops under each lane."),
                     ("[3]", "unused", "A note nobody refers to keeps its words.")]


def test_links_headings_code_lists_and_quotes(doc):
    links = [(doc.text[s.start:s.end], s.href) for b in doc.blocks for s in b.spans
             if s.kind == "link"]
    assert links[:2] == [("city's open data portal", "https://data.example.org/bridge?year=2023"),
                         ("the annual report", "https://example.org/report.pdf")]
    assert [(b.level, doc.text[b.start:b.end]) for b in doc.blocks if b.kind == "heading"] == [
        (1, "The harbour report"), (2, "Traffic by year"), (3, "How it was counted"),
        (4, "A detail")]
    code = next(b for b in doc.blocks if b.kind == "code")
    assert code.info == "python" and doc.text[code.start:code.end].startswith("def average")
    items = [(b.list_depth, b.marker, b.tight, doc.text[b.start:b.end]) for b in doc.blocks
             if b.kind == "list_item"]
    assert items == [(1, "1.", True, "First, the counts."), (1, "2.", True, "Then the averages:"),
                     (2, "•", True, "daily"), (2, "•", True, "weekly"),
                     (3, "1.", True, "by lane"), (3, "2.", True, "by direction"),
                     (1, "3.", True, "Finally, the report.")]
    assert [(b.quote_depth, doc.text[b.start:b.end]) for b in doc.blocks if b.kind == "quote"] == [
        (1, "The mayor said traffic would fall."),
        (2, "A council member replied that it had not."), (1, "The mayor did not answer.")]


def test_cat_writes_a_table_with_aligned_pipes_and_every_block_back_as_itself(doc):
    out = to_markdown(doc)
    assert "| Year | Vehicles a day          | Change |\n" \
           "| :--- | ----------------------: | :----: |\n" \
           "| 2021 | 148,000                 | —      |\n" in out
    assert "| Note | a pipe \\| inside a cell | `a\\|b` |" in out  # pipes escaped in cells only
    assert "```python\ndef average" in out
    assert "in 2023.[^1] The full data" in out and "[^sensors]: Induction loops" in out
    assert "1. First, the counts.\n2. Then the averages:\n   - daily\n" in out  # still tight
    assert "> The mayor said traffic would fall.\n>\n> > A council member" in out
    again = parse(out, "markdown")
    assert again.text == doc.text
    assert list(again.blocks) == list(doc.blocks)


def test_cat_of_a_table_reads_back_whatever_its_cells_hold():
    source = ("| a `x\\|y` | b \\| c | \\\\ | *e* | [l](https://x.example/a\\|b) |\n"
              "|--|:-:|--:|:--|--|\n| 漢字 | | `` ` `` | **s** |\n")
    doc = parse(source, "markdown")
    assert [cells(doc, b) for b in doc.blocks] == [["a x|y", "b | c", "\\", "e", "l"],
                                                   ["漢字", "", "`", "s", ""]]
    again = parse(to_markdown(doc), "markdown")
    assert again.text == doc.text and list(again.blocks) == list(doc.blocks)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.text(alphabet=st.sampled_from(list("ab *_`|\\[]()!<>&~#-:漢")),
                                 max_size=12), min_size=2, max_size=2), min_size=1, max_size=4),
       st.sampled_from(["--", ":-", "-:", ":-:"]))
def test_any_table_reads_back_as_the_same_table(grid, align):
    source = "\n".join(["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |"
                        for row in grid[:1]] + [f"|{align}|{align}|"]
                       + ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |"
                          for row in grid[1:]]) + "\n"
    doc = parse(source, "markdown")
    again = parse(to_markdown(doc), "markdown")
    assert again.text == doc.text
    # (Emphasis and links that would not read back are left out on purpose: the words stay.)
    assert [(b.kind, b.level, b.info, cells(again, b)) for b in again.blocks] == \
        [(b.kind, b.level, b.info, cells(doc, b)) for b in doc.blocks]


def test_a_web_pages_table_becomes_a_markdown_table_and_rows_of_cells():
    from tui.core.load.web import extract

    story = "".join(f"<p>Paragraph {i} of the story says the harbour levy rose again this year, "
                    "officials said on Monday.</p>" for i in range(6))
    page = (f"<html><body><article><h1>Levy doubles</h1>{story}<table>"
            "<thead><tr><th>Year</th><th>Levy</th></tr></thead><tbody>"
            "<tr><td>2023</td><td>$5 | per <code>a|b</code> <a href='https://x.example/s'>ship</a>"
            "</td></tr><tr><td>2024</td><td>$10</td><td>and more</td></tr></tbody></table>"
            f"{story}</article></body></html>")
    article = extract.extract(page, "https://news.example/levy")
    assert "| Year | Levy |  |\n|---|---|---|\n" in article.markdown
    assert "| 2023 | $5 \\| per `a\\|b` [ship](https://x.example/s) |  |" in article.markdown
    doc = parse(article.markdown, "markdown")
    rows = [b for b in doc.blocks if b.kind == "row"]
    assert [cells(doc, r) for r in rows] == [["Year", "Levy", ""], ["2023", "$5 | per a|b ship", ""],
                                             ["2024", "$10", "and more"]]
    out = to_markdown(doc)
    assert "| 2023 | $5 \\| per `a\\|b` [ship](https://x.example/s) |          |" in out
    again = parse(out, "markdown")
    assert again.text == doc.text and list(again.blocks) == list(doc.blocks)
