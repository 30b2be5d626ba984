"""The page's bytes, compressed by the app itself (issue 26): a phone on a 3G-like link moved
3.3 MB uncompressed on its first visit, where gzip makes about a third of it.

Streamlit 1.67 gzips its own responses but deliberately leaves `/static/` (its JavaScript
and CSS bundles, ~3 MB) and the page itself to a proxy, because Starlette's middleware
compresses every response again on each request. This middleware compresses those once per
process and keeps the result: the bundles are content-hashed and served "immutable", so a file
under `/static/` never changes under its name. Anything else passes through untouched: a
response that is already encoded, a partial one (a Range request), media, a websocket.

The page itself (the HTML every visit starts with) also loses Streamlit's preload of its
default font, Source Sans (170 kB), when the theme uses another one: `.streamlit/config.toml`
sets the phone's own font, so the preload was the only thing that ever fetched it.

It wraps Streamlit's own server as `st.App` middleware (`serve.py`, which `make run` starts;
the page script stays `app.py`).
"""

from __future__ import annotations

import asyncio
import gzip
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MINIMUM = 1024  # bytes: smaller bodies gain less than gzip's own overhead
LEVEL = 6  # zlib's default: 9 costs ~2x the CPU for ~1 % fewer bytes on these bundles
CACHE_BYTES = 16 * 1024 * 1024  # compressed bundles kept (Streamlit's are ~1 MB compressed)
# Streamlit's page preloads its default font: `<link rel="preload" href="...SourceSans...woff2"
# as="font">`. Each `<link>` tag is looked at once (linear in the page, whatever it holds).
LINK = re.compile(rb"<link\b[^>]*>")
DEFAULT_FONT = "SourceSans"  # the name of Streamlit's default font files (woff2), under /static/
# A rewritten page is no longer the one these describe (a resumed download would mix the two).
STALE = (b"content-length", b"content-encoding", b"etag", b"last-modified", b"accept-ranges")
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/x-javascript",
    "image/svg+xml",
)


