"""Benchmark a desk's shared notes on a throwaway PostgreSQL server (tests/desk/cluster.py).

Usage: python tests/perf/bench_desk.py [--notes 10000] [--runs 3]

Measured, all in one run:

- push_s: 10,000 notes written on one machine sent by ``margin sync``'s engine (a fresh
  database each run), and take_s: the same notes taken by a second machine; the peer: the same
  rows written by one ``executemany`` INSERT in one transaction (what the server itself costs);
- latency_s: with both machines' background desks running (tui.core.desk.live), from a note
  saved on one until it is in the other's store (the reader shows it at its next look for other
  writers' notes, at most OTHER_WRITERS_EVERY = 1 s later); the floor: one round trip to the
  server.

Prints medians, then the results as a JSON object on its last line. Goals: push_s <= 10 for
10,000 notes; latency_s + 1 <= 2.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.desk import cluster as pg  # noqa: E402
from tui.core.desk.live import LiveDesk  # noqa: E402
from tui.core.desk.sync import sync  # noqa: E402
from tui.core.notes.selector import describe  # noqa: E402
from tui.core.notes.store import Store  # noqa: E402

TEXT = " ".join(f"Sentence {i} says the figure was {i % 97} percent." for i in range(2000))


def _machine(folder: Path) -> tuple[Store, int]:
    store = Store.open(folder, backup=False)
    record, _ = store.open_document("/bench/a.txt", "A", TEXT)
    return store, record.id


def _notes(store: Store, doc: int, n: int) -> None:
    sentence = describe(TEXT, 0, TEXT.index(".") + 1)
    with store.batch():
        for i in range(n):
            store.add_note(doc, sentence, body=f"note {i}", tags=("bench",))


def _until(check, timeout: float = 60.0) -> float:
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > timeout:
            raise SystemExit("gave up waiting")
        time.sleep(0.002)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notes", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    import psycopg

    server = pg.make()
    os.environ["PGPASSWORD"] = server.password
    push, take, peer, latency, trip = [], [], [], [], []
    try:
        for run in range(args.runs):
            url = server.database(f"bench_{run}")
            with tempfile.TemporaryDirectory() as tmp:
                a, doc = _machine(Path(tmp) / "a")
                b, _ = _machine(Path(tmp) / "b")
                _notes(a, doc, args.notes)
                t0 = time.perf_counter()
                assert sync(a, url, "ana").sent == args.notes
                push.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                assert sync(b, url, "ben").taken == args.notes
                take.append(time.perf_counter() - t0)
                with psycopg.connect(url) as conn:  # the peer: the rows, one INSERT
                    conn.execute("CREATE TABLE peer AS SELECT * FROM margin_notes WITH NO DATA")
                    rows = conn.execute("SELECT * FROM margin_notes").fetchall()
                    t0 = time.perf_counter()
                    with conn.cursor() as cur:
                        cols = ", ".join(["%s"] * len(rows[0]))
                        cur.executemany(f"INSERT INTO peer VALUES ({cols})", rows)
                    conn.commit()
                    peer.append(time.perf_counter() - t0)
                    for _ in range(20):
                        t0 = time.perf_counter()
                        conn.execute("SELECT 1").fetchone()
                        trip.append(time.perf_counter() - t0)
                desks = [LiveDesk(a.path.parent, url, "ana").start(),
                         LiveDesk(b.path.parent, url, "ben").start()]
                try:
                    _until(lambda: all(d.online for d in desks))
                    for i in range(5):
                        note = a.add_note(doc, describe(TEXT, 0, 10), body=f"live {i}")
                        latency.append(_until(lambda: b.conn.execute(
                            "SELECT 1 FROM notes WHERE id = ?", (note.id,)).fetchone() is not None))
                finally:
                    for d in desks:
                        d.stop()
                a.close()
                b.close()
    finally:
        pg.remove(server)
    result = {
        "notes": args.notes,
        "push_s": round(statistics.median(push), 3),
        "take_s": round(statistics.median(take), 3),
        "peer_insert_s": round(statistics.median(peer), 3),
        "latency_s": round(statistics.median(latency), 3),
        "latency_max_s": round(max(latency), 3),
        "round_trip_ms": round(statistics.median(trip) * 1000, 3),
    }
    print(f"{args.notes:,} notes: pushed in {result['push_s']} s (median of {args.runs}), taken "
          f"in {result['take_s']} s; the same rows in one executemany INSERT: "
          f"{result['peer_insert_s']} s ({result['push_s'] / max(result['peer_insert_s'], 1e-9):.1f}x)")
    print(f"a note saved on one machine is in the other's store after {result['latency_s']} s "
          f"(median of {len(latency)}, max {result['latency_max_s']}); a round trip "
          f"{result['round_trip_ms']} ms; the reader shows it within 1 s more")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
