"""Read a web page (a URL or saved HTML) as an article: a Markdown body with its title, author, date and site."""

from __future__ import annotations

import codecs
import errno
import json
import logging
import re
import time
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from datetime import date as _date
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from .text import MARKDOWN_SUFFIXES, LoadError, decode, sanitize

if TYPE_CHECKING:
    from lxml.html import HtmlElement

#: What Margin says it is: a current desktop browser, since many sites refuse anything else.
DEFAULT_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
MAX_REDIRECTS = 10
#: HTML larger than this (in characters, after decoding) is cut before parsing: bounded time.
MAX_HTML_CHARS = 12 * 1024 * 1024

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})
_UNKNOWN_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})


# ---------------------------------------------------------------- the article


@dataclass(frozen=True, slots=True)
class WebArticle:
    """The article of a web page: its body as Markdown and what the page says about it."""

    markdown: str  # headings, paragraphs, block quotes, lists; links as [text](absolute url)
    title: str | None = None
    author: str | None = None
    date: str | None = None  # yyyy-mm-dd when known
    site: str | None = None
    url: str | None = None

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
    value = " ".join(value.split())
    if '"' not in value and "\\" not in value:
        return json.dumps(value, ensure_ascii=False)
    if "'" not in value:
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------- what an input is


def is_url(source: str) -> bool:
    """True for an http:// or https:// address with a host."""
    if not re.match(r"(?i)https?://", source):
        return False
    try:
        return bool(urllib.parse.urlsplit(source).hostname)
    except ValueError:
        return False


