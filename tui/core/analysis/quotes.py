"""Quotation marks: how they pair up in a text, and the direct quotations of a statement."""

from __future__ import annotations

import re

# Curly single quotations: ‘ after a space, bracket or dash, ’ before a space or punctuation
# (so that apostrophes, which are ’ too, rarely start or end one).
_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(—–-]))‘[^’‘]{2,}’(?=[\s,.;:!?)—–-]|$)")
# Double marks: straight (") and curly (“ ”), one family (sloppy sources mix them: “no
# evidence"), and guillemets (« »), another.
_DOUBLE = re.compile("[\"“”«»]")
# Before a straight mark that opens: start, whitespace, or one of these. After it: a letter, a
# digit, or one of the second set.
_BEFORE_OPENING = "([{—–/"
_AFTER_OPENING = "‘'…([$£€¿¡#"
# After a straight mark that closes: end, whitespace, or one of these.
_AFTER_CLOSING = ",.;:!?)]}—–-’'”…"
# Before a mark that closes a quotation which began in an earlier statement.
_ENDS_QUOTED = ".,!?…;:—–-’'"

# A quotation whose straight marks both say what they do (see mark_shape). Each mark is
# matched first and its neighbours looked at after, so the search skips from mark to mark.
_STRAIGHT_PAIR = re.compile(
    r'"(?:(?<=^")|(?<=[\s' + re.escape(_BEFORE_OPENING) + r']"))'
    r'(?=[^\W_]|[' + re.escape(_AFTER_OPENING) + r'])[^"]*'
    r'"(?<=[^\s' + re.escape(_BEFORE_OPENING) + r']")(?=[\s' + re.escape(_AFTER_CLOSING) + "]|$)")

#: A mark: its position, family ('"' or '«'), whether it opens a quotation (else it closes
#: one), and whether its shape says so (else only its place in the sequence of marks does).
QuoteMark = tuple[int, str, bool, bool]


def mark_shape(text: str, i: int) -> bool | None:
    """Does the quotation mark text[i] look like an opening mark (True), a closing one (False),
    or either (None)?

    Paired by position, as a reader pairs them when a source has flattened its paragraphs: an
    opening mark has a space (or the start) before it and a letter after it; a closing one has a
    letter or punctuation before it and a space, the end or punctuation after it. A mark with
    spaces on both sides (``day. " Mackay``) or letters on both sides says neither.
    """
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    spaced_before = before.isspace() or before in _BEFORE_OPENING
    if spaced_before and (after.isalnum() or after in _AFTER_OPENING):
        return True
    if not spaced_before and (after.isspace() or after in _AFTER_CLOSING):
        return False
    return None


def pair_marks(text: str, first: int = -1) -> list[QuoteMark]:
    """Every double quotation mark of text, in order, with the role it plays.

    Curly marks and guillemets say what they do, unless a curly mark's shape (mark_shape) says
    the opposite (``an “expedited review“ of``: set the wrong way round). A straight mark says
    what it does when its shape does; otherwise it closes the quotation its family has open, or
    opens one. ``first``: where text starts (its first non-space) when it is one statement cut
    from a paragraph; a straight mark with a space after it there is what is left of a
    quotation closed at the statement's start.
    """
    marks: list[QuoteMark] = []
    is_open = {'"': False, "«": False}
    for m in _DOUBLE.finditer(text):
        i = m.start()
        c = text[i]
        if c == '"':
            shape = mark_shape(text, i)
            opens = (not is_open['"']) if shape is None else shape
            if shape is None and i == first and i + 1 < len(text) and text[i + 1].isspace():
                opens = False
            clear = shape is not None
            family = '"'
        elif c == "“" or c == "”":
            opens = c == "“"
            clear = True
            # (a mark with a space or the start before it is set the right way round for “,
            # one with none before it for ”: most marks are told at a glance)
            spaced = not i or text[i - 1].isspace() or text[i - 1] in _BEFORE_OPENING
            if spaced is not opens and mark_shape(text, i) is (not opens):
                opens = not opens
                clear = False
            family = '"'
        else:
            opens = c == "«"
            clear = True
            family = "«"
        is_open[family] = opens
        marks.append((i, family, opens, clear))
    return marks


def marks_alternate(text: str) -> bool:
    """Does every straight or curly double quotation mark of text open a quotation the next
    such mark closes (a curly quotation may run on past the end), each saying by its shape
    what it does? Then pairing them by position agrees with pairing them in turn, and with
    sentencex; this quick look (no mark is walked through one by one) tells. (Guillemets,
    rare in English and never confused with each other, are not looked at.)"""
    if '"' in text:
        n = text.count('"')
        if n & 1 or 2 * len(_STRAIGHT_PAIR.findall(text)) != n:
            return False
    return ("“" not in text and "”" not in text) or _alternate(text, "“", "”")


