"""The few formulas every calculator shares (see calculators-spec.md, Conventions).

Bit-identical everywhere: the same inputs must give the same last bit in CPython
(the tests, the CLI, the numbers rendered at build time) and in Pyodide (the live
page). libm's log, exp and pow do not: on an x86 CPU with FMA, glibc picks FMA
variants whose last bit differs from Pyodide's wasm libm for roughly one input in
10,000 (log near 0.9, pow(x, 1/12), even q ** n with a whole n). So this module
computes its logarithms, exponentials and powers from + − × ÷ and math.frexp
(exact) alone, which IEEE 754 rounds identically in every runtime. Each is
accurate to a few units in the last place; tests/calculators/test_core.py checks
them against math.log, math.log1p, math.expm1 and **.
"""

from __future__ import annotations

import math

# ln 2 split in two (fdlibm): LN2_HI has trailing zero bits, so e·LN2_HI is exact for |e| < 2^11.
LN2_HI = 6.93147180369123816490e-01
LN2_LO = 1.90821492927058770002e-10
SQRT_HALF = 0.7071067811865476
# 1/(2k+1) for k = 1 … 12: the series of atanh.
_ATANH_TERMS = tuple(1.0 / (2 * k + 1) for k in range(12, 0, -1))
# 1/k! for k = 13 … 2: the series of expm1.
_EXPM1_TERMS = tuple(1.0 / math.factorial(k) for k in range(13, 1, -1))


def monthly_rate(annual_percent: float) -> float:
    """Annual rate in percent → equivalent monthly rate as a fraction: (1 + D)^(1/12) - 1.

    Computed as expm1(ln(1 + D)/12), which also keeps the digits a subtraction of 1
    would lose. For 0 ≤ D ≤ 100 %, the fields' range.
    """
    return _expm1_small(ln_one_plus(annual_percent / 100.0) / 12.0)


def geometric_sum(q: float, n: int) -> float:
    """G(q, n) = Σ_{t=0}^{n-1} q^t, equal to n when q = 1."""
    if n <= 0:
        return 0.0
    if abs(1.0 - q) < 1e-6:
        # The closed form loses digits to cancellation here; summing is exact enough.
        total, term = 0.0, 1.0
        for _ in range(n):
            total += term
            term *= q
        return total
    return (1.0 - integer_power(q, n)) / (1.0 - q)


def geometric_sums(q: float, n: int) -> list[float]:
    """[G(q, 1), …, G(q, n)], each equal to geometric_sum(q, t) bit for bit, in O(n log n)."""
    if abs(1.0 - q) < 1e-6:  # the running sum is exactly the loop geometric_sum runs
        sums, total, term = [], 0.0, 1.0
        for _ in range(n):
            total += term
            term *= q
            sums.append(total)
        return sums
    return [geometric_sum(q, t) for t in range(1, n + 1)]


def integer_power(q: float, n: int) -> float:
    """q^n for a whole n ≥ 0 by repeated squaring (not ``q ** n``, see the module doc).

    The relative error grows like that of n multiplications, about n units in the
    last place at worst: under 1.4e-13 for the 600 months of the longest horizon.
    """
    result, base = 1.0, q
    while n > 0:
        if n & 1:
            result *= base
        n >>= 1
        if n:
            base *= base
    return result


def payback(cost: float, per_month: float, growth: float) -> float | None:
    """P(X, u, r): the smallest real n ≥ 0 with u·G(r, n) ≥ X, where r = 1 + growth; None if never.

    ``growth`` is r - 1 (e.g. -c for churn c, or (1-c)(1+g)/(1+d) - 1), passed as the
    difference so that a tiny rate keeps its digits. Spec Version 2, "payback with a
    per-month factor".
    """
    if cost <= 0:
        return 0.0
    if per_month <= 0:
        return None
    if growth == 0:
        return cost / per_month
    share = cost / per_month * -growth  # not cost·growth first: two tiny factors would underflow to 0
    if share >= 1:
        return None  # r < 1 and the whole future value u/(1-r) falls short of the cost
    if share == -math.inf:
        return math.inf  # r > 1 with a cost beyond a double's reach: the caller reports beyond_range
    # ln(1 - x) straight from x: log(1 - c) would round 1 - c first, which is 1 (and a
    # division by zero) for c below about 1e-16, and coarse for small c above that.
    return ln_one_plus(-share) / ln_one_plus(growth)


def discounted_growth(growth: float, monthly_discount: float) -> float:
    """q - 1 for q = (1 + growth)/(1 + d): the per-month factor after discounting, as a difference."""
    return (growth - monthly_discount) / (1 + monthly_discount)


def ln(x: float) -> float:
    """Natural logarithm of a positive finite x, from + − × ÷ only (a few ulp)."""
    mantissa, exponent = math.frexp(x)  # x = mantissa·2^exponent exactly, 0.5 ≤ mantissa < 1
    if mantissa < SQRT_HALF:
        mantissa *= 2.0
        exponent -= 1
    # ln m = 2·atanh(s) with s = (m-1)/(m+1), |s| ≤ 0.172; m - 1 is exact here.
    log_mantissa = _atanh_twice((mantissa - 1.0) / (mantissa + 1.0))
    return exponent * LN2_HI + (exponent * LN2_LO + log_mantissa)


def ln_one_plus(x: float) -> float:
    """ln(1 + x) for x > -1, accurate for tiny x too (like math.log1p)."""
    if abs(x) < 1e-17:
        return x  # ln(1+x) = x(1 - x/2 + …): x itself to the last bit (and no denormal halving)
    if -0.25 <= x <= 0.25:
        return _atanh_twice(x / (2.0 + x))  # (1+x) = (1+s)/(1-s) with s = x/(2+x), |s| ≤ 0.143
    return ln(1.0 + x)


def _atanh_twice(s: float) -> float:
    """2·atanh(s) = 2s(1 + s²/3 + s⁴/5 + …), for |s| ≤ 0.172 (terms to s²⁴: below 1e-19 of the sum)."""
    z = s * s
    series = 0.0
    for term in _ATANH_TERMS:
        series = (series + term) * z
    return 2.0 * s + 2.0 * s * series


def _expm1_small(t: float) -> float:
    """e^t - 1 for 0 ≤ t ≤ ln(2)/12 ≈ 0.058 (terms to t¹³: below 1e-20 of the sum)."""
    series = 0.0
    for term in _EXPM1_TERMS:
        series = (series + term) * t
    return t + t * series
