"""HTML nested deeper than a parser can hold, made shallow before it is parsed.

libxml2 (lxml's parser) gives up on a page nested more than 2,048 elements deep and keeps
nothing of it, not even what came before or after; below that, every recursive walk over the
tree risks running out of stack. So before parsing, the tags of a page are read once, keeping a
stack of the elements open as an HTML parser would (void elements never open, raw text such as
scripts is skipped, an end tag closes the nearest element of its name, a new <p>, <li>, <td> or
<tr> closes the one it follows); the start and end tags of elements that would open deeper than
MAX_DEPTH are removed, their text kept where it was. A page that never gets that deep is given
back untouched (the same string).
"""

from __future__ import annotations

import re

#: Elements deeper than this are read as the text of the element holding them.
MAX_DEPTH = 400

#: How far down the stack an end tag looks for the element it closes (a stray end tag, far from
#: any element of its name, is left to the parser).
_CLOSE_REACH = 64

_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment (to its end, or the page's)
    # a tag; a quoted value stops at < or > too, so that a quote left open costs no more than a
    # look to the next bracket (such a tag is not counted, which only makes the page shallower)
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^<>\"']|\"[^<>\"]*\"|'[^<>']*')*)>",
    re.DOTALL)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr", "basefont", "bgsound", "frame", "keygen",
                   "image", "isindex", "nextid"})
_RAW = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                  "noframes", "plaintext", "template"})
#: A start tag of the key closes an open element of a name in the value, when it is the
#: innermost one (a simplification of HTML's rules that keeps ordinary lists, tables and
#: paragraphs from counting as nesting).
_CLOSES = {
    "p": ("p",), "li": ("li", "p"), "dt": ("dt", "dd", "p"), "dd": ("dt", "dd", "p"),
    "tr": ("td", "th", "tr"), "td": ("td", "th"), "th": ("td", "th"), "option": ("option",),
    "div": ("p",), "ul": ("p",), "ol": ("p",), "table": ("p",), "blockquote": ("p",),
    "h1": ("p",), "h2": ("p",), "h3": ("p",), "h4": ("p",), "h5": ("p",), "h6": ("p",),
}
#: Removed tags of these elements leave a line break, so their texts do not run together.
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th",
                     "blockquote", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6",
                     "tbody", "thead", "tfoot", "pre", "header", "footer", "main", "aside"})


def flatten_deep_html(html: str, max_depth: int = MAX_DEPTH) -> tuple[str, int]:
    """``html`` with no element deeper than ``max_depth``, and how many elements were read as
    text to get there (0: ``html`` itself is returned)."""
    if html.count("<") <= max_depth:  # cannot nest that deep: nothing to read
        return html, 0
    stack: list[tuple[str, bool]] = []  # (name, kept)
    depth = 0  # elements kept on the stack
    cut: list[tuple[int, int, str]] = []  # spans of removed tags, and what replaces each
    flattened = 0
    pos = 0
    n = len(html)
    while pos < n:
        m = _TAG.search(html, pos)
        if m is None:
            break
        pos = m.end()
        name = m.group(2)
        if name is None:  # a comment
            continue
        name = name.lower()
        if m.group(1):  # an end tag
            for k in range(len(stack) - 1, max(-1, len(stack) - 1 - _CLOSE_REACH), -1):
                if stack[k][0] == name:
                    if not stack[k][1]:
                        cut.append((m.start(), m.end(), _gap(name)))
                    for _, kept in stack[k:]:
                        depth -= kept
                    del stack[k:]
                    break
            continue
        closes = _CLOSES.get(name)
        if closes and stack and stack[-1][0] in closes:
            depth -= stack.pop()[1]
            if name in ("li", "dt", "dd", "tr") and stack and stack[-1][0] in closes:
                depth -= stack.pop()[1]  # the <td> and then its <tr>; the <p> and its <li>
        if name in _VOID or m.group(3).rstrip().endswith("/"):
            continue
        if name in _RAW:
            end = _raw_end(name).search(html, pos)
            pos = end.end() if end else n
            continue
        kept = depth < max_depth
        if not kept:
            cut.append((m.start(), m.end(), _gap(name)))
            flattened += 1
        stack.append((name, kept))
        depth += kept
    if not cut:
        return html, 0
    parts = []
    last = 0
    gapped = False
    for start, end, gap in cut:
        between = html[last:start]
        parts.append(between)
        if gap and not (gapped and not between.strip()):  # one break between two texts
            parts.append(gap)
            gapped = True
        elif between.strip():
            gapped = False
        last = end
    parts.append(html[last:])
    return "".join(parts), flattened


_RAW_ENDS: dict[str, re.Pattern] = {}


def _raw_end(name: str) -> re.Pattern:
    if name not in _RAW_ENDS:
        _RAW_ENDS[name] = re.compile(rf"</{name}\s*>", re.IGNORECASE)
    return _RAW_ENDS[name]


def _gap(name: str) -> str:
    return "<br>" if name in _BLOCKS else ""
