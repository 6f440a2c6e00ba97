"""What both front ends do, in one place: open an article (one fallback rule), every note operation,
the library, import and export."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from .analysis.article import Article, analyse
from .correcting import Correcting, not_applied
from .document.model import Document
from .document.parse import from_source, parse
from .document.write import to_markdown
from .files import write_atomic
from .librarian import Librarian, library_key
from .load import LoadError
from .load.read import ANNOTATIONS, read_bytes
from .load.source import load
from .notes import markdown_export, markdown_merge, w3c
from .notes.corrections import detected, made
from .notes.imported import edited_elsewhere, has_note
from .notes.markdown_merge import MergeError, Merged
from .notes.model import (ANCHORED, ConflictError, DocumentRecord, Evidence,
                          Draft, Note, Reanchored, Replaced, StaleText, StoreError,
                          data_dir, disk_full, document_key, now, text_hash)
from .notes.listing import histories
from .notes.policy import resolve
from .notes.place import Placed, place
from .notes.reanchor import reanchor
from .notes.schema import DB_NAME
from .notes.selector import describe
from .notes.store import Store
from .text import safe_output, scrub

SAMPLE_NAME = "ukraine-long-range-missiles.txt"
EXPORT_FORMATS = ("markdown", "json")
#: The largest Markdown file an export merges into (50,000 notes make about 40 MB).
MERGE_LIMIT = 256 << 20


def sample_path() -> Path:
    """The bundled sample article: inside the installed package, or seeds/ in a source checkout."""
    from importlib.resources import files

    packaged = files("tui") / "seeds" / SAMPLE_NAME
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "seeds" / SAMPLE_NAME


@dataclass(frozen=True, slots=True)
class Opened:
    """A document as opened, and what the user should be told about how (or None)."""

    document: Document
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class Registered:
    """An article kept in the store: its record, and what following its edits did to its notes
    (None when its text had not changed)."""

    record: DocumentRecord
    reanchored: Reanchored | None = None

    def change_summary(self) -> str | None:
        """One line for the user when notes went to review or were detached, or corrections
        stopped applying; else None."""
        outcome = self.reanchored
        if outcome is None or not (outcome.review or outcome.orphan or outcome.corrections):
            return None
        notes = f"{outcome.anchored} note{'' if outcome.anchored == 1 else 's'}"
        said = [f"{notes} still anchored, {outcome.review} to review, {outcome.orphan} detached"
                ] if outcome.review or outcome.orphan else []
        said += not_applied(outcome.corrections)
        return "the article changed since it was last opened: " + "; ".join(said)


@dataclass(frozen=True, slots=True)
class Saved:
    """A note saved: the note, its document's record, and whether the article had changed
    (the note was found on the newer text): then the front end should reload it."""

    note: Note
    record: DocumentRecord
    changed: bool


@dataclass(frozen=True, slots=True)
class NotesChanged:
    """What changed in a document's notes since they were read: the notes added or changed
    (placed in the article), the ids of those deleted, and the stamp of every note now."""

    placed: list[Placed]
    gone: list[str]
    stamps: dict[str, tuple]


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import did: notes added, already here, and one line per annotation skipped."""

    added: int
    present: int
    skipped: tuple[str, ...]
    #: Notes kept for articles the library does not hold yet, by the article's source.
    waiting: Mapping[str, int] = field(default_factory=dict)
    #: Corrections of statements' speakers and kinds added.
    corrections: int = 0
    #: Notes whose id was here with other words, edited after it: kept as new notes beside it.
    beside: int = 0


