"""Every calculator, discovered from its folder, and run(): the one entry point all callers share.

A calculator is a folder ``calculators/<name>/`` whose ``__init__.py`` declares
``UNIT = Unit(...)``: the model, how its page presents it, and the solvers of
its exercises. Its presets (``presets.toml``) and exercises
(``exercises.toml``) are data files beside it. Nothing here names a
calculator: adding a folder adds a calculator everywhere (CLI, pages, tests).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import wraps
from typing import Any

from calculators import exercises, presets
from calculators.core import Calculator, Number, Result, UnknownCalculatorError, finite_result, validate
from calculators.exercises import Exercise, Solver
from calculators.presentation import Presentation


@dataclass(frozen=True)
class Unit:
    """What a calculator folder declares. ``order`` places it in lists (CLI, overview pages)."""

    calculator: Calculator
    presentation: Presentation
    solvers: Mapping[str, Solver] = field(default_factory=dict)
    order: int = 100


def _finite(compute: Callable[[Mapping[str, Number]], Result]) -> Callable[[Mapping[str, Number]], Result]:
    """The model, with the spec's promise applied: no NaN, Infinity or -0 (core.finite_result)."""

    @wraps(compute)
    def checked(values: Mapping[str, Number]) -> Result:
        return finite_result(compute(values))

    return checked


def _discover() -> list[tuple[str, Unit]]:
    """Every subpackage of calculators/ that declares a UNIT, by (order, name)."""
    import calculators

    found = []
    for info in pkgutil.iter_modules(calculators.__path__):
        if not info.ispkg:
            continue
        package = f"calculators.{info.name}"
        unit = getattr(importlib.import_module(package), "UNIT", None)
        if not isinstance(unit, Unit):
            continue
        if unit.calculator.name != info.name:
            raise ValueError(f"{package}: its calculator is named {unit.calculator.name!r}; name the folder so")
        found.append((package, unit))
    return sorted(found, key=lambda pair: (pair[1].order, pair[1].calculator.name))


def _register(package: str, unit: Unit) -> Calculator:
    # Registered calculators carry their presets, and their compute() keeps the promise for
    # every caller (run(), the page's sensitivity table, the exercises), not just run().
    calc = unit.calculator
    return replace(calc, presets=presets.load(package, calc), compute=_finite(calc.compute))


_UNITS = _discover()
CALCULATORS: dict[str, Calculator] = {unit.calculator.name: _register(package, unit) for package, unit in _UNITS}
PRESENTATIONS: dict[str, Presentation] = {unit.calculator.name: unit.presentation for _, unit in _UNITS}
EXERCISES: tuple[Exercise, ...] = tuple(
    exercise
    for package, unit in _UNITS
    for exercise in exercises.load(package, CALCULATORS[unit.calculator.name], unit.solvers)
)
EXERCISES_BY_ID: dict[str, Exercise] = {exercise.id: exercise for exercise in EXERCISES}
if len(EXERCISES_BY_ID) != len(EXERCISES):
    raise ValueError("two calculator folders declare exercises with the same id")


def get(name: str) -> Calculator:
    try:
        return CALCULATORS[name]
    except KeyError:
        raise UnknownCalculatorError(name) from None


def presentation(name: str) -> Presentation:
    """How the calculator's page shows its results."""
    get(name)
    return PRESENTATIONS[name]


def run(
    name: str, inputs: Mapping[str, object] | None = None, *, preset: str | None = None, series: bool = True
) -> dict[str, Any]:
    """Validate ``inputs`` (missing fields take defaults) and compute; JSON-ready.

    With ``preset``, the preset's values fill in first and ``inputs`` override them.
    With ``series=False``, no "series": the charts' data, which some models (the holdout
    test's power curve) take most of their time to work out, is left unmade.
    Raises ValidationError listing every bad field, UnknownCalculatorError for a bad
    name, UnknownPresetError for a preset id the calculator does not have.
    """
    calc = get(name)
    raw: dict[str, object] = dict(calc.preset(preset).inputs()) if preset is not None else {}
    raw.update(inputs or {})
    values = validate(calc, raw)
    result = calc.compute(values)
    answer: dict[str, Any] = {
        "calculator": name,
        "inputs": values,
        "outputs": result.outputs,
        "notes": [note.to_dict() for note in result.notes],
    }
    if series:
        answer["series"] = dict(result.series)
    return answer
