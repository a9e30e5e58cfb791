"""One 404 page per language (overrides/404.html, scripts/hooks/languages_hook.py),
with links that work at whatever URL the server answers with it, and the test
server (scripts/static_server.py) answering missing URLs with it."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import static_server

PAGES = {"en": "404.html", "zh": "zh/404.html"}
HEADINGS = {"en": "Page not found", "zh": "页面不存在"}


def links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


@pytest.mark.parametrize("lang", PAGES)
def test_each_language_has_its_own_404_page(built_site: Path, lang: str) -> None:
    html = (built_site / PAGES[lang]).read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    assert f"<h1>{HEADINGS[lang]}</h1>" in html
    assert HEADINGS["zh" if lang == "en" else "en"] not in html
    home = "/" if lang == "en" else "/zh/"
    for target in ("", "handbook/", "calculators/"):
        assert f'href="{home}{target}"' in html, f"links to {home}{target}"
    assert "<kbd>/</kbd>" in html, "says how to search"


@pytest.mark.parametrize("lang", PAGES)
def test_404_links_resolve_from_any_depth(built_site: Path, lang: str) -> None:
    """Every link and asset of the page is absolute (MkDocs renders error pages with
    site_url's path as the base), so it resolves the same from /a/b/c/ as from /."""
    html = (built_site / PAGES[lang]).read_text(encoding="utf-8")
    found = [link for link in links(html) if not link.startswith(("https://", "#", "data:"))]
    assert len(found) > 30
    for link in found:
        assert link.startswith("/"), f"relative link in a 404 page: {link}"
        path = urlsplit(urljoin("http://host/a/b/c/", link)).path.lstrip("/")
        target = built_site / path
        assert target.is_file() or (target / "index.html").is_file(), link
    switch = re.findall(r'<a href="([^"]*)" hreflang="(en|zh)"', html)
    assert {urljoin("/a/b/c/", href) for href, alt in switch if alt == "zh"} == {"/zh/"}
    assert {urljoin("/a/b/c/", href) for href, alt in switch if alt == "en"} == {"/"}, "language homes"


def test_the_test_server_answers_missing_urls_with_the_languages_404(built_site: Path) -> None:
    server = static_server.start(built_site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        for path, lang in (("a/b/c/", "en"), ("zh/a/b/c/", "zh"), ("assets/missing.js", "en")):
            with pytest.raises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(base + path, timeout=10)
            assert caught.value.code == 404
            assert f'<html lang="{lang}"' in caught.value.read().decode(), path
    finally:
        server.shutdown()
        server.server_close()
