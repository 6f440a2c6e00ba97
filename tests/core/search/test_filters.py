"""Filters as typed (typos, prefixes) matched to the names there are; results cut to show."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLE
from tests.core.search.test_library import Library, remember
from tui.core.notes.model import VERDICTS
from tui.core.notes.selector import describe
from tui.core.notes.store import Store
from tui.core.search.highlight import excerpt, highlight
from tui.core.search.library import parse_query
from tui.core.search.names import Names

SPEAKERS = Names(["Jake Sullivan", "Vladimir Putin", "Putin", "Biden", "Sullivan", "Liu",
                  "officials"])


@pytest.mark.parametrize("typed, names, guessed", [
    ("Putin", ("Vladimir Putin", "Putin"), False),  # starts a word: every name it starts
    ("vlad", ("Vladimir Putin",), False),
    ("jake sul", ("Jake Sullivan",), False),
    ("ivan", ("Jake Sullivan", "Sullivan"), False),  # inside a word, found as typed
    ("Sulivan", ("Jake Sullivan", "Sullivan"), True),  # a letter missing
    ("jak sullivan", ("Jake Sullivan",), True),  # in the first of two words
    ("vladmir putin", ("Vladimir Putin",), True),
    ("ptuin", ("Vladimir Putin", "Putin"), True),  # two letters swapped
    ("bidne", ("Biden",), True),
    ("offcials", ("officials",), True),
    ("li", ("Liu",), False),
    ("lo", (), False),  # too short to hold a typo: "Liu" is not guessed
    ("sulivn", (), False),  # two edits in six letters: too far
    ("xqzw", (), False),
    ("!!", (), False),
])
def test_a_typed_name_means_the_names_it_starts_holds_or_is_closest_to(typed, names, guessed):
    meant = SPEAKERS.meant(typed)
    assert (meant.names, meant.guessed) == (names, guessed)


def test_only_the_closest_names_are_guessed():
    names = Names(["Putin", "Patin", "Mutin"])
    assert names.meant("putn").names == ("Putin",)  # one edit; the others are two away


def test_kinds_and_verdicts_may_be_prefixes_or_typos_and_else_are_said():
    q = parse_query("kind:quot kind:stat verdict:mislead verdict:fals", VERDICTS)
    assert q.kinds == ("quote", "statistic") and q.verdicts == ("misleading", "false")
    assert parse_query("kind:qoute verdict:needs", VERDICTS).kinds == ("quote",)
    assert parse_query("verdict:needs", VERDICTS).verdicts == ("needs-context",)
    assert parse_query("kind:hegde", VERDICTS).kinds == ("hedge",)
    bad = parse_query("kind:xyz verdict:nope", VERDICTS)
    assert bad.kinds == bad.verdicts == () and not bad.filtered
    assert bad.problems == (
        "no kind 'xyz': quote, attribution, statistic, hedge, assertion",
        "no verdict 'nope': unverified, supported, misleading, false, needs-context")


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "data", backup=False) as s:
        yield s


def test_the_library_reads_speakers_and_tags_with_typos(store):
    sample, art = remember(store, SAMPLE.read_text(encoding="utf-8"), "/a/sample.txt")
    st = art.statements[6]
    store.add_note(sample.id, describe(art.document.text, st.start, st.end), body="Check it",
                   tags=["Escalation"], verdict="false", statement=6)
    lib = Library(store)
    sullivan = lib.search("@Sulivan")
    assert sullivan and {r.item.speaker for r in sullivan} == {"Jake Sullivan"}
    assert lib.search("@Sulivan") == lib.search("@sullivan")
    (geography,) = lib.search("@sulivan geography")
    assert "It is not about geography" in geography.statement_text
    assert [r.item.statement for r in lib.search("#escalaton")] == [6]
    assert [r.item.statement for r in lib.search("#esc verdict:fals")] == [6]
    assert lib.search("@xqzw") == [] and lib.search("#xqzw") == []
    assert lib.parse("@xqzw #xqzw missiles").problems == ("no speaker like 'xqzw'",
                                                         "no tag like '#xqzw'")
    assert lib.parse("@sulivan #escalaton").problems == ()


def test_an_excerpt_is_one_line_with_the_spans_moved_along():
    text = "Jake\n  Sullivan   said\tso."
    spans = highlight("sullivan said", text)
    flat, moved = excerpt(text, spans)
    assert flat == "Jake Sullivan said so."
    assert [flat[a:b] for a, b in moved] == ["Sullivan said"]
    assert excerpt("  ", [(0, 2)]) == ("", [])


def test_an_excerpt_starts_near_a_late_match_and_ends_after_a_word():
    text = " ".join(f"w{i}" for i in range(100)) + " the target " + " ".join(["after"] * 40)
    spans = highlight("target", text)
    flat, moved = excerpt(text, spans, lead=30, limit=60)
    assert flat.startswith("…w") and flat.endswith("…")
    assert [flat[a:b] for a, b in moved] == ["target"]
    assert flat.index("target") <= 1 + 30 // 3 + 4  # a third of the lead before it, at a word
    body = flat[1:-1]
    assert f" {body} " in f" {' '.join(text.split())} "  # whole words only
    flat, moved = excerpt(text, spans, lead=10_000, limit=40)  # the match would be past the end
    assert flat.endswith("…") and moved == []
