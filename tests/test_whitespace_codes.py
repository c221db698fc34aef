"""An inline code that shows as whitespace (a DOCX tab or line break, an HTML ``<br>``, an XLIFF code whose
``equiv-text``/``equiv``/``disp`` or ``ctype`` says so) is read as that whitespace wherever tm takes the plain
text: the segment's source, what the TM stores and concordance finds, the neighbours of a context match,
what ``tm qa`` checks. Pre-translation still writes the codes back as codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx_samples import W, make_docx, p, part, r
from helpers import run, run_json
from lxml import etree

from tm.formats.bilingual import DOCX, XLIFF
from tm.formats.documents import open_document
from tm.formats.documents.docx import docx_paragraphs
from tm.formats.documents.tmcodes import document_marks, tm_codes, tm_variant
from tm.formats.inline import seg_content
from tm.match.results import adapted_target
from tm.model import Code, Variant, placeholder, plain_text, shown_whitespace
from tm.qa.inputs import read_segments
from tm.scoring.inputs import read_document

TAB = "<w:r><w:tab/></w:r>"
BREAK = "<w:r><w:br/></w:r>"


@pytest.mark.parametrize(
    ("xml", "shown"),
    [
        ("<w:tab/>", "\t"),
        ('<w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/>', "\t"),
        ("<w:br/>", "\n"),
        ('<w:br w:type="page"/>', "\n"),
        ("<w:cr/>", "\n"),
        ("<w:tab/><w:tab/>", "\t\t"),  # two tabs in one run: one code
        ("<br>", "\n"),
        ("<BR>", "\n"),
        ("<br/>", "\n"),
        ("<br />", "\n"),
        ('<br class="soft">', "\n"),
        ("<br></br>", "\n"),
        ('<ph x="1">&lt;w:tab/&gt;</ph>', "\t"),  # the TM's TMX form of a DOCX tab
        ('<ph xmlns="urn:oasis:names:tc:xliff:document:1.2" id="1">&lt;br/&gt;</ph>', "\n"),  # Okapi, HTML
        ('<bpt i="1">&lt;w:br/&gt;</bpt>', "\n"),
        ('<x id="1" ctype="lb"/>', "\n"),  # XLIFF 1.2: a line break
        ('<ph id="1" ctype="x-code" equiv-text=" ">&lt;w:tab/&gt;</ph>', " "),  # equiv-text says
        ('<ph xmlns="urn:oasis:names:tc:xliff:document:2.0" id="1" disp="&#9;"/>', "\t"),
        ('<ph id="1" equiv="&#10;" disp="[br]"/>', "\n"),  # equiv before disp
        ('<ph id="1" subType="xlf:lb" type="fmt"/>', "\n"),
        ('<ph x="1" type="lb"/>', "\n"),  # TMX
        ('<ph x="2">&lt;ph id="1" disp="&amp;#9;"/&gt;</ph>', "\t"),  # tm's TMX of an XLIFF 2 code
    ],
)
def test_codes_that_show_as_whitespace(xml, shown):
    assert shown_whitespace(Code("empty", xml)) == shown


@pytest.mark.parametrize(
    "xml",
    [
        "<b>",
        "</b>",
        "<w:r><w:rPr><w:b/></w:rPr>",
        "</w:r>",
        '<w:footnoteReference w:id="1"/>',
        "<w:tab/><w:footnoteReference/>",  # not only whitespace
        '<ph x="1">&lt;img src="a.png"&gt;</ph>',
        '<ph id="1" equiv="x" disp="&#9;"/>',  # equiv says it reads as text
        '<ph id="1"><sub>a note</sub></ph>',
        "<w:t>&#xF020;</w:t>",
        "\ue000",  # a literal private-use character
        "<w:brx/>",
        "<bx id='1'/>",
    ],
)
def test_other_codes_show_nothing(xml):
    assert shown_whitespace(Code("empty", xml)) == ""


def test_plain_text_keeps_whitespace_codes_and_drops_the_others():
    codes = (Code("empty", "<w:tab/>"), Code("open", "<b>"), Code("close", "</b>"), Code("empty", "<br>"))
    coded = "Name\ue000\ue001Value\ue002\ue003next\ue009."  # \ue009: a placeholder without a code
    assert plain_text(coded, codes) == "Name\tValue\nnext."
    assert plain_text("plain", ()) == "plain"


def _pair(tmp_path: Path) -> tuple[Path, Path]:
    src = make_docx(
        tmp_path / "src.docx",
        p(r("Name"), TAB, r("Value is here."))
        + p(r("The second paragraph says more."))
        + p(r("Third line"), BREAK, r("ends it.")),
    )
    tgt = make_docx(
        tmp_path / "tgt.docx",
        p(r("Имя"), TAB, r("значение здесь."))
        + p(r("Второй абзац говорит больше."))
        + p(r("Третья строка"), BREAK, r("завершает его.")),
    )
    return src, tgt


def test_a_docx_tab_and_line_break_read_as_spaces(tmp_path):
    src, _ = _pair(tmp_path)
    doc = open_document(src, "en")
    assert [s.source for s in doc.segments] == [
        "Name Value is here.",
        "The second paragraph says more.",
        "Third line ends it.",
    ]
    assert [c.xml for c in doc.segments[0].codes] == ["<w:tab/>"]  # still a code
    assert [(x.text, x.written) for x in docx_paragraphs(src, "en")][::2] == [
        ("Name Value is here.", "Name\tValue is here."),
        ("Third line ends it.", "Third line\nends it."),
    ]


@pytest.mark.parametrize("br", ["<br>", "<br/>", "<br />", "<BR>", '<br class="soft">'])
def test_an_html_br_reads_as_a_space(tmp_path, br):
    path = tmp_path / "page.html"
    path.write_text(f"<html><body><p>Line one{br}line two</p></body></html>", encoding="utf-8")
    (seg,) = open_document(path, "en").segments
    assert seg.source == "Line one line two"


def test_xhtml_br_reads_as_a_space(tmp_path):
    path = tmp_path / "page.xhtml"
    path.write_text(
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Line one<br/>line two</p></body></html>',
        encoding="utf-8",
    )
    (seg,) = open_document(path, "en").segments
    assert seg.source == "Line one line two"


def test_a_context_match_after_a_segment_with_a_tab(tmp_path):
    """``tm align`` keeps the tab as a space; the analysis must read the document's neighbour so too,
    or the segment after it loses its context match."""
    src, tgt = _pair(tmp_path)
    db = tmp_path / "tm.db"
    result = run(db, "align", str(src), str(tgt), "--src", "en", "--tgt", "ru", "--import", "--confirmed")
    assert result.exit_code == 0, result.stderr
    hits = run_json(db, "concordance", "Name Value", "--lang", "en")["hits"]
    assert [h["source"] for h in hits] == ["Name Value is here."]
    bands = run_json(db, "analyze", str(src), "--src", "en", "--tgt", "ru")["total"]["bands"]
    assert bands["context"]["segments"] == 1  # the second paragraph, after "Name Value is here."


def _translate_draft(draft: Path, targets: dict[str, str]) -> None:
    """Give each trans-unit of a tm draft a confirmed target: the source with its codes, words replaced."""
    tree = etree.parse(str(draft))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    for unit in tree.iterfind(".//x:trans-unit", ns):
        source = unit.find("x:source", ns)
        target = etree.fromstring(
            etree.tostring(source).replace(b"<source", b"<target").replace(b"source>", b"target>")
        )
        target.attrib.clear()
        target.set("state", "final")
        for old, new in targets.items():
            target.text = (target.text or "").replace(old, new)
            for child in target:
                child.tail = (child.tail or "").replace(old, new)
        old_target = unit.find("x:target", ns)
        if old_target is not None:
            unit.remove(old_target)
        source.addnext(target)
    tree.write(str(draft), encoding="UTF-8", xml_declaration=True)


def test_a_draft_imported_stores_the_space_and_pretranslation_writes_the_codes_back(tmp_path):
    src, _ = _pair(tmp_path)
    db = tmp_path / "tm.db"
    seed = tmp_path / "seed.tmx"
    seed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" '
        'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" '
        'datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>Hello.</seg></tuv><tuv xml:lang="ru">'
        "<seg>Привет.</seg></tuv></tu></body></tmx>",
        encoding="utf-8",
    )
    assert run(db, "import", str(seed)).exit_code == 0
    draft = tmp_path / "draft.xlf"
    result = run(db, "pretranslate", str(src), "--src", "en", "--tgt", "ru", "-o", str(draft))
    assert result.exit_code == 0, result.stderr
    _translate_draft(
        draft,
        {
            "Name": "Имя",
            "Value is here.": "значение здесь.",
            "The second paragraph says more.": "Второй абзац говорит больше.",
            "Third line": "Третья строка",
            "ends it.": "завершает его.",
        },
    )
    assert run(db, "import", str(draft)).exit_code == 0
    hits = run_json(db, "concordance", "Name Value", "--lang", "en")["hits"]
    assert [(h["source"], h["target"]) for h in hits] == [("Name Value is here.", "Имя значение здесь.")]
    assert "<w:tab/>" in hits[0]["source_with_codes"]
    hits = run_json(db, "concordance", "line ends", "--lang", "en")["hits"]
    assert [h["target"] for h in hits] == ["Третья строка завершает его."]

    out = tmp_path / "out.docx"
    result = run(db, "pretranslate", str(src), "--src", "en", "--tgt", "ru", "-o", str(out), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["output"]["filled"] == 3
    body = part(out, "word/document.xml").find(f"{{{W}}}body")
    read = []
    for para in body.iter(f"{{{W}}}p"):
        items = []
        for el in para.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
            items.append(el.text if el.tag == f"{{{W}}}t" else "<" + el.tag.rsplit("}", 1)[1] + ">")
        read.append(items)
    assert read == [
        ["Имя", "<tab>", "значение здесь."],
        ["Второй абзац говорит больше."],
        ["Третья строка", "<br>", "завершает его."],
    ]


XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<file original="a.docx" source-language="en" target-language="ru" datatype="plaintext"><body>
<trans-unit id="1"><source>Table<ph id="1">&lt;w:tab/&gt;</ph>12 rows.</source>
<target state="translated">Таблица 12 строк.</target></trans-unit>
<trans-unit id="2"><source>Line one<x id="2" ctype="lb"/>line two.</source>
<target state="translated">Строка один<x id="2" ctype="lb"/>строка два.</target></trans-unit>
</body></file></xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">
<file id="f1"><unit id="u1"><segment state="translated">
<source>Name<ph id="1" disp="&#9;"/>Value.</source><target>Имя<ph id="1" disp="&#9;"/>значение.</target>
</segment></unit></file></xliff>
"""


