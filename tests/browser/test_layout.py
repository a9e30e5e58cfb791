"""No part of a calculator ever covers another, at any width and any scroll position.

The results column is sticky beside a long form; before, it slid over the charts, the
compare table and the sensitivity table from 900 to 1920 px (issue 14).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext

from calculators import CALCULATORS

from .conftest import Watch, calculator_page

WIDTHS = (375, 900, 1280, 1920)

# Scroll the page from top to bottom; at each step, the results column against every
# other block of the calculator. Returns the overlaps found (empty when none).
OVERLAPS = """() => {
    const root = document.querySelector('[data-calculator]');
    const results = root.querySelector('.calc__results');
    const others = [root.querySelector('.calc__form'), ...root.querySelectorAll('.calc__wide > *')]
        .filter(el => el.getClientRects().length);
    const found = [];
    const end = document.documentElement.scrollHeight;
    for (let y = 0; y <= end; y += 150) {
        window.scrollTo(0, y);
        const a = results.getBoundingClientRect();
        for (const el of others) {
            const b = el.getBoundingClientRect();
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 1 && h > 1) found.push({y, other: el.className || el.tagName, w, h});
        }
    }
    window.scrollTo(0, 0);
    return found;
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(CALCULATORS))
def test_results_never_cover_the_form_charts_or_tables(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str, name: str, width: int
) -> None:
    # JavaScript off: the pre-rendered page has every block at full size, and the layout is CSS alone.
    context, _ = open_context(java_script_enabled=False, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site_url + calculator_page(name, "en"))
    # Open the tables so that every block takes its full height.
    page.evaluate("() => document.querySelectorAll('[data-calculator] details').forEach(d => d.open = true)")
    assert page.evaluate(OVERLAPS) == []


@pytest.mark.parametrize(
    ("start", "lang", "expected"),
    [
        ("handbook/trust/#five-sources", "zh", "zh/handbook/trust/#five-sources"),
        ("zh/calculators/ltv-cac/?arpu=88.5&monthly_churn=4", "en", "calculators/ltv-cac/?arpu=88.5&monthly_churn=4"),
    ],
)
def test_switching_language_keeps_the_query_and_the_anchor(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str, start: str, lang: str, expected: str
) -> None:
    context, _ = open_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + start)
    page.hover(".md-header .md-select")  # the language menu opens on hover
    page.click(f'.md-select__link[hreflang="{lang}"]')
    page.wait_for_url(site_url + expected)
    if "?" in expected:
        page.wait_for_function("document.querySelector('input[name=\"arpu\"]')?.value === '88.5'")
