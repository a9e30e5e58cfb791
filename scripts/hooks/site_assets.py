"""Files the build adds to the site: the calculators package, the Pyodide runtime
and the interpreter snapshot made from both.

Both come from this checkout (the package) and node_modules (Pyodide and
Chart.js, pinned in package-lock.json); nothing is downloaded and nothing is
committed. Read when a build starts (the hook's on_config), never at import,
so code that only imports the hooks needs no node_modules.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
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
# The build-time memory snapshot (scripts/snapshot/make-snapshot.mjs), made with
# Node and kept by its inputs' hash, since making one takes seconds.
SNAPSHOT_MAKER = ROOT / "scripts" / "snapshot" / "make-snapshot.mjs"
SNAPSHOT_MODULE = ROOT / "docs" / "assets" / "javascripts" / "calculator-snapshot.js"
SNAPSHOT_FILES = ("interpreter.snapshot", "python_stdlib.zip")
SNAPSHOT_CACHE = ROOT / "node_modules" / ".cache" / "snapshot"
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


def package_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def package_name(data: bytes) -> str:
    """Content-addressed, so browsers may cache it forever."""
    return f"calculators-{package_hash(data)}.zip"


def snapshot_dir(package_uri: str, version: str) -> str:
    """Where the snapshot for this package and Pyodide version lives; calculator-snapshot.js's
    snapshotUrls() derives the same path from the package URL."""
    return f"{package_uri.removesuffix('.zip')}.pyodide-{version}"


def make_snapshot(package: bytes) -> dict[str, bytes]:
    """The snapshot files (SNAPSHOT_FILES) for this package, made by Node or taken from the cache.

    Keyed by everything that goes into them: the package, the Pyodide build and the
    two scripts. Snapshots are not byte-reproducible (file times, memory layout), so
    the cache also keeps a site's snapshot stable across rebuilds of the same package."""
    inputs = [package, *(path.read_bytes() for path in (PYODIDE_DIR / "pyodide.mjs", SNAPSHOT_MAKER, SNAPSHOT_MODULE))]
    key = hashlib.sha256(b"".join(hashlib.sha256(data).digest() for data in inputs)).hexdigest()[:24]
    cached = SNAPSHOT_CACHE / key
    if not all((cached / name).is_file() for name in SNAPSHOT_FILES):
        node = shutil.which("node")
        if node is None:
            raise FileNotFoundError("node is needed to make the interpreter snapshot (scripts/setup)")
        SNAPSHOT_CACHE.mkdir(parents=True, exist_ok=True)
        made = SNAPSHOT_CACHE / f"{key}.{os.getpid()}.tmp"
        with tempfile.TemporaryDirectory(prefix="snapshot-") as scratch:
            zipped = Path(scratch) / package_name(package)
            zipped.write_bytes(package)
            subprocess.run(
                [node, str(SNAPSHOT_MAKER), str(PYODIDE_DIR), str(zipped), package_hash(package), str(made)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        shutil.rmtree(cached, ignore_errors=True)
        made.replace(cached)  # whole, or not at all: another build may be reading the cache
    return {name: (cached / name).read_bytes() for name in SNAPSHOT_FILES}


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
