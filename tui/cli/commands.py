"""The commands of ``margin``: each calls the session and prints what it did."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from ..core.text import json_array_chunks, json_text
from .parser import CliError

if TYPE_CHECKING:
    from ..core.analysis.article import Article
    from ..core.notes.model import DocumentRecord
    from ..core.session import Session

# ---------------------------------------------------------------- shared by the commands


def _session() -> Session:
    from ..core.session import Session

    return Session()


def _store(session: Session):
    """The session's store, opened now; its notices go to stderr. A store that cannot be opened
    is the command's error."""
    from ..core.notes.model import StoreError

    try:
        store = session.store
    except StoreError as exc:
        raise CliError(str(exc)) from None
    _tell(session)
    return store


def _tell(session: Session) -> None:
    for notice in session.notices:
        _warn(notice)
    session.notices.clear()


def _stdin_for(source: str):
    if source == "-":
        if sys.stdin is None or sys.stdin.closed:
            raise CliError("no standard input to read the article from")
        return sys.stdin.buffer
    return None


def _load(session: Session, source: str):
    """The article's Document (from the library's copy, with a warning, if it cannot be read)."""
    opened = session.load(source, _stdin_for(source))
    _tell(session)
    if opened.warning:
        _warn(opened.warning)
    return opened.document


def _analysed(session: Session, document) -> Article:
    """The article analysed; what the user should know of how (a long one is analysed only up
    to a limit) is said on stderr."""
    article = session.analyse(document)
    if article.notice():
        _warn(f"warning: {article.notice()}")
    return article


def _remember(session: Session, article: Article) -> None:
    """Keep the article in the library (its notes follow it); a command that does not need the
    store goes on without it, with a warning."""
    from ..core.notes.model import StoreError

    try:
        registered = session.register(article)
    except StoreError as exc:
        _tell(session)
        _warn(f"warning: {exc}")
        return
    _tell(session)
    if registered.change_summary():
        _warn(registered.change_summary())


def _open(session: Session, source: str) -> tuple[Article, DocumentRecord]:
    """Load, analyse and register an article: its notes are re-anchored if its text changed."""
    from ..core.notes.model import StoreError

    article = _analysed(session, _load(session, source))
    _store(session)
    try:
        registered = session.register(article)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    _tell(session)
    if registered.change_summary():
        _warn(registered.change_summary())
    return article, registered.record


def _open_named(session: Session, args: argparse.Namespace) -> tuple[Article, DocumentRecord]:
    """The article a command names: PATH, or ``--document`` ID or TITLE from the library (its
    file read if it is still there, else the library's copy)."""
    if args.document is not None and args.path is not None:
        raise CliError("give PATH or --document, not both")
    if args.document is None:
        if args.path is None:
            raise CliError("say which article: PATH, or --document ID (see 'margin library')")
        return _open(session, args.path)
    _store(session)
    return _open(session, session.library_document(args.document).source)


def _statement(article: Article, number: int):
    """Statement ``number`` (1-based, as the user gives it) of the article, or a one-line error."""
    count = len(article.statements)
    if not 1 <= number <= count:
        raise CliError(f"no statement {number}: the article has "
                       f"{count} statement{'s' if count != 1 else ''}")
    return article.statements[number - 1]


def _warn(message: str) -> None:
    print(f"margin: {' '.join(message.split())}", file=sys.stderr)


def _print_json(data) -> None:
    sys.stdout.write(json_text(data) + "\n")


def _width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


def _fit(text: str, width: int) -> str:
    """``text`` on one line in at most ``width`` terminal cells (an ellipsis where it is cut)."""
    from rich.cells import cell_len, set_cell_size

    text = " ".join(text.split())
    return text if cell_len(text) <= width else set_cell_size(text, max(0, width - 1)).rstrip() + "…"


