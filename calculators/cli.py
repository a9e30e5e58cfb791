"""python -m calculators list | describe NAME [--json] | run NAME [--preset ID] [FIELD=VALUE ...] [--json]
| solve NAME OUTPUT=TARGET --vary FIELD [FIELD=VALUE ...] [--json].

Exit status: 0 done, 1 solve found no solution in the field's allowed range, 2 bad input."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

from calculators.core import (
    GRADES,
    Lang,
    UnknownCalculatorError,
    UnknownPresetError,
    ValidationError,
    parse_number,
)
from calculators.describe import describe
from calculators.display import format_input, format_output, format_stated, unit_label
from calculators.registry import CALCULATORS, get, run
from calculators.solve import solution_sentence, solve

EXIT_NO_SOLUTION = 1  # like grep finding nothing: a valid question whose answer is "none"
EXIT_BAD_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    # FIELD=VALUE pairs may come before or after options (run NAME --json FIELD=0).
    args, extra = parser.parse_known_args(argv)
    if extra and (args.command not in ("run", "solve") or any("=" not in item for item in extra)):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if extra:
        args.assignments = [*args.assignments, *extra]
    try:
        if args.command == "list":
            for name, calc in CALCULATORS.items():
                print(f"{name}\t{calc.title(args.lang)}")
        elif args.command == "describe":
            _describe(args.name, args.json, args.lang)
        elif args.command == "solve":
            return _solve(args.name, args.goal, args.vary, args.assignments, args.json, args.lang)
        else:
            return _run(args.name, args.assignments, args.json, args.lang, args.preset)
    except UnknownCalculatorError:
        print(f"unknown calculator: {args.name} (try: {', '.join(CALCULATORS)})", file=sys.stderr)
        return EXIT_BAD_INPUT
    except UnknownPresetError as error:
        print(f"unknown preset: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m calculators", description=__doc__)
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument("--lang", choices=["en", "zh"], default="en", help="language of labels and messages")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", parents=[lang], help="list the calculators")
    show = commands.add_parser("describe", parents=[lang], help="fields, units, bounds and outputs")
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    compute = commands.add_parser("run", parents=[lang], help="compute, defaults filled in")
    compute.add_argument("name")
    compute.add_argument("assignments", nargs="*", metavar="FIELD=VALUE")
    compute.add_argument("--json", action="store_true", help="print exactly the run() dict")
    compute.add_argument("--preset", metavar="ID", help="start from a named scenario; FIELD=VALUE overrides it")
    seek = commands.add_parser(
        "solve",
        parents=[lang],
        help="goal seek: the value of one field at which an output equals a target",
        epilog="exit status 1: no value in the field's allowed range reaches the target",
    )
    seek.add_argument("name")
    seek.add_argument("goal", metavar="OUTPUT=TARGET")
    seek.add_argument("assignments", nargs="*", metavar="FIELD=VALUE", help="the other inputs (defaults otherwise)")
    seek.add_argument("--vary", required=True, metavar="FIELD", help="the field to solve for")
    seek.add_argument("--json", action="store_true", help="print exactly the solve() dict")
    return parser


def _display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _describe(name: str, as_json: bool, lang: Lang) -> None:
    calc = get(name)
    if as_json:
        print(json.dumps(describe(calc), ensure_ascii=False, indent=2))
        return
    print(calc.title(lang))
    for f in calc.fields:
        unit = unit_label(f.unit, lang)
        shown = format_stated(f.default, f.unit, lang)
        default = f"默认 {shown}" if lang == "zh" else f"default {shown}"
        print(f"  {f.name:<26} {f.label(lang)}{f' ({unit})' if unit else ''}, {default}")
        print(f"  {'':<26} {f.help(lang)}")
    for preset in calc.presets:
        print()
        print(f"preset {preset.id}: {preset.name(lang)}")
        print(f"  {preset.summary(lang)}")
        for spec in calc.fields:
            entry = preset.values.get(spec.name)
            if entry is None:
                continue
            grade = GRADES[entry.grade](lang)
            url = f" {entry.source.url}" if entry.source.url else ""
            value = format_stated(entry.value, spec.unit, lang)
            print(f"  {spec.name:<26} {value} [{grade}] {entry.source.text(lang)}{url}")
        kept = ", ".join(calc.defaulted_fields(preset))
        if kept:
            print(f"  defaults kept: {kept}" if lang == "en" else f"  沿用默认值：{kept}")


def _assignments(items: Sequence[str]) -> dict[str, object] | None:
    """FIELD=VALUE pairs as inputs; None (after saying which) if one has no '='."""
    inputs: dict[str, object] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            print(f"{item}: expected FIELD=VALUE", file=sys.stderr)
            return None
        inputs[key] = value
    return inputs


def _print_errors(error: ValidationError, lang: Lang) -> int:
    for e in error.errors:
        print(f"{e.field}: {e.zh if lang == 'zh' else e.en}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _run(name: str, assignments: Sequence[str], as_json: bool, lang: Lang, preset: str | None) -> int:
    calc = get(name)
    if preset is not None:
        calc.preset(preset)  # an unknown id fails before any input is read
    inputs = _assignments(assignments)
    if inputs is None:
        return EXIT_BAD_INPUT
    try:
        result = run(name, inputs, preset=preset)
    except ValidationError as error:
        return _print_errors(error, lang)
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False))
        return 0
    if preset is not None:
        print(f"{calc.preset(preset).name(lang)}\n")
    width = max(_display_width(o.label(lang)) for o in calc.outputs)
    for spec in calc.outputs:
        label = spec.label(lang)
        padding = " " * (width - _display_width(label))
        print(f"{label}{padding}  {format_output(spec, result['outputs'][spec.key], lang)}")
    for note in result["notes"]:
        print(f"* {note[lang]}")
    return 0


def _solve(name: str, goal: str, vary: str, assignments: Sequence[str], as_json: bool, lang: Lang) -> int:
    get(name)  # an unknown calculator fails before any input is read
    output, sep, target = goal.partition("=")
    inputs = _assignments(assignments)
    if not sep:
        print(f"{goal}: expected OUTPUT=TARGET", file=sys.stderr)
        return EXIT_BAD_INPUT
    if inputs is None:
        return EXIT_BAD_INPUT
    try:
        result = solve(name, inputs, output, target, vary)
    except ValidationError as error:
        return _print_errors(error, lang)
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print(_solved_text(name, output, target, vary, result, lang))
    return EXIT_NO_SOLUTION if result["value"] is None else 0


def _solved_text(name: str, output: str, target: str, vary: str, result: dict[str, Any], lang: Lang) -> str:
    """One sentence saying what to set, then the value as `run` takes it (FIELD=VALUE)."""
    goal = parse_number(target)  # solve() has checked that it is a number
    assert goal is not None
    text = solution_sentence(name, output, goal, vary, result, lang)
    if result["value"] is None:
        return text
    return f"{text}\n{vary}={format_input(get(name).field(vary), result['value'])}"