class Compressed:
    """ASGI middleware: gzip for the page and `/static/`, each static file compressed once;
    the page without the preload of a font the theme does not use (`own_font`: the theme's
    font is not Streamlit's default; read from Streamlit's configuration when not given)."""

    def __init__(
        self, app: ASGIApp, cache_bytes: int = CACHE_BYTES, own_font: bool | None = None
    ) -> None:
        self.app = app
        self._own_font = own_font  # (Streamlit reads its configuration after building this)
        self._cache: OrderedDict[str, tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._kept = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if self._own_font is None:
            self._own_font = theme_has_own_font()
        if self._own_font and _default_font(path) and scope.get("type") == "http":
            # asked for only by the first frame, drawn before the theme arrives: the browser
            # falls back to the next font of the list, as the theme would have it (never kept:
            # a theme changed back to the default font gets it on the next visit)
            await _respond(send, 404, [(b"cache-control", b"no-store")], b"")
            return
        if not _wanted(scope):
            await self.app(scope, receive, send)
            return
        static = "/static/" in path
        packing = _takes(scope)
        if static and not packing:  # (a bundle is passed on as it is)
            await self.app(scope, receive, send)
            return
        if static and path in self._cache:
            self._cache.move_to_end(path)
            status, headers, body = self._cache[path]
            await _respond(send, status, headers, body)
            return
        await self._compress(scope, receive, send, path if static else None, packing)

    async def _compress(
        self, scope: Scope, receive: Receive, send: Send, keep: str | None, packing: bool = True
    ) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        passing = False

        async def held(message: Message) -> None:
            nonlocal start, passing
            if passing:
                await send(message)
            elif message["type"] == "http.response.start":
                start = message
                if not _compressible(message):
                    passing = True
                    await send(message)
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    await self._finish(send, start, b"".join(chunks), keep, packing)
            else:  # (trailers, ...): never expected here; passed on as they come
                await send(message)

        await self.app(scope, receive, held)

    async def _finish(
        self, send: Send, start: Message | None, body: bytes, keep: str | None, packing: bool
    ) -> None:
        if start is None:
            return
        status = int(start.get("status", 200))
        headers = [
            (bytes(k), bytes(v))
            for k, v in start.get("headers", [])
            if bytes(k).lower() not in (b"content-length", b"content-encoding")
        ]
        if keep is None and self._own_font and _is_html(headers):
            rewritten = LINK.sub(_without_font_preload, body)
            if rewritten != body:
                body = rewritten
                headers = [(k, v) for k, v in headers if k.lower() not in STALE]
        if len(body) < MINIMUM or not packing:
            await _respond(send, status, [*headers, *_length(body)], body, start)
            return
        # a big bundle takes ~50 ms to compress: off the event loop, so other visitors wait not
        packed = await asyncio.to_thread(gzip.compress, body, LEVEL, mtime=0)
        vary = [v for k, v in headers if k.lower() == b"vary"]
        headers = [(k, v) for k, v in headers if k.lower() != b"vary"]
        merged = b", ".join([*vary, b"Accept-Encoding"]) if vary else b"Accept-Encoding"
        headers += [(b"content-encoding", b"gzip"), (b"vary", merged)]
        if keep is not None and _immutable(headers):  # (only a real bundle, never a 404 page)
            self._keep(keep, status, headers, packed)
        await _respond(send, status, headers, packed)

    def _keep(
        self, path: str, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> None:
        if len(body) > self._cache_bytes:
            return
        headers = [(k, v) for k, v in headers if k.lower() != b"date"]  # (the server adds its own)
        self._cache[path] = (status, headers, body)
        self._kept += len(body) + len(path)
        while self._kept > self._cache_bytes:
            gone, (_, _, dropped) = self._cache.popitem(last=False)
            self._kept -= len(dropped) + len(gone)


def _wanted(scope: Scope) -> bool:
    """A plain GET of the page or a static file."""
    if scope.get("type") != "http" or scope.get("method") != "GET":
        return False
    path = str(scope.get("path", ""))
    if "/media/" in path or "/_stcore/" in path:
        return False
    return not any(bytes(k).lower() == b"range" for k, _ in scope.get("headers", []))


def _takes(scope: Scope) -> bool:
    """The client takes gzip."""
    headers = {bytes(k).lower(): bytes(v) for k, v in scope.get("headers", [])}
    accepted = headers.get(b"accept-encoding", b"").lower()
    return any(_takes_gzip(part) for part in accepted.split(b","))


def _default_font(path: str) -> bool:
    """A request for one of Streamlit's default font files ("/static/media/SourceSans...",
    however the path spells its folders)."""
    return "/static/" in path and f"/{DEFAULT_FONT}" in path


def _without_font_preload(link: re.Match[bytes]) -> bytes:
    tag = link.group(0)
    preload = b'rel="preload"' in tag and b'as="font"' in tag
    return b"" if preload and DEFAULT_FONT.encode() in tag else tag


def theme_has_own_font() -> bool:
    """The theme's font is not Streamlit's default (Source Sans, "sans-serif")."""
    from streamlit import config

    font = str(config.get_option("theme.font") or "").strip()
    first = font.split(",")[0].strip().strip("'\"").lower().replace(" ", "").replace("-", "")
    return bool(first) and first not in ("sansserif", "sourcesans", "sourcesanspro")


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(
        k.lower() == b"content-type" and v.lower().startswith(b"text/html") for k, v in headers
    )


def _takes_gzip(part: bytes) -> bool:
    """One item of Accept-Encoding: gzip, with a quality above 0 ("gzip;q=0" refuses it)."""
    name, _, params = part.partition(b";")
    if name.strip() != b"gzip":
        return False
    quality = params.strip()
    if quality.startswith(b"q="):
        try:
            return float(quality[2:]) > 0
        except ValueError:
            return False
    return True


def _immutable(headers: list[tuple[bytes, bytes]]) -> bool:
    """A content-hashed bundle: served "immutable", so its name never changes its bytes."""
    return any(k.lower() == b"cache-control" and b"immutable" in v.lower() for k, v in headers)


def _compressible(start: Message) -> bool:
    if int(start.get("status", 200)) != 200:
        return False
    headers = {bytes(k).lower(): bytes(v).lower() for k, v in start.get("headers", [])}
    if b"content-encoding" in headers:
        return False
    kind = headers.get(b"content-type", b"").decode("latin-1")
    return kind.startswith(COMPRESSIBLE)


def _length(body: bytes) -> list[tuple[bytes, bytes]]:
    return [(b"content-length", str(len(body)).encode())]


async def _respond(
    send: Send,
    status: int,
    headers: list[tuple[bytes, bytes]],
    body: bytes,
    start: Message | None = None,
) -> None:
    if not any(k.lower() == b"content-length" for k, _ in headers):
        headers = [*headers, *_length(body)]
    message: Message = {"type": "http.response.start", "status": status, "headers": headers}
    if start is not None and "trailers" in start:
        message["trailers"] = start["trailers"]
    await send(message)
    await send({"type": "http.response.body", "body": body})
