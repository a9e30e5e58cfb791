"""Every calculator by name, and run(): the one entry point all callers share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import wraps
from typing import Any

from calculators import funnel, ltv_cac, pool_migration, presets
from calculators.core import Calculator, Number, Result, UnknownCalculatorError, finite_result, validate


def _finite(compute: Callable[[Mapping[str, Number]], Result]) -> Callable[[Mapping[str, Number]], Result]:
    """The model, with the spec's promise applied: no NaN, Infinity or -0 (core.finite_result)."""

    @wraps(compute)
    def checked(values: Mapping[str, Number]) -> Result:
        return finite_result(compute(values))

    return checked


# Registered calculators carry their presets, and their compute() keeps the promise for
# every caller (run(), the page's sensitivity table, the exercises), not just run().
CALCULATORS: dict[str, Calculator] = {
    calc.name: replace(calc, presets=presets.PRESETS.get(calc.name, ()), compute=_finite(calc.compute))
    for calc in (ltv_cac.CALCULATOR, funnel.CALCULATOR, pool_migration.CALCULATOR)
}


def get(name: str) -> Calculator:
    try:
        return CALCULATORS[name]
    except KeyError:
        raise UnknownCalculatorError(name) from None


def run(
    name: str, inputs: Mapping[str, object] | None = None, *, preset: str | None = None
) -> dict[str, Any]:
    """Validate ``inputs`` (missing fields take defaults) and compute; JSON-ready.

    With ``preset``, the preset's values fill in first and ``inputs`` override them.
    Raises ValidationError listing every bad field, UnknownCalculatorError for a bad
    name, UnknownPresetError for a preset id the calculator does not have.
    """
    calc = get(name)
    raw: dict[str, object] = dict(calc.preset(preset).inputs()) if preset is not None else {}
    raw.update(inputs or {})
    values = validate(calc, raw)
    result = calc.compute(values)
    return {
        "calculator": name,
        "inputs": values,
        "outputs": result.outputs,
        "notes": [note.to_dict() for note in result.notes],
        "series": result.series,
    }
