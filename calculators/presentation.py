"""What a calculator page shows besides the numbers: formulas, charts, sensitivity.

Declared here as data next to the models, so the page script stays generic:
it draws whatever chart data and tables these functions return.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode

from calculators.core import Calculator, Lang, Number, Text, Unit, validate
from calculators.display import (
    NULL_TEXT,
    format_change,
    format_input,
    format_month,
    format_number,
    format_output,
    format_stated,
    zh_spaced,
)

STEPS = (-20, -10, 10, 20)  # percent changes shown in the sensitivity table


@dataclass(frozen=True)
class Line:
    series: str
    label: Text
    dashed: bool = False


@dataclass(frozen=True)
class Chart:
    """A chart of some of a calculator's series against one of them (the x axis)."""

    id: str
    kind: Literal["line", "bar"]
    title: Text
    x: str
    x_label: Text
    y_label: Text
    y_unit: Unit
    lines: tuple[Line, ...]
    # An output (or an input) whose value is marked on the x axis (e.g. the payback month).
    marker: str | None = None
    marker_label: Text | None = None
    x_unit: Unit = "number"
    x_labels: Mapping[str, Text] = field(default_factory=dict)  # category names for bar charts
    table_rows: int = 13  # the table alternative samples this many points


@dataclass(frozen=True)
class Link:
    """A hand-off to another calculator: opens it with inputs taken from this one's result.

    ``inputs`` maps a result to the target's inputs, or None while the result has nothing to
    hand over (the link is then hidden).
    """

    calculator: str
    label: Text
    inputs: Callable[[Mapping[str, Any]], Mapping[str, Number] | None]


@dataclass(frozen=True)
class FieldGroup:
    """Inputs that belong together on the form, under one heading."""

    title: Text
    fields: tuple[str, ...]
    # The section's fields can be filled from a pasted or uploaded cohort table (web.py).
    cohort_table: bool = False


@dataclass(frozen=True)
class Presentation:
    headline: str  # the output the sensitivity table follows
    formulas: Mapping[str, Text]  # output key → formula, written out
    charts: tuple[Chart, ...] = ()
    sensitivity_fields: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    # The key to the letters the formulas use ("m" → "margin per customer per month").
    symbols: Mapping[str, Text] = field(default_factory=dict)
    # The form's sections, in order; every field in exactly one. Empty: one plain list.
    groups: tuple[FieldGroup, ...] = ()
    # (output, threshold): below it the case loses money; the ranges give its chance.
    loss_below: tuple[str, float] | None = None


def chart_payload(chart: Chart, result: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """Everything the page needs to draw a chart and its table, in the page's language."""
    series = result["series"]
    xs = series.get(chart.x, [])
    marker = _marker_value(chart, result)
    x_texts = [_x_text(chart, x, lang) for x in xs]
    return {
        "kind": chart.kind,
        "title": chart.title(lang),
        "x_label": chart.x_label(lang),
        "y_label": chart.y_label(lang),
        "x": xs,
        "labels": x_texts,
        "datasets": [
            {"label": line.label(lang), "data": series.get(line.series, []), "dashed": line.dashed}
            for line in chart.lines
        ],
        "x_axis": _x_axis(chart, xs, lang),
        "marker": None
        if not isinstance(marker, float | int) or not xs or not (xs[0] <= marker <= xs[-1])
        else {
            "x": marker,
            "label": _marker_text(chart, float(marker), lang),
        },
        "table": _table(chart, series, x_texts, lang),
    }


def _marker_text(chart: Chart, marker: float, lang: Lang) -> str:
    """'Break-even (discounted): 5.7 months' / '折现回本点：5.7 个月' (a full-width colon needs no space)."""
    label = chart.marker_label(lang) if chart.marker_label else ""
    gap = "" if not label or label.endswith("：") else " "
    return f"{label}{gap}{format_number(marker, chart.x_unit, lang)}"


def _marker_value(chart: Chart, result: Mapping[str, Any]) -> object:
    """The marked x: an output of that name, else an input (e.g. the holdout share you chose)."""
    if chart.marker is None:
        return None
    if chart.marker in result["outputs"]:
        return result["outputs"][chart.marker]
    return result["inputs"].get(chart.marker)


def _x_text(chart: Chart, x: float, lang: Lang) -> str:
    if chart.x_labels:
        names = list(chart.x_labels.values())
        index = int(x)
        return names[index](lang) if 0 <= index < len(names) else str(index)
    if chart.x_unit == "months" and x == int(x):
        return format_month(int(x), lang)  # a point per whole month: "Month 12", not "12.0 months"
    return format_number(x, chart.x_unit, lang) if chart.x_unit != "number" else f"{x:g}"


MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)  # tick spacings that read as whole months, quarters, years
MAX_MONTH_TICKS = 7


