"""Every page exists in both languages, with the same skeleton.

Pairs are docs/en/X.md and docs/zh/X.md. Headings must carry explicit ids
(`## Title { #id }`), identical and in the same order on both sides, so links
and anchors survive a language switch. Markers the hooks expand must match too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
EN, ZH = DOCS / "en", DOCS / "zh"
STUBS = ("This chapter is being written", "本章正在撰写中")

_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ID = re.compile(r"\{\s*#([A-Za-z0-9_-]+)\s*\}\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_MARKER = re.compile(r"^<!--\s*(calculator\s+\S+|glossary)\s*-->", re.MULTILINE)


def relative_pages(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*.md")}


PAIRS = sorted(relative_pages(EN) & relative_pages(ZH))


def body(path: Path) -> list[str]:
    """The page's lines without YAML front matter and without fenced code blocks."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        lines = lines[end + 1 :]
    kept, fenced = [], False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
            kept.append("")
            continue
        kept.append("" if fenced else line)
    return kept


def headings(path: Path) -> list[tuple[int, str, str | None]]:
    """(level, text, explicit id or None) for every heading."""
    found = []
    previous = ""
    for line in body(path):
        atx = _ATX.match(line)
        if atx and not line.startswith("    "):
            text = atx.group(2)
            explicit = _ID.search(text)
            found.append((len(atx.group(1)), text, explicit.group(1) if explicit else None))
        elif (
            _SETEXT.match(line)
            and previous.strip()
            and not previous.lstrip().startswith(("|", "-", "*", ">"))
        ):
            found.append((1 if line.startswith("=") else 2, previous.strip(), None))
        previous = line
    return found


def test_every_english_page_has_a_chinese_twin() -> None:
    assert sorted(relative_pages(EN) - relative_pages(ZH)) == []


def test_every_chinese_page_has_an_english_twin() -> None:
    assert sorted(relative_pages(ZH) - relative_pages(EN)) == []


@pytest.mark.parametrize("page", PAIRS)
def test_every_heading_has_an_explicit_id(page: str) -> None:
    for root in (EN, ZH):
        missing = [text for _, text, heading_id in headings(root / page) if heading_id is None]
        assert missing == [], f"{root.name}/{page}: headings without {{ #id }}: {missing}"


@pytest.mark.parametrize("page", PAIRS)
def test_heading_ids_match_in_the_same_order(page: str) -> None:
    en = [(level, heading_id) for level, _, heading_id in headings(EN / page)]
    zh = [(level, heading_id) for level, _, heading_id in headings(ZH / page)]
    assert en == zh


@pytest.mark.parametrize("page", PAIRS)
def test_heading_ids_are_unique_on_a_page(page: str) -> None:
    ids = [heading_id for _, _, heading_id in headings(EN / page) if heading_id]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("page", PAIRS)
def test_hook_markers_match(page: str) -> None:
    en = _MARKER.findall((EN / page).read_text(encoding="utf-8"))
    zh = _MARKER.findall((ZH / page).read_text(encoding="utf-8"))
    assert [" ".join(m.split()) for m in en] == [" ".join(m.split()) for m in zh]


@pytest.mark.parametrize("page", PAIRS)
def test_no_page_is_still_a_stub(page: str) -> None:
    for root in (EN, ZH):
        text = (root / page).read_text(encoding="utf-8")
        assert not any(stub in text for stub in STUBS), f"{root.name}/{page} is still a stub"


def test_the_heading_parser_sees_what_markdown_sees(tmp_path: Path) -> None:
    page = tmp_path / "x.md"
    page.write_text(
        "---\ntitle: T\n---\n# One { #one }\n\n```\n# not a heading\n```\n\nSetext\n------\n\n"
        "| a |\n|---|\n\n## Two {#two}\n",
        encoding="utf-8",
    )
    assert headings(page) == [(1, "One { #one }", "one"), (2, "Setext", None), (2, "Two {#two}", "two")]
