"""Trainee exercises: scenarios, questions and answers, checked by the calculators themselves.

Every exercise is data: a scenario (a calculator preset, possibly with some
inputs changed), a question, the answers it asks for, a hint and a worked
solution, in English and Chinese. The correct answers are never typed in: each
exercise's ``solve`` function works them out by running the calculator models
(``calculators.run``), bisecting over an input where the question asks for a
threshold. The worked solution's numbers are placeholders filled from what
``solve`` returns, formatted exactly as the calculator pages display them.

The same module runs in CPython (the site build renders the questions, hints
and solutions) and in Pyodide (``check`` marks a trainee's answers in the
page, through ``calculators.web``). Standard library only, no I/O.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal
from urllib.parse import urlencode

from calculators.core import Lang, Number, OutputValue, Text, Unit, parse_number
from calculators.display import MINUS, format_input, format_number
from calculators.finance import integer_power
from calculators.funnel import LIFT_PP
from calculators.registry import get as get_calculator
from calculators.registry import run

Kind = Literal["numeric", "choice"]
Status = Literal["correct", "incorrect", "invalid", "missing"]


# ------------------------------------------------------------------ the shape of an exercise


@dataclass(frozen=True)
class Choice:
    key: str
    label: Text  # may hold {placeholders}, filled like the question


@dataclass(frozen=True)
class Answer:
    """One thing the trainee must give: a number (within a tolerance) or one of some choices.

    ``tolerance`` is in the answer's unit (percentage points for a percent), or, with
    ``relative``, a percentage of the correct value.
    """

    key: str
    kind: Kind
    label: Text
    unit: Unit = "number"
    tolerance: float = 0.0
    relative: bool = False
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A calculator preset (or the defaults), with some inputs changed."""

    preset: str | None = None
    inputs: Mapping[str, Number] = field(default_factory=dict)


@dataclass(frozen=True)
class Shown:
    """A number as the calculator displays it: ¥291.60, 8.43%, 7.6 months, 1.94×."""

    value: float
    unit: Unit

    def text(self, lang: Lang) -> str:
        return format_number(self.value, self.unit, lang)


@dataclass(frozen=True)
class Given:
    """A number as a person states an input: ¥150, 8%, 0.15, 100,000, 60 months."""

    value: float
    unit: Unit

    def text(self, lang: Lang) -> str:
        body = f"{abs(self.value):,.10g}"
        sign = MINUS if self.value < 0 else ""
        if self.unit == "money":
            return f"{sign}¥{body}"
        if self.unit == "percent":
            return f"{sign}{body}%"
        if self.unit == "ratio":
            return f"{sign}{body}×"
        if self.unit == "months":
            return f"{sign}{body} 个月" if lang == "zh" else f"{sign}{body} months"
        return sign + body


Fact = Shown | Given | Text


def fact_text(fact: Fact, lang: Lang) -> str:
    return fact(lang) if isinstance(fact, Text) else fact.text(lang)


@dataclass(frozen=True)
class Solved:
    """What the models say: the correct answers, the numbers the texts quote, and
    ``show``: the inputs (over the scenario's preset) that display the answer in the
    calculator, or None when the scenario itself does."""

    answers: Mapping[str, float | str]
    facts: Mapping[str, Fact]
    show: Mapping[str, Number] | None = None


@dataclass(frozen=True)
class Exercise:
    id: str
    calculator: str
    title: Text
    scenario: Scenario
    question: Text
    answers: tuple[Answer, ...]
    hint: Text
    solution: Text  # paragraphs split by a blank line; "- " starts a list item
    solve: Callable[[Mapping[str, Number]], Solved]  # called with the scenario's validated inputs

    def answer(self, key: str) -> Answer:
        for spec in self.answers:
            if spec.key == key:
                return spec
        raise KeyError(key)


class UnknownExerciseError(KeyError):
    def __init__(self, exercise_id: str) -> None:
        self.exercise_id = exercise_id
        super().__init__(exercise_id)

    def __str__(self) -> str:
        shown = self.exercise_id if len(self.exercise_id) <= 60 else self.exercise_id[:60] + "…"
        return f"unknown exercise {shown!r} (known: {', '.join(BY_ID)})"


# ------------------------------------------------------------------ helpers for solve functions


def _outputs(calculator: str, inputs: Mapping[str, Number]) -> Mapping[str, OutputValue]:
    outputs: Mapping[str, OutputValue] = run(calculator, inputs)["outputs"]
    return outputs


def _number(outputs: Mapping[str, OutputValue], key: str) -> float:
    value = outputs[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"output {key} is {value!r}, not a number")
    return float(value)


def _or_infinity(outputs: Mapping[str, OutputValue], key: str) -> float:
    """A null output that means "never" (payback) as +infinity, for comparisons."""
    value = outputs[key]
    return math.inf if value is None else _number(outputs, key)


def _preset_inputs(calculator: str, preset: str) -> dict[str, Number]:
    inputs: dict[str, Number] = run(calculator, preset=preset)["inputs"]
    return inputs


def _choice_label(calculator: str, output: str, key: str) -> Text:
    """The label a categorical output shows for ``key`` (e.g. a verdict band)."""
    spec = next(o for o in get_calculator(calculator).outputs if o.key == output)
    return spec.choices[key]


def _choices_of(calculator: str, output: str) -> tuple[Choice, ...]:
    spec = next(o for o in get_calculator(calculator).outputs if o.key == output)
    return tuple(Choice(key, label) for key, label in spec.choices.items())


def bisect(f: Callable[[float], float], low: float, high: float) -> float:
    """The x in [low, high] where a monotone f crosses zero (f(low), f(high) of opposite signs)."""
    f_low, f_high = f(low), f(high)
    if f_low == 0:
        return low
    if f_high == 0:
        return high
    if (f_low > 0) == (f_high > 0):
        raise ValueError(f"no sign change between {low} and {high}")
    for _ in range(100):
        middle = (low + high) / 2
        if middle in (low, high) or high - low <= 1e-12 * max(1.0, abs(middle)):
            break
        if (f(middle) > 0) == (f_low > 0):
            low = middle
        else:
            high = middle
    return (low + high) / 2


# ------------------------------------------------------------------ ltv_cac

LTV = "ltv_cac"
PAYBACK_TARGET_MONTHS = 12.0
HEALTHY_LOW, HEALTHY_HIGH = 3.0, 5.0  # the healthy band of ratio_band
CHURN_CUT_PP = 2.0  # ltv-retention-or-cac, option A
CAC_CUT_SHARE = 0.2  # ltv-retention-or-cac, option B


def _solve_ltv_read_verdict(s: Mapping[str, Number]) -> Solved:
    out = _outputs(LTV, s)
    ratio, payback = _number(out, "ltv_cac_ratio"), _number(out, "payback_months")
    simple, band = _number(out, "simple_payback_months"), str(out["ratio_band"])
    return Solved(
        answers={"ratio": ratio, "band": band, "payback": payback},
        facts={
            "margin": Shown(_number(out, "monthly_margin"), "money"),
            "ltv": Shown(_number(out, "ltv"), "money"),
            "ratio": Shown(ratio, "ratio"),
            "band_label": _choice_label(LTV, "ratio_band", band),
            "payback": Shown(payback, "months"),
            "simple": Shown(simple, "months"),
            "gap": Shown(payback - simple, "months"),
        },
    )


def _solve_ltv_max_cac(s: Mapping[str, Number]) -> Solved:
    out = _outputs(LTV, s)
    ltv = _number(out, "ltv")  # LTV does not depend on CAC, so CAC = LTV ÷ ratio
    cac_high, cac_low = ltv / HEALTHY_HIGH, ltv / HEALTHY_LOW
    return Solved(
        answers={"cac_5x": cac_high, "cac_3x": cac_low},
        facts={
            "ltv": Shown(ltv, "money"),
            "ratio": Shown(_number(out, "ltv_cac_ratio"), "ratio"),
            "band_label": _choice_label(LTV, "ratio_band", str(out["ratio_band"])),
            "cac_5x": Shown(cac_high, "money"),
            "cac_3x": Shown(cac_low, "money"),
            "high": Given(HEALTHY_HIGH, "ratio"),
            "low": Given(HEALTHY_LOW, "ratio"),
        },
        show={"cac": round(cac_low, 2)},
    )


def _solve_ltv_payback_churn(s: Mapping[str, Number]) -> Solved:
    def excess(churn: float) -> float:
        payback = _or_infinity(_outputs(LTV, {**s, "monthly_churn": churn}), "payback_months")
        return payback - PAYBACK_TARGET_MONTHS

    churn = bisect(excess, 0.0, 99.0)
    now = _outputs(LTV, s)
    return Solved(
        answers={"churn": churn},
        facts={
            "margin": Shown(_number(now, "monthly_margin"), "money"),
            "churn": Shown(churn, "percent"),
            "payback_now": Shown(_number(now, "payback_months"), "months"),
            "ratio_now": Shown(_number(now, "ltv_cac_ratio"), "ratio"),
            "target": Given(PAYBACK_TARGET_MONTHS, "months"),
            "target_shown": Shown(PAYBACK_TARGET_MONTHS, "months"),
        },
        show={"monthly_churn": round(churn, 2)},
    )


