"""Two notes on neighbouring sentences of one paragraph, the paragraph edited as a writer edits:
each note ends on whole statements of the new text — anchored on its sentence unchanged, in
review on the statements its edited sentence stands in now, or detached — never on a lone "."
and never on a sentence short of its last character.

A character diff is free to give a sentence's closing "." to its neighbour (the same character
ends both): the note on a deleted sentence used to go to review on that ".", and the note on its
edited neighbour lost its own."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import run_margin
from tui.core.analysis.article import analyse
from tui.core.document.parse import parse
from tui.core.notes.model import ANCHORED, ORPHAN, REVIEW
from tui.core.notes.reanchor import open_document
from tui.core.notes.selector import describe
from tui.core.notes.store import Store

BUDGET = "The council approved the budget on Monday."
CRITICS = "Critics called the plan rushed."
PARAGRAPH = f"{BUDGET} {CRITICS}"


def _reanchored(tmp_path, old: str, new: str, fmt: str = "text"):
    """Notes on the first two statements of the paragraph after the title, re-anchored on
    ``new``: [(state, start, end)] (where each stands in the new text), and the new article."""
    before = analyse(parse(old, fmt, source="/a.txt", name="a.txt"))
    after = analyse(parse(new, fmt, source="/a.txt", name="a.txt"))
    text = before.document.text
    noted = [s for s in before.statements if s.block == 1][:2]
    with Store.open(tmp_path / "data", backup=False) as store:
        record, _ = open_document(store, "/a.txt", "A", text)
        for s in noted:
            store.add_note(record.id, describe(text, s.start, s.end), statement=s.index,
                           text_hash=record.hash)
        open_document(store, "/a.txt", "A", after.document.text)
        notes = sorted(store.notes(record.id), key=lambda n: n.statement)
    return [(n.state, *((n.start, n.end) if n.state == ANCHORED else (n.review_start, n.review_end)))
            for n in notes], after


def _now(tmp_path, old: str, new: str) -> list[tuple[str, str | None]]:
    """[(state, current text)] of the two notes (None for a detached one)."""
    spans, after = _reanchored(tmp_path, old, new)
    return [(state, None if state == ORPHAN else after.document.text[a:b]) for state, a, b in spans]


def _article(paragraph: str) -> str:
    return f"Budget news.\n\n{paragraph}\n\nMore follows.\n"


@pytest.mark.parametrize(("new", "expected"), [
    # The teammate's report: the first sentence edited, the second deleted.
    ("The council approved the budget on Tuesday.",
     [(REVIEW, "The council approved the budget on Tuesday."), (ORPHAN, None)]),
    # Its punctuation fixed, the second deleted.
    ("The council approved the budget on Monday!",
     [(REVIEW, "The council approved the budget on Monday!"), (ORPHAN, None)]),
    # The two joined into one: both in review on the one they are now.
    ("The council approved the budget on Monday; critics called the plan rushed.",
     [(REVIEW, "The council approved the budget on Monday; critics called the plan rushed.")] * 2),
    # A word changed in the second: the first stays anchored, whole.
    ("The council approved the budget on Monday. Critics called it rushed!",
     [(ANCHORED, BUDGET), (REVIEW, "Critics called it rushed!")]),
    # A word cut from the first.
    ("The council approved the budget. Critics called the plan rushed.",
     [(REVIEW, "The council approved the budget."), (ANCHORED, CRITICS)]),
])
def test_each_note_ends_on_its_whole_sentence(tmp_path, new, expected):
    got = _now(tmp_path, _article(PARAGRAPH), _article(new))
    assert got == expected


MAYOR = "Mayor Lopez called the plan rushed."


@pytest.mark.parametrize(("new", "expected"), [
    # Its words all there, in one piece, but no longer a statement by themselves: a title put
    # before them changes who spoke. It waits in review; it is not kept anchored on a piece.
    (f"{BUDGET} Deputy Mayor Lopez called the plan rushed.",
     [(ANCHORED, BUDGET), (REVIEW, "Deputy Mayor Lopez called the plan rushed.")]),
    (f"{BUDGET} (Mayor Lopez called the plan rushed.)",
     [(ANCHORED, BUDGET), (REVIEW, "(Mayor Lopez called the plan rushed.)")]),
    # Joined by "and": both on the sentence they are now, neither on "... Monday and".
    ("The council approved the budget on Monday and Mayor Lopez called the plan rushed.",
     [(REVIEW, "The council approved the budget on Monday and Mayor Lopez called the plan "
               "rushed.")] * 2),
])
def test_words_put_around_a_sentence_are_an_edit_of_it(tmp_path, new, expected):
    assert _now(tmp_path, _article(f"{BUDGET} {MAYOR}"), _article(new)) == expected


def test_the_report_as_a_user_runs_it(tmp_path):
    """`margin notes add` on two neighbouring sentences, the paragraph edited, `notes list`."""
    article = tmp_path / "budget.txt"
    article.write_text(_article(PARAGRAPH))
    for statement in ("2", "3"):
        added = run_margin("notes", "add", str(article), "-s", statement, "-t", "check")
        assert added.returncode == 0, added.stderr.decode()
    article.write_text(_article("The council approved the budget on Tuesday."))
    listed = run_margin("notes", "list", str(article), "--json")
    assert listed.returncode == 0, listed.stderr.decode()
    rows = {row["quote"]: row for row in json.loads(listed.stdout)}
    assert (rows[BUDGET]["state"], rows[BUDGET]["now"]) == (
        "review", "The council approved the budget on Tuesday.")
    assert rows[CRITICS]["state"] == "orphan" and rows[CRITICS].get("now") in (None, "")
    assert "1 to review, 1 detached" in listed.stderr.decode()


# -- the property ---------------------------------------------------------------------------

_WORDS = ("council budget mayor critics plan schools police crime data year percent May June "
          "Monday approved said fell rose rushed new three will it the was on by").split()
_ENDS = [".", "!", "?", "..", ".”", ";", ",", ""]

word = st.sampled_from(_WORDS)
sentence = st.tuples(st.lists(word, min_size=2, max_size=8), st.sampled_from([".", ".", "!", "?"]))
#: What a writer does to a paragraph's sentences: (what, which sentence, a word, a place).
edit = st.tuples(
    st.sampled_from(["word", "add word", "cut word", "end", "join", "split", "delete", "insert",
                     "swap"]),
    st.integers(0, 8), word, st.integers(0, 8), st.sampled_from(_ENDS))


def _render(sentences: list[tuple[list[str], str]]) -> str:
    return " ".join(" ".join([words[0].capitalize(), *words[1:]]) + end for words, end in sentences)


def _apply(sentences: list[tuple[list[str], str]], what: str, i: int, w: str, k: int,
           end: str) -> list[tuple[list[str], str]]:
    out = [(list(words), e) for words, e in sentences]
    i %= len(out)
    words, e = out[i]
    k %= len(words)
    if what == "word":
        words[k] = w
    elif what == "add word":
        words.insert(k, w)
    elif what == "cut word" and len(words) > 1:
        del words[k]
    elif what == "end":
        out[i] = (words, end)
    elif what == "join" and i + 1 < len(out):
        out[i:i + 2] = [(words[:-1] + [words[-1] + end] + out[i + 1][0], out[i + 1][1])]
    elif what == "split" and 1 < k < len(words) - 1:
        out[i:i + 1] = [(words[:k], "."), (words[k:], e)]
    elif what == "delete" and len(out) > 1:
        del out[i]
    elif what == "insert":
        out.insert(i, ([w, *words[:k]], "."))
    elif what == "swap" and i + 1 < len(out):
        out[i], out[i + 1] = out[i + 1], out[i]
    return out


def _wrapped(paragraph: str, width: int) -> str:
    """The paragraph hard-wrapped at ``width`` columns (Markdown reads it as the same one)."""
    lines, line = [], ""
    for w in paragraph.split(" "):
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    return "\n".join([*lines, line])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(sentences=st.lists(sentence, min_size=2, max_size=5),
       edits=st.lists(edit, min_size=1, max_size=3), widths=st.tuples(st.integers(20, 90),
                                                                       st.integers(20, 90)))
def test_a_note_is_always_on_whole_statements_or_detached(tmp_path_factory, sentences, edits,
                                                           widths):
    new_sentences = sentences
    for e in edits:
        new_sentences = _apply(new_sentences, *e)
    old = _article(_wrapped(_render(sentences), widths[0]))
    new = _article(_wrapped(_render(new_sentences), widths[1]))
    got, after = _reanchored(tmp_path_factory.mktemp("n"), old, new, "markdown")
    text = after.document.text
    statements = [(s.start, s.end) for s in after.statements]
    starts, ends = {a for a, _ in statements}, {b for _, b in statements}
    for state, a, b in got:
        if state == ORPHAN:
            continue
        assert any(ch.isalnum() for ch in text[a:b]), (state, text[a:b], text)
        if state == ANCHORED:  # one whole statement, its words unchanged
            assert (a, b) in statements, (text[a:b], text)
        else:  # whole statements: from the start of one to the end of one
            assert a in starts and b in ends, (text[a:b], text)
