"""The HTML of a calculator, rendered at build time from the Python specs.

It carries the DOM contract of calculators-spec.md (data-calculator, data-state,
name=, data-output + data-value, data-error-for) and the default results,
charts, formulas and sensitivity table, so the page is complete before any
script runs. The page script only wires behaviour and swaps in new numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from typing import Any

from calculators import CALCULATORS, get, run
from calculators.cohort_table import MAX_CHARS
from calculators.core import GRADES, Calculator, Lang, Preset, Text
from calculators.display import (
    CURRENCY_SYMBOLS,
    format_input,
    format_output,
    format_stated,
    js_number_string,
    unit_label,
)
from calculators.presentation import Presentation, charts_payload, link_queries, sensitivity
from calculators.registry import presentation as presentation_of

# What the status line says in each data-state; the page script swaps these in.
STATUS: dict[str, Text] = {
    "static": Text(
        "These are the default results, worked out when the page was built.",
        "以下是按默认输入预先算好的结果。",
    ),
    "loading": Text(
        "Starting the live calculator… you can read and type meanwhile.",
        "正在启动实时计算……可以先阅读或修改输入。",
    ),
    "live": Text("Live: results update as you type.", "已就绪：修改输入，结果即时更新。"),
    "invalid": Text(
        "Some inputs need fixing; the results below are from your last valid numbers.",
        "部分输入有误，请更正；下方仍显示上一组有效输入的结果。",
    ),
    "error": Text(
        "The live calculator could not start in this browser. The results below stay correct"
        " for the inputs shown when the page was built.",
        "实时计算无法在此浏览器中启动。下方是按默认输入预先算好的结果，数字无误。",
    ),
}

# The status while the results shown belong to other inputs than the form's (a share
# link, or typing before Python is up), and when that can no longer change.
STALE: dict[str, Text] = {
    "busy": Text(
        "The results below are still those of the default inputs; working out yours…",
        "下方仍是默认输入的结果，正在按你的输入重新计算……",
    ),
    "error": Text(
        "The live calculator could not start in this browser, so the results below are still those"
        " of the default inputs, not of the numbers in the form.",
        "实时计算无法在此浏览器中启动，因此下方仍是默认输入的结果，不是按表单中当前数字算出的。",
    ),
}

# Why the live calculator could not start, when the page knows better than "this browser"
# (STATUS and STALE's "error" say that): its files did not arrive, or the site sent wrong ones.
FAILED: dict[str, Text] = {
    "network": Text(
        "The live calculator's files did not arrive: the connection is slow or offline. The results"
        " below stay correct for the inputs shown when the page was built. It tries again when the"
        " connection returns, when you change a number, or when you press Try again.",
        "实时计算所需的文件没能下载完成：网络较慢或已断开。下方是按默认输入预先算好的结果，数字无误。"
        "网络恢复、修改任一数字或点击「重试」时，会重新启动。",
    ),
    "server": Text(
        "The site sent a wrong or damaged file for the live calculator, so it could not start; whoever"
        " runs this site needs to check its server. The results below stay correct for the inputs shown"
        " when the page was built.",
        "网站返回的实时计算文件有误或已损坏，无法启动，需要网站管理员检查服务器。"
        "下方是按默认输入预先算好的结果，数字无误。",
    ),
}
STALE_FAILED: dict[str, Text] = {
    "network": Text(
        "The live calculator's files did not arrive (the connection is slow or offline), so the results"
        " below are still those of the default inputs, not of the numbers in the form. It tries again"
        " when the connection returns, when you change a number, or when you press Try again.",
        "实时计算所需的文件没能下载完成（网络较慢或已断开），因此下方仍是默认输入的结果，不是按表单中当前数字算出的。"
        "网络恢复、修改任一数字或点击「重试」时，会重新启动。",
    ),
    "server": Text(
        "The site sent a wrong or damaged file for the live calculator, so the results below are still"
        " those of the default inputs, not of the numbers in the form; whoever runs this site needs to"
        " check its server.",
        "网站返回的实时计算文件有误或已损坏，因此下方仍是默认输入的结果，不是按表单中当前数字算出的；"
        "需要网站管理员检查服务器。",
    ),
}

# While Python is on its way: how much has arrived, or that another tab goes first.
PROGRESS: dict[str, Text] = {
    "downloading": Text(
        "Downloading the live calculator: {mb} MB so far.",
        "正在下载实时计算所需文件：已下载 {mb} MB。",
    ),
    "waiting": Text(
        "Another tab of this site is starting the live calculator; this one follows as soon as it is done.",
        "本站另一个标签页正在启动实时计算，它一完成，这里随即启动。",
    ),
}

# Other words the widget shows; data-msg-* ones are read by the page script.
UI: dict[str, Text] = {
    "cohort": Text("Fill in from a cohort table", "从批次留存表填入"),
    "cohort_help": Text(
        "Paste or upload a CSV: one row per start month with the customers still active at month 0, 1, 2, …;"
        " or two columns, month and % retained. It is read here in your browser and never sent anywhere.",
        "粘贴或上传 CSV：每行一个起始月份的批次，各列依次为第 0、1、2……个月仍活跃的客户数；"
        "也可以是“月份, 留存率%”两列。表格只在你的浏览器里读取，不会发送到任何地方。",
    ),
    "cohort_paste": Text("Table", "表格内容"),
    "cohort_file": Text("or a file", "或上传文件"),
    "cohort_read": Text("Read the table", "读取表格"),
    "cohort_too_large": Text(
        "This table is larger than 1 MB; keep the months you need (a year or two of cohorts is plenty).",
        "表格超过 1 MB，请只保留需要的月份（一两年的批次就足够了）。",
    ),
    "cohort_unreadable": Text("This file could not be read as text.", "无法以文本形式读取此文件。"),
    "currency": Text("Currency", "货币"),
    "ranges": Text("Add ranges", "设定取值区间"),
    "range_low": Text("Low", "下限"),
    "range_high": Text("High", "上限"),
    "uncertainty": Text("How sure is this?", "不确定性分析"),
    "uncertainty_help": Text(
        "{draws} cases drawn from the ranges you gave (each input between its low and high, most often near"
        " your number; the others as typed). P10: one case in ten comes out lower; P90: one in ten higher.",
        "在你设定的区间内随机抽取 {draws} 组输入（设了区间的输入在下限与上限之间取值，越接近你填的数字越常见；"
        "其余输入保持原值）。P10：约十分之一的结果低于此值；P90：约十分之一的结果高于此值。",
    ),
    "p10": Text("P10", "P10"),
    "p50": Text("Median (P50)", "中位数（P50）"),
    "p90": Text("P90", "P90"),
    "below_zero": Text("Chance below zero", "低于零的概率"),
    "tornado": Text(
        "Which input matters most: {output} at each input's low and high end",
        "哪项输入影响最大：{output}（各项输入分别取下限与上限时）",
    ),
    "tornado_base": Text("now {base}", "当前 {base}"),
    "solve": Text("Solve for a target", "按目标反推"),
    "solve_make": Text("Make", "让"),
    "solve_equal": Text("equal", "等于"),
    "solve_by": Text("by changing", "只调整"),
    "solve_go": Text("Solve", "求解"),
    "solve_apply": Text("Use this value", "采用此值"),
    "solve_working": Text("Working it out…", "正在求解……"),
    "retry": Text("Try again", "重试"),
    "modified": Text("{preset} (modified)", "{preset}（已修改）"),
    "unknown_query": Text(
        "This link carries settings this page does not know, so they were ignored: {names}.",
        "链接中有本页无法识别的参数，已忽略：{names}。",
    ),
    "list_separator": Text(", ", "、"),
    "scroll_hint": Text("Scroll sideways for more columns →", "左右滑动可查看更多列 →"),
    "inputs": Text("Inputs", "输入"),
    "results": Text("Results", "计算结果"),
    "preset": Text("Scenario", "场景"),
    "own_numbers": Text("Your own numbers", "自定义"),
    "sources": Text("Where these numbers come from", "数据来源"),
    "default_note": Text("Fields not listed keep their defaults.", "未列出的输入项沿用默认值。"),
    "share": Text("Copy share link", "复制分享链接"),
    "symbols": Text("Symbols in the formulas", "公式中的符号"),
    "copied": Text("Link copied", "链接已复制"),
    "copy_failed": Text("Copy the link from the address bar", "复制失败，请从地址栏手动复制链接"),
    "reset": Text("Reset", "恢复默认"),
    "csv": Text("Export CSV", "导出 CSV"),
    "json": Text("Export JSON", "导出 JSON"),
    "print": Text("Print", "打印"),
    "save_scenario": Text("Save as scenario", "保存为方案"),
    "scenarios": Text("Scenarios", "方案对比"),
    "scenarios_help": Text(
        "Saved in this browser only, never sent anywhere. A is drawn dashed on the charts; the last columns"
        " give the change from A to the numbers in the form.",
        "只保存在本浏览器中，不会发送到任何地方。方案 A 在图中以虚线显示；最后两列是表单当前数字相对方案 A 的变化。",
    ),
    "scenario_name": Text("Name of scenario {letter}", "方案 {letter} 的名称"),
    "scenario_default": Text("Scenario {letter}", "方案 {letter}"),
    "scenario_load": Text("Load", "载入"),
    "scenario_delete": Text("Delete", "删除"),
    "scenario_current": Text("Current", "当前"),
    "scenario_delta": Text("Change from A", "较 A 变化"),
    "scenario_percent": Text("Change from A, %", "较 A 变化（%）"),
    "storage_blocked": Text(
        "This browser does not let the site keep data, so scenarios last only until you leave the page.",
        "此浏览器不允许本站保存数据，方案仅在本页打开期间保留。",
    ),
    "storage_full": Text(
        "The browser's storage for this site is full, so the scenarios were not saved; they last until you leave"
        " the page.",
        "浏览器分配给本站的存储空间已满，方案未能保存，仅在本页打开期间保留。",
    ),
    "storage_unreadable": Text(
        "Scenarios saved earlier could not be read (perhaps by another version of the site). Nothing was"
        " deleted: the saved text is kept in this browser under “{key}”.",
        "无法读取之前保存的方案（可能是网站版本不同所致）。数据并未删除，仍以“{key}”为名保存在本浏览器中。",
    ),
    "measure": Text("Result", "指标"),
    "field": Text("Input", "输入项"),
    "sensitivity": Text("Sensitivity", "敏感性分析"),
    "sensitivity_help": Text(
        "How {output} (now {base}) moves when one input changes and the others stay put.",
        "单独调整某一项输入、其他不变时，{output}（当前 {base}）如何变化。",
    ),
    "data_table": Text("Show the numbers as a table", "以表格查看数据"),
    "formula": Text("Formula", "公式"),
    "grade": Text("Grade", "证据等级"),
    "value": Text("Value", "取值"),
    "source": Text("Source", "来源"),
}


def render(
    name: str,
    lang: Lang,
    runtime_url: str,
    package_url: str,
    chart_url: str = "",
    page_of: Callable[[str], str | None] | None = None,
) -> str:
    """The whole widget for one calculator, with its default results filled in.

    ``page_of`` gives the relative URL of another calculator's page, for the links that hand
    this calculator's result over to another one."""
    calc = get(name)
    result = run(name, {})
    presentation = presentation_of(name)
    attrs = {
        "class": "calc",
        "data-calculator": name,
        "data-state": "static",
        "data-lang": lang,
        "data-runtime": runtime_url,
        "data-package": package_url,
        "data-chart-lib": chart_url,
        **{f"data-msg-{state}": text(lang) for state, text in STATUS.items()},
        "data-msg-copied": UI["copied"](lang),
        "data-msg-copy-failed": UI["copy_failed"](lang),
        "data-msg-storage-blocked": UI["storage_blocked"](lang),
        "data-msg-storage-full": UI["storage_full"](lang),
        "data-msg-storage-unreadable": UI["storage_unreadable"](lang),
        "data-msg-modified": UI["modified"](lang),
        **{f"data-msg-stale-{state}": text(lang) for state, text in STALE.items()},
        **{f"data-msg-error-{kind}": text(lang) for kind, text in FAILED.items()},
        **{f"data-msg-stale-error-{kind}": text(lang) for kind, text in STALE_FAILED.items()},
        **{f"data-msg-{phase}": text(lang) for phase, text in PROGRESS.items()},
    }
    parts = [
        f"<div {_attrs(attrs)}>",
        _toolbar(calc, lang),
        # Form and results share one box, so the sticky results can never slide over the charts below.
        '<div class="calc__main">',
        f'<form class="calc__form" novalidate autocomplete="off" aria-label="{escape(UI["inputs"](lang))}">',
        _fields(calc, presentation, result, lang),
        "</form>",
        _summary(calc, presentation, result, lang),
        f'<section class="calc__results" aria-label="{escape(UI["results"](lang))}">',
        f'<p class="calc__status" data-status role="status">{escape(STATUS["static"](lang))}</p>',
        f'<button type="button" class="md-button calc__button calc__retry" data-retry hidden>'
        f"{escape(UI['retry'](lang))}</button>",
        '<p class="calc__progress" data-runtime-progress aria-live="polite" hidden></p>',
        '<dl class="calc__outputs">',
        *(_output(calc, key, result, lang, presentation.formulas) for key in (o.key for o in calc.outputs)),
        "</dl>",
        '<ul class="calc__notes" data-notes aria-live="polite">',
        *(f'<li data-note="{escape(n["code"])}">{escape(n[lang])}</li>' for n in result["notes"]),
        "</ul>",
        _links(name, presentation, result, lang, page_of),
        _solve(calc, presentation, lang),
        _symbols(presentation, lang),
        "</section>",
        "</div>",
        '<div class="calc__wide">',
        _scenarios(lang),
        _uncertainty(lang),
        *(_chart(chart_id, payload, lang) for chart_id, payload in charts_payload(presentation, result, lang).items()),
        _sensitivity(calc, result, lang) if presentation.sensitivity_fields else "",
        "</div>",
        "</div>",
    ]
    return "\n".join(part for part in parts if part)


