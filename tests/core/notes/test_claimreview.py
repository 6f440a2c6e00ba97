"""ClaimReview export: what publishers require, the verdicts' scale, evidence as citations, hostile
text kept as text, and JSON-LD that expands to schema.org terms."""

from __future__ import annotations

import dataclasses
import json

from pyld import jsonld

from tui.core.analysis.article import analyse
from tui.core.document.parse import parse
from tui.core.notes.claimreview import (BEST, LONGEST, RATINGS, WORST, Publisher, as_json_ld,
                                        claim_reviews, claim_text, evidence_item, is_organization,
                                        review_url, without_url)
from tui.core.notes.model import VERDICTS, Evidence
from tui.core.notes.reanchor import open_document
from tui.core.notes.selector import describe
from tui.core.notes.store import Store

PAGE = """---
title: "Bridge repairs to cost twice the estimate"
author: "The Ledger"
date: "2025-03-14"
url: "https://news.example/bridge?id=7"
---
Mayor Ana Ruiz said on Monday that the bridge was safe.

The Transport Department said the budget was never exceeded.

The bridge opened in 1932 and carries about 60,000 vehicles a day.

Critics argue the city has ignored warnings for a decade.
"""

BY = Publisher("Harbour Checks", "https://checks.example", "Ana Example")


def make(tmp_path, text=PAGE, fmt="markdown", notes=()):
    """An analysed article and its notes: (words of the statement, body, verdict) each."""
    art = analyse(parse(text, fmt, source=str(tmp_path / "a.md"), name="a.md"))
    store = Store.open(tmp_path / "data", backup=False)
    record, _ = open_document(store, str(tmp_path / "a.md"), art.document.title, art.document.text)
    for words, body, verdict in notes:
        st = next(s for s in art.statements if words in art.document.text[s.start:s.end])
        store.add_note(record.id, describe(art.document.text, st.start, st.end), body=body,
                       tags=(), verdict=verdict, statement=st.index)
    return store, art, record


def reviews_of(tmp_path, notes, text=PAGE, by=BY, evidence=None, fmt="markdown"):
    store, art, record = make(tmp_path, text, fmt, notes=notes)
    got = store.notes(record.id)
    if evidence is not None:
        got = [dataclasses.replace(n, evidence=tuple(evidence)) for n in got]
    return claim_reviews(art, record, got, by), got


