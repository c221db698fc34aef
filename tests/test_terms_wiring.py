"""Term hits where translators work: ``tm lookup`` and ``tm pretranslate`` show the termbase's rendering of
each term of a segment (JSON ``terms``; in the draft a tm-terms note in XLIFF 1.2 and 2, a ``tm-terms:``
translator comment in PO, an ``x-tm-terms`` prop in TMX), once the TM holds terms. Drafts stay valid: the
OASIS schemas, msgfmt --check."""

from __future__ import annotations

import json
import shutil
import subprocess

import polib
import pytest
from helpers import run
from lxml import etree
from xliff_schemas import schema, valid

from tm.formats.documents.xliff import NS12
from tm.formats.tmx_read import TmxReader


@pytest.fixture
def db(tmp_path, corpora):
    path = tmp_path / "t.tmdb"
    assert run(path, "import", str(corpora / "wcm-2025" / "report.tmx")).exit_code == 0
    return path


def test_lookup_shows_terms_only_when_the_tm_has_a_termbase(db, corpora):
    query = "李扬代表中国联合展台表示"
    before = json.loads(run(db, "lookup", query, "--src", "zh", "--tgt", "ru", "--json").stdout)
    assert "terms" not in before
    assert run(db, "terms", "import", str(corpora / "terms" / "wcm.tbx")).exit_code == 0
    after = json.loads(run(db, "lookup", query, "--src", "zh", "--tgt", "ru", "--json").stdout)
    assert after["terms"] == [
        {"start": 0, "end": 2, "source": "李扬", "targets": ["Ли Ян"]},
        {"start": 4, "end": 10, "source": "中国联合展台", "targets": ["Китайский павильон"]},
    ]
    assert after["matches"] == before["matches"]
    text = run(db, "lookup", query, "--src", "zh", "--tgt", "en").stdout
    assert "terms  李扬 → Li Yang; 中国联合展台 → China Pavilion" in text


def test_pretranslate_puts_term_hits_into_json_and_the_xliff_draft(db, corpora, tmp_path, shared):
    run(db, "terms", "import", str(corpora / "terms" / "wcm.tbx"))
    out = tmp_path / "draft.en.xlf"
    release = corpora / "press-releases" / "wcm-2026-pavilion.zh.txt"
    result = run(db, "pretranslate", str(release), "--src", "zh", "--tgt", "en", "-o", str(out), "--json")
    assert result.exit_code == 0, result.stderr
    terms = {t["segment"]: t["terms"] for t in json.loads(result.stdout)["terms"]}
    assert ("周慧", ["Zhou Hui"]) in [(t["source"], t["targets"]) for t in terms["13"]]
    tree = etree.parse(str(out))
    notes = {
        unit.get("id"): unit.find(f"{{{NS12}}}note[@from='tm-terms']").text
        for unit in tree.iter(f"{{{NS12}}}trans-unit")
        if unit.find(f"{{{NS12}}}note[@from='tm-terms']") is not None
    }
    assert notes["4"] == "Wink → Wink; “艺术”电影院 → Khudozhestvenny Theater"
    assert "周慧 → Zhou Hui" in notes["13"]
    assert set(notes) == set(terms)
    valid(schema(shared, "xliff-core-1.2-strict.xsd"), out)
    valid(
        schema(shared, "xliff-core-1.2-transitional.xsd", with_tm=False), out
    )  # as docs/terminology.md says
    assert not schema(shared, "xliff-core-1.2-strict.xsd", with_tm=False).validate(etree.parse(str(out)))
    out, draft = out.with_name("again" + out.suffix), out  # -o is never the document itself
    again = run(db, "pretranslate", str(draft), "--src", "zh", "--tgt", "en", "-o", str(out))
    assert again.exit_code == 0  # written back: one tm-terms note per unit, not two
    assert all(
        len(u.findall(f"{{{NS12}}}note[@from='tm-terms']")) <= 1
        for u in etree.parse(str(out)).iter(f"{{{NS12}}}trans-unit")
    )


XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"
 xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" srcLang="zh-CN">
 <file id="f1">
  <unit id="u1">
   <mda:metadata><mda:metaGroup><mda:meta type="client">SMG</mda:meta></mda:metaGroup></mda:metadata>
   <notes><note id="n1">From the client.</note></notes>
   <segment id="s1"><source>中国联合展台代表团再访莫斯科“艺术”电影院</source></segment>
  </unit>
  <unit id="u2">
   <originalData><data id="d1">&lt;br/&gt;</data></originalData>
   <segment id="s1"><source>Wink集团内容总监、Media-Telecom公司首席执行官亚历山大·科萨里姆亲自迎接中国联合展台代表团。</source></segment>
   <segment id="s2"><source>他在致辞中回顾了双方一年来的合作。<ph id="1" dataRef="d1"/></source></segment>
  </unit>
  <unit id="u3">
   <segment id="s1"><source>他在致辞中回顾了双方一年来的合作。</source></segment>
  </unit>
 </file>
