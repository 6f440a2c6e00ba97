"""Fact-checks read from each form they travel in (fixtures written here, in each form's shape):
ClaimReview JSON-LD (an object, a list, an @graph, a saved page), a DataCommons feed, a Fact
Check Tools API response, CSV and TSV; bad records skipped with their reason; untrusted text
kept as text; imported twice, kept once."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.core.old_store import old_store, with_one_note
from tui.core.checks import schema, store
from tui.core.checks.formats import FormatError, read, read_text

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example.org/2024/05/bridge",
    "claimReviewed": "The Golden Gate Bridge was painted blue in 1990.",
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Jane Doe"},
                     "datePublished": "2024-05-01"},
    "author": {"@type": "Organization", "name": "Checks Example",
               "url": "https://www.checks.example.org"},
    "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                     "alternateName": "False"},
    "datePublished": "2024-05-03T10:00:00Z",
    "name": "No, the Golden Gate Bridge was never blue",
    "inLanguage": "en",
}


def review(**changes) -> dict:
    return {**REVIEW, **changes}


def test_one_claim_review_with_every_field():
    got = read_text(json.dumps(REVIEW), "one.json")
    assert got.form == "claimreview" and not got.skipped
    (check,) = got.checks
    assert check.claim == "The Golden Gate Bridge was painted blue in 1990."
    assert check.rating == "False"
    assert check.url == "https://checks.example.org/2024/05/bridge"
    assert (check.publisher, check.site) == ("Checks Example", "checks.example.org")
    assert (check.date, check.claim_date) == ("2024-05-03", "2024-05-01")
    assert check.title == "No, the Golden Gate Bridge was never blue"
    assert (check.claimant, check.language, check.source) == ("Jane Doe", "en", "one.json")


@pytest.mark.parametrize("wrap", [
    lambda r: [r, review(url="https://checks.example.org/2", claimReviewed="Cats can fly.")],
    lambda r: {"@context": "https://schema.org",
               "@graph": [r, {"@type": "WebPage"},
                          review(url="https://checks.example.org/2", claimReviewed="Cats can fly.")]},
])
def test_a_list_and_a_graph(wrap):
    got = read_text(json.dumps(wrap(REVIEW)))
    assert [c.claim for c in got.checks] == [REVIEW["claimReviewed"], "Cats can fly."]


def test_claim_review_in_a_saved_page():
    page = ("<html><head><title>x</title>"
            "<script type=\"application/ld+json\">" + json.dumps(REVIEW) + "</script>"
            "<script>var x = '{\"@type\": \"ClaimReview\"}';</script>"
            "<script type=\"application/ld+json\">{\"@type\": \"Organization\"}</script>"
            "<script type=\"application/ld+json\">{broken</script>"
            "</head><body>text</body></html>")
    got = read_text(page, "page.html")
    assert [c.claim for c in got.checks] == [REVIEW["claimReviewed"]]
    assert got.skipped == {"a JSON-LD block that is not valid JSON": 1}


def test_a_datacommons_feed():
    feed = {"@context": "http://schema.org", "@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": [REVIEW]},
        {"@type": "DataFeedItem",
         "item": review(url="https://checks.example.org/3", claimReviewed="", itemReviewed={})},
    ]}
    got = read_text(json.dumps(feed))
    assert got.form == "datacommons"
    assert [c.claim for c in got.checks] == [REVIEW["claimReviewed"]]
    assert got.skipped == {"a ClaimReview without claimReviewed": 1}


def test_a_fact_check_tools_response():
    response = {"claims": [
        {"text": "Drinking hot water cures the flu.", "claimant": "Viral post",
         "claimDate": "2020-03-01T00:00:00Z",
         "claimReview": [
             {"publisher": {"name": "Fact Desk", "site": "factdesk.example"},
              "url": "https://factdesk.example/hot-water", "title": "Hot water does not cure flu",
              "reviewDate": "2020-03-04T00:00:00Z", "textualRating": "False",
              "languageCode": "en"},
             {"publisher": {"name": "Other Desk"}, "url": "https://other.example/flu",
              "textualRating": "Misleading"}]},
        {"text": "", "claimReview": [{"url": "https://x.example"}]},
        {"text": "No reviews here."},
    ], "nextPageToken": "abc"}
    got = read_text(json.dumps(response))
    assert got.form == "factchecktools"
    assert [(c.publisher, c.rating, c.site) for c in got.checks] == [
        ("Fact Desk", "False", "factdesk.example"), ("Other Desk", "Misleading", "other.example")]
    first = got.checks[0]
    assert (first.claimant, first.claim_date, first.date) == ("Viral post", "2020-03-01", "2020-03-04")
    assert got.skipped == {"a claim without text": 1, "a claim without claimReview": 1}


def test_tsv_with_an_unnamed_id_column(tmp_path):
    path = tmp_path / "verified.tsv"
    path.write_text("\tvclaim\ttitle\n"
                    "0\tThe moon is made of cheese.\tIs the Moon Cheese?\n"
                    "1\t\tA row without its claim\n"
                    "2\t\"A \"\"quoted\"\" claim.\"\tQuoted\n", encoding="utf-8")
    got = read(path)
    assert got.form == "tsv"
    assert [(c.claim, c.title) for c in got.checks] == [
        ("The moon is made of cheese.", "Is the Moon Cheese?"), ('A "quoted" claim.', "Quoted")]
    assert got.skipped == {"a row without a claim": 1}


def test_csv_with_named_columns():
    text = ("Claim,Verdict,Link,Fact checker,Review date\n"
            "\"Vaccines contain microchips.\",False,https://desk.example/chips,Desk,2021-06-02\n"
            "Bad link,True,javascript:alert(1),Desk,not a date\n")
    got = read_text(text, "x.csv")
    assert got.form == "csv"
    chips, bad = got.checks
    assert (chips.rating, chips.url, chips.publisher, chips.date, chips.site) == (
        "False", "https://desk.example/chips", "Desk", "2021-06-02", "desk.example")
    assert (bad.url, bad.date) == ("", "")  # only http(s) links, only dates


@pytest.mark.parametrize("text, why", [
    ("{not json", "not valid JSON"),
    ('{"@type": "WebPage"}', "without a ClaimReview"),
    ("<html><body>no data</body></html>", "without ClaimReview JSON-LD"),
    ("name,age\nx,3\n", "no claim column"),
    ("", "an empty file"),
])
def test_what_is_not_a_fact_check_file_is_said(text, why):
    with pytest.raises(FormatError, match=why):
        read_text(text)


def test_untrusted_text_loses_control_characters():
    got = read_text(json.dumps(review(claimReviewed="Red \x1b[31malert\x07 claim\u202e.",
                                      name="[bold]not markup[/bold]")))
    (check,) = got.checks
    assert "\x1b" not in check.claim and "\x07" not in check.claim and "\u202e" not in check.claim
    assert check.title == "[bold]not markup[/bold]"  # text, never markup: shown as written


def test_imported_twice_kept_once():
    conn = sqlite3.connect(":memory:")
    conn.executescript(schema.MIGRATION + ";" + schema.READS_MIGRATION)
    checks = read_text(json.dumps([REVIEW, review(url="https://checks.example.org/2")])).checks
    assert store.add(conn, checks) == (2, 0)
    # The same review again (its spacing and case changed) and a new one.
    again = read_text(json.dumps([review(claimReviewed="  the golden gate bridge was painted "
                                                      "BLUE in 1990. "),
                                  review(url="https://checks.example.org/4")])).checks
    assert store.add(conn, again) == (1, 1)
    assert store.count(conn) == 3
    kept = store.listed(conn)
    assert {c.url for c in kept} == {"https://checks.example.org/2024/05/bridge",
                                    "https://checks.example.org/2", "https://checks.example.org/4"}
    assert store.remove(conn, [kept[0].id]) == 1 and store.count(conn) == 2
    # The full-text index follows the table.
    hits = conn.execute("SELECT rowid FROM fact_checks_fts WHERE fact_checks_fts MATCH 'bridge'")
    assert sorted(r[0] for r in hits) == sorted(c.id for c in store.listed(conn))


def test_a_claim_with_curly_or_straight_quotation_marks_is_one_fact_check():
    conn = sqlite3.connect(":memory:")
    conn.executescript(schema.MIGRATION + ";" + schema.READS_MIGRATION)
    curly = review(claimReviewed="The mayor said \u201cthe bridge is safe\u201d and it\u2019s open.")
    straight = review(claimReviewed='The mayor said "the bridge is safe" and it\'s open.')
    other = review(claimReviewed="The mayor said the bridge is unsafe.")
    assert store.add(conn, read_text(json.dumps([curly, straight, other])).checks) == (2, 1)


def test_a_store_of_schema_9_keeps_one_of_the_fact_checks_that_differ_by_quotation_marks(tmp_path):
    from tui.core.notes.store import Store

    folder = tmp_path / "data"
    conn = old_store(folder, 9)
    # Kept by an older Margin, whose keys told the two apart.
    rows = [(1, "old-1", "It\u2019s \u201csafe\u201d, the mayor said.", "https://c.example.org/1"),
            (2, "old-2", "It's \"safe\", the mayor said.", "https://c.example.org/1"),
            (3, "old-3", "It is safe, the mayor said.", "https://c.example.org/1")]
    conn.executemany("INSERT INTO fact_checks (id, key, claim, url, imported) "
                     "VALUES (?, ?, ?, ?, 'then')", rows)
    conn.commit()
    conn.close()
    with Store.open(folder, backup=False) as kept:
        assert [c.id for c in sorted(store.listed(kept.conn), key=lambda c: c.id)] == [1, 3]
        # The keys are today's: importing the straight one again adds nothing.
        again = read_text(json.dumps(review(claimReviewed=rows[1][2], url=rows[1][3]))).checks
        assert store.add(kept.conn, again) == (0, 1)
        hits = kept.conn.execute("SELECT rowid FROM fact_checks_fts WHERE fact_checks_fts "
                                 "MATCH 'mayor'")
        assert sorted(r[0] for r in hits) == [1, 3]


def test_a_notes_store_of_schema_7_gets_the_fact_check_tables_and_keeps_its_notes(tmp_path):
    from tui.core.notes.store import Store

    folder = tmp_path / "data"
    with_one_note(old_store(folder, 7))
    with Store.open(folder, backup=False) as kept:
        assert [n.id for n in kept.notes(1)] == ["n1"]
        checks = read_text(json.dumps(REVIEW)).checks
        assert store.add(kept.conn, checks) == (1, 0)
        assert store.listed(kept.conn)[0].claim == REVIEW["claimReviewed"]


def test_matches_kept_for_the_finder_follow_their_fact_checks(tmp_path):
    from tui.core.notes.store import Store
    from tui.core.search.library import parse_query

    with Store.open(tmp_path / "data", backup=False) as kept:
        conn = kept.conn
        conn.execute("INSERT INTO documents (id, source, title, hash, text, created, opened) "
                     "VALUES (1, 's', 't', 'h', 'A. B. C.', 'c', 'o')")
        store.add(conn, read_text(json.dumps([REVIEW, review(url="https://checks.example.org/9",
                                                             reviewRating={"alternateName":
                                                                           "Mostly False"})])).checks)
        first, second = sorted(c.id for c in store.listed(conn))
        store.save_matches(conn, 1, {0: [(first, 0.9), (second, 0.7)], 2: [(second, 0.8)],
                                     1: [(999, 0.9)]})  # (a fact-check not kept: left out)
        assert store.matched_ratings(conn) == {(1, 0): ("false", "mostly false"),
                                               (1, 2): ("mostly false",)}
        store.remove(conn, [second])
        assert store.matched_ratings(conn) == {(1, 0): ("false",)}
    q = parse_query("bridge checked: rating:FALSE", [])
    assert (q.text, q.checked, q.ratings) == ("bridge", True, ("false",))
    assert parse_query("checked:no", []).checked is False
    assert parse_query("plain words", []).filtered is False


def test_what_cannot_be_a_fact_check_file_is_refused_without_reading_it_all(tmp_path,
                                                                           monkeypatch):
    import os

    from tui.core.checks import formats

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # (read, it would wait for a writer for ever)
    for path, why in ((tmp_path, "directory"), (fifo, "pipe"),
                      (formats.Path("/dev/zero"), "device")):
        with pytest.raises(FormatError, match=why):
            read(path)
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:
        f.truncate(2048)  # (sparse: no disk used)
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 1024)
    with pytest.raises(FormatError, match="too large"):
        read(big)
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 4096)
    with pytest.raises(FormatError, match="NUL"):
        read(big)


def test_json_nested_thousands_deep_is_said_or_passed_over_never_a_crash(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(FormatError, match="nested too deeply"):
        read_text(deep, "deep.json")
    review = json.dumps({"@type": "ClaimReview", "claimReviewed": "The moon is made of cheese.",
                         "reviewRating": {"alternateName": "False"},
                         "url": "https://example.org/c"})
    page = (f'<html><script type="application/ld+json">{deep}</script>'
            f'<script type="application/ld+json">{review}</script></html>')
    got = read_text(page, "page.html")
    assert [c.claim for c in got.checks] == ["The moon is made of cheese."]
    assert got.skipped == {"a JSON-LD block nested too deeply": 1}
