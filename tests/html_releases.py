"""The press releases of corpora/press-releases as web pages, marked up as a press office's site would mark
them up: the headline an ``<h1>``, a one-line paragraph (``关于Wink.ru``) an ``<h2>``, the rest ``<p>``;
people's full names in bold at their first mention (as in the DOCX release), the first ``Wink.ru`` in
running text a link to the platform, and the dateline's date in a ``<time>`` element."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

NAMES = ("亚历山大·科萨里姆", "康斯坦丁·弗拉基米罗夫", "周慧")
LINK = ("Wink.ru", "https://wink.ru/")
DATE = re.compile(r"^(\d{1,2})月(\d{1,2})日")
YEARS = {"wcm-2026-pavilion": 2026, "wink-chinese-drama-week": 2026}


def html_release(txt: Path, out: Path) -> Path:
    """Write the Chinese release ``txt`` (``NAME.zh.txt``) as the page ``out`` and return it."""
    name = txt.name.split(".")[0]
    paragraphs = [p.strip() for p in txt.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    pending_names = list(NAMES)
    linked = False
    body = []
    for k, para in enumerate(paragraphs):
        text = escape(para, quote=False)
        if k == 0:
            body.append(f"<h1>{text}</h1>")
            continue
        if len(para) < 12 and not para.endswith("。"):
            body.append(f"<h2>{text}</h2>")
            continue
        for person in list(pending_names):
            if person in text:
                text = text.replace(person, f"<b>{person}</b>", 1)
                pending_names.remove(person)
        if not linked and LINK[0] in text:
            text = text.replace(LINK[0], f'<a href="{LINK[1]}">{LINK[0]}</a>', 1)
            linked = True
        date = DATE.match(para)
        if date:
            month, day = int(date[1]), int(date[2])
            stamp = f"{YEARS[name]}-{month:02d}-{day:02d}"
            text = f'<time datetime="{stamp}">{date[0]}</time>{text[len(date[0]) :]}'
        body.append(f"<p>{text}</p>")
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(paragraphs[0], quote=False)}</title></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
    out.write_text(page, encoding="utf-8")
    return out
