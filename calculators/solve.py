"""Goal seek: the value of one field at which an output equals a target (calculators-spec.md, v2).

Scan the field's allowed range, keep the sign changes of ``output - target`` and
refine the one nearest the current input by bisection. Generic: it knows fields
and outputs only as the calculator declares them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from calculators.core import (
    Calculator,
    Field,
    FieldError,
    Lang,
    Note,
    Number,
    Output,
    ValidationError,
    parse_number,
    range_text,
    unknown_field_error,
    validate,
)
from calculators.display import format_number, format_output, in_sentence, unit_label, zh_spaced
from calculators.finance import ln
from calculators.normal import exp
from calculators.registry import get

SCAN_POINTS = 400
RELATIVE_WIDTH = 1e-12
MAX_HALVINGS = 200  # a root at (or next to) 0 never meets a relative width; this stops it
# Ranges wider than this ratio are scanned on a log grid ("more than three decades").
LOG_SPAN = 1e3
# A range from 0 has no ratio: it is measured from one unit of the field (¥1, one person,
# 1 %, one month), and its log grid reaches down to a thousandth of that unit, so small
# values such as ¥0.2 a card still get fine steps; 0 itself is the grid's first point.
LOG_FLOOR = 1e-3
# After refining, |output - target| must have shrunk by this factor at least: a crossing
# that does not shrink is a jump in the output past the target, not a solution.
JUMP_SHRINK = 1e-6

Gap = Callable[[float], float | None]  # output - target at a value, None where it has no value


@dataclass(frozen=True)
class _Crossing:
    low: float
    high: float
    gap_low: float
    gap_high: float

    def distance(self, x: float) -> float:
        if self.low <= x <= self.high:
            return 0.0
        return min(abs(x - self.low), abs(x - self.high))


def solve(name: str, inputs: Mapping[str, object] | None, output: str, target: object, vary: str) -> dict[str, Any]:
    """``{"value": x, "output": y, "note": None}`` with ``output`` = ``target`` at ``vary`` = x.

    The other inputs are validated as ``run`` does (missing ones take defaults); ``vary``'s
    own input, if given, is where the search starts. Points of the scan where the output is
    null or a rule between fields fails are skipped, and a crossing is never taken across
    them. No crossing: ``value`` and ``output`` are None and ``note`` is the ``no_solution``
    note (code, en, zh: which range was searched and what the output did there).

    Integer fields: the smallest whole number at which the output has reached the target,
    i.e. the upper end of the crossing's last step, unless its lower end hits the target
    exactly; the output there is reported as it is, generally not equal to the target.

    Raises UnknownCalculatorError for a bad name and ValidationError for a bad output,
    field, target or input.
    """
    calc = get(name)
    spec, out, goal, values = _check_request(calc, inputs or {}, output, target, vary)

    def gap(x: float) -> float | None:
        reached = output_at(calc, values, spec, x, out.key)
        return None if reached is None else reached - goal

    points = scan_points(spec)
    gaps = [gap(x) for x in points]
    start = float(values[spec.name])
    for x in _candidates(points, gaps, start):
        if isinstance(x, float):
            return _found(calc, values, spec, x, out.key)
        refined = _refine(x, gap, spec.integer)
        if refined is not None:
            return _found(calc, values, spec, refined, out.key)
    return {"value": None, "output": None, "note": no_solution(spec, out, goal, gaps, points).to_dict()}


def _check_request(
    calc: Calculator, inputs: Mapping[str, object], output: str, target: object, vary: str
) -> tuple[Field, Output, float, dict[str, Number]]:
    """The field, output, target and inputs, or one ValidationError listing every problem with them."""
    errors: list[FieldError] = []
    values: dict[str, Number] = {}
    try:
        values = validate(calc, inputs)
    except ValidationError as error:
        errors.extend(error.errors)
    out = next((o for o in calc.outputs if o.key == output), None)
    if out is None:
        errors.append(_unknown_output_error(calc, output))
    elif out.unit == "category":
        errors.append(
            FieldError(
                output,
                "not_numeric_output",
                f"{out.label.en} is a category, not a number: choose a numeric output to solve for",
                zh_spaced(f"{out.label.zh}是分类结果而非数值，请选择一个数值型结果来求解"),
            )
        )
    goal = parse_number(target)
    if goal is None:
        label = out.label if out is not None else None
        errors.append(
            FieldError(
                output,
                "target_not_a_number",
                f"The target for {label.en if label else output} must be a number",
                zh_spaced(f"{label.zh if label else output}的目标值须为数字"),
            )
        )
    spec = next((f for f in calc.fields if f.name == vary), None)
    if spec is None:
        errors.append(unknown_field_error(vary))
    if errors:
        raise ValidationError(errors)
    assert spec is not None and out is not None and goal is not None
    return spec, out, goal, values


def _unknown_output_error(calc: Calculator, key: str) -> FieldError:
    shown = key if len(key) <= 40 else key[:40] + "…"
    return FieldError(
        key,
        "unknown_output",
        f"{calc.title.en} has no result called “{shown}”",
        zh_spaced(f"{calc.title.zh}没有名为“{shown}”的结果"),
    )


def output_at(calc: Calculator, values: Mapping[str, Number], spec: Field, x: float, key: str) -> float | None:
    """The output with ``spec`` set to x, or None where it is null or the inputs break a rule."""
    try:
        moved = validate(calc, {**values, spec.name: int(x) if spec.integer else x})
    except ValidationError:
        return None
    value = calc.compute(moved).outputs[key]
    return float(value) if isinstance(value, int | float) else None


# ---------------------------------------------------------------- the scan


def scan_points(spec: Field) -> list[float]:
    """The 400 values of the scan, in increasing order, all inside the allowed range.

    Exclusive bounds are replaced by the nearest double inside them. A range reaching
    below zero is scanned linearly: no field's negative side spans decades (growth rates
    of ±50 %), and a log grid has no natural place for zero in the middle.
    """
    low = spec.minimum if spec.min_inclusive else math.nextafter(spec.minimum, math.inf)
    high = spec.maximum if spec.max_inclusive else math.nextafter(spec.maximum, -math.inf)
    if spec.minimum > 0 and high / spec.minimum > LOG_SPAN:
        points = _geometric(low, high, SCAN_POINTS)
    elif spec.minimum == 0 and high > LOG_SPAN:
        points = [low, *_geometric(LOG_FLOOR, high, SCAN_POINTS - 1)]
    else:
        points = [low + (high - low) * i / (SCAN_POINTS - 1) for i in range(SCAN_POINTS)]
        points[-1] = high
    points = [min(max(x, low), high) for x in points]
    if spec.integer:  # whole numbers inside the range, each once
        first, last = math.ceil(low), math.floor(high)
        points = sorted({float(min(max(round(x), first), last)) for x in points})
    return points


def _geometric(low: float, high: float, count: int) -> list[float]:
    # finance.ln and normal.exp, not ** or libm: the same grid to the last bit in Pyodide.
    step = ln(high / low) / (count - 1)
    points = [low * exp(step * i) for i in range(count)]
    points[-1] = high
    return points


def _candidates(points: list[float], gaps: list[float | None], start: float) -> list[float | _Crossing]:
    """Exact hits (a float) and sign changes between neighbouring points, nearest ``start`` first.

    A null point between two others breaks the chain: where the output has no value it
    cannot cross the target (ltv/cac has a pole, not a crossing, at cac = 0).
    """
    found: list[tuple[float, float, float | _Crossing]] = []
    for i, (x, g) in enumerate(zip(points, gaps, strict=True)):
        if g == 0:
            found.append((abs(x - start), x, x))
        if i == 0:
            continue
        before = gaps[i - 1]
        if g is not None and before is not None and (before < 0 < g or g < 0 < before):
            crossing = _Crossing(points[i - 1], x, before, g)
            found.append((crossing.distance(start), points[i - 1], crossing))
    found.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in found]


def _refine(crossing: _Crossing, gap: Gap, integer: bool) -> float | None:
    """Bisect a sign change; None if the output has no value inside it or jumps past the target."""
    low, high, gap_low, gap_high = crossing.low, crossing.high, crossing.gap_low, crossing.gap_high
    for _ in range(MAX_HALVINGS):
        if integer:
            if high - low <= 1:
                return high
            middle = float(math.floor((low + high) / 2))
        else:
            if high - low <= RELATIVE_WIDTH * max(abs(low), abs(high)):
                break
            middle = low + (high - low) / 2
            if not low < middle < high:  # no double left between them
                break
        gap_middle = gap(middle)
        if gap_middle is None:
            return None
        if gap_middle == 0:
            return middle
        if (gap_middle < 0) == (gap_low < 0):
            low, gap_low = middle, gap_middle
        else:
            high, gap_high = middle, gap_middle
    if integer:
        return high
    best, best_gap = (low, gap_low) if abs(gap_low) <= abs(gap_high) else (high, gap_high)
    if abs(best_gap) > JUMP_SHRINK * max(abs(crossing.gap_low), abs(crossing.gap_high)):
        return None
    return best


def _found(calc: Calculator, values: Mapping[str, Number], spec: Field, x: float, key: str) -> dict[str, Any]:
    value: Number = int(x) if spec.integer else x + 0.0
    return {"value": value, "output": output_at(calc, values, spec, x, key), "note": None}


# ---------------------------------------------------------------- no solution


def no_solution(spec: Field, out: Output, goal: float, gaps: list[float | None], points: list[float]) -> Note:
    """Which range was searched, and what the output did there, in both languages."""
    reached = [g + goal for g in gaps if g is not None]
    target_en, target_zh = format_number(goal, out.unit, "en"), format_number(goal, out.unit, "zh")
    en = (
        f"No value of {in_sentence(spec.label.en)} ({range_text(spec, 'en')}) makes {in_sentence(out.label.en)}"
        f" equal {target_en}"
        " with the other inputs as given"
    )
    zh = zh_spaced(
        f"无论{spec.label.zh}在允许范围内（{range_text(spec, 'zh')}）取何值，"
        f"{out.label.zh}都无法等于 {target_zh}（其余输入不变）"
    )
    if not reached:
        return Note(
            "no_solution",
            en + f": it has no value anywhere in that range ({len(points)} values tried).",
            zh + f"：在此范围内它始终没有数值（已试 {len(points)} 个取值）。",
        )
    low, high = min(reached), max(reached)
    low_en, high_en = format_number(low, out.unit, "en"), format_number(high, out.unit, "en")
    low_zh, high_zh = format_number(low, out.unit, "zh"), format_number(high, out.unit, "zh")
    if low <= goal <= high:  # it passes the target only by a jump or through values it does not have
        return Note(
            "no_solution",
            en + f": it runs from {low_en} to {high_en} but jumps past the target, or passes it only where it"
            " has no value.",
            zh + f"：它在 {low_zh} 至 {high_zh} 之间变化，但在目标处是跳变，或只在没有数值的区间越过目标。",
        )
    return Note(
        "no_solution",
        en + f": over that range it stays between {low_en} and {high_en}.",
        zh + f"：在此范围内，它始终介于 {low_zh} 与 {high_zh} 之间。",
    )


def solution_sentence(name: str, output: str, target: float, vary: str, result: Mapping[str, Any], lang: Lang) -> str:
    """What ``solve`` found, as one sentence in the reader's language (the note when nothing was)."""
    if result["value"] is None:
        return str(result["note"][lang])
    calc = get(name)
    spec = calc.field(vary)
    out = next(o for o in calc.outputs if o.key == output)
    value = _field_value_text(spec, result["value"], lang)
    reached = format_output(out, result["output"], lang)
    goal = format_output(out, target, lang)
    field_en, out_en = in_sentence(spec.label.en), in_sentence(out.label.en)
    if spec.integer and lang == "zh":
        return zh_spaced(
            f"其余输入不变时，{spec.label.zh}至少要取 {value}，{out.label.zh}才能达到 {goal}（此时为 {reached}）。"
        )
    if spec.integer:
        return (
            f"The smallest {field_en} at which {out_en} reaches {goal} is {value} (there it is {reached}),"
            " other inputs as given."
        )
    if lang == "zh":
        return zh_spaced(f"当{spec.label.zh}为 {value} 时，{out.label.zh}等于 {reached}（其余输入不变）。")
    return f"{out.label.en} equals {reached} when {field_en} is {value}, other inputs as given."


def _field_value_text(spec: Field, value: float, lang: Lang) -> str:
    """A solved input as a reader says it: "34 months" for a whole number, "¥337.79" otherwise."""
    if not spec.integer:
        return format_number(value, spec.unit, lang)
    suffix = unit_label(spec.unit, lang)
    return f"{int(value):,} {suffix}" if suffix else f"{int(value):,}"
