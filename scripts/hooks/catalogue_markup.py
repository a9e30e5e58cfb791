"""Lists that follow the calculator folders, so no page has to be edited when one is added.

- `<!-- calculator-list -->`: every calculator, linked to its page, with the question it answers.
- `<!-- practice-list -->`: every set of exercises, linked to its page, with its exercises.
- `<!-- exercise-count -->` (anywhere in a line): how many exercises there are, in digits.
"""

from __future__ import annotations

import re
from html import escape

from page_map import PageMap, link_to

from calculators import exercises
from calculators.core import Lang, Text
from calculators.registry import CALCULATORS

LIST_MARKER = re.compile(r"^<!--\s*(?P<kind>calculator-list|practice-list)\s*-->[ \t]*$", re.MULTILINE)
COUNT_MARKER = re.compile(r"<!--\s*exercise-count\s*-->")

EXERCISE_WORDS = Text("{count} exercises", "{count} 道练习")


def expand(markdown: str, lang: Lang, page_url: str, pages: PageMap) -> str:
    markdown = COUNT_MARKER.sub(str(len(exercises.catalogue())), markdown)
    return LIST_MARKER.sub(
        lambda match: (calculator_list if match.group("kind") == "calculator-list" else practice_list)(
            lang, page_url, pages
        ),
        markdown,
    )


def calculator_list(lang: Lang, page_url: str, pages: PageMap) -> str:
    items = [
        f'<li><a href="{escape(link_to(pages.calculator_page(lang, name), f"calculator {name}", page_url))}">'
        f"<strong>{escape(calc.title(lang))}</strong></a>"
        f"{'：' if lang == 'zh' else ': '}{escape(calc.question(lang))}</li>"
        for name, calc in CALCULATORS.items()
    ]
    return f'<ul class="catalogue">{"".join(items)}</ul>\n'


def practice_list(lang: Lang, page_url: str, pages: PageMap) -> str:
    items = []
    for name, calc in CALCULATORS.items():
        group = [exercise for exercise in exercises.catalogue() if exercise.calculator == name]
        if not group:
            continue
        href = link_to(pages.practice_page(lang, name), f"the exercises of {name}", page_url)
        titles = ("；" if lang == "zh" else "; ").join(exercises.fill(e, e.title, lang) for e in group)
        count = EXERCISE_WORDS(lang).format(count=len(group))
        items.append(
            f'<li><a href="{escape(href)}"><strong>{escape(calc.title(lang))}</strong></a>'
            f"（{escape(count)}）：{escape(titles)}</li>"
            if lang == "zh"
            else f'<li><a href="{escape(href)}"><strong>{escape(calc.title(lang))}</strong></a>'
            f" ({escape(count)}): {escape(titles)}</li>"
        )
    return f'<ul class="catalogue">{"".join(items)}</ul>\n'