def looks_like_html(name: str, data: bytes) -> bool:
    """An HTML page by its suffix (.html, .htm), or by the start of its content for any other input."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower() if name else ""
    if suffix in HTML_SUFFIXES:
        return True
    head = _ascii_head(data)
    # Leading comments and an XML declaration may come before the doctype.
    head = re.sub(rb"^(?:\s+|<!--.*?-->|<\?xml[^>]*>)*", b"", head, flags=re.DOTALL)
    if head.startswith((b"<!doctype html", b"<html")):
        return True
    if suffix in MARKDOWN_SUFFIXES or suffix == ".txt":
        return False  # Markdown may hold a little inline HTML; only a doctype or <html> says otherwise
    return head.startswith(b"<") and re.search(rb"<(?:head|body|meta|title)[\s>/]", head[:1024]) is not None


def _ascii_head(data: bytes) -> bytes:
    """The first bytes of ``data``, lower-cased, as ASCII (UTF-16 read as such)."""
    head = data[:4096]
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(encoding, errors="ignore").encode("ascii", errors="ignore")
            break
    return head.lower()


def content_kind(content_type: str, data: bytes = b"", url: str = "") -> str | None:
    """``html``, ``markdown`` or ``text`` for an HTTP content type; None for one Margin cannot read.

    A missing or generic type (application/octet-stream) is decided by the data and the URL.
    """
    mime = content_type.split(";", 1)[0].strip().lower()
    suffix = PurePosixPath(urllib.parse.urlsplit(url).path).suffix.lower() if url else ""
    if mime in _HTML_TYPES:
        return "html"
    if mime in _MARKDOWN_TYPES:
        return "markdown"
    if mime == "text/plain":
        return "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
    if mime in _UNKNOWN_TYPES:
        if looks_like_html(PurePosixPath(urllib.parse.urlsplit(url).path).name if url else "", data):
            return "html"
        return "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
    return None


# ---------------------------------------------------------------- fetching


def _redirect_handler():
    import urllib.request

    class Redirects(urllib.request.HTTPRedirectHandler):
        """Follows at most MAX_REDIRECTS redirects, and only to http(s) addresses."""

        max_redirections = MAX_REDIRECTS

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
                raise LoadError(f"{_short(req.full_url)}: redirected to {_short(newurl)}, which is not a web address")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return Redirects()


def fetch(url: str, *, timeout: float = 20, max_bytes: int = 10 * 1024 * 1024,
          user_agent: str = DEFAULT_USER_AGENT) -> tuple[bytes, str, str]:
    """Download a page: (body, final URL after redirects, content type as the server sent it).

    HTML pages come back for ``extract``; text/plain and Markdown come back too, for the plain
    text path (``content_kind`` says which, ``page_text`` does both). Anything else (PDF, images,
    JSON...), HTTP errors, network failures, a timeout (``timeout`` seconds for the whole
    download) and a body over ``max_bytes`` raise LoadError with a one-line message.
    """
    import http.client
    import urllib.error
    import urllib.request

    if not is_url(url):
        raise LoadError(f"{_short(url)}: not a web address (http:// or https://)")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={
        "User-Agent": user_agent,
        "Accept": "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.5",
        "Accept-Language": "en-US,en;q=0.7,*;q=0.3",
        "Accept-Encoding": "gzip",
    })
    opener = urllib.request.build_opener(_redirect_handler())
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code in (301, 302, 303, 307, 308) and "loop" in str(exc.msg):
            raise LoadError(f"{_short(url)}: too many redirects (more than {MAX_REDIRECTS})") from None
        raise LoadError(f"HTTP {exc.code} {_reason(exc.code, exc.reason)} for {_short(exc.url or url)}") from None
    except urllib.error.URLError as exc:
        raise LoadError(_network_message(url, exc.reason, timeout)) from None
    except LoadError:
        raise
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise LoadError(_network_message(url, exc, timeout)) from None
    with response:
        final_url = response.geturl() or url
        content_type = response.headers.get("Content-Type", "") or ""
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime not in _HTML_TYPES | _MARKDOWN_TYPES | _UNKNOWN_TYPES | {"text/plain"}:
            raise LoadError(f"{_short(final_url)}: not a web page or text (the server sent {mime or 'nothing'})")
        encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
        if encoding in ("", "identity"):
            declared = response.headers.get("Content-Length")
            if declared and declared.strip().isdigit() and int(declared) > max_bytes:
                raise LoadError(_too_large(final_url, max_bytes))
        elif encoding not in ("gzip", "x-gzip", "deflate"):
            raise LoadError(f"{_short(final_url)}: the server sent an unsupported encoding ({encoding})")
        body = _read_body(response, final_url, max_bytes, deadline, timeout, encoding)
    return body, final_url, content_type


def _read_body(response, url: str, max_bytes: int, deadline: float, timeout: float, encoding: str) -> bytes:
    import http.client
    import zlib

    inflate = zlib.decompressobj(wbits=47) if encoding not in ("", "identity") else None
    parts: list[bytes] = []
    size = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise LoadError(f"{_short(url)}: timed out after {timeout:g} s")
            chunk = response.read1(65536)
            if not chunk:
                break
            if inflate is not None:
                chunk = inflate.decompress(chunk, max_bytes - size + 1)
                if inflate.unconsumed_tail:
                    raise LoadError(_too_large(url, max_bytes))
            size += len(chunk)
            if size > max_bytes:
                raise LoadError(_too_large(url, max_bytes))
            parts.append(chunk)
    except LoadError:
        raise
    except zlib.error:
        raise LoadError(f"{_short(url)}: the server sent a damaged compressed page") from None
    except TimeoutError:
        raise LoadError(f"{_short(url)}: timed out after {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise LoadError(f"{_short(url)}: the connection broke off while reading the page "
                        f"({_one_line(str(exc)) or type(exc).__name__})") from None
    return b"".join(parts)


def _too_large(url: str, max_bytes: int) -> str:
    return f"{_short(url)}: the page is larger than {_size(max_bytes)}, the most Margin downloads"


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n:,} bytes"


def _reason(code: int, reason: Any) -> str:
    from http import HTTPStatus

    text = _one_line(str(reason or ""))
    if not text:
        try:
            text = HTTPStatus(code).phrase
        except ValueError:
            text = "error"
    return text


def _network_message(url: str, reason: Any, timeout: float) -> str:
    import http.client
    import socket
    import ssl

    shown = _short(url)
    try:
        parts = urllib.parse.urlsplit(url)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return f"{shown}: not a valid web address"
    where = f"{host}:{port}" if port else host
    if isinstance(reason, socket.gaierror):
        return f"{shown}: cannot find the server {host} (name lookup failed: no network, or no such host)"
    if isinstance(reason, ConnectionRefusedError):
        return f"{shown}: connection refused by {where}"
    if isinstance(reason, TimeoutError):
        return f"{shown}: timed out after {timeout:g} s"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"{shown}: the server's certificate could not be verified ({_one_line(reason.verify_message or '')})"
    if isinstance(reason, ssl.SSLError):
        return f"{shown}: the secure connection failed ({_one_line(reason.reason or str(reason))})"
    if isinstance(reason, ConnectionResetError):
        return f"{shown}: the connection was reset by {where}"
    if isinstance(reason, http.client.HTTPException):
        return f"{shown}: the server sent a broken response ({type(reason).__name__})"
    if isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL):
        return f"{shown}: the network is unreachable (no network?)"
    if isinstance(reason, ValueError):
        return f"{shown}: not a valid web address"
    if isinstance(reason, OSError):
        return f"{shown}: cannot connect to {where} ({_one_line(reason.strerror or str(reason))})"
    return f"{shown}: cannot connect to {where} ({_one_line(str(reason))})"


def _one_line(text: str) -> str:
    return " ".join(sanitize(text).split())


def _short(url: str, limit: int = 200) -> str:
    url = _one_line(url)
    return url if len(url) <= limit else url[: limit - 1] + "…"


# ---------------------------------------------------------------- decoding

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# What browsers do with these labels (WHATWG Encoding): Latin-1 and ASCII mean windows-1252.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                    "us-ascii": "cp1252", "ascii": "cp1252", "l1": "cp1252", "x-sjis": "shift_jis",
                    "gb2312": "gb18030", "gbk": "gb18030", "iso-8859-9": "cp1254", "tis-620": "cp874",
                    "x-user-defined": "cp1252"}


def decode_body(data: bytes, content_type: str | None = None) -> str:
    """Decode a page: byte-order mark, then the declared charset (HTTP header, then
    ``<meta charset>``), then detection (``text.decode``). The result is sanitised."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return sanitize(decode(data)[0])
    candidates = []
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match:
            candidates.append(match.group(1))
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(data[:8192])
        if match:
            candidates.append(match.group(1).decode("ascii", "ignore"))
    for label in candidates:
        encoding = _codec(label)
        if encoding is None:
            continue
        try:
            return sanitize(data.decode(encoding))
        except UnicodeDecodeError:
            text = data.decode(encoding, errors="replace")
            if text.count("\ufffd") <= max(8, len(text) // 1000):  # a few bad bytes: keep the declaration
                return sanitize(text)
    return sanitize(decode(data)[0])


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # a <meta> that says UTF-16 in ASCII-compatible bytes is wrong (WHATWG)
    return name


# ---------------------------------------------------------------- one entry point for both paths


def page_text(data: bytes, content_type: str = "", url: str | None = None, name: str = "") -> tuple[str, str]:
    """(text, format) for ``document.parse``: an HTML page becomes front matter + Markdown
    ("markdown"); a Markdown or plain-text page is decoded as it is. Raises LoadError."""
    kind = content_kind(content_type, data, url or "")
    if kind == "html" or (kind is None and looks_like_html(name, data)):
        try:
            return extract(data, url, content_type=content_type).text(), "markdown"
        except LoadError as exc:
            if name and not url:
                raise LoadError(f"{name}: {exc}") from None
            raise
    if kind is None:
        raise LoadError(f"{name or url or 'input'}: not a web page or text ({content_type})")
    try:
        return decode_body(data, content_type), kind
    except LoadError as exc:
        raise LoadError(f"{name or url or 'input'}: {exc}") from None


# ---------------------------------------------------------------- extraction

_NOT_ARTICLE = "no article found on this page"


def extract(html: str | bytes, url: str | None = None, *, content_type: str | None = None) -> WebArticle:
    """The article of an HTML page. Raises LoadError when the page holds nothing article-like.

    ``url`` is where the page came from (it makes relative links absolute); ``content_type``
    the HTTP header, whose charset is used to decode bytes.
    """
    label = f"{_short(url)}: " if url else ""
    try:
        text = decode_body(html, content_type) if isinstance(html, (bytes, bytearray)) else sanitize(html)
    except LoadError as exc:  # binary data
        raise LoadError(f"{label}{exc}") from None
    if len(text) > MAX_HTML_CHARS:
        text = text[:MAX_HTML_CHARS]
    if url is not None and not is_url(url):
        url = None
    tree = _parse_html(text)
    if tree is None:
        raise LoadError(label + _NOT_ARTICLE)
    saved_from = _saved_from(text)
    meta = _page_metadata(tree)
    page_url = url or saved_from or meta.get("url")
    base = _base_url(tree, url or saved_from or meta.get("canonical") or meta.get("url"))
    _prune(tree)
    _unwrap_layout_tables(tree)
    _absolutize_links(tree, base)
    starts = _list_starts(tree)

    traf_meta: dict[str, Any] = {}
    if not (meta.get("title") and _clean_author(meta.get("author")) and _iso_date(meta.get("date"))):
        traf_meta = _trafilatura_metadata(tree, page_url, len(text))
    blocks = _trafilatura_blocks(tree, base, starts, recall=False)
    if _prose_size(blocks) < 400:
        recall = _trafilatura_blocks(tree, base, starts, recall=True)
        if _prose_size(recall) > _prose_size(blocks):
            blocks = recall
        if _prose_size(blocks) < 400:
            fallback = _readability_blocks(tree, base, starts)
            if _prose_size(fallback) > _prose_size(blocks) * 1.2:
                blocks = fallback

    title = _choose_title(meta, traf_meta, tree)
    blocks, title = _drop_title(blocks, title)
    if not _article_like(blocks):
        raise LoadError(label + _NOT_ARTICLE)
    markdown = _render(blocks)
    traf_site = _clean(traf_meta.get("sitename"), 120)
    domain_like = bool(traf_site and re.fullmatch(r"[\w.-]+\.[a-z]{2,}", traf_site, re.IGNORECASE))
    site = (_clean(meta.get("site"), 120) or (None if domain_like else traf_site)
            or _split_html_title(meta.get("html_title"), tree, None)[1] or traf_site or _hostname(page_url))
    return WebArticle(
        markdown=markdown,
        title=title,
        author=_clean_author(meta.get("author")) or _clean_author(traf_meta.get("author")),
        date=_iso_date(meta.get("date")) or _iso_date(traf_meta.get("date")),
        site=site,
        url=page_url if page_url and is_url(page_url) else None,
    )


def _parse_html(text: str) -> HtmlElement | None:
    from lxml import etree
    from lxml.html import HTMLParser, document_fromstring

    # huge_tree: libxml2 otherwise drops everything below a depth of 256 (old pages with
    # thousands of unclosed <font> tags get there); _flatten_deep then bounds the depth.
    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                        remove_comments=True, remove_pis=True, huge_tree=True)
    # lxml refuses str input with an XML encoding declaration: give it UTF-8 bytes instead.
    data = text.encode("utf-8", errors="replace")
    if not data.strip():
        return None
    try:
        tree = document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if tree is None or not len(tree):
        return None
    _flatten_deep(tree)
    _scrub_tree(tree)
    return tree


