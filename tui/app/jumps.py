"""Jumps: the finder (/), related statements (r, n, N), and back and forward through where you were,
in this article or any other of the library."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.load import LoadError
from ..core.session import Session

if TYPE_CHECKING:  # (the finder and the search are imported when first used: see _finder)
    from ..core.search.library import Result
    from .finder import Target


def _finder():
    """The finder's module (and the search's), imported on the first jump: the first frame
    needs neither."""
    from . import finder

    return finder


class Jumps:
    """Mixed into the reader (MarginApp): the actions behind /, r, n, N, ctrl+o and alt+right.
    They use the reader's record, article, library, view and its switch_to()."""

    def init_jumps(self) -> None:
        self._library_scope = False  # the finder searches the whole library
        self._related: list[Result] = []
        self._related_at = -1
        self._history: list[tuple[str, int]] = []  # (source, statement) to go back to
        self._future: list[tuple[str, int]] = []
        #: The last place a jump went to in another document (source, statement): where the
        #: reader is while that document is being read, before its record is known.
        self._destination: tuple[str, int] | None = None

    def jump_to_statement(self, index: int) -> None:
        """Go to a statement of this article (a step of the jump history)."""
        if self.record is not None:
            self._jump_to_target(_finder().Target(self.record.id, self.record.source, index))

    def _here(self) -> tuple[str, int] | None:
        """Where the reader is: the statement shown, or, while a document jumped to is still
        being read, the statement it will show."""
        if self.record is not None:
            return (self.record.source, self.view.cursor)
        if self._destination is None or self.article is None:
            return self._destination
        return (self._destination[0], self.view.cursor)

    def _shows(self, source: str) -> bool:
        """Is the document at ``source`` the one shown, or the one being switched to?"""
        if self.record is not None:
            return source == self.record.source
        return self._destination is not None and self._destination[0] == source

    def action_find(self) -> None:
        if self.record is None and self.library is None:
            self.notify("Still reading the article…", markup=False)
            return

        def scope(whole: bool) -> None:
            self._library_scope = whole

        screen = _finder().FinderScreen(self.library, self.record.id if self.record else None,
                                        self._library_scope, on_scope=scope)
        self.push_screen(screen, self._jump_to_target)

    def action_related(self) -> None:
        if self.library is None or self.record is None or self.article is None:
            self.notify("Still reading the article…" if self.library is not None else
                        "Still indexing the library…", markup=False)
            return
        index = self.view.cursor
        if not 0 <= index < len(self.article.statements):
            self.notify("This article has no statements to relate.", markup=False)
            return
        results = self.library.related(self.record.id, index, limit=20)
        self._related = results
        self._related_at = -1
        st = self.article.statements[index]
        self.push_screen(_finder().RelatedScreen(self.document.text[st.start:st.end], results),
                         self._jump_to_related)

    def _jump_to_related(self, target: Target | None) -> None:
        if target is None:
            return
        for i, r in enumerate(self._related):
            if (r.item.document_id, r.item.statement) == (target.document_id, target.statement):
                self._related_at = i
        self._jump_to_target(target)

    def action_related_step(self, step: int) -> None:
        if not self._related:
            self.notify("No related list yet: press r on a statement.", markup=False)
            return
        n, at = len(self._related), self._related_at
        if at < 0:  # not in the list yet: n starts at the best, N at the last
            at = 0 if step > 0 else n - 1
            wrapped = ""
        else:
            wrapped = (" (back to the first)" if at + step >= n else
                       " (round to the last)" if at + step < 0 else "")
            at = (at + step) % n
        self._related_at = at
        r = self._related[at]
        self.notify(f"Related {at + 1} of {n} (match {r.match:.0f}){wrapped}", timeout=3,
                    markup=False)
        self._jump_to_target(_finder().Target(r.item.document_id, r.source, r.item.statement))

    def _jump_to_target(self, target: Target | None) -> None:
        if target is None:
            return
        here = self._here()
        if here is not None and here != (target.source, target.statement):
            self._history.append(here)
            self._future.clear()
        self._go(target.source, target.statement)

    def action_history(self, step: int) -> None:
        stack, other = (self._history, self._future) if step < 0 else (self._future, self._history)
        if not stack:
            self.notify("Nothing to go back to." if step < 0 else "Nothing to go forward to.",
                        markup=False)
            return
        here = self._here()
        source, statement = stack.pop()
        if here is not None:
            other.append(here)
        self._go(source, statement)

    def _go(self, source: str, statement: int) -> None:
        self._go_to(source, statement)

    def _go_to(self, source: str, statement: int, force: bool = False) -> None:
        """Show statement ``statement`` of the document at ``source`` (``force``: read it again
        even when it is the one shown)."""
        if not force and self._shows(source):
            if self.record is None:
                self._destination = (source, statement)
            if self.article is None:  # still being read: it opens there
                self._pending_statement = statement
            else:
                self.view.move_to(statement, center=True)
                self.view.focus()
            return
        session = self.session or Session()
        try:
            opened = session.load(source)
        except LoadError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        finally:
            if session is not self.session:
                session.close()
        if opened.warning:
            self.notify(opened.warning, severity="warning", markup=False)
        self._destination = (source, statement)
        self.switch_to(opened.document, statement)
