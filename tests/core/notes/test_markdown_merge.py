"""Markdown exported into a file the user edited in a note app: their lines kept, the notes'
regions current, front matter Obsidian shows, block ids where Obsidian finds them, evidence
listed, and no note text able to break a region."""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml  # (installed with the project's dependencies; used by the tests only)
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.conftest import SAMPLE
from tui.core.analysis.article import analyse
from tui.core.document.parse import parse
from tui.core.notes import markdown_merge
from tui.core.notes.markdown_export import export_parts, to_markdown
from tui.core.notes.markdown_merge import Fresh, MergeError, merge
from tui.core.notes.model import Evidence
from tui.core.notes.reanchor import open_document
from tui.core.notes.selector import describe
from tui.core.notes.store import Store
from tui.core.session import Session

TEXT = SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def article():
    return analyse(parse(TEXT, "text", source="/articles/story.txt", name="story.txt"))


@pytest.fixture
def lib(tmp_path, article):
    """A store holding the article, and a way to add notes to it by statement number."""
    store = Store.open(tmp_path / "data", backup=False)
    record, _ = open_document(store, "/articles/story.txt", article.document.title,
                              article.document.text)

    def add(number: int, body: str, tags=(), verdict="unverified"):
        st = article.statements[number - 1]
        return store.add_note(record.id, describe(article.document.text, st.start, st.end),
                              body=body, tags=tags, verdict=verdict, statement=st.index)

    yield store, record, add
    store.close()


def export(path, article, store, record, wikilinks=None):
    return Session.export_markdown(path, article, record, store.notes(record.id), wikilinks)


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text[4:text.index("\n---\n", 4)])


def regions(text: str) -> dict[str, tuple[str, ...]]:
    return {nid: r.lines for nid, r in markdown_merge.parse(text).regions.items()}


def outside(text: str) -> list[str]:
    """The lines of a file outside its front matter and regions that are not blank."""
    return [line for line in markdown_merge.parse(text).body
            if isinstance(line, str) and line.strip()]


# -- the issue: export, edit as a user would, change the notes, export again -------------------


def test_export_edit_change_the_notes_export_again(tmp_path, article, lib):
    store, record, add = lib
    a = add(5, "Check what reports.")
    b = add(7, "Putin's words per TASS.", tags=("putin",), verdict="misleading")
    c = add(18, "Confirmed by the May statement.", tags=("policy",), verdict="supported")
    d = add(18, "Second opinion: the missiles part is wrong.", tags=("policy",), verdict="false")
    target = tmp_path / "story.notes.md"
    first = export(target, article, store, record)
    assert (first.added, first.existing) == (4, False)

    # The user, in Obsidian: a property, a tag, a line under the title, a heading of their own,
    # a line between two notes, a line after a note's region, a line at the end.
    text = target.read_text(encoding="utf-8")
    text = text.replace('tags: ["putin", "policy"]\n',
                        'tags: ["putin", "policy", "my-project"]\nstatus: draft\n', 1)
    mine = ["My summary: two claims need calls.", "## Part two",
            "Asked the Kremlin press office; no answer yet.", "Between the two on 18.",
            "Closing remark by me."]
    heading = f"# Notes on {article.document.title}\n"
    assert heading in text
    text = text.replace(heading, f"{heading}\n{mine[0]}\n", 1)
    end_b = f"<!-- margin:end {b.id} -->\n"
    text = text.replace(end_b, f"{end_b}\n{mine[2]}\n\n{mine[1]}\n", 1)
    end_c = f"<!-- margin:end {c.id} -->\n"
    text = text.replace(end_c, f"{end_c}\n{mine[3]}\n", 1)
    text += f"\n{mine[4]}\n"
    target.write_text(text, encoding="utf-8")

    # Add one (between b and c in the article), edit one, delete one.
    e = add(10, "New: the UK missiles detail.", tags=("uk",))
    store.update_note(store.note(b.id), body="Putin's words per TASS; readout checked.",
                      tags=("putin",), verdict="misleading")
    store.delete_note(a.id)
    again = export(target, article, store, record)
    out = target.read_text(encoding="utf-8")

    # b updated, e added, a removed; c and d (its heading still "Statement 18 (2)") unchanged.
    assert (again.added, again.updated, again.removed, again.unchanged) == (1, 1, 1, 2)
    assert again.existing and again.summary() == "1 updated, 1 added, 1 removed, 2 unchanged"
    # 0 lost user lines, 0 duplicates, in their order.
    assert outside(out) == outside(text)
    lines = out.splitlines()
    for line in mine:
        assert lines.count(line) == 1, line
    assert lines.index(mine[0]) < lines.index(mine[2]) < lines.index(mine[1]) \
        < lines.index(mine[3]) < lines.index(mine[4])
    current = {n.id for n in store.notes(record.id)}
    assert set(regions(out)) == current == {b.id, c.id, d.id, e.id}
    for nid in current:
        assert out.count(f"<!-- margin:begin {nid} ") == 1 and out.count(f"^margin-{nid}") == 1
    # The regions are current: b's new words, a's gone.
    assert "readout checked" in "\n".join(regions(out)[b.id])
    assert "Check what reports." not in out
    # The new note is after b's region and the user's line below it, before their heading.
    assert out.index(f"<!-- margin:end {b.id} -->") < out.index(mine[2]) \
        < out.index(f"<!-- margin:begin {e.id} ") < out.index(mine[1]) \
        < out.index(f"<!-- margin:begin {c.id} ")
    # Front matter: Margin's keys updated, the user's key and tag kept.
    fm = front_matter(out)
    assert fm["status"] == "draft" and fm["notes"] == 4
    assert fm["tags"] == ["putin", "uk", "policy", "my-project"]
    assert (fm["verdict_unverified"], fm["verdict_misleading"], fm["verdict_false"]) == (1, 1, 1)

    # Exported again with nothing changed: the same file but the export time.
    same = export(target, article, store, record)
    assert (same.added, same.updated, same.removed, same.unchanged) == (0, 0, 0, 4)
    strip = lambda t: re.sub(r"(?m)^exported: .*$", "", t)  # noqa: E731
    assert strip(target.read_text(encoding="utf-8")) == strip(out)


