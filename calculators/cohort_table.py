"""Read a pasted or uploaded retention table: text in, retention points out (pure, no I/O).

Two forms are accepted (calculators-spec.md, Version 2, retention curves):

- a cohort table: one row per start month, the columns the customers of that cohort
  still active at month 0, 1, 2, …; recent cohorts have shorter rows. The pooled
  retention at month t is Σ active_t / Σ active_0 over the cohorts that have reached t.
  An optional first column labels the row (“2024-01”).
- a curve: two columns, ``month,retained_percent``.

Tolerated: a header row, blank lines, a byte-order mark, ``,`` ``;`` or tab between
cells, quoted cells, thousands separators (“1,234” in quotes or with another
separator, “1 234”), a trailing “%”, full-width digits. Rejected, with the line and
column (both counted from 1, as a spreadsheet shows them): text where a number
belongs, negative numbers, retention that rises with time, an empty table, and more
than 1 MB, 1,000 rows or 601 month columns.
"""

from __future__ import annotations

import csv
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from calculators.finance import ln
from calculators.normal import exp

MAX_CHARS = 1_000_000
MAX_ROWS = 1000
MAX_MONTH = 600  # the longest horizon a calculator takes
FIELD_MONTHS = (1, 3, 6, 12, 24)  # the calculators' retention_m1 … retention_m24
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
SPACES = ("\u00a0", "\u202f", "\u2009", " ", "'")  # 1 234 / 1’234 digit groups (after NFKC)


@dataclass(frozen=True)
class RetentionTable:
    """What a table says: the retention by month (percent, months ascending, month 0 left out)."""

    form: Literal["cohorts", "curve"]
    points: tuple[tuple[int, float], ...]
    cohorts: int  # rows of a cohort table that were read (0 for a curve)
    # The calculators' retention fields at the months the table covers (log-linear between
    # listed months; months past the last one, or at 0 %, are left out: 0 means "not given").
    fields: dict[str, float] = field(default_factory=dict)


class TableError(ValueError):
    """The first problem found, where it is (``row``/``column`` from 1; 0 when not one cell)."""

    def __init__(self, code: str, en: str, zh: str, row: int = 0, column: int = 0) -> None:
        self.code, self.en, self.zh, self.row, self.column = code, en, zh, row, column
        super().__init__(en)

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "en": self.en, "zh": self.zh, "row": self.row, "column": self.column}


def parse_table(text: str) -> RetentionTable:
    """The retention points of a cohort table or a month/percent curve; raises TableError."""
    if len(text) > MAX_CHARS:
        raise TableError(
            "too_large",
            "The table is larger than 1 MB; paste the cohort counts only, or fewer cohorts.",
            "表格超过 1 MB；请只粘贴各批次的人数，或减少批次。",
        )
    rows = _rows(text)
    if not rows:
        raise TableError(
            "empty",
            "The table is empty: paste a cohort table or month,retention pairs.",
            "表格是空的：请粘贴分批留存表，或“月份,留存率”两列数据。",
        )
    if len(rows) > MAX_ROWS + 1:  # (one more for a header)
        raise TableError(
            "too_many_rows",
            "The table has more than 1,000 rows; keep one row per start month.",
            "表格超过 1,000 行；每个起始月份保留一行即可。",
        )
    body = rows[1:] if _is_header(rows[0][1]) else rows
    if not body:
        raise TableError("empty", "The table has a header but no numbers under it.", "表格只有表头，下面没有数字。")
    # A first column of row names (“2024-01”): text in it on some data row. (A numeric name
    # such as 202401 cannot be told from a count and is read as one: write it 2024-01.)
    labelled = any(_number(cells[0]) is None for _, cells in body)
    if labelled:
        body = [(line, cells[1:]) for line, cells in body]
    if not labelled and _is_curve(body):
        return _curve(body)
    return _cohorts(body, 2 if labelled else 1)


