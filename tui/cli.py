"""The ``margin`` command: subcommands call tui.core, and ``margin [ARTICLE]`` starts the reader."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Callable, Sequence

from . import __version__
from .core.text import LoadError

EXIT_USAGE = 2  # unusable input or arguments
VERDICT_CHOICES = ("unverified", "supported", "misleading", "false", "needs-context")


class CliError(Exception):
    """A one-line message for the user, and an exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other error here
        raise CliError(f"{message} (see '{self.prog} --help')")


# ---------------------------------------------------------------- commands


def cmd_read(args: argparse.Namespace) -> int:
    from .core import article

    source = args.article or str(article.sample_path())
    document = _load_document(source)
    if not _is_terminal(sys.stdout):
        raise CliError("the reader needs a terminal and standard output is not one; print the "
                       "article with 'margin cat' or its claims with 'margin claims'")
    if source == "-" or not _is_terminal(sys.stdin):
        _keyboard_from_terminal()
    from .app.app import run

    return run(document, args)


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
    from .core import article

    art = _load_article(args.path)
    _remember(art)
    rows = [c for c in art.claims if c.score >= args.min_score]
    text = art.document.text
    if args.json:
        out = [
            {
                "index": c.index + 1,
                "start": c.start,
                "end": c.end,
                "text": text[c.start:c.end],
                "kinds": list(c.kinds),
                "speaker": c.speaker,
                "cue": c.cue,
                "score": c.score,
                "reasons": list(c.reasons),
            }
            for c in rows
        ]
        _print_json(out)
        return 0
    _print_claims_table(rows, text)
    return 0


_SHORT_KIND = {"quote": "quote", "attribution": "attrib", "statistic": "stat", "hedge": "hedge",
               "assertion": "assert"}


def _print_claims_table(rows, text: str) -> None:
    from rich.cells import cell_len, set_cell_size

    width = shutil.get_terminal_size((100, 24)).columns
    kinds = [" ".join(_SHORT_KIND[k] for k in c.kinds) or "-" for c in rows]
    speakers = [c.speaker or "-" for c in rows]
    kind_w = max([5] + [len(k) for k in kinds])
    speaker_w = min(30, max([7] + [cell_len(s) for s in speakers]))
    num_w = max(1, len(str(rows[-1].index + 1))) if rows else 1
    text_w = max(10, width - (num_w + kind_w + speaker_w + 5 + 4 * 2))
    print(f"{'#':>{num_w}}  {'kinds':<{kind_w}}  {set_cell_size('speaker', speaker_w)}  score  text")
    for c, k, s in zip(rows, kinds, speakers):
        body = " ".join(text[c.start:c.end].split())
        if cell_len(body) > text_w:
            body = set_cell_size(body, text_w - 1).rstrip() + "…"
        speaker = s if cell_len(s) <= speaker_w else set_cell_size(s, speaker_w - 1) + "…"
        print(f"{c.index + 1:>{num_w}}  {k:<{kind_w}}  {set_cell_size(speaker, speaker_w)}  "
              f"{c.score:5.2f}  {body}")


def _stdin_for(source: str):
    if source == "-":
        if sys.stdin is None or sys.stdin.closed:
            raise CliError("no standard input to read the article from")
        return sys.stdin.buffer
    return None


def _score(value: str) -> float:
    try:
        score = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= score <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {value}")
    return score


# ---------------------------------------------------------------- notes


def _print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _statement(art, number: int):
    """Statement ``number`` (1-based, as the user gives it) of the article, or a one-line error."""
    count = len(art.statements)
    if not 1 <= number <= count:
        raise CliError(f"no statement {number}: the article has "
                       f"{count} statement{'s' if count != 1 else ''}")
    return art.statements[number - 1]


def _warn(message: str) -> None:
    print(f"margin: {' '.join(message.split())}", file=sys.stderr)


def _open_store():
    from .core.store import Store, StoreError

    try:
        store = Store.open()
    except StoreError as exc:
        raise CliError(str(exc)) from None
    for notice in store.notices:
        _warn(notice)
    return store


def _load_document(path: str):
    """The article's Document; a web page that cannot be fetched now opens from the library."""
    from .core import article, web

    try:
        return article.load_document(path, _stdin_for(path))
    except LoadError as exc:
        if not web.is_url(path):
            raise
        from .core.store import Store, StoreError

        try:
            with Store.open(backup=False) as store:
                document = article.from_library(store, path)
        except StoreError:
            document = None
        if document is None:
            raise
        _warn(f"{exc}; showing the copy kept in the library")
        return document


def _load_article(path: str):
    from .core import article

    return article.analyse(_load_document(path))