</xliff>
"""


def _notes20(path) -> dict[str, list[str]]:
    ns = "{urn:oasis:names:tc:xliff:document:2.0}"
    return {
        unit.get("id"): [n.get("category") or n.get("id") for n in unit.iter(f"{ns}note")]
        for unit in etree.parse(str(path)).iter(f"{ns}unit")
    }


def test_an_xliff2_document_gets_term_notes_per_unit(db, corpora, tmp_path, shared):
    run(db, "terms", "import", str(corpora / "terms" / "wcm.tbx"))
    source = tmp_path / "release.xlf"
    source.write_text(XLIFF2, encoding="utf-8")
    out = tmp_path / "draft.xlf"
    result = run(db, "pretranslate", str(source), "--src", "zh", "--tgt", "en", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    valid(schema(shared, "xliff-core-2.0.xsd"), out)
    assert _notes20(out) == {"u1": ["n1", "tm-terms"], "u2": ["tm-terms"], "u3": []}
    ns = "{urn:oasis:names:tc:xliff:document:2.0}"
    units = {u.get("id"): u for u in etree.parse(str(out)).iter(f"{ns}unit")}
    [note] = units["u2"].iter(f"{ns}note")
    assert note.get("appliesTo") == "source"
    assert note.text.startswith(
        "Wink集团 → Wink Group; 内容总监 → Content Director; Media-Telecom → Media-Telecom"
    )
    assert note.text.endswith("中国联合展台 → China Pavilion")  # both segments' hits, each once
    assert [child.tag.split("}")[1] for child in units["u2"]][:2] == ["notes", "originalData"]
    assert [child.tag.split("}")[1] for child in units["u1"]][:2] == ["metadata", "notes"]
    out, draft = out.with_name("again" + out.suffix), out  # -o is never the document itself
    again = run(db, "pretranslate", str(draft), "--src", "zh", "--tgt", "en", "-o", str(out))
    assert again.exit_code == 0  # written back: tm's notes replaced, not doubled, the client's kept
    assert _notes20(out) == {"u1": ["n1", "tm-terms"], "u2": ["tm-terms"], "u3": []}
    valid(schema(shared, "xliff-core-2.0.xsd"), out)


def test_po_and_tmx_drafts_carry_term_hits(db, corpora, tmp_path):
    run(db, "terms", "import", str(corpora / "terms" / "wcm.tbx"))
    release = corpora / "press-releases" / "wcm-2026-pavilion.zh.txt"
    po = tmp_path / "draft.po"
    assert run(db, "pretranslate", str(release), "--src", "zh", "--tgt", "en", "-o", str(po)).exit_code == 0
    entries = {e.msgid: e for e in polib.pofile(str(po))}
    zhou = next(e for msgid, e in entries.items() if "周慧" in msgid)
    lines = zhou.tcomment.splitlines()
    assert [line for line in lines if line.startswith("tm-terms:")] == [
        "tm-terms: 尚世影业、五岸传播 → SMG Pictures & WingsMedia; 国际发行总监 → Director of International "
        "Distribution; 周慧 → Zhou Hui; 中国联合展台 → China Pavilion; Wink → Wink; 莫斯科 → Moscow"
    ]
    assert any(line.startswith("tm: score=") for line in lines)  # the band comment stays beside it
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed: cannot check the PO draft")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
    # the PO draft pre-translated again (a PO document written back): one tm-terms line per entry
    po, draft = po.with_name("again.po"), po  # -o is never the document itself
    assert run(db, "pretranslate", str(draft), "--src", "zh", "--tgt", "en", "-o", str(po)).exit_code == 0
    again = polib.pofile(str(po))
    assert all(sum(line.startswith("tm-terms:") for line in e.tcomment.splitlines()) <= 1 for e in again)
    assert {e.msgid: e.tcomment for e in again} == {e.msgid: e.tcomment for e in entries.values()}
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
    tmx = tmp_path / "draft.tmx"
    assert run(db, "pretranslate", str(release), "--src", "zh", "--tgt", "en", "-o", str(tmx)).exit_code == 0
    props = {
        tu.find("tuv/seg").text if tu.find("tuv/seg") is not None else "": {
            p.get("type"): p.text for p in tu.iter("prop")
        }
        for tu in etree.parse(str(tmx)).iter("tu")
    }
    about = props["关于Wink.ru"]
    assert about["x-tm-terms"] == "Wink.ru → Wink.ru" and about["x-tm-score"] == "100"
    read = list(TmxReader(tmx))  # tm reads its own TMX draft back
    assert len(read) == len(props)


def test_term_hits_are_counted_only_where_the_draft_holds_them(db, corpora, tmp_path):
    """Trial: "term hits in 16" was printed for .txt and .docx drafts, which hold no term hits."""
    run(db, "terms", "import", str(corpora / "terms" / "wcm.tbx"))
    release = corpora / "press-releases" / "wcm-2026-pavilion.zh.txt"
    said = {}
    for suffix in ("xlf", "po", "txt"):
        out = tmp_path / f"draft.en.{suffix}"
        result = run(db, "pretranslate", str(release), "--src", "zh", "--tgt", "en", "-o", str(out))
        assert result.exit_code == 0, result.stderr
        said[suffix] = "term hits in" in result.stderr
    assert said == {"xlf": True, "po": True, "txt": False}
    again = tmp_path / "again.po"  # a PO document written back as itself holds them: counted
    result = run(
        db, "pretranslate", str(tmp_path / "draft.en.po"), "--src", "zh", "--tgt", "en", "-o", str(again)
    )
    assert result.exit_code == 0 and "term hits in" in result.stderr
