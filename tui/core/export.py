"""Notes out and in: Markdown for people and note apps, W3C Web Annotation JSON for annotation tools."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence
from urllib.parse import unquote, urlparse

from . import anchor
from .anchor import Selector
from .article import Article
from .claims import Claim
from .files import write_atomic  # noqa: F401  (part of this module's interface)
from .store import VERDICTS, DocumentRecord, Note, normalise_tags

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


class NotAnnotations(ValueError):
    """A file that is not W3C Web Annotation JSON; the message is one line."""


# ---------------------------------------------------------------- where a note sits


@dataclass(frozen=True, slots=True)
class Placed:
    """A note with where it is in the current article (None for orphans)."""

    note: Note
    start: int | None
    end: int | None
    statement: int | None  # 0-based
    paragraph: int | None  # 0-based block index
    claim: Claim | None


def place(article: Article, notes: Iterable[Note]) -> list[Placed]:
    """Locate notes in the article, in document order; orphans (and deleted notes) last."""
    starts = [s.start for s in article.statements]
    out = []
    for note in notes:
        if note.state == anchor.ORPHAN:
            out.append(Placed(note, None, None, None, None, None))
            continue
        if note.state == anchor.REVIEW and note.review_start is not None:
            start, end = note.review_start, note.review_end
        else:
            start, end = note.start, note.end
        if start is None or end is None or end > len(article.document.text):
            out.append(Placed(note, None, None, None, None, None))
            continue
        i = bisect_right(starts, start) - 1
        if i >= 0 and article.statements[i].end > start:
            st = article.statements[i]
            out.append(Placed(note, start, end, i, st.block, article.claims[i]))
        else:
            out.append(Placed(note, start, end, None, article.document.block_at(start), None))
    out.sort(key=lambda p: (p.start is None, p.start if p.start is not None else 0,
                            p.note.created, p.note.id))
    return out


# ---------------------------------------------------------------- Markdown

# Backslash-escaped, these ASCII punctuation characters are plain text in CommonMark (and in
# Obsidian, which adds $math$, ==highlight==, ^block ids and %%comments%%).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$=^%{}!])")
# At the start of a line these would begin a list item ("- ", "+ ", "1. ", "1) ").
_LINE_START = re.compile(r"^(?:([-+])|(\d+)([.)]))")


def escape_markdown(text: str) -> str:
    """Article text as inert Markdown on one line: no HTML, links, emphasis or block syntax."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else
                           m.group(2) + "\\" + m.group(3), text)


def _quote_line(text: str) -> str:
    return "> " + escape_markdown(text)


