"""The contrast of what the reader puts on the screen, cell by cell, as a terminal would show it.

The screen is taken from Textual's compositor (the strips the terminal is sent, the app's line
filters applied: NO_COLOR's monochrome, the ANSI themes' terminal colours), each cell's colours
made concrete (``reverse`` swapped, ``dim`` drawn halfway to the background as terminals do) and
its contrast ratio computed as WCAG defines it. Spaces carry no text and are not measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.terminal_theme import TerminalTheme
from textual.app import App
from textual.geometry import Region


#: The partial blocks scrollbars are drawn with (the cursor's bar, ▌, is measured).
SCROLLBAR = set("▁▂▃▄▅▆▇█▉▊▋▍▎▏▐▔▕")


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    char: str
    fg: tuple[int, int, int]
    bg: tuple[int, int, int]

    @property
    def ratio(self) -> float:
        return contrast(self.fg, self.bg)


@lru_cache(maxsize=4096)
def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@lru_cache(maxsize=16384)
def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio, 1 to 21. (Kept: a screen holds a few pairs of colours, measured
    for each of its thousands of cells.)"""
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def _rgb(color: RichColor | None, theme: TerminalTheme, foreground: bool,
         system: ColorSystem | None) -> tuple[int, int, int]:
    if color is None or color.is_default:
        c = theme.foreground_color if foreground else theme.background_color
        return (c.red, c.green, c.blue)
    if system is not None and color.system > system:
        color = color.downgrade(system)
    t = color.get_truecolor(theme, foreground=foreground)
    return (t.red, t.green, t.blue)


def screen_cells(app: App, system: ColorSystem | None = None) -> list[Cell]:
    """Every cell of the screen that shows a glyph, with the colours it is drawn in. ``system``
    downgrades colours as a terminal of fewer colours gets them (256, 16)."""
    theme = app.ansi_theme_dark if app.current_theme.dark else app.ansi_theme_light
    update = app.screen._compositor.render_update(full=True,
                                                  screen_stack=app._background_screens)
    cells: list[Cell] = []
    for y, line in enumerate(update.strips):
        x = 0
        for seg in (seg for strip in line for seg in strip):
            if seg.control:
                continue
            style = seg.style
            fg = _rgb(style.color if style else None, theme, True, system)
            bg = _rgb(style.bgcolor if style else None, theme, False, system)
            if style is not None and style.reverse:
                fg, bg = bg, fg
            if style is not None and style.dim:
                fg = tuple((f + b) // 2 for f, b in zip(fg, bg))
            for char in seg.text:
                if not char.isspace() and char != "\u00a0" and char not in SCROLLBAR:
                    cells.append(Cell(x, y, char, fg, bg))
                x += 1 if char.isascii() else _width(char)
    return cells


def _width(char: str) -> int:
    from rich.cells import cell_len
    return cell_len(char)


def is_decoration(char: str) -> bool:
    """Box-drawing lines (borders, rules, table grids): lines, not text to read."""
    return "\u2500" <= char <= "\u257f"


def worst(cells: list[Cell], region: Region | None = None, inside: bool = True) -> Cell | None:
    """The cell of lowest contrast in (or outside) a region."""
    chosen = [c for c in cells if not is_decoration(c.char)
              and (region is None or region.contains(c.x, c.y) == inside)]
    return min(chosen, key=lambda c: c.ratio, default=None)
