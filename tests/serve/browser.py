"""A real browser for the tests: headless chromium, driven through its DevTools protocol
(a WebSocket of JSON messages) with aiohttp, which textual-serve brings. What the page receives
over its own WebSockets (the reader's screen, as the terminal's bytes) is read from the
protocol's Network events: the test sees what the browser drew from."""

from __future__ import annotations

import asyncio
import base64
import codecs
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


_LAYOUT = re.compile(r"[\s\u2580-\u259f]+")  # spaces, newlines, block elements (borders)


def _flat(text: str) -> str:
    return _LAYOUT.sub("", text)


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One headless chromium with one page; ``async with Browser() as page``."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="margin-browser-"))
        self.proc: subprocess.Popen | None = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future] = {}
        self.received = ""  # the page's WebSocket frames from the server, as text, escapes gone
        self.raw = ""  # the same, escapes kept
        self.sent: list[str] = []  # what the page sent (keys, mouse: the terminal's input)
        self.screen = None  # the terminal the page draws, replayed (pyte), once it has a size
        self._terminal = b""  # what the page's terminal received before that
        self._utf8 = codecs.getincrementaldecoder("utf-8")("replace")

    async def __aenter__(self) -> Browser:
        import aiohttp

        self.proc = subprocess.Popen(
            [chromium(), "--headless=new", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-port=0", f"--user-data-dir={self.folder}",
             "--window-size=1400,1000", "--no-first-run", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = self.folder / "DevToolsActivePort"
        for _ in range(1200):  # (the browser writes it once it listens)
            if port_file.exists() and port_file.read_text().strip():
                break
            await asyncio.sleep(0.05)
        port = port_file.read_text().split()[0]
        self.http = aiohttp.ClientSession()
        async with self.http.get(f"http://127.0.0.1:{port}/json/list") as got:
            targets = await got.json(content_type=None)
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = await self.http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        await self.send("Network.enable")
        await self.send("Page.enable")
        return self

    async def __aexit__(self, *exc) -> None:
        self._reader.cancel()
        await self.ws.close()
        await self.http.close()
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(30)
        shutil.rmtree(self.folder, ignore_errors=True)

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._waiting:
                self._waiting.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                frame = data["params"]["response"]
                payload = frame["payloadData"]
                raw = base64.b64decode(payload) if frame.get("opcode") == 2 else payload.encode()
                if frame.get("opcode") == 2:  # (the terminal's bytes; text frames are JSON)
                    self._draw(raw)
                self.raw += raw.decode("utf-8", "replace")
                self.received += _ESCAPES.sub("", raw.decode("utf-8", "replace"))
            elif data.get("method") == "Network.webSocketFrameSent":
                payload = data["params"]["response"]["payloadData"]
                self.sent.append(payload[:120])
                if payload.startswith('["resize"'):
                    self._resize(json.loads(payload)[1])

    def _resize(self, size: dict) -> None:
        import pyte

        if self.screen is None:
            self.screen = pyte.Screen(size["width"], size["height"])
            self._stream = pyte.Stream(self.screen)
            self._draw(b"")
        else:
            self.screen.resize(size["height"], size["width"])

    def _draw(self, raw: bytes) -> None:
        if self.screen is None:
            self._terminal += raw
            return
        self._stream.feed(self._utf8.decode(self._terminal + raw))
        self._terminal = b""

    def lines(self) -> list[str]:
        """The terminal's screen as the browser drew it, line by line."""
        return list(self.screen.display) if self.screen is not None else []

    def shows(self, words: str) -> bool:
        """Is ``words`` on the screen now (on one line)?"""
        return any(words in line for line in self.lines())

    def where(self, words: str) -> tuple[int, int] | None:
        """The cell (column, row) where ``words`` starts on the screen."""
        for row, line in enumerate(self.lines()):
            if words in line:
                return line.index(words), row
        return None

    async def _pixel(self, column: int, row: int) -> tuple[float, float]:
        """The middle of a terminal cell on the page."""
        got = await self.send("Runtime.evaluate", returnByValue=True, expression=(
            "JSON.stringify(document.querySelector('.xterm-screen').getBoundingClientRect())"))
        box = json.loads(got["result"]["result"]["value"])
        return (box["x"] + (column + 0.5) * box["width"] / self.screen.columns,
                box["y"] + (row + 0.5) * box["height"] / self.screen.lines)

    async def click(self, column: int, row: int) -> None:
        """Click a terminal cell with the mouse, as a user would."""
        x, y = await self._pixel(column, row)
        await self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        for kind in ("mousePressed", "mouseReleased"):
            await self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                            clickCount=1)

    def says(self, words: str) -> bool:
        """Has the page been sent ``words`` (across the lines and borders they wrapped over)?"""
        return _flat(words) in _flat(self.received)

    async def send(self, method: str, **params) -> dict:
        key = next(self._ids)
        done = asyncio.get_running_loop().create_future()
        self._waiting[key] = done
        await self.ws.send_str(json.dumps({"id": key, "method": method, "params": params}))
        return await asyncio.wait_for(done, 60)

    async def key(self, key: str, code: str, vk: int, ctrl: bool = False) -> None:
        mods = 2 if ctrl else 0
        text = "" if ctrl else {"Enter": "\r", "Escape": "\x1b", "Tab": "\t"}.get(
            key, key if len(key) == 1 else "")
        await self.send("Input.dispatchKeyEvent", type="keyDown", key=key, code=code,
                        windowsVirtualKeyCode=vk, modifiers=mods, text=text)
        await self.send("Input.dispatchKeyEvent", type="keyUp", key=key, code=code,
                        windowsVirtualKeyCode=vk, modifiers=mods)

    async def wheel(self, column: int, row: int, down: int) -> None:
        """Turn the mouse wheel over a cell (``down`` pixels; negative is up)."""
        x, y = await self._pixel(column, row)
        await self.send("Input.dispatchMouseEvent", type="mouseWheel", x=x, y=y, deltaX=0,
                        deltaY=down)

    async def type(self, text: str) -> None:
        await self.send("Input.insertText", text=text)

    async def until(self, check, seconds: float = 90) -> bool:
        """Wait for a state (looked at every 50 ms), never a fixed time."""
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while loop.time() < end:
            if check():
                return True
            await asyncio.sleep(0.05)
        return check()


def environ_without_display() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
