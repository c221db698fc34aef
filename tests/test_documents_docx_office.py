"""DOCX with real LibreOffice (Debian's libreoffice-writer-nogui) and poppler: what tm writes opens and shows
the translation, and DOCX written by LibreOffice from HTML and ODT is read without losing any text.

soffice starts slowly (seconds), so each test converts several files in one call, with a private profile
for the module."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx as python_docx
import pytest
from docx_samples import MC, PARSER, W, entries, paragraph_spans
from helpers import run, run_json
from lxml import etree

from tm.formats.documents import Fill, open_document
from tm.formats.documents.docx import docx_paragraphs

TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


@pytest.fixture(scope="module")
def soffice(tmp_path_factory):
    exe = shutil.which("soffice")
    if exe is None:
        pytest.skip("soffice is absent (apt-get install libreoffice-writer-nogui)")
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(files: list[Path], target: str, outdir: Path, infilter: str | None = None) -> list[Path]:
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
        cmd += [f"--infilter={infilter}"] if infilter else []
        cmd += ["--convert-to", target, "--outdir", str(outdir), *map(str, files)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)
        suffix = "." + target.split(":")[0]
        made = [outdir / (f.stem + suffix) for f in files]
        missing = [m for m in made if not m.exists()]
        assert not missing, f"soffice made no {missing}"
        return made

    return convert


def _pdftotext(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is absent (apt-get install poppler-utils)")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", text)


def _bold_texts(pdf: Path) -> list[str]:
    """The pieces of text a PDF prints in a bold font, as poppler's pdftohtml sees them."""
    if shutil.which("pdftohtml") is None:
        pytest.skip("pdftohtml is absent (apt-get install poppler-utils)")
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", str(pdf)], check=True, capture_output=True)
    root = etree.fromstring(xml.stdout, PARSER)
    return ["".join(b.itertext()).strip() for b in root.iter("b")]


