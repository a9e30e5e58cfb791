"""Robustness of every calculator page: without Pyodide, under hostile URL
queries, and for accessibility (axe-core) on every page in both languages.

These run against the plain test server (no Content-Security-Policy), so a
query payload that the page script turned into markup would really execute:
the canary `window.__pwned` would be set. The CSP itself is tested in
tests/selfhost/.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import calculator_markup
import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Route

from calculators import CALCULATORS, ValidationError, run
from calculators.display import js_number_string

from .conftest import LIVE_TIMEOUT_MS, Watch, cpython_outputs, shown_outputs

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
OpenContext = Callable[..., tuple[BrowserContext, Watch]]


def site_pages(built_site: Path) -> list[str]:
    """Every page of the built site, as a path relative to its root ('' for the home page)."""
    paths = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    return ["" if p == "." else p + "/" for p in paths]


def calculator_pages(built_site: Path) -> list[tuple[str, str, str]]:
    """(path, calculator name, language) of every page with a calculator on it."""
    found = []
    for path in site_pages(built_site):
        text = (built_site / path / "index.html").read_text(encoding="utf-8")
        if 'data-calculator="' in text:
            name = text.split('data-calculator="', 1)[1].split('"', 1)[0]
            found.append((path, name, "zh" if path.startswith("zh/") else "en"))
    return found


def field_errors(page: Page) -> dict[str, str]:
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        "[data-calculator] [data-error-for]",
        "els => Object.fromEntries(els.map(e => [e.dataset.errorFor, e.textContent]))",
    )


def form_values(page: Page) -> dict[str, str]:
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        "[data-calculator] form input[name]", "els => Object.fromEntries(els.map(e => [e.name, e.value]))"
    )


def wait_state(page: Page, states: tuple[str, ...], timeout: float = LIVE_TIMEOUT_MS) -> str:
    page.wait_for_function(
        "states => states.includes(document.querySelector('[data-calculator]').dataset.state)",
        arg=list(states),
        timeout=timeout,
    )
    return page.get_attribute("[data-calculator]", "data-state") or ""


@pytest.fixture(scope="module")
def calculators_on_site(built_site: Path) -> list[tuple[str, str, str]]:
    found = calculator_pages(built_site)
    assert {lang for _, _, lang in found} == {"en", "zh"}, "calculator pages in both languages"
    return found


# ------------------------------------------------------------- no Pyodide


def test_without_pyodide_every_calculator_keeps_its_numbers_and_says_so(
    open_context: OpenContext, site_url: str, calculators_on_site: list[tuple[str, str, str]]
) -> None:
    context, watch = open_context()
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    console: list[ConsoleMessage] = []
    context.on("console", lambda message: console.append(message))
    page = context.new_page()
    for path, name, lang in calculators_on_site:
        page.goto(site_url + path)
        assert wait_state(page, ("error", "live"), timeout=30_000) == "error", path
        assert shown_outputs(page) == cpython_outputs(name, {}, lang), f"{path}: the pre-rendered numbers stay"
        status = page.text_content("[data-calculator] [data-status]")
        # A refused download looks like a network that failed: the notice says so, in the page's language.
        assert status == calculator_markup.FAILED["network"](lang), path
        assert field_errors(page) == dict.fromkeys(field_errors(page), "")
    # Typing on a page whose runtime failed tries Python again, and breaks nothing when it fails again.
    asked_before = sum(url.endswith("pyodide.asm.wasm") for url in watch.requests)
    first = page.locator("[data-calculator] form input[name]").first
    first.fill("1")
    page.wait_for_function("() => document.querySelector('[data-calculator]').dataset.state !== 'error'")
    assert wait_state(page, ("error", "live"), timeout=30_000) == "error"
    assert sum(url.endswith("pyodide.asm.wasm") for url in watch.requests) > asked_before
    assert shown_outputs(page) == cpython_outputs(name, {}, lang)
    # Only the request we blocked may be complained about, and only as a failed load.
    for message in console:
        if message.type == "error":
            assert message.location["url"].endswith("pyodide.asm.wasm"), message.text
            assert message.text.startswith("Failed to load resource"), message.text
            watch.errors.remove(f"console: {message.text}")


def test_a_runtime_that_never_starts_gives_up_after_the_watchdog(
    open_context: OpenContext, site_url: str, calculators_on_site: list[tuple[str, str, str]]
) -> None:
    """loadPyodide can hang (here: the .wasm request never answers); the page
    script's watchdog (45 s, run on a fake clock) turns that into the error notice."""
    context, _ = open_context()
    held: list[Route] = []
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    path, name, lang = calculators_on_site[0]
    page = context.new_page()
    page.clock.install()
    page.goto(site_url + path)
    assert wait_state(page, ("loading",)) == "loading"
    page.wait_for_timeout(1_000)
    assert held, "the runtime was requested"
    page.clock.run_for(30_000)  # time also flows normally: keep well clear of 45 s
    assert page.get_attribute("[data-calculator]", "data-state") == "loading"
    page.clock.run_for(16_000)
    assert wait_state(page, ("error",), timeout=5_000) == "error"
    assert shown_outputs(page) == cpython_outputs(name, {}, lang)
    for route in held:
        route.abort()


# ------------------------------------------------------------- URL queries

