"""Plain-text articles as paragraphs: one a line, or re-flowed when the text is hard-wrapped."""

from __future__ import annotations

_SENTENCE_END = ".!?,;:"
_PARAGRAPH_END = ".!?\"”’:)"


def plain_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: a line or a blank line ends one, unless the text is hard-wrapped.

    Hard-wrapped text (most lines no longer than about 100 columns, paragraphs of several lines
    between blank lines, as in e-books and e-mail) is re-flowed: the lines of a paragraph are
    joined, and a line much shorter than the wrap width ends its paragraph.
    """
    lines = [line.strip() for line in text.split("\n")]
    nonblank = [len(line) for line in lines if line]
    if not nonblank:
        return []
    lengths = sorted(nonblank)
    width = lengths[int(len(lengths) * 0.9)]
    # Lines that run on to a next line in the same run, and how many of them are nearly full.
    run_on = [a for a, b in zip(lines, lines[1:]) if a and b]
    full = sum(1 for a in run_on if len(a) >= width * 0.75)
    # Wrapped lines break mid-sentence; one-paragraph-per-line text ends its lines with a stop.
    open_ended = sum(1 for a in run_on if a[-1] not in _PARAGRAPH_END)
    wrapped = (40 <= width <= 100 and full >= 3 and full >= len(run_on) * 0.6
               and open_ended >= len(run_on) * 0.4)
    if not wrapped:
        return [line for line in lines if line]
    paragraphs: list[str] = []
    current: list[str] = []
    short = width * 0.6
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if len(line) < short:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def is_title_line(line: str) -> bool:
    return (
        0 < len(line) <= 100
        and line[-1] not in _SENTENCE_END
        and any(c.isalpha() for c in line)
        and len(line.split()) <= 16
    )

