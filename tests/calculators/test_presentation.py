"""What the charts say besides the numbers: whole months on the axis and in the table, axis ends."""

from __future__ import annotations

from typing import Any

import pytest

from calculators import CALCULATORS, run
from calculators.presentation import charts_payload
from calculators.registry import presentation

MONTH = {"en": "Month {}", "zh": "第 {} 个月"}


def charts(name: str, lang: str, **inputs: object) -> dict[str, Any]:
    return charts_payload(presentation(name), run(name, inputs), lang)  # type: ignore[arg-type]


def month_charts() -> list[tuple[str, str]]:
    return [
        (name, chart.id)
        for name in CALCULATORS
        for chart in presentation(name).charts
        if chart.x_unit == "months" and chart.kind == "line"
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("name", "chart_id"), month_charts())
def test_months_are_whole_months_on_the_axis_and_in_the_table(name: str, chart_id: str, lang: str) -> None:
    payload = charts(name, lang)[chart_id]
    horizon = run(name)["inputs"]["horizon_months"]
    rows = payload["table"]["rows"]
    assert rows[0][0] == MONTH[lang].format(1) and rows[-1][0] == MONTH[lang].format(horizon)
    assert all(row[0].startswith(MONTH[lang].split("{}")[0]) for row in rows)
    assert not any("." in row[0] for row in rows)  # "1.0 months" was the bug
    ticks = payload["x_axis"]["ticks"]
    assert [tick["text"] for tick in ticks] == [MONTH[lang].format(int(tick["value"])) for tick in ticks]
    assert ticks[0]["value"] == 1 and ticks[-1]["value"] == horizon


@pytest.mark.parametrize("horizon", [1, 7, 13, 36, 37, 50, 599])
def test_the_pool_charts_end_at_the_horizon(horizon: int) -> None:
    for payload in charts("pool_migration", "en", horizon_months=horizon).values():
        axis = payload["x_axis"]
        assert (axis["min"], axis["max"]) == (1, horizon)
        values = [tick["value"] for tick in axis["ticks"]]
        assert values == sorted(set(values)) and values[-1] == horizon and len(values) <= 7
        assert all(value == int(value) for value in values)


def test_bar_charts_keep_their_category_names() -> None:
    for lang in ("en", "zh"):
        stages = charts("funnel", lang)["stages"]
        assert stages["x_axis"] is None
        assert stages["labels"][0] == ("获客" if lang == "zh" else "Acquired")


def test_other_line_charts_end_at_their_last_point_with_their_own_ticks() -> None:
    axis = charts("holdout_test", "en")["power"]["x_axis"]
    assert (axis["min"], axis["max"], axis["ticks"]) == (1, 50, None)


def test_marker_labels_read_naturally_in_both_languages() -> None:
    assert charts("ltv_cac", "en")["value"]["marker"]["label"] == "Break-even (discounted): 5.7 months"
    assert charts("ltv_cac", "zh")["value"]["marker"]["label"] == "折现回本点：5.7 个月"
    assert charts("holdout_test", "zh")["power"]["marker"]["label"] == "当前留出：10.0%"
