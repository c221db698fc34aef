"""Inline codes of documents as the TM holds them: TMX bpt/ept/ph/it holding the native code.

XLIFF 1.2 and 2.x codes from a reviewed file, and the codes of any document segment (HTML markup), become
``Variant.coded``/``Variant.codes`` that the TMX writer turns into elements and the TMX reader reads back
the same; a target's placeholders follow the source's where it holds the same codes.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tm.formats.documents.tmcodes import document_marks, tm_codes
from tm.formats.documents.xliff_import import XliffReader
from tm.formats.inline import build_seg, seg_content
from tm.model import Code, Variant, placeholder, strip_placeholders

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="en" target-language="de" datatype="plaintext"><body>
    <trans-unit id="1">
      <source>Open <g id="1" ctype="bold">the</g> file<x id="2"/> now.</source>
      <target state="translated"><x id="2"/>Öffne <g id="1" ctype="bold">die</g> Datei jetzt.</target>
    </trans-unit>
    <trans-unit id="2">
      <source>A <bpt id="1">&lt;b&gt;</bpt>bold<ept id="1">&lt;/b&gt;</ept><ph id="2">&lt;br/&gt;</ph> and <it id="3" pos="open">&lt;i&gt;</it>more.</source>
      <target>Ein <bpt id="1">&lt;b&gt;</bpt>fettes<ept id="1">&lt;/b&gt;</ept><ph id="2">&lt;br/&gt;</ph> und <it id="3" pos="open">&lt;i&gt;</it>mehr.</target>
    </trans-unit>
    <trans-unit id="3">
      <source><bx id="1" rid="7"/>Go<ex id="2" rid="7"/> on<bpt id="5">&lt;u&gt;</bpt> here.</source>
      <target><bx id="1" rid="7"/>Weiter<ex id="2" rid="7"/><bpt id="5">&lt;u&gt;</bpt> hier.<x id="9"/></target>
    </trans-unit>
  </body></file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">
  <file id="f"><unit id="u">
    <originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data><data id="d3">&lt;br/&gt;</data></originalData>
    <segment state="translated">
      <source><pc id="1" dataRefStart="d1" dataRefEnd="d2">Bold</pc> text<ph id="2" dataRef="d3"/> and <sc id="3" isolated="yes"/>open.</source>
      <target>Text<ph id="2" dataRef="d3"/> <pc id="1" dataRefStart="d1" dataRefEnd="d2">fett</pc> und <sc id="3" isolated="yes"/>offen.</target>
    </segment>
  </unit></file>
</xliff>
"""


def _units(tmp_path: Path, name: str, text: str) -> list:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return list(XliffReader(path))


def _tmx(code: Code) -> tuple[str, dict[str, str], str | None]:
    el = etree.fromstring(code.xml)
    return el.tag, dict(el.attrib), el.text


def _expand(coded: str, codes: tuple[Code, ...]) -> str:
    return "".join(codes[ord(ch) - 0xE000].xml if "\ue000" <= ch <= "\uf8ff" else ch for ch in coded)


def _round_trip(v: Variant) -> None:
    """What the TMX writer makes of the variant, read back by the TMX reader, is the variant again (the
    reader numbers placeholders in text order: the text with each code's element in place is the same)."""
    seg = etree.fromstring(etree.tostring(build_seg(v.text, v.coded, v.codes)))
    text, coded, codes = seg_content(seg)  # raises PairingError where bpt/ept do not pair
    assert _expand(coded or text, codes) == _expand(v.content, v.codes)
    assert sorted(codes, key=str) == sorted(v.codes, key=str)


def test_xliff12_codes(tmp_path: Path) -> None:
    first, second, third = _units(tmp_path, "a.xlf", XLIFF12)
    src, tgt = first.variants
    assert (src.text, src.coded) == ("Open the file now.", "Open \ue000the\ue001 file\ue002 now.")
    assert [_tmx(c) for c in src.codes] == [
        ("bpt", {"i": "1", "x": "1"}, '<g id="1" ctype="bold">'),
        ("ept", {"i": "1"}, "</g>"),
        ("ph", {"x": "2"}, '<x id="2"/>'),
    ]
    # the target holds the same codes, moved: its placeholders are the source's
    assert (tgt.text, tgt.coded) == ("Öffne die Datei jetzt.", "\ue002Öffne \ue000die\ue001 Datei jetzt.")
    assert tgt.codes == src.codes
    # bpt/ept/ph/it hold native code: it is the TMX element's text
    src, tgt = second.variants
    assert [_tmx(c) for c in src.codes] == [
        ("bpt", {"i": "1", "x": "1"}, "<b>"),
        ("ept", {"i": "1"}, "</b>"),
        ("ph", {"x": "2"}, "<br/>"),
        ("it", {"pos": "begin", "x": "3"}, "<i>"),
    ]
    assert tgt.coded == "Ein \ue000fettes\ue001\ue002 und \ue003mehr." and tgt.codes == src.codes
    # bx/ex pair by rid; a bpt whose ept is not in the segment is isolated; a code only the target
    # has gets a number of its own and the target keeps its own order
    src, tgt = third.variants
    assert [_tmx(c)[:2] for c in src.codes] == [
        ("bpt", {"i": "1", "x": "1"}),
        ("ept", {"i": "1"}),
        ("it", {"pos": "begin", "x": "2"}),
    ]
    assert [_tmx(c)[:2] for c in tgt.codes] == [
        ("bpt", {"i": "1", "x": "1"}),
        ("ept", {"i": "1"}),
        ("it", {"pos": "begin", "x": "2"}),
        ("ph", {"x": "3"}),
    ]
    assert tgt.coded == "\ue000Weiter\ue001\ue002 hier.\ue003"
    for unit in (first, second, third):
        for v in unit.variants:
            _round_trip(v)


