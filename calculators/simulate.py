"""Ranges and uncertainty: many draws of the inputs, and what the outputs do (calculators-spec.md, v2).

Each ranged field is drawn from a triangular distribution peaked at its input;
the summary of every numeric output and a tornado of the headline output come
back as plain data. Only ``random`` and ``statistics``, whose algorithms are the
same in CPython and Pyodide, so a seed gives the same numbers in both.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from calculators.core import (
    Calculator,
    Field,
    FieldError,
    Number,
    Output,
    ValidationError,
    check_field,
    unknown_field_error,
    validate,
)
from calculators.registry import get

MAX_DRAWS = 100_000  # a page or a script asking for more is a mistake, not a wish


def simulate(
    name: str,
    inputs: Mapping[str, object] | None,
    ranges: Mapping[str, Sequence[object]],
    draws: int = 2000,
    seed: int = 1,
    loss_below: tuple[str, float] | None = None,
    headline: str | None = None,
) -> dict[str, Any]:
    """Draw the ranged fields ``draws`` times and summarise every numeric output.

    ``ranges`` maps a field to ``(low, high)`` with low ≤ input ≤ high, both allowed by
    the field. Draw by draw, with ``random.Random(seed)``, each ranged field in the
    calculator's field order takes ``rng.triangular(low, high, input)`` (integers
    rounded half-even), and the model runs.

    A draw that breaks a rule between fields (a constraint, e.g. a lifted purchase rate
    of 100 % or more) describes no possible case: it is left out of every statistic and
    counted in ``rejected_draws``. Over the other draws, for each numeric output:
    ``p10``/``p50``/``p90`` (statistics.quantiles, n=10, inclusive), ``mean``,
    ``share_below_zero`` (% of its non-null values) and ``null_share`` (% of the draws);
    statistics of an output with no value in any draw are None.

    The tornado gives the headline output (the calculator's first numeric output) with
    one ranged field at its low end, then at its high end, the others at their inputs;
    rows by swing, the widest first.

    Beyond the spec, for pages: ``headline`` names the tornado's output when the first
    numeric one is not what the page leads with (LTV : CAC rather than LTV);
    ``loss_below`` = (output, threshold) adds ``loss``, with the % of that output's
    non-null values below the threshold (LTV : CAC below 1× is a loss that no amount shows).
    """
    calc = get(name)
    values = validate(calc, inputs or {})
    bounds = check_ranges(calc, values, ranges)
    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= MAX_DRAWS:
        raise ValueError(f"draws must be a whole number from 1 to {MAX_DRAWS:,}")
    numeric = [o for o in calc.outputs if o.unit != "category"]
    samples: dict[str, list[float]] = {o.key: [] for o in numeric}
    nulls = dict.fromkeys(samples, 0)
    rejected = 0
    rng = random.Random(seed)
    for _ in range(draws):
        drawn = dict(values)
        for spec, (low, high) in bounds:
            drawn[spec.name] = _draw(rng, spec, low, high, values[spec.name])
        if not all(rule.holds(drawn) for rule in calc.constraints):
            rejected += 1
            continue
        outputs = calc.compute(drawn).outputs
        for key, kept in samples.items():
            value = outputs[key]
            if isinstance(value, int | float):
                kept.append(float(value))
            else:
                nulls[key] += 1
    accepted = draws - rejected
    loss: dict[str, Any] = {}
    if loss_below is not None:
        key, threshold = loss_below
        kept = samples[key]
        share = 100 * sum(1 for v in kept if v < threshold) / len(kept) if kept else None
        loss = {"loss": {"output": key, "below": threshold, "share": share}}
    return {
        "calculator": name,
        "inputs": values,
        "ranges": {spec.name: [low, high] for spec, (low, high) in bounds},
        "draws": draws,
        "seed": seed,
        "rejected_draws": rejected,
        "outputs": {key: summarise(kept, nulls[key], accepted) for key, kept in samples.items()},
        "tornado": tornado(calc, values, bounds, next((o for o in numeric if o.key == headline), numeric[0])),
        **loss,
    }


def check_ranges(
    calc: Calculator, values: Mapping[str, Number], ranges: Mapping[str, Sequence[object]]
) -> list[tuple[Field, tuple[Number, Number]]]:
    """(field, (low, high)) in the calculator's field order; ValidationError lists every bad range."""
    known = {spec.name for spec in calc.fields}
    errors = [unknown_field_error(name) for name in ranges if name not in known]
    checked: list[tuple[Field, tuple[Number, Number]]] = []
    for spec in calc.fields:
        if spec.name not in ranges:
            continue
        pair, problems = _check_range(spec, ranges[spec.name], values[spec.name])
        errors.extend(problems)
        if pair is not None:
            checked.append((spec, pair))
    if errors:
        raise ValidationError(errors)
    return checked


def _check_range(
    spec: Field, raw: Sequence[object], value: Number
) -> tuple[tuple[Number, Number] | None, list[FieldError]]:
    if isinstance(raw, str | bytes) or len(raw) != 2:
        return None, [
            FieldError(
                spec.name,
                "bad_range",
                f"The range of {spec.label.en} must be two numbers, low and high",
                f"{spec.label.zh}的区间须为两个数：下限与上限",
            )
        ]
    errors: list[FieldError] = []
    ends: list[Number] = []
    for end, (en, zh) in zip(
        raw, (("Low end of the range", "区间下限"), ("High end of the range", "区间上限")), strict=True
    ):
        number, error = check_field(spec, end)
        if error is not None:
            errors.append(FieldError(spec.name, error.code, f"{en}: {error.en}", f"{zh}：{error.zh}"))
        elif number is not None:
            ends.append(number)
    if errors:
        return None, errors
    low, high = ends
    if not low <= value <= high:
        return None, [
            FieldError(
                spec.name,
                "range_excludes_input",
                f"The range of {spec.label.en}, {low:g} to {high:g}, must contain its input, {value:g}",
                f"{spec.label.zh}的区间 {low:g} 至 {high:g} 须包含当前输入值 {value:g}",
            )
        ]
    return (low, high), []


def _draw(rng: random.Random, spec: Field, low: Number, high: Number, mode: Number) -> Number:
    x = rng.triangular(low, high, mode)
    # low + (high - low)·√(u·c) can round one ulp past an end; an end is allowed, beyond it may not be.
    x = min(max(x, low), high)
    return round(x) if spec.integer else x  # round() is half-even


def summarise(values: list[float], nulls: int, draws: int) -> dict[str, float | None]:
    """Deciles 1, 5 and 9, mean and shares of one output's non-null values over the draws."""
    if not values:
        empty: dict[str, float | None] = dict.fromkeys(("p10", "p50", "p90", "mean", "share_below_zero"))
        return {**empty, "null_share": 100.0 if draws else None}
    # Python 3.13 accepts a single value where 3.11 raises; one value is every quantile in both.
    deciles = statistics.quantiles(values, n=10, method="inclusive") if len(values) > 1 else values * 9
    return {
        "p10": _finite(deciles[0]),
        "p50": _finite(deciles[4]),
        "p90": _finite(deciles[8]),
        "mean": _mean(values),
        "share_below_zero": 100 * sum(1 for v in values if v < 0) / len(values),
        "null_share": 100 * nulls / draws,
    }


def _mean(values: list[float]) -> float | None:
    try:
        # fmean sums with fsum, exactly rounded, so 3.11 and Pyodide's 3.14 agree; the built-in
        # sum() of floats is compensated only from 3.12 on, so it would not.
        return _finite(statistics.fmean(values))
    except OverflowError:  # values near the largest double: their sum has no double
        return None


def _finite(value: float) -> float | None:
    return value + 0.0 if math.isfinite(value) else None


def tornado(
    calc: Calculator, values: Mapping[str, Number], bounds: list[tuple[Field, tuple[Number, Number]]], headline: Output
) -> dict[str, Any]:
    """The headline output at each ranged field's low and high end, widest swing first."""
    rows = []
    for spec, (low, high) in bounds:
        at_low, at_high = (_headline(calc, {**values, spec.name: end}, headline.key) for end in (low, high))
        rows.append({"field": spec.name, "low": low, "high": high, "output_low": at_low, "output_high": at_high})

    def swing(row: dict[str, Any]) -> float:
        if row["output_low"] is None or row["output_high"] is None:
            return -1.0  # a row with a missing end goes last
        return float(abs(row["output_high"] - row["output_low"]))

    return {
        "output": headline.key,
        "base": _headline(calc, values, headline.key),
        "rows": sorted(rows, key=swing, reverse=True),
    }


def _headline(calc: Calculator, values: Mapping[str, Number], key: str) -> float | None:
    if not all(rule.holds(values) for rule in calc.constraints):
        return None
    value = calc.compute(values).outputs[key]
    return float(value) if isinstance(value, int | float) else None
