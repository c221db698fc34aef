"""The cleaning stream (fast UTF-8 byte path and the decoding path) against a plain reference."""

from __future__ import annotations

import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tm.formats.xmlsafe import CleanXmlStream

ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ILLEGAL_REF = re.compile(r"&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));")


def reference(text: str) -> tuple[str, list[int]]:
    """Remove illegal characters and references from the whole text at once; lines of each removal."""
    lines = []
    for m in ILLEGAL.finditer(text):
        lines.append(text.count("\n", 0, m.start()) + 1)
    cleaned = ILLEGAL.sub("", text)
    for m in ILLEGAL_REF.finditer(cleaned):
        lines.append(cleaned.count("\n", 0, m.start()) + 1)
    return ILLEGAL_REF.sub("", cleaned), sorted(lines)


pieces = st.lists(
    st.sampled_from(
        [
            "a",
            "中文",
            "Привет",
            "\n",
            " ",
            "\x01",
            "\x1f",
            "\x0b",
            "&#x1;",
            "&#2;",
            "&#10;",
            "&amp;",
            "&#x4E2D;",
            "&#31;",
            "\t",
            "é",
        ]
    ),
    max_size=400,
)


@settings(max_examples=150, deadline=None)
@given(
    pieces,
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "windows-1252"]),
    st.integers(min_value=1, max_value=64),
)
def test_stream_matches_reference(parts, encoding, chunk):
    import tm.formats.xmlsafe as xs

    body = "".join(parts)
    if encoding == "windows-1252":
        body = "".join(ch for ch in body if ch.isascii() or ch == "é")
    doc = f'<?xml version="1.0" encoding="{encoding.replace("-sig", "")}"?>\n<r>{body}</r>'
    raw = doc.encode(encoding)
    if encoding == "utf-16-le":
        raw = b"\xff\xfe" + raw
    elif encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    old = xs.CHUNK
    xs.CHUNK = chunk  # small chunks put character references across chunk boundaries
    try:
        stream = CleanXmlStream(io.BytesIO(raw), "doc.xml")
        out = b"".join(stream.chunks()).decode("utf-8")
    finally:
        xs.CHUNK = old
    expected, lines = reference(body)
    assert out.endswith(f"<r>{expected}</r>")
    assert sorted(line - 1 for line, _ in stream.removed) == lines  # the body starts on line 2
