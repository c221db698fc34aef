"""The DOCX press release of corpora/press-releases: built from its table, read as the table says, written
back unchanged without a TM, and pre-translated from the 2025 report's TM with its codes in place."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx as python_docx
import pytest
from docx_samples import W, entries, paragraph_spans, part
from helpers import run, run_json
from lxml import etree
from xliff_schemas import schema, valid

from tm.bands import TM_NS
from tm.formats.documents import open_document
from tm.formats.documents.docx import docx_paragraphs
from tm.formats.documents.xliff import NS12

NAME = "wcm-2026-pavilion"
TEXT_PARTS = ("word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml")


@pytest.fixture(scope="module")
def release(corpora: Path) -> Path:
    return corpora / "press-releases" / f"{NAME}.zh.docx"


def _tsv_paragraphs(corpora: Path, lang: str) -> list[str]:
    lines = (corpora / "press-releases" / f"{NAME}.tsv").read_text(encoding="utf-8").splitlines()[1:]
    paras: dict[int, list[str]] = {}
    for line in lines:
        para, _, zh, en = line.split("\t")
        paras.setdefault(int(para), []).append(zh if lang == "zh" else en)
    return [("" if lang == "zh" else " ").join(s) for _, s in sorted(paras.items())]


def test_generated_files_are_up_to_date(corpora: Path) -> None:
    script = corpora / "press-releases" / "make_docx.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_paragraph_of_the_table_is_in_the_release(corpora: Path, lang: str) -> None:
    paragraphs = list(docx_paragraphs(corpora / "press-releases" / f"{NAME}.{lang}.docx", lang))
    body = [p.text for p in paragraphs if p.role == "body"]
    for text in _tsv_paragraphs(corpora, lang):
        assert text in body, text
    roles = [p.role for p in paragraphs]
    assert roles[0] == "header" and roles[-3:] == ["footnote", "footer", "title"]
    assert paragraphs[1].text == paragraphs[-1].text  # the headline is the document's title
    # what the release is made of: bold names, a link, a table of figures, a field in the footer
    kosarim = next(p for p in paragraphs if "Media-Telecom" in p.text and p.codes)
    assert [c.kind for c in kosarim.codes] == ["open", "close"] and "<w:b/>" in kosarim.codes[0].xml
    link = next(p for p in paragraphs if p.coded.startswith("\ue000Wink.ru\ue001"))
    assert link.codes[0].xml.startswith("<w:hyperlink")
    assert "PAGE" in paragraphs[-2].codes[0].xml


def test_the_same_file_twice_in_other_producers_words(release: Path) -> None:
    # python-docx (a test dependency only) sees the body paragraphs that tm reads, in the same order
    document = python_docx.Document(str(release))
    body = [p.text for p in document.paragraphs if p.text.strip()]
    ours = [
        p.text for p in docx_paragraphs(release, "zh") if p.role == "body" and p.part == "word/document.xml"
    ]
    # python-docx leaves out the table cells and the text box; every paragraph it sees is ours, in order
    assert body == [t for t in ours if t in body] and len(body) == 11
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert cells[:3] == ["指标", "2025年", "2026年"] and all(c in ours for c in cells)


def _tmx(tmp_path: Path) -> Path:
    tmx = tmp_path / "other.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh-CN" segtype="sentence" '
        'o-tmf="t" adminlang="en" datatype="plaintext" creationtool="t" creationtoolversion="1"/><body><tu>'
        '<tuv xml:lang="zh-CN"><seg>无关的句子。</seg></tuv><tuv xml:lang="en"><seg>An unrelated sentence.</seg>'
        "</tuv></tu></body></tmx>",
        encoding="utf-8",
    )
    return tmx


def test_round_trip_without_translation(tmp_path: Path, release: Path) -> None:
    out = tmp_path / f"{NAME}.en.docx"
    data = run_json(
        tmp_path / "t.tmdb",
        "pretranslate",
        str(release),
        "--src",
        "zh",
        "--tgt",
        "en",
        "-o",
        str(out),
        "--tm",
        str(_tmx(tmp_path)),
    )
    assert data["output"]["filled"] == 0 and data["total"]["total"]["segments"] == 37
    before, after = entries(release), entries(out)
    assert list(before) == list(after)
    for name in before:
        if name not in (*TEXT_PARTS, "docProps/core.xml"):
            assert before[name] == after[name], f"{name} changed"
    for name in TEXT_PARTS:  # every paragraph's text and formatting, span by span (⟦⟧ marks removed)
        assert paragraph_spans(part(out, name), drop="⟦⟧") == paragraph_spans(part(release, name)), name
    # the text of untranslated paragraphs is the source, marked, and no run took the target language
    root = part(out, "word/document.xml")
    assert not [el for el in root.iter(f"{{{W}}}lang") if el.get(f"{{{W}}}val") == "en"]
    first = next(t.text for t in root.iter(f"{{{W}}}t"))
    assert first == "⟦中国联合展台代表团再访莫斯科“艺术”电影院⟧"


def _pretranslate(tmp_path: Path, release: Path, out: Path, db: Path, *tm: str) -> dict:
    return run_json(db, "pretranslate", str(release), "--src", "zh", "--tgt", "en", "-o", str(out), *tm)


def test_pretranslation_from_the_report(tmp_path: Path, corpora: Path, release: Path) -> None:
    report = corpora / "wcm-2025" / "report.tmx"
    db = tmp_path / "t.tmdb"
    assert run(db, "import", str(report)).exit_code == 0
    out = tmp_path / f"{NAME}.en.docx"
    exact = _pretranslate(tmp_path, release, out, db)  # a Word file cannot mark a fuzzy fill: exact only
    assert (exact["output"]["fill"], exact["output"]["filled"]) == ("exact", 4)
    data = _pretranslate(tmp_path, release, out, db, "--fill", "fuzzy")
    assert data["output"] == {
        "path": str(out),
        "kind": "doc",
        "fill": "fuzzy",
        "min_score": 75,
        "languages": ["zh-CN", "en"],
        "filled": 10,
        "kept": 0,
        "drafts_kept": 0,
        "overwritten": 0,
        "unplaced": 3,  # formatting inside the sentence with no certain place in the TM's plain target
    }
    # the four exact matches: one is 101 since the previous paragraph matches too (one neighbour is enough)
    bands = data["total"]["bands"]
    assert (bands["context"]["segments"], bands["100"]["segments"]) == (1, 3)
    texts = [p.text for p in docx_paragraphs(out, "en")]
    # exact matches: the credit lines (italic, right-aligned), the heading
    for exact in (
        "Report provided by SMG Pictures & WingsMedia; translated from Chinese by the World Content Market",
        "Photos: by SMG Pictures & WingsMedia",
        "About Wink.ru",
    ):
        assert exact in texts
    root = part(out, "word/document.xml")
    credit = next(p for p in root.iter(f"{{{W}}}p") if "Report provided" in "".join(p.itertext()))
    run_ = credit.find(f"{{{W}}}r")
    assert (
        run_.find(f"{{{W}}}rPr/{{{W}}}i") is not None
        and run_.find(f"{{{W}}}rPr/{{{W}}}lang").get(f"{{{W}}}val") == "en"
    )
    assert credit.find(f"{{{W}}}pPr/{{{W}}}jc").get(f"{{{W}}}val") == "right"
    # the link around Wink.ru in the Chinese is around Wink.ru in the English
    link = root.find(f".//{{{W}}}hyperlink")
    assert "".join(link.itertext()) == "Wink.ru" and link.getnext().findtext(f"{{{W}}}t").startswith(
        " is one of"
    )
    # numbers from the new source; SimSun no longer named for the English text
    assert any("over 600 Chinese titles" in t for t in texts)
    fonts = [f.get(f"{{{W}}}ascii") for f in credit.iter(f"{{{W}}}rFonts")]
    assert fonts == ["Times New Roman"]
    # every part without text is the release's own
    before, after = entries(release), entries(out)
    assert all(before[n] == after[n] for n in before if n not in (*TEXT_PARTS, "docProps/core.xml"))
    document = python_docx.Document(str(out))
    assert "About Wink.ru" in [p.text for p in document.paragraphs]


def _bold(spans: list[tuple[str, str]]) -> list[str]:
    """The texts of a paragraph's spans whose run properties hold ``w:b`` (tests/docx_samples.py)."""
    return [text for text, fmt in spans if "b[]" in fmt.split("|")[0].split(";")]


