"""Command palette providers: jump to any statement of the article by typing its words."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content

from ..core.text import clip


class StatementsProvider(Provider):
    """Statements of the open article, found by the library's fuzzy index (typos are fine)."""

    async def search(self, query: str) -> Hits:
        from ..core.search.highlight import highlight

        app = self.app
        library = getattr(app, "library", None)
        record = getattr(app, "record", None)
        if library is None or record is None or not query.strip():
            return
        for result in library.search(query, limit=20, document_id=record.id):
            if result.item.note_id is not None:
                continue
            text = clip(result.statement_text, 160)
            shown = Content(text)
            for start, end in highlight(query, text):
                if start < len(shown.plain):
                    shown = shown.stylize("bold underline", start, min(end, len(shown.plain)))
            # Article text goes in as Content: never read as markup.
            display = Content.assemble((f"Go to statement {result.item.statement + 1}: ", "dim"),
                                       shown)
            yield Hit(result.match / 100, display,
                      partial(app.jump_to_statement, result.item.statement),
                      text=f"Go to statement {result.item.statement + 1}")
