"""Practice exercises: answers worked out by the models, texts complete in both languages,
the checker fair at its stated tolerance, and the pages and markers wired up."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import exercise_markup
import pytest
from calculators_hook import on_page_markdown
from mkdocs.exceptions import PluginError

from calculators import CALCULATORS, exercises, run
from calculators.display import format_number
from calculators.exercises import EXERCISES, Answer, Exercise, Given, Shown
from calculators.web import answer as web_answer
from calculators.web import respond

LANGS = ("en", "zh")
IDS = [exercise.id for exercise in EXERCISES]
DOCS = Path(__file__).resolve().parents[2] / "docs"


def by_id(exercise_id: str) -> Exercise:
    return exercises.get(exercise_id)


def correct(exercise_id: str) -> Mapping[str, float | str]:
    return exercises.solved(by_id(exercise_id)).answers


def inputs(exercise_id: str, **changes: float) -> dict[str, Any]:
    return {**exercises.scenario_inputs(by_id(exercise_id)), **changes}


def has_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) == "W" and ch.isalpha() for ch in text)


# ------------------------------------------------------------------ shape


def test_at_least_four_exercises_per_calculator_and_twelve_in_all() -> None:
    assert len(EXERCISES) >= 12
    for name in CALCULATORS:
        assert sum(e.calculator == name for e in EXERCISES) >= 4, name


def test_ids_are_unique_anchor_slugs() -> None:
    assert len(IDS) == len(set(IDS))
    for exercise_id in IDS:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", exercise_id), exercise_id


@pytest.mark.parametrize("exercise_id", IDS)
def test_scenario_validates_and_uses_a_preset(exercise_id: str) -> None:
    exercise = by_id(exercise_id)
    calc = CALCULATORS[exercise.calculator]
    assert exercise.scenario.preset in {p.id for p in calc.presets}
    result = run(exercise.calculator, exercise.scenario.inputs, preset=exercise.scenario.preset)
    assert result["inputs"] == exercises.scenario_inputs(exercise)


@pytest.mark.parametrize("exercise_id", IDS)
def test_answers_are_well_formed(exercise_id: str) -> None:
    exercise = by_id(exercise_id)
    keys = [a.key for a in exercise.answers]
    assert keys and len(keys) == len(set(keys))
    solved = correct(exercise_id)
    assert set(solved) == set(keys)
    for spec in exercise.answers:
        if spec.kind == "numeric":
            assert spec.tolerance > 0 and not spec.choices
            assert isinstance(solved[spec.key], float) and math.isfinite(float(solved[spec.key]))
        else:
            assert len(spec.choices) >= 2 and spec.tolerance == 0
            assert solved[spec.key] in {c.key for c in spec.choices}


# ------------------------------------------------------------------ texts


def every_text(exercise: Exercise, lang: str) -> list[str]:
    texts = [exercise.title, exercise.question, exercise.hint, exercise.solution]
    texts += [spec.label for spec in exercise.answers]
    texts += [choice.label for spec in exercise.answers for choice in spec.choices]
    return [exercises.fill(exercise, text, lang) for text in texts]  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exercise_id", IDS)
def test_every_string_exists_in_both_languages_with_placeholders_filled(exercise_id: str, lang: str) -> None:
    exercise = by_id(exercise_id)
    for text in every_text(exercise, lang):
        assert text.strip()
        assert "{" not in text and "}" not in text, text
        for junk in ("None", "nan", "inf", "NaN"):
            assert not re.search(rf"\b{junk}\b", text), text
    body = " ".join(every_text(exercise, lang)[:4])
    assert has_cjk(body) == (lang == "zh"), "Chinese pages read Chinese, English pages English"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exercise_id", IDS)
def test_solution_quotes_numeric_answers_as_the_calculator_displays_them(exercise_id: str, lang: str) -> None:
    exercise = by_id(exercise_id)
    solution = exercises.fill(exercise, exercise.solution, lang)  # type: ignore[arg-type]
    for spec in exercise.answers:
        if spec.kind == "numeric":
            shown = format_number(float(correct(exercise_id)[spec.key]), spec.unit, lang)  # type: ignore[arg-type]
            assert shown in solution, f"{spec.key}: {shown} not in the solution"
    # And every number the solution quotes from the model is formatted by the display code.
    placeholders = set(re.findall(r"\{(\w+)\}", exercise.solution.en)) | set(
        re.findall(r"\{(\w+)\}", exercise.solution.zh)
    )
    facts = exercises.facts(exercise)
    assert placeholders <= set(facts)
    for name in placeholders:
        fact = facts[name]
        if isinstance(fact, Shown):
            assert format_number(fact.value, fact.unit, lang) in solution  # type: ignore[arg-type]


def test_the_english_and_chinese_templates_quote_the_same_numbers() -> None:
    """Not word for word, but the same figures; naming a calculator label is a wording choice."""

    def numbers(template: str) -> set[str]:
        return {n for n in re.findall(r"\{(\w+)\}", template) if not n.startswith(("in_", "out_", "preset_"))}

    for exercise in EXERCISES:
        for text in (exercise.title, exercise.question, exercise.hint, exercise.solution):
            en, zh = numbers(text.en), numbers(text.zh)
            assert en == zh, (exercise.id, en ^ zh)


def test_given_and_shown_numbers_read_naturally() -> None:
    assert Given(150, "money").text("zh") == "¥150"
    assert Given(100000, "count").text("en") == "100,000"
    assert Given(8, "percent").text("en") == "8%"
    assert Given(60, "months").text("zh") == "60 个月"
    assert Shown(14.4019, "percent").text("en") == "14.4%"


# ------------------------------------------------------------------ answers come from the models


def _g(q: float, n: int) -> float:
    return float(n) if q == 1 else (1 - q**n) / (1 - q)


def _monthly(annual_percent: float) -> float:
    return float((1 + annual_percent / 100) ** (1 / 12) - 1)


def _ltv(v: Mapping[str, Any]) -> float:
    q = (1 - v["monthly_churn"] / 100) / (1 + _monthly(v["annual_discount_rate"]))
    return float(v["arpu"] * v["gross_margin"] / 100 * _g(q, int(v["horizon_months"])))


def _funnel_buyers(v: Mapping[str, Any], **rates: float) -> float:
    a = rates.get("activation_rate", v["activation_rate"]) / 100
    r = rates.get("retention_rate", v["retention_rate"]) / 100
    p = rates.get("purchase_rate", v["purchase_rate"]) / 100
    invites = rates.get("invites_per_retained", v["invites_per_retained"])
    k = a * r * invites * v["invite_conversion"] / 100
    return float(v["visitors"] * sum(k**g for g in range(int(v["viral_cycles"]) + 1)) * a * r * p)


def _pool(v: Mapping[str, Any]) -> dict[str, float]:
    a, gm = v["add_rate"] / 100, v["gross_margin"] / 100
    cost = v["incentive_per_member"] + v["cost_per_exposure"] / a
    u_priv = v["private_orders_per_month"] * v["aov"] * (gm - v["payment_fee"] / 100)
    u_priv -= v["opex_per_member_month"]
    ad_cost = v["paid_reach_share"] / 100 * v["aov"] / v["roas"]
    per_public_order = v["aov"] * (gm - v["platform_fee"] / 100) - ad_cost
    delta = u_priv - v["public_orders_per_month"] * per_public_order
    q = (1 - v["monthly_churn"] / 100) / (1 + _monthly(v["annual_discount_rate"]))
    weight = _g(q, int(v["horizon_months"]))
    npv = delta * weight - cost
    members = v["cohort_size"] * a
    return {
        "cost": cost, "u_priv": u_priv, "per_public_order": per_public_order, "delta": delta,
        "weight": weight, "npv": npv, "members": members, "npv_total": members * npv,
    }


def _root(f: Callable[[float], float], low: float, high: float) -> float:
    for _ in range(200):
        middle = (low + high) / 2
        if (f(middle) > 0) == (f(low) > 0):
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _ltv_read_verdict() -> dict[str, Any]:
    v = inputs("ltv-read-verdict")
    ratio = _ltv(v) / v["cac"]
    m, c = v["arpu"] * v["gross_margin"] / 100, v["monthly_churn"] / 100
    band = "loss" if ratio < 1 else "weak" if ratio < 3 else "healthy" if ratio <= 5 else "under_investing"
    return {"ratio": ratio, "band": band, "payback": math.log(1 - v["cac"] * c / m) / math.log(1 - c)}


def _ltv_max_cac() -> dict[str, Any]:
    ltv = _ltv(inputs("ltv-max-cac"))
    return {"cac_5x": ltv / 5, "cac_3x": ltv / 3}


def _ltv_payback_churn() -> dict[str, Any]:
    v = inputs("ltv-payback-churn")
    m = v["arpu"] * v["gross_margin"] / 100
    return {"churn": 100 * _root(lambda c: m * (1 - (1 - c) ** 12) / c - v["cac"], 1e-9, 0.99)}


def _ltv_retention_or_cac() -> dict[str, Any]:
    v = inputs("ltv-retention-or-cac")
    ratio_a = _ltv({**v, "monthly_churn": v["monthly_churn"] - 2}) / v["cac"]
    ratio_b = _ltv(v) / (v["cac"] * 0.8)
    return {"better": "a" if ratio_a > ratio_b else "b", "ratio": max(ratio_a, ratio_b)}


def _ltv_saas_benchmark() -> dict[str, Any]:
    v = inputs("ltv-saas-benchmark")
    return {"churn": _root(lambda c: _ltv({**v, "monthly_churn": c}) / v["cac"] - 3, 0, v["monthly_churn"])}


def _funnel_read_followers() -> dict[str, Any]:
    v = inputs("funnel-read-followers")
    buyers, spend = _funnel_buyers(v), v["visitors"] * v["cost_per_visitor"]
    rates = {step: v[f"{step}_rate"] for step in ("activation", "retention", "purchase")}
    return {
        "cost_per_buyer": spend / buyers,
        "revenue_to_spend": buyers * v["revenue_per_buyer"] / spend,
        "weakest": min(rates, key=lambda step: rates[step]),
    }


def _funnel_fix_first() -> dict[str, Any]:
    v = inputs("funnel-fix-first")
    costs = {"activation": 36000, "retention": 6000, "purchase": 15000}
    base = _funnel_buyers(v)
    extra = {step: _funnel_buyers(v, **{f"{step}_rate": v[f"{step}_rate"] + 5}) - base for step in costs}
    per_buyer = {step: costs[step] / extra[step] for step in costs}
    cheapest = min(per_buyer, key=lambda step: per_buyer[step])
    most = max(extra, key=lambda step: extra[step])
    return {"most": most, "cheapest": cheapest, "cost_per_extra": per_buyer[cheapest]}


def _funnel_k_threshold() -> dict[str, Any]:
    v = inputs("funnel-k-threshold")
    per_invite = v["activation_rate"] * v["retention_rate"] * v["invite_conversion"] / 1e6
    return {
        "k": per_invite * v["invites_per_retained"],
        "invites": 1 / per_invite,
        "buyers_fewer": _funnel_buyers(v, invites_per_retained=v["invites_per_retained"] - 1),
    }


def _funnel_coffee_coupon() -> dict[str, Any]:
    v = inputs("funnel-coffee-coupon")
    margin = _funnel_buyers(v) * v["revenue_per_buyer"] * 0.60  # the LTV / CAC coffee preset's 60 %
    return {"profit": margin - v["visitors"] * v["cost_per_visitor"], "max_cost": margin / v["visitors"]}


def _pool_read_beauty() -> dict[str, Any]:
    p = _pool(inputs("pool-read-beauty"))
    return {"cost_per_member": p["cost"], "delta": p["delta"], "npv_total": p["npv_total"]}


def _pool_red_packet() -> dict[str, Any]:
    p = _pool(inputs("pool-red-packet"))
    base = _pool(run("pool_migration", preset="dtc_beauty")["inputs"])
    return {
        "cost_per_member": p["cost"],
        "npv_member": p["npv"],
        "card": "base" if base["npv_total"] >= p["npv_total"] else "rich",
    }


def _pool_tissue_fix() -> dict[str, Any]:
    v = inputs("pool-tissue-fix")
    fixes = {
        "incentive": {"incentive_per_member": v["incentive_per_member"] / 2},
        "add_rate": {"add_rate": v["add_rate"] * 2},
        "churn": {"monthly_churn": v["monthly_churn"] / 2},
        "orders": {"private_orders_per_month": v["private_orders_per_month"] + 0.05},
    }
    npv = {key: _pool({**v, **change})["npv"] for key, change in fixes.items()}
    best = max(npv, key=lambda key: npv[key])
    p = _pool(v)
    max_incentive = p["delta"] * p["weight"] - p["cost"] + v["incentive_per_member"]
    return {"best": best, "npv_best": npv[best], "max_incentive": max_incentive}


def _pool_counterfactual() -> dict[str, Any]:
    p = _pool(inputs("pool-counterfactual"))
    return {"orders": (p["u_priv"] - p["cost"] / p["weight"]) / p["per_public_order"]}


INDEPENDENT: dict[str, Callable[[], dict[str, Any]]] = {
    "ltv-read-verdict": _ltv_read_verdict,
    "ltv-max-cac": _ltv_max_cac,
    "ltv-payback-churn": _ltv_payback_churn,
    "ltv-retention-or-cac": _ltv_retention_or_cac,
    "ltv-saas-benchmark": _ltv_saas_benchmark,
    "funnel-read-followers": _funnel_read_followers,
    "funnel-fix-first": _funnel_fix_first,
    "funnel-k-threshold": _funnel_k_threshold,
    "funnel-coffee-coupon": _funnel_coffee_coupon,
    "pool-read-beauty": _pool_read_beauty,
    "pool-red-packet": _pool_red_packet,
    "pool-tissue-fix": _pool_tissue_fix,
    "pool-counterfactual": _pool_counterfactual,
}


def test_every_exercise_has_an_independent_recomputation() -> None:
    assert set(INDEPENDENT) == set(IDS)


@pytest.mark.parametrize("exercise_id", IDS)
def test_correct_answers_match_an_independent_recomputation(exercise_id: str) -> None:
    want = INDEPENDENT[exercise_id]()
    got = correct(exercise_id)
    assert set(want) == set(got)
    for key, value in want.items():
        if isinstance(value, str):
            assert got[key] == value, key
        else:
            assert got[key] == pytest.approx(value, rel=1e-7, abs=1e-9), key


# The threshold answers, fed back into the calculator, give exactly the threshold.
THRESHOLDS: list[tuple[str, str, str, str, float]] = [
    # exercise, answer key, field it sets, output, target
    ("ltv-payback-churn", "churn", "monthly_churn", "payback_months", 12.0),
    ("ltv-saas-benchmark", "churn", "monthly_churn", "ltv_cac_ratio", 3.0),
    ("ltv-max-cac", "cac_5x", "cac", "ltv_cac_ratio", 5.0),
    ("ltv-max-cac", "cac_3x", "cac", "ltv_cac_ratio", 3.0),
    ("funnel-k-threshold", "invites", "invites_per_retained", "k_factor", 1.0),
    ("pool-tissue-fix", "max_incentive", "incentive_per_member", "npv_per_member", 0.0),
    ("pool-counterfactual", "orders", "public_orders_per_month", "npv_per_member", 0.0),
]


@pytest.mark.parametrize(("exercise_id", "key", "field", "output", "target"), THRESHOLDS)
def test_threshold_answers_hit_their_target_in_the_model(
    exercise_id: str, key: str, field: str, output: str, target: float
) -> None:
    exercise = by_id(exercise_id)
    result = run(exercise.calculator, {**exercise.scenario.inputs, field: correct(exercise_id)[key]},
                 preset=exercise.scenario.preset)
    assert result["outputs"][output] == pytest.approx(target, abs=1e-6)


# What the calculator displays when opened from each "see the answer" link that changes an input.
SHOWN_ANSWERS: dict[str, tuple[str, Callable[[], str]]] = {
    "ltv-payback-churn": ("payback_months", lambda: "12.0 months"),
    "ltv-saas-benchmark": ("ltv_cac_ratio", lambda: "3.00×"),
    "ltv-max-cac": ("ltv_cac_ratio", lambda: "3.00×"),
    "ltv-retention-or-cac": (
        "ltv_cac_ratio", lambda: format_number(float(correct("ltv-retention-or-cac")["ratio"]), "ratio", "en")
    ),
    "funnel-fix-first": (
        "buyers",
        lambda: format_number(
            run("funnel", preset="dtc_beauty_parcel_card")["outputs"]["buyers_if_purchase_plus_5pp"],
            "count",
            "en",
        ),
    ),
    "funnel-k-threshold": ("k_factor", lambda: "1.000"),
    "funnel-coffee-coupon": ("revenue_to_spend", lambda: format_number(1 / 0.6, "ratio", "en")),
    "pool-tissue-fix": (
        "npv_per_member", lambda: format_number(float(correct("pool-tissue-fix")["npv_best"]), "money", "en")
    ),
    "pool-counterfactual": ("npv_per_member", lambda: "¥0.00"),
}


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_links_open_the_scenario_and_the_answer(exercise_id: str) -> None:
    """The scenario link carries the preset and the changed inputs; the 'see the answer' link
    makes the calculator display the answer (or, for reading exercises, the scenario itself)."""
    exercise = by_id(exercise_id)
    scenario = dict(parse_qsl(exercises.scenario_query(exercise)))
    assert scenario.pop("preset", None) == exercise.scenario.preset
    assert {k: float(v) for k, v in scenario.items()} == {
        k: float(v) for k, v in exercise.scenario.inputs.items()
    }

    query = dict(parse_qsl(exercises.solution_query(exercise)))
    preset = query.pop("preset", None)
    assert preset == exercise.scenario.preset
    result = run(exercise.calculator, query, preset=preset)  # valid input
    if exercise_id in SHOWN_ANSWERS:
        output, expected = SHOWN_ANSWERS[exercise_id]
        spec = next(o for o in CALCULATORS[exercise.calculator].outputs if o.key == output)
        assert format_number(result["outputs"][output], spec.unit, "en") == expected()
    else:
        assert exercises.solution_query(exercise) == exercises.scenario_query(exercise)


def test_the_premises_the_texts_state_still_hold() -> None:
    """The prose makes qualitative claims ("below 3×", "activation adds the most"); if a preset
    changes so that one no longer holds, this fails before a trainee reads something false."""
    out = run("ltv_cac", preset="insurance_agent")["outputs"]
    assert out["ltv_cac_ratio"] < 3 and out["payback_months"] > 12
    assert run("ltv_cac", preset="coffee_chain")["outputs"]["ratio_band"] == "under_investing"
    assert run("ltv_cac", preset="dtc_beauty")["outputs"]["payback_months"] < 12
    answers = correct("ltv-retention-or-cac")
    assert answers["better"] == "a" and float(answers["ratio"]) < 3
    saas = run("ltv_cac", preset="b2b_saas")
    assert saas["outputs"]["simple_payback_months"] == pytest.approx(12)
    assert saas["outputs"]["ltv_cac_ratio"] < 3

    ads = run("funnel", preset="official_account_ads")
    assert ads["outputs"]["weakest_step"] == "purchase" and ads["inputs"]["invites_per_retained"] == 0
    best = max(ads["outputs"][f"buyers_if_{s}_plus_5pp"] for s in ("activation", "retention", "purchase"))
    assert best * ads["inputs"]["revenue_per_buyer"] < ads["outputs"]["acquisition_spend"]
    fix = correct("funnel-fix-first")
    parcel = run("funnel", preset="dtc_beauty_parcel_card")
    assert fix["most"] == parcel["outputs"]["weakest_step"] == "activation" != fix["cheapest"]
    margin = parcel["inputs"]["revenue_per_buyer"] * 65.7 / 100
    facts = exercises.solved(by_id("funnel-fix-first")).facts
    for step in ("activation", "retention", "purchase"):
        assert facts[f"per_buyer_{step}"].value < margin  # type: ignore[union-attr]
    k = correct("funnel-k-threshold")
    assert float(k["k"]) > 1
    # Asking for one friend fewer takes K below 1.
    assert float(k["invites"]) > inputs("funnel-k-threshold")["invites_per_retained"] - 1
    coffee = correct("funnel-coffee-coupon")
    v = inputs("funnel-coffee-coupon")
    assert 0 < float(coffee["profit"]) < 0.2 * v["visitors"] * v["cost_per_visitor"]  # "barely pays"

    beauty = _pool(inputs("pool-read-beauty"))
    assert beauty["cost"] < beauty["delta"] * beauty["weight"] / 10
    red = correct("pool-red-packet")
    assert float(red["npv_member"]) > 0 and red["card"] == "base"
    tissue = _pool(inputs("pool-tissue-fix"))
    assert tissue["npv"] < 0 and correct("pool-tissue-fix")["best"] == "churn"
    max_incentive = float(correct("pool-tissue-fix")["max_incentive"])
    assert max_incentive < inputs("pool-tissue-fix")["incentive_per_member"]
    v = inputs("pool-counterfactual")
    assert float(correct("pool-counterfactual")["orders"]) > v["private_orders_per_month"]


# ------------------------------------------------------------------ the checker


def numeric_answers() -> list[tuple[str, Answer]]:
    return [(e.id, a) for e in EXERCISES for a in e.answers if a.kind == "numeric"]


NUMERIC = numeric_answers()


def allowed(spec: Answer, value: float) -> float:
    return abs(value) * spec.tolerance / 100 if spec.relative else spec.tolerance


def mark(exercise_id: str, key: str, response: object, lang: str = "en") -> dict[str, Any]:
    result = exercises.check(exercise_id, {key: response}, lang)  # type: ignore[arg-type]
    return result["answers"][key]  # type: ignore[no-any-return]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "spec"), NUMERIC, ids=[f"{e}-{a.key}" for e, a in NUMERIC])
def test_the_number_the_calculator_displays_is_accepted(exercise_id: str, spec: Answer, lang: str) -> None:
    """A trainee who reads the calculator's display (and copies it, unit and all) is right."""
    value = float(correct(exercise_id)[spec.key])
    shown = format_number(value, spec.unit, lang)  # type: ignore[arg-type]
    assert mark(exercise_id, spec.key, shown, lang)["status"] == "correct", shown


