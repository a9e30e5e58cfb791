"""Write .gz (and .br) copies of a built site's text and wasm files, for nginx's
gzip_static / brotli_static (see scripts/nginx/).

    python scripts/precompress.py site/

- gzip: Python's gzip module at level 9 with mtime 0, so identical inputs give
  identical bytes.
- brotli: quality 11 through Node's built-in zlib (Node is already needed for
  Pyodide), so no extra package. Brotli 11 is slow (~1 min for Pyodide's wasm on
  2 cores), so every result is cached by content hash in
  node_modules/.cache/precompress/ (the Pyodide files never change between
  builds). Without Node the .br files are skipped with a notice.
- Only files of at least MIN_SIZE bytes whose extension is in EXTENSIONS are
  compressed, and only when compression saves something; zips
  (python_stdlib.zip, the calculators package) are already compressed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTENSIONS = frozenset({".wasm", ".snapshot", ".mjs", ".js", ".json", ".css", ".html", ".svg", ".xml"})
BINARY = (".wasm", ".snapshot")
MIN_SIZE = 1024
CACHE = ROOT / "node_modules" / ".cache" / "precompress"
BROTLI_QUALITY = 11

# Reads [[source, target], ...] as JSON on stdin and writes brotli'd copies.
_NODE_BROTLI = r"""
const fs = require("fs"), zlib = require("zlib");
const jobs = JSON.parse(fs.readFileSync(0, "utf8"));
const quality = Number(process.argv[1]);
const binary = JSON.parse(process.argv[2]);
for (const [source, target] of jobs) {
  const data = fs.readFileSync(source);
  const isBinary = binary.some((suffix) => source.endsWith(suffix));
  const params = {
    [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    [zlib.constants.BROTLI_PARAM_MODE]: isBinary ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
    // The largest window every browser decodes (16 MiB): the 30 MiB snapshot repeats itself far apart.
    [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
  };
  fs.writeFileSync(target + ".tmp", zlib.brotliCompressSync(data, { params }));
  fs.renameSync(target + ".tmp", target);
}
"""


def candidates(site: Path) -> list[Path]:
    return sorted(
        path
        for path in site.rglob("*")
        if path.suffix in EXTENSIONS and path.is_file() and path.stat().st_size >= MIN_SIZE
    )


def _cached(path: Path, suffix: str) -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return CACHE / f"{digest}{suffix}"


def _gzip(path: Path) -> Path:
    """The .gz for ``path`` in the cache, made if missing."""
    cached = _cached(path, ".gz")
    if not cached.exists():
        data = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        # Unique per thread: two files with the same content may be compressed at once.
        tmp = cached.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(cached)
    return cached


def _brotli(paths: list[Path], node: str) -> dict[Path, Path]:
    """The .br for each path in the cache; the missing ones are made with Node, two at a time."""
    targets = {path: _cached(path, f".q{BROTLI_QUALITY}w24.br") for path in paths}
    todo = sorted((p for p, t in targets.items() if not t.exists()), key=lambda p: -p.stat().st_size)
    batches: list[list[list[str]]] = [[], []]
    for i, path in enumerate(todo):  # the biggest files first, alternating between two processes
        batches[i % 2].append([str(path), str(targets[path])])

    def run(batch: list[list[str]]) -> None:
        if batch:
            subprocess.run(
                [node, "-e", _NODE_BROTLI, str(BROTLI_QUALITY), json.dumps(BINARY)],
                input=json.dumps(batch),
                text=True,
                check=True,
            )

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(run, batches))
    return targets


def _place(path: Path, compressed: Path, suffix: str) -> int:
    """Copy the compressed file next to ``path`` if it is smaller; return the bytes saved."""
    target = path.with_name(path.name + suffix)
    saved = path.stat().st_size - compressed.stat().st_size
    if saved <= 0:
        target.unlink(missing_ok=True)
        return 0
    shutil.copyfile(compressed, target)
    return saved


def precompress(site: Path, brotli: bool = True) -> dict[str, int]:
    CACHE.mkdir(parents=True, exist_ok=True)
    paths = candidates(site)
    with ThreadPoolExecutor(2) as pool:
        gzipped = dict(zip(paths, pool.map(_gzip, paths), strict=True))
    stats = {"files": len(paths), "gzip_saved": sum(_place(p, c, ".gz") for p, c in gzipped.items())}
    node = shutil.which("node") if brotli else None
    if brotli and not node:
        print("precompress: node not found, skipping .br files", file=sys.stderr)
    if node:
        brotlied = _brotli(paths, node)
        stats["brotli_saved"] = sum(_place(p, c, ".br") for p, c in brotlied.items())
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site directory")
    parser.add_argument("--no-brotli", action="store_true", help="write .gz files only")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} does not look like a built site (no index.html)")
    stats = precompress(args.site, brotli=not args.no_brotli)
    summary = ", ".join(f"{key} {value:,}" for key, value in stats.items())
    print(f"precompress: {args.site}: {summary}")


if __name__ == "__main__":
    main()
