"""Notes listed and exported at scale the short way — the table made a column at a time, the W3C
collection streamed in pieces sharing what many notes share, notes read in the table's order
sharing their selectors, the collector paused — give what the plain way gives, byte for byte."""

from __future__ import annotations

import gc
import json
import random

import pytest

from tests.conftest import run_margin
from tui.cli.main import main as margin
from tui.cli.table import Column, Table, table
from tui.core.notes import w3c
from tui.core.notes.corrections import Correction
from tui.core.notes.model import ORPHAN, REVIEW, DocumentRecord, Note
from tui.core.notes.selector import Selector, describe
from tui.core.notes.store import Store

#: Cells as a notes table holds them: ids and numbers, a few states and sets of tags, and texts
#: with what fitting must get right (wide characters, marks, controls, runs of whitespace).
_CELLS = ["2a025a5e", "730be626", "1", "12", "3001", "-", "", "anchored", "review", "orphan",
          "#budget #check-later", "#source?", "x" * 40, "日本語の記事", "e\u0301te\u0301",
          "tab\there", "a\x1b[31mred\x9b", "\u202eevil", "two  spaces", " edge ",
          "👨‍👩‍👧 family"]
_TEXTS = ["“Report 0: the ceasefire talks was delayed” — **Doubtful.** The 23 percent is not "
          "in the report.\n\n- source: https://example.org/29932\n- asked Leila Haddad",
          "“短い”", "“A sentence” (also at #3, #7) — Follow up.", "plain", "word " * 40]


def _row(rng: random.Random, columns: int) -> tuple[str, ...]:
    head = tuple(rng.choice(_CELLS[:6] if rng.random() < 0.7 else _CELLS)
                 for _ in range(columns - 1))
    return (*head, rng.choice(_TEXTS) + (f" {rng.randint(0, 99)}" if rng.random() < 0.5 else ""))


@pytest.mark.parametrize("seed", range(6))
def test_a_table_made_a_column_at_a_time_is_the_table_made_a_row_at_a_time(seed):
    rng = random.Random(seed)
    for _ in range(60):
        n = rng.randint(1, 6)
        columns = tuple(Column(rng.choice(["#", "id", "state", "tags", "日本"]),
                               right=rng.random() < 0.4, most=rng.choice([None, 3, 8, 20]))
                        for _ in range(n))
        rows = [_row(rng, n) for _ in range(rng.randint(0, 40))]
        for width in (None, 1, 12, 40, 80, 120):
            laid = Table(columns, (row[:-1] for row in rows), width)
            assert table(columns, rows, width) == (laid.header, [laid.line(r) for r in rows])


def _note(k: int, selector: Selector, tags: tuple[str, ...], verdict: str, body: str) -> Note:
    return Note(f"{k:08x}-0000-4000-8000-000000000000", 1, selector, 0, body, tags, verdict,
                "anchored", f"2024-05-{k % 28 + 1:02d}T10:00:00.000Z", "2024-06-01T00:00:00.000Z",
                1, "2024-07-01T00:00:00.000Z" if k % 97 == 5 else None)


def test_the_w3c_collection_in_pieces_is_the_collection_json_writes():
    """Notes sharing selectors and sets of tags (many on one sentence), with what JSON must
    escape or make safe in one note's value and not the next's."""
    rng = random.Random(3)
    selectors = [Selector("The bridge cost $40 million.", "Ana Ruiz said ", " Tom", 14, 42),
                 Selector("“Quoted” \u202e and \x9b", "pre \ud800", "", 3, 9),
                 Selector("no position", "", "")]
    tag_sets = [(), ("budget",), ("check-later", "t\x7f"), ("unverified",)]
    bodies = ["", "A **real** note\n\nwith lines", "bidi \u2066 and half \ud800",
              'say "no" \\ { } [ ] "items": []']
    notes = [_note(k, rng.choice(selectors), rng.choice(tag_sets),
                   rng.choice(["unverified", "false", "supported"]), rng.choice(bodies))
             for k in range(2500)]
    record = DocumentRecord(1, "/home/ana/Stra\udcdfe.txt", "T", "h", "", "c", "o")
    fixes = [Correction("c0ffee00-0000-4000-8000-000000000000", 1, selectors[0], 0, "Ana",
                        ("quote",), "anchored", "c", "m")]
    title = 'Notes "items": [] \u202e'
    for ns, cs in ((notes, fixes), (notes, ()), ((), fixes), ((), ()), (notes[:1], ())):
        chunks = list(w3c.collection_chunks(record, ns, title, cs))
        whole = w3c.to_json_text(w3c.to_w3c(record, ns, title, cs))
        assert "".join(chunks) == w3c.collection_text(record, ns, title, cs) == whole
        assert len(chunks) > 1 or len(ns) < 1000  # written as it is made
    assert json.loads(whole)["total"] == 1


