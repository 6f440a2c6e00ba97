"""The shipped models read from their compact copies: the JSON's data exactly, and never a copy made
from other JSON."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from tui.core.analysis import shipped

DATA = Path(shipped.__file__).with_name("data")
MODELS = sorted(p.stem for p in DATA.glob("*.json"))


def _same(a, b) -> bool:
    """Equal with the same key order at every level, and floats equal bit for bit."""
    if isinstance(a, dict):
        return (isinstance(b, dict) and list(a) == list(b)
                and all(_same(a[k], b[k]) for k in a))
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, float):
        return type(b) is float and (a == b and math.copysign(1, a) == math.copysign(1, b))
    return type(a) is type(b) and a == b


def test_every_model_has_a_compact_copy_made_from_its_json():
    assert MODELS == ["checkworthy", "cues", "sources", "speakers"]
    for name in MODELS:
        raw = (DATA / f"{name}.json").read_bytes()
        packed = (DATA / f"{name}{shipped.SUFFIX}").read_bytes()
        assert shipped.unpack(packed, raw) is not None, (
            f"data/{name}{shipped.SUFFIX} was not made from data/{name}.json: "
            "run python tools/compact_models.py")
        assert packed == shipped.pack(raw), "run python tools/compact_models.py"


@pytest.mark.parametrize("name", MODELS)
def test_a_compact_copy_holds_the_json_exactly(name):
    raw = (DATA / f"{name}.json").read_bytes()
    from_copy = shipped.unpack((DATA / f"{name}{shipped.SUFFIX}").read_bytes(), raw)
    assert _same(from_copy, json.loads(raw))
    assert _same(shipped.load(name), json.loads(raw))


def test_tables_at_any_depth_and_odd_keys_round_trip():
    table = {f"w={i}": i / 7 for i in range(shipped.MIN_TABLE)}
    table.update({"": -0.0, "naïve “quote”": 1e-300, "tab\tkey": -2.5})
    lines = {f"line\n{i}": 0.5 for i in range(shipped.MIN_TABLE)}  # a key a line cannot hold
    data = {"meta": {"name": "x", "n": 3, "small": {"a": 1.5}}, "deep": {"weights": table},
            "ints": {f"k{i}": i for i in range(100)}, "list": [1.0, 2], "lines": lines}
    for model in (data, table):
        raw = json.dumps(model).encode()
        packed = shipped.pack(raw)
        assert len(json.loads(packed.split(b"\n", 1)[0])["tables"]) == 1  # the floats only
        assert _same(shipped.unpack(packed, raw), json.loads(raw))


def test_a_copy_made_from_other_json_or_damaged_is_not_used(tmp_path):
    for name in ("speakers", "sources"):
        shutil.copy(DATA / f"{name}.json", tmp_path)
        shutil.copy(DATA / f"{name}{shipped.SUFFIX}", tmp_path)
    # Retrained: one weight changed, the copy not remade.
    path = tmp_path / "speakers.json"
    weights = json.loads(path.read_bytes())
    first = next(iter(weights))
    weights[first] += 1.0
    path.write_text(json.dumps(weights), encoding="utf-8")
    assert shipped.unpack((tmp_path / f"speakers{shipped.SUFFIX}").read_bytes(),
                          path.read_bytes()) is None
    assert shipped.load("speakers", tmp_path)[first] == weights[first]
    # Cut short: read from the JSON.
    copy = tmp_path / f"sources{shipped.SUFFIX}"
    copy.write_bytes(copy.read_bytes()[:-3])
    assert _same(shipped.load("sources", tmp_path), json.loads((tmp_path / "sources.json").read_bytes()))
    # No copy at all.
    copy.unlink()
    assert _same(shipped.load("sources", tmp_path), json.loads((tmp_path / "sources.json").read_bytes()))
