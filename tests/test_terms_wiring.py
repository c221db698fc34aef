"""Term hits where translators work: ``tm lookup`` and ``tm pretranslate`` show the termbase's rendering of
each term of a segment (JSON ``terms``; a tm-terms note in an XLIFF 1.2 draft), once the TM holds terms."""

from __future__ import annotations

import json

import pytest
from helpers import run
from lxml import etree
from xliff_schemas import schema, valid

from tm.formats.documents.xliff import NS12


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
    again = run(db, "pretranslate", str(out), "--src", "zh", "--tgt", "en", "-o", str(out))
    assert again.exit_code == 0  # written back: one tm-terms note per unit, not two
    assert all(
        len(u.findall(f"{{{NS12}}}note[@from='tm-terms']")) <= 1
        for u in etree.parse(str(out)).iter(f"{{{NS12}}}trans-unit")
    )
