"""Write the pavilion press release as Word documents: wcm-2026-pavilion.zh.docx and .en.docx.

    python corpora/press-releases/make_docx.py            # rewrite both files
    python corpora/press-releases/make_docx.py --check    # exit 1 if a committed file is out of date

The text of every body paragraph is the paragraph of ``wcm-2026-pavilion.tsv`` (the source of truth),
laid out as the release would be sent: a headline, italic credit lines, bold names at first mention, a
table of figures with a footnote, the photo with its caption (paragraph 6) in a text box, a heading, a
link on Wink.ru, a header and a footer with page-number fields, and the headline as the document title.
The photo is a grey placeholder image of the photo's size.
The Chinese file is written the way Chinese Word writes one: runs split where the script changes and
around words the spelling checker flags (``w:proofErr``), East Asian font hints and SimSun named for
Latin text, revision ids on runs. Built with lxml and zipfile only, with fixed dates, so that the
output is the same byte for byte on every run.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import struct
import sys
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

HERE = Path(__file__).resolve().parent
NAME = "wcm-2026-pavilion"
DATE = (2026, 4, 11, 9, 30, 0)

EXTRA = {
    "title": {
        "zh": "中国联合展台代表团再访莫斯科“艺术”电影院",
        "en": "China Pavilion Delegation Returns to Moscow’s Khudozhestvenny Theater",
    },
    "header": {"zh": ("尚世影业、五岸传播", "新闻稿"), "en": ("SMG Pictures & WingsMedia", "Press release")},
    # footer: text before the PAGE field, between it and the NUMPAGES field, after it
    "footer": {"zh": ("第 ", " 页，共 ", " 页"), "en": ("Page ", " of ", "")},
    "caption": {"zh": "Wink平台主要数据", "en": "Wink: key figures"},
    "footnote": {
        "zh": "数据截至2026年4月，由Wink提供。",
        "en": "Figures as of April 2026, provided by Wink.",
    },
    "table": {
        "zh": [
            ("指标", "2025年", "2026年"),
            ("上线中国影视作品", "500余部", "600余部"),
            ("电视频道", "300多个", "350多个"),
            ("片库作品", "超过8万部", "超过9万部"),
        ],
        "en": [
            ("Figure", "2025", "2026"),
            ("Chinese titles on the platform", "over 500", "over 600"),
            ("TV channels", "over 300", "over 350"),
            ("Titles in the library", "more than 80,000", "more than 90,000"),
        ],
    },
    "bold": {
        "zh": ("亚历山大·科萨里姆", "康斯坦丁·弗拉基米罗夫", "周慧"),
        "en": ("Alexander Kosarim", "Konstantin Vladimirov", "Zhou Hui"),
    },
    "link": ("Wink.ru", "https://wink.ru/"),
}
LANG = {"zh": "zh-CN", "en": "en-GB"}

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
XMLNS = " ".join(f'xmlns:{p}="{uri}"' for p, uri in NS.items())
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def read_paragraphs() -> dict[int, dict[str, str]]:
    with open(HERE / f"{NAME}.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    paras: dict[int, dict[str, list[str]]] = {}
    for row in rows:
        para = paras.setdefault(int(row["para"]), {"zh": [], "en": []})
        para["zh"].append(row["zh"])
        para["en"].append(row["en"])
    return {n: {"zh": "".join(p["zh"]), "en": " ".join(p["en"])} for n, p in paras.items()}


class Writer:
    """Runs as Word writes them for one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.rsid = 0x00A1B200

    def _next_rsid(self) -> str:
        self.rsid += 0x1F3
        return f"{self.rsid:08X}"

    def rpr(self, *props: str, latin: bool = False) -> str:
        fonts = ""
        if self.lang == "zh":  # SimSun named for Latin text too, as in text pasted from a Chinese page
            fonts = (
                '<w:rFonts w:ascii="SimSun" w:hAnsi="SimSun"' + ("" if latin else ' w:hint="eastAsia"') + "/>"
            )
        lang = '<w:lang w:val="en-US"/>' if latin and self.lang == "zh" else ""
        inner = fonts + "".join(props) + lang
        return f"<w:rPr>{inner}</w:rPr>" if inner else ""

    def runs(self, text: str, *props: str) -> str:
        """``text`` as Word splits it: in Chinese, a run per script change, proofErr around Latin words."""
        if self.lang != "zh":
            return self.run(text, self.rpr(*props))
        out = []
        for piece in re.findall(r"[A-Za-z][A-Za-z.\-]*|[^A-Za-z]+", text):
            latin = piece[0].isascii() and piece[0].isalpha()
            run = self.run(piece, self.rpr(*props, latin=latin))
            if latin and "-" in piece:  # Media-Telecom: flagged by the spelling checker
                run = f'<w:proofErr w:type="spellStart"/>{run}<w:proofErr w:type="spellEnd"/>'
            out.append(run)
        return "".join(out)

    def run(self, text: str, rpr: str = "") -> str:
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<w:r w:rsidR="{self._next_rsid()}">{rpr}<w:t{space}>{escape(text)}</w:t></w:r>'

    def marked(self, text: str, bold: tuple[str, ...], link: tuple[str, str] | None = None) -> str:
        """Runs for ``text`` with ``bold`` names in bold and the first ``link[0]`` as a hyperlink."""
        names = [*bold, *([link[0]] if link else [])]
        pattern = "(" + "|".join(re.escape(n) for n in names) + ")"
        out = []
        linked = False
        for piece in re.split(pattern, text):
            if not piece:
                continue
            if piece in bold:
                out.append(self.runs(piece, "<w:b/>", "<w:bCs/>"))
            elif link and piece == link[0] and not linked:
                linked = True
                rpr = self.rpr(latin=True).replace("<w:rPr>", '<w:rPr><w:rStyle w:val="Hyperlink"/>', 1)
                rpr = rpr or '<w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
                out.append(f'<w:hyperlink r:id="rIdLink" w:history="1">{self.run(piece, rpr)}</w:hyperlink>')
            else:
                out.append(self.runs(piece))
        return "".join(out)


