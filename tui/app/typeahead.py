"""Keys act in the order they were typed, however fast they come: one key at a time.

Textual hands each key to the focused widget at once, but runs a binding only when the key, not
taken by the widget, has come back up to the app; and a dialog pushed by a key takes keys only
once it is mounted and its field has focus. Keys typed faster than that (a quick typist, a busy
reader, a terminal sending a burst) were scrambled: after ``a`` the words of a note went to the
reader behind the editor, Tab moved the focus after the tags typed behind it, ``ctrl+u`` typed
before a path erased the path.

So the app sends the next key only when the last one has been handled everywhere it goes (the
widget, its parents, the bindings, the messages these posted on its way up) and the screen on
top is ready (mounted, its focus set, the result of the screen closed before it delivered).
Keys that come meanwhile wait, in order. A slow typist sees no difference.
"""

from __future__ import annotations

from collections import deque
from time import monotonic

from textual import events
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer

#: What waits its turn: keys, and pastes (a paste after ``a`` belongs in the note).
_TYPED = (events.Key, events.Paste)


class KeysInOrder:
    """Mixin for the App (before ``App`` in its bases): typed keys and pastes are handled one
    at a time, in the order they came."""

    #: How often a key held up is looked at; after STUCK_TICKS looks in a row (on time, the
    #: event loop free) without any key or screen getting further, the keys waiting go on
    #: anyway: a widget removed with a key in its queue never answers, and keys are never lost.
    TICK = 0.25
    STUCK_TICKS = 40  # 10 s: a loaded machine stalls a screen for seconds; a key is not stuck

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._waiting: deque[events.Event] = deque()
        self._travelling: events.Event | None = None
        self._ready_screen: Screen | None = None  # the screen on top, seen ready
        self._settling: Screen | None = None  # the screen being waited for
        self._moves = 0  # keys handled and screens settled: what the watchdog watches
        self._watchdog: Timer | None = None
        self._watched = (0, 0.0, 0)  # moves seen, when, ticks in a row without a move

    async def on_event(self, event: events.Event) -> None:
        if (isinstance(event, _TYPED) and not event.is_forwarded
                and self.screen_stack):  # type: ignore[attr-defined]
            if self._travelling is not None or self._waiting or not self._screen_ready():
                self._waiting.append(event)
                self._watch()
            else:
                await self._send(event)
            return
        await super().on_event(event)  # type: ignore[misc]

    # -- one key's way -----------------------------------------------------------------------

    async def _send(self, event: events.Event) -> None:
        """Dispatch ``event`` as Textual does (priority bindings, then the focused widget), and
        follow it until it has been handled."""
        self._travelling = event
        await super().on_event(event)  # type: ignore[misc]
        if event.is_forwarded:
            target = self.focused or self.screen  # type: ignore[attr-defined]
            self._visit(event, target, target, 1)
        else:  # taken by a priority binding: what it did is done once the app gets here
            self.call_later(self._finish, event)  # type: ignore[attr-defined]

    def _visit(self, event: events.Event, node: DOMNode, target: DOMNode, lap: int) -> None:
        """Look again once ``node`` has handled what is queued for it now (``event``, or the
        messages its handling posted)."""
        if not node.call_later(self._passed, event, node, target, lap):  # closed: nothing waits
            self._passed(event, node, target, lap)

    def _passed(self, event: events.Event, node: DOMNode, target: DOMNode, lap: int) -> None:
        # Lap 1 follows the key up from the widget it went to, to the app, where the bindings
        # run; lap 2 follows, the same way, the messages those posted (Input.Submitted, a
        # button's Pressed): a key that submits a dialog is done when the dialog has closed.
        if node is not self:
            self._visit(event, node.parent or self, target, lap)  # type: ignore[arg-type]
        elif lap == 1:
            self._visit(event, target, target, 2)
        else:
            self._finish(event)

    def _finish(self, event: events.Event) -> None:
        if self._travelling is event:
            self._travelling = None
            self._moves += 1
            # After the callbacks already asked for (a closed screen's result: a saved note).
            self.call_next(self._release)  # type: ignore[attr-defined]

    async def _release(self) -> None:
        """Send the keys waiting, one at a time, while nothing holds them."""
        while self._travelling is None and self._waiting and self._screen_ready():
            await self._send(self._waiting.popleft())

    # -- the screen on top -------------------------------------------------------------------

    def _screen_ready(self) -> bool:
        """Has the screen on top been mounted and set its focus? If not, find out, then send
        the keys waiting."""
        if not self.screen_stack:  # type: ignore[attr-defined]  # closing: keys go nowhere
            self._waiting.clear()
            return False
        screen = self.screen  # type: ignore[attr-defined]
        if screen is self._ready_screen:
            return True
        if self._settling is not screen:
            self._settling = screen
            # The screen composes and mounts before it handles its queue; the focus it asks
            # for there is set by the app, before the app's next callback.
            settle = self.call_later  # type: ignore[attr-defined]
            if not screen.call_later(settle, self._settled, screen):
                self._settled(screen)
        return False

    def _settled(self, screen: Screen) -> None:
        if self._settling is screen:
            self._settling = None
            self._ready_screen = screen
            self._moves += 1
            self.call_next(self._release)  # type: ignore[attr-defined]

    # -- never held for ever -----------------------------------------------------------------

    def _watch(self) -> None:
        if self._watchdog is None:
            self._watchdog = self.set_interval(self.TICK, self._look)  # type: ignore[attr-defined]
        else:
            self._watchdog.resume()

    async def _look(self) -> None:
        moves, last, still = self._watched
        now = monotonic()
        if not self._waiting:
            self._watchdog.pause()  # type: ignore[union-attr]
            self._watched = (self._moves, now, 0)
            return
        on_time = now - last < 2 * self.TICK  # a late look saw a busy loop, not a stuck key
        still = still + 1 if on_time and moves == self._moves else 0
        self._watched = (self._moves, now, still)
        if still >= self.STUCK_TICKS and self.screen_stack:  # type: ignore[attr-defined]
            self._travelling = None
            self._settling = None
            self._ready_screen = self.screen  # type: ignore[attr-defined]
            self._moves += 1
            await self._release()
