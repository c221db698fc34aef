"""Punctuation and spacing of the target language.

- ``punctuation``: Chinese uses full-width punctuation (``，。：；！？（）“”``), so a half-width mark next to a
  Han character is flagged; English and Russian use none (``，`` ``。`` ``、`` ``《》`` in them are flagged).
- ``quotes``: Russian «ёлочки» outside and „лапки“ inside them, no straight or English quotes; English one
  style, curly or straight, not both in one segment nor across the files checked.
- ``spacing``: double spaces the source does not have; leading and trailing whitespace as the source has
  it; no space between Han characters in Chinese; no space before ``, . : ; ! ?`` in English and Russian.
- ``dash-space``: Russian puts a no-break space (U+00A0) before the dash (`` —``), so a line never
  starts with it.
- ``end-punctuation``: the target ends as the source does (full stop, question or exclamation mark,
  colon, semicolon, ellipsis, comma, or none; ``。`` = ``.``), closing quotes and brackets aside.
- ``repeated-word``: a word written twice in a row (``the the``), in space-separated languages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from tm.qa.checks.codes import placeholders
from tm.qa.context import Context
from tm.qa.model import Hit, QaSegment
from tm.qa.scripts import FULLWIDTH_PUNCT, HAN, spans
from tm.text.placeables import find

_HALF_TO_FULL = {
    ",": "，",
    ";": "；",
    ":": "：",
    "!": "！",
    "?": "？",
    "(": "（",
    ")": "）",
    ".": "。",
    '"': "“”",
    "'": "‘’",
}
_HALF_NEXT_TO_HAN = re.compile(rf"(?<=[{HAN}])[,;:!?()\"]|[,;:!?()\"](?=[{HAN}])|(?<=[{HAN}])\.(?![\w.])")
_FULL_TO_HALF = {
    "，": ",",
    "。": ".",
    "、": ",",
    "：": ":",
    "；": ";",
    "！": "!",
    "？": "?",
    "（": "(",
    "）": ")",
}
_SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{HAN}])[ \t\u3000\u00a0]+(?=[{HAN}])")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S)[ \u00a0\u202f]+[,.;:!?](?=[\s\"'”»)\]]|$)")
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_DASH_NO_NBSP = re.compile(r"(?<=\S) —|(?<=\w)—(?=\s)")
_ABBREVIATION = re.compile(
    r"^(?:\S+\s)?(?:[^\W\d_]{1,5}\.)+$"
)  # "Aug.", "Sept.", "a.m.": the dot is the word's
_SPACE_AFTER_FULL = re.compile(r"(?<=[，。：；！？、])[ \u00a0]+")
_STRAIGHT_QUOTE_ZH = re.compile(r"\"|(?<![A-Za-z])'|'(?![A-Za-z])")
_SPACE_INSIDE = re.compile(r"(?<=[“‘«（(\[【「])[ \u00a0]+|[ \u00a0]+(?=[”’»）)\]】」])")
_REPEATED = re.compile(r"(?<!\w)([^\W\d_]+)\s+\1(?!\w)", re.I)
_CLOSERS = "\"'”’»)]）」』》〉】"
_END_CLASSES = (
    ("ellipsis", ("…", "...")),
    ("full stop", (".", "。", "．")),
    ("question mark", ("?", "？")),
    ("exclamation mark", ("!", "！")),
    ("colon", (":", "：")),
    ("semicolon", (";", "；")),
    ("comma", (",", "，", "、")),
)


def ending(text: str) -> str:
    """The class of the punctuation that ends ``text`` (closing quotes and brackets aside), or "none"."""
    t = text.rstrip()
    while t and t[-1] in _CLOSERS:
        t = t[:-1].rstrip()
    for name, marks in _END_CLASSES:
        if t.endswith(marks):
            return name
    return "none"


def _masked(text: str) -> str:
    """``text`` with its placeholders, markup tags and URLs blanked out (same length): their punctuation
    and spacing are syntax, not typography."""
    spans = [(p[2], p[3]) for p in placeholders(text)]
    spans += [(p.start, p.end) for p in find(text) if p.kind in ("url", "email")]
    out = list(text)
    for a, b in spans:
        out[a:b] = "_" * (b - a)
    return "".join(out)


def check(seg: QaSegment, ctx: Context) -> Iterator[Hit]:
    if not seg.target.strip():
        return
    target, source = _masked(seg.target), _masked(seg.source)
    yield from _punctuation(source, target, ctx.t)
    yield from _quotes(target, ctx.t)
    yield from _spacing(source, target, ctx.t)
    end_src, end_tgt = ending(seg.source), ending(target)
    if end_src != end_tgt and seg.source.strip() and not _ABBREVIATION.match(seg.source.strip()):
        yield Hit(
            "end-punctuation",
            f"the source ends with {_article(end_src)}, the target with {_article(end_tgt)}",
            _last(seg.source),
            _last(target),
        )
    if ctx.t not in ("zh", "ja", "ko"):
        repeated = [m for m in _REPEATED.finditer(target) if not _REPEATED.search(seg.source)]
        if repeated:
            yield Hit(
                "repeated-word",
                "repeated: " + ", ".join(dict.fromkeys(m.group() for m in repeated)),
                (),
                tuple((m.start(), m.end()) for m in repeated),
            )


def _article(name: str) -> str:
    return "no punctuation" if name == "none" else f"a {name}" if name[0] not in "aeiou" else f"an {name}"


def _last(text: str) -> tuple[tuple[int, int], ...]:
    t = text.rstrip()
    return ((len(t) - 1, len(t)),) if t else ()


def _punctuation(source: str, target: str, lang: str) -> Iterator[Hit]:
    if lang == "zh":
        found = sorted(set(spans(_HALF_NEXT_TO_HAN, target)) | set(spans(_STRAIGHT_QUOTE_ZH, target)))
        # a mark the source writes with no space after it is syntax there ("yes,no,maybe"), kept as is
        syntax = {m.group(1) for m in re.finditer(r"([,;:])(?=\S)", source)}
        found = [(a, b) for a, b in found if target[a:b] not in syntax]
        if found:
            marks = dict.fromkeys(target[a:b] for a, b in found)
            advice = ", ".join(f"{m} -> {_HALF_TO_FULL[m]}" for m in marks)
            yield Hit("punctuation", f"half-width punctuation in Chinese text ({advice})", (), found)
    elif lang not in ("ja", "ko"):
        found = spans(FULLWIDTH_PUNCT, target)
        if found:
            marks = dict.fromkeys(target[a:b] for a, b in found)
            advice = ", ".join(f"{m} -> {_FULL_TO_HALF[m]}" if m in _FULL_TO_HALF else m for m in marks)
            yield Hit("punctuation", f"full-width punctuation in {lang} text ({advice})", (), found)


def _quotes(target: str, lang: str) -> Iterator[Hit]:
    if lang == "ru":
        yield from _russian_quotes(target)
    elif lang == "en":
        straight = [(m.start(), m.end()) for m in re.finditer('"', target)]
        curly = [(m.start(), m.end()) for m in re.finditer("[“”]", target)]
        if straight and curly:
            yield Hit("quotes", "straight and curly quotation marks in one segment", (), tuple(straight))


def _russian_quotes(target: str) -> Iterator[Hit]:
    depth = 0
    bad: list[tuple[str, int]] = []
    for i, ch in enumerate(target):
        if ch == "«":
            if depth >= 1:
                bad.append(("nested quotes are „лапки“ inside «ёлочки»", i))
            depth += 1
        elif ch == "»":
            depth = max(0, depth - 1)
        elif ch == '"':
            bad.append(("straight quotes: Russian uses «ёлочки»", i))
        elif ch in "“”" and depth == 0 and not _opened_low(target, i):
            bad.append(("English quotes: Russian uses «ёлочки» („лапки“ inside them)", i))
    if bad:
        messages = list(dict.fromkeys(m for m, _ in bad))
        yield Hit("quotes", "; ".join(messages), (), tuple((i, i + 1) for _, i in bad))


def _opened_low(text: str, i: int) -> bool:
    """Whether the “ at ``i`` closes a „ opened before it (the Russian inner quotes)."""
    return text[i] == "“" and text.rfind("„", 0, i) > text.rfind("“", 0, i)


def _spacing(source: str, target: str, lang: str) -> Iterator[Hit]:
    problems: list[tuple[str, tuple[int, int]]] = []
    if not _DOUBLE_SPACE.search(source):
        problems += [("double space", s) for s in spans(_DOUBLE_SPACE, target)]
    if source[:1].isspace() != target[:1].isspace():
        what = "leading whitespace " + ("missing" if source[:1].isspace() else "not in the source")
        problems.append((what, (0, 1)))
    full_width_end = (
        lang in ("zh", "ja") and target.rstrip()[-1:] in "，。、；：！？" and bool(target.strip())
    )
    if source[-1:].isspace() != target[-1:].isspace() and not (
        full_width_end and source.rstrip()[-1:] in ",.;:!?"
    ):
        what = "trailing whitespace " + ("missing" if source[-1:].isspace() else "not in the source")
        problems.append((what, (max(0, len(target) - 1), len(target))))
    if source.count("\n") != target.count("\n"):
        problems.append(
            (f"{target.count(chr(10))} line breaks, the source has {source.count(chr(10))}", (0, len(target)))
        )
    if not _SPACE_INSIDE.search(source):
        problems += [("space inside quotation marks or brackets", s) for s in spans(_SPACE_INSIDE, target)]
    if lang in ("zh", "ja"):
        problems += [("space between Han characters", s) for s in spans(_SPACE_BETWEEN_HAN, target)]
        problems += [("space after full-width punctuation", s) for s in spans(_SPACE_AFTER_FULL, target)]
    else:
        problems += [("space before punctuation", s) for s in spans(_SPACE_BEFORE_PUNCT, target)]
    if problems:
        yield Hit(
            "spacing", "; ".join(dict.fromkeys(m for m, _ in problems)), (), tuple(s for _, s in problems)
        )
    if lang == "ru":
        dashes = spans(_DASH_NO_NBSP, target)
        if dashes:
            yield Hit("dash-space", "a no-break space (U+00A0) goes before the dash", (), dashes)


def check_file(segments: Sequence[QaSegment], ctx: Context) -> Iterator[tuple[QaSegment, Hit]]:
    """English quotes: one style across the files; the segments in the rarer style are flagged."""
    if ctx.t != "en":
        return
    styles: dict[str, list[QaSegment]] = {"straight": [], "curly": []}
    for seg in segments:
        if '"' in seg.target:
            styles["straight"].append(seg)
        if "“" in seg.target or "”" in seg.target:
            styles["curly"].append(seg)
    count = Counter({k: len(v) for k, v in styles.items()})
    if count["straight"] and count["curly"]:
        rare = "straight" if count["straight"] < count["curly"] else "curly"
        common = "curly" if rare == "straight" else "straight"
        pattern = re.compile('"' if rare == "straight" else "[“”]")
        for seg in styles[rare]:
            yield (
                seg,
                Hit(
                    "quotes",
                    f"{rare} quotation marks; {count[common]} other segments use {common} ones",
                    (),
                    spans(pattern, seg.target),
                ),
            )
