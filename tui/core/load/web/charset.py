"""Decode a web page as a browser would: byte-order mark, declared charset, then detection."""

from __future__ import annotations

import codecs
import re

from ...text import sanitize
from ..decode import decode

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
