"""Read an input's bytes within bounds: a file, standard input, a named pipe; never a device."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from . import LoadError

#: The largest article Margin reads. Bigger inputs are refused with a message that names it.
MAX_BYTES = 32 * 1024 * 1024


#: What is being read, as messages name it: (plural, with its article).
ARTICLES = ("articles", "an article")
ANNOTATIONS = ("annotation files", "an annotation file")


def read_bytes(source: str, stdin: BinaryIO | None = None,
               kind: tuple[str, str] = ARTICLES) -> tuple[bytes, str, Path | None]:
    """Read at most MAX_BYTES from a path or ``-`` (stdin). Returns (bytes, name, path).
    ``kind`` names what is read in the messages (an article, or an annotation file)."""
    if source == "-":
        if stdin is None and (sys.stdin is None or sys.stdin.closed):
            raise LoadError("-: there is no standard input to read")
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            interactive = stream.isatty()
        except (AttributeError, ValueError, OSError):
            interactive = False
        if interactive:  # it would wait for a paste and an end-of-file most people cannot type
            raise LoadError("-: standard input is the terminal; pipe an article in "
                            "(margin claims - < article.txt)")
        data = stream.read(MAX_BYTES + 1)
        _check_size(data, "<stdin>", kind)
        return data, "<stdin>", None
    path = Path(source).expanduser()
    try:
        info = path.stat()
    except OSError as exc:
        raise _unreadable(source, exc, kind) from None
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(f"{source}: is a directory, not {kind[1]}")
    if stat.S_ISFIFO(info.st_mode):
        data = _read_pipe(path, source, kind)
        return data, source, None
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(f"{source}: is a device or socket, not a file")
    if info.st_size > MAX_BYTES:
        raise LoadError(f"{source}: too large ({_mb(info.st_size)}; Margin reads {kind[0]} up "
                        f"to {_mb(MAX_BYTES)})")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _unreadable(source, exc, kind) from None
    _check_size(data, source, kind)
    return data, source, Path(os.path.abspath(path))


def _unreadable(source: str, exc: OSError, kind: tuple[str, str] = ARTICLES) -> LoadError:
    """The one line for a file that the system would not let us read."""
    if isinstance(exc, FileNotFoundError):
        return LoadError(f"{source}: no such file")
    if isinstance(exc, PermissionError):
        return LoadError(f"{source}: permission denied")
    if isinstance(exc, IsADirectoryError):
        return LoadError(f"{source}: is a directory, not {kind[1]}")
    return LoadError(f"{source}: cannot read ({exc.strerror or exc})")


#: A pipe (``margin claims <(curl …)``) that sends nothing for this long is given up on.
PIPE_IDLE_SECONDS = 30.0


def _read_pipe(path: Path, source: str, kind: tuple[str, str] = ARTICLES) -> bytes:
    """Read a named pipe without ever hanging: no writer means an empty article, and a writer
    that goes quiet for PIPE_IDLE_SECONDS is an error."""
    import select

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise LoadError(f"{source}: cannot read ({exc.strerror or exc})") from None
    chunks: list[bytes] = []
    total = 0
    idle = float(os.environ.get("MARGIN_PIPE_TIMEOUT", PIPE_IDLE_SECONDS))
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], idle)
            if not ready:
                raise LoadError(f"{source}: nothing came through the pipe for {idle:g} s "
                                "(is a program writing to it?)")
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                continue
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_BYTES:
                raise LoadError(f"{source}: too large (Margin reads {kind[0]} up to {_mb(MAX_BYTES)})")
    finally:
        os.close(fd)
    return b"".join(chunks)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _check_size(data: bytes, name: str, kind: tuple[str, str]) -> None:
    if len(data) > MAX_BYTES:
        raise LoadError(f"{name}: too large (Margin reads {kind[0]} up to {_mb(MAX_BYTES)})")
