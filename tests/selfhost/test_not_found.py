"""Missing URLs under nginx: the 404 page in the URL's language, at the server root
and under /handbook/, working in the browser however deep the URL."""

from __future__ import annotations

import pytest

from .conftest import OpenContext, Server, needs_nginx
from .test_headers import CSP, fetch, single

pytestmark = needs_nginx

MISSING = [("no-such-page/", "en"), ("a/b/c/d/", "en"), ("zh/a/b/c/", "zh"), ("zh/no-such-page", "zh")]
# What Chromium logs for a document answered 404, the one failure a 404 page must have.
DOCUMENT_404 = "console: Failed to load resource: the server responded with a status of 404 (Not Found)"


@pytest.fixture(params=["root", "subpath"])
def server(request: pytest.FixtureRequest) -> Server:
    return request.getfixturevalue(f"nginx_{request.param}")  # type: ignore[no-any-return]


@pytest.mark.parametrize(("path", "lang"), MISSING)
def test_a_missing_url_gets_the_404_page_of_its_language(server: Server, path: str, lang: str) -> None:
    status, headers, body = fetch(server.url + path)
    assert status == 404
    assert f'<html lang="{lang}"' in body.decode()
    assert single(headers) == {
        "Cache-Control": "no-cache",
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }


def test_nothing_outside_the_prefix_is_served(nginx_subpath: Server) -> None:
    for path in ("/", "/index.html", "/zh/", "/favicon.ico"):
        status, headers, body = fetch(nginx_subpath.origin + path)
        assert status == 404 and b"Welcome to nginx" not in body, path
        assert b'<html lang="en"' in body, "the handbook's own 404 page"
        assert headers["Content-Security-Policy"] == CSP


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_404_page_works_from_a_deep_url(open_strict_context: OpenContext, server: Server, lang: str) -> None:
    context, watch = open_strict_context(server)
    page = context.new_page()
    prefix = "" if lang == "en" else "zh/"
    deep = server.url + prefix + "a/b/c/"
    response = page.goto(deep)
    assert response is not None and response.status == 404
    assert page.get_attribute("html", "lang") == lang
    page.wait_for_load_state("networkidle")
    # Styled (Material's stylesheet applies from this depth) and its scripts ran.
    assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).position") == "sticky"
    assert page.evaluate("() => typeof document$ === 'object' && window.__md_scope.pathname") == (
        server.url.removeprefix(server.origin)
    )
    watch.failed.remove(f"404 {deep}")
    watch.errors.remove(DOCUMENT_404)

    # Its links go to the language's own pages, and the language switch to the other home.
    handbook = server.url + prefix + "handbook/"
    page.click("article li:nth-child(2) a")  # home, handbook, calculators
    page.wait_for_url(handbook)
    assert page.get_attribute("html", "lang") == lang
    page.goto(deep)
    watch.failed.remove(f"404 {deep}")
    watch.errors.remove(DOCUMENT_404)
    other = "zh" if lang == "en" else "en"
    page.hover(".md-header__option .md-select")
    page.click(f".md-header__option .md-select__link[hreflang={other}]")
    page.wait_for_url(server.url + ("zh/" if other == "zh" else ""))
    assert page.get_attribute("html", "lang") == other