def test_a_note_removed_takes_its_blank_line_with_it(tmp_path, article, lib):
    store, record, add = lib
    notes = [add(n, f"note {n}") for n in (2, 5, 9)]
    target = tmp_path / "n.md"
    export(target, article, store, record)
    store.delete_note(notes[1].id)
    export(target, article, store, record)
    export(target, article, store, record)
    after = target.read_text(encoding="utf-8")
    assert "\n\n\n" not in after  # (blank lines never pile up)
    assert "note 5" not in after and "note 2" in after and "note 9" in after


def test_new_notes_before_every_note_of_the_file_go_before_the_first(tmp_path, article, lib):
    store, record, add = lib
    later = add(12, "later")
    target = tmp_path / "n.md"
    export(target, article, store, record)
    text = target.read_text(encoding="utf-8").replace(
        "# Notes on", "Intro of mine.\n\n# Notes on", 1)
    target.write_text(text, encoding="utf-8")
    early = add(1, "early")
    done = export(target, article, store, record)
    out = target.read_text(encoding="utf-8")
    assert done.added == 1 and out.count("Intro of mine.") == 1
    assert out.index("# Notes on") < out.index(f"margin:begin {early.id}") \
        < out.index(f"margin:begin {later.id}")


# -- what a file must be to be merged into -------------------------------------------------------


def test_a_file_of_the_users_without_regions_is_not_replaced(tmp_path, article, lib):
    store, record, add = lib
    add(7, "x")
    target = tmp_path / "mine.md"
    target.write_text("# My own notes\n\nNothing from Margin here.\n", encoding="utf-8")
    with pytest.raises(MergeError, match="holds no notes exported by Margin"):
        export(target, article, store, record)
    assert target.read_text(encoding="utf-8") == "# My own notes\n\nNothing from Margin here.\n"
    # An export from before the markers: said so.
    old = "---\ntitle: \"t\"\n---\n\n## Statement 7: false\n\n*Paragraph 4 · note `x`* " \
          "^margin-25e37aac-7ee0-4005-97ce-89f72c0a6e8c\n"
    target.write_text(old, encoding="utf-8")
    with pytest.raises(MergeError, match="earlier Margin"):
        export(target, article, store, record)
    assert target.read_text(encoding="utf-8") == old
    # An empty file is a new one.
    target.write_text("\n", encoding="utf-8")
    assert export(target, article, store, record).added == 1


