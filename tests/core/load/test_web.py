"""Web pages: fetching over HTTP (a loopback server, never the real network) and extracting the article."""

from __future__ import annotations

import gzip
import json
import re
import socket
import threading
from html import unescape as html_unescape
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import loopback_server
from tests.core.load.pages import PATHOLOGICAL_PAGES, big_page
from tui.core.load import sniff
from tui.core.load.web import charset, tree
from tui.core.load.web import extract as ext
from tui.core.load.web import fetch as fetching
from tui.core.load.web import markdown as web_markdown
from tui.core.document.parse import parse
from tui.core.load import LoadError

DATA = Path(__file__).resolve().parents[2] / "data" / "web"
HARBOUR_URL = "https://ledger.example/news/2024/03/harbour-levy"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


def as_document(article: ext.WebArticle, source: str = ""):
    """What the integrator does: front matter + Markdown through the Markdown parser."""
    return parse(article.front_matter() + article.markdown, "markdown", source=source, name=source)


def blocks_of(doc, kind: str) -> list[str]:
    return [doc.text[b.start:b.end] for b in doc.blocks if b.kind == kind]


def links_of(doc) -> dict[str, str]:
    return {doc.text[s.start:s.end]: s.href for b in doc.blocks for s in b.spans if s.kind == "link"}


# ---------------------------------------------------------------- extraction: a news story

HARBOUR_BOILERPLATE = [
    "We use cookies", "Accept all cookies", "Manage preferences",  # cookie banner
    "Subscribe for 1 dollar a week", "Weather and tides", "Search the Ledger",  # menu, search
    "Refinance your boat", "Advertisement", "Lighthouse Spa", "Win a weekend",  # ads
    "Share on Facebook", "Share on X", "Email this story",  # share buttons
    "Get the Harbour Brief", "Sign up for our free morning newsletter", "Sign me up",  # newsletter
    "Topics:", "corrections policy",  # story footer
    "Related stories", "Ferry timetable cut", "Fish market reopens", "Lighthouse keeper",  # related
    "Reader comments", "harbourwatcher", "streets are impassable", "mark my words", "Post comment",
    "Most read", "Seal pup rescued", "Bridge closure extended",  # sidebar
    "About us", "Privacy notice", "All rights reserved", "company number",  # footer
    "STYLE TEXT", "SCRIPT TEXT", "dataLayer", "querySelector", "GTM-",  # style, scripts, noscript
    "Harbour correspondent", "6:05pm",  # byline and dateline (kept as metadata instead)
]


@pytest.fixture(scope="module")
def harbour():
    article = ext.extract(fixture("harbour-levy.html"), HARBOUR_URL)
    return article, as_document(article, HARBOUR_URL)


def test_news_story_metadata_comes_from_the_page(harbour):
    article, doc = harbour
    assert article.title == "Port board votes to double harbour levy on cruise ships"
    assert article.author == "Mara Okafor"
    assert article.date == "2024-03-14"
    assert article.site == "The Coastal Ledger"
    assert article.url == HARBOUR_URL
    assert doc.title == article.title
    assert doc.meta_value("author") == "Mara Okafor"
    assert doc.meta_value("date") == "2024-03-14"
    assert doc.meta_value("site") == "The Coastal Ledger"
    assert doc.meta_value("url") == HARBOUR_URL


def test_news_story_keeps_paragraphs_quotes_lists_and_links(harbour):
    _, doc = harbour
    paragraphs = blocks_of(doc, "paragraph")
    assert paragraphs[0].startswith("The Eastmouth port board voted on Thursday")
    assert paragraphs[-1].endswith("confirmed it had received no appeal so far.")
    for sentence in ("will pay 14 euros per passenger instead of seven",
                     "Board chair Elin Varga said the decision was \"overdue\"",
                     "Operators reacted angrily.",
                     "Councillor Tomas Reyes, who voted against",
                     "The board published a timetable alongside the decision:"):
        assert any(sentence in p for p in paragraphs), sentence
    assert blocks_of(doc, "quote") == [
        "We are not trying to drive the ships away. We are asking them to pay for the harbour "
        "they are wearing out.",
        "If the big ships go to Portwick instead, those jobs go with them.",
    ]
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert [b.marker for b in items] == ["1.", "2.", "3.", "•", "•", "•"]
    assert doc.text[items[2].start:items[2].end] == \
        "Ships that plug into shore power will get a 20 percent discount."
    assert doc.text[items[5].start:items[5].end] == \
        "whether local shops would lose business if fewer ships came."
    assert blocks_of(doc, "heading") == ["What changes and when"]
    assert links_of(doc) == {
        "crumbling sea wall described in a report last November":
            "https://ledger.example/news/2023/11/sea-wall-report",  # relative link made absolute
        "regional statistics office": "https://stats.example.org/ports/eastmouth",
    }


