"""Notes in and out as W3C Web Annotation JSON, the form annotation tools read and write."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import unquote, urlparse

from ..text import displayable, json_clean, json_safe, json_scalar, json_text
from ..analysis.claims import KINDS
from .corrections import Correction, clean_speaker
from .model import VERDICTS, DocumentRecord, Evidence, Note, normalise_tags
from .selector import Selector

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: The body a correction gives a statement that is no claim of any kind.
NO_KIND = "not-a-claim"


class NotAnnotations(ValueError):
    """A file that is not W3C Web Annotation JSON; the message is one line."""



def source_uri(source: str) -> str:
    """A document's source as a URI: URLs stay, paths become file: URIs."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source) or source.startswith("urn:"):
        return source
    path = Path(source)
    return path.as_uri() if path.is_absolute() else source


def uri_to_source(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        # Bytes that are not UTF-8 (a Latin-1 file name) come back as the same bytes.
        return unquote(parsed.path, errors="surrogateescape")
    return uri


def annotation(note: Note, source: str, history: list[dict] | None = None) -> dict:
    """A note as a W3C annotation; ``history``: its history on a desk (Margin's own "history"
    member: each revision's author, verdict, deletion and time; other tools ignore it)."""
    body: list[dict] = []
    if note.body:
        body.append({"type": "TextualBody", "value": note.body, "format": "text/markdown",
                     "purpose": "commenting"})
    body.extend({"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in note.tags)
    body.append({"type": "TextualBody", "value": note.verdict, "purpose": "assessing"})
    body.extend(evidence_body(e) for e in note.evidence)
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
    if note.author:  # a desk's note: who wrote it
        ann["creator"] = {"type": "Person", "name": note.author}
    if history:
        ann["history"] = history
    return ann


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}$")


def evidence_body(e: Evidence) -> dict:
    """What a note cites as a "linking" body: the page (or the fact-check) as its source, the
    day it was read as when the body was made, and the rest as Margin's ``evidence`` member
    (read back by ``read_w3c``; other tools see a link)."""
    body: dict = {"type": "SpecificResource", "purpose": "linking", "source": e.url}
    if e.accessed:
        body["created"] = f"{e.accessed}T00:00:00Z"
    more = {k: v for k, v in e.as_json().items() if k not in ("url", "accessed")}
    if more:
        body["evidence"] = more
    return body


def _evidence(b: dict) -> Evidence | None:
    """The Evidence of a "linking" body (None when it is not one Margin can keep)."""
    source = b.get("source")
    if isinstance(source, dict):
        source = source.get("id")
    more = b.get("evidence") if isinstance(b.get("evidence"), dict) else {}
    created = b.get("created")
    accessed = created[:10] if isinstance(created, str) and _DAY.match(created[:10]) else ""
    return Evidence.from_json({**more, "url": source if isinstance(source, str) else "",
                               "accessed": accessed})


def correction_annotation(fix: Correction, source: str) -> dict:
    """A correction of a statement as a "classifying" annotation: a body for each kind (or
    NO_KIND), and the speaker as an "identifying" body (none: no one said it)."""
    body = [{"type": "TextualBody", "value": kind, "purpose": "classifying"}
            for kind in fix.kinds or (NO_KIND,)]
    if fix.speaker:
        body.append({"type": "TextualBody", "value": fix.speaker, "purpose": "identifying"})
    return {"@context": W3C_CONTEXT, "id": f"urn:uuid:{fix.id}", "type": "Annotation",
            "motivation": "classifying", "created": fix.created, "modified": fix.modified,
            "body": body,
            "target": {"source": source_uri(source), "selector": fix.selector.to_w3c()}}


def to_w3c(record: DocumentRecord, notes: Sequence[Note], title: str,
           corrections: Sequence[Correction] = ()) -> dict:
    """The notes (and the reader's corrections of statements) as an AnnotationCollection."""
    items = [annotation(n, record.source) for n in notes if n.deleted is None]
    items += [correction_annotation(c, record.source) for c in corrections]
    return {
        "@context": W3C_CONTEXT,
        "type": "AnnotationCollection",
        "label": f"Notes on {title}",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def to_json_text(data: dict) -> str:
    return json_text(data) + "\n"


def collection_text(record: DocumentRecord, notes: Sequence[Note], title: str,
                    corrections: Sequence[Correction] = (),
                    history: dict[str, list[dict]] | None = None) -> str:
    """``to_json_text(to_w3c(record, notes, title, corrections))``, the same text, written an
    annotation at a time from a template: the json module lays indented JSON out in Python, a
    value at a time (50,000 notes took it 4 s). One join, into the text whole: 50,000 notes
    make 130 MB of it, each copy more pages to map."""
    return "".join(_collection_parts(record, notes, title, corrections, history))


def collection_chunks(record: DocumentRecord, notes: Sequence[Note], title: str,
                      corrections: Sequence[Correction] = (),
                      history: dict[str, list[dict]] | None = None) -> Iterator[str]:
    """``collection_text`` in pieces of a thousand annotations, each made as it is asked for:
    for a stream, which then never holds the text whole."""
    parts = _collection_parts(record, notes, title, corrections, history)
    while chunk := "".join(islice(parts, 2000)):  # (an annotation and what comes before it)
        yield chunk


def _collection_parts(record: DocumentRecord, notes: Sequence[Note], title: str,
                      corrections: Sequence[Correction],
                      history: dict[str, list[dict]] | None = None) -> Iterator[str]:
    """The pieces of ``collection_text``, in order: the collection's head, then each annotation
    after what separates it from the one before, then the tail."""
    live = [n for n in notes if n.deleted is None]
    # The few corrections as json lays them out, moved to where they sit (JSON strings hold no
    # newline: every newline in the text is the layout's).
    fixes = [json_safe(json.dumps(correction_annotation(c, record.source), ensure_ascii=False,
                                  indent=2)).replace("\n", _ITEM) for c in corrections]
    shell = to_w3c(record, (), title)
    shell["total"] = len(live) + len(fixes)
    text = json_safe(json.dumps(shell, ensure_ascii=False, indent=2))
    if not live and not fixes:
        yield text + "\n"
        return
    # (A title's quotes are escaped: the only "items" key is the collection's.)
    head, tail = text.rsplit('"items": []', 1)
    made = _Annotations(json_safe(json_scalar(source_uri(record.source))), record.source,
                        history or {})
    before = f'{head}"items": [{_ITEM}'
    for item in chain(map(made.annotation, live), fixes):
        yield before
        yield item
        before = "," + _ITEM
    yield f"\n    ]{tail}\n"


_ITEM = "\n" + " " * 6  # an annotation's indent in a collection (collection > first > items)
_BODY = '{\n            "type": "TextualBody",\n            "value": '
_COMMENTING = (',\n            "format": "text/markdown",\n'
               '            "purpose": "commenting"\n          }')
_TAGGING = ',\n            "purpose": "tagging"\n          }'
_ASSESSING = ',\n            "purpose": "assessing"\n          }'
_NEXT_BODY = ",\n          "
_HEAD = ('{\n'
         f'        "@context": {json_scalar(W3C_CONTEXT)},\n'
         '        "id": ')


class _Annotations:
    """``annotation(note, source)`` as ``collection_text`` lays it out (a template of
    json.dumps(indent=2)'s layout, its values JSON-encoded), ``json_safe``. What many notes
    share is written once: the bodies of their tags and verdict (a few sets), and their target
    (the source and the selector: every note on one sentence has the same)."""

    def __init__(self, uri: str, source: str, history: dict[str, list[dict]]) -> None:
        self.uri = uri  # the source's URI, as safe JSON
        self.source = source
        self.history = history
        self.tails: dict[tuple[tuple[str, ...], str], str] = {}
        self.targets: dict[Selector, str] = {}

    def annotation(self, note: Note) -> str:
        if note.evidence or note.author:  # (as json lays them out)
            made = annotation(note, self.source, self.history.get(note.id))
            return json_safe(json.dumps(made, ensure_ascii=False, indent=2)).replace("\n", _ITEM)
        tail = self.tails.get((note.tags, note.verdict))
        if tail is None:
            tail = self.tails[note.tags, note.verdict] = self._tail(note.tags, note.verdict)
        target = self.targets.get(note.selector)
        if target is None:
            target = self.targets[note.selector] = self._target(note.selector)
        body = f"{_BODY}{json_scalar(note.body)}{_COMMENTING}{_NEXT_BODY}" if note.body else ""
        text = (f'{_HEAD}{json_scalar(f"urn:uuid:{note.id}")},\n'
                '        "type": "Annotation",\n'
                '        "motivation": "commenting",\n'
                f'        "created": {json_scalar(note.created)},\n'
                f'        "modified": {json_scalar(note.modified)},\n'
                '        "body": [\n'
                f'          {body}{tail}\n'
                '        ],\n'
                f'{target}')
        # The shared parts are safe already, and the layout is ASCII: what json_safe would
        # change can only be in the note's own values (looking there is looking at a tenth).
        values = f"{note.id}{note.created}{note.modified}{note.body}"
        return text if json_clean(values) else json_safe(text)

    @staticmethod
    def _tail(tags: tuple[str, ...], verdict: str) -> str:
        """The bodies after the comment: a tag's each, then the verdict's."""
        bodies = [_BODY + json_scalar(tag) + _TAGGING for tag in tags]
        bodies.append(_BODY + json_scalar(verdict) + _ASSESSING)
        return json_safe(_NEXT_BODY.join(bodies))

    def _target(self, sel: Selector) -> str:
        """The "target" member, to the annotation's end."""
        position = ("" if sel.start is None else
                    ',\n            {\n              "type": "TextPositionSelector",\n'
                    f'              "start": {json_scalar(sel.start)},\n'
                    f'              "end": {json_scalar(sel.end)}\n            }}')
        return json_safe('        "target": {\n'
                         f'          "source": {self.uri},\n'
                         '          "selector": [\n'
                         '            {\n'
                         '              "type": "TextQuoteSelector",\n'
                         f'              "exact": {json_scalar(sel.exact)},\n'
                         f'              "prefix": {json_scalar(sel.prefix)},\n'
                         f'              "suffix": {json_scalar(sel.suffix)}\n'
                         f'            }}{position}\n'
                         '          ]\n'
                         '        }\n'
                         '      }')


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
    #: A correction of a statement (a "classifying" annotation), not a note: its kinds and
    #: speaker. None for a note.
    kinds: tuple[str, ...] | None = None
    speaker: str | None = None
    evidence: tuple[Evidence, ...] = ()


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


class TooLong:
    """A number in the JSON too long to be anything Margin reads (kept as its digit count: Python
    refuses to turn a very long digit string into an int, and no field needs one)."""

    __slots__ = ("digits",)

    def __init__(self, digits: str) -> None:
        self.digits = len(digits)


def _int(digits: str) -> int | TooLong:
    return int(digits) if len(digits) <= 40 else TooLong(digits)


def loads(text: str) -> Any:
    """JSON as an import reads it: a number too long to be a position or an id is kept as
    TooLong (the annotation holding it is then skipped) instead of failing the whole file."""
    return json.loads(text, parse_int=_int)


def _clean(value: Any) -> Any:
    """Strings with lone surrogates (an escaped ``"\\ud800"`` decodes to one, and no file or
    database can hold it) made U+FFFD; lists and objects cleaned through, anything else kept."""
    if isinstance(value, str):
        return displayable(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


def _note_id(raw: Any) -> str:
    if isinstance(raw, TooLong):
        raise ValueError(f"its id is a number of {raw.digits} digits")
    if raw is not None and not isinstance(raw, (str, int)) or isinstance(raw, bool):
        raise ValueError("its id is neither a string nor a number")
    text = str(raw or "")
    if text.startswith("urn:uuid:"):
        text = text[len("urn:uuid:"):]
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
    """Notes (and corrections of statements: ``kinds`` not None) from W3C Web Annotation JSON,
    and a message for each annotation skipped."""
    notes: list[Imported] = []
    skipped: list[str] = []
    for i, item in enumerate(_items(data)):
        try:
            if not isinstance(item, dict):
                raise ValueError("not an object")
            item = _clean(item)
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
            text, tags, verdict, cited = "", [], "unverified", []
            kinds: list[str] | None = [] if item.get("motivation") == "classifying" else None
            speaker = None
            for b in bodies if isinstance(bodies, list) else []:
                if not isinstance(b, dict):
                    continue
                if b.get("purpose") == "linking" and kinds is None:
                    found = _evidence(b)
                    if found is not None and found not in cited:
                        cited.append(found)
                    continue
                value = b.get("value")
                if not isinstance(value, str):
                    continue
                purpose = b.get("purpose", "commenting")
                if kinds is not None:  # a correction: its kinds and speaker only
                    if purpose == "classifying" and value in KINDS:
                        kinds.append(value)
                    elif purpose == "identifying" and speaker is None:
                        speaker = clean_speaker(value)
                elif purpose == "tagging":
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
                kinds=None if kinds is None else tuple(k for k in KINDS if k in kinds),
                speaker=speaker,
                evidence=tuple(cited),
            ))
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            # One bad annotation is skipped, with why; the others are read.
            why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            skipped.append(f"annotation {i + 1}: {why}")
    return notes, skipped