def _remember(art) -> None:
    """Register the article in the store (re-anchoring its notes); a command that does not need
    the store goes on without it, with a warning."""
    from .core.store import Store, StoreError

    try:
        with Store.open() as store:
            for notice in store.notices:
                _warn(notice)
            record, outcome = store.remember(art)
    except StoreError as exc:
        _warn(f"warning: {exc}")
        return
    _report_reanchoring(outcome)


def _report_reanchoring(outcome) -> None:
    if outcome is not None and (outcome.review or outcome.orphan):
        _warn(f"the article changed since it was last opened: {outcome.anchored} notes still "
              f"anchored, {outcome.review} to review, {outcome.orphan} detached")


def _open_in_store(path: str):
    """Load, analyse and register an article; its notes are re-anchored if its text changed."""
    from .core import article
    from .core.store import StoreError

    art = _load_article(path)
    store = _open_store()
    try:
        record, outcome = store.remember(art)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    _report_reanchoring(outcome)
    return store, art, record


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
    return out


def cmd_notes(args: argparse.Namespace) -> int:
    from .core import anchor
    from .core.export import place
    from .core.store import StoreError

    try:
        if args.notes_command == "add":
            store, art, record = _open_in_store(args.path)
            st = _statement(art, args.statement)
            selector = anchor.describe(art.document.text, st.start, st.end)
            note = store.add_note(record.id, selector, body=args.text, tags=args.tag or (),
                                  verdict=args.verdict, statement=st.index)
            print(f"added note to statement {args.statement}: {note.id}", flush=True)
            return 0
        if args.notes_command == "list":
            store, art, record = _open_in_store(args.path)
            placed = place(art, store.notes(record.id))
            text = art.document.text
            if args.json:
                _print_json([_placed_json(p, text) for p in placed])
            else:
                _print_notes_table(placed, text)
            return 0
        store = _open_store()
        if args.notes_command == "rm":
            note = store.delete_note(store.find_note(args.id).id)
            print(f"deleted note {note.id} (undo: margin notes restore {note.id})")
            return 0
        if args.notes_command == "restore":
            note = store.restore_note(store.find_note(args.id).id)
            print(f"restored note {note.id}")
            return 0
        if args.notes_command == "accept":
            note = store.find_note(args.id)
            note = store.accept_review(note, store.document(note.document_id).text)
            print(f"accepted note {note.id} on its edited sentence")
            return 0
    except StoreError as exc:
        raise CliError(str(exc)) from None
    raise CliError("say what to do with notes: add, list, rm, restore or accept")


def cmd_backups(args: argparse.Namespace) -> int:
    from .core.store import StoreError

    store = _open_store()
    try:
        if args.restore:
            aside, restored = store.restore_backup(args.restore)
            print(f"restored {restored.name}; the database it replaced is kept at {aside}")
            return 0
    except StoreError as exc:
        raise CliError(str(exc)) from None
    backups = store.backups()
    if not backups:
        print(f"no backups yet in {store.backup_dir()}")
        return 0
    print(f"backups in {store.backup_dir()} (newest last; restore one with "
          "'margin backups --restore NAME'):")
    for path in backups:
        print(f"  {path.name}  {path.stat().st_size // 1024} KB")
    return 0


def _print_notes_table(placed, text: str) -> None:
    from rich.cells import cell_len, set_cell_size

    if not placed:
        print("no notes on this article yet (add one: margin notes add PATH --statement N --text ...)")
        return
    width = shutil.get_terminal_size((100, 24)).columns
    print(f"{'#':>4}  {'id':<8}  {'state':<8}  {'verdict':<13}  {'tags':<14}  quote — note")
    for p in placed:
        n = p.note
        number = "-" if p.statement is None else str(p.statement + 1)
        tags = " ".join("#" + t for t in n.tags)
        tags = tags if cell_len(tags) <= 14 else set_cell_size(tags, 13) + "…"
        head = f"{number:>4}  {n.id[:8]}  {n.state:<8}  {n.verdict:<13}  {set_cell_size(tags, 14)}  "
        room = max(10, width - cell_len(head))
        shown = "“" + " ".join(n.selector.exact.split()) + "”"
        if n.body.strip():
            shown += " — " + " ".join(n.body.split())
        if cell_len(shown) > room:
            shown = set_cell_size(shown, room - 1) + "…"
        print(f"{head}{shown}")


