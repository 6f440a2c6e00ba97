"""Keeping the reader current: the article changed (on disk, or another command read a newer
version), other writers' notes, a notes database replaced under it. Each is noticed, read again,
and said."""

from __future__ import annotations

import os
import sqlite3
from bisect import bisect_right
from time import monotonic

from ..core.analysis.article import Article
from ..core.analysis.segment import starts_of
from ..core.notes.diff import GONE, TextMap
from ..core.notes.model import StoreError
from .looks import sentence


class Freshness:
    """Mixed into the reader (MarginApp): uses its session, record, document, article, view,
    placed notes and library timer; ``notice_other_writers`` runs on a timer."""

    def notice_other_writers(self) -> None:
        """Another Margin (a second window, ``margin notes add``) changed the notes: show those
        that changed (one PRAGMA if none did). The article changed (on disk, or another command
        read a newer version), or the notes database was replaced: read it again, and say so."""
        if self.session is None or not self.showing:  # (a tick as the reader ends: nothing)
            return
        if self._library_due is not None and monotonic() >= self._library_due and all(
                w.group != "library" or w.is_finished for w in self.workers):
            self._library_due = None
            self.build_library()
        if self.article_changed():
            return
        try:
            version = self.session.notes_version()
        except (sqlite3.Error, StoreError):
            return
        store = self.session.store
        if store.reopened:  # on a database that replaced the one it had: read all again
            store.reopened = False
            self.reload_article(sentence(store.notices.pop()) if store.notices else
                                "The notes database was replaced: Margin reopened it.")
            store.notices.clear()
            return
        if version != self._data_version:
            self._data_version = version
            before = len(self.placed)
            self.reload_notes(others=True)
            if len(self.placed) != before:
                self.notify("Notes changed in another Margin: the sidebar shows them.",
                            timeout=4, markup=False)

    def article_changed(self) -> bool:
        """Has the article changed since it was shown? Then it is read again (the user told),
        and True."""
        if self.record is None or self.session is None:
            return False
        try:
            in_store = self.session.document_changed(self.record)
        except (sqlite3.Error, StoreError):
            in_store = False
        on_disk = self._disk_stamp is not None and disk_stamp(self.document.source) != self._disk_stamp
        if in_store or on_disk:
            self.reload_article("The article changed since it was opened" + (
                " (on disk)" if on_disk else " (another command read a newer version)")
                + ": it is read again, and its notes follow it.")
            return True
        return False

    def reload_article(self, why: str) -> None:
        """Read the article shown again and show it, on the same sentence (wherever the change
        moved it)."""
        self.notify(why, severity="warning", timeout=10, markup=False)
        if self.article is not None and self.article.statements:
            st = self.article.statements[self.view.cursor]
            self._reloaded_from = (self.document.text, st.start, st.end)
        self._go_to(self.document.source, self.view.cursor, force=True)

    def _following(self, article: Article, statement: int) -> int:
        """The statement to show of an article read again: where the one shown before went."""
        if self._reloaded_from is None or article.document.text == self._reloaded_from[0]:
            return statement
        old_text, start, end = self._reloaded_from
        went = TextMap(old_text, article.document.text).span(start, end)
        if went.kind == GONE:
            return statement
        starts = starts_of(article.statements)
        return max(0, bisect_right(starts, went.start) - 1)


def disk_stamp(source: str) -> tuple[int, int] | None:
    """When and how big the article's file was (None for no file: stdin, the web)."""
    if not source or not os.path.isabs(source):
        return None
    try:
        info = os.stat(source)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size
