"""The reader, driven with keys and clicks as a user would: reading, notes, view, safety."""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from tests.app.helpers import (
    SIZE, document_from, make_app, no_blink, ready, screen_text, type_text, until,
)
from tests.conftest import SAMPLE
from tui.app.note_editor import ConfirmDiscard, NoteEditor
from tests.conftest import load_document
from tui.core.notes.store import Store

PUTIN = 6  # 0-based: "Russian President Vladimir Putin has already reacted ..."
OPINION = 3  # "... remain profound." — not a claim
QUIET = 2  # "This development has drawn sharp criticism…" — a claim scored 0.26


async def test_opens_with_title_counts_text_and_claim_details():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "Ukraine long range missiles" in text
        assert "19 statements" in app.sub_title and "18 claims" in app.sub_title
        # (The source cut from the left to leave the counts room in the header.)
        assert "0 notes" in app.sub_title and "/ukraine-long-range-missiles.txt" in app.sub_title
        assert "As the conflict between Russia and Ukraine" in text
        assert "Statement 1 of 19" in text and "hedged" in text
        assert "reportedly" in text


async def test_j_k_and_arrows_move_statement_by_statement():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = app.view
        await pilot.press("j", "j", "down")
        assert view.cursor == 3
        await pilot.press("k", "up")
        assert view.cursor == 1
        await pilot.press("up", "up")
        assert view.cursor == 0
        assert "Statement 1 of 19" in screen_text(app)


async def test_claim_keys_skip_statements_that_are_not_claims():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = app.view
        # Statement 2 is a claim scored below the default lowest score (0.5): a quiet letter
        # in the margin, skipped like the opinion sentence (3) that is no claim at all.
        assert app.article.claims[QUIET].score < app.config.min_score <= 0.5
        await pilot.press("j", "j")
        assert view.cursor == QUIET
        await pilot.press("J")
        assert view.cursor == OPINION + 1  # the opinion sentence is skipped
        await pilot.press("K")
        assert view.cursor == QUIET - 1  # and so is the quiet claim
        await pilot.press("right_square_bracket")
        assert view.cursor == OPINION + 1
        await pilot.press("left_square_bracket")
        assert view.cursor == QUIET - 1
        # v shows every claim: the quiet one is a claim to step to again; v again, it is not.
        await pilot.press("v", "J")
        assert view.cursor == QUIET
        await pilot.press("J")
        assert view.cursor == OPINION + 1
        await pilot.press("v", "K")
        assert view.cursor == QUIET - 1


async def test_paging_top_and_bottom():
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        await ready(pilot)
        view = app.view
        await pilot.press("space")
        assert view.scroll_y > 0
        first, _ = view.statement_lines(view.cursor)
        assert view.scroll_y <= first < view.scroll_y + view.scrollable_content_region.height
        await pilot.press("pagedown")
        lower = view.scroll_y
        await pilot.press("b")
        assert view.scroll_y < lower
        await pilot.press("G")
        assert view.cursor == 18 and view.scroll_y == view.max_scroll_y
        assert "oscillated" in screen_text(app)
        await pilot.press("g")
        assert view.cursor == 0 and view.scroll_y == 0
        await pilot.press("end")
        assert view.cursor == 18
        await pilot.press("home")
        assert view.cursor == 0


async def test_click_selects_the_statement_under_the_mouse():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = app.view
        first, _ = view.statement_lines(PUTIN)
        await pilot.click("#article", offset=(10, first - int(view.scroll_y)))
        assert view.cursor == PUTIN
        assert "Vladimir Putin" in screen_text(app)


