"""The search index split per language, and the patched query segmentation, in the built site."""

from __future__ import annotations

import json
from pathlib import Path

import search_hook


def test_split_index_gives_each_language_its_own_pages() -> None:
    index = {
        "config": {"lang": ["en", "zh"], "separator": "x"},
        "docs": [{"location": "a/"}, {"location": "zh/a/"}, {"location": "zhang/"}],
    }
    parts = search_hook.split_index(index, ["en", "zh"])
    assert [d["location"] for d in parts["en"]["docs"]] == ["a/", "zhang/"]
    assert [d["location"] for d in parts["zh"]["docs"]] == ["zh/a/"]
    assert parts["zh"]["config"] == {"lang": ["zh"], "separator": "x"}


def test_built_site_has_one_index_per_language_and_the_fixed_worker(built_site: Path) -> None:
    en = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    zh = json.loads((built_site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert en["docs"] and zh["docs"]
    assert not any(d["location"].startswith("zh/") for d in en["docs"])
    assert all(d["location"].startswith("zh/") for d in zh["docs"])
    (worker,) = (built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    code = worker.read_text(encoding="utf-8")
    assert search_hook.WORKER_FIX in code and search_hook.WORKER_BUG not in code
