"""Named scenarios, read from each calculator folder's presets.toml.

Every number carries its source and a grade (core.GRADES), the site's one
evidence vocabulary: ``official_filing`` (official source: a company's filing
or results release, a law, a platform's own documentation), ``industry_report``
(research firms, trade and mainstream media), ``secondary_estimate`` (blogs,
vendor pages, retellings), ``illustrative`` (assumed). A number adapted from a
source by more than plain arithmetic is illustrative, whatever the source's grade. A preset sets
only the fields it has a reason for; the rest keep the calculator's defaults.
"""

from __future__ import annotations

from typing import Any, cast

from calculators.core import GRADES, Calculator, Grade, Preset, PresetValue, Source
from calculators.data import DataFileError, entries, read_toml, text

FILENAME = "presets.toml"


def load(package: str, calc: Calculator) -> tuple[Preset, ...]:
    """The presets of the calculator folder ``package`` (none if it has no presets.toml)."""
    where = f"{package}/{FILENAME}"
    presets = tuple(_preset(entry, calc, where) for entry in entries(read_toml(package, FILENAME), "preset", where))
    ids = [preset.id for preset in presets]
    if len(set(ids)) != len(ids):
        raise DataFileError(f"{where}: preset ids must be unique ({', '.join(ids)})")
    return presets


def _preset(entry: dict[str, Any], calc: Calculator, where: str) -> Preset:
    preset_id = entry.get("id")
    if not isinstance(preset_id, str) or not preset_id:
        raise DataFileError(f"{where}: every [[preset]] needs an id")
    here = f"{where} [{preset_id}]"
    values = entry.get("values", {})
    known = {spec.name for spec in calc.fields}
    unknown = sorted(set(values) - known)
    if unknown:
        raise DataFileError(f"{here}: {calc.name} has no field {', '.join(unknown)}")
    return Preset(
        preset_id,
        text(entry.get("name"), f"{here} name"),
        text(entry.get("summary"), f"{here} summary"),
        {name: _value(value, f"{here} {name}") for name, value in values.items()},
    )


def _value(entry: object, where: str) -> PresetValue:
    if not isinstance(entry, dict):
        raise DataFileError(f"{where}: must be a table with value, grade and source")
    number, grade, url = entry.get("value"), entry.get("grade"), entry.get("url", "")
    if isinstance(number, bool) or not isinstance(number, int | float):
        raise DataFileError(f"{where}: value must be a number")
    if grade not in GRADES:
        raise DataFileError(f"{where}: grade must be one of {', '.join(GRADES)}")
    if not isinstance(url, str):
        raise DataFileError(f"{where}: url must be text")
    return PresetValue(number, Source(text(entry.get("source"), f"{where} source"), url), cast(Grade, grade))
