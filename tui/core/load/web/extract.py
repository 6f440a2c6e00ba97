"""The article of a web page: trafilatura's extraction, our fallbacks, the title dropped from the body."""

from __future__ import annotations

import json
import logging
import re
import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...text import one_line, sanitize
from .. import LoadError
from ..sniff import content_kind, is_url, looks_like_html
from .charset import decode_body
from .fetch import shown_url
from .clean import (COMMENT_WORDS, CLASS_WORDS, DEEP_NOTICE, absolutize_links, parse_html, prune, prune_link_lists,
                    remove_element,
                    unwrap_layout_tables)
from .markdown import render
from .metadata import (choose_title, clean, clean_author, hostname, iso_date, page_metadata,
                       split_html_title)
from .tree import (Block, Converter, Span, article_like, leaves, list_starts, match_key, prose_size,
                   span_text)

if TYPE_CHECKING:
    from lxml.html import HtmlElement

#: HTML larger than this (in characters, after decoding) is cut before parsing: bounded time.
MAX_HTML_CHARS = 12 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class WebArticle:
    """The article of a web page: its body as Markdown and what the page says about it."""

    markdown: str  # headings, paragraphs, block quotes, lists; links as [text](absolute url)
    title: str | None = None
    author: str | None = None
    date: str | None = None  # yyyy-mm-dd when known
    site: str | None = None
    url: str | None = None
    #: What the user should be told about how the page was read (cut, flattened), one line each.
    notices: tuple[str, ...] = ()

    def front_matter(self) -> str:
        """A YAML front matter block with the known fields ("" when none is known)."""
        fields = [(k, v) for k, v in (("title", self.title), ("author", self.author), ("date", self.date),
                                      ("site", self.site), ("url", self.url)) if v and v.strip()]
        if not fields:
            return ""
        lines = [f"{key}: {_yaml_scalar(value)}" for key, value in fields]
        return "---\n" + "\n".join(lines) + "\n---\n"

    def text(self) -> str:
        """Front matter and body: Markdown ready for ``document.parse(..., "markdown")``."""
        return self.front_matter() + self.markdown


def _yaml_scalar(value: str) -> str:
    """One line of YAML that reads back as ``value`` (with runs of whitespace made one space).

    A JSON string is always a valid YAML double-quoted scalar. Where the value holds a double
    quote or a backslash, JSON would escape it; a YAML single-quoted scalar keeps both as they are,
    so that readers which only strip the outer quotes (as ``document.split_front_matter`` does)
    still get the exact text. Only a value holding both kinds of quote keeps JSON escapes.
    """
    value = one_line(value)
    if '"' not in value and "\\" not in value:
        return json.dumps(value, ensure_ascii=False)
    if "'" not in value:
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)


def page_text(data: bytes, content_type: str = "", url: str | None = None,
              name: str = "") -> tuple[str, str, tuple[str, ...]]:
    """(text, format, notices) for ``document.parse``: an HTML page becomes front matter +
    Markdown ("markdown"), with what to tell the user of how it was read; a Markdown or
    plain-text page is decoded as it is. Raises LoadError."""
    kind = content_kind(content_type, data, url or "")
    if kind == "html" or (kind is None and looks_like_html(name, data)):
        try:
            article = extract(data, url, content_type=content_type)
            return article.text(), "markdown", article.notices
        except LoadError as exc:
            if name and not url:
                raise LoadError(f"{name}: {exc}") from None
            raise
    if kind is None:
        raise LoadError(f"{name or url or 'input'}: not a web page or text ({content_type})")
    try:
        return decode_body(data, content_type), kind, ()
    except LoadError as exc:
        raise LoadError(f"{name or url or 'input'}: {exc}") from None


_NOT_ARTICLE = "no article found on this page"