def _solve_ltv_retention_or_cac(s: Mapping[str, Number]) -> Solved:
    churn_a = s["monthly_churn"] - CHURN_CUT_PP
    cac_b = s["cac"] * (1 - CAC_CUT_SHARE)
    now = _outputs(LTV, s)
    option_a = _outputs(LTV, {**s, "monthly_churn": churn_a})
    option_b = _outputs(LTV, {**s, "cac": cac_b})
    ratio_a, ratio_b = _number(option_a, "ltv_cac_ratio"), _number(option_b, "ltv_cac_ratio")
    better = "a" if ratio_a > ratio_b else "b"
    best = max(ratio_a, ratio_b)
    return Solved(
        answers={"better": better, "ratio": best},
        facts={
            "churn_a": Given(churn_a, "percent"),
            "cac_b": Given(cac_b, "money"),
            "ratio_now": Shown(_number(now, "ltv_cac_ratio"), "ratio"),
            "ltv_now": Shown(_number(now, "ltv"), "money"),
            "ltv_a": Shown(_number(option_a, "ltv"), "money"),
            "ratio_a": Shown(ratio_a, "ratio"),
            "ratio_b": Shown(ratio_b, "ratio"),
            "ratio": Shown(best, "ratio"),
            "healthy": Given(HEALTHY_LOW, "ratio"),
            "better_label": RETENTION_OR_CAC_OPTIONS[better],
        },
        show={"monthly_churn": churn_a} if better == "a" else {"cac": cac_b},
    )


RETENTION_OR_CAC_OPTIONS = {
    "a": Text("Option A: the membership programme", "方案 A：会员体系"),
    "b": Text("Option B: the cheaper channel", "方案 B：更便宜的渠道"),
}


def _solve_ltv_saas_benchmark(s: Mapping[str, Number]) -> Solved:
    def excess(churn: float) -> float:
        return _number(_outputs(LTV, {**s, "monthly_churn": churn}), "ltv_cac_ratio") - HEALTHY_LOW

    churn = bisect(excess, 0.0, float(s["monthly_churn"]))
    now = _outputs(LTV, s)
    return Solved(
        answers={"churn": churn},
        facts={
            "margin": Shown(_number(now, "monthly_margin"), "money"),
            "ratio_now": Shown(_number(now, "ltv_cac_ratio"), "ratio"),
            "simple_now": Given(round(_number(now, "simple_payback_months"), 1), "months"),
            "target_ltv": Shown(HEALTHY_LOW * s["cac"], "money"),
            "churn": Shown(churn, "percent"),
            "annual_churn": Shown((1 - integer_power(1 - churn / 100, 12)) * 100, "percent"),
            "healthy": Given(HEALTHY_LOW, "ratio"),
        },
        show={"monthly_churn": round(churn, 3)},
    )


# ------------------------------------------------------------------ funnel

FUNNEL = "funnel"
STEP_FIELDS = {"activation": "activation_rate", "retention": "retention_rate", "purchase": "purchase_rate"}
FIX_COSTS: dict[str, float] = {"activation": 36000, "retention": 6000, "purchase": 15000}  # funnel-fix-first
FEWER_INVITES = 1.0  # funnel-k-threshold: the poster asks for one friend fewer


def _solve_funnel_read_followers(s: Mapping[str, Number]) -> Solved:
    out = _outputs(FUNNEL, s)
    weakest = str(out["weakest_step"])
    best_buyers = max(_number(out, f"buyers_if_{step}_plus_5pp") for step in STEP_FIELDS)
    return Solved(
        answers={
            "cost_per_buyer": _number(out, "cost_per_buyer"),
            "revenue_to_spend": _number(out, "revenue_to_spend"),
            "weakest": weakest,
        },
        facts={
            "buyers": Shown(_number(out, "buyers"), "count"),
            "spend": Shown(_number(out, "acquisition_spend"), "money"),
            "revenue": Shown(_number(out, "revenue"), "money"),
            "cost_per_buyer": Shown(_number(out, "cost_per_buyer"), "money"),
            "revenue_to_spend": Shown(_number(out, "revenue_to_spend"), "ratio"),
            "weakest_label": _choice_label(FUNNEL, "weakest_step", weakest),
            "best_fix_revenue": Shown(best_buyers * s["revenue_per_buyer"], "money"),
        },
    )


def _solve_funnel_fix_first(s: Mapping[str, Number]) -> Solved:
    out = _outputs(FUNNEL, s)
    buyers = _number(out, "buyers")
    extra = {step: _number(out, f"buyers_if_{step}_plus_5pp") - buyers for step in STEP_FIELDS}
    per_buyer = {step: FIX_COSTS[step] / extra[step] for step in STEP_FIELDS}
    most = max(STEP_FIELDS, key=lambda step: extra[step])
    cheapest = min(STEP_FIELDS, key=lambda step: per_buyer[step])
    facts: dict[str, Fact] = {
        "buyers_now": Shown(buyers, "count"),
        "lift": Given(LIFT_PP, "number"),
        "most_label": FIX_OPTIONS[most],
        "cheapest_label": FIX_OPTIONS[cheapest],
        "cost_per_extra": Shown(per_buyer[cheapest], "money"),
        "weakest_label": _choice_label(FUNNEL, "weakest_step", str(out["weakest_step"])),
        "margin_per_buyer": Shown(s["revenue_per_buyer"] * _beauty_margin() / 100, "money"),
        "fix_margin": Given(_beauty_margin(), "percent"),
    }
    for step in STEP_FIELDS:
        facts[f"cost_{step}"] = Given(FIX_COSTS[step], "money")
        facts[f"extra_{step}"] = Shown(extra[step], "count")
        facts[f"per_buyer_{step}"] = Shown(per_buyer[step], "money")
    field_name = STEP_FIELDS[cheapest]
    return Solved(
        answers={"most": most, "cheapest": cheapest, "cost_per_extra": per_buyer[cheapest]},
        facts=facts,
        show={field_name: min(float(s[field_name]) + LIFT_PP, 100.0)},
    )


FIX_OPTIONS = {
    "activation": Text("Activation: the bigger lucky-draw prize", "激活：加大抽奖奖品"),
    "retention": Text("Retention: the welcome series and live Q&A", "留存：新人欢迎流程 + 每周直播答疑"),
    "purchase": Text("Purchase: the member-day coupon", "购买：会员日发券"),
}


def _beauty_margin() -> float:
    """The beauty brand's gross margin (Yatsen's filing), from the LTV / CAC preset, to value a buyer."""
    return float(get_calculator(LTV).preset("dtc_beauty").inputs()["gross_margin"])


def _solve_funnel_k_threshold(s: Mapping[str, Number]) -> Solved:
    out = _outputs(FUNNEL, s)
    k = _number(out, "k_factor")

    def excess(invites: float) -> float:
        return _number(_outputs(FUNNEL, {**s, "invites_per_retained": invites}), "k_factor") - 1

    needed = bisect(excess, 0.0, 100.0)
    fewer = float(s["invites_per_retained"]) - FEWER_INVITES
    fewer_out = _outputs(FUNNEL, {**s, "invites_per_retained": fewer})
    return Solved(
        answers={"k": k, "invites": needed, "buyers_fewer": _number(fewer_out, "buyers")},
        facts={
            "k": Shown(k, "number"),
            "per_invite": Shown(k / float(s["invites_per_retained"]), "number"),
            "invites": Shown(needed, "number"),
            "fewer": Given(fewer, "number"),
            "k_fewer": Shown(_number(fewer_out, "k_factor"), "number"),
            "buyers_now": Shown(_number(out, "buyers"), "count"),
            "buyers_fewer": Shown(_number(fewer_out, "buyers"), "count"),
        },
        show={"invites_per_retained": round(needed, 2)},
    )


def _coffee_margin() -> float:
    """The coffee chain's gross margin, taken from the LTV / CAC preset so the two pages agree."""
    return float(get_calculator(LTV).preset("coffee_chain").inputs()["gross_margin"])


def _solve_funnel_coffee_coupon(s: Mapping[str, Number]) -> Solved:
    out = _outputs(FUNNEL, s)
    margin_share = _coffee_margin() / 100
    margin = _number(out, "revenue") * margin_share
    spend = _number(out, "acquisition_spend")
    # Revenue does not depend on the coupon's cost: break-even spreads the margin over everyone asked.
    max_cost = margin / float(s["visitors"])
    return Solved(
        answers={"profit": margin - spend, "max_cost": max_cost},
        facts={
            "coffee_margin": Given(_coffee_margin(), "percent"),
            "revenue": Shown(_number(out, "revenue"), "money"),
            "margin": Shown(margin, "money"),
            "spend": Shown(spend, "money"),
            "profit": Shown(margin - spend, "money"),
            "max_cost": Shown(max_cost, "money"),
            "room": Shown(max_cost - float(s["cost_per_visitor"]), "money"),
        },
        show={"cost_per_visitor": round(max_cost, 2)},
    )


# ------------------------------------------------------------------ pool_migration

POOL = "pool_migration"
TISSUE_FIXES: dict[str, tuple[str, Callable[[float], float]]] = {
    "incentive": ("incentive_per_member", lambda value: value / 2),
    "add_rate": ("add_rate", lambda value: min(value * 2, 100.0)),
    "churn": ("monthly_churn", lambda value: value / 2),
    "orders": ("private_orders_per_month", lambda value: value + 0.05),
}


def _solve_pool_read_beauty(s: Mapping[str, Number]) -> Solved:
    out = _outputs(POOL, s)
    cost = _number(out, "migration_cost_per_member")
    return Solved(
        answers={
            "cost_per_member": cost,
            "delta": _number(out, "incremental_margin_per_member_month"),
            "npv_total": _number(out, "npv_total"),
        },
        facts={
            "card_per_member": Shown(cost - s["incentive_per_member"], "money"),
            "cost_per_member": Shown(cost, "money"),
            "u_priv": Shown(_number(out, "private_margin_per_member_month"), "money"),
            "u_pub": Shown(_number(out, "public_margin_per_member_month"), "money"),
            "delta": Shown(_number(out, "incremental_margin_per_member_month"), "money"),
            "pv": Shown(_number(out, "pv_per_member"), "money"),
            "npv_member": Shown(_number(out, "npv_per_member"), "money"),
            "members": Shown(_number(out, "members"), "count"),
            "npv_total": Shown(_number(out, "npv_total"), "money"),
        },
    )


