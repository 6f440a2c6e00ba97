"""``margin sync``: send this machine's notes to the desk's PostgreSQL server and take the
desk's (tui.core.desk)."""

from __future__ import annotations

import argparse

from .commands import _session, _store
from .parser import EXIT_USAGE, CliError


def cmd_sync(args: argparse.Namespace) -> int:
    from ..app.config import author_of, load_config
    from ..core.desk.server import DeskError, redacted, store_url
    from ..core.desk.sync import sync

    config, _ = load_config()
    try:
        url = store_url(config.store_url)
    except DeskError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    if not url:
        raise CliError("no desk to share notes with: set MARGIN_STORE_URL or store_url in the "
                       "config to a postgresql:// address", EXIT_USAGE)
    with _session() as session:
        try:
            report = sync(_store(session), url, author_of(config))
        except DeskError as exc:
            raise CliError(str(exc), 1) from None
    both = (f"; {report.kept_both} edited here and on the desk, both kept"
            if report.kept_both else "")
    print(f"synced with {redacted(url)}: {report.sent} sent, {report.taken} taken{both}")
    return 0
