"""``margin sync`` as a desk uses it: two data folders ("machines") and one server."""

from __future__ import annotations

import json

from tests.conftest import SAMPLE, run_margin


def env_of(tmp_path, name, url, **more):
    return {"MARGIN_DATA_DIR": str(tmp_path / name), "MARGIN_CONFIG_DIR": str(tmp_path / f"{name}-cfg"),
            "MARGIN_STORE_URL": url, **more}


def test_sync_sends_and_takes_notes_between_two_machines(tmp_path, desk_url, server):
    a = env_of(tmp_path, "a", desk_url)
    b = env_of(tmp_path, "b", desk_url)
    (tmp_path / "a-cfg").mkdir()
    (tmp_path / "a-cfg" / "config.json").write_text(json.dumps({"author": "Ana Ruiz"}))
    added = run_margin("notes", "add", str(SAMPLE), "-s", "3", "--text", "Checked: true.",
                       "--verdict", "supported", env=a)
    assert added.returncode == 0, added.stderr
    sent = run_margin("sync", env=a)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.decode().startswith("synced with postgresql://desk@127.0.0.1:")
    assert "1 sent, 0 taken" in sent.stdout.decode()
    taken = run_margin("sync", env=b)
    assert "0 sent, 1 taken" in taken.stdout.decode(), taken.stderr
    listed = run_margin("notes", "list", "--json", env=b)
    notes = json.loads(listed.stdout)
    assert [(n["body"], n["verdict"], n["author"]) for n in notes] == [
        ("Checked: true.", "supported", "Ana Ruiz")]
    # Who set which verdict when: the desk's history, in the JSON.
    assert [(h["revision"], h["author"], h["verdict"]) for h in notes[0]["history"]] == [
        (1, "Ana Ruiz", "supported")]
    assert server.password.encode() not in sent.stdout + sent.stderr + taken.stdout
    # The W3C export names who wrote it (on machine a, where the article is).
    exported = json.loads(run_margin("export", "--format", "json", str(SAMPLE), env=a).stdout)
    creators = [item.get("creator") for item in exported["first"]["items"]]
    assert creators == [{"type": "Person", "name": "Ana Ruiz"}]
    history = exported["first"]["items"][0]["history"]
    assert [(h["revision"], h["author"], h["verdict"]) for h in history] == [
        (1, "Ana Ruiz", "supported")]


def test_sync_without_a_desk_or_with_a_password_in_the_config_is_one_line(tmp_path, server):
    alone = env_of(tmp_path, "a", "")
    got = run_margin("sync", env=alone)
    assert got.returncode == 2 and got.stderr.decode().count("\n") == 1
    assert "MARGIN_STORE_URL" in got.stderr.decode()
    (tmp_path / "a-cfg").mkdir()
    (tmp_path / "a-cfg" / "config.json").write_text(json.dumps(
        {"store_url": f"postgresql://desk:{server.password}@127.0.0.1:{server.port}/postgres"}))
    got = run_margin("sync", env=alone)
    assert got.returncode == 2 and "PGPASSWORD" in got.stderr.decode()
    assert server.password.encode() not in got.stdout + got.stderr


def test_sync_with_the_server_down_says_so_in_one_line_and_keeps_the_note(tmp_path, server):
    port = server.port + 1 if server.port < 65535 else server.port - 1
    down = env_of(tmp_path, "a", f"postgresql://desk@127.0.0.1:{port}/postgres")
    run_margin("notes", "add", str(SAMPLE), "-s", "1", "--text", "kept", env=down)
    got = run_margin("sync", env=down)
    assert got.returncode == 1 and got.stderr.decode().startswith("margin: cannot reach")
    assert got.stderr.decode().count("\n") == 1
    listed = run_margin("notes", "list", "--json", env=down)
    assert [n["body"] for n in json.loads(listed.stdout)] == ["kept"]