def test_xliff20_codes_take_the_original_data(tmp_path: Path) -> None:
    (unit,) = _units(tmp_path, "b.xlf", XLIFF20)
    src, tgt = unit.variants
    assert src.coded == "\ue000Bold\ue001 text\ue002 and \ue003open."
    assert [_tmx(c) for c in src.codes] == [
        ("bpt", {"i": "1", "x": "1"}, "<b>"),
        ("ept", {"i": "1"}, "</b>"),
        ("ph", {"x": "2"}, "<br/>"),
        ("it", {"pos": "begin", "x": "3"}, '<sc id="3" isolated="yes"/>'),
    ]
    assert tgt.coded == "Text\ue002 \ue000fett\ue001 und \ue003offen." and tgt.codes == src.codes
    _round_trip(src)
    _round_trip(tgt)


def test_document_codes_pair_by_nesting() -> None:
    codes = (Code("open", "<b>"), Code("close", "</b>"), Code("close", "</i>"), Code("empty", "<br>"))
    marks = document_marks(codes)
    (coded, src_codes), target = tm_codes("\ue000A\ue001 b\ue002 c\ue003", marks)
    assert target is None and coded == "\ue000A\ue001 b\ue002 c\ue003"
    assert [_tmx(c) for c in src_codes] == [
        ("bpt", {"i": "1", "x": "1"}, "<b>"),
        ("ept", {"i": "1"}, "</b>"),
        ("it", {"pos": "end", "x": "2"}, "</i>"),
        ("ph", {"x": "3"}, "<br>"),
    ]


# Random segments of a document: words and codes (an opening, the closing of the innermost open one or
# a closing without an opening, an empty element), and a target holding some of its codes in any order.
_TOKENS = st.lists(st.sampled_from(["word", "open", "close", "empty"]), max_size=12)


def _segment(tokens: list[str]) -> tuple[str, tuple[Code, ...]]:
    parts, codes, stack = [], [], []
    for k, token in enumerate(tokens):
        if token == "word":
            parts.append(f" w{k}")
            continue
        if token == "open":
            stack.append(k)
            code = Code("open", f'<span id="{k}">')
        elif token == "close":
            code = Code("close", f"</span><!--{stack.pop() if stack else 'lone'}-->")
        else:
            code = Code("empty", f'<br id="{k}">')
        parts.append(placeholder(len(codes)))
        codes.append(code)
    return "".join(parts), tuple(codes)


@settings(max_examples=200, deadline=None)
@given(_TOKENS, st.randoms(use_true_random=False), st.booleans())
def test_document_codes_round_trip_through_tmx(tokens: list[str], rnd, drop: bool) -> None:
    coded, codes = _segment(tokens)
    order = list(range(len(codes)))
    rnd.shuffle(order)
    if drop and order:
        order.pop()
    target = "".join(f"t{k}{placeholder(n)}" for k, n in enumerate(order)) + " end"
    marks = document_marks(codes)
    (src_coded, src_codes), (tgt_coded, tgt_codes) = tm_codes(coded, marks, target, marks)
    assert src_coded == coded and len(src_codes) == len(codes)
    assert len(tgt_codes) == len(order)
    for c, cs in ((src_coded, src_codes), (tgt_coded, tgt_codes)):
        _round_trip(Variant("en", strip_placeholders(c), c if cs else None, cs))
        # every bpt has one ept with its i, after it
        kinds = [(_tmx(code)[0], _tmx(code)[1].get("i")) for code in cs]
        positions = {ch: k for k, ch in enumerate(c)}
        for n, (kind, i) in enumerate(kinds):
            if kind == "bpt":
                ends = [m for m, (k2, i2) in enumerate(kinds) if k2 == "ept" and i2 == i]
                assert len(ends) == 1 and positions[placeholder(ends[0])] > positions[placeholder(n)]
    # each code keeps its native markup; a target holding all the source's codes keeps the source's
    # placeholders, so placeholder n is the same markup in both
    natives = [_tmx(c)[2] for c in src_codes]
    assert [_tmx(c)[2] for c in src_codes] == [c.xml for c in codes]
    if len(order) == len(codes):
        assert tgt_coded == target and [_tmx(c)[2] for c in tgt_codes] == natives
    else:
        assert sorted(_tmx(c)[2] for c in tgt_codes) == sorted(natives[n] for n in order)
