"""No part of a calculator ever covers another, at any width and any scroll position.

The results column is sticky beside a long form; before, it slid over the charts, the
compare table and the sensitivity table from 900 to 1920 px (issue 14).
"""

from __future__ import annotations

from collections.abc import Callable

import calculator_markup
import pytest
from playwright.sync_api import BrowserContext, Page

from calculators import CALCULATORS

from .conftest import Watch, calculator_page, wait_live

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
        # Once live, the address bar is the share link, which names the currency of its numbers.
        (
            "zh/calculators/ltv-cac/?arpu=88.5&monthly_churn=4",
            "en",
            "calculators/ltv-cac/?arpu=88.5&monthly_churn=4&currency=CNY",
        ),
    ],
)
def test_switching_language_keeps_the_query_and_the_anchor(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str, start: str, lang: str, expected: str
) -> None:
    context, _ = open_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + start)
    if "?" in start:
        wait_live(page)
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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_the_headline_stays_in_view_while_editing(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str, lang: str
) -> None:
    """The pool calculator's form is 16 fields long; its headline must not be 2,500 px away."""
    context, _ = open_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(site_url + calculator_page("pool_migration", lang))
    wait_live(page)
    summary = '[data-calculator] [data-summary="npv_per_member"]'
    # Editing a field half-way down the form: the summary sits in the viewport, above the keyboard's edge.
    output = '[data-calculator] [data-output="npv_per_member"]'
    before = page.text_content(output)
    assert page.text_content(summary) == before
    page.locator('[data-calculator] input[name="private_orders_per_month"]').fill("0.3")
    page.wait_for_function("([sel, old]) => document.querySelector(sel).textContent !== old", arg=[output, before])
    wanted = page.text_content(output)
    page.wait_for_function("([sel, want]) => document.querySelector(sel).textContent === want", arg=[summary, wanted])
    box = page.locator(summary).bounding_box()
    field = page.locator('[data-calculator] input[name="private_orders_per_month"]').bounding_box()
    assert box and field and box["y"] >= 0 and box["y"] + box["height"] <= 740
    assert field["y"] + field["height"] <= box["y"], "the field being edited is not behind the bar"
    results = page.locator("[data-calculator] .calc__results").bounding_box()
    assert results and results["y"] > 740, "the results themselves are far below"
    # Once the results are reached, the bar rests above them instead of covering them.
    page.locator("[data-calculator] .calc__results").scroll_into_view_if_needed()
    bar = page.locator("[data-calculator] .calc__summary").bounding_box()
    results = page.locator("[data-calculator] .calc__results").bounding_box()
    assert bar and results and bar["y"] + bar["height"] <= results["y"] + 1


def test_on_a_wide_screen_there_is_no_summary_bar(page: Page, site_url: str) -> None:
    page.goto(site_url + calculator_page("pool_migration", "en"))
    assert page.locator("[data-calculator] .calc__summary").is_hidden()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_sensitivity_table_wider_than_the_phone_says_it_scrolls(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str, lang: str
) -> None:
    context, _ = open_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(site_url + calculator_page("ltv_cac", lang))
    wait_live(page)
    box = "[data-calculator] [data-sensitivity] .calc__scroll"
    assert page.eval_on_selector(box, "el => el.scrollWidth > el.clientWidth")
    page.wait_for_selector(f"{box}[data-overflows]")
    hint = page.locator("[data-calculator] [data-sensitivity] .calc__scroll-hint")
    assert hint.is_visible()
    assert hint.text_content() == calculator_markup.UI["scroll_hint"](lang)
    # Wide enough for the whole table: no hint.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_selector(f"{box}:not([data-overflows])")
    assert hint.is_hidden()
