"""What the exercise tests share: reading an exercise and the independent maths they redo."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from calculators import exercises
from calculators.exercises import Exercise


def by_id(exercise_id: str) -> Exercise:
    return exercises.get(exercise_id)


def correct(exercise_id: str) -> Mapping[str, float | str]:
    return exercises.solved(by_id(exercise_id)).answers


def inputs(exercise_id: str, **changes: float) -> dict[str, Any]:
    return {**exercises.scenario_inputs(by_id(exercise_id)), **changes}


def has_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) == "W" and ch.isalpha() for ch in text)


def g(q: float, n: int) -> float:
    return float(n) if q == 1 else (1 - q**n) / (1 - q)


def monthly(annual_percent: float) -> float:
    return float((1 + annual_percent / 100) ** (1 / 12) - 1)


def root(f: Callable[[float], float], low: float, high: float) -> float:
    for _ in range(200):
        middle = (low + high) / 2
        if (f(middle) > 0) == (f(low) > 0):
            low = middle
        else:
            high = middle
    return (low + high) / 2
