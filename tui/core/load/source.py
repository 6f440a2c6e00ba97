"""One input to clean text: a file, standard input or a web address, whatever its encoding."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..text import sanitize
from . import LoadError
from .decode import decode
from .read import read_bytes
from .sniff import detect_format, is_url, looks_like_html


@dataclass(frozen=True, slots=True)
class SourceText:
    """Decoded, sanitised text of one input and where it came from."""

    text: str
    name: str  # what to show: the path as given, or "<stdin>"
    path: Path | None  # absolute path, None for stdin
    encoding: str
    format: str  # "markdown" | "text"
    url: str | None = None  # where a web page came from (after redirects)
    #: What the user should be told about how the input was read (a page cut or flattened).
    notices: tuple[str, ...] = ()


def load(source: str, stdin: BinaryIO | None = None, format: str | None = None) -> SourceText:
    """Read, decode and sanitise one input — a file, ``-`` (stdin) or an http(s) URL.

    Web pages (a URL, a saved .html file, or any input that is HTML) become the article alone, as
    Markdown with front matter (title, author, date, site). Raises LoadError (one line)."""
    if is_url(source):
        from .web.extract import page_text
        from .web.fetch import fetch  # the web path loads its extractor only when a page needs it

        data, final, content_type = fetch(source)
        text, fmt, notices = page_text(data, content_type, final)
        return SourceText(text=sanitize(text), name=final, path=None, encoding="utf-8",
                          format=format or fmt, url=final, notices=notices)
    data, name, path = read_bytes(source, stdin)
    if looks_like_html(name, data):
        from .web.extract import page_text

        text, fmt, notices = page_text(data, name=name)
        return SourceText(text=sanitize(text), name=name, path=path, encoding="utf-8",
                          format=format or fmt, notices=notices)
    try:
        text, encoding = decode(data)
    except LoadError as exc:
        raise LoadError(f"{name}: {exc}") from None
    text = sanitize(text)
    return SourceText(text=text, name=name, path=path, encoding=encoding,
                      format=format or detect_format(name, text))
