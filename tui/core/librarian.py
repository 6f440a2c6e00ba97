"""The library, for both front ends: articles read into it (a file unchanged since it was read is not
read again), and every statement and note of it ready to search, its index kept on disk beside the
notes and changed, never made again, when an article or a note changes."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .load import LoadError
from .load.sniff import MARKDOWN_SUFFIXES, is_url
from .notes.model import (ORPHAN, REVIEW, VERDICTS, DocumentRecord, LibraryEntry, Note,
                          StoredStatement, text_hash)
from .notes.store import Store
from .text import clip, displayable

if TYPE_CHECKING:  # searching (rapidfuzz, an index) is imported only by what searches
    from .document.model import Document
    from .search.library import Library, NoteItem, Query, Statements
    from .search.stored import Shelf

#: What a folder given to ``margin search`` is searched for.
ARTICLE_SUFFIXES = frozenset({".txt", ".text"}) | MARKDOWN_SUFFIXES
#: The library's index, in the data folder beside the notes (see search.stored).
INDEX_NAME = "search.index"
#: The index this process last read or wrote, by its file: a reader asking for the library
#: again (its worker, after each note saved) reads it again only if another process wrote it.
#: Never changed once made (a shelf is replaced, not altered), so threads may share it.
_LAST: tuple[tuple[Path, tuple | None], Shelf] | None = None


def library_key(source: str) -> str:
    """How the library names an input given by the user: a URL as it is, a path made absolute."""
    if source == "-" or source.startswith("stdin:") or is_url(source):
        return source
    return os.path.abspath(os.path.expanduser(source))


class Librarian:
    """Mixed into the Session: uses its store, its notices, how it opens an article (``load``,
    ``analyse``, ``register``) and the reader's corrections (``corrected_statements``)."""

    store: Store
    notices: list[str]
    load: Callable[..., Any]
    analyse: Callable[..., Any]
    register: Callable[..., Any]
    corrected_statements: Callable[..., list]
    #: The index as read from (or last written to) disk by this session.
    _shelf: Shelf | None = None

    @staticmethod
    def parse_query(raw: str) -> Query:
        from .search.library import parse_query

        return parse_query(raw, VERDICTS)

    def register_paths(self, paths: Sequence[str]) -> tuple[list[int], list[str]]:
        """Read, analyse and keep these articles in the library, in one transaction. Returns
        their ids and one line for each that could not be read. A file whose size and times
        are what they were when it was last read here, or whose text is (it was only touched),
        is not analysed again: its article in the library is current."""
        store = self.store
        shelf = self._kept()
        files = dict(shelf.files)
        current = {e.id: e for e in store.catalog()}
        waiting = store.pending_sources()  # (an article with notes waiting for it is opened)
        ids: list[int] = []
        problems: list[str] = []
        touched: list[int] = []
        with store.batch():
            for path in paths:
                key = library_key(path)
                seen = _stamp(key) if path != "-" else None
                was = files.get(key)
                entry = current.get(was[5]) if was and key not in waiting else None
                if entry is not None and not (entry.source == key
                                              and entry.hash == was[6] == entry.analysed):
                    entry = None  # (its text or analysis changed since, or another file shows it)
                if entry is not None and seen == tuple(was[:5]):
                    ids.append(entry.id)
                    touched.append(entry.id)
                    continue
                try:
                    opened = self.load(path)
                except LoadError as exc:
                    problems.append(str(exc))
                    files.pop(key, None)
                    continue
                digest = text_hash(opened.document.text)
                if entry is not None and digest == entry.hash:  # touched, not changed
                    ids.append(entry.id)
                    touched.append(entry.id)
                else:
                    ids.append(self.register(self.analyse(opened.document)).record.id)
                if seen is not None and opened.warning is None:
                    files[key] = (*seen, ids[-1], digest)
                else:
                    files.pop(key, None)
            if touched:
                store.touch(touched)
        if files != shelf.files:
            self._keep(replace(shelf, files=files))
        return ids, problems

    def library(self, document_ids: Sequence[int] | None = None,
                include_notes: bool = True, shown: tuple[int, Document] | None = None) -> Library:
        """Every statement (and note) of the library, or of some documents, ready to search.
        ``shown``: a document the caller holds, and its id: its text is not read again."""
        from .search.library import Library, Statements

        from .checks.store import matched_ratings

        whole, notes = self._whole(shown)
        whole.checked = matched_ratings(self.store.conn)
        documents = whole.documents
        if document_ids is not None:
            wanted = set(document_ids)
            documents = {i: d for i, d in documents.items() if i in wanted}
        if len(documents) == len(whole.documents) and include_notes:
            return whole
        blocks = whole._blocks
        statements = Statements.joined(
            (whole.statements, *blocks[i]) for i in sorted(documents) if i in blocks)
        # (its related index comes along where notes are left out: that is what it is for)
        part = Library.of(documents, statements, notes, VERDICTS, include_notes, whole.kept(),
                          related=not include_notes)
        part.checked = whole.checked
        return part

    def _whole(self, shown: tuple[int, Document] | None) -> tuple[Library, list[NoteItem]]:
        """The whole library, from the index kept on disk: what changed since it was kept (an
        article read, changed or gone; a note written) is changed in it, and it is kept again."""
        from .search.library import Library, NoteItem, Statements
        from .search.stored import Shelf

        store = self.store
        shelf = self._kept()
        catalog = store.catalog()
        documents = {e.id: (e.source, e.title) for e in catalog}
        versions = {e.id: (e.hash, e.analysed) for e in catalog}
        fresh = [i for i, v in versions.items() if shelf.docs.get(i) != v]
        ours = shelf.statements.blocks()
        parts: list[tuple[Statements, int, int]] = []
        if fresh:
            known = {shown[0]: (text_hash(shown[1].text), shown[1].text)} if shown else None
            texts = {i: t for i, (_, _, t) in store.texts(fresh, known).items()}
            read = Statements.of(store.statements(fresh), texts)
            theirs = read.blocks()
            wanted = set(fresh)
            for i in versions:
                if i in wanted:
                    if i in theirs:
                        parts.append((read, *theirs[i]))
                elif i in ours:
                    parts.append((shelf.statements, *ours[i]))
            raw = Statements.joined(parts)
        else:
            raw = shelf.statements if versions.keys() >= ours.keys() else Statements.joined(
                (shelf.statements, *ours[i]) for i in versions if i in ours)
        notes = [NoteItem(n.id, n.document_id, _offset(n), n.body, n.tags, n.verdict)
                 for n in store.all_notes() if n.document_id in documents]
        library = Library.of(documents, self._corrected(raw), notes, VERDICTS, True,
                             shelf.items())
        index = library.index
        made = index.relate is None
        index.prepare_related()  # kept with it: `margin related` needs it at once
        if made or index is not shelf.index or versions != shelf.docs:
            self._keep(Shelf(versions, raw, [n for n, _ in library._noted], index, shelf.files))
        return library, notes

    def _corrected(self, raw: Statements) -> Statements:
        """The statements with the reader's corrections of their speakers and kinds (see
        Correcting.corrected_statements; read for the documents corrected only)."""
        from .search.library import Statements

        wanted = sorted({c.document_id for c in self.store.anchored_corrections()})
        blocks = raw.blocks()
        at = [k for i in wanted if i in blocks for k in range(*blocks[i])]
        if not at:
            return raw
        fixed = self.corrected_statements(
            [StoredStatement(raw.doc[k], raw.idx[k], raw.start[k], raw.end[k], raw.kinds[k],
                             raw.speaker[k], raw.score[k]) for k in at], wanted)
        kinds, speaker = list(raw.kinds), list(raw.speaker)
        for k, st in zip(at, fixed):
            kinds[k], speaker[k] = st.kinds, st.speaker
        return Statements(raw.doc, raw.idx, raw.start, raw.end, kinds, speaker, raw.score,
                          raw.text)

    def _kept(self) -> Shelf:
        """The index kept on disk (read once a session, and not again in this process while
        the file is the one it read or wrote); an empty one if there is none yet, or if it
        cannot be used (said in one line: it is made again)."""
        from .search.stored import Damaged, Shelf, identity, read

        global _LAST
        if self._shelf is None:
            path = self.store.path.parent / INDEX_NAME
            last = _LAST
            if last is not None and last[0] == (path, identity(path)):
                self._shelf = last[1]
                return last[1]
            try:
                got = read(path)
            except Damaged as exc:
                self.notices.append(f"the search index {path} could not be used ({exc}): it is "
                                    "made again")
                got = None
            self._shelf = got[0] if got else Shelf()
            if got:
                _LAST = ((path, got[1]), got[0])
        return self._shelf

    def _keep(self, shelf: Shelf) -> None:
        """Keep the index on disk for the next command. Only a cache: when it cannot be written
        (a full disk, a folder that cannot be written), the next command makes it again."""
        from .search.stored import write

        global _LAST
        self._shelf = shelf
        path = self.store.path.parent / INDEX_NAME
        try:
            _LAST = ((path, write(path, shelf)), shelf)
        except OSError:
            pass

    def library_document(self, ref: str) -> DocumentRecord:
        """A document of the library by its id or its title (whole, or a part only one title
        has; case ignored) — reachable after its file moved or went away. LoadError otherwise."""
        ref = " ".join(ref.split())
        docs = self.store.documents()
        if ref.isdigit():
            found = [d for d in docs if d.id == int(ref)]
            if not found:
                raise LoadError(f"no article {ref} in the library (see 'margin library')")
            return found[0]
        folded = ref.casefold()
        matches = [d for d in docs if d.title.casefold() == folded] or \
                  [d for d in docs if folded and folded in d.title.casefold()]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise LoadError(f"no article titled {displayable(ref)!r} in the library "
                            "(see 'margin library')")
        listed = ", ".join(f"{d.id} ({clip(d.title, 40)})" for d in matches[:5])
        raise LoadError(f"{len(matches)} articles match {displayable(ref)!r}: {listed}"
                        f"{' …' if len(matches) > 5 else ''}; give its id")

    def library_entries(self) -> list[LibraryEntry]:
        """Every document read, with its statement and note counts, latest first."""
        return self.store.library()

    @staticmethod
    def article_files(paths: Sequence[str]) -> list[str]:
        """Files named, and the article files (.txt, .md …) under folders named, recursively.
        A path that does not exist is a LoadError."""
        out: list[str] = []
        for raw in paths:
            path = Path(raw).expanduser()
            if path.is_dir():
                found = sorted(p for p in path.rglob("*")
                               if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
                out.extend(str(p) for p in found)
            elif os.path.lexists(path) or raw == "-":
                out.append(raw)  # a broken link or a loop: loading says what is wrong with it
            else:
                raise LoadError(f"{raw}: no such file or folder")
        return out


def _stamp(path: str) -> tuple[int, int, int, int, int] | None:
    """What a file's size and times are now (and which file it is): when they are what they
    were, it was not written since. None for what is not a regular file."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def _offset(note: Note) -> int | None:
    """Where a note sits in its document's text now (None: detached)."""
    if note.state == ORPHAN:
        return None
    return note.review_start if note.state == REVIEW else note.start
