"""Fact-checks read from the forms they travel in.

- schema.org **ClaimReview** JSON-LD: one object, a list, an ``@graph``, or embedded in a saved
  HTML page as ``<script type="application/ld+json">``;
- the **DataCommons** ClaimReview feed (a DataFeed: ``dataFeedElement`` -> ``item``);
- the **Google Fact Check Tools API** ``claims:search`` response (``claims[]``, each with its
  ``claimReview[]``: one fact-check per review);
- **CSV/TSV** with a header naming its columns (claim, rating, url, publisher, date, title…;
  COLUMNS lists the names each field goes by), e.g. the claim-retrieval ``vclaim``/``title``.

Everything read is untrusted: text fields lose control characters and are clipped, a URL is kept
only if it is http(s), a date only if it reads as one (kept as YYYY-MM-DD). A record without a
claim is skipped, with its reason; ``read`` returns what it kept and what it skipped.
"""

from __future__ import annotations

import csv
import io
import json
import re
import stat
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from ..text import sanitize
from .model import FactCheck

#: Longest text kept in a field (a claim is a sentence or two; a title a line).
MAX_FIELD = 4_000
#: The columns of a CSV/TSV file each field is read from (the header's names, case and spacing
#: and punctuation ignored).
COLUMNS = {
    "claim": ("claim", "vclaim", "claimreviewed", "claimtext", "text", "statement", "claim_text"),
    "rating": ("rating", "verdict", "textualrating", "label", "alternatename", "ruling"),
    "url": ("url", "link", "reviewurl", "factcheckurl", "review_url"),
    "publisher": ("publisher", "factchecker", "checker", "organisation", "organization",
                  "author", "publishername"),
    "site": ("site", "domain", "publishersite"),
    "date": ("date", "reviewdate", "datepublished", "published", "publishdate"),
    "title": ("title", "headline", "name"),
    "claimant": ("claimant", "speaker", "claimauthor", "source"),
    "claim_date": ("claimdate", "datemade"),
    "language": ("language", "lang", "languagecode", "inlanguage"),
}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_KEY = re.compile(r"[\W_]+")


class FormatError(ValueError):
    """The file is none of the forms fact-checks travel in (the message says why, in a line)."""


@dataclass
class Read:
    """What a file held: the fact-checks kept and, per reason, how many records were skipped."""

    checks: list[FactCheck] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    form: str = ""  # claimreview | datacommons | factchecktools | csv | tsv


#: The largest fact-check file read (100,000 ClaimReviews as JSON are some 60 MB; parsed, a
#: file takes several times its size in memory).
MAX_FILE_BYTES = 256 * 1024 * 1024


