"""The site as scripts/nginx/ serves it: built for the nginx URL, precompressed,
served by Debian's nginx (/usr/sbin/nginx) on 127.0.0.1 with the documented
configuration, at the server root and under a sub-path (/handbook/).

Every browser page opened here is watched for Content-Security-Policy
violations (the `securitypolicyviolation` event, injected before any page
script, and Chromium's own console reports, which also cover workers),
requests to other origins, uncaught errors and console errors.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "nginx"))

import nginx_site  # noqa: E402
from precompress import precompress  # noqa: E402

from ..browser.conftest import Watch as BrowserWatch  # noqa: E402
from ..conftest import build_site  # noqa: E402

# For the test modules: `pytestmark = needs_nginx`. A missing nginx fails, never skips:
# these are the only tests of the documented configuration.
needs_nginx = pytest.mark.usefixtures("nginx_installed")


@pytest.fixture(scope="session")
def nginx_installed() -> None:
    assert Path(nginx_site.NGINX).exists(), "needs Debian's nginx: apt-get install nginx (.ci/run does)"


# Reports every violation as a console error, which the watch below collects.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


def build(destination: Path, site_url: str) -> Path:
    """`mkdocs build --strict` for ``site_url``, then the precompress step of scripts/build."""
    build_site(destination, site_url)
    precompress(destination, brotli=shutil.which("node") is not None)
    return destination


@dataclass
class Server:
    """A running nginx serving one build: its URL (with the prefix) and files."""

    url: str
    origin: str
    site: Path
    nginx: nginx_site.NginxSite


@contextmanager
def serve(tmp: Path, prefix: str) -> Iterator[Server]:
    port = nginx_site.free_port()
    origin = f"http://127.0.0.1:{port}"
    site = build(tmp / "site", origin + prefix)
    with nginx_site.NginxSite(site, prefix, port) as nginx:
        yield Server(url=nginx.url, origin=origin, site=site, nginx=nginx)
        conf = nginx.conf
    assert nginx_site.processes_using(conf) == [], "nginx outlived its server"


@pytest.fixture(scope="session")
def nginx_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The site at http://127.0.0.1:<port>/."""
    with serve(tmp_path_factory.mktemp("nginx-root"), "/") as server:
        yield server


@pytest.fixture(scope="session")
def nginx_subpath(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The site at http://127.0.0.1:<port>/handbook/."""
    with serve(tmp_path_factory.mktemp("nginx-subpath"), "/handbook/") as server:
        yield server


@dataclass
class Watch(BrowserWatch):
    """The browser tests' watch, plus failed requests: a strict, self-hosted site has none."""

    failed: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        super().attach(page)
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def check(self) -> None:
        assert self.foreign_requests() == [], "requests left the site"
        assert self.errors == [], "CSP violations, uncaught errors or console errors"
        assert self.failed == [], "failed requests"


OpenContext = Callable[..., tuple[BrowserContext, Watch]]


@pytest.fixture
def open_strict_context(browser: Browser) -> Iterator[Callable[..., tuple[BrowserContext, Watch]]]:
    """Fresh contexts on a server's origin, each watched and checked at teardown."""
    made: list[tuple[BrowserContext, Watch]] = []

    def make(server: Server, **options: object) -> tuple[BrowserContext, Watch]:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("service_workers", "block")  # allowed where the service worker is tested
        context = browser.new_context(**options)  # type: ignore[arg-type]
        context.add_init_script(CSP_LISTENER)
        watch = Watch(origin=server.origin)
        context.on("page", watch.attach)
        made.append((context, watch))
        return context, watch

    yield make
    for context, watch in made:
        context.close()
        watch.check()
