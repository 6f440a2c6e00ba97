"""Sentence spans of one prose block: sentencex plus fixes for news text and lists (no textual)."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import sentencex

from ..document.model import PROSE_KINDS, OnDemand
from . import Cancelled
from .quotes import QuoteMark, after_sentence_end, mark_shape, marks_alternate, pair_marks

if TYPE_CHECKING:
    from ..document.model import Document

__all__ = ["MAX_STATEMENT_CHARS", "Statement", "Statements", "segment", "sentence_spans",
           "starts_of"]

#: No sentence span is ever longer than this many code points.
MAX_STATEMENT_CHARS = 2000

# Titles that stand before a name and so never end a sentence when a capitalised word follows
# ("met Dr. Who", "Ms. Lee"). Case-sensitive ("Gen" not "gen"). Jr./Sr. are left to sentencex:
# they often end a sentence ("John Smith Jr. He said").
_TITLES = frozenset(
    "Mr Mrs Ms Mx Messrs Mmes Mme Mlle Dr Drs Prof Profs Gen Gens Sen Sens Gov Govs Rep Reps "
    "Lt Col Capt Sgt Maj Adm Cmdr Cpl Pvt Brig Supt Insp Rev Hon Pres Amb Atty".split()
)
# All-caps forms that are safe in headlines ("MR. SMITH"); not "MS." (multiple sclerosis, ...).
_TITLES_UPPER = frozenset("MR MRS DR PROF GEN SEN GOV REP LT COL CAPT SGT REV".split())
# Abbreviations that never end a sentence when a number follows ("Vol. 2", "Fig. 3").
_NUMBER_ABBREVIATIONS = frozenset(
    "No Nos Vol Vols vol vols Fig Figs fig figs p pp Eq Eqs eq eqs Ch ch Sec sec Art art Pt pt"
    .split()
)
# Characters that may open a token before an abbreviation: "(Dr." or "“Mr.".
_OPENERS = "([{\"'“‘«„‚—–-"
# Bullet characters that may precede a list marker ("• 9.", "⁃10.").
_BULLETS = "•⁃‣◦∙·▪▫●○■□-*–—"

_SURROGATES = re.compile("[\ud800-\udfff]")
#: What could end a sentence inside an ASCII text (see sentence_spans' fast path); ")" ends a
#: list marker ("1) Buy milk 2) Walk the dog" is two).
_INNER_STOP = re.compile(r"[.!?\n\r)]")
# A list marker token: optional bullet, then 1-3 digits or one lowercase letter, then a full stop.
_MARKER = re.compile(r"(?:[" + re.escape(_BULLETS) + r"]\s{0,2})?([0-9]{1,3}|[a-z])\.")
# A block that starts with a list marker followed by whitespace.
_LEADING_MARKER = re.compile(
    r"\s*(?:[" + re.escape(_BULLETS) + r"]\s{0,2})?([0-9]{1,3}|[a-z])\.(?=\s)"
)
# "compounds. . . ." — a word, its full stop, then a spaced three-dot ellipsis.
_FOUR_DOT_TAIL = re.compile(r"[^\W_]\.(?: \.){3}\Z")
# Greedy "up to the last whitespace" (used on a bounded window only).
_UP_TO_LAST_SPACE = re.compile(r".*\s", re.DOTALL)
_NON_SPACE = re.compile(r"\S")

_LOOK = 48  # how far around a cut the local rules look (bounded, so rules stay O(1) per cut)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one prose block (a paragraph, heading, quote or list item).

    Returns sorted, non-overlapping ``(start, end)`` code-point offsets; ``text[start:end]`` is a
    sentence with surrounding whitespace trimmed, together the spans cover every non-whitespace
    character, and none is longer than ``MAX_STATEMENT_CHARS``. Runs in linear time.
    """
    if len(text) <= MAX_STATEMENT_CHARS and text.isascii() and not _INNER_STOP.search(
            text, 0, len(text) - 1):
        # Nothing but its last character could end a sentence: one statement (or none). This
        # is what the full path gives (checked on random texts by the tests), at a tenth of
        # the cost: a plain text of a million short lines.
        core = text.strip()
        if not core:
            return []
        lead = len(text) - len(text.lstrip())
        return [(lead, lead + len(core))]
    return _full_spans(text)