def _x_axis(chart: Chart, xs: list[float], lang: Lang) -> dict[str, Any] | None:
    """Where a line chart's x axis starts and ends (the first and last point, so it stops at the
    horizon) and, for months, which ticks it shows with what text; None for a bar chart."""
    if chart.kind != "line" or not xs:
        return None
    first, last = xs[0], xs[-1]
    ticks = None
    if chart.x_unit == "months":
        values = next(
            (v for v in (_month_ticks(first, last, step) for step in MONTH_STEPS) if len(v) <= MAX_MONTH_TICKS),
            [first, last],
        )
        ticks = [{"value": value, "text": _x_text(chart, value, lang)} for value in values]
    return {"min": first, "max": last, "ticks": ticks}


def _month_ticks(first: float, last: float, step: int) -> list[float]:
    """The first and the last month, and round months between them that do not crowd either end."""
    inner = [float(k * step) for k in range(1, int(last // step) + 1)]
    return sorted({first, *(m for m in inner if first + step / 2 <= m <= last - step / 2), last})


def _table(chart: Chart, series: Mapping[str, list[float]], x_texts: list[str], lang: Lang) -> dict[str, Any]:
    count = len(x_texts)
    if count <= chart.table_rows:
        picks = list(range(count))
    else:  # evenly spaced, always keeping the first and the last point
        step = (count - 1) / (chart.table_rows - 1)
        picks = sorted({round(i * step) for i in range(chart.table_rows)})
    return {
        "head": [chart.x_label(lang), *(line.label(lang) for line in chart.lines)],
        "rows": [
            [
                x_texts[i],
                *(
                    format_number(series[line.series][i], chart.y_unit, lang)
                    if i < len(series.get(line.series, []))
                    else "—"
                    for line in chart.lines
                ),
            ]
            for i in picks
        ],
    }


def sensitivity(
    calc: Calculator, presentation: Presentation, values: Mapping[str, Number], lang: Lang
) -> dict[str, Any]:
    """How the headline output moves when each key input changes by ±10 % and ±20 %.

    A changed input that leaves its allowed range (or a field at zero, which no
    percentage can move) is shown as "—" rather than silently clamped.
    """
    headline = next(o for o in calc.outputs if o.key == presentation.headline)
    base = calc.compute(values).outputs[headline.key]
    rows = []
    for name in presentation.sensitivity_fields:
        spec = calc.field(name)
        cells = []
        for step in STEPS:
            changed = values[name] * (1 + step / 100)
            value = None
            if values[name] != 0 and spec.accepts(changed) and not (spec.integer and changed != int(changed)):
                moved = validate(calc, {**values, name: changed})
                value = calc.compute(moved).outputs[headline.key]
            cells.append(
                {
                    "step": step,
                    "value": value,
                    "text": format_output(headline, value, lang),
                    "change": _change_text(base, value),
                }
            )
        rows.append({"field": name, "label": spec.label(lang), "cells": cells})
    return {
        "output": headline.label(lang),
        "base": format_output(headline, base, lang),
        "steps": [format_change(step, 0) for step in STEPS],
        "rows": rows,
    }


def _change_text(base: object, value: object) -> str:
    if not isinstance(base, float | int) or not isinstance(value, float | int) or base == 0:
        return ""
    return format_change((value - base) / abs(base) * 100, 1)


def charts_payload(presentation: Presentation, result: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    return {chart.id: chart_payload(chart, result, lang) for chart in presentation.charts}


def link_queries(
    presentation: Presentation, result: Mapping[str, Any], targets: Mapping[str, Calculator]
) -> list[str | None]:
    """The query string of each link for this result ("public_orders_per_month=0.12"), or None."""
    queries: list[str | None] = []
    for link in presentation.links:
        inputs = link.inputs(result)
        target = targets[link.calculator]
        queries.append(
            None
            if inputs is None
            else urlencode([(name, format_input(target.field(name), value)) for name, value in inputs.items()])
        )
    return queries


def uncertainty(calc: Calculator, simulated: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """simulate()'s result as the page shows it: deciles of every numeric output, and the
    tornado of the headline with each bar placed on a shared scale (0 … 1)."""
    rows = []
    for spec in calc.outputs:
        stats = simulated["outputs"].get(spec.key)
        if stats is None:
            continue
        below = stats["share_below_zero"]
        rows.append(
            {
                "key": spec.key,
                "label": spec.label(lang),
                **{q: format_output(spec, stats[q], lang) for q in ("p10", "p50", "p90")},
                # A share below zero only means something for amounts that can be a loss.
                "below_zero": format_number(below, "percent", lang)
                if below is not None and spec.unit in ("money", "percent")
                else NULL_TEXT,
            }
        )
    board = simulated["tornado"]
    headline = next(o for o in calc.outputs if o.key == board["output"])
    ends = [v for row in board["rows"] for v in (row["output_low"], row["output_high"]) if v is not None]
    ends += [board["base"]] if board["base"] is not None else []
    low, high = (min(ends), max(ends)) if ends else (0.0, 0.0)

    def at(value: float | None) -> float | None:
        if value is None:
            return None
        return 0.5 if high == low else (value - low) / (high - low)

    loss = simulated.get("loss")
    loss_text = None
    if loss is not None and loss["share"] is not None:
        spec = next(o for o in calc.outputs if o.key == loss["output"])
        share = format_number(loss["share"], "percent", lang)
        below = format_output(spec, loss["below"], lang)
        loss_text = (
            zh_spaced(f"亏损的概率：{share}（{spec.label.zh}低于 {below}）")
            if lang == "zh"
            else f"Chance of a loss: {share} ({spec.label.en} below {below})"
        )
    return {
        "rows": rows,
        "loss": loss_text,
        "tornado": {
            "output": headline.label(lang),
            "base": format_output(headline, board["base"], lang),
            "base_at": at(board["base"]),
            "rows": [
                {
                    "field": row["field"],
                    "label": calc.field(row["field"]).label(lang),
                    "range": f"{format_input(calc.field(row['field']), row['low'])} – "
                    f"{format_input(calc.field(row['field']), row['high'])}",
                    "output_low": format_output(headline, row["output_low"], lang),
                    "output_high": format_output(headline, row["output_high"], lang),
                    "from": at(row["output_low"]),
                    "to": at(row["output_high"]),
                }
                for row in board["rows"]
            ],
        },
        "draws": simulated["draws"],
        "draws_text": f"{simulated['draws'] - simulated['rejected_draws']:,}",
    }


def with_baseline(payload: dict[str, Any], chart: Chart, baseline: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A line chart with scenario A's lines drawn dashed beside the current ones."""
    if chart.kind != "line":
        return payload
    series = baseline["series"]
    extra = [
        {
            "label": name,
            "data": series.get(line.series, []),
            "x": series.get(chart.x, []),
            "dashed": True,
            "baseline": True,
        }
        for line in chart.lines[:1]  # the chart's main line: one more line per chart stays readable
    ]
    return {**payload, "datasets": [*payload["datasets"], *extra]}


def compare_table(
    calc: Calculator, scenarios: list[tuple[str, Mapping[str, Any] | None]], lang: Lang
) -> dict[str, Any]:
    """Saved scenarios side by side with the current one (the last): the inputs in which any
    of them differ, every output, and the change from the first to the current one.

    A scenario whose stored inputs this version no longer accepts is given as None; its
    column shows "—" rather than a number that was never worked out."""
    results = [result for _, result in scenarios]
    rows = []
    for spec in calc.fields:
        values = [None if r is None else r["inputs"][spec.name] for r in results]
        if len({v for v in values if v is not None}) > 1:
            rows.append(_compare_row("input", spec.name, spec.label(lang), values, spec.unit, lang, stated=True))
    for out in calc.outputs:
        values = [None if r is None else r["outputs"][out.key] for r in results]
        rows.append(_compare_row("output", out.key, out.label(lang), values, out.unit, lang, spec=out))
    return {"names": [name for name, _ in scenarios], "rows": rows}


def _compare_row(
    kind: str,
    key: str,
    label: str,
    values: list[Any],
    unit: Unit,
    lang: Lang,
    *,
    stated: bool = False,
    spec: Any = None,
) -> dict[str, Any]:
    def text(value: Any) -> str:
        if value is None:
            return NULL_TEXT
        if spec is not None:
            return format_output(spec, value, lang)
        return format_stated(float(value), unit, lang) if stated else format_number(float(value), unit, lang)

    first, last = values[0], values[-1]
    numeric = isinstance(first, int | float) and isinstance(last, int | float) and unit != "category"
    delta = float(last) - float(first) if numeric else None
    return {
        "kind": kind,
        "key": key,
        "label": label,
        "cells": [text(v) for v in values],
        "differs": len({text(v) for v in values}) > 1,
        # An input's change is stated as the input is (+¥100, −24 months); an output's as it prints.
        "delta": NULL_TEXT
        if delta is None
        else _signed(format_stated(delta, unit, lang) if stated else format_number(delta, unit, lang), delta),
        "percent": format_change(100 * delta / abs(float(first)), 1) if delta is not None and first != 0 else NULL_TEXT,
    }


def _signed(text: str, delta: float) -> str:
    """A difference always shows its sign: '+¥12.00', '−3.0 months'; none on zero."""
    return f"+{text}" if delta > 0 and text[0] != "+" else text


def retention_chart(who: Text) -> Chart:
    """The share of a cohort still active by month: the curve the model uses and the points given
    (calculators.retention's series), for the calculators that take retention points."""
    return Chart(
        id="retention",
        kind="line",
        title=Text(f"Share of {who.en} still active, month by month", f"仍活跃的{who.zh}占比（逐月）"),
        x="month",
        x_label=Text("Month", "月份"),
        y_label=Text("Still active (%)", "仍活跃（%）"),
        y_unit="percent",
        lines=(
            # The fitted curve when two or more retention points are given, else (1 − churn)^t.
            Line("retention_curve", Text("Retention the model uses", "模型采用的留存曲线")),
            Line("retention_given", Text("Your retention points, joined", "你填写的留存数据（连线）"), dashed=True),
        ),
        x_unit="months",
    )


# The form's section for those points, filled in from a cohort table if the reader likes.
RETENTION_GROUP = FieldGroup(
    Text("Your own retention (optional)", "自有留存数据（选填）"),
    ("retention_m1", "retention_m3", "retention_m6", "retention_m12", "retention_m24"),
    cohort_table=True,
)
