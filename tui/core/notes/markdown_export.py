"""Notes as Markdown for people and note apps (Obsidian): flat front matter its Properties show,
each note in a region of its own (``markdown_merge``) under its own heading, with its sentence
quoted, its text, what it cites, and a block id to link to it."""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Sequence

from .. import commonmark
from ..analysis.article import Article
from ..text import displayable, safe_output
from .corrections import Applied, applied_at
from .markdown_merge import Fresh, Parsed, defuse, marker_id, render
from .model import REVIEW, VERDICTS, DocumentRecord, Evidence, Note
from .place import Placed, place


def escape_markdown(text: str) -> str:
    """Article text as inert Markdown on one line: no HTML, links, emphasis or block syntax, in
    CommonMark and in note apps."""
    return commonmark.escape(" ".join(text.split()), note_apps=True)


#: What YAML would not read back as it is in a double-quoted value (line and paragraph
#: separators fold, a BOM or non-character is refused) or a terminal could be steered by.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")


def yaml_value(value: Any) -> str:
    """A value of the front matter on one line, as JSON (which YAML reads: a string double-quoted
    with its controls escaped), so no title or source can add a key or end the front matter."""
    text = json.dumps(value, ensure_ascii=False)
    return displayable(_YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def _location(p: Placed) -> str:
    parts = []
    if p.paragraph is not None:
        parts.append(f"paragraph {p.paragraph + 1}")
    if p.statement is not None:
        parts.append(f"statement {p.statement + 1}")
    return ", ".join(parts) or "detached"


def text_fragment_url(url: str, quote: str) -> str:
    """A link to a quote on its web page (a URL text fragment: ``#:~:text=start,end``)."""
    from urllib.parse import quote as percent

    def term(words: list[str]) -> str:
        return percent(" ".join(words), safe="").replace("-", "%2D")

    base = url.split("#", 1)[0]
    words = quote.split()
    if not words:
        return base
    fragment = term(words) if len(words) <= 8 else term(words[:4]) + "," + term(words[-4:])
    return f"{base}#:~:text={fragment}"


def _is_web(source: str) -> bool:
    return source.startswith(("http://", "https://"))


_PLAIN_LINE = re.compile(r"(?!\d{1,9}[.)](?:[ \t]|$))[^\W_]")  # a letter or digit, no list
_SPANNING = ("```", "~~~", "<", "$$", "%%")  # blocks that may go on past a blank line


def _with_block_id(lines: list[str], block: str) -> list[str]:
    """A note's text with Obsidian's block id on it: at the end of its last line when it ends
    with a paragraph (as Obsidian's block references need), else on a line of its own after it
    (a list, a quote, a table, code)."""
    if len(lines) == 1:  # (the short way: most notes are a line of plain words)
        last, spanning = 0, "%%" in lines[0] or "$$" in lines[0] or lines[0].lstrip().startswith(
            _SPANNING)
    else:
        last = max((i for i, line in enumerate(lines) if not line.strip()), default=-1) + 1
        spanning = any(line.lstrip().startswith(_SPANNING) or "%%" in line or "$$" in line
                       for line in lines)
    if not spanning and lines[last][:1].strip() and all(
            _PLAIN_LINE.match(line.lstrip()) for line in lines[last:]):
        plain = True  # (the short way: most notes are a paragraph or a few of plain words)
    else:
        plain = False
        if not spanning:
            tokens = commonmark.parser().parse("\n".join(lines))
            blocks = [t for t in tokens if t.level == 0 and t.map is not None
                      and not t.type.endswith("_close")]
            plain = bool(blocks) and blocks[-1].type == "paragraph_open" and \
                blocks[-1].map[1] >= len(lines)
    if plain:
        return [*lines[:-1], lines[-1].rstrip() + " " + block]
    return [*lines, "", block]


def _wikilink(name: str) -> str | None:
    """A speaker as an Obsidian link to a note of theirs (``[[Vladimir Putin]]``): what a note's
    name cannot hold, or a link would read as its syntax, left out; None when nothing is left."""
    target = " ".join(_NOT_IN_LINKS.sub(" ", name).split()).lstrip(".")
    return f"[[{target}]]" if target else None


_NOT_IN_LINKS = re.compile(r"[\[\]|#^\\/:*?\"<>%{}`$=~\x00-\x1f\x7f-\x9f]")


def _link(url: str, text: str, escape: Callable[[str], str]) -> str:
    """A link to a web page (anything but http(s) is shown as text, never linked)."""
    if not _is_web(url.strip().lower()) or any(c.isspace() for c in url.strip()):
        return escape(text or url)
    return f"[{escape(text or url)}]({commonmark.link_destination(url.strip())})"


def evidence_md(e: Evidence, escape: Callable[[str], str] = escape_markdown) -> str:
    """One thing a note cites, as a list item: a page read (its title linked, the day it was
    read) or a published fact-check (who, their rating and date, their wording, the link)."""
    if e.fact_check:
        head = f"Fact-check by {escape(e.publisher)}" if e.publisher else "Fact-check"
        if e.rating:
            head += f": rated **{escape(e.rating)}**"
        if e.date:
            head += f" ({escape(e.date)})"
        parts = [head]
        if e.claim:
            parts.append(f"“{escape(e.claim)}”")
        parts.append(_link(e.url, e.title or "the fact-check", escape))
    else:
        parts = [_link(e.url, e.title, escape)]
    if e.accessed:
        parts.append(f"accessed {escape(e.accessed)}")
    return "- " + " · ".join(parts)


def _note_md(p: Placed, text: str, source: str = "", fix: Applied | None = None,
             escape: Callable[[str], str] = escape_markdown, heading: str = "",
             wikilinks: bool = False) -> list[str]:
    """A note's region: its heading, its sentence quoted, its facts, its text (Obsidian's block
    id ``^margin-ID`` on its last paragraph), what it cites, where it is and when it was
    written. ``fix``: the reader's correction of its statement (its speaker and kinds are then
    the reader's, said so, with what was detected). ``escape``: escape_markdown (or one that
    remembers: many notes quote the same sentence)."""
    note, claim = p.note, p.claim
    verdict = escape(note.verdict)
    lines = [f"## {heading}: {verdict}", ""]
    if p.start is not None:
        lines.append("> " + escape(text[p.start:p.end]))
    else:
        lines.append("> " + escape(note.selector.exact))
    lines.append("")
    facts = []
    if claim is not None and claim.speaker:
        link = _wikilink(claim.speaker) if wikilinks else None
        facts.append(f"Speaker: {link or escape(claim.speaker)}")
    if claim is not None and claim.kinds:
        facts.append("Kinds: " + ", ".join(claim.kinds))
    if fix is not None:
        was = fix.detected
        said = escape(was.speaker) if was.speaker else "none"
        facts.append(f"*Corrected by the reader (detected: speaker {said}; kinds "
                     f"{', '.join(was.kinds) or 'none'})*")
    facts.append(f"Verdict: **{verdict}**")
    if note.tags:
        facts.append("Tags: " + " ".join("#" + escape(t) for t in note.tags))  # (tag_token)
    block = f"^margin-{note.id}"
    body = [defuse(line) for line in note.body.rstrip().splitlines()] if note.body.strip() else []
    lines.append(" · ".join(facts) + ("" if body else " " + block))
    if note.state == REVIEW:
        lines.append("")
        lines.append("*In review: the sentence changed since this note was written. As noted:*")
        lines.append("")
        lines.append("> " + escape(note.selector.exact))
    if body:
        lines.append("")
        lines.extend(_with_block_id(body, block))
    if note.evidence:
        lines.extend(["", "Evidence:", ""])
        lines.extend(evidence_md(e, escape) for e in note.evidence)
    lines.append("")
    where = _location(p).capitalize()
    if p.start is None:
        where += " — its sentence is no longer in the article (quoted as it was)"
    if _is_web(source):
        quote = text[p.start:p.end] if p.start is not None else note.selector.exact
        where += f" · [on the page]({commonmark.link_destination(text_fragment_url(source, quote))})"
    where += f" · created {escape(note.created[:10])}"
    if note.modified[:10] > note.created[:10]:
        where += f" · edited {escape(note.modified[:10])}"
    lines.append(f"*{where} · note `{note.id}`*")
    lines.append("")
    return lines


def tag_token(tag: str) -> str:
    """A tag as a note's region shows it (``#putin``)."""
    return "#" + escape_markdown(tag)


def _text(value: str) -> str:
    return " ".join(safe_output(displayable(value)).split())


def export_parts(article: Article, record: DocumentRecord, notes: Sequence[Note],
                 exported: str, wikilinks: bool = False) -> Fresh:
    """What an export writes: Margin's front matter keys (flat, each one a property Obsidian
    shows; ``tags`` the notes' tags), the title of a new file, and each note's region, in the
    article's order (detached notes last). ``wikilinks``: speakers as ``[[links]]``."""
    placed = place(article, [n for n in notes if n.deleted is None])
    title = article.document.title
    tags: dict[str, None] = {}
    for p in placed:
        tags.update(dict.fromkeys(p.note.tags))
    front = [
        ("title", yaml_value(_text(title))),
        ("source", yaml_value(safe_output(displayable(record.source)))),
        ("exported", yaml_value(_text(exported))),
        ("notes", str(len(placed))),
        ("detached", str(sum(1 for p in placed if p.start is None))),
        ("in_review", str(sum(1 for p in placed if p.note.state == REVIEW))),
    ]
    front += [(verdict_key(v), str(sum(1 for p in placed if p.note.verdict == v)))
              for v in VERDICTS]
    text = article.document.text
    page = article.document.meta_value("url") or record.source  # a saved page's own address
    escaped: dict[str, str] = {}

    def escape(words: str) -> str:
        if words not in escaped:
            escaped[words] = escape_markdown(words)
        return escaped[words]

    seen: dict[str, int] = {}
    regions = []
    for p in placed:
        if p.start is None:
            heading = "Detached note"
        else:
            heading = f"Statement {p.statement + 1}" if p.statement is not None else "Note"
        seen[heading] = seen.get(heading, 0) + 1
        if seen[heading] > 1:  # two notes on one statement: a heading (and its link) each
            heading += f" ({seen[heading]})"
        fix = applied_at(article, p.statement) if p.statement is not None and p.start is not None \
            else None
        regions.append((marker_id(p.note.id),
                        tuple(_note_md(p, text, page, fix, escape, heading, wikilinks))))
    return Fresh(tuple(front), tuple(tags), (f"# Notes on {escape_markdown(_text(title))}",),
                 tuple(regions), tag_token)


def verdict_key(verdict: str) -> str:
    """The front matter key counting a verdict's notes (``verdict_needs_context``)."""
    return "verdict_" + verdict.replace("-", "_")


def uses_wikilinks(parsed: Parsed) -> bool:
    """Was this file exported with speakers as ``[[links]]`` (to export it again alike)?"""
    return any(line.startswith("Speaker: [[") for r in parsed.regions.values() for line in r.lines)


def to_markdown(article: Article, record: DocumentRecord, notes: Sequence[Note],
                exported: str, wikilinks: bool = False) -> str:
    """The notes as a new Markdown file with YAML front matter; same notes, same bytes (but
    ``exported``)."""
    return render(export_parts(article, record, notes, exported, wikilinks))
