"""python -m calculators: list, describe, run (text and --json, --preset, --lang)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from calculators import CALCULATORS, run
from calculators.cli import main
from calculators.describe import describe

ROOT = Path(__file__).resolve().parents[2]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "list")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == list(CALCULATORS)
    _, out_zh, _ = cli(capsys, "list", "--lang", "zh")
    assert "公域转私域引流回报" in out_zh


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_run_json_is_exactly_run(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = cli(capsys, "run", name, "--json")
    assert code == 0 and err == ""
    assert json.loads(out) == run(name)


def test_run_json_with_assignments_before_and_after_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "run", "ltv_cac", "cac=0", "--json", "arpu=120")
    assert code == 0
    assert json.loads(out) == run("ltv_cac", {"cac": "0", "arpu": "120"})


def test_bad_input_exits_2_with_one_line_per_field(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "run", "pool_migration", "add_rate=0", "roas=abc", "monthly_churn=100", "--json")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "add_rate: Add rate must be above 0 and at most 100%",
        "roas: ROAS of re-reach ads must be a number",
        "monthly_churn: Monthly member loss must be at least 0 and below 100%",
    ]
    code, _, err = cli(capsys, "run", "pool_migration", "add_rate=0", "--lang", "zh")
    assert code == 2 and err.splitlines() == ["add_rate: 加微率须大于 0 且不大于 100%"]


def test_unknown_field_and_calculator(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "run", "funnel", "clicks=5")
    assert code == 2 and err.strip() == "clicks: There is no field called “clicks”"
    code, _, err = cli(capsys, "run", "nope")
    assert code == 2 and "unknown calculator: nope" in err and "pool_migration" in err


def test_preset(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "run", "funnel", "--preset", "fission_campaign", "--json")
    assert code == 0 and json.loads(out) == run("funnel", preset="fission_campaign")
    code, out, _ = cli(capsys, "run", "funnel", "viral_cycles=3", "--preset", "fission_campaign", "--json")
    assert code == 0
    assert json.loads(out) == run("funnel", {"viral_cycles": "3"}, preset="fission_campaign")
    assert json.loads(out)["inputs"]["viral_cycles"] == 3


def test_unknown_preset_exits_2_listing_the_valid_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "run", "ltv_cac", "--preset", "tmall", "cac=5")
    assert code == 2 and out == ""
    assert err.strip() == (
        "unknown preset: ltv_cac has no preset 'tmall' (valid: "
        + ", ".join(p.id for p in CALCULATORS["ltv_cac"].presets)
        + ")"
    )


def test_text_table_shows_units_and_notes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "run", "pool_migration")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Net present value per member") and lines[0].endswith("¥62.10")
    assert any(line.startswith("Net present value of the cohort") and line.endswith("¥620,972") for line in lines)
    assert any(line.endswith("0.8 months") for line in lines)
    assert any(line.endswith("1,774.2%") for line in lines)
    code, out, _ = cli(capsys, "run", "funnel", "visitors=0")
    assert "Paid cost per buyer" in out and "—" in out
    assert "* Nobody buys, so there is no cost per buyer." in out


def test_text_table_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "run", "ltv_cac", "--lang", "zh", "--preset", "standard_goods")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "平台标品卖家（纸巾类）"
    assert any(line.startswith("回本周期（计流失）") and line.endswith("—") for line in lines)
    assert any(line.startswith("简单回本周期") and line.endswith("个月") for line in lines)
    assert any(line.startswith("LTV : CAC 评估") and line.endswith("亏损（低于 1 倍）") for line in lines)
    assert "* 在这一流失率下，客户贡献的毛利累计永远达不到获客成本。" in lines


def test_describe(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "describe", "pool_migration", "--json")
    assert code == 0 and json.loads(out) == describe(CALCULATORS["pool_migration"])
    code, out, _ = cli(capsys, "describe", "funnel", "--lang", "zh")
    assert code == 0 and "preset fission_campaign: 红包裂变活动" in out and "沿用默认值：" in out
    code, out, _ = cli(capsys, "describe", "ltv_cac")
    assert "[Official source] Yatsen" in out and "https://news.futunn.com" in out


def test_as_a_process_spec_defaults_and_no_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "calculators", "run", "pool_migration", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    out = json.loads(done.stdout)["outputs"]
    assert out["migration_cost_per_member"] == 3.5
    assert out["incremental_margin_per_member_month"] == pytest.approx(4.3547, abs=5e-5)
    assert out["npv_per_member"] == pytest.approx(62.10, abs=5e-3)
    assert out["npv_total"] == pytest.approx(620972, abs=0.5)
    assert out["payback_months"] == pytest.approx(0.80, abs=5e-3)
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "calculators",
            "run",
            "funnel",
            "visitors=-1",
            "viral_cycles=2.5",
            "--preset",
            "x",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and bad.stdout == ""
    bad = subprocess.run(
        [sys.executable, "-m", "calculators", "run", "funnel", "visitors=-1", "viral_cycles=2.5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.splitlines() == [
        "visitors: Visitors reached (public pool) must be at least 0 and at most 1,000,000,000,000",
        "viral_cycles: Referral rounds must be a whole number at least 0 and at most 50",
    ]
