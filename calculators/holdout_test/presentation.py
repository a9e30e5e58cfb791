"""How the holdout test page shows its results: formulas, the power curve, the sensitivity table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calculators import registry
from calculators.core import Number, Text
from calculators.presentation import Chart, FieldGroup, Line, Link, Presentation

POOL = "pool_migration"


def pool_counterfactual(result: Mapping[str, Any]) -> Mapping[str, Number] | None:
    """The measured counterfactual as pool_migration's input: public orders = private orders × p_c/p_t,
    taking the pool calculator's own private orders per month (0.15 by default)."""
    share = result["outputs"]["implied_public_share"]
    if share is None:
        return None
    pool = registry.get(POOL)
    private = pool.field("private_orders_per_month").default
    public = round(private * share / 100, 6)
    if not pool.field("public_orders_per_month").accepts(public):
        return None  # a measured rate far outside anything the pool calculator takes
    return {"private_orders_per_month": private, "public_orders_per_month": public}


PRESENTATION = Presentation(
    headline="power_at_expected_lift",
    formulas={
        "treated": Text("n_t = members × (1 − h)", "n_t = 会员数 ×（1 − h）"),
        "held_out": Text("n_c = members × h", "n_c = 会员数 × h"),
        "required_members": Text(
            "(z_α + z_β)² × p₀(1 − p₀) × (1/(1 − h) + 1/h) ÷ (L × p₀)²",
            "(z_α + z_β)² × p₀(1 − p₀) ×（1/(1 − h) + 1/h）÷（L × p₀）²",
        ),
        "power_at_expected_lift": Text(
            "Φ(L × p₀ ÷ SE − z_α), with SE = √(p₀(1 − p₀)(1/n_t + 1/n_c))",
            "Φ(L × p₀ ÷ SE − z_α)，其中 SE = √(p₀(1 − p₀)(1/n_t + 1/n_c))",
        ),
        "min_detectable_lift": Text("(z_α + z_β) × SE ÷ p₀", "(z_α + z_β) × SE ÷ p₀"),
        "verdict": Text(
            "significant when p < α; its sign says whether contact raised or lowered buying",
            "p < α 即为显著；正负号说明触达让购买变多还是变少",
        ),
        "observed_lift": Text("p_t ÷ p_c − 1", "p_t ÷ p_c − 1"),
        "observed_difference_pp": Text("p_t − p_c", "p_t − p_c"),
        "difference_ci_low_pp": Text(
            "(p_t − p_c) − z_α × √(p_t(1 − p_t)/n_t + p_c(1 − p_c)/n_c)",
            "(p_t − p_c) − z_α × √(p_t(1 − p_t)/n_t + p_c(1 − p_c)/n_c)",
        ),
        "difference_ci_high_pp": Text(
            "(p_t − p_c) + z_α × √(p_t(1 − p_t)/n_t + p_c(1 − p_c)/n_c)",
            "(p_t − p_c) + z_α × √(p_t(1 − p_t)/n_t + p_c(1 − p_c)/n_c)",
        ),
        "p_value": Text(
            "2 × (1 − Φ(|p_t − p_c| ÷ √(p̄(1 − p̄)(1/n_t + 1/n_c)))), p̄ the pooled rate",
            "2 ×（1 − Φ(|p_t − p_c| ÷ √(p̄(1 − p̄)(1/n_t + 1/n_c)))），p̄ 为两组合并的购买率",
        ),
        "implied_public_share": Text(
            "p_c ÷ p_t: of every 100 orders from contacted members, how many came without contact",
            "p_c ÷ p_t：触达组每 100 笔订单里，有多少笔不触达也会发生",
        ),
    },
    symbols={
        "h": Text("share of members held out", "留出对照的会员比例"),
        "n_t, n_c": Text("members contacted and held out", "触达组、对照组的人数"),
        "p₀": Text("purchase rate without contact", "不触达时的购买率"),
        "L": Text("the lift you hope to detect, as a fraction", "希望检测出的提升（小数）"),
        "p_t, p_c": Text("measured purchase rates of the two groups", "两组实测的购买率"),
        "z_α, z_β": Text("normal quantiles for the significance and the power", "显著性水平、检验功效对应的正态分位数"),
        "Φ": Text("the standard normal distribution function", "标准正态分布函数"),
        "SE": Text("standard error of the difference", "两组差值的标准误"),
    },
    charts=(
        Chart(
            id="power",
            kind="line",
            title=Text(
                "Power to detect the lift you hope for, by the share held out",
                "不同留出比例下，检测出期望提升的功效",
            ),
            x="holdout_share",
            x_label=Text("Share held out", "留出比例"),
            y_label=Text("Power (%)", "检验功效（%）"),
            y_unit="percent",
            lines=(
                Line("power", Text("Power", "检验功效")),
                Line("power_target", Text("Power wanted", "期望的功效"), dashed=True),
            ),
            marker="holdout_share",
            marker_label=Text("Your holdout:", "当前留出："),
            x_unit="percent",
        ),
    ),
    sensitivity_fields=("members", "holdout_share", "baseline_purchase_rate", "expected_lift", "significance"),
    links=(
        Link(
            POOL,
            Text(
                "Use this counterfactual in the pool-migration calculator",
                "把这个反事实带入公域转私域计算器",
            ),
            pool_counterfactual,
        ),
    ),
    groups=(
        FieldGroup(
            Text("Designing the test", "测试设计"),
            ("members", "holdout_share", "baseline_purchase_rate", "expected_lift", "significance", "power"),
        ),
        FieldGroup(
            Text("After the test: what you measured", "测试结束后：实测结果"),
            ("observed_rate_treated", "observed_rate_holdout"),
        ),
    ),
)
