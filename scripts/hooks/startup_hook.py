"""MkDocs hook: starts the calculators' runtime as early as a page allows.

- Adds the interpreter snapshot made at build time (site_assets.make_snapshot:
  Pyodide booted in Node with the calculators package imported) beside the
  package, so the browser restores Python instead of starting it.
- On pages with a calculator or an exercise (and only there: other pages must
  download nothing of Pyodide), gives the template what its <head> needs to
  start the worker while the page is still parsing (overrides/main.html, block
  extrahead; calculator-start.js). No <link rel=preload>: measured, a document
  preload of the 30 MB snapshot and the wasm streams through the busy main
  thread and arrived later than the worker's own fetch.

Everything is done in MkDocs events: importing this module reads no file.
"""

from __future__ import annotations

from typing import Any

import site_assets
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

# The attributes the page scripts bind to (calculators.js, exercises.js).
WIDGETS = ('data-calculator="', 'data-exercise="')


class _Build:
    package_uri = ""
    runtime_dir = ""


@event_priority(-200)  # after mkdocs-static-i18n (-100), which expects files from docs/
def on_files(files: Files, config: MkDocsConfig) -> Files:
    assets = site_assets.Assets.collect()  # the same paths the calculator markup points at
    _Build.package_uri, _Build.runtime_dir = assets.package_uri, assets.runtime_dir
    snapshot_dir = site_assets.snapshot_dir(assets.package_uri, site_assets.pyodide_version())
    for name, data in site_assets.make_snapshot(assets.package).items():
        uri = f"{snapshot_dir}/{name}"
        if uri not in files.src_uris:
            files.append(File.generated(config, uri, content=data))
    return files


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, **_: Any) -> dict[str, Any]:
    if page.content and any(widget in page.content for widget in WIDGETS):

        def url(uri: str) -> str:
            return get_relative_url(uri, page.url)

        context["calculator_startup"] = {"runtime": url(_Build.runtime_dir) + "/", "package": url(_Build.package_uri)}
    return context
