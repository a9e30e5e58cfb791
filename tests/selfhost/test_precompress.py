"""scripts/precompress.py, the build step behind gzip_static / brotli_static."""

from __future__ import annotations

import gzip
import shutil

import precompress

from .conftest import Server, needs_nginx

pytestmark = needs_nginx


def test_text_and_wasm_files_have_identical_precompressed_twins(nginx_root: Server) -> None:
    site = nginx_root.site
    candidates = precompress.candidates(site)
    assert any(p.suffix == ".wasm" for p in candidates) and any(p.suffix == ".mjs" for p in candidates)
    for path in candidates:
        twin = path.with_name(path.name + ".gz")
        if twin.exists():
            data = path.read_bytes()
            assert twin.read_bytes() == gzip.compress(data, compresslevel=9, mtime=0), "deterministic gzip -9"
        else:
            assert len(gzip.compress(path.read_bytes(), 9, mtime=0)) >= path.stat().st_size, f"{path} not compressed"
    assert not list(site.rglob("*.zip.gz")) and not list(site.rglob("*.zip.br")), "zips are compressed already"
    twins = [p for p in site.rglob("*.gz") if p.name != "sitemap.xml.gz"]  # MkDocs writes that one
    small = [p for p in twins if p.with_suffix("").stat().st_size < precompress.MIN_SIZE]
    assert twins and small == [], "files under 1 KB are left alone"
    if shutil.which("node"):
        wasm = next(p for p in candidates if p.suffix == ".wasm")
        assert wasm.with_name(wasm.name + ".br").stat().st_size < wasm.with_name(wasm.name + ".gz").stat().st_size
