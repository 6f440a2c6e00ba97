"""A statement as a quotation to paste elsewhere: the quote, who said it, where and when."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from ..text import ELLIPSIS, NESTED_QUOTES, displayable, one_line, scrub
from .markdown_export import text_fragment_url

#: Characters of the quote kept in a citation; a longer statement is cut at a word, with "…".
QUOTE_LIMIT = 1200
#: Characters kept of the speaker, the title and the date (they come from the article too).
NAME_LIMIT, TITLE_LIMIT, DATE_LIMIT = 120, 300, 40
#: Inside the quotation marks of the citation, the quote's own double quotes become single ones.
_NESTED = NESTED_QUOTES


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


#: The marks a quotation is opened and closed with (taken off: the citation adds its own).
_MARKS = "“”\"‘’'«»„‚‹›"


def _unquoted(quotation: str) -> str:
    """A quotation's words without the marks around them."""
    return quotation.strip().strip(_MARKS).strip()


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
         date: str | None = None, limit: int = QUOTE_LIMIT, quoted: Sequence[str] = ()) -> str:
    """The statement ``quote`` as a quotation on one line. Words are credited to whoever wrote
    or said them: a speaker's own words (``quoted``: the statement's quotations, the speaker's)
    to the speaker; a statement that reports a speaker without quoting them is the article's
    words, and says whom it reports::

        “We’re working that out now.” — Biden, in "Missiles", https://example.org/a#:~:text=…
        “Putin has reacted, stating that …” — in "Missiles", reporting Vladimir Putin, a.txt

    ``source``: the page's address (then linked to the statement itself, a URL text fragment),
    the file's path (then named by its file name) or "<stdin>". What is missing is left out.
    Everything comes from the article: made plain text, on one line, never longer than
    ``limit`` characters of quote and a few hundred of the rest."""
    words = _clean(quote)
    speaker = _cut(_clean(speaker), NAME_LIMIT) if speaker else ""
    own = [w for w in (_clean(_unquoted(q)) for q in quoted) if w] if speaker else []
    shown = _cut(" … ".join(own) if own else words, limit).translate(_NESTED)
    parts = []
    if speaker and own:
        parts.append(speaker)
    title = _cut(_clean(title), TITLE_LIMIT).translate(_NESTED)
    if title:
        parts.append(f'in "{title}"')
    if speaker and not own:
        parts.append(f"reporting {speaker}")
    where = where_from(source)
    if where.startswith(("http://", "https://")) and words:
        where = text_fragment_url(where, words)
    parts.append(where)
    date = _cut(_clean(date), DATE_LIMIT)
    if date:
        parts.append(date)
    return f"“{shown}” — " + ", ".join(parts)
