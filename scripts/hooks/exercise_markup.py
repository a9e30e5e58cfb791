"""The HTML of practice exercises and of the progress overview, rendered at build time.

`<!-- exercise ID -->` becomes a heading (`## Title { #ID }`, so the exercise is
in the table of contents and can be linked to) and the exercise widget: the
scenario and question, one field per answer with its tolerance, a Check button,
the hint and the worked solution, each with a link that opens the calculator
pre-filled. `<!-- exercise-progress -->` becomes the list of every exercise with
a status slot, a progress bar and a reset button.

All wording comes from calculators.exercises (the exercise texts) and from UI
below (the widget's own words). docs/assets/javascripts/exercises.js only wires
behaviour: it sends the answers to calculators.web in the worker, writes back the
messages Python returns, and keeps progress in localStorage (exercise-progress.js:
under data-store, versioned and scoped to the site's path; the first version's key,
data-store-legacy, is read once and moved), and says when it could not.
"""

from __future__ import annotations

import re
from html import escape

from mkdocs.exceptions import PluginError
from page_map import PageMap, link_to

from calculators import exercises
from calculators.core import Lang, Text
from calculators.display import unit_label
from calculators.exercises import Answer, Exercise
from calculators.registry import CALCULATORS
from calculators.registry import get as get_calculator

# One pattern for both markers, so the hook adds a single substitution.
MARKER = re.compile(r"^<!--\s*(?:exercise\s+(?P<id>\S+)|(?P<progress>exercise-progress))\s*-->[ \t]*$", re.MULTILINE)

# Progress is kept in the reader's browser only, under a localStorage key made of this name,
# the format's version and the site's path (exercise-progress.js), e.g.
# "exercises:progress:v1:/handbook/". LEGACY_STORE_KEY is where the first version kept it.
STORE_NAME = "exercises:progress"
LEGACY_STORE_KEY = "private-traffic-handbook/exercises/v1"

STATUS: dict[str, Text] = {
    "static": Text(
        "Answers are checked in your browser once the page's script has loaded; the hint and the worked"
        " solution work without it.",
        "页面脚本加载后，答案会在你的浏览器里核对；提示和解答不依赖脚本，随时可看。",
    ),
    "loading": Text("Starting the checker… you can type your answers meanwhile.", "正在启动答案核对……可以先作答。"),
    "live": Text(
        "Ready: the calculators' own Python will check your answers.",
        "已就绪：答案由计算器的同一套 Python 代码核对。",
    ),
    "checking": Text("Checking…", "正在核对……"),
    "error": Text(
        "The checker could not start in this browser. The hint and the worked solution below still work.",
        "答案核对无法在此浏览器中启动。下方的提示和解答仍可查看。",
    ),
}

# What the page says about keeping progress, on every exercise and on the overview.
STORAGE: dict[str, Text] = {
    "saved": Text("Your progress is saved in this browser.", "进度已保存在这个浏览器里。"),
    "storage_full": Text(
        "Your progress could not be saved in this browser: storage is full.",
        "进度没能保存到这个浏览器：存储空间已满。",
    ),
    "storage_blocked": Text(
        "Your progress could not be saved in this browser: it does not let this site keep data.",
        "进度没能保存到这个浏览器：浏览器不允许本站保存数据。",
    ),
    "storage_off": Text(
        "This browser does not let the site keep data, so your progress is not saved; it lasts only while"
        " this page is open.",
        "此浏览器不允许本站保存数据，做题进度不会保存，只在本页打开期间保留。",
    ),
    "storage_unreadable": Text(
        "Progress saved earlier could not be read (perhaps it was written by another version of the site), so"
        " it is not counted. Nothing was deleted: the saved text is kept in this browser under “{key}”.",
        "之前保存的进度无法读取（可能是网站版本不同所致），所以没有计入。数据并未删除，原文仍以“{key}”为名保存在本浏览器中。",
    ),
    "storage_partly": Text(
        "{count} of the {total} entries of progress saved earlier could not be read (perhaps they were written"
        " by another version of the site) and are not counted; the rest are. Nothing was deleted: the saved"
        " text is kept in this browser under “{key}”.",
        "之前保存的 {total} 条进度中有 {count} 条无法读取（可能是网站版本不同所致），没有计入，其余照常计入。"
        "数据并未删除，原文仍以“{key}”为名保存在本浏览器中。",
    ),
}

