"""Check-worthiness scorer: the packaged model's scores and reasons, and its trainer on toy data."""

from __future__ import annotations

import json
import math
import random
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.analysis import checkworthy
from tools import train_checkworthy as trainer

ROOT = Path(__file__).resolve().parents[3]

CLAIMS = [
    "The economy grew 3.5 percent last year.",
    "Unemployment fell to 4.1% in March, the lowest level since 2001.",
    "The company reported revenue of $12 billion in the second quarter.",
    "More than 10,000 people were killed in the attack, according to the ministry.",
    "The bill passed the Senate by a vote of 52 to 48.",
]
NOT_CLAIMS = [
    "As Washington navigates this complex situation, the implications for international "
    "relations and regional stability remain profound.",
    "Is this the end of the Western alliance?",
    "What happens next?",
    "I think this is a terrible idea.",
    "Read more.",
    "Subscribe to our newsletter.",
    "Follow us on Twitter.",
    "It is a beautiful day.",
]
REASON = re.compile(r"^(figure|names|wording|length): \S")


# --- The packaged model --------------------------------------------------------------------------

@pytest.mark.parametrize("text", CLAIMS + NOT_CLAIMS + [
    "", "   ", "?", "0", "$", "%", "_ne _ne", "u.s.", "Ça coûte 3,5 € — déjà?", "x" * 10_000,
    " ".join(["million"] * 500), "\u2019\u2019'", "A\nB\tC",
])
def test_scores_are_probabilities(text):
    s = checkworthy.score(text)
    assert isinstance(s, float) and 0.0 <= s <= 1.0
    e, reasons = checkworthy.explain(text)
    assert e == s
    assert len(reasons) <= 3 and all(REASON.match(r) for r in reasons)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_scores_in_range_and_explains_itself(text):
    s, reasons = checkworthy.explain(text, limit=2)
    assert 0.0 <= s <= 1.0 and s == checkworthy.score(text)
    assert len(reasons) <= 2 and all(REASON.match(r) for r in reasons)


def test_figures_outscore_opinions_questions_and_boilerplate():
    claims = {t: checkworthy.score(t) for t in CLAIMS}
    others = {t: checkworthy.score(t) for t in NOT_CLAIMS}
    assert all(s >= 0.5 for s in claims.values()), claims
    assert all(s < 0.5 for s in others.values()), others
    assert min(claims.values()) > max(others.values()) + 0.2


def test_hedges_and_questions_lower_the_score():
    plain = checkworthy.score("The government cut taxes by 10 percent.")
    assert checkworthy.score("The government might cut taxes by 10 percent.") < plain
    assert checkworthy.score("Did the government cut taxes by 10 percent?") < plain
    assert checkworthy.score("I think the government cut taxes by 10 percent.") < plain


def test_a_count_of_nothing_reads_as_a_number():
    # "not a single doctor ... will be cut", "none of them", "zero": counts, learnt with the
    # other number words (each word of a class shares the class's weight).
    assert {"zero", "none", "single"} <= set(checkworthy.WORD_CLASSES["_numword"].split())
    assert (checkworthy.score("Crime fell to zero last year.")
            > checkworthy.score("Crime fell to normal last year."))
    _, reasons = checkworthy.explain("Not a single nurse was cut.", limit=5)
    assert "wording: 'single'" not in reasons  # a figure, not a wording


def test_explain_names_the_figure_and_the_words():
    s, reasons = checkworthy.explain("The economy grew 3.5 percent last year.")
    assert s == checkworthy.score("The economy grew 3.5 percent last year.")
    assert reasons[0] == "figure: 3.5 percent"
    s, reasons = checkworthy.explain(
        "The company reported revenue of $12 billion in the second quarter.")
    assert "figure: $12 billion" in reasons
    assert "wording: 'reported'" in reasons
    s, reasons = checkworthy.explain("Unemployment fell to 4.1% in March, the lowest since 2001.")
    assert reasons[0] == "figure: 4.1%, 2001"
    assert "wording: 'lowest'" in reasons


def test_explain_reasons_are_readable_and_respect_the_limit():
    text = ("In May, the Biden administration decided to let Ukraine use certain weapons to "
            "hit inside Russia, but prevented Kyiv from using long-range missiles.")
    _, reasons = checkworthy.explain(text, limit=5)
    assert 2 <= len(reasons) <= 5
    for r in reasons:
        kind, _, what = r.partition(": ")
        if kind == "wording":
            words = what.strip("'").split()
            assert all(w in text.lower() for w in words), r  # words of the sentence, not ids
        elif kind == "names":
            assert all(n in text for n in what.split(", ")), r
    assert any(r.startswith("names: ") and "Biden" in r for r in reasons)
    assert len(checkworthy.explain(text, limit=1)[1]) == 1
    assert checkworthy.explain(text, limit=0)[1] == []
    # nothing pushes a bare question up, and function words are never a reason
    assert checkworthy.explain("What happens next?")[1] == []
    assert not any(r in ("wording: 'the'", "wording: 'is'")
                   for t in CLAIMS for r in checkworthy.explain(t, 5)[1])