@pytest.mark.parametrize("damage, words", [
    (lambda t, i: t.replace(f"<!-- margin:end {i} -->\n", "", 1), "has no end"),
    (lambda t, i: re.sub(rf"<!-- margin:begin {i} \w+ -->\n", "", t, count=1),
     "ends a note's region that no line began"),
    (lambda t, i: t + t[t.index("<!-- margin:begin"):], "has two regions"),
    (lambda t, i: t.replace("\n---\n", "\n", 1), "never closed"),
])
def test_markers_that_do_not_pair_are_refused_saying_where(tmp_path, article, lib, damage, words):
    store, record, add = lib
    note = add(7, "x")
    add(9, "y")
    target = tmp_path / "n.md"
    export(target, article, store, record)
    broken = damage(target.read_text(encoding="utf-8"), note.id)
    target.write_text(broken, encoding="utf-8")
    with pytest.raises(MergeError, match=words) as caught:
        export(target, article, store, record)
    assert "\n" not in str(caught.value) and "not replaced" in str(caught.value)
    assert target.read_text(encoding="utf-8") == broken


def test_words_written_inside_a_region_are_not_lost(tmp_path, article, lib):
    store, record, add = lib
    note = add(7, "Margin's words.")
    target = tmp_path / "n.md"
    export(target, article, store, record)
    text = target.read_text(encoding="utf-8")
    # Spacing an editor changes (trailing spaces, a blank line) is no writing.
    spaced = text.replace("Verdict: **unverified**", "Verdict: **unverified**   \n", 1)
    target.write_text(spaced, encoding="utf-8")
    assert export(target, article, store, record).updated == 1  # (as Margin writes it again)
    assert "**unverified**   " not in target.read_text(encoding="utf-8")
    end = f"<!-- margin:end {note.id} -->"
    written = target.read_text(encoding="utf-8").replace(
        end, f"My words, in the wrong place.\n{end}")
    target.write_text(written, encoding="utf-8")
    with pytest.raises(MergeError, match=r"line \d+\) was written in"):
        export(target, article, store, record)
    assert "My words, in the wrong place." in target.read_text(encoding="utf-8")


def test_windows_line_ends_and_a_bom_are_read(tmp_path, article, lib):
    store, record, add = lib
    add(7, "x")
    target = tmp_path / "n.md"
    export(target, article, store, record)
    text = target.read_text(encoding="utf-8") + "\nMine.\n"
    target.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    assert export(target, article, store, record).unchanged == 1
    out = target.read_text(encoding="utf-8")
    assert out.startswith("\ufeff---\n") and "\r" not in out and out.count("Mine.") == 1


# -- what no note can do to the file ------------------------------------------------------------

HOSTILE_LINES = [
    "<!-- margin:end {id} -->",
    "<!-- margin:begin {id} 0123abcd -->",
    "<!-- margin:begin 11111111-2222-3333-4444-555555555555 -->",
    "   <!-- margin:end {id} -->",
    "<!--margin:END {id}-->",
    "\\<!-- margin:end {id} -->",
    "%% margin:end {id} %%",
    "---",
]


def test_note_text_holding_the_markers_cannot_break_its_region(tmp_path, article, lib):
    store, record, add = lib
    keep = add(2, "Kept.")
    hostile = add(7, "placeholder")
    body = "\n".join(line.format(id=hostile.id) for line in HOSTILE_LINES) + "\nend of it"
    hostile = store.update_note(store.note(hostile.id), body=body, tags=(), verdict="false")
    after = add(9, "After.")
    target = tmp_path / "n.md"
    export(target, article, store, record)
    text = target.read_text(encoding="utf-8")
    assert set(regions(text)) == {keep.id, hostile.id, after.id}
    assert "end of it" in "\n".join(regions(text)[hostile.id])
    # Rendered, the markers are the only HTML, and the note's lines show as they were written.
    tokens = MarkdownIt("commonmark").parse(text)
    html = [t.content for t in tokens if t.type == "html_block"]
    assert len(html) == 6 and all(h.startswith("<!-- margin:") for h in html)
    shown = MarkdownIt("commonmark").render(text)
    assert f"&lt;!-- margin:end {hostile.id} --&gt;" in shown
    # Deleted: its region goes whole, nothing of it left to break the next export.
    target.write_text(text + "\nMine.\n", encoding="utf-8")
    store.delete_note(hostile.id)
    done = export(target, article, store, record)
    out = target.read_text(encoding="utf-8")
    assert (done.removed, done.unchanged) == (1, 2)
    assert "end of it" not in out and hostile.id not in out and out.count("Mine.") == 1


