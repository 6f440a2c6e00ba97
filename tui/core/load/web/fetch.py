"""Download a web page within bounds: one 20 s deadline for everything (connecting, headers, body,
every redirect), 10 MB, 10 redirects, web addresses only, no credentials."""

from __future__ import annotations

import errno
import os
import socket
import threading
import time
import urllib.parse
from typing import Any

from ...text import for_message
from .. import LoadError
from ..sniff import HTML_TYPES, MARKDOWN_TYPES, UNKNOWN_TYPES, is_url

#: What Margin says it is: a current desktop browser, since many sites refuse anything else.
DEFAULT_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
MAX_REDIRECTS = 10
#: The whole download, redirects and all (``MARGIN_WEB_TIMEOUT`` changes it).
TIMEOUT_SECONDS = 20.0


def shown_url(url: str) -> str:
    """An address as messages show it: one line, no control character, and never a user name
    or password (``http://alice:secret@host/`` shows as ``http://host/``)."""
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.username is not None or parts.password is not None:
            host = parts.netloc.rpartition("@")[2]
            url = urllib.parse.urlunsplit(parts._replace(netloc=host))
    except ValueError:
        pass
    return for_message(url)


class _Deadline:
    """One deadline for a download: every connection takes what time is left, and when it is
    up every socket still open is shut, so no server can hold Margin by answering slowly (a
    header a byte a second, a redirect after a redirect)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def left(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0 or self.expired:
            self.expired = True
            raise TimeoutError("the deadline passed")
        return left

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _handlers(deadline: _Deadline) -> list:
    """HTTP and HTTPS handlers whose connections obey the deadline."""
    import http.client
    import urllib.request

    class Connection(http.client.HTTPConnection):
        def connect(self) -> None:
            self.timeout = deadline.left()
            super().connect()
            deadline.watch(self.sock)

    class SecureConnection(http.client.HTTPSConnection):
        def connect(self) -> None:
            self.timeout = deadline.left()
            super().connect()
            deadline.watch(self.sock)

    class Plain(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(Connection, req)

    class Secure(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(SecureConnection, req, context=self._context)

    return [Plain(), Secure()]


def _redirect_handler():
    import urllib.request

    class Redirects(urllib.request.HTTPRedirectHandler):
        """Follows at most MAX_REDIRECTS redirects, and only to http(s) addresses."""

        max_redirections = MAX_REDIRECTS

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            target = urllib.parse.urljoin(req.full_url, newurl)
            if urllib.parse.urlsplit(target).scheme.lower() not in ("http", "https"):
                raise LoadError(f"{shown_url(req.full_url)}: redirected to {shown_url(target)}, "
                                "which is not a web address")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

        def http_error_302(self, req, fp, code, msg, headers):
            # Checked here, before urllib's own refusal of file: and ftp: (a raw HTTPError).
            location = headers.get("location") or headers.get("uri") or ""
            target = urllib.parse.urljoin(req.full_url, location)
            if location and urllib.parse.urlsplit(target).scheme.lower() not in ("http", "https"):
                fp.close()
                raise LoadError(f"{shown_url(req.full_url)}: redirected to {shown_url(target)}, "
                                "which is not a web address")
            return super().http_error_302(req, fp, code, msg, headers)

        http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    return Redirects()


def fetch(url: str, *, timeout: float | None = None, max_bytes: int = 10 * 1024 * 1024,
          user_agent: str = DEFAULT_USER_AGENT) -> tuple[bytes, str, str]:
    """Download a page: (body, final URL after redirects, content type as the server sent it).

    HTML pages come back for ``extract``; text/plain and Markdown come back too, for the plain
    text path (``content_kind`` says which, ``page_text`` does both). Anything else (PDF, images,
    JSON...), HTTP errors, network failures, the deadline (``timeout`` seconds for everything:
    connecting, headers, body, redirects; MARGIN_WEB_TIMEOUT or 20 s) and a body over
    ``max_bytes`` raise LoadError with a one-line message that never shows a password.
    """
    import http.client
    import urllib.error
    import urllib.request

    if timeout is None:
        timeout = _timeout_setting()
    if not is_url(url):
        raise LoadError(f"{shown_url(url)}: not a web address (http:// or https://)")
    try:
        parts = urllib.parse.urlsplit(url)
        credentials = parts.username is not None or parts.password is not None
    except ValueError:
        raise LoadError(f"{shown_url(url)}: not a valid web address") from None
    if credentials:
        raise LoadError(f"{shown_url(url)}: the address holds a user name or password, which "
                        "Margin does not send (nor show)")
    request = urllib.request.Request(url, headers={
        "User-Agent": user_agent,
        "Accept": "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.5",
        "Accept-Language": "en-US,en;q=0.7,*;q=0.3",
        "Accept-Encoding": "gzip, deflate",
    })
    with _Deadline(timeout) as deadline:
        opener = urllib.request.build_opener(*_handlers(deadline), _redirect_handler())
        try:
            response = opener.open(request)
        except LoadError:
            raise
        except urllib.error.HTTPError as exc:
            exc.close()
            if deadline.expired:
                raise LoadError(_timed_out(url, timeout)) from None
            if exc.code in (301, 302, 303, 307, 308) and "loop" in str(exc.msg):
                raise LoadError(f"{shown_url(url)}: too many redirects (more than {MAX_REDIRECTS})") from None
            raise LoadError(f"HTTP {exc.code} {_reason(exc.code, exc.reason)} for {shown_url(exc.url or url)}") from None
        except urllib.error.URLError as exc:
            if deadline.expired:
                raise LoadError(_timed_out(url, timeout)) from None
            raise LoadError(_network_message(url, exc.reason, timeout)) from None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            if deadline.expired:
                raise LoadError(_timed_out(url, timeout)) from None
            raise LoadError(_network_message(url, exc, timeout)) from None
        with response:
            final_url = response.geturl() or url
            content_type = response.headers.get("Content-Type", "") or ""
            mime = content_type.split(";", 1)[0].strip().lower()
            if mime not in HTML_TYPES | MARKDOWN_TYPES | UNKNOWN_TYPES | {"text/plain"}:
                raise LoadError(f"{shown_url(final_url)}: not a web page or text (the server sent {mime or 'nothing'})")
            encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
            if encoding in ("", "identity"):
                declared = response.headers.get("Content-Length")
                if declared and declared.strip().isdigit() and int(declared) > max_bytes:
                    raise LoadError(_too_large(final_url, max_bytes))
            elif encoding not in ("gzip", "x-gzip", "deflate"):
                raise LoadError(f"{shown_url(final_url)}: the server sent an unsupported encoding ({encoding})")
            body = _read_body(response, final_url, max_bytes, deadline, encoding)
    return body, final_url, content_type


def _timeout_setting() -> float:
    try:
        value = float(os.environ.get("MARGIN_WEB_TIMEOUT", TIMEOUT_SECONDS))
    except ValueError:
        return TIMEOUT_SECONDS
    return value if value > 0 else TIMEOUT_SECONDS


def _timed_out(url: str, timeout: float) -> str:
    return f"{shown_url(url)}: timed out after {timeout:g} s (the whole download must fit in it)"


class _Inflater:
    """Decompresses gzip, zlib-wrapped deflate, and the raw deflate some servers send instead."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._z = None

    def decompress(self, chunk: bytes, limit: int) -> tuple[bytes, bool]:
        import zlib

        if self._z is None:
            if self.encoding == "deflate":
                wrapped = len(chunk) >= 2 and chunk[0] & 0x0F == 8 and (chunk[0] << 8 | chunk[1]) % 31 == 0
                self._z = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            else:
                self._z = zlib.decompressobj(zlib.MAX_WBITS | 32)
        out = self._z.decompress(chunk, limit)
        return out, bool(self._z.unconsumed_tail)