def _solve_pool_red_packet(s: Mapping[str, Number]) -> Solved:
    out = _outputs(POOL, s)
    base_inputs = _preset_inputs(POOL, "dtc_beauty")
    base = _outputs(POOL, base_inputs)
    card = "base" if _number(base, "npv_total") >= _number(out, "npv_total") else "rich"
    return Solved(
        answers={
            "cost_per_member": _number(out, "migration_cost_per_member"),
            "npv_member": _number(out, "npv_per_member"),
            "card": card,
        },
        facts={
            "base_incentive": Given(base_inputs["incentive_per_member"], "money"),
            "base_add_rate": Given(base_inputs["add_rate"], "percent"),
            "cost_per_member": Shown(_number(out, "migration_cost_per_member"), "money"),
            "base_cost": Shown(_number(base, "migration_cost_per_member"), "money"),
            "pv": Shown(_number(out, "pv_per_member"), "money"),
            "npv_member": Shown(_number(out, "npv_per_member"), "money"),
            "payback": Shown(_number(out, "payback_months"), "months"),
            "members": Shown(_number(out, "members"), "count"),
            "base_members": Shown(_number(base, "members"), "count"),
            "npv_total": Shown(_number(out, "npv_total"), "money"),
            "base_npv_total": Shown(_number(base, "npv_total"), "money"),
        },
    )


def _solve_pool_tissue_fix(s: Mapping[str, Number]) -> Solved:
    now = _outputs(POOL, s)
    changed = {key: {name: change(float(s[name]))} for key, (name, change) in TISSUE_FIXES.items()}
    npv = {key: _number(_outputs(POOL, {**s, **inputs}), "npv_per_member") for key, inputs in changed.items()}
    best = max(TISSUE_FIXES, key=lambda key: npv[key])

    def npv_at(incentive: float) -> float:
        return _number(_outputs(POOL, {**s, "incentive_per_member": incentive}), "npv_per_member")

    max_incentive = bisect(npv_at, 0.0, float(s["incentive_per_member"]))
    facts: dict[str, Fact] = {
        "npv_now": Shown(_number(now, "npv_per_member"), "money"),
        "best_label": TISSUE_OPTIONS[best],
        "npv_best": Shown(npv[best], "money"),
        "pv": Shown(_number(now, "pv_per_member"), "money"),
        "card_per_member": Shown(
            _number(now, "migration_cost_per_member") - s["incentive_per_member"], "money"
        ),
        "max_incentive": Shown(max_incentive, "money"),
    }
    for key, (name, _) in TISSUE_FIXES.items():
        unit = get_calculator(POOL).field(name).unit
        facts[f"fix_{key}"] = Given(changed[key][name], unit)
        facts[f"npv_{key}"] = Shown(npv[key], "money")
    return Solved(
        answers={"best": best, "npv_best": npv[best], "max_incentive": max_incentive},
        facts=facts,
        show=changed[best],
    )


TISSUE_OPTIONS = {
    "incentive": Text("Halve the red packet", "红包减半"),
    "add_rate": Text("Double the add rate", "加微率翻倍"),
    "churn": Text("Halve monthly churn", "月流失率减半"),
    "orders": Text("Lift private orders per month", "提高私域月均下单次数"),
}


def _solve_pool_counterfactual(s: Mapping[str, Number]) -> Solved:
    def npv_at(orders: float) -> float:
        return _number(_outputs(POOL, {**s, "public_orders_per_month": orders}), "npv_per_member")

    orders = bisect(npv_at, float(s["public_orders_per_month"]), 100.0)
    out = _outputs(POOL, s)
    private_per_order = _number(out, "private_margin_per_member_month") / float(s["private_orders_per_month"])
    public_per_order = _number(out, "public_margin_per_member_month") / float(s["public_orders_per_month"])
    return Solved(
        answers={"orders": orders},
        facts={
            "orders": Shown(orders, "number"),
            "npv_now": Shown(_number(out, "npv_per_member"), "money"),
            "private_per_order": Shown(private_per_order, "money"),
            "public_per_order": Shown(public_per_order, "money"),
            "ad_cost": Shown(_number(out, "public_ad_cost_per_repeat_order"), "money"),
        },
        show={"public_orders_per_month": round(orders, 5)},
    )


# ------------------------------------------------------------------ the exercises

_PP: Unit = "percent"  # answers in percent have tolerances in percentage points

