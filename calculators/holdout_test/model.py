"""holdout_test — did the private pool cause the orders?

A holdout keeps a random share of members out of private-channel contact for a
test period and compares how many in each group buy. Two-sided test on two
proportions, normal approximation (calculators-spec.md, Version 2). Before the
test: how many members it needs and the power it has; after: the measured
lift, its interval, the p-value, and the share of private-pool orders that
would have happened anyway, which pool_migration needs as its counterfactual.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from calculators import normal
from calculators.core import Calculator, Constraint, Field, LazySeries, Note, Number, Output, OutputValue, Result, Text

COUNT_MAX = 1e12
LIFT_MAX = 10_000.0  # % — a hundredfold rise; p0·(1+L) < 1 bounds it further
POWER_CURVE_SHARES = tuple(float(share) for share in range(1, 51))  # % held out, for the chart

FIELDS = (
    Field(
        "members",
        "count",
        20000,
        2,
        COUNT_MAX,
        Text("Members available for the test", "可参与测试的会员数"),
        Text(
            "Everyone you could contact in the private channel during the test, before you split them.",
            "测试期内本可以在私域里触达的全部会员，分组之前的总数。",
        ),
    ),
    Field(
        "holdout_share",
        "percent",
        10,
        0,
        100,
        Text("Held out (control group)", "留出比例（对照组）"),
        Text(
            "The random share of members you do not message, add to groups or send coupons during the test.",
            "随机抽出、测试期内不发消息、不拉群、不发券的会员比例。",
        ),
        min_inclusive=False,
        max_inclusive=False,
    ),
    Field(
        "baseline_purchase_rate",
        "percent",
        8,
        0,
        100,
        Text("Expected purchase rate without contact", "不触达时的预期购买率"),
        Text(
            "The share of held-out members you expect to buy anyway in the test period, e.g. last month's"
            " repurchase rate.",
            "预计留出组会员在测试期内照样下单的比例，例如上个月的复购率。",
        ),
        min_inclusive=False,
        max_inclusive=False,
    ),
    Field(
        "expected_lift",
        "percent",
        25,
        0,
        LIFT_MAX,
        Text("Lift you hope to detect", "希望检测出的提升"),
        Text(
            "The relative rise in buyers you hope private contact causes: 25% means 8% becomes 10%.",
            "你希望私域触达带来的购买人数相对提升：25% 指购买率从 8% 升到 10%。",
        ),
        min_inclusive=False,
    ),
    Field(
        "significance",
        "percent",
        5,
        0.01,
        50,
        Text("Significance level (two-sided α)", "显著性水平（双侧 α）"),
        Text(
            "How often you accept calling a lift real when there is none; 5% is the usual convention.",
            "在其实没有提升时误判为有提升的概率上限；惯例取 5%。",
        ),
    ),
    Field(
        "power",
        "percent",
        80,
        50,
        99.99,
        Text("Power wanted", "期望的检验功效"),
        Text(
            "How often the test should detect the lift if it is really there; 80% is the usual convention.",
            "如果提升真实存在，检验能把它检测出来的概率；惯例取 80%。",
        ),
    ),
    Field(
        "observed_rate_treated",
        "percent",
        0,
        0,
        100,
        Text("Measured: buyers among contacted members", "实测：触达组购买率"),
        Text(
            "After the test: the share of contacted members who bought. Leave 0 until you have measured it.",
            "测试结束后填写：触达组里下单会员的比例。还没测出来就保持 0。",
        ),
    ),
    Field(
        "observed_rate_holdout",
        "percent",
        0,
        0,
        100,
        Text("Measured: buyers among held-out members", "实测：留出组购买率"),
        Text(
            "After the test: the share of held-out members who bought anyway. Leave 0 until measured.",
            "测试结束后填写：留出组里照样下单会员的比例。还没测出来就保持 0。",
        ),
    ),
)

CONSTRAINTS = (
    Constraint(
        "expected_lift",
        lambda v: v["baseline_purchase_rate"] / 100 * (1 + v["expected_lift"] / 100) < 1,
        Text(
            "With this purchase rate the lift would take buyers above 100%: lower the lift",
            "按这个购买率，提升后购买率将超过 100%，请调低希望检测出的提升",
        ),
    ),
)

VERDICTS = {
    "not_measured": Text("Not measured yet", "尚未实测"),
    "significant_gain": Text("Contact raised buying (significant)", "触达带来了购买提升（显著）"),
    "not_significant": Text("No significant difference", "差异不显著"),
    "significant_loss": Text("Contact lowered buying (significant)", "触达反而降低了购买（显著）"),
}

OUTPUTS = (
    Output("required_members", "count", Text("Members needed for that lift", "检测该提升所需会员数")),
    Output("power_at_expected_lift", "percent", Text("Power of this test", "本次测试的检验功效")),
    Output("min_detectable_lift", "percent", Text("Smallest lift it can detect", "最小可检测提升")),
    Output("treated", "count", Text("Contacted members", "触达组人数")),
    Output("held_out", "count", Text("Held-out members", "留出组人数")),
    Output("verdict", "category", Text("Result", "结论"), VERDICTS),
    Output("observed_lift", "percent", Text("Measured lift", "实测提升")),
    Output("observed_difference_pp", "points", Text("Difference in purchase rate", "购买率差值")),
    Output("difference_ci_low_pp", "points", Text("Interval: low end", "置信区间下限")),
    Output("difference_ci_high_pp", "points", Text("Interval: high end", "置信区间上限")),
    Output("p_value", "probability", Text("p-value", "p 值")),
    Output(
        "implied_public_share",
        "percent",
        Text("Orders that would have happened anyway", "本来就会发生的订单占比"),
    ),
)

NOT_MEASURED_YET = Note(
    "not_measured_yet",
    "Enter both measured purchase rates after the test to see the lift, its interval and the p-value.",
    "测试结束后填入两组的实测购买率，才能看到提升、置信区间和 p 值。",
)
NO_VARIATION = Note(
    "no_variation",
    "Everyone bought in both groups, so there is no spread to test against: the p-value is undefined.",
    "两组会员全部下单，没有差异可供检验，p 值无法计算。",
)
NOT_SIGNIFICANT = Note(
    "not_significant",
    "The difference is within what chance alone produces at this significance level: do not book it as"
    " caused by the private channel; the interval shows how large or small the real effect could be.",
    "在这一显著性水平下，这个差异可能只是随机波动，不能算作私域带来的增量；置信区间给出了真实效果可能的范围。",
)
UNDERPOWERED = Note(
    "underpowered",
    "With this many members the test would miss the lift you hope for more often than your power target"
    " allows: hold out more members, include more, or run the test longer.",
    "按现在的会员数，这个测试漏掉你期望的提升的概率高于你设定的功效要求：可以多留出一些会员、扩大参与人数，或延长测试期。",
)


def _quotient(a: float, b: float) -> float:
    """a / b for a ≥ 0, b ≥ 0, with x/0 = ∞ (x > 0) and 0/0 = 0: an input at the edge of its range
    (a share or rate barely above zero) must give a blank result with a note, never an exception."""
    if b == 0:
        return math.inf if a > 0 else 0.0
    return a / b


def _spread(p: float, n_t: float, n_c: float) -> float:
    """√(p(1−p)(1/n_t + 1/n_c)): the standard error of a difference of two rates p."""
    spread = p * (1 - p)
    return math.sqrt(_quotient(spread, n_t) + _quotient(spread, n_c))  # never 0·∞


def compute(v: Mapping[str, Number]) -> Result:
    members, h = float(v["members"]), v["holdout_share"] / 100
    p0, lift = v["baseline_purchase_rate"] / 100, v["expected_lift"] / 100
    alpha, power = v["significance"] / 100, v["power"] / 100
    n_t, n_c = members * (1 - h), members * h
    z_a, z_b = normal.inverse_cdf(1 - alpha / 2), normal.inverse_cdf(power)
    spread = _spread(p0, n_t, n_c)
    z = z_a + z_b
    # (z_a+z_b)²·p0(1−p0)·(1/(1−h) + 1/h) / (L·p0)², written so that a tiny p0 is not squared.
    required = _quotient(z * z * (1 - p0), lift * lift * p0) * (_quotient(1, 1 - h) + _quotient(1, h))
    power_now = 100 * normal.cdf(_quotient(lift * p0, spread) - z_a)

    notes: list[Note] = []
    if power_now < v["power"]:
        notes.append(UNDERPOWERED)
    outputs: dict[str, OutputValue] = {
        "treated": n_t,
        "held_out": n_c,
        "min_detectable_lift": 100 * _quotient(z * spread, p0),
        "required_members": required,
        "power_at_expected_lift": power_now,
        **_observed(v, n_t, n_c, z_a, alpha, notes),
    }
    # The power curve is most of the model's time: drawn only when a chart needs it.
    series = LazySeries(
        lambda: {
            "holdout_share": list(POWER_CURVE_SHARES),
            "power": [_power(members, share / 100, p0, lift, z_a) for share in POWER_CURVE_SHARES],
            "power_target": [float(v["power"])] * len(POWER_CURVE_SHARES),
        }
    )
    return Result(outputs, notes, series)


def _power(members: float, h: float, p0: float, lift: float, z_a: float) -> float:
    return 100 * normal.cdf(_quotient(lift * p0, _spread(p0, members * (1 - h), members * h)) - z_a)


def _observed(
    v: Mapping[str, Number], n_t: float, n_c: float, z_a: float, alpha: float, notes: list[Note]
) -> dict[str, OutputValue]:
    pt, pc = v["observed_rate_treated"] / 100, v["observed_rate_holdout"] / 100
    keys = (
        "observed_lift",
        "observed_difference_pp",
        "difference_ci_low_pp",
        "difference_ci_high_pp",
        "p_value",
        "implied_public_share",
    )
    if pt == 0 or pc == 0:
        notes.append(NOT_MEASURED_YET)
        return {"verdict": "not_measured", **dict.fromkeys(keys)}
    difference = pt - pc
    margin = z_a * math.sqrt(_quotient(pt * (1 - pt), n_t) + _quotient(pc * (1 - pc), n_c))
    pooled = (pt * n_t + pc * n_c) / (n_t + n_c)
    p_value: float | None = None
    if 0 < pooled < 1:
        p_value = 2 * normal.upper_tail(_quotient(abs(difference), _spread(pooled, n_t, n_c)))
    else:
        notes.append(NO_VARIATION)
    significant = p_value is not None and p_value < alpha
    if p_value is not None and not significant:
        notes.append(NOT_SIGNIFICANT)
    verdict = "not_significant" if not significant else "significant_gain" if difference > 0 else "significant_loss"
    return {
        "verdict": verdict,
        "observed_lift": 100 * (_quotient(pt, pc) - 1),
        "observed_difference_pp": 100 * difference,
        "difference_ci_low_pp": 100 * (difference - margin),
        "difference_ci_high_pp": 100 * (difference + margin),
        "p_value": p_value,
        "implied_public_share": 100 * _quotient(pc, pt),
    }


CALCULATOR = Calculator(
    name="holdout_test",
    title=Text("Holdout test", "留出对照测试"),
    question=Text(
        "Did the private pool cause the orders, and how many members must you hold out to know?",
        "订单真是私域带来的吗？要留出多少会员才能知道？",
    ),
    fields=FIELDS,
    outputs=OUTPUTS,
    compute=compute,
    constraints=CONSTRAINTS,
)
