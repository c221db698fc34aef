"""The one rule for entities, illegal characters and DTDs on the XML path (TMX here; XLIFF and TBX share it)."""

from __future__ import annotations

import io
import re
import sqlite3
import subprocess
import sys
from html.entities import html5
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tm.formats.xmlsafe as xs
from tests.helpers import run, tmx_variants
from tm.errors import FormatError
from tm.formats.xmlsafe import CleanXmlStream

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'


def tmx(body: str, doctype: str = DOCTYPE) -> str:
    return HEAD + doctype + f'<tmx version="1.4"><header srclang="en"/><body>\n{body}\n</body></tmx>\n'


def tu(en: str, de: str, attrs: str = "") -> str:
    return f'<tu{attrs}><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="de"><seg>{de}</seg></tuv></tu>'


def write(tmp_path: Path, text: str | bytes, name: str = "in.tmx") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def exported(tmp_path: Path, db: Path) -> list[tuple[str, str]]:
    out = tmp_path / "out.tmx"
    result = run(db, "export", str(out))
    assert result.exit_code == 0, result.stderr
    return tmx_variants(out)


def units(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as con:
        return con.execute("select count(*) from units").fetchone()[0]


@pytest.mark.parametrize("doctype", [DOCTYPE, ""])
def test_html_entity_becomes_its_character_with_a_warning(tmp_path, doctype):
    # Why (issue 10): `Hello&nbsp;world` was stored as `Helloworld`.
    path = write(tmp_path, tmx("\n" + tu("Hello&nbsp;world &copy; 2025", "Hallo&nbsp;Welt"), doctype))
    db = tmp_path / "tm.db"
    result = run(db, "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert ("en", "Hello\u00a0world \u00a9 2025") in exported(tmp_path, db)
    warnings = [line for line in result.stderr.splitlines() if "&nbsp;" in line]
    assert warnings and all(f"{path}:{5 if doctype else 4}:" in line for line in warnings)
    assert any("&copy;" in line and "U+00A9" in line for line in result.stderr.splitlines())


@pytest.mark.parametrize("doctype", [DOCTYPE, ""])
def test_undefined_entity_refuses_the_file_at_its_own_line(tmp_path, doctype):
    # Why (issues 10 and 11): `&co;` was dropped silently, or reported at `file:0:0: no element found`.
    body = tu("one", "eins") + "\n" + tu("Apple &co; Inc.", "Apple")
    path = write(tmp_path, tmx(body, doctype))
    db = tmp_path / "tm.db"
    result = run(db, "import", str(path))
    assert result.exit_code == 1
    line = 5 if doctype else 4
    errors = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
    assert len(errors) == 1 and f"{path}:{line}:" in errors[0] and "&co;" in errors[0], result.stderr
    assert units(db) == 0


def test_undefined_entity_in_an_attribute_is_refused_too(tmp_path):
    path = write(tmp_path, tmx(tu("a", "b", ' tuid="x&co;"')))
    result = run(tmp_path / "tm.db", "import", str(path))
    assert result.exit_code == 1 and "&co;" in result.stderr


def test_undefined_entity_with_recover_is_kept_as_text_with_a_warning(tmp_path):
    path = write(tmp_path, tmx(tu("Apple &co; Inc.", "Apple &amp; Co")))
    db = tmp_path / "tm.db"
    result = run(db, "import", "--recover", str(path))
    assert result.exit_code == 0, result.stderr
    assert ("en", "Apple &co; Inc.") in exported(tmp_path, db)
    assert "&co; kept as text" in result.stderr


def test_entities_inside_comments_and_cdata_are_text_not_references(tmp_path):
    body = "<!-- &co; -->" + tu("<![CDATA[x &co; y]]> &amp; z", "ok") + "<?pi &co;?>"
    db = tmp_path / "tm.db"
    result = run(db, "import", str(write(tmp_path, tmx(body))))
    assert result.exit_code == 0, result.stderr
    assert ("en", "x &co; y & z") in exported(tmp_path, db)


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE tmx [<!EN\x01TITY e "EXPANDED">]>\n',  # the control character removed makes <!ENTITY
        '<!DOCTYPE tmx SYSTEM "<x" [<!ENTITY e "EXPANDED">]>\n',  # '<x' in a literal looked like the root
        '<!DOCTYPE tmx SYSTEM "<!--" [<!ENTITY e "EXPANDED">]>\n<!-- -->\n',  # '<!--' in a literal
        "<!DOCTYPE tmx [<!ATTLIST tu tuid CDATA 'x'>]>\n",  # any internal subset at all
    ],
)
def test_an_internal_dtd_subset_is_refused_however_it_is_hidden(tmp_path, prolog):
    # Why (issue 11): the entity check could be bypassed and an entity was expanded into a tuid.
    path = write(tmp_path, tmx(tu("a", "b", ' tuid="&e;"'), prolog))
    db = tmp_path / "tm.db"
    result = run(db, "import", str(path))
    assert result.exit_code == 1
    assert f"{path}:2:" in result.stderr and "internal DTD subset" in result.stderr
    assert units(db) == 0