def test_bold_names_land_on_the_english_names(tmp_path: Path, corpora: Path, release: Path) -> None:
    """The report's units have no codes; the termbase says which English words the bold Chinese names
    are, so the bold goes on exactly those words (before: 10 of 13 matches filled, the three bold-name
    sentences unplaced). 周慧 is not in her sentence's match (the report's was about 李扬): not filled."""
    db = tmp_path / "t.tmdb"
    assert run(db, "import", str(corpora / "wcm-2025" / "report.tmx")).exit_code == 0
    out = tmp_path / f"{NAME}.en.docx"
    tbx = str(corpora / "terms" / "wcm.tbx")
    data = _pretranslate(tmp_path, release, out, db, "--fill", "fuzzy", "--termbase", tbx)
    assert (data["output"]["filled"], data["output"]["unplaced"]) == (12, 1)
    spans = paragraph_spans(part(out, "word/document.xml"), drop="⟦⟧")
    kosarim = next(p for p in spans if "Content Director of Wink Group" in "".join(t for t, _ in p))
    vladimirov = next(p for p in spans if "Commercial Director of Media-Telecom" in "".join(t for t, _ in p))
    zhou = next(p for p in spans if "国际发行总监" in "".join(t for t, _ in p))
    assert _bold(kosarim) == ["Alexander Kosarim"] and kosarim[0][0] == "Alexander Kosarim"
    assert kosarim[1][0].startswith(", Content Director of Wink Group and CEO of Media-Telecom")
    assert _bold(vladimirov) == ["Konstantin Vladimirov"] and vladimirov[0][0] == "Konstantin Vladimirov"
    assert _bold(zhou) == ["周慧"]  # the source sentence, kept as it was
    # the bold keeps the source run's other properties (Word's bCs), and the English language
    root = part(out, "word/document.xml")
    run_ = next(r for r in root.iter(f"{{{W}}}r") if r.findtext(f"{{{W}}}t") == "Alexander Kosarim")
    assert run_.find(f"{{{W}}}rPr/{{{W}}}bCs") is not None
    assert run_.find(f"{{{W}}}rPr/{{{W}}}lang").get(f"{{{W}}}val") == "en"
    # which anchor placed which code, and why 周慧 has none
    by_segment = {f["segment"]: f["codes"] for f in data["fills"] if f["codes"]}
    assert by_segment["7"] == [
        {
            "codes": [0, 1],
            "placed": "anchors",
            "source": "亚历山大·科萨里姆",
            "target": "Alexander Kosarim",
            "anchors": [{"kind": "term", "source": "亚历山大·科萨里姆", "target": "Alexander Kosarim"}],
        }
    ]
    assert by_segment["32"] == [
        {"codes": [0, 1], "placed": "same-text", "source": "Wink.ru", "target": "Wink.ru"}
    ]
    [zhou_fill] = data["unplaced_segments"]
    assert (zhou_fill["segment"], zhou_fill["score"], zhou_fill["codes"][0]["source"]) == ("28", 86, "周慧")
    # the XLIFF draft shows the codes around the name; 周慧's at the end, for the reviewer to move
    xlf = tmp_path / "draft.xlf"
    data = _pretranslate(tmp_path, release, xlf, db, "--termbase", tbx)
    ns = {"x": NS12}
    targets = {
        u.get("id"): u.find("x:target", ns) for u in etree.parse(str(xlf)).iterfind(".//x:trans-unit", ns)
    }
    bpt, ept = list(targets["7"])
    assert targets["7"].text is None and bpt.tail == "Alexander Kosarim" and ept.tail.startswith(", Content")
    assert [el.tail for el in targets["28"]] == [None, None]
    assert [d["placed"] for f in data["fills"] if f["segment"] == "28" for d in f["codes"]] == [
        "end-for-review"
    ]