# Control characters that character references (&#27;, &#x9b;) put back after the source was sanitised.
_TREE_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _scrub_tree(tree: HtmlElement) -> None:
    for el in tree.iter():
        if el.text and _TREE_CONTROLS.search(el.text):
            el.text = sanitize(el.text)
        if el.tail and _TREE_CONTROLS.search(el.tail):
            el.tail = sanitize(el.tail)
        for key, value in el.attrib.items():
            if _TREE_CONTROLS.search(value):
                el.set(key, sanitize(value))


_MAX_TREE_DEPTH = 100


def _flatten_deep(tree: HtmlElement) -> None:
    """Replace what lies deeper than _MAX_TREE_DEPTH by its text, so that no recursive walk
    (ours or trafilatura's) runs out of stack."""
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
        text = " ".join(t.strip() for t in el.itertext() if t.strip())
        for child in list(el):
            el.remove(child)
        el.text = text


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


# ---------------------------------------------------------------- metadata

_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "report", "scholarlyarticle", "techarticle", "review",
    "satiricalarticle", "advertisercontentarticle", "medicalscholarlyarticle", "discussionforumposting",
})
_ORGANIZATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "website"})


def _page_metadata(tree: HtmlElement) -> dict[str, str]:
    """Title, author, date, site and url as the page declares them (JSON-LD, then <meta>)."""
    meta: dict[str, str] = {}
    tags: dict[str, str] = {}
    for el in tree.iterfind(".//meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = el.get("content")
        if key and value and value.strip() and key not in tags:
            tags[key] = value.strip()
    article, site = _json_ld(tree)
    if article:
        meta.update({k: v for k, v in article.items() if v})
    # The name the site shows (og:site_name, the JSON-LD WebSite) before the publisher's legal name.
    display = next((tags[k] for k in ("og:site_name", "application-name") if tags.get(k)), None)
    if display or site:
        meta["site"] = display or site or ""

    def first(*keys: str) -> str | None:
        return next((tags[k] for k in keys if tags.get(k)), None)

    meta.setdefault("title", first("og:title", "twitter:title", "title", "dc.title", "headline") or "")
    if not meta.get("site"):
        meta["site"] = first("publisher", "dc.publisher") or ""
    meta.setdefault("date", first(
        "article:published_time", "datepublished", "og:article:published_time", "published_time",
        "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "date",
        "pubdate", "publishdate", "publish-date", "article.published", "citation_publication_date") or "")
    author = first("author", "article:author", "dc.creator", "parsely-author", "sailthru.author",
                   "byl", "citation_author", "twitter:creator")
    if author and not re.match(r"(?i)https?://|www\.|@", author):
        meta.setdefault("author", author)
    if not meta.get("date"):
        for el in tree.iterfind(".//time[@datetime]"):
            if el.get("itemprop") == "datePublished" or el.get("pubdate") is not None:
                meta["date"] = el.get("datetime") or ""
                break
    url = first("og:url", "twitter:url")
    canonical = next((el.get("href") for el in tree.iterfind(".//head/link[@rel]")
                      if "canonical" in (el.get("rel") or "").lower().split()), None)
    if canonical and is_url(canonical.strip()):
        meta["canonical"] = canonical.strip()
    if url and is_url(url):
        meta.setdefault("url", url)
    elif canonical and is_url(canonical.strip()):
        meta.setdefault("url", canonical.strip())
    doc_title = tree.findtext(".//head/title") or tree.findtext(".//title") or ""
    meta["html_title"] = doc_title
    return {k: v for k, v in meta.items() if v}


def _json_ld(tree: HtmlElement) -> tuple[dict[str, str], str | None]:
    """(headline/author/date/site/url of the page's article, the site's name) from JSON-LD."""
    nodes: list[dict] = []
    for script in tree.iterfind(".//script"):
        kind = (script.get("type") or "").lower()
        if "ld+json" not in kind or not script.text or len(script.text) > 2_000_000:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"), strict=False)
        except ValueError:
            continue
        _collect_nodes(data, nodes, 0)
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}

    def resolve(value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in by_id:
            return by_id[value["@id"]]
        return value

    def names(value: Any, limit: int = 8) -> list[str]:
        out: list[str] = []
        for item in value if isinstance(value, list) else [value]:
            item = resolve(item)
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, list):
                name = name[0] if name else None
            if isinstance(name, str) and name.strip() and name.strip() not in out:
                out.append(name.strip())
            if len(out) >= limit:
                break
        return out

    site = None
    for wanted in ({"website"}, _ORGANIZATION_TYPES):
        for node in nodes:
            if _types(node) & wanted and not site:
                found = names(node)
                site = found[0] if found else None
    articles = [n for n in nodes if _types(n) & _ARTICLE_TYPES]
    if not articles:
        return {}, site
    art = max(articles, key=lambda n: (bool(n.get("headline")), bool(n.get("datePublished"))))
    headline = art.get("headline") or art.get("name")
    if isinstance(headline, list):
        headline = headline[0] if headline else None
    date = art.get("datePublished") or art.get("dateCreated") or art.get("uploadDate")
    publisher = names(art.get("publisher")) if art.get("publisher") else []
    page = art.get("url") or art.get("mainEntityOfPage")
    page = resolve(page)
    if isinstance(page, dict):
        page = page.get("@id") or page.get("url")
    found = {
        "title": headline if isinstance(headline, str) else "",
        "author": ", ".join(names(art.get("author"))) if art.get("author") else "",
        "date": date if isinstance(date, str) else "",
        "site": publisher[0] if publisher else "",
        "url": page if isinstance(page, str) and is_url(page) else "",
    }
    return found, site