def _read_body(response, url: str, max_bytes: int, deadline: _Deadline, encoding: str) -> bytes:
    import http.client
    import zlib

    inflate = _Inflater(encoding) if encoding not in ("", "identity") else None
    parts: list[bytes] = []
    size = 0
    try:
        while True:
            deadline.left()
            chunk = response.read1(65536)
            if not chunk:
                if deadline.expired:  # the socket was shut at the deadline
                    raise TimeoutError
                break
            if inflate is not None:
                chunk, more = inflate.decompress(chunk, max_bytes - size + 1)
                if more:
                    raise LoadError(_too_large(url, max_bytes))
            size += len(chunk)
            if size > max_bytes:
                raise LoadError(_too_large(url, max_bytes))
            parts.append(chunk)
    except LoadError:
        raise
    except zlib.error:
        raise LoadError(f"{shown_url(url)}: the server sent a damaged compressed page") from None
    except TimeoutError:
        raise LoadError(_timed_out(url, deadline.seconds)) from None
    except (OSError, http.client.HTTPException) as exc:
        if deadline.expired:
            raise LoadError(_timed_out(url, deadline.seconds)) from None
        raise LoadError(f"{shown_url(url)}: the connection broke off while reading the page "
                        f"({for_message(str(exc)) or type(exc).__name__})") from None
    return b"".join(parts)


def _too_large(url: str, max_bytes: int) -> str:
    return f"{shown_url(url)}: the page is larger than {_size(max_bytes)}, the most Margin downloads"


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

    shown = shown_url(url)
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
        return _timed_out(url, timeout)
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

