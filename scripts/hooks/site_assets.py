"""Files the build adds to the site: the calculators package and the Pyodide runtime.

Both come from this checkout (the package) and node_modules (Pyodide, pinned in
package-lock.json); nothing is downloaded and nothing is committed.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / "calculators"
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
# The runtime files loadPyodide() fetches; the .d.ts, maps and consoles are not needed.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)


def package_zip() -> bytes:
    """The calculators package as a zip, byte-identical for identical sources."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in [*sorted(PACKAGE_DIR.glob("*.py")), PACKAGE_DIR / "py.typed"]:
            info = zipfile.ZipInfo(f"calculators/{path.name}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def package_name(data: bytes) -> str:
    """Content-addressed, so browsers may cache it forever."""
    return f"calculators-{hashlib.sha256(data).hexdigest()[:12]}.zip"


def pyodide_version() -> str:
    manifest = json.loads((PYODIDE_DIR / "package.json").read_text(encoding="utf-8"))
    return str(manifest["version"])


def pyodide_files() -> list[Path]:
    missing = [name for name in PYODIDE_FILES if not (PYODIDE_DIR / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Pyodide files missing from {PYODIDE_DIR}: {', '.join(missing)}; run `npm ci` (scripts/setup)"
        )
    return [PYODIDE_DIR / name for name in PYODIDE_FILES]


CHART_DIR = ROOT / "node_modules" / "chart.js"
CHART_FILE = "dist/chart.umd.min.js"


def chart_version() -> str:
    manifest = json.loads((CHART_DIR / "package.json").read_text(encoding="utf-8"))
    return str(manifest["version"])


def chart_file() -> Path:
    path = CHART_DIR / CHART_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; run `npm ci` (scripts/setup)")
    return path
