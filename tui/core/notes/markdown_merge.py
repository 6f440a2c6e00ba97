"""Exporting notes again into a Markdown file the user has edited (in Obsidian, say), losing
nothing they wrote.

Margin owns two things in the file: one marked region per note, between the lines
``<!-- margin:begin ID DIGEST -->`` and ``<!-- margin:end ID -->`` (HTML comments: Obsidian's
reading view shows nothing of them, nor do GitHub, Pandoc, VS Code or any CommonMark renderer
that passes HTML), and its own keys of the front matter. A new export replaces the regions of the
notes that are still there, removes those of deleted notes, inserts new ones in the article's
order, and replaces its own keys. Every other line (the user's headings, paragraphs between or
after notes, front matter keys they added, tags they added to ``tags``) is kept as it is.

A file that holds no region is not Margin's to rewrite: ``merge`` refuses it, as it refuses
markers it cannot pair (a begin without its end...), rather than guess where the user's lines
stop; and a region the user wrote in (its lines no longer those whose digest its begin marker
holds), rather than lose their words with it. Pure: text in, text out; the caller reads and
writes the file."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Callable

#: A region's first and last lines.
BEGIN = "<!-- margin:begin {} {} -->"
END = "<!-- margin:end {} -->"
#: A marker line as Margin writes it (an editor may leave spaces after it).
_MARKER = re.compile(
    r"<!-- margin:(begin|end) ([0-9A-Za-z][0-9A-Za-z-]*)(?: ([0-9a-f]{8}))? -->[ \t]*")
#: A line that looks like a marker to a reader (any case and spacing, indented, escaped or
#: not): a note's text holding one is escaped before it is written (``defuse``).
_MARKER_LIKE = re.compile(r"[ \t]*\\*<!--[ \t]*margin:", re.IGNORECASE)
_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]*")
#: A block id of an export made before regions: ``... ^margin-ID`` at the end of a line.
_OLD_BLOCK_ID = re.compile(r"\^margin-[0-9A-Za-z-]{8,}[ \t]*$", re.MULTILINE)
#: A front matter key at the start of its line (plain, or quoted).
_KEY = re.compile(r"""([^\s#'"\-][^:]*?|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]|$)""")
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")


class MergeError(ValueError):
    """The file cannot be merged into without risking the user's lines: one line, why."""


def defuse(line: str) -> str:
    """A line of a note's own text as it may stand in a region: one that looks like a marker is
    escaped (a backslash before its ``<``: CommonMark and Obsidian show it as written), so no
    note can end its region, or begin another, early."""
    if _MARKER_LIKE.match(line):
        indent = len(line) - len(line.lstrip(" \t"))
        return line[:indent] + "\\" + line[indent:]
    return line


@dataclass(frozen=True, slots=True)
class Fresh:
    """What Margin writes of a file: its front matter keys with their YAML values, in order
    (``tags`` apart), the lines a new file starts with after the front matter, and each note's
    region (its id, and the lines between its markers) in the article's order."""

    front: tuple[tuple[str, str], ...]
    tags: tuple[str, ...]
    head: tuple[str, ...]
    regions: tuple[tuple[str, tuple[str, ...]], ...]
    #: How a tag is written in a region (to tell the tags Margin put in ``tags`` from the user's).
    tag_token: Callable[[str], str] = field(default=lambda tag: "#" + tag)


@dataclass(frozen=True, slots=True)
class Region:
    id: str
    lines: tuple[str, ...]  # between the markers
    line: int  # 1-based, of its begin marker in the file
    digest: str | None = None  # its begin marker's: of the lines as Margin wrote them

    @property
    def edited(self) -> bool:
        """Were its lines changed since Margin wrote them (by the user)?"""
        return self.digest is not None and self.digest != digest(self.lines)


def digest(lines: tuple[str, ...] | list[str], joined: str | None = None) -> str:
    """A region's lines (``joined``: with newlines) as a short hash, as its begin marker holds
    it: its words, whatever the spacing and the line breaks between them (an editor that trims
    trailing spaces or adds a blank line changes nothing). A region's lines are written as they
    are (the export's text holds no control character: every part of it is scrubbed)."""
    words = " ".join(("\n".join(lines) if joined is None else joined).split())
    return hashlib.sha256(words.encode("utf-8", "surrogatepass")).hexdigest()[:8]


@dataclass(frozen=True, slots=True)
class Parsed:
    """A Markdown file as the merge sees it: its front matter's lines (None: it has none) and
    its body, each item a line of the user's or a note's region."""

    front: list[str] | None
    body: list[str | Region]
    bom: bool = False

    @property
    def regions(self) -> dict[str, Region]:
        return {item.id: item for item in self.body if isinstance(item, Region)}

    @property
    def blank(self) -> bool:
        """Nothing in it but whitespace (an empty file is written as a new one)."""
        return not self.front and all(isinstance(i, str) and not i.strip() for i in self.body)


@dataclass(frozen=True, slots=True)
class Merged:
    """The file's new text, and what happened to the notes' regions."""

    text: str
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    #: Was it merged into a file that was there (rather than written new)?
    existing: bool = False

    def summary(self) -> str:
        """``1 updated, 1 added, 1 removed, 2 unchanged`` (each count that is not 0)."""
        counts = [(self.updated, "updated"), (self.added, "added"), (self.removed, "removed"),
                  (self.unchanged, "unchanged")]
        return ", ".join(f"{n} {what}" for n, what in counts if n) or "no notes"


def parse(text: str) -> Parsed:
    """The file's front matter and body, its regions paired; MergeError when a marker has no
    partner, or a note has two regions (the message names the line)."""
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline (written back)
    front: list[str] | None = None
    start = 0
    if lines and lines[0].rstrip() == "---":
        close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if close is None:
            raise MergeError("its front matter (the --- on its first line) is never closed, so "
                             "it is not replaced: close it, or export to another file")
        front, start = lines[1:close], close + 1
    body: list[str | Region] = []
    open_id, open_line, open_digest, inside = "", 0, None, []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines[start:], start + 1):
        m = _MARKER.fullmatch(line) if line.startswith("<!-- margin:") else None
        if m is None:
            (inside if open_id else body).append(line)
            continue
        kind, nid, hashed = m.groups()
        if kind == "begin":
            if open_id:
                raise _markers(f"line {number} begins a note's region inside note "
                               f"{open_id[:8]}'s (line {open_line}), which has no end")
            if nid in seen:
                raise _markers(f"note {nid[:8]} has two regions (lines {seen[nid]} and {number})")
            seen[nid] = number
            open_id, open_line, open_digest, inside = nid, number, hashed, []
        elif not open_id:
            raise _markers(f"line {number} ends a note's region that no line began")
        elif nid != open_id:
            raise _markers(f"line {number} ends note {nid[:8]}'s region inside note "
                           f"{open_id[:8]}'s (line {open_line})")
        else:
            body.append(Region(open_id, tuple(inside), open_line, open_digest))
            open_id = ""
    if open_id:
        raise _markers(f"note {open_id[:8]}'s region (line {open_line}) has no end")
    return Parsed(front, body, bom)


def _another_article(parsed: Parsed, fresh: Fresh) -> str:
    """The title of the article the file was exported from, when it is another one (neither
    its title nor its source is this one's: a renamed article keeps its title, a retitled one
    its file); "" otherwise."""
    had = {}
    for line in parsed.front or ():
        key, sep, value = line.partition(":")
        if sep and key in ("title", "source"):
            had[key] = _scalar(value)
    now = {k: _scalar(v) for k, v in fresh.front}
    same = [had[k] == now[k] for k in ("title", "source") if k in had and k in now]
    if not same or any(same):
        return ""
    return had.get("title") or had.get("source", "")


def _markers(why: str) -> MergeError:
    return MergeError(f"{why}, so it is not replaced: mend its markers, or export to another "
                      "file")


def render(fresh: Fresh) -> str:
    """A new file: the front matter, the head, then every region, a blank line apart."""
    out = ["---", *(f"{k}: {v}" for k, v in fresh.front), f"tags: {_tags(fresh.tags)}", "---",
           "", *fresh.head]
    for nid, lines in fresh.regions:
        out.append("")
        out.extend(_region(nid, lines))
    out.append("")
    return "\n".join(out)


def merge(parsed: Parsed, fresh: Fresh) -> Merged:
    """``fresh`` written into the file ``parsed`` holds: its regions replaced, added and removed,
    its front matter keys replaced, every other line kept. MergeError when the file has lines
    but no region (not Margin's to rewrite)."""
    if parsed.blank:
        return Merged(render(fresh), added=len(fresh.regions))
    old = parsed.regions
    if not old:
        if any(_OLD_BLOCK_ID.search(line) for line in parsed.body if isinstance(line, str)):
            raise MergeError("it was exported by an earlier Margin, without the markers that "
                             "keep your own lines, so it is not replaced: move it away, export, "
                             "and copy your lines into the new file")
        raise MergeError("it holds no notes exported by Margin, so it is not replaced: export "
                         "to another file, or move it away first")
    other = _another_article(parsed, fresh)
    if other:
        raise MergeError(f"it is the export of another article ({other}), so it is not "
                         "replaced: export to another file")
    for region in old.values():
        if region.edited:
            raise MergeError(f"note {region.id[:8]}'s region (line {region.line}) was written in "
                             "since it was exported, so the file is not replaced (your words "
                             "would go with it): move them below its end marker, or export "
                             "to another file")
    new = dict(fresh.regions)
    # Each new note goes after the note before it in the article that is in the file already.
    after: dict[str | None, list[str]] = {}
    last: str | None = None
    for nid, _ in fresh.regions:
        if nid in old:
            last = nid
        else:
            after.setdefault(last, []).append(nid)
    counts = {"added": 0, "updated": 0, "removed": 0, "unchanged": 0}
    out: list[str] = []
    pending: list[str] = []  # new notes waiting for the end of their predecessor's lines
    skip_blank = False  # a removed region's blank line after it goes with it
    first = True
    body = parsed.body
    for i, item in enumerate(body):
        if isinstance(item, Region):
            if first and None in after:  # new notes before every note of the file
                for nid in after[None]:
                    out.extend(_region(nid, new[nid]))
                    out.append("")
                    counts["added"] += 1
            first = False
            _flush(out, pending, new, counts)
            if item.id not in new:
                counts["removed"] += 1
                skip_blank = not out or not out[-1].strip()
                continue
            lines = new[item.id]
            counts["unchanged" if tuple(lines) == item.lines else "updated"] += 1
            out.extend(_region(item.id, lines))
            pending = after.get(item.id, [])
            if pending and _ends_section(body, i + 1):
                _flush(out, pending, new, counts)
        else:
            if skip_blank and not item.strip():
                skip_blank = False
                continue
            skip_blank = False
            if pending and _HEADING.match(item):
                _flush(out, pending, new, counts)
            out.append(item)
            if pending and _ends_section(body, i + 1):
                _flush(out, pending, new, counts)
    _flush(out, pending, new, counts)
    front = _merge_front(parsed.front, fresh, old)
    gap = [""] if parsed.front is None and out and out[0].strip() else []  # (it had none)
    text = "\n".join(["---", *front, "---", *gap, *out, ""])
    return Merged(("\ufeff" if parsed.bom else "") + text, existing=True, **counts)


def marker_id(note_id: str) -> str:
    """A note's id as its region's markers hold it: the id itself (a UUID, as Margin makes
    them), or, for an id imported from elsewhere that is not letters, digits and dashes (or is
    long), a digest of it: the same note, the same region, whatever its id holds."""
    if _ID.fullmatch(note_id) and len(note_id) <= 64:
        return note_id
    return "x-" + hashlib.sha256(note_id.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _region(nid: str, lines: tuple[str, ...] | list[str]) -> list[str]:
    if not _ID.fullmatch(nid):
        raise ValueError(f"a note id a marker cannot hold: {nid!r}")
    joined = "\n".join(lines)
    if "<!-- margin:" in joined and any(_MARKER.fullmatch(line) for line in lines):
        raise ValueError(f"note {nid}'s lines hold a marker (defuse them)")
    return [BEGIN.format(nid, digest(lines, joined)), *lines, END.format(nid)]


def _ends_section(body: list[str | Region], j: int) -> bool:
    """Do the user's lines after a region stop at ``j``: at a region, a heading or the end
    (blank lines before it do not count)?"""
    while j < len(body) and isinstance(body[j], str) and not body[j].strip():
        j += 1
    return j >= len(body) or isinstance(body[j], Region) or bool(_HEADING.match(body[j]))


def _flush(out: list[str], pending: list[str], new: dict, counts: dict) -> None:
    """Write the new notes waiting: after the lines the user wrote below the note before them
    (blank lines at their end stay after the new notes)."""
    if not pending:
        return
    tail = 0
    while tail < len(out) and not out[len(out) - 1 - tail].strip():
        tail += 1
    blanks = out[len(out) - tail:] if tail else []
    del out[len(out) - tail:]
    for nid in pending:
        out.append("")
        out.extend(_region(nid, new[nid]))
        counts["added"] += 1
    out.extend(blanks)
    pending.clear()


# -- front matter ---------------------------------------------------------------------------


def _tags(tags: tuple[str, ...] | list[str]) -> str:
    return json.dumps(list(tags), ensure_ascii=False)


def _entries(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """The front matter as (key, its lines): a key's value goes on until the next key (lines
    before the first one: key None)."""
    out: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in lines:
        m = _KEY.match(line)
        if m:
            key = m.group(1)
            if key[0] in "\"'":
                key = key[1:-1]
            out.append((key, [line]))
        else:
            out[-1][1].append(line)
    return out if out[0][1] else out[1:]


def _scalar(text: str) -> str:
    text = text.strip()
    if text.startswith('"'):
        try:
            return str(json.loads(text))
        except ValueError:
            return text.strip('"')
    if text.startswith("'"):
        return text[1:-1].replace("''", "'") if text.endswith("'") and len(text) > 1 else text[1:]
    return re.split(r"[ \t]#", text, maxsplit=1)[0].strip()


def _items(text: str) -> list[str]:
    """The items of a YAML flow list's inside (commas in quotes kept)."""
    items, current, quote = [], [], ""
    for c in text:
        if quote:
            current.append(c)
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
            current.append(c)
        elif c == ",":
            items.append("".join(current))
            current = []
        else:
            current.append(c)
    items.append("".join(current))
    return [_scalar(i) for i in items if i.strip()]


def read_tags(lines: list[str]) -> list[str]:
    """The tags a ``tags`` entry lists, however written: ``[a, "b"]``, a block list of ``- a``
    lines (as Obsidian writes it), or ``a, b`` / ``a b`` on the key's line."""
    first = lines[0].split(":", 1)[1].strip() if lines else ""
    if first.startswith("["):
        joined = " ".join([first, *(line.strip() for line in lines[1:])])
        return _items(joined[1:joined.rfind("]")] if "]" in joined else joined[1:])
    if first and not first.startswith("#"):
        return [t for t in re.split(r"[,\s]+", _scalar(first)) if t]
    return [_scalar(m.group(1)) for line in lines[1:]
            if (m := re.match(r"[ \t]*-[ \t]+(.*)", line)) and _scalar(m.group(1))]


def _merge_front(lines: list[str] | None, fresh: Fresh, old: dict[str, Region]) -> list[str]:
    """Margin's keys given their new values where they were (those missing after the last of
    them); every other key, comment and line kept. ``tags``: the notes' tags, then those the
    user added (a tag no region of the file showed)."""
    values = dict(fresh.front)
    entries = _entries(lines or [])
    added = [t for key, entry in entries if key == "tags" for t in read_tags(entry)
             if t not in fresh.tags]
    if added:  # the user's, unless a region showed it (a tag of a note since deleted or edited)
        shown = {token for r in old.values() for line in r.lines if "#" in line
                 for token in line.split()}
        added = list(dict.fromkeys(t for t in added if fresh.tag_token(t) not in shown))
    values["tags"] = _tags([*fresh.tags, *added])
    order = [*(k for k, _ in fresh.front), "tags"]
    out: list[list[str]] = []
    seen: set[str] = set()
    last = -1
    for key, entry in entries:
        if key in values:
            if key not in seen:  # (a key twice is not YAML: the first one stands)
                seen.add(key)
                out.append([f"{key}: {values[key]}"])
                last = len(out) - 1
            continue
        out.append(entry)
    missing = [[f"{k}: {values[k]}"] for k in order if k not in seen]
    out[last + 1 if last >= 0 else len(out):0] = missing
    return [line for entry in out for line in entry]
