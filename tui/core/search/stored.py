"""The library's search index on disk, beside the notes: one compact file, read in milliseconds,
written whole (a reader sees the old file or the new one), checked when read (a damaged file, or
one another version wrote, is made again)."""

from __future__ import annotations

import marshal
import os
import secrets
import struct
import sys
import zlib
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from .index import SearchIndex
from .library import Items, Statements
from .related import UNPOSTED
from .related_index import RelatedIndex

#: Bumped whenever what is kept, or how a statement is folded or its features read, changes:
#: an index of another format is made again.
FORMAT = 1
_MAGIC = b"margin search index\n"
_HEAD = struct.Struct("<HHIQ")  # format, marshal version, crc32 of the payload, its length
_PLATFORM = (sys.byteorder, array("i").itemsize, array("q").itemsize, sys.version_info[:2])


class Damaged(Exception):
    """The file is not an index this Margin can read (the message says why, in a few words)."""


@dataclass(eq=False)
class Shelf:
    """What the library's index keeps: for each document it holds, the versions of its text and
    analysis; the statements, as stored (in document order, with their texts); the notes that
    are items, after the statements (their bodies are in the index); the index over those items;
    and the files read into the library, with what their size and times were then."""

    docs: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (hash, analysed)
    statements: Statements = field(default_factory=lambda: Statements(*[[] for _ in range(8)]))
    notes: list[str] = field(default_factory=list)
    index: SearchIndex | None = None
    #: library key -> (device, inode, size, mtime_ns, ctime_ns, document id, text hash)
    files: dict[str, tuple] = field(default_factory=dict)

    def items(self) -> Items | None:
        """Its items and index, for ``Library.of`` (None: it holds no index)."""
        if self.index is None:
            return None
        orig, row_of, count = self.index._orig, self.index._row_of, len(self.statements)
        return Items(self.statements,
                     [(note, orig[row_of[count + k]]) for k, note in enumerate(self.notes)],
                     self.index)


def identity(path: Path) -> tuple | None:
    """Which file is at ``path`` now (device, inode, size, time), None for none: every write
    makes a new one, so a file with the identity of one read or written is that one still."""
    try:
        return _identity(os.stat(path))
    except OSError:
        return None


