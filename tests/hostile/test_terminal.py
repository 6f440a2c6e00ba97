"""Attacks through the article on the terminal itself: the real app in a pseudo-terminal.

Nothing from an article may reach the terminal as a control sequence (the window title does not
change, the screen is not cleared, the clipboard is not written) and Textual/Rich markup in it
shows as text everywhere: article, sidebar, finder, palette, notifications, export notice.
"""

from __future__ import annotations

import sys

import pytest

from tests.hostile.pty_app import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

ARTICLE = (
    b"Officials said \x1b]0;PWNED-TITLE\x07the window title stayed the same.\n"
    b"The mayor said \x1b]52;c;UFdORUQtQ0xJUA==\x07the clipboard was untouched by the article.\n"
    b"A spokesman said the screen\x1b[2J\x1b[H was never cleared at 5 p.m.\n"
    b"Analysts said \x1b[31mred\x1b[0m text and \x1b[10;10Hcursor moves stayed inert.\n"
    b"Critics said [@click=app.quit]click here[/] and [bold]bold[/bold] and [/ stayed literal.\n"
    b"Residents said \xe2\x80\xaeevil\xe2\x80\xac bidi overrides were removed.\n"
)


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "[bold]in"
    folder.mkdir()
    path = folder / "[red]story.txt"
    path.write_bytes(ARTICLE)
    return path


def test_article_escape_sequences_never_reach_the_terminal(hostile, tmp_path):
    term = Terminal([str(hostile)], {"MARGIN_DATA_DIR": str(tmp_path / "d"),
                                     "MARGIN_CONFIG_DIR": str(tmp_path / "c")})
    try:
        assert term.wait_for("the window title stayed the same"), term.text()
        term.pump(1.0)  # the analysis and the library fill in
        screen = term.text()
        raw = term.raw.decode("utf-8", "replace")
        assert "PWNED" not in raw and "UFdORUQtQ0xJUA" not in raw  # title and clipboard payloads
        assert term.screen.title != "PWNED-TITLE"
        assert "the clipboard was untouched" in screen
        assert "A spokesman said the screen was never cleared" in screen  # not wiped by \x1b[2J
        assert "red text and cursor moves stayed inert" in screen
        assert "evil bidi overrides" in screen
    finally:
        term.send("q")
        code = term.close()
    assert code == 0


def test_markup_shows_literally_in_article_sidebar_finder_palette_and_notices(hostile, tmp_path):
    term = Terminal([str(hostile)], {"MARGIN_DATA_DIR": str(tmp_path / "d"),
                                     "MARGIN_CONFIG_DIR": str(tmp_path / "c")})
    try:
        assert term.wait_for("[@click=app.quit]click here[/]"), term.text()
        assert "[bold]bold[/bold]" in term.text()
        # The sidebar: the header shows the file name, the speaker is plain.
        assert term.wait_for("[red]story"), term.text()
        # The finder.
        assert term.press_until("/", "Find in"), term.text()
        term.send("click here")
        assert term.wait_for("[@click=app.quit]click here[/]"), term.text()
        term.send(b"\r")  # jump to it (a click-link would have quit the app)
        assert term.wait_gone("Find in"), term.text()
        assert term.proc.poll() is None
        # The command palette.
        term.send(b"\x10")  # ctrl+p
        term.send("stayed litera")
        # The statements come from the library's index, built in the background: type the last
        # letter again until it is there.
        assert term.press_until(b"\x7fl", "Go to statement 5: "), term.text()
        assert "[@click=app.quit]click here[/]" in term.text()
        term.send(b"\x1b")
        assert term.wait_gone("Go to statement 5: "), term.text()
        # A note and the notification it gives; the export notice with a hostile path.
        term.send("a")
        assert term.wait_for("ctrl+s"), term.text()
        term.send("[@click=app.quit] note [/", 0.5)
        term.send(b"\x13")  # ctrl+s
        assert term.wait_for("[@click=app.quit] note [/"), term.text()
        assert term.press_until("x", "as Markdown to"), term.text()
        term.send(b"\r")
        # The notice comes once the file is written (the dialog showed the path before).
        assert term.wait_for("Exported1noteto", flat=True), term.text()
        assert term.shows("[red]story.notes.md", flat=True), term.text()
        assert term.proc.poll() is None
        assert (hostile.parent / "[red]story.notes.md").exists()
    finally:
        term.send("q", 0.5)
        code = term.close()
    assert code == 0


def test_a_file_name_cannot_steer_the_terminal(tmp_path):
    """A copy of an article named with a window-title, a clipboard and a clear-screen sequence
    (and C1 and bidi controls): opened, exported to a file named after it, the name shows
    without any of them acting."""
    folder = tmp_path / "in\x1b[2Jside"
    folder.mkdir()
    name = "osc-\x1b]0;PWNED\x07-\x1b]52;c;UFdORUQ=\x07-\x1b[2J-\x9b31m-\u202eevil.txt"
    path = folder / name
    path.write_bytes(ARTICLE)
    term = Terminal([str(path)], {"MARGIN_DATA_DIR": str(tmp_path / "d"),
                                  "MARGIN_CONFIG_DIR": str(tmp_path / "c")})
    try:
        assert term.wait_for("the window title stayed the same"), term.text()
        assert term.wait_for("Osc evil — "), term.text()  # the title from the name, inert
        # (a and x are refused while the notes are still opening: pressed until the dialog
        # is there; with no note there would be nothing to export)
        assert term.press_until("a", "ctrl+s"), term.text()
        term.send("a note", 0.5)
        term.send(b"\x13")  # ctrl+s
        assert term.press_until("x", "as Markdown to"), term.text()
        term.send(b"\r")
        assert term.wait_for("Exported", flat=True), term.text()
        raw = bytes(term.raw)
        for sequence in (b"\x1b]0;PWNED", b"\x1b]52;", b"PWNED\x07", b"\xc2\x9b", b"\xe2\x80\xae"):
            assert sequence not in raw, sequence
        assert raw.count(b"\x1b[2J") <= 1  # Textual's own, once, when it starts (if at all)
        assert term.screen.title != "PWNED"
        assert "Officials said" in term.text()  # never cleared
        (exported,) = folder.glob("*.notes.md")  # into the real folder, under a name made safe
        assert exported.name == "osc-----evil.notes.md"
    finally:
        term.send("q")
        code = term.close()
    assert code == 0
