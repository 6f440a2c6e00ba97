"""The reader's corrections of a statement's speaker and kinds: stored, anchored and re-anchored as
notes are, shown over the detected claims (which stay), searched, exported and imported."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tui.core.analysis.article import Article, Claims
from tui.core.analysis.claims import Claim, Mark
from tui.core.analysis.segment import segment
from tui.core.document.parse import parse
from tui.core.notes import w3c
from tui.core.notes.corrections import (CorrectedClaims, applied_at, clean_kinds, clean_speaker,
                                        corrected_claim, detected, made, waiting)
from tui.core.notes.model import StoreError
from tui.core.notes.schema import DB_NAME, MIGRATIONS, SCHEMA_VERSION
from tui.core.notes.store import Store
from tui.core.session import Session

TEXT = ("Intro. “We will rebuild the bridge by May,” Robin Hale told reporters. Repairs will "
        "cost $48 million, officials said. The council meets on Monday.")
SOURCE = "/articles/bridge.txt"
#: What a detector said of each sentence (kept still: these tests are not about the detector).
SAID = {
    "“We will rebuild the bridge by May,” Robin Hale told reporters.":
        (("quote", "attribution"), "Robin Hale", "told",
         ("quotation: “We will rebuild the bridge by May,”", "source: Robin Hale (told)")),
    "Repairs will cost $48 million, officials said.":
        (("attribution", "statistic"), "officials", "said",
         ("source: officials (said)", "figure: $48 million")),
}
HALE = 1  # 0-based: the quotation
COST = 2


def article_of(text: str = TEXT, source: str = SOURCE) -> Article:
    """The text's statements, with the claims SAID gives them (no claim for the others)."""
    document = parse(text, "text", source=source, name=source.rsplit("/", 1)[-1])
    statements = segment(document)
    claims = []
    for st in statements:
        words = document.text[st.start:st.end]
        kinds, speaker, cue, reasons = SAID.get(words, ((), None, None, ()))
        marks = []
        if speaker and speaker in words:
            at = st.start + words.index(speaker)
            marks.append(Mark("speaker", at, at + len(speaker)))
        if "quote" in kinds:
            marks.append(Mark("quote", st.start, st.start + words.index("”") + 1))
        claims.append(Claim(st.index, st.start, st.end, kinds, speaker, cue, 0.7 if kinds else 0.1,
                            reasons, tuple(marks)))
    return Article(document, statements, Claims(claims, statements))


@pytest.fixture
def session(tmp_path):
    with Session(Store.open(tmp_path / "data", backup=False)) as s:
        yield s


def opened(session: Session, text: str = TEXT, source: str = SOURCE):
    article = article_of(text, source)
    record = session.register(article).record
    return session.corrected(article, record), record


# -- shown over the detected claims ------------------------------------------------------------


def test_a_correction_is_shown_over_the_claim_and_the_detected_one_stays(session):
    article, record = opened(session)
    assert applied_at(article, HALE) is None and not isinstance(article.claims, CorrectedClaims)
    changed = session.correct(record, article, HALE, "  Jane\tDoe ", ["quote", "attributed"])
    assert changed.before == () and changed.after.speaker == "Jane Doe"
    article = session.corrected(article, record)
    claim = article.claims[HALE]
    assert (claim.speaker, claim.kinds) == ("Jane Doe", ("quote", "attribution"))
    # What argued with the reader is gone: the detected speaker's words and reason.
    assert [m.kind for m in claim.marks] == ["quote"]
    assert not any(r.startswith("source:") for r in claim.reasons)
    fix = applied_at(article, HALE)
    assert fix.detected.speaker == "Robin Hale" and detected(article)[HALE].speaker == "Robin Hale"
    # Every other statement as detected; the sequence behaves as the detected one does.
    assert article.claims[COST] == detected(article)[COST]
    assert len(article.claims) == len(article.statements) and article.analysed == 4
    assert [c.speaker for c in article.claims][HALE] == "Jane Doe"
    assert article.claims[-3].speaker == "Jane Doe" and len(article.claims[1:3]) == 2
    assert made(article) == [fix.correction]


def test_corrected_claim_keeps_only_what_still_holds():
    claim = article_of().claims[COST]
    same = corrected_claim(claim, "officials", ["attribution"])
    assert same.cue == "said" and same.reasons == ("source: officials (said)",)
    none = corrected_claim(claim, None, [])
    assert none.kinds == () and none.speaker is None and none.cue is None and none.reasons == ()
    assert none.score == claim.score  # how check-worthy it is stays the model's