@pytest.mark.parametrize("snippet", HARBOUR_BOILERPLATE)
def test_news_story_drops_boilerplate(harbour, snippet):
    article, doc = harbour
    assert snippet not in article.markdown
    assert snippet not in doc.text


def test_title_is_not_repeated_in_the_body(harbour):
    article, doc = harbour
    assert article.title not in article.markdown
    assert article.title not in doc.text
    assert doc.blocks[0].kind == "paragraph"


# ---------------------------------------------------------------- extraction: a blog-style fact check


@pytest.fixture(scope="module")
def checks():
    article = ext.extract(fixture("wind-farm-claims.html"))  # a saved page: no URL given
    return article, as_document(article, "wind-farm-claims.html")


def test_json_ld_graph_gives_headline_author_date_and_site(checks):
    article, doc = checks
    assert article.title == "Fact check: Do offshore wind farms really “kill the sea”?"
    assert article.author == "Ines Halloran"  # a Person found by its @id in the @graph
    assert article.date == "2023-11-02"
    assert article.site == "Tidewater Review"  # og:site_name, not the publisher's legal name
    assert article.url == "https://tidewater.example/checks/selkie-bank/"
    assert doc.title == article.title
    assert "kill the sea" not in doc.text.split("\n\n")[0]


def test_structure_of_a_fact_check_survives(checks):
    _, doc = checks
    assert blocks_of(doc, "heading") == [
        "Claim 1: “There are no fish left near the turbines”",
        "Claim 2: “The noise drives whales away”",
        "Claims 3 to 5",
    ]
    quotes = blocks_of(doc, "quote")
    assert len(quotes) == 2 and quotes[1].startswith("The scour protection")
    items = [b for b in doc.blocks if b.kind == "list_item"]
    nested = [doc.text[b.start:b.end] for b in items if b.list_depth == 2]
    assert nested == ["fell sharply during construction;", "were back to baseline levels by the summer of 2022."]
    assert [b.marker for b in items if b.marker[:1].isdigit()] == ["3.", "4.", "5."]  # <ol start="3">
    code = blocks_of(doc, "code")
    assert code == ["change = (mean_2023 - mean_2018) / mean_2018\n# 0.18 for cod and whiting at the turbine sites"]
    spans = {doc.text[s.start:s.end]: s.kind for b in doc.blocks for s in b.spans}
    assert spans["Verdict: mostly false."] == "strong"
    assert spans["up"] == "emphasis"


def test_links_are_absolute_and_only_http_or_mailto(checks):
    article, doc = checks
    links = links_of(doc)
    assert links["the operator’s own survey data"] == "https://tidewater.example/data/selkie-surveys.csv"
    assert links["2021, which we covered at the time"] == "https://tidewater.example/checks/2021/pile-driving/"
    assert links["corrections@tidewater.example"] == "mailto:corrections@tidewater.example"
    assert all(href.startswith(("https://", "mailto:")) for href in links.values())
    # javascript: and data: links and a link to a footnote in the page keep their text, not the link
    assert "published scale" in doc.text and "this page" in doc.text
    assert "published scale" not in links and "this page" not in links
    assert "Footnote[1]." in doc.text and "[1]" not in links
    assert "javascript" not in article.markdown and "data:" not in article.markdown


@pytest.mark.parametrize("snippet", [
    "Skip to content", "All fact checks", "Donate", "This site stores cookies", "Share this fact check",
    "Print", "Share this:", "Was the tidal lagoon", "Heat pump claims", "Previous: Did ferry fares",
    "Bridge tolls", "thoughts on", "My cousin fishes", "paid by the wind lobby", "Leave a Reply",
    "Support our work", "funded by readers", "Recent checks", "harbour seals", "Proudly powered",
    "Tagged", "Posted on", "_paq",
])
def test_fact_check_drops_boilerplate(checks, snippet):
    _, doc = checks
    assert snippet not in doc.text


# ---------------------------------------------------------------- extraction: an old page in windows-1252


