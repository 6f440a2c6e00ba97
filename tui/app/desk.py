"""The reader's side of a desk's shared notes: where a desk's server is set (MARGIN_STORE_URL or
the config's ``store_url``), the notes are kept in step with it in the background
(tui.core.desk.live) from the moment the reader opens; a teammate's notes show as any other
Margin's do (Freshness), with their author; losing the desk and finding it again is said."""

from __future__ import annotations


class DeskActions:
    """Mixed into the reader (MarginApp): uses its config and notify."""

    _desk = None

    def start_desk(self) -> None:
        from ..core.desk.server import DeskError, store_url

        try:
            url = store_url(self.config.store_url)
        except DeskError as exc:
            self.notify(f"Notes are not shared: {exc}.", title="Desk", severity="warning",
                        timeout=10, markup=False)
            return
        if not url:
            return
        from ..core.desk.live import LiveDesk
        from .config import author_of

        self._desk = LiveDesk(None, url, author_of(self.config), self._desk_said).start()
        self.sidebar.history_of = self._history_of

    def _history_of(self, note_id: str) -> list:
        from ..core.desk.history import history

        return [] if self.session is None else history(self.session.store.conn, note_id)

    def _desk_said(self, line: str) -> None:
        """(From the desk's thread.)"""
        try:
            self.call_from_thread(self.notify, line, title="Desk", timeout=8, markup=False)
        except RuntimeError:  # the reader is ending
            pass

    def stop_desk(self) -> None:
        if self._desk is not None:
            self._desk.stop()
            self._desk = None
