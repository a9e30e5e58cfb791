"""The exercise engine: scenarios, questions and answers, checked by the calculators themselves.

Each calculator folder may hold practice exercises: their definitions and
texts as data (``exercises.toml``: scenario, question, the answers asked for,
hint, worked solution, in English and Chinese) and one solver per exercise in
Python (``exercises.py``, ``SOLVERS``). The correct answers are never typed in:
a solver works them out by running the models (``calculators.run``), bisecting
over an input where the question asks for a threshold. The texts' numbers are
placeholders filled from what the solver returns, formatted exactly as the
calculator pages display them.

The same engine runs in CPython (the site build renders the questions, hints
and solutions) and in Pyodide (``check`` marks a trainee's answers in the
page, through ``calculators.web``). Standard library only, no I/O. It names no
calculator: the registry hands it every folder's exercises.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal
from urllib.parse import urlencode

from calculators import registry
from calculators.core import MINUS, Calculator, Lang, Number, OutputValue, Text, Unit, parse_number
from calculators.data import DataFileError, entries, read_toml, text
from calculators.display import format_input, format_number, format_stated

Kind = Literal["numeric", "choice"]
Status = Literal["correct", "incorrect", "invalid", "missing"]


# ------------------------------------------------------------------ the shape of an exercise


@dataclass(frozen=True)
class Choice:
    key: str
    label: Text  # may hold {placeholders}, filled like the question


@dataclass(frozen=True)
class Answer:
    """One thing the trainee must give: a number (within a tolerance) or one of some choices.

    ``tolerance`` is in the answer's unit (percentage points for a percent), or, with
    ``relative``, a percentage of the correct value.
    """

    key: str
    kind: Kind
    label: Text
    unit: Unit = "number"
    tolerance: float = 0.0
    relative: bool = False
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A calculator preset (or the defaults), with some inputs changed."""

    preset: str | None = None
    inputs: Mapping[str, Number] = field(default_factory=dict)


@dataclass(frozen=True)
class Shown:
    """A number as the calculator displays it: ¥291.60, 8.43%, 7.6 months, 1.94×."""

    value: float
    unit: Unit

    def text(self, lang: Lang) -> str:
        return format_number(self.value, self.unit, lang)


@dataclass(frozen=True)
class Given:
    """A number as a person states an input: ¥150, 8%, 0.15, 100,000, 60 months."""

    value: float
    unit: Unit

    def text(self, lang: Lang) -> str:
        return format_stated(self.value, self.unit, lang)


Fact = Shown | Given | Text


def fact_text(fact: Fact, lang: Lang) -> str:
    return fact(lang) if isinstance(fact, Text) else fact.text(lang)


@dataclass(frozen=True)
class Solved:
    """What the models say: the correct answers, the numbers the texts quote, and
    ``show``: the inputs (over the scenario's preset) that display the answer in the
    calculator, or None when the scenario itself does."""

    answers: Mapping[str, float | str]
    facts: Mapping[str, Fact]
    show: Mapping[str, Number] | None = None


Solver = Callable[[Mapping[str, Number]], Solved]


@dataclass(frozen=True)
class Exercise:
    id: str
    calculator: str
    title: Text
    scenario: Scenario
    question: Text
    answers: tuple[Answer, ...]
    hint: Text
    solution: Text  # paragraphs split by a blank line; "- " starts a list item
    solve: Solver  # called with the scenario's validated inputs

    def answer(self, key: str) -> Answer:
        for spec in self.answers:
            if spec.key == key:
                return spec
        raise KeyError(key)


class UnknownExerciseError(KeyError):
    def __init__(self, exercise_id: str) -> None:
        self.exercise_id = exercise_id
        super().__init__(exercise_id)

    def __str__(self) -> str:
        shown = self.exercise_id if len(self.exercise_id) <= 60 else self.exercise_id[:60] + "…"
        return f"unknown exercise {shown!r} (known: {', '.join(registry.EXERCISES_BY_ID)})"


