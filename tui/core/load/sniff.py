"""What an input is: a web address, an HTML page, Markdown or plain text."""

from __future__ import annotations

import codecs
import re
import urllib.parse
from pathlib import Path, PurePosixPath

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})
UNKNOWN_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})


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
    if mime in HTML_TYPES:
        return "html"
    if mime in MARKDOWN_TYPES:
        return "markdown"
    if mime == "text/plain":
        return "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
    if mime in UNKNOWN_TYPES:
        if looks_like_html(PurePosixPath(urllib.parse.urlsplit(url).path).name if url else "", data):
            return "html"
        return "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
    return None


def detect_format(name: str, text: str) -> str:
    """``markdown`` for Markdown files by suffix, else ``text``."""
    if Path(name).suffix.lower() in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"

