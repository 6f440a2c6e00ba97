"""What an import finds already here: a note of the same id, and whether the one imported is
it edited elsewhere (then kept beside it, never dropped nor written over it)."""

from __future__ import annotations

from ..text import scrub
from .model import Note, StoreError, normalise_tags


def has_note(store, note_id: str) -> bool:
    try:
        store.note(note_id)
    except StoreError:
        return False
    return True


def edited_elsewhere(here: Note, item, newer: bool = True) -> bool:
    """Is the imported ``item`` the note ``here`` with other words (``newer``: edited after
    it was)?"""
    if (scrub(item.body), tuple(normalise_tags(item.tags)), item.verdict) == \
            (here.body, tuple(here.tags), here.verdict):
        return False
    return not newer or (bool(item.modified) and item.modified > (here.modified or ""))