# ------------------------------------------------------------------ helpers for the folders' solvers


def outputs(calculator: str, inputs: Mapping[str, Number]) -> Mapping[str, OutputValue]:
    outputs: Mapping[str, OutputValue] = registry.run(calculator, inputs)["outputs"]
    return outputs


def number(outputs: Mapping[str, OutputValue], key: str) -> float:
    value = outputs[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"output {key} is {value!r}, not a number")
    return float(value)


def or_infinity(outputs: Mapping[str, OutputValue], key: str) -> float:
    """A null output that means "never" (payback) as +infinity, for comparisons."""
    value = outputs[key]
    return math.inf if value is None else number(outputs, key)


def preset_inputs(calculator: str, preset: str) -> dict[str, Number]:
    inputs: dict[str, Number] = registry.run(calculator, preset=preset)["inputs"]
    return inputs


def choice_label(calculator: str, output: str, key: str) -> Text:
    """The label a categorical output shows for ``key`` (e.g. a verdict band)."""
    spec = next(o for o in registry.get(calculator).outputs if o.key == output)
    return spec.choices[key]


def choices_of(calculator: str, output: str) -> tuple[Choice, ...]:
    spec = next(o for o in registry.get(calculator).outputs if o.key == output)
    return tuple(Choice(key, label) for key, label in spec.choices.items())


def bisect(f: Callable[[float], float], low: float, high: float) -> float:
    """The x in [low, high] where a monotone f crosses zero (f(low), f(high) of opposite signs)."""
    f_low, f_high = f(low), f(high)
    if f_low == 0:
        return low
    if f_high == 0:
        return high
    if (f_low > 0) == (f_high > 0):
        raise ValueError(f"no sign change between {low} and {high}")
    for _ in range(100):
        middle = (low + high) / 2
        if middle in (low, high) or high - low <= 1e-12 * max(1.0, abs(middle)):
            break
        if (f(middle) > 0) == (f_low > 0):
            low = middle
        else:
            high = middle
    return (low + high) / 2


# ------------------------------------------------------------------ reading exercises.toml

FILENAME = "exercises.toml"


def load(package: str, calc: Calculator, solvers: Mapping[str, Solver]) -> tuple[Exercise, ...]:
    """The exercises of the calculator folder ``package``, each joined to its solver.

    Every exercise needs a solver and every solver an exercise, so neither can go stale.
    """
    where = f"{package}/{FILENAME}"
    found = tuple(
        _exercise(entry, calc, solvers, where) for entry in entries(read_toml(package, FILENAME), "exercise", where)
    )
    ids = [exercise.id for exercise in found]
    unused = sorted(set(solvers) - set(ids))
    if len(set(ids)) != len(ids) or unused:
        raise DataFileError(f"{where}: exercise ids must be unique and every solver used (unused: {unused})")
    return found


def _exercise(entry: dict[str, Any], calc: Calculator, solvers: Mapping[str, Solver], where: str) -> Exercise:
    exercise_id = entry.get("id")
    if not isinstance(exercise_id, str) or exercise_id not in solvers:
        raise DataFileError(f"{where}: exercise {exercise_id!r} has no solver in SOLVERS")
    here = f"{where} [{exercise_id}]"
    scenario = entry.get("scenario", {})
    preset = scenario.get("preset")
    return Exercise(
        id=exercise_id,
        calculator=calc.name,
        title=text(entry.get("title"), f"{here} title"),
        scenario=Scenario(preset if isinstance(preset, str) else None, dict(scenario.get("inputs", {}))),
        question=text(entry.get("question"), f"{here} question"),
        answers=tuple(_answer(answer, calc, f"{here} answer") for answer in entries(entry, "answer", here)),
        hint=text(entry.get("hint"), f"{here} hint"),
        solution=text(entry.get("solution"), f"{here} solution"),
        solve=solvers[exercise_id],
    )


