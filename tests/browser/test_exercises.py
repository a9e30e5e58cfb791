"""Practice exercises as a trainee uses them, in both languages: answer wrong, then right,
open the hint, follow the link to the pre-filled calculator, come back after a reload, see
the progress on the overview, and reset it. Checked in the page by Python in Pyodide."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import exercise_markup
import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from calculators import CALCULATORS, exercises
from calculators.display import format_number

from .conftest import LIVE_TIMEOUT_MS, Watch, calculator_page, practice_page, wait_live, watched_context

LANG_PREFIX = {"en": "", "zh": "zh/"}
# exercise-progress.js: the store's name, its format's version and the site's path (the tests
# serve the site at the root).
STORE_KEY = f"{exercise_markup.STORE_NAME}:v1:/"
FORMAT = "private-traffic-handbook/exercise-progress"
# One exercise per language: a threshold on the LTV / CAC page, a scenario with changed inputs
# (and two thresholds) on the pool migration page.
CASES = [("en", "ltv-payback-churn", "churn"), ("zh", "pool-red-packet", "match_add_rate")]


@pytest.fixture(scope="module")
def warm_context(browser: Browser, site_url: str) -> Iterator[tuple[BrowserContext, Watch]]:
    """One profile for the module (Pyodide's files cached), as one trainee working through."""
    with watched_context(browser, site_url, viewport={"width": 1280, "height": 900}) as made:
        yield made


@pytest.fixture
def page(warm_context: tuple[BrowserContext, Watch], site_url: str) -> Iterator[Page]:
    tab = warm_context[0].new_page()
    tab.goto(site_url + "practice/")
    tab.evaluate("localStorage.clear()")  # each test starts with no progress
    yield tab
    tab.close()


def root_of(exercise_id: str) -> str:
    return f'[data-exercise="{exercise_id}"]'


def check(page: Page, exercise_id: str, fill: dict[str, str], choose: dict[str, str] | None = None) -> None:
    root = root_of(exercise_id)
    for key, text in fill.items():
        page.fill(f'{root} input[name="{key}"]', text)
    for key, value in (choose or {}).items():
        page.check(f'{root} input[name="{key}"][value="{value}"]')
    page.evaluate(f"document.querySelector('{root}').removeAttribute('data-result')")
    page.click(f"{root} button[type=submit]")
    page.wait_for_selector(f"{root}[data-result]", timeout=LIVE_TIMEOUT_MS)


def feedback(page: Page, exercise_id: str, key: str) -> tuple[str | None, str]:
    group = f'{root_of(exercise_id)} [data-answer="{key}"]'
    return page.get_attribute(group, "data-result"), page.text_content(f"{group} [data-feedback-for]") or ""


def expected(exercise_id: str, responses: dict[str, str], lang: str) -> dict[str, Any]:
    return exercises.check(exercise_id, responses, lang)  # type: ignore[arg-type]


def correct_responses(exercise_id: str, lang: str) -> dict[str, str]:
    """What a trainee types after reading the calculator: its display, unit and all."""
    exercise = exercises.get(exercise_id)
    answers = exercises.solved(exercise).answers
    return {
        spec.key: str(answers[spec.key])
        if spec.kind == "choice"
        else format_number(float(answers[spec.key]), spec.unit, lang)  # type: ignore[arg-type]
        for spec in exercise.answers
    }


@pytest.mark.parametrize(("lang", "exercise_id", "wrong_key"), CASES)
def test_a_trainee_works_through_an_exercise_and_the_progress_is_kept(
    page: Page, site_url: str, lang: str, exercise_id: str, wrong_key: str
) -> None:
    exercise = exercises.get(exercise_id)
    root = root_of(exercise_id)
    practice = practice_page(exercise.calculator, lang)
    page.goto(site_url + practice)
    wait_live(page, root)
    assert page.get_attribute(root, "data-lang") == lang
    assert page.is_hidden(f"{root} [data-done]")

    # 1. Wrong: every answer right but one, which is 20 % too high; Python's verdicts, word for word.
    right = correct_responses(exercise_id, lang)
    wrong_value = float(exercises.solved(exercise).answers[wrong_key]) * 1.2
    responses = {**right, wrong_key: f"{wrong_value:.4f}"}
    numeric = {k: v for k, v in responses.items() if exercise.answer(k).kind == "numeric"}
    choices = {k: v for k, v in responses.items() if exercise.answer(k).kind == "choice"}
    check(page, exercise_id, numeric, choices)
    want = expected(exercise_id, responses, lang)
    assert page.get_attribute(root, "data-result") == "unsolved"
    assert feedback(page, exercise_id, wrong_key) == ("incorrect", want["answers"][wrong_key]["message"])
    assert page.text_content(f"{root} [data-summary]") == want["summary"]
    assert page.get_attribute(f'{root} [data-answer="{wrong_key}"] input', "aria-invalid") == "true"

    # 2. The hint opens and says what Python wrote.
    page.click(f"{root} details[data-reveal=hint] summary")
    hint = page.locator(f"{root} details[data-reveal=hint] p")
    assert hint.is_visible()
    assert (hint.text_content() or "").strip() == exercises.fill(exercise, exercise.hint, lang)  # type: ignore[arg-type]

    # 3. Right: the numbers as the calculator displays them ("14.4%", "¥11.67").
    check(page, exercise_id, {wrong_key: right[wrong_key]})
    want = expected(exercise_id, right, lang)
    assert want["solved"]
    assert page.get_attribute(root, "data-result") == "solved"
    assert feedback(page, exercise_id, wrong_key) == ("correct", want["answers"][wrong_key]["message"])
    assert page.text_content(f"{root} [data-summary]") == want["summary"]
    assert page.is_visible(f"{root} [data-done]")

    # 4. The links open the calculator in a new tab, filled in with the scenario (and the answer).
    calc = CALCULATORS[exercise.calculator]
    calc_root = f'[data-calculator="{exercise.calculator}"]'
    scenario = exercises.scenario_inputs(exercise)
    scenario_href = page.get_attribute(f"{root} [data-scenario-link]", "href") or ""
    assert scenario_href.endswith("?" + exercises.scenario_query(exercise))
    page.click(f"{root} details[data-reveal=solution] summary")
    with page.context.expect_page() as opened:
        page.click(f"{root} [data-solution-link]")
    calculator = opened.value
    calculator.wait_for_load_state()
    wait_live(calculator, calc_root)
    calculator_url = calculator_page(exercise.calculator, lang)
    assert calculator.url.startswith(site_url + calculator_url)
    shown = {spec.name: float(calculator.input_value(f'{calc_root} input[name="{spec.name}"]')) for spec in calc.fields}
    answer_inputs = {**scenario, **(exercises.solved(exercise).show or {})}
    assert shown == pytest.approx(answer_inputs)
    if exercise_id == "ltv-payback-churn":  # the threshold, on the calculator's own display
        payback = calculator.text_content(f'{calc_root} [data-output="payback_months"]')
        assert payback == format_number(12, "months", lang)  # type: ignore[arg-type]
    calculator.close()

    # 5. After a reload the exercise remembers it was solved.
    page.reload()
    wait_live(page, root)
    assert page.is_visible(f"{root} [data-done]")

    # 6. The overview shows it solved (with the hint used), the rest not started.
    page.goto(site_url + LANG_PREFIX[lang] + "practice/")
    overview = "[data-exercise-progress]"
    page.wait_for_selector(f'{overview} [data-progress-for="{exercise_id}"][data-status="solved"]')
    ui = exercise_markup.UI
    row_text = page.text_content(f'[data-progress-for="{exercise_id}"] [data-progress-status]') or ""
    words = [ui[key](lang) for key in ("solved", "used_hint", "saw_solution")]  # type: ignore[arg-type]
    assert row_text == " · ".join(words)
    total = len(exercises.catalogue())
    summary = page.text_content("[data-progress-summary]")
    assert summary == ui["summary"](lang).format(solved=1, total=total)  # type: ignore[arg-type]
    statuses = page.eval_on_selector_all("[data-progress-for]", "rows => rows.map(r => r.dataset.status)")
    assert sorted(statuses) == ["new"] * (total - 1) + ["solved"]
    assert page.eval_on_selector("[data-progress-bar]", "bar => bar.value") == 1

    # 7. Reset asks first, then clears everything, for good.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("[data-progress-reset]")
    assert page.get_attribute(f'[data-progress-for="{exercise_id}"]', "data-status") == "solved"
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-progress-reset]")
    page.wait_for_selector(f'[data-progress-for="{exercise_id}"][data-status="new"]')
    empty = ui["summary"](lang).format(solved=0, total=total)  # type: ignore[arg-type]
    assert page.text_content("[data-progress-summary]") == empty
    page.reload()
    page.wait_for_selector(f'[data-progress-for="{exercise_id}"][data-status="new"]')
    assert page.evaluate("key => localStorage.getItem(key)", STORE_KEY) is None
    assert page.evaluate("key => localStorage.getItem(key)", exercise_markup.LEGACY_STORE_KEY) is None