def _is_header(cells: list[str]) -> bool:
    """Whether the first row names the columns rather than holding numbers.

    It does when a cell after the first is text (“cohort,M0,M1”, “month,retained_percent”), when
    it is a single text cell, or when its numbers count the months 0, 1, 2, … (or 1, 2, 3, …):
    a data row cannot rise like that. A row whose only text is its first cell is a named cohort.
    """
    numbers = [_number(cell) if cell else 0.0 for cell in cells]  # (an empty cell is a gap, not a name)
    if any(n is None for n in numbers[1:]) or (len(numbers) == 1 and numbers[0] is None):
        return True
    months = numbers[1:] if numbers[0] is None else numbers
    return len(months) >= 2 and months[0] in (0, 1) and all(m == months[0] + i for i, m in enumerate(months))


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of the non-blank lines, with trailing empty cells dropped."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    delimiter = "\t" if any("\t" in line for line in lines) else ";" if any(";" in line for line in lines) else ","
    rows = []
    for number, cells in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
        cells = [cell.strip() for cell in cells]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append((number, cells))
    return rows


def _number(cell: str) -> float | None:
    """A cell's number (“1,234”, “1 234”, “85%”, “８５”), or None if it is not one."""
    text = unicodedata.normalize("NFKC", cell).strip().removesuffix("%").strip().replace("\u2212", "-")
    for space in SPACES:
        text = text.replace(space, "")
    if "," in text:
        if not THOUSANDS.match(text):
            return None
        text = text.replace(",", "")
    if not text or len(text) > 40 or not all(ch in "0123456789.eE+-" for ch in text):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value - value == 0 else None  # not inf (nan never gets here)


def _is_curve(body: list[tuple[int, list[str]]]) -> bool:
    """Two columns whose first is whole months that rise and whose second is at most 100: month,percent."""
    if any(len(cells) != 2 for _, cells in body):
        return False
    values = [(_number(cells[0]), _number(cells[1])) for _, cells in body]
    months = [m for m, _ in values]
    if any(m is None or m != int(m) or not 0 <= m <= MAX_MONTH for m in months):
        return False
    rising = all(a is not None and b is not None and a < b for a, b in itertools.pairwise(months))
    return rising and all(p is not None and p <= 100 for _, p in values)


def _cell(line: int, column: int, cell: str) -> float:
    """A number ≥ 0 from one cell, or the TableError that says what is wrong with it."""
    value = _number(cell) if cell else None
    if not cell:
        raise TableError(
            "missing_value",
            f"Row {line}, column {column} is empty; only the end of a row may be left out (a cohort too recent).",
            f"第 {line} 行第 {column} 列是空的；只有行尾可以留空（批次太新、还没到那个月）。",
            line,
            column,
        )
    if value is None:
        decimal_comma = "," in cell
        hint_en = " (write decimals with a point: 12.5)" if decimal_comma else ""
        hint_zh = "（小数请用小数点：12.5）" if decimal_comma else ""
        shown = cell if len(cell) <= 20 else cell[:20] + "…"
        raise TableError(
            "not_a_number",
            f"Row {line}, column {column}: “{shown}” is not a number{hint_en}.",
            f"第 {line} 行第 {column} 列的“{shown}”不是数字{hint_zh}。",
            line,
            column,
        )
    if value < 0:
        raise TableError(
            "negative",
            f"Row {line}, column {column}: {cell} is negative; counts and shares cannot be.",
            f"第 {line} 行第 {column} 列的 {cell} 是负数；人数和比例都不能为负。",
            line,
            column,
        )
    return value


def _curve(body: list[tuple[int, list[str]]]) -> RetentionTable:
    points: list[tuple[int, float]] = []
    previous = 100.0
    for line, cells in body:
        month, share = int(_cell(line, 1, cells[0])), _cell(line, 2, cells[1])
        if month > MAX_MONTH:
            raise TableError(
                "month_out_of_range",
                f"Row {line}: month {month} is beyond 600, the longest horizon the calculators take.",
                f"第 {line} 行：第 {month} 个月超出了计算器最长 600 个月的计算期。",
                line,
                1,
            )
        if month == 0:
            if share != 100:
                raise TableError(
                    "month_zero_not_100",
                    f"Row {line}: at month 0 the whole cohort is there, so retention is 100 %, not {cells[1]}.",
                    f"第 {line} 行：第 0 个月整批客户都在，留存率应为 100%，而不是 {cells[1]}。",
                    line,
                    2,
                )
            continue
        if share > previous:
            raise _rises(line, 2, share, previous)
        points.append((month, share))
        previous = share
    return _table("curve", points, 0)