def _answer(entry: dict[str, Any], calc: Calculator, where: str) -> Answer:
    kind, key = entry.get("kind"), entry.get("key")
    if kind not in ("numeric", "choice") or not isinstance(key, str):
        raise DataFileError(f"{where}: every answer needs a key and a kind (numeric or choice)")
    choices_from = entry.get("choices_from")
    if choices_from is not None:
        spec = next((o for o in calc.outputs if o.key == choices_from and o.choices), None)
        if spec is None:
            raise DataFileError(f"{where} {key}: {calc.name} has no categorical output {choices_from!r}")
        choices = tuple(Choice(choice, label) for choice, label in spec.choices.items())
    else:
        choices = tuple(
            Choice(str(choice.get("key")), text(choice.get("label"), f"{where} {key} choice"))
            for choice in entries(entry, "choice", where)
        )
    if (kind == "choice") != bool(choices):
        raise DataFileError(f"{where} {key}: a choice answer needs choices, a numeric one none")
    return Answer(
        key=key,
        kind=kind,
        label=text(entry.get("label"), f"{where} {key} label"),
        unit=entry.get("unit", "number"),
        tolerance=float(entry.get("tolerance", 0.0)),
        relative=bool(entry.get("relative", False)),
        choices=choices,
    )


# ------------------------------------------------------------------ reading an exercise


def catalogue() -> tuple[Exercise, ...]:
    """Every exercise of every calculator folder, in the registry's order."""
    return registry.EXERCISES


def get(exercise_id: str) -> Exercise:
    try:
        return registry.EXERCISES_BY_ID[exercise_id]
    except KeyError:
        raise UnknownExerciseError(exercise_id) from None


def scenario_inputs(exercise: Exercise) -> dict[str, Number]:
    """Every input of the scenario, validated, defaults filled in."""
    inputs: dict[str, Number] = registry.run(
        exercise.calculator, exercise.scenario.inputs, preset=exercise.scenario.preset
    )["inputs"]
    return inputs


@cache
def _solved(exercise_id: str) -> Solved:
    exercise = get(exercise_id)
    return exercise.solve(scenario_inputs(exercise))


def solved(exercise: Exercise) -> Solved:
    """The correct answers and quoted numbers, worked out by the models (once per exercise)."""
    return _solved(exercise.id)


def facts(exercise: Exercise) -> dict[str, Fact]:
    """Every placeholder a text may use: the scenario's inputs as stated, then what solve found."""
    calc = registry.get(exercise.calculator)
    found: dict[str, Fact] = {
        name: Given(float(value), calc.field(name).unit) for name, value in scenario_inputs(exercise).items()
    }
    if exercise.scenario.preset is not None:
        found["preset_name"] = calc.preset(exercise.scenario.preset).name
    # The calculator's own labels, so a hint that says "watch Payback" names the card the page shows.
    found.update({f"in_{spec.name}": spec.label for spec in calc.fields})
    found.update({f"out_{spec.key}": spec.label for spec in calc.outputs})
    # The label of each choice answer's correct option, as {key}_label.
    answers = solved(exercise).answers
    found.update(
        {
            f"{spec.key}_label": next(c.label for c in spec.choices if c.key == answers[spec.key])
            for spec in exercise.answers
            if spec.kind == "choice"
        }
    )
    found.update(solved(exercise).facts)
    return found


def fill(exercise: Exercise, template: Text, lang: Lang) -> str:
    """A text of the exercise in ``lang`` with its placeholders filled."""
    values = {key: fact_text(fact, lang) for key, fact in facts(exercise).items()}
    return template(lang).format_map(values)


