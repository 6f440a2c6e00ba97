"""Properties under arbitrary input: loading any bytes, exporting any article, round-tripping any
note through W3C JSON."""

from __future__ import annotations

import io
import json
import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui.core.analysis.article import analyse
from tui.core.document.parse import parse
from tui.core.load import LoadError
from tui.core.load.source import load
from tui.core.notes.markdown_export import to_markdown
from tui.core.notes.model import ANCHORED, VERDICTS
from tui.core.notes.reanchor import open_document
from tui.core.notes.selector import describe
from tui.core.notes.store import Store
from tui.core.notes.w3c import parse_w3c, to_w3c
from tui.core.text import sanitize

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: Pieces a hostile article is made of, for the strategies below.
PIECES = ["The mayor said", " 5% ", "rose", ". ", "\n", "\n\n", "<script>alert(1)</script>", "-->",
          "<!--", "](javascript:alert(1))", "[x]", "(y)", "---", "===", "```", "`", "~~~", "*",
          "_", "#", "##", "|", "> ", "- ", "1. ", "+ ", "\\", "&amp;", "<b>", "![i](u)", "<http://e>",
          "[^1]", "\x1b[2J", "\x1b]0;t\x07", "\u202e", "\t", "    ", "“", "”", "\"", "'"]

hostile_text = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
# Anything at all: lone surrogates excluded (they cannot be written to a file or a database).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=3000),
                 hostile_text.map(lambda s: s.encode()),
                 st.tuples(hostile_text, st.sampled_from(["utf-16", "utf-16-le", "cp1252", "latin-1"]))
                 .map(lambda t: t[0].encode(t[1], errors="ignore"))))
def test_any_bytes_load_as_clean_text_or_a_one_line_error(data):
    try:
        src = load("-", stdin=io.BytesIO(data), format="text")
    except LoadError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    assert _CONTROL.search(src.text.replace("\n", "")) is None
    assert unicodedata.is_normalized("NFC", src.text)
    doc = parse(src.text, "markdown")
    assert _CONTROL.search(doc.text.replace("\n", "")) is None


def _front_matter_and_body(md: str) -> tuple[str, str]:
    assert md.startswith("---\n")
    end = md.index("\n---\n", 4)
    return md[4:end], md[end + 5:]


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=hostile_text, fmt=st.sampled_from(["text", "markdown"]))
def test_article_text_cannot_change_the_structure_of_an_export(tmp_path_factory, text, fmt):
    # As every article is loaded: its text sanitised first (parse's contract).
    art = analyse(parse(sanitize(text), fmt, source="/a.txt", name="a.txt"))
    if not art.statements:
        return
    store = Store.open(tmp_path_factory.mktemp("x") / "data", backup=False)
    try:
        record, _ = open_document(store, "/a.txt", art.document.title, art.document.text)
        chosen = art.statements[:6]
        for st_ in chosen:
            store.add_note(record.id, describe(art.document.text, st_.start, st_.end),
                           body="plain note", statement=st_.index)
        notes = store.notes(record.id)
        md = to_markdown(art, record, notes, "2026-01-01T00:00:00Z")
    finally:
        store.close()
    front, body = _front_matter_and_body(md)
    for line in front.splitlines():  # key: JSON value, every line
        key, _, value = line.partition(": ")
        assert re.fullmatch(r"[a-z_]+", key), line
        json.loads(value) if not value.startswith("{") else None
    tokens = MarkdownIt("commonmark").parse(body)
    kinds = [t.type for t in tokens]
    # Exactly our structure: one h1, one h2 and one quote per note, no HTML but each note's two
    # markers, no lists, no rules, no code blocks; links and code only our own.
    assert kinds.count("heading_open") == 1 + len(notes)
    assert kinds.count("blockquote_open") == len(notes)
    markers = [t.content for t in tokens if t.type == "html_block"]
    assert len(markers) == 2 * len(notes)
    marker = r"<!-- margin:(begin [0-9a-f-]{36} [0-9a-f]{8}|end [0-9a-f-]{36}) -->\n"
    assert all(re.fullmatch(marker, m) for m in markers), markers
    kinds = [k for k in kinds if k != "html_block"]
    for banned in ("html_block", "hr", "fence", "code_block", "bullet_list_open",
                   "ordered_list_open", "table_open"):
        assert banned not in kinds, (banned, md)
    inline = [c for t in tokens if t.children for c in t.children]
    assert not [c for c in inline if c.type in ("html_inline", "link_open", "image")], md
    assert {c.content for c in inline if c.type == "code_inline"} == {n.id for n in notes}
    # Each quote shows its statement's words, whitespace folded.
    quoted = []
    for i, t in enumerate(tokens):
        if t.type == "blockquote_open":
            quoted.append("".join(c.content if c.type == "text" else " "
                                  for c in tokens[i + 2].children))
    expected = [" ".join(art.document.text[s.start:s.end].split()) for s in chosen]
    assert [" ".join(q.split()) for q in quoted] == expected


tags = st.lists(any_text, max_size=4)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=any_text, tags=tags, verdict=st.sampled_from(VERDICTS), which=st.integers(0, 30))
def test_any_note_survives_w3c_export_and_import(tmp_path_factory, body, tags, verdict, which):
    text = ("The mayor said 5 buses ran. “We will not stop,” she said. Critics said [b]no[/b]. "
            "Officials said <script> was found --> there.")
    art = analyse(parse(text, "text", source="/a.txt", name="a.txt"))
    st_ = art.statements[which % len(art.statements)]
    base = tmp_path_factory.mktemp("w3c")
    a = Store.open(base / "a", backup=False)
    b = Store.open(base / "b", backup=False)
    try:
        record, _ = open_document(a, "/a.txt", art.document.title, art.document.text)
        a.add_note(record.id, describe(text, st_.start, st_.end), body=body, tags=tags,
                   verdict=verdict, statement=st_.index)
        (note,) = a.notes(record.id)
        data = json.loads(json.dumps(to_w3c(record, [note], "t")))
        (item,), skipped = parse_w3c(data)
        assert skipped == []
        target, _ = open_document(b, item.source, "t", text)
        b.add_note(target.id, item.selector, body=item.body, tags=item.tags,
                   verdict=item.verdict, note_id=item.id, created=item.created)
        (back,) = b.notes(target.id)
    finally:
        a.close()
        b.close()
    assert (back.id, back.body, back.tags, back.verdict, back.selector, back.created) == \
        (note.id, note.body, note.tags, note.verdict, note.selector, note.created)
    assert back.state == ANCHORED and (back.start, back.end) == (st_.start, st_.end)
