"""NAME against its spec: hand-checked figures and edge cases."""

from __future__ import annotations

from calculators import run


def test_defaults_by_hand() -> None:
    assert run("NAME")["outputs"]["monthly_margin"] == 500


def test_no_revenue_says_so() -> None:
    assert [n["code"] for n in run("NAME", {"monthly_revenue": 0})["notes"]] == ["no_revenue"]