def test_logit_is_the_sum_of_the_explained_terms():
    model = checkworthy.load_model()
    for text in CLAIMS + NOT_CLAIMS:
        terms = checkworthy.contributions(text, model)
        assert math.isclose(checkworthy.logit(text), model.bias + sum(w for _, w in terms),
                            abs_tol=1e-9)


def test_tokens_normalise_numbers_names_and_quotes():
    toks = checkworthy.tokens("In June, U.S. adviser Jake Sullivan said we’re 3.5% up, $1,000.")
    assert toks == ["in", "june", "u.s", "adviser", "_ne", "said", "we're", "0", "%", "up",
                    "$", "0"]
    # a sentence-initial word is not taken for a name; "I" is not one either
    assert checkworthy.tokens("Taxes rose and I know it")[:1] == ["taxes"]
    assert "i" in checkworthy.tokens("Taxes rose and I know it")


def test_packaged_json_has_metadata_and_is_small():
    res = resources.files("tui.core.analysis").joinpath("data", "checkworthy.json")
    raw = res.read_bytes()
    assert len(raw) < 2_000_000
    data = json.loads(raw)
    meta = data["meta"]
    assert meta["train_file"] == "CT24_checkworthy_english_train.tsv"
    assert meta["train_rows"] == 22501  # the merged line counted as its two rows
    assert meta["dev_file"] == "CT24_checkworthy_english_dev.tsv"
    assert 0.0 < meta["threshold"] < 1.0
    assert 0.0 < meta["dev"]["f1"] <= 1.0
    assert meta["features"] == {"suffix": 3, "length_step": 5, "length_max": 8}
    assert len(data["lengths"]) == meta["features"]["length_max"] + 1
    assert all(" " not in k for k in data["unigrams"])
    assert all(k.count(" ") == 1 for k in data["bigrams"])
    # no weight was kept below the pruning cut
    cut = meta["training"]["prune"]
    assert all(abs(w) >= cut for w in data["bigrams"].values())


