"""Sentences are ours: no page may reuse a source article's wording, and no page
may ship placeholders or notes about the project instead of reading text.

1. Copying. Any run of `RUN` (12) or more identical Chinese characters shared
   between a page (docs/zh, and docs/en for quoted Chinese) and a file in the
   source folder fails. Both sides are reduced to their sequence of CJK
   ideographs (punctuation, spaces, Latin letters and digits dropped), and
   traditional characters are folded into simplified ones, so a page cannot
   pass by re-punctuating a sentence or by copying from a traditional-script
   source. Book titles quoted in 《…》 (how a footnote cites an article) are not
   prose: they are left out, and no run is counted across one.
2. Placeholders: "coming soon", TBD, TODO, 即将推出, 敬请期待, 待补充 … in any page.
3. Notes about the project in reading text: "Source 004 shows…", "来源 003 …".
   Cite an article by its title, publisher and year instead.

The source folder is `shared/sources` beside the repository
(`Path(__file__).parents[3] / "shared" / "sources"`), where CI puts it. A
checkout elsewhere can point at it with ORIGINALITY_SOURCES. A missing folder
fails the test: a check that silently skips is no check.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SOURCES = Path(__file__).resolve().parents[3] / "shared" / "sources"
T2S_FILE = Path(__file__).with_name("data") / "t2s.txt"
RUN = 12  # the shortest shared run that fails

# CJK Unified Ideographs, Extension A, Compatibility Ideographs, and the supplementary planes.
_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_BOOK_TITLE = re.compile(r"《[^《》\n]{0,80}》")
PLACEHOLDER = re.compile(r"(?i:coming\s+soon)|\bTBD\b|\bTODO\b|\bFIXME\b|即将推出|即将上线|敬请期待|待补充|待完善|待续")
SOURCE_NUMBER = re.compile(r"(?i:\bsources?\s+(?:no\.\s*)?0\d\d\b)|来源\s*0\d\d")


def sources_dir() -> Path:
    override = os.environ.get("ORIGINALITY_SOURCES")
    folder = Path(override) if override else SOURCES
    if not folder.is_dir() or not any(folder.iterdir()):
        pytest.fail(
            f"the source articles are missing: expected them in {folder} "
            "(shared/sources beside the repository, or ORIGINALITY_SOURCES=/path/to/sources). "
            "Without them the originality check cannot run.",
            pytrace=False,
        )
    return folder


@cache
def t2s() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in T2S_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        for token in line.split():
            if len(token) == 2:
                table[token[0]] = token[1]
    assert len(table) > 2000, f"{T2S_FILE} looks truncated"
    return table


@dataclass(frozen=True)
class Ideographs:
    """A text's CJK ideographs (folded to simplified), with the line each came from."""

    chars: str
    lines: tuple[int, ...]


_BREAK = "\x00"  # stands in for a quoted title: no run can cross it


def ideographs(text: str, *, skip_titles: bool) -> Ideographs:
    if skip_titles:
        text = _BOOK_TITLE.sub(_BREAK, text)
    fold = t2s()
    chars: list[str] = []
    lines: list[int] = []
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        elif char == _BREAK or _IDEOGRAPH.match(char):
            chars.append(fold.get(char, char))
            lines.append(line)
    return Ideographs("".join(chars), tuple(lines))


@cache
def source_index(folder: Path) -> tuple[dict[str, list[tuple[str, int]]], dict[str, str]]:
    """Every 12-gram of every source file, pointing at (file name, offset)."""
    index: dict[str, list[tuple[str, int]]] = defaultdict(list)
    texts: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        chars = ideographs(path.read_text(encoding="utf-8", errors="replace"), skip_titles=False).chars
        texts[path.name] = chars
        for start in range(len(chars) - RUN + 1):
            index[chars[start : start + RUN]].append((path.name, start))
    return dict(index), texts


@dataclass(frozen=True)
class SharedRun:
    line: int
    text: str
    source: str


