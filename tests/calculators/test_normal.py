"""calculators.normal: Φ, its tail and Φ⁻¹ to a relative 1e-12, from arithmetic alone.

The references are libm-based (math.erfc, statistics.NormalDist) and a 50-digit
continued fraction in the far tail, where glibc's erfc is itself only good to ~1e-13.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal, getcontext
from statistics import NormalDist

import pytest

from calculators import normal

REL = 1e-12


def _tail_50_digits(x: float) -> Decimal:
    """Q(x) for x ≥ 1 by its continued fraction, evaluated backwards in 50-digit decimal."""
    getcontext().prec = 50
    d = Decimal(x)
    value = Decimal(0)
    for k in range(4000, 0, -1):
        value = k / (d + value)
    pi = Decimal("3.14159265358979323846264338327950288419716939937510")
    return (-(d * d) / 2).exp() / (2 * pi).sqrt() / (d + value)


@pytest.mark.parametrize("x", [i / 50 for i in range(-150, 151)])
def test_cdf_matches_erfc_in_the_body(x: float) -> None:
    expected = 0.5 * math.erfc(-x / math.sqrt(2))
    assert normal.cdf(x) == pytest.approx(expected, rel=REL)


@pytest.mark.parametrize("x", [1.0, 1.5, 2.0, 2.5, 3.0, 5.0, 8.0, 13.0, 21.0, 30.0, 37.5])
def test_far_tail_to_twelve_digits(x: float) -> None:
    expected = float(_tail_50_digits(x))
    assert normal.upper_tail(x) == pytest.approx(expected, rel=REL)
    assert normal.cdf(-x) == pytest.approx(expected, rel=REL)


def test_beyond_the_smallest_double_the_tail_is_zero() -> None:
    assert normal.upper_tail(40.0) == 0.0 and normal.upper_tail(math.inf) == 0.0
    assert normal.cdf(math.inf) == 1.0 and normal.cdf(-math.inf) == 0.0


def test_inverse_matches_the_standard_library_everywhere() -> None:
    reference = NormalDist()
    rng = random.Random(7)
    for _ in range(20_000):
        p = rng.random() ** rng.choice((1, 4, 16, 64))
        if not 0 < p < 1:
            continue
        assert normal.inverse_cdf(p) == pytest.approx(reference.inv_cdf(p), rel=REL, abs=1e-300), p


@pytest.mark.parametrize("p", [1e-300, 1e-20, 0.001, 0.025, 0.2, 0.5, 0.8, 0.975, 0.999])
def test_inverse_inverts_the_cdf(p: float) -> None:
    assert normal.cdf(normal.inverse_cdf(p)) == pytest.approx(p, rel=1e-11)


@pytest.mark.parametrize("p", [0.0, 1.0, -0.1, 1.5])
def test_inverse_needs_an_open_probability(p: float) -> None:
    with pytest.raises(ValueError):
        normal.inverse_cdf(p)


def test_exp_matches_libm_over_the_normal_range() -> None:
    for i in range(-7080, 7090, 7):
        x = i / 10
        assert normal.exp(x) == pytest.approx(math.exp(x), rel=1e-14), x