def _links(
    name: str,
    presentation: Presentation,
    result: dict[str, Any],
    lang: Lang,
    page_of: Callable[[str], str | None] | None,
) -> str:
    """Links that open another calculator with this result filled in; the page script updates
    their query (from web.py's "links") and hides them while there is nothing to hand over."""
    if not presentation.links:
        return ""
    items = []
    for index, (link, query) in enumerate(
        zip(presentation.links, link_queries(presentation, result, CALCULATORS), strict=True)
    ):
        base = page_of(link.calculator) if page_of else None
        if base is None:
            raise ValueError(f"{name} links to the calculator {link.calculator}, which is on no page")
        href = f"{base}?{query}" if query else base
        hidden = "" if query else " hidden"
        items.append(
            f'<a class="calc__link" data-calc-link="{index}" data-base="{escape(base)}" href="{escape(href)}"{hidden}>'
            f"{escape(link.label(lang))}</a>"
        )
    return f'<p class="calc__links">{"".join(items)}</p>'


def _toolbar(calc: Calculator, lang: Lang) -> str:
    buttons = "".join(
        f'<button type="button" class="md-button calc__button" data-action="{action}">'
        f"{escape(UI[label](lang))}</button>"
        for action, label in (
            ("share", "share"),
            ("reset", "reset"),
            ("csv", "csv"),
            ("json", "json"),
            ("print", "print"),
            ("ranges", "ranges"),
        )
    )
    buttons += (
        '<button type="button" class="md-button calc__button" data-scenario-save>'
        f"{escape(UI['save_scenario'](lang))}</button>"
    )
    return (
        '<div class="calc__toolbar">'
        f"{_presets(calc, lang)}"
        f"{_currency(calc, lang)}"
        f'<div class="calc__actions">{buttons}'
        '<span class="calc__toast" data-toast role="status" aria-live="polite"></span></div>'
        f'<p class="calc__notice" data-query-notice data-template="{escape(UI["unknown_query"](lang))}"'
        f' data-separator="{escape(UI["list_separator"](lang))}" hidden></p>'
        "</div>"
    )


