"""The links of a statement and their addresses, in a dialog that opens one only when asked."""

from __future__ import annotations

import urllib.parse

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core.text import clip, scrub
from .dialogs import DIALOG_CSS, DialogBox

#: The addresses a browser is asked to open: the web and mail. Anything else (a file, a script,
#: an app's own scheme) is shown but never handed to the system.
OPENABLE = frozenset({"http", "https", "mailto"})
#: The longest address shown whole (a longer one ends in an ellipsis; the whole one is opened).
SHOWN = 500


def shown_address(href: str) -> str:
    """An address as it may be shown: one line, no control character (it is the article's)."""
    return clip(scrub(href), SHOWN)


def openable(href: str) -> bool:
    """May this address be handed to the browser? Only web and mail addresses, and only ones
    holding no control character or space (they are shown as they are opened)."""
    if not href or href != scrub(href) or any(c.isspace() for c in href):
        return False
    return urllib.parse.urlsplit(href).scheme.lower() in OPENABLE



def browser_problem() -> str | None:
    """Why a link cannot be opened from here, or None. Python's webbrowser finds no browser on
    a machine without one (and says nothing when asked to open); a text browser (lynx, w3m)
    would run in this very terminal, over the reader."""
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return "there is no web browser here to open it with"
    if type(browser) is webbrowser.GenericBrowser:  # a console browser, run in the foreground
        return f"the only browser here ({browser.name}) would run inside this terminal"
    return None

class LinksScreen(ModalScreen[None]):
    """The links of the current statement: each link's text and its address as plain text.
    Nothing is opened by showing them: ``o`` or enter opens the highlighted one (a web or mail
    address only), ``esc`` closes."""

    DEFAULT_CSS = DIALOG_CSS.format(name="LinksScreen") + """
    LinksScreen OptionList { height: auto; max-height: 16; }
    LinksScreen .hint { margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="links.close", tooltip="Close, opening nothing"),
        Binding("o", "open", "Open", id="links.open",
                tooltip="Open the highlighted link in the browser"),
    ]

    def __init__(self, links: list[tuple[str, str]]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        count = len(self.links)
        with DialogBox():
            yield Static(Content(f"Links in this statement ({count})" if count > 1
                                 else "The link in this statement"), classes="title")
            options = []
            for text, href in self.links:
                # Both are the article's: Content shows them as they are, never as markup.
                prompt = Content.assemble((clip(scrub(text), 200) or "(no text)", "bold"), "\n",
                                          (shown_address(href) or "(no address)",
                                           "$text-muted" if not openable(href) else ""))
                options.append(Option(prompt))
            yield OptionList(*options, id="links")
            yield Static(Content("↑↓ choose · o or enter opens it in your browser · esc closes"),
                         classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def action_close(self) -> None:
        self.dismiss(None)

    def action_open(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.open(index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open(event.option_index)

    def open(self, index: int) -> None:
        """Open link ``index`` in the browser, if it is a web or mail address."""
        if not 0 <= index < len(self.links):
            return
        href = self.links[index][1]
        if not openable(href):
            self.app.notify(f"Not opened: {shown_address(href) or 'no address'} is not a web "
                            "or mail address.", severity="warning", markup=False)
            return
        problem = None if self.app.is_web else browser_problem()
        if problem:
            # Said, and the dialog stays: the address is on the screen to copy.
            self.app.notify(f"Not opened: {problem}.", severity="warning", markup=False)
            return
        self.app.open_url(href)
        self.app.notify(f"Opening {shown_address(href)}", markup=False)
        self.dismiss(None)