def test_qa_reads_whitespace_codes_as_whitespace(tmp_path):
    x1 = tmp_path / "a.xlf"
    x1.write_text(XLIFF12, encoding="utf-8")
    x2 = tmp_path / "b.xlf"
    x2.write_text(XLIFF20, encoding="utf-8")
    segs = read_segments(str(x1), None, "en", "ru") + read_segments(str(x2), None, "en", "ru")
    assert [(s.source, s.target) for s in segs] == [
        ("Table\t12 rows.", "Таблица 12 строк."),
        ("Line one\nline two.", "Строка один\nстрока два."),
        ("Name\tValue.", "Имя\tзначение."),
    ]
    data = json.loads(run(tmp_path / "none.tmdb", "qa", str(x1), "-s", "en", "-t", "ru", "--json").stdout)
    assert [(f["check"], f["source"]) for f in data["findings"]] == [("codes", "Table\t12 rows.")]


def test_a_tmx_seg_with_a_tab_code_reads_as_a_tab():
    seg = etree.fromstring(
        '<seg>Name<ph x="1">&lt;w:tab/&gt;</ph>Value<bpt i="2">&lt;b&gt;</bpt>.<ept i="2">&lt;/b&gt;</ept></seg>'
    )
    text, coded, codes = seg_content(seg)
    assert text == "Name\tValue." and coded == "Name\ue000Value\ue001.\ue002" and len(codes) == 3


