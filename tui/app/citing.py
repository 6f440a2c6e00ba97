"""``y``: the current statement copied as a quotation — who said it, the article's title, its
link or file, its date — to paste in a draft, a chat or a fact-check."""

from __future__ import annotations

from functools import partial

from ..core.text import clip

#: The notice shows the citation with its quote cut to SHOWN_QUOTE characters (so that who said
#: it and where show too), and SHOWN characters of it at most (the clipboard holds all of it).
SHOWN_QUOTE, SHOWN = 40, 110


class Citing:
    """Mixed into the reader (MarginApp): the action behind ``y`` and its palette command."""

    def citing_here(self):
        """``cite`` given the current statement (call it for the text), or None (and the user
        told why)."""
        from ..core.notes.citation import cite  # (imported when first asked for)

        statements = self.view.statements
        if not statements:
            self.notify("Still reading the article…" if self.article is None
                        else "This article has no statements to copy.", markup=False)
            return None
        index = min(self.view.cursor, len(statements) - 1)
        st = statements[index]
        document, article = self.document, self.article
        claim = None
        if article is not None and not article.pending and index < len(article.claims):
            claim = article.claims[index]  # (the reader's correction of its speaker, if any)
        # The statement's quotations are its speaker's own words; the rest is the writer's.
        quoted = [document.text[m.start:m.end] for m in getattr(claim, "marks", ())
                  if m.kind == "quote"]
        return partial(cite, document.text[st.start:st.end], quoted=quoted,
                       speaker=getattr(claim, "speaker", None), title=document.title,
                       source=document.meta_value("url") or document.source,
                       date=document.meta_value("date"))

    def action_copy_citation(self) -> None:
        citing = self.citing_here()
        if citing is None:
            return
        self.copy_to_clipboard(citing())
        # Article text: shown as text, never read as markup.
        self.notify(f"Copied: {clip(citing(limit=SHOWN_QUOTE), SHOWN)}", markup=False)
