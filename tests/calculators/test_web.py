"""The browser's JSON entry point: the page asks for the numbers first ("charts": false),
then for the charts, in a request of its own."""

from __future__ import annotations

import json

import pytest

from calculators import CALCULATORS, web


@pytest.mark.parametrize("name", sorted(CALCULATORS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_numbers_without_charts_are_the_full_answer_less_its_charts(name: str, lang: str) -> None:
    request = {"calculator": name, "inputs": {}, "lang": lang, "currency": "USD"}
    full = web.answer(request)
    numbers = json.loads(web.respond(json.dumps({**request, "charts": False})))
    assert full["charts"], "every calculator draws a chart"
    assert "charts" not in numbers
    assert numbers == json.loads(json.dumps({key: value for key, value in full.items() if key != "charts"}))
