"""Evaluate tui.core.load.web.extract against plain trafilatura on trafilatura's own evaluation pages.

Usage: python tests/perf/eval_extract.py TESTS_DIR [--limit N] [--only SUBSTRING] [--misses]

TESTS_DIR is the ``tests/`` folder of the trafilatura repository (never committed here): it holds
``evaldata.py`` (EVAL_PAGES: url -> {"file", "with", "without"}) and the pages in ``eval/`` or
``cache/``. Both extractors are read the way Margin reads them, through ``document.parse``:

- snippet recall: share of the "with" snippets found in the title + body text;
- boilerplate removed: share of the "without" snippets absent from the title + body text
  (metadata such as the author is shown apart from the text and is not counted);
- title shown: share of pages whose Document title is the page's headline (it matches the page's
  og:title or <title>, one containing the other) rather than a file-name fallback.

trafilatura runs as its Markdown output is meant to be used (links and formatting on, comments
off); its title is the Document's first heading, as document.parse takes it. Prints one JSON
object on its last line; with --misses, each missed snippet on stderr first.
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
import time
import unicodedata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tui.core.load.web.extract import extract  # noqa: E402
from tui.core.document.parse import parse  # noqa: E402
from tui.core.load import LoadError  # noqa: E402

UNTITLED = "\x00untitled"


def load_pages(folder: Path) -> list[tuple[str, dict, Path]]:
    """(url, item, html path) for every page of EVAL_PAGES whose file is there."""
    pages = runpy.run_path(str(folder / "evaldata.py"))["EVAL_PAGES"]
    found = []
    for url, item in pages.items():
        name = item.get("file") or ""
        for sub in ("eval", "cache", "."):
            path = folder / sub / name
            if name and path.is_file():
                found.append((url, item, path))
                break
    return found


def key(text: str | None) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text or "").casefold() if c.isalnum())


def page_titles(data: bytes) -> list[str]:
    """The page's own idea of its title: og:title and <title>."""
    from lxml import html

    try:
        tree = html.document_fromstring(data)
    except Exception:  # a page lxml cannot read has no reference title
        return []
    titles = [m.get("content") for m in tree.iterfind(".//meta[@property='og:title']")]
    titles += [tree.findtext(".//title")]
    return [t for t in titles if t and len(key(t)) >= 4]


def run_trafilatura(data: bytes, url: str) -> tuple[str, str]:
    import trafilatura

    markdown = trafilatura.extract(data, url=url, output_format="markdown", include_links=True,
                                   include_formatting=True, include_comments=False, include_tables=True)
    if not markdown:
        return UNTITLED, ""
    doc = parse(markdown, "markdown", name="")
    heading = next((b for b in doc.blocks if b.kind == "heading"), None)
    return (doc.title if heading is not None else UNTITLED), doc.text


def run_margin(data: bytes, url: str) -> tuple[str, str]:
    try:
        article = extract(data, url)
    except LoadError:
        return UNTITLED, ""
    doc = parse(article.text(), "markdown", name="")
    return (doc.title if article.title or any(b.kind == "heading" for b in doc.blocks) else UNTITLED), doc.text


def score(pages, runner, name: str, show_misses: bool) -> dict:
    found = wanted = dropped = unwanted = titled = with_title = 0
    refused = 0
    seconds = 0.0
    for url, item, path in pages:
        data = path.read_bytes()
        start = time.perf_counter()
        title, text = runner(data, url)
        seconds += time.perf_counter() - start
        if not text:
            refused += 1
        shown = ("" if title == UNTITLED else title) + "\n" + text
        for snippet in item.get("with", []):
            wanted += 1
            if snippet in shown:
                found += 1
            elif show_misses:
                print(f"{name} missed   {path.name}: {snippet!r}", file=sys.stderr)
        for snippet in item.get("without", []):
            unwanted += 1
            if snippet not in shown:
                dropped += 1
            elif show_misses:
                print(f"{name} kept     {path.name}: {snippet!r}", file=sys.stderr)
        references = [key(t) for t in page_titles(data)]
        if references:
            with_title += 1
            got = key(title) if title != UNTITLED else ""
            if got and any(got in ref or ref in got for ref in references):
                titled += 1
            elif show_misses:
                print(f"{name} title    {path.name}: {title!r}", file=sys.stderr)
    return {
        "snippet_recall": round(found / wanted, 4) if wanted else None,
        "boilerplate_removed": round(dropped / unwanted, 4) if unwanted else None,
        "title_shown": round(titled / with_title, 4) if with_title else None,
        "pages_without_output": refused,
        "seconds": round(seconds, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tests_dir", type=Path, help="trafilatura's tests/ folder (evaldata.py, eval/, cache/)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--only", default="", help="only pages whose file name contains this")
    parser.add_argument("--misses", action="store_true", help="print every missed snippet on stderr")
    args = parser.parse_args(argv)
    pages = [p for p in load_pages(args.tests_dir) if args.only in p[2].name]
    if args.limit:
        pages = pages[: args.limit]
    if not pages:
        print(json.dumps({"error": f"no pages found in {args.tests_dir}"}))
        return 1
    result = {
        "pages": len(pages),
        "trafilatura": score(pages, run_trafilatura, "trafilatura", args.misses),
        "margin": score(pages, run_margin, "margin", args.misses),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