def cmd_export(args: argparse.Namespace) -> int:
    from .core import export
    from .core.store import now

    store, art, record = _open_in_store(args.path)
    notes = store.notes(record.id)
    if args.format == "json":
        content = export.to_json_text(export.to_w3c(record, notes, art.document.title))
    else:
        content = export.to_markdown(art, record, notes, now())
    if args.output in (None, "-"):
        sys.stdout.write(content)
        return 0
    target = Path(args.output).expanduser()
    try:
        export.write_atomic(target, content)
    except OSError as exc:
        raise CliError(f"cannot write {target}: {exc.strerror or exc}") from None
    print(f"exported {len(notes)} note{'s' if len(notes) != 1 else ''} to {target}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .core import article, export
    from .core.store import StoreError

    from .core.text import read_bytes

    # The same guarded read as articles: size limit, pipes, devices, permissions.
    data, _, _ = read_bytes(str(Path(args.file).expanduser()) if args.file != "-" else "-",
                            _stdin_for(args.file))
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(f"{args.file}: not W3C annotation JSON (not UTF-8 text)") from None
    try:
        data = json.loads(raw)  # (RecursionError: nested deeper than Python's stack allows)
        notes, skipped = export.parse_w3c(data)
    except (json.JSONDecodeError, export.NotAnnotations) as exc:
        raise CliError(f"{args.file}: not W3C annotation JSON ({exc})") from None
    except RecursionError:
        raise CliError(f"{args.file}: not W3C annotation JSON (nested too deeply)") from None
    store = _open_store()
    added = present = 0
    documents: dict[str, int | None] = {}
    for item in notes:
        if item.source not in documents:
            record = store.find_document(item.source)
            if record is None and Path(item.source).is_file():
                try:
                    art = article.load(item.source)
                except LoadError as exc:
                    skipped.append(str(exc))
                else:
                    record, _ = store.remember(art)
            documents[item.source] = record.id if record else None
            if record is None:
                skipped.append(f"{item.source}: the article is not here and was never opened")
        doc_id = documents[item.source]
        if doc_id is None:
            continue
        try:
            store.note(item.id)
            present += 1
            continue
        except StoreError:
            pass
        try:
            store.add_note(doc_id, item.selector, body=item.body, tags=item.tags,
                           verdict=item.verdict, note_id=item.id, created=item.created)
        except StoreError as exc:
            raise CliError(str(exc)) from None
        added += 1
    for record_id in {d for d in documents.values() if d is not None}:
        rec = store.document(record_id)
        store.reanchor(rec.id, rec.text)
    for line in skipped:
        _warn(f"skipped {line}")
    print(f"imported {added} note{'s' if added != 1 else ''}"
          f" ({present} already here, {len(skipped)} skipped)")
    return 0


# ---------------------------------------------------------------- library, search, related

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".mdown", ".mkd", ".mkdn"})


def _articles_in(paths: Sequence[str]) -> list[str]:
    """Files named, and the article files (.txt, .md …) under folders named, recursively."""
    out: list[str] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            out.extend(str(p) for p in found)
        elif os.path.lexists(path) or raw == "-":
            out.append(raw)  # a broken link or a loop: the reader says what is wrong with it
        else:
            raise CliError(f"{raw}: no such file or folder")
    return out


def _register(store, paths: Sequence[str]) -> list[int]:
    """Read, analyse and keep these articles in the library (one transaction); their ids.
    Articles that cannot be read are skipped with a warning; when none can, that is the error."""
    from .core.store import StoreError

    ids: list[int] = []
    problems: list[str] = []
    try:
        with store.batch():
            for path in paths:
                try:
                    art = _load_article(path)
                except LoadError as exc:
                    problems.append(str(exc))
                    continue
                record, outcome = store.remember(art)
                ids.append(record.id)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if not ids and problems:
        raise CliError(problems[0] if len(problems) == 1 else
                       f"none of the {len(problems)} articles given could be read "
                       f"(the first: {problems[0]})")
    for problem in problems:
        _warn(f"skipped {problem}")
    return ids


def _result_json(r) -> dict:
    out = {
        "document": r.source,
        "title": r.title,
        "index": r.item.statement + 1,
        "text": r.statement_text,
        "score": r.match,
        "speaker": r.item.speaker,
        "kinds": list(r.item.kinds),
    }
    if r.item.note_id is not None:
        out["note"] = {"id": r.item.note_id, "body": r.text}
    return out


def _show_results(results, as_json: bool) -> None:
    if as_json:
        _print_json([_result_json(r) for r in results])
    else:
        _print_results(results)


