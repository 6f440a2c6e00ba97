"""y: the current statement copied as a citation (quote, speaker, title, link or file, date), from
the key or the palette; the citation itself as a pure function, on hostile and long text."""

from __future__ import annotations

from urllib.parse import unquote

from tests.app.helpers import document_from, make_app, ready, screen_text, type_text, until
from tui.app.keys import help_groups
from tui.core.notes.citation import QUOTE_LIMIT, cite, where_from
from tui.core.text import CONTROLS

PAGE = "https://example.org/news/missiles"
QUOTE = ("In May, the Biden administration allowed Ukraine to strike inside Russia near "
         "Kharkiv.")


# -- the citation, as text ----------------------------------------------------------------

def test_a_web_statement_cites_its_title_a_link_to_the_statement_the_date_and_whom_it_reports():
    """Words the speaker did not say (a paraphrase) are the article's: it reports the speaker."""
    text = cite(QUOTE, speaker="Jake Sullivan", title="Ukraine long range missiles",
                source=PAGE + "#comments", date="2024-06-03")
    assert text == (
        "“In May, the Biden administration allowed Ukraine to strike inside Russia near "
        "Kharkiv.” — in \"Ukraine long range missiles\", reporting Jake Sullivan, "
        f"{PAGE}#:~:text=In%20May%2C%20the%20Biden,inside%20Russia%20near%20Kharkiv., "
        "2024-06-03")


def test_only_a_speakers_own_words_are_credited_to_them():
    statement = ("When asked if the administration would lift restrictions, Biden told "
                 "reporters Tuesday: “We’re working that out now.”")
    text = cite(statement, speaker="Biden", title="Missiles", source="a.txt",
                quoted=["“We’re working that out now.”"])
    assert text == "“We’re working that out now.” — Biden, in \"Missiles\", a.txt"
    # Two quotations: both, in order, with what lies between left out.
    text = cite("“It is not about geography,” he said, “it is common sense.”", speaker="Jake "
                "Sullivan", quoted=["“It is not about geography,”", "“it is common sense.”"])
    assert text.startswith("“It is not about geography, … it is common sense.” — Jake Sullivan")
    # A quotation nobody is known to have said: the article's words, as written.
    assert cite("“Stop,” a sign read.", quoted=["“Stop,”"], source="a.txt") == (
        "“‘Stop,’ a sign read.” — a.txt")


def test_what_is_not_known_is_left_out():
    assert cite("It rained.", title="Weather", source="/home/ann/articles/weather.txt") == (
        "“It rained.” — in \"Weather\", weather.txt")
    assert cite("It rained.", speaker="  ", source="<stdin>", date="") == (
        "“It rained.” — standard input")
    assert where_from("") == where_from("-") == "standard input"
    assert where_from("C:notes.md") == "C:notes.md"


def test_quotes_inside_the_quote_and_the_title_become_single_quotes():
    text = cite('He said “not yet” and "maybe".', title='The "red lines"', source="a.txt")
    assert text == "“He said ‘not yet’ and 'maybe'.” — in \"The 'red lines'\", a.txt"


def test_hostile_text_comes_out_one_plain_line_with_no_control_character():
    quote = ("\x1b]52;c;aGk=\x07Say [bold red]hi[/] [@click=app.quit]now[/]\r\n\tand "
             "\u202eevil\u202c \x9b31m end \ud800.")
    text = cite(quote, speaker="Ann\x1b[2J\x00 Lee", title="T\x1b[31mitle\nmore",
                source="https://example.org/a b\x07", date="2024\x1b[0m-06-03\n")
    assert "\n" not in text and "\t" not in text
    assert not CONTROLS.search(text) and "\x1b" not in text
    assert "\ud800" not in text and "\ufffd" in text  # half a character: shown as such
    # Markup is text: kept as written, for the clipboard (the notice shows it as text too).
    assert "Say [bold red]hi[/] [@click=app.quit]now[/] and evil" in text
    assert "— in \"Title more\", reporting Ann Lee, https://example.org/a%20b#:~:text=" in text
    assert text.endswith(", 2024-06-03")


