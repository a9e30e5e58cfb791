"""python -m calculators list | describe NAME [--json] | run NAME [FIELD=VALUE ...] [--json]."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence

from calculators.core import Lang, UnknownCalculatorError, ValidationError
from calculators.describe import describe
from calculators.display import format_output, unit_label
from calculators.registry import CALCULATORS, get, run

EXIT_BAD_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    # FIELD=VALUE pairs may come before or after options (run ltv_cac --json cac=0).
    args, extra = parser.parse_known_args(argv)
    if extra and (args.command != "run" or any("=" not in item for item in extra)):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if extra:
        args.assignments = [*args.assignments, *extra]
    try:
        if args.command == "list":
            for name, calc in CALCULATORS.items():
                print(f"{name}\t{calc.title(args.lang)}")
        elif args.command == "describe":
            _describe(args.name, args.json, args.lang)
        else:
            return _run(args.name, args.assignments, args.json, args.lang)
    except UnknownCalculatorError:
        print(f"unknown calculator: {args.name} (try: {', '.join(CALCULATORS)})", file=sys.stderr)
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
        print(f"  {f.name:<26} {f.label(lang)}{f' ({unit})' if unit else ''}, default {f.default}")
        print(f"  {'':<26} {f.help(lang)}")


def _run(name: str, assignments: Sequence[str], as_json: bool, lang: Lang) -> int:
    calc = get(name)
    inputs: dict[str, object] = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        if not sep:
            print(f"{item}: expected FIELD=VALUE", file=sys.stderr)
            return EXIT_BAD_INPUT
        inputs[key] = value
    try:
        result = run(name, inputs)
    except ValidationError as error:
        for e in error.errors:
            print(f"{e.field}: {e.zh if lang == 'zh' else e.en}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False))
        return 0
    width = max(_display_width(o.label(lang)) for o in calc.outputs)
    for spec in calc.outputs:
        label = spec.label(lang)
        padding = " " * (width - _display_width(label))
        print(f"{label}{padding}  {format_output(spec, result['outputs'][spec.key], lang)}")
    for note in result["notes"]:
        print(f"* {note[lang]}")
    return 0
