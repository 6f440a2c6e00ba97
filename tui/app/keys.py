"""The reader's keys as data: one table feeds the bindings, the footer, the help screen and the palette."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Key:
    """A key of the reader: what it does, where it is shown, and its id for the user's keymap."""

    id: str  # "article.next_claim": the name a keymap in config.json gives it
    keys: str  # Textual key names, comma-separated: "J,right_square_bracket"
    action: str  # the action it runs on its owner: "next_claim", "related_step(1)"
    label: str  # short: the footer and the palette's title
    help: str  # what it does: the help screen, tooltips and the palette's help
    group: str  # its section of the help screen
    owner: str = "app"  # "app" or "article" (the article view, when it has focus)
    footer: bool = False
    palette: bool = True
    title: str = ""  # the palette's title, when it is longer than the label

    @property
    def command(self) -> str:
        """Its name in the command palette."""
        return self.title or self.label


READING, NOTES, FIND, VIEW = "Reading", "Notes", "Find and jump", "View"
#: The help screen's sections, in order.
GROUPS = (READING, NOTES, FIND, VIEW)

KEYS: tuple[Key, ...] = (
    Key("article.next", "j,down", "next_statement", "Next statement", "Next statement", READING,
        "article", palette=False),
    Key("article.previous", "k,up", "previous_statement", "Previous statement",
        "Previous statement", READING, "article", palette=False),
    Key("article.next_claim", "J,right_square_bracket", "next_claim", "Next claim",
        "Next claim (skips statements that are not claims)", READING, "article", footer=True),
    Key("article.previous_claim", "K,left_square_bracket", "previous_claim", "Previous claim",
        "Previous claim", READING, "article"),
    Key("article.page_down", "space,pagedown", "page_down", "Page down", "Scroll a page down",
        READING, "article", palette=False),
    Key("article.page_up", "b,pageup", "page_up", "Page up", "Scroll a page up", READING,
        "article", palette=False),
    Key("article.top", "g,home", "top", "First statement", "First statement", READING, "article"),
    Key("article.bottom", "G,end", "bottom", "Last statement", "Last statement", READING,
        "article"),
    Key("app.annotate", "a,enter", "annotate", "Annotate", "Write a note on the current statement",
        NOTES, footer=True),
    Key("app.edit", "e", "edit_note", "Edit note", "Edit the selected note", NOTES),
    Key("app.delete", "d", "delete_note", "Delete note",
        "Delete the selected note (u brings it back)", NOTES),
    Key("app.undo", "u", "undo", "Undo delete", "Bring back the last deleted note", NOTES),
    Key("app.accept", "A", "accept_review", "Accept review",
        "Accept the new text of a note in review", NOTES),
    Key("app.filter", "f", "filter", "Filter",
        "Choose which claims are highlighted (kinds, lowest score)", VIEW, footer=True,
        title="Filter highlights"),
    Key("app.sidebar", "s", "toggle_sidebar", "Sidebar", "Show or hide the sidebar", VIEW,
        footer=True, title="Toggle sidebar"),
    Key("app.export", "x", "export", "Export", "Export the notes as Markdown", NOTES, footer=True,
        title="Export notes"),
    Key("app.focus_next", "tab", "focus_next", "Focus",
        "Move between the article and the notes list", VIEW, palette=False),
    Key("app.find", "slash", "find", "Find",
        "Find a statement or note, in this article or every article read", FIND, footer=True),
    Key("app.related", "r", "related", "Related",
        "Statements that say what this one says, here and in other articles", FIND, footer=True,
        title="Related statements"),
    Key("app.related_next", "n", "related_step(1)", "Next related",
        "Go to the next statement of the last related list", FIND),
    Key("app.related_previous", "N", "related_step(-1)", "Previous related",
        "Go to the previous statement of the last related list", FIND),
    Key("app.back", "ctrl+o,alt+left", "history(-1)", "Back",
        "Go back to where you were before the last jump", FIND),
    Key("app.forward", "alt+right", "history(1)", "Forward", "Go forward again after going back",
        FIND),
    Key("app.help", "question_mark,f1", "help", "Help", "Every key", VIEW, footer=True),
    Key("app.quit", "q", "quit", "Quit", "Leave Margin (notes are already saved)", VIEW,
        footer=True, palette=False),
)

#: Keys that are not bindings of the reader but are worth knowing, for the help screen.
ALSO = (("ctrl+p", "The command palette: every action by name"),
        ("click", "Select the statement clicked"))

_NAMES = {"question_mark": "?", "right_square_bracket": "]", "left_square_bracket": "[",
          "space": "space", "pagedown": "PgDn", "pageup": "PgUp", "enter": "enter",
          "escape": "esc", "slash": "/"}


def bindings(owner: str) -> list[Binding]:
    """The Textual bindings of ``owner`` ("app" or "article"), with ids for keymaps."""
    return [Binding(k.keys, k.action, k.label, show=k.footer, id=k.id, tooltip=k.help)
            for k in KEYS if k.owner == owner]


def key_label(keys: str) -> str:
    """Keys as people read them: ``question_mark,f1`` -> ``? / f1``."""
    return " / ".join(_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def mapped(keymap: Mapping[str, str]) -> Iterable[tuple[Key, str]]:
    """Each key with the keys it has now (the user's keymap applied)."""
    for key in KEYS:
        yield key, keymap.get(key.id, key.keys)


def help_groups(keymap: Mapping[str, str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The help screen's sections: (title, [(keys as shown, what they do)])."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for group in GROUPS:
        groups.append((group, [(key_label(keys), key.help) for key, keys in mapped(keymap)
                               if key.group == group]))
    groups.append(("Everywhere", [(key_label(keys), what) for keys, what in ALSO]))
    return groups


def palette_keys() -> list[Key]:
    """The actions the command palette offers, in the table's order."""
    return [k for k in KEYS if k.palette]
