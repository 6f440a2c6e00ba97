"""Published fact-checks that match the statements read: found in a worker once the notes store
is open (the fact-checks live there), shown as a flag in the margin and listed in the sidebar;
``m`` steps through a statement's matches, ``M`` cites the chosen one in a note."""

from __future__ import annotations

import sqlite3

from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.message import Message
from textual.worker import get_current_worker

from ..core.commonmark import escape, link_destination
from ..core.document.model import Document
from ..core.notes.model import Evidence, StoreError
from ..core.session import Session
from ..core.text import clip
from .opening import Opening

if TYPE_CHECKING:
    from ..core.checks.match import Match
    from ..core.checks.model import FactCheck

#: Statements matched at a time: each batch's flags are shown as it comes.
BATCH = 100
MUTED = "$text-muted"


class Checked:
    """The reader's fact-check matches (a mixin of MarginApp)."""

    class ChecksFound(Message):
        """Matches found for some statements of ``document`` (statement -> matches, best
        first); ``done``: every statement was looked at."""

        def __init__(self, document: Document, found: dict[int, list[Match]], done: bool,
                     kept: int = 0) -> None:
            super().__init__()
            self.document = document
            self.found = found
            self.done = done
            self.kept = kept  # how many fact-checks there are

    def init_checked(self) -> None:
        #: statement -> the fact-checks that match it, best first (those shown by default).
        self.checked: dict[int, list[Match]] = {}
        self.fact_checks_kept = 0
        self._check_at = (-1, 0)  # (statement, the match chosen there)

    def _on_opening_notes_opened(self, message: Opening.NotesOpened) -> None:
        """The notes store is open (the fact-checks are kept there): match the statements.
        (Opening handles this message too: Textual calls the handler of each class.)"""
        if not self._shown(message.document) or self.article is None:
            return
        self.checked = {}
        self._check_at = (-1, 0)
        self.view.set_checked(())
        text = self.article.document.text
        self.find_checks(message.document, message.registered.record.id,
                         [text[s.start:s.end] for s in self.article.statements])

    @work(thread=True, exclusive=True, group="checks", exit_on_error=False,
          description="match the statements against the fact-checks kept")
    def find_checks(self, document: Document, record_id: int, texts: list[str]) -> None:
        """Match every statement against the fact-checks kept, a batch at a time, on a
        connection of this thread's own; the matches kept for the finder (checked:, rating:)."""
        from ..core.checks import store
        from ..core.checks.match import Matcher

        worker = get_current_worker()
        try:
            with Session() as own:
                conn = own.store.conn
                kept = store.count(conn)
                if not kept:
                    self.post_message(self.ChecksFound(document, {}, True))
                    return
                matcher = Matcher(conn)
                every: dict[int, list[Match]] = {}
                for lo in range(0, len(texts), BATCH):
                    if worker.is_cancelled:
                        return
                    found = {lo + i: m for i, m in enumerate(matcher.match_all(texts[lo:lo + BATCH]))
                             if m}
                    every.update(found)
                    self.post_message(self.ChecksFound(document, found, False, kept))
                store.save_matches(conn, record_id, {i: [(m.check.id, m.score) for m in ms]
                                                     for i, ms in every.items()})
                self.post_message(self.ChecksFound(document, {}, True, kept))
        except (StoreError, sqlite3.Error):
            return  # the notes store could not be opened: the reader says so already

    def _on_checked_checks_found(self, message: ChecksFound) -> None:
        if not self._shown(message.document):
            return
        self.fact_checks_kept = message.kept
        if message.done and self.checked:
            self.build_library()  # the finder's checked: and rating: know this article now
        if message.found:
            self.checked.update(message.found)
            self.view.set_checked(self.checked)
            if self.view.cursor in message.found:
                self._show_current()

    def checks_here(self) -> tuple[list[Match], int]:
        """The current statement's matches and the one chosen (the first until ``m``)."""
        i = self.view.cursor
        matches = self.checked.get(i, [])
        at, chosen = self._check_at
        return matches, (chosen if at == i and chosen < len(matches) else 0)

    def action_next_check(self) -> None:
        """The current statement's next fact-check (around to the first after the last)."""
        matches, chosen = self.checks_here()
        if not matches:
            self.notify(self._no_checks(), markup=False)
            return
        self._check_at = (self.view.cursor, (chosen + 1) % len(matches))
        if self._sidebar_overlay and not self.sidebar.display:
            self.action_toggle_sidebar()
        self._show_current()

    def action_cite_check(self) -> None:
        """Write a note on the current statement citing its chosen fact-check as evidence."""
        matches, chosen = self.checks_here()
        if not matches:
            self.notify(self._no_checks(), markup=False)
            return
        from .note_editor import NoteDraft

        check = matches[chosen].check
        cited = evidence_of(check)
        # Cited as the note's evidence (every export carries it); one without a link, in words.
        self.annotate(NoteDraft("" if cited else citation(check), (), verdict_of(check.rating),
                                (cited,) if cited else ()))

    def _no_checks(self) -> str:
        if not self.fact_checks_kept:
            return ("No fact-checks are kept yet: 'margin checks import FILE' reads ClaimReview, "
                    "DataCommons feeds, Fact Check Tools responses and CSV.")
        return "No published fact-check matches this statement."