def _full_spans(text: str) -> list[tuple[int, int]]:
    """sentence_spans without its fast path."""
    core = text.strip()
    if not core:
        return []
    # Segment the trimmed block, so surrounding whitespace never changes the result.
    lead = 0 if core is text else len(text) - len(text.lstrip())
    cuts = _fix_cuts(text, _base_cuts_at(core, lead))
    if '"' in text or "“" in text or "”" in text:
        cuts = _fix_quote_cuts(text, core, lead, cuts)
        if "?" in text or "!" in text:
            cuts = _keep_speech_tags(text, cuts)
    return _spans_from_cuts(text, cuts)


#: Verbs of a short tag that says who asked or exclaimed a quotation ("…?” Vitter demanded.").
_TAG_VERBS = frozenset(
    "said says asked asks demanded demands shouted shouts yelled cried exclaimed replied "
    "replies responded responds answered answers wondered wonders added adds told tells wrote "
    "writes insisted insists countered counters continued explained pressed pleaded urged "
    "snapped joked quipped protested tweeted".split())
_TAG_WORD = re.compile(r"[\w’'.-]+")


def _keep_speech_tags(text: str, cuts: list[int]) -> list[int]:
    """A quotation that ends with its question or exclamation mark is not a sentence's end when
    a short tag follows that says who said it: "“Why isn’t this clear proof?” Vitter demanded."
    is one statement (sentencex cuts before a capital: "“Stop!” Senator Jane Smith said.")."""
    out = []
    for j, p in enumerate(cuts):
        q = p - 1
        while q > 0 and text[q].isspace():
            q -= 1
        if text[q] in "”\"" and q and text[q - 1] in "?!":
            end = cuts[j + 1] if j + 1 < len(cuts) else len(text)
            tag = text[p:end].strip()
            words = _TAG_WORD.findall(tag)
            if (tag.endswith(".") and 2 <= len(words) <= 8 and tag[:1].isupper()
                    and any(w.lower().rstrip(".") in _TAG_VERBS for w in words[:5])):
                continue
        out.append(p)
    return out


def _base_cuts_at(core: str, lead: int) -> list[int]:
    """_base_cuts of a block's trimmed text ``core``, which starts at ``lead`` in the block."""
    return [lead + c for c in _base_cuts(core)] if lead else _base_cuts(core)


def _as_paired(text: str, marks: list[QuoteMark]) -> str:
    """text as sentencex should see it to pair its quotation marks as we do (quotes.pair_marks):
    straight and curly double marks that pair up written as curly ones, “ opening and ”
    closing, and those left without a partner as spaces (sentencex would pair them with any
    mark it finds, however far). Same length, so same offsets."""
    opened: list[int] = []
    chars = {}
    for i, family, opens, _clear in marks:
        if family == '"':
            if opens:
                opened.append(i)
            elif opened:
                chars[opened.pop()] = "“"
                chars[i] = "”"
            else:
                chars[i] = " "
    for i in opened:
        chars[i] = " "
    pieces = []
    last = 0
    for i in sorted(chars):
        if text[i] != chars[i]:
            pieces.append(text[last:i])
            pieces.append(chars[i])
            last = i + 1
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


# Texts longer than this go to sentencex in chunks, so a huge block never holds millions of
# boundary dicts at once. A chunk restarts at a boundary found at least _SEAM before its end.
_CHUNK = 1 << 17
_SEAM = 256