def test_legacy_charset_and_table_layout():
    data = fixture("cafe-prices-cp1252.html")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    article = ext.extract(data, "http://gazette.example/stories/cafes.html")
    doc = as_document(article)
    assert article.title == "Café owners say energy bills doubled in a year"  # <title> minus the site
    assert article.site == "Valley Gazette"
    assert article.author == "Zoë Brennan"
    assert article.date == "2022-05-12"
    paragraphs = blocks_of(doc, "paragraph")
    assert len(paragraphs) == 5
    assert paragraphs[1] == ("“We paid €410 for electricity in March last year. This March it was €835,” "
                             "said Renée Dufresne, who has run the Corner Café since 2009. "
                             "“I don’t know anyone who can absorb that.”")
    assert "it now takes ½ of what the café earns" in paragraphs[2]
    for snippet in ("Front page", "Letters to the editor", "Archive 1998–2022", "Advertise with the Gazette",
                    "Also in the Gazette", "Bypass plans", "Town choir", "All rights reserved", "popUp"):
        assert snippet not in doc.text, snippet


def test_charset_from_http_header_wins_over_detection():
    text = "<html><body><p>Prices rose by 5 € in Zürich, said the café’s owner.</p></body></html>"
    data = text.encode("cp1252")
    assert charset.decode_body(data, "text/html; charset=windows-1252") == text
    assert charset.decode_body(data, "text/html; charset=latin-1") == text  # as browsers read it
    assert charset.decode_body(text.encode("utf-8"), "text/html; charset=bogus-charset") == text
    meta = b'<html><head><meta charset="iso-8859-15"></head><body>\xa4</body></html>'
    assert "€" in charset.decode_body(meta)


# ---------------------------------------------------------------- fallbacks


def test_when_trafilatura_finds_nothing_the_article_element_is_read(monkeypatch):
    monkeypatch.setattr(ext, "_trafilatura_blocks", lambda *args, **kwargs: [])
    doc = as_document(ext.extract(fixture("harbour-levy.html"), HARBOUR_URL))
    assert doc.title == "Port board votes to double harbour levy on cruise ships"
    paragraphs = blocks_of(doc, "paragraph")
    assert paragraphs[0].startswith("The Eastmouth port board voted on Thursday")
    assert len(blocks_of(doc, "quote")) == 2
    for snippet in ("We use cookies", "Refinance your boat", "Lighthouse Spa", "Most read", "Share on X"):
        assert snippet not in doc.text


def test_a_crash_in_trafilatura_falls_back(monkeypatch):
    import trafilatura

    def crash(*args, **kwargs):
        raise RecursionError("deep")

    monkeypatch.setattr(trafilatura, "bare_extraction", crash)
    article = ext.extract(fixture("wind-farm-claims.html"))
    assert "The short version: fish numbers near the turbines went" in as_document(article).text


def test_short_extraction_is_retried_for_recall(monkeypatch):
    calls = []
    real = ext._trafilatura_blocks

    def spy(tree, base, starts, recall):
        calls.append(recall)
        return real(tree, base, starts, recall) if recall else []

    monkeypatch.setattr(ext, "_trafilatura_blocks", spy)
    article = ext.extract(fixture("harbour-levy.html"), HARBOUR_URL)
    assert calls == [False, True]
    assert "Operators reacted angrily." in article.markdown


def test_without_metadata_the_first_heading_is_the_title():
    page = f"<html><body><article><h1>Budget talks stall</h1>{FILLER}{FILLER}</article></body></html>"
    article = ext.extract(page)
    assert article.title == "Budget talks stall"
    assert "Budget talks stall" not in article.markdown
    assert (article.author, article.date, article.site, article.url) == (None, None, None, None)
    assert as_document(article).title == "Budget talks stall"


def test_saved_page_remembers_where_it_came_from():
    page = ("<!-- saved from url=(0031)https://news.example/a/story -->\n<html><head><title>Story</title>"
            f"</head><body><article>{FILLER}<p>See <a href='b.html'>the report</a>.</p>{FILLER}</article></body></html>")
    article = ext.extract(page)
    assert article.url == "https://news.example/a/story"
    assert article.site == "news.example"
    assert links_of(as_document(article)) == {"the report": "https://news.example/a/b.html"}


def test_xml_declaration_names_the_encoding():
    page = ('<?xml version="1.0" encoding="windows-1252"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
            f"<article>{FILLER}<p>It cost €5 — “too much”, said Zoë.</p>{FILLER}</article></body></html>")
    article = ext.extract(page.encode("cp1252"))
    assert "It cost €5 — “too much”, said Zoë." in article.markdown


# ---------------------------------------------------------------- pages that are not articles


@pytest.mark.parametrize("name", ["login.html", "section-index.html"])
def test_a_page_that_is_not_an_article_is_refused(name):
    with pytest.raises(LoadError, match="no article found on this page"):
        ext.extract(fixture(name), f"https://ledger.example/{name}")


