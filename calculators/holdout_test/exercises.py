"""The solvers of the holdout test exercises (texts and answers asked for: exercises.toml)."""

from __future__ import annotations

from collections.abc import Mapping

from calculators import registry
from calculators.core import Number
from calculators.exercises import Given, Shown, Solved, Solver, bisect, choice_label, number, outputs

HOLDOUT = "holdout_test"
POOL = "pool_migration"
EVEN_SPLIT = 50.0  # % held out: the most powerful split for a fixed number of members


def _solve_read_power(s: Mapping[str, Number]) -> Solved:
    out = outputs(HOLDOUT, s)
    required, power = number(out, "required_members"), number(out, "power_at_expected_lift")
    return Solved(
        answers={"required": required, "power": power},
        facts={
            "required": Shown(required, "count"),
            "power_now": Shown(power, "percent"),
            "treated": Shown(number(out, "treated"), "count"),
            "held_out": Shown(number(out, "held_out"), "count"),
            "target_rate": Given(s["baseline_purchase_rate"] * (1 + s["expected_lift"] / 100), "percent"),
            "mde": Shown(number(out, "min_detectable_lift"), "percent"),
        },
    )


def _solve_smallest_holdout(s: Mapping[str, Number]) -> Solved:
    target = float(s["power"])

    def excess(share: float) -> float:
        return number(outputs(HOLDOUT, {**s, "holdout_share": share}), "power_at_expected_lift") - target

    share = bisect(excess, 0.01, EVEN_SPLIT)
    now = outputs(HOLDOUT, s)
    held_out = float(s["members"]) * share / 100
    forgone = held_out * s["baseline_purchase_rate"] / 100 * s["expected_lift"] / 100
    return Solved(
        answers={"share": share, "forgone": forgone},
        facts={
            "share": Shown(share, "percent"),
            "held_out": Shown(held_out, "count"),
            "forgone": Shown(forgone, "count"),
            "power_now": Shown(number(now, "power_at_expected_lift"), "percent"),
            "held_out_now": Shown(number(now, "held_out"), "count"),
        },
        show={"holdout_share": round(share, 2)},
    )


def _solve_read_result(s: Mapping[str, Number]) -> Solved:
    out = outputs(HOLDOUT, s)
    verdict = str(out["verdict"])
    low, high = number(out, "difference_ci_low_pp"), number(out, "difference_ci_high_pp")
    share = number(out, "implied_public_share")
    # The pool-migration calculator's own private orders per member-month (its default).
    pool = float(registry.get(POOL).field("private_orders_per_month").default)
    return Solved(
        answers={"verdict": verdict, "low": low, "anyway": share},
        facts={
            "low": Shown(low, "points"),
            "high": Shown(high, "points"),
            "difference": Shown(number(out, "observed_difference_pp"), "points"),
            "lift": Shown(number(out, "observed_lift"), "percent"),
            "p_value": Shown(number(out, "p_value"), "probability"),
            "anyway": Shown(share, "percent"),
            "incremental": Shown(100 - share, "percent"),
            "private_orders": Given(pool, "number"),
            "public_orders": Given(round(pool * share / 100, 6), "number"),
        },
    )


def _solve_small_book(s: Mapping[str, Number]) -> Solved:
    out = outputs(HOLDOUT, s)
    required, mde = number(out, "required_members"), number(out, "min_detectable_lift")
    return Solved(
        answers={"required": required, "mde": mde},
        facts={
            "required": Shown(required, "count"),
            "mde": Shown(mde, "percent"),
            "power_now": Shown(number(out, "power_at_expected_lift"), "percent"),
            "verdict_label": choice_label(HOLDOUT, "verdict", "not_significant"),
            "times": Shown(required / float(s["members"]), "number"),
        },
    )


def _solve_not_significant(s: Mapping[str, Number]) -> Solved:
    out = outputs(HOLDOUT, s)
    low, high = number(out, "difference_ci_low_pp"), number(out, "difference_ci_high_pp")
    return Solved(
        answers={"verdict": str(out["verdict"]), "high": high},
        facts={
            "low": Shown(low, "points"),
            "high": Shown(high, "points"),
            "difference": Shown(number(out, "observed_difference_pp"), "points"),
            "p_value": Shown(number(out, "p_value"), "probability"),
            "power_now": Shown(number(out, "power_at_expected_lift"), "percent"),
        },
    )


SOLVERS: dict[str, Solver] = {
    "holdout-read-power": _solve_read_power,
    "holdout-smallest-holdout": _solve_smallest_holdout,
    "holdout-read-result": _solve_read_result,
    "holdout-small-book": _solve_small_book,
    "holdout-not-significant": _solve_not_significant,
}
