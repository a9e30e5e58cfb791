"""Reading a calculator folder's data files (presets.toml, exercises.toml).

TOML, read with the standard library, so a translator or an analyst can edit a
text or a number without touching Python, and the same files load in Pyodide.
A malformed file fails loudly, naming the file and the entry.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from calculators.core import Text


class DataFileError(ValueError):
    """A data file of a calculator folder that does not say what the loader needs."""


def read_toml(package: str, filename: str) -> dict[str, Any] | None:
    """The parsed file ``filename`` of the package ``package``, or None if there is none."""
    resource = resources.files(package).joinpath(filename)
    if not resource.is_file():
        return None
    try:
        return tomllib.loads(resource.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(f"{package}/{filename}: {error}") from None


def text(value: object, where: str) -> Text:
    """A {"en": …, "zh": …} table as Text; both languages are required."""
    if not isinstance(value, dict) or not isinstance(value.get("en"), str) or not isinstance(value.get("zh"), str):
        raise DataFileError(f"{where}: needs an English and a Chinese text (en = …, zh = …)")
    return Text(value["en"], value["zh"])


def entries(data: dict[str, Any] | None, key: str, where: str) -> list[dict[str, Any]]:
    """The array of tables ``[[key]]`` (empty without a file)."""
    if data is None:
        return []
    found = data.get(key, [])
    if not isinstance(found, list) or not all(isinstance(entry, dict) for entry in found):
        raise DataFileError(f"{where}: [[{key}]] must be an array of tables")
    return found
