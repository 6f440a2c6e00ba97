"""``margin notes``, ``export`` and ``import`` as a user runs them."""

from __future__ import annotations

import json
import shutil

from tests.conftest import SAMPLE, run_margin


def ok(*args, **kw):
    out = run_margin(*args, **kw)
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout.decode()


def test_add_list_rm_restore(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    line = ok(*data, "notes", "add", str(SAMPLE), "--statement", "7", "--text", "Check TASS.",
              "--tag", "escalation", "--tag", "putin", "--verdict", "misleading")
    note_id = line.split()[-1]
    assert line.startswith("added note to statement 7: ") and len(note_id) == 36
    rows = json.loads(ok(*data, "notes", "list", str(SAMPLE), "--json"))
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == note_id and row["state"] == "anchored" and row["verdict"] == "misleading"
    assert row["tags"] == ["escalation", "putin"] and row["statement"] == 7
    assert row["quote"].startswith("Russian President Vladimir Putin")
    assert row["body"] == "Check TASS."
    table = ok(*data, "notes", "list", str(SAMPLE))
    assert note_id[:8] in table and "misleading" in table and "#escalation" in table
    assert "deleted note" in ok(*data, "notes", "rm", note_id[:8])
    assert json.loads(ok(*data, "notes", "list", str(SAMPLE), "--json")) == []
    ok(*data, "notes", "restore", note_id)
    assert len(json.loads(ok(*data, "notes", "list", str(SAMPLE), "--json"))) == 1


def test_env_var_moves_the_data(tmp_path):
    env = {"MARGIN_DATA_DIR": str(tmp_path / "env-data")}
    ok("notes", "add", str(SAMPLE), "-s", "1", "-t", "x", env=env)
    assert (tmp_path / "env-data" / "margin.db").exists()


def test_bad_arguments_exit_2_with_one_line(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    for args, words in [
        (("notes", "add", str(SAMPLE), "-s", "99", "-t", "x"), "no statement 99"),
        (("notes", "add", str(SAMPLE), "-s", "1", "-t", "x", "--verdict", "maybe"), "invalid choice"),
        (("notes", "rm", "zzzzzzzz"), "no note"),
        (("notes", "rm", "ab"), "at least the first 4"),
        (("import", str(tmp_path / "missing.json")), "no such file"),
    ]:
        out = run_margin(*data, *args)
        err = out.stderr.decode()
        assert out.returncode == 2, (args, err)
        assert words in err and err.count("\n") == 1, err


def test_edited_article_moves_notes_to_review_and_orphan(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    art = tmp_path / "article.txt"
    shutil.copy(SAMPLE, art)
    keep = ok(*data, "notes", "add", str(art), "-s", "7", "-t", "kept").split()[-1]
    edit = ok(*data, "notes", "add", str(art), "-s", "13", "-t", "edited").split()[-1]
    gone = ok(*data, "notes", "add", str(art), "-s", "19", "-t", "gone").split()[-1]
    text = art.read_text(encoding="utf-8")
    text = "Breaking: a new first paragraph.\n" + text
    text = text.replace("declined to comment", "did not immediately comment")
    text = text[: text.index("Washington’s reasoning")]
    art.write_text(text, encoding="utf-8")
    out = run_margin(*data, "notes", "list", str(art), "--json")
    assert "1 to review, 1 detached" in out.stderr.decode()
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    assert rows[keep]["state"] == "anchored" and rows[keep]["statement"] == 8
    assert rows[edit]["state"] == "review" and "did not immediately comment" in rows[edit]["now"]
    assert rows[gone]["state"] == "orphan" and rows[gone]["statement"] is None
    md = ok(*data, "export", str(art))
    assert "## Detached note" in md and "gone" in md.split("## Detached note")[1]


def test_export_to_file_and_import_round_trip(tmp_path):
    first = ["--data-dir", str(tmp_path / "one")]
    second = ["--data-dir", str(tmp_path / "two")]
    ok(*first, "notes", "add", str(SAMPLE), "-s", "15", "-t", "Sullivan *said* it", "--tag", "pbs",
       "--verdict", "supported")
    ok(*first, "notes", "add", str(SAMPLE), "-s", "2", "-t", "vague")
    out_md = tmp_path / "notes.md"
    assert str(out_md) in ok(*first, "export", str(SAMPLE), "-o", str(out_md))
    assert "Sullivan *said* it" in out_md.read_text(encoding="utf-8")
    out_json = tmp_path / "notes.json"
    ok(*first, "export", str(SAMPLE), "--format", "json", "-o", str(out_json))
    # A new library does not hold the article, and an import reads no other file: the notes
    # wait, and join it when it is opened.
    assert ok(*second, "import", str(out_json)) == (
        "imported 0 notes (0 already here, 0 skipped, 2 waiting for their article)\n")
    assert "imported 0 notes (2 already here" in ok(*second, "import", str(out_json))
    a = json.loads(ok(*first, "notes", "list", str(SAMPLE), "--json"))
    b = json.loads(ok(*second, "notes", "list", str(SAMPLE), "--json"))
    keys = ("id", "state", "verdict", "tags", "statement", "quote", "body", "created")
    assert [{k: r[k] for k in keys} for r in a] == [{k: r[k] for k in keys} for r in b]
    md1 = ok(*first, "export", str(SAMPLE))
    md2 = ok(*second, "export", str(SAMPLE))
    strip = lambda md: [line for line in md.splitlines() if not line.startswith("exported:")]
    assert strip(md1) == strip(md2)


def test_import_rejects_non_json(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    out = run_margin("--data-dir", str(tmp_path / "d"), "import", str(bad))
    assert out.returncode == 2 and "not W3C annotation JSON" in out.stderr.decode()


def test_accept_a_note_in_review(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    art = tmp_path / "article.txt"
    shutil.copy(SAMPLE, art)
    note = ok(*data, "notes", "add", str(art), "-s", "13", "-t", "edited").split()[-1]
    art.write_text(art.read_text(encoding="utf-8").replace("declined to comment", "declined comment"),
                   encoding="utf-8")
    assert json.loads(ok(*data, "notes", "list", str(art), "--json"))[0]["state"] == "review"
    assert "accepted note" in ok(*data, "notes", "accept", note[:8])
    (row,) = json.loads(ok(*data, "notes", "list", str(art), "--json"))
    assert row["state"] == "anchored" and row["quote"] == "The National Security Council declined comment."


def test_claims_remembers_the_article_and_reanchors(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    art = tmp_path / "article.txt"
    shutil.copy(SAMPLE, art)
    ok(*data, "notes", "add", str(art), "-s", "19", "-t", "last")
    art.write_text(art.read_text(encoding="utf-8").rsplit("\n", 1)[0], encoding="utf-8")
    out = run_margin(*data, "claims", str(art))
    assert out.returncode == 0
    assert "1 detached" in out.stderr.decode()


def test_backups_list_and_restore(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    ok(*data, "notes", "add", str(SAMPLE), "-s", "1", "-t", "after the first backup")
    listing = ok(*data, "backups")
    name = next(line.split()[0] for line in listing.splitlines() if line.strip().startswith("margin-"))
    restored = ok(*data, "backups", "--restore", name)
    assert "kept at" in restored
    assert json.loads(ok(*data, "notes", "list", str(SAMPLE), "--json")) == []
    kept = [p for p in (tmp_path / "d").iterdir() if ".replaced-" in p.name]
    assert len(kept) == 1
    bad = run_margin(*data, "backups", "--restore", "nope")
    assert bad.returncode == 2 and "no backup named nope" in bad.stderr.decode()


MAYOR = ("Mayor Ana Lopez spoke to reporters on Monday. Crime fell by 12% last year. She did not "
         "take questions.\n\nPolice chief Tom Reed spoke to reporters on Tuesday. Crime fell by 12% "
         "last year. He did not take questions.\n")


def test_a_note_on_a_corrected_sentence_never_jumps_to_its_twin(tmp_path):
    """The mayor's "Crime fell by 12%" corrected to 2%: the note stays on the mayor's sentence,
    in review, and names the police chief's identical sentence as another place — it is never
    anchored there."""
    data = ["--data-dir", str(tmp_path / "d")]
    article = tmp_path / "crime.txt"
    article.write_text(MAYOR)
    ok(*data, "notes", "add", str(article), "-s", "2", "--text", "the mayor's figure")
    article.write_text(MAYOR.replace("fell by 12% last year. She", "fell by 2% last year. She"))
    (row,) = json.loads(ok(*data, "notes", "list", str(article), "--json"))
    assert row["state"] == "review" and row["statement"] == 2
    assert row["now"] == "Crime fell by 2% last year."
    assert row["also_at"] == [5]  # the police chief's sentence, named, not taken
    table = ok(*data, "notes", "list", str(article))
    assert "review" in table and "anchored" not in table


def test_notes_stay_reachable_when_their_file_moves_and_changes_form(tmp_path):
    """a.txt renamed b.md (the same bytes, but Markdown joins its lines): recognised by its
    text, notes and all; the old name is gone, and --document reaches the notes by id or title,
    even when no file is left at all."""
    data = ["--data-dir", str(tmp_path / "d")]
    text = ("Mayor Ana Lopez spoke to reporters on Monday.\nCrime fell by 12% last year.\n"
            "She did not take questions.\n")
    old = tmp_path / "crime-report.txt"
    old.write_text(text)
    ok(*data, "notes", "add", str(old), "-s", "2", "--text", "check the police data")
    new = tmp_path / "b.md"
    old.rename(new)
    (row,) = json.loads(ok(*data, "notes", "list", str(new), "--json"))
    assert row["state"] == "anchored" and row["quote"] == "Crime fell by 12% last year."
    assert row["body"] == "check the police data"
    library = json.loads(ok(*data, "library", "--json"))
    assert [(e["source"], e["notes"]) for e in library] == [(str(new), 1)]  # one article, moved
    gone = run_margin(*data, "notes", "list", str(old))
    assert gone.returncode == 2 and b"no such file" in gone.stderr
    doc_id = str(library[0]["id"])
    title = library[0]["title"]
    for ref in (doc_id, title, title.upper()[:5]):
        (row,) = json.loads(ok(*data, "notes", "list", "--document", ref, "--json"))
        assert row["body"] == "check the police data"
    new.unlink()  # no file left: the library's copy
    out = run_margin(*data, "export", "-d", doc_id)
    assert out.returncode == 0 and "check the police data" in out.stdout.decode()
    assert b"showing the copy kept in the library" in out.stderr
    for bad, why in ((["--document", "99"], b"no article 99 in the library"),
                     (["--document", "nothing like it"], b"no article titled"),
                     ([str(new), "--document", doc_id], b"not both")):
        proc = run_margin(*data, "notes", "list", *bad)
        assert proc.returncode == 2 and why in proc.stderr, proc.stderr
    proc = run_margin(*data, "export")  # export needs an article; notes list lists them all
    assert proc.returncode == 2 and b"say which article" in proc.stderr, proc.stderr


def test_notes_list_without_an_article_lists_every_note(tmp_path, monkeypatch):
    """Every note of the library, by article: the same rows, state and statement as listing
    each article gives, with the article's id, title and source; a deleted note is not there."""
    monkeypatch.delenv("COLUMNS", raising=False)
    data = ["--data-dir", str(tmp_path / "d")]
    assert ok(*data, "notes", "list").startswith("no notes yet")
    assert json.loads(ok(*data, "notes", "list", "--json")) == []
    crime = tmp_path / "crime.txt"
    crime.write_text(MAYOR + "\nThe council meets again in spring.\n")
    ok(*data, "notes", "add", str(crime), "-s", "2", "--text", "the mayor's figure", "--tag", "统计")
    ok(*data, "notes", "add", str(crime), "-s", "7", "--text", "when?")
    ok(*data, "notes", "add", str(SAMPLE), "-s", "7", "--text", "Check TASS.", "--verdict", "false")
    gone = ok(*data, "notes", "add", str(SAMPLE), "-s", "1", "--text", "deleted").split()[-1]
    ok(*data, "notes", "rm", gone)
    crime.write_text(MAYOR.replace("fell by 12% last year. She", "fell by 2% last year. She"))
    each = {str(a): json.loads(ok(*data, "notes", "list", str(a), "--json")) for a in (crime, SAMPLE)}
    assert [r["state"] for r in each[str(crime)]] == ["review", "orphan"]
    rows = json.loads(ok(*data, "notes", "list", "--json"))
    library = {e["source"]: e for e in json.loads(ok(*data, "library", "--json"))}
    assert [r["source"] for r in rows] == [str(SAMPLE)] + [str(crime)] * 2  # last opened first
    for row in rows:
        entry = library[row.pop("source")]
        assert (row.pop("article_id"), row.pop("title")) == (entry["id"], entry["title"])
    assert rows == each[str(SAMPLE)] + each[str(crime)]
    assert rows[1]["now"] == "Crime fell by 2% last year." and rows[1]["also_at"] == [5]
    table = ok(*data, "notes", "list").splitlines()
    assert table[0].split() == ["#", "id", "state", "verdict", "tags", "quote", "—", "note"]
    sample_id, crime_id = library[str(SAMPLE)]["id"], library[str(crime)]["id"]
    assert table[1].startswith(f"article {sample_id}: ") and table[1].endswith(f" — {SAMPLE}")
    assert table[3] == "" and len(table) == 7
    assert table[4] == f"article {crime_id}: {library[str(crime)]['title']} — {crime}"
    sample, review, orphan = table[2], table[5], table[6]
    assert sample.split()[:4] == ["7", each[str(SAMPLE)][0]["id"][:8], "anchored", "false"]
    assert review.split()[:5] == ["2", each[str(crime)][0]["id"][:8], "review", "unverified", "#统计"]
    assert review.endswith("“Crime fell by 12% last year.” (also at #5) — the mayor's figure")
    assert orphan.split()[:3] == ["-", each[str(crime)][1]["id"][:8], "orphan"]
    assert "deleted" not in "\n".join(table)


def test_a_statement_that_is_a_quotation_is_listed_in_quotes_nested_not_doubled(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    ok(*data, "notes", "add", str(SAMPLE), "--statement", "16", "--text", "Sullivan, June.")
    listed = ok(*data, "notes", "list", str(SAMPLE))  # (a pipe: lines are not cut)
    assert "“‘If Russia is attacking or about to attack" in listed
    assert "back.’” — Sullivan, June." in listed
    assert "““" not in listed and "””" not in listed


def test_an_export_never_overwrites_the_notes_database_the_article_or_a_file_not_its_own(
        tmp_path):
    data = tmp_path / "d"
    article = tmp_path / "one.txt"
    article.write_text("The minister said unemployment fell 12 percent.\n")
    thesis = tmp_path / "thesis.txt"
    thesis.write_text("Three years of work.\n")
    ok("--data-dir", str(data), "notes", "add", str(article), "-s", "1", "-t", "note one")
    database = data / "margin.db"
    for fmt in ("json", "claimreview"):
        for target, why in ((database, "Margin's own data folder"),
                            (article, "the article itself"), (thesis, "is not a Margin")):
            got = run_margin("--data-dir", str(data), "export", str(article), "--format", fmt,
                             "-o", str(target))
            err = got.stderr.decode()
            assert got.returncode == 2 and err.count("\n") == 1 and why in err, (fmt, err)
    assert database.read_bytes().startswith(b"SQLite format 3\x00")
    assert article.read_text().startswith("The minister said")
    assert thesis.read_text() == "Three years of work.\n"
    # An earlier export of the same kind is rewritten, as ever.
    out = tmp_path / "notes.json"
    ok("--data-dir", str(data), "export", str(article), "--format", "json", "-o", str(out))
    ok("--data-dir", str(data), "export", str(article), "--format", "json", "-o", str(out))
    assert json.loads(out.read_text())["total"] == 1
    assert "note one" in ok("--data-dir", str(data), "notes", "list", str(article))


def test_a_fact_check_id_no_store_can_hold_is_one_line_exit_2():
    for value, said in (("99999999999999999999999999999", "no such id"),
                        ("-5", "at least 1"), ("x", "not a whole number")):
        got = run_margin("checks", "rm", "--", value)
        err = got.stderr.decode()
        assert got.returncode == 2 and err.count("\n") == 1 and said in err, err


def test_imports_run_at_once_each_finish_cleanly_and_keep_each_note_once(tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    source, data = tmp_path / "src", tmp_path / "dst"
    for i in range(1, 6):
        ok("--data-dir", str(source), "notes", "add", str(SAMPLE), "-s", str(i), "-t", f"n{i}")
    exported = tmp_path / "notes.json"
    ok("--data-dir", str(source), "export", str(SAMPLE), "--format", "json", "-o", str(exported))
    ok("--data-dir", str(data), "claims", str(SAMPLE))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    runs = [subprocess.Popen([sys.executable, "-m", "tui", "--data-dir", str(data), "import",
                              str(exported)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=env) for _ in range(6)]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0 and b"internal error" not in err, err
    rows = json.loads(ok("--data-dir", str(data), "notes", "list", str(SAMPLE), "--json"))
    assert sorted(r["body"] for r in rows) == ["n1", "n2", "n3", "n4", "n5"]


def test_an_imported_note_edited_elsewhere_after_ours_is_kept_beside_it_never_dropped(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    ok(*data, "notes", "add", str(SAMPLE), "-s", "2", "-t", "Ours.")
    exported = tmp_path / "notes.json"
    ok(*data, "export", str(SAMPLE), "--format", "json", "-o", str(exported))
    doc = json.loads(exported.read_text())
    (item,) = doc["first"]["items"]
    older, newer = json.loads(json.dumps(doc)), json.loads(json.dumps(doc))
    for copy, body, when in ((older, "An old draft.", "2001-01-01T00:00:00.000Z"),
                             (newer, "Edited at a colleague's desk.", "2999-01-01T00:00:00.000Z")):
        (it,) = copy["first"]["items"]
        next(b for b in it["body"] if b.get("purpose") == "commenting")["value"] = body
        it["modified"] = when
    (tmp_path / "older.json").write_text(json.dumps(older))
    (tmp_path / "newer.json").write_text(json.dumps(newer))
    said = ok(*data, "import", str(tmp_path / "older.json"))  # an older copy: ours stands
    assert said.startswith("imported 0 notes (1 already here,")
    said = ok(*data, "import", str(tmp_path / "newer.json"))
    assert "1 edited elsewhere and kept beside the note of the same id" in said
    rows = json.loads(ok(*data, "notes", "list", str(SAMPLE), "--json"))
    assert sorted(r["body"] for r in rows) == ["Edited at a colleague's desk.", "Ours."]
    assert {r["statement"] for r in rows} == {2}
    assert ok(*data, "import", str(tmp_path / "newer.json")).startswith("imported 0 notes")
    assert len(json.loads(ok(*data, "notes", "list", str(SAMPLE), "--json"))) == 2
    assert item["id"]


def test_notes_waiting_for_a_colleagues_path_join_the_same_text_opened_from_ours(tmp_path):
    data = ["--data-dir", str(tmp_path / "d")]
    theirs = ["--data-dir", str(tmp_path / "theirs")]
    for i in (2, 5):
        ok(*theirs, "notes", "add", str(SAMPLE), "-s", str(i), "-t", f"From a colleague {i}.")
    exported = tmp_path / "notes.json"
    ok(*theirs, "export", str(SAMPLE), "--format", "json", "-o", str(exported))
    text = exported.read_text().replace(SAMPLE.as_uri() if hasattr(SAMPLE, "as_uri") else "",
                                        "file:///home/colleague/article.txt")
    text = text.replace(str(SAMPLE), "/home/colleague/article.txt")
    exported.write_text(text)
    assert "2 waiting for their article" in ok(*data, "import", str(exported))
    ours = tmp_path / "here" / "missiles.txt"
    ours.parent.mkdir()
    shutil.copy(SAMPLE, ours)
    ok(*data, "claims", str(ours))  # the same text, from another path: the notes join it
    rows = json.loads(ok(*data, "notes", "list", str(ours), "--json"))
    assert sorted((r["statement"], r["body"]) for r in rows) == [
        (2, "From a colleague 2."), (5, "From a colleague 5.")]
    assert ok(*data, "import", str(exported)).startswith("imported 0 notes (2 already here")