async def annotate(pilot, body: str, tags: str = "", verdict_letter: str = "") -> None:
    await pilot.press("a")
    await pilot.pause()
    no_blink(pilot.app)
    assert isinstance(pilot.app.screen, NoteEditor)
    await type_text(pilot, body)
    if tags or verdict_letter:
        await pilot.press("tab")
        await type_text(pilot, tags)
    if verdict_letter:
        await pilot.press("tab", "enter", verdict_letter, "enter")
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_annotate_saves_at_once_and_shows_in_sidebar_and_margin(tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.view.move_to(PUTIN)
        await annotate(pilot, "Check the TASS readout.", "escalation putin", "m")
        assert not isinstance(app.screen, NoteEditor)
        # On disk before anything else happens: a second connection sees it.
        with Store.open(backup=False) as other:
            (record,) = other.documents()
            (note,) = other.notes(record.id)
        assert note.body == "Check the TASS readout." and note.tags == ("escalation", "putin")
        assert note.verdict == "misleading" and note.statement == PUTIN
        text = screen_text(app)
        assert "Check the TASS readout." in text and "#escalation #putin" in text
        assert "All notes (1)" in text and "1 note" in app.sub_title
        first, _ = app.view.statement_lines(PUTIN)
        assert app.view.render_line(first - int(app.view.scroll_y)).text.startswith("✎")


async def test_enter_annotates_too_and_escape_cancels_empty_editor():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        assert app.placed == []


async def test_edit_delete_and_undo():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await annotate(pilot, "First thought.")
        await pilot.press("e")
        await pilot.pause()
        no_blink(app)
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("ctrl+end")
        await type_text(pilot, " Second thought.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (p,) = app.placed
        assert p.note.body == "First thought. Second thought." and p.note.revision == 2
        await pilot.press("d")
        await pilot.pause()
        assert app.placed == []
        assert "First thought" not in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert [p.note.body for p in app.placed] == ["First thought. Second thought."]


async def test_notes_list_selects_and_jumps():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.view.move_to(PUTIN)
        await annotate(pilot, "On Putin.")
        app.view.move_to(1)
        await annotate(pilot, "On statement two.")
        await pilot.press("g")
        app.query_one("#all-notes").focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.view.cursor == PUTIN and app.view.has_focus


async def test_a_note_in_review_shows_old_and_new_text_and_can_be_accepted(tmp_path):
    article = tmp_path / "article.txt"
    shutil.copy(SAMPLE, article)
    app = make_app(load_document(str(article)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.view.move_to(12)
        await annotate(pilot, "Asked twice.")
    article.write_text(article.read_text(encoding="utf-8").replace(
        "declined to comment", "did not reply to questions"), encoding="utf-8")
    app = make_app(load_document(str(article)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        (p,) = app.placed
        assert p.note.state == "review" and app.view.cursor == 0
        app.view.move_to(p.statement)
        await pilot.pause()
        text = screen_text(app)
        assert "⚠ review" in text and "was:" in text and "now:" in text
        assert "did not reply to questions" in text
        await pilot.press("A")
        await pilot.pause()
        (p,) = app.placed
        assert p.note.state == "anchored"
        assert p.note.selector.exact == "The National Security Council did not reply to questions."


async def test_filter_changes_highlights_and_claim_jumps_and_is_remembered(tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f")
        await pilot.pause()
        for kind in ("attribution", "statistic", "hedge", "assertion"):
            app.screen.query_one(f"#kind-{kind}").value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        quotes = [i for i, c in enumerate(app.article.claims) if "quote" in c.kinds]
        kept = [i for i in quotes if app.article.claims[i].score >= app.config.min_score]
        assert kept and len(kept) < len(quotes)
        await pilot.press("J")
        assert app.view.cursor == kept[0]
        await pilot.press("v", "J")  # every claim shown, of every kind and score
        claims = app.article.claims
        assert app.view.cursor == next(i for i in range(kept[0] + 1, len(claims))
                                       if claims[i].kinds)
        await pilot.press("v", "g", "J", "J")  # the filter back: quotes scored 0.5 and more
        assert app.view.cursor == kept[0] and app.view.filter[0] == {"quote"}
    saved = json.loads((os.environ["MARGIN_CONFIG_DIR"] + "/config.json") and
                       open(os.path.join(os.environ["MARGIN_CONFIG_DIR"], "config.json")).read())
    assert saved["kinds"] == ["quote"]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.view.filter[0] == {"quote"}


async def test_filter_by_minimum_score():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f")
        await pilot.pause()
        field = app.screen.query_one("#min-score")
        field.value = "0.9"
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        shown = [i for i in range(19) if app.view.is_shown_claim(i)]
        assert shown and all(app.article.claims[i].score >= 0.9 for i in shown)


async def test_sidebar_toggles_when_wide():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.sidebar.display
        await pilot.press("s")
        assert not app.sidebar.display
        assert "Statement 1 of 19" not in screen_text(app)
        await pilot.press("s")
        assert app.sidebar.display


async def test_narrow_terminal_sidebar_is_an_overlay():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert not app.sidebar.display
        assert "As the conflict" in screen_text(app)
        await pilot.press("s")
        assert app.sidebar.display and app.sidebar.has_class("-overlay")
        assert "Statement 1 of 19" in screen_text(app)
        await pilot.press("s")
        assert not app.sidebar.display


async def test_export_writes_markdown_beside_the_article(tmp_path):
    article = tmp_path / "story.txt"
    shutil.copy(SAMPLE, article)
    app = make_app(load_document(str(article)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.view.move_to(PUTIN)
        await annotate(pilot, "Exported note.", "putin")
        await pilot.press("x")
        await pilot.pause()
        assert app.screen.query_one("#path").value == str(tmp_path / "story.notes.md")
        assert "story.notes.md" in screen_text(app)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        out = (tmp_path / "story.notes.md").read_text(encoding="utf-8")
        assert "Exported note." in out and "#putin" in out and "Vladimir Putin" in out
        notices = app.shown
        assert any(str(tmp_path / "story.notes.md") in m for m in notices)


async def test_notes_on_the_bundled_sample_export_to_the_current_folder(tmp_path, monkeypatch):
    from tui.core.session import sample_path

    monkeypatch.chdir(tmp_path)
    app = make_app(load_document(str(sample_path())))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await annotate(pilot, "A note to export.")  # (with none, there is nothing to export)
        await pilot.press("x")
        await pilot.pause()
        expected = str(tmp_path / (sample_path().stem + ".notes.md"))
        assert app.screen.query_one("#path").value == expected


async def test_help_lists_every_key():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        from textual.widgets import Static

        for key in ("question_mark", "f1"):
            await pilot.press(key)
            await pilot.pause()
            assert "Margin — keys" in screen_text(app)
            text = "\n".join(str(w.render()) for w in app.screen.query(Static))
            for words in ("Next claim (skips", "Write a note on the current statement",
                          "Export the notes as Markdown", "The command palette",
                          "Bring back the last deleted note", "J or ]",
                          "Find a statement or note", "Go back to where you were"):
                assert words in text, words
            await pilot.press("escape")
            await pilot.pause()


async def test_command_palette_has_the_readers_actions():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "export notes")
        assert await until(pilot, lambda: "Export the notes as Markdown" in screen_text(app))
        await pilot.press("escape")


async def test_q_quits_but_not_while_typing_and_quit_asks_before_losing_words():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        no_blink(app)
        await type_text(pilot, "quiet q")
        assert isinstance(app.screen, NoteEditor) and app.is_running
        await app.action_quit()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("q")
    assert app.return_code == 0


async def test_theme_choice_is_remembered():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.theme = "nord"
        await pilot.pause()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.theme == "nord"


async def test_keys_can_be_remapped_in_the_config():
    from tui.app.config import Config, save_config

    save_config(Config(keymap={"article.next_claim": "ctrl+n"}))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "j", "ctrl+n")
        assert app.view.cursor == OPINION + 1
        await pilot.press("question_mark")
        await pilot.pause()
        assert re.search(r"ctrl\+n +Next claim", screen_text(app))


async def test_notes_are_there_after_reopening():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.view.move_to(PUTIN)
        await annotate(pilot, "Still here tomorrow.", "", "f")
        await pilot.press("q")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        (p,) = app.placed
        assert p.statement == PUTIN and p.note.verdict == "false"
        assert "Still here tomorrow." in screen_text(app)


HOSTILE = (
    "Headline [bold]big[/bold]\n"
    "He said [@click=app.quit]click me[/] and [red]nothing[/red] happened [/ at all.\n"
    "Then \x1b]0;pwned\x07the \x1b[2Jscreen \x1b[31mstayed.\n"
)


async def test_markup_in_the_article_shows_literally_everywhere():
    from tui.core.text import sanitize

    app = make_app(document_from(sanitize(HOSTILE), source="/articles/[bold]x[/bold].txt"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "[@click=app.quit]click me[/]" in text
        assert "[red]nothing[/red] happened" in text and "[/ at all." in text
        assert "Headline [bold]big[/bold]" in text
        assert "pwned" not in text and "\x1b" not in text
        app.view.move_to(1)
        await pilot.pause()
        line = app.view.line_of_offset(app.document.blocks[1].start)
        await pilot.click("#article", offset=(12, line))
        await pilot.pause()
        assert app.is_running  # the [@click=app.quit] link is only text
        await annotate(pilot, "[@click=app.quit] in my note [/")
        assert app.is_running
        assert "[@click=app.quit] in my note [/" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert "[bold]x[/bold]" in screen_text(app)


async def test_an_empty_article_opens_and_keys_do_nothing_harmful():
    app = make_app(document_from("", source="/articles/empty.txt"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "k", "J", "K", "G", "g", "space", "b", "a", "e", "d", "u", "A")
        await pilot.pause()
        assert app.is_running and "0 statements" in app.sub_title


async def test_markdown_article_renders_headings_quotes_and_lists():
    md = ("# The headline\n\nA paragraph with *emphasis* and a [link](https://example.com).\n\n"
          "> “A quoted line,” the minister said.\n\n- first item\n- second item\n\n1. one\n2. two\n")
    app = make_app(document_from(md, source="/articles/a.md", fmt="markdown"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "The headline" in text
        assert "│ “A quoted line,” the minister said." in text
        assert "•  first item" in text.replace(" • ", "•") or " • first item" in text
        assert "1. one" in text and "2. two" in text


async def test_a_long_document_opens_and_goes_to_the_end():
    paragraphs = [f"Paragraph {i} says the budget rose {i % 90 + 1} percent, officials said. "
                  f"It was a long year." for i in range(2000)]
    app = make_app(document_from("\n".join(paragraphs), source="/articles/long.txt"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "4,000 statements" in app.sub_title
        await pilot.press("G")
        await pilot.pause()
        assert "Paragraph 1999 says" in screen_text(app)
        assert app.view.cursor == 3999


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_any_width_wraps_without_losing_text(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        view = app.view
        doc = app.document
        covered = "".join(doc.text[l.start:l.end] for l in view.lines if l.block >= 0)
        assert covered.replace(" ", "") == "".join(doc.text[b.start:b.end] for b in doc.blocks).replace(" ", "")
        width = view.scrollable_content_region.width
        for y in range(view.scrollable_content_region.height):
            assert view.render_line(y).cell_length == width
