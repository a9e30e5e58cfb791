"""The standard normal distribution, Φ and Φ⁻¹, bit-identical in CPython and Pyodide.

Like finance.py, this uses + − × ÷, math.sqrt (correctly rounded by IEEE 754),
math.ldexp and math.floor (exact) and finance.ln, never libm's exp, log or
erfc, whose last bit differs between runtimes. Relative error is below 1e-12
everywhere (tests/calculators/test_normal.py checks it against math.erfc and
statistics.NormalDist):

- Φ: for |x| ≤ 2 the series Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …); beyond,
  for |x| > 2, the tail Q(x) = 1 − Φ(x) from its continued fraction φ(x)/(x + 1/(x + 2/(x + …))).
- Φ⁻¹: Wichura's algorithm AS241 (Applied Statistics 37:477–484, 1988), accurate
  to about 1e-16, as CPython's statistics.NormalDist uses it.
"""

from __future__ import annotations

import math

from calculators.finance import LN2_HI, LN2_LO, ln

INV_SQRT_2PI = 0.3989422804014327  # 1/√(2π)
SERIES_LIMIT = 2.0
# 1/k! for k = 20 … 2: the Taylor series of e^r for |r| ≤ ln(2)/2 (terms to r²⁰: below 1e-22).
_EXP_TERMS = tuple(1.0 / math.factorial(k) for k in range(20, 1, -1))


def exp(x: float) -> float:
    """e^x for x ≤ 709, from + − × ÷ and ldexp: e^x = 2^k·e^r with |r| ≤ ln(2)/2."""
    if x < -746.0:
        return 0.0
    k = math.floor(x / (LN2_HI + LN2_LO) + 0.5)
    r = (x - k * LN2_HI) - k * LN2_LO  # k·LN2_HI is exact for |k| < 2^11
    series = 0.0
    for term in _EXP_TERMS:
        series = (series + term) * r
    return math.ldexp(1.0 + (r + r * series), k)


def density(x: float) -> float:
    """φ(x) = e^(−x²/2)/√(2π), with x² split so that its rounding error does not grow in the tail."""
    x = abs(x)
    coarse = math.floor(x * 16.0) / 16.0  # few bits, so coarse² is exact
    rest = (x - coarse) * (x + coarse)  # x² − coarse²
    return INV_SQRT_2PI * exp(-0.5 * coarse * coarse) * exp(-0.5 * rest)


TAIL_END = 40.0  # Q(40) ≈ 4e-350: below the smallest double


def upper_tail(x: float) -> float:
    """Q(x) = 1 − Φ(x) = P(Z > x), accurate far into the right tail (no 1 − Φ cancellation)."""
    if x < 0:
        return 1.0 - upper_tail(-x)
    if x >= TAIL_END:  # also x = ∞
        return 0.0
    if x <= SERIES_LIMIT:
        return 0.5 - density(x) * _series(x)
    return density(x) / _continued_fraction(x)


def cdf(x: float) -> float:
    """Φ(x) = P(Z ≤ x)."""
    return upper_tail(-x)


def _series(x: float) -> float:
    """x + x³/3 + x⁵/(3·5) + …: all terms positive, at most about 40 of them for x ≤ 2."""
    square, term = x * x, x
    total = x
    n = 1
    while term > 1e-17 * total:
        term *= square / (2 * n + 1)
        total += term
        n += 1
    return total


def _continued_fraction(x: float) -> float:
    """x + 1/(x + 2/(x + 3/(x + …))) by the modified Lentz method, for x > 2 (under 500 steps)."""
    tiny = 1e-300
    value = x
    c, d = x, 0.0
    for k in range(1, 5000):
        d = x + k * d
        d = 1.0 / (d if d != 0 else tiny)
        c = x + k / c
        if c == 0:
            c = tiny
        step = c * d
        value *= step
        if abs(step - 1.0) < 1e-16:
            break
    return value


def inverse_cdf(p: float) -> float:
    """Φ⁻¹(p) for 0 < p < 1 (AS241)."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"inverse_cdf needs 0 < p < 1, got {p!r}")
    q = p - 0.5
    if abs(q) <= 0.425:
        r = 0.180625 - q * q
        num = (
            (
                (
                    (
                        (
                            ((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r + 6.7265770927008700853e4) * r
                            + 4.5921953931549871457e4
                        )
                        * r
                        + 1.3731693765509461125e4
                    )
                    * r
                    + 1.9715909503065514427e3
                )
                * r
                + 1.3314166789178437745e2
            )
            * r
            + 3.3871328727963666080e0
        ) * q
        den = (
            (
                (
                    (
                        ((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r + 3.9307895800092710610e4) * r
                        + 2.1213794301586595867e4
                    )
                    * r
                    + 5.3941960214247511077e3
                )
                * r
                + 6.8718700749205790830e2
            )
            * r
            + 4.2313330701600911252e1
        ) * r + 1.0
        return num / den
    r = math.sqrt(-ln(p if q <= 0.0 else 1.0 - p))
    if r <= 5.0:
        r -= 1.6
        num = (
            (
                (
                    (
                        ((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1)
                        * r
                        + 1.27045825245236838258e0
                    )
                    * r
                    + 3.64784832476320460504e0
                )
                * r
                + 5.76949722146069140550e0
            )
            * r
            + 4.63033784615654529590e0
        ) * r + 1.42343711074968357734e0
        den = (
            (
                (
                    (
                        ((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2)
                        * r
                        + 1.48103976427480074590e-1
                    )
                    * r
                    + 6.89767334985100004550e-1
                )
                * r
                + 1.67638483018380384940e0
            )
            * r
            + 2.05319162663775882187e0
        ) * r + 1.0
    else:
        r -= 5.0
        num = (
            (
                (
                    (
                        ((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3)
                        * r
                        + 2.65321895265761230930e-2
                    )
                    * r
                    + 2.96560571828504891230e-1
                )
                * r
                + 1.78482653991729133580e0
            )
            * r
            + 5.46378491116411436990e0
        ) * r + 6.65790464350110377720e0
        den = (
            (
                (
                    (
                        ((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5)
                        * r
                        + 7.86869131145613259100e-4
                    )
                    * r
                    + 1.48753612908506148525e-2
                )
                * r
                + 1.36929880922735805310e-1
            )
            * r
            + 5.99832206555887937690e-1
        ) * r + 1.0
    x = num / den
    return -x if q < 0.0 else x
