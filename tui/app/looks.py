"""How claim kinds, verdicts and note states look in the reader: one table for every widget."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color
from textual.content import Content

from ..core.analysis.claims import KIND_INFO

#: Each kind's colour: a theme variable the reader adds to every theme (see ``palette``), made
#: from one of the theme's own colours and lightened or darkened until it reads on the page.
KIND_COLORS = {kind: f"$kind-{kind}" for kind in KIND_INFO}
#: The theme colour each kind's is made from. Assertions, the commonest kind, take the text's
#: own colour: red read as "error".
KIND_BASES = {"quote": "success", "attribution": "primary", "statistic": "warning",
              "hedge": "secondary", "assertion": "foreground"}
#: How the words a checker looks for are accented inside a claim (so that kinds differ by more
#: than colour, and read without colour at all).
MARK_TEXT_STYLES = {"speaker": "bold", "cue": "underline", "figure": "bold", "hedge": "italic",
                    "quote": "italic"}
#: Check-worthiness from which a claim's accents take its kind's colour, and its letter is bold
#: (below the filter's lowest score a claim is only a quiet letter in the margin).
STRONG = 0.8
#: The kind whose colour each accent takes.
MARK_KINDS = {"speaker": "attribution", "cue": "attribution", "figure": "statistic",
              "hedge": "hedge", "quote": "quote"}
#: A verdict's look: its colour (made readable like a kind's, see ``palette``) and bold.
VERDICT_BASES = {"supported": "success", "misleading": "warning", "false": "error",
                 "needs-context": "secondary"}
VERDICT_STYLES = {"unverified": "$text-muted",
                  **{v: f"bold $verdict-{v}" for v in VERDICT_BASES}}
STATE_FLAGS = {"anchored": "", "review": "⚠ review", "orphan": "✗ detached"}
assert set(KIND_BASES) == set(KIND_INFO)

#: Contrast wanted (WCAG 2): words of the article, and the reader's own marks around them.
TEXT_CONTRAST = 4.5
MARK_CONTRAST = 3.0
#: ANSI themes use the terminal's own sixteen colours, whatever they are: no arithmetic on them;
#: the kinds' letters take the hues most palettes make readable, accents only their style.
ANSI_KINDS = {True: {"quote": "ansi_green", "attribution": "ansi_blue",
                     "statistic": "ansi_yellow", "hedge": "ansi_magenta",
                     "assertion": "ansi_default"},
              False: {"quote": "ansi_green", "attribution": "ansi_blue", "statistic": "ansi_red",
                      "hedge": "ansi_magenta", "assertion": "ansi_default"}}


def _luminance(color: Color) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    """The WCAG 2 contrast ratio of two colours, 1 to 21."""
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _eight_bit(color: Color) -> Color:
    """The colour a 256-colour terminal shows for ``color`` (the nearest of its palette)."""
    rich = RichColor.from_rgb(color.r, color.g, color.b).downgrade(ColorSystem.EIGHT_BIT)
    t = rich.get_truecolor()
    return Color(t.red, t.green, t.blue)


def readable(color: Color, grounds: list[Color], toward: Color, ratio: float) -> Color:
    """``color``, moved toward ``toward`` just enough to reach ``ratio`` against every ground,
    in true colour and as a 256-colour terminal rounds both: the theme's hue where it reads, a
    darker or lighter one where not."""
    rounded = [_eight_bit(g) for g in grounds]
    for step in range(21):
        candidate = color.blend(toward, step / 20)
        if all(contrast(candidate, g) >= ratio for g in grounds) and all(
                contrast(_eight_bit(candidate), g) >= ratio for g in rounded):
            return candidate
    return toward


def palette(variables: dict[str, str], dark: bool) -> dict[str, str]:
    """The reader's colours for a theme, as CSS variables: ``kind-K`` (a kind's words and its
    letter), ``cursor-ground`` (the current statement's background: a tint of the accent that
    keeps the text's contrast), ``page-text`` (the article's words) and ``gutter-quiet`` (the letters of claims below the filter)."""
    if variables.get("surface", "").startswith("ansi") or "ansi_" in variables.get("primary", ""):
        return {**{f"kind-{k}": c for k, c in ANSI_KINDS[dark].items()},
                **{f"mark-{k}": "ansi_default" for k in KIND_INFO},
                **{f"verdict-{v}": "ansi_default" for v in VERDICT_BASES},
                "page-text": "ansi_default", "gutter-quiet": "ansi_default",
                "cursor-ground": "ansi_black" if dark else "ansi_white",
                "cursor-bar": "ansi_yellow" if dark else "ansi_blue",
                "note-mark": "ansi_yellow" if dark else "ansi_red", "link-text": "ansi_blue"}
    extreme = Color(255, 255, 255) if dark else Color(0, 0, 0)
    surface = Color.parse(variables["surface"])
    grounds = [surface]
    if "background" in variables:
        background = Color.parse(variables["background"])
        grounds.append(surface.blend(background, background.a) if background.a < 1 else background)
    # The theme's own text colour, unless it reads poorly on its own page (as some do).
    fg = readable(Color.parse(variables["foreground"]), grounds, extreme, TEXT_CONTRAST + 0.5)
    tint = Color.parse(variables.get("accent", variables["primary"]))
    cursor = surface
    for step in (0.16, 0.12, 0.09, 0.06):
        cursor = surface.blend(tint, step)
        if contrast(fg, cursor) >= TEXT_CONTRAST + 1:
            break
    out = {"page-text": fg.hex, "cursor-ground": cursor.hex}
    for kind, base in KIND_BASES.items():
        color = Color.parse(variables.get(base, variables["foreground"]))
        if base == "secondary" and _too_close(color, Color.parse(variables["primary"])):
            color = Color.parse("#9B6BDF")  # a violet, when a theme's two blues would merge
        if base == "foreground":
            color = fg
        out[f"kind-{kind}"] = out[f"mark-{kind}"] = readable(color, [*grounds, cursor], extreme,
                                                            TEXT_CONTRAST).hex
    out["gutter-quiet"] = readable(surface.blend(fg, 0.55), grounds, extreme, MARK_CONTRAST).hex
    # Links and footnote references in the article (underlined too: not by colour alone).
    link = Color.parse(variables.get("text-primary", variables["primary"]))
    out["link-text"] = readable(link, [*grounds, cursor], extreme, TEXT_CONTRAST).hex
    # Textual's own muted text ("auto 60%") reads poorly on some themes' panels: one that keeps
    # 3:1 (WCAG's floor for the interface) on every ground the reader has.
    panels = [*grounds, *(Color.parse(variables[v]) for v in ("panel",) if v in variables)]
    muted = readable(surface.blend(fg, 0.6), panels, extreme, MARK_CONTRAST + 0.3)
    out["text-muted"] = out["foreground-muted"] = muted.hex
    # Placeholders and disabled text ("auto 38%") are still text to read.
    quieter = readable(surface.blend(fg, 0.45), panels, extreme, MARK_CONTRAST + 0.1)
    out["text-disabled"] = quieter.hex
    # Lists' highlighted rows (the finder's results): the cursor's tint, on which every colour
    # above was made to read, instead of a solid primary that swallows coloured words.
    for state in ("", "blurred-"):
        out[f"block-cursor-{state}background"] = cursor.hex
        out[f"block-cursor-{state}foreground"] = fg.hex
    out["block-cursor-text-style"] = "bold"
    for name, base in (("cursor-bar", "accent"), ("note-mark", "warning")):
        color = Color.parse(variables.get(base, variables["primary"]))
        out[name] = readable(color, panels, extreme, MARK_CONTRAST + 0.5).hex
    for verdict, base in VERDICT_BASES.items():
        color = Color.parse(variables.get(base, variables["primary"]))
        out[f"verdict-{verdict}"] = readable(color, panels, extreme, TEXT_CONTRAST).hex
    key = Color.parse(variables.get("footer-key-foreground", variables["primary"]))
    footer = Color.parse(variables.get("footer-background", variables.get("panel", "#808080")))
    under = [footer] if footer.a == 1 else panels
    far = max((Color(255, 255, 255), Color(0, 0, 0)), key=lambda c: contrast(c, under[0]))
    out["footer-key-foreground"] = readable(key, under, far, MARK_CONTRAST + 0.3).hex
    return out


def _too_close(a: Color, b: Color) -> bool:
    ha, hb = a.hsl.h, b.hsl.h
    return min(abs(ha - hb), 1 - abs(ha - hb)) < 0.08


class Palette:
    """Mixin for the app: the reader's colours join the theme's variables, so every widget's CSS
    can use them, and a change of theme recomputes them with everything else."""

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()  # type: ignore[misc]
        variables.update(palette(variables, self.current_theme.dark))  # type: ignore[attr-defined]
        return variables

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header: the subtitle in the muted colour the palette keeps readable (Textual's
        "dim" halves it, below 3:1 on some themes). A long title gives way to the subtitle (the
        filter in force and the counts), down to 16 cells of it."""
        if not sub_title:
            return Content(title)
        room = self.size.width - 18 - 3 - cell_len(sub_title)  # type: ignore[attr-defined]
        if cell_len(title) > room >= 16:
            title = set_cell_size(title, room - 1).rstrip() + "…"
        return Content.assemble(Content(title), (" — ", "$text-muted"),
                                Content(sub_title).stylize("$text-muted"))