def extract(html: str | bytes, url: str | None = None, *, content_type: str | None = None) -> WebArticle:
    """The article of an HTML page. Raises LoadError when the page holds nothing article-like.

    ``url`` is where the page came from (it makes relative links absolute); ``content_type``
    the HTTP header, whose charset is used to decode bytes.
    """
    label = f"{shown_url(url)}: " if url else ""
    try:
        text = decode_body(html, content_type) if isinstance(html, (bytes, bytearray)) else sanitize(html)
    except LoadError as exc:  # binary data
        raise LoadError(f"{label}{exc}") from None
    notices: list[str] = []
    if len(text) > MAX_HTML_CHARS:
        notices.append(f"the page is {len(text):,} characters long: only its first "
                       f"{MAX_HTML_CHARS:,} were read")
        text = text[:MAX_HTML_CHARS]
    if url is not None and not is_url(url):
        url = None
    tree = parse_html(text, notices)
    if tree is None:
        raise LoadError(label + _NOT_ARTICLE)
    saved_from = _saved_from(text)
    meta = page_metadata(tree)
    page_url = url or saved_from or meta.get("url")
    base = _base_url(tree, url or saved_from or meta.get("canonical") or meta.get("url"))
    prune(tree)
    for links in prune_link_lists(tree):
        notices.append(f"a list of {links:,} links was left out: it reads as an index of other "
                       "pages, not as the article")
    unwrap_layout_tables(tree)
    absolutize_links(tree, base)
    starts = list_starts(tree)

    traf_meta: dict[str, Any] = {}
    if not (meta.get("title") and clean_author(meta.get("author")) and iso_date(meta.get("date"))):
        traf_meta = _trafilatura_metadata(tree, page_url, len(text))
    blocks = _trafilatura_blocks(tree, base, starts, recall=False)
    # A page flattened for its depth is no shape the extractor knows: it also looks widely.
    deep = DEEP_NOTICE in notices
    if prose_size(blocks) < 400 or deep:
        recall = _trafilatura_blocks(tree, base, starts, recall=True)
        if prose_size(recall) > prose_size(blocks):
            blocks = recall
        if prose_size(blocks) < 400 or deep:
            fallback = _readability_blocks(tree, base, starts)
            if prose_size(fallback) > prose_size(blocks) * (1 if deep else 1.2):
                blocks = fallback

    title = choose_title(meta, traf_meta, tree)
    blocks, title = _drop_title(blocks, title)
    if not article_like(blocks):
        raise LoadError(label + _NOT_ARTICLE)
    markdown = render(blocks)
    traf_site = clean(traf_meta.get("sitename"), 120)
    domain_like = bool(traf_site and re.fullmatch(r"[\w.-]+\.[a-z]{2,}", traf_site, re.IGNORECASE))
    site = (clean(meta.get("site"), 120) or (None if domain_like else traf_site)
            or split_html_title(meta.get("html_title"), tree, None)[1] or traf_site or hostname(page_url))
    return WebArticle(
        markdown=markdown,
        title=title,
        author=clean_author(meta.get("author")) or clean_author(traf_meta.get("author")),
        date=iso_date(meta.get("date")) or iso_date(traf_meta.get("date")),
        site=site,
        url=page_url if page_url and is_url(page_url) else None,
        notices=tuple(notices),
    )


_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->", re.IGNORECASE)


def _saved_from(text: str) -> str | None:
    """The address a browser noted when it saved the page (``<!-- saved from url=(0042)... -->``)."""
    match = _SAVED_FROM.search(text[:4096])
    return match.group(1) if match and is_url(match.group(1)) else None


def _base_url(tree: HtmlElement, url: str | None) -> str | None:
    for base in tree.iterfind(".//head/base[@href]"):
        href = (base.get("href") or "").strip()
        joined = urllib.parse.urljoin(url or "", href) if href else ""
        if is_url(joined):
            return joined
        break
    return url if url and is_url(url) else None


# ---------------------------------------------------------------- trafilatura

_logging_quietened = False


def _trafilatura() -> Any:
    global _logging_quietened
    import trafilatura

    if not _logging_quietened:
        # Its warnings ("discarding data") would reach the terminal through logging's last resort.
        for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
            logging.getLogger(name).addHandler(logging.NullHandler())
        _logging_quietened = True
    return trafilatura


