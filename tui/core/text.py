"""Text safe to keep and to show: escape sequences and control characters removed, one line, clipped."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator

# Escape sequences are removed whole, so that no "[31m" debris is left behind.
# OSC/DCS bodies are bounded and stop at a newline: an unterminated one must not eat the article.
_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?                    # CSI (ESC [ ... final)
    | \x9b[0-?]*[ -/]*[@-~]?                      # CSI as a C1 character
    | (?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]{0,4096}(?:\x07|\x1b\\|\x9c)?   # OSC (title, clipboard, links)
    | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c\n]{0,4096}(?:\x1b\\|\x9c)?  # DCS SOS PM APC
    | \x1b[ -/]*[0-~]?                            # any other escape
    """,
    re.VERBOSE,
)
#: C0 except tab and newline, DEL, C1, and the bidi embedding/override/isolate controls
#: (which can make the terminal show text in an order other than the one stored).
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
ELLIPSIS = "…"
#: Inside quotation marks, a quotation's own double quotes become single ones.
NESTED_QUOTES = str.maketrans({"“": "‘", "”": "’", '"': "'", "«": "‹", "»": "›"})


def in_quotes(text: str) -> str:
    """``text`` in curly double quotation marks, its own double quotes made single ones (a
    statement that is itself a quotation is not shown ““doubled””)."""
    return "“" + text.translate(NESTED_QUOTES) + "”"


def sanitize(text: str) -> str:
    """Newlines to ``\\n``, escape sequences and control characters removed, NFC."""
    return unicodedata.normalize("NFC", scrub(_NEWLINES.sub("\n", text)))


def scrub(text: str) -> str:
    """Escape sequences and control characters (but tab and newline) removed; nothing else
    touched. For text that is not an article: note bodies, tags, imported fields."""
    if CONTROLS.search(text) is not None:  # most text holds none: a fast path
        text = _ESCAPES.sub("", text)
        text = CONTROLS.sub("", text)
    return text


_SURROGATES = re.compile("[\ud800-\udfff]")
#: What never leaves Margin as it is: CONTROLS and halves of characters.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: In JSON (which escapes C0 itself): DEL, C1 and the bidi controls.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_JSON_UNSAFE_OR_HALF = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def safe_output(text: str) -> str:
    """Text as it may leave Margin, for a terminal or a file: every control character but tab
    and newline (ESC, BEL, CR, DEL, C1), every bidi embedding, override or isolate, and every
    half character shown as U+FFFD — so no file name, title, id or message can steer a terminal.
    The one sanitizer of output: the command line passes everything it prints through it."""
    return _UNSAFE.sub("\ufffd", text) if _UNSAFE.search(text) else text


def json_text(data: object, indent: int | None = 2) -> str:
    """JSON that a terminal can show as it is (``jq`` prints strings raw): C0 controls escaped
    (JSON does that), DEL, C1 and bidi controls written as ``\\u`` escapes too, and halves of
    characters as U+FFFD. Any JSON reader gets the same strings back."""
    return json_safe(json.dumps(data, ensure_ascii=False, indent=indent))


def json_clean(text: str) -> bool:
    """Does ``text`` hold nothing ``json_safe`` would change?"""
    return _JSON_UNSAFE_OR_HALF.search(text) is None


def json_safe(text: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) made as ``json_text``'s:
    DEL, C1 and bidi controls as ``\\u`` escapes, halves of characters as U+FFFD."""
    if json_clean(text):  # (one pass over the text, not two)
        return text
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return _SURROGATES.sub("\ufffd", text)


def json_array_chunks(items: Iterable[object], indent: int = 2) -> Iterator[str]:
    """``json_text(list(items), indent)`` in pieces, an item at a time: a million rows are
    written without holding them all, or their text, at once (and each row is laid out here,
    scalars by the json module's C encoder: its indenting encoder is written in Python)."""
    first = True
    for item in items:
        body = _indented(item, 1, " " * indent)
        body = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", body)
        if _SURROGATES.search(body):
            body = _SURROGATES.sub("\ufffd", body)
        yield ("[\n" if first else ",\n") + " " * indent + body
        first = False
    yield "[]" if first else "\n]"


_dumps = json.JSONEncoder(ensure_ascii=False).encode
_string = json.encoder.encode_basestring  # (C, as the encoder uses it)


def json_scalar(value: object) -> str:
    """A scalar as json.dumps(ensure_ascii=False) writes it, without its per-call set-up."""
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float and value - value == 0:  # finite
        return float.__repr__(value)
    return _dumps(value)


def _indented(value: object, level: int, pad: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=len(pad))`` nested ``level`` deep."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + pad * (level + 1)
        return ("{" + inner + ("," + inner).join(
            f"{_string(str(k))}: {_indented(v, level + 1, pad)}" for k, v in value.items())
            + "\n" + pad * level + "}")
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = "\n" + pad * (level + 1)
        return ("[" + inner + ("," + inner).join(_indented(v, level + 1, pad) for v in value)
                + "\n" + pad * level + "]")
    return json_scalar(value)


def displayable(text: str) -> str:
    """Text any UTF-8 output can hold: halves of characters (a file name that is not UTF-8
    decodes to them, byte for byte) shown as the replacement character U+FFFD. For showing and
    exporting a name; the name itself is kept as it is, to reach its file."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


def one_line(text: str) -> str:
    """Every run of whitespace (newlines too) made one space, none at either end."""
    return " ".join(text.split())


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut to at most ``limit`` characters with an ellipsis."""
    text = one_line(text)
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + ELLIPSIS


def for_message(text: str, limit: int = 200) -> str:
    """Text from outside (a URL, a server's reason) as one line of a message: no control
    character, no line break, at most ``limit`` characters."""
    return clip(scrub(text), limit)
