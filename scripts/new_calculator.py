#!/usr/bin/env python3
"""Start a calculator from scripts/calculator_template/: its folder, its tests and its two pages.

    .venv/bin/python scripts/new_calculator.py break_even "Break-even"

writes calculators/break_even/, tests/calculators/break_even/ and
docs/{en,zh}/calculators/break-even.md, then prints the nav line to add to mkdocs.yml.
Nothing else needs editing: the registry, the CLI, the build and the tests find it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "scripts" / "calculator_template"


def fill(text: str, name: str, title: str) -> str:
    return text.replace("NAME_TITLE", title).replace("NAME_SLUG", name.replace("_", "-")).replace("NAME", name)


def create(name: str, title: str, root: Path = ROOT) -> list[Path]:
    """Copy the template under ``root``; refuses to overwrite anything."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ValueError(f"{name!r}: use lower-case letters, digits and _ (a Python package name)")
    slug = name.replace("_", "-")
    targets = {
        TEMPLATE / "calculator": root / "calculators" / name,
        TEMPLATE / "tests": root / "tests" / "calculators" / name,
    }
    written = []
    for source, target in targets.items():
        if target.exists():
            raise FileExistsError(f"{target} exists already")
        for path in sorted(source.iterdir()):
            destination = target / path.name
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(fill(path.read_text(encoding="utf-8"), name, title), encoding="utf-8")
            written.append(destination)
    for lang in ("en", "zh"):
        page = root / "docs" / lang / "calculators" / f"{slug}.md"
        if page.exists():
            raise FileExistsError(f"{page} exists already")
        page.write_text(fill((TEMPLATE / "pages" / f"{lang}.md").read_text(encoding="utf-8"), name, title))
        written.append(page)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", help="the calculator's name: a Python package name, e.g. break_even")
    parser.add_argument("title", help="its English title, e.g. Break-even")
    args = parser.parse_args(argv)
    try:
        written = create(args.name, args.title)
    except (ValueError, FileExistsError) as error:
        print(f"new_calculator: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    slug = args.name.replace("_", "-")
    print(f"\nAdd to mkdocs.yml, under Calculators:  - {args.title}: calculators/{slug}.md")
    print(f"and under nav_translations:            {args.title}: <中文标题>")
    return 0


if __name__ == "__main__":
    sys.exit(main())
