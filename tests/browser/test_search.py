"""Search as a reader uses it: type into Material's search box on the built site and
the page that teaches the term is among the first results, in both languages.
Chinese queries depend on jieba's segmentation, the domain user dictionary and the
query fix in scripts/hooks/search_hook.py. Each language searches its own index."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

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
