"""Field specs, validation and the shape of a calculator.

Everything a page, the CLI or a test needs to know about a calculator lives
here as data: bounds, defaults, units, labels and help in English and Chinese.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")

# How a number is read and shown. "percent" fields are entered as 0-100; "points" are
# percentage points (a difference of two percentages); "probability" is a p-value.
Unit = Literal["money", "percent", "points", "probability", "count", "number", "months", "ratio", "category"]

Number = float | int
MINUS = "−"  # U+2212: the minus every displayed number uses (calculators.display)
OutputValue = float | int | str | None
InputValue = float | int | str


@dataclass(frozen=True)
class Text:
    """A sentence or label in both languages of the site."""

    en: str
    zh: str

    def __call__(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Field:
    """One input of a calculator, with the range it accepts."""

    name: str
    unit: Unit
    default: Number
    minimum: float
    maximum: float
    label: Text
    help: Text
    integer: bool = False
    min_inclusive: bool = True
    max_inclusive: bool = True

    def accepts(self, value: float) -> bool:
        low_ok = value >= self.minimum if self.min_inclusive else value > self.minimum
        high_ok = value <= self.maximum if self.max_inclusive else value < self.maximum
        return low_ok and high_ok


@dataclass(frozen=True)
class Output:
    """One result of a calculator. ``choices`` labels a categorical output."""

    key: str
    unit: Unit
    label: Text
    choices: Mapping[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class Note:
    """Why an output is null (or what a reader should know), in both languages."""

    code: str
    en: str
    zh: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "en": self.en, "zh": self.zh}


@dataclass(frozen=True)
class Result:
    outputs: dict[str, OutputValue]
    notes: list[Note]
    # A mapping, not necessarily a dict: a model may hand over LazySeries, so that the
    # thousands of runs of simulate and solve, which read outputs only, never draw charts.
    series: Mapping[str, list[float]]


class LazySeries(Mapping[str, list[float]]):
    """Chart series worked out the first time anything reads them."""

    def __init__(self, make: Callable[[], dict[str, list[float]]]) -> None:
        self._make = make
        self._made: dict[str, list[float]] | None = None

    def _series(self) -> dict[str, list[float]]:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __getitem__(self, key: str) -> list[float]:
        return self._series()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._series())

    def __len__(self) -> int:
        return len(self._series())


BEYOND_RANGE = Note(
    "beyond_range",
    "Some results are too large for this calculator to hold (beyond about 10^308), so they are left blank;"
    " an input is at an extreme, such as a rate or ROAS barely above zero.",
    "部分结果超出了计算器能表示的数值范围（约 10^308），因此留空；通常是某个输入取了极端值，比如比率或 ROAS 几乎为零。",
)


def finite_result(result: Result) -> Result:
    """The spec's promise, kept for every calculator: no NaN, no Infinity, no -0.

    A numeric output whose value overflowed becomes null with the ``beyond_range``
    note; if any series point overflowed, every series is emptied (a chart with a
    hole would mislead) and the same note explains why.
    """
    overflow = False
    outputs: dict[str, OutputValue] = {}
    for key, value in result.outputs.items():
        if isinstance(value, float):
            if math.isfinite(value):
                value += 0.0  # -0.0 → 0.0, so JSON and JavaScript agree
            else:
                value, overflow = None, True
        outputs[key] = value
    series: Mapping[str, list[float]]
    if isinstance(result.series, LazySeries):
        # Checked when read, so the runs that never read it stay cheap. A lazy series is for
        # curves that cannot overflow (a probability, say); if one did, it is emptied all the
        # same, only without the note, which is written before anything reads the series.
        lazy = result.series
        series = LazySeries(lambda: _finite_series(lazy)[0])
    else:
        series, series_overflow = _finite_series(result.series)
        overflow = overflow or series_overflow
    notes = list(result.notes)
    if overflow and BEYOND_RANGE not in notes:
        notes.append(BEYOND_RANGE)
    return Result(outputs, notes, series)


def _finite_series(given: Mapping[str, list[float]]) -> tuple[dict[str, list[float]], bool]:
    """The series with -0.0 made 0.0, or every series emptied (and True) if a point overflowed."""
    series = {key: [point + 0.0 for point in points] for key, points in given.items()}
    if not all(math.isfinite(point) for points in series.values() for point in points):
        return {key: [] for key in series}, True
    return series, False


# How far a preset's number can be trusted, shown beside it on the page.
# One evidence vocabulary for the whole site (calculators, case studies, handbook footnotes).
Grade = Literal["official_filing", "industry_report", "secondary_estimate", "illustrative"]
GRADES: dict[Grade, Text] = {
    "official_filing": Text("Official source", "官方来源"),  # filing, results release, law, platform docs
    "industry_report": Text("Industry report", "行业报告"),  # research firm, trade or mainstream media
    "secondary_estimate": Text("Secondary estimate", "二手估计"),  # blog, vendor page, retelling
    "illustrative": Text("Illustrative", "示意假设"),  # this site's own assumption or example
}


@dataclass(frozen=True)
class Source:
    """Where a preset's number comes from: a short citation and, if there is one, a link."""

    text: Text
    url: str = ""


