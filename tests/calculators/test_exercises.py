"""Practice exercises: answers worked out by the models, texts complete in both languages,
the checker fair at its stated tolerance, and the pages and markers wired up."""

from __future__ import annotations

import importlib
import math
import re
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import pytest

from calculators import CALCULATORS, exercises, run
from calculators.display import format_number
from calculators.exercises import Answer, Exercise, Given, Shown
from calculators.web import answer as web_answer
from calculators.web import respond
from tests.calculators.exercise_helpers import by_id, correct, has_cjk

LANGS = ("en", "zh")
EXERCISES = exercises.catalogue()
IDS = [exercise.id for exercise in EXERCISES]


def answers_of(calculator: str) -> ModuleType:
    """tests/calculators/<name>/answers.py: the independent recomputations of a folder's exercises."""
    return importlib.import_module(f"tests.calculators.{calculator}.answers")


def _collect(attribute: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in {exercise.calculator for exercise in EXERCISES}:
        found.update(getattr(answers_of(name), attribute))
    return found


INDEPENDENT = _collect("INDEPENDENT")
SHOWN_ANSWERS = _collect("SHOWN_ANSWERS")
THRESHOLDS = [
    row for name in CALCULATORS if any(e.calculator == name for e in EXERCISES) for row in answers_of(name).THRESHOLDS
]


# ------------------------------------------------------------------ shape


def test_at_least_four_exercises_per_calculator_and_twelve_in_all() -> None:
    assert len(EXERCISES) >= 12
    for name in CALCULATORS:
        assert sum(e.calculator == name for e in EXERCISES) >= 4, name


def test_ids_are_unique_anchor_slugs() -> None:
    assert len(IDS) == len(set(IDS))
    for exercise_id in IDS:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", exercise_id), exercise_id


@pytest.mark.parametrize("exercise_id", IDS)
def test_scenario_validates_and_uses_a_preset(exercise_id: str) -> None:
    exercise = by_id(exercise_id)
    calc = CALCULATORS[exercise.calculator]
    assert exercise.scenario.preset in {p.id for p in calc.presets}
    result = run(exercise.calculator, exercise.scenario.inputs, preset=exercise.scenario.preset)
    assert result["inputs"] == exercises.scenario_inputs(exercise)


@pytest.mark.parametrize("exercise_id", IDS)
def test_answers_are_well_formed(exercise_id: str) -> None:
    exercise = by_id(exercise_id)
    keys = [a.key for a in exercise.answers]
    assert keys and len(keys) == len(set(keys))
    solved = correct(exercise_id)
    assert set(solved) == set(keys)
    for spec in exercise.answers:
        if spec.kind == "numeric":
            assert spec.tolerance > 0 and not spec.choices
            assert isinstance(solved[spec.key], float) and math.isfinite(float(solved[spec.key]))
        else:
            assert len(spec.choices) >= 2 and spec.tolerance == 0
            assert solved[spec.key] in {c.key for c in spec.choices}


# ------------------------------------------------------------------ texts


def every_text(exercise: Exercise, lang: str) -> list[str]:
    texts = [exercise.title, exercise.question, exercise.hint, exercise.solution]
    texts += [spec.label for spec in exercise.answers]
    texts += [choice.label for spec in exercise.answers for choice in spec.choices]
    return [exercises.fill(exercise, text, lang) for text in texts]  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exercise_id", IDS)
def test_every_string_exists_in_both_languages_with_placeholders_filled(exercise_id: str, lang: str) -> None:
    exercise = by_id(exercise_id)
    for text in every_text(exercise, lang):
        assert text.strip()
        assert "{" not in text and "}" not in text, text
        for junk in ("None", "nan", "inf", "NaN"):
            assert not re.search(rf"\b{junk}\b", text), text
    body = " ".join(every_text(exercise, lang)[:4])
    assert has_cjk(body) == (lang == "zh"), "Chinese pages read Chinese, English pages English"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exercise_id", IDS)
def test_solution_quotes_numeric_answers_as_the_calculator_displays_them(exercise_id: str, lang: str) -> None:
    exercise = by_id(exercise_id)
    solution = exercises.fill(exercise, exercise.solution, lang)  # type: ignore[arg-type]
    for spec in exercise.answers:
        if spec.kind == "numeric":
            shown = format_number(float(correct(exercise_id)[spec.key]), spec.unit, lang)  # type: ignore[arg-type]
            assert shown in solution, f"{spec.key}: {shown} not in the solution"
    # And every number the solution quotes from the model is formatted by the display code.
    placeholders = set(re.findall(r"\{(\w+)\}", exercise.solution.en)) | set(
        re.findall(r"\{(\w+)\}", exercise.solution.zh)
    )
    facts = exercises.facts(exercise)
    assert placeholders <= set(facts)
    for name in placeholders:
        fact = facts[name]
        if isinstance(fact, Shown):
            assert format_number(fact.value, fact.unit, lang) in solution  # type: ignore[arg-type]


def test_the_english_and_chinese_templates_quote_the_same_numbers() -> None:
    """Not word for word, but the same figures; naming a calculator label is a wording choice."""

    def numbers(template: str) -> set[str]:
        return {n for n in re.findall(r"\{(\w+)\}", template) if not n.startswith(("in_", "out_", "preset_"))}

    for exercise in EXERCISES:
        for text in (exercise.title, exercise.question, exercise.hint, exercise.solution):
            en, zh = numbers(text.en), numbers(text.zh)
            assert en == zh, (exercise.id, en ^ zh)


def test_given_and_shown_numbers_read_naturally() -> None:
    assert Given(150, "money").text("zh") == "¥150"
    assert Given(100000, "count").text("en") == "100,000"
    assert Given(8, "percent").text("en") == "8%"
    assert Given(60, "months").text("zh") == "60 个月"
    assert Shown(14.4019, "percent").text("en") == "14.4%"


# ------------------------------------------------------------------ answers come from the models


def test_every_exercise_has_an_independent_recomputation() -> None:
    assert set(INDEPENDENT) == set(IDS)
    for exercise_id, *_ in THRESHOLDS:
        assert exercise_id in IDS


@pytest.mark.parametrize("name", sorted({exercise.calculator for exercise in EXERCISES}))
def test_the_premises_the_texts_state_still_hold(name: str) -> None:
    """The prose makes qualitative claims; if a preset changes so that one no longer holds,
    this fails before a trainee reads something false."""
    answers_of(name).premises()


@pytest.mark.parametrize("exercise_id", IDS)
def test_correct_answers_match_an_independent_recomputation(exercise_id: str) -> None:
    want = INDEPENDENT[exercise_id]()
    got = correct(exercise_id)
    assert set(want) == set(got)
    for key, value in want.items():
        if isinstance(value, str):
            assert got[key] == value, key
        else:
            assert got[key] == pytest.approx(value, rel=1e-7, abs=1e-9), key


@pytest.mark.parametrize(("exercise_id", "key", "field", "output", "target"), THRESHOLDS)
def test_threshold_answers_hit_their_target_in_the_model(
    exercise_id: str, key: str, field: str, output: str, target: float
) -> None:
    exercise = by_id(exercise_id)
    result = run(
        exercise.calculator,
        {**exercise.scenario.inputs, field: correct(exercise_id)[key]},
        preset=exercise.scenario.preset,
    )
    assert result["outputs"][output] == pytest.approx(target, abs=1e-6)


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_links_open_the_scenario_and_the_answer(exercise_id: str) -> None:
    """The scenario link carries the preset and the changed inputs; the 'see the answer' link
    makes the calculator display the answer (or, for reading exercises, the scenario itself)."""
    exercise = by_id(exercise_id)
    scenario = dict(parse_qsl(exercises.scenario_query(exercise)))
    assert scenario.pop("preset", None) == exercise.scenario.preset
    assert {k: float(v) for k, v in scenario.items()} == {k: float(v) for k, v in exercise.scenario.inputs.items()}

    query = dict(parse_qsl(exercises.solution_query(exercise)))
    preset = query.pop("preset", None)
    assert preset == exercise.scenario.preset
    result = run(exercise.calculator, query, preset=preset)  # valid input
    if exercise_id in SHOWN_ANSWERS:
        output, expected = SHOWN_ANSWERS[exercise_id]
        spec = next(o for o in CALCULATORS[exercise.calculator].outputs if o.key == output)
        assert format_number(result["outputs"][output], spec.unit, "en") == expected()
    else:
        assert exercises.solution_query(exercise) == exercises.scenario_query(exercise)


# ------------------------------------------------------------------ the checker


def numeric_answers() -> list[tuple[str, Answer]]:
    return [(e.id, a) for e in EXERCISES for a in e.answers if a.kind == "numeric"]


NUMERIC = numeric_answers()


def allowed(spec: Answer, value: float) -> float:
    return abs(value) * spec.tolerance / 100 if spec.relative else spec.tolerance


def mark(exercise_id: str, key: str, response: object, lang: str = "en") -> dict[str, Any]:
    result = exercises.check(exercise_id, {key: response}, lang)  # type: ignore[arg-type]
    return result["answers"][key]  # type: ignore[no-any-return]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "spec"), NUMERIC, ids=[f"{e}-{a.key}" for e, a in NUMERIC])
def test_the_number_the_calculator_displays_is_accepted(exercise_id: str, spec: Answer, lang: str) -> None:
    """A trainee who reads the calculator's display (and copies it, unit and all) is right."""
    value = float(correct(exercise_id)[spec.key])
    shown = format_number(value, spec.unit, lang)  # type: ignore[arg-type]
    assert mark(exercise_id, spec.key, shown, lang)["status"] == "correct", shown


@pytest.mark.parametrize(("exercise_id", "spec"), NUMERIC, ids=[f"{e}-{a.key}" for e, a in NUMERIC])
def test_checker_accepts_within_the_tolerance_and_rejects_outside_it(exercise_id: str, spec: Answer) -> None:
    value = float(correct(exercise_id)[spec.key])
    width = allowed(spec, value)
    for inside in (value, value + 0.9 * width, value - 0.9 * width):
        assert mark(exercise_id, spec.key, f"{inside:.12g}")["status"] == "correct"
        assert mark(exercise_id, spec.key, inside)["status"] == "correct"  # a JSON number works too
    high, low = (
        mark(exercise_id, spec.key, f"{value + 1.1 * width:.12g}"),
        mark(exercise_id, spec.key, f"{value - 1.1 * width:.12g}"),
    )
    assert high["status"] == low["status"] == "incorrect"
    assert "too high" in high["message"] and "too low" in low["message"]
    zh = mark(exercise_id, spec.key, f"{value + 1.1 * width:.12g}", "zh")
    assert zh["message"] == "还不对：偏高了。"


@pytest.mark.parametrize("exercise_id", IDS)
def test_checker_accepts_the_right_choice_only(exercise_id: str) -> None:
    exercise = by_id(exercise_id)
    for spec in exercise.answers:
        if spec.kind != "choice":
            continue
        for choice in spec.choices:
            status = mark(exercise_id, spec.key, choice.key)["status"]
            assert status == ("correct" if choice.key == correct(exercise_id)[spec.key] else "incorrect")
        assert mark(exercise_id, spec.key, "")["status"] == "missing"
        assert mark(exercise_id, spec.key, "not-a-choice")["status"] == "invalid"
        assert mark(exercise_id, spec.key, ["a", "list"])["status"] == "invalid"


def test_checker_reads_numbers_the_way_the_calculators_do() -> None:
    read = exercises.read_number
    assert read("1,000") == 1000
    assert read("１４.４") == 14.4  # full-width digits
    assert read("14.4%") == read("14.4 %") == read("１４.４％") == 14.4
    assert read("¥3.39") == read("3.39 元") == read("￥3.39") == 3.39
    assert read("−¥0.44") == -0.44  # the display's minus sign
    assert read("25.0 months") == read("25.0 个月") == 25.0
    assert read("2.23×") == read("2.23x") == read("2.23 倍") == 2.23
    assert read("0.2 个百分点") == read("0.2pp") == 0.2
    for junk in ("abc", "nan", "inf", "1_000", "", "12 apples", None, True):
        assert read(junk) is None, junk


def test_percent_typed_as_a_fraction_gets_a_specific_message() -> None:
    churn = float(correct("ltv-payback-churn")["churn"])
    got = mark("ltv-payback-churn", "churn", f"{churn / 100:.6f}")
    assert got["status"] == "incorrect" and "fraction" in got["message"]


def test_check_reports_every_answer_and_a_summary_in_the_page_language() -> None:
    exercise = by_id("ltv-read-verdict")
    right = {k: (v if isinstance(v, str) else f"{v:.6f}") for k, v in correct(exercise.id).items()}
    for lang in LANGS:
        solved = exercises.check(exercise.id, right, lang)  # type: ignore[arg-type]
        assert solved["solved"] and all(m["correct"] for m in solved["answers"].values())
        assert has_cjk(solved["summary"]) == (lang == "zh")
        partial = exercises.check(exercise.id, {**right, "ratio": "9", "payback": ""}, lang)  # type: ignore[arg-type]
        assert not partial["solved"]
        statuses = {k: m["status"] for k, m in partial["answers"].items()}
        assert statuses == {"ratio": "incorrect", "band": "correct", "payback": "missing"}
        assert "1" in partial["summary"] and "3" in partial["summary"]
        for message in (m["message"] for m in partial["answers"].values()):
            assert has_cjk(message) == (lang == "zh"), message
    with pytest.raises(exercises.UnknownExerciseError):
        exercises.check("nope", {}, "en")


def test_the_web_entry_point_marks_exercises_and_still_runs_calculators() -> None:
    ready = web_answer({"exercise": "pool-red-packet", "lang": "zh"})
    assert ready == {"ok": True, "exercise": "pool-red-packet", "ready": True}
    shown = format_number(float(correct("pool-red-packet")["match_add_rate"]), "percent", "zh")
    marked = web_answer({"exercise": "pool-red-packet", "lang": "zh", "responses": {"match_add_rate": shown}})
    assert marked["ok"] and marked["answers"]["match_add_rate"]["status"] == "correct"
    assert marked["answers"]["breakeven_add_rate"]["status"] == "missing"
    assert web_answer({"exercise": "nope", "responses": {}})["fatal"].startswith("unknown exercise 'nope'")
    assert web_answer({"exercise": "ltv-max-cac", "responses": ["x"]})["ok"] is False
    assert '"ok": true' in respond('{"exercise": "ltv-max-cac", "responses": {"cac_5x": "67"}, "lang": "en"}')
    calc = web_answer({"calculator": "ltv_cac", "inputs": {}, "lang": "en"})
    assert calc["ok"] and calc["result"] == run("ltv_cac")
