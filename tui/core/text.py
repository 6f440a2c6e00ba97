"""Load an article's bytes from a path or stdin into clean, safe, NFC-normalised text."""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: The largest article Margin reads. Bigger inputs are refused with a message that names it.
MAX_BYTES = 32 * 1024 * 1024

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})


class LoadError(Exception):
    """An input that cannot be read as an article; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class SourceText:
    """Decoded, sanitised text of one input and where it came from."""

    text: str
    name: str  # what to show: the path as given, or "<stdin>"
    path: Path | None  # absolute path, None for stdin
    encoding: str
    format: str  # "markdown" | "text"
    url: str | None = None  # where a web page came from (after redirects)


# Escape sequences are removed whole, so that no "[31m" debris is left behind.
# OSC/DCS bodies are bounded and stop at a newline: an unterminated one must not eat the article.
_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?                    # CSI (ESC [ ... final)
    | \x9b[0-?]*[ -/]*[@-~]?                      # CSI as a C1 character
    | (?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]{0,4096}(?:\x07|\x1b\\|\x9c)?   # OSC (title, clipboard, links)
    | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c\n]{0,4096}(?:\x1b\\|\x9c)?  # DCS SOS PM APC
    | \x1b[ -/]*[0-~]?                            # any other escape
    """,
    re.VERBOSE,
)
# C0 except tab and newline, DEL, C1, and the bidi embedding/override/isolate controls
# (which can make the terminal show text in an order other than the one stored).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

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


def sanitize(text: str) -> str:
    """Newlines to ``\\n``, escape sequences and control characters removed, NFC."""
    return unicodedata.normalize("NFC", scrub(_NEWLINES.sub("\n", text)))


def scrub(text: str) -> str:
    """Escape sequences and control characters (but tab and newline) removed; nothing else
    touched. For text that is not an article: note bodies, tags, imported fields."""
    if _needs_scrub(text):
        text = _ESCAPES.sub("", text)
        text = _CONTROLS.sub("", text)
    return text


def _needs_scrub(text: str) -> bool:
    # A fast path: most articles hold no control character at all.
    return _CONTROLS.search(text) is not None


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


def read_bytes(source: str, stdin: BinaryIO | None = None) -> tuple[bytes, str, Path | None]:
    """Read at most MAX_BYTES from a path or ``-`` (stdin). Returns (bytes, name, path)."""
    if source == "-":
        if stdin is None and (sys.stdin is None or sys.stdin.closed):
            raise LoadError("-: there is no standard input to read")
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            interactive = stream.isatty()
        except (AttributeError, ValueError, OSError):
            interactive = False
        if interactive:  # it would wait for a paste and an end-of-file most people cannot type
            raise LoadError("-: standard input is the terminal; pipe an article in "
                            "(margin claims - < article.txt)")
        data = stream.read(MAX_BYTES + 1)
        _check_size(data)
        return data, "<stdin>", None
    path = Path(source).expanduser()
    try:
        info = path.stat()
    except FileNotFoundError:
        raise LoadError(f"{source}: no such file") from None
    except PermissionError:
        raise LoadError(f"{source}: permission denied") from None
    except OSError as exc:
        raise LoadError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(f"{source}: is a directory, not an article")
    if stat.S_ISFIFO(info.st_mode):
        data = _read_pipe(path, source)
        return data, source, None
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(f"{source}: is a device or socket, not a file")
    if info.st_size > MAX_BYTES:
        raise LoadError(f"{source}: too large ({_mb(info.st_size)}; Margin reads articles up to {_mb(MAX_BYTES)})")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except PermissionError:
        raise LoadError(f"{source}: permission denied") from None
    except IsADirectoryError:
        raise LoadError(f"{source}: is a directory, not an article") from None
    except OSError as exc:
        raise LoadError(f"{source}: cannot read ({exc.strerror or exc})") from None
    _check_size(data, source)
    return data, source, Path(os.path.abspath(path))


#: A pipe (``margin claims <(curl …)``) that sends nothing for this long is given up on.
PIPE_IDLE_SECONDS = 30.0


def _read_pipe(path: Path, source: str) -> bytes:
    """Read a named pipe without ever hanging: no writer means an empty article, and a writer
    that goes quiet for PIPE_IDLE_SECONDS is an error."""
    import select

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise LoadError(f"{source}: cannot read ({exc.strerror or exc})") from None
    chunks: list[bytes] = []
    total = 0
    idle = float(os.environ.get("MARGIN_PIPE_TIMEOUT", PIPE_IDLE_SECONDS))
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], idle)
            if not ready:
                raise LoadError(f"{source}: nothing came through the pipe for {idle:g} s "
                                "(is a program writing to it?)")
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                continue
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_BYTES:
                raise LoadError(f"{source}: too large (Margin reads articles up to {_mb(MAX_BYTES)})")
    finally:
        os.close(fd)
    return b"".join(chunks)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _check_size(data: bytes, name: str = "<stdin>") -> None:
    if len(data) > MAX_BYTES:
        raise LoadError(f"{name}: too large (Margin reads articles up to {_mb(MAX_BYTES)})")


def detect_format(name: str, text: str) -> str:
    """``markdown`` for Markdown files by suffix, else ``text``."""
    if Path(name).suffix.lower() in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def load(source: str, stdin: BinaryIO | None = None, format: str | None = None) -> SourceText:
    """Read, decode and sanitise one input — a file, ``-`` (stdin) or an http(s) URL.

    Web pages (a URL, a saved .html file, or any input that is HTML) become the article alone, as
    Markdown with front matter (title, author, date, site). Raises LoadError (one line)."""
    from . import web  # the web path loads its extractor only when a page needs it

    if web.is_url(source):
        data, final, content_type = web.fetch(source)
        text, fmt = web.page_text(data, content_type, final)
        return SourceText(text=sanitize(text), name=final, path=None, encoding="utf-8",
                          format=format or fmt, url=final)
    data, name, path = read_bytes(source, stdin)
    if web.looks_like_html(name, data):
        text, fmt = web.page_text(data, name=name)
        return SourceText(text=sanitize(text), name=name, path=path, encoding="utf-8",
                          format=format or fmt)
    try:
        text, encoding = decode(data)
    except LoadError as exc:
        raise LoadError(f"{name}: {exc}") from None
    text = sanitize(text)
    return SourceText(text=text, name=name, path=path, encoding=encoding,
                      format=format or detect_format(name, text))
