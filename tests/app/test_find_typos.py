"""The finder reads filters as the user meant them (typos, prefixes), says what it did not
understand, counts what it searches, and cuts long results after a word."""

from __future__ import annotations

import shutil

from textual.content import Content

from tests.app.helpers import make_app, no_blink, ready, screen_text, type_text, until
from tests.conftest import SAMPLE, load_document
from tui.app.finder import FinderScreen, ResultLines
from tui.core.search.highlight import highlight
from tui.core.session import Session

HARBOUR = ("Harbour news\n"
           "The harbour bridge will close for repairs in May, the mayor said.\n"
           "Repairs will cost $48 million, nearly double the estimate.\n")


async def open_finder(pilot, *keys: str) -> FinderScreen:
    app = pilot.app
    await pilot.press("slash")
    assert await until(pilot, lambda: isinstance(app.screen, FinderScreen))
    no_blink(app)
    await type_text(pilot, "".join(keys))
    await pilot.pause()
    return app.screen


def status(app) -> str:
    return str(app.screen.query_one("#status").render())


async def test_a_speaker_typed_with_a_typo_is_found_and_what_it_was_read_as_is_said():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        finder = await open_finder(pilot, *"@Sulivan")
        assert finder.results
        assert {r.item.speaker for r in finder.results} == {"Jake Sullivan"}
        assert "@sulivan read as Jake Sullivan" in status(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "@vladmir nato")  # a typo, and words as well
        assert finder.results and all(r.item.speaker == "Vladimir Putin" and
                                      "NATO" in r.statement_text for r in finder.results)
        assert "@vladmir read as Vladimir Putin" in status(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "@putin")  # found as typed: nothing to say
        assert finder.results and "@putin" not in status(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "@xqzw")
        assert finder.results == []
        assert "no speaker like 'xqzw'" in status(app)


async def test_a_kind_may_be_a_prefix_and_an_unknown_one_is_said():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        finder = await open_finder(pilot, *"kind:quot")
        assert finder.results and all("quote" in r.item.kinds for r in finder.results)
        assert "to search" not in status(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "kind:qoute")  # a typo, too
        assert finder.results and all("quote" in r.item.kinds for r in finder.results)
        await pilot.press("ctrl+u")
        await type_text(pilot, "kind:xyz")
        assert finder.results == []
        assert status(app) == ("no kind 'xyz': quote, attribution, statistic, hedge, "
                               "assertion")
        await pilot.press("ctrl+u")
        await type_text(pilot, "verdict:nope missiles")
        assert status(app).startswith("no verdict 'nope': unverified, supported, misleading, "
                                      "false, needs-context · ")
        assert finder.results  # the words are still searched


async def test_the_count_and_the_words_agree_with_the_scope(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(SAMPLE, a)
    b.write_text(HARBOUR, encoding="utf-8")
    with Session() as session:
        session.open(str(b))
    app = make_app(load_document(str(a)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        statements = len(app.article.statements)
        await open_finder(pilot)
        text = screen_text(app)
        assert "Find in this article" in text
        assert f"{statements} statements to search in this article" in text
        await type_text(pilot, "harbour bridge")
        assert "nothing found in this article · ctrl+t searches the library" in screen_text(app)
        await pilot.press("ctrl+t")
        text = screen_text(app)
        assert "Find in the whole library" in text and "Harbour news" in text
        assert "1 result in 1 of 2 articles" in text
        await pilot.press("ctrl+u")
        assert f"{statements + 3} statements to search in 2 articles" in screen_text(app)


async def test_long_results_are_cut_after_a_word_with_an_ellipsis_at_80_columns():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        finder = await open_finder(pilot, *"restrictions")
        assert len(finder.results) >= 3
        text = screen_text(app)
        statements = [r.statement_text for r in finder.results]
        cut = [line for line in (row.strip(" │▊▎▆") for row in text.splitlines())
               if line.endswith("…")]
        assert cut  # the long statements are cut ...
        for line in cut:  # ... after a whole word of one of them
            tail = line[:-1].split()[-1]
            assert any(f" {tail} " in " ".join(s.split()) + " " for s in statements), line
        options = finder.query_one("#results")
        width = options.scrollable_content_region.width
        for i, result in enumerate(finder.results):  # and what is underlined is the word found
            lines = options.get_option_at_index(i).prompt.lines(width)
            assert len(lines) <= 3 and all(line.cell_length <= width for line in lines)
            marked = [line.plain[s.start:s.end] for line in lines[1:] for s in line.spans]
            assert marked and {m.lower() for m in marked} == {"restrictions"}


def test_a_match_deep_in_a_long_statement_is_in_view():
    head_text = "Way down: "
    text = "word " * 60 + "the long-range missiles were finally sent."
    lines = ResultLines(Content(head_text), text, highlight("missiles", text)).lines(60)
    assert len(lines) == 2 and lines[1].plain.startswith("…word ")
    assert lines[1].plain.endswith(" the long-range missiles were finally sent.")
    assert [lines[1].plain[s.start:s.end] for s in lines[1].spans] == ["missiles"]
    plain = ResultLines(Content(head_text), text, ()).lines(60)  # no match: from the start
    assert plain[1].plain == " ".join(["word"] * 12) and plain[2].plain.endswith(" word…")