@pytest.mark.parametrize(("exercise_id", "spec"), NUMERIC, ids=[f"{e}-{a.key}" for e, a in NUMERIC])
def test_checker_accepts_within_the_tolerance_and_rejects_outside_it(exercise_id: str, spec: Answer) -> None:
    value = float(correct(exercise_id)[spec.key])
    width = allowed(spec, value)
    for inside in (value, value + 0.9 * width, value - 0.9 * width):
        assert mark(exercise_id, spec.key, f"{inside:.12g}")["status"] == "correct"
        assert mark(exercise_id, spec.key, inside)["status"] == "correct"  # a JSON number works too
    high, low = mark(exercise_id, spec.key, f"{value + 1.1 * width:.12g}"), mark(
        exercise_id, spec.key, f"{value - 1.1 * width:.12g}"
    )
    assert high["status"] == low["status"] == "incorrect"
    assert "too high" in high["message"] and "too low" in low["message"]
    zh = mark(exercise_id, spec.key, f"{value + 1.1 * width:.12g}", "zh")
    assert zh["message"] == "还不对：偏高了。"


@pytest.mark.parametrize("exercise_id", IDS)
def test_checker_accepts_the_right_choice_only(exercise_id: str) -> None:
    exercise = by_id(exercise_id)
    for spec in exercise.answers:
        if spec.kind != "choice":
            continue
        for choice in spec.choices:
            status = mark(exercise_id, spec.key, choice.key)["status"]
            assert status == ("correct" if choice.key == correct(exercise_id)[spec.key] else "incorrect")
        assert mark(exercise_id, spec.key, "")["status"] == "missing"
        assert mark(exercise_id, spec.key, "not-a-choice")["status"] == "invalid"
        assert mark(exercise_id, spec.key, ["a", "list"])["status"] == "invalid"


