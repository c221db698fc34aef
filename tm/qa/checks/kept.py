"""``urls`` and ``names``: what a translation carries over unchanged.

``urls``: every URL, e-mail address and hashtag of the source is in the target (URLs and addresses
compared case-insensitively, hashtags as written).

``names``: Latin-script names and brands. In a Chinese or Russian source every Latin-script word is one
(``Wink``, ``WCM``, ``OTT``, ``Media-Telecom``); in an English source the all-capital and inner-capital
ones (``WCM``, ``WingsMedia``) and those named in the project's config. A name that the termbase renders
otherwise in the target language (Media-Telecom = «Медиа Телеком») is left to the terminology check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tm.qa.context import Context
from tm.qa.model import Hit, QaSegment
from tm.qa.scripts import uses_cyrillic
from tm.text.placeables import find

HASHTAG = re.compile(r"(?<![\w&#])#[^\W\d_][\w]*", re.U)
_LATIN_NAME = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9]*(?:[-.&'’][A-Za-z0-9]+)*(?![A-Za-z0-9_])")
_BRANDLIKE = re.compile(r"^(?:[A-Z0-9]{2,}|[A-Za-z]+[A-Z][A-Za-z]*)$")


def _kept(kind: str, value: str, target: str) -> bool:
    if kind in ("url", "email"):
        return value.casefold() in target.casefold()
    return value in target


def check(seg: QaSegment, ctx: Context) -> Iterator[Hit]:
    source, target = seg.source, seg.target
    if not target.strip():
        return
    missing = [(p.text, p.start, p.end) for p in find(source) if p.kind in ("url", "email")]
    missing = [m for m in missing if not _kept("url", m[0], target)]
    missing += [
        (m.group(), m.start(), m.end())
        for m in HASHTAG.finditer(source)
        if not _kept("tag", m.group(), target)
    ]
    if missing:
        yield Hit(
            "urls",
            "not in the target: " + ", ".join(dict.fromkeys(m[0] for m in missing)),
            tuple((a, b) for _, a, b in missing),
        )
    names = [n for n in _names(source, ctx) if n[0] not in target]
    if names and ctx.terms is not None:
        covered = ctx.terms.source_spans(source)
        names = [n for n in names if not any(a <= n[1] and n[2] <= b for a, b in covered)]
    if names:
        yield Hit(
            "names",
            "not in the target as written: " + ", ".join(dict.fromkeys(n[0] for n in names)),
            tuple((a, b) for _, a, b in names),
        )


def _names(source: str, ctx: Context) -> list[tuple[str, int, int]]:
    urls = [(p.start, p.end) for p in find(source) if p.kind in ("url", "email")]
    out = []
    latin_source = ctx.s not in ("zh", "ja", "ko") and not uses_cyrillic(ctx.s)
    for m in _LATIN_NAME.finditer(source):
        if any(a <= m.start() < b for a, b in urls):
            continue
        word = re.sub(r"['’]s$", "", m.group().rstrip("."))
        if latin_source and not (_BRANDLIKE.match(word) or word in ctx.names):
            continue
        if not any(ch.isalpha() for ch in word):
            continue
        out.append((word, m.start(), m.start() + len(word)))
    return out
