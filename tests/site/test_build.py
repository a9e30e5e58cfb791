"""The site builds strictly and carries what the browser needs from its own origin."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from html import escape

import calculator_markup
import calculators_hook
import page_map
import pytest
import site_assets
from calculators_hook import MARKER, on_page_markdown
from mkdocs.exceptions import PluginError

from calculators import CALCULATORS, run
from calculators.display import format_output, js_number_string

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGE_MAP = page_map.scan_docs(DOCS)
PAGES = [(name, lang) for name in CALCULATORS for lang in ("en", "zh")]


def test_strict_build_produces_both_languages(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "zh" / "index.html").is_file()
    assert '<html lang="zh"' in (built_site / "zh" / "index.html").read_text(encoding="utf-8")


def test_the_site_ships_the_tested_package_and_the_pinned_runtime(built_site: Path) -> None:
    zips = list((built_site / "assets" / "calculators").glob("calculators-*.zip"))
    assert [z.name for z in zips] == [site_assets.package_name(site_assets.package_zip())]
    with zipfile.ZipFile(zips[0]) as archive:
        shipped = {name: archive.read(name) for name in archive.namelist()}
    root = Path(__file__).resolve().parents[2]
    tested = {path.relative_to(root).as_posix(): path.read_bytes() for path in site_assets.package_files()}
    assert shipped == tested, "the shipped package differs from the tested sources"
    # Every calculator folder's code and data files travel with it.
    for name in CALCULATORS:
        assert f"calculators/{name}/__init__.py" in shipped and f"calculators/{name}/presets.toml" in shipped
    runtime = built_site / "assets" / "pyodide" / site_assets.pyodide_version()
    for name in site_assets.PYODIDE_FILES:
        assert (runtime / name).is_file(), name
    # Chinese pages reuse the root's assets rather than shipping a second runtime.
    assert not (built_site / "zh" / "assets" / "pyodide").exists()


@pytest.mark.parametrize(("name", "lang"), PAGES)
def test_default_results_are_prerendered_in_the_page_language(built_site: Path, name: str, lang: str) -> None:
    url = PAGE_MAP.calculator_page(lang, name)  # type: ignore[arg-type]
    assert url is not None, f"no {lang} page shows {name}"
    html = (built_site / url / "index.html").read_text(encoding="utf-8")
    assert f'data-calculator="{name}"' in html and 'data-state="static"' in html
    assert f'data-lang="{lang}"' in html
    result = run(name)
    calc = CALCULATORS[name]
    for spec in calc.outputs:
        value = result["outputs"][spec.key]
        raw = "" if value is None else js_number_string(value) if not isinstance(value, str) else value
        text = format_output(spec, value, lang)  # type: ignore[arg-type]
        assert f'data-output="{spec.key}" data-value="{raw}">{text}</output>' in html
    for spec in calc.fields:
        assert f'name="{spec.name}"' in html and f'data-error-for="{spec.name}"' in html
        assert escape(spec.label(lang)) in html  # type: ignore[arg-type]


def test_no_page_references_another_host(built_site: Path) -> None:
    offenders = []
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # Links a reader may follow (and rel=canonical, which loads nothing) are
        # fine; anything the page itself loads from another host is not.
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            if 'rel="canonical"' in tag:
                continue
            offenders += [(page.name, url) for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', tag)]
    assert offenders == []


def test_search_index_segments_chinese(built_site: Path) -> None:
    index = json.loads((built_site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"] or "\u200b" in index["config"]["separator"]
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("zh/"))
    assert "私域流量" in text.split("\u200b") or "\u200b私域流量\u200b" in text


@pytest.fixture
def build_started() -> None:
    """The hook's state as a build has it after on_config and on_files."""
    calculators_hook.begin(PAGE_MAP)


@pytest.mark.usefixtures("build_started")
def test_marker_expands_in_the_page_language() -> None:
    class FakeFile:
        src_uri = "zh/calculators/x.md"
        locale = "zh"

    class FakePage:
        file = FakeFile()
        url = "zh/calculators/x/"

    out = on_page_markdown("Intro\n\n<!-- calculator ltv_cac -->\n\nMore", FakePage(), None, None)  # type: ignore[arg-type]
    assert 'data-calculator="ltv_cac"' in out and 'data-lang="zh"' in out
    assert "每位客户月均收入" in out
    assert 'data-runtime="../../../assets/pyodide/' in out


@pytest.mark.usefixtures("build_started")
def test_unknown_calculator_fails_the_build() -> None:
    class FakeFile:
        src_uri = "en/x.md"
        locale = "en"

    class FakePage:
        file = FakeFile()
        url = "x/"

    with pytest.raises(PluginError, match="unknown calculator 'nope'"):
        on_page_markdown("<!-- calculator nope -->", FakePage(), None, None)  # type: ignore[arg-type]


def test_marker_syntax_is_one_line() -> None:
    assert MARKER.search("<!-- calculator ltv_cac -->")
    assert not MARKER.search("text <!-- calculator ltv_cac --> text")


def test_markup_escapes_everything_it_prints() -> None:
    html = calculator_markup.render("ltv_cac", "en", runtime_url='x"><script>', package_url="p.zip")
    assert "<script>" not in html


# Interface text Material or a Markdown extension writes in English unless told otherwise.
ENGLISH_CHROME = ("Switch to dark mode", "Switch to light mode", "Permanent link", "Jump back to footnote", "Made with")


def test_chinese_pages_have_no_english_interface_text(built_site: Path) -> None:
    pages = sorted((built_site / "zh").rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = [text for text in ENGLISH_CHROME if text in html]
        assert not found, f"{page.relative_to(built_site)}: {found}"
    english = (built_site / "handbook" / "trust" / "index.html").read_text(encoding="utf-8")
    assert all(text in english for text in ("Switch to dark mode", "Permanent link", "Jump back to footnote"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_calculators_overview_links_every_calculator(built_site: Path, lang: str) -> None:
    """/calculators/ is a page (not a directory listing or a 403), naming each calculator's question."""
    prefix = "" if lang == "en" else "zh/"
    html = (built_site / prefix / "calculators" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)  # (glossary terms in a question are wrapped in tooltips)
    for calc in CALCULATORS.values():
        assert calc.question(lang) in text, calc.name  # type: ignore[arg-type]
    for page in ("ltv-cac", "funnel", "pool-migration", "holdout-test"):
        assert f'href="{page}/"' in html, page


@pytest.mark.parametrize(("name", "lang"), PAGES)
def test_formulas_come_with_a_key_to_their_symbols(built_site: Path, name: str, lang: str) -> None:
    from calculators.registry import presentation

    shown = presentation(name)
    assert shown.symbols, f"{name} has no key to its formulas' symbols"
    formulas = " ".join(text.en for text in shown.formulas.values()).replace("ᴴ", "H")  # (qᴴ)
    for symbols in shown.symbols:
        for symbol in symbols.split(", "):
            assert symbol in formulas, f"{name}: {symbol!r} is in the key but in no formula"
    prefix = "" if lang == "en" else "zh/"
    page = PAGE_MAP.calculator_page(lang, name)  # type: ignore[arg-type]
    html = (built_site / prefix / page.removeprefix(prefix) / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    for meaning in shown.symbols.values():
        assert escape(meaning(lang)) in text or meaning(lang) in text, meaning(lang)  # type: ignore[arg-type]