def test_checker_reads_numbers_the_way_the_calculators_do() -> None:
    read = exercises.read_number
    assert read("1,000") == 1000
    assert read("１４.４") == 14.4  # full-width digits
    assert read("14.4%") == read("14.4 %") == read("１４.４％") == 14.4
    assert read("¥3.39") == read("3.39 元") == read("￥3.39") == 3.39
    assert read("−¥0.44") == -0.44  # the display's minus sign
    assert read("25.0 months") == read("25.0 个月") == 25.0
    assert read("2.23×") == read("2.23x") == read("2.23 倍") == 2.23
    assert read("0.2 个百分点") == read("0.2pp") == 0.2
    for junk in ("abc", "nan", "inf", "1_000", "", "12 apples", None, True):
        assert read(junk) is None, junk


def test_percent_typed_as_a_fraction_gets_a_specific_message() -> None:
    churn = float(correct("ltv-payback-churn")["churn"])
    got = mark("ltv-payback-churn", "churn", f"{churn / 100:.6f}")
    assert got["status"] == "incorrect" and "fraction" in got["message"]


def test_check_reports_every_answer_and_a_summary_in_the_page_language() -> None:
    exercise = by_id("ltv-read-verdict")
    right = {k: (v if isinstance(v, str) else f"{v:.6f}") for k, v in correct(exercise.id).items()}
    for lang in LANGS:
        solved = exercises.check(exercise.id, right, lang)  # type: ignore[arg-type]
        assert solved["solved"] and all(m["correct"] for m in solved["answers"].values())
        assert has_cjk(solved["summary"]) == (lang == "zh")
        partial = exercises.check(exercise.id, {**right, "ratio": "9", "payback": ""}, lang)  # type: ignore[arg-type]
        assert not partial["solved"]
        statuses = {k: m["status"] for k, m in partial["answers"].items()}
        assert statuses == {"ratio": "incorrect", "band": "correct", "payback": "missing"}
        assert "1" in partial["summary"] and "3" in partial["summary"]
        for message in (m["message"] for m in partial["answers"].values()):
            assert has_cjk(message) == (lang == "zh"), message
    with pytest.raises(exercises.UnknownExerciseError):
        exercises.check("nope", {}, "en")