def test_speakers_and_kinds_are_cleaned_and_bad_ones_refused():
    assert clean_speaker("  \x1b[31mJane   Doe\n") == "Jane Doe"  # no escape, one line
    assert clean_speaker("   ") is None
    with pytest.raises(ValueError, match="at most"):
        clean_speaker("x" * 500)
    assert clean_kinds(["stat", "Quote", "attributed", ""]) == ("quote", "attribution",
                                                                   "statistic")
    with pytest.raises(ValueError, match="no kind 'rumour': use quote"):
        clean_kinds(["rumour"])


def test_giving_the_detected_values_takes_a_correction_away_and_undo_puts_it_back(session):
    article, record = opened(session)
    first = session.correct(record, article, HALE, "Jane Doe", ["quote"])
    again = session.correct(record, article, HALE, "Ann Lee", ["quote"])
    assert again.before == (first.after,)  # replaced: one correction a statement
    assert [c.speaker for c in session.corrections(record)] == ["Ann Lee"]
    back = session.correct(record, article, HALE, "Robin Hale", ["attribution", "quote"])
    assert back.after is None and session.corrections(record) == []
    session.undo_correction(back)
    assert [c.speaker for c in session.corrections(record)] == ["Ann Lee"]
    session.undo_correction(again)
    assert [c.speaker for c in session.corrections(record)] == ["Jane Doe"]
    shown = session.corrected(article, record)
    gone = session.uncorrect(record, article, HALE)
    assert session.corrections(record) == [] and gone.before[0].speaker == "Jane Doe"
    # (Corrected afresh, an article shown corrected is the detected one again.)
    assert session.corrected(shown, record).claims[HALE].speaker == "Robin Hale"
    assert session.uncorrect(record, article, HALE).before == ()  # nothing left to take away


def test_a_correction_on_a_text_the_store_no_longer_holds_is_refused(session):
    article, record = opened(session)
    opened(session, TEXT.replace("Intro.", "A new intro."))  # another command read a newer text
    with pytest.raises(StoreError, match="changed since it was read"):
        session.correct(record, article, HALE, "Jane Doe", ["quote"])


# -- anchored as notes are ---------------------------------------------------------------------


def test_a_correction_follows_its_sentence_and_survives_a_new_session(tmp_path):
    folder = tmp_path / "data"
    with Session(Store.open(folder, backup=False)) as session:
        article, record = opened(session)
        session.correct(record, article, HALE, "Jane Doe", ["quote"])
    moved = "A new first sentence. " + TEXT.replace("The council", "Then the council")
    with Session(Store.open(folder, backup=False)) as session:
        article = article_of(moved)
        registered = session.register(article)
        assert registered.reanchored.corrections == 0 and registered.change_summary() is None
        article = session.corrected(article, registered.record)
        assert applied_at(article, HALE) is None
        assert article.claims[HALE + 1].speaker == "Jane Doe"  # its sentence is one further
        assert applied_at(article, HALE + 1).detected.speaker == "Robin Hale"


def test_a_correction_whose_sentence_changed_or_went_is_not_applied_and_said(session):
    article, record = opened(session)
    session.correct(record, article, HALE, "Jane Doe", ["quote"])
    session.correct(record, article, COST, None, ["statistic"])
    edited = TEXT.replace("by May", "by June").replace("Repairs will cost $48 million, "
                                                       "officials said. ", "")
    article = article_of(edited)
    registered = session.register(article)
    assert registered.reanchored.corrections == 2
    assert "2 of your corrections of speakers and kinds no longer apply" in \
        registered.change_summary()
    article = session.corrected(article, registered.record)
    assert article.claims[HALE] == detected(article)[HALE]  # not on a changed sentence
    late = {w.correction.speaker: w for w in waiting(article)}
    assert late["Jane Doe"].correction.state == "review" and late["Jane Doe"].statement == HALE
    assert late[None].statement is None and late[None].correction.state == "orphan"
    # Corrected again there, the one in review is replaced: nothing is left waiting on it.
    session.correct(registered.record, article, HALE, "Jane Doe", ["quote"])
    article = session.corrected(article, registered.record)
    assert article.claims[HALE].speaker == "Jane Doe"
    assert [w.correction.speaker for w in waiting(article)] == [None]