def _print_results(results) -> None:
    from rich.cells import cell_len, set_cell_size

    if not results:
        print("no matches")
        return
    width = shutil.get_terminal_size((100, 24)).columns
    for r in results:
        where = f"{_short_title(r.title, 22)} #{r.item.statement + 1}"
        kinds = " ".join(_SHORT_KIND[k] for k in r.item.kinds) or "-"
        head = f"{r.match:5.1f}  {set_cell_size(where, 28)}  {set_cell_size(kinds, 12)}  "
        body = " ".join(r.statement_text.split())
        if r.item.note_id is not None:
            body = "note: " + " ".join(r.text.split()) + " — on: " + body
        room = max(10, width - cell_len(head))
        if cell_len(body) > room:
            body = set_cell_size(body, room - 1) + "…"
        print(head + body)


def _short_title(title: str, width: int) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def cmd_search(args: argparse.Namespace) -> int:
    from .core.library import Library, parse_query

    query = parse_query(args.query)
    for problem in query.problems:
        _warn(f"ignored the filter {problem}")
    if not query.text and not query.filtered:
        raise CliError("say what to search for (words, @speaker, #tag, kind:K or verdict:V)")
    store = _open_store()
    ids = None
    if args.paths:
        articles = _articles_in(args.paths)
        if not articles:
            raise CliError("no articles (.txt or .md files) in " + ", ".join(args.paths))
        ids = _register(store, articles)
    library = Library(store, ids)
    results = library.search(query, limit=args.limit)
    _show_results(results, args.json)
    return 0


def cmd_related(args: argparse.Namespace) -> int:
    from .core.library import Library

    store, art, record = _open_in_store(args.path)
    _statement(art, args.statement)
    library = Library(store, include_notes=False)
    results = library.related(record.id, args.statement - 1, limit=args.limit)
    _show_results(results, args.json)
    return 0


def cmd_cat(args: argparse.Namespace) -> int:
    from .core import article
    from .core.markdown import to_markdown

    document = _load_document(args.source)
    sys.stdout.write(to_markdown(document))
    sys.stdout.flush()
    _remember(article.analyse(document))
    return 0


def cmd_library(args: argparse.Namespace) -> int:
    from rich.cells import cell_len, set_cell_size

    store = _open_store()
    entries = store.library()
    if args.json:
        _print_json([{"title": e.title, "source": e.source, "statements": e.statements,
                      "notes": e.notes, "last_opened": e.opened} for e in entries])
        return 0
    if not entries:
        print("the library is empty: every article you open or give to a command is kept here")
        return 0
    width = shutil.get_terminal_size((100, 24)).columns
    print(f"{'last opened':<16}  {'stmts':>5}  {'notes':>5}  title — source")
    for e in entries:
        head = f"{e.opened[:16].replace('T', ' '):<16}  {e.statements:>5}  {e.notes:>5}  "
        missing = "" if e.source.startswith("stdin:") or Path(e.source).exists() else " (file gone)"
        body = f"{e.title} — {e.source}{missing}"
        room = max(10, width - cell_len(head))
        if cell_len(body) > room:
            body = set_cell_size(body, room - 1) + "…"
        print(head + body)
    return 0


