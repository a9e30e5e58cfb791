"""The build's offline list: what the service worker keeps, in which group, for which build."""

from __future__ import annotations

import json
import re
from pathlib import Path


def test_the_worker_names_its_own_build_and_the_list_covers_the_site(built_site: Path) -> None:
    listing = json.loads((built_site / "offline.json").read_text(encoding="utf-8"))
    worker = (built_site / "sw.js").read_text(encoding="utf-8")
    assert re.search(r'const VERSION = "([0-9a-f]{12})"', worker).group(1) == listing["version"]  # type: ignore[union-attr]
    assert (built_site / f"offline-{listing['version']}.json").read_text(encoding="utf-8") == json.dumps(
        listing, separators=(",", ":")
    )
    assert sorted(built_site.glob("offline-*.json")) == [built_site / f"offline-{listing['version']}.json"]
    groups = {path: group for path, _, group in listing["files"]}
    pages = [p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")]
    for page in pages:
        url = "" if page == "." else page + "/"
        assert groups[url] == ("zh" if url.startswith("zh/") else "en"), url
    assert groups["search/search_index.json"] == "en" and groups["zh/search/search_index.json"] == "zh"
    assert groups["sitemap.xml"] == "theme", "instant navigation reads it"
    runtime = [path for path, group in groups.items() if group == "runtime"]
    assert any(p.endswith("pyodide.asm.wasm") for p in runtime) and any(p.endswith(".snapshot") for p in runtime)
    assert all(p.startswith(("assets/pyodide/", "assets/calculators/")) for p in runtime)
    assert not any(p.endswith((".br", ".gz", ".map")) or p == "sw.js" for p in groups)
    sizes = {path: size for path, size, _ in listing["files"]}
    assert all(sizes[p] == (built_site / p).stat().st_size for p in runtime)