def _sentencex_cuts(chunk: str) -> list[int]:
    """Sorted, deduplicated boundary positions strictly inside chunk, from sentencex."""
    n = len(chunk)
    try:
        bounds = sentencex.get_sentence_boundaries("en", chunk)
    except Exception:  # lone surrogates cannot cross into Rust; same-length stand-ins keep offsets
        try:
            bounds = sentencex.get_sentence_boundaries("en", _SURROGATES.sub("\ufffd", chunk))
        except Exception:
            return []
    try:
        # A segment starts where the previous one ends, so the ends suffice.
        cuts = [v for v in [b["end_index"] for b in bounds] if 0 < v < n]
    except (KeyError, TypeError):  # never seen; any cut list (even none) keeps the contract
        return []
    return sorted(set(cuts))


def _base_cuts(text: str) -> list[int]:
    """Candidate boundary positions for the whole text, sorted, in (0, len(text))."""
    n = len(text)
    if n <= _CHUNK:
        return _sentencex_cuts(text)
    cuts: list[int] = []
    a = 0
    while True:
        b = a + _CHUNK
        if b >= n:
            cuts.extend(a + c for c in _sentencex_cuts(text[a:]))
            return cuts
        local = _sentencex_cuts(text[a:b])
        # Boundaries near the seam lack right-hand context: keep only those at least _SEAM
        # before it and restart at the last kept one (or, with none, just before the seam).
        k = bisect_right(local, b - a - _SEAM)
        if k:
            cuts.extend(a + c for c in local[:k])
            a += local[k - 1]
        else:
            a = b - _SEAM


def _next_word(text: str, p: int) -> str:
    """The text right after position p, leading whitespace dropped (bounded window)."""
    return text[p : p + _LOOK].lstrip()


def _starts_capitalised(s: str) -> bool:
    if not s:
        return False
    c = s[0]
    if c in _OPENERS and len(s) > 1:
        c = s[1]
    return c.isupper()


def _fix_cuts(text: str, cuts: list[int]) -> list[int]:
    """Drop, move and add cut positions where sentencex is wrong on news text and lists."""
    removed: set[int] = set()
    added: set[int] = set()
    # (start, end, label, cut to drop only if the next marker is found) of list markers
    list_starts: list[tuple[int, int, str, int]] = []

    m = _LEADING_MARKER.match(text)
    if m:
        list_starts.append((m.end() - len(m.group(0).lstrip()), m.end(), m.group(1), -1))
        _drop_cuts_after_marker(text, cuts, m.start(1), m.end(), removed)

    prev = 0
    for p in cuts:
        # Fast path: only a cut after a full stop (and maybe whitespace) can need a fix.
        c = text[p - 1]
        if c != "." and (not c.isspace() or (text[p - 2] != "." and not text[p - 2].isspace())):
            prev = p
            continue
        w0 = p - _LOOK if p > _LOOK else 0
        window = text[w0:p].rstrip()
        if window and window[-1] == ".":
            if window.endswith(" . . .") and _FOUR_DOT_TAIL.search(window):
                # 4-dot ellipsis after a sentence: its full stop ends it, ". . ." opens the next.
                if _starts_capitalised(_next_word(text, p)):
                    removed.add(p)
                    added.add(w0 + len(window) - 6)
                prev = p
                continue
            parts = window.rsplit(None, 1)
            tok = parts[-1]
            core = tok[:-1].lstrip(_OPENERS)
            if core in _TITLES or core in _TITLES_UPPER:
                if _starts_capitalised(_next_word(text, p)):
                    removed.add(p)
            elif core == "St":
                # "in St. Louis" never ends a sentence; "on Main St. She ..." may (a street).
                before = parts[0].rsplit(None, 1)[-1] if len(parts) == 2 else ""
                if (not before or (before.isalpha() and before.islower())) and _starts_capitalised(
                    _next_word(text, p)
                ):
                    removed.add(p)
            elif core in _NUMBER_ABBREVIATIONS:
                nxt = _next_word(text, p)
                if nxt and nxt[0].isdigit():
                    removed.add(p)
            elif len(tok) <= 6 and (mm := _MARKER.fullmatch(tok)):
                # A segment that is only a list marker ("1.", "a.", "⁃9.") opens a list item;
                # so does "Steps: 1." if a "2." follows ("The score: 2. Then ..." stays cut).
                tok_start = w0 + len(window) - len(tok)
                if tok_start >= prev:
                    lead = text[prev:tok_start]
                    if not lead or lead.isspace():
                        removed.add(p)
                        list_starts.append((tok_start, tok_start + len(tok), mm.group(1), -1))
                    elif lead.rstrip()[-1] == ":":
                        list_starts.append((tok_start, tok_start + len(tok), mm.group(1), p))
        prev = p

    if list_starts:
        _fix_lists(text, cuts, list_starts, removed, added)

    if not removed and not added:
        return cuts
    return sorted((set(cuts) - removed) | added)


