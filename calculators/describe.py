"""Field and output specs as plain data (for `describe --json` and the build)."""

from __future__ import annotations

from typing import Any

from calculators.core import Calculator, Text


def _text(text: Text) -> dict[str, str]:
    return {"en": text.en, "zh": text.zh}


def describe(calc: Calculator) -> dict[str, Any]:
    return {
        "calculator": calc.name,
        "title": _text(calc.title),
        "fields": [
            {
                "name": f.name,
                "unit": f.unit,
                "default": f.default,
                "minimum": f.minimum,
                "maximum": f.maximum,
                "min_inclusive": f.min_inclusive,
                "max_inclusive": f.max_inclusive,
                "integer": f.integer,
                "label": _text(f.label),
                "help": _text(f.help),
            }
            for f in calc.fields
        ],
        "outputs": [
            {
                "key": o.key,
                "unit": o.unit,
                "label": _text(o.label),
                **({"choices": {k: _text(v) for k, v in o.choices.items()}} if o.choices else {}),
            }
            for o in calc.outputs
        ],
    }