def _limit(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


# ---------------------------------------------------------------- parser

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "read": cmd_read,
    "claims": cmd_claims,
    "notes": cmd_notes,
    "export": cmd_export,
    "import": cmd_import,
    "backups": cmd_backups,
    "search": cmd_search,
    "related": cmd_related,
    "library": cmd_library,
    "cat": cmd_cat,
}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="margin",
        description="Margin: read an article, see every claim and who made it, and keep notes.",
        epilog="With no command, 'margin [ARTICLE]' opens the reader ('-' reads standard input; "
        "no ARTICLE opens the bundled sample).",
    )
    parser.add_argument("--version", action="version", version=f"margin {__version__}")
    from .core.store import data_dir

    parser.add_argument("--data-dir", metavar="DIR",
                        help=f"where notes are kept (now: {data_dir()}; also set by "
                        "$MARGIN_DATA_DIR)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    read = sub.add_parser("read", help="open the reader (the default command)")
    read.add_argument("article", nargs="?", metavar="ARTICLE",
                      help="a .md, .txt, .html or other text file, an http(s):// address, or - "
                      "for standard input")

    claims = sub.add_parser("claims", help="list the statements of an article and their claims")
    claims.add_argument("path", metavar="PATH", help="the article (- for standard input)")
    claims.add_argument("--json", action="store_true", help="print a JSON array")
    claims.add_argument("--min-score", type=_score, default=0.0, metavar="X",
                        help="only statements scoring at least X (0 to 1)")

    notes = sub.add_parser("notes", help="add, list and delete notes")
    notes_sub = notes.add_subparsers(dest="notes_command", metavar="ACTION", parser_class=_Parser)
    add = notes_sub.add_parser("add", help="add a note to a statement")
    add.add_argument("path", metavar="PATH", help="the article")
    add.add_argument("--statement", "-s", type=int, required=True, metavar="N",
                     help="the statement number (as 'margin claims' shows it)")
    add.add_argument("--text", "-t", required=True, metavar="TEXT", help="the note (Markdown)")
    add.add_argument("--tag", action="append", metavar="T", help="a tag (repeat for more)")
    add.add_argument("--verdict", default="unverified", choices=VERDICT_CHOICES,
                     help="unverified (default), supported, misleading, false or needs-context")
    lst = notes_sub.add_parser("list", help="list an article's notes")
    lst.add_argument("path", metavar="PATH", help="the article")
    lst.add_argument("--json", action="store_true", help="print a JSON array")
    rm = notes_sub.add_parser("rm", help="delete a note (it can be restored)")
    rm.add_argument("id", metavar="ID", help="the note's id (or its first characters)")
    restore = notes_sub.add_parser("restore", help="bring back a deleted note")
    restore.add_argument("id", metavar="ID", help="the note's id (or its first characters)")
    accept = notes_sub.add_parser("accept", help="keep a note in review on its edited sentence")
    accept.add_argument("id", metavar="ID", help="the note's id (or its first characters)")

    exp = sub.add_parser("export", help="export an article's notes (Markdown or W3C JSON)")
    exp.add_argument("path", metavar="PATH", help="the article")
    exp.add_argument("--format", choices=("markdown", "json"), default="markdown")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")

    imp = sub.add_parser("import", help="import notes from W3C Web Annotation JSON")
    imp.add_argument("file", metavar="FILE.json")

    srch = sub.add_parser("search", help="fuzzy search statements (and notes) of the library or "
                          "of files and folders")
    srch.add_argument("query", metavar="QUERY",
                      help="words (typos are fine), and filters @speaker #tag kind:K verdict:V")
    srch.add_argument("paths", nargs="*", metavar="PATH_OR_DIR",
                      help="articles or folders to search (recursively); none: the library")
    srch.add_argument("--json", action="store_true", help="print a JSON array")
    srch.add_argument("--limit", type=_limit, default=20, metavar="N", help="at most N results")

    rel = sub.add_parser("related", help="statements that say what a statement says, in this "
                         "article and every other one read")
    rel.add_argument("path", metavar="PATH", help="the article")
    rel.add_argument("--statement", "-s", type=int, required=True, metavar="N")
    rel.add_argument("--json", action="store_true", help="print a JSON array")
    rel.add_argument("--limit", type=_limit, default=10, metavar="N", help="at most N results")

    cat = sub.add_parser("cat", help="print an article (file, -, URL or saved web page) as "
                         "Markdown with front matter: title, author, date, source")
    cat.add_argument("source", metavar="SOURCE")

    lib = sub.add_parser("library", help="every article read: title, source, statements, notes")
    lib.add_argument("--json", action="store_true", help="print a JSON array")

    bak = sub.add_parser("backups", help="list the daily backups of your notes, or restore one")
    bak.add_argument("--restore", metavar="NAME", help="put this backup back (the current "
                     "database is kept aside, never deleted)")
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    """``margin [opts] ARTICLE`` means ``margin [opts] read ARTICLE``."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--data-dir":
            i += 2
            continue
        if arg.startswith("--data-dir="):
            i += 1
            continue
        if arg in ("-h", "--help", "--version"):
            return argv
        if arg == "--":
            return argv[:i] + ["read"] + argv[i + 1:]
        if arg.startswith("-") and arg != "-":
            return argv  # an option argparse will judge
        if arg in COMMANDS:
            return argv
        return argv[:i] + ["read"] + argv[i:]
    return argv + ["read"]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(_with_default_command(argv))
        if extra:
            # "margin search QUERY --json FOLDER": paths may come after the options.
            if args.command == "search" and not any(e.startswith("-") and e != "-" for e in extra):
                args.paths = [*args.paths, *extra]
            else:
                parser.error(f"unrecognized arguments: {' '.join(extra)}")
        if args.data_dir:
            os.environ["MARGIN_DATA_DIR"] = os.path.abspath(os.path.expanduser(args.data_dir))
        return COMMANDS[args.command](args)
    except CliError as exc:
        _fail(str(exc))
        return exc.code
    except LoadError as exc:
        _fail(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (``margin claims x | head``): not an error of ours.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return 141
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("MARGIN_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set MARGIN_DEBUG=1 for details)", )
        return 1


def _fail(message: str) -> None:
    message = " ".join(str(message).split())
    print(f"margin: {message}", file=sys.stderr)
