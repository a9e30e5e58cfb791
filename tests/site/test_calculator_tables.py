"""The tables a calculator page renders at build time: every column named, amounts written ¥30."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import calculator_markup
import pytest

from calculators import CALCULATORS

PAGES = [(name, lang) for name in CALCULATORS if CALCULATORS[name].presets for lang in ("en", "zh")]
SOURCES_HEAD = {
    "en": ["Input", "Value", "Grade", "Source"],
    "zh": ["输入项", "取值", "证据等级", "来源"],
}


class Tables(HTMLParser):
    """Each table's header cells (text and scope) and body rows (cell texts)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, Any]] = []
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"head": [], "rows": []})
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td") and self.tables:
            self._cell = []
            if self._in_head:
                self.tables[-1]["head"].append((dict(attrs).get("scope"), self._cell))
            else:
                self.tables[-1]["rows"][-1].append(self._cell)

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("th", "td"):
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def sources_tables(name: str, lang: str) -> list[dict[str, Any]]:
    html = calculator_markup.render(name, lang, "r.mjs", "p.zip", page_of=lambda other: f"../{other}/")  # type: ignore[arg-type]
    panels = re.findall(r'<details class="calc__sources".*?</details>', html, flags=re.S)
    parser = Tables()
    parser.feed("".join(panels))
    return parser.tables


@pytest.mark.parametrize(("name", "lang"), PAGES)
def test_every_sources_column_has_a_header_with_its_scope(name: str, lang: str) -> None:
    tables = sources_tables(name, lang)
    assert len(tables) == len(CALCULATORS[name].presets)
    for table in tables:
        assert [scope for scope, _ in table["head"]] == ["col"] * 4
        assert ["".join(text).strip() for _, text in table["head"]] == SOURCES_HEAD[lang]


@pytest.mark.parametrize(("name", "lang"), PAGES)
def test_preset_values_are_written_as_the_results_write_them(name: str, lang: str) -> None:
    calc = CALCULATORS[name]
    labels = {spec.label(lang): spec for spec in calc.fields}
    for table in sources_tables(name, lang):
        for label, value, *_ in table["rows"]:
            spec, text = labels["".join(label)], "".join(value)
            if spec.unit == "money":
                assert re.fullmatch(r"−?¥\d[\d,]*(\.\d+)?", text), text  # "¥30", never "30 ¥"
            elif spec.unit == "percent":
                assert re.fullmatch(r"−?\d[\d,]*(\.\d+)?%", text), text  # "65.7%", as outputs print it
            assert "-" not in text