EXERCISES: tuple[Exercise, ...] = (
    # ---------------------------------------------------------------- LTV / CAC
    Exercise(
        id="ltv-read-verdict",
        calculator=LTV,
        title=Text("Read the verdict: an insurance agent", "读懂结论：保险代理人"),
        scenario=Scenario("insurance_agent"),
        question=Text(
            "An insurance agent earns about {arpu} a month from each client at a {gross_margin} margin,"
            " loses {monthly_churn} of clients a month and spends around {cac} winning each one. Open the"
            " scenario in the calculator and read off three things: the LTV : CAC ratio, the verdict band it"
            " falls in, and the churn-adjusted payback.",
            "一位保险代理人，每位客户每月大约带来 {arpu} 收入，毛利率 {gross_margin}，每月流失"
            " {monthly_churn} 的客户，拿下一位客户要花 {cac} 左右。在计算器里打开这个场景，读出三个结果：LTV"
            " : CAC 是多少、落在哪个评估区间、计流失的回本周期要几个月。",
        ),
        answers=(
            Answer("ratio", "numeric", Text("LTV : CAC", "LTV : CAC"), "ratio", 0.02),
            Answer(
                "band", "choice", Text("Verdict", "评估区间"), "category",
                choices=_choices_of(LTV, "ratio_band"),
            ),
            Answer(
                "payback", "numeric", Text("Payback, churn-adjusted", "回本周期（计流失）"), "months", 0.1
            ),
        ),
        hint=Text(
            "Pick “{preset_name}” in the scenario menu, or follow the link. The ratio and the verdict are"
            " the first results; for payback read the churn-adjusted card, not the simple one.",
            "在“场景”下拉框里选“{preset_name}”，或者直接点上面的链接。比值和评估是结果区的头两项；回本周期要"
            "看“{out_payback_months}”，别看成“{out_simple_payback_months}”。",
        ),
        solution=Text(
            "Each client brings {margin} of margin a month. Weighted by the chance they are still there and"
            " discounted over a horizon of {horizon_months}, that adds up to an LTV of {ltv}. Divided by the"
            " {cac} CAC it gives {ratio}, which the calculator rates “{band_label}”.\n\n"
            "The churn-adjusted payback is {payback}, against a simple payback of {simple}: clients leaving"
            " along the way stretch it by {gap}.\n\n"
            "A ratio below 3× with a payback of more than a year means this book of business only works if"
            " clients refer friends or buy more policies, which is exactly why agents keep in touch on"
            " WeChat.",
            "每位客户每月贡献毛利 {margin}。按客户仍留存的概率加权、在 {horizon_months}的计算期内逐月折现累"
            "加，LTV 为 {ltv}；除以 {cac} 的获客成本，得到 {ratio}，计算器的评估是“{band_label}”。\n\n"
            "计流失的回本周期是 {payback}，而简单回本只要 {simple}——客户陆续流失，回本被拖长了 {gap}。\n\n"
            "比值不到 3 倍、回本又超过一年，说明这门生意光靠一张保单撑不住，得靠老客户转介绍、加保。这也正是"
            "代理人要在微信上长期维护客户的原因。",
        ),
        solve=_solve_ltv_read_verdict,
    ),
    Exercise(
        id="ltv-max-cac",
        calculator=LTV,
        title=Text("How rich can the welcome coupon be? Coffee store groups", "入群券能送多大：咖啡门店社群"),
        scenario=Scenario("coffee_chain"),
        question=Text(
            "A coffee chain wins group members with a first-cup coupon that gives away about {cac} each. A"
            " member spends {arpu} a month at a {gross_margin} margin, and {monthly_churn} drift away every"
            " month. LTV : CAC comes out at {ratio}, which the calculator rates “{band_label}”. Keeping"
            " everything else as it is, what is the most the chain could spend to win one member before the"
            " ratio falls to {high}, the top of the healthy band? And before it falls to {low}, the bottom?",
            "一家连锁咖啡用首杯券把顾客拉进门店社群，每拉一位大约让利 {cac}。群成员每月消费 {arpu}，毛利率"
            " {gross_margin}，每月有 {monthly_churn} 的人流失。算下来 LTV : CAC 高达 {ratio}，计算器的评估是"
            "“{band_label}”。其他条件不变，拉一位新成员最多能花多少钱，比值才不会跌破 {high}（健康区间的上沿"
            "）？跌到 {low}（健康区间的下沿）又对应多少钱？",
        ),
        answers=(
            Answer("cac_5x", "numeric", Text("Most CAC for 5×", "5 倍时的获客成本上限"), "money", 1, True),
            Answer("cac_3x", "numeric", Text("Most CAC for 3×", "3 倍时的获客成本上限"), "money", 1, True),
        ),
        hint=Text(
            "LTV does not depend on what you pay to win the member. Read LTV once and divide it by the"
            " target ratio, or keep raising the acquisition cost in the calculator until the ratio reads"
            " 5.00× and then 3.00×.",
            "LTV 跟拉新花多少钱无关。先读出 LTV，再除以目标倍数就行；也可以在计算器里不断调高获客成本，直到"
            "比值依次显示 5.00× 和 3.00×。",
        ),
        solution=Text(
            "Whatever the coupon costs, a member is worth an LTV of {ltv}, so the most you can pay is LTV ÷"
            " target ratio:\n\n"
            "- for {high}: {ltv} ÷ 5 = {cac_5x}\n- for {low}: {ltv} ÷ 3 = {cac_3x}\n\n"
            "Today's coupon gives away {cac}, a ratio of {ratio}. The chain could afford a far more generous"
            " welcome, a free drink for instance, and still be healthy. The real question is whether a"
            " richer offer brings in people who stay, or bargain hunters who churn faster than the"
            " {monthly_churn} this LTV assumes.",
            "不管券送多少，一位成员的 LTV 都是 {ltv}，所以能花的上限 = LTV ÷ 目标倍数：\n\n"
            "- 守住 {high}：{ltv} ÷ 5 = {cac_5x}\n- 守住 {low}：{ltv} ÷ 3 = {cac_3x}\n\n"
            "现在一张券只让利 {cac}，比值 {ratio}。门店完全可以把入群福利做得更足，比如直接送一杯，比值照样"
            "健康。真正要担心的是：福利加码后进来的，会不会是领完就走的羊毛党，流失率远高于这里假设的"
            " {monthly_churn}。",
        ),
        solve=_solve_ltv_max_cac,
    ),
    Exercise(
        id="ltv-payback-churn",
        calculator=LTV,
        title=Text(
            "When does payback slip past a year? A beauty brand", "流失率多高，一年就回不了本：美妆品牌"
        ),
        scenario=Scenario("dtc_beauty"),
        question=Text(
            "A beauty brand earns {arpu} a month from each DTC customer at Yatsen's filed {gross_margin}"
            " gross margin, pays {cac} to acquire one and loses {monthly_churn} of customers a month."
            " Payback is comfortably under a year today. At what monthly churn does the churn-adjusted"
            " payback reach exactly {target}, beyond which these customers no longer pay for themselves"
            " within a year?",
            "某美妆品牌每位 DTC 客户每月贡献 {arpu} 收入，毛利率取逸仙电商财报的 {gross_margin}，获客成本"
            " {cac}，每月流失 {monthly_churn}。眼下不到一年就能回本。月流失率涨到多少时，计流失的回本周期正"
            "好是 {target}？流失再高一点，这批客户一年内就回不了本。",
        ),
        answers=(Answer("churn", "numeric", Text("Monthly churn", "月流失率"), _PP, 0.2),),
        hint=Text(
            "Change only the churn. Raise it a few points at a time and watch “{out_payback_months}”; once"
            " it passes 12.0 months, step back and narrow in. If you prefer algebra, solve m × (1 − (1 −"
            " c)¹²) ÷ c = CAC for c.",
            "只动月流失率。每次往上调几个点，盯着“{out_payback_months}”；一旦超过 12.0 个月，就往回退一点，"
            "慢慢逼近。喜欢算式的话，直接解 m ×（1 − (1 − c)¹²）÷ c = CAC 里的 c。",
        ),
        solution=Text(
            "The monthly margin is m = {arpu} × {gross_margin} = {margin}. Payback takes 12 months when m ×"
            " (1 − (1 − c)¹²) ÷ c = {cac}, which holds at c = {churn}. Follow the link below: with churn at"
            " {churn} the calculator shows a payback of {target_shown}.\n\n"
            "At today's {monthly_churn} the payback is {payback_now}, so churn would have to climb from"
            " {monthly_churn} to {churn} before payback slipped past a year. Payback is not this brand's"
            " problem; LTV : CAC ({ratio_now}) is.",
            "每月毛利 m = {arpu} × {gross_margin} = {margin}。回本周期为 12 个月，意味着 m ×（1 − (1 − c)¹²"
            "）÷ c = {cac}，解得 c = {churn}。点下面的链接验证：月流失率设为 {churn} 时，计算器显示回本周期"
            " {target_shown}。\n\n"
            "按现在的 {monthly_churn}，回本只要 {payback_now}；流失率得从 {monthly_churn} 一路涨到 {churn}，"
            "回本才会超过一年。所以这个品牌的问题不在回本周期，而在 LTV : CAC（{ratio_now}）。",
        ),
        solve=_solve_ltv_payback_churn,
    ),
    Exercise(
        id="ltv-retention-or-cac",
        calculator=LTV,
        title=Text("Keep customers or buy them cheaper? A beauty brand", "降流失还是降获客成本：美妆品牌"),
        scenario=Scenario("dtc_beauty"),
        question=Text(
            "The same beauty brand (LTV : CAC {ratio_now}) has budget for one project this year. Option A, a"
            " membership programme, would cut monthly churn from {monthly_churn} to {churn_a}. Option B, a"
            " cheaper acquisition channel, would cut CAC from {cac} to {cac_b}. Which option gives the"
            " higher LTV : CAC, and what ratio does it reach?",
            "还是这个美妆品牌（LTV : CAC 为 {ratio_now}），今年的预算只够做一件事。方案 A 做会员体系，把月流"
            "失率从 {monthly_churn} 降到 {churn_a}；方案 B 换一个更便宜的获客渠道，把获客成本从 {cac} 降到"
            " {cac_b}。哪个方案的 LTV : CAC 更高？能做到多少？",
        ),
        answers=(
            Answer(
                "better", "choice", Text("The better option", "更好的方案"), "category",
                choices=tuple(Choice(key, label) for key, label in RETENTION_OR_CAC_OPTIONS.items()),
            ),
            Answer("ratio", "numeric", Text("Its LTV : CAC", "它的 LTV : CAC"), "ratio", 0.02),
        ),
        hint=Text(
            "Start from the scenario and change one thing at a time: set churn to {churn_a} and read the"
            " ratio; put churn back to {monthly_churn}, set CAC to {cac_b}, and read it again.",
            "从原场景出发，一次只改一项：先把月流失率改成 {churn_a}，读比值；再把流失率改回 {monthly_churn}"
            "，把获客成本改成 {cac_b}，再读一次。",
        ),
        solution=Text(
            "- Option A: churn at {churn_a} lifts LTV from {ltv_now} to {ltv_a}; ÷ {cac} = {ratio_a}.\n-"
            " Option B: LTV stays at {ltv_now}; ÷ {cac_b} = {ratio_b}.\n\n"
            "“{better_label}” wins, at {ratio}. Lower churn raises every future month of margin, while a"
            " cheaper channel saves money once; when churn is this high, keeping customers is worth more"
            " than buying them cheaper.\n\n"
            "Neither option reaches the healthy {healthy} on its own: the brand needs both, or a higher"
            " spend per customer.",
            "- 方案 A：流失率降到 {churn_a}，LTV 从 {ltv_now} 升到 {ltv_a}，除以 {cac} 得 {ratio_a}。\n- 方"
            "案 B：LTV 不变，仍是 {ltv_now}，除以 {cac_b} 得 {ratio_b}。\n\n"
            "胜出的是“{better_label}”，比值 {ratio}。降流失抬高的是以后每一个月的毛利，降获客成本只省一次钱"
            "；流失率这么高的时候，把老客户留住比便宜地买新客户更划算。\n\n"
            "不过两个方案单独做都到不了健康线 {healthy}：要么两件事都做，要么想办法提高客单。",
        ),
        solve=_solve_ltv_retention_or_cac,
    ),
    Exercise(
        id="ltv-saas-benchmark",
        calculator=LTV,
        title=Text("What churn does the SaaS benchmark need?", "SaaS 基准线要求多低的流失率"),
        scenario=Scenario("b2b_saas"),
        question=Text(
            "This B2B SaaS is priced so that its {cac} CAC is earned back in exactly {simple_now} of margin,"
            " the limit in Skok's SaaS Metrics, and it loses {monthly_churn} of accounts a month. Its LTV :"
            " CAC is only {ratio_now}. With everything else unchanged, what monthly churn would lift LTV :"
            " CAC to {healthy}?",
            "这家 B2B SaaS 的定价，让 {cac} 的获客成本正好用 {simple_now}的毛利收回——这是 Skok 在《SaaS"
            " Metrics》里给的上限；它每月流失 {monthly_churn} 的账户，LTV : CAC 只有 {ratio_now}。其他条件不"
            "变，月流失率要降到多少，LTV : CAC 才能到 {healthy}？",
        ),
        answers=(Answer("churn", "numeric", Text("Monthly churn", "月流失率"), _PP, 0.05),),
        hint=Text(
            "Lower monthly churn a tenth of a point at a time and watch LTV : CAC. Once it passes 3.00×,"
            " narrow in between the last two values you tried.",
            "每次把月流失率下调 0.1 个百分点，看 LTV : CAC 怎么变；超过 3.00× 之后，在最后试的两个值之间再细"
            "调。",
        ),
        solution=Text(
            "With {margin} of margin a month, LTV : CAC = 3 needs an LTV of 3 × {cac} = {target_ltv}. Over a"
            " horizon of {horizon_months} at a {annual_discount_rate} discount rate, that takes monthly"
            " churn of {churn}: about {annual_churn} of accounts lost a year.\n\n"
            "A twelve-month payback alone is not enough: at {monthly_churn} churn the same CAC only earns"
            " {ratio_now}. Skok's two tests, payback within a year and LTV : CAC of at least 3, have to be"
            " read together, and for a subscription business the second one is mostly a churn target.",
            "每月毛利 {margin}，要让 LTV : CAC = 3，LTV 得达到 3 × {cac} = {target_ltv}。按 {horizon_months}"
            "的计算期、{annual_discount_rate} 的年折现率，月流失率要降到 {churn}，相当于一年只流失约"
            " {annual_churn} 的账户。\n\n"
            "光做到 12 个月回本还不够：流失率 {monthly_churn} 时，同样的获客成本只换来 {ratio_now}。Skok 的"
            "两条线——一年内回本、LTV : CAC 不低于 3——要放在一起看；对订阅制生意来说，第二条说到底就是对流失"
            "率的要求。",
        ),
        solve=_solve_ltv_saas_benchmark,
    ),
    # ---------------------------------------------------------------- funnel
    Exercise(
        id="funnel-read-followers",
        calculator=FUNNEL,
        title=Text("What does a bought follower really cost?", "买来的粉丝到底多贵"),
        scenario=Scenario("official_account_ads"),
        question=Text(
            "An official account buys followers with feed ads at {cost_per_visitor} each. All {visitors}"
            " people reached follow (activation {activation_rate}), but only {retention_rate} are still"
            " reading two weeks later, and {purchase_rate} of those place a {revenue_per_buyer} order. There"
            " is no referral mechanism. What is the paid cost per buyer? How much revenue comes back per"
            " yuan of ad spend? And which step does the calculator flag as the weakest?",
            "某公众号投朋友圈广告涨粉，每个粉丝 {cost_per_visitor}。触达的 {visitors} 人全部关注（激活率"
            " {activation_rate}），但两周后还在看的只剩 {retention_rate}，其中 {purchase_rate} 下了一单"
            " {revenue_per_buyer} 的订单，也没有任何裂变机制。单个购买者的投放成本是多少？每花 1 元投放能带"
            "回多少收入？计算器认为哪一步最薄弱？",
        ),
        answers=(
            Answer(
                "cost_per_buyer", "numeric", Text("Paid cost per buyer", "单个购买者的投放成本"),
                "money", 1, True,
            ),
            Answer(
                "revenue_to_spend", "numeric", Text("Revenue per yuan of ad spend", "每 1 元投放带回的收入"),
                "ratio", 0.01,
            ),
            Answer(
                "weakest", "choice", Text("Weakest step", "最薄弱环节"), "category",
                choices=_choices_of(FUNNEL, "weakest_step"),
            ),
        ),
        hint=Text(
            "Choose the “{preset_name}” scenario. All three answers are in the results:"
            " “{out_cost_per_buyer}”, “{out_revenue_to_spend}” and “{out_weakest_step}”.",
            "选“{preset_name}”这个场景。三个答案都在结果里：“{out_cost_per_buyer}”“{out_revenue_to_spend}”和"
            "“{out_weakest_step}”。",
        ),
        solution=Text(
            "{visitors} followers × {retention_rate} still reading × {purchase_rate} buying = {buyers}"
            " buyers. The {spend} of ads ÷ {buyers} buyers = {cost_per_buyer} per buyer, and revenue per"
            " yuan of ads is {revenue} ÷ {spend} = {revenue_to_spend}.\n\n"
            "The lowest rate is purchase, so the calculator names “{weakest_label}”. But no single fix"
            " rescues this campaign: even the best 5-point lift brings revenue to only {best_fix_revenue}"
            " against {spend} of ads. The trouble is the followers themselves, bought at {cost_per_visitor}"
            " and mostly gone within two weeks: change the source of the traffic, not a step of the funnel.",
            "{visitors} 个粉丝 × {retention_rate} 留下来 × {purchase_rate} 下单 = {buyers} 位购买者。{spend}"
            " 的广告费 ÷ {buyers} 人 = 每位购买者 {cost_per_buyer}；每 1 元投放带回的收入 = {revenue} ÷"
            " {spend} = {revenue_to_spend}。\n\n"
            "三个比例里购买转化最低，所以计算器给出的最薄弱环节是“{weakest_label}”。但哪一步单独提高 5 个百"
            "分点都救不了这次投放：最好的情况下收入也只有 {best_fix_revenue}，远低于 {spend} 的广告费。问题"
            "出在粉丝本身——{cost_per_visitor} 一个买来，两周就流失大半。该换的是流量来源，而不是去修漏斗里的"
            "某一步。",
        ),
        solve=_solve_funnel_read_followers,
    ),
    Exercise(
        id="funnel-fix-first",
        calculator=FUNNEL,
        title=Text("Which step to fix first, once you price the fixes", "先修哪一步：把改进成本算进去"),
        scenario=Scenario("dtc_beauty_parcel_card"),
        question=Text(
            "The parcel-card funnel turns {visitors} orders into {buyers_now} buyers a quarter. Three"
            " proposals would each lift one rate by {lift} percentage points, at different costs for the"
            " quarter: a bigger lucky-draw prize to lift activation ({cost_activation}), a welcome series"
            " with a weekly live Q&A to lift 30-day retention ({cost_retention}), and a member-day coupon to"
            " lift the purchase rate ({cost_purchase}). Which proposal adds the most buyers? Which adds"
            " buyers most cheaply, and what does each extra buyer cost with it?",
            "包裹卡这条漏斗，一个季度把 {visitors} 个订单转成 {buyers_now} 位购买者。团队提了三个方案，各把"
            "一个环节提高 {lift} 个百分点，季度花费各不相同：加大抽奖奖品提高激活率（{cost_activation}），做"
            "新人欢迎流程加每周直播答疑提高 30 天留存率（{cost_retention}），办会员日发券提高购买转化率（"
            "{cost_purchase}）。哪个方案带来的购买者最多？哪个方案每多一位购买者花钱最少，每位花多少？",
        ),
        answers=(
            Answer(
                "most", "choice", Text("Adds the most buyers", "新增购买者最多"), "category",
                choices=tuple(Choice(key, label) for key, label in FIX_OPTIONS.items()),
            ),
            Answer(
                "cheapest", "choice", Text("Cheapest per extra buyer", "每位新增购买者最便宜"), "category",
                choices=tuple(Choice(key, label) for key, label in FIX_OPTIONS.items()),
            ),
            Answer(
                "cost_per_extra", "numeric",
                Text("Cost per extra buyer with the cheapest option", "最便宜方案下每位新增购买者的成本"),
                "money", 1, True,
            ),
        ),
        hint=Text(
            "The results list “Buyers if … +5 pp” for each step. Subtract today's buyers to get the extra"
            " buyers each proposal brings, then divide its cost by that number.",
            "结果里有三项“××提高 5 个百分点时的购买人数”。分别减去现在的购买人数，得到每个方案新增的购买者，"
            "再用方案的花费除以新增人数。",
        ),
        solution=Text(
            "- Activation: {extra_activation} extra buyers; {cost_activation} ÷ {extra_activation} ="
            " {per_buyer_activation} each.\n- Retention: {extra_retention} extra buyers; {cost_retention} ÷"
            " {extra_retention} = {per_buyer_retention} each.\n- Purchase: {extra_purchase} extra buyers;"
            " {cost_purchase} ÷ {extra_purchase} = {per_buyer_purchase} each.\n\n"
            "“{most_label}” adds the most buyers, and activation is indeed the weakest step the calculator"
            " flags. But “{cheapest_label}” buys each extra buyer for {cost_per_extra}: fix that first. A"
            " buyer is worth about {margin_per_buyer} of margin a quarter (revenue per buyer × Yatsen's"
            " {fix_margin} gross margin), so all three proposals pay for themselves; with one budget, start"
            " with the cheapest buyer, not the weakest step.",
            "- 激活：新增 {extra_activation} 位购买者，{cost_activation} ÷ {extra_activation} = 每位"
            " {per_buyer_activation}。\n- 留存：新增 {extra_retention} 位，{cost_retention} ÷"
            " {extra_retention} = 每位 {per_buyer_retention}。\n- 购买：新增 {extra_purchase} 位，"
            "{cost_purchase} ÷ {extra_purchase} = 每位 {per_buyer_purchase}。\n\n"
            "新增人数最多的是“{most_label}”，激活也确实是计算器标出的最薄弱环节。但按花钱效率算，"
            "“{cheapest_label}”每多一位购买者只要 {cost_per_extra}，应该先做。一位购买者一个季度大约贡献"
            " {margin_per_buyer} 毛利（每位购买者收入 × 逸仙电商 {fix_margin} 的毛利率），三个方案其实都划得"
            "来；预算只够做一个时，先做新增购买者最便宜的，而不是最薄弱的那一步。",
        ),
        solve=_solve_funnel_fix_first,
    ),
    Exercise(
        id="funnel-k-threshold",
        calculator=FUNNEL,
        title=Text("When does referral stop feeding itself?", "裂变什么时候会停下来"),
        scenario=Scenario("fission_campaign"),
        question=Text(
            "A red-packet poster asks each of {visitors} seed users to bring in {invites_per_retained}"
            " friends. With {activation_rate} activation, {retention_rate} retention and {invite_conversion}"
            " of invitations converting, the viral coefficient K is above 1. (1) What is K? (2) What is the"
            " smallest number of invitations per retained user, on average, that keeps K at 1 or above? (3)"
            " If the poster asked for {fewer} friends instead, how many buyers would the campaign produce"
            " over its {viral_cycles} referral rounds?",
            "一张红包海报让 {visitors} 位种子用户每人邀请 {invites_per_retained} 位好友。激活率"
            " {activation_rate}、留存率 {retention_rate}、邀请转化率 {invite_conversion}，裂变系数 K 大于 1"
            "。(1) K 是多少？(2) 每位留存用户平均至少要邀请几个人，K 才能不低于 1？(3) 如果海报只要求邀请"
            " {fewer} 位好友，{viral_cycles} 轮裂变下来会有多少位购买者？",
        ),
        answers=(
            Answer("k", "numeric", Text("K", "K"), "number", 0.01),
            Answer("invites", "numeric", Text("Invitations for K = 1", "K = 1 所需的邀请数"), "number", 0.05),
            Answer(
                "buyers_fewer", "numeric",
                Text("Buyers with {fewer} invitations", "邀请 {fewer} 人时的购买人数"),
                "count", 1, True,
            ),
        ),
        hint=Text(
            "K = activation × retention × invitations × invite conversion, with the rates as fractions. For"
            " (2) set K = 1 and solve for the invitations; for (3) type the new number into"
            " “{in_invites_per_retained}” and read “{out_buyers}”.",
            "K = 激活率 × 留存率 × 邀请数 × 邀请转化率（比例按小数算）。第 (2) 问令 K = 1，反解邀请数；第"
            " (3) 问把“{in_invites_per_retained}”改掉，读“{out_buyers}”。",
        ),
        solution=Text(
            "K = {activation_rate} × {retention_rate} × {invites_per_retained} × {invite_conversion} = {k}."
            " Each invitation the poster asks for adds {activation_rate} × {retention_rate} ×"
            " {invite_conversion} = {per_invite} to K, so K reaches 1 at 1 ÷ {per_invite} = {invites}"
            " invitations per retained user.\n\n"
            "Asking for {fewer} friends drops K to {k_fewer}, and buyers over {viral_cycles} rounds fall"
            " from {buyers_now} to {buyers_fewer}. Near K = 1, a small change to the ask moves the result a"
            " lot: test the poster's wording on a small batch before printing it for everyone.",
            "K = {activation_rate} × {retention_rate} × {invites_per_retained} × {invite_conversion} = {k}。"
            "海报每多要求邀请一人，K 就增加 {activation_rate} × {retention_rate} × {invite_conversion} ="
            " {per_invite}，所以 K 达到 1 需要每人邀请 1 ÷ {per_invite} = {invites} 次。\n\n"
            "如果只要求邀请 {fewer} 位好友，K 降到 {k_fewer}，{viral_cycles} 轮下来的购买者从 {buyers_now} "
            "位掉到 {buyers_fewer} 位。K 在 1 附近时，邀请要求差一点，结果就差一大截：海报文案先小范围测一测"
            "，再全量投放。",
        ),
        solve=_solve_funnel_k_threshold,
    ),
    Exercise(
        id="funnel-coffee-coupon",
        calculator=FUNNEL,
        title=Text("Does the first-cup coupon pay within the month?", "首杯券当月能不能回本"),
        scenario=Scenario("coffee_store_groups"),
        question=Text(
            "Ten coffee stores invite {visitors} customers a month into their WeCom groups; the first-cup"
            " coupon costs {cost_per_visitor} per customer asked. Take the {coffee_margin} gross margin of a"
            " freshly made drink (as in the coffee scenario of the LTV / CAC calculator). (1) How much gross"
            " margin is left from the month's funnel once the coupons are paid for? (2) What is the most the"
            " coupon could cost per customer asked before the month's margin stops covering it?",
            "十家咖啡门店一个月邀请 {visitors} 位顾客进企微群，首杯券折算下来每邀请一位花 {cost_per_visitor}"
            "。现制饮品毛利率按 {coffee_margin} 算（与 LTV / CAC 计算器里咖啡场景一致）。(1) 这个月的漏斗扣"
            "掉券的成本后，还剩多少毛利？(2) 每邀请一位顾客，券最多能花多少钱，当月毛利才仍然兜得住？",
        ),
        answers=(
            Answer("profit", "numeric", Text("Margin after coupons", "扣除券成本后的毛利"), "money", 1, True),
            Answer(
                "max_cost", "numeric", Text("Most coupon cost per customer asked", "每位顾客的券成本上限"),
                "money", 0.02,
            ),
        ),
        hint=Text(
            "Margin = revenue × gross margin; subtract the paid acquisition spend. For (2), revenue does not"
            " depend on what the coupon costs, so spread the month's margin over the customers asked.",
            "毛利 = 收入 × 毛利率，再减去投放花费。第 (2) 问：收入跟券的成本无关，把当月毛利摊到每一位被邀请"
            "的顾客头上即可。",
        ),
        solution=Text(
            "Revenue {revenue} × {coffee_margin} = {margin} of gross margin; minus {spend} of coupons leaves"
            " {profit}.\n\n"
            "The break-even coupon is {margin} ÷ {visitors} customers = {max_cost} per customer asked, so"
            " today's {cost_per_visitor} leaves only {room} of room. The month alone barely pays; the case"
            " for the coupon rests on members who stay and keep buying, which is what the LTV / CAC"
            " calculator measures.",
            "收入 {revenue} × {coffee_margin} = {margin} 毛利，减去 {spend} 的券成本，还剩 {profit}。\n\n"
            "券成本的盈亏平衡点是 {margin} ÷ {visitors} 位顾客 = 每位 {max_cost}，现在的 {cost_per_visitor} "
            "只留出 {room} 的余量。单看当月几乎打平；这张券值不值，要看进群的人能不能留下来持续复购——那正是"
            " LTV / CAC 计算器要算的。",
        ),
        solve=_solve_funnel_coffee_coupon,
    ),
    # ---------------------------------------------------------------- pool_migration
    Exercise(
        id="pool-read-beauty",
        calculator=POOL,
        title=Text("Price one member: a beauty brand's parcel cards", "算清一位会员的账：美妆品牌的包裹卡"),
        scenario=Scenario("dtc_beauty"),
        question=Text(
            "Each of {cohort_size} marketplace parcels carries a card that costs {cost_per_exposure} to"
            " print and offers a {incentive_per_member} red packet; {add_rate} of buyers add the brand on"
            " WeCom. (1) What does it cost to bring in one member? (2) How much extra margin does a member"
            " bring each month compared with staying a platform customer? (3) What is the net present value"
            " of the whole cohort?",
            "{cohort_size} 个平台包裹里各放一张包裹卡，每张印刷成本 {cost_per_exposure}，卡上写着加企微领"
            " {incentive_per_member} 红包；{add_rate} 的买家加了品牌的企业微信。(1) 拉进来一位会员要花多少钱"
            "？(2) 跟留在平台上相比，一位会员每月多带来多少毛利？(3) 整批会员的净现值是多少？",
        ),
        answers=(
            Answer(
                "cost_per_member", "numeric", Text("Cost to bring in one member", "单个会员的引流成本"),
                "money", 1, True,
            ),
            Answer(
                "delta", "numeric", Text("Extra margin per member per month", "每位会员每月的增量毛利"),
                "money", 1, True,
            ),
            Answer("npv_total", "numeric", Text("NPV of the cohort", "整批会员的净现值"), "money", 1, True),
        ),
        hint=Text(
            "Every parcel gets a card, but only {add_rate} of buyers join, so each member carries the cost"
            " of several cards: card cost ÷ add rate, plus the red packet. The other two answers are in the"
            " results.",
            "每个包裹都放了卡，但只有 {add_rate} 的人加进来，所以每位会员要分摊好几张卡的钱：卡的成本 ÷ 加微"
            "率，再加上红包。另外两个答案在结果里直接能读到。",
        ),
        solution=Text(
            "- Cost per member: the {incentive_per_member} red packet + a {cost_per_exposure} card ÷ the"
            " {add_rate} add rate ({card_per_member} of cards per member) = {cost_per_member}.\n- In the"
            " private pool a member earns {u_priv} a month after the payment fee and running costs; left on"
            " the platform, the same person would still bring {u_pub} after commission and the ads some"
            " repeat orders need. The difference, {delta} a month, is what the migration buys.\n- Over"
            " {horizon_months}, at {monthly_churn} monthly churn and a {annual_discount_rate} discount rate,"
            " that is worth {pv}; minus {cost_per_member} leaves {npv_member} per member, and × {members}"
            " members = {npv_total}.\n\n"
            "Note how small the cost of bringing someone in is next to what they are worth: for a"
            " repeat-purchase brand with a fat margin, the counterfactual (what they would have bought"
            " anyway) matters far more than the red packet.",
            "- 单个会员的引流成本：{incentive_per_member} 红包 + {cost_per_exposure} 的卡 ÷ {add_rate} 的加"
            "微率（每位会员摊到 {card_per_member} 印卡成本）= {cost_per_member}。\n- 在私域里，一位会员扣掉"
            "支付费和运营成本后每月贡献 {u_priv} 毛利；如果留在平台上，扣掉佣金和部分复购必须花的广告费，他"
            "本来也能带来 {u_pub}。两者之差 {delta}，才是引流真正换来的增量。\n- 按 {horizon_months}的计算期"
            "、{monthly_churn} 的月流失率和 {annual_discount_rate} 的年折现率，这份增量值 {pv}；减去"
            " {cost_per_member}，每位会员净赚 {npv_member}，乘以 {members} 位会员 = {npv_total}。\n\n"
            "留意引流成本和会员价值的差距有多大：对毛利高、复购多的品牌来说，真正决定这笔账的是对照基准（不"
            "引流他本来会买多少），而不是红包发多少。",
        ),
        solve=_solve_pool_read_beauty,
    ),
    Exercise(
        id="pool-red-packet",
        calculator=POOL,
        title=Text(
            "Is a {incentive_per_member} red packet worth it at a {add_rate} add rate?",
            "加微率只有 {add_rate}，{incentive_per_member} 红包还值不值",
        ),
        scenario=Scenario("dtc_beauty", {"incentive_per_member": 5, "add_rate": 3}),
        question=Text(
            "The beauty brand tests a richer card: a {incentive_per_member} red packet instead of"
            " {base_incentive}. On a test batch only {add_rate} of buyers add the brand (the plan assumed"
            " {base_add_rate}); everything else is unchanged. (1) What does each member now cost to bring"
            " in? (2) What is the net present value per member? (3) For the next {cohort_size} parcels,"
            " which card would you print?",
            "美妆品牌试了一版更大方的包裹卡：红包从 {base_incentive} 提到 {incentive_per_member}。结果小批量"
            "测试里只有 {add_rate} 的买家加了企微（原方案按 {base_add_rate} 测算），其他条件不变。(1) 现在拉"
            "进来一位会员要花多少钱？(2) 每位会员的净现值是多少？(3) 接下来 {cohort_size} 个包裹，你会印哪一"
            "版卡？",
        ),
        answers=(
            Answer(
                "cost_per_member", "numeric", Text("Cost to bring in one member", "单个会员的引流成本"),
                "money", 1, True,
            ),
            Answer(
                "npv_member", "numeric", Text("NPV per member", "每位会员的净现值"), "money", 1, True
            ),
            Answer(
                "card", "choice", Text("The card to print", "要印的卡"), "category",
                choices=(
                    Choice(
                        "base",
                        Text(
                            "The {base_incentive} card ({base_add_rate} add)",
                            "{base_incentive} 红包卡（加微率 {base_add_rate}）",
                        ),
                    ),
                    Choice(
                        "rich",
                        Text(
                            "The {incentive_per_member} card ({add_rate} add)",
                            "{incentive_per_member} 红包卡（加微率 {add_rate}）",
                        ),
                    ),
                ),
            ),
        ),
        hint=Text(
            "The printing cost is now spread over only {add_rate} of parcels. For (3), compare the NPV of"
            " the whole cohort, not per member: pick the plain “{preset_name}” scenario to see the other"
            " card.",
            "印卡成本现在只能摊到 {add_rate} 的包裹上。第 (3) 问要比的是整批会员的净现值，而不是单个会员：另"
            "一版卡的数字，在计算器里直接选“{preset_name}”场景就能看到。",
        ),
        solution=Text(
            "Each member now costs {incentive_per_member} + {cost_per_exposure} ÷ {add_rate} ="
            " {cost_per_member}, against {base_cost} with the plan's card. Yet a beauty customer's extra"
            " margin is worth {pv}, so the NPV per member stays positive at {npv_member}, paid back in"
            " {payback}. Per member, the {incentive_per_member} card is worth it.\n\n"
            "But only {members} people join instead of {base_members}, so the cohort earns {npv_total}"
            " instead of {base_npv_total}. Print the {base_incentive} card. Per-member numbers tell you"
            " whether an offer is safe; the cohort's NPV tells you which offer to choose.",
            "现在每位会员的引流成本是 {incentive_per_member} + {cost_per_exposure} ÷ {add_rate} ="
            " {cost_per_member}，原方案只要 {base_cost}。不过一位美妆会员的增量毛利现值有 {pv}，所以每位会员"
            "的净现值仍是正的（{npv_member}），{payback}就能回本。只看单个会员，{incentive_per_member} 红包"
            "是值的。\n\n"
            "但加进来的只有 {members} 人，而原方案有 {base_members} 人，整批会员的净现值从 {base_npv_total} "
            "降到 {npv_total}。所以还是印 {base_incentive} 的卡。单个会员的账告诉你这个方案亏不亏，整批的账"
            "才告诉你该选哪个方案。",
        ),
        solve=_solve_pool_red_packet,
    ),
    Exercise(
        id="pool-tissue-fix",
        calculator=POOL,
        title=Text("Rescue a tissue-paper private pool", "标品私域还有救吗：纸巾卖家"),
        scenario=Scenario("standard_goods"),
        question=Text(
            "For the tissue-paper seller, each member is worth {npv_now} net: migration loses money. Four"
            " fixes are on the table, to be tried one at a time: halve the red packet to {fix_incentive};"
            " double the add rate to {fix_add_rate}; halve monthly churn to {fix_churn} with better group"
            " content; or give members a reason to order more often, {fix_orders} orders a month instead of"
            " {private_orders_per_month}. (1) Which single fix gives the highest NPV per member? (2) What"
            " NPV per member does it reach? (3) Changing nothing else, what is the largest red packet at"
            " which migration breaks even (NPV per member of zero)?",
            "纸巾卖家每拉一位会员，净现值是 {npv_now}：引流在亏钱。桌上有四个改法，每次只试一个：红包减半到"
            " {fix_incentive}；加微率翻倍到 {fix_add_rate}；把群内容做好，月流失率减半到 {fix_churn}；或者给"
            "会员更多下单的理由，月均下单从 {private_orders_per_month} 次提到 {fix_orders} 次。(1) 哪个改法"
            "让每位会员的净现值最高？(2) 能到多少？(3) 其他都不改，红包最多发多少，引流才能打平（每位会员净"
            "现值为零）？",
        ),
        answers=(
            Answer(
                "best", "choice", Text("The best single fix", "效果最好的改法"), "category",
                choices=tuple(Choice(key, label) for key, label in TISSUE_OPTIONS.items()),
            ),
            Answer(
                "npv_best", "numeric", Text("NPV per member with it", "改后每位会员的净现值"),
                "money", 1, True,
            ),
            Answer(
                "max_incentive", "numeric", Text("Largest break-even red packet", "打平时的红包上限"),
                "money", 0.02,
            ),
        ),
        hint=Text(
            "Try each fix from the scenario, resetting in between, and compare “{out_npv_per_member}”. For"
            " (3), lower “{in_incentive_per_member}” until the NPV per member reads ¥0.00.",
            "从原场景出发，每个改法单独试一次（试完先恢复），比较“{out_npv_per_member}”。第 (3) 问：把"
            "“{in_incentive_per_member}”往下调，直到每位会员的净现值显示 ¥0.00。",
        ),
        solution=Text(
            "NPV per member with each fix:\n\n"
            "- red packet at {fix_incentive}: {npv_incentive}\n- add rate at {fix_add_rate}:"
            " {npv_add_rate}\n- churn at {fix_churn}: {npv_churn}\n- {fix_orders} private orders a month:"
            " {npv_orders}\n\n"
            "“{best_label}” wins, at {npv_best}. Cheaper acquisition barely moves the result, because the"
            " trouble is what a member is worth, not what they cost: price shoppers mute the group within"
            " months, and they would have reordered on the platform anyway.\n\n"
            "For (3): a member's extra margin is worth {pv}, and the cards already cost {card_per_member}"
            " per member ({cost_per_exposure} ÷ {add_rate}). That leaves at most {max_incentive} for the red"
            " packet; today's {incentive_per_member} is too much.",
            "四个改法各自对应的每位会员净现值：\n\n"
            "- 红包降到 {fix_incentive}：{npv_incentive}\n- 加微率提到 {fix_add_rate}：{npv_add_rate}\n- 流"
            "失率降到 {fix_churn}：{npv_churn}\n- 私域月均下单 {fix_orders} 次：{npv_orders}\n\n"
            "效果最好的是“{best_label}”，达到 {npv_best}。降低引流成本几乎没用，因为问题不在会员贵，而在会员"
            "不值钱：比价用户进群没几个月就屏蔽了，而且他们本来就会在平台上回购。\n\n"
            "第 (3) 问：一位会员的增量毛利现值是 {pv}，光印卡就已经摊到每位会员 {card_per_member}（"
            "{cost_per_exposure} ÷ {add_rate}），留给红包的最多只有 {max_incentive}；现在发"
            " {incentive_per_member}，已经超了。",
        ),
        solve=_solve_pool_tissue_fix,
    ),
    Exercise(
        id="pool-counterfactual",
        calculator=POOL,
        title=Text("How honest is your counterfactual?", "对照基准经得起推敲吗"),
        scenario=Scenario("dtc_beauty"),
        question=Text(
            "The beauty case assumes a member would have ordered only {public_orders_per_month} times a"
            " month on the platform anyway, against {private_orders_per_month} in the private pool. A"
            " sceptical finance director says loyal buyers would reorder on the platform regardless. Keeping"
            " every other number, at how many platform orders a month would migration stop paying, with the"
            " NPV per member down to zero?",
            "美妆这个算例假设：会员如果不进私域，每月本来也会在平台上下 {public_orders_per_month} 单，进了私"
            "域是 {private_orders_per_month} 单。财务总监不买账：忠实用户在平台上照样会回购。其他数字都不动"
            "，“{in_public_orders_per_month}”到多少时，引流就不再划算（每位会员净现值降到零）？",
        ),
        answers=(
            Answer("orders", "numeric", Text("Platform orders a month", "平台月均单数"), "number", 0.005),
        ),
        hint=Text(
            "Raise “{in_public_orders_per_month}” and watch “{out_npv_per_member}”. It falls in a straight"
            " line, so two readings are enough to find where it crosses zero.",
            "调高“{in_public_orders_per_month}”，盯着“{out_npv_per_member}”。它是随之直线下降的，读两个点就"
            "能推出过零的位置。",
        ),
        solution=Text(
            "Today the NPV per member is {npv_now}. It reaches zero at {orders} platform orders a month,"
            " more than the {private_orders_per_month} a member places in the private pool.\n\n"
            "How can that be? Per order, the private pool keeps {private_per_order} after the payment fee"
            " and running costs, while a platform order keeps only {public_per_order} after the"
            " {platform_fee} commission and {ad_cost} of ads to win the repeat order back. So the case"
            " survives a much less flattering counterfactual than the one it assumes. What it cannot survive"
            " is a wrong ad cost: if platform repeat orders came free, the answer would be very different."
            " Check that number as hard as the order count.",
            "按现在的假设，每位会员净现值是 {npv_now}；平台月均单数要涨到 {orders}，净现值才降到零——比会员在"
            "私域里的 {private_orders_per_month} 单还多。\n\n"
            "为什么会这样？按单算，私域一单扣掉支付费和运营成本还剩 {private_per_order}；平台一单要扣"
            " {platform_fee} 的佣金，还要花 {ad_cost} 的广告费把复购拉回来，只剩 {public_per_order}。所以这"
            "笔账经得起比原假设苛刻得多的对照基准。它经不起的，是广告费估错：如果平台复购根本不用花钱，结论"
            "会大不一样。这个数要和单数一样较真。",
        ),
        solve=_solve_pool_counterfactual,
    ),
)

