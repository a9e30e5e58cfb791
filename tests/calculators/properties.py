"""What every calculator result must satisfy, and the tolerances the property tests use.

Each calculator's test folder adds its own part (contract.py: which outputs may be null
for which note, and the comparison with its step-by-step simulation).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from hypothesis import settings

from calculators.core import Calculator
from tests.calculators.simulate import cumulative_margin
from tests.calculators.strategies import TINY_INPUT, valid_number, valid_numbers

REL = 1e-9
TINY = 1e-300  # absolute slack for values built from denormal inputs
# A quotient is compared only when its divisor is a normal double: a denormal keeps only
# a few significant bits, so x / denormal is no more precise than those bits.
NORMAL = 1e-290


def close(actual: float, expected: float, scale: float = 0.0, tiny: float = TINY) -> bool:
    """Equal to 1e-9 of the larger magnitude involved (``scale``: the terms before any cancellation).

    ``tiny`` is the absolute error a denormal input can leave: a product that passes
    through the denormal range keeps only a few significant bits, and later factors
    (up to K^50 in the funnel) magnify that absolute error.
    """
    bound = max(abs(actual), abs(expected), abs(scale))
    return abs(actual - expected) <= REL * bound + tiny


def null_exactly_when(value: Any, undefined: bool, codes: set[str]) -> None:
    """Null when the spec says undefined; otherwise a number, unless something overflowed."""
    if undefined:
        assert value is None
    else:
        assert value is not None or "beyond_range" in codes


def finite(x: Any) -> bool:
    return isinstance(x, float | int) and math.isfinite(x)


def check_contract(
    calc: Calculator,
    result: dict[str, Any],
    null_reasons: Mapping[str, set[str]],
    note_nulls: Mapping[str, tuple[str, ...]],
) -> set[str]:
    """Finite JSON, every input and output present, and a null only with a note that explains it."""
    json.dumps(result, allow_nan=False)  # no NaN or Infinity anywhere
    outputs, codes = result["outputs"], [n["code"] for n in result["notes"]]
    assert len(codes) == len(set(codes)), codes
    for n in result["notes"]:
        assert n["en"].strip() and n["zh"].strip(), n
    assert set(result["inputs"]) == {f.name for f in calc.fields}
    for spec in calc.fields:
        value = result["inputs"][spec.name]
        assert spec.accepts(value), (spec.name, value)
        assert isinstance(value, int) if spec.integer else isinstance(value, float)
    assert set(outputs) == {o.key for o in calc.outputs}
    reasons = null_reasons
    for spec in calc.outputs:
        value = outputs[spec.key]
        if value is None:
            assert reasons.get(spec.key, set()) & set(codes), f"{spec.key} is null without a note ({codes})"
        elif spec.unit == "category":
            assert value in spec.choices, (spec.key, value)
        else:
            assert isinstance(value, float), (spec.key, value)
            assert math.isfinite(value), (spec.key, value)
            assert math.copysign(1.0, value) == 1.0 or value != 0, f"{spec.key} is -0.0"
    for code in codes:
        for key in note_nulls.get(code, ()):
            assert outputs[key] is None, f"note {code} but {key} = {outputs[key]}"
    for key, points in result["series"].items():
        assert all(isinstance(p, float) and math.isfinite(p) for p in points), key
    return set(codes)


def check_payback(payback: float | None, cost: float, per_month: float, factor: float, rounded: bool = False) -> None:
    """P(X, u, r) against the cumulative value u·Σ r^t walked month by month.

    ``rounded``: r is a product of rates that may have rounded to exactly 1 from just below it
    (a discount of 1e-18 a month); the model keeps r - 1 apart, so a null is then possible.
    """
    if payback is None:
        assert cost > 0
        if per_month <= 0 or (rounded and factor == 1):
            return
        if factor >= 1:  # pays back after at most cost/u months: null only if that is beyond a double
            assert not math.isfinite(cost / per_month)
            return
        limit = per_month / (1 - factor)  # the whole future value, Σ u·r^t
        if cost * (1 - factor) > 1e-290 and math.isfinite(limit):  # (denormal products are too coarse)
            assert limit <= cost * (1 + REL), (limit, cost)
        if limit < cost * (1 - REL):
            assert cumulative_margin(per_month, factor, 1200)[-1] < cost
        return
    assert payback >= 0
    if cost <= 0:
        assert payback == 0
        return
    if payback > 1200:
        return  # too long to walk month by month; the limit check above covers the other side
    totals = cumulative_margin(per_month, factor, math.ceil(payback) + 1)
    before, after = math.floor(payback), max(1, math.ceil(payback))
    assert totals[before] <= cost * (1 + REL) + TINY, (payback, totals[before], cost)
    assert totals[after] >= cost * (1 - REL) - TINY, (payback, totals[after], cost)


def moderate(values: dict[str, Any]) -> bool:
    """No input is a tiny non-zero magnitude (see strategies.TINY_INPUT).

    Tiny inputs can push a product into the denormal range, where a double keeps only a
    few significant bits and neither the model nor the simulation is accurate to 1e-9;
    those examples are held to the contract only (finite, or null with a note).
    """
    return all(x == 0 or abs(x) >= TINY_INPUT for x in values.values())


# The main property runs the profile's full count (2,000 / 50,000 with "slow"); the
# cheaper-to-state ones run a quarter of it, to keep the normal run under a minute.
QUARTER = max(100, settings.default.max_examples // 4)


def numbers(calc: Calculator, data: Any) -> dict[str, Any]:
    return data.draw(valid_numbers(calc))


def pair(calc: Calculator, field: str, data: Any) -> tuple[Any, Any]:
    low, high = sorted((data.draw(valid_number(calc.field(field))), data.draw(valid_number(calc.field(field)))))
    return low, high