def _trafilatura_blocks(tree: HtmlElement, base: str | None, starts: dict[str, int],
                        recall: bool) -> list[Block]:
    """Blocks of trafilatura's main-text extraction (none when it found nothing)."""
    trafilatura = _trafilatura()
    try:
        # "xml" leaves the extracted tree alone ("python" would also render it as text, for nothing)
        doc = trafilatura.bare_extraction(
            tree, url=base, output_format="xml", include_links=True, include_formatting=True,
            include_comments=False, include_tables=True, include_images=False, favor_recall=recall,
        )
    except Exception:  # a crash in the extractor must not lose the page: fall back
        logging.getLogger(__name__).debug("trafilatura failed", exc_info=True)
        return []
    body = getattr(doc, "body", None) if doc is not None else None
    if body is None:
        return []
    if len(body) == 1 and body[0].tag == "p" and not len(body[0]) and (body[0].text or "").count("\n") >= 3:
        # trafilatura's last resort dumps the page's text into one <p>, a line per text node:
        # judge those lines as the paragraphs they were, not as one long one.
        lines = [line for line in body[0].text.split("\n") if line.strip()]
        return [Block("para", inline=Span("", children=[line])) for line in lines]
    return Converter(base, starts).container(body)


def _trafilatura_metadata(tree: HtmlElement, url: str | None, size: int) -> dict[str, Any]:
    """trafilatura's metadata (it also finds bylines and dates in the page's text): title,
    author, date, sitename. Its date search reads the whole text only on pages under 1 MB."""
    from copy import deepcopy

    try:
        from trafilatura.metadata import extract_metadata

        _trafilatura()
        found = extract_metadata(deepcopy(tree), url, extensive=size < 1024 * 1024)
    except Exception:  # metadata is a bonus, never a reason to lose the page
        logging.getLogger(__name__).debug("trafilatura metadata failed", exc_info=True)
        return {}
    return {k: getattr(found, k, None) for k in ("title", "author", "date", "sitename")}


def _readability_blocks(tree: HtmlElement, base: str | None, starts: dict[str, int]) -> list[Block]:
    """A simple fallback: the page's <article>, its <main>, or the element holding the densest
    run of paragraphs."""
    body = tree.find("body")
    if body is None:
        return []
    candidates = [el for el in body.iter("article") if len(el.text_content()) > 200]
    candidates = candidates or [el for el in body.iter("main") if len(el.text_content()) > 200]
    if not candidates:
        scores: dict[Any, int] = {}
        for p in body.iter("p"):
            size = len(p.text_content().strip())
            parent = p.getparent()
            if size >= 60 and parent is not None:
                scores[parent] = scores.get(parent, 0) + size
        candidates = sorted(scores, key=scores.get, reverse=True)[:1]
    if not candidates:
        return []
    from copy import deepcopy

    best = deepcopy(max(candidates, key=lambda el: len(el.text_content())))
    for el in list(best.iterdescendants()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        words = CLASS_WORDS.findall(f"{el.get('class') or ''} {el.get('id') or ''}".lower())
        if el.tag.lower() in ("header", "footer", "aside", "nav") or any(w in COMMENT_WORDS for w in words):
            remove_element(el)
    return Converter(base, starts).container(best)


def _drop_title(blocks: list[Block], title: str | None) -> tuple[list[Block], str | None]:
    """Remove the title where it opens the body (as a heading or a paragraph); a page without
    a title in its metadata takes its first heading as the title."""
    if not title:
        first = next((leaf for _, leaf in leaves(blocks)), None)
        if first is not None and first.kind == "heading" and first.level <= 2 and blocks and blocks[0] is first:
            return blocks[1:], clean(span_text(first.inline), 400)
        return blocks, None
    key = match_key(title)
    for i, block in enumerate(blocks[:3]):
        if block.kind in ("heading", "para") and key and match_key(span_text(block.inline)) == key:
            return blocks[:i] + blocks[i + 1:], title
    return blocks, title
