"""How claim kinds, verdicts and note states look in the reader: one table for every widget."""

from __future__ import annotations

from textual.content import Content

from ..core.analysis.claims import KIND_INFO

#: Each kind's colour (a theme variable) and how its text is drawn in the article, so that kinds
#: differ by more than colour.
KIND_COLORS = {"quote": "$success", "attribution": "$primary", "statistic": "$warning",
               "hedge": "$secondary", "assertion": "$error"}
KIND_TEXT_STYLES = {"quote": "italic", "attribution": "underline", "statistic": "bold",
                    "hedge": "italic underline", "assertion": "none"}
VERDICT_STYLES = {"unverified": "$text-muted", "supported": "bold $success",
                  "misleading": "bold $warning", "false": "bold $error",
                  "needs-context": "bold $secondary"}
STATE_FLAGS = {"anchored": "", "review": "⚠ review", "orphan": "✗ detached"}
assert set(KIND_COLORS) == set(KIND_TEXT_STYLES) == set(KIND_INFO)


def kind_css(widget: str) -> str:
    """The component classes ``kind--K`` of ``widget``, one rule a kind."""
    rules = []
    for kind, color in KIND_COLORS.items():
        style = KIND_TEXT_STYLES[kind]
        rules.append(f"{widget} > .kind--{kind} {{ color: {color};"
                     + (f" text-style: {style};" if style != "none" else "") + " }")
    return "\n".join(rules) + "\n"


def badge(kind: str) -> tuple[str, str]:
    """A kind's letter as a badge, for Content.assemble: `` Q `` in its colour, reversed."""
    return f" {KIND_INFO[kind].letter} ", f"bold reverse {KIND_COLORS[kind]}"


def label(kind: str) -> str:
    return KIND_INFO[kind].label


def legend() -> Content:
    """What the highlights and margin marks mean (colour and a letter, so not by colour alone)."""
    parts: list = []
    for kind in KIND_INFO:
        parts.append(badge(kind))
        parts.append(f" {label(kind)}  ")
    parts.append(("\n ✎ ", "bold $warning"))
    parts.append("noted  ")
    parts.append((" ▌ ", "bold $accent"))
    parts.append("current  ")
    parts.append(("?", "bold"))
    parts.append(" keys")
    return Content.assemble(*parts)


def sentence(text: str) -> str:
    """A message as the reader shows it: a capital first letter and a full stop (the store's
    notices are written for the command line, after "margin: ")."""
    text = text.strip()
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text[-1] in ".!?" else ".")
