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


def fetch(url: str, encoding: str | None = None, **headers: str) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(url, headers={**({"Accept-Encoding": encoding} if encoding else {}), **headers})
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


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
    unexpected = [
        line for line in nginx_root.nginx.errors() if "no/such/page" not in line and "directory index" not in line
    ]
    assert unexpected == []