def test_the_web_entry_point_marks_exercises_and_still_runs_calculators() -> None:
    ready = web_answer({"exercise": "pool-red-packet", "lang": "zh"})
    assert ready == {"ok": True, "exercise": "pool-red-packet", "ready": True}
    marked = web_answer({"exercise": "pool-red-packet", "lang": "zh", "responses": {"card": "base"}})
    assert marked["ok"] and marked["answers"]["card"]["status"] == "correct"
    assert marked["answers"]["npv_member"]["status"] == "missing"
    assert web_answer({"exercise": "nope", "responses": {}})["fatal"].startswith("unknown exercise 'nope'")
    assert web_answer({"exercise": "ltv-max-cac", "responses": ["x"]})["ok"] is False
    assert '"ok": true' in respond('{"exercise": "ltv-max-cac", "responses": {"cac_5x": "67"}, "lang": "en"}')
    calc = web_answer({"calculator": "ltv_cac", "inputs": {}, "lang": "en"})
    assert calc["ok"] and calc["result"] == run("ltv_cac")


# ------------------------------------------------------------------ markup, hook and pages


class _File:
    def __init__(self, src_uri: str, locale: str) -> None:
        self.src_uri, self.locale = src_uri, locale


class _Page:
    def __init__(self, src_uri: str, url: str, locale: str) -> None:
        self.file, self.url = _File(src_uri, locale), url


