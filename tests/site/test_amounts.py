"""Money on the calculator and practice pages is written one way, as the results print it: ¥30."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

SECTIONS = ["calculators", "practice", "zh/calculators", "zh/practice"]
# "30 ¥", "30¥", "¥ 30", "30 元", "1.12 万元", "30 yuan", "a 99-yuan course"; not "per yuan", "每元".
OTHER_WAYS = re.compile(r"\d ?¥|¥ \d|\d[\d,.–]*\s*[万亿]?元|\d[\d,.–]*[ -]yuan")


def shown_text(page: Path) -> str:
    """What a reader can see, including the chart payloads and data attributes the script shows later."""
    html = re.sub(r"<script\b.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", unescape(html))


@pytest.mark.parametrize("section", SECTIONS)
def test_amounts_are_written_yen_first(built_site: Path, section: str) -> None:
    pages = sorted((built_site / section).rglob("index.html"))
    assert len(pages) >= 4
    for page in pages:
        text = shown_text(page)
        found = [text[max(0, m.start() - 30) : m.end() + 10] for m in OTHER_WAYS.finditer(text)]
        assert found == [], f"{page.relative_to(built_site)}: {found}"
    if section.endswith("calculators"):  # the pages do show money, the ¥ way
        assert any(re.search(r"¥\d", shown_text(page)) for page in pages)
