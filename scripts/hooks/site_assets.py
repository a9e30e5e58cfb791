"""Files the build adds to the site: the calculators package and the Pyodide runtime.

Both come from this checkout (the package) and node_modules (Pyodide and
Chart.js, pinned in package-lock.json); nothing is downloaded and nothing is
committed. Read when a build starts (the hook's on_config), never at import,
so code that only imports the hooks needs no node_modules.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / "calculators"
# What the browser needs of the package tree: the code and the folders' data files.
PACKAGE_SUFFIXES = (".py", ".toml", ".typed")
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
# The runtime files loadPyodide() fetches; the .d.ts, maps and consoles are not needed.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
CHART_DIR = ROOT / "node_modules" / "chart.js"
CHART_FILE = "dist/chart.umd.min.js"


def package_files() -> list[Path]:
    """Every file of the package tree pytest imports, caches left out, in a stable order."""
    return sorted(
        path
        for path in PACKAGE_DIR.rglob("*")
        if path.is_file() and path.suffix in PACKAGE_SUFFIXES and "__pycache__" not in path.parts
    )


def package_zip() -> bytes:
    """The calculators package, data files included, as a zip; byte-identical for identical sources."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in package_files():
            name = path.relative_to(PACKAGE_DIR.parent).as_posix()
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def package_name(data: bytes) -> str:
    """Content-addressed, so browsers may cache it forever."""
    return f"calculators-{hashlib.sha256(data).hexdigest()[:12]}.zip"


def _version(directory: Path) -> str:
    manifest = directory / "package.json"
    if not manifest.is_file():
        raise FileNotFoundError(f"{manifest} is missing; run `npm ci` (scripts/setup)")
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


def pyodide_version() -> str:
    return _version(PYODIDE_DIR)


def chart_version() -> str:
    return _version(CHART_DIR)


def pyodide_files() -> list[Path]:
    missing = [name for name in PYODIDE_FILES if not (PYODIDE_DIR / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Pyodide files missing from {PYODIDE_DIR}: {', '.join(missing)}; run `npm ci` (scripts/setup)"
        )
    return [PYODIDE_DIR / name for name in PYODIDE_FILES]


def chart_file() -> Path:
    path = CHART_DIR / CHART_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; run `npm ci` (scripts/setup)")
    return path


@dataclass(frozen=True)
class Assets:
    """What one build adds, and the site paths the pages point at."""

    package: bytes
    package_uri: str
    runtime_dir: str
    runtime_files: tuple[Path, ...]
    chart_uri: str
    chart_path: Path

    @classmethod
    def collect(cls) -> Assets:
        package = package_zip()
        return cls(
            package=package,
            package_uri=f"assets/calculators/{package_name(package)}",
            runtime_dir=f"assets/pyodide/{pyodide_version()}",
            runtime_files=tuple(pyodide_files()),
            chart_uri=f"assets/vendor/chart.js/{chart_version()}/chart.umd.min.js",
            chart_path=chart_file(),
        )
