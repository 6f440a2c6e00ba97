"""Benchmark the fact-check matcher and import on generated fact-checks (no external data).

Usage: python tests/perf/bench_checked.py [--sizes 10000,1000000] [--import-size 100000]
       [--statements 200] [--seed 7]

The fact-checks are generated: claims of 8 to 30 words and titles of 4 to 10, their content
words drawn from a vocabulary of 100,000 words with the rank-frequency shape of the content
words of the CheckThat! 2020 claims (about r^-0.6 for the 1,000 most common, r^-1.1 after: the
commonest word in about one fact-check in eight, as "shows" and "trump" are there), function
words in between. The commonest 5,000 or so are English words the project ships (the
check-worthiness model's), the rest made up. The statements: half are stored claims reworded (a third of the
words dropped, the rest shuffled, three words of the vocabulary added), half are sentences of
20 words nobody checked.

Measured, all in one run:

- import_s: writing 100,000 fact-checks as a TSV file, then formats.read and store.add (with
  what the matcher reads of each, reads.fill) into a
  new store (read_s and add_s apart), and the same for a JSON-LD (ClaimReview) file;
- match_ms (median; p95_ms) for each size: one Matcher, 20 statements to warm it, then each
  statement matched once (Matcher.match, as shown: everything=False); ``--lexical``: with the
  model that does without the similarity of meaning;
- floor_ms for each size, measured in the same run: the median time of the smallest FTS5
  search a statement can cost (its rarest word, 30 rows), which the machine's load slows as
  it slows the rest.

Prints human lines, then the results as a JSON object on its last line. Goals: match_ms <= 5
at 10,000 fact-checks and <= 50 at 1,000,000; import_s <= 20 for 100,000.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tui.core.checks import formats, schema, store  # noqa: E402
from tui.core.checks.match import Matcher, meaning, shipped  # noqa: E402
from tui.core.checks.model import FactCheck  # noqa: E402
from tui.core.checks.query import STOPWORDS, fts_query, statement  # noqa: E402

_SYLLABLES = [c + v for c in "b c d f g h k l m n p r s t v w z br st pl tr ch sh".split()
              for v in "a e i o u ai ea ou".split()]
_FUNCTION = "the a of to in and that is was for on with by as at from has have said it not".split()
_RATINGS = ("False", "True", "Mixture", "Mostly false", "Unproven")


class Words:
    """Made-up content words, drawn with the rank-frequency shape of real claims."""

    def __init__(self, seed: int, size: int = 100_000) -> None:
        rng = random.Random(seed)
        # The commoner ranks: real English words (those the check-worthiness model ships), so
        # that they are tokenized as fact-checks' words are; the rarer ones made up.
        shipped = json.loads((REPO_ROOT / "tui" / "core" / "analysis" / "data" /
                              "checkworthy.json").read_text(encoding="utf-8"))["unigrams"]
        self.words = sorted(w for w in shipped if w.isalpha() and len(w) > 2
                            and w not in STOPWORDS)
        rng.shuffle(self.words)
        seen = set(self.words)
        while len(self.words) < size:
            w = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))
            if w not in seen:
                seen.add(w)
                self.words.append(w)
        weights = ((r + 1) ** -0.6 if r < 1000 else 1000 ** -0.6 * ((r + 1) / 1000) ** -1.1
                   for r in range(size))
        self._cum = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        return self.words[bisect.bisect(self._cum, rng.random() * self._cum[-1])]

    def sentence(self, rng: random.Random, n: int) -> list[str]:
        return [rng.choice(_FUNCTION) if rng.random() < 0.4 else self.draw(rng) for _ in range(n)]


def fact_checks(words: Words, n: int, seed: int) -> Iterator[FactCheck]:
    rng = random.Random(seed)
    for i in range(n):
        claim = " ".join(words.sentence(rng, rng.randint(8, 30))).capitalize() + "."
        title = " ".join(words.draw(rng).capitalize() for _ in range(rng.randint(4, 10))) + "?"
        yield FactCheck(claim=claim, rating=rng.choice(_RATINGS), url=f"https://example.org/{i}",
                        publisher="Example Checks", site="example.org",
                        date=f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                        title=title)


def statements(words: Words, checks: list[FactCheck], n: int, seed: int) -> list[str]:
    """Half stored claims reworded, half sentences nobody checked."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if i % 2 and checks:
            said = rng.choice(checks).claim.rstrip(".").split()
            kept = [w for w in said if rng.random() > 1 / 3]
            rng.shuffle(kept)
            out.append(" ".join(kept + [words.draw(rng) for _ in range(3)]).capitalize() + ".")
        else:
            out.append(" ".join(words.sentence(rng, 20)).capitalize() + ".")
    return out


