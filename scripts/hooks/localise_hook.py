"""Chinese pages get Chinese tooltips where Markdown extensions write English ones.

The toc extension's permalink title and the footnotes extension's back-link title are
options of the whole build, so the Chinese pages would say "Permanent link" and "Jump
back to footnote 3 in the text"; this rewrites them on pages under zh/.
"""

from __future__ import annotations

import re
from typing import Any

PERMALINK = 'title="Permanent link"'
BACKLINK = re.compile(r'title="Jump back to footnote (\d+) in the text"')


def localise(html: str) -> str:
    html = html.replace(PERMALINK, 'title="本节链接"')
    return BACKLINK.sub(r'title="返回正文中第 \1 个脚注处"', html)


def on_page_content(html: str, page: Any, **_: Any) -> str:
    return localise(html) if page.file.src_uri.startswith("zh/") else html
