"""An HTML page parsed and cleaned for extraction: controls scrubbed, depth bounded, boilerplate
pruned, layout tables unwrapped, links made absolute."""

from __future__ import annotations

import re
import urllib.parse
from typing import TYPE_CHECKING

from ...text import CONTROLS, sanitize
from .depth import MAX_DEPTH, flatten_deep_html
from .tree import resolve_link

if TYPE_CHECKING:
    from lxml.html import HtmlElement


def parse_html(text: str, notices: list[str] | None = None) -> HtmlElement | None:
    """The page's tree (None when it holds nothing). What had to be changed to read it — a page
    nested too deep for the parser, or for the walks over it — is added to ``notices``."""
    from lxml import etree
    from lxml.html import HTMLParser, document_fromstring

    # lxml refuses str input with an XML encoding declaration: give it UTF-8 bytes instead.
    data = text.encode("utf-8", errors="replace")
    if not data.strip():
        return None
    reflattened = False  # (made shallower before parsing)
    for attempt in range(3):
        # huge_tree: libxml2 otherwise drops everything below a depth of 256 (old pages with
        # thousands of unclosed <font> tags get there); past 2,048 it keeps nothing at all, so a
        # page that deep is made shallower first (depth.py) and read again.
        parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                            remove_comments=True, remove_pis=True, huge_tree=True)
        try:
            tree = document_fromstring(data, parser=parser)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            tree = None
        if not any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log) or attempt == 2:
            break
        text, flattened = flatten_deep_html(text, MAX_DEPTH >> (2 * attempt))
        reflattened = reflattened or flattened > 0
        data = text.encode("utf-8", errors="replace")
    if tree is None or not len(tree):
        return None
    if _flatten_deep(tree) or reflattened:
        if notices is not None:
            notices.append(DEEP_NOTICE)
    _scrub_tree(tree)
    return tree


def _scrub_tree(tree: HtmlElement) -> None:
    for el in tree.iter():
        if el.text and CONTROLS.search(el.text):
            el.text = sanitize(el.text)
        if el.tail and CONTROLS.search(el.tail):
            el.tail = sanitize(el.tail)
        for key, value in el.attrib.items():
            if CONTROLS.search(value):
                el.set(key, sanitize(value))


_MAX_TREE_DEPTH = 100
DEEP_NOTICE = (f"the page nests its elements more than {_MAX_TREE_DEPTH} deep: what lies deeper "
               "was read as paragraphs of plain text, without its structure")


#: Elements after which the text of a flattened element starts a new paragraph.
_BREAKS = frozenset({"p", "div", "li", "dt", "dd", "tr", "td", "th", "table", "ul", "ol", "dl",
                     "blockquote", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6",
                     "pre", "br", "header", "footer", "main", "aside", "figure", "figcaption"})


def _flatten_deep(tree: HtmlElement) -> bool:
    """Replace what lies deeper than _MAX_TREE_DEPTH by its text, a paragraph for each block it
    held, so that no recursive walk (ours or trafilatura's) runs out of stack. Whether there
    was any."""
    from lxml import etree

    depth = 0
    deep = []
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == _MAX_TREE_DEPTH and len(el):
                deep.append(el)
        else:
            depth -= 1
    for el in deep:
        paragraphs: list[str] = []
        words: list[str] = []

        def cut() -> None:
            if words:
                paragraphs.append(" ".join(words))
                words.clear()

        for event, node in etree.iterwalk(el, events=("start", "end")):
            if node is el or not isinstance(node.tag, str):
                if event == "start" and node is el and node.text:
                    words.extend(node.text.split())
                continue
            block = node.tag.lower() in _BREAKS
            if event == "start":
                if block:
                    cut()
                if node.text:
                    words.extend(node.text.split())
            else:
                if block:
                    cut()
                if node.tail:
                    words.extend(node.tail.split())
        cut()
        for child in list(el):
            el.remove(child)
        el.text = None
        for text in paragraphs:
            etree.SubElement(el, "p").text = text
    return bool(deep)

# ---------------------------------------------------------------- pruning boilerplate

_BOILERPLATE_WORDS = frozenset({
    "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adslot", "adunit",
    "adcontainer", "adwrapper", "dfp", "gpt", "sponsor", "sponsored", "outbrain", "taboola",
    "cookie", "cookies", "consent", "gdpr", "cmp", "newsletter", "newsletters", "signup",
    "share", "sharing", "sharebar", "social", "breadcrumb", "breadcrumbs", "related", "recirc",
    "recommended", "popular", "mostread", "trending", "promo", "popup", "modal",
})
_BOILERPLATE_TAGS = frozenset({"nav", "form", "button", "select", "input", "textarea", "dialog", "template",
                               "script", "style", "noscript", "iframe", "object", "embed", "svg", "canvas",
                               "map", "audio", "video"})