def test_an_empty_internal_subset_and_an_external_dtd_are_fine(tmp_path):
    db = tmp_path / "tm.db"
    for n, doctype in enumerate(
        ['<!DOCTYPE tmx SYSTEM "tmx14.dtd" [ ]>\n', '<!DOCTYPE tmx PUBLIC "-//x" "y">\n']
    ):
        result = run(db, "import", str(write(tmp_path, tmx(tu(f"a{n}", "b"), doctype), f"{n}.tmx")))
        assert result.exit_code == 0, result.stderr
    assert units(db) == 2


def test_illegal_characters_and_references_to_them_are_removed_with_their_line(tmp_path):
    body = tu("a\x01b &#xFFFE;c&#xD800;d", "x\uffffy") + "\n" + tu("ok", "&#1;ok")
    path = write(tmp_path, tmx(body).encode("utf-8", "surrogatepass"))
    db = tmp_path / "tm.db"
    result = run(db, "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert set(exported(tmp_path, db)) == {("en", "ab cd"), ("de", "xy"), ("en", "ok"), ("de", "ok")}
    removed = [x for x in result.stderr.splitlines() if "removed XML-illegal character" in x]
    assert len(removed) == 5
    assert sum(f"{path}:4:" in x for x in removed) == 4 and sum(f"{path}:5:" in x for x in removed) == 1


def test_lone_surrogates_in_utf16_are_removed_with_their_line(tmp_path):
    text = tmx(tu("a\ud800b", "c")).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = write(tmp_path, b"\xff\xfe" + text.encode("utf-16-le", "surrogatepass"))
    db = tmp_path / "tm.db"
    result = run(db, "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert ("en", "ab") in exported(tmp_path, db)
    assert f"{path}:4: removed XML-illegal character U+D800" in result.stderr


def test_bytes_that_are_not_utf8_refuse_the_file_at_their_line(tmp_path):
    path = write(
        tmp_path, tmx(tu("ok", "ok") + "\n" + tu("bad", "x")).encode().replace(b">bad<", b">b\xffd<")
    )
    result = run(tmp_path / "tm.db", "import", str(path))
    assert (
        result.exit_code == 1
        and f"{path}:5:" in result.stderr
        and "Invalid bytes in character encoding" in result.stderr
    )


def test_recover_skips_the_unit_with_undecodable_bytes_and_says_so(tmp_path):
    # Why (issue 11): --recover stored replacement characters silently.
    text = tmx(tu("ok", "gut") + "\n" + tu("bad", "x")).encode().replace(b">bad<", b">b\xffd<")
    db = tmp_path / "tm.db"
    result = run(db, "import", "--recover", str(write(tmp_path, text)))
    assert result.exit_code == 0, result.stderr
    variants = exported(tmp_path, db)
    assert ("en", "ok") in variants and not any("\ufffd" in t for _, t in variants)
    assert "in.tmx:5:" in result.stderr and "unit skipped" in result.stderr


def test_recover_says_from_which_line_it_recovered(tmp_path):
    # Why (issue 11): no "recovered from line N" ever appeared (the pull parser's error log is empty).
    body = tu("one", "eins") + "\n" + tu("two</b>", "zwei") + "\n" + tu("three", "drei")
    db = tmp_path / "tm.db"
    result = run(db, "import", "--recover", str(write(tmp_path, tmx(body))))
    assert result.exit_code == 0, result.stderr
    assert "recovered from line 5" in result.stderr
    assert all("\n" not in line for line in result.stderr.splitlines())


_CPU = """
import resource, sys
from click.testing import CliRunner
from tm.cli.main import cli
result = CliRunner().invoke(cli, ["--db", *sys.argv[1:]])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(result.exit_code, usage.ru_utime + usage.ru_stime)
"""


def cpu_seconds(db: Path, *args: str) -> float:
    """The CPU time of ``tm --db DB ARGS`` run in a process of its own (it must succeed)."""
    proc = subprocess.run(
        [sys.executable, "-c", _CPU, str(db), *args], capture_output=True, text=True, timeout=600
    )
    code, seconds = proc.stdout.split()
    assert code == "0", proc.stderr
    return float(seconds)


def test_200000_attributes_on_one_unit_import_and_export_in_linear_time(tmp_path):
    # Why (issue 11): 200,000 attributes on one <tu> hung the import for minutes (quadratic).
    many = " ".join(f'a{i}="v{i}"' for i in range(200_000))
    path = write(
        tmp_path,
        tmx(
            f'<tu {many}><tuv xml:lang="en" {many}><seg>Hi <hi {many}>there</hi></seg></tuv>'
            f'<tuv xml:lang="de"><seg>Hallo</seg></tuv></tu>'
        ),
    )
    db, out = tmp_path / "tm.db", tmp_path / "out.tmx"
    # In a process of its own (its CPU time alone, whatever else runs; the test process stays small).
    took = [cpu_seconds(db, "import", str(path)), cpu_seconds(db, "export", str(out))]
    assert took[0] < 2.0, took
    assert took[1] < 6.0, took  # quadratic, it took minutes
    text = out.read_text()
    assert 'a199999="v199999"' in text and text.count('a123456="v123456"') == 3


# -- the stream against a plain reference, with chunks cut anywhere ------------------------------------

PIECES = [
    "a",
    "中文",
    "\n",
    " ",
    "&amp;",
    "&lt;",
    "&nbsp;",
    "&copy;",
    "&NotEqualTilde;",
    "&#xA0;",
    "&#1;",
    "<!-- &nbsp; -->",
    "<![CDATA[&copy;]]>",
    "<b/>",
    "é",
    "\x01",
    '<i t="&QUOT;&nbsp;"/>',
    "<?p &x;?>",
]


def reference(body: str) -> str:
    """Illegal characters out, then HTML5 names as character references outside comments, CDATA, PIs."""
    body = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", body).replace("&#1;", "")
    out = []
    for piece in re.split(r"(<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>)", body, flags=re.S):
        if not piece.startswith(("<!--", "<![CDATA[", "<?")):
            piece = re.sub(
                r"&([A-Za-z]+);",
                lambda m: (
                    m.group()
                    if m.group(1) in ("amp", "lt", "gt", "quot", "apos")
                    else "".join(f"&#x{ord(c):X};" for c in html5[m.group(1) + ";"])
                ),
                piece,
            )
        out.append(piece)
    return "".join(out)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=200),
    st.integers(min_value=1, max_value=40),
    st.sampled_from(["utf-8", "utf-16-le"]),
)
def test_stream_cut_anywhere_matches_the_reference(parts, chunk, encoding):
    body = "".join(parts)
    doc = f'<?xml version="1.0" encoding="{encoding[:6]}"?>\n<!-- <r> -->\n<r>{body}</r>'
    raw = (b"\xff\xfe" if encoding == "utf-16-le" else b"") + doc.encode(encoding)
    old = xs.CHUNK
    xs.CHUNK = chunk
    try:
        stream = CleanXmlStream(io.BytesIO(raw), "doc.xml")
        out = b"".join(stream.chunks()).decode("utf-8")
    finally:
        xs.CHUNK = old
    assert out.endswith(f"<r>{reference(body)}</r>")


