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
from calculators.cohort_table import TableError, parse_table
from calculators.core import Lang, Text, UnknownCalculatorError, ValidationError, parse_number
from calculators.display import CURRENCY_SYMBOLS, format_input, format_output, in_currency
from calculators.presentation import (
    charts_payload,
    compare_table,
    link_queries,
    sensitivity,
    uncertainty,
    with_baseline,
)
from calculators.registry import CALCULATORS, get, presentation, run
from calculators.retention import RETENTION_MONTHS, fit_sbg, retention_field_name
from calculators.simulate import simulate
from calculators.solve import solution_sentence, solve

FIX_INPUTS_FIRST = Text(
    "Fix the inputs marked in the form first; a target can only be sought from valid numbers.",
    "请先更正表单中标出的输入项；输入全部有效后才能反推。",
)


def respond(request_json: str) -> str:
    """{"calculator", "inputs", "lang", "want"?} → {"ok": true, "outputs", "notes", "charts",
    "result", "sensitivity"?} or {"ok": false, "errors": {field: message}}. With "charts": false,
    no "charts" and no "result"."series" (half the work of an answer, most of it for the holdout
    test's power curve): the page asks for the numbers first, the charts and their series next.

    {"calculator", "inputs", "lang", "solve": {"output", "target", "vary"}} → {"ok": true, "solve":
    {"value", "input", "text"}} (goal seek; "input" is the value as the form takes it) or
    {"ok": false, "solve_error": message, "solve_error_is_target": bool}.

    With "want": ["simulate"] and "ranges": {field: [low, high]}, also "simulation" (what the
    page shows) and "simulated" (simulate()'s result, for the exports), or "range_errors".

    With "baseline": {"name", "inputs"}, line charts also draw that scenario's main line.
    {"calculator", "lang", "compare": [{"name", "inputs"}, …]} → {"ok": true, "compare": table}.

    {"exercise", "responses"?, "lang"} → a practice exercise marked (calculators.exercises.answer).

    {"retention_table": text, "lang"} → {"ok": true, "table": {"form", "points", "cohorts", "fields"},
    "fit": {"alpha", "beta", "fit_rmse_pp"}} (the fit on every month the table gives) or {"ok": false,
    "table_error": {"code", "message", "row", "column"}}: a pasted cohort table read for the form;
    with "calculator", also "inputs" (every retention field, as the form takes it) and "text"."""
    return json.dumps(answer(json.loads(request_json)), ensure_ascii=False, allow_nan=False)


def answer(request: Mapping[str, Any]) -> dict[str, Any]:
    """Every answer's text in the currency the page shows ("currency": "CNY" | "USD" | "EUR");
    the raw numbers ("result", "simulated") are currency-free."""
    found = _answer(request)
    currency = str(request.get("currency", "CNY"))
    if currency == "CNY" or currency not in CURRENCY_SYMBOLS:
        return found
    lang: Lang = "zh" if request.get("lang") == "zh" else "en"
    shown = {key: value if key in RAW else _recurrency(value, currency, lang) for key, value in found.items()}
    # The reader's own words (scenario names) keep their symbols.
    if "compare" in found:
        shown["compare"]["names"] = found["compare"]["names"]
    for key, chart in found.get("charts", {}).items():
        for theirs, ours in zip(chart["datasets"], shown["charts"][key]["datasets"], strict=True):
            if theirs.get("baseline"):
                ours["label"] = theirs["label"]
    return shown


RAW = ("result", "simulated")


def _recurrency(value: Any, currency: str, lang: Lang) -> Any:
    if isinstance(value, str):
        return in_currency(value, currency, lang)
    if isinstance(value, list):
        return [_recurrency(item, currency, lang) for item in value]
    if isinstance(value, dict):
        return {key: _recurrency(item, currency, lang) for key, item in value.items()}
    return value


def _answer(request: Mapping[str, Any]) -> dict[str, Any]:
    if "exercise" in request:  # a trainee's answers to a practice exercise
        return exercises.answer(request)
    lang: Lang = "zh" if request.get("lang") == "zh" else "en"
    if "retention_table" in request:
        return _retention_table(str(request.get("calculator", "")), str(request["retention_table"]), lang)
    name = str(request.get("calculator", ""))
    inputs = request.get("inputs") or {}
    if "solve" in request:
        return _solved(name, inputs, request["solve"], lang)
    if "compare" in request:
        return _compared(name, request["compare"], lang)
    try:
        calc = get(name)
        charted = request.get("charts", True) is not False
        result = run(name, cast(Mapping[str, object], inputs), series=charted)
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
        "links": link_queries(presentation(name), result, CALCULATORS),
        "result": result,
    }
    if charted:
        answer["charts"] = _charts(name, result, request.get("baseline"), lang)
    # The sensitivity table reruns the model ~20 times: asked for separately,
    # after typing pauses, so it never delays the main results.
    if "sensitivity" in (request.get("want") or ()):
        answer["sensitivity"] = sensitivity(calc, presentation(name), result["inputs"], lang)
    # Ranges: 2,000 runs of the model, asked for separately like the sensitivity table.
    if "simulate" in (request.get("want") or ()):
        answer.update(_simulated(name, inputs, request.get("ranges") or {}, lang))
    return answer


