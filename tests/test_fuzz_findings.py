"""What tests/fuzz_inputs.py found, each made into a small case: every one failed before its fix."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run
from tests.test_xml_rules import exported, tmx, tu, write


def pretranslate_html(tmp_path: Path, html: str):
    """Pre-translate ``html`` en -> de against a one-unit TM: the CLI's result and the draft's text."""
    doc = tmp_path / "page.html"
    doc.write_text(html, encoding="utf-8")
    out = tmp_path / "out.html"
    tm_file = write(tmp_path, tmx(tu("x", "y")))
    result = run(
        tmp_path / "tm.db",
        "pretranslate",
        str(doc),
        "--src",
        "en",
        "--tgt",
        "de",
        "-o",
        str(out),
        "--tm",
        str(tm_file),
    )
    assert result.exit_code == 0, result.stderr
    return result, out.read_text(encoding="utf-8")


def test_html_with_markup_in_an_attribute_and_a_reference_to_an_illegal_character(tmp_path):
    # `<script>` inside an attribute hid the rest from the text scan; libxml2 then decoded &#xFFFE; and
    # writing the document raised ValueError (an internal error).
    result, written = pretranslate_html(
        tmp_path, '<html lang="en<script>"><body><h1>The meeting&#xFFFE; will be held.</h1></body></html>'
    )
    assert "⟦The meeting will be held.⟧" in written
    assert "removed XML-illegal character U+FFFE" in result.stderr


def test_recovered_markup_with_undeclared_prefixes_exports_as_well_formed_xml(tmp_path):
    body = tu('a <hi l:lang="x">b</hi> <l:lang>c</l:lang> <ph hl:lang="y">&lt;br/&gt;</ph>d', "e")
    db = tmp_path / "tm.db"
    result = run(db, "import", "--recover", str(write(tmp_path, tmx(body))))
    assert result.exit_code == 0, result.stderr
    assert ("de", "e") in exported(tmp_path, db)


def test_a_private_use_character_beside_inline_codes_skips_the_unit(tmp_path):
    # U+E000-U+F8FF stand for inline codes; one in the text read as a code and the export failed.
    body = tu('a\ue005 <ph x="1">&lt;br/&gt;</ph>b', "c") + "\n" + tu("plain \uf8ff text", "d")
    db = tmp_path / "tm.db"
    path = write(tmp_path, tmx(body))
    result = run(db, "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "U+E005" in result.stderr and "unit skipped" in result.stderr
    assert exported(tmp_path, db) == [("en", "plain \uf8ff text"), ("de", "d")]  # without codes, it is text


def test_a_po_charset_with_a_nul_byte_is_no_traceback(tmp_path):
    path = tmp_path / "a.po"
    path.write_bytes(
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=\x00UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    )
    result = run(tmp_path / "tm.db", "import", "--src", "en", "--tgt", "de", str(path))
    assert result.exit_code == 0 and "U+0000" in result.stderr, result.stderr  # read as UTF-8, NUL removed


def test_html_elements_libxml2_recovers_under_names_no_api_can_make(tmp_path):
    # `<me<body>`, `<x:y>`: libxml2's HTML parser makes such elements, lxml refuses to make them again;
    # reading the document raised ValueError (an internal error). They are single codes, copied whole.
    result, written = pretranslate_html(
        tmp_path,
        "<html><body><p>The <me<body>big</me<body> meeting <x:y>will</x:y> be held.</p></body></html>",
    )
    assert "<x:y>will</x:y>" in written and "big" in written


def test_a_message_quoting_a_line_separator_from_the_file_stays_one_line(tmp_path):
    # `<ept i="a\x85">`: U+0085 is legal XML, and the warning quoting it broke into two lines.
    issues = []
    from tm.formats.tmx_read import TmxReader

    path = write(tmp_path, tmx(tu('a <ept i="x\x85\u2028">&lt;/b&gt;</ept>', "b") + "\n" + tu("c", "d")))
    units = list(TmxReader(path, on_issue=issues.append))
    assert [u.variants[0].text for u in units] == ["c"]
    assert len(issues) == 1 and len(str(issues[0]).splitlines()) == 1 and "\\x85" in str(issues[0])
