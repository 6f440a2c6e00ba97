"""What the matcher reads of each fact-check at import (tui/core/checks/reads.py): kept with
the fact-check, the same matches with or without it, gone or read again when it is stale."""

from __future__ import annotations

import sqlite3

import pytest

from tui.core.checks import reads, schema, store
from tui.core.checks.match import Matcher, meaning, shipped

from .test_match import LIBRARY, PARAPHRASE, VARIANTS

STATEMENTS = [
    PARAPHRASE,
    "Iran put an eighty million dollar bounty on the head of President Trump, a report said.",
    "Scientists say the Amazon makes about a fifth of all the oxygen on Earth.",
    "Some posts claim that hot water kills the virus if you drink it every 15 minutes.",
]


@pytest.fixture
def conn(tmp_path):
    connection = sqlite3.connect(tmp_path / "checks.db")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.executescript(schema.MIGRATION + ";" + schema.READS_MIGRATION)
    store.add(connection, LIBRARY)
    yield connection
    connection.close()


def _kept(conn) -> dict[int, tuple]:
    return {r[0]: r[1:] for r in conn.execute("SELECT id, stems, vector, model "
                                              "FROM fact_check_reads")}


def _found(conn, variant: str) -> list[list[tuple]]:
    m = Matcher(conn, shipped(variant))
    try:
        return [[(x.check.url, x.score) for x in got]
                for got in m.match_all(STATEMENTS, everything=True)]
    finally:
        m.close()


def test_every_imported_fact_check_is_read_once(conn):
    kept = _kept(conn)
    ids = [r[0] for r in conn.execute("SELECT id FROM fact_checks")]
    assert sorted(kept) == sorted(ids)
    claim, title = conn.execute("SELECT claim, title FROM fact_checks WHERE url = ?",
                                ("https://example.org/amazon",)).fetchone()
    fid = conn.execute("SELECT id FROM fact_checks WHERE url = ?",
                       ("https://example.org/amazon",)).fetchone()[0]
    stems = kept[fid][0].split(" ")
    # One term per word of claim and title, as the index stems them ("produces" -> "produc").
    assert len(stems) == len((claim + " " + title).replace("'", " ").split())
    assert "produc" in stems and "oxygen" in stems
    if meaning() is not None:
        assert kept[fid][2] == meaning().name and len(kept[fid][1]) == 2 * 256
    else:
        assert kept[fid][1] is None and kept[fid][2] == ""


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_matches_are_the_same_with_or_without_the_readings(conn, variant):
    with_reads = _found(conn, variant)
    assert with_reads[0] and with_reads[0][0][0] == "https://example.org/draft"
    with conn:
        conn.execute("DELETE FROM fact_check_reads")
    assert _found(conn, variant) == with_reads


def test_an_edited_claim_is_read_again(conn):
    fid = conn.execute("SELECT id FROM fact_checks WHERE url = ?",
                       ("https://example.org/wind",)).fetchone()[0]
    with conn:
        conn.execute("UPDATE fact_checks SET claim = 'Wind farms make people sick.' WHERE id = ?",
                     (fid,))
    assert fid not in _kept(conn), "a reading of the old claim would be matched"
    with conn:
        assert reads.fill(conn) == 1
    assert "sick" in _kept(conn)[fid][0].split(" ")
    # A rating changed is not a claim changed.
    with conn:
        conn.execute("UPDATE fact_checks SET rating = 'True' WHERE id = ?", (fid,))
    assert fid in _kept(conn)


def test_a_removed_fact_check_takes_its_reading(conn):
    fid = conn.execute("SELECT id FROM fact_checks WHERE url = ?",
                       ("https://example.org/shark",)).fetchone()[0]
    assert store.remove(conn, [fid]) == 1
    assert fid not in _kept(conn)


def test_readings_of_another_model_of_meaning_are_made_again(conn):
    with conn:
        conn.execute("UPDATE fact_check_reads SET model = 'another/model', vector = x'00'")
        assert reads.fill(conn) == len(LIBRARY)
    assert {m for _, _, m in _kept(conn).values()} == {reads.model_name(meaning())}


def test_an_older_store_without_readings_still_matches(tmp_path):
    conn = sqlite3.connect(tmp_path / "old.db")
    conn.executescript(schema.MIGRATION)
    store.add(conn, LIBRARY)
    m = Matcher(conn)
    try:
        assert m.match(PARAPHRASE)[0].check.url == "https://example.org/draft"
    finally:
        m.close()
        conn.close()


def test_kept_terms_that_no_longer_fit_the_words_are_not_used():
    assert reads.known_stems("a b", ["a", "b"]) == ["a", "b"]
    assert reads.known_stems("a b", ["a", "b", "c"]) is None
    assert reads.known_stems("", []) == []
