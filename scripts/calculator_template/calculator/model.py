"""NAME — the model: fields with their bounds, outputs, and compute().

Arithmetic only (+ − × ÷, math.sqrt, calculators.finance, calculators.normal), so
the result is the same to the last bit in CPython and in Pyodide.
"""

from __future__ import annotations

from collections.abc import Mapping

from calculators.core import Calculator, Field, Note, Number, Output, OutputValue, Result, Text

FIELDS = (
    Field(
        "monthly_revenue",
        "money",
        1000,
        0,
        1e9,
        Text("Monthly revenue", "月收入"),
        Text("What the business takes in an average month.", "平均每月的收入。"),
    ),
    Field(
        "gross_margin",
        "percent",
        50,
        0,
        100,
        Text("Gross margin", "毛利率"),
        Text("The share of revenue left after the cost of goods.", "收入扣除商品成本后剩下的比例。"),
    ),
)

OUTPUTS = (Output("monthly_margin", "money", Text("Margin per month", "每月毛利")),)

NO_REVENUE = Note("no_revenue", "With no revenue there is no margin.", "没有收入，也就没有毛利。")


def compute(v: Mapping[str, Number]) -> Result:
    margin = v["monthly_revenue"] * v["gross_margin"] / 100
    outputs: dict[str, OutputValue] = {"monthly_margin": margin}
    notes = [NO_REVENUE] if v["monthly_revenue"] == 0 else []
    return Result(outputs, notes, {"month": [1.0, 2.0, 3.0], "cumulative_margin": [margin, 2 * margin, 3 * margin]})


CALCULATOR = Calculator(
    name="NAME",
    title=Text("NAME_TITLE", "NAME_TITLE"),
    question=Text("What does a month bring in?", "一个月能赚多少毛利？"),
    fields=FIELDS,
    outputs=OUTPUTS,
    compute=compute,
)
