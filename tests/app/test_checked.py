"""Published fact-checks in the reader: a statement that repeats a checked claim gets a flag in the
margin, the sidebar lists its fact-checks (rating as written, publisher, date, their wording,
the link), ``m`` steps through them, ``M`` cites the chosen one in a note that exports with it;
without fact-checks kept, the keys say how to import some."""

from __future__ import annotations

from tests.app.helpers import SIZE, make_app, ready, screen_text, until
from tui.app.checked import citation, verdict_of
from tui.app.note_editor import NoteEditor
from tui.core.checks import store
from tui.core.checks.model import FactCheck
from tui.core.session import Session

PUTIN = 6  # "Russian President Vladimir Putin has already reacted …"
MAY = 17  # 0-based: "In May, the Biden administration decided to let Ukraine use certain …"
MAY_TEXT = ("In May, the Biden administration decided to let Ukraine use certain weapons to hit "
            "inside Russia, but prevented Kyiv from using long-range missiles.")
CHECKS = [
    FactCheck(MAY_TEXT, "Mostly True", "https://desk.example/may",
              "Desk [bold]One[/bold]", "desk.example", "2024-06-02", "US let Ukraine hit Russia"),
    FactCheck(MAY_TEXT.replace("In May,", "In May 2024"), "Half True",
              "https://other.example/may", "Other Desk", "other.example", "2024-06-05"),
    FactCheck("The moon landing was filmed in a studio.", "False", "https://desk.example/moon",
              "Desk", "desk.example", "2019-07-20"),
]


def keep(checks) -> None:
    with Session() as session:
        store.add(session.store.conn, checks)


async def matched(pilot, app) -> None:
    await ready(pilot)
    assert await until(pilot, lambda: MAY in app.checked)


async def test_a_checked_statement_is_flagged_and_its_fact_checks_listed():
    keep(CHECKS)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await matched(pilot, app)
        # The moon nowhere; the statement that restates the claim the surest of those shown
        # (the article is all on its subject: others that say much of it are shown it too);
        # one on another matter (Putin's reaction) shown nothing.
        shown = {st: ms for st, ms in app.checked.items()}
        assert all("moon" not in m.check.url for ms in shown.values() for m in ms)
        assert max(shown, key=lambda st: shown[st][0].score) == MAY
        assert shown[MAY][0].score > 0.99 and PUTIN not in shown
        # Two publishers checked the claim: both are shown (neither hides the other).
        first, second = (m.check for m in app.checked[MAY])
        assert {first.publisher, second.publisher} == {"Desk [bold]One[/bold]", "Other Desk"}
        await pilot.press("G", "k")
        assert app.view.cursor == MAY
        text = screen_text(app)
        flagged = [line for line in text.splitlines() if "⚑" in line[:6]]  # (not the legend)
        assert any("In May, the Biden" in line for line in flagged)
        assert 1 <= len(flagged) <= len(shown)
        assert "Checked before" in text and "2 fact-checks" in text
        assert "Mostly True" in text and "Desk [bold]One[/bold]" in text  # text, not markup
        assert "2024-06-02" in text and first.url in text
        # m: the next one written out (its link), then around to the first.
        await pilot.press("m")
        assert second.url in screen_text(app)
        await pilot.press("m")
        assert first.url in screen_text(app)


async def test_citing_a_fact_check_writes_it_into_a_note_that_exports_with_it(tmp_path):
    keep(CHECKS)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await matched(pilot, app)
        await pilot.press("G", "k")
        # The one rated "Mostly True" chosen (m steps to it when it is not the first).
        while app.checks_here()[0][app.checks_here()[1]].check.rating != "Mostly True":
            await pilot.press("m")
        await pilot.press("M")
        assert await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: len(app.placed) == 1)
        note = app.placed[0].note
        assert note.verdict == "supported"  # "Mostly True", as the reader's verdicts say it
        (cited,) = note.evidence
        assert cited.fact_check and cited.url == "https://desk.example/may"
        assert (cited.rating, cited.publisher, cited.date) == (
            "Mostly True", "Desk [bold]One[/bold]", "2024-06-02")
        assert cited.claim == MAY_TEXT and len(cited.accessed) == 10
        assert app.placed[0].statement == MAY
        for form in ("markdown", "json"):
            exported = app.session.export(app.article, app.record, form)
            assert "https://desk.example/may" in exported and "Mostly True" in exported


async def test_without_fact_checks_the_keys_say_how_to_import_them():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert await until(pilot, lambda: app.fact_checks_kept == 0 and not app.checked)
        await pilot.press("m")
        assert any("margin checks import" in s for s in app.shown)
        await pilot.press("M")
        assert not isinstance(app.screen, NoteEditor)
        assert "⚑" not in "".join(line[:6] for line in screen_text(app).splitlines())


def test_ratings_as_the_readers_verdicts():
    assert [verdict_of(r) for r in ("False", "Pants on Fire", "Mostly False", "Half True",
                                    "Mostly true", "TRUE", "Missing context", "Unrated")] == [
        "false", "false", "misleading", "needs-context", "supported", "supported",
        "needs-context", "unverified"]


def test_a_citation_keeps_the_fact_checkers_words_as_text():
    cited = citation(FactCheck("A *bold* [claim](javascript:x)", "False", "https://d.example/a b",
                               "Desk", date="2024-01-02"))
    assert cited.startswith("Checked before: **False** (Desk, 2024-01-02): “A \\*bold\\* \\[claim\\]")
    assert "<https://d.example/a%20b>" in cited


async def test_the_finder_finds_the_checked_statements_by_rating_and_jumps(tmp_path):
    from tests.app.helpers import no_blink, type_text
    from tui.app.finder import FinderScreen

    keep(CHECKS)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await matched(pilot, app)
        assert await until(pilot, lambda: app.library is not None
                           and any(st == MAY for _, st in app.library.checked))
        app.view.move_to(2)

        async def find(query: str) -> list:
            await pilot.press("slash")
            assert await until(pilot, lambda: isinstance(app.screen, FinderScreen))
            no_blink(app)
            await type_text(pilot, query)
            assert await until(pilot, lambda: app.screen.query_one("#query").value == query)
            await pilot.pause()
            return [(r.item.statement, r.item.note_id) for r in app.screen.results]

        checked = set(app.checked)
        assert MAY in checked and len(checked) < len(app.article.statements) // 2
        assert {st for st, _ in await find("checked:")} == checked
        assert "In May, the Biden" in screen_text(app)
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, FinderScreen))
        # A rating of one of its fact-checks; none rated False matched.
        half = {st for st, ms in app.checked.items()
                if any(m.check.rating == "Half True" for m in ms)}
        assert MAY in half and {st for st, _ in await find('rating:"half true"')} == half
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, FinderScreen))
        assert await find("rating:false") == []
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, FinderScreen))
        # checked:no: every statement but those checked; enter jumps to a checked one.
        unchecked = {st for st, _ in await find("checked:no")}
        assert unchecked == set(range(len(app.article.statements))) - checked
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, FinderScreen))
        found = await find("checked: biden")
        assert {st for st, _ in found} <= checked and MAY in {st for st, _ in found}
        await pilot.press("enter")
        assert await until(pilot, lambda: not isinstance(app.screen, FinderScreen))
        assert app.view.cursor == found[0][0]