def _collect_nodes(data: Any, out: list[dict], depth: int) -> None:
    if depth > 12 or len(out) > 500:
        return
    if isinstance(data, list):
        for item in data:
            _collect_nodes(item, out, depth + 1)
    elif isinstance(data, dict):
        out.append(data)
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                _collect_nodes(data[key], out, depth + 1)


def _types(node: dict) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


_TITLE_SEPARATORS = r"\s+[|\-–—:·•»«/]\s+|\s*[|·•»«]\s*"


def _choose_title(meta: dict[str, str], traf: dict[str, Any], tree: HtmlElement) -> str | None:
    """The headline: declared metadata first, then the part of <title> that is the headline
    (not the site's name), then trafilatura's guess, then the page's <h1>."""
    site = _clean(meta.get("site") or traf.get("sitename"), 200)
    title = _strip_site(_clean(meta.get("title"), 400), site)
    if title:
        return title
    headline, _ = _split_html_title(meta.get("html_title"), tree, site)
    if headline:
        return headline
    title = _strip_site(_clean(traf.get("title"), 400), site)
    if title:
        return title
    h1 = tree.find(".//body//h1")
    return _clean(h1.text_content() if h1 is not None else None, 400)


def _split_html_title(html_title: str | None, tree: HtmlElement, site: str | None) -> tuple[str | None, str | None]:
    """(headline, site name) from a <title> such as "Site - Headline" or "Headline | Site"."""
    title = _clean(html_title, 400)
    if not title:
        return None, None
    stripped = _strip_site(title, site)
    if stripped != title:
        return stripped, site
    parts = [p.strip() for p in re.split(_TITLE_SEPARATORS, title) if p and p.strip()]
    if len(parts) < 2:
        return title, None
    h1s = [_key(h.text_content()) for h in tree.iterfind(".//body//h1")]
    for part in parts:
        if _key(part) and _key(part) in h1s:
            return _other_parts(part, parts)
    body = tree.find("body")
    text = _key(body.text_content()[:20000]) if body is not None else ""
    found = [p for p in parts if len(_key(p)) >= 12 and _key(p) in text]
    best = max(found or parts, key=len)
    if not found and len(best.split()) < 3:
        return title, None
    return _other_parts(best, parts)


def _other_parts(headline: str, parts: list[str]) -> tuple[str, str | None]:
    others = [p for p in parts if p != headline]
    return headline, (others[0] if len(others) == 1 and len(others[0]) <= 80 else None)


def _strip_site(title: str | None, site: str | None) -> str | None:
    """'Headline | Site' -> 'Headline' (and 'Site - Headline' -> 'Headline')."""
    if not title or not site:
        return title
    parts = re.split(f"({_TITLE_SEPARATORS})", title)
    key = _key(site)
    if len(parts) >= 3 and _key(parts[-1]) == key:
        return "".join(parts[:-2]).strip() or title
    if len(parts) >= 3 and _key(parts[0]) == key:
        return "".join(parts[2:]).strip() or title
    return title


def _clean(value: Any, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(sanitize(_unescape(value)).split())
    if not value:
        return None
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _unescape(value: str) -> str:
    import html

    return html.unescape(value) if "&" in value else value


def _clean_author(value: Any) -> str | None:
    value = _clean(value, 300)
    if not value:
        return None
    value = re.sub(r"(?i)^(?:by|von|par|por|door)\s+", "", value).strip(" ,;|")
    if not value or re.search(r"(?i)https?://|www\.", value) or len(value) > 200:
        return None
    return value


def _iso_date(value: Any) -> str | None:
    """yyyy-mm-dd from an ISO-like date (2024-03-14T18:05:00Z, 2024/03/14, 20240314)."""
    if not isinstance(value, str):
        return None
    match = re.match(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)", value) or re.match(
        r"\s*(\d{4})(\d{2})(\d{2})(?:T|\s|$)", value)
    if not match:
        return None
    try:
        day = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return day.isoformat() if 1900 <= day.year <= 2100 else None


def _hostname(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urllib.parse.urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host[4:] if host.startswith("www.") else host or None


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
_WORDS = re.compile(r"[a-z0-9]+")
_COMMENT_WORDS = frozenset({"comment", "comments", "respond", "reply", "replies", "discussion", "disqus"})
_AD_ATTRIBUTE = re.compile(r"data-(?:ad|ads|ad-[a-z-]+|ad_[a-z_]+|google-query-id)$")


def _prune(tree: HtmlElement) -> None:
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
        _remove(el)


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
    words = _WORDS.findall(f"{el.get('class') or ''} {el.get('id') or ''}".lower())
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


def _remove(el) -> None:
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
                        recall: bool) -> list[_Block]:
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
        return [_Block("para", inline=_Span("", children=[line])) for line in lines]
    return _Converter(base, starts).container(body)


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


def _readability_blocks(tree: HtmlElement, base: str | None, starts: dict[str, int]) -> list[_Block]:
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
        words = _WORDS.findall(f"{el.get('class') or ''} {el.get('id') or ''}".lower())
        if el.tag.lower() in ("header", "footer", "aside", "nav") or any(w in _COMMENT_WORDS for w in words):
            _remove(el)
    return _Converter(base, starts).container(best)