def _identity(info: os.stat_result) -> tuple:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def read(path: Path) -> tuple[Shelf, tuple] | None:
    """The shelf kept at ``path``, and the identity of the file it was read from; None when there
    is none. Damaged when it cannot be used."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
            seen = _identity(os.fstat(handle.fileno()))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise Damaged(exc.strerror or str(exc)) from None
    if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + _HEAD.size:
        raise Damaged("not an index")
    fmt, version, crc, size = _HEAD.unpack_from(data, len(_MAGIC))
    payload = memoryview(data)[len(_MAGIC) + _HEAD.size:]
    if fmt != FORMAT or version != marshal.version:
        raise Damaged(f"format {fmt}, this Margin reads {FORMAT}")
    if len(payload) != size or zlib.crc32(payload) != crc:
        raise Damaged("damaged")
    try:
        got = marshal.loads(payload)
        if got["platform"] != list(_PLATFORM):
            raise Damaged("made on another machine")
        return _shelf(got), seen
    except Damaged:
        raise
    except Exception as exc:  # whatever a damaged file makes of the code below: it is damaged
        raise Damaged(f"damaged ({type(exc).__name__})") from None


def write(path: Path, shelf: Shelf) -> tuple:
    """Keep the shelf at ``path``, whole or not at all (OSError when it cannot be written).
    Returns the identity of the file written."""
    payload = marshal.dumps(_plain(shelf))
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + _HEAD.pack(FORMAT, marshal.version, zlib.crc32(payload),
                                             len(payload)))
            handle.write(payload)
            handle.flush()
            made = _identity(os.fstat(handle.fileno()))
        os.replace(tmp, path)
        return made
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# -- to and from plain values (what marshal writes: no code, no classes) --------------------------


def _bytes(typecode: str, values) -> bytes:
    return array(typecode, values).tobytes()


def _array(typecode: str, raw: bytes) -> array:
    out = array(typecode)
    out.frombytes(raw)
    return out


def _plain(shelf: Shelf) -> dict:
    st = shelf.statements
    kinds = {k: i for i, k in enumerate(dict.fromkeys(st.kinds))}
    speakers = {s: i for i, s in enumerate(dict.fromkeys(st.speaker))}
    out = {
        "platform": list(_PLATFORM),
        "docs": {i: list(v) for i, v in shelf.docs.items()},
        "statements": [_bytes("i", st.doc), _bytes("i", st.idx), _bytes("q", st.start),
                       _bytes("q", st.end), [list(k) for k in kinds],
                       _bytes("i", map(kinds.__getitem__, st.kinds)), list(speakers),
                       _bytes("i", map(speakers.__getitem__, st.speaker)),
                       _bytes("d", st.score)],
        "notes": list(shelf.notes),
        "files": {k: list(v) for k, v in shelf.files.items()},
        "index": None,
    }
    index = shelf.index
    if index is None:
        return out
    # Every list of rows once (the related index shares the postings'), one after the other.
    lists: dict[int, int] = {}
    pool = array("i")
    lengths = array("q")

    def ref(rows) -> int:
        got = lists.get(id(rows))
        if got is None:
            got = lists[id(rows)] = len(lengths)
            pool.extend(rows)
            lengths.append(len(rows))
        return got

    post = [-1 if p is None or w in UNPOSTED else ref(p) for w, p in zip(index._vocab, index._post)]
    related = None
    if index.relate is not None:
        try:
            related = [_field(getattr(index.relate, name), ref) for name in RelatedIndex.STATE]
        except (AttributeError, TypeError):  # a field this file cannot hold: made when read
            related = None
    out["index"] = [index._item_of.tobytes(), index._big, index._orig, index._vocab,
                    _bytes("i", post), pool.tobytes(), lengths.tobytes(), related]
    return out


def _field(value, ref) -> list:
    """A field of the related index as plain values (TypeError for one of another kind)."""
    if isinstance(value, array):
        return ["array", value.typecode, value.tobytes()]
    if isinstance(value, (bytes, bytearray)):
        return ["bytes", bytes(value)]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted(value)]
    if isinstance(value, dict):
        values = list(value.values())
        if all(isinstance(v, array) and v.typecode == "i" for v in values):
            return ["rows", list(value), _bytes("i", map(ref, values))]
        if all(type(v) is float for v in values):
            return ["floats", list(value), _bytes("d", values)]
    raise TypeError(type(value).__name__)


def _unfield(got: list, lists: list[array]):
    kind = got[0]
    if kind == "array":
        return _array(got[1], got[2])
    if kind == "bytes":
        return bytearray(got[1])
    if kind == "set":
        return frozenset(map(str, got[1]))
    if kind == "rows":
        return dict(zip(map(str, got[1]), map(lists.__getitem__, _array("i", got[2]))))
    if kind == "floats":
        return dict(zip(map(str, got[1]), _array("d", got[2])))
    raise Damaged(f"damaged (a field of kind {kind!r})")


def _shelf(got: dict) -> Shelf:
    doc, idx, start, end, kinds, kinds_of, speakers, speaker_of, score = got["statements"]
    kinds = [tuple(str(k) for k in ks) for ks in kinds]
    speakers = [s if s is None else str(s) for s in speakers]
    doc = _array("i", doc).tolist()
    count = len(doc)
    columns = [idx, start, end, kinds_of, speaker_of, score]
    idx, start, end, kinds_of, speaker_of, score = [
        _array(t, raw).tolist() for t, raw in zip("iqqiid", columns)]
    if any(len(c) != count for c in (idx, start, end, kinds_of, speaker_of, score)):
        raise Damaged("damaged (statements)")
    notes = [str(n) for n in got["notes"]]
    index = _index(got["index"], count + len(notes)) if got["index"] is not None else None
    if index is None and notes:
        raise Damaged("damaged (notes without an index)")
    text = [] if index is None else list(map(index._orig.__getitem__, index._row_of[:count]))
    if index is None and count:
        raise Damaged("damaged (statements without an index)")
    statements = Statements(doc, idx, start, end, list(map(kinds.__getitem__, kinds_of)),
                            list(map(speakers.__getitem__, speaker_of)), score, text)
    docs = {int(i): (str(h), str(a)) for i, (h, a) in got["docs"].items()}
    files = {str(k): tuple(v) for k, v in got["files"].items()}
    return Shelf(docs, statements, notes, index, files)


def _index(got: list, n: int) -> SearchIndex:
    order, big, orig, vocab, post, pool, lengths, related = got
    order = _array("i", order)
    text = big[:-1].split("\n") if n else []
    if len(order) != n or len(text) != n or len(orig) != n or sorted(order) != list(range(n)):
        raise Damaged("damaged (rows)")
    pool, lengths = _array("i", pool), _array("q", lengths)
    starts = [0, *lengths]
    for k in range(1, len(starts)):
        starts[k] += starts[k - 1]
    if starts[-1] != len(pool):
        raise Damaged("damaged (postings)")
    lists = [pool[starts[k]:starts[k + 1]] for k in range(len(lengths))]
    post = [None if k < 0 else lists[k] for k in _array("i", post)]
    if len(post) != len(vocab):
        raise Damaged("damaged (words)")
    index = SearchIndex.from_rows(order, text, list(orig), list(vocab), post, big=big)
    if related is not None and len(related) == len(RelatedIndex.STATE):
        relate = RelatedIndex.__new__(RelatedIndex)
        relate.index = index
        relate._profiles = {}
        for name, got in zip(RelatedIndex.STATE, related):
            setattr(relate, name, _unfield(got, lists))
        if len(relate._denom) != n:
            raise Damaged("damaged (related)")
        index.relate = relate
    return index
