"""Every stated limit holds, and what Margin leaves out or does not analyse is said.

Pages nested deeper than the HTML parser can hold (it would keep nothing at all), lists of tens
of thousands of links, pages over the size read, articles with more statements than are
analysed. How long each shape takes and how much memory it needs is measured by
tests/perf/bench_shapes.py, not here."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.test_inputs import check_output, margin
from tui.core.analysis import article as article_mod
from tui.core.document.parse import parse
from tui.core.load.web import extract as ext

SENTENCE = "The council said on Monday that the harbour levy would rise by 12 percent."


def _paragraphs(label: str, n: int) -> str:
    return "".join(f"<p>{label} paragraph {i} said the levy rose {i} percent. {SENTENCE}</p>"
                   for i in range(n))


def _claims(tmp_path, page: str) -> tuple[list[str], str]:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    out, err = check_output(margin(["claims", "--json", str(path)], tmp_path))
    return [row["text"] for row in json.loads(out)], err


@pytest.mark.parametrize("depth", [3_000, 100_000])
def test_a_page_nested_past_the_parser_keeps_every_paragraph_and_says_so(depth, tmp_path):
    """libxml2 keeps nothing of a page nested over 2,048 deep: not even what came before."""
    page = ("<html><body>" + _paragraphs("Before", 3) + "<div>" * depth
            + _paragraphs("Deep", 5) + "</div>" * depth + _paragraphs("After", 3)
            + "</body></html>")
    texts, err = _claims(tmp_path, page)
    for label, n in (("Before", 3), ("Deep", 5), ("After", 3)):
        for i in range(n):
            assert [t for t in texts if t.startswith(f"{label} paragraph {i} said")], (label, i)
    assert "nests its elements more than 100 deep" in err


def test_the_item_of_a_20000_deep_list_is_kept_once_and_what_follows_too(tmp_path):
    page = ("<html><body><article><h1>Deep list</h1>" + _paragraphs("Before", 4)
            + "<ul><li>" * 20_000 + "The deepest item said the levy rose 5 percent."
            + "</li></ul>" * 20_000 + _paragraphs("After", 4) + "</article></body></html>")
    texts, err = _claims(tmp_path, page)
    assert sum("The deepest item said" in t for t in texts) == 1, texts
    assert sum(t.startswith("After paragraph") for t in texts) == 4
    assert "nests its elements" in err


@pytest.mark.parametrize("depth", [2, 10_000])
def test_the_cell_of_a_nested_table_is_read_once(depth, tmp_path):
    """A table inside a cell was read again for every table holding it."""
    page = ("<html><body><article><h1>Deep table</h1>" + _paragraphs("Before", 4)
            + "<table><tr><td>" * depth + "The deepest cell said the levy rose 7 percent."
            + "</td></tr></table>" * depth + _paragraphs("After", 4) + "</article></body></html>")
    texts, err = _claims(tmp_path, page)
    assert sum("The deepest cell said" in t for t in texts) == 1, texts
    assert sum(t.startswith("After paragraph") for t in texts) == 4
    assert ("nests its elements" in err) == (depth > 100)


def test_a_page_of_50000_links_is_read_and_the_list_left_out_is_said(tmp_path):
    links = "".join(f'<li><a href="/p/{i}">Link number {i}</a></li>' for i in range(50_000))
    page = ("<html><head><title>Links</title></head><body><article><h1>Many links</h1>"
            + _paragraphs("Before", 4) + f"<ul>{links}</ul>" + _paragraphs("After", 4)
            + "</article></body></html>")
    texts, err = _claims(tmp_path, page)
    assert sum(t.startswith(("Before paragraph", "After paragraph")) for t in texts) == 8
    assert not [t for t in texts if "Link number" in t]
    assert "a list of 50,000 links was left out" in err


def test_only_long_lists_of_nothing_but_links_are_left_out():
    """A list of sources, or a long list with words of its own, stays for the extractor."""
    from tui.core.load.web.clean import LINK_LIST_ITEMS, parse_html, prune_link_lists

    def links(n: int, words: str = "") -> str:
        return "".join(f'<li><a href="/s/{i}">Source {i}</a>{words}</li>' for i in range(n))

    page = ("<html><body><article><p>" + SENTENCE + f"</p><ul id='a'>{links(LINK_LIST_ITEMS - 1)}"
            f"</ul><ol id='b'>{links(LINK_LIST_ITEMS, ' said the council on Monday')}</ol>"
            f"<ul id='c'>{links(LINK_LIST_ITEMS)}</ul><table id='d'>"
            + "".join(f'<tr><td><a href="/t/{i}">Row {i}</a></td></tr>' for i in range(500))
            + "</table></article></body></html>")
    tree = parse_html(page)
    assert prune_link_lists(tree) == [LINK_LIST_ITEMS, 500]
    assert [el.get("id") for el in tree.iter("ul", "ol", "table")] == ["a", "b"]
    assert SENTENCE in tree.text_content()


def test_a_page_over_the_size_read_says_it_was_cut(monkeypatch):
    # The limit made small (the cut is the same at any size): 256 KiB, not 12 MiB.
    monkeypatch.setattr(ext, "MAX_HTML_CHARS", 2**18)
    page = ("<html><body><article><h1>Long</h1>"
            + "".join(f"<p>Paragraph {i}: {SENTENCE}</p>" for i in range(6_000))
            + "</article></body></html>")
    assert len(page) > 2 * 2**18
    read = ext.extract(page)
    assert read.notices == (f"the page is {len(page):,} characters long: only its first "
                            f"{2**18:,} were read",)
    assert "Paragraph 0:" in read.markdown and "Paragraph 5999:" not in read.markdown
    small = ext.extract("<html><body><article><h1>Short</h1>" + f"<p>{SENTENCE}</p>" * 5
                        + "</article></body></html>")
    assert small.notices == ()


def test_statements_past_the_analysis_limit_are_shown_not_analysed_and_said(monkeypatch,
                                                                            tmp_path):
    monkeypatch.setattr(article_mod, "MAX_ANALYSED", 10)
    text = "\n\n".join(f"Officials said the levy rose {i} percent." for i in range(25))
    article = article_mod.analyse(parse(text, "text"))
    assert len(article.statements) == len(article.claims) == 25
    assert all(c.is_claim for c in article.claims[:10])
    past = article.claims[10:]
    assert [c.index for c in past] == list(range(10, 25))
    assert not any(c.is_claim for c in past)
    assert all(c.reasons[0].startswith("not analysed") for c in past)
    assert article.claims[-1].start == article.statements[-1].start
    assert article.unanalysed == 15
    assert "in the first 10;" in article.notice()
    assert "the 15 after them" in article.notice()
    monkeypatch.setenv("MARGIN_DATA_DIR", str(tmp_path / "data"))
    from tui.core.session import Session

    with Session() as session:  # the library keeps for search what was analysed
        record = session.register(article).record
        assert len(session.store.statements([record.id])) == 10
    monkeypatch.setattr(article_mod, "MAX_ANALYSED", 100)
    assert article_mod.analyse(parse(text, "text")).notice() == ""


@given(st.lists(st.dictionaries(st.sampled_from(["text", "speaker", "n", "kinds"]),
                                st.one_of(st.text(), st.integers(), st.none(), st.booleans(),
                                          st.floats(allow_nan=False, allow_infinity=False),
                                          st.lists(st.text(max_size=5), max_size=3)),
                                max_size=4), max_size=6))
def test_claims_json_written_a_row_at_a_time_is_the_json_of_all_rows(rows):
    """``margin claims --json`` streams its rows (a million of them would take gigabytes)."""
    from tui.core.text import json_array_chunks, json_text

    streamed = "".join(json_array_chunks(iter(rows)))
    assert streamed == json_text(rows)
    assert json.loads(streamed) == rows


def test_claims_json_streams_from_a_generator(tmp_path, monkeypatch):
    """The rows reach the output as they are made: no list of every row first."""
    from tui.cli import commands

    seen = []
    real = commands.json_array_chunks

    def watching(items, indent=2):
        assert not isinstance(items, (list, tuple))
        for chunk in real(items, indent):
            seen.append(chunk)
            yield chunk

    monkeypatch.setattr(commands, "json_array_chunks", watching)
    monkeypatch.setenv("MARGIN_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "a.txt"
    path.write_text("\n\n".join(f"Officials said the levy rose {i} percent." for i in range(5)))
    from tui.cli.main import main

    assert main(["claims", "--json", str(path)]) == 0
    assert len(seen) == 6  # five rows, then the closing bracket


@given(st.text(st.sampled_from("ab é\n\t\u2003\u00a0x\ud800")), st.integers(1, 9))
def test_texts_hashed_a_piece_at_a_time_hash_as_a_whole(text, chunk):
    """A long article is hashed without a copy of it, or a list of its words (shape_hash of a
    32 MB article took 400 MB): the same hashes as of the whole."""
    import hashlib

    from tui.core.notes import model

    whole = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    shape = hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()
    old = model._HASH_CHUNK
    model._HASH_CHUNK = chunk
    try:
        assert model.text_hash(text) == whole
        assert model.shape_hash(text) == shape
    finally:
        model._HASH_CHUNK = old


def _long_article(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(f"Officials said the levy rose {i} percent." for i in range(25)))
    return path


def test_the_command_line_says_what_was_not_analysed(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(article_mod, "MAX_ANALYSED", 10)
    monkeypatch.setenv("MARGIN_DATA_DIR", str(tmp_path / "data"))
    from tui.cli.main import main

    assert main(["claims", "--json", str(_long_article(tmp_path))]) == 0
    out, err = capsys.readouterr()
    assert len(json.loads(out)) == 25
    assert err.startswith("margin: warning: this article has 25 statements: claims are looked "
                          "for, and statements kept for search, in the first 10; the 15 after")


async def test_the_reader_says_what_was_not_analysed(tmp_path, monkeypatch):
    from tests.app.helpers import Reader, document_from, until

    monkeypatch.setattr(article_mod, "MAX_ANALYSED", 10)
    monkeypatch.setenv("MARGIN_DATA_DIR", str(tmp_path / "data"))
    app = Reader(document_from(_long_article(tmp_path).read_text()))
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(pilot, lambda: app.article is not None)
        assert await until(pilot, lambda: any("after them are shown" in m for m in app.shown))
        note = next(m for m in app.shown if "after them are shown" in m)
        assert note.startswith("This article has 25 statements")
        await pilot.press("G")  # the last statement is there, to read and to move to
        assert app.view.cursor == 24


@given(st.lists(st.lists(st.sampled_from(["alpha", "beta", "gamma.", "Delta", "said:", "x" * 30,
                                          "end.", "Title", "", "  "]), max_size=25),
                min_size=1, max_size=12),
       st.sampled_from(["", "\n", "\r\n"]))
def test_a_plain_text_reads_back_from_its_canonical_text(lines, end):
    """So a plain text keeps no second copy of itself (its markup) for the library to parse."""
    text = "\n".join(" ".join(words) for words in lines) + end
    doc = parse(text, "text", name="a.txt")
    again = parse(doc.text, "text", name="a.txt")
    assert (again.text, list(again.blocks), again.title) == (doc.text, list(doc.blocks), doc.title)
    assert doc.markup == ""


async def test_text_nested_thirty_lists_deep_stays_on_the_screen(tmp_path, monkeypatch):
    """Indents stop growing (quote bars at 4, list levels at 6): the text of a deep list item
    was drawn past the right edge of an 80-column terminal."""
    from tests.app.helpers import Reader, document_from, screen_text, until

    monkeypatch.setenv("MARGIN_DATA_DIR", str(tmp_path / "data"))
    markdown = "".join("  " * d + "- level\n" for d in range(30)) + "  " * 30 + "- Deepest words here.\n"
    markdown += "\n" + "> " * 12 + "Quoted deep words.\n"
    app = Reader(document_from(markdown, source="/articles/deep.md", fmt="markdown"))
    async with app.run_test(size=(80, 40)) as pilot:
        assert await until(pilot, lambda: app.article is not None)
        await pilot.press("G")  # to the end
        await pilot.pause()
        screen = screen_text(app)
        assert "Deepest words here." in screen, screen
        assert "Quoted deep words." in screen, screen
        assert "│ " * 4 + "Quoted" in screen and "│ " * 5 not in screen