#: Textual's widgets where their defaults read below 3:1 on some themes (placeholders at 40%,
#: arrows at 50%, titles in the border's colour, the check box's mark): the palette's colours.
READABLE_CSS = """
TextArea > .text-area--placeholder { color: $text-muted; }
SelectCurrent .arrow { color: $text-muted; }
TextArea, Input, SelectCurrent { border-title-color: $text-muted; }
ToggleButton.-on > .toggle--button { color: $verdict-supported; }
"""


def claim_css(widget: str) -> str:
    """The rules of ``widget``'s component classes for claims: ``kind--K`` (a kind's letter in
    the margin), ``mark--M`` (an accent inside a claim, by its style only) and ``strong--M``
    (the same accent in its kind's colour, for the most check-worthy claims)."""
    rules = [f"{widget} > .kind--{kind} {{ color: {color}; }}" for kind, color in KIND_COLORS.items()]
    for mark, style in MARK_TEXT_STYLES.items():
        rules.append(f"{widget} > .mark--{mark} {{ text-style: {style}; }}")
        rules.append(f"{widget} > .strong--{mark} {{ text-style: {style}; "
                     f"color: $mark-{MARK_KINDS[mark]}; }}")
    return "\n".join(rules) + "\n"


def badge(kind: str) -> tuple[str, str]:
    """A kind's letter as a badge, for Content.assemble: `` Q `` in its colour, reversed."""
    return f" {KIND_INFO[kind].letter} ", f"bold reverse {KIND_COLORS[kind]}"