def read(path: Path) -> Read:
    """The fact-checks of the file ``path`` (raises OSError when it cannot be read, FormatError
    when it is none of the forms: a directory, device or pipe, a file over MAX_FILE_BYTES)."""
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise FormatError("a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise FormatError("a device, pipe or socket, not a file (save it to a file first)")
    if info.st_size > MAX_FILE_BYTES:
        raise FormatError(f"too large ({info.st_size / 2**20:,.0f} MB; Margin reads fact-check "
                          f"files up to {MAX_FILE_BYTES // 2**20:,} MB)")
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FormatError(f"too large (over {MAX_FILE_BYTES // 2**20:,} MB)")
    if not data.strip(b"\x00"):
        raise FormatError("no text in it" if not data else "only NUL bytes: not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError("not UTF-8 text") from None
    return read_text(text, path.name)


def read_text(text: str, name: str = "") -> Read:
    """The fact-checks of a file's ``text`` (``name``: the file's, kept as their source)."""
    try:
        return _read_text(text, name)
    except RecursionError:  # (JSON nested thousands deep: json and the walk below recurse)
        raise FormatError("nested too deeply") from None


def _read_text(text: str, name: str) -> Read:
    head = text.lstrip()[:1]
    if head in ("{", "["):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise FormatError(f"not valid JSON ({exc})") from None
        return _from_json(data, name)
    if head == "<":
        blocks = _ld_json_blocks(text)
        if not blocks:
            raise FormatError("an HTML page without ClaimReview JSON-LD "
                              "(<script type=\"application/ld+json\">)")
        out = Read(form="claimreview")
        for block in blocks:
            try:
                data = json.loads(block)
                got = _from_json(data, name, strict=False)  # a page's other JSON-LD: passed over
            except ValueError:
                out.skipped["a JSON-LD block that is not valid JSON"] += 1
                continue
            except RecursionError:
                out.skipped["a JSON-LD block nested too deeply"] += 1
                continue
            out.checks += got.checks
            out.skipped += got.skipped
        if not out.checks and not out.skipped:
            raise FormatError("an HTML page without ClaimReview JSON-LD")
        return out
    return _from_table(text, name)


# -- JSON ------------------------------------------------------------------------------------


def _from_json(data: object, name: str, strict: bool = True) -> Read:
    out = Read()
    if isinstance(data, dict) and isinstance(data.get("claims"), list):
        out.form = "factchecktools"
        for claim in data["claims"]:
            _from_api_claim(claim, name, out)
        return out
    if isinstance(data, dict) and "dataFeedElement" in data:
        out.form = "datacommons"
    else:
        out.form = "claimreview"
    found = False
    for node in _nodes(data):
        if _is_type(node, "ClaimReview"):
            found = True
            _from_claim_review(node, name, out)
    if strict and not found and not out.skipped:
        raise FormatError("JSON without a ClaimReview, a DataCommons feed or a Fact Check "
                          "Tools response")
    return out


def _nodes(data: object, depth: int = 0) -> Iterator[dict]:
    """Every object of a JSON-LD document that may be a ClaimReview: the document, the members
    of a list or an ``@graph``, a feed's items (not the insides of a ClaimReview)."""
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item, depth + 1)
    elif isinstance(data, dict):
        if _is_type(data, "ClaimReview"):
            yield data
            return
        for key in ("@graph", "dataFeedElement", "item", "mainEntity", "hasPart"):
            if key in data:
                yield from _nodes(data[key], depth + 1)


def _is_type(node: object, name: str) -> bool:
    if not isinstance(node, dict):
        return False
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == name
               for k in kinds)


