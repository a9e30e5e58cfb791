"""The hand-checked golden cases of every calculator: tests/calculators/<name>/golden.json.

Each case: ``inputs``; either ``expect`` (output → value, null or category) with
``notes`` (the exact set of note codes, none if absent), or ``errors`` (the
offending fields, in the order ValidationError lists them). The same cases run
inside Pyodide (tests/pyodide), which must give identical JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from calculators import CALCULATORS

HERE = Path(__file__).resolve().parent


def golden_file(name: str) -> Path:
    return HERE / name / "golden.json"


def cases(name: str) -> list[dict[str, Any]]:
    """One calculator's cases; a missing file is an empty list (its test then fails)."""
    path = golden_file(name)
    found: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
    return found


def all_cases() -> list[dict[str, Any]]:
    return [case for name in CALCULATORS for case in cases(name)]
