"""Benchmark the reader on an article with many notes: opening, j/k, another writer's note.

Usage: python tests/perf/bench_reader_notes.py [--notes N] [--presses P] [--writes W] [--runs R]

The bundled sample article (19 statements), copied to a temporary file, its notes in a temporary
MARGIN_DATA_DIR, the reader built the way ``margin PATH`` builds it and run in-process
(``App.run_test(size=(120, 40))``; a hook on ``App._display`` timestamps every frame and renders
it to terminal output, as a real driver would). Three cases, each in the same run:

  floor      0 notes: what the reader costs without notes (the ratios are against it);
  one        N notes (10,000) on one statement (the 10th);
  spread     N notes over every statement (the issue's "10,000 notes over 19 statements").

Measured in each case:

  open       from constructing the app to the first frame painted after its notes are shown
             (``notes_opened``): median of --runs opens; also when its background work (the
             library index) is done;
  keys       j and k over the noted statements (one: onto the statement and off it, both ways;
             spread: down through the statements and back): per key, the time from the key event
             to the last frame it causes (none for 50 ms after it) -- median and p95 of
             2 x --presses keys;
  writer     another process (another Margin, ``margin notes add``) adds a note on the current
             statement, --writes times at random moments: the time from its commit to the first
             frame painted with it in the sidebar -- median and max;
  busy keys  the keys again while another process adds a note every 0.5 s;
  typed      then, the writer still writing, ten notes typed in the reader as the issue typed
             them ("a", "tui note N", ctrl+s, "j"; a key every 30 ms): how long after the last
             key all ten are saved, and whether each says exactly what was typed, on its
             statement ("exact").

Targets (10,000 notes): open <= 1 s, every key <= 16 ms median, another writer's note visible
<= 2 s. Prints human-readable lines, then a JSON object on its last line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
for path in (REPO_ROOT, Path(__file__).parent):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench_open import _PaintClock, _press_until_painted  # noqa: E402

SAMPLE = REPO_ROOT / "seeds" / "ukraine-long-range-missiles.txt"
COLS, ROWS = 120, 40
GOAL_OPEN_S = 1.0
GOAL_KEY_MS = 16.0
GOAL_WRITER_S = 2.0
HEAVY = 9  # the statement that carries every note in the "one" case (0-based)
KEY_CAP_S = 1.0  # bench_open's: a key's last frame is not waited for longer
BUSY_EVERY_S = 0.5  # the other writer's pace while keys are timed "busy"
TYPED = 10  # notes typed while the other writer writes
TYPE_EVERY_S = 0.03  # between two keys typed


async def frame_after(clock: _PaintClock, t: float, cap: float = 10.0) -> float | None:
    """The time of the first frame painted at or after ``t`` (waiting for it)."""
    deadline = time.perf_counter() + cap
    while time.perf_counter() < deadline:
        found = next((f for f in clock.times if f >= t), None)
        if found is not None:
            return found
        await asyncio.sleep(0.002)
    return None


async def time_keys(app, clock: _PaintClock, keys: list[str]) -> list[float]:
    """Each key posted as a terminal driver posts it, the app left to run: the time to the last
    frame it causes (bench_open's measure; a key that painted nothing counts as its cap)."""
    times = []
    for key in keys:
        _, last, _ = await _press_until_painted(app, clock, key)
        times.append(KEY_CAP_S if last is None else last)
    return times


def key_plan(case: str, presses: int) -> tuple[int, list[str]]:
    """Where to start and which keys to press: over the noted statements, both ways."""
    if case == "spread":
        keys = (["j"] * 18 + ["k"] * 18) * (presses // 18 + 1)
        return 0, keys[:2 * presses]
    # Onto the heavy statement and off it, from either side.
    return HEAVY - 1, (["j", "j", "k", "k"] * (presses // 2 + 1))[:2 * presses]


def build_data(data_dir: Path, article: Path, case: str, count: int) -> Path:
    """The article registered in a fresh store at ``data_dir``, with ``count`` notes; a JSON
    file that tells the other writer where the article's statements are."""
    from tui.core.notes.selector import describe
    from tui.core.notes.store import Store
    from tui.core.session import Session

    store = Store.open(data_dir, backup=False)
    with Session(store) as session:
        opened = session.load(str(article))
        art = session.analyse(opened.document)
        record = session.register(art).record
        text = art.document.text
        statements = art.statements
        if count:
            with store.batch():
                for i in range(count):
                    st = statements[HEAVY if case == "one" else i % len(statements)]
                    store.add_note(record.id, describe(text, st.start, st.end),
                                   body=f"note {i}: checked against the ministry's readout",
                                   tags=("bench",), verdict="unverified", statement=st.index,
                                   text_hash=record.hash)
    plan = data_dir / "writer.json"
    plan.write_text(json.dumps({"data_dir": str(data_dir), "record": record.id,
                                "hash": record.hash, "text": text,
                                "spans": [[st.start, st.end] for st in statements]}),
                    encoding="utf-8")
    return plan


#: Another Margin, in its own process: each line it reads ("STATEMENT BODY") becomes a note,
#: written as ``margin notes add`` writes it (a connection of its own, committed), and its id
#: is printed; given a second argument S, it adds a note on statement HEAVY every S seconds instead.
WRITER = f"""
import json, sys, time
sys.path.insert(0, {str(REPO_ROOT)!r})
from tui.core.notes.selector import describe
from tui.core.notes.store import Store

plan = json.loads(open(sys.argv[1], encoding="utf-8").read())

def add(statement, body):
    start, end = plan["spans"][statement]
    store = Store.open(plan["data_dir"], backup=False)
    try:
        return store.add_note(plan["record"], describe(plan["text"], start, end), body=body,
                              statement=statement, text_hash=plan["hash"]).id
    finally:
        store.close()

if len(sys.argv) > 2:
    n = 0
    while True:
        add({HEAVY}, f"busy writer {{n}}")
        n += 1
        time.sleep(float(sys.argv[2]))
for line in sys.stdin:
    statement, body = line.rstrip("\\n").split(" ", 1)
    print(add(int(statement), body), flush=True)
"""


def make_app(article: Path):
    from tui.app.app import MarginApp
    from tui.core.session import Session

    with Session() as session:
        document = session.load(str(article)).document
    app = MarginApp(document)
    app.animation_level = "none"
    return app


def sidebar_has(app, note_id: str) -> bool:
    """Is the note in the reader's notes and its sidebar list?"""
    if not any(p.note.id == note_id for p in app.placed):
        return False
    notes = app.sidebar.query_one("#all-notes")
    if hasattr(notes, "index_of"):  # the notes list
        return notes.index_of(note_id) is not None
    try:  # an OptionList (the reader before the list was virtual)
        notes.get_option(note_id)
    except Exception:
        return False
    return True


async def until(condition, cap: float = 60.0) -> bool:
    deadline = time.perf_counter() + cap
    while time.perf_counter() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.002)
    return condition()


async def one_open(article: Path, case: str, presses: int, writes: int, plan: Path,
                   timed: bool) -> dict:
    """Open the reader once; with ``timed``, time keys and another writer too."""
    out: dict = {}
    t0 = time.perf_counter()
    app = make_app(article)
    clock = _PaintClock(app)
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        if not await until(lambda: app.notes_opened is not None):
            return {"error": "the notes never opened"}
        t_notes = time.perf_counter()
        painted = await frame_after(clock, t_notes)
        out["open_s"] = None if painted is None else painted - t0
        await app.workers.wait_for_complete()
        out["settled_s"] = time.perf_counter() - t0
        out["notes_shown"] = len(app.placed)
        if not timed:
            await pilot.press("q")
            return out
        await pilot.pause()
        start, keys = key_plan(case, presses)
        app.view.move_to(start)
        await pilot.pause()
        out["keys_ms"] = [round(t * 1000, 3) for t in await time_keys(app, clock, keys)]

        # Another writer (another process): a note on the statement shown, at random moments.
        writer = await asyncio.create_subprocess_exec(
            sys.executable, "-c", WRITER, str(plan), stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE)
        rnd = random.Random(7)
        waits = []
        try:
            for i in range(writes):
                await asyncio.sleep(rnd.uniform(0, 2.0))
                writer.stdin.write(f"{app.view.cursor} another writer's note {i}\n".encode())
                await writer.stdin.drain()
                note_id = (await writer.stdout.readline()).decode().strip()
                t_commit = time.perf_counter()
                if not await until(lambda: sidebar_has(app, note_id), 30.0):
                    waits.append(None)
                    continue
                shown = await frame_after(clock, time.perf_counter())
                waits.append(None if shown is None else shown - t_commit)
        finally:
            writer.stdin.close()
            await writer.wait()
        out["writer_s"] = waits

        # Keys again, while another process adds a note every BUSY_EVERY_S.
        busy_writer = await asyncio.create_subprocess_exec(
            sys.executable, "-c", WRITER, str(plan), str(BUSY_EVERY_S))
        try:
            await until(lambda: any(p.note.body.startswith("busy writer")
                                    for p in app.by_statement.get(HEAVY, ())), 30.0)
            app.view.move_to(start)
            await pilot.pause()
            busy = await time_keys(app, clock, keys)
            out["typed"] = await type_notes(app)
        finally:
            busy_writer.terminate()
            await busy_writer.wait()
        out["busy_keys_ms"] = [round(t * 1000, 3) for t in busy]
        await pilot.press("q")
    return out


async def type_notes(app) -> dict:
    """The issue's test: ten notes typed in the reader ("a", the words, ctrl+s, "j"), a key every
    TYPE_EVERY_S, while another process adds notes. How long after the last key they are all
    saved, and whether each says what was typed, on the statement it was typed on."""
    from textual import events

    app.view.move_to(0)
    await asyncio.sleep(0.1)
    before = {p.note.id for p in app.placed}
    for n in range(TYPED):
        for key in ["a", *f"tui note {n}", "ctrl+s", "j"]:
            event = events.Key("space" if key == " " else key, key if len(key) == 1 else None)
            event.set_sender(app)
            app._driver.send_message(event)
            await asyncio.sleep(TYPE_EVERY_S)
    last = time.perf_counter()

    def typed() -> dict:
        return {p.note.body: p.statement for p in app.placed if p.note.id not in before
                and not p.note.body.startswith("busy writer")}

    await until(lambda: len(typed()) >= TYPED and app.screen is app.screen_stack[0], 120.0)
    done = time.perf_counter() - last
    return {"after_last_key_s": round(done, 3),
            "exact": typed() == {f"tui note {n}": n for n in range(TYPED)}, "notes": typed()}


def run_case(tmp: Path, case: str, count: int, args) -> dict:
    data_dir = tmp / f"data-{case}"
    article = tmp / f"{case}-article.txt"
    shutil.copy(SAMPLE, article)
    os.environ["MARGIN_DATA_DIR"] = str(data_dir)
    t = time.perf_counter()
    plan = build_data(data_dir, article, case, count)
    built = time.perf_counter() - t
    opens, timed = [], {}
    for run in range(args.runs):
        last = run == args.runs - 1
        result = asyncio.run(one_open(article, case, args.presses, args.writes, plan, last))
        if "error" in result:
            return {"error": result["error"]}
        opens.append(result)
        if last:
            timed = result
    keys = timed["keys_ms"]
    busy = timed["busy_keys_ms"]
    writer = [w for w in timed["writer_s"] if w is not None]
    return {
        "notes": count,
        "build_s": round(built, 2),
        "notes_shown": timed["notes_shown"],
        "open_s": statistics.median(o["open_s"] for o in opens),
        "settled_s": statistics.median(o["settled_s"] for o in opens),
        "key_median_ms": statistics.median(keys),
        "key_p95_ms": percentile(keys, 95),
        "key_max_ms": max(keys),
        "busy_key_median_ms": statistics.median(busy),
        "busy_key_p95_ms": percentile(busy, 95),
        "writer_median_s": statistics.median(writer) if writer else None,
        "writer_max_s": max(writer) if writer else None,
        "writer_missed": sum(w is None for w in timed["writer_s"]),
        "typed_after_last_key_s": timed["typed"]["after_last_key_s"],
        "typed_exact": timed["typed"]["exact"],
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ratio(a, b) -> str:
    return "n/a" if a is None or not b else f"{a / b:.2f}x"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notes", type=int, default=10_000)
    ap.add_argument("--presses", type=int, default=20, help="timed presses of j and of k")
    ap.add_argument("--writes", type=int, default=5, help="notes added by another writer")
    ap.add_argument("--runs", type=int, default=3, help="opens of each case (median)")
    ap.add_argument("--keep-temp", action="store_true")
    args = ap.parse_args(argv)
    if args.runs < 1 or args.presses < 1 or args.writes < 1 or args.notes < 1:
        print("bench_reader_notes: --notes, --presses, --writes and --runs must be >= 1",
              file=sys.stderr)
        return 2
    load = os.getloadavg()
    import textual

    machine = {"cpu_count": os.cpu_count(), "loadavg": [round(x, 2) for x in load],
               "python": sys.version.split()[0], "textual": textual.__version__}
    print(f"machine: {machine['cpu_count']} CPUs, load average {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f}; Textual {machine['textual']}; in-process {COLS}x{ROWS}; "
          f"{args.runs} opens a case, {2 * args.presses} keys, {args.writes} writes")
    tmp = Path(tempfile.mkdtemp(prefix="margin-bench-reader-notes-"))
    os.environ["MARGIN_CONFIG_DIR"] = str(tmp / "config")
    results: dict = {}
    try:
        for case, count in (("floor", 0), ("one", args.notes), ("spread", args.notes)):
            results[case] = run_case(tmp, case, count, args)
    finally:
        if not args.keep_temp:
            shutil.rmtree(tmp, ignore_errors=True)

    floor = results["floor"]
    print(f"\n{'':<8}{'open':>9}{'settled':>9}{'key p50':>10}{'key p95':>10}{'busy p50':>10}"
          f"{'busy p95':>10}{'writer p50':>12}{'writer max':>12}{'typed':>15}")
    for case, r in results.items():
        if "error" in r:
            print(f"{case:<8}FAILED: {r['error']}")
            continue
        typed = f"{r['typed_after_last_key_s']:.2f}s {'exact' if r['typed_exact'] else 'WRONG'}"
        print(f"{case:<8}{r['open_s']:8.3f}s{r['settled_s']:8.3f}s{r['key_median_ms']:8.2f}ms"
              f"{r['key_p95_ms']:8.2f}ms{r['busy_key_median_ms']:8.2f}ms"
              f"{r['busy_key_p95_ms']:8.2f}ms{r['writer_median_s']:11.3f}s"
              f"{r['writer_max_s']:11.3f}s{typed:>15}"
              + (f"  ({r['writer_missed']} writes never shown)" if r["writer_missed"] else ""))
    print()
    goals: dict = {}
    for case in ("one", "spread"):
        r = results[case]
        if "error" in r:
            continue
        print(f"{case} ({r['notes']:,} notes, {r['notes_shown']:,} shown) against the floor: "
              f"open {ratio(r['open_s'], floor.get('open_s'))}, key "
              f"{ratio(r['key_median_ms'], floor.get('key_median_ms'))}, writer "
              f"{ratio(r['writer_median_s'], floor.get('writer_median_s'))}")
        checks = {
            "open_s": (r["open_s"], GOAL_OPEN_S),
            "key_median_ms": (r["key_median_ms"], GOAL_KEY_MS),
            "busy_key_median_ms": (r["busy_key_median_ms"], GOAL_KEY_MS),
            "writer_max_s": (r["writer_max_s"], GOAL_WRITER_S),
        }
        goals[case] = {k: {"value": v, "goal": g, "ok": v is not None and v <= g}
                       for k, (v, g) in checks.items()}
        for k, g in goals[case].items():
            print(f"  {k:<20} {g['value']:9.3f}  <= {g['goal']:g}: "
                  f"{'ok' if g['ok'] else 'MISSED'}")
    print(json.dumps({"machine": machine, "results": results, "goals": goals}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
