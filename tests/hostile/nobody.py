"""Run `margin` as the unprivileged user ``nobody`` (when the tests run as root, who reads and
writes everything regardless of permissions)."""

from __future__ import annotations

import io
import os
import sys
import traceback

NOBODY = 65534


def can_switch_user() -> bool:
    return hasattr(os, "fork") and hasattr(os, "geteuid") and os.geteuid() == 0


def _warm_up() -> None:
    """Import (and load the data of) everything a command may need before the fork: ``nobody``
    may not be allowed to read this Python's files."""
    import importlib

    import pkgutil

    import tui

    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        if not info.name.startswith("tui.app") and not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    for name in ("sqlite3", "json", "uuid", "select", "charset_normalizer", "sentencex",
                 "markdown_it", "rapidfuzz", "platformdirs", "rich.cells"):
        importlib.import_module(name)
    from tui.core.analysis.article import analyse
    from tui.core.document.parse import parse

    analyse(parse("The mayor said 5 buses ran. Prices rose 3%.", "markdown"))


def run_as_nobody(argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """``margin ARGV`` in a forked child that became ``nobody``: (exit code, stdout, stderr).
    Forked rather than executed, so the child needs no access to this Python installation."""
    _warm_up()
    from tui import cli

    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 99
        try:
            os.close(out_r)
            os.close(err_r)
            sys.stdout = io.TextIOWrapper(os.fdopen(out_w, "wb"), encoding="utf-8")
            sys.stderr = io.TextIOWrapper(os.fdopen(err_w, "wb"), encoding="utf-8")
            os.environ.update(env)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            code = cli.main(argv)
        except BaseException:
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    os.close(out_w)
    os.close(err_w)
    with os.fdopen(out_r, "rb") as out, os.fdopen(err_r, "rb") as err:
        # Small outputs: reading one pipe to its end before the other cannot block the child.
        stdout = out.read()
        stderr = err.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), stdout.decode("utf-8"), stderr.decode("utf-8")