def _fix_quote_cuts(text: str, core: str, lead: int, cuts: list[int]) -> list[int]:
    """Keep each quotation mark on the side of the statement boundary it belongs to.

    Sources that flatten their paragraphs run a quotation's paragraphs together (``rugby.
    "The clubs ...``: the previous paragraph left its quotation open, as multi-paragraph
    quotations do), and sentencex, pairing the marks the other way, cuts after the opening
    mark, before a closing one, or inside a quotation, and misses the end of a sentence it took
    for quoted. The marks paired by position (quotes.pair_marks) put it right: sentencex is
    asked again with them written as it pairs them (_as_paired), then a mark that opens a
    quotation starts the next statement, one that closes it ends the previous one, a cut
    inside a quotation whose marks both say what they are is dropped (as sentencex does when
    it pairs them; so too inside a paragraph of a quotation the next one's opening mark ends),
    and an opening mark after a sentence's end starts a statement of its own.
    Where every mark pairs as expected (marks_alternate) sentencex is right, and only a cut
    beside a mark is looked at. ``core``: the block's text trimmed, from ``lead``; ``cuts``:
    _fix_cuts of sentencex's.
    """
    if marks_alternate(text):
        for p in cuts:
            # Most cuts have a space and no mark before them (sentencex ends a sentence with its
            # whitespace): a glance at two characters each side rules them out.
            c = text[p - 1]
            if c.isspace():
                c = text[p - 2] if p > 1 else '"'
            d = text[p]
            if ((c in '“"' or c.isspace() or d in '”"' or d.isspace())
                    and _mark_on_wrong_side(text, p)):
                break
        else:
            return cuts  # sentencex pairs such marks as we do: nothing to move, drop or add
        marks = pair_marks(text)
    else:
        marks = pair_marks(text)
        paired = _as_paired(text, marks)
        if paired is not text:
            cuts = _fix_cuts(text, _base_cuts_at(paired[lead:lead + len(core)], lead))
    role = {}
    inside: list[tuple[int, int]] = []  # (after the opening mark, the closing mark) of clear pairs
    added = []
    began: dict[str, tuple[int, bool]] = {}
    for i, family, opens, clear in marks:
        role[i] = opens
        last = began.pop(family, None)
        if opens:
            if clear and after_sentence_end(text, i, _TITLES):
                added.append(i)
                if last is not None and last[1] and i - last[0] <= MAX_STATEMENT_CHARS:
                    inside.append((last[0] + 1, i))  # a paragraph of a quotation, left open
            began[family] = (i, clear)
        elif last is not None and last[1] and clear and i - last[0] <= MAX_STATEMENT_CHARS:
            inside.append((last[0] + 1, i))
    if added:
        cuts = sorted(set(cuts).union(added))
    out = []
    n = len(text)
    k = 0
    prev = 0
    for j, p in enumerate(cuts):
        while k < len(inside) and inside[k][1] <= p:
            k += 1
        if k < len(inside) and inside[k][0] < p:
            continue  # inside a quotation
        q = p - 1
        while q > prev and text[q].isspace():
            q -= 1
        if role.get(q) is True:
            p = q
        else:
            nxt = cuts[j + 1] if j + 1 < len(cuts) else n
            q = p
            while q < nxt and text[q].isspace():
                q += 1
            if q < nxt and role.get(q) is False:
                p = q + 1
        if p > prev:
            out.append(p)
            prev = p
    return out


