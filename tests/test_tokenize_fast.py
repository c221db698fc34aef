"""The tokenizer's fast paths against a plain reference: the token pattern as it was written before the
lookahead guards (each placeable's alternatives tried at every position), and keys taken token by token.

``tm.text.tokenize`` checks what a placeable must start with before trying its long pattern, and takes the
keys of a text without placeables with one ``findall``; both must give exactly the tokens and keys the
plain pattern gives, or the index (built from ``keys``) and the query (scored from ``tokenize``) would
disagree.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tm.text import tokenize as tok
from tm.text.placeables import LETTER


def reference_pattern(text: str) -> re.Pattern:
    kinds = []
    if "://" in text or "www." in text.lower():
        kinds.append("url")
    if "@" in text:
        kinds.append("email")
    if re.search("[0-9０-９]", text):
        kinds += ["date", "num"]
    parts = [r"(?P<code>[\ue000-\uf8ff])", f"(?P<cjk>[{tok.CJK}])"]
    for kind, pattern in tok._PLACEABLE_PATTERNS:
        if kind in kinds:
            parts.append(f"(?<!{LETTER})(?P<num>{pattern})" if kind == "num" else f"(?P<{kind}>{pattern})")
    parts += [f"(?P<word>{tok._WORD})", r"(?P<punct>\S)"]
    return re.compile("|".join(parts))


def reference_tokens(text: str) -> list[tuple[str, str, int, int]]:
    return [(m.lastgroup, m.group(), m.start(), m.end()) for m in reference_pattern(text).finditer(text)]


def reference_keys(text: str) -> tuple[str, ...]:
    out = []
    for kind, value, _, _ in reference_tokens(text):
        if kind in tok.PLACEABLE_KINDS:
            out.append("\x01" + kind)
        elif kind not in ("punct", "code"):
            out.append(unicodedata.normalize("NFKC", value).casefold())
    return tuple(out)


PIECES = [
    *"abcxyzSJFMAONDjfmaondhwHW",
    *"ſKİıßﬁÅµ",  # letters whose case or compatibility forms are special
    *"москваЖЁ",
    *"0123456789０１２３",
    *"城市报告年月日号의한カナｶ丽①",
    *" \u00a0\u202f\u2009\u3000\t",
    *".,，．;:!?%％'’-/@()\"<>「」。",
    "\ue000",
    "\ue001",
    "April",
    "apr",
    "Sept",
    "ſept",
    "JANUARY",
    "апреля",
    "www.",
    "http://",
    "https://x.org/a",
    "a.b@x.org",
    "2025-04-10",
    "10 April 2025",
    "April 10, 2025",
    "2025年4月10日",
    "1,250.5",
    "10th",
    "x86",
    "Don't",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
@example("用Python 3编程。")
@example("On 10 April 2025 www.example.org ſept 3, 2025 and a@b.org")
@example("Straße ＡＢＣ ﬁne ①丽 İstanbul")
def test_tokens_and_keys_are_the_plain_patterns(text: str) -> None:
    assert [(t.kind, t.text, t.start, t.end) for t in tok.tokenize(text)] == reference_tokens(text)
    assert tok.keys(text) == reference_keys(text)
