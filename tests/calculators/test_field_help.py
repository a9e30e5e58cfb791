"""What the fields' help texts claim, checked against the arithmetic they describe."""

from __future__ import annotations

import math

import pytest

from calculators import CALCULATORS

CHURN = [name for name, calc in CALCULATORS.items() if any(f.name == "monthly_churn" for f in calc.fields)]


@pytest.mark.parametrize("name", CHURN)
def test_churn_help_says_the_lifetime_it_quotes_is_the_mean_and_gives_the_median(name: str) -> None:
    """At 5 % churn 20 months is the mean lifetime (1 ÷ c), not the typical one: half have left by 13.5."""
    spec = CALCULATORS[name].field("monthly_churn")
    c = spec.default / 100
    mean, median = 1 / c, math.log(0.5) / math.log(1 - c)
    en, zh = " ".join(spec.help.en.split()), spec.help.zh
    assert f"At {spec.default:g}%" in en and f"{mean:g} months on average" in en
    assert f"half are gone by month {median:.1f}" in en
    assert f"{spec.default:g}% 时" in zh and f"平均留存 {mean:g} 个月" in zh
    assert f"到第 {median:.1f} 个月已流失一半" in zh


def test_both_calculators_with_a_churn_field_are_checked() -> None:
    assert {"ltv_cac", "pool_migration"} <= set(CHURN)