def _yaml(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


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


def _markdown_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C") \
        .replace(">", "%3E")


def _is_web(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _note_md(p: Placed, text: str, source: str = "") -> list[str]:
    note = p.note
    lines = []
    if p.start is not None:
        lines.append(_quote_line(text[p.start:p.end]))
    else:
        lines.append(_quote_line(note.selector.exact))
    lines.append("")
    facts = []
    if p.claim is not None and p.claim.speaker:
        facts.append(f"Speaker: {escape_markdown(p.claim.speaker)}")
    if p.claim is not None and p.claim.kinds:
        facts.append("Kinds: " + ", ".join(p.claim.kinds))
    facts.append(f"Verdict: **{note.verdict}**")
    if note.tags:
        facts.append("Tags: " + " ".join("#" + escape_markdown(t) for t in note.tags))
    lines.append(" · ".join(facts))
    if note.state == anchor.REVIEW:
        lines.append("")
        lines.append("*In review: the sentence changed since this note was written. As noted:*")
        lines.append("")
        lines.append(_quote_line(note.selector.exact))
    if note.body.strip():
        lines.append("")
        lines.extend(note.body.rstrip().splitlines())
    lines.append("")
    where = _location(p).capitalize()
    if _is_web(source):
        quote = text[p.start:p.end] if p.start is not None else note.selector.exact
        where += f" · [on the page]({_markdown_url(text_fragment_url(source, quote))})"
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
        f"source: {_yaml(record.source)}",
        f"exported: {_yaml(exported)}",
        f"notes: {len(placed)}",
        f"detached: {len(detached)}",
        f"in_review: {sum(1 for p in placed if p.note.state == anchor.REVIEW)}",
        "verdicts: {" + ", ".join(f"{_yaml(v)}: {n}" for v, n in verdicts.items() if n) + "}",
        "---",
        "",
        f"# Notes on {escape_markdown(title)}",
        "",
    ]
    text = article.document.text
    page = article.document.meta_value("url") or record.source  # a saved page's own address
    for p in attached:
        heading = f"Statement {p.statement + 1}" if p.statement is not None else "Note"
        out.append(f"## {heading}: {p.note.verdict}")
        out.append("")
        out.extend(_note_md(p, text, page))
    if detached:
        out.append("## Detached notes")
        out.append("")
        out.append("These notes' sentences are no longer in the article. Each keeps the text it "
                   "was written on.")
        out.append("")
        for p in detached:
            out.extend(_note_md(p, text, page))
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------- W3C Web Annotation


def source_uri(source: str) -> str:
    """A document's source as a URI: URLs stay, paths become file: URIs."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source) or source.startswith("urn:"):
        return source
    path = Path(source)
    return path.as_uri() if path.is_absolute() else source


def uri_to_source(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return uri


def annotation(note: Note, source: str) -> dict:
    body: list[dict] = []
    if note.body:
        body.append({"type": "TextualBody", "value": note.body, "format": "text/markdown",
                     "purpose": "commenting"})
    body.extend({"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in note.tags)
    body.append({"type": "TextualBody", "value": note.verdict, "purpose": "assessing"})
    ann = {
        "@context": W3C_CONTEXT,
        "id": f"urn:uuid:{note.id}",
        "type": "Annotation",
        "motivation": "commenting",
        "created": note.created,
        "modified": note.modified,
        "body": body,
        "target": {"source": source_uri(source), "selector": note.selector.to_w3c()},
    }
    return ann


def to_w3c(record: DocumentRecord, notes: Sequence[Note], title: str) -> dict:
    items = [annotation(n, record.source) for n in notes if n.deleted is None]
    return {
        "@context": W3C_CONTEXT,
        "type": "AnnotationCollection",
        "label": f"Notes on {title}",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def to_json_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class Imported:
    """A note read from W3C JSON."""

    id: str
    source: str
    selector: Selector
    body: str
    tags: tuple[str, ...]
    verdict: str
    created: str | None
    modified: str | None


def _items(data: Any) -> list:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise NotAnnotations("expected a JSON object or array of annotations")
    if data.get("type") == "Annotation":
        return [data]
    if "items" in data and isinstance(data["items"], list):
        return data["items"]
    first = data.get("first")
    if isinstance(first, dict) and isinstance(first.get("items"), list):
        return first["items"]
    raise NotAnnotations("no annotations found (expected an Annotation, a list, or a collection)")


def _note_id(raw: Any) -> str:
    text = str(raw or "")
    if text.startswith("urn:uuid:"):
        text = text[len("urn:uuid:"):]
    import uuid

    try:
        return str(uuid.UUID(text))
    except ValueError:
        # Keep foreign ids stable: the same id always maps to the same UUID.
        return str(uuid.uuid5(uuid.NAMESPACE_URL, text)) if text else str(uuid.uuid4())


_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?)?"
                        r"(?:Z|[+-]\d\d:?\d\d)?")


def _timestamp(value: Any) -> str | None:
    """An ISO 8601 time as annotation tools write it; anything else is dropped."""
    if isinstance(value, str) and len(value) <= 40 and _TIMESTAMP.fullmatch(value.strip()):
        return value.strip()
    return None


def parse_w3c(data: Any) -> tuple[list[Imported], list[str]]:
    """Notes from W3C Web Annotation JSON, and a message for each annotation skipped."""
    notes: list[Imported] = []
    skipped: list[str] = []
    for i, item in enumerate(_items(data)):
        try:
            if not isinstance(item, dict):
                raise ValueError("not an object")
            target = item.get("target")
            if isinstance(target, list):
                target = target[0] if target else None
            if not isinstance(target, dict) or not isinstance(target.get("source"), str):
                raise ValueError("no target source")
            selectors = target.get("selector")
            if isinstance(selectors, dict):
                selectors = [selectors]
            selector = Selector.from_w3c(selectors or [])
            bodies = item.get("body", [])
            if isinstance(bodies, dict):
                bodies = [bodies]
            text, tags, verdict = "", [], "unverified"
            for b in bodies if isinstance(bodies, list) else []:
                if not isinstance(b, dict):
                    continue
                value = b.get("value")
                if not isinstance(value, str):
                    continue
                purpose = b.get("purpose", "commenting")
                if purpose == "tagging":
                    tags.append(value)
                elif purpose == "assessing" and value in VERDICTS:
                    verdict = value
                elif purpose in ("commenting", "describing") and not text:
                    text = value
            notes.append(Imported(
                id=_note_id(item.get("id")),
                source=uri_to_source(target["source"]),
                selector=selector, body=text, tags=normalise_tags(tags), verdict=verdict,
                created=_timestamp(item.get("created")),
                modified=_timestamp(item.get("modified")),
            ))
        except ValueError as exc:
            skipped.append(f"annotation {i + 1}: {exc}")
    return notes, skipped
