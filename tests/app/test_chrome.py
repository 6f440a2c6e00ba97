"""The reader's frame: the footer at every width, the help screen (ids, each key once, wrapped
descriptions under their column), the keymap's warnings, plurals, toasts, the palette's
Screenshot, and the layout of wide terminals."""

from __future__ import annotations

import json
import re

from textual.widgets import Input, Static

from tests.app.helpers import document_from, make_app, ready, screen_text, type_text, until
from tests.conftest import ROOT
from tui.app.app import ARTICLE_WIDTH, SIDEBAR_MAX, SIDEBAR_MIN
from tui.app.config import Config, save_config
from tui.app.help import HelpScreen
from tui.app.keys import KEYS, key_label, keymap_problems
from tui.core.notes.model import Reanchored
from tui.core.session import Registered


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


# -- the footer ------------------------------------------------------------------------------

async def test_help_and_quit_stay_in_the_footer_at_80_columns_and_every_key_shows_when_wide():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        line = footer(app)
        for words in ("? Help", "q Quit", "^p palette", "a Annotate", "/ Find", "s Sidebar"):
            assert words in line, (words, line)
        assert "x Export" not in line  # made room for the keys a new user needs most
        await pilot.resize_terminal(120, 40)
        assert await until(pilot, lambda: "x Export" in footer(app))
        line = footer(app)
        for words in ("J Next claim", "f Filter", "r Related", "? Help", "q Quit"):
            assert words in line, (words, line)
        await pilot.resize_terminal(80, 24)
        assert await until(pilot, lambda: "x Export" not in footer(app))
        assert "? Help" in footer(app) and "q Quit" in footer(app)


# -- the help screen -------------------------------------------------------------------------

def help_rows(app) -> list[tuple[str, str, str]]:
    """The help screen's rows: (keys, what they do, id), read from its widgets."""
    grid = app.screen.query_one("Grid")
    cells = [str(w.render()) for w in grid.query(Static) if not w.has_class("group")]
    return [tuple(cells[i:i + 3]) for i in range(0, len(cells), 3)]


async def test_help_shows_each_key_once_as_people_read_it_with_its_id():
    save_config(Config(keymap={"article.next_claim": "n"}))  # n is also "next related"
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = help_rows(app)
        ids = [key_id for _, _, key_id in rows]
        assert {k.id for k in KEYS} <= set(ids) and "note.save" in ids
        by_id = {key_id: keys for keys, _, key_id in rows}
        assert by_id["article.next_claim"] == "n"
        assert by_id["app.related_next"] == "none"  # n runs next claim: not listed twice
        assert by_id["app.find"] == "/" and by_id["app.help"] == "? or f1"
        keys = [k for keys, _, key_id in rows if key_id.startswith(("app.", "article."))
                for k in keys.split(" or ") if keys != "none"]
        assert len(keys) == len(set(keys))
        text = screen_text(app)
        assert "slash" not in text and "question_mark" not in text
        assert "n is both article.next_claim and app.related_next" in text


async def test_wrapped_descriptions_hang_under_their_column():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        lines = screen_text(app).splitlines()
        (row,) = [i for i, line in enumerate(lines) if "Next claim (skips" in line]
        column = lines[row].index("Next claim (skips")
        following = lines[row + 1]
        box = app.screen.query_one("VerticalScroll").region
        assert following[box.x + 1:column].strip() == ""  # nothing under the keys
        assert following[column] != " " and "lowest score" in "".join(lines[row + 1:row + 4])


# -- the keymap -------------------------------------------------------------------------------

async def test_a_keymap_that_gives_one_key_to_two_bindings_is_said_at_start():
    save_config(Config(keymap={"app.export": "r", "app.anotate": "ctrl+n"}))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        (warning,) = [m for m in app.shown if "keymap" in m]
        assert "\n" not in warning
        assert "r is both app.export and app.related (it runs app.export)" in warning
        assert "'app.anotate'" in warning
        await pilot.press("r")  # the key went to export, as the warning says
        assert await until(pilot, lambda: type(app.screen).__name__ == "ExportScreen")


def test_the_readmes_keymap_example_is_one_a_user_can_copy():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r'`(\{"keymap": \{[^`]*\}\})`', readme)
    keymap = json.loads(example)["keymap"]
    assert keymap and keymap_problems(keymap) == []
    assert keymap_problems({}) == []  # the reader's own keys never collide
    assert keymap_problems({"article.next_claim": "n"})  # the old example collided


