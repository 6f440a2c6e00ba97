"""A statement as a quotation to paste elsewhere: the quote, who said it, where and when."""

from __future__ import annotations

from pathlib import PurePath

from ..text import ELLIPSIS, displayable, one_line, scrub
from .markdown_export import text_fragment_url

#: Characters of the quote kept in a citation; a longer statement is cut at a word, with "…".
QUOTE_LIMIT = 1200
#: Characters kept of the speaker, the title and the date (they come from the article too).
NAME_LIMIT, TITLE_LIMIT, DATE_LIMIT = 120, 300, 40
#: Inside the quotation marks of the citation, the quote's own double quotes become single ones.
_NESTED = str.maketrans({"“": "‘", "”": "’", '"': "'", "«": "‹", "»": "›"})


def _clean(text: str | None) -> str:
    """On one line, without control characters, escape sequences or halves of characters."""
    return one_line(displayable(scrub(text or "")))


def _cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word, ending with "…"."""
    if len(text) <= limit:
        return text
    head = text[: max(0, limit - 1)]
    word = head.rsplit(" ", 1)[0] if " " in head[limit // 2:] else head
    return word.rstrip(" ,;:") + ELLIPSIS


def where_from(source: str) -> str:
    """Where an article came from, as a citation names it: its address (a web page), its file
    name (a file), "standard input"."""
    source = _clean(source)
    if source.startswith(("http://", "https://")):
        return source.replace(" ", "%20")
    if not source or source in ("<stdin>", "-"):
        return "standard input"
    return PurePath(source).name or source


def cite(quote: str, *, speaker: str | None = None, title: str = "", source: str = "",
         date: str | None = None, limit: int = QUOTE_LIMIT) -> str:
    """The statement ``quote`` as a quotation on one line::

        “In May, the Biden administration …” — Jake Sullivan, in "Missiles",
        https://example.org/a#:~:text=In%20May…, 2024-06-03

    ``source``: the page's address (then linked to the quote itself, a URL text fragment), the
    file's path (then named by its file name) or "<stdin>". What is missing is left out.
    Everything comes from the article: made plain text, on one line, never longer than
    ``limit`` characters of quote and a few hundred of the rest."""
    words = _clean(quote)
    shown = _cut(words, limit).translate(_NESTED)
    parts = []
    if speaker and _clean(speaker):
        parts.append(_cut(_clean(speaker), NAME_LIMIT))
    title = _cut(_clean(title), TITLE_LIMIT).translate(_NESTED)
    if title:
        parts.append(f'in "{title}"')
    where = where_from(source)
    if where.startswith(("http://", "https://")) and words:
        where = text_fragment_url(where, words)
    parts.append(where)
    date = _cut(_clean(date), DATE_LIMIT)
    if date:
        parts.append(date)
    return f"“{shown}” — " + ", ".join(parts)