BY_ID: dict[str, Exercise] = {exercise.id: exercise for exercise in EXERCISES}


# ------------------------------------------------------------------ reading an exercise


def get(exercise_id: str) -> Exercise:
    try:
        return BY_ID[exercise_id]
    except KeyError:
        raise UnknownExerciseError(exercise_id) from None


def scenario_inputs(exercise: Exercise) -> dict[str, Number]:
    """Every input of the scenario, validated, defaults filled in."""
    inputs: dict[str, Number] = run(
        exercise.calculator, exercise.scenario.inputs, preset=exercise.scenario.preset
    )["inputs"]
    return inputs


@cache
def _solved(exercise_id: str) -> Solved:
    exercise = get(exercise_id)
    return exercise.solve(scenario_inputs(exercise))


def solved(exercise: Exercise) -> Solved:
    """The correct answers and quoted numbers, worked out by the models (once per exercise)."""
    return _solved(exercise.id)


def facts(exercise: Exercise) -> dict[str, Fact]:
    """Every placeholder a text may use: the scenario's inputs as stated, then what solve found."""
    calc = get_calculator(exercise.calculator)
    found: dict[str, Fact] = {
        name: Given(float(value), calc.field(name).unit) for name, value in scenario_inputs(exercise).items()
    }
    if exercise.scenario.preset is not None:
        found["preset_name"] = calc.preset(exercise.scenario.preset).name
    # The calculator's own labels, so a hint that says "watch Payback" names the card the page shows.
    found.update({f"in_{spec.name}": spec.label for spec in calc.fields})
    found.update({f"out_{spec.key}": spec.label for spec in calc.outputs})
    found.update(solved(exercise).facts)
    return found


