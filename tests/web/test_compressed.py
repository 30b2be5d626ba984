"""The app's own compression (issue 26): a real `streamlit run serve.py` on loopback, and the
middleware on small ASGI apps for the cases Streamlit does not produce on demand."""

from __future__ import annotations

import asyncio
import gzip
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from bench.servers import ROOT, streamlit
from followup.web import MINIMUM, Compressed, theme_has_own_font


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


def test_the_page_neither_preloads_nor_sends_the_font_its_theme_never_uses(served: str) -> None:
    """`.streamlit/config.toml` gives the page the phone's own font: Streamlit's Source Sans
    (170 kB) is neither preloaded by the page nor sent to its first frame (issue 26)."""
    page = _get(f"{served}/")[2]
    assert b'as="font"' not in page
    assert page == gzip.decompress(_get(f"{served}/", **{"Accept-Encoding": "gzip"})[2])
    styles = re.findall(rb'href="\.?/?(static/css/[^"]+\.css)"', page)
    fonts = set()
    for sheet in styles:
        fonts |= set(
            re.findall(rb"media/(SourceSans[^)\"']+\.woff2)", _get(f"{served}/{sheet.decode()}")[2])
        )
    assert fonts  # (what Streamlit's stylesheet names)
    for font in fonts:
        with pytest.raises(urllib.error.HTTPError) as refused:
            _get(f"{served}/static/media/{font.decode()}")
        refused.value.close()  # (the error holds the answer's socket)
        assert refused.value.code == 404
    icons = re.findall(
        rb"media/(MaterialSymbols[^)\"']+\.woff2)", _get(f"{served}/{styles[0].decode()}")[2]
    )
    assert icons
    assert _get(f"{served}/static/media/{icons[0].decode()}")[0] == 200  # still sent


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


PAGE = (
    b'<html><head><link\n      rel="preload"\n      href="./static/media/SourceSansVF-Upright.ttf'
    b'.X.woff2"\n      as="font"\n      type="font/woff2"\n      crossorigin\n    />'
    b'<link rel="preload" href="./static/media/Icons.woff2" as="font">'
    b'<link rel="stylesheet" href="./static/css/index.css"></head><body>'
    + b"x" * 5000
    + b"</body></html>"
)


@pytest.mark.parametrize("gzip_ok", [True, False])
@pytest.mark.parametrize("own", [True, False])
def test_the_default_fonts_preload_goes_only_with_a_font_of_its_own(
    gzip_ok: bool, own: bool
) -> None:
    tagged = _app([PAGE], extra=[(b"etag", b'"abc"'), (b"accept-ranges", b"bytes")])
    headers, body = _call(Compressed(tagged, own_font=own), path="/", gzip_ok=gzip_ok)
    page = gzip.decompress(body) if gzip_ok else body
    assert (b"SourceSans" in page) is not own
    assert b'<link rel="preload" href="./static/media/Icons.woff2" as="font">' in page  # kept
    assert b'<link rel="stylesheet" href="./static/css/index.css">' in page
    # a rewritten page is not the one the tag and the ranges describe
    assert (b"etag" in headers, b"accept-ranges" in headers) == (not own, not own)
    assert page.endswith(b"x" * 5000 + b"</body></html>")
    assert int(headers[b"content-length"]) == len(body)


def _status(app: Any, path: str) -> int:
    sent: list[Any] = []

    async def receive() -> Any:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    asyncio.run(app({"type": "http", "method": "GET", "path": path, "headers": []}, receive, send))
    return int(sent[0]["status"])


def test_the_default_font_is_refused_only_to_a_theme_with_its_own() -> None:
    font = _app([b"wOF2" + bytes(3000)], kind=b"font/woff2")
    default = "/static/media/SourceSansVF-Upright.ttf.BsWL4Kly.woff2"
    assert _status(Compressed(font, own_font=True), default) == 404
    assert _status(Compressed(font, own_font=True), "/static//media/./SourceSansVF.woff2") == 404
    assert _status(Compressed(font, own_font=False), default) == 200
    icons = "/static/media/MaterialSymbols-Rounded.nEdyypZU.woff2"
    assert _status(Compressed(font, own_font=True), icons) == 200


@pytest.mark.parametrize(
    ("font", "own"),
    [
        (None, False),
        ("sans-serif", False),
        ("'Source Sans', sans-serif", False),
        ("system-ui, -apple-system, Roboto, sans-serif", True),
        ("serif", True),
        ("Sans Serif", False),  # (Streamlit's name for its default)
    ],
)
def test_whether_the_theme_has_a_font_of_its_own_is_streamlits_configuration(
    font: str | None, own: bool
) -> None:
    from streamlit import config

    before = config.get_option("theme.font")
    try:
        config.set_option("theme.font", font)
        assert theme_has_own_font() is own
    finally:
        config.set_option("theme.font", before)


def test_a_page_full_of_unclosed_tags_comes_back_as_it_was() -> None:
    """Each `<link>` is looked at once: a hostile page costs one pass, and keeps its bytes."""
    hostile = b"<html><head>" + b'<link rel="preload" as="font" ' * 2000 + b"</head></html>"
    headers, body = _call(Compressed(_app([hostile]), own_font=True), path="/", gzip_ok=False)
    assert body == hostile