def _mark_on_wrong_side(text: str, p: int) -> bool:
    """Is there an opening mark right before the cut at p, or a closing one right after it (as
    their shapes say)?"""
    q = p - 1
    c = text[q]
    while c.isspace() and q > 0 and p - q < _LOOK:
        q -= 1
        c = text[q]
    if c in "“\"" and (c != '"' or mark_shape(text, q) is True):
        return True
    q = p
    c = text[q]
    while c.isspace() and q < len(text) - 1 and q - p < _LOOK:
        q += 1
        c = text[q]
    return c in "”\"" and (c != '"' or mark_shape(text, q) is False)


# The next list label: "1" -> "2", "a" -> "b"; "999" -> "1000" is never found (1-3 digits).
_SUCCESSOR = {str(i): str(i + 1) for i in range(1000)}
_SUCCESSOR.update({chr(c): chr(c + 1) for c in range(ord("a"), ord("z"))})


def _drop_cuts_after_marker(
    text: str, cuts: list[int], m_start: int, m_end: int, removed: set[int]
) -> None:
    """A list marker and the whitespace after it belong to its item: no cut in between."""
    n = len(text)
    after = m_end
    while after < n and after - m_end < _LOOK and text[after].isspace():
        after += 1
    removed.update(cuts[bisect_right(cuts, m_start) : bisect_right(cuts, after)])


def _fix_lists(
    text: str,
    cuts: list[int],
    list_starts: list[tuple[int, int, str, int]],
    removed: set[int],
    added: set[int],
) -> None:
    """From each list marker, cut before the next sequential marker ("1." -> "2.", "a." -> "b.").

    list_starts come in text order. Every search is confined to MAX_STATEMENT_CHARS after the
    previous marker, a chain skips markers an earlier chain already passed, and a failed search
    for a label is remembered, so the work stays linear in the length of the text.
    """
    n = len(text)
    chain_end = -1
    absent: dict[str, tuple[int, int]] = {}  # label -> [lo, hi) known to hold no valid marker
    for m_start, m_end, label, pending in list_starts:
        if m_start < chain_end:
            continue
        chain_end = m_end
        while True:
            nxt = _SUCCESSOR.get(label)
            if nxt is None:
                break
            found = _find_marker(text, nxt, m_end, min(n, m_end + MAX_STATEMENT_CHARS), absent)
            if found is None:
                break
            cut, m_start, m_end = found
            if pending != -1:
                removed.add(pending)
                pending = -1
            added.add(cut)
            removed.discard(cut)
            _drop_cuts_after_marker(text, cuts, m_start, m_end, removed)
            chain_end = m_end
            label = nxt


def _find_marker(
    text: str, label: str, begin: int, limit: int, absent: dict[str, tuple[int, int]]
) -> tuple[int, int, int] | None:
    """Find the list marker ``label.`` in text[begin:limit], whitespace before and after it.

    Returns (cut position before the marker and any bullet, marker start, marker end).
    """
    lo, hi = absent.get(label, (0, 0))
    start = hi if lo <= begin < hi else begin
    needle = label + "."
    pos = text.find(needle, start, limit)
    while pos != -1:
        end = pos + len(needle)
        if end < len(text) and text[end].isspace() and pos > 0:
            before = text[pos - 1]
            if before.isspace():
                cut = pos
                k = pos - 1
                while k > 0 and pos - k < 3 and text[k].isspace():
                    k -= 1
                if text[k] in _BULLETS and (k == 0 or text[k - 1].isspace()):
                    cut = k
                return cut, pos, end
            if before in _BULLETS and (pos == 1 or text[pos - 2].isspace()):
                return pos - 1, pos - 1, end
        pos = text.find(needle, pos + 1, limit)
    absent[label] = (lo if lo <= begin < hi else begin, limit)
    return None


