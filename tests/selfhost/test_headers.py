"""What nginx sends with scripts/nginx/handbook.conf: types, encodings, caching, security."""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import nginx_site
import pytest

from .conftest import Server, needs_nginx

pytestmark = needs_nginx

IMMUTABLE = "public, max-age=31536000, immutable"
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self';"
    " img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
    " frame-ancestors 'self'"
)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, encoding: str | None = None, method: str = "GET", **headers: str) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(
        url, headers={**({"Accept-Encoding": encoding} if encoding else {}), **headers}, method=method
    )
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


OWN = ("Cache-Control", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


def single(headers: Message) -> dict[str, str]:
    """The site's own headers, after checking that no header at all is sent twice."""
    names = [name.lower() for name in headers.keys()]  # noqa: SIM118 (keys() lists repeats)
    assert sorted({n for n in names if names.count(n) > 1}) == [], "repeated headers"
    return {name: headers[name] for name in OWN if name in headers}


def one(site: Path, pattern: str) -> str:
    """The site-relative path of the single file matching ``pattern``."""
    matches = sorted(site.glob(pattern))
    assert len(matches) == 1, f"{pattern}: {matches}"
    return matches[0].relative_to(site).as_posix()


def test_pyodide_binary_is_wasm_precompressed_and_cached_forever(nginx_root: Server) -> None:
    path = one(nginx_root.site, "assets/pyodide/*/pyodide.asm.wasm")
    original = (nginx_root.site / path).read_bytes()
    status, headers, body = fetch(nginx_root.url + path, "gzip")
    assert status == 200
    assert headers["Content-Type"] == "application/wasm"
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers.get("Vary", "")
    assert headers["Cache-Control"] == IMMUTABLE
    assert len(body) < len(original) * 0.45 and gzip.decompress(body) == original
    status, headers, body = fetch(nginx_root.url + path)  # a client without gzip gets the file itself
    assert headers.get("Content-Encoding") is None and body == original


def test_brotli_is_served_to_clients_that_ask_for_it(nginx_root: Server) -> None:
    assert nginx_site.brotli_available(), "apt-get install libnginx-mod-http-brotli-static (.ci/run does)"
    path = one(nginx_root.site, "assets/pyodide/*/pyodide.asm.wasm")
    status, headers, body = fetch(nginx_root.url + path, "gzip, deflate, br")
    assert status == 200 and headers["Content-Encoding"] == "br"
    assert body == (nginx_root.site / (path + ".br")).read_bytes()
    assert len(body) < (nginx_root.site / (path + ".gz")).stat().st_size


@pytest.mark.parametrize(
    ("pattern", "content_type", "cache", "encoded"),
    [
        ("assets/pyodide/*/pyodide.mjs", "text/javascript; charset=utf-8", IMMUTABLE, True),
        ("assets/pyodide/*/pyodide.asm.mjs", "text/javascript; charset=utf-8", IMMUTABLE, True),
        ("assets/pyodide/*/pyodide-lock.json", "application/json; charset=utf-8", IMMUTABLE, True),
        ("assets/pyodide/*/python_stdlib.zip", "application/zip", IMMUTABLE, False),
        ("assets/calculators/calculators-*.zip", "application/zip", IMMUTABLE, False),
        # The interpreter snapshot and its stdlib: named after the package and Pyodide version.
        ("assets/calculators/*.pyodide-*/interpreter.snapshot", "application/octet-stream", IMMUTABLE, True),
        ("assets/calculators/*.pyodide-*/python_stdlib.zip", "application/zip", IMMUTABLE, False),
        ("assets/javascripts/bundle.*.min.js", "application/javascript; charset=utf-8", IMMUTABLE, True),
        (
            "assets/javascripts/workers/search.*.min.js",
            "application/javascript; charset=utf-8",
            IMMUTABLE,
            True,
        ),
        ("assets/stylesheets/main.*.min.css", "text/css; charset=utf-8", IMMUTABLE, True),
        (
            "assets/vendor/chart.js/*/chart.umd.min.js",
            "application/javascript; charset=utf-8",
            IMMUTABLE,
            True,
        ),
        ("assets/javascripts/calculators.js", "application/javascript; charset=utf-8", "no-cache", True),
        (
            "assets/javascripts/calculator-worker.js",
            "application/javascript; charset=utf-8",
            "no-cache",
            True,
        ),
        ("assets/javascripts/theme/md-head.js", "application/javascript; charset=utf-8", "no-cache", True),
        ("assets/stylesheets/calculators.css", "text/css; charset=utf-8", "no-cache", True),
        ("search/search_index.json", "application/json; charset=utf-8", "no-cache", True),
        ("sitemap.xml", "text/xml; charset=utf-8", "no-cache", True),
        ("assets/images/favicon.svg", "image/svg+xml; charset=utf-8", "no-cache", None),
    ],
)
def test_types_caching_and_compression(
    nginx_root: Server, pattern: str, content_type: str, cache: str, encoded: bool | None
) -> None:
    path = one(nginx_root.site, pattern)
    status, headers, body = fetch(nginx_root.url + path, "gzip")
    assert status == 200
    assert headers["Content-Type"] == content_type
    assert headers["Cache-Control"] == cache
    if encoded is not None:  # None: small files may or may not be worth compressing
        assert (headers.get("Content-Encoding") == "gzip") is encoded
    original = (nginx_root.site / path).read_bytes()
    assert (gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body) == original


@pytest.mark.parametrize("page", ["", "zh/", "calculators/ltv-cac/", "zh/handbook/glossary/"])
def test_pages_revalidate_and_carry_the_security_headers(nginx_root: Server, page: str) -> None:
    status, headers, body = fetch(nginx_root.url + page, "gzip")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "no-cache"
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    html = gzip.decompress(body).decode()
    # No inline script can run under this policy, so the pages must have none.
    inline = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]
    assert inline == ['<script id="__config" type="application/json">'], inline
    status, headers, _ = fetch(nginx_root.url + page, "gzip", **{"If-None-Match": headers["ETag"]})
    assert status == 304, "no-cache pages revalidate cheaply"


