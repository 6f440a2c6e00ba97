"""Many objects made at once (100,000 notes read, placed, listed; a long book's claims): Python's
cyclic garbage collector paused meanwhile."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def many_objects() -> Iterator[None]:
    """The cyclic garbage collector paused while many objects that live on are made (a note
    is a handful): it would walk them all again and again as they grow (100,000 notes took it a
    third of their reading). Objects are freed as ever when their count drops to none."""
    if not gc.isenabled():  # paused already (by another thread, say): left to whoever did
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