def _unit_variant(lang: str, coded: str) -> Variant:
    """A TM variant as a document segment makes it: a tab code where ``\\t`` stands."""
    marks = document_marks([Code("empty", "<w:tab/>")])
    (coded, codes), _ = tm_codes(coded.replace("\t", placeholder(0)), marks)
    return tm_variant(lang, coded, codes)


def test_numbers_are_carried_into_a_target_with_a_tab_code():
    """The TM keeps ``名称 数值为 120。`` (the tab read as a space) beside its coded text; the number the
    query changes is carried into both, at the same characters."""
    source = _unit_variant("en", "Name\tValue is 120.")
    target = _unit_variant("zh", "名称\t数值为 120。")
    assert (source.text, target.text) == ("Name Value is 120.", "名称 数值为 120。")
    adapted = adapted_target("Name\ue000Value is 125.", source, target)
    assert adapted.not_carried == ()
    assert adapted.text == "名称 数值为 125。"
    assert adapted.coded == "名称\ue000数值为 125。"
    (change,) = adapted.changes
    assert (change.old, change.new) == ("120", "125")
    assert target.text[change.start : change.end] == "120"


def test_a_number_split_by_a_tab_code_is_read_as_the_query_reads_it():
    """The query's codes are unknown to the matcher, so its tab reads as a space (``Report<tab>2024`` as
    ``Report 2024``), as the TM's source's does: the same year, nothing to carry."""
    source = _unit_variant("en", "Report\t2024 is out.")
    target = _unit_variant("ru", "Отчёт\t2024 опубликован.")
    adapted = adapted_target("Report\ue0002024 is out.", source, target)
    assert adapted.changes == () and adapted.not_carried == ()
    assert (adapted.text, adapted.coded) == (target.text, target.coded)


def test_score_reads_whitespace_codes_as_whitespace(tmp_path):
    x1 = tmp_path / "a.xlf"
    x1.write_text(XLIFF12, encoding="utf-8")
    x2 = tmp_path / "b.xlf"
    x2.write_text(XLIFF20, encoding="utf-8")
    _, tgt = _pair(tmp_path)
    assert [s.target for s in read_document(x1, XLIFF, "ru").segments] == [
        "Таблица 12 строк.",
        "Строка один\nстрока два.",
    ]
    assert [s.target for s in read_document(x2, XLIFF, "ru").segments] == ["Имя\tзначение."]
    assert [s.target for s in read_document(tgt, DOCX, "ru").segments] == [
        "Имя значение здесь.",
        "Второй абзац говорит больше.",
        "Третья строка завершает его.",
    ]
