"""The LTV/CAC page in a real browser: static first, then live, exact, bilingual."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Route

from calculators import ValidationError, run

from .conftest import LIVE_TIMEOUT_MS, Watch, cpython_outputs, shown_outputs, wait_live

EN_PAGE = "calculators/ltv-cac/"
ZH_PAGE = "zh/calculators/ltv-cac/"
ROOT = '[data-calculator="ltv_cac"]'


def expected(inputs: dict[str, Any], lang: str, name: str = "ltv_cac") -> dict[str, list[str]]:
    return cpython_outputs(name, inputs, lang)


def shown(page: Page) -> dict[str, list[str]]:
    return shown_outputs(page, ROOT)


def wait_for_outputs(page: Page, want: dict[str, list[str]]) -> None:
    page.wait_for_function(
        """([root, want]) => {
            const els = document.querySelectorAll(root + ' [data-output]');
            return els.length === Object.keys(want).length && [...els].every(e =>
                want[e.dataset.output][0] === e.dataset.value && want[e.dataset.output][1] === e.textContent);
        }""",
        arg=[ROOT, want],
        timeout=LIVE_TIMEOUT_MS,
    )


def error_text(page: Page, field: str) -> str:
    return page.text_content(f'{ROOT} [data-error-for="{field}"]') or ""


def test_results_are_on_the_page_without_javascript(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str
) -> None:
    context, _ = open_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + EN_PAGE)
    assert page.get_attribute(ROOT, "data-state") == "static"
    assert shown(page) == expected({}, "en")


def test_prerendered_numbers_come_before_python_then_it_goes_live(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str
) -> None:
    context, watch = open_context()
    held: list[Route] = []
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page = context.new_page()
    page.goto(site_url + EN_PAGE)
    page.wait_for_function("document.querySelector('[data-calculator]').dataset.state === 'loading'")
    # Python cannot have started: its binary is still held back.
    assert shown(page) == expected({}, "en")
    assert page.text_content(f"{ROOT} [data-status]") == page.get_attribute(ROOT, "data-msg-loading")
    page.wait_for_timeout(200)
    assert held, "the page asked for the runtime on its own"
    for route in held:
        route.continue_()
    wait_live(page)
    assert shown(page) == expected({}, "en")
    assert sum(url.endswith("pyodide.asm.wasm") for url in watch.requests) == 1


@pytest.mark.parametrize(("path", "lang"), [(EN_PAGE, "en"), (ZH_PAGE, "zh")])
def test_edits_update_every_output_to_what_cpython_computes(page: Page, site_url: str, path: str, lang: str) -> None:
    page.goto(site_url + path)
    wait_live(page)
    edits: list[dict[str, str]] = [
        {"arpu": "250", "monthly_churn": "2.5"},
        {"cac": "0"},  # free acquisition: ratio and verdict become null, with a note
        {"cac": "900", "monthly_churn": "12"},  # never pays back
        {"gross_margin": "0"},
        {"horizon_months": "1", "gross_margin": "35.5", "annual_discount_rate": "0"},
    ]
    inputs: dict[str, str] = {}
    for edit in edits:
        for field, value in edit.items():
            page.fill(f'{ROOT} input[name="{field}"]', value)
        inputs.update(edit)
        want = expected(inputs, lang)
        wait_for_outputs(page, want)
        notes = page.eval_on_selector_all(f"{ROOT} [data-note]", "els => els.map(e => e.dataset.note)")
        assert notes == [n["code"] for n in run("ltv_cac", inputs)["notes"]]
        assert page.get_attribute(ROOT, "data-state") == "live"


def test_typing_with_the_keyboard_updates_results(page: Page, site_url: str) -> None:
    page.goto(site_url + EN_PAGE)
    wait_live(page)
    field = page.locator(f'{ROOT} input[name="arpu"]')
    field.click()
    page.keyboard.press("End")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.type("75")
    assert field.input_value() == "175"
    wait_for_outputs(page, expected({"arpu": "175"}, "en"))


@pytest.mark.parametrize(("path", "lang"), [(EN_PAGE, "en"), (ZH_PAGE, "zh")])
def test_bad_input_is_explained_beside_the_field_and_the_last_good_numbers_stay(
    page: Page, site_url: str, path: str, lang: str
) -> None:
    page.goto(site_url + path)
    wait_live(page)
    page.fill(f'{ROOT} input[name="arpu"]', "120")
    good = expected({"arpu": "120"}, lang)
    wait_for_outputs(page, good)

    bad = {"arpu": "120", "monthly_churn": "100", "horizon_months": "abc"}
    page.fill(f'{ROOT} input[name="monthly_churn"]', "100")
    page.fill(f'{ROOT} input[name="horizon_months"]', "abc")
    page.wait_for_selector(f"{ROOT}[data-state=invalid]")
    with pytest.raises(ValidationError) as caught:
        run("ltv_cac", bad)
    messages = {e.field: (e.zh if lang == "zh" else e.en) for e in caught.value.errors}
    page.wait_for_function(
        "([root, want]) => Object.entries(want).every(([f, m]) =>"
        ' document.querySelector(`${root} [data-error-for="${f}"]`).textContent === m)',
        arg=[ROOT, messages],
    )
    assert error_text(page, "arpu") == ""
    assert page.get_attribute(f'{ROOT} input[name="monthly_churn"]', "aria-invalid") == "true"
    assert shown(page) == good, "the last good numbers stay"
    status = page.text_content(f"{ROOT} [data-status]") or ""
    assert status == page.get_attribute(ROOT, "data-msg-invalid")
    body = page.text_content(ROOT) or ""
    for junk in ("NaN", "Infinity", "undefined", "Traceback", "null"):
        assert junk not in body

    page.fill(f'{ROOT} input[name="monthly_churn"]', "4")
    page.fill(f'{ROOT} input[name="horizon_months"]', "36")
    wait_for_outputs(page, expected({"arpu": "120", "monthly_churn": "4", "horizon_months": "36"}, lang))
    assert page.get_attribute(ROOT, "data-state") == "live"
    assert error_text(page, "monthly_churn") == "" and error_text(page, "horizon_months") == ""


def test_chinese_page_speaks_chinese(page: Page, site_url: str) -> None:
    page.goto(site_url + ZH_PAGE)
    wait_live(page)
    page.fill(f'{ROOT} input[name="monthly_churn"]', "-1")
    page.wait_for_selector(f"{ROOT}[data-state=invalid]")
    page.wait_for_function("document.querySelector('[data-error-for=\"monthly_churn\"]').textContent.length > 0")
    assert error_text(page, "monthly_churn") == "月流失率须不小于 0 且小于 100%"
    assert page.text_content(f"{ROOT} label[for='ltv_cac-monthly_churn']") == "月流失率 (%)"
    assert "个月" in (page.text_content(f'{ROOT} [data-output="payback_months"]') or "")


def test_url_query_prefills_the_form(page: Page, site_url: str) -> None:
    page.goto(site_url + EN_PAGE + "?arpu=120&monthly_churn=3&unrelated=1")
    assert page.input_value(f'{ROOT} input[name="arpu"]') == "120"
    assert page.input_value(f'{ROOT} input[name="monthly_churn"]') == "3"
    wait_for_outputs(page, expected({"arpu": "120", "monthly_churn": "3"}, "en"))
    wait_live(page)


def test_bad_url_query_shows_the_field_message_and_keeps_the_defaults(page: Page, site_url: str) -> None:
    page.goto(site_url + ZH_PAGE + "?cac=%3Cscript%3Ealert(1)%3C/script%3E")
    page.wait_for_selector(f"{ROOT}[data-state=invalid]", timeout=LIVE_TIMEOUT_MS)
    assert page.input_value(f'{ROOT} input[name="cac"]') == "<script>alert(1)</script>"
    assert error_text(page, "cac") == "单客获客成本（CAC）须为数字"
    assert shown(page) == expected({}, "zh")


def test_instant_navigation_keeps_one_runtime_working(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str
) -> None:
    context, watch = open_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url)
    page.evaluate("window.__noReload = true")
    page.click("article a[href$='calculators/ltv-cac/']")
    wait_live(page)
    page.fill(f'{ROOT} input[name="arpu"]', "90")
    wait_for_outputs(page, expected({"arpu": "90"}, "en"))

    page.click("a.md-logo")
    page.wait_for_function("!document.querySelector('[data-calculator]')")
    page.go_back()
    page.wait_for_selector(ROOT)
    wait_live(page)
    # The address bar kept the edited inputs, so going back restores them.
    assert page.input_value(f'{ROOT} input[name="arpu"]') == "90"
    page.fill(f'{ROOT} input[name="cac"]', "150")
    wait_for_outputs(page, expected({"arpu": "90", "cac": "150"}, "en"))
    assert page.evaluate("window.__noReload") is True, "navigation was instant, not a reload"
    assert sum(url.endswith("pyodide.asm.wasm") for url in watch.requests) == 1, "one runtime per tab"


def test_no_page_requests_another_host(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str, built_site: Any
) -> None:
    context, watch = open_context()
    page = context.new_page()
    pages = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    assert any(p.startswith("zh") for p in pages) and len(pages) > 4
    for path in pages:
        url = site_url + ("" if path == "." else path + "/")
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if page.query_selector("[data-calculator]"):
            wait_live(page)
    assert watch.foreign_requests() == []
    assert json.dumps(watch.requests).count("127.0.0.1") == len(watch.requests)


CHART_POINTS = """root => {
    const canvas = document.querySelector(root + ' [data-chart="value"] canvas');
    const chart = canvas && window.Chart && window.Chart.getChart(canvas);
    if (!chart) return null;
    return chart.data.datasets.map(set => ({label: set.label, points: set.data.map(p => [p.x, p.y])}));
}"""


@pytest.mark.parametrize(
    "query",
    [
        "",
        # Undiscounted payback 40.3 months, discounted 50.1: the curve drawn is discounted.
        "?arpu=50&gross_margin=90&monthly_churn=1&cac=1500&horizon_months=120",
        # The case: the discounted curve never reaches CAC, so no marker at all.
        "?preset=insurance_agent&annual_discount_rate=30&cac=1500",
    ],
)
def test_break_even_marker_sits_where_the_drawn_curve_meets_cac(page: Page, site_url: str, query: str) -> None:
    page.goto(site_url + EN_PAGE + query)
    wait_live(page)
    payback = page.get_attribute(f'{ROOT} [data-output="discounted_payback_months"]', "data-value")
    page.wait_for_function(
        f"([root, want]) => {{ const sets = ({CHART_POINTS})(root); return sets !== null &&"
        " (want === '' ? sets.length === 2 : sets.length === 3 && String(sets[2].points[0][0]) === want); }",
        arg=[ROOT, payback],
        timeout=LIVE_TIMEOUT_MS,
    )
    value, cac, *marker = page.evaluate(CHART_POINTS, ROOT)
    if not payback:
        assert all(y < c for (_, y), (_, c) in zip(value["points"], cac["points"], strict=True))
        return
    x = float(payback)
    assert marker[0]["label"].startswith("Break-even")
    # Read the drawn (straight-segment) curve at the marker and compare with the CAC line there.
    points = value["points"]
    (x0, y0), (x1, y1) = next((a, b) for a, b in itertools.pairwise(points) if a[0] <= x <= b[0])
    drawn = y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    assert drawn == pytest.approx(cac["points"][0][1], rel=0.01)


def test_pool_break_even_marker_sits_where_the_net_value_curve_crosses_zero(page: Page, site_url: str) -> None:
    # A dearer red packet moves payback to about 9 months, where the discounted curve crosses zero.
    root = '[data-calculator="pool_migration"]'
    page.goto(site_url + "calculators/pool-migration/?incentive_per_member=30&annual_discount_rate=40")
    wait_live(page)
    payback = page.get_attribute(f'{root} [data-output="discounted_payback_months"]', "data-value")
    undiscounted = page.get_attribute(f'{root} [data-output="payback_months"]', "data-value")
    assert payback and undiscounted and float(payback) > float(undiscounted)
    points = """root => {
        const canvas = document.querySelector(root + ' [data-chart="net_value"] canvas');
        const chart = window.Chart && window.Chart.getChart(canvas);
        return chart ? chart.data.datasets.map(set => set.data.map(p => [p.x, p.y])) : null;
    }"""
    page.wait_for_function(
        f"([root, want]) => {{ const sets = ({points})(root);"
        " return sets && sets.length === 2 && String(sets[1][0][0]) === want; }",
        arg=[root, payback],
        timeout=LIVE_TIMEOUT_MS,
    )
    curve, _marker = page.evaluate(points, root)
    x = float(payback)
    (x0, y0), (x1, y1) = next((a, b) for a, b in itertools.pairwise(curve) if a[0] <= x <= b[0])
    drawn = y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    assert abs(drawn) <= 0.05 * abs(y1 - y0)  # zero, to within the chart's straight segments


@pytest.mark.parametrize(("lang", "prefix"), [("en", ""), ("zh", "zh/")])
def test_pool_chart_axis_ends_at_the_horizon_with_whole_month_ticks(
    page: Page, site_url: str, lang: str, prefix: str
) -> None:
    # Horizon 37: Chart.js on its own would round the axis up to 40 and label ticks "5, 10, …".
    # Opex 5 makes the member lose money every month, so the y axis has negative ticks too.
    root = '[data-calculator="pool_migration"]'
    page.goto(site_url + prefix + "calculators/pool-migration/?horizon_months=37&opex_per_member_month=5")
    wait_live(page)
    axis = """root => {
        const canvas = document.querySelector(root + ' [data-chart="net_value"] canvas');
        const chart = window.Chart && window.Chart.getChart(canvas);
        if (!chart || chart.data.datasets[0].data.length !== 37) return null;
        const {x, y} = chart.scales;
        return {min: x.min, max: x.max, ticks: x.ticks.map(tick => tick.label), y: y.ticks.map(tick => tick.label)};
    }"""
    page.wait_for_function(f"root => ({axis})(root) !== null", arg=root, timeout=LIVE_TIMEOUT_MS)
    shown = page.evaluate(axis, root)
    month = "第 {} 个月" if lang == "zh" else "Month {}"
    assert (shown["min"], shown["max"]) == (1, 37)
    assert shown["ticks"] == [month.format(m) for m in (1, 6, 12, 18, 24, 30, 37)]
    assert any(label.startswith("−") for label in shown["y"]), shown["y"]
    assert not any("-" in label for label in shown["y"]), "one minus sign, as in the table"
