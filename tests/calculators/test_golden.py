"""Every calculator's golden cases (tests/calculators/<name>/golden.json), asserted in CPython."""

from __future__ import annotations

from typing import Any

import pytest

from calculators import CALCULATORS, ValidationError, run
from tests.calculators.golden import all_cases, cases, golden_file

CASES = all_cases()


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_every_calculator_has_well_formed_golden_cases(name: str) -> None:
    mine = cases(name)
    assert mine, f"{golden_file(name)} is missing or empty: every calculator needs golden cases"
    for case in mine:
        assert case["calculator"] == name, case["id"]
        assert ("expect" in case) != ("errors" in case), case["id"]
        assert case["why"].strip(), case["id"]
        outputs = {o.key for o in CALCULATORS[name].outputs}
        assert set(case.get("expect", {})) <= outputs, case["id"]


def test_case_ids_are_unique() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "duplicate ids"


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
