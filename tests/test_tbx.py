"""TBX termbases: the field's sample files and tm's own read and written back without loss (judged by a
plain lxml reading independent of tm's reader), TBX v2 and v3, DCA and DCT; unsafe XML refused."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from tm.errors import FormatError
from tm.formats.tbx import read_tbx, write_tbx

DATA = Path(__file__).parent / "data" / "tbx"
SAMPLES = sorted(DATA.glob("*.tbx"))
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STRUCTURE = {"termEntry", "conceptEntry", "langSet", "langSec", "tig", "ntig", "termGrp", "termSec"}
TBX_NAMESPACES = {"", "urn:iso:std:iso:30042:ed-2", "urn:iso:std:iso:30042:ed:3.0"}


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1]


def _ns(tag) -> str:
    return tag[1:].split("}")[0] if tag.startswith("{") else ""


def _category(el) -> str:
    """A data category by name: DCA ``<descrip type="definition">`` and DCT ``<basic:definition>`` alike."""
    if _ns(el.tag) not in TBX_NAMESPACES:
        return _local(el.tag)
    return el.get("type") or _local(el.tag)


def _text(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def facts(path: Path) -> Counter:
    """Every datum of a TBX file as (concept, language, term, category, attributes, text), counted."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    root = etree.parse(str(path), parser).getroot()
    out: Counter = Counter()

    def walk(el, concept, lang, term):
        for child in el:
            if not isinstance(child.tag, str):
                continue
            tag = _local(child.tag)
            if tag in ("langSet", "langSec"):
                walk(child, concept, child.get(XML_LANG), None)
            elif tag in STRUCTURE:
                found = [t for t in child.iter() if isinstance(t.tag, str) and _local(t.tag) == "term"]
                walk(child, concept, lang, _text(found[0]) if found else term)
            elif tag == "term":
                out[(concept, lang, None, "term", (), _text(child))] += 1
            else:
                attrs = tuple(sorted((k, v) for k, v in child.attrib.items() if k != "type"))
                out[(concept, lang, term, _category(child), attrs, _text(child))] += 1

    for entry in root.iter():
        if isinstance(entry.tag, str) and _local(entry.tag) in ("termEntry", "conceptEntry"):
            walk(entry, entry.get("id"), None, None)
    header = [
        h for h in root.iter() if isinstance(h.tag, str) and _local(h.tag) in ("martifHeader", "tbxHeader")
    ]
    for h in header:
        for el in h.iter():
            if isinstance(el.tag, str) and len(el) == 0:
                out[("header", _local(el.tag), el.get("type"), _text(el))] += 1
    return out


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("version", ["3", "2"])
def test_samples_import_and_export_without_loss(sample, version, tmp_path):
    doc = read_tbx(sample)
    assert doc.concepts
    out = tmp_path / "out.tbx"
    write_tbx(out, doc.concepts, version=version, header=doc.header, back=doc.back)
    assert facts(out) == facts(sample)
    again = read_tbx(out)
    assert again.concepts == doc.concepts and again.header == doc.header and again.back == doc.back


def test_samples_hold_what_they_should():
    ibm = read_tbx(DATA / "okapi-ibm_tbx.tbx")
    assert len(ibm.concepts) == 5 and ibm.concepts[0].subject == "Software"
    assert (
        ibm.concepts[0].terms[0].text == "navigation trail"
        and ibm.concepts[0].terms[0].part_of_speech == "noun"
    )
    turkish = read_tbx(DATA / "okapi-test02_win1254.tbx")
    assert turkish.concepts[0].terms[1].text == "tr term with: \u00e9\u00e1 and \u0130\u0131"
    assert turkish.concepts[0].terms[1].lang == "tr"


def test_statuses_and_styles():
    dct = read_tbx(DATA / "tm-v3-dct.tbx").concepts[0]
    assert dct.subject == "place" and dct.id == "pavilion"
    assert [(t.text, t.status) for t in dct.terms if t.lang == "en"] == [
        ("China Pavilion", "preferred"),
        ("Chinese Pavilion", "forbidden"),
    ]
    assert '<descrip type="definition">' in dct.lang_extra[0][1]  # a DCT element kept in the DCA style
    v2 = read_tbx(DATA / "tm-v2-status.tbx").concepts[0]
    assert [(t.text, t.status) for t in v2.terms] == [
        ("Wink", "preferred"),
        ("Wink", "preferred"),
        ("Wink TV", "admitted"),
        ("Winc", "forbidden"),
        ("Wink Interactive", "deprecated"),
    ]
    assert v2.terms[1].part_of_speech == "properNoun" and v2.terms[3].notes == ("typo",)