def fill(exercise: Exercise, template: Text, lang: Lang) -> str:
    """A text of the exercise in ``lang`` with its placeholders filled."""
    values = {key: fact_text(fact, lang) for key, fact in facts(exercise).items()}
    return template(lang).format_map(values)


def tolerance_text(answer: Answer, lang: Lang) -> str:
    """'±0.2 percentage points', '±1% of the answer', '±¥0.02' (or its Chinese)."""
    amount = f"{answer.tolerance:g}"
    if answer.relative:
        return f"正确答案的 ±{amount}%" if lang == "zh" else f"±{amount}% of the answer"
    if answer.unit == "percent":
        return f"±{amount} 个百分点" if lang == "zh" else f"±{amount} percentage points"
    if answer.unit == "money":
        return f"±¥{amount}"
    if answer.unit == "months":
        return f"±{amount} 个月" if lang == "zh" else f"±{amount} months"
    if answer.unit == "ratio":
        return f"±{amount}×"
    return f"±{amount}"


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def accepted_text(answer: Answer, lang: Lang) -> str:
    """The tolerance as the page states it: 'Accepted within ±0.2 percentage points.'"""
    tolerance = tolerance_text(answer, lang)
    if lang == "zh":  # a space between Chinese and Latin text or numbers, none between Chinese characters
        lead = "" if _is_cjk(tolerance[0]) else " "
        gap = "" if _is_cjk(tolerance[-1]) else " "
        return f"误差在{lead}{tolerance}{gap}以内算对。"
    return f"Accepted within {tolerance}."