CURRENCY_NAMES: dict[str, Text] = {
    "CNY": Text("yuan", "人民币"),
    "USD": Text("US dollar", "美元"),
    "EUR": Text("euro", "欧元"),
}


def _currency(calc: Calculator, lang: Lang) -> str:
    """Which symbol amounts carry (calculator-currency.js); the numbers stay the same."""
    base = f"{calc.name}-currency"
    options = "".join(
        f'<option value="{code}" data-symbol="{escape(en if lang == "en" else zh)}">'
        f"{escape(en if lang == 'en' else zh)} {escape(CURRENCY_NAMES[code](lang))}</option>"
        for code, (en, zh) in CURRENCY_SYMBOLS.items()
    )
    return (
        '<div class="calc__currency">'
        f'<label for="{base}">{escape(UI["currency"](lang))}</label>'
        f'<select id="{base}" data-currency>{options}</select></div>'
    )


def _presets(calc: Calculator, lang: Lang) -> str:
    if not calc.presets:
        return ""
    base = f"{calc.name}-preset"
    options = [f'<option value="">{escape(UI["own_numbers"](lang))}</option>']
    options += [
        f'<option value="{escape(p.id)}" data-values="{escape(json.dumps(_preset_inputs(p)))}">'
        f"{escape(p.name(lang))}</option>"
        for p in calc.presets
    ]
    panels = "".join(_preset_sources(calc, p, lang) for p in calc.presets)
    return (
        '<div class="calc__presets">'
        f'<label for="{base}">{escape(UI["preset"](lang))}</label>'
        f'<select id="{base}" data-preset-picker>{"".join(options)}</select>'
        f"{panels}</div>"
    )


