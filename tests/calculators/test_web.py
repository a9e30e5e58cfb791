"""The browser's JSON entry point: the page asks for the numbers first ("charts": false),
then for the charts, in a request of its own."""

from __future__ import annotations

import json

import pytest

from calculators import CALCULATORS, web


@pytest.mark.parametrize("name", sorted(CALCULATORS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_numbers_without_charts_are_the_full_answer_less_its_charts_and_series(name: str, lang: str) -> None:
    request = {"calculator": name, "inputs": {}, "lang": lang, "currency": "USD"}
    full = json.loads(web.respond(json.dumps(request)))
    numbers = json.loads(web.respond(json.dumps({**request, "charts": False})))
    assert full["charts"], "every calculator draws a chart"
    assert full["result"]["series"], "the charts' answer carries the series the exports write"
    assert "charts" not in numbers
    assert "series" not in numbers["result"]
    del full["charts"], full["result"]["series"]
    assert numbers == full


def test_the_numbers_answer_leaves_the_holdout_tests_power_curve_unmade(monkeypatch: pytest.MonkeyPatch) -> None:
    # The curve is ~85 % of the holdout test's answer: an edit's numbers must not wait for it.
    from calculators.holdout_test import model

    def refuse(*args: object) -> float:
        raise AssertionError("the power curve was worked out for a numbers-only answer")

    monkeypatch.setattr(model, "_power", refuse)
    assert web.answer({"calculator": "holdout_test", "inputs": {}, "lang": "en", "charts": False})["ok"]
    with pytest.raises(AssertionError, match="power curve"):
        web.answer({"calculator": "holdout_test", "inputs": {}, "lang": "en"})