def _query(exercise: Exercise, inputs: Mapping[str, Number]) -> str:
    calc = get_calculator(exercise.calculator)
    pairs = [("preset", exercise.scenario.preset)] if exercise.scenario.preset else []
    pairs += [(name, format_input(calc.field(name), value)) for name, value in inputs.items()]
    return urlencode(pairs)


def scenario_query(exercise: Exercise) -> str:
    """The calculator page's query that opens the scenario: preset=…&FIELD=…."""
    return _query(exercise, exercise.scenario.inputs)


def solution_query(exercise: Exercise) -> str:
    """The query that opens the calculator showing the answer (the scenario's, if nothing changes)."""
    show = solved(exercise).show
    if show is None:
        return scenario_query(exercise)
    return _query(exercise, {**exercise.scenario.inputs, **show})


# ------------------------------------------------------------------ checking a trainee's answers

MESSAGES: dict[str, Text] = {
    "correct_number": Text("Correct: the model gives {value}.", "正确！模型算出的是 {value}。"),
    "correct_choice": Text("Correct.", "正确！"),
    "too_high": Text("Not yet: that is too high.", "还不对：偏高了。"),
    "too_low": Text("Not yet: that is too low.", "还不对：偏低了。"),
    "fraction": Text(
        "That looks like a fraction. Enter percentages as percent: {percent}, not {fraction}.",
        "看起来填的是小数。百分比请按百分数填：{percent}，而不是 {fraction}。",
    ),
    "wrong_choice": Text(
        "Not this one. Have another look, or open the hint.", "不是这个。再想想，或者看看提示。"
    ),
    "not_a_number": Text("Enter a number, such as 12.5.", "请填一个数字，比如 12.5。"),
    "missing_number": Text("Enter an answer here.", "这一问还没填。"),
    "missing_choice": Text("Pick one of the options.", "请选一个选项。"),
    "solved": Text(
        "All correct: exercise solved. Your progress is saved in this browser.",
        "全部答对，本题完成！进度已保存在这个浏览器里。",
    ),
    "partly": Text(
        "{right} of {total} correct. Fix the rest and check again, or open the hint.",
        "{total} 问答对了 {right} 问。改一改其余的再核对，或者看看提示。",
    ),
    "not_yet": Text("Not solved yet. Try again, or open the hint.", "还没答对。再试一次，或者看看提示。"),
}

