"""DOCX documents: what becomes text and codes, what is written back, and what is refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx_samples import MC, W, make_docx, p, paragraph_spans, part, r
from lxml import etree

from tm.errors import FormatError
from tm.formats.documents import Fill, open_document, transfer_codes
from tm.formats.documents.docx import docx_paragraphs
from tm.model import strip_placeholders

B = "<w:b/>"
ZH_FONTS = '<w:rFonts w:ascii="SimSun" w:hAnsi="SimSun" w:eastAsia="SimSun" w:hint="eastAsia"/>'


def _doc(tmp_path: Path, body: str, lang: str = "en", **parts):
    return open_document(make_docx(tmp_path / "in.docx", body, **parts), lang)


def _same(doc) -> dict[int, Fill]:
    return {s.index: Fill(s.coded, 100, "100") for s in doc.segments}


def _kinds(seg) -> list[str]:
    return [c.kind for c in seg.codes]


def test_runs_split_by_word_are_one_text(tmp_path: Path) -> None:
    # rsid, w:lang, w:noProof, the font hint and proofErr differ between runs: no code among them
    body = p(
        r("The ", '<w:rFonts w:hint="eastAsia"/><w:lang w:val="en-US"/>', rsid="00A1"),
        '<w:proofErr w:type="spellStart"/>',
        r("Kosarim", "<w:noProof/>", rsid="00B2"),
        '<w:proofErr w:type="spellEnd"/>',
        r(" speech", "", rsid="00C3"),
        "<w:r><w:lastRenderedPageBreak/><w:t>.</w:t></w:r>",
    )
    doc = _doc(tmp_path, body)
    assert [(s.coded, s.codes) for s in doc.segments] == [("The Kosarim speech.", ())]


def test_formatting_inside_a_paragraph_is_a_pair_and_the_paragraph_format_is_none(tmp_path: Path) -> None:
    body = (
        p(r("Met "), r("Alexander Kosarim", B), r(" in "), r("Moscow", "<w:i/>"), r(". Then left."))
        + p(r("All bold. Two sentences.", B))
        + p(r("Mostly bold text ", B), r("and", ""), r(" more bold.", B))
    )
    doc = _doc(tmp_path, body)
    coded = [s.coded for s in doc.segments]
    assert coded[0] == "Met \ue000Alexander Kosarim\ue001 in \ue002Moscow\ue003."
    assert coded[1] == "Then left."
    assert doc.segments[0].codes[0].xml == "<w:r><w:rPr><w:b/></w:rPr>" and _kinds(doc.segments[0]) == [
        "open",
        "close",
        "open",
        "close",
    ]
    assert coded[2:4] == ["All bold.", "Two sentences."] and not doc.segments[2].codes
    # the base is the formatting of most characters: here bold, so the plain word is the code
    assert coded[4] == "Mostly bold text \ue000and\ue001 more bold."
    assert doc.segments[4].codes[0].xml == "<w:r>"


def test_links_fields_references_tabs_and_hidden_text(tmp_path: Path) -> None:
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE \\@ "d MMMM" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>10 April</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    body = p(
        r("Visit "),
        '<w:hyperlink r:id="rIdLink"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>our site</w:t></w:r></w:hyperlink>',
        r(" on "),
        field,
        r(" at "),
        '<w:fldSimple w:instr=" TIME "><w:r><w:t>10:00</w:t></w:r></w:fldSimple>',
        '<w:r><w:t xml:space="preserve"> now</w:t></w:r>',
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>',
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>secret words</w:t></w:r>",
        "<w:r><w:tab/><w:t>and</w:t><w:br/><w:t>more.</w:t></w:r>",
    )
    doc = _doc(tmp_path, body)
    (seg,) = doc.segments
    assert strip_placeholders(seg.coded) == "Visit our site on 10 April at 10:00 nowandmore."
    assert "secret" not in seg.coded and "DATE" not in strip_placeholders(seg.coded)
    xml = [c.xml for c in seg.codes]
    assert xml[0] == '<w:hyperlink r:id="rIdLink">' and xml[1] == "</w:hyperlink>"
    assert 'DATE \\@ "d MMMM"' in xml[2] and xml[3] == '<w:fldChar w:fldCharType="end"/>'
    assert _kinds(seg) == [
        "open",
        "close",
        "open",
        "close",
        "open",
        "close",
        "empty",
        "empty",
        "empty",
        "empty",
    ]
    assert xml[4] == '<w:fldSimple w:instr=" TIME ">'
    assert xml[6].startswith("<w:footnoteReference") and xml[7] == "<w:r/>"  # the hidden run, whole
    assert xml[8:] == ["<w:tab/>", "<w:br/>"]
    # written back with the same text: every element is there again, in its place
    out = tmp_path / "out.docx"
    doc.write(out, _same(doc), "en")
    root = part(out, "word/document.xml")
    assert [t.text for t in root.iter(f"{{{W}}}t")] == [
        "Visit ",
        "our site",
        " on ",
        "10 April",
        " at ",
        "10:00",
        " now",
        "secret words",
        "and",
        "more.",
    ]
    assert [i.text for i in root.iter(f"{{{W}}}instrText")] == [' DATE \\@ "d MMMM" ']
    names = [
        etree.QName(el).localname
        for el in root.iter()
        if etree.QName(el).localname
        in ("hyperlink", "fldChar", "fldSimple", "footnoteReference", "vanish", "tab", "br")
    ]
    assert names == [
        "hyperlink",
        "fldChar",
        "fldChar",
        "fldChar",
        "fldSimple",
        "footnoteReference",
        "vanish",
        "tab",
        "br",
    ]


def test_codes_at_the_edges_stay_out_of_the_sentences(tmp_path: Path) -> None:
    body = (
        p('<w:bookmarkStart w:id="0" w:name="_Toc1"/>', r("Heading text"), '<w:bookmarkEnd w:id="0"/>')
        + p('<w:hyperlink r:id="rIdLink"><w:r><w:t>Only a link</w:t></w:r></w:hyperlink>')
        + p(r("Ends with a note."), '<w:r><w:footnoteReference w:id="1"/></w:r>')
    )
    footnotes = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        '<w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t>Source: Wink.</w:t></w:r></w:p></w:footnote>'
    )
    doc = _doc(tmp_path, body, footnotes=footnotes)
    assert [(s.coded, s.context) for s in doc.segments] == [
        ("Heading text", None),
        ("Only a link", None),
        ("Ends with a note.", None),
        ("Source: Wink.", "footnote"),
    ]
    out = tmp_path / "out.docx"
    doc.write(out, {k: Fill(s.coded.upper(), 100, "100") for k, s in enumerate(doc.segments)}, "en")
    root = part(out, "word/document.xml")
    assert root.find(f".//{{{W}}}hyperlink/{{{W}}}r/{{{W}}}t").text == "ONLY A LINK"
    assert root.find(f".//{{{W}}}bookmarkStart").getnext().find(f"{{{W}}}t").text == "HEADING TEXT"
    notes = part(out, "word/footnotes.xml")
    assert [t.text for t in notes.iter(f"{{{W}}}t")] == [" ", "SOURCE: WINK."]
    assert notes.find(f".//{{{W}}}footnoteRef") is not None and notes.find(f".//{{{W}}}separator") is not None


def test_text_box_choice_and_fallback_get_one_translation(tmp_path: Path) -> None:
    inner = p(r("Pull quote text."))
    box = (
        f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline><wp:extent cx="1" cy="1"/>'
        f'<wp:docPr id="1" name="Box"/><a:graphic><a:graphicData uri="x"><wps:wsp><wps:txbx><w:txbxContent>{inner}'
        f"</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape>"
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    doc = _doc(tmp_path, p(r("Before the box. "), box, r("After it.")))
    assert [s.coded for s in doc.segments] == ["Before the box.", "\ue000After it.", "Pull quote text."]
    out = tmp_path / "out.docx"
    doc.write(out, {0: Fill("Avant.", 100, "100"), 2: Fill("Citation.", 100, "100")}, "fr")
    root = part(out, "word/document.xml")
    texts = [t.text for t in root.iter(f"{{{W}}}t")]
    assert texts == ["Avant.", " ⟦", "Citation.", "Citation.", "After it.⟧"]  # both copies of the box
    assert root.find(f".//{{{MC}}}Fallback//{{{W}}}lang").get(f"{{{W}}}val") == "fr"
    # a fallback that differs from its choice is text of its own
    other = box.replace(
        f"<w:txbxContent>{inner}</w:txbxContent></v:textbox>",
        f"<w:txbxContent>{p(r('Old text.'))}</w:txbxContent></v:textbox>",
    )
    doc = _doc(tmp_path, p(box.replace(box, other)))
    assert [s.coded for s in doc.segments] == ["Pull quote text.", "Old text."]


def test_headers_footers_notes_tables_and_title(tmp_path: Path) -> None:
    table = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell one</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>600</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    doc = _doc(
        tmp_path,
        p(r("Body text.")) + table,
        header=p(r("Header text")),
        footer=p(r("Footer text")),
        endnotes='<w:endnote w:id="1"><w:p><w:r><w:t>An endnote.</w:t></w:r></w:p></w:endnote>',
        comments='<w:comment w:id="0" w:author="A"><w:p><w:r><w:t>A reviewer note.</w:t></w:r></w:p></w:comment>',
        title="新闻稿",
        lang="zh",
    )
    assert [(s.coded, s.context) for s in doc.segments] == [
        ("Header text", "header"),
        ("Body text.", None),
        ("Cell one", None),
        ("600", None),
        ("An endnote.", "endnote"),
        ("Footer text", "footer"),
        ("新闻稿", "title"),
    ]  # comments are not translated
    out = tmp_path / "out.docx"
    doc.write(out, {6: Fill("Press release", 100, "100")}, "en")
    core = part(out, "docProps/core.xml")
    ns = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert core.findtext("dc:title", namespaces=ns) == "Press release"
    assert core.findtext("dc:language", namespaces=ns) == "en"
    assert [p.role for p in docx_paragraphs(out)] == [
        "header",
        "body",
        "body",
        "body",
        "endnote",
        "footer",
        "title",
    ]


def test_tracked_changes_are_refused(tmp_path: Path) -> None:
    for change in (
        '<w:ins w:id="1" w:author="A"><w:r><w:t>new</w:t></w:r></w:ins>',
        '<w:del w:id="1" w:author="A"><w:r><w:delText>old</w:delText></w:r></w:del>',
        '<w:moveTo w:id="1" w:author="A"><w:r><w:t>moved</w:t></w:r></w:moveTo>',
    ):
        with pytest.raises(
            FormatError, match=r"word/document.xml has tracked changes \(<w:(ins|del|moveTo)> at line"
        ):
            _doc(tmp_path, p(r("Text "), change))
    with pytest.raises(FormatError, match="tracked changes") as err:
        _doc(
            tmp_path, p(r("Body.")), header=p('<w:ins w:id="1" w:author="A"><w:r><w:t>x</w:t></w:r></w:ins>')
        )
    assert "word/header1.xml" in str(err.value) and "Accept All" in err.value.hint
    # formatting changes alone are no mixed text: read and kept
    rpr_change = (
        '<w:b/><w:rPrChange w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z"><w:rPr/></w:rPrChange>'
    )
    doc = _doc(tmp_path, p(r("Now bold. Kept.", rpr_change)))
    out = tmp_path / "out.docx"
    doc.write(out, _same(doc), "en")
    assert part(out, "word/document.xml").find(f".//{{{W}}}rPrChange") is not None


def test_target_language_and_east_asian_fonts(tmp_path: Path) -> None:
    body = p(r("中国馆代表团走出展厅。", ZH_FONTS), r("熊猫", ZH_FONTS + B))
    doc = _doc(tmp_path, body, lang="zh")
    assert [s.coded for s in doc.segments] == ["中国馆代表团走出展厅。", "\ue000熊猫\ue001"]
    out = tmp_path / "out.docx"
    doc.write(out, {0: Fill("The delegation “left” the hall.", 100, "100")}, "en")
    runs = part(out, "word/document.xml").findall(f".//{{{W}}}r")
    fonts = runs[0].find(f"{{{W}}}rPr/{{{W}}}rFonts")
    # the Latin slots named SimSun take the document's default Latin font, the hint goes, eastAsia stays
    assert dict(fonts.attrib) == {
        f"{{{W}}}ascii": "Calibri",
        f"{{{W}}}hAnsi": "Calibri",
        f"{{{W}}}eastAsia": "SimSun",
    }
    assert runs[0].find(f"{{{W}}}rPr/{{{W}}}lang").get(f"{{{W}}}val") == "en"
    # an untranslated sentence keeps its source runs' fonts and language
    assert [run.findtext(f"{{{W}}}t") for run in runs[1:]] == [" ⟦", "熊猫", "⟧"]
    untranslated = runs[2].find(f"{{{W}}}rPr")
    assert untranslated.find(f"{{{W}}}rFonts").get(f"{{{W}}}hint") == "eastAsia"
    assert untranslated.find(f"{{{W}}}lang") is None and untranslated.find(f"{{{W}}}b") is not None
    # theme fonts: minorEastAsia for Latin text becomes the default's theme; order of rPr children kept
    themed = '<w:rFonts w:asciiTheme="minorEastAsia" w:hAnsiTheme="minorEastAsia" w:hint="eastAsia"/><w:b/><w:color w:val="FF0000"/>'
    styles = (
        f'<?xml version="1.0"?><w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>'
        '<w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia" w:hAnsiTheme="minorHAnsi"/>'
        "</w:rPr></w:rPrDefault></w:docDefaults></w:styles>"
    )
    doc = _doc(tmp_path, p(r("你好。", themed)), lang="zh", styles=styles)
    doc.write(out, {0: Fill("Hello.", 100, "100")}, "ru")
    rpr = part(out, "word/document.xml").find(f".//{{{W}}}rPr")
    assert [etree.QName(c).localname for c in rpr] == ["rFonts", "b", "color", "lang"]
    assert dict(rpr[0].attrib) == {f"{{{W}}}asciiTheme": "minorHAnsi", f"{{{W}}}hAnsiTheme": "minorHAnsi"}
    # into Chinese: East Asian language and hint
    doc = _doc(tmp_path, p(r("Hello.", '<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>')), lang="en")
    doc.write(out, {0: Fill("你好。", 100, "100")}, "zh-CN")
    rpr = part(out, "word/document.xml").find(f".//{{{W}}}rPr")
    assert rpr.find(f"{{{W}}}lang").get(f"{{{W}}}eastAsia") == "zh-CN"
    assert dict(rpr.find(f"{{{W}}}rFonts").attrib) == {
        f"{{{W}}}ascii": "Arial",
        f"{{{W}}}hAnsi": "Arial",
        f"{{{W}}}hint": "eastAsia",
    }


def test_identity_write_keeps_every_other_part_and_every_span(tmp_path: Path) -> None:
    body = p(
        r("Met "), r("Alexander Kosarim", B, rsid="00AB"), r(" in Moscow. "), r("Then", "<w:i/>"), r(" left.")
    ) + p(r("Second paragraph", '<w:color w:val="C00000"/>'), "<w:r><w:tab/></w:r>", r("with a tab."))
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    src = make_docx(tmp_path / "in.docx", body, header=p(r("Header")), extra={"word/media/image1.png": png})
    doc = open_document(src, "en")
    out = tmp_path / "out.docx"
    doc.write(out, _same(doc), "en")
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        assert [i.compress_type for i in a.infolist()] == [i.compress_type for i in b.infolist()]
        assert [i.date_time for i in a.infolist()] == [i.date_time for i in b.infolist()]
        for info in a.infolist():
            if info.filename not in ("word/document.xml", "word/header1.xml"):
                assert a.read(info) == b.read(info.filename), info.filename
        assert b.read("word/document.xml").startswith(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document'
        )
    for name in ("word/document.xml", "word/header1.xml"):
        assert paragraph_spans(part(out, name)) == paragraph_spans(part(src, name))
    assert paragraph_spans(part(out, "word/document.xml"))[0] == [
        ("Met ", "|"),
        ("Alexander Kosarim", "b[]|"),
        (" in Moscow. ", "|"),
        ("Then", "i[]|"),
        (" left.", "|"),
    ]


def test_reordered_and_missing_codes_keep_every_element(tmp_path: Path) -> None:
    body = p(
        r("Met "),
        r("Alexander Kosarim", B),
        r(" at "),
        '<w:hyperlink r:id="rIdLink"><w:r><w:t>Wink</w:t></w:r></w:hyperlink>',
        '<w:r><w:footnoteReference w:id="1"/></w:r>',
        r(" today."),
    )
    doc = _doc(tmp_path, body, lang="en")
    (seg,) = doc.segments
    assert seg.coded == "Met \ue000Alexander Kosarim\ue001 at \ue002Wink\ue003\ue004 today."
    out = tmp_path / "out.docx"
    # a target from a TM without codes: the link goes around "Wink", which the target holds as it is
    target = transfer_codes("今天在Wink见到了亚历山大·科萨里姆。", None, seg)
    assert target == "今天在\ue002Wink\ue003见到了亚历山大·科萨里姆。\ue000\ue001\ue004"
    doc.write(out, {0: Fill(target, 90, "85-94")}, "zh-CN")
    root = part(out, "word/document.xml")
    assert root.find(f".//{{{W}}}hyperlink//{{{W}}}t").text == "Wink"
    assert root.find(f".//{{{W}}}footnoteReference") is not None
    assert "".join(t.text for t in root.iter(f"{{{W}}}t")) == "今天在Wink见到了亚历山大·科萨里姆。"
    # codes in another order, one twice, one unknown: written once each, in the target's order
    doc.write(out, {0: Fill("\ue002Wink\ue003 \ue000Kosarim\ue001\ue000 \ue009x\ue004", 100, "100")}, "de")
    root = part(out, "word/document.xml")
    spans = paragraph_spans(root)[0]
    assert [s for s, _ in spans] == ["Wink", " ", "Kosarim", " x"]
    assert spans[2][1].startswith("b[]")


def test_private_use_characters_are_codes_not_placeholders(tmp_path: Path) -> None:
    # a Symbol-font bullet (U+F0B7) in the text: tm's placeholders are private-use characters too
    sym = '<w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/>'
    doc = _doc(tmp_path, p(r("Wink \uf0b7 Kion", sym), r(". More \ue000 here.")))
    assert [s.coded for s in doc.segments] == ["\ue000Wink \ue001 Kion\ue002.", "More \ue000 here."]
    assert doc.segments[0].codes[1].xml == "<w:t>&#xF0B7;</w:t>"
    out = tmp_path / "out.docx"
    doc.write(out, _same(doc), "en")
    assert (
        "".join(t.text for t in part(out, "word/document.xml").iter(f"{{{W}}}t"))
        == "Wink \uf0b7 Kion. More \ue000 here."
    )