def shared_runs(page_text: str, folder: Path) -> list[SharedRun]:
    """The maximal runs of RUN+ ideographs that the page shares with a source file."""
    index, texts = source_index(folder)
    page = ideographs(page_text, skip_titles=True)
    chars = page.chars
    runs: list[SharedRun] = []
    start = 0
    while start <= len(chars) - RUN:
        hits = index.get(chars[start : start + RUN])
        if not hits:
            start += 1
            continue
        # extend to the longest run any hit allows
        best_len, best_source = RUN, hits[0][0]
        for name, offset in hits:
            source = texts[name]
            length = RUN
            while (
                start + length < len(chars)
                and offset + length < len(source)
                and chars[start + length] == source[offset + length]
            ):
                length += 1
            if length > best_len:
                best_len, best_source = length, name
        runs.append(SharedRun(page.lines[start], chars[start : start + best_len], best_source))
        start += best_len
    return runs


def pages(*langs: str) -> list[Path]:
    return sorted(path for lang in langs for path in (DOCS / lang).rglob("*.md"))


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# ---- the checks -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", pages("zh", "en"), ids=_rel)
def test_no_page_shares_twelve_chinese_characters_with_a_source(page: Path) -> None:
    folder = sources_dir()
    runs = shared_runs(page.read_text(encoding="utf-8"), folder)
    report = "\n".join(
        f"  {_rel(page)}:{run.line}: {len(run.text)} characters shared with {run.source}: {run.text}" for run in runs
    )
    assert not runs, f"{len(runs)} run(s) of {RUN}+ Chinese characters copied from a source article:\n{report}"


@pytest.mark.parametrize("page", pages("zh", "en"), ids=_rel)
def test_no_placeholder_text(page: Path) -> None:
    found = [
        f"  {_rel(page)}:{number}: {match.group(0)!r} in: {line.strip()[:120]}"
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        for match in PLACEHOLDER.finditer(line)
    ]
    assert not found, "placeholder text in a page (write the text, or leave the item out):\n" + "\n".join(found)


@pytest.mark.parametrize("page", pages("zh", "en"), ids=_rel)
def test_sources_are_cited_by_title_not_by_number(page: Path) -> None:
    found = [
        f"  {_rel(page)}:{number}: {match.group(0)!r} in: {line.strip()[:120]}"
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        for match in SOURCE_NUMBER.finditer(line)
    ]
    assert not found, (
        "a page refers to a source article by the project's number; name it by title, publisher and year:\n"
        + "\n".join(found)
    )


# ---- the checker itself -----------------------------------------------------------------------


def test_the_traditional_table_folds_the_usual_characters() -> None:
    assert "".join(t2s().get(c, c) for c in "關係沉澱會員體驗") == "关系沉淀会员体验"


def test_a_copied_sentence_is_found_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "前言。好友关系主要是微信好友和QQ好友，因为这两个是目前最主要的工具。", encoding="utf-8"
    )
    page = "# 标题\n\n改写的开头。\n好友关系主要是微信好友和 QQ 好友，因为\n这两个是目前最主要的工具。\n"
    runs = shared_runs(page, tmp_path)
    assert [(run.line, run.source) for run in runs] == [(4, "a.txt")]
    assert runs[0].text == "好友关系主要是微信好友和好友因为这两个是目前最主要的工具"


def test_traditional_sources_and_punctuation_do_not_hide_a_copy(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("幾乎每個人的社交關係都沉澱在上面", encoding="utf-8")
    assert shared_runs("几乎每个人的社交关系，都沉淀在上面。", tmp_path)


def test_eleven_characters_and_quoted_titles_pass(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_text("私域流量完全指南开启你的专属盈利通道。一二三四五六七八九十壹", encoding="utf-8")
    assert shared_runs("一二三四五六七八九十壹", tmp_path) == []  # 11 ideographs: no run
    assert shared_runs("[^a]: 某作者，《私域流量完全指南，开启你的专属盈利通道！》，2024 年。", tmp_path) == []
    assert shared_runs("私域流量完全指南开启《某书》你的专属盈利通道", tmp_path) == []  # no run across a title
    assert shared_runs("私域流量完全指南开启你的专属盈利通道", tmp_path)


def test_placeholders_and_source_numbers_are_caught() -> None:
    for text in ["A calculator is coming soon.", "TODO: write", "计算器即将推出", "敬请期待", "内容待补充"]:
        assert PLACEHOLDER.search(text), text
    for text in ["Source 004 therefore argues", "as source 003 calls it", "来源 003 把它称为", "Handbook source 001."]:
        assert SOURCE_NUMBER.search(text), text
    for text in ["Today's toddlers", "the source of 2004", "源自 2003 年"]:
        assert not PLACEHOLDER.search(text) and not SOURCE_NUMBER.search(text), text
