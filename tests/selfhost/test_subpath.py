"""The site under a sub-path (/handbook/) behind nginx's alias: both languages,
the language switch, instant navigation and a live calculator."""

from __future__ import annotations

from playwright.sync_api import Page

from calculators import run
from calculators.display import js_number_string

from .conftest import OpenContext, Server, needs_nginx

pytestmark = needs_nginx
LIVE_TIMEOUT_MS = 60_000
ROOT = '[data-calculator="ltv_cac"]'


def first_value(inputs: dict[str, str]) -> str:
    value = run("ltv_cac", inputs)["outputs"]["ltv"]
    return js_number_string(value)


def switch_language(page: Page, lang: str) -> None:
    """Open the language menu (it shows on hover) and pick a language, as a reader does."""
    page.hover(".md-header__option .md-select")
    page.click(f".md-header__option .md-select__link[hreflang={lang}]")


def test_pages_language_switch_instant_navigation_and_calculator(
    open_strict_context: OpenContext, nginx_subpath: Server
) -> None:
    base = nginx_subpath.url
    context, watch = open_strict_context(nginx_subpath)
    page = context.new_page()
    for path, lang in (
        ("", "en"),
        ("zh/", "zh"),
        ("handbook/glossary/", "en"),
        ("zh/handbook/glossary/", "zh"),
    ):
        page.goto(base + path)
        assert page.get_attribute("html", "lang") == lang
        page.wait_for_load_state("networkidle")

    # Instant navigation from the home page to the calculator: no reload, one runtime.
    page.goto(base)
    page.evaluate("() => { window.__noReload = true; }")
    page.click("article a[href$='calculators/ltv-cac/']")
    page.wait_for_selector(f"{ROOT}[data-state=live]", timeout=LIVE_TIMEOUT_MS)
    assert page.url == base + "calculators/ltv-cac/"
    page.fill(f'{ROOT} input[name="arpu"]', "150")
    page.wait_for_selector(f'{ROOT} [data-output="ltv"][data-value="{first_value({"arpu": "150"})}"]')
    assert page.evaluate("() => window.__noReload") is True, "navigation was instant"

    # The language switch keeps the page, the prefix and the inputs, and the Chinese page goes live.
    switch_language(page, "zh")
    page.wait_for_url(base + "zh/calculators/ltv-cac/?arpu=150&currency=CNY")
    assert page.get_attribute("html", "lang") == "zh"
    page.wait_for_selector(f"{ROOT}[data-state=live]", timeout=LIVE_TIMEOUT_MS)
    assert page.input_value(f'{ROOT} input[name="arpu"]') == "150"
    page.fill(f'{ROOT} input[name="cac"]', "250")
    page.wait_for_selector(f'{ROOT} [data-output="ltv_cac_ratio"][data-value]')
    switch_language(page, "en")
    page.wait_for_url(base + "calculators/ltv-cac/*")
    assert page.get_attribute("html", "lang") == "en"
    assert all(url.startswith(nginx_subpath.origin + "/handbook/") for url in watch.requests)


def test_the_site_is_kept_offline_under_its_prefix(open_strict_context: OpenContext, nginx_subpath: Server) -> None:
    """The service worker's scope is the prefix, its file is never cached by the browser,
    and under the strict CSP the downloaded site opens with no network."""
    base = nginx_subpath.url
    context, watch = open_strict_context(nginx_subpath, service_workers="allow")
    page = context.new_page()
    response = page.request.get(base + "sw.js")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["content-type"].startswith(("application/javascript", "text/javascript"))
    page.goto(base)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).scope") == base
    page.click("[data-offline-start]")
    page.wait_for_selector("[data-offline][data-offline-state]", timeout=LIVE_TIMEOUT_MS)
    assert page.get_attribute("[data-offline]", "data-offline-state") == "done"
    context.set_offline(True)
    page.goto(base + "calculators/ltv-cac/?arpu=150")
    page.wait_for_selector(f"{ROOT}[data-state=live]", timeout=LIVE_TIMEOUT_MS)
    assert page.get_attribute(f'{ROOT} [data-output="ltv"]', "data-value") == first_value({"arpu": "150"})
    page.close()  # offline, the browser logs the favicon it could not load (never asked of a service worker)
    watch.errors = [e for e in watch.errors if not e.startswith("console: Failed to load resource")]
    watch.failed = []