def _alternate(text: str, opening: str, closing: str) -> bool:
    parts = text.split(opening)
    if closing in parts[0] or parts[-1].count(closing) > 1:
        return False
    for k in range(1, len(parts) - 1):
        if parts[k].count(closing) != 1:
            return False
    return True


def after_sentence_end(text: str, i: int, titles: frozenset[str] = frozenset()) -> bool:
    """Does the mark at i start a sentence: whitespace before it, a sentence's end before that
    (not the full stop of an initial or of one of titles: ``said Dr. "Bones"``), and a capital
    letter or a digit after it?"""
    k = i - 1
    while k > 0 and i - k < 8 and text[k].isspace():
        k -= 1
    if k == i - 1 or k <= 0:
        return False
    if text[k] in "’'\"”»)" and text[k - 1] in ".!?…":
        k -= 1
    c = text[k]
    if c not in ".!?…":
        return False
    if c == ".":
        word = text[max(0, k - 12):k].rsplit(None, 1)[-1:]
        if word and (word[0] in titles or (len(word[0]) == 1 and word[0].isupper())):
            return False
    after = text[i + 1:i + 3].lstrip("‘'…")[:1]
    return after.isalnum() and not after.islower()


def _words(s: str) -> int:
    return len(s.split())


_DOUBLED = re.compile(r"''|``")


def _doubled_marks(text: str) -> str:
    """Two apostrophes (or backticks) for a quotation mark, as some archives write them
    (``''We wanted to control it,'' he said``): read as one straight mark in the same place,
    the other character a space on the outside, so the mark says which way it faces."""
    def one(m: re.Match) -> str:
        i = m.start()
        before = text[i - 1] if i else " "
        return ' "' if before.isspace() or before in _BEFORE_OPENING else '" '
    return _DOUBLED.sub(one, text)


def _introduced(text: str, mark: int, lead: int) -> bool:
    """Is the quotation opened at ``mark`` introduced as speech: the statement's start ("“No,”
    he said"), or after a colon, comma or dash ("He said: “No.”")? A short one in the middle of a
    phrase is a scare quote, its full stop inside it by American custom ("Clinton called them
    “deplorables.”")."""
    before = text[lead:mark].rstrip()
    return not before or before[-1] in ",:;—–-(“\"‘'"


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Direct quotations in a statement: quoted spans of three or more words (not scare quotes).

    A quotation may run past the statement: a mark that opens one and is never closed (a
    paragraph of a quotation that goes on in the next one, or a sentence of a quotation the
    segmenter cut) quotes to the end, or to the next opening mark that starts a sentence; a
    statement whose first mark closes a quotation after punctuation (``We will not go
    quietly."``) ends one that an earlier statement opened, and quotes from its start. Narration
    between a closing and an opening mark is never quoted. A quotation inside another (``he
    calls “hell” than``, a quotation's mark misused for a quotation within) is part of it.
    """
    if "''" in text:
        text = _doubled_marks(text)
    if ('"' not in text and "“" not in text and "«" not in text and "‘" not in text
            and "”" not in text and "»" not in text):
        return []
    lead = len(text) - len(text.lstrip())
    found: list[tuple[int, int]] = []
    stacks: dict[str, list[tuple[int, bool]]] = {'"': [], "«": []}
    seen: set[str] = set()
    for i, family, opens, clear in pair_marks(text, lead):
        stack = stacks[family]
        if opens:
            if stack and clear and after_sentence_end(text, i):
                # A new paragraph of the quotation: the one before was left open.
                first, first_clear = stack[0]
                stop = len(text[:i].rstrip())
                if first_clear and _words(text[first + 1:stop]) >= 3:
                    found.append((first, stop))
                stack.clear()
            stack.append((i, clear))
        elif stack:
            began = stack.pop()[0]
            inner = text[began + 1:i]
            if len(inner) >= 2 and (_words(inner) >= 3 or (
                    inner.rstrip()[-1:] in ".!?," and _introduced(text, began, lead))):
                found.append((began, i + 1))
        elif (family not in seen and clear and i > lead and text[i - 1] in _ENDS_QUOTED
              and _words(text[lead:i]) >= 3):
            found.append((lead, i + 1))
        seen.add(family)
    for stack in stacks.values():
        if stack and stack[0][1] and _words(text[stack[0][0] + 1:]) >= 3:
            found.append((stack[0][0], len(text.rstrip())))
    if "‘" in text:
        found.extend((m.start(), m.end()) for m in _SINGLE.finditer(text)
                     if _words(m.group()) >= 3 or m.group()[-2:-1] in ".!?,")
    if len(found) > 1:
        found.sort()
        kept = [found[0]]
        for s, e in found[1:]:
            if s >= kept[-1][1]:  # a quotation inside another is part of it
                kept.append((s, e))
        found = kept
    return found