def _simulated(name: str, inputs: Mapping[str, object], ranges: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """{"simulation": …} for the page, or {"range_errors": {"range.FIELD": message}}."""
    try:
        shown = presentation(name)
        simulated = simulate(
            name,
            inputs,
            {field: tuple(ends) for field, ends in ranges.items()},
            loss_below=shown.loss_below,
            headline=shown.headline,
        )
    except ValidationError as error:
        return {"range_errors": {f"range.{e.field}": e.zh if lang == "zh" else e.en for e in error.errors}}
    return {"simulation": uncertainty(get(name), simulated, lang), "simulated": simulated}


def _solved(name: str, inputs: Mapping[str, object], ask: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """The "Solve for…" control: which value of one field makes an output reach a target."""
    output, vary = str(ask.get("output", "")), str(ask.get("vary", ""))
    try:
        calc = get(name)
        result = solve(name, inputs, output, ask.get("target", ""), vary)
    except UnknownCalculatorError:
        return {"ok": False, "errors": {}, "fatal": f"unknown calculator {name!r}"}
    except ValidationError as error:
        # The form already shows its own fields' errors; the control says to fix them first.
        fields = {spec.name for spec in calc.fields}
        first = error.errors[0]
        bad_input = any(e.field in fields and e.code != "unknown_field" for e in error.errors)
        message = FIX_INPUTS_FIRST(lang) if bad_input else (first.zh if lang == "zh" else first.en)
        return {"ok": False, "errors": {}, "solve_error": message, "solve_error_is_target": not bad_input}
    value = result["value"]
    goal = parse_number(ask.get("target", ""))
    assert goal is not None  # solve() has read it
    return {
        "ok": True,
        "solve": {
            "value": value,
            # Six significant digits are plenty for a form and keep "337.785", not "337.7851941".
            "input": None if value is None else format_input(calc.field(vary), float(f"{value:.6g}")),
            "text": solution_sentence(name, output, goal, vary, result, lang),
        },
    }


def _charts(name: str, result: Mapping[str, Any], baseline: Any, lang: Lang) -> dict[str, Any]:
    """The charts, with scenario A's main line drawn dashed when the page compares scenarios."""
    charts = charts_payload(presentation(name), result, lang)
    if not isinstance(baseline, Mapping):
        return charts
    base = _result_or_none(name, baseline.get("inputs"))
    if base is None:
        return charts
    shown = {chart.id: chart for chart in presentation(name).charts}
    return {
        key: with_baseline(payload, shown[key], base, str(baseline.get("name", ""))) for key, payload in charts.items()
    }


def _compared(name: str, scenarios: Any, lang: Lang) -> dict[str, Any]:
    """{"compare": {"names", "rows"}}: saved scenarios and the current inputs (the last) side by side."""
    try:
        calc = get(name)
    except UnknownCalculatorError:
        return {"ok": False, "errors": {}, "fatal": f"unknown calculator {name!r}"}
    named: list[tuple[str, Mapping[str, Any] | None]] = [
        (str(s.get("name", "")), _result_or_none(name, s.get("inputs"))) for s in scenarios or ()
    ]
    return {"ok": True, "compare": compare_table(calc, named, lang)}


def _result_or_none(name: str, inputs: Any) -> dict[str, Any] | None:
    """The result for stored inputs, or None when this version of the calculator rejects them."""
    if not isinstance(inputs, Mapping):
        return None
    try:
        return run(name, cast(Mapping[str, object], inputs))
    except ValidationError:
        return None


def _retention_table(name: str, text: str, lang: Lang) -> dict[str, Any]:
    """A pasted cohort table: its points, the retention fields to fill in (every one, "0" where the
    table says nothing, so no older point lingers), the curve they make and a sentence saying so."""
    try:
        table = parse_table(text)
    except TableError as error:
        return {
            "ok": False,
            "table_error": {
                "code": error.code,
                "message": error.zh if lang == "zh" else error.en,
                "row": error.row,
                "column": error.column,
            },
        }
    fit = fit_sbg([(month, share / 100) for month, share in table.points if share > 0])
    inputs: dict[str, str] = {}
    if name in CALCULATORS:
        calc = get(name)
        for month in RETENTION_MONTHS:
            field = retention_field_name(month)
            if any(spec.name == field for spec in calc.fields):
                value = table.fields.get(field, 0.0)
                inputs[field] = format_input(calc.field(field), float(f"{value:.6g}"))
    months = [month for month in RETENTION_MONTHS if float(inputs.get(retention_field_name(month), "0")) > 0]
    return {
        "ok": True,
        "table": {
            "form": table.form,
            "points": [list(point) for point in table.points],
            "cohorts": table.cohorts,
            "fields": table.fields,
        },
        "inputs": inputs,
        "text": _table_sentence(table.form, table.cohorts, len(table.points), months, lang),
        "fit": {"alpha": fit.alpha, "beta": fit.beta, "fit_rmse_pp": fit.rmse_pp},
    }


def _table_sentence(form: str, cohorts: int, points: int, months: list[int], lang: Lang) -> str:
    """'Read 36 cohorts: retention at months 1, 3, 6, 12 and 24 is now in the form.'"""
    if lang == "zh":
        read = f"已读取 {cohorts} 个批次" if form == "cohorts" else f"已读取 {points} 个数据点"
        return f"{read}：第 {'、'.join(str(m) for m in months)} 个月的留存已填入表单。"
    read = f"Read {cohorts:,} cohorts" if form == "cohorts" else f"Read {points:,} points"
    if len(months) == 1:
        return f"{read}: retention at month {months[0]} is now in the form."
    listed = ", ".join(str(m) for m in months[:-1]) + f" and {months[-1]}"
    return f"{read}: retention at months {listed} is now in the form."