def test_written_tbx_is_tbx_v3_basic(tmp_path):
    out = tmp_path / "out.tbx"
    write_tbx(out, read_tbx(DATA / "tm-v2-status.tbx").concepts)
    root = etree.parse(str(out)).getroot()
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx" and root.get("type") == "TBX-Basic"
    assert root.get("style") == "dca"
    names = {_local(el.tag) for el in root.iter() if isinstance(el.tag, str)}
    assert {"conceptEntry", "langSec", "termSec"} <= names and not names & {"termEntry", "tig", "ntig"}


BOMB = """<?xml version="1.0"?>
<!DOCTYPE martif [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
]>
<martif type="TBX"><text><body><termEntry><langSet xml:lang="en"><tig><term>&b;</term></tig></langSet>
</termEntry></body></text></martif>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<martif type="TBX"><text><body><termEntry><langSet xml:lang="en"><tig><term>&secret;</term></tig></langSet>
</termEntry></body></text></martif>
"""


@pytest.mark.parametrize("content", [BOMB, EXTERNAL], ids=["bomb", "external-entity"])
def test_entities_are_refused_like_a_tmx(content, tmp_path):
    path = tmp_path / "evil.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match="declares XML entities") as err:
        read_tbx(path)
    assert err.value.line == 3 or err.value.line == 2


def test_bad_files_name_file_and_line(tmp_path):
    broken = tmp_path / "broken.tbx"
    broken.write_text('<martif type="TBX"><text><body><termEntry>\n<langSet></body></text></martif>', "utf-8")
    with pytest.raises(FormatError) as err:
        read_tbx(broken)
    assert str(broken) in str(err.value) and err.value.line == 2
    other = tmp_path / "other.tbx"
    other.write_text("<tmx version='1.4'/>", "utf-8")
    with pytest.raises(FormatError, match="not a TBX file"):
        read_tbx(other)
    no_lang = tmp_path / "nolang.tbx"
    no_lang.write_text(
        "<martif><text><body><termEntry><langSet><tig><term>x</term></tig></langSet>"
        "</termEntry></body></text></martif>",
        "utf-8",
    )
    with pytest.raises(FormatError, match="without xml:lang"):
        read_tbx(no_lang)


def test_corpora_termbase_reads(corpora):
    doc = read_tbx(corpora / "terms" / "wcm.tbx")
    ids = {c.id for c in doc.concepts}
    assert {"kosarim", "vladimirov", "li-yang", "china-pavilion", "wcm", "wink", "media-telecom"} <= ids
    for concept in doc.concepts:
        langs = {t.lang for t in concept.terms}
        assert "zh-CN" in langs and "en" in langs, concept.id


def test_tm_terms_import_shows_what_the_entity_rule_repaired(tmp_path):
    """An HTML entity in a TBX becomes its character with a warning naming file and line, on the command
    line too (the reader's issues reach the CLI's warnings)."""
    from helpers import run

    tbx = tmp_path / "nbsp.tbx"
    tbx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
        "<tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc></tbxHeader>\n"
        "<text><body>\n"
        '<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>Wink&nbsp;Group</term></termSec>'
        '</langSec><langSec xml:lang="zh-CN"><termSec><term>Wink集团</term></termSec></langSec>'
        "</conceptEntry>\n</body></text></tbx>\n",
        encoding="utf-8",
    )
    result = run(tmp_path / "t.tmdb", "terms", "import", str(tbx))
    assert result.exit_code == 0, result.stderr
    assert f"Warning: {tbx}:5: HTML entity &nbsp;" in result.stderr
    listed = run(tmp_path / "t.tmdb", "terms", "lookup", "Wink", "--json")
    assert "Wink\u00a0Group" in listed.stdout
