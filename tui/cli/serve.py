"""``margin serve``: the reader in web browsers, through textual-serve (the Textual project's own
server). Each browser session runs its own reader (``margin read ARTICLE``) over this user's
notes store; the server binds to this machine alone unless told otherwise, and then says that
anyone who reaches it can read and write the notes."""

from __future__ import annotations

import argparse
import errno
import ipaddress
import logging
import os
import shlex
import signal
import sys

from .commands import _warn
from .parser import EXIT_USAGE, CliError

#: Addresses only this machine can reach.
_LOOPBACK = ("localhost",)


def loopback(host: str) -> bool:
    """Can only this machine reach ``host``?"""
    if host in _LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def command(article: str) -> str:
    """The shell command each browser session runs: this Python's Margin reading ``article``
    (quoted: a file name is never read as shell)."""
    return f"{shlex.quote(sys.executable)} -m tui read -- {shlex.quote(article)}"


def _server(base):
    """textual-serve's server saying only Margin's line, once it listens: not its banner,
    which prints the command (the article's name) as Rich markup, nor its log of every
    connection. Its warnings and errors go to stderr as plain, scrubbed lines."""

    class Server(base):
        def initialize_logging(self) -> None:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(_Scrubbed("margin serve: %(message)s"))
            log = logging.getLogger("textual-serve")
            log.handlers[:] = [handler]
            log.setLevel(logging.DEBUG if self.debug else logging.WARNING)
            log.propagate = False

        async def on_startup(self, app) -> None:
            pass  # (said once listening: below)

        def serve(self, debug: bool = False) -> None:
            """textual-serve's own, but for the line said once the server listens."""
            import asyncio

            from aiohttp import web

            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, self.request_exit)
            web.run_app(self._make_app(), host=self.host, port=self.port,
                        handle_signals=False, loop=loop, print=self._listening)

        def _listening(self, _message: str) -> None:
            print(f"Margin in your browser: http://{_url_host(self.host)}:{self.port} "
                  "(Ctrl+C stops it)", flush=True)

    return Server


class _Scrubbed(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        from ..core.text import scrub

        return " ".join(scrub(super().format(record)).split())


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _readable(article: str) -> None:
    """The article read once now, as each browser's reader will: what cannot be read (not
    text, nothing in it, too large) is said here in one line, not in every browser."""
    from .commands import _has_text, _session

    with _session() as session:
        opened = session.load(article, None)
    _has_text(opened.document, article)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CliError("serving to browsers needs textual-serve: pip install 'margin[serve]'",
                       EXIT_USAGE) from None
    from ..core.session import sample_path

    if not 0 < args.port < 65536:
        raise CliError(f"--port {args.port}: expected 1 to 65535", EXIT_USAGE)
    article = args.article or str(sample_path())
    if "://" not in article and article != "-":
        if not os.path.exists(article):
            raise CliError(f"{article}: no such file", EXIT_USAGE)
        if not os.path.isfile(article):  # each browser reads it again: a pipe reads once
            what = "a directory" if os.path.isdir(article) else "a device or a pipe"
            raise CliError(f"{article}: is {what}, not a file", EXIT_USAGE)
        article = os.path.abspath(article)
    elif article == "-":
        raise CliError("a browser cannot read standard input: give a file or an address",
                       EXIT_USAGE)
    _readable(article)
    if not loopback(args.host):
        _warn(f"listening on {args.host}:{args.port} without authentication: anyone who can "
              "reach it can read and write your notes; put it behind a proxy that asks who "
              "they are (see README, 'In a browser')")
    os.environ["MARGIN_SERVED"] = "1"  # (the sessions' readers: see commands._served)
    server = _server(Server)(command(article), host=args.host, port=args.port, title="Margin")
    try:
        server.serve()
    except OSError as exc:
        why = os.strerror(exc.errno).lower() if exc.errno else str(exc)
        hint = " (another --port?)" if exc.errno == errno.EADDRINUSE else ""
        raise CliError(f"cannot listen on {args.host}:{args.port}: {why}{hint}", 1) from None
    return 0
