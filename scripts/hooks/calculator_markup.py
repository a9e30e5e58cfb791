"""The HTML of a calculator, rendered at build time from the Python specs.

It carries the DOM contract of calculators-spec.md (data-calculator, data-state,
name=, data-output + data-value, data-error-for) and the default results, so the
page is correct before any script runs. The page script only wires behaviour.
"""

from __future__ import annotations

from html import escape
from typing import Any

from calculators import get, run
from calculators.core import Calculator, Lang, Text
from calculators.display import format_input, format_output, js_number_string, unit_label

# What the status line says in each data-state; the page script swaps these in.
STATUS: dict[str, Text] = {
    "static": Text(
        "These are the default results, worked out when the page was built.",
        "以下为默认输入的结果，在构建页面时已算好。",
    ),
    "loading": Text(
        "Starting the live calculator… you can read and type meanwhile.",
        "正在启动实时计算……可以先阅读或修改输入。",
    ),
    "live": Text("Live: results update as you type.", "已就绪：修改输入，结果即时更新。"),
    "invalid": Text(
        "Some inputs need fixing; the results below are from your last valid numbers.",
        "有输入需要更正；下方结果仍是上一组有效输入的结果。",
    ),
    "error": Text(
        "The live calculator could not start in this browser. The results below stay correct for the inputs shown when the page was built.",
        "实时计算无法在此浏览器中启动。下方结果仍对应页面构建时的默认输入。",
    ),
}
RESULTS_HEADING = Text("Results", "计算结果")
INPUTS_HEADING = Text("Inputs", "输入")


def render(name: str, lang: Lang, runtime_url: str, package_url: str) -> str:
    """The whole widget for one calculator, with its default results filled in."""
    calc = get(name)
    result = run(name, {})
    attrs = {
        "class": "calc",
        "data-calculator": name,
        "data-state": "static",
        "data-lang": lang,
        "data-runtime": runtime_url,
        "data-package": package_url,
        **{f"data-msg-{state}": text(lang) for state, text in STATUS.items()},
    }
    parts = [
        f"<div {_attrs(attrs)}>",
        f'<form class="calc__form" novalidate autocomplete="off" aria-label="{escape(INPUTS_HEADING(lang))}">',
        *(_field(calc, spec_name, result["inputs"][spec_name], lang) for spec_name in result["inputs"]),
        "</form>",
        f'<section class="calc__results" aria-label="{escape(RESULTS_HEADING(lang))}">',
        f'<p class="calc__status" data-status role="status">{escape(STATUS["static"](lang))}</p>',
        '<dl class="calc__outputs" aria-live="polite">',
        *(_output(calc, key, result, lang) for key in (o.key for o in calc.outputs)),
        "</dl>",
        '<ul class="calc__notes" data-notes aria-live="polite">',
        *(f'<li data-note="{escape(n["code"])}">{escape(n[lang])}</li>' for n in result["notes"]),
        "</ul>",
        "</section>",
        "</div>",
    ]
    return "\n".join(parts)


def _field(calc: Calculator, name: str, value: Any, lang: Lang) -> str:
    spec = calc.field(name)
    base = f"{calc.name}-{name}"
    unit = unit_label(spec.unit, lang)
    unit_html = f' <span class="calc__unit">({escape(unit)})</span>' if unit else ""
    return "".join(
        [
            '<div class="calc__field">',
            f'<label for="{base}">{escape(spec.label(lang))}{unit_html}</label>',
            f'<input id="{base}" name="{name}" type="text" inputmode="decimal" spellcheck="false"'
            f' value="{escape(format_input(spec, value))}" aria-describedby="{base}-help {base}-error">',
            f'<p class="calc__help" id="{base}-help">{escape(spec.help(lang))}</p>',
            f'<p class="calc__error" id="{base}-error" data-error-for="{name}"></p>',
            "</div>",
        ]
    )


def _output(calc: Calculator, key: str, result: dict[str, Any], lang: Lang) -> str:
    spec = next(o for o in calc.outputs if o.key == key)
    value = result["outputs"][key]
    raw = "" if value is None else value if isinstance(value, str) else js_number_string(value)
    return (
        f'<div class="calc__output"><dt>{escape(spec.label(lang))}</dt>'
        f'<dd><output data-output="{key}" data-value="{escape(raw)}">'
        f"{escape(format_output(spec, value, lang))}</output></dd></div>"
    )


def _attrs(attrs: dict[str, str]) -> str:
    return " ".join(f'{key}="{escape(value)}"' for key, value in attrs.items())