_BOILERPLATE_ROLES = frozenset({"navigation", "search", "dialog", "alertdialog", "complementary",
                                "contentinfo", "banner", "menu", "menubar"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
CLASS_WORDS = re.compile(r"[a-z0-9]+")
COMMENT_WORDS = frozenset({"comment", "comments", "respond", "reply", "replies", "discussion", "disqus"})
_AD_ATTRIBUTE = re.compile(r"data-(?:ad|ads|ad-[a-z-]+|ad_[a-z_]+|google-query-id)$")


def prune(tree: HtmlElement) -> None:
    """Remove from <body> what is never the article: ads, cookie and newsletter boxes, menus,
    share bars, hidden elements, forms. An element that holds much of the page's text (a whole
    page wrapped in <form>, a story in a box named "ad-free") is kept."""
    body = tree.find("body")
    if body is None:
        return
    total = len(body.text_content()) or 1
    doomed = []
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag == "script" and "ld+json" in (el.get("type") or "").lower():
            continue
        if tag in _BOILERPLATE_TAGS or _boilerplate_attrs(el):
            doomed.append(el)
    seen: set[int] = set()
    for el in doomed:
        if any(id(a) in seen for a in el.iterancestors()):
            continue
        tag = el.tag.lower()
        if tag not in ("script", "style", "template", "svg", "iframe") and not _small(el, total):
            continue
        seen.add(id(el))
        remove_element(el)


#: A list (or table) of at least this many items, nearly all of whose text is links, is an index
#: of other pages: left out (each item would be a statement, and extraction would take minutes).
LINK_LIST_ITEMS = 200


def prune_link_lists(tree: HtmlElement) -> list[int]:
    """Remove from <body> the long lists and tables of links (see LINK_LIST_ITEMS): the number
    of links of each one removed."""
    body = tree.find("body")
    if body is None:
        return []
    removed: list[int] = []
    gone: set = set()
    for el in list(body.iter("ul", "ol", "table", "tbody")):
        if gone and any(a in gone for a in el.iterancestors()):
            continue  # inside one already removed
        items = [c for c in el if isinstance(c.tag, str) and c.tag.lower() in ("li", "tr")]
        if len(items) < LINK_LIST_ITEMS:
            continue
        links = list(el.iter("a"))
        if len(links) < LINK_LIST_ITEMS:
            continue
        text = len("".join(el.itertext()).strip())
        linked = sum(len("".join(a.itertext()).strip()) for a in links)
        if text and linked >= 0.9 * text:
            removed.append(len(links))
            gone.add(el)
            remove_element(el)
    return removed


def _boilerplate_attrs(el) -> bool:
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if (el.get("role") or "").lower() in _BOILERPLATE_ROLES:
        return True
    if any(_AD_ATTRIBUTE.match(name) for name in el.attrib):
        return True
    words = CLASS_WORDS.findall(f"{el.get('class') or ''} {el.get('id') or ''}".lower())
    return any(w in _BOILERPLATE_WORDS for w in words)


def _small(el, total: int) -> bool:
    """Whether an element is small enough to be boilerplate rather than a wrapper of the article."""
    if el.find(".//h1") is not None or el.find(".//article") is not None or el.find(".//main") is not None:
        return False
    size = len(el.text_content())
    if size > total * 0.3:
        return False
    long_paragraphs = sum(1 for p in el.iter("p") if len(p.text_content()) > 200)
    return long_paragraphs < 3


def remove_element(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)

def absolutize_links(tree: HtmlElement, base: str | None) -> None:
    """Make every link of the page absolute (against the page's own address, where trafilatura
    would use the site's root), and unlink what must not be followed (javascript:, data:, links
    inside this page)."""
    page = urllib.parse.urldefrag(base)[0] if base else None
    for el in tree.iter("a"):
        href = el.get("href")
        if href is None:
            continue
        target = resolve_link(href, base, page)
        if target is None:
            del el.attrib["href"]
        elif target != href:
            el.set("href", target)


_TABLE_PARTS = ("thead", "tbody", "tfoot")
_BLOCKS_IN_CELLS = frozenset({"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br",
                              "table", "article", "section"})


def unwrap_layout_tables(tree: HtmlElement) -> None:
    """Turn tables used for page layout (a cell holding paragraphs of text) into plain <div>s,
    so that the menu column and the story column are judged apart, not as one table."""
    for table in list(tree.iter("table")):
        rows = [r for r in table if r.tag == "tr"] + [r for part in table if part.tag in _TABLE_PARTS
                                                      for r in part if r.tag == "tr"]
        cells = [c for r in rows for c in r if c.tag in ("td", "th")]
        layout = any(len(c.text_content()) >= 300 and any(
            isinstance(d.tag, str) and d.tag in _BLOCKS_IN_CELLS for d in c.iterdescendants()) for c in cells)
        if not layout:
            continue
        for el in [table, *[p for p in table if p.tag in _TABLE_PARTS], *rows, *cells]:
            el.tag = "div"
            for attr in ("width", "valign", "colspan", "rowspan", "border", "cellpadding", "cellspacing"):
                el.attrib.pop(attr, None)
        for caption in [c for c in table if c.tag == "caption"]:
            caption.tag = "div"
