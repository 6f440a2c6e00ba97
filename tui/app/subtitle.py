"""The header's second half: who wrote the article and when, where it came from, the filter in
force and the counts, fitted to the width the header leaves."""

from __future__ import annotations

import os
from pathlib import Path

from rich.cells import cell_len
from textual.css.query import NoMatches
from textual.widgets import Header

from ..core.session import sample_path
from ..core.text import displayable
from .config import Config
from .dialogs import Filter


def count(n: int, noun: str) -> str:
    """``1 note``, ``2 notes``, ``1,204 statements``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


_count = count


class Subtitle:
    """Mixin for the app: keeps ``sub_title`` fitted to what the reader shows."""

    def _update_subtitle(self, width: int | None = None) -> None:
        """The header's second half: who wrote it and when, where it came from, the filter in
        force and the counts, fitted to the header (of a terminal ``width`` wide: the app's
        now, if not given). The counts and the filter always show (a filter hides claims, and
        nothing else says so once its notice has gone); the source is shortened from the left
        (its file name tells most) and goes before them."""
        source = self.document.source or "<stdin>"
        if source == str(sample_path()):
            source = Path(source).name  # the bundled sample: where it is installed tells nothing
        source = displayable(source)
        home = str(Path.home())
        if source.startswith(home + os.sep):
            source = "~" + source[len(home):]
        byline = ", ".join(v for v in (self.document.meta_value("author"),
                                       self.document.meta_value("date")) if v)
        kept = Filter(frozenset(self.config.kinds), self.config.min_score)
        showing_all = self.showing_all  # type: ignore[attr-defined]
        hiding = "" if showing_all else kept.label(Config.min_score)
        shown = ["showing all claims"] if showing_all else [hiding] if hiding else []
        # The tail, fullest first: the filter and counts, then shorter forms of them.
        tails = [shown]
        if self.article is not None:
            statements, notes = len(self.article.statements), _count(len(self.placed), "note")
            tails = [[*shown, _count(statements, "statement"), notes]]
            if not self.article.pending:  # (while its claims are looked for: not counted yet)
                claims = [c for c in self.article.claims if c.is_claim]
                tails = [[*shown, _count(statements, "statement"), _count(len(claims), "claim"),
                          notes],
                         [*shown, _count(len(claims), "claim"), notes]]
                if byline and not self.placed:  # "0 notes" goes before the byline does
                    tails.append([*shown, _count(len(claims), "claim")])
                if hiding:
                    seen = sum(1 for c in claims if kept.shows(c))
                    tails.append([f"{seen:,} of {_count(len(claims), 'claim')} shown", notes])
        # The room the header leaves after the title (Textual's header: an icon of 8 columns
        # and a clock's space of 10 around the title; measured once it is laid out).
        around = 18
        try:
            header = self.screen_stack[0].query_one(Header)
            if header.size.width:
                around = header.size.width - header.query_one("HeaderTitle").size.width
        except (IndexError, NoMatches):
            pass
        room = (width or self.size.width) - around - cell_len(self.title) - len(" — ")

        def fitted(tail: list[str], before: str = "") -> list[str] | None:
            """``before``, the source and ``tail``, the source cut from the left to the room
            they leave it; None if that is too little to read."""
            others = [p for p in (before, *tail) if p]
            rest = room - cell_len(" · ".join([*others, ""]))
            if rest < min(cell_len(source), 16):
                return None
            cut = 0
            while cell_len(source[cut:]) > rest:
                cut += 1
            short = source if not cut else "…" + source[cut + 1:]
            return [p for p in (before, short, *tail) if p]

        def whole(tail: list[str]) -> list[str] | None:
            """The byline and ``tail`` without the source, if they fit."""
            parts = [byline, *tail] if byline else []
            return parts if parts and cell_len(" · ".join(parts)) <= room else None

        # Who wrote it and when goes before where it came from (a web address tells less).
        parts = (next(filter(None, (fitted(t, byline) for t in tails)), None) if byline else None
                 ) or next(filter(None, map(whole, tails)), None) \
            or next(filter(None, map(fitted, tails)), None) \
            or next((t for t in tails if cell_len(" · ".join(t)) <= room), tails[-1])
        self.sub_title = " · ".join(parts)

    # -- notes (the article is opened in a thread: see Opening) -----------------------------
