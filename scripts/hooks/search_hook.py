"""Search in the reader's language, with Chinese queries matched the way the index was cut.

1. One index per language. mkdocs-static-i18n writes a single search_index.json holding
   both languages, so a search on /zh/ listed English pages first and vice versa. After
   the build the index is split: the default language stays at search/search_index.json,
   each other language gets <lang>/search/search_index.json (the pages point Material at
   it: overrides/assets/javascripts/theme/md-search-lang.js).
2. Material's search worker splits a Chinese query into the longest terms the index
   knows, but its loop never lets a term end on the query's last character: 企业微信 is
   searched as 企业 + 微, 私域流量 as 私域 alone (mkdocs-material 9.8.1, the `fe`
   function of workers/search.*.min.js). The shipped copy is patched; the build fails if
   the code it patches is not there, so an upgrade cannot silently undo the fix.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

DEFAULT_LANG = "en"
WORKER_BUG = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
WORKER_FIX = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def split_index(index: dict[str, Any], langs: list[str]) -> dict[str, dict[str, Any]]:
    """{lang: index holding only that language's pages}; pages of other languages live under <lang>/."""
    others = [lang for lang in langs if lang != DEFAULT_LANG]

    def lang_of(location: str) -> str:
        return next((lang for lang in others if location.startswith(f"{lang}/")), DEFAULT_LANG)

    return {
        lang: {
            **index,
            "config": {**index["config"], "lang": [lang]},
            "docs": [doc for doc in index["docs"] if lang_of(doc["location"]) == lang],
        }
        for lang in langs
    }


def patch_worker(site_dir: Path) -> None:
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not workers:
        raise RuntimeError("search_hook: Material's search worker is missing")
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        if WORKER_FIX in code:
            continue  # (the hook runs again after mkdocs-static-i18n builds the other language)
        if WORKER_BUG not in code:
            raise RuntimeError(f"search_hook: {worker.name} changed: is the segmentation fix still needed?")
        worker.write_text(code.replace(WORKER_BUG, WORKER_FIX), encoding="utf-8")


@event_priority(-110)  # after mkdocs-static-i18n (-100), which writes the combined index last
def on_post_build(config: Any, **_: Any) -> None:
    site_dir = Path(config["site_dir"])
    path = site_dir / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    for lang, part in split_index(index, list(index["config"]["lang"])).items():
        target = path if lang == DEFAULT_LANG else site_dir / lang / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    patch_worker(site_dir)
