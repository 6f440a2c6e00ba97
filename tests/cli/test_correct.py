"""``margin correct`` as a script runs it, and what every other command then shows."""

from __future__ import annotations

import json
import shutil

from tests.conftest import SAMPLE, run_margin

BIDEN = 6  # 1-based: "… Biden told reporters Tuesday: “We’re working that out now.”"


def ok(*args, **kw) -> str:
    out = run_margin(*args, **kw)
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout.decode()


def claims(data, article) -> dict[int, dict]:
    return {r["index"]: r for r in json.loads(ok(*data, "claims", str(article), "--json"))}


def test_correct_shows_everywhere_and_undo_brings_the_detected_back(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    article = tmp_path / "article.txt"
    shutil.copy(SAMPLE, article)
    detected = claims(data, article)[BIDEN]  # (whatever the detector says of it today)
    assert "corrected" not in detected
    line = ok(*data, "correct", str(article), str(BIDEN), "--speaker", "Karine Jean-Pierre",
              "--kinds", "quote,stat")
    assert line.startswith(f"statement {BIDEN} corrected: Karine Jean-Pierre · quote, statistic")
    row = claims(data, article)[BIDEN]
    assert (row["speaker"], row["kinds"], row["corrected"]) == ("Karine Jean-Pierre",
                                                                ["quote", "statistic"], True)
    assert row["detected"] == {k: detected[k] for k in ("kinds", "speaker", "cue")}
    # Only the kinds: the speaker stays the reader's.
    ok(*data, "correct", str(article), str(BIDEN), "--kinds", "hedge")
    table = ok(*data, "claims", str(article))
    assert f"\n{BIDEN}*" in table and "Karine Jean-Pierre" in table and "* corrected by you" in table
    found = json.loads(ok(*data, "search", "@jean-pierre", "--json"))
    assert [(r["index"], r["kinds"]) for r in found] == [(BIDEN, ["hedge"])]
    listed = json.loads(ok(*data, "correct", str(article), "--json"))
    assert [(c["statement"], c["state"], c["detected"]["speaker"]) for c in listed] == \
        [(BIDEN, "applied", detected["speaker"])]
    ok(*data, "notes", "add", str(article), "-s", str(BIDEN), "-t", "Who said it?")
    exported = ok(*data, "export", str(article))
    assert "Speaker: Karine Jean-Pierre · Kinds: hedge · *Corrected by the reader (detected: " \
           f"speaker {detected['speaker'] or 'none'}" in exported
    assert "shows what was detected again" in ok(*data, "correct", "--document", "1",
                                                  str(BIDEN), "--undo")
    assert claims(data, article)[BIDEN] == detected
    assert "no corrections" in ok(*data, "correct", str(article))


def test_a_correction_follows_its_sentence_and_one_whose_sentence_changed_is_said(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    article = tmp_path / "article.txt"
    text = SAMPLE.read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8")
    ok(*data, "correct", str(article), str(BIDEN), "--speaker", "", "--kinds", "none")
    ok(*data, "correct", str(article), str(BIDEN + 1), "--speaker", "Dmitry Peskov")
    # A new first paragraph: both sentences move one on; then one of them is edited.
    article.write_text("A first paragraph.\n\n" + text, encoding="utf-8")
    rows = claims(data, article)
    assert rows[BIDEN + 1]["corrected"] and rows[BIDEN + 1]["kinds"] == []
    assert rows[BIDEN + 2]["speaker"] == "Dmitry Peskov"
    article.write_text("A first paragraph.\n\n" + text.replace("has already reacted",
                                                                "reacted at once"),
                       encoding="utf-8")
    out = run_margin(*data, "claims", str(article), "--json")
    assert out.returncode == 0
    rows = {r["index"]: r for r in json.loads(out.stdout)}
    assert "corrected" not in rows[BIDEN + 2]  # never applied to the edited sentence
    assert "1 of your corrections of speakers and kinds no longer applies" in out.stderr.decode()
    listed = ok(*data, "correct", str(article))
    assert "review" in listed and "Dmitry Peskov" in listed


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    for args, words in [
        ((str(BIDEN), "--kinds", "quote,rumour"), "no kind 'rumour': use quote"),
        (("99", "--speaker", "x"), "no statement 99"),
        (("six", "--speaker", "x"), "not a statement number"),
        ((str(BIDEN),), "say what to correct"),
        ((str(BIDEN), "--undo", "--speaker", "x"), "give it alone"),
        (("--speaker", "x"), "say which statement"),
        ((str(BIDEN), "--speaker", "x" * 200), "at most 120 characters"),
    ]:
        out = run_margin(*data, "correct", str(SAMPLE), *args)
        err = out.stderr.decode()
        assert out.returncode == 2, (args, err)
        assert words in err and err.count("\n") == 1 and "Traceback" not in err, (args, err)