@pytest.mark.parametrize("html", [
    "", "   ", "<html></html>", "<html><body></body></html>",
    "<html><head><script>var a = 'a long script ' + 'that is not an article at all';</script></head></html>",
    "just some words",
])
def test_empty_pages_are_not_articles(html):
    with pytest.raises(LoadError, match="no article found"):
        ext.extract(html)


# ---------------------------------------------------------------- hostile text

FILLER = "<p>" + "The council met on Tuesday to discuss the budget for next year and agreed several changes. " * 3 + "</p>"


def hostile_page(body: str) -> str:
    return (f"<html><head><title>Budget talks</title></head><body><article><h1>Budget talks</h1>"
            f"{FILLER}{body}{FILLER}</article></body></html>")


def test_markup_and_escape_attacks_come_out_as_inert_text():
    page = hostile_page(
        "<p>[@click=app.quit] and \x1b]0;x\x07 and 1. not a list</p>"
        "<p>1. starts like a list</p><p>- a dash</p><p># a hash</p><p>&gt; a chevron</p><p>=== equals</p>"
        "<p>[x](javascript:alert(1)) and &lt;script&gt;alert(1)&lt;/script&gt; and *stars* and _under_ "
        "and `ticks` and &amp;amp; and a back\\slash\\</p>"
        "<p>Entities &#27;[31mred&#27;[0m and &#x9b;2J and \u202eevil\u202c and &#0; end.</p>"
        "<p>Wow!<a href='https://x.example/a'>a link</a> and <a href='javascript:alert(1)'>a js link</a>"
        " and <a href=' JaVaScRiPt:alert(1)'>another</a> and <a href='data:text/html,x'>data</a>"
        " and <a href='vbscript:x'>vb</a> and <a href='file:///etc/passwd'>file</a>.</p>"
        "<p>line one<br>2. line two<br>- line three<br>+ line four</p>")
    article = ext.extract(page, "https://example.org/budget")
    doc = as_document(article)
    assert not CONTROL.search(article.markdown) and not CONTROL.search(doc.text)
    assert "\x1b" not in doc.text and "\x9b" not in doc.text
    assert [b.kind for b in doc.blocks] == ["paragraph"] * len(doc.blocks)  # nothing became structure
    paragraphs = blocks_of(doc, "paragraph")
    assert "[@click=app.quit] and and 1. not a list" in paragraphs
    for text in ("1. starts like a list", "- a dash", "# a hash", "> a chevron", "=== equals",
                 "[x](javascript:alert(1)) and <script>alert(1)</script> and *stars* and _under_ "
                 "and `ticks` and &amp; and a back\\slash\\",
                 "line one\n2. line two\n- line three\n+ line four"):
        assert text in paragraphs, text
    # As a browser reads them: &#x9b; is "›" (windows-1252), &#0; is U+FFFD; ESC and bidi are gone.
    assert "Entities red and ›2J and evil and \ufffd end." in paragraphs
    assert links_of(doc) == {"a link": "https://x.example/a"}
    assert "Wow!a link and a js link and another and data and vb and file." in paragraphs
    assert not [s for b in doc.blocks for s in b.spans if s.kind != "link"]


def test_markdown_special_characters_in_headings_and_lists_stay_text():
    page = hostile_page("<h2>#1 *news* [of] the `day` #</h2><ul><li>1) first</li><li>* star</li></ul>"
                        "<ol><li>- minus</li></ol><blockquote><p>&gt; nested?</p></blockquote>")
    doc = as_document(ext.extract(page))
    assert blocks_of(doc, "heading") == ["#1 *news* [of] the `day` #"]
    assert [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "list_item"] == \
        ["1) first", "* star", "- minus"]
    assert blocks_of(doc, "quote") == ["> nested?"]
    assert all(b.list_depth <= 1 and b.quote_depth <= 1 for b in doc.blocks)


# The Markdown writer, on any inline markup: the Document reads back exactly the text a browser
# shows (whitespace collapsed, <br> as a line break), and exactly the links.
_WORDS = st.sampled_from(["word", "1.", "2)", "-", "+", "#", ">", "*", "**", "_", "__", "`", "``", "[", "]",
                          "(", ")", "!", "<", "&amp;", "&lt;b&gt;", "\\", "~~", "=", "|", "x_y", "a*b",
                          "“q”", "'", '"', ".", ",", "é", "\u00a0", "  ", "\n"])


