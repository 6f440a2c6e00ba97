"""Pathological and huge web pages, built in code: the tests read them, tests/perf/bench_extract.py
times them."""

from __future__ import annotations

_PARA = ("<p>" + "The harbour board met again on Friday and the vote went the same way. " * 4
         + "</p>")

#: Deep, unclosed, broken and hidden markup around a few paragraphs of text.
PATHOLOGICAL_PAGES = [
    "<html><body>" + "<div>" * 5000 + _PARA * 3 + "</div>" * 5000 + "</body></html>",
    "<html><body>" + "<font>" * 400 + _PARA * 3 + "</body></html>",  # unclosed tags, 400 deep
    "<html><body><article>" + _PARA * 2 + "<span>" * 3000 + "x" + "</span>" * 3000 + _PARA
    + "</article>",
    "<p>unclosed <b>bold <i>it <table><tr><td>cell " + _PARA + "<<<>>> </div></span>" + _PARA
    + "<!-- open",
    "<html><body><noscript>" + _PARA + "</noscript><template>" + _PARA + "</template></body></html>",
]


def big_page(size: int = 10_000_000) -> tuple[str, int]:
    """An article page of about ``size`` characters (menus and all): (html, paragraphs)."""
    para = "<p>" + "Port levy figures were checked against the board's own minutes. " * 5 + "</p>"
    count = size // len(para)
    page = ("<html><body><nav>" + "<a href='/x'>menu</a>" * 1000 + "</nav><article><h1>Big</h1>"
            + para * count + "</article></body></html>")
    return page, count
