"""The reader's keys as data: one table feeds the bindings, the footer, the help screen, the palette
and the check of the user's keymap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from textual.binding import Binding
from textual.keys import _character_to_key, format_key  # as App.set_keymap reads key names
from textual.widgets import Footer

from ..core.text import safe_output


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
    #: 0: not in the footer. Otherwise its rank there: when the terminal is too narrow for every
    #: key, the highest ranks leave first (Help and Quit, rank 1, stay).
    footer: int = 0
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
        "Next claim (skips statements that are not claims, and claims below the filter's "
        "lowest score: v shows them)", READING, "article", footer=2),
    Key("article.previous_claim", "K,left_square_bracket", "previous_claim", "Previous claim",
        "Previous claim", READING, "article"),
    Key("article.page_down", "space,pagedown", "page_down", "Page down", "Scroll a page down",
        READING, "article", palette=False),
    Key("article.page_up", "b,pageup", "page_up", "Page up", "Scroll a page up", READING,
        "article", palette=False),
    Key("article.top", "g,home", "top", "First statement", "First statement", READING, "article"),
    Key("article.bottom", "G,end", "bottom", "Last statement", "Last statement", READING,
        "article"),
    Key("article.links", "l", "links", "Links",
        "The links in the current statement and their addresses (one opens only from there)",
        READING, "article", title="Show links"),
    Key("app.copy_citation", "y", "copy_citation", "Copy citation",
        "Copy the current statement as a quotation: who said it (their own words only: a "
        "paraphrase is the article's), the article's title, its link (to the statement itself) "
        "or file name, its date", READING,
        title="Copy the statement as a citation"),
    Key("app.annotate", "a,enter", "annotate", "Annotate", "Write a note on the current statement",
        NOTES, footer=2),
    Key("app.edit", "e", "edit_note", "Edit note", "Edit the selected note", NOTES),
    Key("app.delete", "d", "delete_note", "Delete note",
        "Delete the selected note (u brings it back)", NOTES),
    Key("app.undo", "u", "undo", "Undo",
        "Bring back the last deleted note, or undo the last correction (whichever came last)",
        NOTES,
        title="Undo delete or correction"),
    Key("app.accept", "A", "accept_review", "Accept review",
        "Accept the new text of a note in review", NOTES),
    Key("app.correct", "c", "correct", "Correct",
        "Correct who said the current statement and what kinds of claim it is (what the "
        "detector said stays shown beside it)", NOTES, title="Correct speaker and kinds"),
    Key("app.next_check", "m", "next_check", "Fact-checks",
        "Step through the published fact-checks that match the current statement (the sidebar "
        "writes out the chosen one: rating, publisher, date, their wording, the link)", FIND,
        title="Next matching fact-check"),
    Key("app.cite_check", "M", "cite_check", "Cite fact-check",
        "Write a note on the current statement citing its chosen fact-check as evidence", NOTES,
        title="Cite the fact-check in a note"),
    Key("app.filter", "f", "filter", "Filter",
        "Choose which claims are highlighted (kinds, lowest score)", VIEW, footer=5,
        title="Filter highlights"),
    Key("app.show_all", "v", "show_all", "All claims",
        "Show every claim, whatever its score (again: only the check-worthy ones)", VIEW,
        title="Show every claim / only check-worthy ones"),
    Key("app.sidebar", "s", "toggle_sidebar", "Sidebar", "Show or hide the sidebar", VIEW,
        footer=3, title="Toggle sidebar"),
    Key("app.export", "x", "export", "Export", "Export the notes as Markdown", NOTES, footer=5,
        title="Export notes"),
    Key("app.focus_next", "tab", "focus_next", "Focus",
        "Move between the article and the notes list", VIEW, palette=False),
    Key("app.find", "slash", "find", "Find",
        "Find a statement or note, in this article or every article read", FIND, footer=2),
    Key("app.related", "r", "related", "Related",
        "Statements that say what this one says, here and in other articles", FIND, footer=4,
        title="Related statements"),
    Key("app.related_next", "n", "related_step(1)", "Next related",
        "Go to the next statement of the last related list", FIND),
    Key("app.related_previous", "N", "related_step(-1)", "Previous related",
        "Go to the previous statement of the last related list", FIND),
    Key("app.back", "ctrl+o,alt+left", "history(-1)", "Back",
        "Go back to where you were before the last jump", FIND),
    Key("app.forward", "alt+right", "history(1)", "Forward", "Go forward again after going back",
        FIND),
    Key("app.help", "question_mark,f1", "help", "Help",
        "Every key, and the id that moves it in a keymap", VIEW, footer=1),
    Key("app.quit", "q", "quit", "Quit", "Leave Margin (notes are already saved)", VIEW,
        footer=1, palette=False),
)

#: Keys that are not bindings of the reader but are worth knowing, for the help screen.
ALSO = (("ctrl+p", "The command palette: every action by name"),
        ("click", "Select the statement clicked"))

#: Keys Textual binds before any of the reader's (priority bindings): what they do.
RESERVED = {"ctrl+p": "opens the command palette", "ctrl+q": "quits"}

#: Where people read a key otherwise than Textual shows it.
_SHOWN = {"enter": "enter", "pagedown": "PgDn", "pageup": "PgUp"}

#: The prefixes of the ids in KEYS: an unknown id with one of them is a typo in a keymap.
_OWNERS = ("app.", "article.")


def key_names(keys: str) -> tuple[str, ...]:
    """Textual's names of comma-separated keys, as ``App.set_keymap`` reads them: a single
    character is named ("?" -> "question_mark", "/" -> "slash"); empty parts are dropped."""
    parts = (part.strip() for part in keys.split(","))
    return tuple(_character_to_key(p) if len(p) == 1 else p for p in parts if p)


def key_name(key: str) -> str:
    """One key as people read it: ``slash`` -> ``/``, ``ctrl+question_mark`` -> ``ctrl+?``,
    ``down`` -> ``↓``. Whatever a keymap holds, nothing in it can steer the terminal."""
    modifiers, plus, name = key.rpartition("+")
    if plus and not name:  # "ctrl++", "+"
        modifiers, name = modifiers.rstrip("+"), "+"
    shown = _SHOWN.get(name) or format_key(name)
    return safe_output(f"{modifiers}+{shown}" if modifiers else shown)


def key_label(keys: str | Iterable[str]) -> str:
    """Keys as people read them: ``question_mark,f1`` -> ``? or f1`` ("/" is a key, so it
    cannot also be the separator)."""
    names = key_names(keys) if isinstance(keys, str) else keys
    return " or ".join(key_name(k) for k in names)


def bindings(owner: str) -> list[Binding]:
    """The Textual bindings of ``owner`` ("app" or "article"), with ids for keymaps."""
    return [Binding(k.keys, k.action, k.label, show=bool(k.footer), id=k.id, tooltip=k.help)
            for k in KEYS if k.owner == owner]


def _wanted(keymap: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Each id -> the keys the keymap (or else the table) gives it."""
    return {k.id: key_names(keymap.get(k.id, k.keys)) for k in KEYS}