def test_marker_expands_to_a_heading_and_a_widget_on_the_calculators_runtime() -> None:
    page = _Page("zh/practice/pool-migration.md", "zh/practice/pool-migration/", "zh")
    out = on_page_markdown("Intro\n\n<!-- exercise pool-red-packet -->\n\nMore", page, None, None)  # type: ignore[arg-type]
    exercise = by_id("pool-red-packet")
    assert f"## {exercises.fill(exercise, exercise.title, 'zh')} {{ #pool-red-packet }}" in out
    assert 'data-exercise="pool-red-packet"' in out and 'data-lang="zh"' in out
    assert 'data-runtime="../../../assets/pyodide/' in out
    assert re.search(r'data-package="../../../assets/calculators/calculators-[0-9a-f]{12}\.zip"', out)
    query = exercises.scenario_query(exercise).replace("&", "&amp;")
    assert f'href="../../calculators/pool-migration/?{query}"' in out
    calc_page = on_page_markdown("<!-- calculator ltv_cac -->", page, None, None)  # type: ignore[arg-type]
    assert re.search(r'data-runtime="([^"]+)"', out).group(1) == re.search(  # type: ignore[union-attr]
        r'data-runtime="([^"]+)"', calc_page
    ).group(1)


def test_unknown_exercise_fails_the_build() -> None:
    page = _Page("en/practice/x.md", "practice/x/", "en")
    with pytest.raises(PluginError, match="unknown exercise 'nope'"):
        on_page_markdown("<!-- exercise nope -->", page, None, None)  # type: ignore[arg-type]