# Words a trainee may type after a number; stripped before it is read.
_UNIT_WORDS = (
    "个百分点", "percentage points", "个月", "months", "month", "pp", "倍", "元", "人", "单", "次", "×", "x",
)


def read_number(raw: object) -> float | None:
    """A trainee's number: anything a calculator field accepts, plus a unit word or the display's minus."""
    if not isinstance(raw, str):
        return parse_number(raw)
    text = unicodedata.normalize("NFKC", raw).strip().replace(MINUS, "-").replace("¥", "").lower()
    for word in _UNIT_WORDS:
        if text.endswith(word):
            text = text[: -len(word)].strip()
            break
    return parse_number(text)


def _allowed(answer: Answer, correct: float) -> float:
    tolerance = abs(correct) * answer.tolerance / 100 if answer.relative else answer.tolerance
    return tolerance * (1 + 1e-9) + 1e-12  # the boundary itself counts, whatever the rounding


def is_within(answer: Answer, correct: float, given: float) -> bool:
    return abs(given - correct) <= _allowed(answer, correct)


def _check_one(answer: Answer, correct: float | str, raw: object, lang: Lang) -> dict[str, Any]:
    def verdict(status: Status, key: str, **values: str) -> dict[str, Any]:
        message = MESSAGES[key](lang).format(**values)
        return {"status": status, "correct": status == "correct", "message": message}

    text = raw.strip() if isinstance(raw, str) else raw
    if answer.kind == "choice":
        if text is None or text == "":
            return verdict("missing", "missing_choice")
        if not isinstance(text, str) or text not in {choice.key for choice in answer.choices}:
            return verdict("invalid", "missing_choice")
        if text == correct:
            return verdict("correct", "correct_choice")
        return verdict("incorrect", "wrong_choice")
    if text is None or text == "":
        return verdict("missing", "missing_number")
    given = read_number(text)
    if given is None:
        return verdict("invalid", "not_a_number")
    target = float(correct)
    if is_within(answer, target, given):
        return verdict("correct", "correct_number", value=format_number(target, answer.unit, lang))
    if answer.unit == "percent" and is_within(answer, target, given * 100):
        return verdict(
            "incorrect", "fraction", percent=f"{given * 100:g}%", fraction=f"{given:g}"
        )
    # The tolerance is printed under the field already (accepted_text).
    return verdict("incorrect", "too_high" if given > target else "too_low")


def check(exercise_id: str, responses: Mapping[str, object], lang: Lang) -> dict[str, Any]:
    """Mark every answer of an exercise: {"solved", "summary", "answers": {key: {status, correct, message}}}.

    Raises UnknownExerciseError for an id no exercise has.
    """
    exercise = get(exercise_id)
    correct = solved(exercise).answers
    marks = {
        spec.key: _check_one(spec, correct[spec.key], responses.get(spec.key), lang)
        for spec in exercise.answers
    }
    right = sum(1 for mark in marks.values() if mark["correct"])
    all_right = right == len(marks)
    key = "solved" if all_right else "partly" if len(marks) > 1 else "not_yet"
    summary = MESSAGES[key](lang).format(right=right, total=len(marks))
    return {"exercise": exercise.id, "solved": all_right, "summary": summary, "answers": marks}


def answer(request: Mapping[str, Any]) -> dict[str, Any]:
    """The web entry point: {"exercise", "responses"?, "lang"} → {"ok": true, …check()} or a fatal error.

    Without ``responses`` it only works the exercise out (warming the cache) and says it is ready.
    """
    lang: Lang = "zh" if request.get("lang") == "zh" else "en"
    exercise_id = str(request.get("exercise", ""))
    responses = request.get("responses")
    try:
        if responses is None:
            solved(get(exercise_id))
            return {"ok": True, "exercise": exercise_id, "ready": True}
        if not isinstance(responses, Mapping):
            return {"ok": False, "fatal": "responses must be an object"}
        return {"ok": True, **check(exercise_id, responses, lang)}
    except UnknownExerciseError as error:
        return {"ok": False, "fatal": str(error)}
