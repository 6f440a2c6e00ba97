"""Where an export may be written: never over Margin's own data (the notes database, its journal,
its backups), never over the article it exports, and never over a file that is not an export
of the same kind (a typo in ``-o`` must not replace a thesis with JSON)."""

from __future__ import annotations

import os
from pathlib import Path

from .model import data_dir

#: The bytes of an existing file read to tell whether it is an export of the kind written.
_HEAD = 65536
#: What each kind of JSON export holds near its start.
_SIGNS = {"json": ('"http://www.w3.org/ns/anno.jsonld"',), "claimreview": ('"ClaimReview"',)}


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def refusal(target: Path, kind: str, article_source: str | None = None) -> str | None:
    """Why ``target`` must not be written with an export of ``kind`` ("json", "claimreview"),
    or None when it may (a new file, or an earlier export of the same kind: rewritten)."""
    if _inside(target, data_dir()):
        return "it is in Margin's own data folder (the notes database and its backups)"
    if article_source and not article_source.startswith("<") and "://" not in article_source \
            and _same(target, Path(article_source)):
        return "it is the article itself"
    try:
        if not target.is_file() or target.stat().st_size == 0:
            return None  # a new file (or a device, a pipe: written to as they are)
        with open(target, "rb") as f:
            head = f.read(_HEAD).decode("utf-8", "replace")
    except OSError:
        return None  # (the write says why it cannot)
    stripped = head.strip()
    if kind == "claimreview" and stripped == "[]":
        return None  # an earlier export with nothing to publish
    if any(sign in head for sign in _SIGNS[kind]) and stripped[:1] in "[{":
        return None
    return f"it exists and is not a Margin {'ClaimReview' if kind == 'claimreview' else 'JSON'} " \
           "export (remove it first, or choose another file)"
