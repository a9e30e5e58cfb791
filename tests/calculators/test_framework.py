"""The framework names no calculator: every calculator is a folder the registry discovers.

A team adds a calculator by adding calculators/<name>/, its tests, its pages and a
nav line; nothing in the package's framework, the MkDocs hooks or the page scripts
may need editing, so none of them may mention one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calculators import CALCULATORS
from calculators.registry import presentation

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK = sorted(
    [
        *(ROOT / "calculators").glob("*.py"),  # the package outside the calculator folders
        *(ROOT / "scripts" / "hooks").glob("*.py"),
        *(ROOT / "docs" / "assets" / "javascripts").glob("*.js"),
    ]
)


def _spellings(name: str) -> list[str]:
    return [name, name.replace("_", "-")]  # the module name and its page slug


@pytest.mark.parametrize("path", FRAMEWORK, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_framework_file_names_a_calculator(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for name in CALCULATORS:
        for spelling in _spellings(name):
            assert not re.search(rf"\b{re.escape(spelling)}\b", text), f"{path.name} names {spelling}"


def test_every_calculator_is_a_folder_with_its_data_and_its_tests() -> None:
    for name in CALCULATORS:
        folder = ROOT / "calculators" / name
        for part in ("__init__.py", "model.py", "presentation.py", "presets.toml"):
            assert (folder / part).is_file(), f"{name} has no {part}"
        tests = ROOT / "tests" / "calculators" / name
        for part in ("contract.py", "golden.json", "test_model.py"):
            assert (tests / part).is_file(), f"tests/calculators/{name} has no {part}"
        assert CALCULATORS[name].question.en and CALCULATORS[name].question.zh, name


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_the_form_groups_hold_every_field_once_in_field_order(name: str) -> None:
    groups = presentation(name).groups
    if not groups:
        assert len(CALCULATORS[name].fields) <= 5, f"{name}: a long form needs sections"
        return
    grouped = [field for group in groups for field in group.fields]
    assert grouped == [spec.name for spec in CALCULATORS[name].fields]
    for group in groups:
        assert group.title("en") and group.title("zh") and group.fields
