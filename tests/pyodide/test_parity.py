"""The golden cases give identical JSON in CPython and inside Pyodide (Node, npm package);
so do the page's goal seek, ranges (2,000 seeded draws) and scenario comparisons.

Pyodide runs the very zip the site serves, so this checks the shipped bytes,
not a copy. Besides the hand-checked golden cases, a seeded sample of inputs
drawn across each calculator's whole allowed range is compared too.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import site_assets

from calculators import CALCULATORS, ValidationError, run, web
from calculators.core import Calculator
from tests.calculators.golden import all_cases

HERE = Path(__file__).resolve().parent
GOLDEN = all_cases()
SAMPLES_PER_CALCULATOR = 150


def _answer(name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    try:
        return {"ok": run(name, inputs)}
    except ValidationError as error:
        return {"error": [e.to_dict() for e in error.errors]}


def _random_inputs(calc: Calculator, rng: random.Random) -> dict[str, Any]:
    inputs: dict[str, Any] = {}
    for spec in calc.fields:
        if rng.random() < 0.2:
            continue  # leave some at their defaults
        if spec.name.startswith("retention_m"):
            continue  # drawn at random they mostly rise, a field error; the golden cases fit curves
        low, high = spec.minimum, min(spec.maximum, 1e6 if spec.maximum > 1e6 else spec.maximum)
        if spec.integer:
            inputs[spec.name] = rng.randint(int(low), int(high))
            continue
        value = rng.uniform(low, high)
        if not spec.accepts(value):
            value = spec.default
        inputs[spec.name] = value
    return inputs


def _cases() -> list[tuple[str, dict[str, Any]]]:
    cases = [(case["calculator"], case["inputs"]) for case in GOLDEN]
    rng = random.Random(20261122)
    for name, calc in sorted(CALCULATORS.items()):
        cases += [(name, _random_inputs(calc, rng)) for _ in range(SAMPLES_PER_CALCULATOR)]
    return cases


def _requests() -> list[dict[str, Any]]:
    """What the page asks of web.answer beyond run(): solve, simulate, compare, in both languages."""
    asked: list[dict[str, Any]] = []
    for lang in ("en", "zh"):
        asked += [
            {"calculator": "ltv_cac", "inputs": {}, "lang": lang, "solve": s}
            for s in (
                {"output": "ltv_cac_ratio", "target": "3", "vary": "cac"},
                {"output": "ltv", "target": "900", "vary": "horizon_months"},
                {"output": "ltv_cac_ratio", "target": "100", "vary": "monthly_churn"},
            )
        ]
        asked.append(
            {
                "calculator": "pool_migration",
                "inputs": {},
                "lang": lang,
                "solve": {"output": "npv_per_member", "target": "0", "vary": "aov"},
            }
        )
        asked += [
            {"calculator": name, "inputs": {}, "lang": lang, "want": ["simulate"], "ranges": ranges}
            for name, ranges in (
                ("ltv_cac", {"arpu": ["60", "140"], "monthly_churn": ["2", "12"], "horizon_months": ["24", "72"]}),
                ("funnel", {"purchase_rate": ["10", "40"], "invite_conversion": ["5", "40"]}),
                ("pool_migration", {"roas": ["0.5", "5"], "private_orders_per_month": ["0.05", "0.3"]}),
                ("holdout_test", {"baseline_purchase_rate": ["2", "8"], "members": ["5000", "40000"]}),
            )
        ]
        # The page's numbers, asked without their charts (which come in a request of their own).
        asked += [{"calculator": name, "inputs": {}, "lang": lang, "charts": False} for name in ("ltv_cac", "funnel")]
        asked.append(
            {
                "calculator": "ltv_cac",
                "lang": lang,
                "compare": [{"name": "A", "inputs": {"arpu": "80"}}, {"name": "B", "inputs": {"cac": "450"}}],
            }
        )
    return asked


@pytest.fixture(scope="module")
def pyodide_answers(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    node = shutil.which("node")
    assert node, "Node.js is required for the Pyodide parity test"
    package = tmp_path_factory.mktemp("pkg") / "calculators.zip"
    package.write_bytes(site_assets.package_zip())
    done = subprocess.run(
        [node, str(HERE / "run_cases.mjs"), str(package)],
        input=json.dumps({"cases": _cases(), "requests": _requests()}),
        capture_output=True,
        text=True,
        cwd=HERE.parents[1],
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    return out["python"], out["answers"], out["replies"]


def test_pyodide_is_the_runtime_we_ship(
    pyodide_answers: tuple[str, list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    version, _, _ = pyodide_answers
    assert version.startswith("3.14"), version  # Pyodide 314.x runs CPython 3.14


def test_every_case_gives_identical_json(
    pyodide_answers: tuple[str, list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    _, answers, _ = pyodide_answers
    cases = _cases()
    assert len(answers) == len(cases)
    assert {name for name, _ in cases} == set(CALCULATORS), "every calculator is covered"
    mismatches = [
        (name, inputs)
        for (name, inputs), theirs in zip(cases, answers, strict=True)
        if json.dumps(_answer(name, inputs), sort_keys=True) != json.dumps(theirs, sort_keys=True)
    ]
    assert mismatches == [], f"{len(mismatches)} cases differ, first: {mismatches[:3]}"


def test_solve_simulate_and_compare_answer_identically(
    pyodide_answers: tuple[str, list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    _, _, replies = pyodide_answers
    asked = _requests()
    assert len(replies) == len(asked)
    assert all(reply["ok"] for reply in replies), "every request here has an answer"
    for request, theirs in zip(asked, replies, strict=True):
        ours = web.answer(request)
        assert json.dumps(ours, sort_keys=True) == json.dumps(theirs, sort_keys=True), request