# ---------------------------------------------------------------- an intermediate model of the body


@dataclass(slots=True)
class _Span:
    """An inline span: a link, emphasis, strong, strike, or (kind "") a plain group."""

    kind: str
    href: str | None = None
    children: list[Any] = field(default_factory=list)  # str | _Span | _Code | _BR


@dataclass(slots=True)
class _Code:
    text: str


class _BR:
    __slots__ = ()


BR = _BR()


@dataclass(slots=True)
class _Block:
    kind: str  # heading | para | code | quote | list
    level: int = 0
    inline: _Span | None = None
    text: str = ""  # code
    children: list[_Block] = field(default_factory=list)  # quote
    items: list[list[_Block]] = field(default_factory=list)  # list
    ordered: bool = False
    start: int = 1


_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_CONTAINERS = frozenset({"div", "section", "article", "main", "body", "header", "footer", "aside", "figure",
                         "center", "details", "fieldset", "address", "hgroup", "dl", "dd", "dt", "li", "item",
                         "td", "th", "cell", "caption", "figcaption", "summary", "html", "span-block", "note",
                         "ab", "form", "nav", "tbody", "thead", "tfoot", "row", "tr"})
_PARAGRAPHS = frozenset({"p"})
_QUOTES = frozenset({"blockquote", "quote"})
_LISTS = frozenset({"ul", "ol", "list", "menu", "dir"})
_TABLES = frozenset({"table"})
_PRE = frozenset({"pre"})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
                   "canvas", "img", "graphic", "picture", "video", "audio", "source", "track", "input",
                   "button", "select", "textarea", "option", "title", "meta", "link", "base",
                   "hr", "wbr", "map", "area", "param"})
_EMPHASIS = {"em": "em", "i": "em", "cite": "em", "dfn": "em", "var": "em",
             "strong": "strong", "b": "strong", "s": "del", "del": "del", "strike": "del"}
_INLINE_CODE = frozenset({"code", "kbd", "samp", "tt"})
_HI = {"#i": "em", "#b": "strong", "#t": "code", "#s": "del", "#u": ""}
_MAX_DEPTH = 120


class _Converter:
    """Turns an HTML or trafilatura-XML element tree into _Blocks."""

    def __init__(self, base: str | None, starts: dict[str, int] | None = None) -> None:
        self.base = base
        self.page = urllib.parse.urldefrag(base)[0] if base else None
        self.starts = starts or {}

    # ---- blocks

    def container(self, elem, depth: int = 0) -> list[_Block]:
        blocks: list[_Block] = []
        run = _Span("")

        def flush() -> None:
            nonlocal run
            if _has_text(run):
                blocks.append(_Block("para", inline=run))
            run = _Span("")

        if elem.text:
            run.children.append(elem.text)
        for child in elem:
            tag = _tag(child)
            if tag is None or tag in _SKIP:
                pass
            elif depth >= _MAX_DEPTH:
                run.children.append(" " + " ".join(child.itertext()) + " ")
            elif tag in _HEADINGS or tag == "head":
                flush()
                span = self.inline(child, depth + 1, flat=True)
                if _has_text(span):
                    level = _HEADINGS.get(tag) or _HEADINGS.get((child.get("rend") or "").lower(), 2)
                    blocks.append(_Block("heading", level=level, inline=span))
            elif tag in _PARAGRAPHS:
                flush()
                blocks.extend(self.paragraph(child, depth + 1))
            elif tag in _QUOTES:
                flush()
                inner = self.container(child, depth + 1)
                if inner:
                    blocks.append(_Block("quote", children=inner))
            elif tag in _LISTS:
                flush()
                block = self.listing(child, depth + 1)
                if block is not None:
                    blocks.append(block)
            elif tag in _TABLES:
                flush()
                blocks.extend(self.table(child, depth + 1))
            elif tag in _PRE or (tag == "code" and _multiline(child)):
                flush()
                code = _code_text(child)
                if code.strip():
                    blocks.append(_Block("code", text=code))
            elif tag in _CONTAINERS:
                flush()
                blocks.extend(self.container(child, depth + 1))
            else:
                self.inline_into(child, run, depth + 1)
            if child.tail:
                run.children.append(child.tail)
        flush()
        return blocks

    def paragraph(self, elem, depth: int) -> list[_Block]:
        """A <p>; block elements wrongly nested inside it (a list, a quote) become blocks of their own."""
        if not any(_tag(c) in _QUOTES or _tag(c) in _LISTS or _tag(c) in _PRE or _tag(c) in _TABLES
                   or _tag(c) in _PARAGRAPHS or (_tag(c) == "code" and _multiline(c)) for c in elem):
            span = self.inline(elem, depth)
            return [_Block("para", inline=span)] if _has_text(span) else []
        return self.container(elem, depth)

    def listing(self, elem, depth: int) -> _Block | None:
        tag = _tag(elem)
        ordered = tag == "ol" or (tag == "list" and (elem.get("rend") or "").lower() == "ol")
        start = 1
        if ordered and (elem.get("start") or "").strip().isdigit():
            start = min(int(elem.get("start").strip()), 999_999_999)
        items: list[list[_Block]] = []
        loose = _Span("")
        if elem.text and elem.text.strip():
            loose.children.append(elem.text)
        for child in elem:
            ctag = _tag(child)
            if ctag in ("li", "item"):
                if _has_text(loose):
                    items.append([_Block("para", inline=loose)])
                    loose = _Span("")
                content = self.container(child, depth + 1)
                if content:
                    items.append(content)
            elif ctag in _LISTS:  # a list directly inside a list: nest it in the previous item
                block = self.listing(child, depth + 1)
                if block is not None:
                    if items:
                        items[-1].append(block)
                    else:
                        items.append([block])
            elif ctag is not None and ctag not in _SKIP:
                content = self.container(_wrap(child), depth + 1)
                if content:
                    items.append(content)
            if child.tail and child.tail.strip():
                loose.children.append(child.tail)
        if _has_text(loose):
            items.append([_Block("para", inline=loose)])
        if ordered and start == 1 and items and self.starts:
            first = items[0][0] if items[0] else None
            if first is not None and first.inline is not None:
                start = self.starts.get(_key(_plain(first.inline))[:200], 1)
        return _Block("list", items=items, ordered=ordered, start=start) if items else None

    def table(self, elem, depth: int) -> list[_Block]:
        """Each row becomes a paragraph of its cells, separated by " | "."""
        blocks = []
        for row in elem.iter():
            if _tag(row) not in ("tr", "row"):
                continue
            span = _Span("")
            for cell in row:
                if _tag(cell) not in ("td", "th", "cell"):
                    continue
                cell_span = self.inline(cell, depth + 1, flat=True)
                if _has_text(cell_span):
                    if span.children:
                        span.children.append(" | ")
                    span.children.append(cell_span)
            if _has_text(span):
                blocks.append(_Block("para", inline=span))
        return blocks

    # ---- inline

    def inline(self, elem, depth: int, flat: bool = False) -> _Span:
        span = _Span("")
        self._contents_into(elem, span, depth, flat)
        return span

    def _contents_into(self, elem, span: _Span, depth: int, flat: bool) -> None:
        """The element's own text and its children, with their tails, into ``span``."""
        if elem.text:
            span.children.append(elem.text)
        for child in elem:
            self.inline_into(child, span, depth + 1, flat)
            if child.tail:
                span.children.append(child.tail)

    def inline_into(self, elem, span: _Span, depth: int, flat: bool = False) -> None:
        tag = _tag(elem)
        if tag is None or tag in _SKIP:
            return
        if depth >= _MAX_DEPTH:
            span.children.append(" ".join(elem.itertext()))
            return
        if tag in ("br", "lb"):
            span.children.append(" " if flat else BR)
            return
        if tag in _INLINE_CODE or (tag == "hi" and _HI.get(elem.get("rend") or "") == "code"):
            text = " ".join("".join(elem.itertext()).split())
            if text:
                span.children.append(_Code(text))
            return
        if tag in ("a", "ref"):
            href = self.link(elem.get("href") if tag == "a" else elem.get("target"))
            kind = "link" if href else ""
        elif tag == "hi":
            kind = _HI.get(elem.get("rend") or "", "")
            href = None
        else:
            kind = _EMPHASIS.get(tag, "")
            href = None
        child_span = _Span(kind, href)
        block_like = tag in _HEADINGS or tag in _PARAGRAPHS or tag in _QUOTES or tag in _LISTS or \
            tag in _CONTAINERS or tag in _PRE or tag in _TABLES or tag == "head"
        if block_like:
            child_span.children.append(" ")
        if tag == "q":
            child_span.children.append("“")
        self._contents_into(elem, child_span, depth, flat)
        if tag == "q":
            child_span.children.append("”")
        if block_like:
            child_span.children.append(" ")
        span.children.append(child_span)

    def link(self, href: str | None) -> str | None:
        return _resolve_link(href, self.base, self.page)


