"""The handbook offline: the service worker keeps the reader's language as they read,
a calculator's runtime once it has run, and the whole site on request (with its size
and a progress bar); with no network those pages open and the calculators run. A new
build is announced, takes over when the reader says so, and leaves one cache behind.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Route
from playwright.sync_api import Error as PlaywrightError

from .conftest import LIVE_TIMEOUT_MS, Watch, calculator_page, cpython_outputs, shown_outputs

OpenContext = Callable[..., tuple[BrowserContext, Watch]]
CONTROL = "[data-offline]"
TEXTS = {
    "en": {"h1": "Trust", "offer": r"Download for offline use \(about \d+ MB\)", "not_kept": "Not kept offline"},
    "zh": {"h1": "信任", "offer": r"下载全站供离线使用（约 \d+ MB）", "not_kept": "未保存此页"},
}


def home(lang: str) -> str:
    return "" if lang == "en" else "zh/"


def controlled(page: Page) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)


def wait_until(page: Page, check: str, arg: object = None, timeout: float = LIVE_TIMEOUT_MS) -> None:
    """Poll an async check (the Cache API is async) until it is true. Playwright's
    wait_for_function does not await a promise: an async predicate passes at once."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            if page.evaluate(check, arg):
                return
        except PlaywrightError as error:  # the page reloaded under the check (a take-over does)
            if "context was destroyed" not in error.message:
                raise
        assert time.monotonic() < deadline, f"not true within {timeout} ms: {check}"
        page.wait_for_timeout(100)


def kept_urls(page: Page) -> list[str]:
    return page.evaluate(  # type: ignore[no-any-return]
        """async () => { const names = await caches.keys();
             const urls = [];
             for (const name of names) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
             return urls; }"""
    )


