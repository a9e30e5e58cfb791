"""Playwright driving Debian's Chromium against the built site on 127.0.0.1.

Every page a test opens is watched: a request to any other origin, an uncaught
page error or a console error fails the test that caused it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import page_map
import pytest
import static_server
from playwright.sync_api import Browser, BrowserContext, Page

from calculators import CALCULATORS, run
from calculators.display import format_output, js_number_string

# Which page shows each calculator and its exercises, read from the markers as the build does.
PAGES = page_map.scan_docs(Path(__file__).resolve().parents[2] / "docs")


def calculator_page(name: str, lang: str) -> str:
    """The site path of a calculator's page ("zh/calculators/ltv-cac/"); every calculator has one."""
    url = PAGES.calculator_page(lang, name)  # type: ignore[arg-type]
    assert url is not None, f"no page in {lang} shows the calculator {name}"
    return url


def practice_page(name: str, lang: str) -> str:
    url = PAGES.practice_page(lang, name)  # type: ignore[arg-type]
    assert url is not None, f"no page in {lang} holds the exercises of {name}"
    return url


LIVE_TIMEOUT_MS = 60_000  # a cold Pyodide start takes ~5 s here; leave room for a loaded CI machine


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_port: int) -> Iterator[str]:
    server = static_server.start(built_site, site_port)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@dataclass
class Watch:
    """What one browser context did: every URL requested, every error seen."""

    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on(
            "console",
            lambda message: self.errors.append(f"console: {message.text}") if message.type == "error" else None,
        )

    def foreign_requests(self) -> list[str]:
        # origin + "/": 127.0.0.1:80 must not pass for 127.0.0.1:8080.
        return [url for url in self.requests if not url.startswith((self.origin + "/", "data:", "blob:"))]

    def check(self) -> None:
        assert self.foreign_requests() == [], "requests left the site"
        assert self.errors == [], "the page reported errors"


@contextmanager
def watched_context(browser: Browser, site_url: str, **options: object) -> Iterator[tuple[BrowserContext, Watch]]:
    """A fresh browser context (like a fresh profile) whose pages are watched, checked when it closes."""
    # The service worker is tested on its own (test_offline.py): elsewhere it would answer
    # requests a test means to block or delay (Playwright's routes do not see its answers).
    options.setdefault("service_workers", "block")
    context = browser.new_context(**options)  # type: ignore[arg-type]
    watch = Watch(origin=site_url.rstrip("/"))
    context.on("page", watch.attach)
    yield context, watch
    context.close()
    watch.check()


@pytest.fixture
def open_context(browser: Browser, site_url: str) -> Iterator[Callable[..., tuple[BrowserContext, Watch]]]:
    """Make fresh browser contexts (like fresh profiles); each is checked at teardown."""
    with ExitStack() as stack:
        yield lambda **options: stack.enter_context(watched_context(browser, site_url, **options))


@pytest.fixture
def page(open_context: Callable[..., tuple[BrowserContext, Watch]]) -> Page:
    context, _ = open_context(viewport={"width": 1280, "height": 900})
    return context.new_page()


def wait_live(page: Page, selector: str = "[data-calculator]") -> None:
    page.wait_for_selector(f"{selector}[data-state=live]", timeout=LIVE_TIMEOUT_MS)


def cpython_outputs(name: str, inputs: dict[str, Any], lang: str) -> dict[str, list[str]]:
    """What CPython says every output's data-value and text must be."""
    result = run(name, inputs)
    out = {}
    for spec in CALCULATORS[name].outputs:
        value = result["outputs"][spec.key]
        raw = "" if value is None else value if isinstance(value, str) else js_number_string(value)
        out[spec.key] = [raw, format_output(spec, value, lang)]  # type: ignore[arg-type]
    return out


def shown_outputs(page: Page, root: str = "[data-calculator]") -> dict[str, list[str]]:
    """Every output's data-value and text as the page shows them."""
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        f"{root} [data-output]",
        "els => Object.fromEntries(els.map(e => [e.dataset.output, [e.dataset.value, e.textContent]]))",
    )
