"""The settings that sign ClaimReview exports: read forgivingly, and never written unless set."""

from __future__ import annotations

import json

import pytest

from tui.app.config import Config, load_config, publisher_settings, save_config


@pytest.fixture
def path(tmp_path, monkeypatch):
    monkeypatch.setenv("MARGIN_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config" / "config.json"


def test_unset_they_are_never_written(path):
    save_config(Config(theme="nord"))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "organization" not in data and "reviewer" not in data
    assert publisher_settings() == ({}, {}, None)


def test_set_they_are_read_and_kept(path):
    path.parent.mkdir(parents=True)
    settings = {"organization": {"name": " Harbour\tChecks ", "url": "https://checks.example"},
                "reviewer": {"name": "Ana Example"}}
    path.write_text(json.dumps(settings), encoding="utf-8")
    assert publisher_settings() == ({"name": "Harbour Checks", "url": "https://checks.example"},
                                    {"name": "Ana Example"}, None)
    config, warning = load_config()
    assert warning is None and config.reviewer == {"name": "Ana Example"}
    config.theme = "nord"
    save_config(config)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["organization"] == {"name": "Harbour Checks", "url": "https://checks.example"}
    assert data["reviewer"] == {"name": "Ana Example"}


def test_bad_values_are_said_and_the_good_part_kept(path):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"organization": {"name": "Checks\x07", "url": "ftp://x"},
                                "reviewer": {"name": ""}, "keymap": {"app.quit": 3}}),
                    encoding="utf-8")
    organization, reviewer, warning = publisher_settings()
    assert organization == {"name": "Checks"} and reviewer == {}
    assert "organization url" in warning and "reviewer" in warning
    assert "keymap" not in warning  # only what the export uses is said
    for value in ("Checks", ["Checks"], {"url": "https://x.example"}):
        path.write_text(json.dumps({"organization": value}), encoding="utf-8")
        assert publisher_settings()[0] == {} and "organization" in publisher_settings()[2]
