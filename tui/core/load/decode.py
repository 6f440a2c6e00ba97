"""Decode an article's bytes: byte-order marks, UTF-8, UTF-16, legacy encodings; binary refused."""

from __future__ import annotations

import codecs

from . import LoadError

_BINARY_MAGIC = (
    b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF", b"GIF8", b"\xff\xd8\xff",
    b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"SQLite format 3", b"MZ", b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe", b"\x00asm", b"OggS", b"RIFF", b"ID3", b"fLaC",
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bytes that do not occur in text in any encoding we accept (tab, newlines, form feed and ESC do).
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def decode(data: bytes) -> tuple[str, str]:
    """Decode article bytes, returning (text, encoding). Raises LoadError for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    if not data:
        return "", "utf-8"
    head = data[:65536]
    if head.startswith(_BINARY_MAGIC):
        raise LoadError("this is a binary file, not text")
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16:
            return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"  # stray control bytes are removed later
    except UnicodeDecodeError:
        pass
    # Not UTF-8. Legacy encodings hold no control bytes but tab, newlines, form feed and ESC.
    if sum(head.count(b) for b in _BINARY_BYTES) > len(head) * 0.01:
        raise LoadError("this looks like binary data, not text")
    encoding = _guess_legacy(data)
    return data.decode(encoding, errors="replace"), encoding


def _utf16_without_bom(head: bytes) -> str | None:
    even = head[0::2]
    odd = head[1::2]
    if len(head) < 4:
        return None
    if odd.count(0) > len(odd) * 0.6 and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.6 and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    return None


def _guess_legacy(data: bytes) -> str:
    """Name the legacy single-byte encoding of bytes that are not UTF-8."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    if best is None:
        raise LoadError("this does not look like text (unknown encoding or binary data)")
    encoding = best.encoding
    # For Western text charset-normalizer often names a near relative of cp1252; when cp1252
    # reads the bytes without a hole, it is the likelier one (it is what Windows wrote).
    if encoding in {"latin_1", "iso8859_15", "cp1250", "mac_roman", "iso8859_2", "cp850"}:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return encoding
        return "cp1252"
    return encoding
