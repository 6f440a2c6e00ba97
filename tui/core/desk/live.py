"""The reader's desk, kept in step in the background: a thread that sends this machine's notes
as soon as they are saved and takes a teammate's as soon as the server says there are some.

The server is told of every change sent (NOTIFY on ``CHANNEL``); each reader listens on its own
connection and syncs when told, and when its own outbox holds a note (looked at every ``TICK``).
The thread writes through a store of its own on the same data folder: the reader notices those
writes as it notices any other Margin's (Freshness) and shows them. When the server cannot be
reached the notes stay here, and the thread tries again every ``RETRY`` seconds (``retry``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ..notes.store import Store
from .server import CHANNEL, DeskError
from .sync import Report, connect, sync

TICK = 0.5
RETRY = 5.0


class LiveDesk:
    """Syncs ``folder``'s notes store with the desk at ``url`` until ``stop``. ``said``: called
    (from the thread) with a line for the user when the desk is lost or found again."""

    def __init__(self, folder: Path | None, url: str, author: str,
                 said: Callable[[str], None] = lambda line: None, retry: float = RETRY) -> None:
        self.folder, self.url, self.author, self.said = folder, url, author, said
        self.retry = retry
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="margin-desk", daemon=True)
        self.online: bool | None = None
        self.last: Report | None = None

    def start(self) -> LiveDesk:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        store = None
        try:
            store = Store.open(self.folder, backup=False)
            while not self._stop.is_set():
                try:
                    self._session(store)
                except DeskError as exc:
                    if self.online is not False:
                        self.said(f"Working offline: {exc}. Notes are kept here and sent when "
                                  "the desk is back.")
                    self.online = False
                except Exception as exc:  # psycopg errors mid-session: the same
                    if self.online is not False:
                        self.said(f"Working offline: the desk's server went away ({type(exc).__name__}).")
                    self.online = False
                self._stop.wait(self.retry)
        finally:
            if store is not None:
                store.close()

    def _session(self, store: Store) -> None:
        """One connection's life: sync, then listen and sync whenever told or a note waits."""
        listener = connect(self.url)
        try:
            listener.autocommit = True
            listener.execute(f"LISTEN {CHANNEL}")
            self._sync(store)
            if self.online is False:
                self.said("The desk is back: notes are shared again.")
            self.online = True
            while not self._stop.is_set():
                told = any(True for _ in listener.notifies(timeout=TICK, stop_after=1))
                waiting = store.conn.execute("SELECT 1 FROM desk_outbox LIMIT 1").fetchone()
                if told or waiting:
                    self._sync(store)
        finally:
            listener.close()

    def _sync(self, store: Store) -> None:
        self.last = sync(store, self.url, self.author)