def test_pretranslated_release_in_libreoffice(tmp_path: Path, corpora: Path, soffice) -> None:
    release = corpora / "press-releases" / "wcm-2026-pavilion.zh.docx"
    db = tmp_path / "t.tmdb"
    assert run(db, "import", str(corpora / "wcm-2025" / "report.tmx")).exit_code == 0
    out = tmp_path / "release.en.docx"
    args = ("pretranslate", str(release), "--src", "zh", "--tgt", "en", "-o", str(out), "--fill", "fuzzy")
    tbx = ("--termbase", str(corpora / "terms" / "wcm.tbx"))
    # the bold names land on the English names through the termbase; 周慧 is not in her sentence's match
    data = run_json(db, *args, *tbx)
    assert (data["output"]["filled"], data["output"]["unplaced"]) == (12, 1)
    pdf, source_pdf = soffice([out, release], "pdf", tmp_path)
    text = _pdftotext(pdf)
    for english in (
        "Report provided by SMG Pictures & WingsMedia; translated from Chinese by the World Content Market",
        "Photos: by SMG Pictures & WingsMedia",
        "Alexander Kosarim, Content Director of Wink Group and CEO of Media-Telecom, personally welcomed",
        "Konstantin Vladimirov, Commercial Director of Media-Telecom, delivered an in-depth overview",
        "Vladimirov noted that Wink continues to pay close attention to high-quality Chinese content",
        "The platform currently hosts over 600 Chinese titles",
        "About Wink.ru",
        "Wink.ru is one of Russia’s largest OTT platforms, a joint venture between Rostelecom and the National Media Group.",
        "It offers over 350 TV channels",
    ):
        assert english in text, english
    # what the TM had no match for is there, marked: the header, the table, the text box, the footnote
    for kept in (
        "⟦尚世影业、五岸传播",
        "⟦指标⟧",
        "⟦“中国故事已经在俄罗斯收获了一批忠实观众",
        "⟦数据截至",
        "⟦第 1 页，共",
    ):
        assert kept.replace(" ", "") in text.replace(" ", ""), kept
    assert "Report provided" not in _pdftotext(source_pdf)
    # the names are printed in bold, and nothing else of the English sentences around them
    bold = _bold_texts(pdf)
    assert "Alexander Kosarim" in bold and "Konstantin Vladimirov" in bold
    assert not [b for b in bold if "Content Director" in b or "Commercial Director" in b]
    # python-docx opens it too
    document = python_docx.Document(str(out))
    credit = next(p for p in document.paragraphs if p.text.startswith("Report provided by SMG Pictures"))
    assert credit.runs[0].italic is True and document.paragraphs[0].text.startswith("⟦中国联合展台代表团")


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Drama Week</title></head><body>
<h1>Wink Launches Chinese Drama Week</h1>
<p>From 15th to 21st September, Russian streaming platform <b>Wink</b> will host a Chinese Drama Week.
All of the series come with <i>Russian dubbing</i> or subtitles.</p>
<ul><li>Historical dramas</li><li>Urban romances and <a href="https://wink.ru/">science fiction</a></li></ul>
<ol><li>First item.</li><li>Second item with <span style="color:#c00000">red words</span>.</li></ol>
<table border="1"><tr><th>Genre</th><th>Series</th></tr><tr><td>Suspense</td><td>4</td></tr></table>
<p>Line one<br>line two.</p>
</body></html>
"""

ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"'
)
ODT_CONTENT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {ODT_NS}><office:automatic-styles>
<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic" fo:color="#c00000"/></style:style>
<style:style style:name="T3" style:family="text"><style:text-properties text:display="none"/></style:style>
</office:automatic-styles><office:body><office:text>
<text:h text:outline-level="1">中国电视剧周</text:h>
<text:p>9月15日至21日，俄罗斯流媒体平台<text:span text:style-name="T1">Wink</text:span>将举办“中国电视剧周”。<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>片单以Wink公布为准。</text:p></text:note-body></text:note>所有剧集均配有俄语配音或字幕。</text:p>
<text:list><text:list-item><text:p>古装剧</text:p></text:list-item><text:list-item><text:p>都市<text:span text:style-name="T2">情感剧</text:span>和<text:a xlink:type="simple" xlink:href="https://wink.ru/">科幻剧</text:a></text:p></text:list-item></text:list>
<table:table table:name="T"><table:table-column table:number-columns-repeated="2"/>
<table:table-row><table:table-cell><text:p>类型</text:p></table:table-cell><table:table-cell><text:p>数量</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>悬疑剧</text:p></table:table-cell><table:table-cell><text:p>4部</text:p></table:table-cell></table:table-row></table:table>
<text:p>文本框：<draw:frame draw:name="Box1" text:anchor-type="as-char" svg:width="8cm" svg:height="2cm"><draw:text-box><text:p>文本框里的引语。</text:p></draw:text-box></draw:frame></text:p>
<text:p>另见尾注。<text:note text:id="en1" text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>尾注文字。</text:p></text:note-body></text:note>今天是<text:date>2026年4月11日</text:date>。<text:span text:style-name="T3">隐藏的文字</text:span></text:p>
</office:text></office:body></office:document-content>
"""
ODT_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {ODT_NS}><office:automatic-styles><style:page-layout style:name="pm1"/></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
<style:header><text:p>新闻稿</text:p></style:header>
<style:footer><text:p>第<text:page-number text:select-page="current">1</text:page-number>页</text:p></style:footer>
</style:master-page></office:master-styles></office:document-styles>
"""
MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def _odt(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")  # stored, first
        zf.writestr("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", ODT_CONTENT, zipfile.ZIP_DEFLATED)
        zf.writestr("styles.xml", ODT_STYLES, zipfile.ZIP_DEFLATED)
    return path


def _wt_paragraphs(root: etree._Element) -> tuple[list[str], list[str], list[str]]:
    """Read with plain lxml: the visible text of each paragraph outside mc:Fallback (those with a letter
    or digit; w:t, and a run's tabs and breaks as the whitespace they show), the same for the paragraphs
    inside mc:Fallback and inside mc:Choice."""
    main, fallback, choice = [], [], []
    shows = {f"{{{W}}}tab": "\t", f"{{{W}}}br": "\n", f"{{{W}}}cr": "\n"}
    for para in root.iter(f"{{{W}}}p"):
        texts = []
        for t in para.iter(f"{{{W}}}t", *shows):
            if t.getparent().tag != f"{{{W}}}r":  # a tab stop of the paragraph's properties
                continue
            owner = next(a for a in t.iterancestors(f"{{{W}}}p"))
            rpr = t.getparent().find(f"{{{W}}}rPr")
            if owner is para and not (rpr is not None and rpr.find(f"{{{W}}}vanish") is not None):
                texts.append(shows.get(t.tag, t.text or ""))
        text = re.sub(r"\s+", " ", "".join(texts)).strip()
        if not re.search(r"\w", text):
            continue
        ancestors = {a.tag for a in para.iterancestors()}
        if f"{{{MC}}}Fallback" in ancestors:
            fallback.append(text)
        else:
            main.append(text)
            if f"{{{MC}}}Choice" in ancestors:
                choice.append(text)
    return main, fallback, choice


def test_docx_from_other_producers(tmp_path: Path, soffice) -> None:
    (tmp_path / "in").mkdir()
    html = tmp_path / "in" / "drama-week.html"
    html.write_text(HTML, encoding="utf-8")
    odt = _odt(tmp_path / "in" / "drama-week-zh.odt")
    made = soffice([html], "docx:MS Word 2007 XML", tmp_path, infilter="HTML (StarWriter)")
    made += soffice([odt], "docx:MS Word 2007 XML", tmp_path)
    rewritten = []
    for path, lang in zip(made, ("en", "zh"), strict=True):
        doc = open_document(path, lang)
        paragraphs = list(docx_paragraphs(path, lang))
        parts = entries(path)
        names = [n for n in parts if TEXT_PARTS.search(n)]
        fallback_seen = 0
        for name in names:
            main, fallback, choice = _wt_paragraphs(etree.fromstring(parts[name], PARSER))
            ours = [p.text for p in paragraphs if p.part == name]
            assert ours == main, name  # every w:t of every paragraph, in order
            assert fallback == choice  # the fallback copies hold the text boxes' text again
            fallback_seen += len(fallback)
        assert "".join(s.source for s in doc.segments).replace(" ", "") == "".join(
            p.text for p in paragraphs
        ).replace(" ", "")
        assert not any("隐藏" in s.source for s in doc.segments)  # hidden text is not translated
        if lang == "zh":
            roles = {p.role for p in paragraphs}
            assert {"header", "footer", "footnote", "endnote", "body"} <= roles, roles
            assert fallback_seen == 1 and "文本框里的引语。" in [p.text for p in paragraphs]
            assert "\ue000Wink\ue001" in next(p.coded for p in paragraphs if "流媒体" in p.text)
        # written back with every segment as itself: LibreOffice reads the same text, and every
        # paragraph keeps its formatting span by span
        same = tmp_path / f"{path.stem}-same.docx"
        doc.write(same, {s.index: Fill(s.coded, 100, "100") for s in doc.segments}, lang)
        for name in names:
            before = paragraph_spans(etree.fromstring(parts[name], PARSER))
            assert paragraph_spans(etree.fromstring(entries(same)[name], PARSER)) == before, name
        rewritten += [path, same]
    texts = soffice(rewritten, "txt:Text (encoded):UTF8", tmp_path / "txt") if rewritten else []
    for original, same in zip(texts[::2], texts[1::2], strict=True):
        assert original.read_text(encoding="utf-8") == same.read_text(encoding="utf-8")
        assert original.read_text(encoding="utf-8").strip()
