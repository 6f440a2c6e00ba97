"""Correcting a statement's speaker and kinds in the reader (c), driven from the keyboard: shown on
the page, in the sidebar and by the finder; undone with u; kept across a restart and an edit."""

from __future__ import annotations

import shutil

from tests.app.helpers import (SIZE, fixed_analysis, make_app, no_blink, ready, sample_document,
                               screen_text, type_text, until)
from tests.conftest import SAMPLE, load_document
from tui.app.correct import CorrectScreen
from tui.app.finder import FinderScreen
from tui.app.help import HelpScreen
from tui.core.notes.corrections import applied_at
from tui.core.session import Session
from tui.app.keys import KEYS

BIDEN = 5  # 0-based: "When asked if … Biden told reporters Tuesday: “We’re working that out now.”"


def panel(app) -> str:
    """The sidebar's panel on the current statement, as one line of words (unwrapped)."""
    return " ".join(app.sidebar.query_one("#current").content.plain.split())


def gutter(app, words: str) -> str:
    """The margin's letter on the screen row that holds ``words``."""
    row = next(line for line in screen_text(app).splitlines() if words in line)
    return row.strip()[0]


async def open_dialog(pilot, statement: int) -> CorrectScreen:
    pilot.app.view.move_to(statement, center=True)
    await pilot.press("c")
    assert await until(pilot, lambda: isinstance(pilot.app.screen, CorrectScreen))
    no_blink(pilot.app)
    await pilot.pause()
    return pilot.app.screen


async def correct(pilot, statement: int, speaker: str, toggle: tuple[str, ...] = ()) -> None:
    """Press c on ``statement``, type ``speaker`` over the one shown, toggle these kinds, save."""
    dialog = await open_dialog(pilot, statement)
    await pilot.press("ctrl+u")
    await type_text(pilot, speaker)
    for kind in toggle:
        dialog.query_one(f"#kind-{kind}").focus()
        await pilot.press("space")
    await pilot.press("ctrl+s")
    assert await until(pilot, lambda: not isinstance(pilot.app.screen, CorrectScreen))
    await pilot.pause()


async def test_c_corrects_the_statement_on_the_page_in_the_sidebar_and_the_finder():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert gutter(app, "When asked if the administration") == "Q"
        dialog = await open_dialog(pilot, BIDEN)
        # Filled in with what was detected, and saying so.
        assert dialog.query_one("#speaker").value == "Biden"
        assert [k for k in ("quote", "attribution", "statistic")
                if dialog.query_one(f"#kind-{k}").value] == ["quote", "attribution"]
        assert "detected: Biden · quote, attributed" in screen_text(app)
        assert not dialog.query("#restore")  # nothing to restore yet
        await pilot.press("ctrl+u")
        await type_text(pilot, "Karine Jean-Pierre")
        await pilot.press("down", "space", "enter")
        assert await until(pilot, lambda: not isinstance(app.screen, CorrectScreen))
        await pilot.pause()
        claim = app.article.claims[BIDEN]
        assert (claim.speaker, claim.kinds) == ("Karine Jean-Pierre", ("attribution",))
        assert app.view.claims[BIDEN] == claim
        assert "Your correction: speaker Karine Jean-Pierre detected: Biden · quote, " \
               "attributed" in panel(app)
        assert "Jean-Pierre" in screen_text(app)
        assert gutter(app, "When asked if the administration") == "A"  # no longer a quote
        assert any("Statement 6 corrected" in s for s in app.shown)
        # The finder finds it by the reader's speaker (the library is indexed again).
        assert await until(pilot, lambda: app.library_current)
        await pilot.press("slash")
        await pilot.pause()
        no_blink(app)
        await type_text(pilot, "@jean-pierre")
        assert await until(pilot, lambda: [r.item.statement for r in app.screen.results] == [BIDEN])
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FinderScreen)
        # u undoes it: what was detected is shown again, everywhere.
        await pilot.press("u")
        await pilot.pause()
        assert app.article.claims[BIDEN].speaker == "Biden"
        assert "Your correction" not in panel(app)
        assert gutter(app, "When asked if the administration") == "Q"


async def test_the_palette_the_help_and_the_footer_table_know_the_key():
    key = next(k for k in KEYS if k.id == "app.correct")
    assert key.keys == "c" and key.command == "Correct speaker and kinds" and key.palette
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Correct speaker and kinds" in titles
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Correct who said the current statement" in shown and "app.correct" in shown
        assert "Correct: Take the correction away" in shown and "correct.restore" in shown


