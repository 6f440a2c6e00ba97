"""The reader opens on the sample article and quits on q."""

from __future__ import annotations

from tests.conftest import SAMPLE
from tui.app.app import MarginApp
from tui.core import article


async def test_opens_the_sample_and_quits():
    app = MarginApp(article.load(str(SAMPLE)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.title == "Ukraine long range missiles"
        assert "19 statements" in app.sub_title
        blocks = [str(w.render()) for w in app.query(".block")]
        assert blocks[0].startswith("As the conflict between Russia and Ukraine")
        await pilot.press("q")
    assert app.return_code == 0
