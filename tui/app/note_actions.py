"""The reader's note actions: write, edit, delete, undo, accept a review — each saved the moment it is
made, and never lost when saving fails."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..core.notes.model import REVIEW, Draft, StoreError
from ..core.notes.place import Placed
from .sidebar import NoteList
from .looks import sentence

if TYPE_CHECKING:  # (the editor is imported when first opened: the first frame needs no TextArea)
    from .note_editor import NoteDraft


#: Where the draft of an edit is kept (with the note's id).
EDIT_PLACE = "edit"


class NoteActions:
    """Mixed into the reader (MarginApp): the actions behind a, enter, e, d, u and A. They use
    the reader's session, record, article, placed notes, view and sidebar."""

    def init_note_actions(self) -> None:
        self._deleted: list[str] = []  # ids of notes deleted here, for u
        self._draft_trouble = False  # keeping a draft failed, and the user was told

    def placed_note(self, note_id: str) -> Placed | None:
        return next((p for p in self.placed if p.note.id == note_id), None)

    def _selected_note(self) -> Placed | None:
        """The note highlighted in the notes list when it has focus (by its id: never another
        note that came to sit where it was), else the first note on the current statement."""
        notes = self.sidebar.query_one("#all-notes", NoteList)
        if notes.has_focus and notes.highlighted_id is not None:
            return self.placed_note(notes.highlighted_id)
        here = self.by_statement.get(self.view.cursor)
        return here[0] if here else None

    def ready_for_notes(self) -> bool:
        """Can notes be written (or changed) now? As soon as the article is segmented and its
        notes store open: its claims may still be being looked for. If not, the user is told."""
        if self.article is None or not self.article.statements:
            self.notify("Still reading the article…" if self.article is None
                        else "This article has no statements to annotate.", markup=False)
            return False
        if self.session is None or self.record is None:
            if self.notes_opened is None:  # (a moment after the statements)
                self.notify("Still opening your notes…", markup=False)
                return False
            why = self.notes_problem or "the analysis failed"
            self.notify(f"Notes are unavailable: {why}.", severity="error", markup=False)
            return False
        # Never a write from an out-of-date copy: a changed article is read again first.
        return not self.article_changed()

    def action_annotate(self) -> None:
        self.annotate()

    def annotate(self, start: NoteDraft | None = None) -> None:
        """Write a note on the current statement, the editor filled with ``start`` (unless
        words written there before and kept unsaved come back)."""
        if not self.ready_for_notes():
            return
        index = self.view.cursor
        article, record, session = self.article, self.record, self.session
        st = article.statements[index]
        quote = self.document.text[st.start:st.end]
        kept = self._kept_draft(index)
        place = kept.place if kept is not None else session.draft_place(article, index)
        keep = self._draft_keeper(place, "", index, quote)

        def saved(draft: NoteDraft | None) -> None:
            if draft is None:
                self._drop_draft(record, place)  # cancelled: the user let the words go
                return
            try:
                done = session.add_note(record, article, index, body=draft.body, tags=draft.tags,
                                        verdict=draft.verdict, evidence=draft.evidence)
            except StoreError as exc:
                self._save_failed(exc, draft, quote, saved, keep)
                return
            self._drop_draft(record, place)
            self._tell_store_news()
            if done.record.id != getattr(self.record, "id", None) and self.record is record:
                self.record = done.record  # the database was replaced: the article is in the new one
            if done.changed:
                where = ("on its sentence in the new text" if done.note.state == "anchored"
                         else "for review: its sentence changed")
                self.reload_article("The article had changed since it was opened: your note "
                                    f"is saved {where}, and the article is read again.")
                return
            self.reload_notes(done.note.id)
            self.notify(f"Note saved on statement {index + 1}.", markup=False)

        from .note_editor import NoteEditor

        title = f"Note on statement {index + 1}"
        self.push_screen(NoteEditor(quote, self._restored(kept) or start, title=title,
                                    unsaved=kept is not None, keep=keep), saved)

    def action_edit_note(self) -> None:
        if not self.ready_for_notes():
            return
        p = self._selected_note()
        if p is None:
            self.notify("No note here to edit: press a to write one.", markup=False)
            return
        note, session, record = p.note, self.session, self.record
        quote = self.document.text[p.start:p.end] if p.start is not None else note.selector.exact
        unsaved = self._kept_draft(None, note.id)
        keep = self._draft_keeper(EDIT_PLACE, note.id, p.statement, quote)

        def saved(draft: NoteDraft | None) -> None:
            if draft is None:
                self._drop_draft(record, EDIT_PLACE, note.id)
                return
            try:
                kept, beside = session.edit_note(note, draft.body, draft.tags, draft.verdict,
                                                 draft.evidence)
            except StoreError as exc:
                self._save_failed(exc, draft, quote, saved, keep)
                return
            self._drop_draft(record, EDIT_PLACE, note.id)
            self.reload_notes(kept.id)
            if beside:
                # Changed elsewhere meanwhile: both are kept, the words just written too.
                self.notify("This note was changed elsewhere meanwhile; your version was saved "
                            "as a new note beside it.", severity="warning", timeout=10,
                            markup=False)
            else:
                self.notify("Note saved.", markup=False)

        from .note_editor import NoteDraft, NoteEditor

        draft = self._restored(unsaved) or NoteDraft(note.body, note.tags, note.verdict,
                                                     note.evidence)
        self.push_screen(NoteEditor(quote, draft, title="Edit note", unsaved=unsaved is not None,
                                    keep=keep), saved)

    def _tell_store_news(self) -> None:
        """What the session learnt while saving (a database replaced and reopened)."""
        session = self.session
        if session is not None:
            for notice in [*session.notices, *session.store.notices]:
                self.notify(sentence(notice), severity="warning", timeout=15, markup=False)
            session.notices.clear()
            session.store.notices.clear()
            session.store.reopened = False  # told here, and the notes read again after the save

    def _save_failed(self, exc: Exception, draft: NoteDraft, quote: str,
                     retry: Callable[[NoteDraft | None], None],
                     keep: Callable[[NoteDraft], None] | None = None) -> None:
        """The store refused the note (a full disk, a read-only folder): the editor opens again
        with the text, and saving it tries again, as often as it takes."""
        from .note_editor import NoteEditor

        self.notify(f"Could not save the note: {exc}. Your text is kept in the editor.",
                    severity="error", timeout=15, markup=False)
        self.push_screen(NoteEditor(quote, draft, title="Note (not saved yet)", unsaved=True,
                                    keep=keep), retry)

    # -- drafts: the words being written, kept as they are typed -------------------------------

    def _draft_keeper(self, place: str, note_id: str, statement: int | None,
                      quote: str) -> Callable[[NoteDraft], None]:
        session, record = self.session, self.record

        def keep(draft: NoteDraft) -> None:
            try:
                session.keep_draft(record, place, note_id, statement, quote, draft.body,
                                   draft.tags, draft.verdict, draft.evidence)
            except StoreError as exc:
                if not self._draft_trouble:  # said once; the words stay in the editor
                    self._draft_trouble = True
                    self.notify(f"Your words cannot be kept as you type ({exc}); they are in "
                                "the editor: save them when you can.", severity="warning",
                                timeout=10, markup=False)
        return keep

    def _drop_draft(self, record, place: str, note_id: str = "") -> None:
        try:
            self.session.drop_draft(record, place, note_id)
        except StoreError:
            pass  # kept, then: offered again next time, never lost

    def _kept_draft(self, index: int | None, note_id: str = "") -> Draft | None:
        """The words kept from an earlier editor on this statement (a new note) or this note."""
        if self.session is None or self.record is None or self.article is None:
            return None
        try:
            drafts = self.session.drafts(self.record)
        except StoreError:
            return None
        if note_id:
            return next((d for d in drafts if d.note_id == note_id), None)
        new = [d for d in drafts if not d.note_id]
        if not new or index is None:
            return None
        article = self.article
        places = {self.session.draft_place(article, i): i for i in range(len(article.statements))}
        st = article.statements[index]
        words = article.document.text[st.start:st.end]
        for d in new:  # its sentence; else the same words moved; else where it was, if gone
            if places.get(d.place) == index or (d.place not in places and d.quote == words):
                return d
        gone = [d for d in new if d.place not in places and d.statement is not None
                and min(d.statement, len(article.statements) - 1) == index]
        return gone[0] if gone else None

    def _restored(self, kept: Draft | None) -> NoteDraft | None:
        if kept is None:
            return None
        from .note_editor import NoteDraft

        self.notify(f"Your unsaved words from {kept.updated[:16].replace('T', ' ')} UTC are back "
                    "in the editor.", timeout=8, markup=False)
        return NoteDraft(kept.body, kept.tags, kept.verdict, kept.evidence)

    def offer_drafts(self) -> None:
        """Say, when an article opens, that words written on it were kept unsaved."""
        try:
            drafts = self.session.drafts(self.record) if self.session and self.record else []
        except StoreError:
            return
        if drafts:
            where = sorted({d.statement + 1 for d in drafts if d.statement is not None})
            them = "it" if len(drafts) == 1 else "them"
            self.notify(f"{len(drafts)} unsaved note{'s' if len(drafts) != 1 else ''} kept from "
                        f"last time (statement {', '.join(map(str, where))}): press a on the "
                        f"statement (e on a note) to finish {them}.", severity="warning",
                        timeout=15, markup=False)

    def action_delete_note(self) -> None:
        if not self.ready_for_notes():
            return
        p = self._selected_note()
        if p is None:
            self.notify("No note here to delete.", markup=False)
            return
        try:
            self.session.delete_note(p.note.id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._deleted.append(p.note.id)
        self.reload_notes()
        self.notify("Note deleted — press u to bring it back.", markup=False)

    def action_undo(self) -> None:
        if not self._deleted or self.session is None:
            self.notify("Nothing to undo.", markup=False)
            return
        note_id = self._deleted.pop()
        try:
            self.session.restore_note(note_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.reload_notes(note_id)
        self.notify("Note restored.", markup=False)

    def action_accept_review(self) -> None:
        if not self.ready_for_notes():
            return
        p = self._selected_note()
        review = p if p is not None and p.note.state == REVIEW else next(
            (q for q in self.placed if q.note.state == REVIEW
             and q.statement == self.view.cursor), None)
        if review is None:
            self.notify("No note in review here.", markup=False)
            return
        try:
            note = self.session.accept_review(review.note)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.reload_notes(note.id)
        self.notify("Note anchored on the new text.", markup=False)
