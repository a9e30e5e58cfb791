"""A made-up calculator for the framework's tests: outputs whose roots, jumps and gaps are known exactly."""

from __future__ import annotations

import math
from collections.abc import Mapping

from calculators.core import Calculator, Constraint, Field, Number, Output, OutputValue, Result, Text


def _field(name: str, low: float, high: float, default: Number, **extra: object) -> Field:
    return Field(name, "number", default, low, high, Text(name.title(), name), Text("", ""), **extra)  # type: ignore[arg-type]


FIELDS = (
    _field("x", -100, 100, 0),
    _field("wide", 0, 1e9, 1),
    _field("n", 0, 1000, 500, integer=True),
    _field("open", 0, 100, 50, min_inclusive=False, max_inclusive=False),
    _field("limit", 0, 100, 100),
)


def compute(v: Mapping[str, Number]) -> Result:
    x = float(v["x"])
    outputs: dict[str, OutputValue] = {
        "parabola": (x - 10) * (x + 20),  # roots at -20 and 10
        "step": 1.0 if x > 3 else -1.0,  # jumps over 0 at x = 3: no root
        "hole": None if -5 < x < 5 else x,  # no value around 0: crosses 0 only through the gap
        "wide": float(v["wide"]),
        "n_squared": float(v["n"]) ** 2,
        "n_falling": 1000.0 - 3 * float(v["n"]),
        "open": float(v["open"]),
        "fraction": float(v["n"]) - math.floor(float(v["n"])),  # 0 for every whole number
        "kind": "a" if x > 0 else "b",
    }
    return Result(outputs, [], {})


OUTPUTS = tuple(
    Output(key, "category" if key == "kind" else "number", Text(key.title(), key))
    for key in ("parabola", "step", "hole", "wide", "n_squared", "n_falling", "open", "fraction", "kind")
)

TOY = Calculator(
    name="toy",
    title=Text("Toy", "玩具"),
    fields=FIELDS,
    outputs=OUTPUTS,
    compute=compute,
    # x may not pass the limit: points of a scan (or draws) beyond it break a rule between fields.
    constraints=(Constraint("x", lambda v: v["x"] <= v["limit"], Text("x is above limit", "x 超过上限")),),
)