# Hostile, odd and merely unusual values for a field, as they might arrive in a
# shared link. The ones that would run script set window.__pwned if they ever did.
PAYLOADS = [
    "9" * 5000,
    "1" * 300 + "x",
    '<img src=x onerror="window.__pwned=1">',
    '"><script>window.__pwned=1</script>',
    "</output><svg onload=window.__pwned=1>",
    "javascript:window.__pwned=1",
    "${window.__pwned=1}",
    "NaN",
    "Infinity",
    "-inf",
    "-0",
    "1e3",
    "1e999",
    "-1e999",
    "1e-999",
    "١٢٠",  # Arabic-Indic digits
    "１２０",  # full-width digits
    "२५",  # Devanagari digits
    "",
    " ",
    "  42  ",
    "+5",
    "0x10",
    "1_000",
    "1,000",
    "12.5%",
    "¥120",
    "\u202e5",
]
DIGITS = {"arabic-indic": "٠١٢٣٤٥٦٧٨٩", "full-width": "０１２３４５６７８９", "devanagari": "०१२३४५६७८९"}


def odd_spellings(name: str, field: str, turn: int) -> str:
    """The field's default written an unusual way CPython still accepts (or plainly)."""
    spec = CALCULATORS[name].field(field)
    text = js_number_string(spec.default)
    candidates = [f"{float(spec.default):e}", f"  {text}  ", f"+{text}"]
    candidates += [text.translate(str.maketrans("0123456789", digits)) for digits in DIGITS.values()]
    candidates = candidates[turn % len(candidates) :] + candidates[: turn % len(candidates)]
    for candidate in candidates:
        try:
            run(name, {field: candidate})
        except ValidationError:
            continue
        return candidate
    return text


def query_cases(
    calculators_on_site: list[tuple[str, str, str]],
) -> Iterator[tuple[str, str, str, list[tuple[str, str]]]]:
    """(path, name, lang, query pairs): every page gets two links with a payload in
    every field, and one with valid but oddly written numbers and a repeated key."""
    payloads = itertools.cycle(PAYLOADS)
    for path, name, lang in calculators_on_site:
        fields = [spec.name for spec in CALCULATORS[name].fields]
        for _ in range(2):
            yield path, name, lang, [(f, next(payloads)) for f in fields]
        odd = [(f, odd_spellings(name, f, i)) for i, f in enumerate(fields)]
        yield path, name, lang, [*odd, (fields[0], "999999"), ("preset", "<b>nope</b>")]


def test_url_queries_never_run_script_and_get_cpythons_answer(
    open_context: OpenContext, site_url: str, calculators_on_site: list[tuple[str, str, str]]
) -> None:
    context, _ = open_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    checked = {"invalid": 0, "live": 0}
    for path, name, lang, pairs in query_cases(calculators_on_site):
        url = site_url + path + "?" + urlencode(pairs, quote_via=quote)
        page.goto(url)
        state = wait_state(page, ("live", "invalid", "error"))
        values = form_values(page)
        first_given = {}
        for key, value in pairs:
            first_given.setdefault(key, value)
        for key, value in values.items():
            if key in first_given:
                assert value == first_given[key], f"{key} is prefilled literally (first of repeated keys)"
        try:
            want = cpython_outputs(name, values, lang)
        except ValidationError as error:
            messages = {e.field: e.zh if lang == "zh" else e.en for e in error.errors}
            assert state == "invalid", url
            page.wait_for_function(
                "want => Object.entries(want).every(([f, m]) =>"
                ' document.querySelector(`[data-calculator] [data-error-for="${f}"]`).textContent === m)',
                arg=messages,
            )
            assert field_errors(page) == {f: messages.get(f, "") for f in field_errors(page)}, url
            assert shown_outputs(page) == cpython_outputs(name, {}, lang), "the pre-rendered numbers stay"
        else:
            assert state == "live", url
            assert shown_outputs(page) == want, url
            assert set(field_errors(page).values()) == {""}
        checked[state] += 1
        # The page still works: Reset brings back the defaults, live.
        page.click("[data-calculator] [data-action=reset]")
        page.wait_for_function(
            "want => [...document.querySelectorAll('[data-calculator] [data-output]')]"
            ".every(e => e.dataset.value === want[e.dataset.output][0])"
            " && document.querySelector('[data-calculator]').dataset.state === 'live'",
            arg=cpython_outputs(name, {}, lang),
            timeout=LIVE_TIMEOUT_MS,
        )
        assert page.evaluate("() => typeof window.__pwned") == "undefined", f"script ran from {url}"
        assert (
            page.evaluate(
                "() => document.querySelectorAll('[data-calculator] script, [data-calculator] img,"
                " [data-calculator] svg[onload]').length"
            )
            == 0
        )
    assert checked["invalid"] and checked["live"], checked


# ------------------------------------------------------------- accessibility


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => ({
                id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
            }))
        """
    )
    return found  # type: ignore[no-any-return]


def test_axe_finds_nothing_serious_on_any_page(open_context: OpenContext, site_url: str, built_site: Path) -> None:
    """Every page in both languages, light scheme, as delivered (the dark-scheme test
    below checks calculator pages once they are live)."""
    context, _ = open_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    problems = {}
    pages = site_pages(built_site)
    assert any(p.startswith("zh/") for p in pages)
    for path in pages:
        page.goto(site_url + path)
        if found := axe_violations(page):
            problems[path] = found
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)


def test_axe_finds_nothing_serious_in_the_dark_scheme(
    open_context: OpenContext, site_url: str, calculators_on_site: list[tuple[str, str, str]]
) -> None:
    """The dark scheme on one page of each kind per language: home, calculator, glossary."""
    context, _ = open_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    problems = {}
    calculator_paths = {lang: path for path, _, lang in reversed(calculators_on_site)}
    for lang, prefix in (("en", ""), ("zh", "zh/")):
        for path in (prefix, calculator_paths[lang], prefix + "handbook/glossary/"):
            page.goto(site_url + path)
            page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
            if page.query_selector("[data-calculator]"):
                wait_state(page, ("live",))
            if found := axe_violations(page):
                problems[path] = found
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