def effective(keymap: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Each id -> the keys that run it, the user's keymap applied. A key given to two bindings
    runs one, as Textual decides: the article's over the app's (the article has the focus while
    reading), then a remapped binding over one whose default key it took (Textual unbinds
    that); the other loses the key, so no key is listed twice."""
    wanted = _wanted(keymap)
    runs = dict.fromkeys(RESERVED, "")
    for key in sorted(KEYS, key=lambda k: (k.owner != "article", k.id not in keymap)):
        for name in wanted[key.id]:
            runs.setdefault(name, key.id)
    return {i: tuple(n for n in names if runs[n] == i) for i, names in wanted.items()}


def keymap_problems(keymap: Mapping[str, str]) -> list[str]:
    """What is wrong in a user's keymap, one short phrase each: a key given to two bindings
    (which ids, and which one the key runs), a key Textual keeps for itself, an id of the
    reader that does not exist (a typo does nothing)."""
    known = {k.id for k in KEYS}
    problems = [f"no key has the id {name!r}" for name in keymap
                if name.startswith(_OWNERS) and name not in known]
    wanted, runs = _wanted(keymap), effective(keymap)
    holders: dict[str, list[str]] = {}
    for key in KEYS:
        for name in wanted[key.id]:
            holders.setdefault(name, []).append(key.id)
    for name, ids in holders.items():
        if name in RESERVED:
            problems.append(f"{key_name(name)} {RESERVED[name]}: {' and '.join(ids)} "
                            "cannot have it")
        elif len(ids) > 1 and any(i in keymap for i in ids):
            winner = next(i for i in ids if name in runs[i])
            problems.append(f"{key_name(name)} is both {' and '.join(ids)} (it runs {winner})")
    return problems


#: A row of the help screen: (keys as shown, what they do, the binding's id or "").
Row = tuple[str, str, str]


def help_groups(keymap: Mapping[str, str],
                dialogs: Iterable[tuple[str, Binding]] = ()) -> list[tuple[str, list[Row]]]:
    """The help screen's sections: (title, rows). Each key is listed once, where it works (see
    ``effective``). ``dialogs``: (where, binding) for the editor and dialogs, a last section."""
    runs = effective(keymap)
    groups: list[tuple[str, list[Row]]] = []
    for group in GROUPS:
        groups.append((group, [(key_label(runs[k.id]), k.help, k.id)
                               for k in KEYS if k.group == group]))
    groups.append(("Everywhere", [(key_label(keys), what, "") for keys, what in ALSO]))
    rows = [(key_label(keymap.get(b.id, b.key)), f"{where}: {b.tooltip or b.description}", b.id)
            for where, b in dialogs if b.id]
    if rows:
        groups.append(("In the note editor and dialogs", rows))
    return groups


def palette_keys() -> list[Key]:
    """The actions the command palette offers, in the table's order."""
    return [k for k in KEYS if k.palette]


class KeysFooter(Footer):
    """The footer, keeping the keys a new user needs most when the terminal is narrow: keys
    leave by their rank in KEYS (``Key.footer``, highest first) until the others fit beside the
    palette's key; Help and Quit leave last. Keys stay in the table's order."""

    async def recompose(self) -> None:
        async with self.batch():  # fitted before the footer is painted
            await super().recompose()
            self.fit()

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """Show the keys that fit in the footer's width, the most needed first."""
        ranks = {k.action: k.footer for k in KEYS if k.footer}
        keys = list(self.query_children("FooterKey"))
        if not keys or not self.size.width:
            return
        size = self.app.size

        def width(key) -> int:
            return (key.get_content_width(size, size) + key.styles.gutter.width
                    + key.styles.margin.width)

        room = self.size.width - sum(width(k) for k in keys if k.has_class("-command-palette"))
        shown = set()
        for key in sorted((k for k in keys if not k.has_class("-command-palette")),
                          key=lambda k: ranks.get(k.action, len(KEYS))):
            room -= width(key)
            if room < 0:
                break
            shown.add(key)
        for key in keys:
            key.display = key in shown or key.has_class("-command-palette")
