"""`margin cat`'s Markdown: what it writes reads back as the same document."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tui.core.document.parse import parse
from tui.core.commonmark import escape
from tui.core.document.write import to_markdown


def shape(doc):
    return [(b.kind, doc.text[b.start:b.end], b.level, b.quote_depth, b.list_depth,
             bool(b.marker), tuple((s.kind, doc.text[s.start:s.end], s.href) for s in b.spans))
            for b in doc.blocks]


def test_a_markdown_article_round_trips():
    source = (ROOT / "tests" / "data" / "harbour-bridge.md").read_text(encoding="utf-8")
    doc = parse(source, "markdown", source="/x/harbour.md")
    again = parse(to_markdown(doc), "markdown")
    assert again.text == doc.text and shape(again) == shape(doc)
    assert again.title == doc.title and again.meta_value("author") == "Staff reporter"
    assert again.meta_value("source") == "/x/harbour.md"


def test_plain_text_comes_out_escaped():
    doc = parse("A first paragraph that is long enough to be no title at all.\n1. Not a list\n"
                "# not a heading\n<b>not html</b> and [not](a link) *x*", "text")
    out = to_markdown(doc)
    again = parse(out, "markdown")
    assert [b.kind for b in again.blocks] == ["paragraph"] * 4
    assert again.text == doc.text and all(not b.spans for b in again.blocks)


def test_hostile_titles_stay_inside_their_quotes():
    doc = parse('# T "quoted" \\ and ---\n\nBody.', "markdown")
    again = parse(to_markdown(doc), "markdown")
    assert again.title == 'T "quoted" \\ and ---'


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_`#>-1.[]()\n!\\<>|~\"“”&")), max_size=160))
def test_any_markdown_reads_back_as_the_same_document(source):
    doc = parse(source, "markdown")
    again = parse(to_markdown(doc), "markdown")
    assert again.text == doc.text
    # Raw HTML is written as escaped text on purpose (an article's HTML never reaches the output
    # as HTML), so an html block comes back as a paragraph.
    kind = {"html": "paragraph"}
    assert [(b.kind, b.quote_depth, b.list_depth) for b in again.blocks] == \
        [(kind.get(b.kind, b.kind), b.quote_depth, b.list_depth) for b in doc.blocks]


@given(st.text(max_size=80))
def test_escape_keeps_text_as_text(s):
    doc = parse(escape(s.replace("\n", " ")).strip() or "x", "markdown")
    assert all(b.kind == "paragraph" for b in doc.blocks)
