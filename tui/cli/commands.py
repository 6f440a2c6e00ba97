"""The commands of ``margin``: each calls the session and prints what it did."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from ..core.bulk import many_objects
from ..core.text import displayable, in_quotes, json_array_chunks, json_text
from .parser import EXIT_USAGE, CliError

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


def _remember(session: Session, article: Article) -> Article:
    """Keep the article in the library (its notes follow it) and give it with the reader's
    corrections; a command that does not need the store goes on without it, with a warning."""
    from ..core.notes.model import StoreError

    try:
        registered = session.register(article)
        article = session.corrected(article, registered.record)
    except StoreError as exc:
        _tell(session)
        _warn(f"warning: {exc}")
        return article
    _tell(session)
    if registered.change_summary():
        _warn(registered.change_summary())
    return article


def _open(session: Session, source: str) -> tuple[Article, DocumentRecord]:
    """Load, analyse and register an article: its notes are re-anchored if its text changed,
    and its claims are shown with the reader's corrections."""
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
    return session.corrected(article, registered.record), registered.record


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
    _has_text(opened.document, source)
    from ..core.served import served as _served

    served = _served()  # a browser's reader: screen and keys over stdout and stdin
    if not served and not _is_terminal(sys.stdout):
        raise CliError("the reader needs a terminal and standard output is not one; print the "
                       "article with 'margin cat' or its claims with 'margin claims'")
    if not served and (source == "-" or not _is_terminal(sys.stdin)):
        _keyboard_from_terminal()
    from ..app.app import run

    try:
        return run(opened.document,
                   warnings=[*notices, *([opened.warning] if opened.warning else [])])
    finally:
        if served:  # Ctrl+C in the server's terminal reaches its readers too: while it runs,
            # the web driver ends the reader; once ended, it is not to interrupt its exit.
            import signal

            signal.signal(signal.SIGINT, signal.SIG_IGN)


def _has_text(document, source: str) -> None:
    """An article with no words (an empty file, only spaces, only front matter) is nothing to
    read or check: said in one line, not shown as a blank page."""
    if not document.text.strip():
        raise CliError(f"{displayable(source if source != '-' else 'standard input')}: "
                       "there is no text in it to read")


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
    from .correct import FOOTNOTE, claim_json, number, tell_waiting

    with _session() as session:
        document = _load(session, args.path)
        _has_text(document, args.path)
        article = _remember(session, _analysed(session, document))
    tell_waiting(article, _warn)
    rows = (c for c in article.claims if c.score >= args.min_score)
    if not args.json:
        rows = list(rows)
    text = article.document.text
    if args.json:
        for chunk in json_array_chunks(claim_json(article, c) for c in rows):
            sys.stdout.write(chunk)
        sys.stdout.write("\n")
        return 0
    from .table import Column, Table, line_width

    columns = (Column("#", right=True), Column("kinds", most=12), Column("speaker", most=30),
               Column("score", right=True), Column("text"))

    def head(c) -> tuple[str, ...]:
        return number(article, c), _short_kinds(c.kinds), c.speaker or "-", f"{c.score:.2f}"

    laid = Table(columns, map(head, rows), line_width())  # a row at a time: a book has many
    print(laid.header)
    for c in rows:
        print(laid.line((*head(c), text[c.start:c.end])))
    if any(number(article, c).endswith("*") for c in rows):
        print(FOOTNOTE)
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    from .correct import correct

    with _session() as session:
        return correct(session, args, lambda: _open_named(session, args))


def cmd_cat(args: argparse.Namespace) -> int:
    with _session() as session:
        document = _load(session, args.source)
        sys.stdout.write(session.as_markdown(document))
        sys.stdout.flush()
        _remember(session, _analysed(session, document))
    return 0


