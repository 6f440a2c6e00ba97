"""The notes database's daily backups: written with SQLite's backup API and verified, the last
few kept, and one put back on request (the database it replaces kept aside, never deleted)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from . import schema
from .model import StoreError

#: How many daily backups are kept.
BACKUPS_KEPT = 7


class Backups:
    """Mixed into the Store: uses its connection (``conn``), its database's path (``path``) and
    which file that is (``_identity``)."""

    conn: sqlite3.Connection
    path: Path
    _identity: tuple[int, int] | None

    def backup_dir(self) -> Path:
        return self.path.parent / "backups"

    def backups(self) -> list[Path]:
        return sorted(self.backup_dir().glob("margin-*.db"))

    def restore_backup(self, name: str) -> tuple[Path, Path]:
        """Put a backup back in place: the current database is set aside (never deleted) and this
        store reopens on the restored copy. Returns (where the old one went, the backup used)."""
        matches = [p for p in self.backups() if p.name == name or p.stem == name]
        if not matches:
            raise StoreError(f"no backup named {name} (see 'margin backups')")
        source = matches[0]
        check = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            check.close()
        if ok != "ok":
            raise StoreError(f"the backup {source.name} does not verify ({ok})")
        self.conn.close()
        aside = schema.set_aside(self.path, "replaced")
        shutil.copyfile(source, self.path)
        self.conn = schema.connect(self.path)
        schema.migrate(self.conn)
        self._identity = schema.identity(self.path)
        return aside, source

    def backup_if_due(self, every: timedelta = timedelta(days=1)) -> Path | None:
        """Write a verified backup if the newest one is older than ``every``; keep the last few."""
        existing = self.backups()
        if existing:
            age = datetime.now(timezone.utc).timestamp() - existing[-1].stat().st_mtime
            if age < every.total_seconds():
                return None
        return self.backup()

    def backup(self) -> Path:
        """Copy the database with SQLite's backup API, check the copy, then rotate old copies."""
        folder = self.backup_dir()
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        final = folder / f"margin-{stamp}.db"
        partial = folder / f".margin-{stamp}.db.partial"
        dest = sqlite3.connect(partial)
        try:
            self.conn.backup(dest)
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dest.close()
        if ok != "ok":
            partial.unlink(missing_ok=True)
            raise StoreError(f"the backup did not verify ({ok})")
        os.replace(partial, final)
        for old in self.backups()[:-BACKUPS_KEPT]:
            old.unlink(missing_ok=True)
        return final
