"""Python's cyclic garbage collector kept off the reader's keys: what lives as long as the
document shown is set aside, so that a collection never walks it.

A full collection walks every container object alive. Once a 3 MB book is open that is some
150,000 (the program itself, the statements and claims, the library's index), and a collection
that came in the middle of a key took 70-100 ms. ``gc.freeze`` moves the objects alive at that
moment to a generation the collector never looks at (reference counting still frees each when it
is dropped). So the reader freezes the program at its first frame, and once each large,
long-lived piece has landed (the analysis, the library's index) it collects what is dead --
walking only what is not frozen yet -- and freezes the rest. It thaws when the document shown is
replaced or the reader ends, and the next collection frees what went with it.
"""

from __future__ import annotations

import gc


def started() -> None:
    """The first frame is out: the program's own objects (modules, classes, widgets) frozen,
    and the collector on again (``margin`` starts the reader with it off: tui.cli.main). The
    start-up's leftovers in reference cycles (some 8,000 objects) are frozen with them, not
    collected: that would walk everything made so far (30 ms) before the analysis starts."""
    gc.freeze()
    gc.enable()


def settle() -> None:
    """What is alive now lives on (a document's analysis, or its index): frozen, so that later
    collections walk only what is newer. What is dead goes first (a dialog closed meanwhile):
    frozen, it would be kept until ``thaw``."""
    gc.collect()
    gc.freeze()


def thaw() -> None:
    """What was frozen may be collected again (the document shown was replaced, or the reader
    ends): back to the oldest generation."""
    gc.unfreeze()