async def test_restore_detected_and_one_undo_for_notes_and_corrections():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        # A note deleted, then a correction: u takes back the correction first, then the note.
        app.view.move_to(BIDEN)
        await pilot.press("a")
        await pilot.pause()
        no_blink(app)
        await type_text(pilot, "On Biden.")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(app.placed) == 1)
        await pilot.press("d")
        assert await until(pilot, lambda: app.placed == [])
        await correct(pilot, BIDEN, "Jane Doe")
        assert app.article.claims[BIDEN].speaker == "Jane Doe"
        await pilot.press("u")
        await pilot.pause()
        assert app.article.claims[BIDEN].speaker == "Biden" and app.placed == []
        await pilot.press("u")
        assert await until(pilot, lambda: len(app.placed) == 1)
        # "Restore detected" takes a correction away; u brings it back.
        await correct(pilot, BIDEN, "Jane Doe", toggle=("hedge",))
        assert app.article.claims[BIDEN].kinds == ("quote", "attribution", "hedge")
        dialog = await open_dialog(pilot, BIDEN)
        assert dialog.query_one("#speaker").value == "Jane Doe"
        await pilot.click("#restore")
        assert await until(pilot, lambda: not isinstance(app.screen, CorrectScreen))
        await pilot.pause()
        assert applied_at(app.article, BIDEN) is None
        assert app.article.claims[BIDEN].speaker == "Biden"
        await pilot.press("u")
        await pilot.pause()
        assert app.article.claims[BIDEN].kinds == ("quote", "attribution", "hedge")
        # Esc changes nothing; the detected values saved are no correction.
        await open_dialog(pilot, BIDEN)
        await pilot.press("ctrl+u")
        await type_text(pilot, "Nobody")
        await pilot.press("escape")
        await pilot.pause()
        assert app.article.claims[BIDEN].speaker == "Jane Doe"
        await correct(pilot, BIDEN, "Biden", toggle=("hedge",))
        assert applied_at(app.article, BIDEN) is None


async def test_a_correction_survives_a_restart_and_follows_its_edited_article(tmp_path):
    article = tmp_path / "article.txt"
    shutil.copy(SAMPLE, article)
    app = make_app(load_document(str(article)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await correct(pilot, BIDEN, "Jane Doe")
    text = SAMPLE.read_text(encoding="utf-8")
    article.write_text("A new first paragraph.\n\n" + text, encoding="utf-8")
    app = make_app(load_document(str(article)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.article.claims[BIDEN + 1].speaker == "Jane Doe"  # its sentence, one on
        assert app.article.claims[BIDEN].speaker != "Jane Doe"
        app.view.move_to(BIDEN + 1)
        await pilot.pause()
        assert "Your correction: speaker Jane Doe" in panel(app)
    article.write_text("A new first paragraph.\n\n" + text.replace("Tuesday", "on Tuesday"),
                       encoding="utf-8")
    app = make_app(load_document(str(article)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        # Its sentence was edited: not applied, and said — in a notice and on the statement.
        assert app.article.claims[BIDEN + 1].speaker is None
        assert any("1 of your corrections of speakers and kinds is not applied" in s
                   for s in app.shown)
        app.view.move_to(BIDEN + 1)
        await pilot.pause()
        assert "an earlier version of this sentence is not applied: Jane Doe · quote, " \
               "attributed press c" in panel(app)
        # c offers it again, filled in; saved, it applies to the edited sentence.
        dialog = await open_dialog(pilot, BIDEN + 1)
        assert dialog.query_one("#speaker").value == "Jane Doe"
        assert "earlier version of this sentence is filled in" in screen_text(app)
        await pilot.press("enter")
        assert await until(pilot, lambda: app.article.claims[BIDEN + 1].speaker == "Jane Doe")


async def test_a_correction_made_elsewhere_appears_in_the_open_reader():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.view.move_to(BIDEN)
        with Session() as other:  # another Margin, or 'margin correct'
            article = fixed_analysis(sample_document())
            record = other.register(article).record
            other.correct(record, article, BIDEN, "Karine Jean-Pierre", ["quote"])
        assert await until(pilot, lambda: app.article.claims[BIDEN].speaker
                           == "Karine Jean-Pierre")
        await pilot.pause()
        assert "Your correction: speaker Karine Jean-Pierre" in panel(app)