UI: dict[str, Text] = {
    "scenario": Text("Scenario", "场景"),
    "defaults": Text("calculator defaults", "计算器默认值"),
    "changed": Text("changed", "改动"),
    "open": Text("Open this scenario in the calculator", "在计算器中打开这个场景"),
    "show": Text("See the answer in the calculator", "在计算器里查看答案"),
    "new_tab": Text("(opens in a new tab)", "（在新标签页打开）"),
    "answers": Text("Your answers", "你的答案"),
    "check": Text("Check my answers", "核对答案"),
    "hint": Text("Hint", "提示"),
    "solution": Text("Worked solution", "解答"),
    "solved_before": Text("Solved in this browser", "你已完成本题"),
    # the overview
    "exercise": Text("Exercise", "练习"),
    "status": Text("Status", "状态"),
    "new": Text("Not started", "未开始"),
    "attempted": Text("Tried, not solved yet", "已尝试，未答对"),
    "solved": Text("Solved", "已完成"),
    "used_hint": Text("hint used", "看过提示"),
    "saw_solution": Text("solution viewed", "看过解答"),
    "summary": Text("{solved} of {total} exercises solved", "已完成 {solved} / {total} 道练习"),
    "summary_static": Text(
        "Your progress appears here once the page's script has loaded.",
        "页面脚本加载后，这里会显示你的进度。",
    ),
    "reset": Text("Reset progress", "清空进度"),
    "confirm": Text("Clear your progress on every exercise in this browser?", "确定清空本浏览器里所有练习的进度吗？"),
    "cleared": Text("Progress cleared.", "进度已清空。"),
    "export": Text("Export progress", "导出进度"),
    "import": Text("Import progress", "导入进度"),
    "import_file": Text("A progress file exported from these exercises", "从这里导出的练习进度文件"),
    "exported": Text(
        "Your progress was exported to the file “{file}”. Import it here in another browser to carry on there.",
        "进度已导出为文件“{file}”。在另一个浏览器打开本页导入，就能接着做。",
    ),
    "imported": Text(
        "Imported “{file}”: {taken} taken ({solved} solved), {ignored} ignored.",
        "已导入“{file}”：采用 {taken} 条（其中已完成 {solved} 条），忽略 {ignored} 条。",
    ),
    "imported_ignored": Text(
        "Entries are ignored when they cannot be read or name no exercise on this site.",
        "无法读取、或本站没有对应练习的记录会被忽略。",
    ),
    "import_invalid": Text(
        "“{file}” is not a progress file exported from these exercises, so nothing was imported.",
        "“{file}”不是从这里导出的练习进度文件，没有导入任何内容。",
    ),
    "privacy": Text(
        "Progress is stored in this browser only (localStorage); nothing is sent anywhere. Export it to a file"
        " to keep a copy or to carry it to another browser.",
        "进度只保存在当前浏览器（localStorage）里，不会上传到任何地方。可以导出为文件留作备份，或导入到另一个浏览器。",
    ),
}


def _store_attrs(lang: Lang) -> dict[str, str]:
    """Where progress is kept and what the page says about keeping it."""
    return {
        "data-store": STORE_NAME,
        "data-store-legacy": LEGACY_STORE_KEY,
        **{f"data-msg-{key.replace('_', '-')}": text(lang) for key, text in STORAGE.items()},
    }


def expand(
    match: re.Match[str],
    *,
    src_uri: str,
    page_url: str,
    lang: Lang,
    runtime_url: str,
    package_url: str,
    pages: PageMap,
) -> str:
    """The replacement for one marker; an unknown exercise id, or a missing page, fails the build."""
    if match.group("progress"):
        return render_progress(lang, page_url, pages)
    exercise_id = match.group("id")
    known = [exercise.id for exercise in exercises.catalogue()]
    if exercise_id not in known:
        raise PluginError(f"{src_uri}: unknown exercise '{exercise_id}' (known: {', '.join(known)})")
    return render(exercise_id, lang, page_url=page_url, runtime_url=runtime_url, package_url=package_url, pages=pages)


def calculator_link(exercise: Exercise, lang: Lang, page_url: str, query: str, pages: PageMap) -> str:
    calculator = exercise.calculator
    base = link_to(pages.calculator_page(lang, calculator), f"calculator {calculator} ({lang})", page_url)
    return f"{base}?{query}" if query else base


def _attrs(values: dict[str, str]) -> str:
    return " ".join(f'{key}="{escape(value)}"' for key, value in values.items())


