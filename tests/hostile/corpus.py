"""The hostile corpus: inputs a careless or hostile world sends, generated on demand (the large
ones are never committed). Each case is (name, build) where build(folder) returns the path to give
to `margin`; ``OK`` cases must be read, ``REFUSED`` ones refused with exit 2 and one line."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable

SENTENCE = "The minister said unemployment fell by 3.2% in 2023, according to the agency. "

#: Escape sequences an article may carry: OSC title and clipboard, clear screen, cursor moves,
#: colours, DCS, an unterminated OSC, 8-bit CSI, bell.
ESCAPES = ("Officials said \x1b]0;PWNED\x07 the title held. "
           "The mayor said \x1b]52;c;UFdORUQ=\x07 the clipboard held. "
           "A spokesman said \x1b[2J\x1b[H\x1b[3J the screen held. "
           "Analysts said \x1b[31;1mred\x1b[0m and \x1b[10;10H\x1b[A\x1b[5D cursor moves held. "
           "He said \x1bP+q544e\x1b\\ \x9b31m and \x07 bells held. "
           "Critics said \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ held.\n"
           "Last line \x1b]0;unterminated")

MARKUP = ("Critics said [@click=app.quit]click[/] and [link=https://evil.example]x[/link] "
          "and [bold red]loud[/] and [/ and [/] held. The rule is [b]not[/b] applied.\n")

UNICODE = ("\u0627\u0644\u0648\u0632\u064a\u0631 \u0642\u0627\u0644 \u0625\u0646 \u0627\u0644\u0628\u0637\u0627\u0644\u0629 "
           "\u0627\u0646\u062e\u0641\u0636\u062a 3% \u0641\u064a 2023. "  # Arabic, right to left
           "\u05d4\u05e9\u05e8 \u05d0\u05de\u05e8 \u05e9\u05d4\u05de\u05e1 \u05d9\u05e8\u05d3. "  # Hebrew
           "Ze\u0301ro-width\u200b joiners\u200d and\u2060 marks: a\u0300\u0301\u0302\u0303\u0304 "
           "Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359\u035a\u035b\u035c\u035d. "
           "Bidi \u202eevil\u202c \u2066isolate\u2069 \u200fmark\u200e controls. "
           "Emoji \U0001F468\u200d\U0001F469\u200d\U0001F467 \U0001F1FA\U0001F1E6 said 40% rose. "
           "Wide \u4e2d\u6587\u5b57 text said 5 million.\n")


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path
    return build


def run_on_line(megabytes: int) -> Callable[[Path], Path]:
    """A file of one line of ``megabytes`` MB: no newline for the reader to break it at."""
    def build(folder: Path) -> Path:
        path = folder / "line.txt"
        word = b"claims and counterclaims without end "
        with path.open("wb") as out:
            for _ in range(megabytes * 1024 * 1024 // len(word) + 1):
                out.write(word)
        return path
    return build


def _huge(folder: Path) -> Path:
    path = folder / "huge.txt"
    with path.open("wb") as out:
        out.write(SENTENCE.encode())
        out.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    return path


def _directory(folder: Path) -> Path:
    path = folder / "folder.md"
    path.mkdir()
    return path


def _missing(folder: Path) -> Path:
    return folder / "missing.txt"


def _loop(folder: Path) -> Path:
    a, b = folder / "loop-a.txt", folder / "loop-b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    return a


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _unreadable(folder: Path) -> Path:
    path = folder / "secret.txt"
    path.write_text(SENTENCE)
    path.chmod(0)
    return path


def _nested_quotes(folder: Path) -> Path:
    path = folder / "quotes.md"
    lines = [("> " * depth) + f"Level {depth} said 5% more." for depth in range(1, 501)]
    path.write_text("\n".join(lines) + "\n")
    return path


def _nested_lists(folder: Path) -> Path:
    path = folder / "lists.md"
    lines = [("  " * depth) + f"- Item {depth} said 5% more." for depth in range(500)]
    path.write_text("\n".join(lines) + "\n")
    return path


def _brackets(folder: Path) -> Path:
    path = folder / "brackets.md"
    path.write_text("The agency said " + "[" * 5000 + "x" + "](" * 2500 + ")" * 2500
                    + " and " + "*" * 5000 + " and " + "`" * 5000 + " ended.\n")
    return path


OK: dict[str, Callable[[Path], Path]] = {
    "empty": _write("empty.txt", b""),
    "only-space": _write("space.txt", b" \n\t\n \r\n"),
    "nul-bytes": _write("nul.txt", SENTENCE.encode().replace(b" ", b"\0 ", 3) + b"\n"),
    "latin-1": _write("latin1.txt", "Le ministre a déclaré que le chômage a baissé de 3 %. Ça va.\n"
                      .encode("latin-1")),
    "cp1252": _write("cp1252.txt", "The minister said \u201cunemployment fell\u201d \u2014 by 3%, "
                     "costing \u20ac5m.\n".encode("cp1252")),
    "utf-16-bom": _write("utf16bom.txt", (SENTENCE * 3).encode("utf-16")),
    "utf-16-le": _write("utf16le.txt", (SENTENCE * 3).encode("utf-16-le")),
    "utf-16-be": _write("utf16be.txt", (SENTENCE * 3).encode("utf-16-be")),
    "crlf": _write("crlf.txt", (SENTENCE + "\r\n\r\n") .encode() * 3),
    "lone-cr": _write("cr.txt", (SENTENCE + "\r\r").encode() * 3),
    "escapes": _write("escapes.txt", ESCAPES.encode()),
    "c1-bytes": _write("c1.txt", SENTENCE.encode() * 20 + b"\x9b2J \x9d0;x\x07 ended.\n"),
    "c1-utf8": _write("c1u.txt", (SENTENCE + "\u009b2J \u009d0;PWNED\u009c ended.\n").encode()),
    "markup": _write("markup.md", MARKUP.encode()),
    "markup-text": _write("[red]markup[reset].txt", MARKUP.encode()),
    "unicode": _write("unicode.txt", UNICODE.encode()),
    "nested-quotes": _nested_quotes,
    "nested-lists": _nested_lists,
    "brackets": _brackets,
    "ten-mb-line": run_on_line(10),
}

def _device(folder: Path) -> Path:
    """/dev/zero: endless, would fill memory if read to the end."""
    return Path("/dev/zero")


REFUSED: dict[str, Callable[[Path], Path]] = {
    "binary": _write("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16),
    "random-binary": _write("random.bin", bytes((i * 7919 + 13) % 256 for i in range(8192))),
    "fifty-mb": _huge,
    "directory": _directory,
    "missing": _missing,
    "symlink-loop": _loop,
    "fifo": _fifo,
    "device": _device,
    "unreadable": _unreadable,
}


def is_readable_by_us(path: Path) -> bool:
    """Root reads a chmod 000 file anyway: the unreadable case only means something for others."""
    try:
        return not stat.S_ISREG(path.stat().st_mode) or os.access(path, os.R_OK)
    except OSError:
        return False