class Session(Correcting, Librarian):
    """The notes store, opened when first needed, and everything done with it. One per front end
    (and one per thread: a store's connection is not shared between threads, but on a full disk,
    where it cannot be)."""

    def __init__(self, store: Store | None = None) -> None:
        self._store = store
        #: Things to tell the user about opening the store (a database set aside, a backup failed).
        self.notices: list[str] = []

    @property
    def store(self) -> Store:
        """The store, opened on first use. Raises StoreError (one line) if it cannot be."""
        if self._store is None:
            self._store = Store.open()
            self.notices.extend(self._store.notices)
            self._store.notices.clear()
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- opening an article -------------------------------------------------------------------

    def load(self, source: str, stdin: BinaryIO | None = None) -> Opened:
        """The document at ``source``: a path, ``-``, a URL or a library key (``stdin:sha256:…``).

        The one fallback rule: when the input cannot be read now (a file gone or unreadable, a
        web page out of reach) and the library kept a copy of it, that copy opens, with a
        warning that says why. Otherwise LoadError (one line)."""
        if source.startswith("stdin:"):
            document = self._library_copy(source)
            if document is None:
                raise LoadError(f"{source}: this article came from standard input and is no "
                                "longer in the library")
            return Opened(document)
        try:
            src = load(source, stdin)
            document = from_source(src)
        except LoadError as exc:
            if source == "-":
                raise
            document = self._library_copy(library_key(source))
            if document is None:
                raise
            return Opened(document, f"{exc}; showing the copy kept in the library")
        return Opened(document, "; ".join(src.notices) or None)

    def _library_copy(self, source: str) -> Document | None:
        """The copy of a document the library kept, if there is a library and it has one."""
        if self._store is None and not (data_dir() / DB_NAME).exists():
            return None  # no library yet: nothing to fall back on, and nothing to create
        try:
            store = self.store
            record = store.find_document(source)
            if record is None:
                return None
            markup, fmt = store.stored_markup(record.id)
        except StoreError:
            return None
        if markup:
            return parse(markup, fmt, source=record.source, name=record.title)
        return parse(record.text, "text", source=record.source, name=record.title)

    @staticmethod
    def analyse(document: Document, progress: Callable[[str], None] | None = None,
                cancelled: Callable[[], bool] | None = None,
                segmented: Callable[[Article], None] | None = None) -> Article:
        """Statements and claims; ``segmented`` gets the statements before the claims are found
        (see analysis.article.analyse)."""
        return analyse(document, progress, cancelled, segmented)

    def register(self, article: Article) -> Registered:
        """Keep the article in the library (its statements and claims, for search) and bring its
        notes onto its current text: each follows its sentence, or goes to review, or is
        detached — never silently moved."""
        doc = article.document
        store = self.store
        record, changed = store.open_document(document_key(doc), doc.title, doc.text,
                                              doc.markup, doc.format)
        outcome = None
        joined = 0
        try:  # notes imported before this article was in the library join it now
            joined = store.take_pending(record.id, document_key(doc), doc.text)
        except StoreError as exc:
            if not disk_full(exc):
                raise
        if joined:
            self.notices.append(f"{joined} imported note{'s' if joined != 1 else ''} waiting "
                                "for this article joined it")
        if changed or joined:
            try:
                moved = reanchor(store, record.id, doc.text)
                outcome = moved if changed else None  # (what changed, not who joined)
            except StoreError as exc:
                if not disk_full(exc):
                    raise
                self.notices.append("the disk is full: the notes could not be moved onto the "
                                    "article's new text (they are shown where they are found)")
            else:
                record = store.document(record.id)
        self.keep_analysis(record, article)
        self.notices.extend(store.notices)
        store.notices.clear()
        return Registered(record, outcome)

    def keep_analysis(self, record: DocumentRecord, article: Article) -> bool:
        """Keep the article's statements and claims in the library, for search (as many as were
        analysed: the library holds no more of one article) — not while its claims are still
        pending: registered on its statements alone, an article is kept again once they come.
        Bookkeeping: on a full disk, not made. True when something was written."""
        if article.pending:
            return False
        try:
            return self.store.save_analysis(record.id, article.document.text,
                                            islice(article.statements, article.analysed),
                                            islice(detected(article), article.analysed))
        except StoreError as exc:
            if not disk_full(exc):
                raise
            return False

    def open(self, source: str, stdin: BinaryIO | None = None) -> tuple[Opened, Article, Registered]:
        """Load, analyse and register an article (its claims with the reader's corrections):
        what every command on one article does."""
        opened = self.load(source, stdin)
        article = self.analyse(opened.document)
        registered = self.register(article)
        return opened, self.corrected(article, registered.record), registered

    # -- notes --------------------------------------------------------------------------------

    def notes(self, record: DocumentRecord) -> list[Note]:
        return self.store.notes(record.id)

    def placed(self, article: Article, record: DocumentRecord) -> list[Placed]:
        """The document's notes, where each sits in the article now, in document order."""
        return place(article, self.store.notes(record.id))

    def placed_changes(self, article: Article, record: DocumentRecord,
                       known: Mapping[str, tuple]) -> NotesChanged:
        """The document's notes that changed since ``known`` (each note shown, by id, with its
        ``place.stamp``): only those are read and placed; 10,000 unchanged notes cost a query."""
        stamps = self.store.note_stamps(record.id)
        changed = [i for i, s in stamps.items() if known.get(i) != s]
        gone = [i for i in known if i not in stamps]
        placed = place(article, self.store.notes_by_id(changed)) if changed else []
        return NotesChanged(placed, gone, stamps)

    def add_note(self, record: DocumentRecord, article: Article, statement: int, body: str = "",
                 tags: Iterable[str] = (), verdict: str = "unverified",
                 evidence: Iterable[Evidence] = ()) -> Saved:
        """A note on statement ``statement`` (0-based) of ``article``: on disk when this returns.

        Its place is given with the hash of the text it was read on. When the store holds
        another text for the article now (it changed on disk and another command read it),
        the note is found on that text through its selector — on its own sentence if it
        followed, else in review there — and the caller is told to reload (``changed``). When
        the database at the data path was replaced (a backup restored), the store reopens it
        and the article is registered there before the note is written."""
        st = article.statements[statement]
        text = article.document.text
        selector = describe(text, st.start, st.end)
        try:
            evidence = tuple(evidence)
            note = self._retrying(lambda r: self.store.add_note(
                r.id, selector, body=body, tags=tags, verdict=verdict, statement=statement,
                text_hash=text_hash(text), evidence=evidence), record, article)
            return Saved(note, self._record_of(note), False)
        except StaleText as exc:
            found = resolve(exc.current, selector, old_text=text)
            if found.state == ANCHORED:
                note = self.store.add_note(record.id, describe(exc.current, found.start, found.end),
                                           body=body, tags=tags, verdict=verdict,
                                           text_hash=text_hash(exc.current), evidence=evidence)
            else:
                note = self.store.add_note(
                    record.id, selector, body=body, tags=tags, verdict=verdict,
                    statement=statement, text_hash=text_hash(text), evidence=evidence,
                    review=(found.state, found.start, found.end, found.reason, found.candidates))
            return Saved(note, self._record_of(note), True)

    def _retrying(self, write, record: DocumentRecord, article: Article | None):
        """``write(record)``; if the database was replaced meanwhile (nothing was written),
        once more on the new one, with the article registered there."""
        try:
            return write(record)
        except Replaced:
            self.notices.extend(self.store.notices)
            self.store.notices.clear()
            if article is not None:
                record = self.register(article).record
            return write(record)

    def _record_of(self, note: Note) -> DocumentRecord:
        return self.store.document(note.document_id)

    # -- drafts: notes being written, kept as they are typed -------------------------------------

    @staticmethod
    def draft_place(article: Article, statement: int) -> str:
        """The key a draft on this statement is kept under: its words and their context."""
        st = article.statements[statement]
        sel = describe(article.document.text, st.start, st.end)
        return "s:" + text_hash("\x1f".join((sel.prefix, sel.exact, sel.suffix)))[:32]

    def keep_draft(self, record: DocumentRecord, place: str, note_id: str, statement: int | None,
                   quote: str, body: str, tags: Iterable[str], verdict: str,
                   evidence: Iterable[Evidence] = ()) -> None:
        """Keep the words being written (durably: a crash, a closed terminal lose none of
        them). Not a note: it is offered back in the editor, until saved or dropped."""
        self.store.save_draft(Draft(record.id, place, note_id, statement, quote, body,
                                    tuple(tags), verdict, now(), tuple(evidence)))

    def drafts(self, record: DocumentRecord) -> list[Draft]:
        """The drafts kept for this document, latest first."""
        return self.store.drafts(record.id)

    def drop_draft(self, record: DocumentRecord, place: str, note_id: str = "") -> None:
        self.store.delete_draft(record.id, place, note_id)

    def edit_note(self, note: Note, body: str, tags: Iterable[str], verdict: str,
                  evidence: Iterable[Evidence] | None = None) -> tuple[Note, bool]:
        """Save an edit of ``note`` as read. If it was changed or deleted elsewhere meanwhile (or
        is not in a database that replaced the one it was read from), the edit is kept as a new
        note beside it, never written over it: returns (the note saved, True) then."""
        try:
            evidence = None if evidence is None else tuple(evidence)
            return self._retrying(lambda _: self.store.update_note(
                note, body=body, tags=tags, verdict=verdict, evidence=evidence), None, None), False
        except StoreError as exc:
            if not isinstance(exc, ConflictError) and "no note" not in str(exc):
                raise
            copy = self.store.add_note(note.document_id, note.selector, body=body, tags=tags,
                                       verdict=verdict, statement=note.statement,
                                       text_hash=note.text_hash or None,
                                       evidence=note.evidence if evidence is None else evidence)
            return copy, True

    def find_note(self, id_or_prefix: str) -> Note:
        return self.store.find_note(id_or_prefix)

    def delete_note(self, note_id: str) -> Note:
        return self._retrying(lambda _: self.store.delete_note(note_id), None, None)

    def restore_note(self, note_id: str) -> Note:
        return self._retrying(lambda _: self.store.restore_note(note_id), None, None)

    def accept_review(self, note: Note) -> Note:
        """Keep a note in review on its edited sentence, in its document's current text."""
        return self._retrying(lambda _: self.store.accept_review(
            note, self.store.document(note.document_id).text), None, None)

    def document_changed(self, record: DocumentRecord) -> bool:
        """Does the store hold another text for this document than ``record`` has (another
        command read a newer version of it), or none (it was joined with another document that
        holds its text, and reading it again finds that one)? A database replaced is not this
        question: the store says it apart (``reopened``)."""
        current = self.store.current_hash(record.id)
        if current is None:
            return not self.store.reopened
        return current != record.hash

    def notes_version(self) -> int:
        """A number that changes when another Margin (or ``margin notes add``) changes notes."""
        return self.store.data_version()

    # -- out and in ---------------------------------------------------------------------------

    def export(self, article: Article, record: DocumentRecord, format: str = "markdown",
               notes: Sequence[Note] | None = None) -> str:
        """The document's notes (or those given) as Markdown or W3C Web Annotation JSON."""
        notes = self.store.notes(record.id) if notes is None else notes
        history = histories(self.store.conn) if format == "json" else None
        return self.export_notes(article, record, notes, format, history=history)

    @staticmethod
    def export_chunks(article: Article, record: DocumentRecord, notes: Sequence[Note],
                      format: str = "markdown", wikilinks: bool = False,
                      history: dict[str, list[dict]] | None = None) -> Iterable[str]:
        """``export_notes``' text in pieces, each made as it is asked for: written to a stream,
        the W3C JSON of 50,000 notes (66 MB) is never held whole."""
        if format == "json":
            return w3c.collection_chunks(record, notes, article.document.title, made(article),
                                         history)
        return [Session.export_notes(article, record, notes, format, wikilinks)]

    @staticmethod
    def export_notes(article: Article, record: DocumentRecord, notes: Sequence[Note],
                     format: str = "markdown", wikilinks: bool = False,
                     history: dict[str, list[dict]] | None = None) -> str:
        """These notes as Markdown or W3C Web Annotation JSON (no store needed; the JSON holds
        the corrections the article carries too, and ``history``: a desk's history of each
        note, notes.listing.histories). ``wikilinks``: speakers as ``[[links]]``."""
        if format == "json":
            return w3c.collection_text(record, notes, article.document.title, made(article),
                                       history)
        return markdown_export.to_markdown(article, record, notes, now(), wikilinks)

    @staticmethod
    def export_markdown(path: Path, article: Article, record: DocumentRecord,
                        notes: Sequence[Note], wikilinks: bool | None = None) -> Merged:
        """Write these notes as Markdown to ``path``, keeping what the user wrote there: into a
        file exported before, each note's region is replaced (deleted notes' removed, new ones
        added in the article's order) and Margin's front matter keys, every other line kept
        (``markdown_merge``). MergeError (a ValueError, one line) for a file that holds lines
        but no note exported by Margin, or markers it cannot pair: nothing is written then.
        ``wikilinks``: speakers as ``[[links]]``; None: as the file had them (a new file not)."""
        import stat

        parsed = None
        try:
            info = path.stat()
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISREG(info.st_mode):  # (a device or pipe is written to)
            if info.st_size > MERGE_LIMIT:
                raise MergeError(f"it is over {MERGE_LIMIT >> 20} MB, so it is not replaced: "
                                 "export to another file")
            try:
                parsed = markdown_merge.parse(path.read_bytes().decode("utf-8"))
            except UnicodeDecodeError:
                raise MergeError("it is not UTF-8 text, so it is not replaced: export to "
                                 "another file") from None
        if wikilinks is None:
            wikilinks = parsed is not None and markdown_export.uses_wikilinks(parsed)
        fresh = markdown_export.export_parts(article, record, notes, now(), wikilinks)
        if parsed is None:
            merged = Merged(markdown_merge.render(fresh), added=len(fresh.regions))
        else:
            merged = markdown_merge.merge(parsed, fresh)
        Session.write(path, merged.text)
        return merged

    @staticmethod
    def as_markdown(document: Document) -> str:
        """The article as Markdown with front matter (what ``margin cat`` prints)."""
        return to_markdown(document)

    @staticmethod
    def write(path: Path, content: str) -> None:
        """Write an export whole or not at all (through links, into devices and pipes), through
        the output sanitizer (no control character reaches a file either)."""
        write_atomic(path, safe_output(content))

    @staticmethod
    def export_path(document: Document, cwd: Path | None = None) -> Path:
        """Where the reader offers to export notes: beside the article, or here."""
        here = cwd or Path.cwd()
        source = document.source
        if source and not source.startswith("<") and Path(source).is_absolute():
            path = Path(source)
            # Named after the article, less what no name should carry (it is shown to be edited).
            name = safe_output(scrub(path.stem)) + ".notes.md"
            if path.resolve() == sample_path().resolve():
                # The bundled sample lives inside the installed package: notes on it go where
                # the user is, not into site-packages.
                return here / name
            return path.with_name(name)
        return here / "margin-notes.md"

    def import_w3c(self, source: str, stdin: BinaryIO | None = None) -> Imported:
        """Notes from a W3C Web Annotation file (``-``: standard input). Importing twice adds
        nothing. No other file is read: a note goes to its article in the library (by source,
        else the one article holding its words with their context), or waits, detached with
        its quote, until that article is opened."""
        # The same guarded read as articles: size limit, pipes, devices, permissions.
        data, _, _ = read_bytes(str(Path(source).expanduser()) if source != "-" else "-", stdin,
                                ANNOTATIONS)
        try:
            raw = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LoadError(f"{source}: not W3C annotation JSON (not UTF-8 text)") from None
        try:
            notes, skipped = w3c.parse_w3c(w3c.loads(raw))
        except (json.JSONDecodeError, w3c.NotAnnotations) as exc:
            raise LoadError(f"{source}: not W3C annotation JSON ({exc})") from None
        except RecursionError:  # nested deeper than Python's stack allows
            raise LoadError(f"{source}: not W3C annotation JSON (nested too deeply)") from None
        store = self.store
        added = present = fixed = beside = 0
        waiting: dict[str, int] = {}
        documents: dict[str, int | None] = {}
        texts: dict[int, tuple[str, str, str]] | None = None
        for item in notes:
            if item.source not in documents:
                # Only articles the library holds: an import reads no file but its own.
                record = store.find_document(item.source)
                if record is None:
                    texts = store.texts() if texts is None else texts
                    record = _holding(store, texts, item.selector)
                documents[item.source] = record.id if record else None
            doc_id = documents[item.source]
            if item.kinds is not None:  # a correction of a statement, not a note
                fixed += self.import_correction(doc_id, item, skipped)
                continue
            if store.is_pending(item.id):
                present += 1
                continue
            try:
                here = store.note(item.id)
            except StoreError:
                here = None
            if here is not None:
                if doc_id is None or not edited_elsewhere(here, item) or any(
                        not edited_elsewhere(store.note(r[0]), item, newer=False)
                        for r in store.conn.execute(
                            "SELECT id FROM notes WHERE conflict_of = ?", (item.id,))):
                    present += 1  # (or kept beside it by an earlier import of this file)
                    continue
                # The same note edited elsewhere after this one: its words are not lost, nor
                # written over these, but kept beside them (as a desk keeps a conflict).
                try:
                    copy = store.add_note(doc_id, item.selector, body=item.body, tags=item.tags,
                                          verdict=item.verdict, created=item.modified,
                                          evidence=item.evidence)
                    with store._transaction():
                        store.conn.execute("UPDATE notes SET conflict_of = ? WHERE id = ?",
                                           (item.id, copy.id))
                except (ValueError, OverflowError) as exc:
                    skipped.append(f"note {item.id}: {exc}")
                    continue
                beside += 1
                continue
            try:
                if doc_id is None:  # kept, detached with its quote, until its article is opened
                    store.add_pending(item.id, item.source, item.selector, item.body, item.tags,
                                      item.verdict, item.created, item.evidence)
                    waiting[item.source] = waiting.get(item.source, 0) + 1
                    continue
                store.add_note(doc_id, item.selector, body=item.body, tags=item.tags,
                               verdict=item.verdict, note_id=item.id, created=item.created,
                               evidence=item.evidence)
            except (ValueError, OverflowError) as exc:  # what the store will not hold
                skipped.append(f"note {item.id}: {exc}")
                continue
            except sqlite3.IntegrityError:  # another import put it there since it was looked for
                if not (store.is_pending(item.id) or has_note(store, item.id)):
                    raise
                present += 1
                continue
            added += 1
        for record_id in {d for d in documents.values() if d is not None}:
            reanchor(store, record_id, store.document(record_id).text)
        return Imported(added, present, tuple(skipped), waiting, fixed, beside)

    # -- backups ------------------------------------------------------------------------------

    def backups(self) -> tuple[Path, list[Path]]:
        """The backups folder and the backups in it, oldest first."""
        return self.store.backup_dir(), self.store.backups()

    def restore_backup(self, name: str) -> tuple[Path, Path]:
        """Put a backup back; returns (where the replaced database was kept, the backup)."""
        return self.store.restore_backup(name)


def _holding(store: Store, texts: Mapping[int, tuple[str, str, str]],
             selector) -> DocumentRecord | None:
    """The one document of the library whose text holds the note's words with their context
    (a file moved or renamed since the notes were exported); None if none, or several, do."""
    whole = selector.prefix + selector.exact + selector.suffix
    found = [doc_id for doc_id, (_, _, text) in texts.items() if whole in text]
    return store.document(found[0]) if len(found) == 1 else None
