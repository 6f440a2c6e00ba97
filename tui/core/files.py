"""Writing the user's files: whole or not at all, and never over a device, a pipe or a link."""

from __future__ import annotations

import errno
import os
import secrets
import stat
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
    fd, tmp = _new_file(folder, path.name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            if mode is not None:  # a file replaced keeps its permissions
                _chmod(handle.fileno(), stat.S_IMODE(mode))
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


def _new_file(folder: Path, name: str) -> tuple[int, str]:
    """A new, empty file in ``folder`` to write ``name``'s content to, open for writing.

    Created as any file the user makes, 0666 less the umask (0644 under umask 022; a default
    ACL applies too): tempfile.mkstemp would make it 0600, a file only its owner can read.
    O_EXCL: never an existing file, nor a link someone put there."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "No temporary file name left", str(folder))


def _chmod(fd: int, mode: int) -> None:
    try:
        os.fchmod(fd, mode)
    except OSError:  # a file system without permissions (FAT, some network shares)
        pass