def test_instant_navigation_binds_exercises_on_the_new_page(page: Page, site_url: str) -> None:
    """From the overview to an exercise page without a reload: the widget still goes live."""
    page.goto(site_url + "practice/")
    page.evaluate("window.__noReload = true")
    page.click("[data-exercise-progress] a[href$='#funnel-k-threshold']")
    root = root_of("funnel-k-threshold")
    wait_live(page, root)
    assert page.evaluate("window.__noReload") is True, "the page reloaded instead of navigating instantly"
    # The answers as the calculator displays them, typed in (they follow the model and preset).
    answers = exercises.solved(exercises.get("funnel-k-threshold")).answers
    typed = {key: format_number(float(answers[key]), "number", "en").replace(",", "") for key in answers}
    check(page, "funnel-k-threshold", typed)
    assert page.get_attribute(root, "data-result") == "solved"


# ------------------------------------------------------------------ nothing kept is lost silently

STORAGE = exercise_markup.STORAGE
UI = exercise_markup.UI
OVERVIEW = "[data-exercise-progress]"
# Every localStorage write fails as it does when the site's quota is used up.
FULL_STORAGE = """(() => {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (this === window.localStorage) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    return setItem.call(this, key, value);
  };
})();"""


def stored(page: Page) -> dict[str, str]:
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")  # type: ignore[no-any-return]