def _pad(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells."""
    from rich.cells import set_cell_size

    return set_cell_size(_fit(text, width), width)


def _short_kinds(kinds: Sequence[str]) -> str:
    from ..core.analysis.claims import KIND_INFO

    return " ".join(KIND_INFO[k].short for k in kinds) or "-"


# ---------------------------------------------------------------- reading


def cmd_read(args: argparse.Namespace) -> int:
    from ..core.session import sample_path

    source = args.article or str(sample_path())
    with _session() as session:
        opened = session.load(source, _stdin_for(source))
        notices = list(session.notices)
    if not _is_terminal(sys.stdout):
        raise CliError("the reader needs a terminal and standard output is not one; print the "
                       "article with 'margin cat' or its claims with 'margin claims'")
    if source == "-" or not _is_terminal(sys.stdin):
        _keyboard_from_terminal()
    from ..app.app import run

    return run(opened.document, warnings=[*notices, *([opened.warning] if opened.warning else [])])


def _is_terminal(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed
        return False


def _keyboard_from_terminal() -> None:
    """After the article came on stdin, the reader takes its keys from the terminal (as less
    and toolong do)."""
    try:
        tty = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        raise CliError("the reader takes its keys from a terminal and there is none (standard "
                       "input is not one); use 'margin claims' or 'margin cat' to print the "
                       "article instead") from None
    os.dup2(tty, 0)
    os.close(tty)
    sys.stdin = open(0, "r", closefd=False)


def cmd_claims(args: argparse.Namespace) -> int:
    with _session() as session:
        article = _analysed(session, _load(session, args.path))
        _remember(session, article)
    rows = (c for c in article.claims if c.score >= args.min_score)
    if not args.json:
        rows = list(rows)
    text = article.document.text
    if args.json:
        for chunk in json_array_chunks(
                {"index": c.index + 1, "start": c.start, "end": c.end,
                 "text": text[c.start:c.end], "kinds": list(c.kinds), "speaker": c.speaker,
                 "cue": c.cue, "score": c.score, "reasons": list(c.reasons)} for c in rows):
            sys.stdout.write(chunk)
        sys.stdout.write("\n")
        return 0
    kinds = [_short_kinds(c.kinds) for c in rows]
    speakers = [c.speaker or "-" for c in rows]
    from rich.cells import cell_len

    kind_w = max([5] + [len(k) for k in kinds])
    speaker_w = min(30, max([7] + [cell_len(s) for s in speakers]))
    num_w = max(1, len(str(rows[-1].index + 1))) if rows else 1
    text_w = max(10, _width() - (num_w + kind_w + speaker_w + 5 + 4 * 2))
    print(f"{'#':>{num_w}}  {'kinds':<{kind_w}}  {_pad('speaker', speaker_w)}  score  text")
    for c, k, s in zip(rows, kinds, speakers):
        print(f"{c.index + 1:>{num_w}}  {k:<{kind_w}}  {_pad(s, speaker_w)}  "
              f"{c.score:5.2f}  {_fit(text[c.start:c.end], text_w)}")
    return 0


def cmd_cat(args: argparse.Namespace) -> int:
    with _session() as session:
        document = _load(session, args.source)
        sys.stdout.write(session.as_markdown(document))
        sys.stdout.flush()
        _remember(session, _analysed(session, document))
    return 0


# ---------------------------------------------------------------- notes


def _placed_json(p, text: str) -> dict:
    n = p.note
    out = {
        "id": n.id,
        "state": n.state,
        "verdict": n.verdict,
        "tags": list(n.tags),
        "statement": None if p.statement is None else p.statement + 1,
        "quote": n.selector.exact,
        "body": n.body,
        "created": n.created,
        "modified": n.modified,
        "revision": n.revision,
    }
    if n.state == "review" and p.start is not None:
        out["now"] = text[p.start:p.end]
        out["review_reason"] = n.review_reason
        out["also_at"] = [i + 1 for i in p.also]  # other statements with the same words
    return out


def cmd_notes(args: argparse.Namespace) -> int:
    from ..core.notes.model import StoreError

    with _session() as session:
        try:
            return _notes(session, args)
        except StoreError as exc:
            raise CliError(str(exc)) from None


def _notes(session: Session, args: argparse.Namespace) -> int:
    if args.notes_command == "add":
        article, record = _open(session, args.path)
        st = _statement(article, args.statement)
        note = session.add_note(record, article, st.index, body=args.text, tags=args.tag or (),
                                verdict=args.verdict).note
        print(f"added note to statement {args.statement}: {note.id}", flush=True)
        return 0
    if args.notes_command == "list":
        article, record = _open_named(session, args)
        placed = session.placed(article, record)
        text = article.document.text
        if args.json:
            _print_json([_placed_json(p, text) for p in placed])
        else:
            _print_notes_table(placed)
        return 0
    if args.notes_command not in ("rm", "restore", "accept"):
        raise CliError("say what to do with notes: add, list, rm, restore or accept")
    _store(session)
    note = session.find_note(args.id)
    if args.notes_command == "rm":
        note = session.delete_note(note.id)
        print(f"deleted note {note.id} (undo: margin notes restore {note.id})")
    elif args.notes_command == "restore":
        note = session.restore_note(note.id)
        print(f"restored note {note.id}")
    else:
        note = session.accept_review(note)
        print(f"accepted note {note.id} on its edited sentence")
    return 0


def _print_notes_table(placed) -> None:
    from rich.cells import cell_len

    if not placed:
        print("no notes on this article yet (add one: margin notes add PATH --statement N --text ...)")
        return
    print(f"{'#':>4}  {'id':<8}  {'state':<8}  {'verdict':<13}  {'tags':<14}  quote — note")
    for p in placed:
        n = p.note
        number = "-" if p.statement is None else str(p.statement + 1)
        tags = _pad(" ".join("#" + t for t in n.tags), 14)
        head = f"{number:>4}  {n.id[:8]}  {n.state:<8}  {n.verdict:<13}  {tags}  "
        shown = "“" + " ".join(n.selector.exact.split()) + "”"
        if p.also:
            shown += f" (also at #{', #'.join(str(i + 1) for i in p.also)})"
        if n.body.strip():
            shown += " — " + n.body
        print(head + _fit(shown, max(10, _width() - cell_len(head))))


def cmd_export(args: argparse.Namespace) -> int:
    with _session() as session:
        article, record = _open_named(session, args)
        notes = session.notes(record)
        content = session.export(article, record, args.format, notes)
    if args.output in (None, "-"):
        sys.stdout.write(content)
        return 0
    target = Path(args.output).expanduser()
    try:
        session.write(target, content)
    except OSError as exc:
        raise CliError(f"cannot write {target}: {exc.strerror or exc}") from None
    print(f"exported {len(notes)} note{'s' if len(notes) != 1 else ''} to {target}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ..core.notes.model import StoreError

    with _session() as session:
        try:
            _store(session)
            done = session.import_w3c(args.file, _stdin_for(args.file))
        except StoreError as exc:
            raise CliError(str(exc)) from None
    for line in done.skipped:
        _warn(f"skipped {line}")
    waiting = sum(done.waiting.values())
    print(f"imported {done.added} note{'s' if done.added != 1 else ''}"
          f" ({done.present} already here, {len(done.skipped)} skipped"
          + (f", {waiting} waiting for their article" if waiting else "") + ")")
    for source, count in sorted(done.waiting.items()):
        _warn(f"{count} note{'s' if count != 1 else ''} for {source} wait{'s' if count == 1 else ''}"
              " until that article is opened (an import reads no other file)")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from ..core.notes.model import StoreError

    with _session() as session:
        _store(session)
        try:
            if args.restore:
                aside, restored = session.restore_backup(args.restore)
                print(f"restored {restored.name}; the database it replaced is kept at {aside}")
                return 0
        except StoreError as exc:
            raise CliError(str(exc)) from None
        folder, backups = session.backups()
    if not backups:
        print(f"no backups yet in {folder}")
        return 0
    print(f"backups in {folder} (newest last; restore one with "
          "'margin backups --restore NAME'):")
    for path in backups:
        print(f"  {path.name}  {path.stat().st_size // 1024} KB")
    return 0


# ---------------------------------------------------------------- library, search, related


def _show_results(results, as_json: bool) -> None:
    if as_json:
        out = []
        for r in results:
            row = {"document": r.source, "title": r.title, "index": r.item.statement + 1,
                   "text": r.statement_text, "score": r.match, "speaker": r.item.speaker,
                   "kinds": list(r.item.kinds)}
            if r.item.note_id is not None:
                row["note"] = {"id": r.item.note_id, "body": r.text}
            out.append(row)
        _print_json(out)
        return
    if not results:
        print("no matches")
        return
    from rich.cells import cell_len

    for r in results:
        where = f"{_fit(r.title, 22)} #{r.item.statement + 1}"
        head = f"{r.match:5.1f}  {_pad(where, 28)}  {_pad(_short_kinds(r.item.kinds), 12)}  "
        body = r.statement_text
        if r.item.note_id is not None:
            body = "note: " + " ".join(r.text.split()) + " — on: " + " ".join(body.split())
        print(head + _fit(body, max(10, _width() - cell_len(head))))


def cmd_search(args: argparse.Namespace) -> int:
    from ..core.notes.model import StoreError

    with _session() as session:
        query = session.parse_query(args.query)
        for problem in query.problems:
            _warn(f"ignored the filter {problem}")
        if not query.text and not query.filtered:
            raise CliError("say what to search for (words, @speaker, #tag, kind:K or verdict:V)")
        _store(session)
        ids = None
        if args.paths:
            articles = session.article_files(args.paths)
            if not articles:
                raise CliError("no articles (.txt or .md files) in " + ", ".join(args.paths))
            try:
                ids, problems = session.register_paths(articles)
            except StoreError as exc:
                raise CliError(str(exc)) from None
            if not ids and problems:
                raise CliError(problems[0] if len(problems) == 1 else
                               f"none of the {len(problems)} articles given could be read "
                               f"(the first: {problems[0]})")
            for problem in problems:
                _warn(f"skipped {problem}")
        results = session.library(ids).search(query, limit=args.limit)
    _show_results(results, args.json)
    return 0


def cmd_related(args: argparse.Namespace) -> int:
    with _session() as session:
        article, record = _open(session, args.path)
        _statement(article, args.statement)
        results = session.library(include_notes=False).related(record.id, args.statement - 1,
                                                               limit=args.limit)
    _show_results(results, args.json)
    return 0


def cmd_library(args: argparse.Namespace) -> int:
    from rich.cells import cell_len

    with _session() as session:
        store = _store(session)
        entries = session.library_entries()
        waiting = store.pending_sources()
    if args.json:
        _print_json([{"id": e.id, "title": e.title, "source": e.source, "statements": e.statements,
                      "notes": e.notes, "last_opened": e.opened} for e in entries])
        return 0
    for source, count in sorted(waiting.items()):
        _warn(f"{count} imported note{'s' if count != 1 else ''} wait{'s' if count == 1 else ''} "
              f"for {source}: open that article to add {'it' if count == 1 else 'them'}")
    if not entries:
        print("the library is empty: every article you open or give to a command is kept here")
        return 0
    print(f"{'id':>4}  {'last opened':<16}  {'stmts':>5}  {'notes':>5}  title — source")
    for e in entries:
        head = f"{e.id:>4}  {e.opened[:16].replace('T', ' '):<16}  {e.statements:>5}  {e.notes:>5}  "
        missing = "" if e.source.startswith("stdin:") or Path(e.source).exists() else " (file gone)"
        print(head + _fit(f"{e.title} — {e.source}{missing}", max(10, _width() - cell_len(head))))
    return 0