def _resolve_link(href: str | None, base: str | None, page: str | None) -> str | None:
    """An absolute http(s)/mailto URL for an href; None for anything else (javascript:, data:,
    a relative link without a base, a link to a place in this same page)."""
    if not href:
        return None
    href = "".join(ch for ch in sanitize(href) if not ch.isspace() or ch == " ").strip()
    if not href or len(href) > 4096 or href.startswith("#"):
        return None
    try:
        absolute = urllib.parse.urljoin(base or "", href)
        parts = urllib.parse.urlsplit(absolute)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _LINK_SCHEMES or (scheme != "mailto" and not parts.hostname):
        return None
    if page and parts.fragment and urllib.parse.urldefrag(absolute)[0] == page:
        return None
    return absolute


def _absolutize_links(tree: HtmlElement, base: str | None) -> None:
    """Make every link of the page absolute (against the page's own address, where trafilatura
    would use the site's root), and unlink what must not be followed (javascript:, data:, links
    inside this page)."""
    page = urllib.parse.urldefrag(base)[0] if base else None
    for el in tree.iter("a"):
        href = el.get("href")
        if href is None:
            continue
        target = _resolve_link(href, base, page)
        if target is None:
            del el.attrib["href"]
        elif target != href:
            el.set("href", target)


_TABLE_PARTS = ("thead", "tbody", "tfoot")
_BLOCKS_IN_CELLS = frozenset({"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br",
                              "table", "article", "section"})


def _unwrap_layout_tables(tree: HtmlElement) -> None:
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


def _list_starts(tree: HtmlElement) -> dict[str, int]:
    """The start number of each <ol start=N>, keyed by its first item's text (trafilatura drops it)."""
    starts: dict[str, int] = {}
    for ol in tree.iter("ol"):
        value = (ol.get("start") or "").strip()
        first = ol.find("li")
        if value.isdigit() and int(value) != 1 and first is not None:
            starts.setdefault(_key(first.text_content())[:200], min(int(value), 999_999_999))
    return starts


def _tag(elem) -> str | None:
    tag = elem.tag
    if not isinstance(tag, str):
        return None  # comments, processing instructions
    if "}" in tag:
        tag = tag.rsplit("}", 1)[1]
    return tag.lower()


def _wrap(elem):
    """An element as the only child of a fresh container (so it is converted as a block)."""
    from lxml import etree

    box = etree.Element("div")
    box.append(_copy_without_tail(elem))
    return box


def _copy_without_tail(elem):
    from copy import deepcopy

    clone = deepcopy(elem)
    clone.tail = None
    return clone


def _multiline(elem) -> bool:
    return "\n" in "".join(elem.itertext()) or any(_tag(e) in ("br", "lb") for e in elem.iter())


def _code_text(elem) -> str:
    parts: list[str] = []

    def walk(el) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            tag = _tag(child)
            if tag in ("br", "lb"):
                parts.append("\n")
            elif tag is not None and tag not in ("script", "style"):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(elem)
    text = "".join(parts).replace("\t", "    ")
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(line.rstrip() for line in lines)


def _has_text(span: _Span) -> bool:
    for child in span.children:
        if isinstance(child, str):
            if child.strip():
                return True
        elif isinstance(child, _Code):
            return True
        elif isinstance(child, _Span) and _has_text(child):
            return True
    return False


def _plain(span: _Span | None) -> str:
    if span is None:
        return ""
    out: list[str] = []
    for child in span.children:
        if isinstance(child, str):
            out.append(child)
        elif isinstance(child, _Code):
            out.append(child.text)
        elif isinstance(child, _Span):
            out.append(_plain(child))
        else:
            out.append("\n")
    return " ".join("".join(out).split())


def _links_text(span: _Span | None) -> int:
    if span is None:
        return 0
    total = 0
    for child in span.children:
        if isinstance(child, _Span):
            total += len(_plain(child)) if child.kind == "link" else _links_text(child)
    return total