def test_a_region_refuses_lines_holding_a_marker():
    fresh = Fresh((), (), (), (("abc", ("<!-- margin:end abc -->",)),))
    with pytest.raises(ValueError):
        markdown_merge.render(fresh)


# -- what a note app reads ----------------------------------------------------------------------


def test_two_notes_on_one_statement_have_headings_of_their_own(tmp_path, article, lib):
    store, record, add = lib
    add(18, "one", verdict="supported")
    add(18, "two", verdict="false")
    add(18, "three")
    md = to_markdown(article, record, store.notes(record.id), "t")
    headings = re.findall(r"(?m)^## (.*): (.*)$", md)
    assert [h for h, _ in headings] == ["Statement 18", "Statement 18 (2)", "Statement 18 (3)"]
    assert sorted(v for _, v in headings) == ["false", "supported", "unverified"]


def test_front_matter_is_flat_yaml_whatever_the_title_and_source(tmp_path, lib):
    store, _, _ = lib
    title = 'Breaking: "quotes" \u2028 #hash {a: b}\n---\nx: injected \x1b[31m\u202e\ufeff'
    text = "The mayor said the bridge is closed. Officials confirmed it on Monday.\n"
    source = "/tmp/we ird\n---\nkey: v\x07.md"
    art = analyse(parse(text, "text", source=source, name="weird.md"))
    art = dataclasses.replace(art, document=dataclasses.replace(art.document, title=title))
    record, _ = open_document(store, source, art.document.title, art.document.text)
    st = art.statements[0]
    store.add_note(record.id, describe(art.document.text, st.start, st.end), body="b",
                   tags=("a-tag", "Ünïcode"), verdict="needs-context", statement=st.index)
    md = to_markdown(art, record, store.notes(record.id), "2026-01-01T00:00:00.000Z")
    fm = front_matter(md)
    assert set(fm) == {"title", "source", "exported", "notes", "detached", "in_review", "tags",
                       "verdict_unverified", "verdict_supported", "verdict_misleading",
                       "verdict_false", "verdict_needs_context"}
    # Flat: each one a value Obsidian's Properties show (no map), tags a list.
    assert all(isinstance(v, (str, int)) for k, v in fm.items() if k != "tags")
    assert fm["tags"] == ["a-tag", "Ünïcode"] and fm["verdict_needs_context"] == 1
    assert "injected" in fm["title"] and "x" not in fm and "key" not in fm
    assert "\x1b" not in md and "\x07" not in md and "\u202e" not in fm["title"]
    assert fm["source"].startswith("/tmp/we ird\n---\nkey: v")


def block_paragraph(md: str, block: str) -> str:
    """The text of the paragraph (or list item...) whose inline text holds ``block``."""
    tokens = MarkdownIt("commonmark").parse(md)
    (hit,) = [(i, t) for i, t in enumerate(tokens) if t.type == "inline" and block in t.content]
    return tokens[hit[0] - 1].type + ":" + hit[1].content


@pytest.mark.parametrize("body, where", [
    ("One paragraph.", "paragraph_open:One paragraph. ^"),
    ("First.\n\nSecond, the last.", "paragraph_open:Second, the last. ^"),
    ("**Update:** it *was* denied.", "paragraph_open:**Update:** it *was* denied. ^"),
    ("Sources:\n\n- one\n- two", "paragraph_open:^"),
    ("Look:\n\n```\ncode\n```", "paragraph_open:^"),
    ("> quoted", "paragraph_open:^"),
    ("", "paragraph_open:Speaker:"),
])
def test_the_block_id_is_on_the_notes_last_paragraph(tmp_path, article, lib, body, where):
    store, record, add = lib
    note = add(7, body)
    md = to_markdown(article, record, store.notes(record.id), "t")
    block = f"^margin-{note.id}"
    assert md.count(block) == 1
    assert block_paragraph(md, block).startswith(where)
    # Never on the location line; always a paragraph's last words.
    (line,) = [line for line in md.splitlines() if block in line]
    assert line.endswith(block) and "note `" not in line


