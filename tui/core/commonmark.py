"""CommonMark with markdown-it-py: the one parser Margin configures, and text written to read back as itself."""

from __future__ import annotations

import re
import urllib.parse
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_parser: MarkdownIt | None = None


def parser() -> MarkdownIt:
    """CommonMark plus strikethrough, tables (GitHub's) and footnotes (``[^1]`` and ``[^1]: ...``
    as Pandoc and GitHub read them); nesting capped (deeper input is flattened before parsing).

    Footnote definitions stay where they are written (``footnote_reference_open`` ...
    ``_close``) and references without a definition stay text: the document puts the notes at
    its end itself, unreferenced ones too (the plugin's own pass would drop those, and their
    words with them). Inline footnotes (``^[...]``) are not read: a caret is text."""
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt  # only Markdown needs it (20 ms to import)
        from mdit_py_plugins.footnote import footnote_plugin

        _parser = (MarkdownIt("commonmark", {"maxNesting": 100}).enable(["strikethrough", "table"])
                   .use(footnote_plugin, inline=False, move_to_end=False))
    return _parser


# ---------------------------------------------------------------- reading

#: markdown-it's inline span names -> Margin's.
INLINE_MARKS = {"em": "emphasis", "strong": "strong", "s": "strike", "link": "link"}


def inline(children: Iterable[Token] | None) -> tuple[list[str], list[tuple[str, int, str, str | None]]]:
    """The text of an inline token's children as pieces, and its spans as (kind, start, end,
    href) offsets into their concatenation: emphasis, strong, strike, link, code, and footnote
    (a reference, shown as its number "[1]"; href: its label). Inline HTML is markup, not text:
    it is dropped."""
    pieces: list[str] = []
    spans: list[tuple] = []
    opened: list[tuple[str, int, str | None]] = []
    length = 0
    for tok in children or ():
        t = tok.type
        if t == "text" or t == "image":
            piece = tok.content
        elif t == "code_inline":
            piece = tok.content
            spans.append(("code", length, length + len(piece), None))
        elif t == "footnote_ref":
            piece = footnote_marker(tok.meta["id"] + 1)
            spans.append(("footnote", length, length + len(piece), str(tok.meta.get("label", ""))))
        elif t == "softbreak":
            piece = " "
        elif t == "hardbreak":
            piece = "\n"
        elif t.endswith("_open") and t[:-5] in INLINE_MARKS:
            opened.append((t[:-5], length, tok.attrs.get("href") if t == "link_open" else None))
            continue
        elif t.endswith("_close") and t[:-6] in INLINE_MARKS:
            for i in range(len(opened) - 1, -1, -1):
                if opened[i][0] == t[:-6]:
                    name, start, href = opened.pop(i)
                    if length > start:
                        spans.append((INLINE_MARKS[name], start, length,
                                      str(href) if href is not None else None))
                    break
            continue
        else:  # html_inline and anything unknown: markup, not text
            continue
        pieces.append(piece)
        length += len(piece)
    spans.sort(key=lambda s: (s[1], -s[2]))
    return pieces, spans


def footnote_marker(number: int) -> str:
    """How a footnote's number is shown, at its references and before its definition."""
    return f"[{number}]"


def plain_text(markdown: str) -> str:
    """What a reader of ``markdown`` sees: each block's text, blocks apart by a blank line."""
    blocks: list[str] = []
    for tok in parser().parse(markdown):
        if tok.type == "inline":
            text = "".join(inline(tok.children)[0])
        elif tok.type in ("fence", "code_block", "html_block"):
            text = tok.content.rstrip("\n")
        else:
            continue
        if text.strip():
            blocks.append(text)
    return "\n\n".join(blocks)


# ---------------------------------------------------------------- writing

# Backslash-escaped, ASCII punctuation is literal text in CommonMark. These start or end inline
# syntax (emphasis, code, links, HTML, entities, strikethrough, images, tables, headings).
_SPECIAL = re.compile(r"([\\`*\[\]<>&~#|!])")
# Note apps (Obsidian) add $math$, ==highlight==, ^block ids, %%comments%% and {…}.
_NOTE_APP_SPECIAL = re.compile(r"([\\`*\[\]<>&~#|!$=^%{}])")
# An underscore inside a word cannot open or close emphasis; anywhere else it is escaped.
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# At the start of a line these begin a list item, a setext underline or an ordered list.
_LINE_START = re.compile(r"^(?:([-+=])|(\d{1,9})([.)]))", re.M)


def escape(text: str, *, line_start: bool = True, note_apps: bool = False) -> str:
    """``text`` as Markdown that reads back as exactly this text: no emphasis, code, links, HTML,
    headings, lists or rules. ``line_start``: the text begins a line (as does every line after
    a newline in it). ``note_apps``: also inert in Obsidian and its kin."""
    text = (_NOTE_APP_SPECIAL if note_apps else _SPECIAL).sub(r"\\\1", text)
    if "_" in text:
        text = _EDGE_UNDERSCORE.sub(r"\\_", text)

    def protect(m: re.Match) -> str:
        if not line_start and m.start() == 0:
            return m.group(0)
        return "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3)

    return _LINE_START.sub(protect, text)


def code_span(text: str) -> str:
    """``text`` as an inline code span that shows it exactly."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # CommonMark takes one space off each end when both ends are spaces (unless it is all spaces).
    if text.startswith("`") or text.endswith("`") or (
            text.startswith(" ") and text.endswith(" ") and text.strip(" ")):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def code_block(code: str, language: str = "") -> str:
    """``code`` as a fenced code block whose fence no line of it can close, with its language
    (one word without a backtick, or none)."""
    fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", code)), default=0) + 1)
    if "`" in language or len(language.split()) != 1:
        language = ""
    return f"{fence}{language}\n{code}\n{fence}"


def link_destination(href: str) -> str:
    """A link destination that stays one: spaces, brackets, parentheses and anything not plain
    URL punctuation percent-encoded (what is encoded already stays as it is)."""
    return urllib.parse.quote(href, safe=":/?#[]@!$&'*+,;=%~-._")
