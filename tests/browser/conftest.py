"""Playwright driving Debian's Chromium against the built site on 127.0.0.1.

Every page a test opens is watched: a request to any other origin, an uncaught
page error or a console error fails the test that caused it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import static_server
from playwright.sync_api import Browser, BrowserContext, Page

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
        return [url for url in self.requests if not url.startswith((self.origin, "data:", "blob:"))]


@pytest.fixture
def open_context(browser: Browser, site_url: str) -> Iterator[Callable[..., tuple[BrowserContext, Watch]]]:
    """Make fresh browser contexts (like fresh profiles); each is checked at teardown."""
    made: list[tuple[BrowserContext, Watch]] = []

    def make(**options: object) -> tuple[BrowserContext, Watch]:
        context = browser.new_context(**options)  # type: ignore[arg-type]
        watch = Watch(origin=site_url.rstrip("/"))
        context.on("page", watch.attach)
        made.append((context, watch))
        return context, watch

    yield make
    for context, watch in made:
        context.close()
        assert watch.foreign_requests() == [], "requests left the site"
        assert watch.errors == [], "the page reported errors"


@pytest.fixture
def page(open_context: Callable[..., tuple[BrowserContext, Watch]]) -> Page:
    context, _ = open_context(viewport={"width": 1280, "height": 900})
    return context.new_page()


def wait_live(page: Page, selector: str = "[data-calculator]") -> None:
    page.wait_for_selector(f"{selector}[data-state=live]", timeout=LIVE_TIMEOUT_MS)