def _preset_inputs(preset: Preset) -> dict[str, str]:
    return {name: js_number_string(entry.value) for name, entry in preset.values.items()}


def _preset_sources(calc: Calculator, preset: Preset, lang: Lang) -> str:
    rows = []
    for name, entry in preset.values.items():
        spec = calc.field(name)
        source = escape(entry.source.text(lang))
        if entry.source.url:
            source = f'<a href="{escape(entry.source.url)}" rel="noopener">{source}</a>'
        rows.append(
            f'<tr><th scope="row">{escape(spec.label(lang))}</th>'
            # The source's own figure, in the currency it was published in (no data-money).
            f"<td>{escape(format_stated(entry.value, spec.unit, lang))}</td>"
            f'<td><span class="calc__grade calc__grade--{entry.grade}">{escape(GRADES[entry.grade](lang))}</span></td>'
            f"<td>{source}</td></tr>"
        )
    # Every column named, for screen readers as much as for the eye.
    head = "".join(f'<th scope="col">{escape(UI[key](lang))}</th>' for key in ("field", "value", "grade", "source"))
    return (
        f'<details class="calc__sources" data-preset-sources="{escape(preset.id)}" hidden>'
        f"<summary>{escape(UI['sources'](lang))}: {escape(preset.name(lang))}</summary>"
        f"<p>{escape(preset.summary(lang))} {escape(UI['default_note'](lang))}</p>"
        '<div class="calc__scroll"><table>'
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></details>"
    )