def paragraph(body: str, style: str | None = None, extra_ppr: str = "") -> str:
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + extra_ppr
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{body}</w:p>"


PHOTO_EMU = (2743200, 1828800)  # 3 x 2 inches


def photo_png(width: int = 300, height: int = 200) -> bytes:
    """A grey placeholder of the photo (a PNG written with zlib: the same bytes on every run)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + bytes([0xB0 + (y * 0x30) // height]) * (width * 3) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def photo(vml: bool) -> str:
    """The run holding the photo: DrawingML, or VML in the text box's fallback copy."""
    cx, cy = PHOTO_EMU
    if vml:
        return (
            f'<w:r><w:pict><v:shape id="Picture 2" o:spid="_x0000_i1025" type="#_x0000_t75" '
            f'style="width:{cx // 12700}pt;height:{cy // 12700}pt"><v:imagedata r:id="rIdPhoto" o:title=""/>'
            "</v:shape></w:pict></w:r>"
        )
    return (
        f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        '<wp:docPr id="2" name="Picture 2"/><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
        '<pic:cNvPr id="2" name="photo.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
        '<a:blip r:embed="rIdPhoto"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>'
        f'<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def text_box(wr: Writer, text: str) -> str:
    """The photo and its caption in a text box: DrawingML for Word 2010 and later, VML for older readers."""
    caption = paragraph(wr.runs(text, "<w:i/>", "<w:iCs/>"), "Caption", '<w:jc w:val="center"/>')

    def inner(vml: bool) -> str:
        return paragraph(photo(vml), None, '<w:jc w:val="center"/>') + caption

    width, height = 5486400, 2743200
    graphic = (
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="F2F2F2"/>'
        '</a:solidFill><a:ln w="6350"><a:solidFill><a:srgbClr val="808080"/></a:solidFill></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{inner(False)}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
        'anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>'
    )
    choice = (
        f'<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width}" cy="{height}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/>'
        f"{graphic}</wp:inline></w:drawing>"
    )
    fallback = (
        '<w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
        'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" '
        'o:connecttype="rect"/></v:shapetype><v:shape id="Text Box 1" o:spid="_x0000_s1026" '
        f'type="#_x0000_t202" style="width:{width // 12700}pt;height:{height // 12700}pt;'
        'mso-position-horizontal-relative:char;mso-position-vertical-relative:line" fillcolor="#f2f2f2" '
        'strokecolor="gray" strokeweight=".5pt">'
        f"<v:textbox><w:txbxContent>{inner(True)}</w:txbxContent></v:textbox></v:shape></w:pict>"
    )
    return (
        f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{choice}</mc:Choice>'
        f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def table(wr: Writer, rows: list[tuple[str, str, str]]) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in (4200, 2400, 2400))
    out = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="9000" w:type="dxa"/>'
        f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    ]
    for k, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            props = ("<w:b/>", "<w:bCs/>") if k == 0 else ()
            align = '<w:jc w:val="right"/>' if c > 0 else ""
            width = (4200, 2400, 2400)[c]
            cell = paragraph(wr.runs(text, *props), None, align)
            cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{cell}</w:tc>')
        header = "<w:trPr><w:tblHeader/></w:trPr>" if k == 0 else ""
        out.append(f"<w:tr>{header}{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def document(lang: str, paras: dict[int, dict[str, str]]) -> str:
    wr = Writer(lang)
    bold = EXTRA["bold"][lang]
    body = [paragraph(wr.runs(EXTRA["title"][lang]), "Title")]
    italic = ("<w:i/>", "<w:iCs/>")
    for n, para in sorted(paras.items()):
        text = para[lang]
        if n in (1, 2):  # the credit lines
            body.append(paragraph(wr.runs(text, *italic), None, '<w:jc w:val="right"/>'))
        elif n == 6:  # the photo of Kosarim with its caption (his quote again), in a text box
            body.append(paragraph(text_box(wr, text)))
        elif n == 9:
            body.append(paragraph(wr.runs(text), "Heading1"))
        elif n == 10:
            body.append(paragraph(wr.marked(text, bold, EXTRA["link"])))
        else:
            body.append(paragraph(wr.marked(text, bold)))
        if n == 5:  # the figures, after the paragraph that gives the first of them
            note = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
            body.append(paragraph(wr.runs(EXTRA["caption"][lang], "<w:b/>", "<w:bCs/>") + note, "Caption"))
            body.append(table(wr, EXTRA["table"][lang]))
    body.append(paragraph('<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>'))
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" '
        'w:gutter="0"/></w:sectPr>'
    )
    return f"{DECL}<w:document {XMLNS}><w:body>{''.join(body)}{sect}</w:body></w:document>"


