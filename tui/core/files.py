"""Writing the user's files: whole or not at all, and never over a device, a pipe or a link."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, content: str) -> None:
    """Write a file so that it is either the old one or the whole new one, never half.

    A link is written through (the file it points to is replaced, the link stays); a device or a
    pipe (``-o /dev/stdout``, a FIFO) is written straight, as a shell redirection would: it is
    never replaced by a file."""
    try:
        mode = os.stat(path).st_mode  # through links
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        return
    path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