def _leaves(blocks: list[_Block]) -> Iterator[tuple[str, _Block]]:
    """(context, block) for every heading, paragraph and code block, in order; context is
    "list" inside a list, "quote" inside a quote, else the block's own kind."""
    for block in blocks:
        if block.kind == "quote":
            for ctx, leaf in _leaves(block.children):
                yield ("list" if ctx == "list" else "quote"), leaf
        elif block.kind == "list":
            for item in block.items:
                for _, leaf in _leaves(item):
                    yield "list", leaf
        else:
            yield block.kind, block


def _prose_size(blocks: list[_Block]) -> int:
    """Characters of running text (paragraphs and quotes, not links)."""
    size = 0
    for ctx, leaf in _leaves(blocks):
        if ctx in ("para", "quote") and leaf.kind == "para":
            size += max(0, len(_plain(leaf.inline)) - _links_text(leaf.inline))
    return size


def _article_like(blocks: list[_Block]) -> bool:
    """Enough running text that is not links: at least 40 words, one paragraph of 12 or more."""
    words = 0
    longest = 0
    for ctx, leaf in _leaves(blocks):
        if leaf.kind != "para":
            continue
        text = _plain(leaf.inline)
        if not text or _links_text(leaf.inline) > len(text) * 0.5:
            continue
        count = len(text.split())
        if count < 6 and ctx == "list":
            continue
        words += count
        longest = max(longest, count)
    return words >= 40 and longest >= 12


def _key(text: str | None) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "").casefold() if ch.isalnum())


def _drop_title(blocks: list[_Block], title: str | None) -> tuple[list[_Block], str | None]:
    """Remove the title where it opens the body (as a heading or a paragraph); a page without
    a title in its metadata takes its first heading as the title."""
    if not title:
        first = next((leaf for _, leaf in _leaves(blocks)), None)
        if first is not None and first.kind == "heading" and first.level <= 2 and blocks and blocks[0] is first:
            return blocks[1:], _clean(_plain(first.inline), 400)
        return blocks, None
    key = _key(title)
    for i, block in enumerate(blocks[:3]):
        if block.kind in ("heading", "para") and key and _key(_plain(block.inline)) == key:
            return blocks[:i] + blocks[i + 1:], title
    return blocks, title


# ---------------------------------------------------------------- Markdown


def _render(blocks: list[_Block]) -> str:
    lines = _render_blocks(blocks)
    return "\n".join(lines).strip("\n") + "\n" if lines else ""


def _render_blocks(blocks: list[_Block], in_item: bool = False) -> list[str]:
    out: list[str] = []
    previous = None
    for block in blocks:
        lines = _render_block(block)
        if not lines:
            continue
        # A sublist right after its item's text stays tight; anything else gets a blank line.
        if out and not (in_item and block.kind == "list" and previous == "para"):
            out.append("")
        out.extend(lines)
        previous = block.kind
    return out


def _render_block(block: _Block) -> list[str]:
    if block.kind == "heading":
        text = _inline_markdown(block.inline, flat=True)
        return [f"{'#' * max(1, min(6, block.level))} {text[0]}"] if text and text[0] else []
    if block.kind == "para":
        return _inline_markdown(block.inline)
    if block.kind == "code":
        longest = max((len(m) for m in re.findall(r"`+", block.text)), default=0)
        fence = "`" * max(3, longest + 1)
        return [fence, *block.text.split("\n"), fence]
    if block.kind == "quote":
        inner = _render_blocks(block.children)
        return [f"> {line}" if line else ">" for line in inner]
    if block.kind == "list":
        out: list[str] = []
        number = block.start
        for item in block.items:
            inner = _render_blocks(item, in_item=True)
            if not inner:
                continue
            marker = f"{number}." if block.ordered else "-"
            number += 1
            pad = " " * (len(marker) + 1)
            out.append(f"{marker} {inner[0]}" if inner[0] else marker)
            out.extend(f"{pad}{line}" if line else "" for line in inner[1:])
        return out
    return []


# Inline tokens: ("t", text) ("code", text) ("br", "") ("open", kind, href) ("close", kind, href)
_ESCAPE_ALWAYS = re.compile(r"([\\`*\[\]<>&~#!])")
_SPACES = re.compile(r"\s+")
_LINE_START = re.compile(r"^([-+=])|^(\d{1,9})([.)])")
_EMPHASIS_MARK = {"em": "*", "strong": "**", "del": "~~"}


def _tokens(span: _Span | None, emphasis: bool, flat: bool = False) -> list[tuple]:
    """Flat tokens for a span: whitespace collapsed and trimmed, empty spans dropped, leading and
    trailing spaces moved out of spans, nested links and repeated emphasis flattened."""
    raw: list[tuple] = []

    def walk(node: _Span, in_link: bool, active: frozenset[str]) -> None:
        kind = node.kind
        if kind == "link":
            keep = not in_link  # a link inside a link keeps only its text
        else:
            keep = bool(kind) and emphasis and kind not in active
        if keep:
            raw.append(("open", kind, node.href))
        for child in node.children:
            if isinstance(child, str):
                raw.append(("t", child))
            elif isinstance(child, _Code):
                raw.append(("code", child.text))
            elif isinstance(child, _Span):
                walk(child, in_link or kind == "link",
                     active | {kind} if keep and kind != "link" else active)
            else:
                raw.append(("t", " ") if flat else ("br", ""))
        if keep:
            raw.append(("close", kind, node.href))

    if span is not None:
        walk(span, False, frozenset())
    # Collapse whitespace across tokens: one space between words, none at the start or end of a
    # line, and a space next to a marker goes outside the span ("a <em> b</em>" -> "a *b*").
    tokens: list[tuple] = []
    pending = False

    def space() -> None:
        j = len(tokens)
        while j and tokens[j - 1][0] == "open":
            j -= 1
        k = j
        while k and tokens[k - 1][0] in ("open", "close"):
            k -= 1
        if k == 0 or tokens[k - 1][0] == "br":
            return  # no space at the start of a line
        prev = tokens[j - 1]
        if prev[0] == "t" and prev[1].endswith(" "):
            return
        tokens.insert(j, ("t", " "))

    for tok in raw:
        kind = tok[0]
        if kind == "t":
            text = _SPACES.sub(" ", tok[1])
            if not text:
                continue
            core = text.strip(" ")
            if text[0] == " ":
                pending = True
            if core:
                if pending:
                    space()
                tokens.append(("t", core))
                pending = text[-1] == " "
        elif kind == "code":
            if pending:
                space()
            tokens.append(tok)
            pending = False
        elif kind == "br":
            while tokens and tokens[-1] == ("t", " "):
                tokens.pop()
            if tokens and tokens[-1][0] != "br":  # no blank lines from <br><br>, no leading break
                tokens.append(tok)
            pending = False
        elif kind == "open":
            tokens.append(tok)
        else:  # close: a pending space goes after it
            if tokens and tokens[-1][0] == "open" and tokens[-1][1] == tok[1]:
                tokens.pop()  # an empty span
            else:
                tokens.append(tok)
    # No break at the start or end of the paragraph or next to another (span markers do not
    # count), and no span left empty: repeat until nothing changes.
    while True:
        content = [i for i, t in enumerate(tokens) if t[0] not in ("open", "close")]
        drop = set()
        for n, i in enumerate(content):
            if tokens[i][0] == "br" and (n == 0 or n == len(content) - 1 or tokens[content[n + 1]][0] == "br"):
                drop.add(i)
        for i in range(len(tokens) - 1):
            if tokens[i][0] == "open" and tokens[i + 1][0] == "close" and i not in drop and i + 1 not in drop:
                drop.update((i, i + 1))
            elif (tokens[i][0] == "open" and tokens[i + 1][0] == "br" and i + 2 < len(tokens)
                  and tokens[i + 2][0] == "close" and not drop & {i, i + 1, i + 2}):
                drop.update((i, i + 2))  # a span around nothing but a line break
        if not drop:
            return tokens
        tokens = [t for i, t in enumerate(tokens) if i not in drop]


