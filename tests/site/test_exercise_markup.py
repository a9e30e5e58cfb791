"""The exercise markers as the hook expands them, and the practice pages that hold them."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import calculators_hook
import exercise_markup
import page_map
import pytest
from calculators_hook import on_page_markdown
from mkdocs.exceptions import PluginError

from calculators import exercises
from tests.calculators.exercise_helpers import by_id

LANGS = ("en", "zh")
EXERCISES = exercises.catalogue()
IDS = [exercise.id for exercise in EXERCISES]
DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = page_map.scan_docs(DOCS)


@pytest.fixture(autouse=True)
def build_started() -> None:
    """The hook's state as a build has it after on_config and on_files."""
    calculators_hook.begin(PAGES)


# ------------------------------------------------------------------ markup, hook and pages


class _File:
    def __init__(self, src_uri: str, locale: str) -> None:
        self.src_uri, self.locale = src_uri, locale


class _Page:
    def __init__(self, src_uri: str, url: str, locale: str) -> None:
        self.file, self.url = _File(src_uri, locale), url


def test_marker_expands_to_a_heading_and_a_widget_on_the_calculators_runtime() -> None:
    page = _Page("zh/practice/pool-migration.md", "zh/practice/pool-migration/", "zh")
    out = on_page_markdown("Intro\n\n<!-- exercise pool-red-packet -->\n\nMore", page, None, None)  # type: ignore[arg-type]
    exercise = by_id("pool-red-packet")
    assert f"## {exercises.fill(exercise, exercise.title, 'zh')} {{ #pool-red-packet }}" in out
    assert 'data-exercise="pool-red-packet"' in out and 'data-lang="zh"' in out
    assert 'data-runtime="../../../assets/pyodide/' in out
    assert re.search(r'data-package="../../../assets/calculators/calculators-[0-9a-f]{12}\.zip"', out)
    query = exercises.scenario_query(exercise).replace("&", "&amp;")
    assert f'href="../../calculators/pool-migration/?{query}"' in out
    calc_page = on_page_markdown("<!-- calculator ltv_cac -->", page, None, None)  # type: ignore[arg-type]
    assert re.search(r'data-runtime="([^"]+)"', out).group(1) == re.search(  # type: ignore[union-attr]
        r'data-runtime="([^"]+)"', calc_page
    ).group(1)


def test_unknown_exercise_fails_the_build() -> None:
    page = _Page("en/practice/x.md", "practice/x/", "en")
    with pytest.raises(PluginError, match="unknown exercise 'nope'"):
        on_page_markdown("<!-- exercise nope -->", page, None, None)  # type: ignore[arg-type]


def test_progress_marker_lists_every_exercise_with_a_link_to_its_anchor() -> None:
    page = _Page("en/practice/index.md", "practice/", "en")
    out = on_page_markdown("<!-- exercise-progress -->", page, None, None)  # type: ignore[arg-type]
    for exercise in EXERCISES:
        anchor = PAGES.practice["en", exercise.calculator].removeprefix("practice/")
        assert f'data-progress-for="{exercise.id}"' in out
        assert f'href="{anchor}#{exercise.id}"' in out
    assert "data-progress-reset" in out and f'data-store="{exercise_markup.STORE_NAME}"' in out
    assert "data-progress-export" in out and "data-progress-import" in out and "data-progress-file" in out
    assert f'data-store-legacy="{exercise_markup.LEGACY_STORE_KEY}"' in out


@pytest.mark.parametrize("lang", LANGS)
def test_every_widget_carries_the_words_for_keeping_progress_in_its_language(lang: str) -> None:
    """What exercises.js says about storage comes from the page, in the page's language."""
    page = _Page(f"{lang}/practice/index.md", "practice/" if lang == "en" else "zh/practice/", lang)
    overview = on_page_markdown("<!-- exercise-progress -->", page, None, None)  # type: ignore[arg-type]
    widget = exercise_markup.render(
        "ltv-max-cac", lang, page_url="practice/ltv-cac/", runtime_url="r.js", package_url="p.zip", pages=PAGES
    )
    for html in (overview, widget):
        assert "data-storage-message" in html
        for key, text in exercise_markup.STORAGE.items():
            assert f'data-msg-{key.replace("_", "-")}="{escape(text(lang))}"' in html  # type: ignore[arg-type]
    for key in ("exported", "imported", "imported_ignored", "import_invalid"):
        assert f'data-msg-{key.replace("_", "-")}="{escape(exercise_markup.UI[key](lang))}"' in overview  # type: ignore[arg-type]


def test_markup_escapes_what_it_prints() -> None:
    html = exercise_markup.render(
        "ltv-max-cac",
        "en",
        page_url="practice/ltv-cac/",
        runtime_url='x"><script>',
        package_url="p.zip",
        pages=PAGES,
    )
    assert "<script>" not in html


def markers(path: Path) -> list[str]:
    return re.findall(r"^<!--\s*exercise\s+(\S+)\s*-->", path.read_text(encoding="utf-8"), re.MULTILINE)


def page_file(lang: str, url: str) -> Path:
    return DOCS / lang / (url.removeprefix(f"{lang}/").rstrip("/") + ".md")


@pytest.mark.parametrize("lang", LANGS)
def test_every_exercise_is_on_its_calculators_practice_page_once(lang: str) -> None:
    found: dict[str, str] = {}
    for calculator in {exercise.calculator for exercise in EXERCISES}:
        path = page_file(lang, PAGES.practice[lang, calculator])  # type: ignore[index]
        ids = markers(path)
        assert ids == [e.id for e in EXERCISES if e.calculator == calculator], path
        found.update(dict.fromkeys(ids, calculator))
    assert set(found) == set(IDS)
    index = (DOCS / lang / "practice" / "index.md").read_text(encoding="utf-8")
    assert re.search(r"^<!--\s*exercise-progress\s*-->", index, re.MULTILINE)


@pytest.mark.parametrize("lang", LANGS)
def test_every_calculator_with_exercises_has_a_page_in_each_language(lang: str) -> None:
    for calculator in {exercise.calculator for exercise in EXERCISES}:
        url = PAGES.calculator_page(lang, calculator)  # type: ignore[arg-type]
        assert url is not None and page_file(lang, url).is_file(), calculator


def test_an_exercise_whose_calculator_is_on_no_page_fails_the_build() -> None:
    page = _Page("en/practice/x.md", "practice/x/", "en")
    calculators_hook.begin(page_map.PageMap())
    with pytest.raises(PluginError, match="is on no page"):
        on_page_markdown("<!-- exercise ltv-max-cac -->", page, None, None)  # type: ignore[arg-type]
