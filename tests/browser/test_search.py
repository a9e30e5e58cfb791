"""Search as a reader uses it: type into Material's search box on the built site and
the page that teaches the term is among the first results, in both languages.
Chinese queries depend on jieba's segmentation, the domain user dictionary and the
query fix in scripts/hooks/search_hook.py. Each language searches its own index."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Route

from .conftest import Watch

OpenContext = Callable[..., tuple[BrowserContext, Watch]]

TOP = 5  # the right page must be on the first screen of results

CASES = [
    # (language prefix, query, pages that teach it: one must be among the first results)
    ("zh/", "私域流量", {"zh/handbook/what-is-private-traffic/"}),
    ("zh/", "信任", {"zh/handbook/trust/"}),
    ("zh/", "社群", {"zh/handbook/relationship-layers/", "zh/handbook/carriers/"}),
    ("zh/", "LTV", {"zh/handbook/measuring/", "zh/calculators/ltv-cac/"}),
    # Four- and two-character words: Material's worker used to search 企业微信 as 企业 + 微.
    ("zh/", "企业微信", {"zh/handbook/wecom/"}),
    ("zh/", "私域流量池", {"zh/handbook/what-is-private-traffic/", "zh/handbook/why-now/"}),
    ("", "private traffic", {"handbook/what-is-private-traffic/"}),
    ("", "trust", {"handbook/trust/"}),
    ("", "LTV", {"handbook/measuring/", "calculators/ltv-cac/"}),
]


def first_results(page: Page, site_url: str, prefix: str, query: str) -> list[str]:
    page.goto(site_url + prefix)
    box = page.locator("input[data-md-component=search-query]")
    box.fill(query)
    # Material reads the box on keyup (a reader's typing or IME commit makes one); fill()
    # alone makes none, so once the index was ready first the query was never searched.
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    hrefs: list[str] = page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link", "links => links.map(a => a.href)"
    )
    return [urlsplit(href).path.removeprefix(urlsplit(site_url).path) for href in hrefs[:TOP]]


@pytest.mark.parametrize(("prefix", "query", "expected"), CASES)
def test_search_finds_the_page_that_teaches_the_term(
    page: Page, site_url: str, prefix: str, query: str, expected: set[str]
) -> None:
    results = first_results(page, site_url, prefix, query)
    assert expected & set(results), f"{query!r}: {results}"


@pytest.mark.parametrize(("prefix", "query"), [("zh/", "裂变"), ("zh/", "LTV"), ("", "funnel"), ("", "WeCom")])
def test_results_are_pages_in_the_readers_language(page: Page, site_url: str, prefix: str, query: str) -> None:
    results = first_results(page, site_url, prefix, query)
    assert results
    assert all(path.startswith("zh/") == (prefix == "zh/") for path in results), results


def test_a_chinese_word_is_searched_whole(page: Page, site_url: str) -> None:
    """企业微信 was searched as 企业 + 微 (the query's last character never ended a term), so the
    WeCom chapter came fourth, behind pages that merely mention 微信."""
    first_results(page, site_url, "zh/", "企业微信")
    # Results render as the worker answers; wait for the list to settle on the chapter.
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__item > .md-search-result__link')"
        "?.getAttribute('href').split('?')[0].endsWith('zh/handbook/wecom/')",
        timeout=30_000,
    )


# Records, when the page really sends its request for the search index, whether Python
# had started (<html data-calculator-runtime>), whether the search box had the focus and
# how long ago the reader last typed (ms; null if never). Installed before any page
# script, so md-search-later.js wraps this wrapper.
INDEX_SENT = """
(() => {
  let typed = null;
  document.addEventListener("input", () => (typed = performance.now()), true);
  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.watchedUrl = String(url);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (this.watchedUrl.endsWith("search_index.json")) {
      window.__indexSent = {
        runtime: document.documentElement.dataset.calculatorRuntime ?? null,
        focused: Boolean(document.activeElement?.matches("[data-md-component=search-query]")),
        sinceTyped: typed === null ? null : performance.now() - typed,
      };
    }
    return send.apply(this, args);
  };
})();
"""


def test_on_a_calculator_page_the_search_index_waits_for_python(open_context: OpenContext, site_url: str) -> None:
    """Building the index is ~0.5 s of CPU: on a calculator page it comes after Python's start."""
    context, _ = open_context()
    context.add_init_script(INDEX_SENT)
    page = context.new_page()
    page.goto(site_url + "calculators/ltv-cac/")
    page.wait_for_function("() => window.__indexSent", timeout=60_000)
    assert page.evaluate("window.__indexSent") == {"runtime": "snapshot", "focused": False, "sinceTyped": None}
    # A knowledge page asks for it at once, as Material does.
    page.goto(site_url + "handbook/trust/")
    page.wait_for_function("() => window.__indexSent", timeout=30_000)
    assert page.evaluate("window.__indexSent.runtime") is None


def test_search_on_a_calculator_page_does_not_wait_for_a_slow_python(open_context: OpenContext, site_url: str) -> None:
    context, _ = open_context()
    context.add_init_script(INDEX_SENT)
    hanging: list[Route] = []  # Python's files never arrive: it neither starts nor fails during the test
    context.route("**/interpreter.snapshot", lambda route: hanging.append(route))
    context.route("**/pyodide.asm.wasm", lambda route: hanging.append(route))
    page = context.new_page()
    page.goto(site_url + "zh/calculators/funnel/")
    page.wait_for_load_state("load")
    assert page.evaluate("window.__indexSent") is None
    box = page.locator("input[data-md-component=search-query]")
    box.fill("裂变")
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    assert page.evaluate("window.__indexSent") == {"runtime": None, "focused": True, "sinceTyped": None}


def test_the_search_index_waits_while_the_reader_types(open_context: OpenContext, site_url: str) -> None:
    """Once Python has started, the index is built only after 2 s without typing: built beside
    the first edits, it doubled how long their results took."""
    context, _ = open_context()
    context.add_init_script(INDEX_SENT)
    page = context.new_page()
    page.goto(site_url + "calculators/ltv-cac/")
    page.wait_for_selector("[data-calculator][data-state=live]", timeout=60_000)
    field = page.locator("[data-calculator] input[name=cac]")
    for value in ("150", "160", "170", "180", "190"):
        field.fill(value)
    page.wait_for_function("() => window.__indexSent", timeout=60_000)
    sent = page.evaluate("window.__indexSent")
    assert sent["runtime"] == "snapshot"
    assert sent["sinceTyped"] >= 2_000, sent