def test_evidence_is_listed_under_the_note(tmp_path, article, lib):
    store, record, add = lib
    note = add(7, "Checked.")
    note = dataclasses.replace(note, evidence=(
        Evidence("https://example.org/readout?a=1&b=(2)", "Kremlin readout [official]",
                 "2026-01-03"),
        Evidence("https://www.politifact.com/x", "Putin said NATO is at war", "2026-01-04",
                 publisher="PolitiFact", rating="Mostly False", date="2024-09-14",
                 claim="Russia is *at war* with NATO"),
        Evidence("javascript:alert(1)", "](javascript:alert(2))"),
    ))
    md = to_markdown(article, record, [note], "t")
    lines = md.splitlines()
    start = lines.index("Evidence:")
    items = lines[start + 2:start + 5]
    assert items[0] == ("- [Kremlin readout \\[official\\]]"
                        "(https://example.org/readout?a=1&b=%282%29) · accessed 2026-01-03")
    assert items[1] == ("- Fact-check by PolitiFact: rated **Mostly False** (2024-09-14) · "
                        "“Russia is \\*at war\\* with NATO” · "
                        "[Putin said NATO is at war](https://www.politifact.com/x) · "
                        "accessed 2026-01-04")
    assert items[2].startswith("- \\](javascript:alert(2))")
    # Under the note: after its text, before where it is.
    assert md.index("Checked.") < md.index("Evidence:") < md.index("*Paragraph 4")
    hrefs = [t.attrGet("href") for t in MarkdownIt("commonmark").parse(md)
             for t in (t.children or []) if t.type == "link_open"]
    assert hrefs == ["https://example.org/readout?a=1&b=%282%29", "https://www.politifact.com/x"]


def test_speakers_as_wikilinks_when_asked_and_as_the_file_has_them(tmp_path, article, lib):
    store, record, add = lib
    add(7, "x")
    plain = to_markdown(article, record, store.notes(record.id), "t")
    assert "Speaker: Vladimir Putin ·" in plain and "[[" not in plain
    target = tmp_path / "n.md"
    export(target, article, store, record, wikilinks=True)
    assert "Speaker: [[Vladimir Putin]] ·" in target.read_text(encoding="utf-8")
    add(9, "y")
    export(target, article, store, record)  # None: as the file has them
    assert target.read_text(encoding="utf-8").count("Speaker: [[") == 2
    export(target, article, store, record, wikilinks=False)
    assert "[[" not in target.read_text(encoding="utf-8")


def test_a_speaker_cannot_make_a_wikilink_into_something_else():
    from tui.core.notes.markdown_export import _wikilink

    assert _wikilink("Jake Sullivan") == "[[Jake Sullivan]]"
    assert _wikilink("a]] [[b|c#^d") == "[[a b c d]]"
    assert _wikilink("%%x%% ../etc:*?") == "[[x .. etc]]"
    assert _wikilink("[]|#") is None


def test_each_note_says_when_it_was_created(tmp_path, article, lib):
    store, record, add = lib
    note = add(7, "x")
    md = to_markdown(article, record, store.notes(record.id), "t")
    assert f"· created {note.created[:10]} · note `{note.id}`*" in md


# -- the front matter merge, as Obsidian rewrites it ---------------------------------------------


def fresh(tags=("t1",), regions=(("aaaa", ("## A", "", "#t1")),)):
    return Fresh((("title", '"T"'), ("notes", str(len(regions)))), tags, ("# Notes on T",),
                 regions)


def test_front_matter_rewritten_by_obsidian_keeps_the_users_keys_and_tags():
    first = markdown_merge.render(fresh())
    # Obsidian's Properties editor writes values unquoted and lists as blocks.
    edited = first.replace('title: "T"\n', "title: T\n").replace(
        'tags: ["t1"]\n', "tags:\n  - t1\n  - 'mine, with a comma'\n  - \"also: mine\"\n"
        "aliases:\n  - Story notes\n")
    parsed = markdown_merge.parse(edited)
    out = merge(parsed, fresh(tags=("t2",), regions=(("aaaa", ("## A", "", "#t2")),))).text
    fm = front_matter(out)
    assert fm["tags"] == ["t2", "mine, with a comma", "also: mine"]  # t1 was Margin's: gone
    assert fm["aliases"] == ["Story notes"] and fm["title"] == "T"
    assert out.count("aliases:") == 1 and out.count("title:") == 1