def test_scorer_needs_only_the_standard_library():
    # (Its speed is measured by tests/perf/eval_claims.py, not here.)
    code = ("import sys, tui.core.analysis.checkworthy as c; c.score('x'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('textual', 'numpy', 'sklearn', 'rapidfuzz', 'sentencex')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# --- The trainer ---------------------------------------------------------------------------------

NOUNS = ["economy", "deficit", "budget", "debt", "exports", "wages", "prices", "output",
         "revenue", "spending", "crime", "enrolment"]
VERBS = ["rose", "fell", "grew", "dropped", "increased", "declined"]
TOPICS = ["freedom", "the future", "our children", "this country", "hope", "leadership"]


def _claim(rnd: random.Random, nouns=NOUNS) -> str:
    return (f"The {rnd.choice(nouns)} {rnd.choice(VERBS)} {rnd.randint(2, 95)} percent "
            f"in {rnd.randint(1960, 2016)}.")


def _opinion(rnd: random.Random, topics=TOPICS) -> str:
    return rnd.choice([f"I believe in {rnd.choice(topics)}.",
                       f"What do you think about {rnd.choice(topics)}?",
                       f"We must fight for {rnd.choice(topics)} and for {rnd.choice(topics)}.",
                       f"Thank you, I appreciate {rnd.choice(topics)}."])


def _write_tsv(path: Path, rows, merge_at=None):
    lines = ["Sentence_id\tText\tclass_label"]
    for i, (text, yes) in enumerate(rows):
        cell = '"' + text.replace('"', '""') + '"' if '"' in text else text
        lines.append(f"{1000 + i}\t{cell}\t{'Yes' if yes else 'No'}")
    if merge_at is not None:  # two rows on one line: "...<TAB>No1234<TAB>..."
        lines[merge_at + 1] += lines.pop(merge_at + 2)
    path.write_text("\n".join(lines), encoding="utf-8")  # no trailing newline, like train


def _toy_data(tmp_path: Path) -> Path:
    rnd = random.Random(7)
    train = [(_claim(rnd), 1) if i % 3 == 0 else (_opinion(rnd), 0) for i in range(240)]
    train.append(('He said "we grew 5 percent" in 1999.', 1))
    dev = [(_claim(rnd), 1) if i % 3 == 0 else (_opinion(rnd), 0) for i in range(60)]
    assert not train[10][1]
    _write_tsv(tmp_path / trainer.TRAIN_FILE, train, merge_at=10)
    _write_tsv(tmp_path / trainer.DEV_FILE, dev)
    return tmp_path


def test_read_tsv_splits_the_merged_row(tmp_path):
    _toy_data(tmp_path)
    raw = (tmp_path / trainer.TRAIN_FILE).read_text()
    assert re.search(r"\tNo1011\t", raw) and not raw.endswith("\n")
    rows = trainer.read_tsv(tmp_path / trainer.TRAIN_FILE)
    assert len(rows) == 241
    rnd = random.Random(7)
    expected = [(_claim(rnd), 1) if i % 3 == 0 else (_opinion(rnd), 0) for i in range(240)]
    assert rows[:240] == expected
    assert rows[240] == ('He said "we grew 5 percent" in 1999.', 1)


def test_read_tsv_rejects_other_files(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\ttext\tlabel\n1\tx\tYes\n")
    with pytest.raises(trainer.DataError):
        trainer.read_tsv(bad)
    bad.write_text("Sentence_id\tText\tclass_label\n1\tx\tMaybe\n")
    with pytest.raises(trainer.DataError):
        trainer.read_tsv(bad)


def test_trainer_end_to_end_separates_and_is_deterministic(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    data_dir = _toy_data(tmp_path / "data")
    out1, out2 = tmp_path / "a.json", tmp_path / "b" / "b.json"
    assert trainer.main([str(data_dir), "--out", str(out1)]) == 0
    printed = capsys.readouterr().out
    assert "precision" in printed and "recall" in printed and "F1" in printed
    assert trainer.main([str(data_dir), "--out", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()

    data = json.loads(out1.read_text())
    meta = data["meta"]
    assert meta["train_rows"] == 241 and meta["train_yes"] == 81
    assert meta["dev_rows"] == 60 and meta["dev"]["f1"] >= 0.95
    model = checkworthy.load_model(data)
    rnd = random.Random(99)  # unseen sentences, partly unseen words
    new_claims = [_claim(rnd, ["tariffs", "imports", "economy"]) for _ in range(30)]
    new_others = [_opinion(rnd, ["courage", "our values", "freedom"]) for _ in range(30)]
    zc = [checkworthy.logit(t, model) for t in new_claims]
    zo = [checkworthy.logit(t, model) for t in new_others]
    assert min(zc) > 0 > max(zo)
    # the packaged model is a different one
    assert checkworthy.logit(new_claims[0]) != zc[0]


def test_threshold_maximises_f1():
    zs = [3.0, 2.0, 1.0, 0.5, -1.0, -2.0]
    gold = [1, 1, 0, 1, 0, 0]
    cut = trainer.best_threshold(zs, gold)
    assert -1.0 < cut < 0.5  # take all three Yes: F1 6/7 beats 4/5 at the top two
    assert trainer.prf([z >= cut for z in zs], gold)[2] == pytest.approx(6 / 7)


@pytest.mark.parametrize("make", ["nothing", "only_train"])
def test_trainer_exits_2_on_missing_files(tmp_path, make):
    if make == "only_train":
        _write_tsv(tmp_path / trainer.TRAIN_FILE, [("x", 1), ("y", 0)])
        target = tmp_path
    else:
        target = tmp_path / "no-such-dir"
    out = tmp_path / "model.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "train_checkworthy.py"), str(target), "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "missing" in proc.stderr and trainer.DEV_FILE in proc.stderr
    assert not out.exists()


def test_explanations_are_the_same_before_and_after_the_bigrams_are_indexed(monkeypatch):
    # explain() looks bigrams up by their strings until AFTER_FROM statements were read, then by
    # their first word: the same weights, summed in the same order.
    from tui.core.analysis import shipped

    model = checkworthy.load_model(shipped.load("checkworthy"))  # a model of this test's own
    monkeypatch.setattr(checkworthy, "_MODEL", model)
    sample = (ROOT / "seeds" / "ukraine-long-range-missiles.txt").read_text(encoding="utf-8")
    texts = CLAIMS + NOT_CLAIMS + [line for line in sample.splitlines() if line.strip()] + [
        "", "Crime fell to zero.", "Zero.", "said the"]

    def explained():
        return [checkworthy.explain(t, limit=5, wording_only=True) for t in texts]

    by_string = explained()
    assert model.after is None
    model.index_bigrams()
    assert explained() == by_string
    assert [s for s, _ in by_string] == [checkworthy.score(t) for t in texts]


def test_the_bigrams_are_indexed_after_a_thousand_statements(monkeypatch):
    from tui.core.analysis import shipped

    model = checkworthy.load_model(shipped.load("checkworthy"))
    monkeypatch.setattr(checkworthy, "_MODEL", model)
    for _ in range(checkworthy.AFTER_FROM - 1):
        checkworthy.explain("Prices rose.", limit=2, wording_only=True)
    assert model.after is None
    checkworthy.explain("Prices rose.", limit=2, wording_only=True)
    assert model.after is not None and model.indexed is not None