def check_lines(matches: list[Match], chosen: int, width: int) -> list:
    """The sidebar's "Checked before" section: each match's rating as the fact-checker wrote
    it, who checked it and when, the claim as they worded it and the link (shown, not live);
    the chosen one marked. Everything in it came from an imported file: text, never markup."""
    noun = "fact-check" if len(matches) == 1 else "fact-checks"
    parts: list = [("\nChecked before", "bold"), (f" · {len(matches)} {noun}", MUTED),
                   (" · m next · M cite\n", MUTED)]
    for i, m in enumerate(matches):
        c = m.check
        mark = "▸ " if i == chosen else "  "
        parts.extend([(mark, "bold"), (c.rating or "no rating", "bold reverse"), " ",
                      (c.publisher or c.site or "unknown publisher", "bold")])
        if c.date:
            parts.append((f" · {c.date}", MUTED))
        parts.append((f" · {m.score:.0%}\n", MUTED))
        if i == chosen:
            parts.extend([("  “", MUTED), Content(clip(c.claim, 300)), ("”\n", MUTED)])
            if c.url:
                parts.extend([("  ", ""), (clip(c.url, max(20, width * 2)), "underline"), "\n"])
        else:
            parts.extend([("  ", ""), (clip(c.claim, max(20, width - 2)), MUTED), "\n"])
    return parts


def evidence_of(check: FactCheck) -> Evidence | None:
    """A fact-check as a note's evidence, read today (None without a web link)."""
    from datetime import date

    return Evidence.from_json({"url": check.url, "title": check.title,
                               "accessed": date.today().isoformat(),
                               "publisher": check.publisher or check.site,
                               "rating": check.rating or "no rating", "date": check.date,
                               "claim": check.claim})


def citation(check: FactCheck) -> str:
    """A fact-check cited in a note's Markdown: the rating as written, who checked it and when,
    their wording of the claim and the link — the evidence every export carries with the note.
    Markdown in the imported fields is escaped: it stays the words the fact-checker wrote."""
    who = ", ".join(x for x in (check.publisher or check.site, check.date) if x)
    line = f"Checked before: **{escape(check.rating or 'no rating', line_start=False)}**"
    if who:
        line += f" ({escape(who, line_start=False)})"
    line += f": “{escape(check.claim, line_start=False)}”"
    if check.url:
        line += f" <{link_destination(check.url)}>"
    return line + "\n\n"


#: A fact-checker's rating, as the reader's verdicts say it (the note's verdict to start with).
_VERDICT_WORDS = (
    ("needs-context", ("missing context", "needs context", "lacks context", "out of context",
                       "unproven", "unsupported", "mixture", "mixed", "half true", "half-true")),
    ("misleading", ("misleading", "mostly false", "distorts", "exaggerat", "partly false",
                    "partially false", "miscaptioned", "satire")),
    ("false", ("false", "fake", "pants on fire", "incorrect", "wrong", "hoax", "fabricated",
               "scam", "not true", "debunked")),
    ("supported", ("true", "correct", "accurate", "mostly true", "legit")),
)


def verdict_of(rating: str) -> str:
    """The reader's verdict closest to a fact-checker's rating ("Mostly False" -> misleading,
    "Pants on Fire" -> false); "unverified" when the rating says nothing the reader's do."""
    low = " ".join(rating.casefold().split())
    for verdict, words in _VERDICT_WORDS:
        if any(w in low for w in words):
            return verdict
    return "unverified"