def header(lang: str) -> str:
    wr = Writer(lang)
    left, right = EXTRA["header"][lang]
    tab = "<w:r><w:tab/></w:r>"
    body = paragraph(wr.runs(left) + tab + wr.runs(right, '<w:color w:val="C00000"/>'), "Header")
    return f"{DECL}<w:hdr {XMLNS}>{body}</w:hdr>"


def footer(lang: str) -> str:
    wr = Writer(lang)
    before, middle, after = EXTRA["footer"][lang]
    rpr = wr.rpr(latin=True)  # field runs: the text's fonts, as Word gives them

    def r(inner: str) -> str:
        return f"<w:r>{rpr}{inner}</w:r>"

    page = (
        r('<w:fldChar w:fldCharType="begin"/>')
        + r('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
        + r('<w:fldChar w:fldCharType="separate"/>')
        + r("<w:t>1</w:t>")
        + r('<w:fldChar w:fldCharType="end"/>')
    )
    pages = f'<w:fldSimple w:instr=" NUMPAGES ">{r("<w:t>1</w:t>")}</w:fldSimple>'
    runs = wr.runs(before) + page + wr.runs(middle) + pages + (wr.runs(after) if after else "")
    body = paragraph(runs, "Footer", '<w:jc w:val="center"/>')
    return f"{DECL}<w:ftr {XMLNS}>{body}</w:ftr>"


def footnotes(lang: str) -> str:
    wr = Writer(lang)
    sep = '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    cont = (
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
    )
    ref = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>'
    note = f'<w:footnote w:id="1">{paragraph(ref + wr.runs(EXTRA["footnote"][lang]), "FootnoteText")}</w:footnote>'
    return f"{DECL}<w:footnotes {XMLNS}>{sep}{cont}{note}</w:footnotes>"


