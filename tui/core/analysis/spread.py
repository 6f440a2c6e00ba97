"""What each statement says on its own, read by several processes for a long document.

Most of the analysis looks at one statement alone (its tokens, cues, readings of the speaker,
figures, hedges, check-worthiness: ``claims.said``); only a short pass must go in order, since
"he" and "Mr Gref" mean what the statements before them said (``claims.settle``). A 3 MB book
holds some 18,000 statements: read in one process they take four seconds, and in a thread of
the reader they would also take the interpreter from the screen. So, from PARALLEL_FROM
statements on, they are read by worker processes (as many as the CPUs this process may use, up
to MAX_WORKERS), CHUNK statements at a time, while this process settles each chunk in order as
it comes back. Below that, starting a process (a tenth of a second) costs more than it saves.

A worker is ``python -m tui.core.analysis.spread``: a new interpreter that imports the analysis
alone. Not ``multiprocessing``: its workers, spawned or served, import the program's main module
again, and a script that analyses at its top level would run again in each. A worker reads
chunks of statements from its standard input and writes what they say to its standard output
(pickles, between this program and its own child only); it runs in its own session (Ctrl+C at
the terminal is for the command, which stops it) and writes nothing to the terminal. Where a
worker cannot be started or fails, its statements are read here: the result is the same, only
slower.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from ..bulk import many_objects
from . import Cancelled
from .claims import Claim, Said, said, settle
from .context import Context

if TYPE_CHECKING:
    from ..document.model import Document


class Stream(Protocol):
    """What each statement says, in order; closing it stops the workers early."""

    def __iter__(self) -> Iterator[Said]: ...
    def __next__(self) -> Said: ...
    def close(self) -> None: ...


#: From this many statements on they are read by worker processes.
PARALLEL_FROM = 2_000
#: Statements sent to a worker at once.
CHUNK = 400
#: Worker processes at most (one per CPU does the work; more would only share them).
MAX_WORKERS = 4


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def said_all(texts: Sequence[str]) -> list[Said]:
    """What each of ``texts`` says on its own."""
    return [said(t) for t in texts]


class _Worker:
    """One worker process and the thread that feeds it its chunks."""

    def __init__(self, chunks: list[list[str]]) -> None:
        root = str(Path(__file__).resolve().parents[3])  # where the tui package is
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (root, os.environ.get("PYTHONPATH")) if p))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        self.feeder = threading.Thread(target=self._feed, args=(chunks,), daemon=True)
        self.feeder.start()

    def _feed(self, chunks: list[list[str]]) -> None:
        stdin = self.proc.stdin
        try:
            for chunk in chunks:
                pickle.dump(chunk, stdin, pickle.HIGHEST_PROTOCOL)
            stdin.close()
        except (OSError, ValueError):  # the worker is gone (or stopped): its reader says so
            pass

    def next(self) -> list[Said]:
        """What the next chunk sent says (raises when the worker failed)."""
        return pickle.load(self.proc.stdout)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass


def said_stream(text: str, statements: Sequence,
                cancelled: Callable[[], bool] | None = None) -> Stream:
    """What each statement (``start``, ``end`` into ``text``) says on its own, in order. The
    workers start now, not when the first statement is asked for: the caller may do other work
    meanwhile (the reader opens the notes store). Close the generator to stop them early."""
    n = len(statements)
    count = min(MAX_WORKERS, cpus(), -(-n // CHUNK))
    if n < PARALLEL_FROM or count < 2 or not sys.executable:
        return (said(text[st.start:st.end]) for st in statements)
    chunks = [[text[st.start:st.end] for st in statements[i:i + CHUNK]] for i in range(0, n, CHUNK)]
    workers: list[_Worker | None] = []
    for w in range(count):
        try:
            workers.append(_Worker(chunks[w::count]))
        except (OSError, ValueError):  # no process can be started: this one reads its chunks
            workers.append(None)
    return _Gathered(chunks, workers, cancelled)


class _Gathered:
    """What each chunk says, in order: chunk i from worker i % len(workers), or read here.
    Closing it (or reading it to the end) stops the workers, even before the first statement."""

    def __init__(self, chunks: list[list[str]], workers: list[_Worker | None],
                 cancelled: Callable[[], bool] | None) -> None:
        self._workers = workers
        self._said = self._gather(chunks, cancelled)

    def _gather(self, chunks: list[list[str]],
                cancelled: Callable[[], bool] | None) -> Iterator[Said]:
        workers = self._workers
        count = len(workers)
        try:
            for i, chunk in enumerate(chunks):
                if cancelled is not None and cancelled():
                    raise Cancelled
                worker = workers[i % count]
                got = None
                if worker is not None:
                    try:
                        got = worker.next()
                    except Exception:  # it failed: this process reads its chunks from now on
                        worker.stop()
                        workers[i % count] = None
                yield from got if got is not None else said_all(chunk)
        finally:
            self._stop()

    def __iter__(self) -> Iterator[Said]:
        return self

    def __next__(self) -> Said:
        return next(self._said)

    def close(self) -> None:
        self._stop()
        self._said.close()

    def _stop(self) -> None:
        for i, worker in enumerate(self._workers):
            if worker is not None:
                worker.stop()
                self._workers[i] = None


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """A worker: read chunks of statements until the input ends; write what each says. The
    collector paused: what a chunk says is freed when it is sent, and the collector would only
    walk the models' tables and caches again and again."""
    with many_objects():
        while True:
            try:
                chunk = pickle.load(stdin)
            except EOFError:
                return
            pickle.dump(said_all(chunk), stdout, pickle.HIGHEST_PROTOCOL)
            stdout.flush()


def detect(document: Document, statements: Sequence,
           progress: Callable[[int, int], None] | None = None,
           cancelled: Callable[[], bool] | None = None,
           stream: Stream | None = None) -> tuple[Claim, ...]:
    """One Claim per statement, in order. Statements carry ``start``, ``end`` and ``block``.

    ``progress(done, total)`` is called every few thousand statements (for a progress bar);
    ``cancelled()`` is asked every few hundred, and when it says so the work stops (Cancelled).
    ``stream`` is ``said_stream`` of the statements when started beforehand (it is closed).
    """
    ctx = Context()
    text = document.text
    out = []
    total = len(statements)
    if stream is None:
        stream = said_stream(text, statements, cancelled)
    # The collector paused: 18,000 claims made at once would have it walk them all again and
    # again (a third of the time this process spends on a 3 MB book).
    with closing(stream), many_objects():  # the workers stopped, however this ends
        for i, (st, own) in enumerate(zip(statements, stream)):
            out.append(settle(text[st.start:st.end], own, ctx, base=st.start, index=i,
                              block=st.block))
            if i % 500 == 499:
                if cancelled is not None and cancelled():
                    raise Cancelled
                if progress is not None and i % 2000 == 1999:
                    progress(i + 1, total)
    return tuple(out)


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
