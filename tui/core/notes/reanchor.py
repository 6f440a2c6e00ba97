"""Notes follow their sentence: when a document's text changes, each note is found again on it."""

from __future__ import annotations

from .model import DocumentRecord, Reanchored, text_hash
from .policy import ANCHORED, ORPHAN, REVIEW, resolve_all
from .selector import describe
from .store import Store


def reanchor(store: Store, document_id: int, text: str) -> Reanchored:
    """Find every note of the document (deleted ones too) on its new text and store where each
    is, with the new text, in one commit.

    A note whose offsets belong to the text the store held follows its own sentence through a
    diff of that text and the new one; the others (imported, or already in review) are found by
    their selectors. ``anchored`` notes get fresh selectors on the new text; ``review`` notes
    keep their selector (the old text) and record where the edited sentence is now, and where
    else it may be; ``orphan`` notes keep everything, and are never deleted. The reader's
    corrections of statements go the same way (``corrections``: how many no longer apply)."""
    old = store.document(document_id)
    notes = store.notes(document_id, include_deleted=True)
    # The reader's corrections follow their sentences the same way, in the same pass (one diff).
    fixes = store.corrections(document_id)
    every = [*notes, *fixes]
    results = resolve_all(text, [n.selector for n in every], old.text,
                          [n.text_hash == old.hash for n in every])
    counts = {ANCHORED: 0, REVIEW: 0, ORPHAN: 0}
    places: tuple[list, list] = ([], [])
    fixed: tuple[list, list] = ([], [])
    for k, (item, found) in enumerate(zip(every, results)):
        anchored, others = places if k < len(notes) else fixed
        if k < len(notes):
            counts[found.state] += 1
        if found.state == ANCHORED:
            anchored.append((item.id, describe(text, found.start, found.end)))
        else:
            others.append((item.id, found.state, found.start, found.end, found.reason,
                           found.candidates))
    with store.batch():  # one commit: the new text, its notes and its corrections
        store.save_correction_places(text_hash(text), *fixed)
        store.save_anchoring(document_id, text, *places)
    return Reanchored(counts[ANCHORED], counts[REVIEW], counts[ORPHAN],
                      sum(found.state != ANCHORED for found in results[len(notes):]))


def open_document(store: Store, source: str, title: str, text: str, markup: str = "",
                  format: str = "text") -> tuple[DocumentRecord, Reanchored | None]:
    """Register a document in the store (by its source, or by identical text if it moved) and,
    if its text changed since it was last seen, let its notes follow the new text: all in one
    transaction. Returns the record and what re-anchoring did (None: the text had not changed)."""
    with store.batch():
        record, changed = store.open_document(source, title, text, markup, format)
        outcome = reanchor(store, record.id, text) if changed else None
    if outcome is not None:
        record = store.document(record.id)
    return record, outcome