def test_progress_marker_lists_every_exercise_with_a_link_to_its_anchor() -> None:
    page = _Page("en/practice/index.md", "practice/", "en")
    out = on_page_markdown("<!-- exercise-progress -->", page, None, None)  # type: ignore[arg-type]
    for exercise in EXERCISES:
        anchor = exercise_markup.PRACTICE_PAGES[exercise.calculator].removeprefix("practice/")
        assert f'data-progress-for="{exercise.id}"' in out
        assert f'href="{anchor}#{exercise.id}"' in out
    assert "data-progress-reset" in out and f'data-store="{exercise_markup.STORE_KEY}"' in out


def test_markup_escapes_what_it_prints() -> None:
    html = exercise_markup.render(
        "ltv-max-cac", "en", page_url="practice/ltv-cac/", runtime_url='x"><script>', package_url="p.zip"
    )
    assert "<script>" not in html


def markers(path: Path) -> list[str]:
    return re.findall(r"^<!--\s*exercise\s+(\S+)\s*-->", path.read_text(encoding="utf-8"), re.MULTILINE)


@pytest.mark.parametrize("lang", LANGS)
def test_every_exercise_is_on_its_calculators_practice_page_once(lang: str) -> None:
    found: dict[str, str] = {}
    for calculator, page in exercise_markup.PRACTICE_PAGES.items():
        path = DOCS / lang / (page.rstrip("/") + ".md")
        ids = markers(path)
        assert ids == [e.id for e in EXERCISES if e.calculator == calculator], path
        found.update(dict.fromkeys(ids, calculator))
    assert set(found) == set(IDS)
    index = (DOCS / lang / "practice" / "index.md").read_text(encoding="utf-8")
    assert re.search(r"^<!--\s*exercise-progress\s*-->", index, re.MULTILINE)


def test_calculator_pages_the_links_point_to_exist() -> None:
    for lang in LANGS:
        for page in exercise_markup.CALCULATOR_PAGES.values():
            assert (DOCS / lang / (page.rstrip("/") + ".md")).is_file(), page
