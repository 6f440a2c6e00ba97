"""Settings: saved and loaded back, forgiving of broken files, never losing the user's words."""

from __future__ import annotations

import json
import os

import pytest

from tui.app import config as cfg
from tui.app.config import Config, config_path, load_config, save_config


@pytest.fixture
def path(tmp_path, monkeypatch):
    directory = tmp_path / "deep" / "config"
    monkeypatch.setenv("MARGIN_CONFIG_DIR", str(directory))
    return directory / "config.json"


def write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def bad_copies(path):
    return sorted(path.parent.glob("config.json.bad-*"))


def test_env_var_moves_the_config(path):
    assert config_path() == path


def test_default_location_is_the_platform_config_dir(monkeypatch):
    import platformdirs

    monkeypatch.delenv("MARGIN_CONFIG_DIR")
    assert config_path() == platformdirs.user_config_path("margin") / "config.json"


def test_missing_file_gives_defaults_without_warning(path):
    assert load_config() == (Config(), None)
    assert not path.parent.exists()  # loading never creates anything


def test_defaults():
    config = Config()
    assert config.theme == "textual-dark"
    assert config.sidebar is True
    assert config.keymap == {}
    assert config.min_score == 0.5
    assert config.kinds == ("quote", "attribution", "statistic", "hedge", "assertion")
    assert Config().keymap is not Config().keymap


def test_round_trip_creates_the_directory(path):
    config = Config(theme="nord", sidebar=False, keymap={"article.next_claim": "ctrl+n,alt+n"},
                    min_score=0.35, kinds=("quote", "statistic"))
    save_config(config)
    assert path.is_file()
    assert load_config() == (config, None)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {"theme": "nord", "sidebar": False, "keymap": {"article.next_claim": "ctrl+n,alt+n"},
                    "min_score": 0.35, "kinds": ["quote", "statistic"]}


def test_save_is_atomic_and_leaves_no_temp_files(path, monkeypatch):
    save_config(Config(theme="one"))
    before = path.read_bytes()

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(cfg.os, "replace", fail)
    with pytest.raises(OSError):
        save_config(Config(theme="two"))
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.json"]


def test_save_overwrites_a_good_file_without_copies(path):
    save_config(Config(theme="one"))
    save_config(Config(theme="two"))
    assert load_config()[0].theme == "two"
    assert bad_copies(path) == []


@pytest.mark.parametrize("text", ["{not json", "", "[1, 2]", '"a string"', "null", "{} {}"])
def test_broken_file_gives_defaults_a_warning_and_is_kept(path, text):
    write(path, text)
    config, warning = load_config()
    assert config == Config()
    assert warning and "\n" not in warning
    assert str(path) in warning
    assert path.read_text(encoding="utf-8") == text  # loading never touches it

    save_config(Config(theme="nord"))
    copies = bad_copies(path)
    assert len(copies) == 1
    assert copies[0].read_text(encoding="utf-8") == text
    assert load_config() == (Config(theme="nord"), None)
    # The file is good now: a later save makes no more copies.
    save_config(Config(theme="dracula"))
    assert bad_copies(path) == copies


def test_invalid_utf8_is_a_warning(path):
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"theme": "\xff"}')
    config, warning = load_config()
    assert config == Config() and "UTF-8" in warning
    save_config(Config())
    assert bad_copies(path)[0].read_bytes() == b'{"theme": "\xff"}'


def test_json_error_says_where(path):
    write(path, '{\n  "theme": "nord",\n  "sidebar": tru\n}')
    _, warning = load_config()
    assert "not valid JSON" in warning and "line 3" in warning


def test_unreadable_file_is_a_warning(path):
    path.mkdir(parents=True)  # a directory where the file should be: reading fails
    config, warning = load_config()
    assert config == Config()
    assert warning and "cannot read" in warning


@pytest.mark.parametrize("field, bad", [
    ("theme", 3), ("theme", ""), ("theme", None),
    ("sidebar", "yes"), ("sidebar", 1), ("sidebar", None),
    ("keymap", ["n"]), ("keymap", "n"),
    ("min_score", "0.5"), ("min_score", True), ("min_score", -0.1), ("min_score", 2),
    ("kinds", "quote"), ("kinds", [1, 2]), ("kinds", {"quote": True}),
])
def test_a_field_of_the_wrong_type_is_ignored_alone(path, field, bad):
    good = {"theme": "nord", "sidebar": False, "keymap": {"a.b": "x"}, "min_score": 0.5,
            "kinds": ["quote"]}
    data = dict(good, **{field: bad})
    write(path, json.dumps(data))
    config, warning = load_config()
    assert warning and field in warning and "\n" not in warning
    assert getattr(config, field) == getattr(Config(), field)
    for name, value in good.items():
        if name != field:
            expected = tuple(value) if name == "kinds" else value
            assert getattr(config, name) == expected, name

    # Saving over it keeps a copy of what the user wrote.
    save_config(config)
    assert json.loads(bad_copies(path)[0].read_text(encoding="utf-8")) == data


def test_keymap_keeps_its_good_entries(path):
    write(path, json.dumps({"keymap": {"article.next_claim": "n", "x.y": 3, "z": ""}}))
    config, warning = load_config()
    assert config.keymap == {"article.next_claim": "n"}
    assert "keymap" in warning and "x.y" in warning


def test_min_score_accepts_integers(path):
    write(path, json.dumps({"min_score": 1}))
    config, warning = load_config()
    assert warning is None and config.min_score == 1.0 and isinstance(config.min_score, float)


def test_kinds_are_tidied(path):
    write(path, json.dumps({"kinds": [" Quote", "quote", "statistic", ""]}))
    config, warning = load_config()
    assert warning is None
    assert config.kinds == ("quote", "statistic")


def test_partial_file_keeps_other_defaults(path):
    write(path, json.dumps({"sidebar": False}))
    assert load_config() == (Config(sidebar=False), None)


def test_unknown_keys_survive_a_save(path):
    write(path, json.dumps({"theme": "nord", "future_setting": {"a": [1, 2]}, "zoom": 2}))
    config, warning = load_config()
    assert warning is None
    config.sidebar = False
    save_config(config)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["future_setting"] == {"a": [1, 2]} and data["zoom"] == 2
    assert data["theme"] == "nord" and data["sidebar"] is False
    assert bad_copies(path) == []


def test_saved_file_is_readable_text(path):
    save_config(Config(keymap={"note.save": "ctrl+s"}, theme="thème"))
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n") and "thème" in text
    assert os.path.getsize(path) == len(text.encode("utf-8"))


def test_a_pipe_or_a_device_in_place_of_the_file_is_said_never_waited_on(path, monkeypatch):
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)  # (read, it would wait for a writer for ever)
    config, warning = load_config()
    assert config == Config() and "is a pipe or a device, not a file" in warning
    assert "is a pipe or a device" in cfg.publisher_settings()[2]
    save_config(Config(theme="textual-light"))  # replaced by a file, nothing copied from it
    assert load_config() == (Config(theme="textual-light"), None)
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    path.unlink()
    path.symlink_to("/dev/zero")  # (read, it would never end)
    assert "is a pipe or a device" in load_config()[1]
    path.unlink()
    path.write_bytes(b"{" + b" " * (2 * 1024 * 1024) + b"}")
    assert "over 1 MB" in load_config()[1]
