"""Calculator pages as a trainee uses them: presets, share, reset, export, print,
sensitivity, compare, charts and keyboard — in both languages."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import calculator_markup
import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from calculators import CALCULATORS, run
from calculators.display import format_output, js_number_string
from calculators.presentation import charts_payload, sensitivity
from calculators.registry import presentation

from .conftest import LIVE_TIMEOUT_MS, Watch, calculator_page, wait_live, watched_context
from .test_calculator_page import expected

LANGS = ("en", "zh")
CASES = [(name, lang) for name in CALCULATORS for lang in LANGS]


@pytest.fixture(scope="module")
def warm_context(browser: Browser, site_url: str) -> Iterator[tuple[BrowserContext, Watch]]:
    """One profile for the module, as one reader clicking around: Pyodide's files are cached."""
    with watched_context(browser, site_url, viewport={"width": 1280, "height": 900}, accept_downloads=True) as made:
        yield made


@pytest.fixture
def page(warm_context: tuple[BrowserContext, Watch]) -> Iterator[Page]:
    """A new tab in the warm profile (overrides the fresh-profile page of conftest)."""
    tab = warm_context[0].new_page()
    yield tab
    tab.close()


def root_of(name: str) -> str:
    return f'[data-calculator="{name}"]'


def open_live(page: Page, site_url: str, name: str, lang: str, query: str = "") -> None:
    page.goto(site_url + calculator_page(name, lang) + query)
    wait_live(page, root_of(name))


def outputs_match(page: Page, name: str, want: dict[str, list[str]]) -> None:
    page.wait_for_function(
        """([root, want]) => [...document.querySelectorAll(root + ' [data-output]')].every(e =>
            want[e.dataset.output][0] === e.dataset.value && want[e.dataset.output][1] === e.textContent)""",
        arg=[root_of(name), want],
        timeout=LIVE_TIMEOUT_MS,
    )


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_presets_fill_the_form_and_show_their_sources(page: Page, site_url: str, name: str, lang: str) -> None:
    calc = CALCULATORS[name]
    assert len(calc.presets) >= 3
    open_live(page, site_url, name, lang)
    root = root_of(name)
    for preset in calc.presets:
        page.select_option(f"{root} [data-preset-picker]", preset.id)
        outputs_match(page, name, expected(preset.inputs(), lang, name))
        panel = page.locator(f'{root} [data-preset-sources="{preset.id}"]')
        assert panel.is_visible()
        for entry in preset.values.values():
            assert entry.source.text(lang) in (panel.text_content() or "")  # type: ignore[arg-type]
        assert page.locator(f"{root} [data-preset-sources]:visible").count() == 1
    # Editing a number by hand keeps the scenario it came from, marked as modified; putting
    # the number back clears the mark.
    last = calc.presets[-1]
    field = next(iter(last.values))
    picker = f"{root} [data-preset-picker]"
    selected_text = "sel => document.querySelector(sel).selectedOptions[0].textContent"
    page.fill(f'{root} input[name="{field}"]', "1")
    assert page.input_value(picker) == last.id
    modified = calculator_markup.UI["modified"](lang).format(preset=last.name(lang))
    page.wait_for_function(f"([sel, want]) => ({selected_text})(sel) === want", arg=[picker, modified])
    page.fill(f'{root} input[name="{field}"]', js_number_string(last.values[field].value))
    page.wait_for_function(f"([sel, want]) => ({selected_text})(sel) === want", arg=[picker, last.name(lang)])
    assert calculator_markup.UI["modified"](lang).format(preset="") not in (page.text_content(picker) or "")


