"""The ``margin`` command: subcommands call tui.core, and ``margin [ARTICLE]`` starts the reader."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from typing import Callable, Sequence

from . import __version__
from .core.text import LoadError

EXIT_USAGE = 2  # unusable input or arguments


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
    art = article.load(source, _stdin_for(source))
    from .app.app import run

    return run(art, args)


def cmd_claims(args: argparse.Namespace) -> int:
    from .core import article

    art = article.load(args.path, _stdin_for(args.path))
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
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
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


# ---------------------------------------------------------------- parser

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "read": cmd_read,
    "claims": cmd_claims,
}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="margin",
        description="Margin: read an article, see every claim and who made it, and keep notes.",
        epilog="With no command, 'margin [ARTICLE]' opens the reader ('-' reads standard input; "
        "no ARTICLE opens the bundled sample).",
    )
    parser.add_argument("--version", action="version", version=f"margin {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="where notes are kept (default: $MARGIN_DATA_DIR or the user data dir)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    read = sub.add_parser("read", help="open the reader (the default command)")
    read.add_argument("article", nargs="?", metavar="ARTICLE",
                      help="a .md, .txt or other text file, or - for standard input")

    claims = sub.add_parser("claims", help="list the statements of an article and their claims")
    claims.add_argument("path", metavar="PATH", help="the article (- for standard input)")
    claims.add_argument("--json", action="store_true", help="print a JSON array")
    claims.add_argument("--min-score", type=_score, default=0.0, metavar="X",
                        help="only statements scoring at least X (0 to 1)")
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
        args = build_parser().parse_args(_with_default_command(argv))
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
