"""How Python starts in the page: from the snapshot the build made, or, when that
cannot be used, the normal way; and when neither works, the pre-rendered page
says so. Only calculator and practice pages download any of it.

The worker reports how it started on <html data-calculator-runtime>.
"""

from __future__ import annotations

import struct
import time
from array import array
from collections.abc import Callable
from pathlib import Path

import calculator_markup
import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Route

from .conftest import LIVE_TIMEOUT_MS, Watch, calculator_page, cpython_outputs, practice_page, shown_outputs

OpenContext = Callable[..., tuple[BrowserContext, Watch]]
SNAPSHOT = "**/interpreter.snapshot"
HEADER = 64  # calculator-snapshot.js, seal(): our header, then the body (Pyodide's snapshot, zero pages left out)
PYTHON_FILES = ("/assets/pyodide/", "/assets/calculators/", "calculator-worker.js")


def runtime_of(page: Page) -> str | None:
    """How the worker started Python, once it has: "snapshot" or "boot"."""
    page.wait_for_function("() => document.documentElement.dataset.calculatorRuntime", timeout=LIVE_TIMEOUT_MS)
    return page.get_attribute("html", "data-calculator-runtime")


def wait_state(page: Page, selector: str, states: tuple[str, ...]) -> str:
    page.wait_for_function(
        "([selector, states]) => states.includes(document.querySelector(selector)?.dataset.state)",
        arg=[selector, list(states)],
        timeout=LIVE_TIMEOUT_MS,
    )
    return page.get_attribute(selector, "data-state") or ""


