"""Note text as the reader shows it: a body's Markdown drawn with styles, and a changed sentence's
words marked. Bodies are untrusted: drawn as Content (never markup), links never live."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from textual.content import Content, Span

from ..core.commonmark import inline, parser
from ..core.text import ELLIPSIS, clip, scrub

if TYPE_CHECKING:
    from ..core.notes.model import Evidence

#: Inline spans as text styles, readable in every theme and without colour.
INLINE_STYLES = {"emphasis": "italic", "strong": "bold", "strike": "strike", "code": "reverse",
                 "link": "underline"}
CODE = "reverse"
#: Heading levels: the first underlined as well.
HEADING_STYLES = {"h1": "bold underline"}
HEADING = "bold"
#: A word taken out of a sentence, and one put in: by style and not by colour alone.
REMOVED = "strike"
ADDED = "bold underline"
MUTED = "$text-muted"
#: Only the start of a body is read (a note list shows a line of it, the sidebar a few).
READ = 2000
#: Longer sentences are compared by their start (the rest is shown unmarked).
COMPARED = 2000
#: Words (and spaces) of two sentences' changed middles compared one by one, at most.
MIDDLE = 400
#: Characters shown before the first change when a changed sentence is cut to fit (at most a
#: quarter of the width).
LEAD = 40

_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def _inline_content(children, addresses: bool) -> Content:
    """An inline token's children as styled text; a link's address after it (muted, in
    ‹›) when ``addresses``, unless its text says it already."""
    children = list(children or ())
    for child in children:  # what looks like HTML in a note is the writer's text: kept
        if child.type == "html_inline":
            child.type = "text"
    pieces, spans = inline(children)
    text = "".join(pieces)
    content = Content(text, [Span(s, e, INLINE_STYLES[k]) for k, s, e, _ in spans])
    links = [(e, href) for k, s, e, href in spans
             if addresses and k == "link" and href and href != text[s:e]]
    if not links:
        return content
    parts: list = []
    at = 0
    for end, href in sorted(links):
        parts.extend((content[at:end], (f" ‹{clip(href, 60)}›", MUTED)))
        at = end
    parts.append(content[at:])
    return Content.assemble(*parts)


@lru_cache(maxsize=2048)
def body_lines(body: str, addresses: bool = True) -> tuple[Content, ...]:
    """The lines of a note body's Markdown (its first READ characters) as styled Content: a
    heading bold, emphasis italic, code reversed, list items with their bullet or number,
    quotes behind a bar; HTML shown as the text it is written as. Cached: a body is
    drawn again on every move of the cursor and every scroll of the list."""
    lines: list[Content] = []
    # Each open container: [its prefix for the next line, for the lines after that].
    containers: list[list[str]] = []
    style = ""

    def emit(content: Content) -> None:
        for line in content.split("\n", allow_blank=True):
            head = "".join(c[0] for c in containers)
            for c in containers:
                c[0] = c[1]
            lines.append(Content.assemble(head, line) if head else line)

    for tok in parser().parse(scrub(body[:READ]).replace("\t", "    ")):
        t = tok.type
        if t == "list_item_open":
            marker = f"{tok.info}{tok.markup} " if tok.info else "• "
            containers.append([marker, " " * len(marker)])
        elif t == "blockquote_open":
            containers.append(["▎ ", "▎ "])
        elif t in ("list_item_close", "blockquote_close"):
            containers.pop()
        elif t == "heading_open":
            style = HEADING_STYLES.get(tok.tag, HEADING)
        elif t == "heading_close":
            style = ""
        elif t == "inline":
            content = _inline_content(tok.children, addresses)
            emit(content.stylize_before(style) if style else content)
        elif t in ("fence", "code_block"):
            emit(Content.styled(tok.content.rstrip("\n"), CODE))
        elif t == "html_block":
            emit(Content(tok.content.rstrip("\n")))
        elif t == "hr":
            emit(Content("───"))
    if not any(line.plain.strip() for line in lines):  # only definitions, comments…: as written
        return tuple(Content(line) for line in scrub(body[:READ]).strip().splitlines())
    return tuple(lines)


def note_body(body: str, max_lines: int = 6) -> Content:
    """A note body, rendered, in at most ``max_lines`` lines (and a "…" line if there is more)."""
    lines = body_lines(body)
    more = len(lines) > max_lines or len(body) > READ
    return Content("\n").join([*lines[:max_lines], *((Content(ELLIPSIS),) if more else ())])


def evidence_lines(evidence: Sequence[Evidence], width: int = 200) -> list:
    """What a note cites, for the sidebar: a fact-check as its rating, who checked it and when;
    a page as its title and the day it was read; each with its link (shown, not live), cut to
    ``width`` cells. Text, never markup."""
    parts: list = []
    for e in evidence:
        if e.fact_check:
            who = " · ".join(x for x in (e.publisher, e.date) if x)
            parts += [("⚑ ", MUTED), (clip(e.rating or "no rating", width), "bold"),
                      f" {clip(who, width)}" if who else "", "\n"]
        else:
            read = f" · read {e.accessed}" if e.accessed else ""
            host = e.url.split("://", 1)[-1].split("/", 1)[0]
            parts += [("↗ ", MUTED), clip(e.title or host, width), (read, MUTED), "\n"]
        parts += ["  ", (clip(e.url, width), MUTED + " underline"), "\n"]
    return parts


def note_snippet(body: str, width: int) -> Content:
    """A note body, rendered, on one line of at most ``width`` cells (cut with "…")."""
    lines = body_lines(body[:READ // 4], addresses=False)
    return Content(" ").join(lines).truncate(width, ellipsis=True)


def changes(old: str, new: str, width: int = 160) -> tuple[Content, Content]:
    """``old`` and ``new`` with what changed marked word by word: words taken out struck
    through in the old text, words put in bold and underlined in the new one. Each is cut to
    ``width`` characters, starting a little before its first change so that it is seen."""
    old, new = scrub(old), scrub(new)
    a, b = _WORDS.findall(old[:COMPARED]), _WORDS.findall(new[:COMPARED])
    ends_a, ends_b = [0, *_ends(a)], [0, *_ends(b)]
    # What both begin and end with is the same; only the middle is compared, word by word
    # while it is short (the comparison takes time with the square of its length, or worse).
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    mid_a, mid_b = a[head:len(a) - tail], b[head:len(b) - tail]
    if len(mid_a) + len(mid_b) <= MIDDLE:
        ops = SequenceMatcher(None, mid_a, mid_b, autojunk=False).get_opcodes()
    else:
        ops = [("replace", 0, len(mid_a), 0, len(mid_b))]
    was: list[Span] = []
    now: list[Span] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag in ("delete", "replace") and i2 > i1:
            was.append(Span(ends_a[head + i1], ends_a[head + i2], REMOVED))
        if tag in ("insert", "replace") and j2 > j1:
            now.append(Span(ends_b[head + j1], ends_b[head + j2], ADDED))
    return _window(Content(old, was), was, width), _window(Content(new, now), now, width)


def _ends(words: list[str]) -> list[int]:
    out, at = [], 0
    for w in words:
        at += len(w)
        out.append(at)
    return out


def _window(content: Content, spans: list[Span], width: int) -> Content:
    """``width`` characters of ``content``, from a little before its first marked span; "…"
    where it is cut."""
    size = len(content.plain)
    if size <= width:
        return content
    start = max(0, min(spans[0].start - min(LEAD, width // 4), size - width + 1)) if spans else 0
    lead = ELLIPSIS if start else ""
    room = width - len(lead)
    if size - start <= room:
        return Content.assemble(lead, content[start:])
    return Content.assemble(lead, content[start:start + room - 1], ELLIPSIS)