def tolerance_text(answer: Answer, lang: Lang) -> str:
    """'±0.2 percentage points', '±1% of the answer', '±¥0.02' (or its Chinese)."""
    amount = f"{answer.tolerance:g}"
    if answer.relative:
        return f"正确答案的 ±{amount}%" if lang == "zh" else f"±{amount}% of the answer"
    if answer.unit == "percent":
        return f"±{amount} 个百分点" if lang == "zh" else f"±{amount} percentage points"
    if answer.unit == "money":
        return f"±¥{amount}"
    if answer.unit == "months":
        return f"±{amount} 个月" if lang == "zh" else f"±{amount} months"
    if answer.unit == "ratio":
        return f"±{amount}×"
    return f"±{amount}"


def _plain(number: float) -> str:
    """A trainee's own number echoed back, with the minus every displayed number uses."""
    return f"{number:g}".replace("-", MINUS, 1) if number < 0 else f"{number:g}"


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def accepted_text(answer: Answer, lang: Lang) -> str:
    """The tolerance as the page states it: 'Accepted within ±0.2 percentage points.'"""
    tolerance = tolerance_text(answer, lang)
    if lang == "zh":  # a space between Chinese and Latin text or numbers, none between Chinese characters
        lead = "" if _is_cjk(tolerance[0]) else " "
        gap = "" if _is_cjk(tolerance[-1]) else " "
        return f"误差在{lead}{tolerance}{gap}以内算对。"
    return f"Accepted within {tolerance}."


def _query(exercise: Exercise, inputs: Mapping[str, Number]) -> str:
    calc = registry.get(exercise.calculator)
    pairs = [("preset", exercise.scenario.preset)] if exercise.scenario.preset else []
    pairs += [(name, format_input(calc.field(name), value)) for name, value in inputs.items()]
    return urlencode(pairs)


def scenario_query(exercise: Exercise) -> str:
    """The calculator page's query that opens the scenario: preset=…&FIELD=…."""
    return _query(exercise, exercise.scenario.inputs)


def solution_query(exercise: Exercise) -> str:
    """The query that opens the calculator showing the answer (the scenario's, if nothing changes)."""
    show = solved(exercise).show
    if show is None:
        return scenario_query(exercise)
    return _query(exercise, {**exercise.scenario.inputs, **show})


# ------------------------------------------------------------------ checking a trainee's answers

MESSAGES: dict[str, Text] = {
    "correct_number": Text("Correct: the model gives {value}.", "正确！模型算出的是 {value}。"),
    "correct_choice": Text("Correct.", "正确！"),
    "too_high": Text("Not yet: that is too high.", "还不对：偏高了。"),
    "too_low": Text("Not yet: that is too low.", "还不对：偏低了。"),
    "fraction": Text(
        "That looks like a fraction. Enter percentages as percent: {percent}, not {fraction}.",
        "看起来填的是小数。百分比请按百分数填：{percent}，而不是 {fraction}。",
    ),
    "wrong_choice": Text("Not this one. Have another look, or open the hint.", "不是这个。再想想，或者看看提示。"),
    "not_a_number": Text("Enter a number, such as 12.5.", "请填一个数字，比如 12.5。"),
    "missing_number": Text("Enter an answer here.", "这一问还没填。"),
    "missing_choice": Text("Pick one of the options.", "请选一个选项。"),
    "solved": Text(
        # Whether the progress was kept is the page's to say (exercises.js): only it knows.
        "All correct: exercise solved.",
        "全部答对，本题完成！",
    ),
    "partly": Text(
        "{right} of {total} correct. Fix the rest and check again, or open the hint.",
        "共 {total} 问，答对 {right} 问。改一改其余的再核对，或者看看提示。",
    ),
    "not_yet": Text("Not solved yet. Try again, or open the hint.", "还没答对。再试一次，或者看看提示。"),
}

# Words a trainee may type after a number; stripped before it is read.
_UNIT_WORDS = (
    "个百分点",
    "percentage points",
    "个月",
    "months",
    "month",
    "pp",
    "倍",
    "元",
    "人",
    "单",
    "次",
    "×",
    "x",
)


