"""The note editor: a dialog to write a note's Markdown body, tags and verdict on one statement."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic

from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from ..core.notes.model import VERDICTS, Evidence, normalise_tags
from ..core.text import CONTROLS, scrub

#: Shown when ctrl+s is pressed on a note with nothing in it.
EMPTY_NOTICE = "Write something, add a tag or a source, or pick a verdict"
HINT = "ctrl+s save · esc cancel · tab next field"

_TAG_SEPARATORS = re.compile(r"[\s,]+")


def _safe(text: str) -> str:
    """Text with CR dropped and other control characters shown as U+FFFD."""
    # Never sent to the terminal, even if a caller passes text that did not come through loading.
    return CONTROLS.sub(lambda m: "" if m.group() == "\r" else "\ufffd", text)


@dataclass(frozen=True, slots=True)
class NoteDraft:
    """What the editor returns: the body (Markdown), normalised tags and a verdict."""

    body: str
    tags: tuple[str, ...]
    verdict: str
    evidence: tuple[Evidence, ...] = ()  # what the note cites (kept as it was, unless edited)


def parse_sources(text: str, known: tuple[Evidence, ...] = ()
                  ) -> tuple[tuple[Evidence, ...], list[str]]:
    """The sources field (web links, separated by spaces) as evidence, and what in it is not a
    web link. A link the note cited already keeps what was known of it (the day it was read, a
    fact-check's rating); a new one is read today."""
    from datetime import date

    by_url = {e.url: e for e in known}
    found: dict[str, Evidence] = {}
    bad = []
    for token in text.split():
        token = token.strip("<>,")
        if not token:
            continue
        got = by_url.get(token) or Evidence.from_json(
            {"url": token, "accessed": date.today().isoformat()})
        if got is None:
            bad.append(token)
        else:
            found.setdefault(got.url, got)
    return tuple(found.values()), bad


def format_sources(evidence: tuple[Evidence, ...]) -> str:
    return " ".join(e.url for e in evidence)


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags typed as ``#a, b  c``: split on spaces and commas, '#' optional, normalised."""
    return normalise_tags(_TAG_SEPARATORS.split(text))


def format_tags(tags: tuple[str, ...]) -> str:
    """Tags as the tags field shows them: ``#a #b``."""
    return " ".join(f"#{tag}" for tag in tags)


def editor_command() -> str | None:
    """The user's own editor: $VISUAL, else $EDITOR (None when neither is set)."""
    return next((v for v in (os.environ.get("VISUAL"), os.environ.get("EDITOR"))
                 if v and v.strip()), None)


def edit_outside(command: str, text: str) -> tuple[str | None, str]:
    """Let ``command`` (an editor, split as a shell splits it) edit ``text`` in a temporary
    Markdown file only its owner may read, removed afterwards. Returns the text as saved (None
    when it is unchanged: the editor failed, or saved nothing new) and what to tell the user."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        return None, f"Could not read the editor command {command!r}: {exc}."
    if not argv:
        return None, f"The editor command {command!r} names no program."
    name = os.path.basename(argv[0])
    written = text.encode("utf-8", "surrogateescape")
    path = None
    try:
        fd, path = tempfile.mkstemp(prefix="margin-note-", suffix=".md")  # mode 0600
        with os.fdopen(fd, "wb") as out:
            out.write(written)
        status = subprocess.run([*argv, path], check=False).returncode
        if status != 0:
            return None, f"{name} ended with status {status}: the note is unchanged."
        with open(path, "rb") as saved:
            data = saved.read()
    except OSError as exc:
        return None, f"Could not run {name}: {exc.strerror or exc}."
    finally:
        if path is not None:
            try:
                os.unlink(path)
            except OSError:
                pass
    new = data.decode("utf-8", "replace").replace("\r\n", "\n")
    if new.endswith("\n") and not text.endswith("\n"):
        new = new[:-1]  # (editors end the last line)
    new = scrub(new)
    if data == written or new == text:
        return None, f"{name} left the note unchanged."
    return new, f"The note now holds what you wrote in {name}."


def _markdown_language() -> str | None:
    """'markdown' when tree-sitter and its markdown grammar are installed, else plain text."""
    try:
        found = (importlib.util.find_spec("tree_sitter") is not None
                 and importlib.util.find_spec("tree_sitter_markdown") is not None)
    except (ImportError, ValueError):
        found = False
    return "markdown" if found else None


class _Quote(VerticalScroll, can_focus=False):
    """The statement being annotated; scrolls with the mouse when it is long."""


class ConfirmDiscard(ModalScreen[bool]):
    """Asks before unsaved words are thrown away. Dismisses True to discard, False to keep."""

    DEFAULT_CSS = """
    ConfirmDiscard {
        align: center middle;
    }
    ConfirmDiscard > #confirm-dialog {
        width: auto;
        max-width: 60;
        height: auto;
        padding: 1 2;
        background: $surface;
        border: round $warning;
    }
    ConfirmDiscard #confirm-question {
        width: auto;
        text-style: bold;
        margin-bottom: 1;
    }
    ConfirmDiscard #confirm-buttons {
        width: auto;
        height: auto;
    }
    ConfirmDiscard Button {
        margin-right: 2;
    }
    """

    BINDINGS = [
        Binding("y", "discard", "Discard", id="confirm.discard",
                tooltip="Throw the unsaved note away"),
        Binding("n", "keep", "Keep editing", id="confirm.keep",
                tooltip="Go back to the note"),
        Binding("escape", "keep", "Keep editing", id="confirm.cancel", show=False,
                tooltip="Go back to the note"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Label("Discard this note?", id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button("Discard (y)", variant="error", id="discard", compact=True)
                yield Button("Keep editing (n)", variant="primary", id="keep", compact=True)

    def on_mount(self) -> None:
        # Enter on the focused button keeps the note: the safe choice is the default one.
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#discard")
    def action_discard(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)


class NoteEditor(ModalScreen[NoteDraft | None]):
    """Edit one note. Dismisses a ``NoteDraft`` on save, ``None`` on cancel.

    ``quote`` is article text and is shown literally (never parsed as markup). ``draft``
    pre-fills the fields when an existing note is edited.
    """

    AUTO_FOCUS = "#note-body"

    DEFAULT_CSS = """
    NoteEditor {
        align: center middle;
    }
    NoteEditor > #note-dialog {
        width: 100%;
        max-width: 90;
        height: 100%;
        max-height: 28;
        padding: 0 1;
        background: $surface;
        border: round $primary;
        border-title-color: $text;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
    }
    NoteEditor #note-quote {
        height: auto;
        max-height: 4;
        padding: 0 1;
        background: $boost;
        border-left: outer $primary;
        scrollbar-size-vertical: 1;
    }
    NoteEditor #note-quote > Static {
        color: $text-muted;
        text-style: italic;
    }
    NoteEditor #note-body {
        height: 1fr;
        min-height: 4;
        margin-top: 1;
    }
    NoteEditor #note-fields {
        height: auto;
    }
    NoteEditor #note-fields > Label {
        padding: 1 1 0 0;
        color: $text-muted;
    }
    NoteEditor #note-tags {
        width: 1fr;
    }
    NoteEditor #note-sources-row {
        height: auto;
    }
    NoteEditor #note-sources-row > Label {
        padding: 1 1 0 0;
        color: $text-muted;
    }
    NoteEditor #note-sources {
        width: 1fr;
    }
    NoteEditor #note-verdict-label {
        padding-left: 1;
    }
    NoteEditor #note-verdict {
        width: 22;
    }
    NoteEditor #note-notice {
        display: none;
        color: $text-warning;
        text-style: bold;
    }
    NoteEditor.-notice #note-notice {
        display: block;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note.save", tooltip="Save the note and close"),
        Binding("escape", "cancel", "Cancel", id="note.cancel",
                tooltip="Close without saving (asks first if anything changed)"),
        Binding("ctrl+o", "edit_outside", "Your editor", id="note.editor",
                tooltip="Write the note in your own editor ($VISUAL or $EDITOR); Margin waits "
                "until it closes"),
    ]

    #: A draft is kept this long after the last change (and at least this often while typing).
    KEEP_AFTER = 0.8
    KEEP_AT_LEAST = 5.0

    def __init__(self, quote: str, draft: NoteDraft | None = None, title: str = "New note",
                 unsaved: bool = False, keep: Callable[[NoteDraft], None] | None = None) -> None:
        super().__init__()
        #: Called with the fields as they stand, a moment after each change: the draft is kept
        #: (durably) while it is written, so a crash or a closed terminal loses none of it.
        self.keep = keep
        self._kept: NoteDraft | None = draft if unsaved else None
        self._unkept_since: float | None = None
        self._keep_timer: Timer | None = None
        #: The draft is not stored anywhere (saving it failed): leaving asks first, even untouched.
        self.unsaved = unsaved
        self.quote = _safe(quote)
        self.draft = draft
        self.dialog_title = _safe(title)
        self._initial_body = draft.body if draft else ""
        self._initial_tags = draft.tags if draft else ()
        self._initial_tags_text = format_tags(self._initial_tags)
        self._initial_verdict = draft.verdict if draft else VERDICTS[0]
        self._initial_evidence = draft.evidence if draft else ()
        self._initial_sources_text = format_sources(self._initial_evidence)

    # -- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        verdicts = list(VERDICTS)
        if self._initial_verdict not in verdicts:
            # An unknown verdict (from a newer version, say) is offered, never silently changed.
            verdicts.append(self._initial_verdict)
        with Vertical(id="note-dialog") as dialog:
            dialog.border_title = Content(self.dialog_title)
            dialog.border_subtitle = Content(HINT)
            if self.quote.strip():
                with _Quote(id="note-quote"):
                    yield Static(Content(self.quote), markup=False, id="note-quote-text")
            body = TextArea(self._initial_body, language=_markdown_language(), soft_wrap=True,
                            tab_behavior="focus", placeholder="Your note (Markdown)",
                            id="note-body")
            body.border_title = "Note"
            yield body
            with Horizontal(id="note-fields"):
                yield Label("Tags", id="note-tags-label")
                yield Input(self._initial_tags_text, placeholder="#source, policy",
                            id="note-tags")
                yield Label("Verdict", id="note-verdict-label")
                yield Select([(v, v) for v in verdicts], value=self._initial_verdict,
                             allow_blank=False, id="note-verdict")
            with Horizontal(id="note-sources-row"):
                yield Label("Sources", id="note-sources-label")
                yield Input(self._initial_sources_text, id="note-sources",
                            placeholder="https://… the pages you checked, a space between")
            yield Static(Content(EMPTY_NOTICE), markup=False, id="note-notice")

    def on_mount(self) -> None:
        body = self.query_one("#note-body", TextArea)
        body.move_cursor(body.document.end)
        body.focus()
        self.call_after_refresh(self._show_keys)

    def _show_keys(self) -> None:
        """The hint names the keys in force, so a user keymap (App.set_keymap) shows too."""

        def key(binding_id: str, default: str) -> str:
            for key, active in self.active_bindings.items():
                if active.node is self and active.binding.id == binding_id:
                    return "esc" if key == "escape" else key
            return default

        hint = (f"{key('note.save', 'ctrl+s')} save · {key('note.cancel', 'esc')} cancel"
                " · tab next field")
        self.query_one("#note-dialog").border_subtitle = Content(hint)

    # -- reading the fields ------------------------------------------------------------------

    @property
    def changed(self) -> bool:
        """True when anything differs from what the editor opened with (even a space)."""
        return (self.unsaved
                or self.query_one("#note-body", TextArea).text != self._initial_body
                or self.query_one("#note-tags", Input).value != self._initial_tags_text
                or self.query_one("#note-sources", Input).value != self._initial_sources_text
                or self._verdict() != self._initial_verdict)

    def _verdict(self) -> str:
        value = self.query_one("#note-verdict", Select).value
        return value if isinstance(value, str) else self._initial_verdict

    def current_draft(self) -> NoteDraft:
        """The note as the fields stand: body without trailing whitespace, normalised tags."""
        tags_text = self.query_one("#note-tags", Input).value
        # Untouched tags keep their stored form exactly (a tag may hold a comma).
        tags = self._initial_tags if tags_text == self._initial_tags_text else parse_tags(tags_text)
        sources = self.query_one("#note-sources", Input).value
        evidence = (self._initial_evidence if sources == self._initial_sources_text
                    else parse_sources(sources, self._initial_evidence)[0])
        return NoteDraft(body=self.query_one("#note-body", TextArea).text.rstrip(),
                         tags=tags, verdict=self._verdict(), evidence=evidence)

    # -- actions -----------------------------------------------------------------------------

    def action_save(self) -> None:
        draft = self.current_draft()
        notice = self.query_one("#note-notice", Static)
        _, bad = parse_sources(self.query_one("#note-sources", Input).value)
        if bad:  # said, not dropped: the user fixes it (or takes it out)
            notice.update(Content(f"Not a web link (http:// or https://): {bad[0][:60]}"))
            self.add_class("-notice")
            self.query_one("#note-sources", Input).focus()
            return
        if (not draft.body.strip() and not draft.tags and draft.verdict == VERDICTS[0]
                and not draft.evidence):
            notice.update(Content(EMPTY_NOTICE))
            self.add_class("-notice")
            return
        self._stop_keeping()
        self.dismiss(draft)

    def _stop_keeping(self) -> None:
        """The editor is closing with its words decided (saved, or dropped when asked): no
        draft may be kept after that, by a timer or by a change still on its way (a draft
        kept after the save would be offered back for a note already saved)."""
        if self._keep_timer is not None:
            self._keep_timer.stop()
            self._keep_timer = None
        self.keep = None

    def action_edit_outside(self) -> None:
        """The body, written in the user's own editor while Margin steps aside."""
        command = editor_command()
        if command is None:
            self.notify("Set VISUAL or EDITOR (export EDITOR=nano, say) to write notes in your "
                        "own editor.", markup=False)
            return
        body = self.query_one("#note-body", TextArea)
        self.keep_now()  # (the words so far are kept first, whatever the editor does)
        try:
            with self.app.suspend():
                text, said = edit_outside(command, body.text)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand the screen to another program: write the "
                        "note here.", severity="warning", markup=False)
            return
        if text is not None:  # one edit: ctrl+z brings the words back as they were
            body.replace(text, body.document.start, body.document.end)
            body.move_cursor(body.document.end)
        body.focus()
        self.notify(said, markup=False)

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self._stop_keeping()
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), decided)

    # -- events ------------------------------------------------------------------------------

    @on(TextArea.Changed)
    @on(Input.Changed)
    @on(Select.Changed)
    def _hide_notice(self) -> None:
        self.remove_class("-notice")
        self._keep_soon()

    # -- the draft, kept as it is written ------------------------------------------------------

    def _keep_soon(self) -> None:
        if self.keep is None or not self.is_mounted:
            return
        if self._keep_timer is not None:
            self._keep_timer.stop()
        if self._unkept_since is None:
            self._unkept_since = monotonic()
        if monotonic() - self._unkept_since >= self.KEEP_AT_LEAST:
            self.keep_now()
        else:
            self._keep_timer = self.set_timer(self.KEEP_AFTER, self.keep_now)

    def keep_now(self) -> None:
        """Keep the draft now, if it changed since it was last kept."""
        if self._keep_timer is not None:
            self._keep_timer.stop()
            self._keep_timer = None
        self._unkept_since = None
        if self.keep is None or not self.is_mounted or not self.changed:
            return
        draft = self.current_draft()
        if draft != self._kept:
            self.keep(draft)
            self._kept = draft

    @on(Input.Submitted, "#note-sources")
    def _sources_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Input.Submitted, "#note-tags")
    def _tags_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        tags = parse_tags(event.value)
        if event.value != self._initial_tags_text and format_tags(tags) != event.value:
            event.input.value = format_tags(tags)
        self.focus_next()