@dataclass(frozen=True)
class PresetValue:
    value: Number
    source: Source
    grade: Grade


@dataclass(frozen=True)
class Preset:
    """A named scenario. Fields it does not set keep the calculator's defaults."""

    id: str
    name: Text
    summary: Text
    values: Mapping[str, PresetValue]

    def inputs(self) -> dict[str, Number]:
        return {name: entry.value for name, entry in self.values.items()}


class UnknownPresetError(KeyError):
    def __init__(self, calculator: str, preset: str, known: tuple[str, ...]) -> None:
        self.calculator, self.preset, self.known = calculator, preset, known
        super().__init__(preset)

    def __str__(self) -> str:
        valid = ", ".join(self.known) or "none"
        return f"{self.calculator} has no preset {self.preset!r} (valid: {valid})"


@dataclass(frozen=True)
class Constraint:
    """A rule between fields, checked once every field is valid on its own (e.g. p0·(1+L) < 1).

    Its message is shown beside ``field``, the one a reader would change.
    """

    field: str
    holds: Callable[[Mapping[str, Number]], bool]
    message: Text


@dataclass(frozen=True)
class Calculator:
    name: str
    title: Text
    fields: tuple[Field, ...]
    outputs: tuple[Output, ...]
    compute: Callable[[Mapping[str, Number]], Result]
    presets: tuple[Preset, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    question: Text = Text("", "")  # the question it answers, for lists of calculators

    def field(self, name: str) -> Field:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def defaults(self) -> dict[str, Number]:
        return {spec.name: spec.default for spec in self.fields}

    def preset(self, preset_id: str) -> Preset:
        for preset in self.presets:
            if preset.id == preset_id:
                return preset
        raise UnknownPresetError(self.name, preset_id, tuple(p.id for p in self.presets))

    def defaulted_fields(self, preset: Preset) -> tuple[str, ...]:
        """The fields a preset leaves at the calculator's default."""
        return tuple(spec.name for spec in self.fields if spec.name not in preset.values)


@dataclass(frozen=True)
class FieldError:
    """One rejected input: which field, a stable code, and the message in both languages."""

    field: str
    code: str
    en: str
    zh: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "en": self.en, "zh": self.zh}


class ValidationError(ValueError):
    """Raised with every offending field at once, never just the first."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.en}" for e in errors))


class UnknownCalculatorError(KeyError):
    pass


# ---------------------------------------------------------------- validation


def validate(calc: Calculator, raw: Mapping[str, object]) -> dict[str, Number]:
    """Fill defaults and check every field; raise ValidationError listing all problems."""
    known = {spec.name for spec in calc.fields}
    errors = [_unknown_field_error(name) for name in raw if name not in known]
    values: dict[str, Number] = {}
    for spec in calc.fields:
        if spec.name not in raw:
            values[spec.name] = int(spec.default) if spec.integer else float(spec.default)
            continue
        value, error = _check(spec, raw[spec.name])
        if error is not None:
            errors.append(error)
        elif value is not None:
            values[spec.name] = value
    if not errors:  # rules between fields only make sense once each field is valid
        errors = [
            FieldError(rule.field, "inconsistent", rule.message.en, rule.message.zh)
            for rule in calc.constraints
            if not rule.holds(values)
        ]
    if errors:
        raise ValidationError(errors)
    return values


def check_field(spec: Field, raw: object) -> tuple[Number | None, FieldError | None]:
    """One value checked as this field checks it (for callers that take values besides inputs)."""
    return _check(spec, raw)


def unknown_field_error(name: str) -> FieldError:
    return _unknown_field_error(name)


def _check(spec: Field, raw: object) -> tuple[Number | None, FieldError | None]:
    number = _to_number(raw)
    if number is None:
        if _overflows(raw):  # "1e999" is a number, only one past every bound
            return None, _field_error(spec, "out_of_range")
        code = "required" if isinstance(raw, str) and not raw.strip() else "not_a_number"
        return None, _field_error(spec, code)
    if spec.integer and number != math.floor(number):
        return None, _field_error(spec, "not_integer")
    if not spec.accepts(number):
        return None, _field_error(spec, "out_of_range")
    if spec.integer:
        return int(number), None
    return number + 0.0, None  # + 0.0 turns -0.0 into 0.0


CURRENCY_PREFIXES = ("US$", "¥", "$", "€")  # every symbol calculators.display may print


def parse_number(raw: object) -> float | None:
    """Read a number exactly as every calculator field does ("1,000", "１２", "5%", "¥3"); None if not one."""
    return _to_number(raw)


def _to_number(raw: object) -> float | None:
    """Read a number from Python numbers or text as people type it (１２、1,000、5%)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        number: float | None = float(raw)
    elif isinstance(raw, str):
        number = _text_value(raw)
    else:
        return None
    return number if number is not None and math.isfinite(number) else None


