"""What a page says about its article: title, author, date, site and address (JSON-LD, <meta>, <title>)."""

from __future__ import annotations

import json
import re
import urllib.parse
from datetime import date as _date
from typing import TYPE_CHECKING, Any

from ...text import clip, sanitize
from ..sniff import is_url
from .tree import match_key

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "report", "scholarlyarticle", "techarticle", "review",
    "satiricalarticle", "advertisercontentarticle", "medicalscholarlyarticle", "discussionforumposting",
})
_ORGANIZATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "website"})


def page_metadata(tree: HtmlElement) -> dict[str, str]:
    """Title, author, date, site and url as the page declares them (JSON-LD, then <meta>)."""
    meta: dict[str, str] = {}
    tags: dict[str, str] = {}
    for el in tree.iterfind(".//meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = el.get("content")
        if key and value and value.strip() and key not in tags:
            tags[key] = value.strip()
    article, site = _json_ld(tree)
    if article:
        meta.update({k: v for k, v in article.items() if v})
    # The name the site shows (og:site_name, the JSON-LD WebSite) before the publisher's legal name.
    display = next((tags[k] for k in ("og:site_name", "application-name") if tags.get(k)), None)
    if display or site:
        meta["site"] = display or site or ""

    def first(*keys: str) -> str | None:
        return next((tags[k] for k in keys if tags.get(k)), None)

    meta.setdefault("title", first("og:title", "twitter:title", "title", "dc.title", "headline") or "")
    if not meta.get("site"):
        meta["site"] = first("publisher", "dc.publisher") or ""
    meta.setdefault("date", first(
        "article:published_time", "datepublished", "og:article:published_time", "published_time",
        "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "date",
        "pubdate", "publishdate", "publish-date", "article.published", "citation_publication_date") or "")
    author = first("author", "article:author", "dc.creator", "parsely-author", "sailthru.author",
                   "byl", "citation_author", "twitter:creator")
    if author and not re.match(r"(?i)https?://|www\.|@", author):
        meta.setdefault("author", author)
    if not meta.get("date"):
        for el in tree.iterfind(".//time[@datetime]"):
            if el.get("itemprop") == "datePublished" or el.get("pubdate") is not None:
                meta["date"] = el.get("datetime") or ""
                break
    url = first("og:url", "twitter:url")
    canonical = next((el.get("href") for el in tree.iterfind(".//head/link[@rel]")
                      if "canonical" in (el.get("rel") or "").lower().split()), None)
    if canonical and is_url(canonical.strip()):
        meta["canonical"] = canonical.strip()
    if url and is_url(url):
        meta.setdefault("url", url)
    elif canonical and is_url(canonical.strip()):
        meta.setdefault("url", canonical.strip())
    doc_title = tree.findtext(".//head/title") or tree.findtext(".//title") or ""
    meta["html_title"] = doc_title
    return {k: v for k, v in meta.items() if v}


def _json_ld(tree: HtmlElement) -> tuple[dict[str, str], str | None]:
    """(headline/author/date/site/url of the page's article, the site's name) from JSON-LD."""
    nodes: list[dict] = []
    for script in tree.iterfind(".//script"):
        kind = (script.get("type") or "").lower()
        if "ld+json" not in kind or not script.text or len(script.text) > 2_000_000:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"), strict=False)
        except ValueError:
            continue
        _collect_nodes(data, nodes, 0)
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}

    def resolve(value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in by_id:
            return by_id[value["@id"]]
        return value

    def names(value: Any, limit: int = 8) -> list[str]:
        out: list[str] = []
        for item in value if isinstance(value, list) else [value]:
            item = resolve(item)
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, list):
                name = name[0] if name else None
            if isinstance(name, str) and name.strip() and name.strip() not in out:
                out.append(name.strip())
            if len(out) >= limit:
                break
        return out

    site = None
    for wanted in ({"website"}, _ORGANIZATION_TYPES):
        for node in nodes:
            if _types(node) & wanted and not site:
                found = names(node)
                site = found[0] if found else None
    articles = [n for n in nodes if _types(n) & _ARTICLE_TYPES]
    if not articles:
        return {}, site
    art = max(articles, key=lambda n: (bool(n.get("headline")), bool(n.get("datePublished"))))
    headline = art.get("headline") or art.get("name")
    if isinstance(headline, list):
        headline = headline[0] if headline else None
    date = art.get("datePublished") or art.get("dateCreated") or art.get("uploadDate")
    publisher = names(art.get("publisher")) if art.get("publisher") else []
    page = art.get("url") or art.get("mainEntityOfPage")
    page = resolve(page)
    if isinstance(page, dict):
        page = page.get("@id") or page.get("url")
    found = {
        "title": headline if isinstance(headline, str) else "",
        "author": ", ".join(names(art.get("author"))) if art.get("author") else "",
        "date": date if isinstance(date, str) else "",
        "site": publisher[0] if publisher else "",
        "url": page if isinstance(page, str) and is_url(page) else "",
    }
    return found, site