def test_keys_are_shown_as_people_read_them_whatever_the_keymap_holds():
    assert key_label("slash,ctrl+slash") == "/ or ctrl+/"
    assert key_label("?,question_mark") == "? or ?"
    assert key_label("down,pagedown,enter") == "↓ or PgDn or enter"
    assert "\x1b" not in key_label("ctrl+\x1b[2J")


# -- messages ---------------------------------------------------------------------------------

async def test_counts_in_messages_agree_with_their_nouns():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f")
        assert await until(pilot, lambda: type(app.screen).__name__ == "FilterScreen")
        app.screen.query_one("#min-score", Input).value = "0.99"
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: "1 claim highlighted." in app.shown), app.shown
    summary = Registered(None, Reanchored(anchored=1, review=1, orphan=0)).change_summary()
    assert "1 note still anchored" in summary


async def test_the_finder_counts_one_statement_in_the_singular():
    app = make_app(document_from("Only one sentence here."))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        assert await until(pilot, lambda: "to search" in screen_text(app))
        text = screen_text(app)
        assert re.search(r"\b1 statement\b", text) and "1 statements" not in text


async def test_a_new_toast_replaces_information_and_toasts_keep_to_the_sidebar():
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        app.notify("A warning that stays.", severity="warning", timeout=30)
        for n in range(3):
            app.notify(f"Information {n}.")
        await pilot.pause()
        assert await until(pilot, lambda: len(app.screen.query("Toast")) == 2)
        texts = [str(t.render()) for t in app.screen.query("Toast")]
        assert any("A warning that stays." in t for t in texts)
        assert any("Information 2." in t for t in texts)
        sidebar = app.sidebar.region
        for toast in app.screen.query("Toast"):
            assert toast.region.x >= sidebar.x and toast.region.right <= sidebar.right


# -- the palette's Screenshot ----------------------------------------------------------------

async def test_a_screenshot_that_cannot_be_saved_says_why(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(blocker / "Downloads"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "screenshot")
        assert await until(pilot, lambda: "Save an SVG" in screen_text(app))
        await pilot.press("enter")
        assert await until(pilot, lambda: any("screenshot" in m for m in app.shown))
        (said,) = [m for m in app.shown if "screenshot" in m]
        assert "Could not save the screenshot" in said and "Not a directory" in said
        (tmp_path / "taken.svg").mkdir()  # the file cannot be written: a folder is in its way
        app.deliver_screenshot("taken.svg", str(tmp_path))
        assert await until(pilot, lambda: any("Is a directory" in m for m in app.shown))
        app.deliver_screenshot("good.svg", str(tmp_path))
        assert await until(pilot, lambda: any("Saved to" in m for m in app.shown))
        assert (tmp_path / "good.svg").read_text(encoding="utf-8").startswith("<svg")


# -- wide terminals ---------------------------------------------------------------------------

def text_right_edge(app) -> int:
    """The column after the rightmost character of article text on the screen."""
    view = app.view.region
    lines = screen_text(app).splitlines()[view.y:view.bottom]
    return view.x + max(len(line[view.x:view.right - 2].rstrip()) for line in lines)


async def test_wide_terminals_give_the_article_its_measure_and_the_sidebar_the_rest():
    for width, sidebar_width in ((120, SIDEBAR_MIN), (160, 160 - ARTICLE_WIDTH),
                                 (200, SIDEBAR_MAX)):
        save_config(Config())  # the sidebar shown (s hides it, and that is kept)
        app = make_app()
        async with app.run_test(size=(width, 50)) as pilot:
            await ready(pilot)
            view, sidebar = app.view.region, app.sidebar.region
            assert sidebar.width == sidebar_width
            assert view.right == sidebar.x  # side by side
            assert view.width == min(ARTICLE_WIDTH, width - SIDEBAR_MIN)
            assert abs(view.x - (width - sidebar.right)) <= 1  # what is left frames both
            # No more than a few empty columns between the text and its scrollbar.
            assert view.right - 2 - text_right_edge(app) <= 3
            await pilot.press("s")  # the sidebar hidden: the article alone, centred
            await pilot.pause()
            view = app.view.region
            assert view.width == min(ARTICLE_WIDTH, width)
            assert abs(view.x - (width - view.right)) <= 1
