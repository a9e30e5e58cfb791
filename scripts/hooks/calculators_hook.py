"""MkDocs hook: expands the calculator and exercise markers and ships the runtime.

- `<!-- calculator NAME -->` becomes the calculator's form and default results
  (calculator_markup), in the page's language; an unknown name fails the build.
- `<!-- exercise ID -->` and `<!-- exercise-progress -->` become practice
  widgets (exercise_markup) that link to the page showing their calculator.
- `<!-- calculator-list -->`, `<!-- practice-list -->` and `<!-- exercise-count -->`
  become lists and counts that follow the calculator folders (catalogue_markup).
- The build adds the calculators package (zipped from the same files pytest
  imports, data files included) and the pinned Pyodide runtime and Chart.js.

Everything is done in MkDocs events: importing this module reads no file.
"""

from __future__ import annotations

import logging
import re

import calculator_markup
import catalogue_markup
import exercise_markup
import page_map
import site_assets
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from calculators import CALCULATORS
from calculators.core import Lang

MARKER = page_map.CALCULATOR_MARKER


class _InstantSwitcherHandled(logging.Filter):
    """mkdocs-static-i18n warns that its per-page language links clash with
    navigation.instant. overrides/ resolves that (no <link rel=alternate>, and
    the selector's links reload the page), so the warning must not fail --strict."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "not compatible with theme.features = navigation.instant" not in record.getMessage()


logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").addFilter(_InstantSwitcherHandled())


class _Build:
    """What the current build knows: the files it adds and where each calculator's pages are."""

    assets: site_assets.Assets | None = None
    pages: page_map.PageMap | None = None


def begin(pages: page_map.PageMap) -> None:
    """Start a build: collect the assets (a fresh zip, so `mkdocs serve` sees edits) and the page map."""
    _Build.assets = site_assets.Assets.collect()
    _Build.pages = pages


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _Build.assets, _Build.pages = site_assets.Assets.collect(), None
    return config


def _lang(file: File) -> Lang:
    return "zh" if getattr(file, "locale", "en") == "zh" else "en"


@event_priority(-200)  # after mkdocs-static-i18n (-100) has sorted files by language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    assets = _assets()
    generated = [File.generated(config, assets.package_uri, content=assets.package)]
    generated += [
        File.generated(config, f"{assets.runtime_dir}/{path.name}", abs_src_path=str(path))
        for path in assets.runtime_files
    ]
    generated.append(File.generated(config, assets.chart_uri, abs_src_path=str(assets.chart_path)))
    for file in generated:
        if file.src_uri not in files.src_uris:
            files.append(file)
    _Build.pages = page_map.scan(
        page_map.Source(_lang(file), file.url, file.content_string) for file in files.documentation_pages()
    )
    return files


def _assets() -> site_assets.Assets:
    if _Build.assets is None:
        raise PluginError("calculators_hook: on_config did not run before the pages")
    return _Build.assets


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assets, pages = _assets(), _Build.pages or page_map.PageMap()
    lang = _lang(page.file)
    runtime_url = get_relative_url(assets.runtime_dir, page.url) + "/"
    package_url = get_relative_url(assets.package_uri, page.url)

    def expand(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in CALCULATORS:
            raise PluginError(f"{page.file.src_uri}: unknown calculator '{name}' (known: {', '.join(CALCULATORS)})")
        return calculator_markup.render(
            name,
            lang,
            runtime_url=runtime_url,
            package_url=package_url,
            chart_url=get_relative_url(assets.chart_uri, page.url),
            page_of=page_of,
        )

    def page_of(calculator: str) -> str | None:
        target = pages.calculator_page(lang, calculator)
        return None if target is None else get_relative_url(target, page.url)

    markdown = MARKER.sub(expand, markdown)
    markdown = catalogue_markup.expand(markdown, lang, page.url, pages)
    return exercise_markup.MARKER.sub(
        lambda match: exercise_markup.expand(
            match,
            src_uri=page.file.src_uri,
            page_url=page.url,
            lang=lang,
            runtime_url=runtime_url,
            package_url=package_url,
            pages=pages,
        ),
        markdown,
    )
