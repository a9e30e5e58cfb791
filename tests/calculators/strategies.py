"""Hypothesis strategies drawn from the field specs themselves: the whole allowed space."""

from __future__ import annotations

import math
import random
from functools import cache
from typing import Any

from hypothesis import strategies as st

from calculators.core import Calculator, Field


@cache  # building strategies is slow; the specs are frozen, so build each once
def valid_number(spec: Field) -> st.SearchStrategy[Any]:
    """Any value the field accepts, honouring open and closed ends and integer-ness."""
    if spec.integer:
        low = math.floor(spec.minimum) + (0 if spec.min_inclusive else 1)
        high = math.ceil(spec.maximum) - (0 if spec.max_inclusive else 1)
        return st.integers(low, high)
    return st.floats(
        min_value=spec.minimum,
        max_value=spec.maximum,
        exclude_min=not spec.min_inclusive,
        exclude_max=not spec.max_inclusive,
        allow_nan=False,
        allow_infinity=False,
    )


# Below this magnitude a product of a few inputs can underflow into the denormal range,
# where a double keeps only a few significant bits (see test_properties.moderate).
TINY_INPUT = 1e-100


def valid_inputs(calc: Calculator) -> st.SearchStrategy[dict[str, Any]]:
    """Every field drawn from its whole range, then shaped by one random seed (one draw, so
    generation stays cheap): about one field in ten left out so that it takes the default,
    one in four sent as text the way a form or a URL sends it, and in half the examples
    tiny magnitudes replaced by 0 (or by TINY_INPUT where 0 is not allowed)."""
    return _valid_inputs(calc.fields)


def valid_numbers(calc: Calculator) -> st.SearchStrategy[dict[str, Any]]:
    """Every field as a number from its whole range."""
    return _valid_numbers(calc.fields)


@cache
def _valid_numbers(fields: tuple[Field, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({spec.name: valid_number(spec) for spec in fields})


@cache
def _valid_inputs(fields: tuple[Field, ...]) -> st.SearchStrategy[dict[str, Any]]:
    drawn = st.tuples(_valid_numbers(fields), st.integers(0, 2**32 - 1))
    return drawn.map(lambda pair: _shape(fields, *pair))


def _shape(fields: tuple[Field, ...], numbers: dict[str, Any], seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    moderate = rng.random() < 0.5
    inputs: dict[str, Any] = {}
    for spec in fields:
        value = numbers[spec.name]
        if moderate and not spec.integer and value != 0 and abs(value) < TINY_INPUT:
            value = 0.0 if spec.accepts(0.0) else TINY_INPUT
        roll = rng.random()
        if roll < 0.1:
            continue
        if roll < 0.35:
            value = repr(float(value) if spec.integer and roll < 0.2 else value)  # "12.0" is whole too
        inputs[spec.name] = value
    return inputs


NOT_NUMBERS: list[object] = [
    "",
    "  ",
    "abc",
    "12abc",
    "1_000",
    "0x10",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "1e999",
    "-1e999",
    "１２ａ",
    None,
    True,
    False,
    [],
    {},
    math.nan,
    math.inf,
    -math.inf,
]


@cache
def invalid_value(spec: Field) -> st.SearchStrategy[Any]:
    """A value the field must reject: out of range (either end, the open end itself), not a number,
    or, for an integer field, a fraction."""
    # Hypothesis orders -0.0 below 0.0, which the field reads as 0: filter by the spec itself.
    below = st.floats(
        max_value=spec.minimum, exclude_max=spec.min_inclusive, allow_nan=False, allow_infinity=False
    ).filter(lambda x: not spec.accepts(x))
    above = st.floats(
        min_value=spec.maximum, exclude_min=spec.max_inclusive, allow_nan=False, allow_infinity=False
    ).filter(lambda x: not spec.accepts(x))
    options = [below, above, below.map(repr), above.map(repr), st.sampled_from(NOT_NUMBERS)]
    if spec.integer:  # a fraction inside the range, as a number and as text
        whole = st.integers(math.floor(spec.minimum), math.ceil(spec.maximum) - 1)
        fraction = st.tuples(whole, st.sampled_from([0.5, 0.25, 0.999, 1e-9])).map(lambda p: p[0] + p[1])
        options += [fraction, fraction.map(repr)]
    return st.one_of(*options)
