"""Notes as Markdown for people and note apps: front matter, each note under its quoted sentence."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from .. import commonmark
from ..analysis.article import Article
from ..text import displayable, json_text
from .corrections import Applied, applied_at
from .model import REVIEW, VERDICTS, DocumentRecord, Note
from .place import Placed, place


def escape_markdown(text: str) -> str:
    """Article text as inert Markdown on one line: no HTML, links, emphasis or block syntax, in
    CommonMark and in note apps."""
    return commonmark.escape(" ".join(text.split()), note_apps=True)


def _yaml(value: Any) -> str:
    return json_text(value, indent=None)


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


def _note_md(p: Placed, text: str, source: str = "", fix: Applied | None = None,
             escape: Callable[[str], str] = escape_markdown) -> list[str]:
    """A note as Markdown; ``fix``: the reader's correction of its statement (its speaker and
    kinds are then the reader's, said so, with what was detected). ``escape``: escape_markdown
    (or one that remembers: many notes quote the same sentence)."""
    note = p.note
    lines = []
    if p.start is not None:
        lines.append("> " + escape(text[p.start:p.end]))
    else:
        lines.append("> " + escape(note.selector.exact))
    lines.append("")
    facts = []
    if p.claim is not None and p.claim.speaker:
        facts.append(f"Speaker: {escape(p.claim.speaker)}")
    if p.claim is not None and p.claim.kinds:
        facts.append("Kinds: " + ", ".join(p.claim.kinds))
    if fix is not None:
        was = fix.detected
        said = escape(was.speaker) if was.speaker else "none"
        facts.append(f"*Corrected by the reader (detected: speaker {said}; kinds "
                     f"{', '.join(was.kinds) or 'none'})*")
    facts.append(f"Verdict: **{note.verdict}**")
    if note.tags:
        facts.append("Tags: " + " ".join("#" + escape(t) for t in note.tags))
    lines.append(" · ".join(facts))
    if note.state == REVIEW:
        lines.append("")
        lines.append("*In review: the sentence changed since this note was written. As noted:*")
        lines.append("")
        lines.append("> " + escape(note.selector.exact))
    if note.body.strip():
        lines.append("")
        lines.extend(note.body.rstrip().splitlines())
    lines.append("")
    where = _location(p).capitalize()
    if _is_web(source):
        quote = text[p.start:p.end] if p.start is not None else note.selector.exact
        where += f" · [on the page]({commonmark.link_destination(text_fragment_url(source, quote))})"
    lines.append(f"*{where} · note `{note.id}`* ^margin-{note.id}")
    lines.append("")
    return lines


def to_markdown(article: Article, record: DocumentRecord, notes: Sequence[Note],
                exported: str) -> str:
    """The notes as Markdown with YAML front matter; same notes, same bytes (but ``exported``)."""
    placed = place(article, [n for n in notes if n.deleted is None])
    attached = [p for p in placed if p.start is not None]
    detached = [p for p in placed if p.start is None]
    verdicts = {v: sum(1 for p in placed if p.note.verdict == v) for v in VERDICTS}
    title = article.document.title
    out = [
        "---",
        f"title: {_yaml(title)}",
        f"source: {_yaml(displayable(record.source))}",
        f"exported: {_yaml(exported)}",
        f"notes: {len(placed)}",
        f"detached: {len(detached)}",
        f"in_review: {sum(1 for p in placed if p.note.state == REVIEW)}",
        "verdicts: {" + ", ".join(f"{_yaml(v)}: {n}" for v, n in verdicts.items() if n) + "}",
        "---",
        "",
        f"# Notes on {escape_markdown(title)}",
        "",
    ]
    text = article.document.text
    page = article.document.meta_value("url") or record.source  # a saved page's own address
    escaped: dict[str, str] = {}

    def escape(words: str) -> str:
        if words not in escaped:
            escaped[words] = escape_markdown(words)
        return escaped[words]

    for p in attached:
        heading = f"Statement {p.statement + 1}" if p.statement is not None else "Note"
        out.append(f"## {heading}: {p.note.verdict}")
        out.append("")
        fix = applied_at(article, p.statement) if p.statement is not None else None
        out.extend(_note_md(p, text, page, fix, escape))
    if detached:
        out.append("## Detached notes")
        out.append("")
        out.append("These notes' sentences are no longer in the article. Each keeps the text it "
                   "was written on.")
        out.append("")
        for p in detached:
            out.extend(_note_md(p, text, page, escape=escape))
    # Ends with one newline: what "\n".join(out).rstrip("\n") + "\n" gives, without copying
    # the whole text twice more (50,000 notes make 40 MB of it).
    while out and not out[-1].rstrip("\n"):
        out.pop()
    out[-1:] = [out[-1].rstrip("\n"), ""] if out else ["", ""]
    return "\n".join(out)
