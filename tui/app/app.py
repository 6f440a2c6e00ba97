"""The Margin reader (a first screen: the article and its claim count; the full reader follows)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from ..core.article import Article


class MarginApp(App):
    """Shows one analysed article."""

    TITLE = "Margin"
    BINDINGS = [Binding("q", "quit", "Quit", id="quit", tooltip="Leave Margin")]

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

    def compose(self) -> ComposeResult:
        doc = self.article.document
        self.title = doc.title
        claims = sum(1 for c in self.article.claims if c.is_claim)
        self.sub_title = f"{len(self.article.statements)} statements · {claims} claims"
        yield Header()
        with VerticalScroll():
            for block in doc.blocks:
                yield Static(Content(doc.text[block.start:block.end]), markup=False,
                             classes="block")
        yield Footer()


def run(article: Article, args=None) -> int:
    MarginApp(article).run()
    return 0
