"""The reader on a desk: a teammate's note (another machine, another data folder) shows in the
sidebar by itself, with its author; a note written here reaches the desk without a command."""

from __future__ import annotations

from tests.app.helpers import SIZE, make_app, ready, sample_document, screen_text, type_text, until
from tui.core.desk.sync import sync
from tui.core.notes.selector import describe
from tui.core.notes.store import Store


async def test_a_teammates_note_shows_in_the_reader_with_its_author(tmp_path, desk_url,
                                                                    monkeypatch):
    monkeypatch.setenv("MARGIN_STORE_URL", desk_url)
    doc = sample_document()
    other = Store.open(tmp_path / "teammate", backup=False)  # the other machine
    record, _ = other.open_document("/home/ben/ukraine.txt", doc.title, doc.text)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert await until(pilot, lambda: app._desk is not None and app._desk.online)
        first = doc.text.index("The White House")
        end = doc.text.index(".", first) + 1
        note = other.add_note(record.id, describe(doc.text, first, end),
                              body="Ben: confirmed with the Pentagon", verdict="supported")
        sync(other, desk_url, "Ben Okafor")
        assert await until(pilot, lambda: any(p.note.id == note.id for p in app.placed))
        there = next(p.statement for p in app.placed if p.note.id == note.id)
        while app.view.cursor < there:
            await pilot.press("j")
        text = screen_text(app)
        assert "Ben: confirmed with the Pentagon" in text and "by Ben Okafor" in text
        # The teammate changes the verdict: who changed it, and to what, shows by itself.
        other.update_note(other.note(note.id), verdict="misleading")
        sync(other, desk_url, "Ben Okafor")
        assert await until(pilot, lambda: "verdict supported (Ben Okafor" in screen_text(app)
                           and "→ misleading (Ben Okafor" in screen_text(app))
        # And back: a note written here reaches the teammate's machine.
        await pilot.press("a")
        await type_text(pilot, "Ana: the second source agrees")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: sync(other, desk_url, "Ben Okafor").taken == 1
                           or any(n.body == "Ana: the second source agrees"
                                  for n in other.notes(record.id)))
    other.close()
