"""Field and output specs as plain data (for `describe --json` and the build)."""

from __future__ import annotations

from typing import Any

from calculators.core import GRADES, Calculator, Preset, PresetValue, Text


def _text(text: Text) -> dict[str, str]:
    return {"en": text.en, "zh": text.zh}


def describe(calc: Calculator) -> dict[str, Any]:
    return {
        "calculator": calc.name,
        "title": _text(calc.title),
        "question": _text(calc.question),
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
        "constraints": [{"field": rule.field, "message": _text(rule.message)} for rule in calc.constraints],
        "presets": [describe_preset(calc, p) for p in calc.presets],
    }


def _in_field_order(calc: Calculator, preset: Preset) -> list[tuple[str, PresetValue]]:
    return [(f.name, preset.values[f.name]) for f in calc.fields if f.name in preset.values]


def describe_preset(calc: Calculator, preset: Preset) -> dict[str, Any]:
    """A preset's values, each with its source and grade, and the fields it leaves at their defaults."""
    return {
        "id": preset.id,
        "name": _text(preset.name),
        "summary": _text(preset.summary),
        "values": {
            name: {
                "value": entry.value,
                "source": _text(entry.source.text),
                "url": entry.source.url,
                "grade": entry.grade,
                "grade_label": _text(GRADES[entry.grade]),
            }
            for name, entry in _in_field_order(calc, preset)
        },
        "defaults": {name: calc.field(name).default for name in calc.defaulted_fields(preset)},
    }