def _inline_html(depth: int = 0):
    text = st.lists(_WORDS, min_size=0, max_size=6).map(lambda ws: " ".join(ws))
    if depth >= 3:
        return text
    child = st.deferred(lambda: _inline_html(depth + 1))
    code = st.lists(_WORDS.filter(lambda w: not w.isspace()), min_size=1, max_size=4).map(" ".join)
    tagged = st.one_of(
        st.tuples(st.sampled_from(["em", "strong", "b", "i", "s", "span"]), child).map(
            lambda t: f"<{t[0]}>{t[1]}</{t[0]}>"),
        code.map(lambda c: f"<code>{c}</code>"),  # one line: a multi-line <code> is a code block
        child.map(lambda c: f'<a href="https://example.org/p?q=1&amp;r=(2)">{c}</a>'),
        child.map(lambda c: f'<a href="javascript:void(0)">{c}</a>'),
        st.just("<br>"),
    )
    # "<!" opens a bogus comment in HTML; lxml and browsers disagree about it, so it is no oracle.
    return st.lists(st.one_of(text, tagged), min_size=1, max_size=5).map("".join).filter(
        lambda html: "<!" not in html)


def _browser_text(element) -> str:
    """The text a browser shows for inline markup: whitespace collapsed, <br> breaks lines."""
    parts = []

    def walk(el):
        if el.tag == "br":
            parts.append("\x00")
        else:
            parts.append(el.text or "")
            for child in el:
                walk(child)
                parts.append(child.tail or "")
            return
        parts.append("")

    parts.append(element.text or "")
    for child in element:
        walk(child)
        parts.append(child.tail or "")
    lines = [" ".join(line.split()) for line in "".join(parts).split("\x00")]
    return "\n".join(line for line in lines if line)


@settings(max_examples=300, deadline=None)
@given(_inline_html())
def test_any_inline_markup_reads_back_as_the_same_text(fragment):
    from lxml.html import fragment_fromstring

    div = fragment_fromstring(f"<div>{fragment}</div>")  # the same parse for oracle and subject
    expected = _browser_text(div)
    blocks = tree.Converter("https://example.org/").container(fragment_fromstring(f"<div>{fragment}</div>"))
    doc = parse(web_markdown.render(blocks), "markdown")
    assert doc.text == expected
    assert all(b.kind == "paragraph" for b in doc.blocks)
    hrefs = {s.href for b in doc.blocks for s in b.spans if s.kind == "link"}
    assert hrefs <= {"https://example.org/p?q=1&r=(2)", "https://example.org/p?q=1&r=%282%29"}


_LINE = st.lists(_WORDS.filter(lambda w: not w.isspace()), min_size=1, max_size=5).map(" ".join).filter(
    lambda t: " ".join(t.split()).strip())


def _blocks_html(depth: int = 0):
    """Random block markup, with the (kind, text, quote depth, list depth) the Document must show."""
    para = _LINE.map(lambda t: (f"<p>{t}</p>", [("paragraph", t)]))
    heading = st.tuples(st.integers(1, 6), _LINE).map(
        lambda x: (f"<h{x[0]}>{x[1]}</h{x[0]}>", [("heading", x[1])]))
    pre = _LINE.map(lambda t: (f"<pre>{t}\n  {t}</pre>", [("code", f"{t}\n  {t}")]))
    leaf = st.one_of(para, heading, pre)
    if depth >= 2:
        return leaf
    inner = st.lists(st.deferred(lambda: _blocks_html(depth + 1)), min_size=1, max_size=3)
    quote = inner.map(lambda bs: ("<blockquote>" + "".join(h for h, _ in bs) + "</blockquote>",
                                  [(k, t, q + 1, d) for _, e in bs for k, t, *rest in e
                                   for q, d in [tuple(rest) or (0, 0)]]))
    items = st.lists(_LINE, min_size=1, max_size=3)
    listing = st.tuples(st.sampled_from(["ul", "ol"]), items).map(
        lambda x: (f"<{x[0]}>" + "".join(f"<li>{t}</li>" for t in x[1]) + f"</{x[0]}>",
                   [("list_item", t, 0, 1) for t in x[1]]))
    return st.one_of(leaf, quote, listing)


