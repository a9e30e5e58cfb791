"""How numbers are shown to a reader, in English or Chinese.

The build (CPython) and the browser (Pyodide) both format through here, so the
pre-rendered page and the live page print the same text for the same number.
"""

from __future__ import annotations

import math
import re

from calculators.core import MINUS, Field, Lang, Output, OutputValue, Unit

NULL_TEXT = "—"

UNIT_SUFFIX: dict[Unit, tuple[str, str]] = {
    "money": ("¥", "¥"),
    "percent": ("%", "%"),
    "points": ("pp", "个百分点"),
    "probability": ("", ""),
    "months": ("months", "个月"),
    "ratio": ("×", "倍"),
    "count": ("", ""),
    "number": ("", ""),
    "category": ("", ""),
}


def unit_label(unit: Unit, lang: Lang) -> str:
    """The unit as a form label shows it: '¥', '%', 'months' / '个月'."""
    en, zh = UNIT_SUFFIX[unit]
    return zh if lang == "zh" else en


def format_output(spec: Output, value: OutputValue, lang: Lang) -> str:
    if value is None:
        return NULL_TEXT
    if isinstance(value, str):
        choice = spec.choices.get(value)
        return choice(lang) if choice else value
    return format_number(float(value), spec.unit, lang)


def format_number(value: float, unit: Unit, lang: Lang) -> str:
    magnitude = abs(value)
    body = _grouped(magnitude, _decimals(magnitude, unit))
    # No minus on a value that rounds to zero ("−¥0.00" reads as a loss that is not there).
    sign = MINUS if value < 0 and any(digit in body for digit in "123456789") else ""
    if unit == "money":
        return f"{sign}¥{body}"
    if unit == "percent":
        return f"{sign}{body}%"
    if unit == "points":
        return f"{sign}{body} 个百分点" if lang == "zh" else f"{sign}{body} pp"
    if unit == "probability" and 0 < magnitude < 0.001:
        return "<0.001"  # a p-value this small is reported as a bound, not as 0.000
    if unit == "ratio":
        return f"{sign}{body}×"
    if unit == "months":
        return f"{sign}{body} 个月" if lang == "zh" else f"{sign}{body} months"
    return f"{sign}{body}"


def in_sentence(label: str) -> str:
    """A field or output label inside an English sentence: "Monthly churn" → "monthly churn"; "LTV" stays."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


_LATIN_THEN_HAN = re.compile(r"(?<=[A-Za-z0-9%×])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9¥])")


def zh_spaced(text: str) -> str:
    """Chinese text with a space between Latin letters or digits and Han characters, as the site writes it."""
    return _LATIN_THEN_HAN.sub(" ", text)


def format_stated(value: float, unit: Unit, lang: Lang) -> str:
    """A number as a person states an input: ¥150, 8%, 0.15, 100,000, 60 months (no rounding)."""
    body = f"{abs(value):,.10g}"
    sign = MINUS if value < 0 else ""
    if unit == "money":
        return f"{sign}¥{body}"
    if unit == "percent":
        return f"{sign}{body}%"
    if unit == "ratio":
        return f"{sign}{body}×"
    if unit == "months":
        return f"{sign}{body} 个月" if lang == "zh" else f"{sign}{body} months"
    return sign + body


def format_change(percent: float, decimals: int) -> str:
    """A relative change, its sign always shown: '+4.3%', '−20%'; no sign on one that rounds to 0."""
    body = f"{abs(percent):.{decimals}f}"
    if not any(digit in body for digit in "123456789"):
        return f"{body}%"
    return f"{'+' if percent > 0 else MINUS}{body}%"


def format_month(month: int, lang: Lang) -> str:
    """One month on a timeline (a chart's axis and table): 'Month 3' / '第 3 个月'."""
    return f"第 {month} 个月" if lang == "zh" else f"Month {month}"


def format_input(spec: Field, value: float | int) -> str:
    """A field's value as the form (and a share link) holds it: plain digits, ASCII minus, no float noise."""
    if spec.integer:
        return str(int(value))
    return f"{value:.10g}" if abs(value) < 1e15 else js_number_string(value)


def _decimals(magnitude: float, unit: Unit) -> int:
    if unit == "count":
        return 0
    if unit == "money":
        return 0 if magnitude >= 100_000 else 2
    if unit in ("percent", "points"):
        return 1 if magnitude >= 10 else 2
    if unit == "probability":
        return 3
    if unit == "months":
        return 1
    if unit == "ratio":
        return 2
    return 3 if magnitude < 10 else 2


def _grouped(magnitude: float, decimals: int) -> str:
    if magnitude >= 1e15:
        mantissa, exponent = f"{magnitude:.3e}".split("e")
        return f"{mantissa}×10^{int(exponent)}"
    return f"{magnitude:,.{decimals}f}"


def js_number_string(value: float | int) -> str:
    """What JavaScript's String(number) prints for this IEEE double.

    The DOM contract puts this in ``data-value``, so the number rendered at build
    time and the one the browser writes later compare equal as strings.
    """
    number = float(value)
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    sign = "-" if number < 0 else ""
    # repr gives the shortest round-trip digits, as ECMAScript's Number::toString does.
    mantissa, _, exp_text = repr(abs(number)).partition("e")
    int_part, _, frac_part = mantissa.partition(".")
    digits = (int_part + frac_part).lstrip("0") or "0"
    exponent10 = int(exp_text) if exp_text else 0
    if int_part == "0":  # 0.00012: the point sits before the leading zeros of the fraction
        point = exponent10 - (len(frac_part) - len(frac_part.lstrip("0")))
    else:
        point = exponent10 + len(int_part)
    digits = digits.rstrip("0") or "0"
    k, n = len(digits), point
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    exponent = n - 1
    exp_str = f"e+{exponent}" if exponent >= 0 else f"e-{-exponent}"
    if k == 1:
        return sign + digits + exp_str
    return sign + digits[0] + "." + digits[1:] + exp_str


# The currency a page shows amounts in: a setting of the page, not of the models, which
# count in one unit of money. Symbol by language: "$" alone is ambiguous in Chinese text.
CURRENCY_SYMBOLS: dict[str, tuple[str, str]] = {
    "CNY": ("¥", "¥"),
    "USD": ("$", "US$"),
    "EUR": ("€", "€"),
}


def in_currency(text: str, currency: str, lang: Lang) -> str:
    """Text written with ¥ (every amount this package prints) shown in another currency's symbol."""
    en, zh = CURRENCY_SYMBOLS.get(currency, CURRENCY_SYMBOLS["CNY"])
    return text.replace("¥", zh if lang == "zh" else en)
