"""Folding: the text search compares — case, accents, apostrophes and punctuation made alike."""

from __future__ import annotations

import re
import unicodedata

# Folding: the text both search_score and the index compare.
#
# Case-folded, accents removed, apostrophes dropped ("don't" -> "dont", "Sullivan's" ->
# "sullivans"), thousands separators dropped ("3,500" -> "3500"), a decimal point kept
# ("3.5"), every other run of non-alphanumerics one space, and one leading space so that
# " " + word marks the start of a word ("Jake Sullivan's" -> " jake sullivans").

_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_APOSTROPHES = "'’‘"
# (each begins with the character it removes: much faster to scan for than a look-behind)
_THOUSANDS = re.compile(r"[,.](?<=\d[,.])(?=\d{3}(?!\d))")
_NOT_DECIMAL = re.compile(r"\.(?:(?!\d)|(?<!\d\.))")
_TOKEN = re.compile(r"[^\W_]+")
_TOKEN_DOT = re.compile(r"(?:[^\W_]|\.)+")  # after _NOT_DECIMAL only decimal points are left
_BYTES = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))
_BYTES_DOT = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 or c == 46 else 32 for c in range(256))
_DIGITS = "0123456789"
_SPACES = "“”«»—–…\u00a0"  # common in English text: made spaces before the ASCII check


def _plain(s: str) -> str:
    """Casefolded non-ASCII text without accents (NFKD, combining marks removed)."""
    for c in _APOSTROPHES[1:]:
        s = s.replace(c, "'")
    for c in _SPACES:
        s = s.replace(c, " ")
    if s.isascii():
        return s
    # (NFKD can make capitals: "𝕬" is "A"; casefolding can make what NFKD splits again)
    s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", s).casefold())
    return _MARKS.sub("", s)


def fold(text: str) -> str:
    s = text.lower() if text.isascii() else _plain(text.casefold())
    s = s.replace("'", "")
    for d in _DIGITS:
        if d in s:
            s = _NOT_DECIMAL.sub(" ", _THOUSANDS.sub("", s))
            if s.isascii():
                return (b" " + b" ".join(s.encode().translate(_BYTES_DOT).split())).decode()
            return " " + " ".join(_TOKEN_DOT.findall(s))
    if s.isascii():
        return (b" " + b" ".join(s.encode().translate(_BYTES).split())).decode()
    return " " + " ".join(_TOKEN.findall(s))


def fold_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the index in text it comes from.

    The leading space and the spaces between words map to -1.
    """
    chars: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        f = c.lower() if c.isascii() else _plain(c.casefold())
        for d in f:
            if d != "'":
                chars.append(d)
                origin.append(i)
    s = "".join(chars)
    pattern = _TOKEN
    if any(d in s for d in _DIGITS):
        drop = {m.start() for m in _THOUSANDS.finditer(s)}
        if drop:
            keep = [k for k in range(len(s)) if k not in drop]
            s = "".join(s[k] for k in keep)
            origin = [origin[k] for k in keep]
        s = _NOT_DECIMAL.sub(" ", s)
        pattern = _TOKEN_DOT
    out = [" "]
    where = [-1]
    for m in pattern.finditer(s):
        if len(out) > 1:
            out.append(" ")
            where.append(-1)
        out.append(m.group())
        where.extend(origin[m.start():m.end()])
    return "".join(out), where