def read_number(raw: object) -> float | None:
    """A trainee's number: anything a calculator field accepts, plus a unit word or the display's minus."""
    if not isinstance(raw, str):
        return parse_number(raw)
    text = unicodedata.normalize("NFKC", raw).strip().replace(MINUS, "-").replace("¥", "").lower()
    for word in _UNIT_WORDS:
        if text.endswith(word):
            text = text[: -len(word)].strip()
            break
    return parse_number(text)


def _allowed(answer: Answer, correct: float) -> float:
    tolerance = abs(correct) * answer.tolerance / 100 if answer.relative else answer.tolerance
    return tolerance * (1 + 1e-9) + 1e-12  # the boundary itself counts, whatever the rounding


def is_within(answer: Answer, correct: float, given: float) -> bool:
    return abs(given - correct) <= _allowed(answer, correct)


def _check_one(answer: Answer, correct: float | str, raw: object, lang: Lang) -> dict[str, Any]:
    def verdict(status: Status, key: str, **values: str) -> dict[str, Any]:
        message = MESSAGES[key](lang).format(**values)
        return {"status": status, "correct": status == "correct", "message": message}

    text = raw.strip() if isinstance(raw, str) else raw
    if answer.kind == "choice":
        if text is None or text == "":
            return verdict("missing", "missing_choice")
        if not isinstance(text, str) or text not in {choice.key for choice in answer.choices}:
            return verdict("invalid", "missing_choice")
        if text == correct:
            return verdict("correct", "correct_choice")
        return verdict("incorrect", "wrong_choice")
    if text is None or text == "":
        return verdict("missing", "missing_number")
    given = read_number(text)
    if given is None:
        return verdict("invalid", "not_a_number")
    target = float(correct)
    if is_within(answer, target, given):
        return verdict("correct", "correct_number", value=format_number(target, answer.unit, lang))
    if answer.unit == "percent" and is_within(answer, target, given * 100):
        return verdict("incorrect", "fraction", percent=_plain(given * 100) + "%", fraction=_plain(given))
    # The tolerance is printed under the field already (accepted_text).
    return verdict("incorrect", "too_high" if given > target else "too_low")


def check(exercise_id: str, responses: Mapping[str, object], lang: Lang) -> dict[str, Any]:
    """Mark every answer of an exercise: {"solved", "summary", "answers": {key: {status, correct, message}}}.

    Raises UnknownExerciseError for an id no exercise has.
    """
    exercise = get(exercise_id)
    correct = solved(exercise).answers
    marks = {spec.key: _check_one(spec, correct[spec.key], responses.get(spec.key), lang) for spec in exercise.answers}
    right = sum(1 for mark in marks.values() if mark["correct"])
    all_right = right == len(marks)
    key = "solved" if all_right else "partly" if len(marks) > 1 else "not_yet"
    summary = MESSAGES[key](lang).format(right=right, total=len(marks))
    return {"exercise": exercise.id, "solved": all_right, "summary": summary, "answers": marks}


def answer(request: Mapping[str, Any]) -> dict[str, Any]:
    """The web entry point: {"exercise", "responses"?, "lang"} → {"ok": true, …check()} or a fatal error.

    Without ``responses`` it only works the exercise out (warming the cache) and says it is ready.
    """
    lang: Lang = "zh" if request.get("lang") == "zh" else "en"
    exercise_id = str(request.get("exercise", ""))
    responses = request.get("responses")
    try:
        if responses is None:
            solved(get(exercise_id))
            return {"ok": True, "exercise": exercise_id, "ready": True}
        if not isinstance(responses, Mapping):
            return {"ok": False, "fatal": "responses must be an object"}
        return {"ok": True, **check(exercise_id, responses, lang)}
    except UnknownExerciseError as error:
        return {"ok": False, "fatal": str(error)}