def write_tsv(path: Path, checks: list[FactCheck]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("claim\trating\turl\tpublisher\tdate\ttitle\n")
        for c in checks:
            fh.write(f"{c.claim}\t{c.rating}\t{c.url}\t{c.publisher}\t{c.date}\t{c.title}\n")


def write_json(path: Path, checks: list[FactCheck]) -> None:
    path.write_text(json.dumps([{
        "@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": c.claim,
        "url": c.url, "datePublished": c.date, "name": c.title,
        "author": {"@type": "Organization", "name": c.publisher, "url": "https://example.org"},
        "reviewRating": {"@type": "Rating", "alternateName": c.rating}} for c in checks]),
        encoding="utf-8")


def new_store(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.executescript(schema.MIGRATION + ";" + schema.READS_MIGRATION)
    return conn


def timed_import(path: Path, db: Path) -> tuple[float, float, int]:
    """(read_s, add_s, added) of importing the file ``path`` into a new store ``db``."""
    conn = new_store(db)
    t0 = time.perf_counter()
    read = formats.read(path)
    t1 = time.perf_counter()
    added, _ = store.add(conn, read.checks)
    t2 = time.perf_counter()
    conn.close()
    return t1 - t0, t2 - t1, added


def bench_size(words: Words, size: int, folder: Path, n: int, seed: int, variant: str | None
               ) -> dict:
    conn = new_store(folder / f"match-{size}.db")
    t0 = time.perf_counter()
    checks = list(fact_checks(words, size, seed))
    store.add(conn, checks)
    build_s = time.perf_counter() - t0
    said = statements(words, checks[:50_000], n + 20, seed + 1)
    del checks
    matcher = Matcher(conn, shipped(variant))
    for text in said[:20]:
        matcher.match(text)
    times, shown = [], 0
    for text in said[20:]:
        t = time.perf_counter()
        shown += bool(matcher.match(text))
        times.append(time.perf_counter() - t)
    # The floor: the smallest search a statement costs (its rarest word), here and now.
    floors = []
    for text in said[20:]:
        st = statement(text)
        stems = matcher.index.stems(st.terms)
        counts = matcher.index.counts(stems)
        rare = matcher.index.searched(st.terms, stems, counts, budget=0)
        t = time.perf_counter()
        conn.execute("SELECT rowid FROM fact_checks_fts WHERE fact_checks_fts MATCH ? "
                     "ORDER BY bm25(fact_checks_fts) LIMIT 30", (fts_query(rare),)).fetchall()
        floors.append(time.perf_counter() - t)
    matcher.close()
    conn.close()
    times.sort()
    return {"size": size, "build_s": round(build_s, 1),
            "match_ms": round(statistics.median(times) * 1000, 2),
            "p95_ms": round(times[int(len(times) * 0.95)] * 1000, 2),
            "floor_ms": round(statistics.median(floors) * 1000, 3),
            "shown": shown, "statements": len(times)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000",
                        help="store sizes to match against, comma-separated")
    parser.add_argument("--import-size", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lexical", action="store_true",
                        help="match without the similarity of meaning")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    words = Words(args.seed)
    variant = "lexical" if args.lexical else None
    result: dict = {"meaning": shipped(variant).meaning and meaning() is not None}
    print(f"similarity of meaning: {'on' if result['meaning'] else 'off'}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        checks = list(fact_checks(words, args.import_size, args.seed + 2))
        for form, write in (("tsv", write_tsv), ("json", write_json)):
            path = folder / f"checks.{form}"
            write(path, checks)
            read_s, add_s, added = timed_import(path, folder / f"import-{form}.db")
            print(f"import {added:,} fact-checks from {form.upper()} "
                  f"({path.stat().st_size / 1e6:.0f} MB): read {read_s:.2f} s + "
                  f"add {add_s:.2f} s = {read_s + add_s:.2f} s")
            result[f"import_{form}_s"] = round(read_s + add_s, 2)
            result[f"import_{form}_read_s"] = round(read_s, 2)
            result[f"import_{form}_add_s"] = round(add_s, 2)
            path.unlink()
        del checks
        result["import_size"] = args.import_size
        for size in sizes:
            got = bench_size(words, size, folder, args.statements, args.seed, variant)
            print(f"{size:,} fact-checks (stored in {got['build_s']} s): match {got['match_ms']} "
                  f"ms median, p95 {got['p95_ms']} ms; floor {got['floor_ms']} ms; "
                  f"{got['shown']} of {got['statements']} statements shown a match")
            result[f"match_ms_{size}"] = got["match_ms"]
            result[f"p95_ms_{size}"] = got["p95_ms"]
            result[f"floor_ms_{size}"] = got["floor_ms"]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
