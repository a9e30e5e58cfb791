"""MkDocs hook: the service worker that keeps the handbook in the reader's browser.

After the build, lists every file of the site in groups (offline-<version>.json,
and offline.json for the page's size figure)
and writes sw.js (from scripts/offline/sw.js) with that version in it, so that a
new build is a new service worker and a new cache. A group is stored when the
reader needs it: "theme" always; "en" or "zh" (the pages and search index of a
language) once a page in it is read; "runtime" (Pyodide, the snapshot, the
package) once a calculator has gone live; all of them when the reader asks to
download the site for offline use (assets/javascripts/offline.js).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "scripts" / "offline" / "sw.js"
# Copies for nginx, maps, and the worker itself. sitemap.xml stays: instant navigation reads it.
SKIPPED_SUFFIXES = (".br", ".gz", ".map")
SKIPPED_NAMES = ("sw.js",)


def group_of(path: str) -> str:
    """Which group a file of the site (a path relative to its root) belongs to."""
    if path.startswith(("assets/pyodide/", "assets/calculators/")):
        return "runtime"
    if path.startswith("zh/"):
        return "zh"
    if path.endswith(".html") or path.startswith("search/"):
        return "en"
    return "theme"


def url_of(path: str) -> str:
    """The URL a reader asks for: a page by its folder ("handbook/trust/"), the home page as ""."""
    if path == "index.html":
        return ""
    return path.removesuffix("index.html") if path.endswith("/index.html") else path


def listed(site: Path) -> list[tuple[str, Path]]:
    files = []
    for file in sorted(site.rglob("*")):
        path = file.relative_to(site).as_posix()
        is_list = "/" not in path and path.startswith("offline") and path.endswith(".json")  # written below
        if not file.is_file() or file.name in SKIPPED_NAMES or is_list:
            continue
        if file.suffix in SKIPPED_SUFFIXES:
            continue
        files.append((path, file))
    return files


@event_priority(-300)  # after every hook that writes files into the site
def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    files = listed(site)
    digest = hashlib.sha256(TEMPLATE.read_bytes())
    for path, file in files:
        digest.update(path.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    version = digest.hexdigest()[:12]
    listing: list[tuple[str, int, str]] = [(url_of(path), file.stat().st_size, group_of(path)) for path, file in files]
    listing.append(("offline.json", 0, "theme"))  # the page's size figure, offline too
    manifest = {"version": version, "files": listing}
    for old in site.glob("offline-*.json"):  # the plugin for languages may build more than once
        old.unlink()
    text = json.dumps(manifest, separators=(",", ":"))
    (site / f"offline-{version}.json").write_text(text, encoding="utf-8")  # the worker's, of its own build
    (site / "offline.json").write_text(text, encoding="utf-8")  # the page's: the sizes it offers
    worker = TEMPLATE.read_text(encoding="utf-8").replace("__VERSION__", version)
    (site / "sw.js").write_text(worker, encoding="utf-8")
