"""Write the compact copies of the shipped models: tui/core/analysis/data/NAME.bin from NAME.json.

Usage: python tools/compact_models.py [--check]

The training scripts (tools/train_*.py) write the copy of the model they train themselves
(``write_compact``); run this after a model's JSON changed any other way: until then the program
reads that model from its JSON (slower; a copy made from other JSON is never used) and
tests/core/analysis/test_shipped.py fails. --check writes nothing and exits 1 if a copy is
missing or was made from other JSON. See tui/core/analysis/shipped.py for the format.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tui.core.analysis.shipped import SUFFIX, pack  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "tui" / "core" / "analysis" / "data"


def write_compact(path) -> None:
    """The compact copy the program loads (tui/core/analysis/shipped.py), made from the model's
    JSON just written, so that a retrained model is never read from a stale copy."""
    from tui.core.analysis.shipped import SUFFIX, pack
    path.with_suffix(SUFFIX).write_bytes(pack(path.read_bytes()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if one is stale")
    args = ap.parse_args()
    stale = 0
    for source in sorted(DATA.glob("*.json")):
        copy = source.with_suffix(SUFFIX)
        packed = pack(source.read_bytes())
        if copy.exists() and copy.read_bytes() == packed:
            print(f"{copy.name}: up to date")
        elif args.check:
            print(f"{copy.name}: {'stale' if copy.exists() else 'missing'}")
            stale += 1
        else:
            copy.write_bytes(packed)
            print(f"{copy.name}: written, {len(packed):,} bytes (from {source.name}, "
                  f"{source.stat().st_size:,} bytes)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
