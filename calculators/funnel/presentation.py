"""How the funnel page shows its results: formulas, charts, the sensitivity table."""

from __future__ import annotations

from calculators.core import Text
from calculators.presentation import Chart, FieldGroup, Line, Presentation

STAGE_NAMES = {
    "acquired": Text("Acquired", "获客"),
    "activated": Text("Activated", "激活"),
    "retained": Text("Retained", "留存"),
    "buyers": Text("Bought", "购买"),
}

PRESENTATION = Presentation(
    headline="buyers",
    loss_below=("profit_after_acquisition", 0.0),
    formulas={
        "buyers": Text(
            "acquired × activation × retention × purchase; with no market limit acquired = visitors × S, "
            "S = 1 + K + K² + … + Kⁿ over n referral cycles",
            "获客总数 × 激活率 × 留存率 × 购买率；不设人群上限时获客总数 = 投放触达 × S，"
            "S = 1 + K + K² + … + Kⁿ（n 为裂变代数）",
        ),
        "gross_profit": Text("revenue × gross margin", "收入 × 毛利率"),
        "profit_after_acquisition": Text("gross profit − paid spend − referral rewards", "毛利 − 投放花费 − 裂变奖励"),
        "blended_cost_per_buyer": Text("(paid spend + referral rewards) ÷ buyers", "（投放花费 + 裂变奖励）÷ 购买人数"),
        "breakeven_revenue_to_spend": Text(
            "1 ÷ gross margin: below this, each yuan of ads brings back less than a yuan of gross profit",
            "1 ÷ 毛利率：投放回报低于它，每花一元广告费换回的毛利不到一元",
        ),
        "referral_cost": Text("referred × reward per referred user", "裂变新增人数 × 每人奖励"),
        "revenue": Text("buyers × revenue per buyer", "购买人数 × 人均收入"),
        "cost_per_buyer": Text("paid spend ÷ buyers", "投放花费 ÷ 购买人数"),
        "revenue_to_spend": Text(
            "revenue ÷ paid spend; compare it with the break-even below, not with 1",
            "收入 ÷ 投放花费；要和下面的保本线比，而不是和 1 比",
        ),
        "acquisition_spend": Text("visitors × cost per visitor", "投放触达人数 × 单人触达成本"),
        "acquired": Text(
            "visitors plus every referral generation; with a market of N people each new generation is "
            "K × the last × (1 − acquired so far ÷ N), never more than the N − acquired left",
            "投放触达人数加上各代裂变新人；设了人群上限 N 时，每一代 = K × 上一代 ×（1 − 已获客 ÷ N），"
            "且不超过剩下的 N − 已获客",
        ),
        "referred": Text("acquired − visitors", "获客总数 − 投放触达人数"),
        "activated": Text("acquired × activation", "获客总数 × 激活率"),
        "retained": Text("activated × retention", "激活人数 × 留存率"),
        "overall_conversion": Text("buyers ÷ acquired", "购买人数 ÷ 获客总数"),
        "weakest_step": Text(
            "the lowest of the three rates (earliest on a tie)", "三个比率中最低的一项（并列取靠前者）"
        ),
        "k_factor": Text(
            "K = activation × retention × invites per retained user × invite conversion",
            "K = 激活率 × 留存率 × 人均邀请数 × 邀请转化率",
        ),
        "viral_amplification_limit": Text("1 ÷ (1 − K), if K < 1", "1 ÷（1 − K），仅当 K < 1"),
        "buyers_if_activation_plus_5pp": Text(
            "buyers with activation 5 points higher (K recomputed)", "激活率提高 5 个百分点后的购买人数（K 随之重算）"
        ),
        "buyers_if_retention_plus_5pp": Text(
            "buyers with retention 5 points higher (K recomputed)", "留存率提高 5 个百分点后的购买人数（K 随之重算）"
        ),
        "buyers_if_purchase_plus_5pp": Text(
            "buyers with purchase 5 points higher", "购买率提高 5 个百分点后的购买人数"
        ),
    },
    symbols={
        "K": Text(
            "new acquired users per acquired user: activation × retention × invites × invite conversion",
            "每获得一位用户带来的新用户数：激活率 × 留存率 × 人均邀请数 × 邀请转化率",
        ),
        "S": Text(
            "1 + K + K² + … + Kⁿ: paid visitors plus every referral generation",
            "1 + K + K² + … + Kⁿ：投放触达加各代裂变",
        ),
        "n": Text("referral rounds counted", "计入的裂变轮数"),
        "N": Text("market size, the people referral could ever reach", "目标人群规模，裂变最多能覆盖的人数"),
    },
    charts=(
        Chart(
            id="stages",
            kind="bar",
            title=Text("How many people reach each stage", "各环节人数"),
            x="stage",
            x_label=Text("Stage", "环节"),
            y_label=Text("People", "人数"),
            y_unit="count",
            lines=(Line("stage_counts", Text("People", "人数")),),
            x_labels=STAGE_NAMES,
        ),
        Chart(
            id="generations",
            kind="bar",
            title=Text("Buyers by referral generation (0 = paid)", "按裂变代数划分的购买人数（第 0 代为投放）"),
            x="generation",
            x_label=Text("Generation", "代数"),
            y_label=Text("Buyers", "购买人数"),
            y_unit="count",
            lines=(Line("buyers_by_generation", Text("Buyers", "购买人数")),),
        ),
    ),
    sensitivity_fields=(
        "visitors",
        "activation_rate",
        "retention_rate",
        "purchase_rate",
        "invites_per_retained",
        "invite_conversion",
    ),
    groups=(
        FieldGroup(Text("Reach", "触达"), ("visitors", "market_size", "cost_per_visitor")),
        FieldGroup(Text("The funnel", "转化漏斗"), ("activation_rate", "retention_rate", "purchase_rate")),
        FieldGroup(Text("What a buyer is worth", "每位购买者的价值"), ("revenue_per_buyer", "gross_margin")),
        FieldGroup(
            Text("Referral loop", "裂变"),
            ("invites_per_retained", "invite_conversion", "referral_reward", "viral_cycles"),
        ),
    ),
)
