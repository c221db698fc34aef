"""One table of formats answers every question about a file's format (tm.formats.registry)."""

from __future__ import annotations

import pytest

from tm.errors import FormatError
from tm.formats.registry import FORMATS, detect, document_format, export_format, scored_format, sniff

TMX = '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en"/><body/></tmx>\n'
XLIFF = '<?xml version="1.0"?>\n<xliff version="1.2"><file/></xliff>\n'
PO = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n'


def test_an_extension_names_one_format() -> None:
    seen: dict[str, str] = {}
    for f in FORMATS:
        for ext in f.extensions:
            assert ext == ext.lower() and ext.startswith("."), ext
            assert seen.setdefault(ext, f.name) == f.name, f"{ext}: {seen[ext]} and {f.name}"


@pytest.mark.parametrize(
    ("content", "encoding", "expected"),
    [
        (TMX, "utf-8", "tmx"),
        (TMX, "utf-16", "tmx"),  # with a byte-order mark
        (TMX, "utf-16-le", "tmx"),  # without one
        (XLIFF, "utf-8-sig", "xliff"),
        (PO, "utf-8", "po"),
    ],
)
def test_import_and_scoring_tell_the_same_format_from_content(tmp_path, content, encoding, expected) -> None:
    path = tmp_path / "no-extension"
    path.write_bytes(content.encode(encoding))
    assert detect(path) == expected
    assert scored_format(path) == expected


def test_what_is_not_a_format_tm_reads(tmp_path) -> None:
    notes = tmp_path / "notes"
    notes.write_text("# Notes\nmsgid is a word here\n", encoding="utf-8")
    assert sniff(notes.read_text()) is None
    assert scored_format(notes) == "text"  # tm score reads anything else as plain text
    with pytest.raises(FormatError, match="not a TMX, XLIFF or PO file"):
        detect(notes)  # tm import refuses it
    html = tmp_path / "page"
    html.write_text("<html><body>Hi</body></html>", encoding="utf-8")
    with pytest.raises(FormatError, match="an XML file that is neither TMX"):
        detect(html)


def test_extensions_decide_documents_and_exports() -> None:
    assert [document_format(n) for n in ("a.TXT", "b.md", "c.htm", "d.pot", "e.sdlxliff", "f.xml")] == [
        "text",
        "markdown",
        "html",
        "po",
        "xliff",
        "xliff",
    ]
    assert document_format("g.tmx") is None
    assert [export_format(n) for n in ("a.tmx", "b.PO", "c.pot")] == ["tmx", "po", "po"]
    with pytest.raises(Exception, match="cannot tell the format"):
        export_format("a.xlf")