def test_one_text_opened_twice_keeps_its_corrections_when_the_copies_are_joined(session):
    article, record = opened(session)
    session.correct(record, article, HALE, "Jane Doe", ["quote"])
    other, other_record = opened(session, TEXT + " Later.", "/elsewhere/copy.txt")
    session.correct(other_record, other, COST, "Ann Lee", ["statistic"])
    joined, record = opened(session, TEXT, "/elsewhere/copy.txt")  # now the same text
    assert {applied_at(joined, i).correction.speaker for i in (HALE, COST)} == {"Jane Doe",
                                                                                "Ann Lee"}


# -- searched, kept, exported ------------------------------------------------------------------


def test_the_library_finds_statements_by_the_readers_speaker_and_kinds(session):
    article, record = opened(session)
    session.correct(record, article, HALE, "Jane Doe", ["hedge"])
    library = session.library()
    assert [r.item.statement for r in library.search("@jane")] == [HALE]
    assert [r.item.statement for r in library.search("kind:hedge")] == [HALE]
    assert HALE not in [r.item.statement for r in library.search("kind:quote")]
    assert library.parse("@hale").problems  # the detected speaker is no longer anyone's
    # The library keeps what was detected: the correction is shown over it, never written in.
    stored = session.store.statements([record.id])[HALE]
    assert (stored.speaker, stored.kinds) == ("Robin Hale", ("quote", "attribution"))


def test_exports_show_the_readers_values_and_what_was_detected(session):
    article, record = opened(session)
    session.correct(record, article, HALE, "Jane *Doe*", ["quote"])
    session.add_note(record, article, HALE, body="Who said it?")
    article = session.corrected(article, record)
    text = session.export(article, record)
    assert "Speaker: Jane \\*Doe\\* · Kinds: quote · *Corrected by the reader (detected: " \
           "speaker Robin Hale; kinds quote, attribution)*" in text
    data = json.loads(session.export(article, record, "json"))
    kinds = [a for a in data["first"]["items"] if a["motivation"] == "classifying"]
    assert len(kinds) == 1 and {"value": "Jane *Doe*", "purpose": "identifying",
                                "type": "TextualBody"} in kinds[0]["body"]
    notes, skipped = w3c.parse_w3c(data)
    assert skipped == [] and [n.kinds for n in notes] == [None, ("quote",)]
    assert notes[0].body == "Who said it?" and notes[1].speaker == "Jane *Doe*"


def test_corrections_are_imported_with_their_article_once(tmp_path, session):
    article, record = opened(session)
    session.correct(record, article, COST, None, [])  # not a claim, no one said it
    exported = tmp_path / "out.json"
    exported.write_text(session.export(session.corrected(article, record), record, "json"))
    with Session(Store.open(tmp_path / "other", backup=False)) as other:
        first = other.import_w3c(str(exported))
        assert first.corrections == 0 and "not in the library" in first.skipped[0]
        art, rec = opened(other)
        done = other.import_w3c(str(exported))
        assert done.corrections == 1 and other.import_w3c(str(exported)).corrections == 0
        shown = other.corrected(art, rec).claims[COST]
        assert (shown.kinds, shown.speaker) == ((), None)


# -- the database ------------------------------------------------------------------------------


def test_a_database_of_schema_6_gets_the_corrections_table_and_keeps_its_notes(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME)
    for migration in MIGRATIONS[:6]:
        for statement in migration.split(";"):
            if statement.strip():
                conn.execute(statement)
    conn.execute("PRAGMA user_version = 6")
    conn.execute("INSERT INTO documents (id, source, title, hash, text, created, opened) "
                 "VALUES (1, ?, 't', 'h', ?, 'c', 'o')", (SOURCE, TEXT))
    conn.execute("INSERT INTO notes (id, document_id, exact, prefix, suffix, created, modified) "
                 "VALUES ('n1', 1, 'Intro.', '', '', 'c', 'm')")
    conn.commit()
    conn.close()
    assert SCHEMA_VERSION >= 7  # (and on to the latest)
    with Store.open(folder, backup=False) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [n.id for n in store.notes(1)] == ["n1"] and store.corrections(1) == []


def test_what_another_program_wrote_in_a_correction_is_read_as_safe(session):
    article, record = opened(session)
    session.correct(record, article, HALE, "Jane", ["quote"])
    session.store.conn.execute("UPDATE corrections SET speaker = ?, kinds = 'quote,rumour'",
                               ("\x1b]0;evil\x07Jane\x9b\n" + "x" * 300,))
    (fix,) = session.corrections(record)
    assert fix.speaker.startswith("Jane x") and len(fix.speaker) == 120
    assert fix.kinds == ("quote",)
