"""The hand-checked golden cases (tests/golden_cases.json), asserted in CPython.

Each case: ``inputs``; either ``expect`` (output → value, null or category) with
``notes`` (the exact set of note codes, none if absent), or ``errors`` (the
offending fields, in the order ValidationError lists them). The same file is run
inside Pyodide by tests/pyodide, which must give identical JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from calculators import CALCULATORS, ValidationError, run

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "golden_cases.json").read_text(encoding="utf-8")
)


def test_cases_are_well_formed() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for case in CASES:
        assert case["calculator"] in CALCULATORS, case["id"]
        assert ("expect" in case) != ("errors" in case), case["id"]
        assert case["why"].strip(), case["id"]
        outputs = {o.key for o in CALCULATORS[case["calculator"]].outputs}
        assert set(case.get("expect", {})) <= outputs, case["id"]
    covered = {case["calculator"] for case in CASES}
    assert covered == set(CALCULATORS)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_golden_case(case: dict[str, Any]) -> None:
    if "errors" in case:
        with pytest.raises(ValidationError) as info:
            run(case["calculator"], case["inputs"])
        assert [e.field for e in info.value.errors] == case["errors"]
        return
    result = run(case["calculator"], case["inputs"])
    for key, expected in case["expect"].items():
        actual = result["outputs"][key]
        if expected is None or isinstance(expected, str):
            assert actual == expected, key
        else:
            assert actual == pytest.approx(expected, rel=1e-9, abs=1e-12), key
    assert {note["code"] for note in result["notes"]} == set(case.get("notes", []))
