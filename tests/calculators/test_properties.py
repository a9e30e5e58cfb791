"""Property tests over the whole allowed input space of every calculator.

- Valid input never raises; every output is a finite number, a known category, or
  null with a note that explains it; series are finite; and each closed form
  agrees with an independent step-by-step simulation (each calculator's
  tests/calculators/<name>/contract.py and simulate.py).
- Invalid input raises ValidationError naming exactly the offending fields.

Each calculator's own monotonic relations live in its test folder. Example
counts come from the Hypothesis profile (conftest.py): 2,000 per test and
calculator by default, 50,000 with HYPOTHESIS_PROFILE=slow.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, ValidationError, run
from tests.calculators.properties import QUARTER, check_contract, moderate
from tests.calculators.strategies import invalid_value, valid_inputs


def contract_of(name: str) -> ModuleType:
    """tests/calculators/<name>/contract.py: every calculator must have one."""
    return importlib.import_module(f"tests.calculators.{name}.contract")


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_every_calculator_states_its_contract(name: str) -> None:
    contract = contract_of(name)
    outputs = {o.key for o in CALCULATORS[name].outputs}
    assert set(contract.NULL_REASONS) <= outputs
    assert all(set(keys) <= outputs for keys in contract.NOTE_NULLS.values())
    assert callable(contract.check)


@pytest.mark.parametrize("name", list(CALCULATORS))
@given(data=st.data())
def test_valid_input_gives_a_complete_finite_answer_that_matches_the_simulation(name: str, data: Any) -> None:
    calc = CALCULATORS[name]
    result = run_consistent(name, data.draw(valid_inputs(calc)))
    contract = contract_of(name)
    codes = check_contract(
        calc, result, contract.NULL_REASONS, contract.NOTE_NULLS, getattr(contract, "NULL_WHEN_NOT_FITTED", ())
    )
    if moderate(result["inputs"]):
        event("checked against the simulation")
        contract.check(result, codes)
    else:
        event("tiny input: contract only")


def run_consistent(name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """run(), with fields that break a rule between fields (core.Constraint) put back to their
    defaults: each field is drawn from its own range, and the rules are tested on their own."""
    try:
        return run(name, inputs)
    except ValidationError as error:
        broken = {e.field for e in error.errors}
        assert {e.code for e in error.errors} == {"inconsistent"}, error
        try:
            return run(name, {key: value for key, value in inputs.items() if key not in broken})
        except ValidationError:
            assume(False)  # the defaults break the rule too with these other inputs
            raise


UNKNOWN_NAMES = st.one_of(
    st.sampled_from(["ARPU", "churn", "visitor", "add rate", "roas ", "", "__class__", "月流失率"]),
    st.text(max_size=12),
)


@pytest.mark.parametrize("name", list(CALCULATORS))
@settings(max_examples=QUARTER)
@given(data=st.data())
def test_invalid_input_names_exactly_the_offending_fields(name: str, data: Any) -> None:
    calc = CALCULATORS[name]
    known = [f.name for f in calc.fields]
    # The other fields stay valid (defaults); the valid-input property covers their range.
    bad = data.draw(st.sets(st.sampled_from(known), min_size=1))
    inputs: dict[str, Any] = {field: data.draw(invalid_value(calc.field(field))) for field in bad}
    unknown = data.draw(st.lists(UNKNOWN_NAMES.filter(lambda t: t not in known), max_size=2, unique=True))
    for name_ in unknown:
        inputs[name_] = 1
    with pytest.raises(ValidationError) as info:
        run(name, inputs)
    errors = info.value.errors
    assert [e.field for e in errors] == unknown + [f for f in known if f in bad]
    for e in errors:
        assert e.code in {"unknown_field", "required", "not_a_number", "not_integer", "out_of_range"}
        assert e.en.strip() and e.zh.strip()
        if e.field in bad:
            assert calc.field(e.field).label.zh in e.zh
