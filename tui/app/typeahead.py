"""Keys typed faster than a dialog opens belong in its text field.

Keys already on their way when a dialog opens were sent to the reader behind it; they come back
to the app after the dialog is pushed but before its field has focus, where they would be taken
as the reader's own keys (``d`` delete, ``u`` undo, ``q`` quit…) or dropped. ``a`` followed at once by the words of
a note, or ``/`` followed by a query, must give the note and the query.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.css.query import NoMatches
from textual.widgets import Input, TextArea


class TypeAhead:
    """Mixin for a screen with a text field: ``TYPE_AHEAD`` is the field's selector. The app
    calls ``take_typed_ahead`` for each key that reaches it."""

    TYPE_AHEAD: ClassVar[str]

    def take_typed_ahead(self, event: events.Key) -> bool:
        """Put a key that reached the app (not the field) into the field; True if it was."""
        # A focused Input or TextArea consumes printable keys (and a TextArea, Enter): one that
        # gets past it to the app was typed before the field had focus.
        try:
            field = self.query_one(self.TYPE_AHEAD)  # type: ignore[attr-defined]
        except NoMatches:
            return False
        if self.focused not in (None, field):  # type: ignore[attr-defined]
            return False
        if event.is_printable and event.character:
            text = event.character
        elif event.key == "enter" and isinstance(field, TextArea):
            text = "\n"
        else:
            return False
        field.focus()
        if isinstance(field, TextArea):
            field.insert(text)
        elif isinstance(field, Input):
            field.insert_text_at_cursor(text)
        return True
