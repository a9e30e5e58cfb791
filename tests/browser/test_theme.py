"""The theme's own scripts (overrides/assets/javascripts/theme/) where the browser is unusual."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext

from .conftest import Watch

OpenContext = Callable[..., tuple[BrowserContext, Watch]]

# What Chromium does with site data blocked: reading window.localStorage throws.
BLOCK_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("Access is denied for this document.", "SecurityError"); },
});
"""

SCHEME = "() => document.body.dataset.mdColorScheme"


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_blocked_storage_leaves_the_palette_toggle_working(
    open_context: OpenContext, site_url: str, prefix: str
) -> None:
    context, _ = open_context(color_scheme="light")  # the watch fails the test on any uncaught error
    context.add_init_script(BLOCK_STORAGE)
    page = context.new_page()
    page.goto(site_url + prefix + "handbook/")
    assert page.evaluate("() => { try { localStorage; return false } catch { return true } }"), "storage is blocked"
    assert page.evaluate(SCHEME) == "default"
    page.click("label[for=__palette_1]")
    page.wait_for_function(f"({SCHEME})() === 'slate'")
    page.click("label[for=__palette_0]")
    page.wait_for_function(f"({SCHEME})() === 'default'")
    # Instant navigation keeps the choice for the visit; nothing could be saved for the next.
    page.click("label[for=__palette_1]")
    page.wait_for_function(f"({SCHEME})() === 'slate'")
    page.click(".md-tabs__link[href$='calculators/']")
    page.wait_for_url(f"{site_url}{prefix}calculators/")
    assert page.evaluate(SCHEME) == "slate"
