"""Loading: encodings, control characters, newlines, and clear errors for unusable input."""

from __future__ import annotations

import io
import os
import random
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.load import read
from tui.core.load import LoadError
from tui.core.load.source import load
from tui.core.text import sanitize

ARTICLE = "Café owners said prices rose 5% in Zürich.\nThe mayor’s office declined to comment.\n"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data, encoding",
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"), "utf-8"),
        (("\ufeff" + ARTICLE).encode("utf-16-le"), "utf-16-le"),
        (("\ufeff" + ARTICLE).encode("utf-16-be"), "utf-16-be"),
        (ARTICLE.encode("utf-16-le"), "utf-16-le"),
        (ARTICLE.encode("utf-16-be"), "utf-16-be"),
        (("\ufeff" + ARTICLE).encode("utf-32-le"), "utf-32-le"),
    ],
)
def test_unicode_encodings_decode_to_the_same_text(tmp_path, data, encoding):
    src = load(str(write(tmp_path, "a.txt", data)))
    assert src.text == ARTICLE
    assert src.encoding == encoding


def test_legacy_encodings_are_detected(tmp_path):
    latin = ("Les propriétaires de café à Zürich ont déclaré que les prix avaient augmenté. "
             "Le maire a refusé de commenter l'été dernier, après la fête.\n")
    src = load(str(write(tmp_path, "fr.txt", latin.encode("latin-1"))))
    assert src.text == latin
    cp = "He said “prices rose” — by 5% — in the café’s bill.\n" * 3
    src = load(str(write(tmp_path, "cp.txt", cp.encode("cp1252"))))
    assert src.text == cp


def test_crlf_and_lone_cr_become_newlines(tmp_path):
    src = load(str(write(tmp_path, "crlf.txt", b"One.\r\nTwo.\rThree.\n")))
    assert src.text == "One.\nTwo.\nThree.\n"


def test_escape_sequences_and_controls_are_removed():
    hostile = (
        "Title\x1b]0;pwned\x07 ok\x1b[2J\x1b[31mred\x1b[0m \x9b31mc1\x07bell\x00nul\x7fdel"
        "\x1b]52;c;ZXZpbA==\x1b\\ \x08back\x85next\u202eevil\u2066x\tTab"
    )
    clean = sanitize(hostile)
    assert clean == "Title okred c1bellnuldel back\nnextevilx\tTab"
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in clean)


def test_an_unterminated_osc_does_not_eat_the_article():
    clean = sanitize("Before \x1b]0;title with no end\nThe rest of the article.")
    assert clean.endswith("\nThe rest of the article.")
    assert "title with no end" not in clean


def test_text_is_nfc():
    assert sanitize("Cafe\u0301") == "Café"


@settings(max_examples=300)
@given(st.text())
def test_sanitize_never_leaves_control_characters(s):
    clean = sanitize(s)
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in clean)
    assert clean == unicodedata.normalize("NFC", clean)


def test_empty_file_is_an_empty_document(tmp_path):
    src = load(str(write(tmp_path, "empty.txt", b"")))
    assert src.text == ""


def test_stdin(tmp_path):
    src = load("-", stdin=io.BytesIO(ARTICLE.encode()))
    assert src.text == ARTICLE
    assert src.name == "<stdin>" and src.path is None


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        bytes(range(256)) * 64,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 100,
        random.Random(0).randbytes(4096),
    ],
    ids=["png", "all-bytes", "elf", "random"],
)
def test_binary_data_is_refused_with_one_line(tmp_path, data):
    with pytest.raises(LoadError) as info:
        load(str(write(tmp_path, "x.bin", data)))
    message = str(info.value)
    assert "\n" not in message and "x.bin" in message


def test_a_few_nul_bytes_in_text_are_dropped(tmp_path):
    src = load(str(write(tmp_path, "nul.txt", b"The vote was 52\x00-48. It passed.")))
    assert src.text == "The vote was 52-48. It passed."


def test_missing_directory_and_unreadable_paths(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load(str(tmp_path / "missing.txt"))
    with pytest.raises(LoadError, match="is a directory"):
        load(str(tmp_path))
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(LoadError, match="symbolic links"):
        load(str(loop))
    if sys.platform != "win32" and os.geteuid() != 0:
        locked = write(tmp_path, "locked.txt", b"secret")
        locked.chmod(0)
        with pytest.raises(LoadError, match="permission denied"):
            load(str(locked))


def test_too_large_is_refused_and_names_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_BYTES", 1000)
    with pytest.raises(LoadError, match="up to"):
        load(str(write(tmp_path, "big.txt", b"a" * 1001)))
    with pytest.raises(LoadError, match="up to"):
        load("-", stdin=io.BytesIO(b"a" * 1001))


def test_format_by_suffix(tmp_path):
    assert load(str(write(tmp_path, "a.md", b"# T"))).format == "markdown"
    assert load(str(write(tmp_path, "a.MARKDOWN", b"# T"))).format == "markdown"
    assert load(str(write(tmp_path, "a.txt", b"# T"))).format == "text"
    assert load(str(write(tmp_path, "README", b"# T"))).format == "text"
