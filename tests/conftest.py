"""Fixtures shared by every test folder: the built site, built once per run, and
one Chromium for the whole run (Playwright's sync API allows one instance at a time)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "scripts" / "hooks"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the browser tests serve on; the site is built for it (site_url)."""
    return _free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """`mkdocs build --strict` of this checkout; the build failing fails every user."""
    return build_site(tmp_path_factory.mktemp("site"), f"http://127.0.0.1:{site_port}/")


def build_site(destination: Path, site_url: str) -> Path:
    """`mkdocs build --strict` into ``destination`` for the site's address ``site_url``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(destination)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}"
    return destination


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags the machine needs: no sandbox as root, and no background calls to Google.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Chromium 156 renders its omnibox popup (chrome://omnibox-popup.top-chrome/) at every
    # launch, headless too: ~1.3 s of CPU in the first seconds, beside the page under test.
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
