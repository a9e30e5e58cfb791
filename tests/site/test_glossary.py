"""The glossary data file and the hook that turns it into glossary pages and tooltips."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import glossary_hook as g
import pytest
import yaml
from mkdocs.exceptions import PluginError

from calculators import CALCULATORS, run

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "docs" / g.GLOSSARY_FILE


@pytest.fixture(scope="module")
def raw() -> list[dict[str, Any]]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))["terms"]


@pytest.fixture(scope="module")
def entries() -> list[g.Entry]:
    return g.load_glossary(DATA)


def entry(entry_id: str, en: str, zh: str, *, en_aliases=(), zh_aliases=(), **extra: Any) -> g.Entry:
    return g.Entry(
        id=entry_id,
        term={"en": en, "zh": zh},
        aliases={"en": tuple(en_aliases), "zh": tuple(zh_aliases)},
        definition={"en": f"Definition of {en}.", "zh": f"{zh}的定义。"},
        **extra,
    )


# A small glossary for the hook's pure functions.
SAMPLE = [
    entry(
        "private-traffic",
        "private-domain traffic",
        "私域流量",
        en_aliases=["private traffic"],
        zh_aliases=["私域"],
    ),
    entry("private-traffic-pool", "private traffic pool", "私域流量池"),
    entry("wecom", "WeCom", "企业微信"),
    entry("koc", "KOC", "KOC", en_aliases=["key opinion consumer"], zh_aliases=["关键意见消费者"]),
    entry("cac", "CAC", "CAC", zh_aliases=["获客成本"]),
    entry("moments", "Moments", "朋友圈", match_case=True),
]


# ---- the data file ------------------------------------------------------------------------


def test_the_file_has_at_least_110_terms(raw: list[dict[str, Any]], entries: list[g.Entry]) -> None:
    assert len(raw) >= 110
    assert len(entries) == len(raw)


def test_terms_that_operators_tell_apart_stay_apart(entries: list[g.Entry]) -> None:
    by_id = {e.id: e for e in entries}
    assert by_id["activation"].term["zh"] == "激活"  # 促活 re-engages existing users
    assert by_id["engagement"].term["zh"] == "促活"
    assert "在职转接" in by_id["active-transfer"].forms("zh")
    assert "在职转接" not in by_id["offboarding-succession"].forms("zh")  # 离职继承 is for people who left
    assert "通过率" not in by_id["add-rate"].forms("zh")  # accepted outbound requests, not inbound adds
    assert by_id["acceptance-rate"].term["zh"] == "通过率"
    assert "渠道活码" not in by_id["dynamic-qr"].forms("zh")


def test_ids_are_unique_ascii_slugs(raw: list[dict[str, Any]]) -> None:
    ids = [item["id"] for item in raw]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry_id) for entry_id in ids)


def test_every_entry_has_both_languages_and_definitions(raw: list[dict[str, Any]]) -> None:
    for item in raw:
        assert item["en"].strip() and item["zh"].strip(), item["id"]
        assert item["definition"]["en"].strip() and item["definition"]["zh"].strip(), item["id"]
        # one sentence each, written in the right language
        assert re.search(r"[\u4e00-\u9fff]", item["definition"]["zh"]), item["id"]
        assert not re.search(r"[\u4e00-\u9fff]", item["definition"]["en"]), item["id"]
        assert item["definition"]["zh"].endswith("。"), item["id"]
        assert item["definition"]["en"].endswith("."), item["id"]


def test_see_ids_exist(raw: list[dict[str, Any]]) -> None:
    ids = {item["id"] for item in raw}
    for item in raw:
        for ref in item.get("see", []):
            assert ref in ids, f"{item['id']} → {ref}"


def test_the_terms_the_chapters_rely_on_are_there(entries: list[g.Entry]) -> None:
    ids = {e.id for e in entries}
    for needed in [
        "private-traffic",
        "public-traffic",
        "wecom",
        "koc",
        "ltv",
        "cac",
        "payback",
        "k-factor",
        "nps",
        "dau",
        "aarrr",
        "arpu",
        "group-control",
        "mcn",
        "s2b2c",
        "private-traffic-alliance",
    ]:
        assert needed in ids


def test_no_entry_id_clashes_with_a_letter_anchor(entries: list[g.Entry]) -> None:
    assert not [e.id for e in entries if e.id.startswith("glossary-")]


# ---- validation fails the build -------------------------------------------------------------


def _item(entry_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": entry_id,
        "en": entry_id,
        "zh": entry_id.upper(),
        "definition": {"en": "x.", "zh": "x。"},
        **extra,
    }


def test_a_duplicate_id_fails() -> None:
    with pytest.raises(PluginError, match="duplicate id"):
        g.parse_glossary({"terms": [_item("a"), _item("a")]})


def test_an_unknown_see_id_fails() -> None:
    with pytest.raises(PluginError, match="unknown id 'nope'"):
        g.parse_glossary({"terms": [_item("a", see=["nope"])]})


def test_a_missing_language_fails() -> None:
    with pytest.raises(PluginError, match="needs both"):
        g.parse_glossary({"terms": [{"id": "a", "en": "a", "zh": "A", "definition": {"en": "x."}}]})


def test_a_form_claimed_by_two_entries_fails() -> None:
    with pytest.raises(PluginError, match="already a form of"):
        g.parse_glossary({"terms": [_item("a"), _item("b", aliases={"en": ["A"]})]})


def test_a_chinese_term_needs_pinyin() -> None:
    with pytest.raises(PluginError, match="pinyin"):
        g.parse_glossary({"terms": [{**_item("a"), "zh": "私域"}]})


def test_a_typo_in_a_key_fails() -> None:
    with pytest.raises(PluginError, match="unknown key"):
        g.parse_glossary({"terms": [_item("a", sea=["b"])]})


# ---- tooltips -------------------------------------------------------------------------------


def tips(html: str, lang: str, glossary: list[g.Entry] = SAMPLE) -> str:
    return g.add_tooltips(html, glossary, lang)


def abbrs(html: str) -> list[str]:
    return re.findall(r"<abbr title=\"[^\"]*\">(.*?)</abbr>", html, re.DOTALL)


def test_only_the_first_occurrence_is_wrapped() -> None:
    out = tips("<p>WeCom first.</p><p>WeCom again, and WeCom.</p>", "en")
    assert abbrs(out) == ["WeCom"]
    assert out.index("<abbr") < out.index("first")


def test_aliases_count_as_the_same_term() -> None:
    out = tips("<p>Private traffic is cheap; private-domain traffic is the formal name.</p>", "en")
    assert abbrs(out) == ["Private traffic"]


def test_chinese_terms_match_inside_a_sentence() -> None:
    out = tips("<p>很多品牌开始用企业微信做私域流量运营。</p>", "zh")
    assert abbrs(out) == ["企业微信", "私域流量"]
    assert "用<abbr" in out and "做<abbr" in out


def test_the_longest_term_wins() -> None:
    out = tips("<p>搭建私域流量池，而不只是买私域流量；私域是相对的。</p>", "zh")
    assert abbrs(out) == ["私域流量池", "私域流量"]
    assert "私域是相对的" in out  # 私域 is an alias of 私域流量, already used


def test_a_used_long_term_still_shields_its_substrings() -> None:
    out = tips("<p>私域流量池。</p><p>另一个私域流量池。</p>", "zh")
    assert abbrs(out) == ["私域流量池"]


def test_english_matches_whole_words_case_insensitively() -> None:
    out = tips("<p>CACHE is not a term, but cac and CAC are.</p>", "en")
    assert abbrs(out) == ["cac"]
    assert out.startswith("<p>CACHE is not a term, but <abbr")


def test_english_plurals_match() -> None:
    assert abbrs(tips("<p>Grow KOCs from the pool.</p>", "en")) == ["KOCs"]


def test_match_case_entries_need_the_exact_case() -> None:
    out = tips("<p>Wait a few moments, then post on Moments.</p>", "en")
    assert abbrs(out) == ["Moments"]
    assert "few moments" in out


def test_latin_acronyms_in_chinese_need_latin_boundaries() -> None:
    out = tips("<p>CACX 不是术语，而 CAC 与获客成本是同一个。</p>", "zh")
    assert abbrs(out) == ["CAC"]


def test_nothing_inside_links_code_headings_or_calculators() -> None:
    html = (
        '<h2 id="x">企业微信<a class="headerlink" href="#x">¶</a></h2>'
        '<p><a href="y/">企业微信</a> <code>企业微信</code></p>'
        "<pre><code>企业微信</code></pre>"
        '<div class="calc" data-calculator="ltv_cac"><label>企业微信</label><p>企业微信 KOC</p></div>'
        '<div class="admonition note"><p class="admonition-title">企业微信</p><p>正文里的企业微信。</p></div>'
    )
    out = tips(html, "zh")
    assert abbrs(out) == ["企业微信"]
    assert out.count("<abbr") == 1
    assert "正文里的<abbr" in out


def test_nothing_inside_existing_abbr_footnotes_or_the_glossary() -> None:
    html = (
        '<p><abbr title="x">WeCom</abbr></p>'
        '<div class="footnote"><ol><li><p>WeCom</p></li></ol></div>'
        '<div class="glossary"><dl><dt id="wecom">WeCom</dt></dl></div>'
    )
    assert tips(html, "en") == html


def test_nested_skip_zones_end_where_they_should() -> None:
    html = '<div class="calc"><div><p>WeCom</p></div><br><img src="a.png" alt="WeCom"></div><p>WeCom</p>'
    out = tips(html, "en")
    assert out.endswith('<p><abbr title="WeCom (企业微信): Definition of WeCom.">WeCom</abbr></p>')
    assert out.count("<abbr") == 1


def test_attributes_and_scripts_are_never_touched() -> None:
    html = '<p title="WeCom &gt; Moments" data-x=\'a > b\'>text</p><script>var s = "WeCom";</script><p>x</p>'
    assert tips(html, "en") == html


def test_the_title_is_escaped_and_bilingual() -> None:
    tricky = [entry("q", 'say "hi"', "引号")]
    out = tips('<p>say "hi" now</p>', "en", tricky)
    assert 'title="say &quot;hi&quot; (引号): Definition of say &quot;hi&quot;."' in out
    zh = tips("<p>用企业微信。</p>", "zh")
    assert 'title="企业微信（WeCom）：企业微信的定义。"' in zh


def test_acronyms_spelled_alike_show_the_other_languages_long_form() -> None:
    out = tips("<p>KOC</p>", "en")
    assert 'title="KOC (关键意见消费者): ' in out


def test_tooltips_run_on_real_glossary_data(entries: list[g.Entry]) -> None:
    out = g.add_tooltips("<p>私域流量不等于微信流量，但企业微信是主要载体，LTV 要覆盖 CAC。</p>", entries, "zh")
    assert abbrs(out) == ["私域流量", "企业微信", "LTV", "CAC"]


# ---- the glossary page ----------------------------------------------------------------------


def test_the_marker_expands_to_every_term_in_the_page_language(entries: list[g.Entry]) -> None:
    for lang in g.LANGS:
        out = g.expand_marker("# Glossary\n\n<!-- glossary -->\n\nAfter.", entries, lang)
        assert "<!-- glossary -->" not in out
        assert out.count("<dt id=") == len(entries)
        for e in entries:
            assert f'<dt id="{e.id}"><strong>{g.html.escape(e.term[lang])}</strong>' in out
            assert g.html.escape(e.definition[lang]) in out
        other = "zh" if lang == "en" else "en"
        assert f'<span lang="{other}">' in out


def test_english_is_alphabetical_and_chinese_follows_pinyin(entries: list[g.Entry]) -> None:
    en = [e.term["en"].casefold() for e in g.sorted_entries(entries, "en")]
    assert [re.sub("[^0-9a-z]", "", t) for t in en] == sorted(re.sub("[^0-9a-z]", "", t) for t in en)
    zh = [e.term["zh"] for e in g.sorted_entries(entries, "zh")]
    assert zh.index("包裹卡") < zh.index("CAC") < zh.index("触达") < zh.index("私域流量") < zh.index("私域流量池")


def test_the_glossary_lists_see_also_links_that_resolve(entries: list[g.Entry]) -> None:
    out = g.render_glossary(entries, "en")
    anchors = set(re.findall(r'<dt id="([^"]+)"', out))
    for target in re.findall(r'<a href="#([^"]+)">', out):
        assert target in anchors or target.startswith("glossary-")


def test_the_glossary_page_gets_no_tooltips(entries: list[g.Entry]) -> None:
    block = g.render_glossary(entries, "zh")
    assert g.add_tooltips(block, entries, "zh") == block


def test_pages_without_the_marker_are_unchanged(entries: list[g.Entry]) -> None:
    text = "# Title\n\nNo marker here: <!-- calculator ltv_cac -->"
    assert g.expand_marker(text, entries, "en") == text


def test_a_term_split_across_source_lines_still_matches() -> None:
    out = tips(
        "<p>Follow the Official\nAccount? No: use WeCom.</p>",
        "en",
        [*SAMPLE, entry("oa", "Official Account", "公众号")],
    )
    assert abbrs(out) == ["Official\nAccount", "WeCom"]


# ---- each name once in a tooltip ------------------------------------------------------------


def test_an_acronym_tooltip_names_the_term_once() -> None:
    cac = g.Entry(
        id="cac",
        term={"en": "CAC", "zh": "CAC"},
        aliases={"en": ("customer acquisition cost",), "zh": ("获客成本",)},
        definition={
            "en": "Customer acquisition cost, what one new customer costs.",
            "zh": "获客成本：平均获得一位新客户所花的钱。",
        },
    )
    assert g.tooltip_title(cac, "zh") == "CAC（customer acquisition cost，获客成本）：平均获得一位新客户所花的钱。"
    assert g.tooltip_title(cac, "en") == "CAC (获客成本): Customer acquisition cost, what one new customer costs."


def test_a_lead_clause_that_is_not_a_name_of_the_term_stays_in_the_definition() -> None:
    item = entry("x", "conversation archiving", "会话存档")
    item = g.Entry(item.id, item.term, item.aliases, {"en": "A feature.", "zh": "注意：需客户同意。"})
    assert g.tooltip_title(item, "zh") == "会话存档（conversation archiving）：注意：需客户同意。"


_DOUBLED = re.compile(r"^[^：]*：[^，。；：、]{1,24}：")


@pytest.mark.parametrize("lang", g.LANGS)
def test_no_real_tooltip_prints_a_name_twice(entries: list[g.Entry], lang: str) -> None:
    doubled = []
    for item in entries:
        title = g.tooltip_title(item, lang)
        _head, _, body = title.partition("：" if lang == "zh" else ": ")
        if _DOUBLED.match(title) or any(body.startswith(f"{form}：") for form in item.forms(lang)):
            doubled.append(title)
    assert not doubled, "tooltips that print a name twice:\n" + "\n".join(doubled)


def test_a_measure_word_is_not_a_term(entries: list[g.Entry]) -> None:
    """个微 (a personal WeChat account) is a term; the 个 of 一个微信 ("a WeChat") is a measure word."""
    plain = g.add_tooltips("<p>每位客户加一个微信，这个微信号就是门店的。</p>", entries, "zh")
    assert "<abbr" not in plain
    assert "<abbr" in g.add_tooltips("<p>不少门店还在用个微加客户。</p>", entries, "zh")


def test_the_k_factor_is_defined_as_the_funnel_calculator_computes_it(entries: list[g.Entry]) -> None:
    """One K everywhere: activation × retention × invitations × conversion, not invitations × acceptance
    (0.016 against 0.2 at the calculator's defaults)."""
    calc = CALCULATORS["funnel"]
    default = {f.name: f.default for f in calc.fields}
    k = run("funnel", {})["outputs"]["k_factor"]
    factors = (
        default["activation_rate"] / 100,
        default["retention_rate"] / 100,
        default["invites_per_retained"],
        default["invite_conversion"] / 100,
    )
    product = " × ".join(f"{x:g}" for x in factors)
    definition = next(e for e in entries if e.id == "k-factor").definition
    for lang in ("en", "zh"):
        assert f"{product} = {k:g}" in definition[lang], lang
    assert "30-day retention" in definition["en"] and "30 天留存率" in definition["zh"]
