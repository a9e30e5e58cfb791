"""Presets: every number sourced and graded, every preset valid, and run/describe expose them."""

from __future__ import annotations

import pytest

from calculators import CALCULATORS, run
from calculators.core import GRADES, Preset, validate
from calculators.describe import describe

ALL = [(name, preset) for name, calc in CALCULATORS.items() for preset in calc.presets]


def test_every_calculator_has_at_least_three_presets_with_unique_ids() -> None:
    for calc in CALCULATORS.values():
        ids = [p.id for p in calc.presets]
        assert len(ids) >= 3, calc.name
        assert len(ids) == len(set(ids)), calc.name
        assert all(i.isidentifier() and i.islower() for i in ids)


@pytest.mark.parametrize(("name", "preset"), ALL, ids=[f"{n}-{p.id}" for n, p in ALL])
def test_preset_is_valid_and_every_number_is_sourced(name: str, preset: Preset) -> None:
    calc = CALCULATORS[name]
    for text in (preset.name, preset.summary):
        assert text.en.strip() and text.zh.strip()
    assert preset.values, "a preset sets at least one field"
    for field, entry in preset.values.items():
        spec = calc.field(field)  # KeyError if the preset names a field that does not exist
        assert entry.grade in GRADES
        assert entry.source.text.en.strip() and entry.source.text.zh.strip(), field
        assert entry.source.url == "" or entry.source.url.startswith(("http://", "https://")), field
        if entry.grade != "illustrative":
            assert entry.source.url, f"{field}: a filing or report needs a link"
        assert spec.accepts(entry.value), field
    values = validate(calc, preset.inputs())  # raises if any value is out of range
    assert run(name, preset=preset.id) == run(name, values)


def test_presets_cite_the_anchors_with_their_grades() -> None:
    graded = {(entry.grade, entry.value) for _, preset in ALL for entry in preset.values.values()}
    assert ("official_filing", 65.7) in graded  # Yatsen Q2 2021 gross margin
    assert ("official_filing", 116.7) in graded  # Yatsen net revenue per DTC customer
    assert ("secondary_estimate", 0) in graded  # 300 WeCom contacts inside the free allowance
    assert ("secondary_estimate", 0.35) in graded  # the fission case's cost per retained follower
    assert ("industry_report", 147.67) in graded  # 2016 platform-level CAC, broker note
    # Everything assumed says so, in both languages.
    for _, preset in ALL:
        for entry in preset.values.values():
            if entry.source.text.en.startswith("Assumption"):
                assert entry.grade == "illustrative" and entry.source.text.zh.startswith("假设")


def test_explicit_inputs_override_a_preset() -> None:
    result = run("pool_migration", {"monthly_churn": "7"}, preset="dtc_beauty")
    assert result["inputs"]["monthly_churn"] == 7.0
    assert result["inputs"]["gross_margin"] == 65.7  # from the preset
    assert result["inputs"]["aov"] == 80.0  # left at the default


def test_teaching_presets_show_their_edge_cases() -> None:
    fission = run("funnel", preset="fission_campaign")
    assert {n["code"] for n in fission["notes"]} == {"self_sustaining_referral", "no_spend"}
    assert fission["outputs"]["acquired"] < fission["inputs"]["market_size"]  # K > 1, stopped by the market
    assert fission["outputs"]["referral_cost"] > 0 and fission["outputs"]["acquisition_spend"] == 0  # counted once
    assert run("pool_migration", preset="standard_goods")["outputs"]["payback_months"] is None
    assert run("ltv_cac", preset="standard_goods")["outputs"]["ratio_band"] == "loss"


def test_describe_lists_presets_with_values_sources_grades_and_defaults() -> None:
    for name, calc in CALCULATORS.items():
        described = describe(calc)
        assert [p["id"] for p in described["presets"]] == [p.id for p in calc.presets]
        for entry, preset in zip(described["presets"], calc.presets, strict=True):
            assert entry["name"] == {"en": preset.name.en, "zh": preset.name.zh}
            assert set(entry["values"]) | set(entry["defaults"]) == {f.name for f in calc.fields}
            for field, value in entry["values"].items():
                source = preset.values[field]
                assert value == {
                    "value": source.value,
                    "source": {"en": source.source.text.en, "zh": source.source.text.zh},
                    "url": source.source.url,
                    "grade": source.grade,
                    "grade_label": {"en": GRADES[source.grade].en, "zh": GRADES[source.grade].zh},
                }
            for field, default in entry["defaults"].items():
                assert default == calc.field(field).default
        assert list(described["presets"][0]["values"]) == [
            f.name for f in calc.fields if f.name in calc.presets[0].values
        ], name


def _preset(name: str, preset_id: str) -> Preset:
    return next(p for p in CALCULATORS[name].presets if p.id == preset_id)


@pytest.mark.parametrize(("name", "preset"), ALL, ids=[f"{n}-{p.id}" for n, p in ALL])
def test_each_note_says_what_its_source_measured_and_what_it_assumes(name: str, preset: Preset) -> None:
    """A preset with any sourced number says what the source measured and what it assumes beyond it;
    one with none says that all of it is illustrative."""
    en, zh = preset.summary.en.lower(), preset.summary.zh
    sourced = any(entry.source.url or entry.grade != "illustrative" for entry in preset.values.values())
    if sourced:
        assert "source" in en and "assum" in en, preset.summary.en
        assert "来源" in zh and "假设" in zh, zh
    else:
        assert "illustrative" in en and "示意" in zh, preset.id


def test_the_coffee_coupon_has_one_value_and_one_definition_everywhere() -> None:
    """Luckin's 3.8-折 first-cup coupon: about ¥10 of price given up per member who joins, in every
    calculator (it was ¥10 as a CAC, ¥8 of margin as a pool incentive and ¥3 per customer asked)."""
    ltv = _preset("ltv_cac", "coffee_chain").values["cac"].value
    pool = _preset("pool_migration", "coffee_store_groups").values["incentive_per_member"].value
    funnel = _preset("funnel", "coffee_store_groups").values
    per_joiner = funnel["cost_per_visitor"].value / (funnel["activation_rate"].value / 100)
    assert ltv == pool == pytest.approx(per_joiner) == 10
    for entry in (
        _preset("ltv_cac", "coffee_chain").values["cac"],
        _preset("pool_migration", "coffee_store_groups").values["incentive_per_member"],
        funnel["cost_per_visitor"],
    ):
        assert "¥10" in entry.source.text.en and "¥10" in entry.source.text.zh
        assert "price" in entry.source.text.en and "¥16" in entry.source.text.en


def test_the_coffee_pool_note_sizes_the_holdout_that_would_settle_its_lift() -> None:
    holdout = run("holdout_test", preset="coffee_store_groups")["outputs"]
    shown = round(holdout["min_detectable_lift"])
    assert shown == 16 and holdout["min_detectable_lift"] < 28  # Luckin's +28 % would show clearly
    summary = _preset("pool_migration", "coffee_store_groups").summary
    assert f"about {shown} % or more" in summary.en and f"约 {shown}% 及以上" in summary.zh
    assert run("holdout_test", preset="coffee_store_groups")["inputs"]["members"] == 6000