def checksum(body: bytes) -> int:
    """calculator-snapshot.js's checksum(), to seal a snapshot we altered."""
    h = 0x811C9DC5
    for word in array("I", body[: len(body) // 4 * 4]):
        h = ((h ^ word) * 0x01000193) & 0xFFFFFFFF
    return h


def resealed(sealed: bytes, body: bytes) -> bytes:
    return sealed[:8] + struct.pack("<II", checksum(body), len(body)) + sealed[16:HEADER] + body


@pytest.fixture(scope="module")
def snapshot(built_site: Path) -> bytes:
    found = list(built_site.glob("assets/calculators/calculators-*.pyodide-*/interpreter.snapshot"))
    assert len(found) == 1, found
    return found[0].read_bytes()


def altered(snapshot: bytes, how: str) -> bytes:
    body = bytearray(snapshot[HEADER:])
    if how == "damaged":  # one byte in the middle of the heap
        body[len(body) // 2] ^= 0xFF
        return snapshot[:HEADER] + bytes(body)
    if how == "truncated":
        return snapshot[: len(snapshot) // 2]
    if how == "another package":  # sealed for a package with another hash
        return snapshot[:20] + b"0123456789ab".ljust(HEADER - 20, b"\0") + snapshot[HEADER:]
    if how == "another Pyodide build":
        # The body: page count, bitmap, then the first page, which starts with Pyodide's
        # own header: magic, offset, length, padding, then its 32-byte build id.
        (pages,) = struct.unpack_from("<I", body)
        first = 4 + (pages + 31) // 32 * 4
        body[first + 16 : first + 48] = bytes(32)
        return resealed(snapshot, bytes(body))
    raise AssertionError(how)


def test_calculator_and_practice_pages_start_python_from_the_build_snapshot(
    open_context: OpenContext, site_url: str
) -> None:
    for path, selector in (
        (calculator_page("ltv_cac", "en"), "[data-calculator]"),
        (practice_page("funnel", "zh"), "[data-exercise]"),
    ):
        context, watch = open_context()
        page = context.new_page()
        page.goto(site_url + path)
        assert wait_state(page, selector, ("live", "error")) == "live", path
        assert runtime_of(page) == "snapshot", path
        # The head starts the worker, which fetches the snapshot.
        assert page.locator("head script[data-runtime][src$='calculator-start.js']").count() == 1
        assert any(url.endswith("interpreter.snapshot") for url in watch.requests)
        # The worker compiles the wasm itself, early; Pyodide's own request for it is answered
        # with that module, so it is downloaded once.
        assert sum(url.endswith("pyodide.asm.wasm") for url in watch.requests) == 1, path
        assert not any(url.endswith("python_stdlib.zip") and "/assets/pyodide/" in url for url in watch.requests), (
            "a restore uses the trimmed stdlib beside the snapshot, not the full one"
        )


def test_the_restored_interpreter_answers_as_cpython_does(page: Page, site_url: str) -> None:
    page.goto(site_url + calculator_page("holdout_test", "zh"))
    assert wait_state(page, "[data-calculator]", ("live",)) == "live"
    assert runtime_of(page) == "snapshot"
    assert shown_outputs(page) == cpython_outputs("holdout_test", {}, "zh")
    fields = page.eval_on_selector_all("[data-calculator] form input[name]", "els => els.map(e => [e.name, e.value])")
    inputs: dict[str, str] = {}
    for name, value in fields[:3]:
        inputs[name] = str(float(value) * 1.5 + 1)
        page.fill(f'[data-calculator] input[name="{name}"]', inputs[name])
    page.wait_for_function(
        "want => [...document.querySelectorAll('[data-calculator] [data-output]')]"
        ".every(e => e.dataset.value === want[e.dataset.output][0] && e.textContent === want[e.dataset.output][1])",
        arg=cpython_outputs("holdout_test", inputs, "zh"),
        timeout=LIVE_TIMEOUT_MS,
    )


@pytest.mark.parametrize("how", ["missing", "damaged", "truncated", "another package", "another Pyodide build"])
def test_a_snapshot_that_cannot_be_used_means_a_normal_start(
    open_context: OpenContext, site_url: str, snapshot: bytes, how: str
) -> None:
    context, watch = open_context()
    if how == "missing":
        context.route(SNAPSHOT, lambda route: route.fulfill(status=404, body="gone"))
    else:
        body = altered(snapshot, how)
        context.route(SNAPSHOT, lambda route: route.fulfill(status=200, body=body))
    warnings: list[str] = []
    context.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page = context.new_page()
    page.goto(site_url + calculator_page("funnel", "en"))
    assert wait_state(page, "[data-calculator]", ("live", "error")) == "live", (warnings, watch.errors)
    assert runtime_of(page) == "boot"
    assert shown_outputs(page) == cpython_outputs("funnel", {}, "en")
    assert any("without the snapshot" in text for text in warnings), warnings
    assert sum(url.endswith("pyodide.asm.wasm") for url in watch.requests) == 1, "the normal start compiles it once too"
    if how == "missing":  # the browser reports the 404 itself; nothing else may fail
        watch.errors = [e for e in watch.errors if "404" not in e]


def test_without_snapshot_and_wasm_the_page_keeps_its_numbers_and_says_so(
    open_context: OpenContext, site_url: str
) -> None:
    context, watch = open_context()
    context.route(SNAPSHOT, lambda route: route.abort())
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    console: list[ConsoleMessage] = []
    context.on("console", lambda message: console.append(message))
    page = context.new_page()
    for lang in ("en", "zh"):
        page.goto(site_url + calculator_page("pool_migration", lang))
        assert wait_state(page, "[data-calculator]", ("live", "error")) == "error"
        assert shown_outputs(page) == cpython_outputs("pool_migration", {}, lang)
        assert page.text_content("[data-calculator] [data-status]") == calculator_markup.FAILED["network"](lang)
    # Only the two requests we blocked may be complained about, and only as failed loads.
    for message in console:
        if message.type == "error":
            assert message.location["url"].endswith(("pyodide.asm.wasm", "interpreter.snapshot")), message.text
            assert message.text.startswith("Failed to load resource"), message.text
            watch.errors.remove(f"console: {message.text}")


def test_knowledge_pages_download_nothing_of_python(open_context: OpenContext, site_url: str, built_site: Path) -> None:
    context, watch = open_context()
    page = context.new_page()
    knowledge = []
    for index in sorted(built_site.rglob("index.html")):
        html = index.read_text(encoding="utf-8")
        if 'data-calculator="' not in html and 'data-exercise="' not in html:
            path = index.parent.relative_to(built_site).as_posix()
            knowledge.append("" if path == "." else path + "/")
    assert "" in knowledge and "zh/" in knowledge and any("handbook/" in p for p in knowledge)
    for path in knowledge:
        before = len(watch.requests)
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        fetched = [url for url in watch.requests[before:] if any(part in url for part in PYTHON_FILES)]
        assert fetched == [], f"{path} downloads {fetched}"
        assert page.locator("script[src$='calculator-start.js']").count() == 0, path


def test_instant_navigation_reuses_the_runtime_the_head_started(open_context: OpenContext, site_url: str) -> None:
    context, watch = open_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + calculator_page("ltv_cac", "en"))
    assert wait_state(page, "[data-calculator]", ("live",)) == "live"
    started = [url for url in watch.requests if any(part in url for part in PYTHON_FILES)]
    page.evaluate("window.__noReload = true")
    page.evaluate("document.querySelector(\"a[href$='calculators/funnel/']\").click()")  # Material intercepts it
    page.wait_for_selector('[data-calculator="funnel"]')
    assert wait_state(page, '[data-calculator="funnel"]', ("live",)) == "live"
    assert shown_outputs(page) == cpython_outputs("funnel", {}, "en")
    assert page.evaluate("window.__noReload") is True, "navigation was instant, not a reload"
    later = [url for url in watch.requests if any(part in url for part in PYTHON_FILES)]
    assert later == started, "the next calculator page fetched nothing of Python again"


def test_the_snapshot_is_asked_for_before_pyodides_loader_arrives(open_context: OpenContext, site_url: str) -> None:
    """The snapshot is the longest download: the worker asks for it from its first line,
    beside the wasm, not once Pyodide's loader (which names its version) has arrived."""
    context, watch = open_context()
    held: list[Route] = []
    context.route("**/pyodide.mjs", lambda route: held.append(route))
    page = context.new_page()
    page.goto(site_url + calculator_page("ltv_cac", "en"))
    deadline = time.monotonic() + 30
    while not (held and any(url.endswith("/interpreter.snapshot") for url in watch.requests)):
        assert time.monotonic() < deadline, f"held {len(held)}; asked for {watch.requests}"
        page.wait_for_timeout(50)
    for route in held:
        route.continue_()
    context.unroute("**/pyodide.mjs")
    assert runtime_of(page) == "snapshot"
    assert sum(url.endswith("/interpreter.snapshot") for url in watch.requests) == 1, "asked for once"


# Records every chart Chart.js makes: when, and the calculator's state then. Installed
# before any page script; Chart.js (a UMD bundle) sets window.Chart when it loads.
CHARTS_DRAWN = """
(() => {
  if (typeof document === "undefined") return; // a worker's own scope
  window.__charts = [];
  let Chart;
  Object.defineProperty(window, "Chart", {
    configurable: true,
    get: () => Chart,
    set(library) {
      Chart = new Proxy(library, {
        construct(target, args) {
          const state = document.querySelector("[data-calculator]")?.dataset.state;
          window.__charts.push({ at: performance.now(), state });
          return Reflect.construct(target, args);
        },
      });
    },
  });
})();
"""

# Every chart on the page shows the datasets of its figure's pre-rendered payload.
SHOWS_PRE_RENDERED = """() => [...document.querySelectorAll("[data-chart]")].every((figure) => {
  const chart = window.Chart.getChart(figure.querySelector("canvas"));
  const labels = JSON.parse(figure.dataset.payload).datasets.map((set) => set.label);
  const drawn = chart?.data.datasets.map((set) => set.label).slice(0, labels.length);
  return JSON.stringify(drawn) === JSON.stringify(labels);
})"""


def first_chart(page: Page) -> tuple[str, float]:
    """The calculator's state when the page's first chart was made, and how long after DOMContentLoaded."""
    first = page.evaluate("window.__charts[0]")
    bound = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventStart")
    return first["state"], first["at"] - bound


def test_the_pre_rendered_charts_are_not_drawn_beside_pythons_start(open_context: OpenContext, site_url: str) -> None:
    """Drawn at once, Chart.js and the defaults' charts took ~0.25 s of the main thread while
    Python started, and Python's first answer drew them again: they wait for Python (1.5 s)."""
    context, _ = open_context()
    context.add_init_script(CHARTS_DRAWN)
    page = context.new_page()
    page.goto(site_url + calculator_page("ltv_cac", "en"))
    assert wait_state(page, "[data-calculator]", ("live",)) == "live"
    page.wait_for_function("() => window.__charts.length > 0", timeout=LIVE_TIMEOUT_MS)
    state, since_bound = first_chart(page)
    assert state == "live" or since_bound >= 1_400, (state, since_bound)


@pytest.mark.parametrize("python", ["slow", "failed"])
def test_without_python_the_charts_show_the_pre_rendered_defaults(
    open_context: OpenContext, site_url: str, python: str
) -> None:
    context, watch = open_context()
    context.add_init_script(CHARTS_DRAWN)
    held: list[Route] = []
    if python == "slow":
        context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    else:
        context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page = context.new_page()
    page.goto(site_url + calculator_page("pool_migration", "zh"))
    if python == "failed":
        assert wait_state(page, "[data-calculator]", ("live", "error")) == "error"
    page.wait_for_function("() => window.__charts.length > 0", timeout=LIVE_TIMEOUT_MS)
    assert page.evaluate(SHOWS_PRE_RENDERED)
    if python == "slow":  # drawn once the wait for Python is over, not at once
        state, since_bound = first_chart(page)
        assert state == "loading" and since_bound >= 1_400, (state, since_bound)
    for route in held:
        route.continue_()
    context.unroute("**/pyodide.asm.wasm")
    if python == "failed":  # the browser reports the blocked wasm itself
        watch.errors = [e for e in watch.errors if not e.startswith("console: Failed to load resource")]
