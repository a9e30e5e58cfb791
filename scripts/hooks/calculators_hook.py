"""MkDocs hook: expands `<!-- calculator NAME -->` markers and ships the runtime.

- A marker becomes the calculator's form and default results (calculator_markup),
  in the page's language; an unknown name fails the build.
- The build adds the calculators package (zipped from the same files pytest
  imports) and the pinned Pyodide runtime to the site as generated files.
"""

from __future__ import annotations

import logging
import re

import calculator_markup
import exercise_markup
import site_assets
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from calculators import CALCULATORS

MARKER = re.compile(r"^<!--\s*calculator\s+(?P<name>\S+)\s*-->[ \t]*$", re.MULTILINE)
PACKAGE_DIR = "assets/calculators"
RUNTIME_DIR = f"assets/pyodide/{site_assets.pyodide_version()}"
CHART_URI = f"assets/vendor/chart.js/{site_assets.chart_version()}/chart.umd.min.js"



class _InstantSwitcherHandled(logging.Filter):
    """mkdocs-static-i18n warns that its per-page language links clash with
    navigation.instant. overrides/ resolves that (no <link rel=alternate>, and
    the selector's links reload the page), so the warning must not fail --strict."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "not compatible with theme.features = navigation.instant" not in record.getMessage()


logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").addFilter(_InstantSwitcherHandled())

_package = site_assets.package_zip()
_package_uri = f"{PACKAGE_DIR}/{site_assets.package_name(_package)}"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Rebuild the zip on every build so `mkdocs serve` picks up edits to calculators/.
    global _package, _package_uri
    _package = site_assets.package_zip()
    _package_uri = f"{PACKAGE_DIR}/{site_assets.package_name(_package)}"
    return config


@event_priority(-200)  # after mkdocs-static-i18n (-100) has sorted files by language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    generated = [File.generated(config, _package_uri, content=_package)]
    generated += [
        File.generated(config, f"{RUNTIME_DIR}/{path.name}", abs_src_path=str(path))
        for path in site_assets.pyodide_files()
    ]
    generated.append(File.generated(config, CHART_URI, abs_src_path=str(site_assets.chart_file())))
    for file in generated:
        if file.src_uri not in files.src_uris:
            files.append(file)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang = "zh" if getattr(page.file, "locale", "en") == "zh" else "en"

    def expand(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in CALCULATORS:
            raise PluginError(
                f"{page.file.src_uri}: unknown calculator '{name}' (known: {', '.join(CALCULATORS)})"
            )
        return calculator_markup.render(
            name,
            lang,
            runtime_url=get_relative_url(RUNTIME_DIR, page.url) + "/",
            package_url=get_relative_url(_package_uri, page.url),
            chart_url=get_relative_url(CHART_URI, page.url),
        )

    markdown = MARKER.sub(expand, markdown)
    # Practice exercises (`<!-- exercise ID -->`, `<!-- exercise-progress -->`) reuse the same runtime.
    return exercise_markup.MARKER.sub(
        lambda match: exercise_markup.expand(
            match,
            src_uri=page.file.src_uri,
            page_url=page.url,
            lang=lang,
            runtime_url=get_relative_url(RUNTIME_DIR, page.url) + "/",
            package_url=get_relative_url(_package_uri, page.url),
        ),
        markdown,
    )

