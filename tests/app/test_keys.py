"""The key table: every key runs an action its owner has, ids are unique, and the bindings, the
help screen and the palette all come from it."""

from __future__ import annotations

from tests.app.helpers import SIZE, make_app, ready, screen_text, type_text, until
from tui.app.app import MarginApp
from tui.app.article_view import ArticleView
from tui.app.keys import KEYS, bindings, help_groups, key_label, palette_keys


def test_every_key_names_an_action_of_its_owner_and_a_unique_id():
    owners = {"app": MarginApp, "article": ArticleView}
    for key in KEYS:
        name = key.action.split("(")[0]
        assert callable(getattr(owners[key.owner], f"action_{name}", None)), key.id
        assert key.id.startswith(f"{key.owner}.") and key.help and key.label
    assert len({k.id for k in KEYS}) == len(KEYS)
    assert len({(k.owner, k.keys) for k in KEYS}) == len(KEYS)


def test_bindings_help_and_palette_come_from_the_table():
    assert [b.id for b in MarginApp.BINDINGS] == [k.id for k in KEYS if k.owner == "app"]
    assert [b.id for b in ArticleView.BINDINGS] == [k.id for k in KEYS if k.owner == "article"]
    assert [b.id for b in bindings("app")] == [b.id for b in MarginApp.BINDINGS]
    shown = {what for _, rows in help_groups({}) for _, what, _ in rows}
    assert {k.help for k in KEYS} <= shown
    remapped = dict(help_groups({"article.next_claim": "ctrl+n"}))["Reading"]
    next_claim = next(k for k in KEYS if k.id == "article.next_claim")
    assert ("ctrl+n", next_claim.help, "article.next_claim") in remapped
    assert key_label("question_mark,f1") == "? or f1"
    assert all(k.palette for k in palette_keys())


async def test_every_palette_command_is_offered_and_runs():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "last statement")
        assert await until(pilot, lambda: "Last statement" in screen_text(app))
        await pilot.press("enter")
        assert await until(pilot, lambda: app.view.cursor == len(app.article.statements) - 1)