def _spans_from_cuts(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """Cut text at the (sorted) positions, trim each piece, drop empty ones, enforce the cap."""
    spans: list[tuple[int, int]] = []
    append = spans.append
    a = 0
    for b in (*cuts, len(text)):
        if b <= a:
            continue
        piece = text[a:b]
        stripped = piece.lstrip()
        if stripped:
            s = a + len(piece) - len(stripped)
            e = s + len(stripped.rstrip())
            if e - s > MAX_STATEMENT_CHARS:
                _cap(text, s, e, spans)
            else:
                append((s, e))
        a = b
    return spans


def _cap(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    """Split the trimmed span [s, e) into pieces of at most MAX_STATEMENT_CHARS code points,
    each cut at the last whitespace before the cap (hard cut at the cap if there is none)."""
    cap = MAX_STATEMENT_CHARS
    while e - s > cap:
        m = _UP_TO_LAST_SPACE.match(text, s, s + cap + 1)
        cut = m.end() - 1 if m is not None and m.end() - 1 > s else s + cap
        piece_end = s + len(text[s:cut].rstrip())
        spans.append((s, piece_end))
        nxt = _NON_SPACE.search(text, cut, e)
        if nxt is None:  # cannot happen: text[e - 1] is not whitespace
            return
        s = nxt.start()
    spans.append((s, e))


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence of the document: ``document.text[start:end]``, inside block ``block``."""

    index: int  # 0-based, in document order
    start: int
    end: int
    block: int


class Statements(OnDemand):
    """The statements of a document, kept as columns (where each starts and ends, its block) and
    made into a Statement when asked for: a million statements take 24 MB, not 150."""

    __slots__ = ("starts", "ends", "blocks")

    def __init__(self, statements: Iterable[Statement] = ()) -> None:
        self.starts = array("q")  # where each statement starts: bisect it
        self.ends = array("q")
        self.blocks = array("q")
        for st in statements:
            self.add(st.start, st.end, st.block)

    def add(self, start: int, end: int, block: int) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.blocks.append(block)

    def __len__(self) -> int:
        return len(self.starts)

    def _item(self, i: int) -> Statement:
        return Statement(i, self.starts[i], self.ends[i], self.blocks[i])

    def __iter__(self) -> Iterator[Statement]:
        for i, (start, end, block) in enumerate(zip(self.starts, self.ends, self.blocks)):
            yield Statement(i, start, end, block)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Statements):
            return (self.starts == other.starts and self.ends == other.ends
                    and self.blocks == other.blocks)
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash((len(self), self.starts.tobytes(), self.ends.tobytes()))

    def __repr__(self) -> str:
        return f"Statements({list(self)!r})"


def starts_of(statements: Sequence[Statement]) -> Sequence[int]:
    """Where each statement starts, in order (Statements keep them already)."""
    if isinstance(statements, Statements):
        return statements.starts
    return [st.start for st in statements]


def segment(document: Document, cancelled: Callable[[], bool] | None = None) -> Statements:
    """Every statement of every prose block, in order. ``cancelled()`` is asked every few
    hundred blocks, and stops the work when it says so (raises Cancelled)."""
    out = Statements()
    add = out.add
    text = document.text
    blocks = document.blocks
    kind = blocks.kind
    for b, (start, end) in enumerate(zip(blocks.starts, blocks.ends)):
        if cancelled is not None and b % 256 == 255 and cancelled():
            raise Cancelled
        if kind(b) not in PROSE_KINDS:
            continue
        if kind(b) == "row":  # a table's row is one statement: what it says is the whole row
            row = text[start:end]
            core = row.strip()
            if 0 < len(core) <= MAX_STATEMENT_CHARS:
                lead = start + len(row) - len(row.lstrip())
                add(lead, lead + len(core), b)
                continue
        for s, e in sentence_spans(text[start:end]):
            add(start + s, start + e, b)
    return out