@settings(max_examples=200, deadline=None)
@given(st.lists(_blocks_html(), min_size=1, max_size=5))
def test_any_block_structure_reads_back_with_the_same_kinds_and_text(parts):
    from lxml.html import fragment_fromstring

    html = "".join(h for h, _ in parts)
    expected = []
    for _, entries in parts:
        for kind, text, *rest in entries:
            quote, lists = tuple(rest) or (0, 0)
            text = html_unescape(text)
            text = text if kind == "code" else " ".join(text.split())
            if kind == "paragraph" and quote:
                kind = "quote"
            if kind == "code":
                text = "\n".join(" ".join(line.split()) if i == 0 else line.rstrip()
                                 for i, line in enumerate(text.split("\n")))
            expected.append((kind, text, quote, lists))
    blocks = tree.Converter(None).container(fragment_fromstring(f"<div>{html}</div>"))
    doc = parse(web_markdown.render(blocks), "markdown")
    got = [(b.kind, doc.text[b.start:b.end], b.quote_depth, b.list_depth) for b in doc.blocks]
    got = [(k, t if k != "code" else "\n".join(line.strip() if i == 0 else line.rstrip()
                                                for i, line in enumerate(t.split("\n"))), q, d)
           for k, t, q, d in got]
    assert got == expected


# ---------------------------------------------------------------- front matter


@pytest.mark.parametrize("title", [
    'He said "no" to the levy',
    "It's the harbour's levy",
    "Line one\nline two\r\n\tand three",
    "---",
    "Title\n---\nauthor: injected",
    "a: b # not a comment",
    "C:\\path\\to\\file",
    "[@click=app.quit] [b]bold[/b]",
    "null",
    "  spaced   out  ",
    "— “Curly” quotes and émoji 🚢",
])
def test_front_matter_survives_hostile_titles(title):
    article = ext.WebArticle(markdown="The body of the article.\n", title=title, author='A. "Ace" Writer',
                             date="2024-03-14", site="Site: the \"best\"", url="https://example.org/a?b=1#c")
    fm = article.front_matter()
    lines = fm.splitlines()
    assert lines[0] == "---" and lines[-1] == "---"
    assert [line.split(":", 1)[0] for line in lines[1:-1]] == ["title", "author", "date", "site", "url"]
    doc = as_document(article)
    expected = " ".join(title.split())
    assert doc.title == expected
    assert doc.meta_value("title") == expected
    assert doc.meta_value("author") == 'A. "Ace" Writer'
    assert doc.meta_value("site") == 'Site: the "best"'
    assert doc.meta_value("url") == "https://example.org/a?b=1#c"
    assert [k for k, _ in doc.meta] == ["title", "author", "date", "site", "url"]
    assert doc.text == "The body of the article."


def test_front_matter_values_are_valid_yaml_scalars():
    article = ext.WebArticle(markdown="", title="Both 'single' and \"double\" quotes", author="x")
    value = article.front_matter().splitlines()[1].split(": ", 1)[1]
    assert json.loads(value) == "Both 'single' and \"double\" quotes"  # JSON is YAML
    assert ext.WebArticle(markdown="Body.\n").front_matter() == ""


def test_web_article_text_is_ready_for_the_markdown_parser(harbour):
    article, doc = harbour
    assert article.text() == article.front_matter() + article.markdown
    assert parse(article.text(), "markdown").text == doc.text


# ---------------------------------------------------------------- what an input is


def test_is_url():
    assert sniff.is_url("https://example.org/a") and sniff.is_url("HTTP://example.org")
    for source in ("ftp://example.org/a", "file:///etc/passwd", "example.org", "https://", "http:///x",
                   "/tmp/page.html", "-", "javascript:alert(1)", "https//example.org"):
        assert not sniff.is_url(source), source


def test_looks_like_html():
    page = fixture("harbour-levy.html")
    assert sniff.looks_like_html("saved.html", b"") and sniff.looks_like_html("SAVED.HTM", b"anything")
    assert sniff.looks_like_html("<stdin>", page)
    assert sniff.looks_like_html("page", b"\xef\xbb\xbf  <!-- saved --> <!DOCTYPE html><p>x")
    assert sniff.looks_like_html("page", b"<html lang=en><p>x")
    assert sniff.looks_like_html("page", b"<head><title>x</title></head><body>x</body>")
    assert sniff.looks_like_html("page", "<!doctype html><p>x".encode("utf-16"))
    assert not sniff.looks_like_html("notes.md", b"# Title\n\n<body> is an HTML tag.\n")
    assert not sniff.looks_like_html("notes.txt", b"Plain text about <head> and <body>.")
    assert not sniff.looks_like_html("article", b"The <body> of the text.")
    assert not sniff.looks_like_html("article.md", b"")


