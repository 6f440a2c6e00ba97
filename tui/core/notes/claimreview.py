"""Notes as schema.org ClaimReview JSON-LD: one review for each note with a verdict, for publishers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from ..analysis.article import Article
from ..analysis.words import GROUP_NOUNS, ORG_WORDS
from ..text import json_text, scrub
from .model import DocumentRecord, Evidence, Note
from .place import Placed, place

#: Each verdict as a fact-checker writes it, and its value on the scale WORST..BEST; a note
#: ``unverified`` is no review yet and is left out.
RATINGS = {
    "false": ("False", 1),
    "misleading": ("Misleading", 2),
    "needs-context": ("Needs context", 3),
    "supported": ("Supported", 4),
}
WORST, BEST = 1, 4
#: A statement longer than this is cut for ``claimReviewed`` (publishers want the claim short).
LONGEST = 200
#: The line of a note's body that gives the review's address: ``Review: https://…``.
REVIEW_LINE = re.compile(r"^[ \t]*review[ \t]*:[ \t]*<?(https?://[^\s<>]+)>?[ \t]*$",
                         re.IGNORECASE | re.MULTILINE)
_WEB_URL = re.compile(r"https?://[^\s/?#]+", re.IGNORECASE)
_QUOTE_MARKS = "\"'“”‘’«»„‚‹› "


@dataclass(frozen=True, slots=True)
class Publisher:
    """Who publishes the reviews (the user's settings): the organisation and the reviewer."""

    organization: str = ""
    organization_url: str = ""
    reviewer: str = ""


def review_url(body: str) -> str | None:
    """The address a note's body gives its review on a ``Review: https://…`` line (the first)."""
    match = REVIEW_LINE.search(body)
    return match.group(1) if match and _web_url(match.group(1)) else None


def _web_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address with nothing in it a URL cannot hold."""
    if not url or len(url) > 2000 or not _WEB_URL.match(url):
        return None
    return None if any(c.isspace() or not c.isprintable() for c in url) else url


def _day(value: str | None) -> str | None:
    """YYYY-MM-DD from a date or an ISO 8601 time (None when it is not a real date)."""
    if not value or not re.match(r"\d{4}-\d{2}-\d{2}(?![\d])", value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def _one_line(text: str) -> str:
    """Untrusted text as plain text on one line: no control characters, spaces made one."""
    return " ".join(scrub(text).split())


def claim_text(words: str, quotes: Sequence[str] = ()) -> str:
    """What ``claimReviewed`` says: the statement on one line; a long one (over LONGEST
    characters) becomes the longest of its quotations that fits (three words or more), or is
    cut at a word boundary with an ellipsis."""
    line = _one_line(words)
    if len(line) <= LONGEST:
        return line
    fitting = []
    for quote in quotes:
        quote = _one_line(quote).strip(_QUOTE_MARKS).rstrip(",;:").strip(_QUOTE_MARKS)
        if len(quote) <= LONGEST and len(quote.split()) >= 3:
            fitting.append(quote)
    if fitting:
        return max(fitting, key=len)
    cut = line[:LONGEST]  # LONGEST - 1 characters and the ellipsis
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    else:
        cut = cut[:LONGEST - 1]
    return cut.rstrip(" ,;:.—–-") + "…"


def is_organization(name: str) -> bool:
    """Is this speaker an organisation (or a group) rather than a person? As the analysis marks
    sources: a name holding an organisation's word ("Transport Department", "Reuters"), one
    that starts with "the", or one that is not a name at all ("officials", "Critics", "a
    spokesman for the contractor")."""
    words = [w.strip(".,;:’'\"“”").lower() for w in name.split()]
    words = [w for w in words if w]
    if not words:
        return False
    if not name.lstrip()[:1].isupper() or words[0] == "the":
        return True
    return any(w in ORG_WORDS for w in words) or words[-1] in GROUP_NOUNS


def _party(name: str) -> dict:
    kind = "Organization" if is_organization(name) else "Person"
    return {"@type": kind, "name": name}


def _authors(by: Publisher) -> dict | list[dict] | None:
    """The review's author: the organisation, then the reviewer (one of them, or both)."""
    out: list[dict] = []
    organization, reviewer = _one_line(by.organization), _one_line(by.reviewer)
    if organization:
        org = {"@type": "Organization", "name": organization}
        if _web_url(by.organization_url):
            org["url"] = by.organization_url
        out.append(org)
    if reviewer:
        out.append({"@type": "Person", "name": reviewer})
    return out[0] if len(out) == 1 else (out or None)


def _read_on(day: str | None) -> dict:
    """When the user read a page: a ReadAction whose object the page is, ending that day (the
    schema.org way; CreativeWork has no "accessed" property)."""
    return {"@reverse": {"object": {"@type": "ReadAction", "endTime": day}}} if day else {}


def evidence_item(evidence: Evidence) -> dict | None:
    """A page the note cites as a CreativeWork, a published fact-check as a ClaimReview (None
    when it has neither a link nor a title)."""
    url, title = _web_url(evidence.url), _one_line(evidence.title)
    if evidence.fact_check:
        item: dict = {"@type": "ClaimReview"}
        if url:
            item["url"] = url
        if title:
            item["name"] = title
        if evidence.claim.strip():
            item["claimReviewed"] = claim_text(evidence.claim)
        if evidence.publisher.strip():
            item["publisher"] = {"@type": "Organization", "name": _one_line(evidence.publisher)}
        if evidence.rating.strip():
            item["reviewRating"] = {"@type": "Rating", "alternateName": _one_line(evidence.rating)}
        if _day(evidence.date):
            item["datePublished"] = _day(evidence.date)
    else:
        if not url and not title:
            return None
        item = {"@type": "CreativeWork"}
        if url:
            item["url"] = url
        if title:
            item["name"] = title
    item.update(_read_on(_day(evidence.accessed)))
    return item


@dataclass(frozen=True, slots=True)
class _Article:
    """What every review says of the article: where the claims appear, when, and by whom."""

    appearance: dict
    date: str | None
    author: str


def _article(article: Article, record: DocumentRecord) -> _Article:
    document = article.document
    url = _web_url(document.meta_value("url")) or _web_url(record.source)
    appearance: dict = {"@type": "CreativeWork"}
    if url:
        appearance["url"] = url
    if document.title.strip():
        appearance["name"] = _one_line(document.title)
    day = _day(document.meta_value("date"))
    if day:
        appearance["datePublished"] = day
    return _Article(appearance, day, _one_line(document.meta_value("author") or ""))


def claim_review(p: Placed, text: str, about: _Article, by: Publisher) -> dict:
    """One note as a ClaimReview (its verdict is not ``unverified``)."""
    note = p.note
    words = text[p.start:p.end] if p.start is not None else note.selector.exact
    quotes = [text[m.start:m.end] for m in (p.claim.marks if p.claim is not None else ())
              if m.kind == "quote" and p.start is not None and p.end is not None
              and p.start <= m.start and m.end <= p.end]
    name, value = RATINGS[note.verdict]
    review: dict = {"@context": "https://schema.org", "@type": "ClaimReview"}
    url = review_url(note.body)
    if url:
        review["url"] = url
    review["claimReviewed"] = claim_text(words, quotes)
    claim: dict = {"@type": "Claim"}
    speaker = _one_line(p.claim.speaker) if p.claim is not None and p.claim.speaker else ""
    if speaker or about.author:  # none said: the article's own voice, its author's
        claim["author"] = _party(speaker or about.author)
    if about.date:
        claim["datePublished"] = about.date
    claim["appearance"] = about.appearance
    review["itemReviewed"] = claim
    review["reviewRating"] = {"@type": "Rating", "alternateName": name, "ratingValue": value,
                              "bestRating": BEST, "worstRating": WORST}
    authors = _authors(by)
    if authors:
        review["author"] = authors
    day = _day(note.modified)
    if day:
        review["datePublished"] = day
    cited = [item for item in map(evidence_item, note.evidence) if item is not None]
    if cited:
        review["citation"] = cited
    return review


def claim_reviews(article: Article, record: DocumentRecord, notes: Sequence[Note],
                  by: Publisher = Publisher()) -> list[dict]:
    """The notes with a verdict (not ``unverified``, not deleted) as ClaimReviews, in the order
    of the article."""
    reviewed = [n for n in notes if n.deleted is None and n.verdict in RATINGS]
    about = _article(article, record)
    text = article.document.text
    return [claim_review(p, text, about, by) for p in place(article, reviewed)]


def without_url(reviews: Sequence[dict]) -> int:
    """How many of these reviews have no address (publishers require one)."""
    return sum(1 for r in reviews if "url" not in r)


def as_json_ld(reviews: Sequence[dict]) -> str:
    """The reviews as a JSON array, ready for a ``<script type="application/ld+json">``
    element: ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no text of an article
    or a note can close the element or open another (JSON readers get the same strings)."""
    out = json_text(list(reviews))
    for char in "<>&":
        out = out.replace(char, f"\\u{ord(char):04x}")
    return out + "\n"