# ---------------------------------------------------------------- notes


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
        # Each note becomes a handful of objects (its row, the note, its place, its line) that
        # live until the command ends: the collector, left on, walked them all again and again
        # (50,000 notes: a quarter of a second).
        if args.path is None and args.document is None:
            with many_objects():
                return _list_every_note(session, args.json)
        article, record = _open_named(session, args)
        with many_objects():
            return _list_notes(session, article, record, args.json)
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


def _list_notes(session: Session, article: Article, record: DocumentRecord,
                as_json: bool) -> int:
    """``margin notes list`` of one article: its notes where they are in it now."""
    from ..core.notes.listing import histories, json_rows, listed

    text = article.document.text
    notes = [listed(p, text) for p in session.placed(article, record)]
    if as_json:
        _write_json_rows(json_rows([({}, notes)], histories(_store(session).conn)))
    elif not notes:
        print("no notes on this article yet (add one: margin notes add PATH --statement N "
              "--text ...)")
    else:
        header, lines = _notes_table([notes])
        sys.stdout.write("\n".join([header, *lines]) + "\n")  # (one write, not 2 a line)
    return 0


def _notes_table(groups: Sequence[Sequence]) -> tuple[str, list[str]]:
    """The header and lines of a table of notes (``listing.Listed``), one table across all
    ``groups`` (lists of notes) so that their columns line up."""
    from .table import Column, line_width, table

    columns = (Column("#", right=True), Column("id"), Column("state"), Column("verdict"),
               Column("tags", most=20), Column("quote — note"))
    rows = []
    tags: dict[tuple, str] = {}  # (few sets of tags, each on many notes)
    quotes: dict[str, str] = {}  # (a sentence may hold many notes)
    with many_objects():  # (a row is a handful of strings; 100,000 notes, half a million)
        for n in (n for group in groups for n in group):
            if n.quote not in quotes:
                quotes[n.quote] = in_quotes(" ".join(n.quote.split()))
            shown = quotes[n.quote]
            if n.also:
                shown += f" (also at #{', #'.join(str(i + 1) for i in n.also)})"
            if n.body.strip():
                shown += " — " + n.body
            if n.tags not in tags:
                tags[n.tags] = " ".join("#" + t for t in n.tags)
            rows.append(("-" if n.statement is None else str(n.statement + 1), n.id[:8],
                         n.state, n.verdict, tags[n.tags], shown))
        return table(columns, rows, line_width())


def _list_every_note(session: Session, as_json: bool) -> int:
    """``margin notes list`` without an article: every note of the library, by article."""
    from ..core.notes.listing import histories, json_rows

    listed = _store(session).library_notes()
    if as_json:
        rows = (({"article_id": e.id, "title": e.title, "source": e.source}, notes)
                for e, notes in listed)
        _write_json_rows(json_rows(rows, histories(_store(session).conn)))
        return 0
    if not listed:
        print("no notes yet (add one: margin notes add PATH --statement N --text ...)")
        return 0
    from itertools import islice

    from .table import fit, line_width

    header, lines = _notes_table([notes for _, notes in listed])
    print(header)
    cells, rows = line_width(), iter(lines)
    for k, (e, notes) in enumerate(listed):
        title = ("\n" if k else "") + fit(f"article {e.id}: {_title_and_source(e)}", cells)
        sys.stdout.write("\n".join([title, *islice(rows, len(notes))]) + "\n")
    return 0


def _write_json_rows(chunks) -> None:
    """A JSON array written as it is made (``json_rows``), then a newline."""
    for chunk in chunks:
        sys.stdout.write(chunk)
    sys.stdout.write("\n")


def _title_and_source(entry) -> str:
    """"title — source", and "(file gone)" when the article's file is no longer there."""
    missing = "" if entry.source.startswith("stdin:") or Path(entry.source).exists() else " (file gone)"
    return f"{entry.title} — {entry.source}{missing}"