def statuses(page: Page) -> dict[str, str]:
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        "[data-progress-for]", "rows => Object.fromEntries(rows.map(r => [r.dataset.progressFor, r.dataset.status]))"
    )


def shown_text(page: Page) -> str:
    return page.text_content(OVERVIEW) or ""


def open_overview(page: Page, site_url: str, lang: str) -> None:
    page.goto(site_url + LANG_PREFIX[lang] + "practice/")
    page.wait_for_selector(f"{OVERVIEW}[data-bound]")


def document(exercises_: dict[str, object]) -> str:
    return json.dumps({"format": FORMAT, "version": 1, "exercises": exercises_})


@pytest.mark.parametrize(("lang", "exercise_id", "_wrong"), CASES)
def test_a_full_storage_is_said_and_never_called_saved(
    page: Page, site_url: str, lang: str, exercise_id: str, _wrong: str
) -> None:
    page.add_init_script(FULL_STORAGE)
    exercise = exercises.get(exercise_id)
    root = root_of(exercise_id)
    page.goto(site_url + practice_page(exercise.calculator, lang))
    wait_live(page, root)
    right = correct_responses(exercise_id, lang)
    numeric = {k: v for k, v in right.items() if exercise.answer(k).kind == "numeric"}
    choices = {k: v for k, v in right.items() if exercise.answer(k).kind == "choice"}
    check(page, exercise_id, numeric, choices)
    assert page.get_attribute(root, "data-result") == "solved"
    assert page.text_content(f"{root} [data-summary]") == expected(exercise_id, right, lang)["summary"]
    said = page.text_content(f"{root} [data-storage-message]")
    assert said == STORAGE["storage_full"](lang)  # type: ignore[arg-type]
    assert STORAGE["saved"](lang) not in (page.text_content(root) or "")  # type: ignore[arg-type]
    assert stored(page) == {}
    # Opening the hint cannot be kept either, and says so.
    page.click(f"{root} details[data-reveal=hint] summary")
    page.wait_for_function(
        "([root, text]) => document.querySelector(root + ' [data-storage-message]').textContent === text",
        arg=[root, STORAGE["storage_full"](lang)],  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_working_storage_says_saved_once_it_is(page: Page, site_url: str, lang: str) -> None:
    exercise_id = CASES[0][1] if lang == "en" else CASES[1][1]
    exercise = exercises.get(exercise_id)
    root = root_of(exercise_id)
    page.goto(site_url + practice_page(exercise.calculator, lang))
    wait_live(page, root)
    right = correct_responses(exercise_id, lang)
    numeric = {k: v for k, v in right.items() if exercise.answer(k).kind == "numeric"}
    choices = {k: v for k, v in right.items() if exercise.answer(k).kind == "choice"}
    check(page, exercise_id, numeric, choices)
    assert page.text_content(f"{root} [data-storage-message]") == STORAGE["saved"](lang)  # type: ignore[arg-type]
    kept = json.loads(stored(page)[STORE_KEY])
    assert kept["format"] == FORMAT and kept["version"] == 1
    assert kept["exercises"][exercise_id]["solved"] is True


# (lang, where the bad entry is stored: this version's key or the first version's, which page
# reads it first: the overview or the exercise's own)
BAD_ENTRY_CASES = [("en", "current", "overview"), ("zh", "legacy", "exercise")]


@pytest.mark.parametrize(("lang", "where", "first"), BAD_ENTRY_CASES)
def test_a_string_false_is_not_solved_and_is_reported(
    page: Page, site_url: str, lang: str, where: str, first: str
) -> None:
    bad, good = "ltv-read-verdict", "funnel-read-followers"
    entries = {bad: {"solved": "false", "attempts": 1}, good: {"solved": True, "attempts": 2, "at": 1}}
    raw = document(entries) if where == "current" else json.dumps(entries)
    key = STORE_KEY if where == "current" else exercise_markup.LEGACY_STORE_KEY
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [key, raw])
    total = len(exercises.catalogue())

    def overview_shows_one_solved() -> None:
        open_overview(page, site_url, lang)
        shown = statuses(page)
        assert shown[bad] == "new" and shown[good] == "solved"
        assert page.text_content("[data-progress-summary]") == UI["summary"](lang).format(solved=1, total=total)  # type: ignore[arg-type]
        assert "NaN" not in shown_text(page) and "undefined" not in shown_text(page)

    if first == "overview":
        overview_shows_one_solved()
        said = page.text_content(f"{OVERVIEW} [data-storage-message]")
    else:
        page.goto(site_url + practice_page(exercises.get(bad).calculator, lang))
        page.wait_for_selector(f"{root_of(bad)}[data-bound]")
        assert page.is_hidden(f"{root_of(bad)} [data-done]")
        said = page.text_content("[data-exercise] [data-storage-message]")  # the page's first widget says it
        others = page.eval_on_selector_all(
            "[data-exercise] [data-storage-message]", "els => els.slice(1).map(e => e.textContent)"
        )
        assert set(others) <= {""}, "said once a page, not on every exercise"
    # The text as it was is kept under a key of its own, and the reader is told which.
    kept = stored(page)
    (aside,) = [k for k in kept if k.startswith(key + ":unreadable:")]
    assert kept[aside] == raw
    assert said == STORAGE["storage_partly"](lang).format(count=1, total=2, key=aside)  # type: ignore[arg-type]
    # Only the valid entry is in this version's key; the first version's key has moved.
    assert list(json.loads(kept[STORE_KEY])["exercises"]) == [good]
    assert exercise_markup.LEGACY_STORE_KEY not in kept
    # Read again, the cleaned store says nothing more and loses nothing.
    overview_shows_one_solved()
    assert page.text_content(f"{OVERVIEW} [data-storage-message]") == ""
    assert [k for k in stored(page) if ":unreadable:" in k] == [aside]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_blocked_storage_is_said_and_an_import_is_not_called_kept(
    page: Page, site_url: str, tmp_path: Path, lang: str
) -> None:
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', "
        "{ get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });"
    )
    open_overview(page, site_url, lang)
    assert page.text_content(f"{OVERVIEW} [data-storage-message]") == STORAGE["storage_off"](lang)  # type: ignore[arg-type]
    file = tmp_path / "progress.json"
    file.write_text(document({"ltv-read-verdict": {"solved": True, "attempts": 1}}), encoding="utf-8")
    page.set_input_files("[data-progress-file]", str(file))
    page.wait_for_selector("[data-progress-toast]:not(:empty)")
    taken = UI["imported"](lang).format(file="progress.json", taken=1, solved=1, ignored=0)  # type: ignore[arg-type]
    assert page.text_content("[data-progress-toast]") == f"{taken} {STORAGE['storage_blocked'](lang)}"  # type: ignore[arg-type]
    assert statuses(page)["ltv-read-verdict"] == "solved"  # for this visit, as said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_unreadable_progress_is_kept_aside_and_said(page: Page, site_url: str, lang: str) -> None:
    raw = '{"format": "private-traffic-handbook/exercise-progress", "version": 1, "exercises": {'  # cut short
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [STORE_KEY, raw])
    open_overview(page, site_url, lang)
    assert set(statuses(page).values()) == {"new"}
    kept = stored(page)
    (aside,) = [k for k in kept if k.startswith(STORE_KEY + ":unreadable:")]
    assert kept[aside] == raw and STORE_KEY not in kept
    message = STORAGE["storage_unreadable"](lang).format(key=aside)  # type: ignore[arg-type]
    assert page.text_content(f"{OVERVIEW} [data-storage-message]") == message
    assert "NaN" not in shown_text(page) and "undefined" not in shown_text(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_progress_exported_to_a_file_comes_back_in_a_fresh_browser(
    page: Page, site_url: str, open_context: Any, tmp_path: Path, lang: str
) -> None:
    entries = {
        "ltv-read-verdict": {"attempts": 3, "solved": True, "hint": True, "solution": False, "at": 1},
        "pool-red-packet": {"attempts": 1, "solved": False, "hint": False, "solution": True, "at": 2},
    }
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [STORE_KEY, document(entries)])
    open_overview(page, site_url, lang)
    before = statuses(page)
    with page.expect_download() as downloading:
        page.click("[data-progress-export]")
    download = downloading.value
    exported = json.loads(download.path().read_text(encoding="utf-8"))
    assert exported["format"] == FORMAT and exported["version"] == 1
    assert exported["exercises"] == entries
    name = download.suggested_filename
    assert name.startswith("exercise-progress-") and name.endswith(".json")
    assert page.text_content("[data-progress-toast]") == UI["exported"](lang).format(file=name)  # type: ignore[arg-type]

    # Another browser (a fresh profile) that has its own progress on one of them.
    file = tmp_path / name
    file.write_text(download.path().read_text(encoding="utf-8"), encoding="utf-8")
    context, _ = open_context(viewport={"width": 1280, "height": 900})
    other = context.new_page()
    other.goto(site_url + LANG_PREFIX[lang] + "practice/")
    mine = {"pool-red-packet": {"attempts": 4, "solved": True, "hint": False, "solution": False, "at": 3}}
    other.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [STORE_KEY, document(mine)])
    open_overview(other, site_url, lang)
    other.set_input_files("[data-progress-file]", str(file))
    other.wait_for_selector("[data-progress-toast]:not(:empty)")
    taken = UI["imported"](lang).format(file=name, taken=2, solved=1, ignored=0)  # type: ignore[arg-type]
    assert other.text_content("[data-progress-toast]") == taken
    assert statuses(other) == {**before, "pool-red-packet": "solved"}  # merged: solved in either is solved
    merged = json.loads(stored(other)[STORE_KEY])["exercises"]
    assert merged["ltv-read-verdict"] == entries["ltv-read-verdict"]
    assert merged["pool-red-packet"] == {"attempts": 4, "solved": True, "hint": False, "solution": True, "at": 3}
    row = other.text_content('[data-progress-for="ltv-read-verdict"] [data-progress-status]')
    assert row == " · ".join([UI["solved"](lang), UI["used_hint"](lang)])  # type: ignore[arg-type]
    # Kept, not just shown: a reload reads it back.
    other.reload()
    other.wait_for_selector(f"{OVERVIEW}[data-bound]")
    assert statuses(other) == {**before, "pool-red-packet": "solved"}

    # A file with a bad entry and an exercise this site does not have: those two are ignored, and said.
    mixed = tmp_path / "mixed.json"
    mixed.write_text(
        document(
            {
                "holdout-read-power": {"solved": True, "attempts": 1},
                "ltv-max-cac": {"solved": "false", "attempts": 1},
                "no-such-exercise": {"solved": True, "attempts": 1},
            }
        ),
        encoding="utf-8",
    )
    other.evaluate("document.querySelector('[data-progress-toast]').textContent = ''")
    other.set_input_files("[data-progress-file]", str(mixed))
    other.wait_for_selector("[data-progress-toast]:not(:empty)")
    said = UI["imported"](lang).format(file="mixed.json", taken=1, solved=1, ignored=2)  # type: ignore[arg-type]
    assert other.text_content("[data-progress-toast]") == f"{said} {UI['imported_ignored'](lang)}"  # type: ignore[arg-type]
    assert statuses(other)["holdout-read-power"] == "solved" and statuses(other)["ltv-max-cac"] == "new"

    # Not a progress file at all: nothing changes, and that is said.
    junk = tmp_path / "notes.json"
    junk.write_text('{"hello": 1}', encoding="utf-8")
    before_junk = stored(other)[STORE_KEY]
    other.set_input_files("[data-progress-file]", str(junk))
    refused = UI["import_invalid"](lang).format(file="notes.json")  # type: ignore[arg-type]
    other.wait_for_function("text => document.querySelector('[data-progress-toast]').textContent === text", arg=refused)
    assert stored(other)[STORE_KEY] == before_junk
    assert "NaN" not in shown_text(other) and "undefined" not in shown_text(other)
