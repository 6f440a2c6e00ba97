"""The arguments of ``margin``: its commands and options, and the reader as the default command."""

from __future__ import annotations

import argparse

from .. import __version__

EXIT_USAGE = 2  # unusable input or arguments
#: Each command and the function in tui.cli.commands that does it.
COMMANDS = ("read", "claims", "correct", "notes", "export", "import", "backups", "search",
            "related", "library", "cat", "checks", "checked", "sync", "serve")


class CliError(Exception):
    """A one-line message for the user, and an exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other error here
        raise CliError(f"{message} (see '{self.prog} --help')")


def _score(value: str) -> float:
    try:
        score = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= score <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {value}")
    return score


def _limit(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _row_id(value: str) -> int:
    """An id of the store (a SQLite integer: 1 to 2**63 - 1)."""
    n = _limit(value)
    if n >= 2 ** 63:
        raise argparse.ArgumentTypeError(f"no such id: {value}")
    return n


# ---------------------------------------------------------------- parser

def _document_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--document", "-d", metavar="ID|TITLE",
                        help="an article of the library instead of PATH: its id or its title, as "
                        "'margin library' shows them (its notes stay reachable after its file "
                        "moved or went away)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="margin",
        description="Margin: read an article, see every claim and who made it, and keep notes.",
        epilog="With no command, 'margin [ARTICLE]' opens the reader ('-' reads standard input; "
        "no ARTICLE opens the bundled sample).",
    )
    parser.add_argument("--version", action="version", version=f"margin {__version__}")
    from ..core.notes.model import VERDICTS, data_dir

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

    cor = sub.add_parser(
        "correct", help="correct who said a statement and what kinds of claim it is",
        description="Give statement N the speaker and kinds you say it has, in place of the "
        "detected ones (every command and the reader show yours; the detected ones are kept), "
        "or take your correction away with --undo. Without N: list the article's corrections.")
    cor.add_argument("path", metavar="PATH", nargs="?", help="the article")
    cor.add_argument("statement", metavar="N", nargs="?",
                     help="the statement number (as 'margin claims' shows it)")
    _document_option(cor)
    cor.add_argument("--speaker", metavar="NAME",
                     help="who said it ('' : no one); not given: as shown now")
    cor.add_argument("--kinds", metavar="K,K",
                     help="quote, attribution, statistic, hedge, assertion, comma-separated "
                     "('none': not a claim); not given: as shown now")
    cor.add_argument("--undo", action="store_true",
                     help="show the detected speaker and kinds again")
    cor.add_argument("--json", action="store_true", help="without N: print a JSON array")

    notes = sub.add_parser("notes", help="add, list and delete notes")
    notes_sub = notes.add_subparsers(dest="notes_command", metavar="ACTION", parser_class=_Parser)
    add = notes_sub.add_parser("add", help="add a note to a statement")
    add.add_argument("path", metavar="PATH", help="the article")
    add.add_argument("--statement", "-s", type=int, required=True, metavar="N",
                     help="the statement number (as 'margin claims' shows it)")
    add.add_argument("--text", "-t", required=True, metavar="TEXT", help="the note (Markdown)")
    add.add_argument("--tag", action="append", metavar="T", help="a tag (repeat for more)")
    add.add_argument("--verdict", default="unverified", choices=VERDICTS,
                     help="unverified (default), supported, misleading, false or needs-context")
    lst = notes_sub.add_parser(
        "list", help="list an article's notes, or every note of the library",
        description="List the notes of one article (PATH or --document), re-anchored on its "
        "text as it is now. Without an article: every note of the library, grouped by article "
        "(most recently opened first), where each was placed when its article was last opened; "
        "no file is read.")
    lst.add_argument("path", metavar="PATH", nargs="?",
                     help="the article (none, and no --document: every note of the library)")
    _document_option(lst)
    lst.add_argument("--json", action="store_true", help="print a JSON array (without an "
                     "article, each note also gives article_id, title and source)")
    rm = notes_sub.add_parser("rm", help="delete a note (it can be restored)")
    rm.add_argument("id", metavar="ID", help="the note's id (or its first characters)")
    restore = notes_sub.add_parser("restore", help="bring back a deleted note")
    restore.add_argument("id", metavar="ID", help="the note's id (or its first characters)")
    accept = notes_sub.add_parser("accept", help="keep a note in review on its edited sentence")
    accept.add_argument("id", metavar="ID", help="the note's id (or its first characters)")

    exp = sub.add_parser("export", help="export an article's notes (Markdown, W3C JSON or "
                         "ClaimReview)")
    exp.add_argument("path", metavar="PATH", nargs="?", help="the article")
    _document_option(exp)
    exp.add_argument("--format", choices=("markdown", "json", "claimreview"), default="markdown",
                     help="Markdown for people and note apps (default), W3C Web Annotation JSON, "
                     "or schema.org ClaimReview JSON-LD (the notes with a verdict, to publish)")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically); "
                     "Markdown into a file exported before keeps every line you wrote there")
    exp.add_argument("--wikilinks", action=argparse.BooleanOptionalAction, default=None,
                     help="Markdown: speakers as [[links]] to a note each (default: as FILE "
                     "has them; a new file: not)")

    imp = sub.add_parser("import", help="import notes from W3C Web Annotation JSON")
    imp.add_argument("file", metavar="FILE.json", help="the annotations (- for standard input)")

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

    chk = sub.add_parser("checks", help="the fact-checks you keep: import, list, search, remove")
    chk_sub = chk.add_subparsers(dest="checks_command", metavar="ACTION", parser_class=_Parser)
    chk_imp = chk_sub.add_parser(
        "import", help="keep the fact-checks of files: ClaimReview JSON-LD (a .json file or a "
        "saved page), a DataCommons feed, a Fact Check Tools API response, CSV or TSV with a header")
    chk_imp.add_argument("files", nargs="+", metavar="FILE")
    chk_list = chk_sub.add_parser("list", help="the fact-checks kept, the newest first")
    chk_list.add_argument("--json", action="store_true", help="as JSON")
    chk_list.add_argument("--limit", type=_limit, default=None, help="at most N")
    chk_find = chk_sub.add_parser("search", help="the fact-checks that match what QUERY says")
    chk_find.add_argument("query", metavar="QUERY")
    chk_find.add_argument("--json", action="store_true", help="as JSON")
    chk_find.add_argument("--limit", type=_limit, default=10, help="at most N (10)")
    chk_rm = chk_sub.add_parser("rm", help="remove fact-checks: by id, or all of one file")
    chk_rm.add_argument("ids", nargs="*", type=_row_id, metavar="ID")
    chk_rm.add_argument("--source", metavar="FILE", help="every fact-check imported from FILE "
                        "(its name as 'margin checks list' shows it)")
    ckd = sub.add_parser("checked", help="the statements of an article that match a fact-check "
                         "you keep, with the fact-checks")
    ckd.add_argument("path", metavar="PATH")
    ckd.add_argument("--json", action="store_true", help="as JSON")
    ckd.add_argument("--all", action="store_true",
                     help="every statement, and matches under the threshold too")

    srv = sub.add_parser("serve", help="serve the reader to web browsers (each browser its own "
                         "reader over your notes)")
    srv.add_argument("article", nargs="?", metavar="ARTICLE",
                     help="what each browser opens (the bundled sample by default)")
    srv.add_argument("--host", default="127.0.0.1",
                     help="the address to listen on (127.0.0.1: this machine only)")
    srv.add_argument("--port", type=int, default=8000, help="the port (8000)")

    sub.add_parser("sync", help="send your notes to your desk's PostgreSQL server and take "
                   "your teammates' (MARGIN_STORE_URL or store_url in the config)")

    bak = sub.add_parser("backups", help="list the daily backups of your notes, or restore one")
    bak.add_argument("--restore", metavar="NAME", help="put this backup back (the current "
                     "database is kept aside, never deleted)")
    return parser


def with_default_command(argv: list[str]) -> list[str]:
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
