"""Which page holds which calculator, and which page holds its exercises.

Read from the markers in the Markdown sources (`<!-- calculator NAME -->`,
`<!-- exercise ID -->`) before any page is rendered, so an exercise can link to
its calculator and the progress overview to every practice page without a
hand-kept table. Pages are keyed by language: each language links to its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from calculators import exercises
from calculators.core import LANGS, Lang

CALCULATOR_MARKER = re.compile(r"^<!--\s*calculator\s+(?P<name>\S+)\s*-->[ \t]*$", re.MULTILINE)
EXERCISE_MARKER = re.compile(r"^<!--\s*exercise\s+(?P<id>\S+)\s*-->[ \t]*$", re.MULTILINE)
DEFAULT_LANG: Lang = "en"  # served at the site root; the others under /<lang>/


@dataclass(frozen=True)
class Source:
    """One Markdown page: its language, its site URL ("zh/calculators/NAME/") and its text."""

    lang: Lang
    url: str
    markdown: str


@dataclass
class PageMap:
    calculators: dict[tuple[Lang, str], str] = field(default_factory=dict)  # (lang, calculator) → url
    practice: dict[tuple[Lang, str], str] = field(default_factory=dict)  # (lang, calculator) → url

    def calculator_page(self, lang: Lang, calculator: str) -> str | None:
        return self.calculators.get((lang, calculator))

    def practice_page(self, lang: Lang, calculator: str) -> str | None:
        return self.practice.get((lang, calculator))


def scan(sources: Iterable[Source]) -> PageMap:
    """The first page of each language that shows a calculator, or exercises of a calculator."""
    found = PageMap()
    for source in sources:
        for match in CALCULATOR_MARKER.finditer(source.markdown):
            found.calculators.setdefault((source.lang, match.group("name")), source.url)
        for match in EXERCISE_MARKER.finditer(source.markdown):
            exercise_id = match.group("id")
            try:
                calculator = exercises.get(exercise_id).calculator
            except exercises.UnknownExerciseError:
                continue  # the page's own expansion reports it, naming the page
            found.practice.setdefault((source.lang, calculator), source.url)
    return found


def link_to(url: str | None, what: str, page_url: str) -> str:
    """A relative link from ``page_url`` to a page the build must have; a missing one fails the build."""
    if url is None:
        raise PluginError(f"{what} is on no page: add its marker to a page of that language")
    return get_relative_url(url, page_url)


def url_of(relative_path: str) -> str:
    """The directory URL MkDocs gives a page: "calculators/NAME.md" → "calculators/NAME/"."""
    stem = relative_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def scan_docs(docs: Path) -> PageMap:
    """The same map read straight from docs/<lang>/ (for tools and tests outside a build)."""
    sources = []
    for lang in LANGS:
        prefix = "" if lang == DEFAULT_LANG else f"{lang}/"
        for path in sorted((docs / lang).rglob("*.md")):
            url = prefix + url_of(path.relative_to(docs / lang).as_posix())
            sources.append(Source(lang, url, path.read_text(encoding="utf-8")))
    return scan(sources)
