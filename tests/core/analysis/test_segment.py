"""Tests for tui.core.analysis.segment.sentence_spans: news text, lists, the length cap, and its contract."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.analysis import segment
from tui.core.analysis.segment import MAX_STATEMENT_CHARS, sentence_spans

REPO_ROOT = Path(__file__).resolve().parents[3]


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def assert_contract(text: str, spans: list[tuple[int, int]]) -> None:
    """Sorted, non-empty, non-overlapping, trimmed, capped spans covering all non-whitespace."""
    covered = bytearray(len(text))
    prev_end = 0
    for span in spans:
        assert isinstance(span, tuple) and len(span) == 2
        s, e = span
        assert type(s) is int and type(e) is int
        assert prev_end <= s < e <= len(text), (span, prev_end, len(text))
        assert not text[s].isspace() and not text[e - 1].isspace(), repr(text[s:e])
        assert e - s <= MAX_STATEMENT_CHARS
        covered[s:e] = b"\x01" * (e - s)
        prev_end = e
    missed = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not missed, (missed[:10], repr(text[:200]))


# --- news text ---------------------------------------------------------------------------------


ONE = None  # expected: the whole text is one sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # U.S./U.K./U.N. inside a sentence never end it; before a new sentence, they do.
        (
            "They discussed the U.S. agreeing to allow Ukraine to use U.K. long-range missiles. "
            "The U.N. said nothing.",
            [
                "They discussed the U.S. agreeing to allow Ukraine to use U.K. long-range missiles.",
                "The U.N. said nothing.",
            ],
        ),
        ("I work for the U.S. Government in Virginia.", ONE),
        ("I live in the U.S. How about you?", ["I live in the U.S.", "How about you?"]),
        # Titles.
        (
            "Mr. Smith met Mrs. Jones and Ms. Lee. Dr. Patel was late.",
            ["Mr. Smith met Mrs. Jones and Ms. Lee.", "Dr. Patel was late."],
        ),
        (
            "He met Dr. Who in St. Louis. Then he left.",
            ["He met Dr. Who in St. Louis.", "Then he left."],
        ),
        ("Sen. Who knows. Rep. Who said it.", ["Sen. Who knows.", "Rep. Who said it."]),
        ("Gen. Mark Milley and Gov. Gavin Newsom met Sen. Mitch McConnell, R-Ky., on Friday.", ONE),
        (
            "Lt. Col. Jane Roe and Capt. Tom Day arrived. They left.",
            ["Lt. Col. Jane Roe and Capt. Tom Day arrived.", "They left."],
        ),
        ("“Mrs. Bennet,” he said.", ONE),
        ("—DR. DONNE.", ONE),
        # St.: a saint's name goes on; a street at the end of a sentence may end it.
        ("She lives on Main St. She likes it.", ["She lives on Main St.", "She likes it."]),
        ("St. Michael's Church is on 5th st. near the light.", ONE),
        # Months.
        (
            "It happened on Jan. 5, Feb. 3, Aug. 15 and Sept. 8 last year. Oct. 1 was quiet.",
            ["It happened on Jan. 5, Feb. 3, Aug. 15 and Sept. 8 last year.", "Oct. 1 was quiet."],
        ),
        # Times.
        (
            "At 5 a.m. Mr. Smith went to the bank. He left at 6 P.M. Mr. Smith then went home.",
            ["At 5 a.m. Mr. Smith went to the bank.", "He left at 6 P.M.", "Mr. Smith then went home."],
        ),
        ("The markets closed at 4 p.m. on Friday.", ONE),
        # Decimals and numbers.
        (
            "Inflation rose 3.5 per cent to $1.25 billion. Version 2.0.1 shipped.",
            ["Inflation rose 3.5 per cent to $1.25 billion.", "Version 2.0.1 shipped."],
        ),
        ("See Fig. 3 and Vol. 2 for details.", ONE),
        ("He lives at No. 10 Downing Street.", ONE),
        # Initials.
        (
            "J. R. R. Tolkien wrote it. He was British.",
            ["J. R. R. Tolkien wrote it.", "He was British."],
        ),
        ("My name is Jonas E. Smith.", ONE),
        # Ellipses.
        ("It was... fine. I think.", ["It was... fine.", "I think."]),
        ("I wasn’t really ... well, what I mean...see . . . I didn’t mean it.", ONE),
        (
            "I never meant that.... She left the store.",
            ["I never meant that....", "She left the store."],
        ),
        (
            "It was combined into compounds. . . . The practice went on.",
            ["It was combined into compounds.", ". . . The practice went on."],
        ),
        # Quotations: several quoted sentences plus attribution are one sentence.
        ("“It is not about geography. It is about common sense,” he said.", ONE),
        ('"It is not about geography. It is about common sense," he said.', ONE),
        ("“Stop!” she shouted.", ONE),
        ('"Stop!" she shouted. "Why?" he asked.', ['"Stop!" she shouted.', '"Why?" he asked.']),
        (
            "'I will not resign. I will fight,' Mr. Johnson told reporters. He left.",
            ["'I will not resign. I will fight,' Mr. Johnson told reporters.", "He left."],
        ),
        (
            'She turned to him, "This is great." She held the book out.',
            ['She turned to him, "This is great."', "She held the book out."],
        ),
        (
            "Hello!! Long time no see. Is that you?! Yes.",
            ["Hello!!", "Long time no see.", "Is that you?!", "Yes."],
        ),
        # A question or exclamation quoted, then a short tag naming who said it: one statement
        # (as a user found it: "Vitter demanded." alone, its quotation given to another).
        ("“Why isn’t this clear proof that it is too big to manage?” Vitter demanded. He left.",
         ["“Why isn’t this clear proof that it is too big to manage?” Vitter demanded.",
          "He left."]),
        ('"Is that all there is?" Trump said.', ONE),
        ("“Stop!” Senator Jane Smith said to the crowd.", ONE),
        # ... but a question quoted, then a sentence of its own, stays two.
        ("“Why?” The committee will vote on Tuesday.",
         ["“Why?”", "The committee will vote on Tuesday."]),
    ],
)
def test_news_text(text: str, expected: list[str] | None) -> None:
    assert sentences(text) == ([text] if expected is ONE else expected)
    assert_contract(text, sentence_spans(text))


def test_offsets_are_code_points_on_non_ascii_text() -> None:
    text = "Zoë said “héllo 😀.” Then 日本語 wörds. Ünïcode 🇺🇦 flags follow. Done."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Zoë said “héllo 😀.”",
        "Then 日本語 wörds.",
        "Ünïcode 🇺🇦 flags follow.",
        "Done.",
    ]
    assert spans[-1][1] == len(text)
    assert_contract(text, spans)


def test_surrounding_and_inner_whitespace_is_trimmed() -> None:
    text = "  \n First one.   \t Second\u00a0one.\u3000 "
    assert sentences(text) == ["First one.", "Second\u00a0one."]


@pytest.mark.parametrize("text", ["", " ", "\n\n\t ", "\u00a0\u2003\u3000", "\x1c\x1d\x1e\x1f\x85"])
def test_empty_and_whitespace_only(text: str) -> None:
    assert sentence_spans(text) == []


def test_lone_surrogates_do_not_break_it() -> None:
    text = "Bad \ud800 byte here. Next sentence \udfff too."
    assert sentences(text) == ["Bad \ud800 byte here.", "Next sentence \udfff too."]


# --- lists ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Buy milk 2. Walk the dog", ["1. Buy milk", "2. Walk the dog"]),
        ("1. Buy milk. 2. Walk the dog.", ["1. Buy milk.", "2. Walk the dog."]),
        (
            "a. Buy milk b. Walk the dog c. Call mum",
            ["a. Buy milk", "b. Walk the dog", "c. Call mum"],
        ),
        ("⁃9. Buy milk ⁃10. Walk the dog", ["⁃9. Buy milk", "⁃10. Walk the dog"]),
        ("• 9. Buy milk • 10. Walk the dog", ["• 9. Buy milk", "• 10. Walk the dog"]),
        ("1) Buy milk. 2) Walk the dog.", ["1) Buy milk.", "2) Walk the dog."]),
        ("1) Buy milk 2) Walk the dog", ["1) Buy milk", "2) Walk the dog"]),
        ("Steps: 1. Open the box 2. Take it out", ["Steps: 1. Open the box", "2. Take it out"]),
        ("3. Only one item. It has two sentences.", ["3. Only one item.", "It has two sentences."]),
        # A number at the end of a sentence is no list marker.
        ("The score was 2. Then it rained.", ["The score was 2.", "Then it rained."]),
        ("The final score: 2. Then it rained.", ["The final score: 2.", "Then it rained."]),
    ],
)
def test_lists(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


# --- the cap -------------------------------------------------------------------------------------


def test_long_line_is_cut_at_last_whitespace_before_cap() -> None:
    text = "lorem ipsum dolor " * 400  # 7200 chars, no full stop
    spans = sentence_spans(text)
    assert_contract(text, spans)
    assert len(spans) == 4
    for s, e in spans[:-1]:
        assert e - s > MAX_STATEMENT_CHARS - len("lorem ipsum dolor ")  # nearly full
        assert text[e].isspace()  # cut at a word end, never inside a word
    assert spans[-1][1] == len(text.rstrip())


def test_long_word_is_hard_cut_at_cap() -> None:
    text = "x" * 5000
    assert sentence_spans(text) == [(0, 2000), (2000, 4000), (4000, 5000)]


def test_long_sentence_then_normal_ones() -> None:
    long = "word " * 1000
    text = f"Short one. {long.strip()}. Last one."
    got = sentences(text)
    assert got[0] == "Short one."
    assert got[-1] == "Last one."
    assert len(got) == 5  # 5000-ish chars of words -> three capped pieces
    assert_contract(text, sentence_spans(text))


@pytest.mark.parametrize(
    "text",
    [
        "lorem ipsum " * 90_000,  # ~1 MB of words, no punctuation
        "x" * 1_000_000,  # 1 MB, no whitespace at all
        "a. " + " " * 1_000_000 + "b.",
        "1. " * 100_000,
        "Dr. " * 250_000,
    ],
    ids=["words", "no-space", "space-run", "markers", "titles"],
)
def test_huge_single_line_completes(text: str) -> None:
    spans = sentence_spans(text)
    assert spans
    assert all(e - s <= MAX_STATEMENT_CHARS for s, e in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())


def test_chunked_segmentation_matches_whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    base = (
        "The U.S. said on Jan. 5 that Mr. Smith would go. Prices rose 3.5 per cent. "
        "“It is fine. It is good,” he said. At 5 p.m. the talks ended! Why? Nobody knows. "
    )
    text = base * 60
    whole = sentence_spans(text)
    monkeypatch.setattr(segment, "_CHUNK", 1000)
    chunked = sentence_spans(text)
    assert chunked == whole
    assert_contract(text, chunked)


# --- properties ----------------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        "The cat sat", "U.S.", "U.K.", "Mr.", "Dr.", "St.", "Jan.", "Sept.", "a.m.", "p.m.", "3.5",
        "J. R. R.", "...", "…", ". . .", ". . . .", "“", "”", '"', "'", "‘", "’", "(", ")",
        "!", "?", ".", ",", ":", "1.", "2.", "a.", "b.", "⁃9.", "•", "said", "Who", "The", "it",
        "x" * 700,
        "Ünïcode", "日本語。", "😀", "\u200b", "\x00", "\ufeff", "-",
    ]
)
_WHITESPACE = st.text(alphabet=" \t\n\r\u00a0\u2003\u3000\x0b\x0c\x1c\x85\u2028", max_size=4)
_SENTENCE_LIKE = st.lists(st.tuples(_FRAGMENTS, _WHITESPACE), max_size=60).map(
    lambda parts: "".join(f + w for f, w in parts)
)

_SETTINGS = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.text())
def test_contract_on_arbitrary_text(text: str) -> None:
    assert_contract(text, sentence_spans(text))


@_SETTINGS
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=300))
def test_contract_on_any_code_points_including_surrogates(text: str) -> None:
    assert_contract(text, sentence_spans(text))


@_SETTINGS
@given(_SENTENCE_LIKE)
def test_contract_on_sentence_like_text(text: str) -> None:
    assert_contract(text, sentence_spans(text))


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_FRAGMENTS, _WHITESPACE), min_size=200, max_size=400))
def test_contract_when_chunked(parts: list[tuple[str, str]]) -> None:
    text = "".join(f + w for f, w in parts)
    old = segment._CHUNK
    segment._CHUNK = 700  # > 2 * _SEAM; forces many chunks
    try:
        assert_contract(text, sentence_spans(text))
    finally:
        segment._CHUNK = old


@_SETTINGS
@given(_SENTENCE_LIKE)
def test_whitespace_padding_only_shifts_spans(text: str) -> None:
    spans = sentence_spans(text)
    padded = sentence_spans("  " + text)
    assert [text[s:e] for s, e in spans] == [("  " + text)[s:e] for s, e in padded]


# --- module hygiene and the evaluation script ----------------------------------------------------


def test_module_never_imports_textual() -> None:
    code = "import sys, tui.core.analysis.segment; sys.exit('textual' in sys.modules)"
    env_path = str(REPO_ROOT)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=env_path, env={"PYTHONPATH": env_path}, timeout=60
    )
    assert result.returncode == 0


def _load_eval_script():
    path = REPO_ROOT / "tests" / "perf" / "eval_segmentation.py"
    spec = importlib.util.spec_from_file_location("eval_segmentation_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_eval_script_reports_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "segmentation" / "rules.py"
    rules.parent.mkdir()
    rules.write_text(
        "GOLDEN_EN_RULES = [\n"
        "    ('Hello World. My name is Jonas.', ['Hello World.', 'My name is Jonas.']),\n"
        "    ('One sentence. Expected wrongly.', ['One sentence. Expected wrongly.']),\n"
        "]\n",
        encoding="utf-8",
    )
    books = tmp_path / "books"
    books.mkdir()
    book = "It was a dark night. Rain fell.\n\nThe end came.\n" * 50
    (books / "a.txt").write_text(book, encoding="utf-8")
    assert _load_eval_script().main([str(rules), "--runs", "1"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    report = json.loads(out[-1])
    assert report["passed"] == 1 and report["total"] == 2 and report["failed_rules"] == [2]
    assert report["mb_per_s"] > 0 and report["sentencex_mb_per_s"] > 0
    assert any("rule 2" in line for line in out[:-1])


def test_eval_script_without_books_or_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = _load_eval_script()
    assert module.main([str(tmp_path / "missing.py")]) == 2
    rules = tmp_path / "rules.py"
    rules.write_text("GOLDEN_EN_RULES = [('A b. C d.', ['A b.', 'C d.'])]\n", encoding="utf-8")
    assert module.main([str(rules), "--books", str(tmp_path / "nope")]) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["mb_per_s"] is None and "not found" in report["books_note"]


# ---------------------------------------------------------------- whole documents

from tui.core.document.parse import parse as _parse_document  # noqa: E402
from tui.core.analysis.segment import segment as _segment  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab .?!\"“”*_#>-1\n")) | st.characters(), max_size=300),
    st.sampled_from(["markdown", "text"]),
)
def test_document_statements_cover_every_prose_character(source, fmt):
    doc = _parse_document(source, fmt)
    statements = _segment(doc)
    covered = set()
    last_end = -1
    for i, stmt in enumerate(statements):
        assert stmt.index == i
        assert last_end <= stmt.start < stmt.end
        last_end = stmt.end
        block = doc.blocks[stmt.block]
        assert block.prose and block.start <= stmt.start and stmt.end <= block.end
        sentence = doc.text[stmt.start:stmt.end]
        assert sentence == sentence.strip()
        covered.update(range(stmt.start, stmt.end))
    for block in doc.blocks:
        if block.prose:
            for k in range(block.start, block.end):
                assert doc.text[k].isspace() or k in covered


def test_sample_article_statements():
    from tests.conftest import SAMPLE
    from tests.conftest import load_document

    doc = load_document(str(SAMPLE))
    texts = [doc.text[s.start:s.end] for s in _segment(doc)]
    assert "“It is not about geography. It is about common sense,” he said." in texts
    assert "The National Security Council declined to comment." in texts
    assert len(texts) == 19


_ASCII_WORDS = st.lists(st.sampled_from(
    ["Word", "fell", "said", "Mr", "Dr", "1", "a", "U", "S", "-", ";", ":", '"', "'", "(", ")",
     "*", "Inc", "etc", "\t", " ", "  ", "12%", "$5", "e.g", "2)", "b)"]), min_size=0, max_size=20)


@settings(max_examples=400)
@given(words=_ASCII_WORDS, chars=st.text(st.characters(max_codepoint=127), max_size=60),
       end=st.sampled_from(["", ".", "!", "?", " ", ":", ")", "\n"]))
def test_the_fast_path_gives_what_the_full_segmenter_gives(words, chars, end):
    """sentence_spans answers one-sentence ASCII texts without sentencex: the same spans."""
    for text in (" ".join(words) + end, chars + end):
        assert segment.sentence_spans(text) == segment._full_spans(text), repr(text)


def test_the_fast_path_is_taken_only_where_nothing_inside_can_end_a_sentence():
    """(The mutant: a fast path for every text would keep "A. B" whole.)"""
    assert segment.sentence_spans("He left. She stayed.") == [(0, 8), (9, 20)]
    assert segment.sentence_spans("  One short line  ") == [(2, 16)]
    assert segment.sentence_spans("Il est parti. Elle est restée.") == [(0, 13), (14, 30)]
    assert segment.sentence_spans("1) Buy milk 2) Walk the dog") == [(0, 11), (12, 27)]