def _export_markdown(session: Session, article, record, notes, args: argparse.Namespace) -> int:
    """``export -o FILE`` as Markdown: into a file exported before, the notes' regions and
    Margin's front matter keys are replaced and every line the user wrote is kept; a file with
    lines but no note exported by Margin is refused (exit 2), never overwritten."""
    from ..core.session import MergeError

    target = Path(args.output).expanduser()
    try:
        merged = session.export_markdown(target, article, record, notes, args.wikilinks)
    except MergeError as exc:
        raise CliError(f"not exporting to {target}: {exc}") from None
    except OSError as exc:
        raise CliError(f"cannot write {target}: {exc.strerror or exc}") from None
    done = f"exported {len(notes)} note{'s' if len(notes) != 1 else ''} to {target}"
    print(done + (f" ({merged.summary()}; your own lines kept)" if merged.existing else ""))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with _session() as session:
        article, record = _open_named(session, args)
        with many_objects():  # (as notes list)
            notes = session.notes(record)
            if args.format == "claimreview":
                from .claimreview import export_claimreview

                return export_claimreview(session, article, record, notes, args.output, _warn)
            if args.output in (None, "-"):  # written as it is made
                from ..core.notes.listing import histories

                history = histories(_store(session).conn) if args.format == "json" else None
                for chunk in session.export_chunks(article, record, notes, args.format,
                                                   bool(args.wikilinks), history):
                    sys.stdout.write(chunk)
                return 0
            if args.format == "markdown":
                return _export_markdown(session, article, record, notes, args)
            content = session.export(article, record, args.format, notes)
    target = Path(args.output).expanduser()
    from ..core.notes.targets import refusal

    refused = refusal(target, args.format, article.document.source)
    if refused:
        raise CliError(f"not exporting to {target}: {refused}", EXIT_USAGE)
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
    fixes = (f" and {done.corrections} correction{'s' if done.corrections != 1 else ''}"
             if done.corrections else "")
    beside = (f", {done.beside} edited elsewhere and kept beside the note of the same id"
              if done.beside else "")
    print(f"imported {done.added} note{'s' if done.added != 1 else ''}{fixes}"
          f" ({done.present} already here{beside}, {len(done.skipped)} skipped"
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
    from .table import Column, line_width, table

    columns = (Column("match", right=True), Column("article", most=24), Column("#", right=True),
               Column("kinds", most=12), Column("statement"))
    rows = []
    for r in results:
        body = r.statement_text
        if r.item.note_id is not None:
            body = "note: " + " ".join(r.text.split()) + " — on: " + " ".join(body.split())
        rows.append((f"{r.match:.1f}", r.title, str(r.item.statement + 1),
                     _short_kinds(r.item.kinds), body))
    header, lines = table(columns, rows, line_width())
    print(header, *lines, sep="\n")


def cmd_search(args: argparse.Namespace) -> int:
    from ..core.notes.model import StoreError

    with _session() as session:
        query = session.parse_query(args.query)
        for problem in query.problems:
            _warn(f"{problem} (the filter is ignored)")
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
        library = session.library(ids)
        _tell(session)  # (an index on disk that could not be used, made again)
        results = library.search(query, limit=args.limit)
    _show_results(results, args.json)
    return 0


def cmd_related(args: argparse.Namespace) -> int:
    with _session() as session:
        article, record = _open(session, args.path)
        _statement(article, args.statement)
        # The whole library, as kept on disk (its notes too: related never gives one).
        library = session.library()
        _tell(session)
        results = library.related(record.id, args.statement - 1, limit=args.limit)
    _show_results(results, args.json)
    return 0


def cmd_library(args: argparse.Namespace) -> int:
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
    from .table import Column, line_width, table

    columns = (Column("id", right=True), Column("last opened"), Column("stmts", right=True),
               Column("notes", right=True), Column("title — source"))
    header, lines = table(columns, [(str(e.id), e.opened[:16].replace("T", " "), str(e.statements),
                                      str(e.notes), _title_and_source(e)) for e in entries],
                           line_width())
    print(header, *lines, sep="\n")
    return 0
