"""Every real TMX file in ../shared/tmx-samples imports without loss; the broken one reports its line."""

from __future__ import annotations

from pathlib import Path

from helpers import CODE_TAGS, XML_LANG, plain_seg_text, run, run_json, tmx_variants

from tm.lang import normalize_code

BROKEN_ON_PURPOSE = {"invalid.tmx"}  # well-formed, but ept before bpt and a duplicate i: see SOURCES.md


def _samples(shared: Path) -> list[Path]:
    files = sorted(p for p in (shared / "tmx-samples").rglob("*") if p.suffix.lower() == ".tmx")
    assert len(files) >= 20
    return files


def test_every_sample_imports_and_exports_without_loss(shared, tmp_path, fresh_db):
    for sample in _samples(shared):
        if sample.name in BROKEN_ON_PURPOSE:
            continue
        db = fresh_db()  # a new TM per sample
        result = run(db, "import", str(sample))
        assert result.exit_code == 0, f"{sample}: {result.stderr}"
        assert "Traceback" not in result.stderr
        out = tmp_path / f"{sample.stem}.out.tmx"
        assert run(db, "export", str(out)).exit_code == 0
        expected = {(normalize_code(lang).lower(), text) for lang, text in tmx_variants(sample)}
        got = {(lang, text) for lang, text in tmx_variants(out)}
        missing = expected - got
        assert not missing, f"{sample.name}: {len(missing)} variants lost, e.g. {sorted(missing)[:2]}"


def test_broken_sample_imports_the_valid_rest_and_reports_lines(shared, tmp_path):
    sample = shared / "tmx-samples" / "omegat-org__omegat" / "invalid.tmx"
    result = run(tmp_path / "t.tmdb", "import", str(sample), "--json")
    assert result.exit_code == 0
    assert "Traceback" not in result.stderr
    summary = __import__("json").loads(result.stdout)["files"][0]
    assert summary["skipped"] == 1 and summary["added"] == 0
    issue = summary["issues"][0]
    assert issue["line"] == 11 and issue["severity"] == "skipped"
    assert f"{sample}:11:" in result.stderr and "broken inline codes" in result.stderr


def test_utf16_and_windows1252_files_keep_their_characters(shared, tmp_path, store_url):
    db = store_url
    for name in (
        "heartsome__tmxeditor8/UTF-16LE.TMX",
        "omegat-org__omegat/ImportTest1G.tmx",
        "klew00__okapi/tmxtest-attributes.out.tmx",
    ):
        assert run(db, "import", str(shared / "tmx-samples" / name)).exit_code == 0
    stats = run_json(db, "stats")
    assert stats["variants"]["zh"] == 2  # UTF-16LE, no version, *all*: Chinese text intact
    out = tmp_path / "o.tmx"
    run(db, "export", str(out))
    texts = {text for _, text in tmx_variants(out)}
    originals = set()
    for name in ("heartsome__tmxeditor8/UTF-16LE.TMX", "klew00__okapi/tmxtest-attributes.out.tmx"):
        originals |= {text for _, text in tmx_variants(shared / "tmx-samples" / name)}
    assert originals <= texts
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts)
    assert any(any(ch in "éèàç" for ch in t) for t in texts)  # windows-1252 decoded, not mojibake


def test_sixty_language_units_and_odd_codes(shared, tmp_path, store_url):
    db = store_url
    run(db, "import", str(shared / "tmx-samples" / "zanata__zanata-platform" / "default-valid-tm.tmx"))
    run(db, "import", str(shared / "tmx-samples" / "malinowskip__dgt_parser" / "22019D0391.tmx"))
    stats = run_json(db, "stats")
    assert len(stats["variants"]) > 60
    assert "zh-CN" in stats["variants"] and "zh-TW" in stats["variants"]
    assert "bg-01" in stats["variants"]  # DGT's DA-01 style codes kept, normalised
    assert all(code == normalize_code(code) for code in stats["variants"])


def _coded_variants(path: Path) -> set[tuple[str, str, tuple]]:
    """(language, plain text, inline codes) of every variant that has codes, read with plain lxml: each
    code as its element and the native markup it holds (``<bpt>``'s ``&lt;b&gt;``, a ``<ph>``'s link)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
    tree = etree.parse(str(path), parser)
    found = set()
    for tuv in tree.iter("tuv"):
        seg = tuv.find("seg")
        if seg is None or len(seg) == 0:
            continue
        codes = tuple(
            (el.tag, "".join(el.itertext()) if el.tag in CODE_TAGS else tuple(sorted(el.attrib.items())))
            for el in seg.iter()
            if el is not seg and isinstance(el.tag, str) and el.tag != "sub"
        )
        lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").replace("_", "-")
        found.add((normalize_code(lang).lower() if lang else "", plain_seg_text(seg), codes))
    return found


def test_every_sample_keeps_each_inline_code_with_its_content(shared, tmp_path, fresh_db):
    """The round trip compares codes, not only text: each variant comes back with the same inline
    elements holding the same native code (issue 10: units that differed only in a code's content were
    merged into one, and one of the two was lost)."""
    with_codes = 0
    for sample in _samples(shared):
        if sample.name in BROKEN_ON_PURPOSE:
            continue
        db = fresh_db()  # a new TM per sample
        assert run(db, "import", str(sample)).exit_code == 0
        out = tmp_path / f"{sample.stem}.out.tmx"
        assert run(db, "export", str(out)).exit_code == 0
        expected = _coded_variants(sample)
        with_codes += bool(expected)
        missing = expected - _coded_variants(out)
        assert not missing, (
            f"{sample.name}: {len(missing)} coded variants changed, e.g. {sorted(missing)[:1]}"
        )
    assert with_codes >= 5
