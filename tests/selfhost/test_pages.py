"""Every page under nginx's Content-Security-Policy, in both languages: no
violation, no request to another origin, no console error, and every
calculator goes live; the theme's palette toggle and search still work."""

from __future__ import annotations

from pathlib import Path

from .conftest import OpenContext, Server, needs_nginx

pytestmark = needs_nginx
LIVE_TIMEOUT_MS = 60_000


def pages(site: Path) -> list[str]:
    paths = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return ["" if p == "." else p + "/" for p in paths]


def test_every_page_works_under_the_policy(open_strict_context: OpenContext, nginx_root: Server) -> None:
    context, watch = open_strict_context(nginx_root)
    page = context.new_page()
    all_pages = pages(nginx_root.site)
    assert any(p.startswith("zh/") for p in all_pages) and len(all_pages) > 10
    live = []
    for path in all_pages:
        response = page.goto(nginx_root.url + path)
        assert response is not None and response.headers["content-security-policy"].startswith("default-src 'self'")
        if page.query_selector("[data-calculator]"):
            page.wait_for_selector("[data-calculator][data-state=live]", timeout=LIVE_TIMEOUT_MS)
            live.append(path)
        page.wait_for_load_state("networkidle")
    assert any(p.startswith("zh/") for p in live) and any(not p.startswith("zh/") for p in live)
    assert any("/assets/pyodide/" in url and url.endswith(".wasm") for url in watch.requests)


def test_palette_and_search_work_under_the_policy(open_strict_context: OpenContext, nginx_root: Server) -> None:
    context, _ = open_strict_context(nginx_root, color_scheme="light")
    page = context.new_page()
    page.goto(nginx_root.url)
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.click("label[for=__palette_1]")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    page.goto(nginx_root.url + "zh/handbook/")  # a full load: the saved palette applies before paint
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    for path, query in (("", "LTV"), ("zh/", "私域")):
        page.goto(nginx_root.url + path)
        page.fill("input[data-md-component=search-query]", query)
        page.press("input[data-md-component=search-query]", "End")  # Material searches on keyup
        page.wait_for_selector(".md-search-result__item", timeout=30_000)