def test_every_response_carries_the_policy_even_errors_and_redirects(nginx_root: Server) -> None:
    status, headers, body = fetch(nginx_root.url + "no/such/page/")
    assert status == 404 and b"md-content" in body, "the site's own 404 page"
    assert headers["Content-Security-Policy"] == CSP
    status, headers, _ = fetch(nginx_root.url + "zh")
    assert status == 301 and headers["Location"] == "/zh/", "relative redirects"
    assert headers["Content-Security-Policy"] == CSP
    status, headers, _ = fetch(nginx_root.url + "assets/calculators/")
    assert status in (403, 404), "no directory listings"


BUNDLE = "assets/javascripts/bundle.*.min.js"
REVALIDATE = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


@pytest.mark.parametrize("server", ["nginx_root", "nginx_subpath"])
@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("missing hashed bundle", 404),
        ("missing Pyodide file", 404),
        ("missing file under zh/", 404),
        ("directory without index", 403),
        ("POST to a hashed bundle", 405),
        ("If-Match that fails", 412),
    ],
)
def test_error_responses_send_each_header_once_and_are_never_immutable(
    request: pytest.FixtureRequest, server: str, case: str, status: int
) -> None:
    site: Server = request.getfixturevalue(server)
    bundle = one(site.site, BUNDLE)
    url, method, headers = {
        "missing hashed bundle": ("assets/javascripts/bundle.0123abcd.min.js", "GET", {}),
        "missing Pyodide file": (one(site.site, "assets/pyodide/*/pyodide.mjs") + ".nope", "GET", {}),
        "missing file under zh/": ("zh/assets/nothing.css", "GET", {}),
        "directory without index": ("assets/calculators/", "GET", {}),
        "POST to a hashed bundle": (bundle, "POST", {}),
        "If-Match that fails": (bundle, "GET", {"If-Match": '"nope"'}),
    }[case]
    got, answer, _ = fetch(site.url + url, "gzip", method, **headers)
    assert got == status
    assert single(answer) == REVALIDATE


@pytest.mark.parametrize("server", ["nginx_root", "nginx_subpath"])
def test_byte_ranges_are_off_so_a_range_past_the_end_gets_the_whole_file(
    request: pytest.FixtureRequest, server: str
) -> None:
    """With ranges on, nginx 1.22 answered this 416 with every header twice and, first,
    the 200's `immutable`. Ranges are off (max_ranges 0): the whole file, once, 200."""
    site: Server = request.getfixturevalue(server)
    path = one(site.site, BUNDLE)
    for range_ in ("bytes=999999999-", "bytes=0-9"):
        status, headers, body = fetch(site.url + path, Range=range_)
        assert status == 200 and body == (site.site / path).read_bytes()
        assert "Content-Range" not in headers
        assert single(headers) == {**REVALIDATE, "Cache-Control": IMMUTABLE}
    status, headers, _ = fetch(site.url, Range="bytes=999999999-")
    assert status == 200 and single(headers) == REVALIDATE


def test_a_versioned_file_revalidated_stays_immutable(nginx_root: Server) -> None:
    path = one(nginx_root.site, BUNDLE)
    _, headers, _ = fetch(nginx_root.url + path)
    status, headers, _ = fetch(nginx_root.url + path, **{"If-None-Match": headers["ETag"]})
    assert status == 304 and single(headers) == {**REVALIDATE, "Cache-Control": IMMUTABLE}


def test_the_sub_path_site_answers_under_its_prefix_only(nginx_subpath: Server) -> None:
    assert nginx_subpath.url.endswith("/handbook/")
    status, headers, _ = fetch(nginx_subpath.origin + "/handbook")
    assert status == 301 and headers["Location"] == "/handbook/"
    status, headers, _ = fetch(nginx_subpath.url + "zh/", "gzip")
    assert status == 200 and headers["Cache-Control"] == "no-cache"
    assert headers["Content-Security-Policy"] == CSP
    path = one(nginx_subpath.site, "assets/pyodide/*/pyodide.asm.wasm")
    status, headers, _ = fetch(nginx_subpath.url + path, "gzip")
    assert (status, headers["Content-Encoding"], headers["Cache-Control"]) == (200, "gzip", IMMUTABLE)
    status, _, _ = fetch(nginx_subpath.origin + "/" + path)
    assert status == 404, "nothing is served outside the prefix"


def test_nginx_logged_no_errors_beyond_the_404s_we_asked_for(nginx_root: Server) -> None:
    asked = (
        "no/such/page",
        "directory index",
        "bundle.0123abcd",
        ".nope",
        "zh/assets/nothing",
        "a/b/c",
        "no-such-page",
    )
    unexpected = [line for line in nginx_root.nginx.errors() if not any(a in line for a in asked)]
    assert unexpected == []