@pytest.mark.parametrize("written, tags", [
    ("tags: [a, 'b c', \"d\"]", ["a", "b c", "d"]),
    ("tags: a, b", ["a", "b"]),
    ("tags:\n- a\n-   b  # note", ["a", "b"]),
    ("tags: []", []),
])
def test_tags_are_read_however_written(written, tags):
    assert markdown_merge.read_tags(written.split("\n")) == tags


def test_a_file_without_front_matter_gets_it_and_keeps_its_lines():
    first = markdown_merge.render(fresh())
    body = first[first.index("\n---\n") + 5:]
    out = merge(markdown_merge.parse("Mine first.\n" + body), fresh()).text
    assert out.startswith("---\ntitle: \"T\"\n") and out.count("Mine first.") == 1
    assert front_matter(out)["notes"] == 1


def test_export_parts_and_render_are_the_export(tmp_path, article, lib):
    store, record, add = lib
    add(7, "x")
    notes = store.notes(record.id)
    assert markdown_merge.render(export_parts(article, record, notes, "t")) == \
        to_markdown(article, record, notes, "t")


# -- any edit outside the regions, any change to the notes ---------------------------------------

USER_LINES = ["", "   ", "A line of mine.", "## A heading of mine", "# Another", "- [ ] to do",
              "> quoted by me", "<!-- a comment of mine -->", "%% an Obsidian comment %%", "---",
              "```", "margin:end", "^margin-block-of-mine"]


def synthetic(ids, version=0):
    return Fresh((("title", '"T"'), ("notes", str(len(ids)))), ("t",), ("# Notes on T",),
                 tuple((i, (f"## Note {i}", "", f"words of {i}, version {version}", ""))
                       for i in ids))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_user_lines_survive_any_change_to_the_notes(data):
    old_ids = [f"n{k}" for k in range(data.draw(st.integers(1, 6)))]
    text = markdown_merge.render(synthetic(old_ids))
    lines = text.split("\n")[:-1]
    # The user writes lines anywhere outside the regions and the front matter.
    inside, spots = False, []
    for i, line in enumerate(lines):
        if i > 3 + 1 + 1 and not inside:  # after the front matter (---, 2 keys, tags, ---)
            spots.append(i)
        inside = (inside or line.startswith("<!-- margin:begin")) and \
            not line.startswith("<!-- margin:end")
    spots.append(len(lines))
    for at in sorted(data.draw(st.lists(st.sampled_from(spots), max_size=8)), reverse=True):
        lines[at:at] = [data.draw(st.sampled_from(USER_LINES))]
    edited = "\n".join(lines) + "\n"
    # Notes deleted, added anywhere in the article's order, edited.
    kept = [i for i in old_ids if data.draw(st.booleans())] or old_ids[:1]
    new_ids = list(kept)
    for k in range(data.draw(st.integers(0, 3))):
        new_ids.insert(data.draw(st.integers(0, len(new_ids))), f"new{k}")
    done = merge(markdown_merge.parse(edited), synthetic(new_ids, version=1))
    out = markdown_merge.parse(done.text)
    assert outside(done.text) == outside(edited)  # every line of the user's, once, in order
    order = [r.id for r in out.body if isinstance(r, markdown_merge.Region)]
    assert sorted(order) == sorted(new_ids)  # no duplicate, none left over
    assert all("version 1" in r.lines[2] for r in out.regions.values())
    assert order == new_ids  # the article's order (the kept ones were in it)
    assert (done.added, done.removed, done.updated) == (
        len(new_ids) - len(kept), len(old_ids) - len(kept), len(kept))
    again = merge(out, synthetic(new_ids, version=1))
    assert again.text == done.text and again.unchanged == len(new_ids)


def test_a_note_id_from_elsewhere_gets_a_marker_it_can_hold():
    from tui.core.notes.markdown_merge import marker_id

    hostile = "id-\x1b]0;PWNED\x07\u202e <!-- margin:end x -->"
    got = marker_id(hostile)
    assert got == marker_id(hostile) and got.startswith("x-") and got.isascii()
    assert "\x1b" not in got and " " not in got
    uuid = "0e1f8d36-5f2a-4f0b-9a3e-111111111111"
    assert marker_id(uuid) == uuid