def _fields(calc: Calculator, presentation: Presentation, result: dict[str, Any], lang: Lang) -> str:
    """The form's fields, in their groups when the calculator declares them."""
    if not presentation.groups:
        return "".join(_field(calc, name, result["inputs"][name], lang) for name in result["inputs"])
    return "".join(
        f'<fieldset class="calc__group"><legend>{escape(group.title(lang))}</legend>'
        + (_cohort_table(calc, lang) if group.cohort_table else "")
        + "".join(_field(calc, name, result["inputs"][name], lang) for name in group.fields)
        + "</fieldset>"
        for group in presentation.groups
    )


def _cohort_table(calc: Calculator, lang: Lang) -> str:
    """Paste or upload a cohort table; the same Python reads it in the worker (calculator-cohort.js)."""
    base = f"{calc.name}-cohort"
    return (
        f'<details class="calc__cohort" data-cohort data-max-chars="{MAX_CHARS}"'
        f' data-msg-too-large="{escape(UI["cohort_too_large"](lang))}"'
        f' data-msg-unreadable="{escape(UI["cohort_unreadable"](lang))}">'
        f"<summary>{escape(UI['cohort'](lang))}</summary>"
        f'<p class="calc__help">{escape(UI["cohort_help"](lang))}</p>'
        f'<label for="{base}-text">{escape(UI["cohort_paste"](lang))}</label>'
        f'<textarea id="{base}-text" data-cohort-text rows="5" spellcheck="false"'
        f' aria-describedby="{base}-error"></textarea>'
        f'<label for="{base}-file">{escape(UI["cohort_file"](lang))}</label>'
        f'<input id="{base}-file" data-cohort-file type="file" accept=".csv,.tsv,.txt,text/csv,text/plain">'
        '<button type="button" class="md-button calc__button" data-cohort-read>'
        f"{escape(UI['cohort_read'](lang))}</button>"
        f'<p class="calc__error" id="{base}-error" data-cohort-error role="alert"></p>'
        '<p class="calc__cohort-result" data-cohort-result role="status"></p>'
        "</details>"
    )


