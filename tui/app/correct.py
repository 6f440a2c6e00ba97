"""Correcting a statement in the reader: who said it and what kinds of claim it is, in a small
dialog (c); saved at once, shown everywhere over what was detected, undone with u."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from ..core.analysis.article import Article
from ..core.analysis.claims import KINDS, Claim
from ..core.correcting import Changed
from ..core.notes.corrections import (MAX_SPEAKER, CorrectedClaims, Correction, applied_at,
                                      described, detected, waiting)
from ..core.notes.model import StoreError
from ..core.text import clip
from .dialogs import DIALOG_CSS, DialogBox, KindBox
from .looks import badge, label, sentence


@dataclass(frozen=True, slots=True)
class Chosen:
    """What the dialog was closed with: a speaker (None: no one) and kinds, or ``restore``: the
    detected values again."""

    speaker: str | None
    kinds: tuple[str, ...]
    restore: bool = False


class CorrectScreen(ModalScreen[Chosen | None]):
    """Correct one statement: its speaker (a field; empty says no one) and its kinds (a box
    each), what the detector said shown under them. Saves on enter, cancels on esc; "Restore
    detected" takes a correction away."""

    DEFAULT_CSS = DIALOG_CSS.format(name="CorrectScreen") + """
    CorrectScreen .title { margin: 1 0 0 0; }
    CorrectScreen #quote { color: $text-muted; text-style: italic; margin-bottom: 1;
                           max-height: 2; }
    CorrectScreen .label { text-style: bold; }
    CorrectScreen #detected { color: $text-muted; }
    CorrectScreen #waiting { text-style: bold; margin-bottom: 1; }
    CorrectScreen #kinds-label { margin-top: 1; }
    CorrectScreen KindBox, CorrectScreen KindBox:focus {
        border: none;
        height: 1;
        padding: 0;
        background: $surface;
    }
    CorrectScreen KindBox:focus > .toggle--button {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    CorrectScreen KindBox:focus > .toggle--label {
        background: $surface;
        color: $text;
        text-style: bold underline;
    }
    CorrectScreen Horizontal { margin: 0; }
    CorrectScreen .hint { margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="correct.cancel", tooltip="Close without changes"),
        Binding("enter,ctrl+s", "save", "Save", id="correct.save",
                tooltip="Save the speaker and kinds as your correction"),
        Binding("ctrl+r", "restore", "Restore detected", id="correct.restore",
                tooltip="Take the correction away: what the detector said is shown again"),
        Binding("down", "app.focus_next", "Next", show=False, id="correct.next",
                tooltip="The next field or box"),
        Binding("up", "app.focus_previous", "Previous", show=False, id="correct.previous",
                tooltip="The previous field or box"),
    ]

    def __init__(self, number: int, quote: str, found: Claim, speaker: str | None,
                 kinds: tuple[str, ...], corrected: bool = False,
                 earlier: Correction | None = None) -> None:
        """Statement ``number`` (1-based) reading ``quote``; ``found``: what was detected;
        ``speaker`` and ``kinds``: what the fields start with; ``corrected``: a correction is
        shown now; ``earlier``: a correction of an earlier version of the sentence, waiting."""
        super().__init__()
        self.number = number
        self.quote = quote
        self.found = found
        self.speaker = speaker
        self.kinds = kinds
        self.shown = corrected
        self.corrected = corrected or earlier is not None
        self.earlier = earlier

    def compose(self) -> ComposeResult:
        with DialogBox():
            yield Static(Content(f"Correct statement {self.number:,}"), classes="title")
            yield Static(Content(clip(self.quote, 120)), id="quote")
            if self.earlier is not None:
                yield Static(Content("Your correction of an earlier version of this sentence "
                                     "is filled in: save to apply it here."), id="waiting")
            yield Label(Content("Who said it (empty: no one)"), classes="label")
            yield Input(self.speaker or "", id="speaker", placeholder="no speaker",
                        max_length=MAX_SPEAKER)
            yield Static(Content(f"detected: {described(self.found.speaker, self.found.kinds)}"),
                         id="detected")
            yield Label(Content("What kind of claim (none: not a claim)"), classes="label",
                        id="kinds-label")
            for kind in KINDS:
                yield KindBox(Content.assemble(badge(kind), f" {label(kind)}"),
                              kind in self.kinds, id=f"kind-{kind}")
            yield Static(Content("↑ ↓ move · space toggles · enter saves · esc cancels"),
                         classes="hint")
            with Horizontal():
                if self.corrected:  # (only a correction waiting: it is let go)
                    yield Button("Discard it" if self.earlier is not None and not self.shown
                                 else "Restore detected", id="restore")
                yield Button("Cancel", id="cancel")
                yield Button("Save", variant="primary", id="save")

    def on_mount(self) -> None:
        field = self.query_one("#speaker", Input)
        field.focus()
        field.cursor_position = len(field.value)

    def action_save(self) -> None:
        kinds = tuple(k for k in KINDS if self.query_one(f"#kind-{k}", Checkbox).value)
        self.dismiss(Chosen(self.query_one("#speaker", Input).value.strip() or None, kinds))

    def action_restore(self) -> None:
        if self.corrected:
            self.dismiss(Chosen(None, (), restore=True))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"save": self.action_save, "restore": self.action_restore}.get(
            event.button.id or "", self.action_cancel)()


def _signature(article: Article) -> tuple:
    """What the corrections shown on an article are (changes when any is made, undone, moved)."""
    claims = article.claims
    if not isinstance(claims, CorrectedClaims):
        return ()
    return (tuple(sorted((i, a.correction.id, a.correction.modified)
                         for i, a in claims.applied.items())),
            tuple((w.correction.id, w.correction.state, w.statement) for w in claims.waiting))


class CorrectActions:
    """Mixed into the reader (MarginApp): c, the undo of a correction with u, and the article's
    claims kept corrected as they come, as corrections are made, and as other writers make
    them. Uses the reader's session, record, article, view, sidebar and note actions."""

    def init_corrections(self) -> None:
        #: Corrections made here, newest last, each with how many deleted notes u could bring
        #: back when it was made (so u undoes whichever came last: see action_undo).
        self._corrections_done: list[tuple[Changed, int]] = []
        self._told_waiting: object = None  # the document whose waiting corrections were said

    # -- the article's claims, corrected -----------------------------------------------------

    def with_corrections(self, article: Article) -> Article:
        """``article`` with the reader's corrections over its claims (as it is, while its
        claims or the notes store are still to come, or the store cannot be read)."""
        if article.pending or self.session is None or self.record is None:
            return article
        try:
            fixed = self.session.corrected(article, self.record)
        except (StoreError, sqlite3.Error):
            return article
        self._tell_waiting(fixed)
        return fixed

    def refresh_corrections(self) -> bool:
        """Read the corrections again and, if they changed, show them: the page, the sidebar,
        the notes' claims and (indexed again) the finder. True when something changed."""
        article = self.article
        if article is None or article.pending or self.session is None or self.record is None:
            return False
        fixed = self.with_corrections(article)
        if _signature(fixed) == _signature(article):
            return False
        self.article = fixed
        self.view.set_analysis(fixed.statements, fixed.claims)
        self._claims_to_notes(fixed)
        self._show_current()
        if self.library is not None:
            self.build_library()  # @speaker and kind: find what the reader says now
        return True

    def _tell_waiting(self, article: Article) -> None:
        """Say once, when an article opens, that some of its corrections no longer apply."""
        late = waiting(article)
        if not late or self._told_waiting is article.document:
            return
        self._told_waiting = article.document
        review = [w.statement + 1 for w in late if w.statement is not None]
        gone = len(late) - len(review)
        parts = []
        if review:
            parts.append(f"statement {', '.join(map(str, review[:5]))}"
                         f"{' …' if len(review) > 5 else ''} (the sentence changed: c there "
                         "shows it)")
        if gone:
            parts.append(f"{gone} whose sentence is gone (margin correct ARTICLE lists "
                         f"{'it' if gone == 1 else 'them'})")
        self.notify(f"{len(late)} of your corrections of speakers and kinds "
                    f"{'is' if len(late) == 1 else 'are'} not applied: {'; '.join(parts)}.",
                    severity="warning", timeout=10, markup=False)

    # -- c ------------------------------------------------------------------------------------

    def action_correct(self) -> None:
        """Correct the current statement's speaker and kinds."""
        if not self.ready_for_notes():
            return
        article, session, record = self.article, self.session, self.record
        index = self.view.cursor
        if article.pending or index >= article.analysed:
            self.notify("Still finding claims: a statement is corrected once they are in."
                        if article.pending else "This statement is past those analysed for "
                        "claims: there is nothing to correct.", markup=False)
            return
        found = detected(article)[index]
        shown = applied_at(article, index)
        earlier = next((w.correction for w in reversed(waiting(article))
                        if w.statement == index), None)
        start = shown.correction if shown is not None else earlier
        speaker, kinds = (start.speaker, start.kinds) if start else (found.speaker, found.kinds)
        st = article.statements[index]

        def chosen(choice: Chosen | None) -> None:
            if choice is None:
                return
            try:
                changed = (session.uncorrect(record, article, index) if choice.restore else
                           session.correct(record, article, index, choice.speaker, choice.kinds))
            except (ValueError, StoreError) as exc:
                self.notify(f"Could not save the correction: {exc}.", severity="error",
                            timeout=10, markup=False)
                return
            if not changed.before and changed.after is None:
                self.notify("Nothing to correct: that is what was detected.", markup=False)
                return
            self._corrections_done.append((changed, len(self._deleted)))
            self.refresh_corrections()
            what = (f"corrected: {changed.after.describe()}" if changed.after is not None
                    else "shows what was detected again")
            self.notify(f"Statement {index + 1:,} {what} (u undoes it).", markup=False)

        self.push_screen(CorrectScreen(index + 1, article.document.text[st.start:st.end], found,
                                       speaker, kinds, shown is not None, earlier), chosen)

    def action_undo(self) -> None:
        """u: undo the last correction, or bring back the last deleted note — whichever came
        last, as one history (what a reader expects of one undo key)."""
        done = self._corrections_done
        if not done or done[-1][1] < len(self._deleted) or self.session is None:
            super().action_undo()  # type: ignore[misc]  (NoteActions's)
            return
        changed, _ = done.pop()
        try:
            self.session.undo_correction(changed)
        except StoreError as exc:
            done.append((changed, len(self._deleted)))
            self.notify(sentence(str(exc)), severity="error", markup=False)
            return
        self.refresh_corrections()
        self.notify(f"Correction of statement {changed.statement + 1:,} undone.", markup=False)
