"""Small DOCX packages for the tests, written with zipfile, and an independent reading of their text.

``make_docx`` writes a minimal but complete package (content types, relationships, styles, optional
header, footer, footnotes, endnotes, comments, core properties) around the body XML a test gives.
``paragraph_spans`` reads a written file with plain lxml, not with tm's reader: for each paragraph, its
text as (text, formatting) spans, the formatting being the run properties without what Word varies
(rsid, w:lang, w:noProof, the font hint) plus the containers around the run, adjacent equal spans
merged. Tests compare tm's output with its input through it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NSDECL = (
    f'xmlns:w="{W}" xmlns:r="{R}" xmlns:mc="{MC}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

STYLES = (
    f"{DECL}<w:styles {NSDECL}><w:docDefaults><w:rPrDefault><w:rPr>"
    '<w:rFonts w:ascii="Calibri" w:eastAsia="SimSun" w:hAnsi="Calibri" w:cs="Times New Roman"/>'
    '<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr>'
    '<w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style></w:styles>'
)


def make_docx(
    path: Path,
    body: str,
    *,
    header: str | None = None,
    footer: str | None = None,
    footnotes: str | None = None,
    endnotes: str | None = None,
    comments: str | None = None,
    title: str | None = None,
    styles: str = STYLES,
    extra: dict[str, bytes] | None = None,
    document: str | None = None,
) -> Path:
    """A DOCX at ``path`` whose body is ``body`` (paragraphs and tables); the other parts as given."""
    parts: dict[str, str] = {}
    rels = [("rIdStyles", "styles", "styles.xml"), ("rIdLink", "hyperlink", "https://example.org/")]
    overrides = [("/word/document.xml", f"{CT}.document.main+xml"), ("/word/styles.xml", f"{CT}.styles+xml")]
    for name, content, root, kind in (
        ("header1", header, "hdr", "header"),
        ("footer1", footer, "ftr", "footer"),
        ("footnotes", footnotes, "footnotes", "footnotes"),
        ("endnotes", endnotes, "endnotes", "endnotes"),
        ("comments", comments, "comments", "comments"),
    ):
        if content is not None:
            parts[f"word/{name}.xml"] = f"{DECL}<w:{root} {NSDECL}>{content}</w:{root}>"
            rels.append((f"rId{name}", kind, f"{name}.xml"))
            overrides.append((f"/word/{name}.xml", f"{CT}.{kind}+xml"))
    sect = ""
    if header is not None:
        sect += '<w:headerReference w:type="default" r:id="rIdheader1"/>'
    if footer is not None:
        sect += '<w:footerReference w:type="default" r:id="rIdfooter1"/>'
    parts["word/document.xml"] = document or (
        f"{DECL}<w:document {NSDECL}><w:body>{body}<w:sectPr>{sect}</w:sectPr></w:body></w:document>"
    )
    parts["word/styles.xml"] = styles
    package_rels = [("rId1", f"{REL}/officeDocument", "word/document.xml")]
    if title is not None:
        parts["docProps/core.xml"] = (
            f'{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{title}</dc:title><dc:language>zh-CN</dc:language></cp:coreProperties>"
        )
        package_rels.append(
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                "docProps/core.xml",
            )
        )
        overrides.append(("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"))
    parts["word/_rels/document.xml.rels"] = _rels(
        [(i, f"{REL}/{k}", t, "External" if k == "hyperlink" else None) for i, k, t in rels]
    )
    parts["_rels/.rels"] = _rels([(i, k, t, None) for i, k, t in package_rels])
    content_types = (
        f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
        + "".join(f'<Override PartName="{n}" ContentType="{c}"/>' for n, c in overrides)
        + "</Types>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", parts.pop("_rels/.rels"))
        for name, content in parts.items():
            zf.writestr(name, content.encode("utf-8"))
        for name, data in (extra or {}).items():
            zf.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data)  # stored
    return path


def _rels(items: list[tuple[str, str, str, str | None]]) -> str:
    body = "".join(
        f'<Relationship Id="{i}" Type="{k}" Target="{t}"' + (f' TargetMode="{m}"' if m else "") + "/>"
        for i, k, t, m in items
    )
    return f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'


def p(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>"


def r(text: str, rpr: str = "", rsid: str = "") -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    attr = f' w:rsidR="{rsid}"' if rsid else ""
    return f"<w:r{attr}>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}<w:t{space}>{text}</w:t></w:r>"


# -- an independent reading of what a file says ----------------------------------------------------------
def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def part(path: Path, name: str) -> etree._Element:
    return etree.fromstring(entries(path)[name], PARSER)


_IGNORED = {f"{{{W}}}lang", f"{{{W}}}noProof"}


def _format(rpr: etree._Element | None) -> str:
    if rpr is None:
        return ""
    out = []
    for child in rpr:
        if child.tag in _IGNORED:
            continue
        attrs = sorted(
            (k.rsplit("}", 1)[-1], v)
            for k, v in child.attrib.items()
            if not k.rsplit("}", 1)[-1].startswith("rsid") and k != f"{{{W}}}hint"
        )
        if child.tag == f"{{{W}}}rFonts" and not attrs:
            continue
        out.append(child.tag.rsplit("}", 1)[-1] + repr(attrs))
    return ";".join(out)


def _hidden(rpr: etree._Element | None) -> bool:
    return rpr is not None and rpr.find(f"{{{W}}}vanish") is not None


def paragraph_spans(root: etree._Element, drop: str = "") -> list[list[tuple[str, str]]]:
    """Each paragraph with text as merged (text, formatting) spans; characters in ``drop`` removed first.

    Formatting: the run's properties (see the module docstring) and the names and attributes of the
    containers between the run and its paragraph (hyperlink, fldSimple, sdt...). Paragraphs in
    ``mc:Fallback`` are read as well (they are text too)."""
    out = []
    for para in root.iter(f"{{{W}}}p"):
        spans: list[tuple[str, str]] = []
        for t in para.iter(f"{{{W}}}t"):
            run = t.getparent()
            if _owner(t) is not para:
                continue
            rpr = run.find(f"{{{W}}}rPr")
            if _hidden(rpr):
                continue
            text = "".join(ch for ch in (t.text or "") if ch not in drop)
            if not text:
                continue
            where = _containers(run, para)
            key = _format(rpr) + "|" + where
            if spans and spans[-1][1] == key:
                spans[-1] = (spans[-1][0] + text, key)
            else:
                spans.append((text, key))
        if any(re.search(r"\w", s) for s, _ in spans):
            out.append(spans)
    return out


def _owner(el: etree._Element) -> etree._Element | None:
    node = el.getparent()
    while node is not None and node.tag != f"{{{W}}}p":
        node = node.getparent()
    return node


def _containers(run: etree._Element, para: etree._Element) -> str:
    names = []
    node = run.getparent()
    while node is not None and node is not para:
        attrs = sorted((k.rsplit("}", 1)[-1], v) for k, v in node.attrib.items() if "rsid" not in k)
        names.append(node.tag.rsplit("}", 1)[-1] + repr(attrs))
        node = node.getparent()
    return "/".join(reversed(names))