def _collect_nodes(data: Any, out: list[dict], depth: int) -> None:
    if depth > 12 or len(out) > 500:
        return
    if isinstance(data, list):
        for item in data:
            _collect_nodes(item, out, depth + 1)
    elif isinstance(data, dict):
        out.append(data)
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                _collect_nodes(data[key], out, depth + 1)


def _types(node: dict) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


_TITLE_SEPARATORS = r"\s+[|\-–—:·•»«/]\s+|\s*[|·•»«]\s*"


def choose_title(meta: dict[str, str], traf: dict[str, Any], tree: HtmlElement) -> str | None:
    """The headline: declared metadata first, then the part of <title> that is the headline
    (not the site's name), then trafilatura's guess, then the page's <h1>."""
    site = clean(meta.get("site") or traf.get("sitename"), 200)
    title = _strip_site(clean(meta.get("title"), 400), site)
    if title:
        return title
    headline, _ = split_html_title(meta.get("html_title"), tree, site)
    if headline:
        return headline
    title = _strip_site(clean(traf.get("title"), 400), site)
    if title:
        return title
    h1 = tree.find(".//body//h1")
    return clean(h1.text_content() if h1 is not None else None, 400)


def split_html_title(html_title: str | None, tree: HtmlElement, site: str | None) -> tuple[str | None, str | None]:
    """(headline, site name) from a <title> such as "Site - Headline" or "Headline | Site"."""
    title = clean(html_title, 400)
    if not title:
        return None, None
    stripped = _strip_site(title, site)
    if stripped != title:
        return stripped, site
    parts = [p.strip() for p in re.split(_TITLE_SEPARATORS, title) if p and p.strip()]
    if len(parts) < 2:
        return title, None
    h1s = [match_key(h.text_content()) for h in tree.iterfind(".//body//h1")]
    for part in parts:
        if match_key(part) and match_key(part) in h1s:
            return _other_parts(part, parts)
    body = tree.find("body")
    text = match_key(body.text_content()[:20000]) if body is not None else ""
    found = [p for p in parts if len(match_key(p)) >= 12 and match_key(p) in text]
    best = max(found or parts, key=len)
    if not found and len(best.split()) < 3:
        return title, None
    return _other_parts(best, parts)


def _other_parts(headline: str, parts: list[str]) -> tuple[str, str | None]:
    others = [p for p in parts if p != headline]
    return headline, (others[0] if len(others) == 1 and len(others[0]) <= 80 else None)


def _strip_site(title: str | None, site: str | None) -> str | None:
    """'Headline | Site' -> 'Headline' (and 'Site - Headline' -> 'Headline')."""
    if not title or not site:
        return title
    parts = re.split(f"({_TITLE_SEPARATORS})", title)
    key = match_key(site)
    if len(parts) >= 3 and match_key(parts[-1]) == key:
        return "".join(parts[:-2]).strip() or title
    if len(parts) >= 3 and match_key(parts[0]) == key:
        return "".join(parts[2:]).strip() or title
    return title


def clean(value: Any, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    value = clip(sanitize(_unescape(value)), limit)
    return value or None


def _unescape(value: str) -> str:
    import html

    return html.unescape(value) if "&" in value else value


def clean_author(value: Any) -> str | None:
    value = clean(value, 300)
    if not value:
        return None
    value = re.sub(r"(?i)^(?:by|von|par|por|door)\s+", "", value).strip(" ,;|")
    if not value or re.search(r"(?i)https?://|www\.", value) or len(value) > 200:
        return None
    return value


def iso_date(value: Any) -> str | None:
    """yyyy-mm-dd from an ISO-like date (2024-03-14T18:05:00Z, 2024/03/14, 20240314)."""
    if not isinstance(value, str):
        return None
    match = re.match(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)", value) or re.match(
        r"\s*(\d{4})(\d{2})(\d{2})(?:T|\s|$)", value)
    if not match:
        return None
    try:
        day = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return day.isoformat() if 1900 <= day.year <= 2100 else None


def hostname(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urllib.parse.urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host[4:] if host.startswith("www.") else host or None