def test_a_long_quote_is_cut_at_a_word_but_its_link_still_finds_the_whole_statement():
    words = [f"word{i}" for i in range(1000)]
    text = cite(" ".join(words), speaker="Ann", title="Long", source=PAGE)
    quoted = text[1:text.index("” — ")]
    assert len(quoted) <= QUOTE_LIMIT and quoted.endswith("…")
    assert quoted[:-1].split()[-1] in words  # a whole word before the "…"
    fragment = unquote(text.split("#:~:text=", 1)[1])
    assert fragment == "word0 word1 word2 word3,word996 word997 word998 word999"
    # One word longer than the limit: cut inside it, still bounded.
    assert len(cite("x" * 5000, limit=100).split("”")[0]) <= 101
    # Long names are bounded too.
    assert len(cite("Hi.", speaker="S" * 5000, title="T" * 5000, date="D" * 5000)) < 600


# -- in the reader ---------------------------------------------------------------------------

def _web_page():
    return document_from(
        "---\ntitle: \"Talks [bold]stall[/bold]\"\nurl: \"https://example.org/news/talks\"\n"
        "date: \"2024-06-03\"\n---\n\nThe ministers met on Tuesday in Geneva.\n\n"
        "Officials said [@click=app.quit]nothing[/] was agreed.\n",
        source="/tmp/saved/talks.md", fmt="markdown")


async def test_y_copies_the_current_statement_with_its_speaker_and_the_file_name():
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("y")
        assert await until(pilot, lambda: app.clipboard.startswith("“As the conflict between"))
        assert app.clipboard.endswith('” — in "Ukraine long range missiles", '
                                      "ukraine-long-range-missiles.txt")
        assert await until(pilot, lambda: "Copied: “As the conflict" in screen_text(app))
        await pilot.press("j", "j", "y")  # statement 3: Putin's warning, in the writer's words
        assert await until(pilot, lambda: "reporting Vladimir Putin" in app.clipboard)
        statement = app.article.statements[2]
        quote = app.document.text[statement.start:statement.end]
        assert app.clipboard.startswith("“" + " ".join(quote.split())[:40])
        assert "— in \"Ukraine long range missiles\", reporting Vladimir Putin, " in app.clipboard
        await pilot.press("j", "j", "j", "y")  # statement 6: Biden's own words, and only they
        assert await until(pilot, lambda: app.clipboard.startswith(
            "“We’re working that out now.” — Biden, in \"Ukraine long range missiles\""))


async def test_a_web_page_is_cited_by_its_address_linked_to_the_quote_and_its_date():
    app = make_app(_web_page())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("y")
        assert await until(pilot, lambda: bool(app.clipboard))
        assert app.clipboard == (
            "“The ministers met on Tuesday in Geneva.” — in \"Talks [bold]stall[/bold]\", "
            "https://example.org/news/talks#:~:text=The%20ministers%20met%20on%20Tuesday%20in"
            "%20Geneva., 2024-06-03")
        await pilot.press("j", "y")
        assert await until(pilot, lambda: "[@click=app.quit]nothing[/]" in app.clipboard)
        # The notice shows the words as they are: markup in the article is never obeyed.
        assert await until(pilot, lambda: "[@click=app.quit]nothing" in screen_text(app))
        assert app.is_running


async def test_the_palette_copies_the_citation_too():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "copy the statement as a citation")
        assert await until(pilot, lambda: "Copy the statement as a citation" in screen_text(app))
        await pilot.press("enter")
        assert await until(pilot, lambda: app.clipboard.startswith("“As the conflict between"))
        assert any(m.startswith("Copied: “As the conflict") for m in app.shown)


async def test_nothing_is_copied_from_an_article_without_statements():
    app = make_app(document_from("", source="/tmp/empty.txt"))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, library=False)
        await pilot.press("y")
        assert await until(pilot, lambda: "This article has no statements to copy." in app.shown)
        assert app.clipboard == ""


def test_the_help_lists_the_citation_key():
    reading = dict(help_groups({}))["Reading"]
    assert any(keys == "y" and what.startswith("Copy the current statement as a quotation")
               for keys, what, _ in reading)
