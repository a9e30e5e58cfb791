"""Private-traffic calculators: pure functions, the same in CPython and Pyodide."""

from calculators.core import (
    Calculator,
    Field,
    FieldError,
    Note,
    Output,
    Text,
    UnknownCalculatorError,
    ValidationError,
)
from calculators.registry import CALCULATORS, get, run
from calculators.simulate import simulate
from calculators.solve import solve

__all__ = [
    "CALCULATORS",
    "Calculator",
    "Field",
    "FieldError",
    "Note",
    "Output",
    "Text",
    "UnknownCalculatorError",
    "ValidationError",
    "get",
    "run",
    "simulate",
    "solve",
]
