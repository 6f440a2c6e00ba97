"""What a note cites (Evidence): kept with the note through edits, conflicts, drafts, the W3C
JSON out and back (also for a note waiting for its article), and only ever as text."""

from __future__ import annotations

import json

import pytest

from tests.core.old_store import old_store, with_one_note
from tui.core.notes import w3c
from tui.core.notes.model import Draft, Evidence
from tui.core.notes.schema import MIGRATIONS, evidence_from_json
from tui.core.notes.store import Store
from tui.core.session import Session

from .test_corrections import SOURCE, TEXT, article_of

PAGE = Evidence("https://example.org/report", "The council's report", "2026-11-30")
CHECK = Evidence("https://checks.example/bridge", accessed="2026-12-01",
                 publisher="Example Fact Check", rating="Mostly False", date="2024-06-03",
                 claim="The bridge will be rebuilt by May.")


@pytest.fixture
def session(tmp_path):
    with Session(Store.open(tmp_path / "data", backup=False)) as s:
        yield s


def opened(session):
    article = article_of()
    return article, session.register(article).record


def test_a_note_keeps_what_it_cites_through_edits_and_a_conflict(session):
    article, record = opened(session)
    note = session.add_note(record, article, 1, "Rebuilt by May?", evidence=[PAGE, CHECK]).note
    assert session.find_note(note.id).evidence == (PAGE, CHECK)
    assert CHECK.fact_check and not PAGE.fact_check
    # An edit that says nothing of the evidence keeps it; one that gives it, replaces it.
    kept, copied = session.edit_note(note, "Rebuilt by June.", (), "false")
    assert not copied and kept.evidence == (PAGE, CHECK)
    fewer, _ = session.edit_note(kept, "Rebuilt by June.", (), "false", evidence=[CHECK])
    assert fewer.evidence == (CHECK,)
    # An edit of a note changed elsewhere meanwhile is kept beside it, with its evidence.
    copy, copied = session.edit_note(kept, "Stale edit.", (), "false", evidence=[PAGE])
    assert copied and copy.id != note.id and copy.evidence == (PAGE,)


def test_a_draft_keeps_what_it_cites(session):
    article, record = opened(session)
    session.keep_draft(record, "s:x", "", 1, "quote", "body", ("t",), "false", [PAGE])
    (draft,) = session.drafts(record)
    assert isinstance(draft, Draft) and draft.evidence == (PAGE,)


def test_evidence_goes_out_in_the_w3c_json_and_comes_back(session, tmp_path):
    article, record = opened(session)
    session.add_note(record, article, 1, "Rebuilt by May?", ("bridge",), "false",
                     evidence=[PAGE, CHECK])
    session.add_note(record, article, 2, "No evidence here.")
    text = session.export(article, record, "json")
    data = json.loads(text)
    (cited,) = [a for a in data["first"]["items"]
                if any(b.get("purpose") == "linking" for b in a["body"])]
    links = [b for b in cited["body"] if b["purpose"] == "linking"]
    assert links[0] == {"type": "SpecificResource", "purpose": "linking",
                        "source": "https://example.org/report",
                        "created": "2026-11-30T00:00:00Z",
                        "evidence": {"title": "The council's report"}}
    assert links[1]["evidence"]["rating"] == "Mostly False"
    # The streamed export is the same text as the whole one.
    assert "".join(Session.export_chunks(article, record, session.store.notes(record.id),
                                         "json")) == text
    out = tmp_path / "notes.json"
    out.write_text(text)
    # Into another library: first waiting for the article, then on it.
    with Session(Store.open(tmp_path / "other", backup=False)) as other:
        assert other.import_w3c(str(out)).added == 0
        art = article_of()
        rec = other.register(art).record
        got = {n.body: n.evidence for n in other.store.notes(rec.id)}
        assert got == {"Rebuilt by May?": (PAGE, CHECK), "No evidence here.": ()}
    # And straight into a library that has the article.
    with Session(Store.open(tmp_path / "third", backup=False)) as third:
        art = article_of()
        rec = third.register(art).record
        third.import_w3c(str(out))
        assert {n.body: n.evidence for n in third.store.notes(rec.id)}["Rebuilt by May?"] == (
            PAGE, CHECK)


@pytest.mark.parametrize("body", [
    {"type": "SpecificResource", "purpose": "linking", "source": "javascript:alert(1)"},
    {"type": "SpecificResource", "purpose": "linking", "source": "file:///etc/passwd"},
    {"type": "SpecificResource", "purpose": "linking", "source": "https://a.example/x y"},
    {"type": "SpecificResource", "purpose": "linking", "source": ["https://a.example/"]},
])
def test_what_is_not_a_web_link_is_not_kept_as_evidence(body):
    ann = {"type": "Annotation", "id": "urn:uuid:0e1f8d36-5f2a-4f0b-9a3e-111111111111",
           "body": [{"type": "TextualBody", "value": "x", "purpose": "commenting"}, body],
           "target": {"source": SOURCE, "selector": {"type": "TextQuoteSelector",
                                                     "exact": TEXT[:6]}}}
    (note,), skipped = w3c.parse_w3c(ann)
    assert skipped == [] and note.evidence == ()


def test_evidence_is_only_text():
    ann_body = {"type": "SpecificResource", "purpose": "linking",
                "source": "https://a.example/\x1b]52;c;aGk=\x07",
                "evidence": {"title": "[bold]T[/bold]\x1b[31m", "rating": "\x9b2JFalse"}}
    got = w3c._evidence(ann_body)
    assert got is not None and "\x1b" not in got.url + got.title + got.rating
    assert got.title.startswith("[bold]T[/bold]")  # markup stays text
    assert evidence_from_json("not json") == () and evidence_from_json('{"url": 1}') == ()


def test_a_store_of_the_schema_before_keeps_its_notes_and_gains_evidence(tmp_path):
    folder = tmp_path / "data"
    with_one_note(old_store(folder, len(MIGRATIONS) - 1))
    with Store.open(folder, backup=False) as kept:
        (note,) = kept.notes(1)
        assert note.id == "n1" and note.evidence == ()
        assert kept.update_note(note, evidence=[PAGE]).evidence == (PAGE,)
