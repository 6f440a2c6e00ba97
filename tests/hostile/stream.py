"""A stream of note writes known in advance from a seed (light: the killed writer imports it)."""

from __future__ import annotations

import random

TEXT = "One sentence here. Another sentence there. A third one, said the mayor, rose 5%."


def operations(seed: int, count: int = 5000) -> list[tuple[str, str, str]]:
    """add, edit, delete and restore, on notes this seed owns."""
    rng = random.Random(seed)
    live: list[str] = []
    dead: list[str] = []
    ops = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.45 or not live:
            nid = f"{seed:04d}-{i:05d}-" + "x" * 20
            ops.append(("add", nid, f"note {i} " + "words " * rng.randint(0, 200)))
            live.append(nid)
        elif roll < 0.8:
            ops.append(("edit", rng.choice(live), f"edit {i}"))
        elif roll < 0.92:
            nid = live.pop(rng.randrange(len(live)))
            ops.append(("delete", nid, ""))
            dead.append(nid)
        elif dead:
            nid = dead.pop(rng.randrange(len(dead)))
            ops.append(("restore", nid, ""))
            live.append(nid)
        else:
            ops.append(("edit", rng.choice(live), f"edit {i}"))
    return ops