def test_required_and_recommended_fields(tmp_path):
    reviews, notes = reviews_of(tmp_path, [
        ("Mayor Ana Ruiz", "Minutes say otherwise.\nReview: https://checks.example/bridge-safe",
         "false")])
    [r] = reviews
    # Google's ClaimReview guidance: claimReviewed, reviewRating (alternateName), url required;
    # author, datePublished, itemReviewed (author, appearance, datePublished) recommended.
    assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
    assert r["url"] == "https://checks.example/bridge-safe"
    assert r["claimReviewed"] == "Mayor Ana Ruiz said on Monday that the bridge was safe."
    assert r["reviewRating"] == {"@type": "Rating", "alternateName": "False", "ratingValue": WORST,
                                 "bestRating": BEST, "worstRating": WORST}
    assert r["author"] == [{"@type": "Organization", "name": "Harbour Checks",
                            "url": "https://checks.example"},
                           {"@type": "Person", "name": "Ana Example"}]
    assert r["datePublished"] == notes[0].modified[:10]
    claim = r["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == {"@type": "Person", "name": "Ana Ruiz"}
    assert claim["datePublished"] == "2025-03-14"
    assert claim["appearance"] == {"@type": "CreativeWork", "url": "https://news.example/bridge?id=7",
                                   "name": "Bridge repairs to cost twice the estimate",
                                   "datePublished": "2025-03-14"}
    assert "citation" not in r and without_url(reviews) == 0


def test_the_author_is_whoever_the_settings_name(tmp_path):
    notes = [("Mayor Ana Ruiz", "x", "misleading")]
    org_only = reviews_of(tmp_path / "a", notes, by=Publisher("Checks"))[0][0]
    assert org_only["author"] == {"@type": "Organization", "name": "Checks"}
    reviewer_only = reviews_of(tmp_path / "b", notes, by=Publisher(reviewer="Ann"))[0][0]
    assert reviewer_only["author"] == {"@type": "Person", "name": "Ann"}
    nobody = reviews_of(tmp_path / "c", notes, by=Publisher(organization_url="https://x.example"))
    assert "author" not in nobody[0][0]


def test_speakers_organisations_and_the_articles_own_voice(tmp_path):
    reviews, _ = reviews_of(tmp_path, [("Transport Department", "", "needs-context"),
                                       ("opened in 1932", "", "supported"),
                                       ("Critics argue", "", "misleading")])
    authors = [r["itemReviewed"]["author"] for r in reviews]
    assert authors == [{"@type": "Organization", "name": "The Transport Department"},
                       {"@type": "Organization", "name": "The Ledger"},  # no speaker: the writer
                       {"@type": "Organization", "name": "Critics"}]
    for name in ("Ana Ruiz", "Tom Becker", "Mitch McConnell"):
        assert not is_organization(name)
    for name in ("Reuters", "the council", "officials", "engineering report", "White House",
                 "Delmar Ltd.", "spokesman for the contractor"):
        assert is_organization(name), name


def test_each_verdict_has_its_place_on_the_scale():
    assert set(RATINGS) == set(VERDICTS) - {"unverified"}
    assert [RATINGS[v] for v in ("false", "misleading", "needs-context", "supported")] == [
        ("False", 1), ("Misleading", 2), ("Needs context", 3), ("Supported", 4)]
    assert (WORST, BEST) == (1, 4)


def test_unverified_and_deleted_notes_are_left_out(tmp_path):
    store, art, record = make(tmp_path, notes=[("Mayor Ana Ruiz", "", "unverified"),
                                               ("Transport Department", "", "false"),
                                               ("opened in 1932", "", "supported")])
    notes = store.notes(record.id)
    gone = next(n for n in notes if n.verdict == "supported")
    store.delete_note(gone.id)
    reviews = claim_reviews(art, record, store.notes(record.id) + [store.note(gone.id)], BY)
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["False"]


def test_long_statements_are_cut_to_the_claim():
    long = ("The department said the budget was never exceeded in any year since 2019, a claim "
            "repeated by officials across three separate briefings, in two press releases, in a "
            "letter to residents and again at the public meeting on Tuesday evening.")
    assert len(long) > LONGEST
    cut = claim_text(long)
    assert cut.endswith("…") and len(cut) <= LONGEST and cut[:-1] == cut[:-1].rstrip()
    assert long.startswith(cut[:-1]) and long[len(cut) - 1] == " "  # a word boundary
    # With a quotation that fits, the quoted words are the claim.
    quoted = long + " “We never went over budget, not once,” she said."
    assert claim_text(quoted, ["“We never went over budget, not once,”"]) == \
        "We never went over budget, not once"
    assert claim_text("x" * 500).endswith("…") and len(claim_text("x" * 500)) == LONGEST
    assert claim_text("  A short\n claim. ") == "A short claim."


def test_a_long_statement_in_an_article(tmp_path):
    sentence = ("Officials said the repairs, first planned in 2019 and delayed by " + "several " * 40
                + "disputes, would finish next year.")
    reviews, _ = reviews_of(tmp_path, [("Officials said", "", "misleading")], text=sentence)
    claim = reviews[0]["claimReviewed"]
    assert claim.endswith("…") and len(claim) <= LONGEST and sentence.startswith(claim[:-1])


def test_the_review_line_gives_the_url():
    assert review_url("Checked.\nREVIEW: https://x.example/a?b=1\n") == "https://x.example/a?b=1"
    assert review_url("review:<https://x.example/b>") == "https://x.example/b"
    assert review_url("Review: https://x.example/1\nReview: https://x.example/2") == \
        "https://x.example/1"
    for body in ("", "See https://x.example/a", "Review: javascript:alert(1)",
                 "Review: https://x.example/a and more", "Review: https://", "Preview: https://x.ex"):
        assert review_url(body) is None, body


def test_missing_urls_are_counted(tmp_path):
    reviews, _ = reviews_of(tmp_path, [("Mayor Ana Ruiz", "Review: https://c.example/1", "false"),
                                       ("Transport Department", "no line", "misleading")])
    assert without_url(reviews) == 1 and "url" not in reviews[1]


PAGE_READ = Evidence("https://stats.example/traffic", "Traffic counts 2024", "2025-03-20")
FACT_CHECK = Evidence("https://factcheck.example/bridge", "Is the bridge safe?", "2025-03-21",
                      publisher="Fact Check Example", rating="Mostly false", date="2025-02-01",
                      claim="The bridge is safe to cross")


def test_evidence_becomes_citations(tmp_path):
    reviews, _ = reviews_of(tmp_path, [("Mayor Ana Ruiz", "", "false")],
                            evidence=[PAGE_READ, FACT_CHECK])
    page, check = reviews[0]["citation"]
    read = {"@reverse": {"object": {"@type": "ReadAction", "endTime": "2025-03-20"}}}
    assert page == {"@type": "CreativeWork", "url": "https://stats.example/traffic",
                    "name": "Traffic counts 2024", **read}
    assert check == {
        "@type": "ClaimReview", "url": "https://factcheck.example/bridge",
        "name": "Is the bridge safe?", "claimReviewed": "The bridge is safe to cross",
        "publisher": {"@type": "Organization", "name": "Fact Check Example"},
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly false"},
        "datePublished": "2025-02-01",
        "@reverse": {"object": {"@type": "ReadAction", "endTime": "2025-03-21"}}}


def test_evidence_keeps_only_what_is_valid():
    item = evidence_item(Evidence("ftp://x.example/a", "A title", "yesterday",
                                  publisher="P", date="2025-02-30"))
    assert item == {"@type": "ClaimReview", "name": "A title",
                    "publisher": {"@type": "Organization", "name": "P"}}
    assert evidence_item(Evidence("not a url")) is None


HOSTILE = ("</script><script>alert(1)</script> \x1b[31mred\x1b[0m title\x07\n\n"
           "Mayor Ana Ruiz said the </script><img src=x onerror=alert(1)> bridge & road were safe.\n")


def test_hostile_text_stays_text(tmp_path):
    bad = Evidence("https://e.example/x", "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07 "
                   "</script>\u202eevil", "2025-01-01", publisher="<b>P</b>\x07", rating="\x9b31m")
    reviews, _ = reviews_of(tmp_path, [("Mayor Ana Ruiz", "Review: https://c.example/</script>",
                                        "false")], text=HOSTILE, evidence=[bad],
                            fmt="text")
    out = as_json_ld(reviews)
    # Safe inside <script type="application/ld+json">: nothing can close the element.
    assert "<" not in out and ">" not in out and "&" not in out
    assert all(c in "\n" or c.isprintable() for c in out)
    back = json.loads(out)
    assert back == json.loads(json.dumps(reviews))  # the same strings for any JSON reader
    [r] = back
    assert "</script><img src=x onerror=alert(1)>" in r["claimReviewed"]
    assert r["itemReviewed"]["appearance"]["name"] == "</script><script>alert(1)</script> red title"
    assert "url" not in r  # "https://c.example/</script>" is no address
    strings = []

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            strings.append(value)

    walk(back)
    assert not [s for s in strings if any(not c.isprintable() for c in s)]
    cited = r["citation"][0]
    assert cited["name"] == "link </script>evil" and cited["publisher"]["name"] == "<b>P</b>"


def schema_org_loader(url, options=None):
    """The schema.org context, without the network: every term in the schema.org vocabulary."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url,
            "document": {"@context": {"@vocab": "https://schema.org/"}}}


def test_expands_as_json_ld(tmp_path):
    reviews, _ = reviews_of(tmp_path, [("Mayor Ana Ruiz", "Review: https://c.example/1", "false"),
                                       ("opened in 1932", "", "supported"),
                                       ("Critics argue", "", "unverified")],
                            evidence=[PAGE_READ, FACT_CHECK])
    expanded = jsonld.expand(json.loads(as_json_ld(reviews)), {"documentLoader": schema_org_loader})
    S = "https://schema.org/"
    assert len(expanded) == 2
    first = expanded[0]
    assert first["@type"] == [S + "ClaimReview"]
    for prop in ("url", "claimReviewed", "reviewRating", "author", "datePublished", "itemReviewed",
                 "citation"):
        assert S + prop in first, prop
    assert first[S + "url"] == [{"@value": "https://c.example/1"}]
    [rating] = first[S + "reviewRating"]
    assert rating["@type"] == [S + "Rating"]
    assert rating[S + "alternateName"] == [{"@value": "False"}]
    assert rating[S + "ratingValue"] == [{"@value": 1}]
    assert {S + "bestRating", S + "worstRating"} <= set(rating)
    [claim] = first[S + "itemReviewed"]
    assert claim["@type"] == [S + "Claim"]
    assert claim[S + "author"][0]["@type"] == [S + "Person"]
    assert claim[S + "appearance"][0][S + "url"] == [{"@value": "https://news.example/bridge?id=7"}]
    page, check = first[S + "citation"]
    assert page["@type"] == [S + "CreativeWork"]
    [read] = page["@reverse"][S + "object"]
    assert read["@type"] == [S + "ReadAction"] and read[S + "endTime"] == [{"@value": "2025-03-20"}]
    assert check["@type"] == [S + "ClaimReview"]
    assert check[S + "publisher"][0]["@type"] == [S + "Organization"]
    # Every key is a schema.org term or a JSON-LD keyword: nothing outside the vocabulary.

    def keys(value):
        if isinstance(value, dict):
            for k, v in value.items():
                yield k
                yield from keys(v)
        elif isinstance(value, list):
            for v in value:
                yield from keys(v)

    assert all(k.startswith("@") or k.startswith(S) for k in keys(expanded))