def label(kind: str) -> str:
    return KIND_INFO[kind].label


def legend() -> Content:
    """What the margin's marks mean (colour and a letter, so not by colour alone), in a grid of
    three columns (12, 14 and 14 cells: the first column's words are short) that the sidebar's
    40 cells hold without wrapping."""
    # "attributed" (10 letters) in the last column, where no neighbour follows it.
    order = ("quote", "statistic", "attribution", "hedge", "assertion")
    cells: list[tuple] = [(badge(kind), label(kind)) for kind in order]
    cells += [((" ✎ ", "bold $note-mark"), "noted"), ((" ⚑ ", "$note-mark"), "checked"),
              ((" ▌ ", "bold $cursor-bar"), "current"), ((" ? ", "bold"), "keys")]
    assert set(order) == set(KIND_INFO)
    parts: list = []
    for i, (mark, name) in enumerate(cells):
        if i and i % 3 == 0:
            parts.append("\n")
        parts += [mark, " " + (name.ljust(8), name.ljust(10), name)[i % 3]]
    return Content.assemble(*parts)


def sentence(text: str) -> str:
    """A message as the reader shows it: a capital first letter and a full stop (the store's
    notices are written for the command line, after "margin: ")."""
    text = text.strip()
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text[-1] in ".!?" else ".")