def _inline_markdown(span: _Span | None, flat: bool = False) -> list[str]:
    """Lines of Markdown for a paragraph's inline content (hard breaks end lines).

    Emphasis is kept where CommonMark will read it back as emphasis around the same text; the
    paragraph is parsed back to make sure, and loses its emphasis if it does not read back.
    """
    tokens = _drop_unsafe_emphasis(_tokens(span, True, flat))
    if not any(t[0] == "open" and t[1] != "link" for t in tokens):
        return _lines(tokens)
    lines = _lines(tokens)
    from .document import parse

    expected = "".join(t[1] if t[0] in ("t", "code") else "\n" if t[0] == "br" else "" for t in tokens)
    if parse("\n".join(lines), "markdown").text == expected:
        return lines
    return _lines([t for t in tokens if t[0] not in ("open", "close") or t[1] == "link"])


def _lines(tokens: list[tuple]) -> list[str]:
    merged: list[tuple] = []
    for tok in tokens:
        if tok[0] == "code" and merged and merged[-1][0] == "code":  # `a``b` would not read back
            merged[-1] = ("code", merged[-1][1] + tok[1])
        else:
            merged.append(tok)
    tokens = merged
    lines: list[str] = []
    current: list[str] = []
    line_plain: list[str] = []
    for tok in tokens:
        kind = tok[0]
        if kind == "t":
            current.append(_escape_text(tok[1]))
            line_plain.append(tok[1])
        elif kind == "code":
            current.append(_code_span(tok[1]))
            line_plain.append(tok[1])
        elif kind == "br":
            lines.append(_finish_line(current, line_plain) + "\\")
            current, line_plain = [], []
        elif kind == "open":
            current.append("[" if tok[1] == "link" else _EMPHASIS_MARK[tok[1]])
            line_plain.append("\x00")
        else:
            if tok[1] == "link":
                current.append(f"]({_link_destination(tok[2])})")
            else:
                current.append(_EMPHASIS_MARK[tok[1]])
            line_plain.append("\x00")
    if current:
        lines.append(_finish_line(current, line_plain))
    return [line for line in lines if line.strip() and line.strip() != "\\"]


def _finish_line(parts: list[str], plain: list[str]) -> str:
    line = "".join(parts)
    # A line must not start like block syntax: a list marker, a setext underline, "1." or "1)".
    first = next((p for p in plain if p), "")
    if first and first != "\x00":
        match = _LINE_START.match(line)
        if match:
            if match.group(1):
                line = "\\" + line
            else:
                line = match.group(2) + "\\" + line[len(match.group(2)):]
    return line


def _escape_text(text: str) -> str:
    text = _ESCAPE_ALWAYS.sub(r"\\\1", text)
    if "_" in text:
        # An underscore inside a word cannot open or close emphasis; anywhere else, escape it.
        text = re.sub(r"(?<![^\W_])_|_(?![^\W_])", r"\\_", text)
    return text


def _code_span(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ")):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def _link_destination(url: str | None) -> str:
    return urllib.parse.quote(url or "", safe=":/?#[]@!$&'*+,;=%~-._")


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith(("P", "S"))


def _drop_unsafe_emphasis(tokens: list[tuple]) -> list[tuple]:
    """Keep an emphasis pair only where CommonMark will read its markers as emphasis: the opener
    left-flanking, the closer right-flanking, and never right next to another emphasis marker."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, tok in enumerate(tokens):
        if tok[0] == "open":
            stack.append(i)
        elif tok[0] == "close" and stack:
            pairs[stack.pop()] = i
    drop: set[int] = set()

    def char_before(i: int) -> str:
        j = i - 1
        while j >= 0 and j in drop:
            j -= 1
        if j < 0:
            return " "
        tok = tokens[j]
        if tok[0] == "t":
            return tok[1][-1]
        if tok[0] == "br":
            return " "
        return "`" if tok[0] == "code" else "*"  # markers and code spans end in punctuation

    def char_after(i: int) -> str:
        j = i + 1
        while j < len(tokens) and j in drop:
            j += 1
        if j >= len(tokens):
            return " "
        tok = tokens[j]
        if tok[0] == "t":
            return tok[1][0]
        if tok[0] == "br":
            return " "
        return "`" if tok[0] == "code" else "*"

    def neighbour(i: int, step: int) -> tuple | None:
        j = i + step
        while 0 <= j < len(tokens) and j in drop:
            j += step
        return tokens[j] if 0 <= j < len(tokens) else None

    for start in sorted(pairs):
        end = pairs[start]
        if tokens[start][1] == "link":
            continue
        near = (neighbour(start, -1), neighbour(start, 1), neighbour(end, -1), neighbour(end, 1))
        if any(t is not None and t[0] in ("open", "close") and t[1] != "link" for t in near):
            drop.update((start, end))
            continue
        before, first, last, after = char_before(start), char_after(start), char_before(end), char_after(end)
        left_flanking = not first.isspace() and (not _is_punct(first) or before.isspace() or _is_punct(before))
        right_flanking = not last.isspace() and (not _is_punct(last) or after.isspace() or _is_punct(after))
        if not (left_flanking and right_flanking):
            drop.update((start, end))
    return [tok for i, tok in enumerate(tokens) if i not in drop]
