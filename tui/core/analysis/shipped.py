"""The learned models as shipped (data/NAME.json), read from their compact copies (data/NAME.bin).

Parsing the ~2 MB of JSON took about a quarter of ``margin claims`` on a short article: most of
it is tables of weights (str -> float). A compact copy holds the same data with each such table
as its keys (UTF-8, one per line) and its values (IEEE 754 doubles, little-endian): the same
floats bit for bit, the same keys in the same order, read without parsing a number.
``tools/compact_models.py`` writes the copies from the JSON, which stays what training writes
and what people read. A copy records the length and CRC-32 of the JSON it was made from: one
that does not match the JSON beside it (a model retrained, its copy not remade) is not used.
"""

from __future__ import annotations

import array
import json
import sys
import zlib
from pathlib import Path

#: A dict of at least this many floats becomes a table of the compact copy; smaller ones (and
#: everything else) stay JSON in its header.
MIN_TABLE = 64
SUFFIX = ".bin"


def load(name: str, folder=None) -> dict:
    """The content of data/NAME.json (of ``folder``, else the package's): from its compact copy
    when that was made from this JSON, else parsed from the JSON itself."""
    folder = folder or _data()
    raw = folder.joinpath(name + ".json").read_bytes()
    try:
        packed = folder.joinpath(name + SUFFIX).read_bytes()
    except FileNotFoundError:
        packed = None
    try:
        data = unpack(packed, raw) if packed else None
    except (ValueError, KeyError):  # a damaged copy: the JSON is still there
        data = None
    return json.loads(raw) if data is None else data


def _data():
    """The package's data folder: beside this file, as a package is installed; else (a package
    imported from a zip archive) as importlib.resources finds it, which takes a worker process
    (spread.py) a tenth of its start to import."""
    here = Path(__file__).with_name("data")
    if here.is_dir():
        return here
    from importlib import resources
    return resources.files(__package__).joinpath("data")


def pack(raw: bytes) -> bytes:
    """The compact copy of the JSON ``raw``: a header line (JSON: where the tables go and the
    rest of the data, the length and CRC-32 of ``raw``), then every table's keys, then their
    values."""
    tables: list[tuple[list[str], dict]] = []

    def skeleton(node, path: list[str]):
        if not isinstance(node, dict):
            return node
        if (len(node) >= MIN_TABLE and all(type(v) is float for v in node.values())
                and not any("\n" in k for k in node)):
            tables.append((path, node))
            return None
        return {k: skeleton(v, [*path, k]) for k, v in node.items()}

    head = {"json_bytes": len(raw), "json_crc32": zlib.crc32(raw),
            "data": skeleton(json.loads(raw), [])}
    keys = "\n".join(k for _, table in tables for k in table).encode("utf-8")
    values = array.array("d", [v for _, table in tables for v in table.values()])
    if sys.byteorder == "big":
        values.byteswap()
    head.update(tables=[[path, len(table)] for path, table in tables], keys_bytes=len(keys))
    return json.dumps(head, separators=(",", ":")).encode("ascii") + b"\n" + keys + values.tobytes()


def unpack(packed: bytes, raw: bytes) -> dict | None:
    """The data of a compact copy, or None when it was not made from the JSON ``raw``."""
    end = packed.index(b"\n")
    head = json.loads(packed[:end])
    if head["json_bytes"] != len(raw) or head["json_crc32"] != zlib.crc32(raw):
        return None
    split = end + 1 + head["keys_bytes"]
    keys = packed[end + 1:split].decode("utf-8").split("\n") if head["tables"] else []
    values = array.array("d")
    values.frombytes(packed[split:])
    if sys.byteorder == "big":
        values.byteswap()
    count = sum(n for _, n in head["tables"])
    if len(keys) != count or len(values) != count:
        return None
    data, at = head["data"], 0
    for path, n in head["tables"]:
        table = dict(zip(keys[at:at + n], values[at:at + n]))
        at += n
        if not path:  # the whole model is one table
            return table
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = table
    return data
