"""How common each term is in the language of fact-checks: the weights of a small library's
words.

A word's weight (its IDF) comes from how many fact-checks hold it. In a desk's library of a
few fact-checks every word is rare or every word is common, and a statement that restates one
of them word for word would score like noise. So the matcher counts each term over the
library *and* over a background of published fact-checks (data/background.json: the number of
the 10,373 Snopes fact-checks of the CheckThat! 2020 claim-retrieval set that hold each term,
written by tools/train_checks.py): small libraries are weighed as fact-check language weighs
words, large ones by their own counts (the background is a hundredth of a million).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

#: Terms held by fewer fact-checks than this are left out of the background (a term it lacks
#: counts as held by none: as rare as can be).
MIN_COUNT = 2
#: Weights remembered (terms).
_KNOWN = 200_000


@dataclass(frozen=True, slots=True)
class Background:
    """``size`` fact-checks; ``length``: their mean number of words (claim and title);
    ``counts``: how many of them hold each index term."""

    size: int = 0
    length: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    known: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def weights(self, terms: Iterable[str]) -> dict[str, float]:
        """Each of ``terms``' weight (IDF, as match_features.idf) in these fact-checks."""
        known = self.known
        out = {}
        for t in terms:
            w = known.get(t)
            if w is None:
                if len(known) > _KNOWN:
                    known.clear()
                n = self.counts.get(t, 0)
                w = known[t] = math.log(1.0 + (self.size - n + 0.5) / (n + 0.5))
            out[t] = w
        return out

    def to_json(self) -> dict:
        return {"size": self.size, "length": round(self.length, 3),
                "counts": dict(sorted(self.counts.items()))}


NONE = Background()


@lru_cache(maxsize=1)
def shipped() -> Background:
    """The background shipped in data/background.json (none when it is missing)."""
    path = resources.files(__package__).joinpath("data", "background.json")
    if not path.is_file():
        return NONE
    data = json.loads(path.read_text("utf-8"))
    return Background(int(data["size"]), float(data["length"]),
                      {str(k): int(v) for k, v in data["counts"].items()})


def of_store(conn: sqlite3.Connection) -> Background:
    """The background the fact-checks of ``conn`` make (its fact_checks_fts and
    fact_check_reads, every fact-check read)."""
    size = conn.execute("SELECT count(*) FROM fact_checks").fetchone()[0]
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.margin_background_terms "
                 "USING fts5vocab(main, fact_checks_fts, row)")
    counts = dict(conn.execute("SELECT term, doc FROM temp.margin_background_terms "
                               "WHERE doc >= ?", (MIN_COUNT,)))
    words = sum(len(s.split()) for (s,) in conn.execute("SELECT stems FROM fact_check_reads"))
    return Background(size, words / size if size else 0.0, counts)
