"""MkDocs hook: what mkdocs-static-i18n leaves undone for a site in two languages.

1. A 404 page per language. Material's 404.html is a theme template, written to the
   site's root by each language's build in turn, so the Chinese build overwrote the
   English page. The Chinese build's copy goes to zh/404.html instead, and the root
   keeps the English one (nginx serves each for missing URLs under its language:
   scripts/nginx/). MkDocs gives error pages links from site_url's path
   (/handbook/assets/…), since they are served at any depth.
2. Language-switch links that work under a sub-path. mkdocs-static-i18n gives home
   pages (and pages it has no alternates for, like the 404 page) links absolute from
   the server root, with site_url's path in them (/handbook/zh/); they are made
   relative to the site (zh/) for partials/alternate-href.html. On the 404 pages,
   which belong to no page, each language's link goes to its home page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.utils import write_file

DEFAULT_LANG = "en"  # built at the site's root; every other language under <lang>/
NOT_FOUND = "404.html"


def site_relative(link: str, site_url: str) -> str:
    """A root-absolute link inside the site ("/handbook/zh/") as a site path ("zh/")."""
    base = urlsplit(site_url).path or "/"
    return link[len(base) :] if link.startswith(base) else link


def home(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def _relative_alternates(config: MkDocsConfig, to_home: bool = False) -> None:
    # Looked up as Jinja does, attribute first: on pages mkdocs-static-i18n sets the
    # attribute `config.extra.alternate`, which on MkDocs' LegacyConfig (a dict) is not
    # the item config.extra["alternate"] it starts from.
    for alt in getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []:
        alt["link"] = home(alt["lang"]) if to_home else site_relative(alt["link"], config.site_url or "/")


@event_priority(-50)  # after mkdocs-static-i18n (50), which resets the links for each page
def on_page_context(context: dict[str, Any], config: MkDocsConfig, **_: Any) -> dict[str, Any]:
    _relative_alternates(config)
    return context


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    if template_name == NOT_FOUND:
        _relative_alternates(config, to_home=True)
    return context


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    lang = config.theme["language"]
    if template_name != NOT_FOUND or lang == DEFAULT_LANG:
        return output_content
    write_file(output_content.encode("utf-8"), str(Path(config.site_dir) / lang / NOT_FOUND))
    return ""  # MkDocs writes no file for an empty template, so the root keeps the English page