def _summary(calc: Calculator, presentation: Presentation, result: dict[str, Any], lang: Lang) -> str:
    """The headline results again, in a bar that stays in view while a phone reader edits the
    long form above the results (CSS shows it on narrow screens only). Hidden from screen
    readers: the headline in the results is already announced when it changes."""
    keys = dict.fromkeys((calc.outputs[0].key, presentation.headline))  # the first card, then what sensitivity follows
    items = []
    for key in keys:
        spec = next(o for o in calc.outputs if o.key == key)
        items.append(
            f'<span class="calc__summary-item"><span class="calc__summary-label">{escape(spec.label(lang))}</span> '
            f'<span class="calc__summary-value" data-summary="{key}">'
            f"{escape(format_output(spec, result['outputs'][key], lang))}</span></span>"
        )
    return f'<div class="calc__summary" aria-hidden="true">{"".join(items)}</div>'


def _field(calc: Calculator, name: str, value: Any, lang: Lang) -> str:
    spec = calc.field(name)
    base = f"{calc.name}-{name}"
    unit = unit_label(spec.unit, lang)
    money = f' data-money="({escape(unit)})"' if spec.unit == "money" else ""
    unit_html = f' <span class="calc__unit"{money}>({escape(unit)})</span>' if unit else ""
    shown = escape(format_input(spec, value))
    return "".join(
        [
            '<div class="calc__field">',
            f'<label for="{base}">{escape(spec.label(lang))}{unit_html}</label>',
            f'<input id="{base}" name="{name}" type="text" inputmode="decimal" spellcheck="false"'
            f' value="{shown}" data-default="{shown}" aria-describedby="{base}-help {base}-error">',
            f'<p class="calc__help" id="{base}-help">{escape(spec.help(lang))}</p>',
            f'<p class="calc__error" id="{base}-error" data-error-for="{name}"></p>',
            _range(spec.name, base, lang),
            "</div>",
        ]
    )


def _range(name: str, base: str, lang: Lang) -> str:
    """Low and high ends for this input, shown once the reader adds ranges (no name=: they are
    not inputs of the calculator but of simulate)."""
    ends = "".join(
        f'<label for="{base}-{end}">{escape(UI["range_" + end](lang))}</label>'
        f'<input id="{base}-{end}" data-range-{end}="{name}" type="text" inputmode="decimal" spellcheck="false"'
        f' aria-describedby="{base}-range-error">'
        for end in ("low", "high")
    )
    return (
        f'<div class="calc__range">{ends}</div>'
        f'<p class="calc__error" id="{base}-range-error" data-error-for="range.{name}"></p>'
    )


