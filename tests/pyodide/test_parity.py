"""The golden cases give identical JSON in CPython and inside Pyodide (Node, npm package).

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

from calculators import CALCULATORS, ValidationError, run
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


@pytest.fixture(scope="module")
def pyodide_answers(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict[str, Any]]]:
    node = shutil.which("node")
    assert node, "Node.js is required for the Pyodide parity test"
    package = tmp_path_factory.mktemp("pkg") / "calculators.zip"
    package.write_bytes(site_assets.package_zip())
    done = subprocess.run(
        [node, str(HERE / "run_cases.mjs"), str(package)],
        input=json.dumps(_cases()),
        capture_output=True,
        text=True,
        cwd=HERE.parents[1],
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    return out["python"], out["answers"]


def test_pyodide_is_the_runtime_we_ship(pyodide_answers: tuple[str, list[dict[str, Any]]]) -> None:
    version, _ = pyodide_answers
    assert version.startswith("3.14"), version  # Pyodide 314.x runs CPython 3.14


def test_every_case_gives_identical_json(pyodide_answers: tuple[str, list[dict[str, Any]]]) -> None:
    _, answers = pyodide_answers
    cases = _cases()
    assert len(answers) == len(cases)
    assert {name for name, _ in cases} == set(CALCULATORS), "every calculator is covered"
    mismatches = [
        (name, inputs)
        for (name, inputs), theirs in zip(cases, answers, strict=True)
        if json.dumps(_answer(name, inputs), sort_keys=True) != json.dumps(theirs, sort_keys=True)
    ]
    assert mismatches == [], f"{len(mismatches)} cases differ, first: {mismatches[:3]}"
