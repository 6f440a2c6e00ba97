"""``margin``: parse, run the command, and turn every failure into one line and an exit code."""

from __future__ import annotations

import codecs
import gc
import os
import sys
from typing import Sequence

from ..core.load import LoadError
from ..core.text import safe_output
from .parser import EXIT_USAGE, CliError, build_parser, with_default_command


class _Sanitized:
    """A text stream that writes everything through the output sanitizer: whatever a command
    prints (a file name, a title, a note's id, an error) cannot steer the terminal."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(safe_output(text))

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _shown_whole()
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Sanitized(sys.stdout), _Sanitized(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = streams


def _main(argv: list[str]) -> int:
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(with_default_command(argv))
        if extra:
            # "margin search QUERY --json FOLDER": paths may come after the options.
            if args.command == "search" and not any(e.startswith("-") and e != "-" for e in extra):
                args.paths = [*args.paths, *extra]
            else:
                parser.error(f"unrecognized arguments: {' '.join(extra)}")
        if args.data_dir:
            os.environ["MARGIN_DATA_DIR"] = os.path.abspath(os.path.expanduser(args.data_dir))
        if args.command in ("checks", "checked"):
            from . import checks as commands
        elif args.command == "sync":
            from . import desk as commands
        elif args.command == "serve":
            from . import serve as commands
        else:
            from . import commands

        command = getattr(commands, f"cmd_{args.command}")
        if args.command == "read":
            return _collector_paused(command, args)
        return command(args)
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


def _collector_paused(command, args) -> int:
    """Run the reader with Python's cyclic garbage collector off while it starts: its imports
    and first screen make some 90,000 objects that all live on, and collections walked them
    again and again (a tenth of the time to the first screen). The reader turns the collector
    on with its first frame (tui.app.collector.started); this does, if it never got that far."""
    if not gc.isenabled():
        return command(args)
    gc.disable()
    try:
        return command(args)
    finally:
        gc.enable()


def _unencodable(exc: UnicodeError) -> tuple[bytes, int]:
    """What stands for characters the output cannot hold: U+FFFD (or ``?`` where even that
    cannot be written), as bytes (a UTF-8 encoder takes nothing else from a handler)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    try:
        mark = "\ufffd".encode(exc.encoding)
    except (UnicodeError, LookupError):
        mark = b"?"
    return mark * (exc.end - exc.start), exc.end


def _shown_whole() -> None:
    """Output never fails on a character it cannot hold: a file name that is not UTF-8 (its
    bytes decode to halves of characters) is printed with replacement characters, never as
    raw bytes and never as a crash."""
    codecs.register_error("margin-shown", _unencodable)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="margin-shown")
        except (AttributeError, ValueError, OSError):  # not a text file (replaced in a test)
            pass


def _fail(message: str) -> None:
    message = " ".join(str(message).split())
    print(f"margin: {message}", file=sys.stderr)
