"""Search as a reader uses it: type into Material's search box on the built site and
the page that teaches the term is among the first results, in both languages.
Chinese queries depend on jieba's segmentation and the domain user dictionary.
The index is shared by both languages (mkdocs-static-i18n builds one), so a result
list may hold pages of either language; the page in the reader's language must be there."""

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
    ("", "private traffic", {"handbook/what-is-private-traffic/"}),
    ("", "trust", {"handbook/trust/"}),
    ("", "LTV", {"handbook/measuring/", "calculators/ltv-cac/"}),
]


def first_results(page: Page, site_url: str, prefix: str, query: str) -> list[str]:
    page.goto(site_url + prefix)
    page.fill("input[data-md-component=search-query]", query)
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