def render(exercise_id: str, lang: Lang, *, page_url: str, runtime_url: str, package_url: str, pages: PageMap) -> str:
    """The heading and widget of one exercise, in Markdown (heading) and HTML (widget)."""
    exercise = exercises.get(exercise_id)
    title = exercises.fill(exercise, exercise.title, lang)
    attrs = {
        "class": "exercise",
        "data-exercise": exercise.id,
        "data-state": "static",
        "data-lang": lang,
        "data-runtime": runtime_url,
        "data-package": package_url,
        **_store_attrs(lang),
        **{f"data-msg-{state}": text(lang) for state, text in STATUS.items()},
    }
    prefix = f"ex-{exercise.id}"
    scenario_href = calculator_link(exercise, lang, page_url, exercises.scenario_query(exercise), pages)
    solution_href = calculator_link(exercise, lang, page_url, exercises.solution_query(exercise), pages)
    parts = [
        f"<div {_attrs(attrs)}>",
        '<div class="exercise__scenario">',
        '<p class="exercise__meta">'
        f'<span class="exercise__calc">{escape(get_calculator(exercise.calculator).title(lang))}</span> '
        f"<span>{escape(_scenario_line(exercise, lang))}</span> "
        f'<span class="exercise__done" data-done hidden>✓ {escape(UI["solved_before"](lang))}</span></p>',
        f'<p class="exercise__question">{escape(exercises.fill(exercise, exercise.question, lang))}</p>',
        f'<p class="exercise__open">{_link(scenario_href, UI["open"](lang), lang, "data-scenario-link")}</p>',
        "</div>",
        f'<form class="exercise__form" novalidate autocomplete="off" aria-label="{escape(UI["answers"](lang))}">',
        *(_answer(exercise, answer, lang, prefix) for answer in exercise.answers),
        '<div class="exercise__actions">'
        '<button type="submit" class="md-button md-button--primary exercise__check">'
        f"{escape(UI['check'](lang))}</button>"
        f'<p class="exercise__status" data-status>{escape(STATUS["static"](lang))}</p>'
        "</div>",
        '<p class="exercise__summary" data-summary role="status" aria-live="polite"></p>',
        '<p class="exercise__storage" data-storage-message role="status" aria-live="polite"></p>',
        "</form>",
        f'<details class="exercise__hint tip" data-reveal="hint"><summary>{escape(UI["hint"](lang))}</summary>',
        f"<p>{escape(exercises.fill(exercise, exercise.hint, lang))}</p>",
        "</details>",
        '<details class="exercise__solution success" data-reveal="solution">'
        f"<summary>{escape(UI['solution'](lang))}</summary>",
        _blocks(exercises.fill(exercise, exercise.solution, lang)),
        f'<p class="exercise__open">{_link(solution_href, UI["show"](lang), lang, "data-solution-link")}</p>',
        "</details>",
        "</div>",
    ]
    # The heading is Markdown so it gets an anchor and a place in the table of contents.
    return f"## {escape(title)} {{ #{exercise.id} }}\n\n" + "\n".join(parts) + "\n"


def _scenario_line(exercise: Exercise, lang: Lang) -> str:
    calc = get_calculator(exercise.calculator)
    scenario = exercise.scenario
    name = calc.preset(scenario.preset).name(lang) if scenario.preset else UI["defaults"](lang)
    line = f"{UI['scenario'](lang)}{'：' if lang == 'zh' else ': '}{name}"
    if scenario.inputs:
        changes = ("、" if lang == "zh" else ", ").join(
            f"{spec.label(lang)} {exercises.Given(float(value), spec.unit).text(lang)}"
            for spec, value in ((calc.field(name), value) for name, value in scenario.inputs.items())
        )
        changed = UI["changed"](lang)
        line += f"（{changed}：{changes}）" if lang == "zh" else f" ({changed}: {changes})"
    return line


def _link(href: str, text: str, lang: Lang, marker: str) -> str:
    return (
        f'<a href="{escape(href)}" {marker} target="_blank" rel="noopener">{escape(text)}'
        f'<span class="exercise__sr"> {escape(UI["new_tab"](lang))}</span></a>'
    )