def _text(value: object) -> str:
    """A field's text: a string, a number, or the name or value of an object; else ""."""
    if isinstance(value, list):
        value = next((v for v in value if v), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("alternateName") or ""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        return ""
    return sanitize(" ".join(value.split()))[:MAX_FIELD]


def _url(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id") or ""
    url = _text(value)
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme in ("http", "https") and parts.netloc else ""


def _date(value: object) -> str:
    m = _DATE.search(_text(value))
    if m is None:
        return ""
    year, month, day = (int(g) for g in m.groups())
    return m.group() if 1 <= month <= 12 and 1 <= day <= 31 and year >= 1800 else ""


def _site(url: str) -> str:
    host = urlsplit(url).hostname or "" if url else ""
    return host[4:] if host.startswith("www.") else host


def _rating(review: object) -> str:
    """The verdict as the fact-checker wrote it: the rating's name, else its value on its
    scale ("2/5")."""
    if not isinstance(review, dict):
        return _text(review)
    name = _text(review.get("alternateName")) or _text(review.get("name"))
    if name:
        return name
    value = _text(review.get("ratingValue"))
    best = _text(review.get("bestRating"))
    return f"{value}/{best}" if value and best else value


def _from_claim_review(node: dict, name: str, out: Read) -> None:
    claim = _text(node.get("claimReviewed"))
    item = node.get("itemReviewed") if isinstance(node.get("itemReviewed"), dict) else {}
    if not claim:
        claim = _text(item.get("name")) or _text(item.get("text"))
    if not claim:
        out.skipped["a ClaimReview without claimReviewed"] += 1
        return
    author = node.get("author") or node.get("publisher") or {}
    url = _url(node.get("url"))
    publisher = _text(author)
    author_url = _url(author) if isinstance(author, dict) else ""
    out.checks.append(FactCheck(
        claim=claim, rating=_rating(node.get("reviewRating")), url=url, publisher=publisher,
        site=_site(author_url or url), date=_date(node.get("datePublished")),
        title=_text(node.get("name")) or _text(node.get("headline")),
        claimant=_text(item.get("author")), claim_date=_date(item.get("datePublished")),
        language=_text(node.get("inLanguage")), source=name))


def _from_api_claim(claim: object, name: str, out: Read) -> None:
    if not isinstance(claim, dict):
        out.skipped["a claim that is not an object"] += 1
        return
    text = _text(claim.get("text"))
    reviews = claim.get("claimReview")
    if not text:
        out.skipped["a claim without text"] += 1
        return
    if not isinstance(reviews, list) or not reviews:
        out.skipped["a claim without claimReview"] += 1
        return
    for review in reviews:
        if not isinstance(review, dict):
            out.skipped["a claimReview that is not an object"] += 1
            continue
        publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
        url = _url(review.get("url"))
        out.checks.append(FactCheck(
            claim=text, rating=_text(review.get("textualRating")), url=url,
            publisher=_text(publisher.get("name")),
            site=_text(publisher.get("site")) or _site(url), date=_date(review.get("reviewDate")),
            title=_text(review.get("title")), claimant=_text(claim.get("claimant")),
            claim_date=_date(claim.get("claimDate")), language=_text(review.get("languageCode")),
            source=name))


class _Scripts(HTMLParser):
    """The text of each ``<script type="application/ld+json">`` of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
            self._in = kind == "application/ld+json"
            if self._in:
                self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.blocks[-1] += data


def _ld_json_blocks(html: str) -> list[str]:
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    return [b for b in parser.blocks if b.strip()]


# -- CSV / TSV -----------------------------------------------------------------------------


def _from_table(text: str, name: str) -> Read:
    first = text.split("\n", 1)[0]
    tab = "\t" in first or name.lower().endswith(".tsv")
    out = Read(form="tsv" if tab else "csv")
    csv.field_size_limit(1 << 24)
    try:
        rows = csv.reader(io.StringIO(text), delimiter="\t" if tab else ",")
        header = next(rows, None)
    except csv.Error as exc:
        raise FormatError(f"not a CSV/TSV table ({exc})") from None
    if not header:
        raise FormatError("an empty file")
    names = [_KEY.sub("", h.casefold()) for h in header]
    where: dict[str, int] = {}
    for fld, aliases in COLUMNS.items():
        for alias in aliases:
            key = _KEY.sub("", alias)
            if key in names and fld not in where and names.index(key) not in where.values():
                where[fld] = names.index(key)
                break
    if "claim" not in where:
        raise FormatError("no claim column in the header (a column named claim, vclaim, "
                          "claimReviewed, text or statement)")
    try:
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            values = {f: (row[i] if i < len(row) else "") for f, i in where.items()}
            claim = _text(values.get("claim"))
            if not claim:
                out.skipped["a row without a claim"] += 1
                continue
            url = _url(values.get("url", ""))
            out.checks.append(FactCheck(
                claim=claim, rating=_text(values.get("rating")), url=url,
                publisher=_text(values.get("publisher")),
                site=_text(values.get("site")) or _site(url), date=_date(values.get("date")),
                title=_text(values.get("title")), claimant=_text(values.get("claimant")),
                claim_date=_date(values.get("claim_date")),
                language=_text(values.get("language")), source=name))
    except csv.Error as exc:
        raise FormatError(f"a broken CSV/TSV row ({exc})") from None
    return out
