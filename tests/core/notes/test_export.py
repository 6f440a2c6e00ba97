"""Export to Markdown and W3C JSON, import back, and what article text can (not) do to them."""

from __future__ import annotations

import json

import pytest
from markdown_it import MarkdownIt

from tui.core.analysis.article import analyse
from tui.core.document.parse import parse
from tui.core.files import write_atomic
from tui.core.notes.markdown_export import escape_markdown, to_markdown
from tui.core.notes.place import place
from tui.core.notes.reanchor import open_document
from tui.core.notes.selector import describe
from tui.core.notes.store import Store
from tui.core.notes.w3c import parse_w3c, to_w3c

HOSTILE = (
    "Officials said <script>alert('x')</script> was found. "
    "The file ends here --> and [a link](javascript:alert(1)) follows. "
    "- not a list. 1. not a list either. `code` and *stars* and $math$ and ==mark==. "
    "Last sentence with a | pipe and # hash."
)


def make(tmp_path, text=HOSTILE, notes=(("Officials said", "A *real* note", ("tag one", "x"), "false"),)):
    art = analyse(parse(text, "text", source=str(tmp_path / "a.txt"), name="a.txt"))
    store = Store.open(tmp_path / "data", backup=False)
    record, _ = open_document(store, str(tmp_path / "a.txt"), art.document.title, art.document.text)
    for words, body, tags, verdict in notes:
        st = next(s for s in art.statements if words in art.document.text[s.start:s.end])
        store.add_note(record.id, describe(art.document.text, st.start, st.end), body=body,
                       tags=tags, verdict=verdict, statement=st.index)
    return store, art, record


def test_markdown_has_front_matter_quote_facts_body_and_id(tmp_path):
    store, art, record = make(tmp_path)
    notes = store.notes(record.id)
    md = to_markdown(art, record, notes, "2026-01-01T00:00:00.000Z")
    head, _, body = md.partition("\n---\n")
    assert head.startswith("---\ntitle: ")
    assert 'exported: "2026-01-01T00:00:00.000Z"' in head and "notes: 1" in head
    assert "Speaker: Officials" in body and "Verdict: **false**" in body
    assert "Tags: #tag-one #x" in body
    assert "A *real* note" in body
    assert f"^margin-{notes[0].id}" in body and "statement 1" in body


def test_article_text_cannot_inject_html_links_or_structure(tmp_path):
    store, art, record = make(tmp_path, notes=[
        ("Officials said", "n1", (), "unverified"), ("--> and", "n2", (), "unverified"),
        ("- not a list", "n3", (), "unverified"), ("1. not a list", "n4", (), "unverified"),
        ("Last sentence", "n5", (), "unverified"),
    ])
    md = to_markdown(art, record, store.notes(record.id), "t")
    tokens = MarkdownIt("commonmark").parse(md)
    kinds = {t.type for t in tokens}
    # The only HTML: each note's region markers, comments nothing renders.
    assert all(t.content.startswith("<!-- margin:") for t in tokens if t.type == "html_block")
    assert "bullet_list_open" not in kinds and "ordered_list_open" not in kinds
    inline = [c for t in tokens if t.children for c in t.children]
    assert not [c for c in inline if c.type in ("html_inline", "link_open")]
    ids = {n.id for n in store.notes(record.id)}
    assert {c.content for c in inline if c.type == "code_inline"} == ids  # only our own ids
    emphasised = [inline[i + 1].content for i, c in enumerate(inline[:-1]) if c.type == "em_open"]
    assert "stars" not in emphasised
    quotes = [t for t in tokens if t.type == "blockquote_open"]
    assert len(quotes) == 5
    text = "".join(c.content for c in inline if c.type == "text")
    assert "<script>alert('x')</script>" in text and "](javascript:alert(1))" in text


def test_escape_markdown_round_trips_through_a_renderer():
    md = MarkdownIt("commonmark")
    for raw in ["<b>x</b>", "*a* _b_ `c`", "[l](u)", "# h", "- l", "1. o", "a\\b", "&amp;"]:
        html = md.render(escape_markdown(raw))
        assert html.startswith("<p>") and "<b>" not in html and "<em>" not in html
        assert "<a " not in html and "<code>" not in html and "<h1>" not in html


def test_same_notes_same_bytes_but_the_export_time(tmp_path):
    store, art, record = make(tmp_path)
    notes = store.notes(record.id)
    a = to_markdown(art, record, notes, "exported-at-one-time")
    b = to_markdown(art, record, list(reversed(notes)), "exported-at-another")
    assert a.replace("exported-at-one-time", "exported-at-another") == b


def test_orphans_are_exported_as_detached_with_their_quote(tmp_path):
    store, art, record = make(tmp_path, notes=[("Officials said", "gone", (), "false"),
                                               ("Last sentence", "kept", (), "supported")])
    new_text = "Last sentence with a | pipe and # hash."
    open_document(store, record.source, "t", new_text)
    art2 = analyse(parse(new_text, "text"))
    md = to_markdown(art2, store.document(record.id), store.notes(record.id), "t")
    assert "## Detached note: false" in md
    detached = md.split("## Detached note")[1]
    assert "Officials said" in detached and "gone" in detached
    assert "kept" not in detached


def test_w3c_json_shape(tmp_path):
    store, art, record = make(tmp_path)
    data = to_w3c(record, store.notes(record.id), art.document.title)
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    ann = data["first"]["items"][0]
    assert ann["type"] == "Annotation" and ann["motivation"] == "commenting"
    assert ann["id"].startswith("urn:uuid:")
    purposes = [(b["purpose"], b["value"]) for b in ann["body"]]
    assert ("commenting", "A *real* note") in purposes
    assert ("tagging", "tag-one") in purposes and ("tagging", "x") in purposes
    assert ("assessing", "false") in purposes
    assert ann["target"]["source"].startswith("file:///")
    types = [s["type"] for s in ann["target"]["selector"]]
    assert types == ["TextQuoteSelector", "TextPositionSelector"]
    assert ann["created"] and ann["modified"]


def test_w3c_round_trip(tmp_path):
    store, art, record = make(tmp_path)
    notes = store.notes(record.id)
    data = json.loads(json.dumps(to_w3c(record, notes, "t")))
    parsed, skipped = parse_w3c(data)
    assert skipped == []
    (item,) = parsed
    (note,) = notes
    assert (item.id, item.source, item.selector, item.body, item.tags, item.verdict) == (
        note.id, record.source, note.selector, note.body, note.tags, note.verdict)


@pytest.mark.parametrize("data", [
    [{"type": "Annotation"}],
    [{"type": "Annotation", "target": {"source": "x", "selector": [{"type": "TextQuoteSelector"}]}}],
    ["nope"],
])
def test_bad_annotations_are_skipped_with_a_reason(data):
    parsed, skipped = parse_w3c(data)
    assert parsed == [] and len(skipped) == 1


def test_place_orders_by_position(tmp_path):
    store, art, record = make(tmp_path, notes=[("Last sentence", "b", (), "false"),
                                               ("Officials said", "a", (), "false")])
    placed = place(art, store.notes(record.id))
    assert [p.note.body for p in placed] == ["a", "b"]
    assert [p.statement for p in placed] == [0, len(art.statements) - 1]


def test_write_atomic_replaces_whole_file(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old")
    write_atomic(target, "new content\n")
    assert target.read_text() == "new content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]