def _output(calc: Calculator, key: str, result: dict[str, Any], lang: Lang, formulas: Any) -> str:
    spec = next(o for o in calc.outputs if o.key == key)
    value = result["outputs"][key]
    raw = "" if value is None else value if isinstance(value, str) else js_number_string(value)
    formula = formulas.get(key)
    formula_html = (
        f'<p class="calc__formula"><span class="calc__sr">{escape(UI["formula"](lang))}: </span>'
        f"{escape(formula(lang))}</p>"
        if formula
        else ""
    )
    # The headline (first) result is announced when it changes; the rest would be noise.
    live = ' aria-live="polite" aria-atomic="true"' if spec is calc.outputs[0] else ""
    return (
        f'<div class="calc__output"{live}><dt>{escape(spec.label(lang))}</dt>'
        f'<dd><output data-output="{key}" data-value="{escape(raw)}">'
        f"{escape(format_output(spec, value, lang))}</output>{formula_html}</dd></div>"
    )


def _solve(calc: Calculator, presentation: Presentation, lang: Lang) -> str:
    """Goal seek: which value of one input makes a result reach a target (calculators.solve).
    Its controls carry no name=, so they are never read as the calculator's inputs."""
    base = f"{calc.name}-solve"
    outputs = "".join(
        f'<option value="{o.key}" data-unit="{escape(unit_label(o.unit, lang))}"'
        f"{' selected' if o.key == presentation.headline else ''}>{escape(o.label(lang))}</option>"
        for o in calc.outputs
        if o.unit != "category"
    )
    first = presentation.sensitivity_fields[0] if presentation.sensitivity_fields else calc.fields[0].name
    fields = "".join(
        f'<option value="{f.name}"{" selected" if f.name == first else ""}>{escape(f.label(lang))}</option>'
        for f in calc.fields
    )
    return (
        f'<details class="calc__solve" data-solve data-msg-working="{escape(UI["solve_working"](lang))}">'
        f"<summary>{escape(UI['solve'](lang))}</summary>"
        '<form class="calc__solve-form" novalidate autocomplete="off">'
        f'<label for="{base}-output">{escape(UI["solve_make"](lang))}</label>'
        f'<select id="{base}-output" data-solve-output>{outputs}</select>'
        f'<label for="{base}-target">{escape(UI["solve_equal"](lang))}</label>'
        f'<span class="calc__solve-target"><input id="{base}-target" data-solve-target type="text" inputmode="decimal"'
        f' spellcheck="false" aria-describedby="{base}-error"> <span data-solve-unit></span></span>'
        f'<label for="{base}-vary">{escape(UI["solve_by"](lang))}</label>'
        f'<select id="{base}-vary" data-solve-vary>{fields}</select>'
        f'<button type="submit" class="md-button calc__button">{escape(UI["solve_go"](lang))}</button>'
        f'<p class="calc__error" id="{base}-error" data-solve-error></p>'
        '<p class="calc__solve-answer" data-solve-answer role="status"></p>'
        f'<button type="button" class="md-button calc__button" data-solve-apply hidden>'
        f"{escape(UI['solve_apply'](lang))}</button>"
        "</form></details>"
    )


def _symbols(presentation: Presentation, lang: Lang) -> str:
    """The key to the formulas' letters, in the page's language."""
    if not presentation.symbols:
        return ""
    items = "".join(
        f"<dt>{escape(symbol)}</dt><dd>{escape(meaning(lang))}</dd>" for symbol, meaning in presentation.symbols.items()
    )
    return (
        f'<details class="calc__symbols"><summary>{escape(UI["symbols"](lang))}</summary>'
        f'<dl class="calc__symbol-list">{items}</dl></details>'
    )


