"""The desk's tests run against a real PostgreSQL server: a throwaway cluster (cluster.py) for
each test process. Only a user without root who lacks PostgreSQL sees them skip, with the
reason; as root (CI, which installs PostgreSQL when it is missing) a missing server fails them."""

from __future__ import annotations

import itertools
import os

import pytest

from tests.desk import cluster as pg

_names = itertools.count()


@pytest.fixture(scope="session")
def server():
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.fail("psycopg is missing: pip install -e '.[test]'")
    if pg.binaries() is None:
        if os.geteuid() == 0:
            pytest.fail("PostgreSQL is missing (apt-get install postgresql; .ci/run does)")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql), and without "
                    "root it cannot be")
    made = pg.make()
    yield made
    pg.remove(made)


@pytest.fixture
def desk_url(server, monkeypatch):
    """A new database on the server for this test; its URL holds no password: the password
    comes from the environment (PGPASSWORD), as a desk's would."""
    url = server.database(f"desk_{os.getpid()}_{next(_names)}")
    monkeypatch.setenv("PGPASSWORD", server.password)
    return url