def _number_text(raw: str) -> str | None:
    """The digits float() should read ("１,０００" → "1000", "−¥5" → "-5"), or None if it is no number."""
    text = unicodedata.normalize("NFKC", raw).strip().replace(",", "").replace(" ", "")
    text = text.replace(MINUS, "-").removesuffix("%")  # the minus the results print reads back
    sign = text[:1] if text[:1] in ("+", "-") else ""
    body = text[len(sign) :]
    # "¥3", and "−¥3" as a result shows it; or in the currency the page shows (display.py).
    for symbol in CURRENCY_PREFIXES:
        if body.startswith(symbol):
            body = body[len(symbol) :]
            break
    text = sign + body
    if not text or len(text) > 40 or not _looks_numeric(text):
        return None
    return text


def _text_value(raw: str) -> float | None:
    text = _number_text(raw)
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _overflows(raw: object) -> bool:
    """Typed digits beyond a double ("1e999", "-1e999"): too large, not "not a number"."""
    value = _text_value(raw) if isinstance(raw, str) else None
    return value is not None and math.isinf(value)


def _looks_numeric(text: str) -> bool:
    # float() also accepts "nan", "inf", "infinity" and "1_000"; readers should not.
    return all(ch in "0123456789.eE+-" for ch in text)


def _unknown_field_error(name: str) -> FieldError:
    shown = name if len(name) <= 40 else name[:40] + "…"
    return FieldError(
        name,
        "unknown_field",
        f"There is no field called “{shown}”",
        f"没有名为“{shown}”的字段",
    )


def _field_error(spec: Field, code: str) -> FieldError:
    en_label, zh_label = spec.label.en, spec.label.zh
    if code == "required":
        return FieldError(spec.name, code, f"{en_label} is required", f"请填写{zh_label}")
    if code == "not_a_number":
        return FieldError(spec.name, code, f"{en_label} must be a number", f"{zh_label}须为数字")
    if code == "not_integer":
        return FieldError(
            spec.name,
            code,
            f"{en_label} must be a whole number {range_text(spec, 'en')}",
            f"{zh_label}须为整数，{range_text(spec, 'zh')}",
        )
    return FieldError(
        spec.name,
        code,
        f"{en_label} must be {range_text(spec, 'en')}",
        f"{zh_label}须{range_text(spec, 'zh')}",
    )


def range_text(spec: Field, lang: Lang) -> str:
    """'at least 0 and below 100%' / '不小于 0 且小于 100%'."""
    unit_en = "%" if spec.unit == "percent" else ""
    unit_zh = "%" if spec.unit == "percent" else ""
    low, high = _plain(spec.minimum), _plain(spec.maximum)
    if lang == "zh":
        low_zh = f"不小于 {low}" if spec.min_inclusive else f"大于 {low}"
        high_zh = f"不大于 {high}{unit_zh}" if spec.max_inclusive else f"小于 {high}{unit_zh}"
        return f"{low_zh} 且{high_zh}"
    low_en = f"at least {low}" if spec.min_inclusive else f"above {low}"
    high_en = f"at most {high}{unit_en}" if spec.max_inclusive else f"below {high}{unit_en}"
    return f"{low_en} and {high_en}"


def _plain(bound: float) -> str:
    text = f"{int(bound):,}" if bound == math.floor(bound) and abs(bound) < 1e16 else f"{bound:g}"
    return text.replace("-", MINUS, 1) if bound < 0 else text  # "at least −50", as results print it
