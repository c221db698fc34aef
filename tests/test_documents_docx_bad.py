"""Bad DOCX input: one clear error naming the file and the problem, exit 1, nothing written."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
from docx_samples import make_docx, p, r
from helpers import run

from tm.formats.documents import docx_package
from tm.formats.documents.docx_package import MAX_PART

OK_BODY = p(r("The weather is very clear today."))


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"
 creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>The weather is very clear today.</seg></tuv><tuv xml:lang="zh-CN"><seg>今天天气非常晴朗。</seg></tuv></tu>
</body></tmx>
"""


def _pretranslate(tmp_path: Path, doc: Path):
    out = tmp_path / "out.docx"
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    db = tmp_path / "t.tmdb"
    result = run(db, "pretranslate", str(doc), "--src", "en", "--tgt", "zh", "-o", str(out), "--tm", str(tmx))
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "Traceback" not in result.stderr, result.stderr
    assert str(doc) in errors[0]
    assert not out.exists() and not list(tmp_path.glob(".out.docx.*")), "nothing is written"
    assert run(db, "analyze", str(doc), "--src", "en", "--tgt", "zh", "--tm", str(tmx)).exit_code == 1
    return errors[0]


def test_not_a_zip(tmp_path: Path) -> None:
    doc = tmp_path / "a.docx"
    doc.write_text("This is a text file named .docx\n", encoding="utf-8")
    assert "not a DOCX package: not a zip file" in _pretranslate(tmp_path, doc)
    ole = tmp_path / "old.docx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert "Word 97-2003 .doc, or a password-protected DOCX" in _pretranslate(tmp_path, ole)
    cut = tmp_path / "cut.docx"
    cut.write_bytes(make_docx(tmp_path / "whole.docx", OK_BODY).read_bytes()[:300])
    assert "not a DOCX package" in _pretranslate(tmp_path, cut)


def test_missing_document_xml(tmp_path: Path) -> None:
    doc = tmp_path / "empty.docx"
    with zipfile.ZipFile(doc, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/styles.xml", "<w:styles xmlns:w='x'/>")
    assert "not a Word document: the package has no word/document.xml" in _pretranslate(tmp_path, doc)
    sheet = tmp_path / "book.docx"
    with zipfile.ZipFile(sheet, "w") as zf:
        zf.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        zf.writestr(
            "xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
        )
    assert "not a Word document: its main part xl/workbook.xml is a <workbook>" in _pretranslate(
        tmp_path, sheet
    )


def _bomb(path: Path, size: int, declared: int | None = None) -> Path:
    """A package whose document.xml inflates to ``size`` bytes (a valid XML start, then spaces);
    ``declared`` is the size its zip headers claim instead, if given."""
    doc = make_docx(path, OK_BODY)
    with zipfile.ZipFile(doc) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    head = parts["word/document.xml"]
    big = head[: head.index(b"<w:body>")] + b" " * (size - len(head)) + head[head.index(b"<w:body>") :]
    with zipfile.ZipFile(doc, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, big if name == "word/document.xml" else data)
    if declared is not None:  # rewrite the sizes in the local and central headers: the header lies
        data = bytearray(doc.read_bytes())
        for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            start = 0
            while (at := data.find(sig, start)) >= 0:
                name_len = struct.unpack_from("<H", data, at + (26 if sig == b"PK\x03\x04" else 28))[0]
                name_at = at + (30 if sig == b"PK\x03\x04" else 46)
                if bytes(data[name_at : name_at + name_len]) == b"word/document.xml":
                    struct.pack_into("<I", data, at + offset, declared)
                start = at + 4
        doc.write_bytes(bytes(data))
    return doc


def test_zip_bomb(tmp_path: Path) -> None:
    doc = _bomb(tmp_path / "bomb.docx", MAX_PART + 1024)
    assert doc.stat().st_size < MAX_PART // 500  # a few hundred kilobytes that inflate past the cap
    assert "word/document.xml inflates to more than 64 MB: refused as a zip bomb" in _pretranslate(
        tmp_path, doc
    )
    # the headers say 1 KB: the reader stops on what it gets, not on what it was told
    liar = _bomb(tmp_path / "liar.docx", 2 << 20, declared=1024)
    assert "word/document.xml: damaged zip entry" in _pretranslate(tmp_path, liar)


def test_total_cap_counts_what_is_inflated(tmp_path: Path, monkeypatch) -> None:
    # parts each under the part cap that together pass the package cap: copying them stops there
    # (the cap lowered to keep the test small)
    monkeypatch.setattr(docx_package, "MAX_TOTAL", 3 << 20)
    noise = {f"word/media/image{k}.png": bytes(1 << 20) for k in range(4)}
    doc = make_docx(tmp_path / "many.docx", OK_BODY, extra=noise)
    from tm.errors import FormatError
    from tm.formats.documents import open_document

    opened = open_document(doc, "en")
    with pytest.raises(FormatError, match="the package inflates to more than 3 MB"):
        opened.write(tmp_path / "out.docx", {}, "zh")
    assert not (tmp_path / "out.docx").exists()


EXTERNAL = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    "<w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"
)


def test_external_entity_and_doctype(tmp_path: Path) -> None:
    doc = make_docx(tmp_path / "xxe.docx", "", document=EXTERNAL)
    line = _pretranslate(tmp_path, doc)
    assert "word/document.xml declares a DOCTYPE" in line and "root:" not in line
    laughs = EXTERNAL.replace(
        '<!ENTITY secret SYSTEM "file:///etc/passwd">',
        '<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY secret "&b;&b;&b;&b;&b;&b;&b;">',
    )
    assert "declares a DOCTYPE" in _pretranslate(
        tmp_path, make_docx(tmp_path / "laughs.docx", "", document=laughs)
    )
    # in a header part too, and in a relationships part
    doc = make_docx(tmp_path / "hdr.docx", OK_BODY, header=p(r("x")))
    with zipfile.ZipFile(doc) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    # UTF-16 with its BOM, as OOXML allows: the DOCTYPE is found in the decoded prolog
    parts["word/header1.xml"] = (
        EXTERNAL.replace("w:document", "w:hdr")
        .replace('encoding="UTF-8"', 'encoding="UTF-16"')
        .encode("utf-16")
    )
    with zipfile.ZipFile(doc, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    assert "word/header1.xml declares a DOCTYPE" in _pretranslate(tmp_path, doc)


def test_broken_xml_names_the_part_and_line(tmp_path: Path) -> None:
    broken = '<?xml version="1.0"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\n<w:body><w:p>'
    line = _pretranslate(tmp_path, make_docx(tmp_path / "cut.docx", "", document=broken))
    assert "word/document.xml: not well-formed XML (line 3)" in line