def _cohorts(body: list[tuple[int, list[str]]], first_column: int) -> RetentionTable:
    if any(len(cells) - 1 > MAX_MONTH for _, cells in body):
        raise TableError(
            "too_many_columns",
            "The table has more than 601 month columns (months 0 to 600), the longest horizon the calculators take.",
            "表格的月份列超过 601 列（第 0 到第 600 个月），超出了计算器最长的计算期。",
        )
    longest = max(len(cells) for _, cells in body)
    active = [0.0] * longest  # Σ active_t over the cohorts that reached month t
    started = [0.0] * longest  # Σ active_0 over the same cohorts
    cohorts = 0
    for line, cells in body:
        counts = [_cell(line, first_column + t, cell) for t, cell in enumerate(cells)]
        for t in range(1, len(counts)):
            if counts[t] > counts[t - 1]:
                raise _rises(line, first_column + t, counts[t], counts[t - 1], counts=True)
        if counts[0] == 0:
            continue  # an empty cohort adds nothing to either sum
        cohorts += 1
        for t, count in enumerate(counts):
            active[t] += count
            started[t] += counts[0]
    if cohorts == 0:
        raise TableError(
            "no_customers",
            "Every cohort starts with 0 customers at month 0, so there is no retention to read.",
            "所有批次第 0 个月的人数都是 0，算不出留存率。",
        )
    points: list[tuple[int, float]] = []
    for t in range(1, longest):
        if started[t] == 0:
            continue
        share = 100 * active[t] / started[t]
        if points and share > points[-1][1]:
            raise TableError(
                "pooled_rises",
                f"Column {first_column + t}: pooled retention rises from {points[-1][1]:.1f} % to {share:.1f} %"
                f" at month {t}, because the few cohorts that have reached it kept their customers better;"
                " leave out the months only a few cohorts reach.",
                f"第 {first_column + t} 列：合并留存率在第 {t} 个月从 {points[-1][1]:.1f}% 升到 {share:.1f}%，"
                "因为走到这个月的只有少数几批、而它们恰好留存更好；请删去只有少数批次走到的月份。",
                0,
                first_column + t,
            )
        points.append((t, share))
    return _table("cohorts", points, cohorts)


def _rises(line: int, column: int, value: float, before: float, counts: bool = False) -> TableError:
    if counts:
        return TableError(
            "rises",
            f"Row {line}, column {column}: {value:g} is more than the {before:g} of the month before. A cohort can"
            " only shrink: count the customers still active since they joined, not everyone active that month.",
            f"第 {line} 行第 {column} 列：{value:g} 比上个月的 {before:g} 还多。同一批客户只会越来越少：请统计自加入起"
            "一直留存的人数，而不是当月所有活跃的人。",
            line,
            column,
        )
    return TableError(
        "rises",
        f"Row {line}: retention {value:g} % is above the {before:g} % of an earlier month; it can only fall with time.",
        f"第 {line} 行：留存率 {value:g}% 高于之前月份的 {before:g}%；留存率只会随时间下降。",
        line,
        column,
    )


def _table(form: Literal["cohorts", "curve"], points: list[tuple[int, float]], cohorts: int) -> RetentionTable:
    if len([share for _, share in points if share > 0]) < 2:
        raise TableError(
            "too_few_points",
            "The table needs retention for at least two months after month 0 to fit a curve.",
            "表格至少要有第 0 个月之后两个月的留存数据，才能拟合曲线。",
        )
    return RetentionTable(form, tuple(points), cohorts, field_values(points))


def field_values(points: list[tuple[int, float]]) -> dict[str, float]:
    """retention_m1 … retention_m24 read off the points (percent).

    A month the table lists is taken as it is; one between two listed months is interpolated
    on a log scale (a constant churn between them); months past the last point stay out.
    """
    by_month = dict(points)
    known = [(0, 100.0), *points]
    values: dict[str, float] = {}
    for month in FIELD_MONTHS:
        if month in by_month:
            share = by_month[month]
        else:
            around = [(a, b) for a, b in itertools.pairwise(known) if a[0] < month < b[0]]
            if not around or around[0][0][1] <= 0 or around[0][1][1] <= 0:
                continue
            (m0, s0), (m1, s1) = around[0]
            weight = (month - m0) / (m1 - m0)
            share = exp((1 - weight) * ln(s0) + weight * ln(s1))
        if share > 0:
            values[f"retention_m{month}"] = share
    return values