def styles(lang: str) -> str:
    east = "SimSun"
    defaults = (
        f'<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="{east}" '
        'w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="22"/><w:szCs w:val="22"/>'
        f'<w:lang w:val="{LANG["en"] if lang == "en" else "en-US"}" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
    )

    def style(kind: str, sid: str, name: str, ppr: str = "", rpr: str = "", extra: str = "") -> str:
        default = ' w:default="1"' if sid in ("Normal", "DefaultParagraphFont", "TableNormal") else ""
        ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
        rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        return f'<w:style w:type="{kind}" w:styleId="{sid}"{default}><w:name w:val="{name}"/>{extra}{ppr}{rpr}</w:style>'

    based = '<w:basedOn w:val="Normal"/><w:qFormat/>'
    all_styles = [
        style("paragraph", "Normal", "Normal", extra="<w:qFormat/>", ppr='<w:jc w:val="both"/>'),
        style(
            "character",
            "DefaultParagraphFont",
            "Default Paragraph Font",
            extra='<w:uiPriority w:val="1"/><w:semiHidden/>',
        ),
        style(
            "table",
            "TableNormal",
            "Normal Table",
            extra='<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>',
        ),
        style(
            "paragraph",
            "Title",
            "Title",
            '<w:spacing w:after="240"/><w:jc w:val="center"/>',
            '<w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="36"/>',
            based,
        ),
        style(
            "paragraph",
            "Heading1",
            "heading 1",
            '<w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/>',
            '<w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/>',
            based,
        ),
        style(
            "paragraph",
            "Caption",
            "caption",
            '<w:keepNext/><w:spacing w:before="120" w:after="60"/>',
            '<w:sz w:val="20"/>',
            based,
        ),
        style("paragraph", "Quote", "Quote", '<w:jc w:val="center"/>', '<w:color w:val="404040"/>', based),
        style(
            "paragraph",
            "Header",
            "header",
            '<w:tabs><w:tab w:val="right" w:pos="9026"/></w:tabs><w:spacing w:after="0"/>',
            '<w:sz w:val="18"/>',
            '<w:basedOn w:val="Normal"/>',
        ),
        style(
            "paragraph",
            "Footer",
            "footer",
            '<w:spacing w:after="0"/>',
            '<w:sz w:val="18"/>',
            '<w:basedOn w:val="Normal"/>',
        ),
        style(
            "paragraph",
            "FootnoteText",
            "footnote text",
            '<w:spacing w:after="0"/>',
            '<w:sz w:val="18"/>',
            '<w:basedOn w:val="Normal"/>',
        ),
        style(
            "character",
            "FootnoteReference",
            "footnote reference",
            rpr='<w:vertAlign w:val="superscript"/>',
            extra='<w:basedOn w:val="DefaultParagraphFont"/>',
        ),
        style(
            "character",
            "Hyperlink",
            "Hyperlink",
            rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>',
            extra='<w:basedOn w:val="DefaultParagraphFont"/>',
        ),
        style(
            "table",
            "TableGrid",
            "Table Grid",
            extra='<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
            + "".join(
                f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders></w:tblPr>",
        ),
    ]
    return f"{DECL}<w:styles {XMLNS}>{defaults}{''.join(all_styles)}</w:styles>"


def settings() -> str:
    return (
        f'{DECL}<w:settings {XMLNS}><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>'
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        '<w:rsids><w:rsidRoot w:val="00A1B200"/></w:rsids><w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'
    )


def core(lang: str) -> str:
    return (
        f'{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(EXTRA['title'][lang])}</dc:title><dc:creator>SMG Pictures &amp; WingsMedia</dc:creator>"
        f"<dc:language>{LANG[lang]}</dc:language>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2026-04-11T09:30:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-04-11T09:30:00Z</dcterms:modified></cp:coreProperties>'
    )


CONTENT_TYPES = (
    DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    + "".join(
        f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>'
        for part, kind in (
            ("word/document.xml", "document.main"),
            ("word/styles.xml", "styles"),
            ("word/settings.xml", "settings"),
            ("word/header1.xml", "header"),
            ("word/footer1.xml", "footer"),
            ("word/footnotes.xml", "footnotes"),
        )
    )
    + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = (
    DECL
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + "".join(
        f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"/>'
        for rid, kind, target in (
            ("rId1", "styles", "styles.xml"),
            ("rId2", "settings", "settings.xml"),
            ("rIdHeader", "header", "header1.xml"),
            ("rIdFooter", "footer", "footer1.xml"),
            ("rId5", "footnotes", "footnotes.xml"),
            ("rIdPhoto", "image", "media/image1.png"),
        )
    )
    + f'<Relationship Id="rIdLink" Type="{REL}/hyperlink" Target="{EXTRA["link"][1]}" TargetMode="External"/>'
    "</Relationships>"
)
APP = (
    DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>tm corpora/press-releases/make_docx.py</Application><DocSecurity>0</DocSecurity></Properties>"
)


def package(lang: str) -> bytes:
    paras = read_paragraphs()
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("docProps/core.xml", core(lang)),
        ("docProps/app.xml", APP),
        ("word/document.xml", document(lang, paras)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", styles(lang)),
        ("word/settings.xml", settings()),
        ("word/header1.xml", header(lang)),
        ("word/footer1.xml", footer(lang)),
        ("word/footnotes.xml", footnotes(lang)),
    ]
    binary = [("word/media/image1.png", photo_png())]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in parts:
            data = text.encode("utf-8")
            etree.fromstring(data)  # well-formed, or stop here
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
        for name, data in binary:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_STORED  # as Word stores images
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buffer.getvalue()


def _entries(data: bytes) -> list[tuple[str, tuple, bytes]]:
    """Names, dates and contents of a zip's entries (compressed bytes may differ between zlib versions)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, i.date_time, zf.read(i)) for i in zf.infolist()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed files")
    args = parser.parse_args()
    stale = []
    for lang in ("zh", "en"):
        path = HERE / f"{NAME}.{lang}.docx"
        data = package(lang)
        if args.check:
            if not path.exists() or _entries(path.read_bytes()) != _entries(data):
                stale.append(path.name)
        else:
            path.write_bytes(data)
            print(f"wrote {path.relative_to(HERE.parent.parent)}")
    if stale:
        print(
            "out of date: " + ", ".join(stale) + " (run python corpora/press-releases/make_docx.py)",
            file=sys.stderr,
        )
        return 1
    if args.check:
        print("the DOCX releases are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
