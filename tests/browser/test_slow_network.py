"""A runtime that does not give up on a bad network: it times out on a download
that stalls, never on one that is slow; a wrong runtime file is reported at once,
as the site's fault; tabs opened together start one at a time; and a failure is not
for the life of the tab: the connection's return, the next edit and the next page
each start Python again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import calculator_markup
import pytest
from playwright.sync_api import BrowserContext, Page, Route

from .conftest import LIVE_TIMEOUT_MS, Watch, calculator_page, cpython_outputs, shown_outputs

OpenContext = Callable[..., tuple[BrowserContext, Watch]]
WASM = "**/pyodide.asm.wasm"
ROOT = "[data-calculator]"
# The first 64 kB of the real runtime: it starts as WebAssembly and breaks off.
TRUNCATED = (Path(__file__).resolve().parents[2] / "node_modules/pyodide/pyodide.asm.wasm").read_bytes()[:65536]
# Well under the 45 s watchdog: an answer within this long did not wait for it.
QUICKLY_MS = 30_000


def state(page: Page) -> str:
    return page.get_attribute(ROOT, "data-state") or ""


def wait_state(page: Page, states: tuple[str, ...], timeout: float = LIVE_TIMEOUT_MS) -> str:
    page.wait_for_function(
        "states => states.includes(document.querySelector('[data-calculator]')?.dataset.state)",
        arg=list(states),
        timeout=timeout,
    )
    return state(page)


def forgive_blocked_loads(watch: Watch) -> None:
    """The browser itself logs the requests a test refused; nothing else may fail."""
    watch.errors = [e for e in watch.errors if not e.startswith("console: Failed to load resource")]


@pytest.mark.parametrize(
    "how",
    [
        pytest.param({"status": 200, "body": "<!doctype html><p>Welcome", "content_type": "text/html"}, id="html"),
        pytest.param({"status": 200, "body": b"PK\x03\x04 not wasm", "content_type": "application/wasm"}, id="magic"),
        pytest.param({"status": 404, "body": "gone", "content_type": "text/plain"}, id="404"),
        pytest.param({"status": 200, "body": TRUNCATED, "content_type": "application/wasm"}, id="truncated"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_wrong_runtime_file_is_reported_at_once_as_the_sites_fault(
    open_context: OpenContext, site_url: str, how: dict[str, object], lang: str
) -> None:
    context, watch = open_context()
    context.route(WASM, lambda route: route.fulfill(**how))  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(site_url + calculator_page("funnel", lang))
    assert wait_state(page, ("error", "live"), timeout=QUICKLY_MS) == "error"
    assert page.get_attribute(ROOT, "data-failure") == "server"
    assert page.text_content(f"{ROOT} [data-status]") == calculator_markup.FAILED["server"](lang)
    assert shown_outputs(page) == cpython_outputs("funnel", {}, lang)
    forgive_blocked_loads(watch)


def test_a_slow_download_that_keeps_arriving_is_never_given_up(open_context: OpenContext, site_url: str) -> None:
    """The link is throttled so the download takes many real seconds; meanwhile the page's
    clock runs three times as fast, far past the 45 s watchdog. Bytes keep arriving, so the
    page waits, shows how much has arrived, and goes live."""
    context, _ = open_context()
    page = context.new_page()
    page.clock.install()
    network = context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 50, "downloadThroughput": 700_000, "uploadThroughput": 700_000},
    )
    page.goto(site_url + calculator_page("ltv_cac", "en"), wait_until="commit")
    page.wait_for_selector(f"{ROOT}[data-state]")
    seen_progress = []
    skipped_ms = 0  # on top of the real time that also flows on the page's clock
    started = time.monotonic()
    while state(page) not in ("live", "error") and time.monotonic() - started < 240:
        page.clock.run_for(3_000)
        skipped_ms += 3_000
        page.wait_for_timeout(1_000)
        progress = page.eval_on_selector("[data-runtime-progress]", "e => e.hidden ? '' : e.textContent")
        if progress:
            seen_progress.append(progress)
    assert state(page) == "live", seen_progress[-3:]
    assert skipped_ms > 45_000, "the download outlasted the watchdog on the page's clock"
    assert seen_progress and all(p.startswith("Downloading the live calculator: ") for p in seen_progress)
    assert page.locator("[data-runtime-progress]").is_hidden(), "the progress line goes once Python is up"


def test_a_download_that_stalls_is_the_networks_fault(open_context: OpenContext, site_url: str) -> None:
    context, _ = open_context()
    held: list[Route] = []
    context.route(WASM, lambda route: held.append(route))  # the request is sent and never answered
    page = context.new_page()
    page.clock.install()
    page.goto(site_url + calculator_page("ltv_cac", "zh"))
    page.wait_for_function("() => document.querySelector('[data-calculator]')?.dataset.state === 'loading'")
    page.wait_for_timeout(1_000)
    page.clock.run_for(46_000)
    assert wait_state(page, ("error",), timeout=5_000) == "error"
    assert page.get_attribute(ROOT, "data-failure") == "network"
    assert page.text_content(f"{ROOT} [data-status]") == calculator_markup.FAILED["network"]("zh")
    for route in held:
        route.abort()


def test_tabs_opened_together_start_one_at_a_time_and_all_go_live(open_context: OpenContext, site_url: str) -> None:
    context, _ = open_context()
    context.add_init_script(
        "window.__phases = []; addEventListener('calculator-runtime', e => window.__phases.push(e.detail.phase));"
    )
    pages = [context.new_page() for _ in range(4)]
    for page in pages:
        page.goto(site_url + calculator_page("pool_migration", "en"), wait_until="commit")
    for page in pages:
        assert wait_state(page, ("live", "error")) == "live"
        assert shown_outputs(page) == cpython_outputs("pool_migration", {}, "en")
    phases = [page.evaluate("window.__phases") for page in pages]
    waited = [p for p in phases if "waiting" in p]
    assert 1 <= len(waited) <= 3, phases  # the first tab never waits; later ones wait for it


def blocked_then_back(context: BrowserContext, page: Page, url: str) -> None:
    """Open `url` with the runtime unreachable, wait for the error, then let the network back."""
    context.route(WASM, lambda route: route.abort())
    page.goto(url)
    assert wait_state(page, ("error", "live")) == "error"
    assert page.get_attribute(ROOT, "data-failure") == "network"
    context.unroute(WASM)


def test_the_connections_return_starts_python_again(open_context: OpenContext, site_url: str) -> None:
    context, watch = open_context()
    page = context.new_page()
    blocked_then_back(context, page, site_url + calculator_page("funnel", "en"))
    context.set_offline(True)
    context.set_offline(False)  # the page hears "online"
    assert wait_state(page, ("live",)) == "live"
    assert shown_outputs(page) == cpython_outputs("funnel", {}, "en")
    forgive_blocked_loads(watch)


def test_the_next_edit_starts_python_again(open_context: OpenContext, site_url: str) -> None:
    context, watch = open_context()
    page = context.new_page()
    blocked_then_back(context, page, site_url + calculator_page("ltv_cac", "en"))
    page.fill(f"{ROOT} input[name=cac]", "450")
    assert wait_state(page, ("live",)) == "live"
    assert shown_outputs(page) == cpython_outputs("ltv_cac", {"cac": "450"}, "en")
    forgive_blocked_loads(watch)


def test_the_next_page_starts_python_again(open_context: OpenContext, site_url: str) -> None:
    context, watch = open_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    blocked_then_back(context, page, site_url + calculator_page("ltv_cac", "en"))
    page.evaluate("window.__noReload = true")
    page.evaluate("document.querySelector(\"a[href$='calculators/funnel/']\").click()")  # instant navigation
    page.wait_for_selector('[data-calculator="funnel"]')
    assert wait_state(page, ("live",)) == "live"
    assert page.evaluate("window.__noReload") is True, "navigation was instant, not a reload"
    assert shown_outputs(page) == cpython_outputs("funnel", {}, "en")
    forgive_blocked_loads(watch)
