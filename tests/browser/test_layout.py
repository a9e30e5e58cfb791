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


# WCAG relative luminance and contrast of two computed CSS colours (alpha composited over `under`).
CONTRAST = """([fg, bg, under]) => {
    const parse = c => c.match(/[\\d.]+/g).map(Number);
    const over = (top, base) => { const a = top.length > 3 ? top[3] : 1;
        return [0, 1, 2].map(i => top[i] * a + base[i] * (1 - a)); };
    const linear = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    const lum = rgb => { const [r, g, b] = rgb.map(linear); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const base = parse(under).slice(0, 3);
    const back = over(parse(bg), base);
    const [l1, l2] = [lum(over(parse(fg), back)), lum(back)].sort((a, b) => b - a);
    return (l1 + 0.05) / (l2 + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_hover_and_focus_states_keep_their_contrast(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str, scheme: str
) -> None:
    """axe checks colours at rest; hovered buttons and focus rings are states it never sees."""
    context, _ = open_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + calculator_page("ltv_cac", "en"))
    page_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    button = '[data-calculator] .calc__button[data-action="share"]'
    page.hover(button)
    # Wait for the hover transition to finish: mid-way, the colours are neither state.
    page.wait_for_function(
        "sel => { const el = document.querySelector(sel);"
        " return getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)' && el.getAnimations().length === 0; }",
        arg=button,
    )
    style = page.eval_on_selector(button, "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]")
    assert page.evaluate(CONTRAST, [style[0], style[1], page_bg]) >= 4.5, style
    page.focus('[data-calculator] input[name="arpu"]')
    ring = page.eval_on_selector('[data-calculator] input[name="arpu"]', "el => getComputedStyle(el).outlineColor")
    calc_bg = page.eval_on_selector("[data-calculator]", "el => getComputedStyle(el).backgroundColor")
    assert page.evaluate(CONTRAST, [ring, calc_bg, page_bg]) >= 3, ring
