"""Direct quotations in a statement, and quotation marks across statement boundaries."""

from __future__ import annotations

import re

QUOTED = re.compile(
    r"“[^”“]{2,}”|\"[^\"]{2,}\"|«[^»«]{2,}»"
    r"|(?:(?<=^)|(?<=[\s(—–-]))‘[^’‘]{2,}’(?=[\s,.;:!?)—–-]|$)"
)


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Direct quotations in a statement: quoted spans of three or more words (not scare quotes)."""
    if '"' not in text and "“" not in text and "«" not in text and "‘" not in text:
        return []
    found = []
    for m in QUOTED.finditer(text):
        inner = m.group()[1:-1]
        if len(inner.split()) >= 3 or inner.rstrip()[-1:] in ".!?,":
            found.append((m.start(), m.end()))
    # A paragraph that opens a quotation and carries it on (multi-paragraph quotations leave the
    # closing mark off) is a quotation too.
    stripped = text.lstrip()
    if not found and stripped[:1] in "“\"«" and len(stripped.split()) >= 3:
        close = {"“": "”", '"': '"', "«": "»"}[stripped[0]]
        if close not in stripped[1:]:
            found.append((len(text) - len(stripped), len(text)))
    return found