def test_notes_are_read_in_document_order_sharing_their_selectors(tmp_path):
    text = " ".join(f"Sentence number {i} says something." for i in range(40))
    store = Store.open(tmp_path / "data", backup=False)
    record, _ = store.open_document("/tmp/article.txt", "A", text)
    rng = random.Random(5)
    spans = [(m, m + 30) for m in range(0, 900, 31)]
    with store.batch():
        for k in range(300):
            start, end = rng.choice(spans)
            roll = rng.random()
            review = None
            if roll < 0.1:
                review = (REVIEW, end - 20, end - 3, "edited", ())
            elif roll < 0.2:
                review = (ORPHAN, None, None, "gone", ())
            store.add_note(record.id, describe(text, start, end), body=f"n{k}",
                           created=f"2024-01-{rng.randint(1, 9):02d}T00:00:00.000Z",
                           text_hash=None if review else record.hash, review=review)
    gone = store.notes(record.id)[7]
    store.delete_note(gone.id)
    notes = store.notes(record.id)

    def order(n: Note) -> tuple:  # the store's ORDER BY, in Python
        at = n.review_start if n.review_start is not None else n.start
        return n.state == ORPHAN, at is not None, at or 0, n.created, n.id

    assert len(notes) == 299 and gone.id not in {n.id for n in notes}
    assert notes == sorted(notes, key=order)
    assert store.notes(record.id, include_deleted=True) == sorted(
        [*notes, store.note(gone.id)], key=order)
    by_fields = {}
    for n in notes:  # a selector is made once for its stored fields, and shared
        by_fields.setdefault((n.selector.exact, n.selector.start, n.selector.end), n.selector)
        assert n.selector is by_fields[n.selector.exact, n.selector.start, n.selector.end]
    assert len(by_fields) < len(notes) // 4
    store.close()


@pytest.fixture
def library(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("Ana Ruiz said the bridge cost $40 million. Tom Becker denied it.\n\n"
                    "“Prices rise by 4 percent,” the ministry said. Residents asked why.\n",
                    encoding="utf-8")
    data = ["--data-dir", str(tmp_path / "d")]
    for k, body in enumerate(["**Doubtful.**\n\n- a list", "bidi \u202e here", ""]):
        out = run_margin(*data, "notes", "add", str(path), "-s", str(k % 3 + 1), "-t", body,
                         "--tag", "budget")
        assert out.returncode == 0, out.stderr.decode()
    return path, data


def test_the_export_streamed_is_the_export_written_to_a_file(library, tmp_path):
    path, data = library
    streamed = run_margin(*data, "export", str(path), "--format", "json")
    assert streamed.returncode == 0, streamed.stderr.decode()
    target = tmp_path / "notes.json"
    written = run_margin(*data, "export", str(path), "--format", "json", "-o", str(target))
    assert written.returncode == 0 and "exported 3 notes" in written.stdout.decode()
    assert streamed.stdout == target.read_bytes()
    assert json.loads(streamed.stdout)["total"] == 3


def test_listing_and_exporting_give_the_collector_back(library, capsys, monkeypatch):
    path, data = library
    monkeypatch.setenv("MARGIN_DATA_DIR", data[1])
    monkeypatch.setenv("COLUMNS", "100")
    for args in (("notes", "list", str(path)), ("notes", "list"), ("notes", "list", "--json"),
                 ("export", str(path), "--format", "json")):
        assert gc.isenabled()
        assert margin(list(args)) == 0
        assert gc.isenabled(), args
    out = capsys.readouterr().out
    assert "#budget" in out and '"total": 3' in out