def test_page_text_gives_markdown_for_html_and_text_for_text():
    text, fmt, _ = ext.page_text(fixture("harbour-levy.html"), "text/html", HARBOUR_URL)
    assert fmt == "markdown" and text.startswith('---\ntitle: "Port board votes')
    text, fmt, _ = ext.page_text("Plain words.\n".encode(), "text/plain; charset=utf-8", "https://e.org/a.txt")
    assert (text, fmt) == ("Plain words.\n", "text")
    text, fmt, _ = ext.page_text(b"# Notes\n", "text/plain", "https://e.org/notes.md")
    assert (text, fmt) == ("# Notes\n", "markdown")
    text, fmt, _ = ext.page_text(fixture("wind-farm-claims.html"), name="saved-page")  # sniffed
    assert fmt == "markdown" and "Selkie Bank" in text
    with pytest.raises(LoadError, match=r"^login\.html: no article found on this page$"):
        ext.page_text(fixture("login.html"), name="login.html")


# ---------------------------------------------------------------- robustness


def test_deep_huge_and_broken_markup_are_read_or_refused_in_one_line():
    """(How long these take is measured by tests/perf/bench_extract.py, not here.)"""
    for page in PATHOLOGICAL_PAGES:
        try:
            article = ext.extract(page)
            assert not CONTROL.search(article.markdown)
            assert "the vote went the same way" in article.markdown
        except LoadError as exc:
            assert "no article found" in str(exc)


def test_noscript_template_and_comments_are_not_the_article():
    page = hostile_page("<noscript><p>Please enable JavaScript to read the NOSCRIPT TEXT.</p></noscript>"
                        "<!-- <p>COMMENT TEXT</p> --><template><p>TEMPLATE TEXT</p></template>"
                        "<p hidden>HIDDEN TEXT</p><p style='display: none'>INVISIBLE TEXT</p>")
    markdown = ext.extract(page).markdown
    for text in ("NOSCRIPT", "COMMENT", "TEMPLATE", "HIDDEN", "INVISIBLE"):
        assert text not in markdown


@pytest.mark.slow
def test_a_ten_megabyte_page_keeps_every_paragraph():
    """(How long it takes is measured by tests/perf/bench_extract.py, not here.)"""
    page, count = big_page()
    article = ext.extract(page.encode())
    assert article.markdown.count("Port levy figures") == count * 5


# ---------------------------------------------------------------- fetching (loopback only)

BIG = b"<html><body>" + b"<p>lots of words in a big page</p>" * 10_000 + b"</body></html>"