def test_reviewed_codes_come_back_in_place(
    tmp_path: Path, corpora: Path, release: Path, shared: Path
) -> None:
    """The translator puts the bold name where it belongs in the XLIFF; imported, that translation fills
    the next pre-translation of the document as an exact match with the bold on the English name."""
    db = tmp_path / "t.tmdb"
    assert run(db, "import", str(corpora / "wcm-2025" / "report.tmx")).exit_code == 0
    xlf = tmp_path / "draft.xlf"
    _pretranslate(tmp_path, release, xlf, db)
    valid(schema(shared, "xliff-core-1.2-strict.xsd"), xlf)  # the Word codes as <bpt>/<ept>/<ph>
    tree = etree.parse(str(xlf))
    ns = {"x": NS12}
    unit = next(
        u
        for u in tree.iterfind(".//x:trans-unit", ns)
        if "亚历山大" in "".join(u.find("x:source", ns).itertext())
    )
    assert unit.get(f"{{{TM_NS}}}score") == "99"  # the report's unit has no codes
    source, target = unit.find("x:source", ns), unit.find("x:target", ns)
    bpt, ept = (copy.deepcopy(el) for el in source if isinstance(el.tag, str))
    name = "Alexander Kosarim"
    text = target.text
    assert text.startswith(name) and [el.tail for el in target] == [None, None]  # the codes at the end
    for el in list(target):
        target.remove(el)
    target.text = None
    bpt.tail, ept.tail = name, text[len(name) :]
    target.extend([bpt, ept])
    target.set("state", "translated")
    tree.write(str(xlf), encoding="UTF-8", xml_declaration=True)
    assert run(db, "import", str(xlf)).exit_code == 0
    again = tmp_path / "again.xlf"
    _pretranslate(tmp_path, release, again, db)
    unit = next(
        u for u in etree.parse(str(again)).iterfind(".//x:trans-unit", ns) if u.get("id") == unit.get("id")
    )
    assert int(unit.get(f"{{{TM_NS}}}score")) >= 100  # an exact match now, codes and all
    out = tmp_path / f"{NAME}.en.docx"
    _pretranslate(tmp_path, release, out, db)
    root = part(out, "word/document.xml")
    para = next(
        p for p in root.iter(f"{{{W}}}p") if "Content Director of Wink Group" in "".join(p.itertext())
    )
    bold = [
        r.findtext(f"{{{W}}}t") for r in para.iter(f"{{{W}}}r") if r.find(f"{{{W}}}rPr/{{{W}}}b") is not None
    ]
    assert bold == [name]


