"""The throwaway server itself: reachable with the password, refused without it."""

import psycopg
import pytest


def test_the_server_answers_with_the_password_and_refuses_without(server, desk_url, monkeypatch):
    with psycopg.connect(desk_url) as conn:
        assert conn.execute("SELECT 1 + 1").fetchone() == (2,)
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(desk_url, connect_timeout=10)
