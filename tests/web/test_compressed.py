"""The app's own compression (issue 26): a real `streamlit run serve.py` on loopback, and the
middleware on small ASGI apps for the cases Streamlit does not produce on demand."""

from __future__ import annotations

import asyncio
import gzip
import re
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from bench.servers import ROOT, streamlit
from followup.web import MINIMUM, Compressed


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    with streamlit({"FOLLOWUP_DB": ":memory:"}, command=("run", str(ROOT / "serve.py"))) as (
        url,
        _,
    ):
        yield url


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()


def test_the_page_and_its_bundles_come_compressed(served: str) -> None:
    status, headers, body = _get(f"{served}/", **{"Accept-Encoding": "gzip, deflate, br"})
    assert (status, headers.get("content-encoding")) == (200, "gzip")
    page = gzip.decompress(body)
    assert page == _get(f"{served}/")[2]  # the same page, uncompressed on request
    assert "Accept-Encoding" in headers["vary"]
    bundles = re.findall(rb'(?:src|href)="\.?/?(static/[^"]+\.(?:js|css))"', page)
    assert bundles
    moved = [0, 0]
    for bundle in bundles:
        _, plain_headers, plain = _get(f"{served}/{bundle.decode()}")
        _, packed_headers, packed = _get(
            f"{served}/{bundle.decode()}", **{"Accept-Encoding": "gzip"}
        )
        if len(plain) < MINIMUM:  # gzip would add more than it saves
            assert (packed, "content-encoding" in packed_headers) == (plain, False)
            continue
        assert packed_headers["content-encoding"] == "gzip"
        assert gzip.decompress(packed) == plain
        moved[0] += len(plain)
        moved[1] += len(packed)
        assert packed_headers["cache-control"] == plain_headers["cache-control"]  # immutable
        assert int(packed_headers["content-length"]) == len(packed)
        again = _get(f"{served}/{bundle.decode()}", **{"Accept-Encoding": "gzip"})[2]
        assert again == packed  # kept: compressed once
    assert moved[1] < moved[0] * 0.4  # text: about a third


def test_what_must_not_be_compressed_is_not(served: str) -> None:
    assert "content-encoding" not in _get(f"{served}/")[1]  # not asked for
    status, headers, body = _get(f"{served}/", **{"Accept-Encoding": "gzip", "Range": "bytes=0-9"})
    assert "content-encoding" not in headers or headers["content-encoding"] != "gzip"
    assert _get(f"{served}/_stcore/health", **{"Accept-Encoding": "gzip"})[2] == b"ok"


# --- the middleware alone ------------------------------------------------------------------
def _app(body: list[bytes], status: int = 200, kind: bytes = b"text/html", extra: Any = ()) -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        headers = [(b"content-type", kind), *extra]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        for n, chunk in enumerate(body):
            await send(
                {"type": "http.response.body", "body": chunk, "more_body": n < len(body) - 1}
            )

    return app


def _call(app: Any, path: str = "/static/a.js", gzip_ok: bool = True) -> tuple[Any, bytes]:
    sent: list[Any] = []

    async def receive() -> Any:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    headers = [(b"accept-encoding", b"gzip")] if gzip_ok else []
    scope = {"type": "http", "method": "GET", "path": path, "headers": headers}
    asyncio.run(app(scope, receive, send))
    start = sent[0]
    return dict(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


def test_a_body_in_several_chunks_is_compressed_whole() -> None:
    chunks = [b"x" * 5000, b"y" * 5000, b"z" * 10]
    headers, body = _call(Compressed(_app(chunks)))
    assert headers[b"content-encoding"] == b"gzip"
    assert gzip.decompress(body) == b"".join(chunks)


@pytest.mark.parametrize(
    ("app", "why"),
    [
        (_app([b"x" * (MINIMUM - 1)]), "too small"),
        (_app([b"x" * 5000], status=404), "not a 200"),
        (_app([b"x" * 5000], kind=b"image/png"), "not text"),
        (_app([b"x" * 5000], extra=[(b"content-encoding", b"br")]), "already encoded"),
    ],
)
def test_what_gains_nothing_passes_through(app: Any, why: str) -> None:
    headers, body = _call(Compressed(app))
    assert b"content-encoding" not in headers or headers[b"content-encoding"] == b"br", why
    assert body.startswith(b"x")


IMMUTABLE = [(b"cache-control", b"public, immutable, max-age=31536000")]


def test_the_kept_bundles_stay_within_their_budget() -> None:
    middleware = Compressed(
        _app([bytes(range(256)) * 400], kind=b"application/javascript", extra=IMMUTABLE),
        cache_bytes=250_000,
    )
    for n in range(10):
        _call(middleware, path=f"/static/{n}.js")
    kept = middleware._cache  # noqa: SLF001 - the bound is the point
    assert 0 < sum(len(v[2]) for v in kept.values()) <= 250_000
    assert "/static/9.js" in kept  # the newest stay


def test_only_a_real_bundle_is_kept() -> None:
    """Streamlit answers an unknown /static/ path with the page (200, not immutable): it is
    compressed, never kept, so made-up paths cannot fill the memory."""
    middleware = Compressed(_app([b"<html>" + b"x" * 5000]))
    for n in range(50):
        headers, body = _call(middleware, path=f"/static/{'z' * 1000}{n}")
        assert headers[b"content-encoding"] == b"gzip"
    assert middleware._cache == {}  # noqa: SLF001 - the point


@pytest.mark.parametrize("said", [b"gzip;q=0", b"identity, gzip;q=0", b"br", b"gzip;q=oops"])
def test_a_client_that_refuses_gzip_gets_none(said: bytes) -> None:
    sent: list[Any] = []

    async def receive() -> Any:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "headers": [(b"accept-encoding", said)]}
    asyncio.run(Compressed(_app([b"x" * 5000]))(scope, receive, send))
    assert b"content-encoding" not in dict(sent[0]["headers"])