def forgive_offline_noise(page: Page, watch: Watch) -> None:
    """Offline, the browser logs what it could not load: the favicon (never asked of a
    service worker) and the 503 of a page not kept. Nothing else may fail."""
    page.close()  # nothing more can be logged
    watch.errors = [e for e in watch.errors if not e.startswith("console: Failed to load resource")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_download_for_offline_use_then_read_and_calculate_with_no_network(
    open_context: OpenContext, site_url: str, lang: str
) -> None:
    context, watch = open_context(service_workers="allow")
    page = context.new_page()
    page.goto(site_url + home(lang))
    page.wait_for_selector(f"{CONTROL}:not([hidden])")
    assert re.fullmatch(TEXTS[lang]["offer"], page.text_content("[data-offline-start]") or "")
    controlled(page)
    page.click("[data-offline-start]")
    page.wait_for_selector(f"{CONTROL}[data-offline-state]", timeout=LIVE_TIMEOUT_MS)
    assert page.get_attribute(CONTROL, "data-offline-state") == "done"
    assert page.get_attribute(CONTROL, "data-msg-done") == page.text_content("[data-offline-status]")

    context.set_offline(True)
    page.goto(site_url + home(lang) + "handbook/trust/")
    assert page.get_attribute("html", "lang") == lang
    assert (page.text_content("article h1") or "").strip().rstrip("¶").startswith(TEXTS[lang]["h1"])
    page.goto(site_url + calculator_page("ltv_cac", lang) + "?arpu=200")
    page.wait_for_selector("[data-calculator][data-state=live]", timeout=LIVE_TIMEOUT_MS)
    assert shown_outputs(page) == cpython_outputs("ltv_cac", {"arpu": "200"}, lang)
    # The other language was not asked for: its pages say they are not kept, in that language.
    other = "zh" if lang == "en" else "en"
    page.goto(site_url + home(other) + "handbook/trust/")
    assert page.text_content("h1") == TEXTS[other]["not_kept"]
    forgive_offline_noise(page, watch)


def test_reading_keeps_the_readers_language_and_a_calculator_keeps_its_runtime(
    open_context: OpenContext, site_url: str, built_site: Path
) -> None:
    context, watch = open_context(service_workers="allow")
    page = context.new_page()
    page.goto(site_url + "zh/")
    controlled(page)
    zh_pages = (built_site / "zh").rglob("index.html")
    wanted = {site_url + p.parent.relative_to(built_site).as_posix() + "/" for p in zh_pages}
    wait_until(
        page,
        """async (wanted) => { const names = await caches.keys(); const urls = new Set();
             for (const n of names) for (const r of await (await caches.open(n)).keys()) urls.add(r.url);
             return wanted.every(u => urls.has(u)); }""",
        sorted(wanted),
    )
    assert not any("/assets/pyodide/" in url for url in kept_urls(page)), "no runtime before a calculator ran"
    assert not any(url == site_url + "handbook/trust/" for url in kept_urls(page)), "not the other language"
    page.goto(site_url + calculator_page("funnel", "zh"))
    page.wait_for_selector("[data-calculator][data-state=live]", timeout=LIVE_TIMEOUT_MS)
    runtime = [
        site_url + path
        for path, _, group in json.loads((built_site / "offline.json").read_bytes())["files"]
        if group == "runtime"
    ]
    wait_until(
        page,
        """async (wanted) => { const urls = new Set();
             for (const n of await caches.keys()) for (const r of await (await caches.open(n)).keys()) urls.add(r.url);
             return wanted.every(u => urls.has(u)); }""",
        runtime,
    )
    context.set_offline(True)
    page.goto(site_url + calculator_page("pool_migration", "zh"))
    page.wait_for_selector("[data-calculator][data-state=live]", timeout=LIVE_TIMEOUT_MS)
    assert shown_outputs(page) == cpython_outputs("pool_migration", {}, "zh")
    forgive_offline_noise(page, watch)


@pytest.fixture
def next_build(built_site: Path) -> Iterator[Callable[[], None]]:
    """Make the served site look like the next build (a new sw.js and its list), then put it back."""
    worker = built_site / "sw.js"
    original = worker.read_text(encoding="utf-8")
    version = re.search(r'VERSION = "([0-9a-f]+)"', original).group(1)  # type: ignore[union-attr]
    added = built_site / "offline-000000000001.json"

    def publish() -> None:
        added.write_text((built_site / f"offline-{version}.json").read_text(encoding="utf-8"), encoding="utf-8")
        worker.write_text(original.replace(version, "000000000001"), encoding="utf-8")
        for twin in (".br", ".gz"):
            (built_site / f"sw.js{twin}").unlink(missing_ok=True)

    yield publish
    worker.write_text(original, encoding="utf-8")
    added.unlink(missing_ok=True)


def test_a_new_build_is_announced_and_takes_over_with_one_cache_left(
    open_context: OpenContext, site_url: str, next_build: Callable[[], None]
) -> None:
    context, _ = open_context(service_workers="allow")
    page = context.new_page()
    page.goto(site_url)
    controlled(page)
    wait_until(page, "async () => (await caches.keys()).length === 1")
    next_build()
    page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
    page.wait_for_selector("[data-offline-update]:not([hidden])", timeout=LIVE_TIMEOUT_MS)
    assert page.text_content("[data-offline-update-text]") == page.get_attribute(CONTROL, "data-msg-update")
    with page.expect_navigation():
        page.click("[data-offline-reload]")
    wait_until(
        page,
        "async () => { const names = await caches.keys();"
        " return names.length === 1 && names[0].endsWith(' 000000000001'); }",
    )
    assert page.locator("[data-offline-update]").is_hidden()


# Records when the page registers its service worker: whether Python had started then.
# Installed before any page script.
REGISTERED = """
(() => {
  if (typeof ServiceWorkerContainer === "undefined") return; // a worker's own scope
  const register = ServiceWorkerContainer.prototype.register;
  ServiceWorkerContainer.prototype.register = function (...args) {
    window.__registered = { runtime: document.documentElement.dataset.calculatorRuntime ?? null };
    return register.apply(this, args);
  };
})();
"""


def test_on_a_calculator_page_the_service_worker_waits_for_python(open_context: OpenContext, site_url: str) -> None:
    """A first visit's install keeps ~1.7 MB of theme files; on a calculator page it comes
    once Python has started (or failed), not beside its start. A knowledge page registers at once."""
    context, _ = open_context(service_workers="allow")
    context.add_init_script(REGISTERED)
    held: list[Route] = []  # the wasm is held back: Python cannot start until it is let through
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page = context.new_page()
    page.goto(site_url + calculator_page("ltv_cac", "en"))
    page.wait_for_load_state("load")  # offline.js has run: without the wait it registers as it runs
    assert page.evaluate("window.__registered ?? null") is None
    deadline = time.monotonic() + 30
    while not held:  # the worker's request for the wasm (a route handler runs on this thread)
        assert time.monotonic() < deadline, "the worker never asked for the wasm"
        page.wait_for_timeout(50)
    for route in held:
        route.continue_()
    context.unroute("**/pyodide.asm.wasm")
    page.wait_for_function("() => window.__registered", timeout=LIVE_TIMEOUT_MS)
    assert page.evaluate("window.__registered") == {"runtime": "snapshot"}
    controlled(page)
    other = context.new_page()
    other.goto(site_url + "zh/handbook/trust/")
    other.wait_for_function("() => window.__registered", timeout=30_000)
    assert other.evaluate("window.__registered") == {"runtime": None}
