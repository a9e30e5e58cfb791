"""Results that belong to other inputs than the form's are marked as such.

A share link fills the form at once, but the numbers beside it are the pre-rendered
defaults until Python answers (seconds on a cold start): until then the results are
aria-busy, dimmed and the status says so; if the runtime fails they stay marked, and a
Retry button starts it again. Exports before Python answers write the defaults' inputs
beside the defaults' results, never the form's newer numbers (issue 14).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import calculator_markup
import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Route

from calculators import CALCULATORS, run

from .conftest import LIVE_TIMEOUT_MS, Watch, calculator_page, cpython_outputs, shown_outputs, wait_live

OpenContext = Callable[..., tuple[BrowserContext, Watch]]
ROOT = "[data-calculator]"
SHARED = {"arpu": "88.5", "monthly_churn": "4"}
QUERY = "?arpu=88.5&monthly_churn=4"


def marks(page: Page) -> dict[str, object]:
    """How the results present themselves: busy, dimmed, the status text, the retry button."""
    return page.evaluate(  # type: ignore[no-any-return]
        """root => { const el = document.querySelector(root);
            return { busy: el.querySelector('.calc__results').getAttribute('aria-busy'),
                     opacity: Number(getComputedStyle(el.querySelector('.calc__outputs')).opacity),
                     status: el.querySelector('[data-status]').textContent,
                     retry: !el.querySelector('[data-retry]').hidden }; }""",
        ROOT,
    )


def forgive_blocked_wasm(context: BrowserContext, watch: Watch) -> Callable[[], None]:
    """The blocked runtime request is logged as a failed load; that one complaint is expected."""
    console: list[ConsoleMessage] = []
    context.on("console", lambda message: console.append(message))

    def forgive() -> None:
        for message in console:
            if message.type == "error" and message.location["url"].endswith("pyodide.asm.wasm"):
                watch.errors.remove(f"console: {message.text}")

    return forgive


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_share_link_marks_the_default_results_until_python_answers(
    open_context: OpenContext, site_url: str, lang: str, width: int
) -> None:
    context, _ = open_context(viewport={"width": width, "height": 800})
    held: list[Route] = []
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page = context.new_page()
    page.goto(site_url + calculator_page("ltv_cac", lang) + QUERY)
    page.wait_for_function("root => document.querySelector(root).dataset.state === 'loading'", arg=ROOT)
    page.wait_for_function("() => document.querySelector('.calc__results').getAttribute('aria-busy') === 'true'")
    shown = marks(page)
    assert shown["status"] == calculator_markup.STALE["busy"](lang)
    assert shown["opacity"] < 0.6 and not shown["retry"]
    assert shown_outputs(page) == cpython_outputs("ltv_cac", {}, lang), "still the defaults' numbers"
    for route in held:
        route.continue_()
    context.unroute("**/pyodide.asm.wasm")
    wait_live(page)
    assert shown_outputs(page) == cpython_outputs("ltv_cac", SHARED, lang)
    page.wait_for_function("() => getComputedStyle(document.querySelector('.calc__outputs')).opacity === '1'")
    assert marks(page) | {"opacity": 1} == {
        "busy": "false",
        "opacity": 1,
        "status": calculator_markup.STATUS["live"](lang),
        "retry": False,
    }


def test_default_inputs_are_not_marked_while_python_starts(open_context: OpenContext, site_url: str) -> None:
    context, _ = open_context()
    held: list[Route] = []
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page = context.new_page()
    page.goto(site_url + calculator_page("funnel", "en"))
    page.wait_for_function("root => document.querySelector(root).dataset.state === 'loading'", arg=ROOT)
    assert marks(page) == {
        "busy": "false",
        "opacity": 1,
        "status": calculator_markup.STATUS["loading"]("en"),
        "retry": False,
    }
    # Typing before Python is up: the results no longer belong to the form.
    page.fill(f'{ROOT} input[name="visitors"]', "5000")
    page.wait_for_function("() => document.querySelector('.calc__results').getAttribute('aria-busy') === 'true'")
    for route in held:
        route.continue_()
    context.unroute("**/pyodide.asm.wasm")
    wait_live(page)
    assert shown_outputs(page) == cpython_outputs("funnel", {"visitors": 5000}, "en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_failed_runtime_keeps_the_mark_and_retry_starts_it_again(
    open_context: OpenContext, site_url: str, lang: str
) -> None:
    context, watch = open_context(viewport={"width": 375, "height": 800})
    forgive = forgive_blocked_wasm(context, watch)
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page = context.new_page()
    page.goto(site_url + calculator_page("ltv_cac", lang) + QUERY)
    page.wait_for_selector(f"{ROOT}[data-state=error]", timeout=LIVE_TIMEOUT_MS)
    shown = marks(page)
    assert shown["busy"] == "false", "nothing is on its way any more"
    assert shown["status"] == calculator_markup.STALE_FAILED["network"](lang)
    assert shown["opacity"] < 0.6 and shown["retry"]
    assert page.text_content(f"{ROOT} [data-retry]") == calculator_markup.UI["retry"](lang)
    # The network is back: Retry starts Python, and the shared numbers get their results.
    context.unroute("**/pyodide.asm.wasm")
    page.click(f"{ROOT} [data-retry]")
    wait_live(page)
    assert shown_outputs(page) == cpython_outputs("ltv_cac", SHARED, lang)
    assert not marks(page)["retry"]
    forgive()


def test_exports_before_python_answers_pair_the_defaults_inputs_with_their_results(
    open_context: OpenContext, site_url: str
) -> None:
    context, watch = open_context(accept_downloads=True)
    forgive = forgive_blocked_wasm(context, watch)
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page = context.new_page()
    page.goto(site_url + calculator_page("ltv_cac", "en") + "?arpu=500&cac=abc")
    page.wait_for_selector(f"{ROOT}[data-state=error]", timeout=LIVE_TIMEOUT_MS)
    with page.expect_download() as download:
        page.click(f'{ROOT} [data-action="json"]')
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    defaults = run("ltv_cac", {})
    assert exported["inputs"] == defaults["inputs"], "the inputs the shown results belong to"
    assert exported["outputs"]["ltv"] == defaults["outputs"]["ltv"]
    assert "NaN" not in json.dumps(exported)
    assert set(exported["inputs"]) == {spec.name for spec in CALCULATORS["ltv_cac"].fields}
    forgive()