def _chart(chart_id: str, payload: dict[str, Any], lang: Lang) -> str:
    table = payload["table"]
    head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in table["head"])
    body = "".join(
        "<tr>"
        + "".join(f'<th scope="row">{escape(c)}</th>' if i == 0 else f"<td>{escape(c)}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in table["rows"]
    )
    return (
        f'<figure class="calc__chart" data-chart="{escape(chart_id)}" data-payload="{escape(json.dumps(payload))}">'
        f"<figcaption>{escape(payload['title'])}</figcaption>"
        f'<div class="calc__canvas"><canvas role="img" aria-label="{escape(payload["title"])}"></canvas></div>'
        f'<details class="calc__table"><summary>{escape(UI["data_table"](lang))}</summary>'
        f'<div class="calc__scroll"><table data-chart-table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div></details></figure>"
    )


def _sensitivity(calc: Calculator, result: dict[str, Any], lang: Lang) -> str:
    table = sensitivity(calc, presentation_of(calc.name), result["inputs"], lang)
    return (
        '<section class="calc__sensitivity" data-sensitivity>'
        f'<h3 class="calc__subhead">{escape(UI["sensitivity"](lang))}</h3>'
        f'<p class="calc__help" data-sensitivity-caption data-template="{escape(UI["sensitivity_help"](lang))}">'
        f"{escape(UI['sensitivity_help'](lang).format(output=table['output'], base=table['base']))}</p>"
        f'<div class="calc__scroll"><table data-sensitivity-table>{sensitivity_rows(table, lang)}</table></div>'
        f'<p class="calc__scroll-hint" aria-hidden="true">{escape(UI["scroll_hint"](lang))}</p>'
        "</section>"
    )


def sensitivity_rows(table: dict[str, Any], lang: Lang) -> str:
    """Header and body of the sensitivity table (the page script rebuilds it the same way)."""
    head = f'<th scope="col">{escape(UI["field"](lang))}</th>' + "".join(
        f'<th scope="col">{escape(step)}</th>' for step in table["steps"]
    )
    body = "".join(
        f'<tr data-field="{escape(row["field"])}"><th scope="row">{escape(row["label"])}</th>'
        + "".join(
            f'<td>{escape(cell["text"])}<span class="calc__change">{escape(cell["change"])}</span></td>'
            for cell in row["cells"]
        )
        + "</tr>"
        for row in table["rows"]
    )
    return f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"


def _uncertainty(lang: Lang) -> str:
    """What the ranges do to the results; filled in by the page script from web.py's "simulation"."""
    head = "".join(
        f'<th scope="col">{escape(UI[key](lang))}</th>' for key in ("measure", "p10", "p50", "p90", "below_zero")
    )
    return (
        '<section class="calc__uncertainty" data-uncertainty hidden>'
        f'<h3 class="calc__subhead">{escape(UI["uncertainty"](lang))}</h3>'
        f'<p class="calc__help" data-uncertainty-caption data-template="{escape(UI["uncertainty_help"](lang))}"></p>'
        '<p class="calc__loss" data-uncertainty-loss></p>'
        f'<div class="calc__scroll"><table><thead><tr>{head}</tr></thead>'
        "<tbody data-uncertainty-body></tbody></table></div>"
        f'<h4 class="calc__subhead" data-tornado-title data-template="{escape(UI["tornado"](lang))}"></h4>'
        f'<div class="calc__tornado" data-tornado data-base-template="{escape(UI["tornado_base"](lang))}"></div>'
        "</section>"
    )


def _scenarios(lang: Lang) -> str:
    """Saved scenarios beside the current inputs; filled in by calculator-scenarios.js."""
    messages = {
        "name": "scenario_name",
        "default-name": "scenario_default",
        "load": "scenario_load",
        "delete": "scenario_delete",
        "current": "scenario_current",
        "delta": "scenario_delta",
        "percent": "scenario_percent",
    }
    attrs = " ".join(f'data-msg-{key}="{escape(UI[text](lang))}"' for key, text in messages.items())
    return (
        f'<section class="calc__scenarios" data-scenarios {attrs} hidden>'
        f'<h3 class="calc__subhead">{escape(UI["scenarios"](lang))}</h3>'
        f'<p class="calc__help">{escape(UI["scenarios_help"](lang))}</p>'
        '<p class="calc__notice" data-scenario-message role="status"></p>'
        '<ol class="calc__scenario-list" data-scenario-list></ol>'
        f'<div class="calc__scroll"><table data-scenario-table data-measure="{escape(UI["measure"](lang))}" hidden>'
        "<thead></thead><tbody></tbody></table></div></section>"
    )


def _attrs(attrs: dict[str, str]) -> str:
    shown = {key: value for key, value in attrs.items() if value or key != "data-chart-lib"}
    return " ".join(f'{key}="{escape(value)}"' for key, value in shown.items())
