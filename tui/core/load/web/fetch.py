"""Download a web page within bounds: 20 s, 10 MB, 10 redirects, web addresses only."""

from __future__ import annotations

import errno
import time
import urllib.parse
from typing import Any

from ...text import for_message
from .. import LoadError
from ..sniff import HTML_TYPES, MARKDOWN_TYPES, UNKNOWN_TYPES, is_url

#: What Margin says it is: a current desktop browser, since many sites refuse anything else.
DEFAULT_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
MAX_REDIRECTS = 10


def _redirect_handler():
    import urllib.request

    class Redirects(urllib.request.HTTPRedirectHandler):
        """Follows at most MAX_REDIRECTS redirects, and only to http(s) addresses."""

        max_redirections = MAX_REDIRECTS

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
                raise LoadError(f"{for_message(req.full_url)}: redirected to {for_message(newurl)}, which is not a web address")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return Redirects()


def fetch(url: str, *, timeout: float = 20, max_bytes: int = 10 * 1024 * 1024,
          user_agent: str = DEFAULT_USER_AGENT) -> tuple[bytes, str, str]:
    """Download a page: (body, final URL after redirects, content type as the server sent it).

    HTML pages come back for ``extract``; text/plain and Markdown come back too, for the plain
    text path (``content_kind`` says which, ``page_text`` does both). Anything else (PDF, images,
    JSON...), HTTP errors, network failures, a timeout (``timeout`` seconds for the whole
    download) and a body over ``max_bytes`` raise LoadError with a one-line message.
    """
    import http.client
    import urllib.error
    import urllib.request

    if not is_url(url):
        raise LoadError(f"{for_message(url)}: not a web address (http:// or https://)")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={
        "User-Agent": user_agent,
        "Accept": "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.5",
        "Accept-Language": "en-US,en;q=0.7,*;q=0.3",
        "Accept-Encoding": "gzip",
    })
    opener = urllib.request.build_opener(_redirect_handler())
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code in (301, 302, 303, 307, 308) and "loop" in str(exc.msg):
            raise LoadError(f"{for_message(url)}: too many redirects (more than {MAX_REDIRECTS})") from None
        raise LoadError(f"HTTP {exc.code} {_reason(exc.code, exc.reason)} for {for_message(exc.url or url)}") from None
    except urllib.error.URLError as exc:
        raise LoadError(_network_message(url, exc.reason, timeout)) from None
    except LoadError:
        raise
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise LoadError(_network_message(url, exc, timeout)) from None
    with response:
        final_url = response.geturl() or url
        content_type = response.headers.get("Content-Type", "") or ""
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime not in HTML_TYPES | MARKDOWN_TYPES | UNKNOWN_TYPES | {"text/plain"}:
            raise LoadError(f"{for_message(final_url)}: not a web page or text (the server sent {mime or 'nothing'})")
        encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
        if encoding in ("", "identity"):
            declared = response.headers.get("Content-Length")
            if declared and declared.strip().isdigit() and int(declared) > max_bytes:
                raise LoadError(_too_large(final_url, max_bytes))
        elif encoding not in ("gzip", "x-gzip", "deflate"):
            raise LoadError(f"{for_message(final_url)}: the server sent an unsupported encoding ({encoding})")
        body = _read_body(response, final_url, max_bytes, deadline, timeout, encoding)
    return body, final_url, content_type


def _read_body(response, url: str, max_bytes: int, deadline: float, timeout: float, encoding: str) -> bytes:
    import http.client
    import zlib

    inflate = zlib.decompressobj(wbits=47) if encoding not in ("", "identity") else None
    parts: list[bytes] = []
    size = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise LoadError(f"{for_message(url)}: timed out after {timeout:g} s")
            chunk = response.read1(65536)
            if not chunk:
                break
            if inflate is not None:
                chunk = inflate.decompress(chunk, max_bytes - size + 1)
                if inflate.unconsumed_tail:
                    raise LoadError(_too_large(url, max_bytes))
            size += len(chunk)
            if size > max_bytes:
                raise LoadError(_too_large(url, max_bytes))
            parts.append(chunk)
    except LoadError:
        raise
    except zlib.error:
        raise LoadError(f"{for_message(url)}: the server sent a damaged compressed page") from None
    except TimeoutError:
        raise LoadError(f"{for_message(url)}: timed out after {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise LoadError(f"{for_message(url)}: the connection broke off while reading the page "
                        f"({for_message(str(exc)) or type(exc).__name__})") from None
    return b"".join(parts)


def _too_large(url: str, max_bytes: int) -> str:
    return f"{for_message(url)}: the page is larger than {_size(max_bytes)}, the most Margin downloads"


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n:,} bytes"


def _reason(code: int, reason: Any) -> str:
    from http import HTTPStatus

    text = for_message(str(reason or ""))
    if not text:
        try:
            text = HTTPStatus(code).phrase
        except ValueError:
            text = "error"
    return text


def _network_message(url: str, reason: Any, timeout: float) -> str:
    import http.client
    import socket
    import ssl

    shown = for_message(url)
    try:
        parts = urllib.parse.urlsplit(url)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return f"{shown}: not a valid web address"
    where = f"{host}:{port}" if port else host
    if isinstance(reason, socket.gaierror):
        return f"{shown}: cannot find the server {host} (name lookup failed: no network, or no such host)"
    if isinstance(reason, ConnectionRefusedError):
        return f"{shown}: connection refused by {where}"
    if isinstance(reason, TimeoutError):
        return f"{shown}: timed out after {timeout:g} s"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"{shown}: the server's certificate could not be verified ({for_message(reason.verify_message or '')})"
    if isinstance(reason, ssl.SSLError):
        return f"{shown}: the secure connection failed ({for_message(reason.reason or str(reason))})"
    if isinstance(reason, ConnectionResetError):
        return f"{shown}: the connection was reset by {where}"
    if isinstance(reason, http.client.HTTPException):
        return f"{shown}: the server sent a broken response ({type(reason).__name__})"
    if isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL):
        return f"{shown}: the network is unreachable (no network?)"
    if isinstance(reason, ValueError):
        return f"{shown}: not a valid web address"
    if isinstance(reason, OSError):
        return f"{shown}: cannot connect to {where} ({for_message(reason.strerror or str(reason))})"
    return f"{shown}: cannot connect to {where} ({for_message(str(reason))})"

