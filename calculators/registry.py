"""Every calculator by name, and run(): the one entry point all callers share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calculators import ltv_cac
from calculators.core import Calculator, UnknownCalculatorError, validate

CALCULATORS: dict[str, Calculator] = {calc.name: calc for calc in (ltv_cac.CALCULATOR,)}


def get(name: str) -> Calculator:
    try:
        return CALCULATORS[name]
    except KeyError:
        raise UnknownCalculatorError(name) from None


def run(name: str, inputs: Mapping[str, object] | None = None) -> dict[str, Any]:
    """Validate ``inputs`` (missing fields take defaults) and compute; JSON-ready.

    Raises ValidationError listing every bad field, UnknownCalculatorError for a bad name.
    """
    calc = get(name)
    values = validate(calc, inputs or {})
    result = calc.compute(values)
    return {
        "calculator": name,
        "inputs": values,
        "outputs": result.outputs,
        "notes": [note.to_dict() for note in result.notes],
        "series": result.series,
    }
