"""MkDocs hook: one data file feeds both glossary pages and the hover tooltips.

- `docs/assets/data/glossary.yml` holds every term once, in both languages.
  It is read and checked on every build; a malformed entry, a duplicate id, a
  `see` pointing at an unknown id or the same match form claimed by two
  entries fails the build (PluginError).
- A line `<!-- glossary -->` in a page becomes the whole glossary in that
  page's language: alphabetical in English, by pinyin (音序) in Chinese; every
  term is an anchor whose id is the entry id.
- Everywhere else, the first occurrence on a page of each term (or one of its
  aliases) in running text is wrapped in `<abbr title="…">`, which Material's
  content.tooltips shows on hover. Python-Markdown's `abbr` extension cannot do
  this for Chinese: it matches on \\b word boundaries, and there are none
  between CJK characters. Text inside links, code, headings, existing <abbr>,
  footnotes, admonition titles, the calculator widget (.calc) and the glossary
  itself is left alone.

The module-level functions are pure so that tests can call them directly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

GLOSSARY_FILE = "assets/data/glossary.yml"  # relative to docs_dir
MARKER = re.compile(r"^<!--\s*glossary\s*-->[ \t]*$", re.MULTILINE)
LANGS = ("en", "zh")
OTHER = {"en": "zh", "zh": "en"}

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PINYIN = re.compile(r"^[a-z]+(?: [a-z]+)*$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ENTRY_KEYS = {"id", "en", "zh", "pinyin", "aliases", "definition", "see", "match_case"}

# Words the rendered glossary prints around the data.
_UI = {
    "en": {"also": "Also", "see": "See also", "jump": "Jump to letter"},
    "zh": {"also": "又称", "see": "参见", "jump": "按字母跳转"},
}


@dataclass(frozen=True, eq=False)  # hashed by identity, so matchers can be cached per entry list
class Entry:
    """One glossary term in both languages."""

    id: str
    term: Mapping[str, str]
    aliases: Mapping[str, tuple[str, ...]]
    definition: Mapping[str, str]
    see: tuple[str, ...] = ()
    pinyin: str | None = None
    match_case: bool = False

    def counterpart(self, lang: str) -> str | None:
        """The term in the other language, or its first alias there when both are spelled alike (KOC)."""
        other = OTHER[lang]
        if self.term[other] != self.term[lang]:
            return self.term[other]
        aliases = self.aliases.get(other, ())
        return aliases[0] if aliases else None

    def forms(self, lang: str) -> tuple[str, ...]:
        """Every string that counts as this term in running text of `lang`."""
        return (self.term[lang], *self.aliases.get(lang, ()))


# --------------------------------------------------------------------------------------------
# Loading and checking the data file


def _fail(where: str, message: str) -> PluginError:
    return PluginError(f"glossary: {where}: {message}")


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "expected a non-empty string")
    return value.strip()


def _per_lang(value: Any, where: str, *, required: bool) -> dict[str, Any]:
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise _fail(where, "expected a mapping with keys 'en' and 'zh'")
    unknown = set(value) - set(LANGS)
    if unknown:
        raise _fail(where, f"unknown language key(s) {sorted(unknown)}")
    if required and set(value) != set(LANGS):
        raise _fail(where, "needs both 'en' and 'zh'")
    return value


def parse_glossary(data: Any) -> list[Entry]:
    """Turn the YAML document into entries, or raise PluginError saying what is wrong."""
    items = data.get("terms") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise _fail(GLOSSARY_FILE, "expected a non-empty list under 'terms'")
    entries: list[Entry] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = f"entry #{index + 1}"
        if not isinstance(item, dict):
            raise _fail(where, "expected a mapping")
        entry_id = item.get("id")
        if not isinstance(entry_id, str) or not _ID.match(entry_id):
            raise _fail(where, f"id {entry_id!r} must be an ascii slug (a-z, 0-9, hyphens)")
        where = f"'{entry_id}'"
        unknown = set(item) - _ENTRY_KEYS
        if unknown:
            raise _fail(where, f"unknown key(s) {sorted(unknown)}")
        if entry_id in seen:
            raise _fail(where, "duplicate id")
        seen.add(entry_id)
        term = {lang: _text(item.get(lang), f"{where} {lang}") for lang in LANGS}
        definition = {
            lang: _text(text, f"{where} definition.{lang}")
            for lang, text in _per_lang(item.get("definition"), f"{where} definition", required=True).items()
        }
        aliases: dict[str, tuple[str, ...]] = {}
        for lang, forms in _per_lang(item.get("aliases"), f"{where} aliases", required=False).items():
            if not isinstance(forms, list):
                raise _fail(f"{where} aliases.{lang}", "expected a list")
            aliases[lang] = tuple(_text(form, f"{where} aliases.{lang}") for form in forms)
        see = item.get("see") or []
        if not isinstance(see, list) or not all(isinstance(ref, str) for ref in see):
            raise _fail(f"{where} see", "expected a list of ids")
        if entry_id in see:
            raise _fail(f"{where} see", "an entry cannot point at itself")
        pinyin = item.get("pinyin")
        if pinyin is not None and (not isinstance(pinyin, str) or not _PINYIN.match(pinyin)):
            raise _fail(f"{where} pinyin", "use lowercase syllables separated by spaces, no tones")
        if pinyin is None and _CJK.search(term["zh"]):
            raise _fail(f"{where} pinyin", "a Chinese term needs pinyin so the zh glossary can sort it")
        match_case = item.get("match_case", False)
        if not isinstance(match_case, bool):
            raise _fail(f"{where} match_case", "expected true or false")
        entries.append(Entry(entry_id, term, aliases, definition, tuple(see), pinyin, match_case))
    for entry in entries:
        for ref in entry.see:
            if ref not in seen:
                raise _fail(f"'{entry.id}' see", f"unknown id '{ref}'")
    for lang in LANGS:
        owners: dict[str, str] = {}
        for entry in entries:
            for form in entry.forms(lang):
                key = form.casefold()
                if owners.get(key, entry.id) != entry.id:
                    raise _fail(f"'{entry.id}' {lang}", f"'{form}' is already a form of '{owners[key]}'")
                owners[key] = entry.id
    return entries


def load_glossary(path: str | Path) -> list[Entry]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise _fail(str(path), f"cannot read: {error}") from error
    except yaml.YAMLError as error:
        raise _fail(str(path), f"invalid YAML: {error}") from error
    return parse_glossary(data)


# --------------------------------------------------------------------------------------------
# The glossary page


def sort_key(entry: Entry, lang: str) -> tuple[str, str]:
    """English: alphabetical by the English term. Chinese: 音序, by pinyin (Latin terms as spelled)."""
    source = entry.term["en"] if lang == "en" else (entry.pinyin or entry.term["zh"])
    letters = re.sub(r"[^0-9a-z]", "", source.casefold())
    return (letters, entry.id)


def letter_of(entry: Entry, lang: str) -> str:
    first = sort_key(entry, lang)[0][:1].upper()
    return first if first.isalpha() else "#"


def sorted_entries(entries: Iterable[Entry], lang: str) -> list[Entry]:
    return sorted(entries, key=lambda entry: sort_key(entry, lang))


def render_glossary(entries: Sequence[Entry], lang: str) -> str:
    """The whole glossary as one HTML block in `lang`, each term anchored at its id."""
    ui = _UI[lang]
    other = OTHER[lang]
    by_id = {entry.id: entry for entry in entries}
    ordered = sorted_entries(entries, lang)
    letters: list[str] = []
    for entry in ordered:
        if letter_of(entry, lang) not in letters:
            letters.append(letter_of(entry, lang))
    esc = html.escape
    out = [f'<div class="glossary" lang="{lang}">']
    jump = " · ".join(f'<a href="#glossary-{letter.lower()}">{letter}</a>' for letter in letters)
    out.append(f'<p class="glossary__letters" aria-label="{esc(ui["jump"])}">{jump}</p>')
    current = None
    for entry in ordered:
        letter = letter_of(entry, lang)
        if letter != current:
            if current is not None:
                out.append("</dl>")
            out.append(f'<h3 class="glossary__letter" id="glossary-{letter.lower()}">{letter}</h3>')
            out.append('<dl class="glossary__list">')
            current = letter
        twin = entry.counterpart(lang)
        counterpart = f' · <span lang="{other}">{esc(twin)}</span>' if twin else ""
        out.append(
            f'<dt id="{entry.id}"><strong>{esc(entry.term[lang])}</strong>{counterpart}'
            f' <a class="headerlink" href="#{entry.id}" title="#{entry.id}">¶</a></dt>'
        )
        colon, sep = ("：", "、") if lang == "zh" else (": ", ", ")
        extras = []
        if entry.aliases.get(lang):
            extras.append(ui["also"] + colon + sep.join(map(esc, entry.aliases[lang])))
        if entry.see:
            links = [f'<a href="#{ref}">{esc(by_id[ref].term[lang])}</a>' for ref in entry.see]
            extras.append(ui["see"] + colon + sep.join(links))
        joiner = "；" if lang == "zh" else " · "
        tail = f"<br><small>{joiner.join(extras)}</small>" if extras else ""
        out.append(f"<dd>{esc(entry.definition[lang])}{tail}</dd>")
    if current is not None:
        out.append("</dl>")
    out.append("</div>")
    return "\n".join(out)


def expand_marker(markdown: str, entries: Sequence[Entry], lang: str) -> str:
    if not MARKER.search(markdown):
        return markdown
    block = render_glossary(entries, lang)
    return MARKER.sub(lambda _match: f"\n{block}\n", markdown)


# --------------------------------------------------------------------------------------------
# Tooltips


_LEAD_LABEL = re.compile(r"^([^：:，,。.；;（(]{1,24})[：:]\s*(?=\S)")


def _split_lead_label(entry: Entry, lang: str) -> tuple[str | None, str]:
    """A definition that opens by naming the term ("获客成本：平均……") → (that name, the rest).

    Acronym entries (CAC, KOC, CRM) are spelled alike in both languages, so their
    definitions open with the spelled-out name. The glossary page shows it as written;
    the tooltip moves it into the heading instead of printing a second "name：".
    """
    definition = entry.definition[lang]
    found = _LEAD_LABEL.match(definition)
    if found and found.group(1).casefold() in {form.casefold() for form in entry.forms(lang)}:
        return found.group(1), definition[found.end() :]
    return None, definition


def tooltip_title(entry: Entry, lang: str) -> str:
    """What the hover shows: the term, its counterpart in the other language, the definition.

    Each name is printed once: "CAC（customer acquisition cost，获客成本）：平均获得……".
    """
    term = entry.term[lang]
    label, body = _split_lead_label(entry, lang)
    names = [name for name in (entry.counterpart(lang), label) if name and name.casefold() != term.casefold()]
    if lang == "zh":
        head = f"{term}（{'，'.join(names)}）" if names else term
        return f"{head}：{body}"
    head = f"{term} ({', '.join(names)})" if names else term
    return f"{head}: {body}"


_LATIN = "0-9A-Za-z"


_MEASURED = "一二两三四五六七八九十百千几这那每某各哪整半"


def _form_pattern(form: str, *, lang: str, match_case: bool) -> str:
    body = re.escape(form).replace(r"\ ", r"\s+")  # a term may wrap onto the next source line
    # Latin edges need word boundaries (CAC must not match inside "CACHE"); CJK edges cannot have any.
    if re.match(f"[{_LATIN}]", form):
        body = f"(?<![{_LATIN}])" + body
    # 个 after a numeral or a demonstrative is the measure word: 一个微信 is "a WeChat", not 个微.
    if lang == "zh" and form.startswith("个"):
        body = f"(?<![{_MEASURED}])" + body
    if re.search(f"[{_LATIN}]$", form):
        if lang == "en" and re.search("[A-Za-z]$", form):
            body += "(?:s|es)?"  # plurals: KOCs, Mini Programs, red packets
        body += f"(?![{_LATIN}])"
    return body if match_case else f"(?i:{body})"


@lru_cache(maxsize=8)
def _matcher(entries: tuple[Entry, ...], lang: str) -> tuple[re.Pattern[str], dict[str, Entry]]:
    forms = [(form, entry) for entry in entries for form in entry.forms(lang)]
    forms.sort(key=lambda pair: (-len(pair[0]), pair[0]))  # longest first: 私域流量池 > 私域流量 > 私域
    groups: dict[str, Entry] = {}
    parts = []
    for index, (form, entry) in enumerate(forms):
        name = f"g{index}"
        groups[name] = entry
        parts.append(f"(?P<{name}>{_form_pattern(form, lang=lang, match_case=entry.match_case)})")
    return re.compile("|".join(parts)), groups


# Where tooltips never go.
SKIP_TAGS = frozenset(
    {
        "a",
        "abbr",
        "code",
        "pre",
        "kbd",
        "samp",
        "var",
        "script",
        "style",
        "textarea",
        "select",
        "option",
        "button",
        "label",
        "svg",
        "math",
        "title",
        "sup",
        "summary",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
SKIP_CLASSES = frozenset({"calc", "glossary", "footnote", "admonition-title", "headerlink", "md-nav"})
RAW_TEXT_TAGS = frozenset({"script", "style", "textarea", "title"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_TOKEN = re.compile(
    r"""<!--.*?-->                      # comment
      | <!\[CDATA\[.*?\]\]>             # CDATA
      | <[!?][^>]*>                     # doctype, processing instruction
      | </?[A-Za-z][A-Za-z0-9:-]*       # tag name
        (?:[^>"']|"[^"]*"|'[^']*')*>    # attributes, quoted values may hold '>'
    """,
    re.DOTALL | re.VERBOSE,
)
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]*)")
_CLASS_ATTR = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


def _skips(tag: str, name: str) -> bool:
    if name in SKIP_TAGS:
        return True
    found = _CLASS_ATTR.search(tag)
    if not found:
        return False
    classes = (found.group(1) or found.group(2) or found.group(3) or "").split()
    return any(cls in SKIP_CLASSES for cls in classes)


def _mark_text(text: str, pattern: re.Pattern[str], groups: Mapping[str, Entry], used: set[str], lang: str) -> str:
    out: list[str] = []
    pos = 0
    for match in pattern.finditer(text):
        assert match.lastgroup is not None
        entry = groups[match.lastgroup]
        if entry.id in used:
            continue  # the longer form still consumes its span, so no shorter term fires inside it
        used.add(entry.id)
        title = html.escape(tooltip_title(entry, lang), quote=True)
        out.append(text[pos : match.start()])
        out.append(f'<abbr title="{title}">{match.group(0)}</abbr>')
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def add_tooltips(page_html: str, entries: Sequence[Entry], lang: str) -> str:
    """Wrap the first occurrence of each glossary term in running text in <abbr title>."""
    if not entries:
        return page_html
    pattern, groups = _matcher(tuple(entries), lang)
    used: set[str] = set()
    stack: list[tuple[str, bool]] = []  # (tag name, this element starts a no-tooltip zone)
    skipping = 0
    out: list[str] = []
    pos = 0
    length = len(page_html)
    while pos < length:
        match = _TOKEN.search(page_html, pos)
        end_of_text = match.start() if match else length
        if end_of_text > pos:
            text = page_html[pos:end_of_text]
            out.append(text if skipping else _mark_text(text, pattern, groups, used, lang))
        if not match:
            break
        tag = match.group(0)
        out.append(tag)
        pos = match.end()
        name_match = _TAG_NAME.match(tag)
        if not name_match:
            continue  # comment, doctype, CDATA
        name = name_match.group(1).lower()
        if tag.startswith("</"):
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == name:
                    skipping -= sum(1 for _, skip in stack[depth:] if skip)
                    del stack[depth:]
                    break
            continue
        if name in RAW_TEXT_TAGS:
            close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(page_html, pos)
            stop = close.end() if close else length
            out.append(page_html[pos:stop])
            pos = stop
            continue
        if name in VOID_TAGS or tag.endswith("/>"):
            continue
        skip = _skips(tag, name)
        stack.append((name, skip))
        skipping += skip
    return "".join(out)


# --------------------------------------------------------------------------------------------
# MkDocs events

_entries: list[Entry] = []


def page_lang(page: Page) -> str:
    return "zh" if getattr(page.file, "locale", "en") == "zh" else "en"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _entries
    _entries = load_glossary(Path(config["docs_dir"]) / GLOSSARY_FILE)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return expand_marker(markdown, _entries, page_lang(page))


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("glossary") is False:  # a page may opt out (the home page: no wall of underlines)
        return html_text
    return add_tooltips(html_text, _entries, page_lang(page))
