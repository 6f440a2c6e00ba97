"""An index changed (items dropped and added) is the index a build over the new items makes: field
for field, and in what search and related return."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.search.index import SearchIndex
from tui.core.search.update import changed

SENTENCES = [
    "The mayor said the city budget rose 4 percent on Monday.",
    "“We expect bus fares to change by 12 percent,” Ana Ruiz said.",
    "Officials said the harbour bridge was delayed in 2019.",
    "The cost of the new hospital could reach $3.5 million, according to auditors.",
    "NATO and the U.S. said the ceasefire talks stalled.",
    "Residents asked whether the power grid would be ready by 2027.",
    "the of and to a in that is",
    "Ünïcödé Straße: 3,500 visitors, the ministry said.",
    "Jake Sullivan's remarks on long-range missiles drew criticism.",
    "",
    "It was not about geography, Sullivan said.",
    "Water prices doubled again.",
]
FIELDS = ("_n", "_item_of", "_row_of", "_text", "_orig", "_vocab", "word_feature", "_cum",
          "_vjoin", "_vstart", "_big", "_bstart")
QUERIES = ["mayor said", "budjet", "sullivan", "the", "3.5 million", "ceasefire talks", "x",
           "harbor bridge", "percent", "zq"]

texts = st.lists(st.one_of(st.sampled_from(SENTENCES),
                           st.builds(lambda a, b, w: f"{a} {w} {b}", st.sampled_from(SENTENCES),
                                     st.sampled_from(SENTENCES),
                                     st.sampled_from(["zq", "Zqa", "the", "NATO", "3.5"]))),
                 max_size=30)


def state(index: SearchIndex) -> dict:
    out = {name: getattr(index, name) for name in FIELDS}
    out["_post"] = [None if p is None else list(p) for p in index._post]
    return out


@settings(max_examples=60)
@given(old=texts, kept=st.lists(st.booleans(), max_size=30), new=texts,
       places=st.lists(st.integers(0, 60), max_size=30), related=st.booleans())
def test_a_changed_index_is_the_index_a_build_makes(old, kept, new, places, related):
    index = SearchIndex(old)
    if related:
        index.prepare_related()
    before = state(index)
    # The items kept, in their order, with the new ones put in among them.
    items = [("kept", i, t) for i, t in enumerate(old) if i >= len(kept) or kept[i]]
    for t, at in zip(new, places):
        items.insert(min(at, len(items)), ("new", None, t))
    keep = [-1] * len(old)
    added = []
    for i, (how, was, t) in enumerate(items):
        if how == "kept":
            keep[was] = i
        else:
            added.append((i, t))
    got = changed(index, keep, added)
    built = SearchIndex([t for _, _, t in items])
    assert state(got) == state(built)
    assert state(index) == before  # (a reader of the old index saw no change)
    for q in QUERIES:
        assert got.search(q, limit=10) == built.search(q, limit=10), q
    built.prepare_related()
    for i in range(len(items)):
        assert got.related(i, limit=5) == built.related(i, limit=5), i


def test_an_index_without_an_item_left_is_empty_and_one_made_from_it_finds_again():
    index = SearchIndex(SENTENCES)
    index.prepare_related()
    empty = changed(index, [-1] * len(SENTENCES), [])
    assert len(empty) == 0 and empty.search("mayor") == [] and empty._vocab == []
    again = changed(empty, [], [(0, SENTENCES[0])])
    assert [h.item for h in again.search("mayor said")] == [0]


def test_rows_added_one_after_the_other_move_every_row_after_them_alike():
    """(As a note saved does: one row added, none dropped; the rows after it move on by one.)"""
    index = SearchIndex(SENTENCES * 3)
    index.prepare_related()
    for at in (0, 7, 20, 36):
        for new in (["A note: the council minutes disagree."], ["x", "Two notes, side by side"]):
            items = [*SENTENCES * 3]
            items[at:at] = new
            keep = [i if i < at else i + len(new) for i in range(len(SENTENCES) * 3)]
            got = changed(index, keep, [(at + k, t) for k, t in enumerate(new)])
            built = SearchIndex(items)
            assert state(got) == state(built)
            built.prepare_related()
            assert [got.related(i) for i in range(len(items))] == \
                [built.related(i) for i in range(len(items))]