class _Handler(BaseHTTPRequestHandler):
    """The routes the fetch tests need."""

    seen: dict[str, str] = {}  # path -> User-Agent

    def log_message(self, *args):  # keep the test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # http.server's name
        self.seen[self.path] = self.headers.get("User-Agent", "")
        path = self.path
        if path == "/news":
            self._send(200, fixture("harbour-levy.html"))
        elif path == "/cafe":
            self._send(200, fixture("cafe-prices-cp1252.html"), "text/html")
        elif path == "/r1":
            self._send(301, b"", headers={"Location": "/r2"})
        elif path == "/r2":
            self._send(302, b"", headers={"Location": f"http://127.0.0.1:{self.server.server_port}/news"})
        elif path == "/loop":
            self._send(302, b"", headers={"Location": "/loop"})
        elif path == "/to-ftp":
            self._send(302, b"", headers={"Location": "ftp://127.0.0.1/file"})
        elif path == "/missing":
            self.send_error(404)
        elif path == "/broken":
            self.send_error(500)
        elif path == "/slow":  # answers only after 30 s: a fetch that returns at all waited
            self.server.stop.wait(30)
            self._send(200, b"<html>late</html>")
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(300):  # 30 s in all, each read quick
                if self.server.stop.wait(0.1):
                    break
                self.wfile.write(b"<p>drip</p>")
                self.wfile.flush()
        elif path == "/report.pdf":
            self._send(200, b"%PDF-1.7\n...", "application/pdf")
        elif path == "/image":
            self._send(200, b"\x89PNG\r\n", "image/png")
        elif path == "/big":
            self._send(200, BIG)
        elif path == "/big-stream":
            self._send(200, BIG, length=False)  # no Content-Length: read until the limit
        elif path == "/gzip":
            self._send(200, gzip.compress(fixture("harbour-levy.html")), headers={"Content-Encoding": "gzip"})
        elif path == "/bomb":
            self._send(200, gzip.compress(b"\0" * 5_000_000), headers={"Content-Encoding": "gzip"})
        elif path == "/notes.txt":
            self._send(200, "Plain notes, café.\n".encode("utf-8"), "text/plain; charset=utf-8")
        elif path == "/notes.md":
            self._send(200, b"# Notes\n\nSome *notes*.\n", "text/markdown")
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def server():
    with loopback_server(_Handler) as httpd:
        httpd.stop = threading.Event()
        yield f"http://127.0.0.1:{httpd.server_port}"
        httpd.stop.set()


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch):
    """A developer's proxy settings must not send loopback requests elsewhere."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def test_fetch_a_page(server):
    body, final, content_type = fetching.fetch(f"{server}/news")
    assert body == fixture("harbour-levy.html")
    assert final == f"{server}/news"
    assert content_type == "text/html; charset=utf-8"
    article = ext.extract(body, final, content_type=content_type)
    assert article.title == "Port board votes to double harbour levy on cruise ships"
    assert article.url == final


def test_fetch_sends_a_real_looking_user_agent(server):
    fetching.fetch(f"{server}/news")
    agent = _Handler.seen["/news"]
    assert agent == fetching.DEFAULT_USER_AGENT
    assert agent.startswith("Mozilla/5.0 (") and "Python" not in agent and "urllib" not in agent
    fetching.fetch(f"{server}/r1", user_agent="Custom/1.0")
    assert _Handler.seen["/r2"] == "Custom/1.0"  # kept across redirects


def test_fetch_follows_a_redirect_chain(server):
    body, final, _ = fetching.fetch(f"{server}/r1")
    assert final == f"{server}/news"
    assert body == fixture("harbour-levy.html")


@pytest.mark.parametrize("path, message", [
    ("/loop", "too many redirects"),
    ("/to-ftp", "not a web address"),
    ("/missing", r"^HTTP 404 Not Found for http://127\.0\.0\.1:\d+/missing$"),
    ("/broken", r"^HTTP 500 Internal Server Error for http://127\.0\.0\.1:\d+/broken$"),
    ("/report.pdf", r"not a web page or text \(the server sent application/pdf\)"),
    ("/image", "image/png"),
])
def test_fetch_errors_are_one_clear_line(server, path, message):
    with pytest.raises(LoadError, match=message) as info:
        fetching.fetch(f"{server}{path}")
    assert "\n" not in str(info.value)


def test_fetch_times_out(server):
    # The server answers after 30 s: only a fetch that gave up on time raises this.
    with pytest.raises(LoadError, match=r"timed out after 0\.3 s"):
        fetching.fetch(f"{server}/slow", timeout=0.3)


def test_fetch_timeout_bounds_the_whole_download(server):
    # Every read is quick and the whole takes 30 s: only the deadline for the whole ends it.
    with pytest.raises(LoadError, match=r"timed out after 0\.5 s"):
        fetching.fetch(f"{server}/drip", timeout=0.5)


def test_fetch_refused_connection():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(LoadError, match=rf"connection refused by 127\.0\.0\.1:{port}"):
        fetching.fetch(f"http://127.0.0.1:{port}/", timeout=5)


def test_fetch_unknown_host(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(LoadError, match=r"cannot find the server no-such-host\.example"):
        fetching.fetch("https://no-such-host.example/story")


@pytest.mark.parametrize("path", ["/big", "/big-stream", "/bomb"])
def test_fetch_stops_at_the_size_limit(server, path):
    with pytest.raises(LoadError, match="larger than 64 KB"):
        fetching.fetch(f"{server}{path}", max_bytes=64 * 1024)
    with pytest.raises(LoadError, match="larger than 50,000 bytes"):
        fetching.fetch(f"{server}{path}", max_bytes=50_000)


def test_fetch_decompresses_gzip(server):
    body, _, _ = fetching.fetch(f"{server}/gzip")
    assert body == fixture("harbour-levy.html")


def test_fetch_returns_text_and_markdown_for_the_text_path(server):
    body, final, content_type = fetching.fetch(f"{server}/notes.txt")
    assert sniff.content_kind(content_type, body, final) == "text"
    assert ext.page_text(body, content_type, final) == ("Plain notes, café.\n", "text", ())
    body, final, content_type = fetching.fetch(f"{server}/notes.md")
    assert ext.page_text(body, content_type, final) == ("# Notes\n\nSome *notes*.\n", "markdown", ())


def test_fetch_then_extract_a_legacy_page(server):
    body, final, content_type = fetching.fetch(f"{server}/cafe")
    text, fmt, _ = ext.page_text(body, content_type, final)
    doc = parse(text, fmt, source=final, name=final)
    assert doc.title == "Café owners say energy bills doubled in a year"
    assert doc.meta_value("author") == "Zoë Brennan"
    assert "€835" in doc.text


def test_fetch_refuses_what_is_not_a_web_address():
    for source in ("ftp://example.org/", "example.org", "file:///etc/passwd"):
        with pytest.raises(LoadError, match="not a web address"):
            fetching.fetch(source)
