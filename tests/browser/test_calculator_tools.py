"""Calculator pages as a trainee uses them: presets, share, reset, export, print,
sensitivity, compare, charts and keyboard — in both languages."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import calculator_markup
import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from calculators import CALCULATORS, run
from calculators.display import format_output, js_number_string
from calculators.presentation import charts_payload, sensitivity
from calculators.registry import presentation
from calculators.web import answer as web_answer

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
    # The address bar follows once typing pauses (calculators.js, rememberLater).
    other.wait_for_function("() => location.search === ''")
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


@pytest.mark.parametrize(("name", "lang"), [("holdout_test", "en"), ("ltv_cac", "zh")])
def test_an_export_before_the_charts_answer_still_carries_the_series(
    page: Page, site_url: str, name: str, lang: str
) -> None:
    # The numbers' answer has no series; the charts' answer, asked in the next frame, brings
    # them. With frames held back, that answer never comes: the export must ask for them.
    open_live(page, site_url, name, lang)
    root = root_of(name)
    field = CALCULATORS[name].fields[0]
    edited = js_number_string(float(field.default) * 11 / 10)
    page.evaluate("window.requestAnimationFrame = () => 0")
    values = f"[...document.querySelectorAll('{root} [data-output]')].map(e => e.dataset.value).join()"
    before = page.evaluate(values)
    page.fill(f'{root} input[name="{field.name}"]', edited)
    page.wait_for_function(
        f"before => {values} !== before",
        arg=before,
        polling=50,  # Playwright's default polling waits for frames, held back here
        timeout=LIVE_TIMEOUT_MS,
    )
    with page.expect_download() as json_download:
        page.click(f'{root} [data-action="json"]')
    exported = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    expected_result = json.loads(json.dumps(run(name, {field.name: edited})))
    assert expected_result["series"], "the calculator has series to export"
    assert exported == expected_result


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
def test_saved_scenarios_sit_beside_the_current_inputs_as_python_compares_them(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str, name: str, lang: str
) -> None:
    page = open_context()[0].new_page()  # a fresh profile: no scenarios kept from other tests
    open_live(page, site_url, name, lang)
    root = root_of(name)
    assert page.locator(f"{root} [data-scenarios]").is_hidden()
    page.click(f"{root} [data-scenario-save]")  # A: the defaults
    field = CALCULATORS[name].fields[0]
    page.fill(f'{root} input[name="{field.name}"]', "7")
    outputs_match(page, name, expected({field.name: "7"}, lang, name))
    names = [calculator_markup.UI["scenario_default"](lang).format(letter="A")]
    current = calculator_markup.UI["scenario_current"](lang)
    want = web_answer(
        {
            "calculator": name,
            "lang": lang,
            "compare": [{"name": names[0], "inputs": {}}, {"name": current, "inputs": {field.name: "7"}}],
        }
    )["compare"]
    page.wait_for_function(
        """([root, want]) => {
            const rows = [...document.querySelectorAll(root + ' [data-scenario-table] tbody tr')];
            return rows.length === want.length && rows.every((tr, i) =>
                [...tr.cells].map(c => c.textContent).join('|') === want[i]);
        }""",
        arg=[root, ["|".join([r["label"], *r["cells"], r["delta"], r["percent"]]) for r in want["rows"]]],
        timeout=LIVE_TIMEOUT_MS,
    )
    assert want["rows"][0]["key"] == field.name, "the input that differs comes first"
    # Kept in this browser under the site's path, and carried by the share link.
    stored = page.evaluate("key => localStorage.getItem(key)", f"calculators:scenarios:v1:/:{name}")
    assert json.loads(stored) == {"version": 1, "scenarios": [{"name": names[0], "inputs": {}}]}
    assert f"scenario.1={quote_plus(names[0])}" in page.url
    page.click(f"{root} [data-scenarios] li button >> nth=1")  # Delete A
    assert page.locator(f"{root} [data-scenarios]").is_hidden()
    page.wait_for_function("() => !location.search.includes('scenario.')")


@pytest.mark.parametrize("lang", LANGS)
def test_scenarios_from_a_link_load_and_draw_scenario_a_on_the_chart(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str, lang: str
) -> None:
    page = open_context(accept_downloads=True)[0].new_page()
    query = "?arpu=130&scenario.1=Plan+low&scenario.1.arpu=80&scenario.2=Plan+long&scenario.2.horizon_months=120"
    open_live(page, site_url, "ltv_cac", lang, query)
    root = root_of("ltv_cac")
    page.wait_for_selector(f"{root} [data-scenario-table]:not([hidden])", timeout=LIVE_TIMEOUT_MS)
    names = page.eval_on_selector_all(f"{root} [data-scenario-list] input", "els => els.map(e => e.value)")
    assert names == ["Plan low", "Plan long"]
    # A's main line is drawn dashed on the chart, with A's own numbers.
    page.wait_for_function(
        "root => { const c = window.Chart && Chart.getChart(document.querySelector(root + ' canvas'));"
        " return c && c.data.datasets.some(d => d.label === 'Plan low'); }",
        arg=root,
        timeout=LIVE_TIMEOUT_MS,
    )
    drawn = page.evaluate(
        "root => Chart.getChart(document.querySelector(root + ' canvas')).data.datasets"
        ".find(d => d.label === 'Plan low').data.map(p => p.y)",
        root,
    )
    assert drawn == run("ltv_cac", {"arpu": "80"})["series"]["cumulative_value"]
    # Loading B puts its numbers in the form.
    page.click(f"{root} [data-scenarios] li >> nth=1 >> button >> nth=0")
    assert page.input_value(f'{root} input[name="horizon_months"]') == "120"
    assert page.input_value(f'{root} input[name="arpu"]') == page.get_attribute(
        f'{root} input[name="arpu"]', "data-default"
    )
    # The exports carry the scenarios; the CSV also the month-by-month series.
    with page.expect_download() as download:
        page.click(f'{root} [data-action="json"]')
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["scenarios"] == [
        {"name": "Plan low", "inputs": {"arpu": "80"}},
        {"name": "Plan long", "inputs": {"horizon_months": "120"}},
    ]
    with page.expect_download() as csv_download:
        page.click(f'{root} [data-action="csv"]')
    rows = list(csv.reader(io.StringIO(Path(csv_download.value.path()).read_text(encoding="utf-8-sig"))))
    series = [row for row in rows if row[0] == "series" and row[1] == "cumulative_value"]
    assert len(series) == 120


def test_two_tabs_saving_scenarios_keep_each_others(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str
) -> None:
    context, _ = open_context()
    first, second = context.new_page(), context.new_page()
    for tab in (first, second):
        open_live(tab, site_url, "ltv_cac", "en")
    root = root_of("ltv_cac")
    first.click(f"{root} [data-scenario-save]")
    second.wait_for_function(
        "root => document.querySelectorAll(root + ' [data-scenario-list] li').length === 1", arg=root
    )
    second.fill(f'{root} input[name="arpu"]', "150")
    second.click(f"{root} [data-scenario-save]")
    stored = json.loads(second.evaluate("() => localStorage.getItem('calculators:scenarios:v1:/:ltv_cac')"))
    assert [s["inputs"] for s in stored["scenarios"]] == [{}, {"arpu": "150"}]
    first.wait_for_function(
        "root => document.querySelectorAll(root + ' [data-scenario-list] li').length === 2", arg=root
    )


def test_a_scenario_name_from_a_link_is_text_in_the_csv_not_a_formula(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str
) -> None:
    page = open_context(accept_downloads=True)[0].new_page()
    open_live(page, site_url, "ltv_cac", "en", "?scenario.1=%3DHYPERLINK(%22x%22)&scenario.1.arpu=-5")
    with page.expect_download() as download:
        page.click(f'{root_of("ltv_cac")} [data-action="csv"]')
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert ["scenario", "", '\'=HYPERLINK("x")', ""] in rows
    assert ["scenario_input", "arpu", '\'=HYPERLINK("x")', "-5"] in rows, "a negative number stays a number"


@pytest.mark.parametrize("lang", LANGS)
def test_unreadable_stored_scenarios_are_set_aside_and_the_reader_is_told(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str, lang: str
) -> None:
    context, _ = open_context()
    context.add_init_script(
        "try { if (!sessionStorage.seeded) { sessionStorage.seeded = 1;"
        " localStorage.setItem('calculators:scenarios:v1:/:ltv_cac', '{not json'); } } catch {}"
    )
    page = context.new_page()
    open_live(page, site_url, "ltv_cac", lang)
    message = page.locator(f"{root_of('ltv_cac')} [data-scenario-message]")
    assert message.is_visible()
    kept = page.evaluate(
        "() => Object.entries(localStorage).filter(([k]) => k.includes(':unreadable:')).map(([k, v]) => [k, v])"
    )
    assert len(kept) == 1 and kept[0][1] == "{not json", "the stored text is not lost"
    assert message.text_content() == calculator_markup.UI["storage_unreadable"](lang).format(key=kept[0][0])
    # A full storage is said, not swallowed.
    page.evaluate(
        "() => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }; }"
    )
    page.click(f"{root_of('ltv_cac')} [data-scenario-save]")
    assert message.text_content() == calculator_markup.UI["storage_full"](lang)
    assert page.eval_on_selector_all(f"{root_of('ltv_cac')} [data-scenario-list] li", "els => els.length") == 1


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
    inside = f"document.querySelector('{root}').contains(document.activeElement)"
    # Tab through the widget; it must let focus go on past it (no trap) within its controls.
    for _ in range(controls + 5):
        if not page.evaluate(inside):
            break
        seen.append(
            page.evaluate(
                "document.activeElement.name || document.activeElement.dataset.action || document.activeElement.tagName"
            )
        )
        page.keyboard.press("Tab")
    assert not page.evaluate(inside), "focus never left the calculator"
    for spec in CALCULATORS[name].fields:
        assert spec.name in seen
    for action in ("share", "reset", "csv", "json", "print", "ranges"):
        assert action in seen
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