def test_the_entity_rule_is_one_function():
    from tm.formats.xmlsafe import entity_value

    seen = []
    assert entity_value("amp", "f.xml", 3, seen.append) == "&" and not seen
    assert entity_value("nbsp", "f.xml", 3, seen.append) == "\u00a0" and seen[0].line == 3
    with pytest.raises(FormatError) as err:
        entity_value("co", "f.xml", 7, seen.append)
    assert err.value.line == 7 and "&co;" in str(err.value)


def test_a_code_recovered_with_an_attribute_twice_still_exports_as_well_formed_xml(tmp_path):
    # Found by tests/fuzz_inputs.py: libxml2 lets `<ph x="1" x="2">` pass under --recover, and the export
    # of the whole TM then failed on it.
    body = tu('a <ph x="1" x="2">&lt;br/&gt;</ph> b', "c")
    db = tmp_path / "tm.db"
    result = run(db, "import", "--recover", str(write(tmp_path, tmx(body))))
    assert result.exit_code == 0, result.stderr
    assert "Attribute x redefined" in result.stderr
    assert ("en", "a  b") in exported(tmp_path, db)


def test_recover_says_so_when_it_drops_a_segment_over_libxml2s_size_limit(tmp_path):
    # Why (issue 11): --recover dropped a 10 MB segment silently.
    body = tu("small", "klein") + "\n" + tu("x" * 10_500_000, "gross")
    path = write(tmp_path, tmx(body))
    db = tmp_path / "tm.db"
    refused = run(db, "import", str(path))
    assert refused.exit_code == 1 and f"{path}:5:" in refused.stderr and "too long" in refused.stderr
    result = run(db, "import", "--recover", str(path))
    assert result.exit_code == 0, result.stderr
    assert f"{path}:5: recovered from line 5:" in result.stderr and "too long" in result.stderr
    assert ("de", "klein") in exported(tmp_path, db)


def test_tbx_follows_the_one_rule_for_entities(tmp_path):
    from tm.formats.tbx import read_tbx

    def tbx(term: str) -> str:
        return (
            '<?xml version="1.0"?>\n<martif type="TBX"><text><body><termEntry>\n'
            f'<langSet xml:lang="en"><tig><term>{term}</term></tig></langSet>\n'
            "</termEntry></body></text></martif>\n"
        )

    seen = []
    doc = read_tbx(write(tmp_path, tbx("Wink&nbsp;TV"), "a.tbx"), seen.append)
    assert doc.concepts[0].terms[0].text == "Wink\u00a0TV"
    assert [(issue.line, "&nbsp;" in issue.message) for issue in seen] == [(3, True)]
    with pytest.raises(FormatError) as err:
        read_tbx(write(tmp_path, tbx("Apple &co;"), "b.tbx"))
    assert err.value.line == 3 and "&co;" in str(err.value)
