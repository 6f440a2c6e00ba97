"""The statement's tokens are split by a pattern written for speed: it finds what words.TOKEN
finds, everywhere (the tokens and the gaps between them), on news, on a book's dialogue and on
strings of the characters where the two could part."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tui.core.analysis.tokens import _SPLIT, tokenize
from tui.core.analysis.words import TOKEN

SAMPLE = Path(__file__).resolve().parents[3] / "seeds" / "ukraine-long-range-missiles.txt"
BY_TOKEN = re.compile(f"({TOKEN.pattern})")

TRICKY = [
    "", " ", "-", " - ", "a - b", "a -b", "U.S.", "U.S.A.", "the U.S. said", "U.S", "u.s.a. rules",
    "Gen. Smith, 64, said: “No.”", "rock-'n'-roll", "AT&T's share", "don’t", "it's'", "end..",
    "a.-b", "a-.", "3.5%", "1,000,000 people", "__init__", "café—déjà vu", "(R-Ky.) said",
    "Mr. O'Neil—who–said", "x''y", "-x-", "A.B", "A.", "e.g. this", "…and then",
    "x\u00a0-\u00a0y", "\t-\n", "''We wanted,'' he said.",
]


def test_the_split_finds_what_token_finds_on_tricky_strings():
    for text in TRICKY:
        assert _SPLIT.split(text) == BY_TOKEN.split(text), text


def test_the_split_finds_what_token_finds_on_news():
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        assert _SPLIT.split(line) == BY_TOKEN.split(line)


@pytest.mark.parametrize("seed", range(4))
def test_the_split_finds_what_token_finds_on_random_strings(seed):
    rnd = random.Random(seed)
    alphabet = "aZé9_.-’'&,:;“”\"()—– \n\tU.S.Ab"
    for _ in range(20_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24)))
        assert _SPLIT.split(text) == BY_TOKEN.split(text), text


def test_tokens_carry_their_offsets():
    text = "“It is,” said Gen. Smith of the U.S. Senate."
    toks = tokenize(text)
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert [t.text for t in toks][:5] == ["“", "It", "is", ",", "”"]
    assert "Gen." in [t.text for t in toks] and "U.S." in [t.text for t in toks]
    assert toks[-1].text == "Senate"  # the full stop ends the statement, not the word