def test_every_other_part_is_copied_with_its_compression(tmp_path: Path, release: Path) -> None:
    doc = open_document(release, "zh")
    out = tmp_path / "out.docx"
    doc.write(out, {}, "en")
    with zipfile.ZipFile(release) as a, zipfile.ZipFile(out) as b:
        pairs = list(zip(a.infolist(), b.infolist(), strict=True))
    assert all(x.filename == y.filename and x.compress_type == y.compress_type for x, y in pairs)
    assert all(x.date_time == y.date_time and x.external_attr == y.external_attr for x, y in pairs)


def test_score_pairs_two_docx_by_paragraph(tmp_path: Path, corpora: Path, release: Path) -> None:
    reference = corpora / "press-releases" / f"{NAME}.en.docx"
    db = tmp_path / "t.tmdb"
    assert run(db, "import", str(corpora / "wcm-2025" / "report.tmx")).exit_code == 0
    draft = tmp_path / "draft.en.docx"
    _pretranslate(tmp_path, release, draft, db)
    data = run_json(db, "score", str(draft), str(reference), "--lang", "en", "--segments")
    assert data["paired_by"] == "position" and data["segments_scored"] == 28
    by_ref = {s["references"][0]: s for s in data["segments"]}
    assert by_ref["About Wink.ru"]["hypothesis"] == "About Wink.ru"
    # the untranslated paragraphs are scored as what the draft holds: the marked Chinese
    assert by_ref["Wink: key figures"]["hypothesis"] == "⟦Wink平台主要数据⟧"
    assert 0 < next(m["score"] for m in data["corpus"] if m["metric"] == "bleu") < 100


def test_readme_example_does_what_its_comment_says(tmp_path: Path, monkeypatch) -> None:
    from conftest import ROOT

    block = next(
        b
        for b in re.findall(r"^```sh\n(.*?)^```", (ROOT / "README.md").read_text(), re.S | re.M)
        if "tm lookup" in b
    )
    (line,) = [line for line in block.splitlines() if ".docx" in line]
    command, _, comment = line.partition("  #")
    args = command.split()
    assert args[:2] == ["tm", "pretranslate"] and "styles, link, table, header and footnote kept" in comment
    monkeypatch.chdir(ROOT)
    db = tmp_path / "t.tmdb"
    assert run(db, "import", "corpora/wcm-2025/report.tmx").exit_code == 0  # the block's first line
    out = tmp_path / args[args.index("-o") + 1]
    args[args.index("-o") + 1] = str(out)
    assert run(db, *args[1:]).exit_code == 0
    root = part(out, "word/document.xml")
    styles = [el.get(f"{{{W}}}val") for el in root.iter(f"{{{W}}}pStyle")]
    assert styles == ["Title", "Caption", "Caption", "Caption", "Heading1"]  # the photo caption: 2 copies
    italic = [
        r.findtext(f"{{{W}}}t") for r in root.iter(f"{{{W}}}r") if r.find(f"{{{W}}}rPr/{{{W}}}i") is not None
    ]
    assert "Photos: by SMG Pictures & WingsMedia" in italic
    assert "".join(root.find(f".//{{{W}}}hyperlink").itertext()) == "Wink.ru"
    cells = ["".join(tc.itertext()) for tc in root.iter(f"{{{W}}}tc")]
    assert len(cells) == 12 and cells[0] == "⟦指标⟧"
    assert "尚世影业" in "".join(part(out, "word/header1.xml").itertext())
    assert "数据截至2026年4月" in "".join(part(out, "word/footnotes.xml").itertext())
    assert "About Wink.ru" in [p.text for p in docx_paragraphs(out)]