@pytest.mark.parametrize("lang", LANGS)
def test_a_link_with_parameters_the_page_does_not_know_says_so(page: Page, site_url: str, lang: str) -> None:
    open_live(page, site_url, "ltv_cac", lang, "?arpu=120&colour=red&preset=no_such&h=churn")
    notice = page.locator('[data-calculator="ltv_cac"] [data-query-notice]')
    assert notice.is_visible()
    names = calculator_markup.UI["list_separator"](lang).join(["preset=no_such", "colour"])
    assert notice.text_content() == calculator_markup.UI["unknown_query"](lang).format(names=names)
    assert page.input_value('[data-calculator="ltv_cac"] input[name="arpu"]') == "120", "the known ones still apply"
    # Search highlighting's ?h= is the theme's, not the calculator's; a clean link says nothing.
    open_live(page, site_url, "ltv_cac", lang, "?arpu=120&h=churn")
    assert page.locator('[data-calculator="ltv_cac"] [data-query-notice]').is_hidden()


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_share_link_restores_the_inputs_and_reset_restores_defaults(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str, name: str, lang: str
) -> None:
    context, _ = open_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    open_live(page, site_url, name, lang)
    root = root_of(name)
    field = CALCULATORS[name].fields[0]
    page.fill(f'{root} input[name="{field.name}"]', "42")
    outputs_match(page, name, expected({field.name: "42"}, lang, name))
    page.click(f'{root} [data-action="share"]')
    page.wait_for_function(f"document.querySelector('{root} [data-toast]').textContent.length > 0")
    link = page.evaluate("navigator.clipboard.readText()")
    assert f"{field.name}=42" in link

    other = context.new_page()
    other.goto(link)
    wait_live(other, root)
    assert other.input_value(f'{root} input[name="{field.name}"]') == "42"
    outputs_match(other, name, expected({field.name: "42"}, lang, name))

    other.click(f'{root} [data-action="reset"]')
    outputs_match(other, name, expected({}, lang, name))
    assert "?" not in other.url
    for spec in CALCULATORS[name].fields:
        assert other.input_value(f'{root} input[name="{spec.name}"]') == other.get_attribute(
            f'{root} input[name="{spec.name}"]', "data-default"
        )


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_export_csv_and_json_carry_the_current_result(page: Page, site_url: str, name: str, lang: str) -> None:
    field = CALCULATORS[name].fields[1]
    open_live(page, site_url, name, lang, f"?{field.name}={field.default}")
    root = root_of(name)
    with page.expect_download() as json_download:
        page.click(f'{root} [data-action="json"]')
    exported = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert exported == json.loads(json.dumps(run(name, {field.name: str(field.default)})))

    with page.expect_download() as csv_download:
        page.click(f'{root} [data-action="csv"]')
    assert csv_download.value.suggested_filename == f"{name}.csv"
    text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    outputs = {r["key"]: r for r in rows if r["section"] == "output"}
    result = run(name)
    for spec in CALCULATORS[name].outputs:
        value = result["outputs"][spec.key]
        if isinstance(value, float):
            assert float(outputs[spec.key]["value"]) == value
        assert outputs[spec.key]["label"] == spec.label(lang)  # type: ignore[arg-type]
    inputs = {r["key"] for r in rows if r["section"] == "input"}
    assert inputs == {spec.name for spec in CALCULATORS[name].fields}


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_sensitivity_table_is_what_python_computes(page: Page, site_url: str, name: str, lang: str) -> None:
    calc = CALCULATORS[name]
    shown = presentation(name)
    field = shown.sensitivity_fields[0]
    value = str(calc.field(field).default * 1.5 if not calc.field(field).integer else calc.field(field).default)
    open_live(page, site_url, name, lang)
    page.fill(f'{root_of(name)} input[name="{field}"]', value)
    want = sensitivity(calc, shown, run(name, {field: value})["inputs"], lang)  # type: ignore[arg-type]
    cells = [[cell["text"] + cell["change"] for cell in row["cells"]] for row in want["rows"]]
    page.wait_for_function(
        """([root, want]) => {
            const rows = [...document.querySelectorAll(root + ' [data-sensitivity-table] tbody tr')];
            return rows.length === want.length && rows.every((tr, i) =>
                [...tr.querySelectorAll('td')].every((td, j) => td.textContent === want[i][j]));
        }""",
        arg=[root_of(name), cells],
        timeout=LIVE_TIMEOUT_MS,
    )


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_compare_keeps_scenario_a_beside_the_current_one(page: Page, site_url: str, name: str, lang: str) -> None:
    open_live(page, site_url, name, lang)
    root = root_of(name)
    assert not page.locator(f"{root} [data-compare]").is_visible()
    page.click(f'{root} [data-action="pin"]')
    assert page.get_attribute(f'{root} [data-action="pin"]', "aria-pressed") == "true"
    field = CALCULATORS[name].fields[0]
    page.fill(f'{root} input[name="{field.name}"]', "7")
    b = expected({field.name: "7"}, lang, name)
    a = expected({}, lang, name)
    page.wait_for_function(
        """([root, a, b, keys]) => {
            const rows = [...document.querySelectorAll(root + ' [data-compare-body] tr')];
            return rows.length === keys.length && rows.every((tr, i) =>
                tr.cells[1].textContent === a[keys[i]][1] && tr.cells[2].textContent === b[keys[i]][1]);
        }""",
        arg=[root, a, b, [o.key for o in CALCULATORS[name].outputs]],
        timeout=LIVE_TIMEOUT_MS,
    )
    page.click(f'{root} [data-action="pin"]')
    assert not page.locator(f"{root} [data-compare]").is_visible()


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_charts_are_drawn_and_their_tables_follow_the_inputs(page: Page, site_url: str, name: str, lang: str) -> None:
    open_live(page, site_url, name, lang)
    root = root_of(name)
    field = CALCULATORS[name].fields[0]
    page.fill(f'{root} input[name="{field.name}"]', "55")
    payloads: dict[str, Any] = charts_payload(presentation(name), run(name, {field.name: "55"}), lang)  # type: ignore[arg-type]
    assert payloads, "every calculator has a chart"
    for chart_id, payload in payloads.items():
        figure = f'{root} [data-chart="{chart_id}"]'
        page.wait_for_function(
            """([figure, rows]) => {
                const trs = [...document.querySelectorAll(figure + ' [data-chart-table] tbody tr')];
                return trs.length === rows.length && trs.every((tr, i) =>
                    [...tr.cells].every((c, j) => c.textContent === rows[i][j]));
            }""",
            arg=[figure, payload["table"]["rows"]],
            timeout=LIVE_TIMEOUT_MS,
        )
        # Something was painted: the canvas is not blank.
        painted = page.eval_on_selector(
            f"{figure} canvas",
            """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true; return false; }""",
        )
        assert painted
        assert page.get_attribute(f"{figure} canvas", "aria-label") == payload["title"]


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_formulas_are_written_beside_the_results(page: Page, site_url: str, name: str, lang: str) -> None:
    page.goto(site_url + calculator_page(name, lang))
    formulas = presentation(name).formulas
    assert formulas
    for key, formula in formulas.items():
        card = page.locator(f'{root_of(name)} .calc__output:has([data-output="{key}"]) .calc__formula')
        assert formula(lang) in (card.text_content() or "")  # type: ignore[arg-type]


