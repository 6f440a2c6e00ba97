"""A throwaway PostgreSQL cluster for the desk's tests: ``initdb`` in a temporary folder, the
server on a free port of 127.0.0.1 (no Unix socket), a superuser with a password (SCRAM), torn
down after. PostgreSQL refuses to run as root: when the tests do (as CI does), the cluster is
made and run by ``nobody``.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

NOBODY = 65534
#: Seconds the server may take to start or stop (a loaded machine is slow, never this slow).
START = 120


def binaries() -> Path | None:
    """The folder of PostgreSQL's server programs (initdb, pg_ctl), or None."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    """A running cluster: ``url`` without the password (as a desk would write it in a config),
    ``password`` apart (as it would come from the environment)."""

    folder: Path
    port: int
    user: str
    password: str
    bin: Path

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        kwargs = {}
        if os.geteuid() == 0:
            kwargs = {"user": NOBODY, "group": NOBODY, "extra_groups": []}
        return subprocess.run(list(args), capture_output=True, text=True, check=check,
                              timeout=START, cwd=self.folder, **kwargs)

    def start(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-w",
                  "-t", str(START), "-l", str(self.folder / "log"), "-o",
                  f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                  " -c fsync=off -c max_connections=60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-w",
                  "-t", str(START), "-m", mode, "stop", check=False)

    def restart(self) -> None:
        """Stop the server at once (connections cut) and start it again on the same port."""
        self.stop("immediate")
        deadline = time.monotonic() + START
        while True:
            try:
                self.start()
                return
            except subprocess.CalledProcessError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def database(self, name: str) -> str:
        """A new, empty database; its URL (without the password)."""
        import psycopg

        with psycopg.connect(self.url, password=self.password, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{name}"


def make() -> Cluster:
    """A new cluster, started."""
    bin_folder = binaries()
    if bin_folder is None:
        raise FileNotFoundError("PostgreSQL's server programs (initdb, pg_ctl)")
    folder = Path(tempfile.mkdtemp(prefix="margin-pg-"))
    password = secrets.token_urlsafe(18)
    (folder / "pw").write_text(password + "\n")
    if os.geteuid() == 0:
        os.chown(folder, NOBODY, NOBODY)
        os.chown(folder / "pw", NOBODY, NOBODY)
    cluster = Cluster(folder, _free_port(), "desk", password, bin_folder)
    cluster._run(str(bin_folder / "initdb"), "-D", str(folder / "data"), "-U", "desk",
                 "--pwfile", str(folder / "pw"), "--auth", "scram-sha-256", "-E", "UTF8",
                 "--no-sync", "--locale", "C")
    (folder / "pw").unlink()
    for attempt in range(5):
        try:
            cluster.start()
            return cluster
        except subprocess.CalledProcessError:  # the port was taken meanwhile: another
            if attempt == 4:
                raise
            cluster.port = _free_port()
    return cluster


def remove(cluster: Cluster) -> None:
    cluster.stop("immediate")
    shutil.rmtree(cluster.folder, ignore_errors=True)
