"""The calculator template works: a copy of the package with one new calculator made from it
lists it, runs it, and passes the tests that every calculator gets (properties, golden cases,
the framework checks), with no other file edited."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import new_calculator

ROOT = Path(__file__).resolve().parents[2]


def test_a_calculator_made_from_the_template_is_found_run_and_tested(tmp_path: Path) -> None:
    for part in ("calculators", "tests", "docs"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    written = new_calculator.create("example_calc", "Example", root=tmp_path)
    assert tmp_path / "docs" / "zh" / "calculators" / "example-calc.md" in written
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}

    def python(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True)

    listed = python("-m", "calculators", "list")
    assert listed.returncode == 0 and "example_calc\tExample" in listed.stdout, listed.stderr
    ran = python("-m", "calculators", "run", "example_calc", "monthly_revenue=200", "--json")
    assert json.loads(ran.stdout)["outputs"]["monthly_margin"] == 100
    tested = python(
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/calculators/example_calc",
        "tests/calculators/test_properties.py",
        "tests/calculators/test_golden.py",
        "tests/calculators/test_framework.py",
        "-k",
        "example_calc or example-calc",
    )
    assert tested.returncode == 0, tested.stdout[-3000:]
    # Its own two tests, the valid- and invalid-input properties, its contract and its golden cases
    # are eight tests it gets without being listed anywhere.
    passed = int(tested.stdout.strip().splitlines()[-1].split(" passed")[0].split()[-1])
    assert passed >= 8, tested.stdout[-1000:]


def test_the_template_refuses_a_bad_name_or_an_existing_calculator(tmp_path: Path) -> None:
    for bad in ("Example", "1calc", "with-dash"):
        try:
            new_calculator.create(bad, "x", root=tmp_path)
        except ValueError:
            continue
        raise AssertionError(f"{bad} was accepted")
    (tmp_path / "calculators" / "taken").mkdir(parents=True)
    try:
        new_calculator.create("taken", "x", root=tmp_path)
    except FileExistsError:
        return
    raise AssertionError("an existing folder was overwritten")