def test_keyboard_reaches_every_control_without_a_trap(page: Page, site_url: str) -> None:
    name = "ltv_cac"
    open_live(page, site_url, name, "en")
    root = root_of(name)
    controls = page.eval_on_selector_all(
        f"{root} input, {root} select, {root} button, {root} summary", "els => els.length"
    )
    page.focus(f"{root} [data-preset-picker]")
    seen: list[str] = []
    for _ in range(controls + 5):
        seen.append(
            page.evaluate(
                "document.activeElement.name || document.activeElement.dataset.action || document.activeElement.tagName"
            )
        )
        page.keyboard.press("Tab")
    for spec in CALCULATORS[name].fields:
        assert spec.name in seen
    for action in ("share", "reset", "csv", "json", "print", "pin"):
        assert action in seen
    # Focus moved on past the widget: no trap.
    assert page.evaluate(f"!document.querySelector('{root}').contains(document.activeElement)")
    # Typing into a field from the keyboard works.
    page.focus(f'{root} input[name="cac"]')
    page.keyboard.press("Control+A")
    page.keyboard.type("450")
    outputs_match(page, name, expected({"cac": "450"}, "en", name))


@pytest.mark.parametrize("lang", LANGS)
def test_phone_width_has_no_sideways_scroll(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str, lang: str
) -> None:
    context, _ = open_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for name in CALCULATORS:
        open_live(page, site_url, name, lang)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_print_layout_hides_the_controls(page: Page, site_url: str) -> None:
    open_live(page, site_url, "ltv_cac", "en")
    page.emulate_media(media="print")
    assert not page.locator('[data-action="print"]').is_visible()
    assert page.locator('[data-output="ltv"]').is_visible()
    assert not page.locator(".md-header").is_visible()


def test_results_are_announced_politely(page: Page, site_url: str) -> None:
    page.goto(site_url + calculator_page("ltv_cac", "en"))
    assert page.get_attribute("[data-calculator] [data-status]", "role") == "status"
    assert page.get_attribute("[data-calculator] [data-notes]", "aria-live") == "polite"
    assert page.get_attribute("[data-calculator] .calc__output:first-child", "aria-live") == "polite"
    for spec in CALCULATORS["ltv_cac"].fields:
        label = page.text_content(f'label[for="ltv_cac-{spec.name}"]') or ""
        assert spec.label.en in label
    text = format_output(CALCULATORS["ltv_cac"].outputs[0], run("ltv_cac")["outputs"]["ltv"], "en")
    assert text in (page.text_content("[data-calculator] .calc__outputs") or "")
