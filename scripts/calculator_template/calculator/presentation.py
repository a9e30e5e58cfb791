"""How the NAME page shows its results: formulas, charts, the sensitivity table."""

from __future__ import annotations

from calculators.core import Text
from calculators.presentation import Chart, Line, Presentation

PRESENTATION = Presentation(
    headline="monthly_margin",
    formulas={"monthly_margin": Text("revenue × gross margin", "收入 × 毛利率")},
    charts=(
        Chart(
            id="margin",
            kind="line",
            title=Text("Margin over the first quarter", "前三个月的累计毛利"),
            x="month",
            x_label=Text("Month", "月份"),
            y_label=Text("Cumulative margin (¥)", "累计毛利（¥）"),
            y_unit="money",
            lines=(Line("cumulative_margin", Text("Cumulative margin", "累计毛利")),),
        ),
    ),
    sensitivity_fields=("monthly_revenue", "gross_margin"),
)
