"""The decision tools on a calculator page: "Solve for a target" and ranges, in both languages,
answered by the same Python as `calculators.solve` and `calculators.simulate`, bad input
answered beside the control, nothing lost."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import calculator_markup
import pytest
from playwright.sync_api import BrowserContext, Page

from calculators import CALCULATORS
from calculators.core import parse_number
from calculators.presentation import uncertainty
from calculators.registry import presentation
from calculators.simulate import simulate
from calculators.solve import solution_sentence, solve
from calculators.web import FIX_INPUTS_FIRST
from calculators.web import answer as web_answer

from .conftest import LIVE_TIMEOUT_MS, Watch, calculator_page, cpython_outputs, shown_outputs, wait_live

LANGS = ("en", "zh")


def open_solve(page: Page, site_url: str, name: str, lang: str, query: str = "") -> str:
    page.goto(site_url + calculator_page(name, lang) + query)
    wait_live(page)
    root = f'[data-calculator="{name}"]'
    page.click(f"{root} .calc__solve summary")
    return root


def ask(page: Page, root: str, output: str, target: str, vary: str) -> str:
    page.select_option(f"{root} [data-solve-output]", output)
    page.fill(f"{root} [data-solve-target]", target)
    page.select_option(f"{root} [data-solve-vary]", vary)
    page.evaluate("root => document.querySelector(root + ' [data-solve-answer]').textContent = ''", root)
    page.click(f'{root} .calc__solve-form button[type="submit"]')
    page.wait_for_function(
        "root => { const p = document.querySelector(root + ' [data-solve-answer]');"
        " const e = document.querySelector(root + ' [data-solve-error]');"
        " return e.textContent || (p.textContent && !p.textContent.endsWith('…')); }",
        arg=root,
        timeout=LIVE_TIMEOUT_MS,
    )
    return page.text_content(f"{root} [data-solve-answer]") or ""


# (calculator, output, target, field): one question per calculator, each with an answer.
QUESTIONS = [
    ("ltv_cac", "ltv_cac_ratio", "3", "cac"),
    ("funnel", "buyers", "500", "visitors"),
    ("pool_migration", "npv_per_member", "0", "aov"),
    ("holdout_test", "power_at_expected_lift", "90", "members"),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "output", "target", "field"), QUESTIONS)
def test_solve_answers_as_cpython_and_applies_the_value(
    page: Page, site_url: str, name: str, output: str, target: str, field: str, lang: str
) -> None:
    root = open_solve(page, site_url, name, lang)
    shown = ask(page, root, output, target, field)
    want = solve(name, {}, output, target, field)
    assert want["value"] is not None, "each question here has an answer"
    goal = parse_number(target)
    assert goal is not None
    assert shown == solution_sentence(name, output, goal, field, want, lang)
    apply = page.locator(f"{root} [data-solve-apply]")
    assert apply.is_visible()
    apply.click()
    applied = page.input_value(f'{root} form input[name="{field}"]')
    assert abs(float(applied) - want["value"]) <= 1e-5 * max(1.0, abs(want["value"]))
    page.wait_for_function(
        "([root, want]) => Object.entries(want).every(([k, v]) =>"
        ' document.querySelector(`${root} [data-output="${k}"]`).textContent === v[1])',
        arg=[root, cpython_outputs(name, {field: applied}, lang)],
        timeout=LIVE_TIMEOUT_MS,
    )
    # The answer belonged to the inputs it was sought from; after the edit it is gone.
    assert apply.is_hidden()
    assert page.text_content(f"{root} [data-solve-answer]") == ""


@pytest.mark.parametrize("lang", LANGS)
def test_no_solution_is_explained_not_an_error(page: Page, site_url: str, lang: str) -> None:
    root = open_solve(page, site_url, "ltv_cac", lang)
    shown = ask(page, root, "ltv_cac_ratio", "100", "monthly_churn")
    want = solve("ltv_cac", {}, "ltv_cac_ratio", "100", "monthly_churn")
    assert want["value"] is None
    assert shown == want["note"][lang]
    assert page.locator(f"{root} [data-solve-apply]").is_hidden()
    assert page.text_content(f"{root} [data-solve-error]") == ""


@pytest.mark.parametrize("lang", LANGS)
def test_bad_targets_and_bad_inputs_are_answered_beside_the_control(page: Page, site_url: str, lang: str) -> None:
    root = open_solve(page, site_url, "ltv_cac", lang)
    before = shown_outputs(page)
    for target in ("abc", "", "1e999x", "<b>3</b>"):
        ask(page, root, "ltv_cac_ratio", target, "cac")
        error = page.text_content(f"{root} [data-solve-error]") or ""
        assert error and "Traceback" not in error and "NaN" not in error, target
        assert page.get_attribute(f"{root} [data-solve-target]", "aria-invalid") == "true"
        assert page.locator(f"{root} [data-solve-apply]").is_hidden()
    # An invalid input in the form: the control says to fix the form first; nothing is lost.
    page.fill(f'{root} form input[name="arpu"]', "-5")
    page.wait_for_selector(f"{root}[data-state=invalid]")
    ask(page, root, "ltv_cac_ratio", "3", "cac")
    assert page.text_content(f"{root} [data-solve-error]") == FIX_INPUTS_FIRST(lang)
    assert page.get_attribute(f"{root} [data-solve-target]", "aria-invalid") == "false"
    assert shown_outputs(page) == before == cpython_outputs("ltv_cac", {}, lang)


def test_the_control_offers_every_numeric_output_and_every_field(page: Page, site_url: str) -> None:
    for name, calc in CALCULATORS.items():
        root = open_solve(page, site_url, name, "en")
        outputs = page.eval_on_selector_all(f"{root} [data-solve-output] option", "els => els.map(e => e.value)")
        fields = page.eval_on_selector_all(f"{root} [data-solve-vary] option", "els => els.map(e => e.value)")
        assert outputs == [o.key for o in calc.outputs if o.unit != "category"]
        assert fields == [f.name for f in calc.fields]
        assert page.input_value(f"{root} [data-solve-output]") == presentation(name).headline


# ------------------------------------------------------------------ ranges


def cpython_uncertainty(name: str, ranges: dict[str, tuple[str, str]], lang: str) -> dict[str, Any]:
    shown = presentation(name)
    simulated = simulate(name, {}, ranges, loss_below=shown.loss_below, headline=shown.headline)
    return uncertainty(CALCULATORS[name], simulated, lang) | {"simulated": simulated}


def page_uncertainty(page: Page, root: str) -> dict[str, Any]:
    return page.evaluate(  # type: ignore[no-any-return]
        """root => { const s = document.querySelector(root + ' [data-uncertainty]');
            return { rows: [...s.querySelectorAll('tbody tr')].map(tr => [...tr.cells].map(c => c.textContent)),
                     loss: s.querySelector('[data-uncertainty-loss]').textContent,
                     tornado: [...s.querySelectorAll('.calc__tornado-row')].map(r => [r.dataset.field,
                        r.querySelector('.calc__tornado-ends').textContent]) }; }""",
        root,
    )


RANGES = {
    "ltv_cac": {"arpu": ("80", "130"), "monthly_churn": ("3", "9"), "cac": ("250", "400")},
    "pool_migration": {"roas": ("0.5", "5"), "private_orders_per_month": ("0.05", "0.3")},
    "funnel": {"purchase_rate": ("15", "35"), "invite_conversion": ("5", "40")},
    "holdout_test": {"baseline_purchase_rate": ("2", "8")},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(RANGES))
def test_ranges_from_a_share_link_give_cpythons_deciles_loss_and_tornado(
    page: Page, site_url: str, name: str, lang: str
) -> None:
    ranges = RANGES[name]
    query = "?" + "&".join(f"range.{field}={low}..{high}" for field, (low, high) in ranges.items())
    page.goto(site_url + calculator_page(name, lang) + query)
    wait_live(page)
    root = f'[data-calculator="{name}"]'
    page.wait_for_selector(f"{root} [data-uncertainty]:not([hidden])", timeout=LIVE_TIMEOUT_MS)
    want = cpython_uncertainty(name, ranges, lang)
    shown = page_uncertainty(page, root)
    assert shown["rows"] == [[r["label"], r["p10"], r["p50"], r["p90"], r["below_zero"]] for r in want["rows"]]
    assert shown["loss"] == (want["loss"] or "")
    assert shown["tornado"] == [
        [r["field"], f"{r['output_low']} … {r['output_high']}"] for r in want["tornado"]["rows"]
    ]
    assert page.get_attribute(f'{root} [data-action="ranges"]', "aria-pressed") == "true"
    # The address bar keeps the ranges, and the JSON export carries the same simulation.
    for field, (low, high) in ranges.items():
        assert f"range.{field}={low}..{high}" in unquote(page.url)
    with page.expect_download() as download:
        page.click(f'{root} [data-action="json"]')
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["simulation"] == json.loads(json.dumps(want["simulated"]))


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_range_is_answered_beside_its_input_and_nothing_is_lost(page: Page, site_url: str, lang: str) -> None:
    page.goto(site_url + calculator_page("ltv_cac", lang))
    wait_live(page)
    root = '[data-calculator="ltv_cac"]'
    page.click(f'{root} [data-action="ranges"]')
    page.fill(f'{root} [data-range-low="arpu"]', "80")
    page.fill(f'{root} [data-range-high="arpu"]', "120")
    page.wait_for_selector(f"{root} [data-uncertainty]:not([hidden])", timeout=LIVE_TIMEOUT_MS)
    before = shown_outputs(page)
    for low, high in (("120", "130"), ("abc", "120"), ("80", "")):
        page.fill(f'{root} [data-range-low="arpu"]', low)
        page.fill(f'{root} [data-range-high="arpu"]', high)
        want = answer_range_error(lang, {"arpu": (low, high)})
        page.wait_for_function(
            "([root, want]) => document.querySelector(root + ' [data-error-for=\"range.arpu\"]').textContent === want",
            arg=[root, want],
        )
        assert page.locator(f"{root} [data-uncertainty]").is_hidden()
        assert page.get_attribute(f'{root} [data-range-low="arpu"]', "aria-invalid") == "true"
        assert shown_outputs(page) == before
    # Turning ranges off clears them from the results and from the link.
    page.fill(f'{root} [data-range-low="arpu"]', "80")
    page.fill(f'{root} [data-range-high="arpu"]', "120")
    page.wait_for_selector(f"{root} [data-uncertainty]:not([hidden])", timeout=LIVE_TIMEOUT_MS)
    page.click(f'{root} [data-action="ranges"]')
    assert page.locator(f"{root} [data-uncertainty]").is_hidden()
    assert page.locator(f'{root} [data-range-low="arpu"]').is_hidden()
    page.fill(f'{root} form input[name="arpu"]', "101")
    page.wait_for_function("() => location.search.includes('arpu=101')")
    assert "range." not in page.url


def answer_range_error(lang: str, ranges: dict[str, tuple[str, str]]) -> str:
    found = web_answer({"calculator": "ltv_cac", "inputs": {}, "lang": lang, "want": ["simulate"], "ranges": ranges})
    return str(found["range_errors"]["range.arpu"])


def test_a_range_for_a_field_the_calculator_lacks_is_reported(page: Page, site_url: str) -> None:
    page.goto(site_url + calculator_page("ltv_cac", "en") + "?range.colour=1..2&range.arpu=90..110")
    wait_live(page)
    notice = page.locator('[data-calculator="ltv_cac"] [data-query-notice]')
    assert "range.colour" in (notice.text_content() or "")
    page.wait_for_selector('[data-calculator="ltv_cac"] [data-uncertainty]:not([hidden])', timeout=LIVE_TIMEOUT_MS)


# ------------------------------------------------------------------ currency


@pytest.mark.parametrize("lang", LANGS)
def test_the_currency_setting_changes_the_symbols_and_is_kept_and_shared(page: Page, site_url: str, lang: str) -> None:
    page.goto(site_url + calculator_page("ltv_cac", lang) + "?currency=USD&arpu=90")
    wait_live(page)
    root = '[data-calculator="ltv_cac"]'
    want = web_answer({"calculator": "ltv_cac", "inputs": {"arpu": "90"}, "lang": lang, "currency": "USD"})
    assert page.text_content(f'{root} [data-output="ltv"]') == want["outputs"]["ltv"]["text"]
    symbol = "US$" if lang == "zh" else "$"
    assert page.text_content(f'{root} label[for="ltv_cac-arpu"] .calc__unit') == f"({symbol})"
    page.select_option(f"{root} [data-currency]", "EUR")
    euro = web_answer({"calculator": "ltv_cac", "inputs": {"arpu": "90"}, "lang": lang, "currency": "EUR"})
    page.wait_for_function(
        "([sel, want]) => document.querySelector(sel).textContent === want",
        arg=[f'{root} [data-output="ltv"]', euro["outputs"]["ltv"]["text"]],
    )
    page.wait_for_function("() => location.search.includes('currency=EUR')")
    # Kept for the site in this browser: a page opened without the parameter uses it.
    page.goto(site_url + calculator_page("funnel", lang))
    wait_live(page)
    assert page.input_value('[data-calculator="funnel"] [data-currency]') == "EUR"
    assert "€" in (page.text_content('[data-calculator="funnel"] [data-output="revenue"]') or "")
    assert "¥" not in (page.text_content('[data-calculator="funnel"] .calc__form') or "")


# ------------------------------------------------------------------ your own retention

COHORTS = "\n".join(",".join(str(int(1000 * 0.8 ** (j**0.7))) for j in range(25 - i)) for i in range(25))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["ltv_cac", "pool_migration"])
def test_a_pasted_cohort_table_fills_the_retention_fields_without_leaving_the_browser(
    open_context: Callable[..., tuple[BrowserContext, Watch]], site_url: str, name: str, lang: str
) -> None:
    context, watch = open_context()
    page = context.new_page()
    page.goto(site_url + calculator_page(name, lang))
    wait_live(page)
    root = f'[data-calculator="{name}"]'
    page.click(f"{root} .calc__cohort summary")
    page.fill(f"{root} [data-cohort-text]", COHORTS)
    page.click(f"{root} [data-cohort-read]")
    want = web_answer({"calculator": name, "retention_table": COHORTS, "lang": lang})
    page.wait_for_function(
        "([sel, want]) => document.querySelector(sel).textContent === want",
        arg=[f"{root} [data-cohort-result]", want["text"]],
        timeout=LIVE_TIMEOUT_MS,
    )
    for field, value in want["inputs"].items():
        assert page.input_value(f'{root} form input[name="{field}"]') == value
    page.wait_for_function(
        "([root, want]) => Object.entries(want).every(([k, v]) =>"
        " document.querySelector(`${root} [data-output='${k}']`).textContent === v[1])",
        arg=[root, cpython_outputs(name, want["inputs"], lang)],
        timeout=LIVE_TIMEOUT_MS,
    )
    assert page.text_content(f'{root} [data-output="sbg_alpha"]') != "—", "the fitted curve is in use"
    # The table itself went to no server: no request carries any of it.
    marker = COHORTS.splitlines()[0]
    assert not [url for url in watch.requests if marker in unquote(url) or "retention" in url]


@pytest.mark.parametrize("lang", LANGS)
def test_bad_cohort_tables_are_answered_beside_the_box_and_nothing_is_lost(
    page: Page, site_url: str, lang: str
) -> None:
    page.goto(site_url + calculator_page("ltv_cac", lang))
    wait_live(page)
    root = '[data-calculator="ltv_cac"]'
    page.click(f"{root} .calc__cohort summary")
    before = shown_outputs(page)
    bad = {
        "text in a cell": "1000,800,abc,600\n1000,700\n",
        "rising retention": "1000,800,850,600\n",
        "empty rows": "\n\n  \n",
        "10 MB paste": "1000,800,600\n" * 800_000,
    }
    for why, table in bad.items():
        if len(table) > 1_000_000:
            page.eval_on_selector(f"{root} [data-cohort-text]", "(el, t) => { el.value = t; }", table)
        else:
            page.fill(f"{root} [data-cohort-text]", table)
        page.evaluate("root => document.querySelector(root + ' [data-cohort-error]').textContent = ''", root)
        page.click(f"{root} [data-cohort-read]")
        page.wait_for_function(
            "root => document.querySelector(root + ' [data-cohort-error]').textContent", arg=root, timeout=30_000
        )
        message = page.text_content(f"{root} [data-cohort-error]") or ""
        if len(table) > 1_000_000:
            assert message == calculator_markup.UI["cohort_too_large"](lang), why
        else:
            assert (
                message
                == web_answer({"calculator": "ltv_cac", "retention_table": table, "lang": lang})["table_error"][
                    "message"
                ]
            ), why
        assert page.get_attribute(f"{root} [data-cohort-text]", "aria-invalid") == "true"
        assert shown_outputs(page) == before, f"{why}: the last good numbers stay"
        assert page.input_value(f'{root} form input[name="retention_m1"]') == "0"
