"""Practice exercises as a trainee uses them, in both languages: answer wrong, then right,
open the hint, follow the link to the pre-filled calculator, come back after a reload, see
the progress on the overview, and reset it. Checked in the page by Python in Pyodide."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import exercise_markup
import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from calculators import CALCULATORS, exercises
from calculators.display import format_number

from .conftest import LIVE_TIMEOUT_MS, Watch, calculator_page, practice_page, wait_live, watched_context

LANG_PREFIX = {"en": "", "zh": "zh/"}
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
    assert page.evaluate("key => localStorage.getItem(key)", exercise_markup.STORE_KEY) is None


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
