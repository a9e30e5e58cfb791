"""The interpreter snapshot the build makes (scripts/snapshot/make-snapshot.mjs):
where the worker looks for it, what its header says, and that an interpreter
restored from it answers as CPython does and does not share its random state."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import site_assets

from calculators import CALCULATORS, ValidationError, exercises, run
from calculators.web import respond
from tests.calculators.golden import all_cases

HERE = Path(__file__).resolve().parent


def snapshot_dir(built_site: Path) -> Path:
    package = site_assets.package_zip()
    uri = f"assets/calculators/{site_assets.package_name(package)}"
    return built_site / site_assets.snapshot_dir(uri, site_assets.pyodide_version())


def test_the_snapshot_sits_beside_the_package_sealed_for_it(built_site: Path) -> None:
    folder = snapshot_dir(built_site)
    assert sorted(p.name for p in folder.iterdir()) == sorted(site_assets.SNAPSHOT_FILES)
    sealed = (folder / "interpreter.snapshot").read_bytes()
    assert sealed[:8] == b"CALCSNP2"
    assert sealed[20:64].rstrip(b"\0").decode() == site_assets.package_hash(site_assets.package_zip())
    # Zero pages are left out: well under the 30 MiB heap it restores.
    assert len(sealed) < 30 * 1024 * 1024 * 0.75
    # The stdlib it was made with is trimmed to what the calculators import.
    full = (site_assets.PYODIDE_DIR / "python_stdlib.zip").stat().st_size
    assert (folder / "python_stdlib.zip").stat().st_size < full / 2


def _answer(name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    try:
        return {"ok": run(name, inputs)}
    except ValidationError as error:
        return {"error": [e.to_dict() for e in error.errors]}


def web_requests() -> list[str]:
    """What the pages ask: every calculator with its sensitivity table, bad input, every exercise checked."""
    requests: list[dict[str, Any]] = []
    for lang in ("en", "zh"):
        for name, calc in CALCULATORS.items():
            requests.append({"calculator": name, "inputs": {}, "lang": lang, "want": ["sensitivity"]})
            requests.append({"calculator": name, "inputs": {calc.fields[-1].name: "-1e999"}, "lang": lang})
        for exercise in exercises.catalogue():
            requests.append({"exercise": exercise.id, "lang": lang, "responses": {"x": "1"}})
    return [json.dumps(request) for request in requests]


def test_a_restored_interpreter_answers_as_cpython_and_draws_its_own_random_numbers(built_site: Path) -> None:
    """Restored without the package's files unpacked: the worker answers before it unpacks them."""
    cases = [[case["calculator"], case["inputs"]] for case in all_cases()]
    requests = web_requests()
    hash_ = site_assets.package_hash(site_assets.package_zip())
    done = subprocess.run(
        ["node", str(HERE / "restore_snapshot.mjs"), str(snapshot_dir(built_site)), hash_],
        input=json.dumps({"cases": cases, "requests": requests}),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["cases"] == [_answer(name, inputs) for name, inputs in cases]
    assert out["requests"] == [respond(request) for request in requests]
    first, second = out["random"]
    assert first != second, "every restore reseeds random; the build's state is not shared"
