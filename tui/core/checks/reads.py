"""What the matcher reads of each fact-check, worked out once when it is imported: the index's
term for each word of its claim and title, and its meaning as a vector.

Matching a statement re-ranks some thirty candidates; reading each (the words stemmed through
the index's tokenizer, the sub-words embedded) cost more than the search itself. Kept in
``fact_check_reads`` (schema.READS_MIGRATION), they are read with the candidates; a fact-check
without its reading (imported by an older Margin, or edited since) is read when matched, as
before. A reading names the model of meaning that made its vector: another model reads again.
"""

from __future__ import annotations

import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Sequence

from .query import words

#: Fact-checks read per batch.
_BATCH = 2_000


def model_name(meaning) -> str:
    """The name a vector made by ``meaning`` (a match_meaning.Meaning, or None) is kept under:
    '' without one."""
    return meaning.name if meaning is not None else ""


def encode(vector) -> bytes:
    """A unit vector as kept: half precision (512 bytes for 256 dimensions)."""
    return vector.astype("<f2").tobytes()


def decode(blob: bytes, numpy):
    """A kept vector, back in single precision."""
    return numpy.frombuffer(blob, dtype="<f2").astype(numpy.float32)


def rounded(vector, numpy):
    """``vector`` as it reads back once kept (so that a reading made when matching and one
    kept at import compare the same)."""
    return vector.astype("<f2").astype(numpy.float32)


def known_stems(kept: str, said: Sequence[str]) -> list[str] | None:
    """The terms ``kept`` for the words ``said``, or None when they do not fit them (the words
    are cut differently now)."""
    got = kept.split(" ") if kept else []
    return got if len(got) == len(said) else None


def fill(conn: sqlite3.Connection, index=None, meaning=None) -> int:
    """Read every fact-check of ``conn`` not read yet, or read by another model of meaning than
    ``meaning`` (by default the matcher's, when the machine has it). ``index``: a
    match_index.Index of ``conn`` (one is made). In the caller's transaction; how many were
    read."""
    from .match_index import Index
    from .match_meaning import loaded

    if meaning is None:
        meaning = loaded()
    if meaning is not None:  # many fact-checks: each word tokenized once, not once a batch
        meaning.words = max(meaning.words, 400_000)
    name = model_name(meaning)
    own = index is None
    index = index or Index(conn)
    # Thousands of words at a time: the tokenizer's threads pay (the reader keeps them off).
    threads = os.environ.get("TOKENIZERS_PARALLELISM")
    os.environ["TOKENIZERS_PARALLELISM"] = "true"
    try:
        todo = conn.execute(
            "SELECT c.id, c.claim, c.title FROM fact_checks c LEFT JOIN fact_check_reads r "
            "ON r.id = c.id WHERE r.id IS NULL OR r.model != ?", (name,)).fetchall()
        batches = [todo[i:i + _BATCH] for i in range(0, len(todo), _BATCH)]
        texts = [[claim + " " + title for _, claim, title in part] for part in batches]

        def encoded(k: int) -> list:
            if meaning is None:
                return [None] * len(batches[k])
            return [encode(v) for v in meaning.vectors(texts[k])]

        # The meanings of the next batch are worked out in a thread (numpy and the tokenizer
        # let go of the interpreter) while this one's words are stemmed and written.
        with ThreadPoolExecutor(max_workers=1) as pool:
            coming = pool.submit(encoded, 0) if batches else None
            for k, part in enumerate(batches):
                said = [words(t) for t in texts[k]]
                terms = index.stems([w for ws in said for w in ws])
                vectors = coming.result()
                coming = pool.submit(encoded, k + 1) if k + 1 < len(batches) else None
                rows, at = [], 0
                for (fid, _, _), ws, v in zip(part, said, vectors):
                    rows.append((fid, " ".join(terms[at:at + len(ws)]), v, name))
                    at += len(ws)
                conn.executemany("INSERT OR REPLACE INTO fact_check_reads (id, stems, vector, "
                                 "model) VALUES (?, ?, ?, ?)", rows)
    finally:
        if threads is None:
            os.environ.pop("TOKENIZERS_PARALLELISM", None)
        else:
            os.environ["TOKENIZERS_PARALLELISM"] = threads
        if own:
            index.close()
    return len(todo)
