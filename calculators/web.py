"""The browser's entry point: one JSON request in, one JSON answer out.

The page script is generic: it sends the raw text of every field and writes
back whatever this returns (values for ``data-value``, text in the page's
language, messages for fields). All wording and formatting stays in Python.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, cast

from calculators import exercises
from calculators.core import Lang, UnknownCalculatorError, ValidationError
from calculators.display import format_output
from calculators.presentation import charts_payload, link_queries, sensitivity
from calculators.registry import CALCULATORS, get, presentation, run


def respond(request_json: str) -> str:
    """{"calculator", "inputs", "lang", "want"?} → {"ok": true, "outputs", "notes", "charts",
    "result", "sensitivity"?} or {"ok": false, "errors": {field: message}}.

    {"exercise", "responses"?, "lang"} → a practice exercise marked (calculators.exercises.answer)."""
    return json.dumps(answer(json.loads(request_json)), ensure_ascii=False, allow_nan=False)


def answer(request: Mapping[str, Any]) -> dict[str, Any]:
    if "exercise" in request:  # a trainee's answers to a practice exercise
        return exercises.answer(request)
    lang: Lang = "zh" if request.get("lang") == "zh" else "en"
    name = str(request.get("calculator", ""))
    inputs = request.get("inputs") or {}
    try:
        calc = get(name)
        result = run(name, cast(Mapping[str, object], inputs))
    except UnknownCalculatorError:
        return {"ok": False, "errors": {}, "fatal": f"unknown calculator {name!r}"}
    except ValidationError as error:
        return {
            "ok": False,
            "errors": {e.field: e.zh if lang == "zh" else e.en for e in error.errors},
        }
    outputs = {
        spec.key: {
            "value": result["outputs"][spec.key],
            "text": format_output(spec, result["outputs"][spec.key], lang),
        }
        for spec in calc.outputs
    }
    notes = [{"code": n["code"], "text": n[lang]} for n in result["notes"]]
    answer = {
        "ok": True,
        "outputs": outputs,
        "notes": notes,
        "charts": charts_payload(presentation(name), result, lang),
        "links": link_queries(presentation(name), result, CALCULATORS),
        "result": result,
    }
    # The sensitivity table reruns the model ~20 times: asked for separately,
    # after typing pauses, so it never delays the main results.
    if "sensitivity" in (request.get("want") or ()):
        answer["sensitivity"] = sensitivity(calc, presentation(name), result["inputs"], lang)
    return answer
