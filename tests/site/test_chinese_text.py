"""Chinese pages typeset as Chinese: a line break inside a paragraph renders as a
space, which between two Chinese characters reads as a typo ("以后， 漏斗")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]"
# A CJK character at the end of a line, and the next line (not a new block) starting with one.
BROKEN_LINE = re.compile(rf"{CJK}\n[ \t]*(?![-|#<!*\s]|\[\^|\d+\.){CJK}")
SPACE_AFTER_BOLD = re.compile(rf"[。？！：]\*\* {CJK}")


@pytest.mark.parametrize("page", sorted((ROOT / "docs" / "zh").rglob("*.md")), ids=lambda p: p.name)
def test_no_stray_spaces_between_chinese_characters(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert not BROKEN_LINE.search(text), f"line break inside a Chinese sentence: {BROKEN_LINE.search(text)}"
    assert not SPACE_AFTER_BOLD.search(text), "space after a bold Chinese phrase ending in punctuation"
