"""Every stated limit holds, and what Margin leaves out or does not analyse is said.

Pages nested deeper than the HTML parser can hold (it would keep nothing at all), lists of tens
of thousands of links, pages over the size read, articles with more statements than are
analysed. How long each shape takes and how much memory it needs is measured by
tests/perf/bench_shapes.py, not here."""

from __future__ import annotations

import json

import pytest

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
    monkeypatch.setattr(ext, "MAX_HTML_CHARS", 4 * 2**20)
    page = ("<html><body><article><h1>Long</h1>"
            + "".join(f"<p>Paragraph {i}: {SENTENCE}</p>" for i in range(60_000))
            + "</article></body></html>")
    assert len(page) > 4 * 2**20
    read = ext.extract(page)
    assert read.notices == (f"the page is {len(page):,} characters long: only its first "
                            f"{4 * 2**20:,} were read",)
    assert "Paragraph 0:" in read.markdown and "Paragraph 59999:" not in read.markdown
    small = ext.extract("<html><body><article><h1>Short</h1>" + f"<p>{SENTENCE}</p>" * 5
                        + "</article></body></html>")
    assert small.notices == ()


def test_statements_past_the_analysis_limit_are_shown_not_analysed_and_said(monkeypatch):
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
    assert "claims are looked for in the first 10" in article.notice()
    assert "the 15 after them" in article.notice()
    monkeypatch.setattr(article_mod, "MAX_ANALYSED", 100)
    assert article_mod.analyse(parse(text, "text")).notice() == ""