def _answer(exercise: Exercise, answer: Answer, lang: Lang, prefix: str) -> str:
    label = escape(exercises.fill(exercise, answer.label, lang))
    field_id = f"{prefix}-{answer.key}"
    feedback = f'<p class="exercise__feedback" id="{field_id}-feedback" data-feedback-for="{escape(answer.key)}"></p>'
    if answer.kind == "choice":
        options = "".join(
            '<label class="exercise__choice">'
            f'<input type="radio" name="{escape(answer.key)}" value="{escape(choice.key)}">'
            f" <span>{escape(exercises.fill(exercise, choice.label, lang))}</span></label>"
            for choice in answer.choices
        )
        return (
            f'<fieldset class="exercise__answer" data-answer="{escape(answer.key)}" data-kind="choice"'
            f' aria-describedby="{field_id}-feedback">'
            f"<legend>{label}</legend>{options}{feedback}</fieldset>"
        )
    unit = unit_label(answer.unit, lang)
    unit_html = f' <span class="exercise__unit">({escape(unit)})</span>' if unit else ""
    return (
        f'<div class="exercise__answer" data-answer="{escape(answer.key)}" data-kind="numeric">'
        f'<label for="{field_id}">{label}{unit_html}</label>'
        f'<input id="{field_id}" name="{escape(answer.key)}" type="text" inputmode="decimal"'
        f' spellcheck="false" aria-describedby="{field_id}-tolerance {field_id}-feedback">'
        f'<p class="exercise__tolerance" id="{field_id}-tolerance">'
        f"{escape(exercises.accepted_text(answer, lang))}</p>"
        f"{feedback}</div>"
    )


def _blocks(text: str) -> str:
    """Paragraphs split by blank lines; a block of lines starting with "- " becomes a list."""
    html = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{escape(line[2:])}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append(f"<p>{escape(' '.join(lines))}</p>")
    return "\n".join(html)


def render_progress(lang: Lang, page_url: str, pages: PageMap) -> str:
    """Every exercise, grouped by calculator, with a status slot the page script fills."""
    attrs = {
        "class": "exercise-progress",
        "data-exercise-progress": "",
        **_store_attrs(lang),
        "data-summary-template": UI["summary"](lang),
        **{
            f"data-msg-{key.replace('_', '-')}": UI[key](lang)
            for key in (
                "new",
                "attempted",
                "solved",
                "used_hint",
                "saw_solution",
                "confirm",
                "cleared",
                "exported",
                "imported",
                "imported_ignored",
                "import_invalid",
            )
        },
    }
    rows = []
    for calculator in CALCULATORS:
        group = [exercise for exercise in exercises.catalogue() if exercise.calculator == calculator]
        if not group:
            continue
        page_href = link_to(pages.practice_page(lang, calculator), f"the exercises of {calculator} ({lang})", page_url)
        rows.append(
            '<tr class="exercise-progress__group"><th colspan="2" scope="colgroup">'
            f'<a href="{escape(page_href)}">{escape(get_calculator(calculator).title(lang))}</a></th></tr>'
        )
        rows += [
            f'<tr data-progress-for="{escape(exercise.id)}" data-status="new">'
            f'<td><a href="{escape(page_href)}#{escape(exercise.id)}">'
            f"{escape(exercises.fill(exercise, exercise.title, lang))}</a></td>"
            f'<td class="exercise-progress__status" data-progress-status>{escape(UI["new"](lang))}</td></tr>'
            for exercise in group
        ]
    total = len(exercises.catalogue())
    parts = [
        f"<div {_attrs(attrs)}>",
        '<div class="exercise-progress__head">',
        '<p class="exercise-progress__summary" id="exercise-progress-summary" data-progress-summary'
        f' role="status">{escape(UI["summary_static"](lang))}</p>',
        f'<progress class="exercise-progress__bar" max="{total}" value="0" data-progress-bar'
        ' aria-labelledby="exercise-progress-summary"></progress>',
        "</div>",
        '<table class="exercise-progress__table">',
        f'<thead><tr><th scope="col">{escape(UI["exercise"](lang))}</th>'
        f'<th scope="col">{escape(UI["status"](lang))}</th></tr></thead>',
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        '<p class="exercise-progress__actions">'
        f'<button type="button" class="md-button" data-progress-export>{escape(UI["export"](lang))}</button>'
        f'<button type="button" class="md-button" data-progress-import>{escape(UI["import"](lang))}</button>'
        '<input type="file" accept=".json,application/json" data-progress-file hidden'
        f' aria-label="{escape(UI["import_file"](lang))}">'
        f'<button type="button" class="md-button" data-progress-reset>{escape(UI["reset"](lang))}</button>'
        '<span class="exercise-progress__toast" data-progress-toast role="status" aria-live="polite">'
        "</span></p>",
        '<p class="exercise-progress__storage" data-storage-message role="status" aria-live="polite"></p>',
        f'<p class="exercise-progress__privacy">{escape(UI["privacy"](lang))}</p>',
        "</div>",
    ]
    return "\n".join(parts) + "\n"
