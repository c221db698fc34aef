"""``tm align``: its files (TMX 1.4b, review TSV, HTML in a real headless browser, JSON), the import into
the TM and the pre-translation that follows, reviewed files coming back, folders of documents."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import chromium_dom, chromium_screenshot
from lxml import etree

from tm.cli.main import cli
from tm.store import open_store

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
PAVILION_ZH = CORPORA / "press-releases" / "wcm-2026-pavilion.zh.txt"
PAVILION_EN = CORPORA / "press-releases" / "wcm-2026-pavilion.en.txt"
REPORT = CORPORA / "wcm-2025"

# The structure of TMX 1.4b (tmx14.dtd) as far as tm align writes it: header, props, notes, plain segs. A
# subset: the real DTD's declarations, less inline codes in seg and the deprecated lang attributes.
TMX14_DTD = """
<!ELEMENT tmx (header, body)>
<!ATTLIST tmx version CDATA #FIXED "1.4">
<!ELEMENT header (note|prop|ude)*>
<!ATTLIST header creationtool CDATA #REQUIRED creationtoolversion CDATA #REQUIRED
  segtype (block|paragraph|sentence|phrase) #REQUIRED o-tmf CDATA #REQUIRED adminlang CDATA #REQUIRED
  srclang CDATA #REQUIRED datatype CDATA #REQUIRED o-encoding CDATA #IMPLIED creationdate CDATA #IMPLIED
  creationid CDATA #IMPLIED changedate CDATA #IMPLIED changeid CDATA #IMPLIED>
<!ELEMENT ude (map+)> <!ATTLIST ude name CDATA #REQUIRED base CDATA #IMPLIED>
<!ELEMENT map EMPTY> <!ATTLIST map unicode CDATA #REQUIRED code CDATA #IMPLIED ent CDATA #IMPLIED subst CDATA #IMPLIED>
<!ELEMENT body (tu*)>
<!ELEMENT tu ((note|prop)*, tuv+)>
<!ATTLIST tu tuid CDATA #IMPLIED o-encoding CDATA #IMPLIED datatype CDATA #IMPLIED usagecount CDATA #IMPLIED
  lastusagedate CDATA #IMPLIED creationtool CDATA #IMPLIED creationtoolversion CDATA #IMPLIED
  creationdate CDATA #IMPLIED creationid CDATA #IMPLIED changedate CDATA #IMPLIED
  segtype (block|paragraph|sentence|phrase) #IMPLIED changeid CDATA #IMPLIED o-tmf CDATA #IMPLIED
  srclang CDATA #IMPLIED>
<!ELEMENT tuv ((note|prop)*, seg)>
<!ATTLIST tuv xml:lang CDATA #REQUIRED o-encoding CDATA #IMPLIED datatype CDATA #IMPLIED
  usagecount CDATA #IMPLIED lastusagedate CDATA #IMPLIED creationtool CDATA #IMPLIED
  creationtoolversion CDATA #IMPLIED creationdate CDATA #IMPLIED creationid CDATA #IMPLIED
  changedate CDATA #IMPLIED changeid CDATA #IMPLIED o-tmf CDATA #IMPLIED>
<!ELEMENT seg (#PCDATA)>
<!ELEMENT note (#PCDATA)> <!ATTLIST note xml:lang CDATA #IMPLIED o-encoding CDATA #IMPLIED>
<!ELEMENT prop (#PCDATA)> <!ATTLIST prop type CDATA #REQUIRED xml:lang CDATA #IMPLIED o-encoding CDATA #IMPLIED>
"""
TMX_DATE = re.compile(r"^\d{8}T\d{6}Z$")


def _rows(table: Path) -> list[tuple[str, str]]:
    """The aligned (zh, en) sentences of a document, from its table in the corpora."""
    with open(table, encoding="utf-8", newline="") as handle:
        return [(r["zh"], r["en"]) for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]


PAVILION_ROWS = _rows(CORPORA / "press-releases" / "wcm-2026-pavilion.tsv")
DRAMA_WEEK_ROWS = _rows(CORPORA / "press-releases" / "wink-chinese-drama-week.tsv")
REPORT_ROWS = _rows(REPORT / "segments.tsv")


def _run(*args: str, db: Path | None = None):
    prefix = ["--db", str(db)] if db else []
    return CliRunner().invoke(cli, [*prefix, *args], catch_exceptions=False)


def _align(src: Path, tgt: Path, *args: str, db: Path | None = None, langs: tuple[str, str] = ("zh", "en")):
    """``tm align SRC TGT --src zh --tgt en ARGS``."""
    return _run("align", str(src), str(tgt), "--src", langs[0], "--tgt", langs[1], *args, db=db)


def _pavilion(*args: str, db: Path | None = None):
    """``tm align`` of the 2026 pavilion release, Chinese to English."""
    return _align(PAVILION_ZH, PAVILION_EN, *args, db=db)


def test_tmx_is_valid_tmx_14b_and_imports_into_tm(tmp_path):
    out = tmp_path / "pavilion.tmx"
    result = _pavilion(
        "-o",
        str(out),
        db=tmp_path / "none.db",
    )
    assert result.exit_code == 0, result.stderr
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    tree = etree.parse(str(out), parser)
    dtd = etree.DTD(io.StringIO(TMX14_DTD))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    root = tree.getroot()
    assert root.get("version") == "1.4" and tree.docinfo.system_url == "tmx14.dtd"
    header = root.find("header")
    # OmegaT reads the source language from srclang and each tuv's xml:lang; dates are TMX basic format
    langs = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in root.iter("tuv")}
    assert header.get("srclang") in langs and langs == {"zh", "en"}
    tus = root.findall("body/tu")
    assert len(tus) == len(PAVILION_ROWS) and all(TMX_DATE.match(tu.get("creationdate")) for tu in tus)
    props = {p.get("type"): p.text for p in tus[0].findall("prop")}
    assert float(props["x-tm-confidence"]) >= 0.9 and props["x-tm-bead"] == "1-1"
    assert props["x-tm-status"] == "unconfirmed"  # the unit's status, as tm's TMX writer says it
    db = tmp_path / "tm.db"
    imported = _run("import", str(out), db=db)
    assert imported.exit_code == 0, imported.stderr
    with open_store(db) as store:
        assert store.count() == len(set(PAVILION_ROWS)) < len(PAVILION_ROWS)  # one sentence occurs twice


def _segments(path: Path, lang: str) -> list[str]:
    from tm.formats.documents import open_document

    return [s.source for s in open_document(path, lang).segments]


def test_import_confirmed_then_pretranslate_gives_100_on_every_aligned_sentence(tmp_path):
    db = tmp_path / "tm.db"
    result = _pavilion(
        "--import",
        "--confirmed",
        "--json",
        db=db,
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["imported"]["added"] == len(set(PAVILION_ROWS))
    one_to_one = [b for b in data["pairs"][0]["beads"] if b["bead"] == "1-1" and b["confidence"] >= 0.9]
    assert len(one_to_one) == len(PAVILION_ROWS)
    with open_store(db) as store:
        statuses = {u.status for u in store.units()}
        assert statuses == {"confirmed"}
        origin = store.origins(1)[0][0]
        assert origin == "wcm-2026-pavilion.zh.txt | wcm-2026-pavilion.en.txt"
    draft = tmp_path / "draft.xlf"
    pre = _run(
        "pretranslate", str(PAVILION_ZH), "--src", "zh", "--tgt", "en", "-o", str(draft), "--json", db=db
    )
    assert pre.exit_code == 0, pre.stderr
    bands = json.loads(pre.stdout)["total"]["bands"]
    aligned = {b["source"] for b in one_to_one}
    assert set(_segments(PAVILION_ZH, "zh")) == aligned
    assert bands["context"]["segments"] + bands["100"]["segments"] == len(_segments(PAVILION_ZH, "zh"))
    english = set(_segments(PAVILION_EN, "en"))
    targets = re.findall(r"<target[^>]*>(.*?)</target>", draft.read_text(encoding="utf-8"), re.S)
    assert targets and {t.replace("&amp;", "&") for t in targets} <= english


def test_import_without_confirmed_then_pretranslate_gives_100_minus_the_status_penalty(tmp_path):
    """Unconfirmed beads are unconfirmed units (the status model of docs/review-loop.md): every aligned
    sentence of the release pre-translates at 100 minus the status penalty, as a fuzzy to review."""
    db = tmp_path / "tm.db"
    result = _pavilion("--import", db=db)
    assert result.exit_code == 0, result.stderr
    with open_store(db) as store:
        units = list(store.units())
    assert units and {u.status for u in units} == {"fuzzy"}
    assert not any(p.type == "x-tm-status" for u in units for p in u.props)  # the status, not a prop
    draft = tmp_path / "draft.xlf"
    for penalty, score in (((), 95), (("--penalty", "status=8"), 92)):
        pre = _run(
            "pretranslate", str(PAVILION_ZH), "--src", "zh", "--tgt", "en", "-o", str(draft), *penalty, db=db
        )
        assert pre.exit_code == 0, pre.stderr
        xliff = draft.read_text(encoding="utf-8")
        scores = re.findall(r'tm:score="([0-9.]+)"', xliff)
        assert len(scores) == len(_segments(PAVILION_ZH, "zh")) and {float(x) for x in scores} == {score}
        assert set(re.findall(r'<target [^>]*state="([a-z-]+)"', xliff)) == {"needs-review-translation"}


def test_min_confidence_keeps_low_beads_out_of_the_tm(tmp_path):
    src, tgt = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    src.write_text("中国馆开幕。\n\n今天天气很好。\n", encoding="utf-8")
    tgt.write_text(
        "The China Pavilion opened.\n\nTickets cost 500 roubles and sold out in 2024.\n", encoding="utf-8"
    )
    db = tmp_path / "tm.db"
    result = _align(
        src,
        tgt,
        "--import",
        "--json",
        "--min-confidence",
        "0.99",
        db=db,
    )
    assert result.exit_code == 0, result.stderr
    beads = json.loads(result.stdout)["pairs"][0]["beads"]
    kept = [b for b in beads if b["src"] and b["tgt"] and b["confidence"] >= 0.99]
    with open_store(db) as store:
        assert store.count() == len(kept) < len([b for b in beads if b["src"] and b["tgt"]])


def test_review_file_roundtrip(tmp_path):
    review = tmp_path / "review.tsv"
    result = _run(
        "align",
        str(REPORT / "report.zh.txt"),
        str(REPORT / "report.ru.txt"),
        "--src",
        "zh",
        "--tgt",
        "ru",
        "--review",
        str(review),
        db=tmp_path / "none.db",
    )
    assert result.exit_code == 0, result.stderr
    lines = review.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "source\ttarget\tconfidence\tbead\tstatus\tdocument"
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) == len(REPORT_ROWS) and all(len(r) == 6 for r in rows)
    # the reviewer rejects one bead and corrects the Russian of another
    rows[0][4] = "x"
    rows[1][1] = rows[1][1].replace("Фото:", "Фотографии:")
    review.write_text(
        "\n".join(["\t".join(r) for r in [lines[0].split("\t"), *rows]]) + "\n", encoding="utf-8"
    )
    db = tmp_path / "tm.db"
    back = _run("align", "--reviewed", str(review), "--src", "zh", "--tgt", "ru", db=db)
    assert back.exit_code == 0, back.stderr
    ok = sum(1 for r in rows if r[4] == "ok")
    with open_store(db) as store:
        units = list(store.units())
    assert len(units) == ok and {u.status for u in units} == {"confirmed"}
    texts = {u.variant("ru").text for u in units}
    assert rows[1][1] in texts and rows[0][1] not in texts


def test_a_bad_review_file_names_file_and_line(tmp_path):
    review = tmp_path / "review.tsv"
    review.write_text(
        "source\ttarget\tconfidence\tbead\tstatus\tdocument\n中\tChina\tnot-a-number\t1-1\tok\td\n",
        encoding="utf-8",
    )
    result = _run("align", "--reviewed", str(review), "--src", "zh", "--tgt", "en", db=tmp_path / "tm.db")
    assert result.exit_code == 1
    assert f"{review}:2:" in result.stderr and "not a number" in result.stderr


def test_folders_are_paired_by_name(tmp_path):
    zh, en = tmp_path / "zh", tmp_path / "en"
    zh.mkdir()
    en.mkdir()
    for name in ("wcm-2026-pavilion", "wink-chinese-drama-week"):
        shutil.copy(CORPORA / "press-releases" / f"{name}.zh.txt", zh / f"{name}.zh.txt")
        shutil.copy(CORPORA / "press-releases" / f"{name}.en.txt", en / f"{name}.en.txt")
    (zh / "unpaired.zh.txt").write_text("没有译文。\n", encoding="utf-8")
    out = tmp_path / "all.tmx"
    result = _align(
        zh,
        en,
        "-o",
        str(out),
        "--json",
        db=tmp_path / "none.db",
    )
    assert result.exit_code == 0, result.stderr
    pairs = json.loads(result.stdout)["pairs"]
    assert [Path(p["source"]).name for p in pairs] == [
        "wcm-2026-pavilion.zh.txt",
        "wink-chinese-drama-week.zh.txt",
    ]
    assert out.read_text(encoding="utf-8").count("<tu ") == len(PAVILION_ROWS) + len(DRAMA_WEEK_ROWS)
    by_pattern = _align(
        zh,
        en,
        "--pattern",
        "wink-*.{lang}.txt",
        "--json",
        db=tmp_path / "none.db",
    )
    assert [Path(p["target"]).name for p in json.loads(by_pattern.stdout)["pairs"]] == [
        "wink-chinese-drama-week.en.txt"
    ]


def test_usage_errors(tmp_path):
    assert _run("align", str(PAVILION_ZH), "--src", "zh", "--tgt", "en").exit_code == 2
    mixed = _run("align", str(PAVILION_ZH), str(tmp_path), "--src", "zh", "--tgt", "en")
    assert mixed.exit_code == 2 and "two documents or two folders" in mixed.stderr
    same = _run(
        "align", str(PAVILION_ZH), str(PAVILION_EN), "--src", "zh", "--tgt", "zh-CN", db=tmp_path / "x.db"
    )
    assert same.exit_code == 1 and "both documents are in zh" in same.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    nothing = _run("align", str(empty), str(PAVILION_EN), "--src", "zh", "--tgt", "en", db=tmp_path / "x.db")
    assert nothing.exit_code == 1 and "no text to align" in nothing.stderr
    assert _pavilion("--confirmed").exit_code == 2


def test_an_output_that_cannot_be_written_stops_the_run_before_any_file_is_written(tmp_path):
    """Trial bug 12: -o was written before --review failed on a missing folder."""
    tmx, html = tmp_path / "ok.tmx", tmp_path / "ok.html"
    db = tmp_path / "x.db"
    missing = str(tmp_path / "nodir" / "out")
    for last in (
        ["--html", str(html), "--review", missing],
        ["--review", str(tmp_path / "r.tsv"), "--html", missing],
    ):
        result = _pavilion("-o", str(tmx), "--import", *last, db=db)
        assert result.exit_code == 1 and "nodir" in result.stderr and "no such folder" in result.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == [], result.stderr
    twice = _pavilion("-o", str(tmx), "--review", str(tmx), db=db)
    assert twice.exit_code == 1 and "two outputs" in twice.stderr and not tmx.exists()
    folder = _pavilion("--review", str(tmp_path), db=db)
    assert folder.exit_code != 0 and list(tmp_path.iterdir()) == []


def test_a_sentence_left_untranslated_is_counted_to_check(tmp_path):
    """Trial bug 14: a 1-0 bead (an omission) was neither counted nor flagged ("0 to check")."""
    zh = CORPORA / "press-releases" / "wink-chinese-drama-week.zh.txt"
    dropped = " All of the series come with Russian dubbing or subtitles, and several of them will be shown "
    dropped += "in Russia for the first time."
    text = (CORPORA / "press-releases" / "wink-chinese-drama-week.en.txt").read_text(encoding="utf-8")
    assert dropped in text
    en = tmp_path / "cut.en.txt"
    en.write_text(text.replace(dropped, ""), encoding="utf-8")
    review = tmp_path / "r.tsv"
    result = _align(zh, en, "--review", str(review), db=tmp_path / "none.db")
    assert result.exit_code == 0, result.stderr
    checks = [r for r in review.read_text(encoding="utf-8").splitlines()[1:] if r.split("\t")[4] == "check"]
    assert [r.split("\t")[3] for r in checks] == ["1-0"] and "所有剧集均配有俄语配音或字幕" in checks[0]
    aligned = len(DRAMA_WEEK_ROWS) - 1
    assert f"{aligned} aligned beads" in result.stderr
    assert "1 sentence left untranslated (1-0); 1 to check" in result.stderr
    flagged = [line for line in result.stdout.splitlines() if " 1-0 " in line]
    assert len(flagged) == 1 and "check" in flagged[0]
    data = json.loads(_align(zh, en, "--json", db=tmp_path / "none.db").stdout)
    assert data["summary"] == {
        "aligned": aligned,
        "sure": aligned,
        "untranslated": 1,
        "added": 0,
        "to_check": 1,
    }


def test_a_tab_inside_a_docx_paragraph_is_read_as_a_space(tmp_path):
    """Trial bug 5: the tab of the releases' first line was dropped ("SMG Pictures & WingsMediaPress
    release"), into the TMX, the review file and, with --import, the TM."""
    docs = CORPORA / "press-releases"
    tmx, db = tmp_path / "a.tmx", tmp_path / "a.db"
    result = _align(
        docs / "wcm-2026-pavilion.zh.docx",
        docs / "wcm-2026-pavilion.en.docx",
        "-o",
        str(tmx),
        "--import",
        db=db,
    )
    assert result.exit_code == 0, result.stderr
    written = tmx.read_text(encoding="utf-8")
    assert "<seg>SMG Pictures &amp; WingsMedia Press release</seg>" in written
    assert "<seg>尚世影业、五岸传播 新闻稿</seg>" in written and "WingsMediaPress" not in written
    lookup = _run(
        "lookup", "SMG Pictures & WingsMedia Press release", "--src", "en", "--tgt", "zh", "--json", db=db
    )
    assert "尚世影业、五岸传播 新闻稿" in lookup.stdout, lookup.stdout


def test_the_tms_units_teach_the_next_alignment(tmp_path):
    """The report's units in the TM: its zh-en length ratio and word pairs are learned (the signature says so)."""
    result = _pavilion(
        "--json",
        "--no-dictionary",
        "--tm",
        str(REPORT / "report.tmx"),
    )
    assert result.exit_code == 0, result.stderr
    signature = json.loads(result.stdout)["pairs"][0]["signature"]
    assert f"(tm:{len(REPORT_ROWS)})" in signature and "tm-pairs:" in signature and "cedict" not in signature


def _html(tmp_path: Path) -> Path:
    page = tmp_path / "align.html"
    src, tgt = tmp_path / "r.zh.txt", tmp_path / "r.en.txt"
    shutil.copy(PAVILION_ZH, src)
    # the English loses a sentence and gains one the Chinese does not have: beads to check
    text = PAVILION_EN.read_text(encoding="utf-8").replace(
        "In his welcome address,", "Admission was free. In his welcome address,"
    )
    tgt.write_text(text, encoding="utf-8")
    result = _align(
        src,
        tgt,
        "--html",
        str(page),
        db=tmp_path / "none.db",
    )
    assert result.exit_code == 0, result.stderr
    return page


def _added_row(html: str) -> str:
    """The class of the row that holds the sentence only the English has."""
    row = next(r for r in re.findall(r'<tr class="\w+">.*?</tr>', html, re.S) if "Admission was free." in r)
    return re.match(r'<tr class="(\w+)"', row).group(1)


def test_html_page_is_self_contained(tmp_path):
    page = _html(tmp_path).read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=|@import|url\(|https?://""", page)
    # the added sentence alone, or in a bead with its neighbour
    assert page.count('<tr class="') in (len(PAVILION_ROWS), len(PAVILION_ROWS) + 1)
    assert _added_row(page) in ("low", "lone")


def test_html_page_renders_in_headless_chromium(tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it")
    page = _html(tmp_path)
    dom = chromium_dom(browser, page, tmp_path)
    table = re.search(r'<table id="pair-1">(.*?)</table>', dom, re.S)
    assert table, dom[:500]
    rows = re.findall(r'<tr class="(\w+)">', table.group(1))
    assert len(rows) in (len(PAVILION_ROWS), len(PAVILION_ROWS) + 1)
    assert rows.count("ok") >= len(PAVILION_ROWS) - 2
    assert _added_row(table.group(1)) in ("low", "lone")  # the added sentence is flagged or shown apart
    data = chromium_screenshot(browser, page, tmp_path)
    assert data.startswith(b"\x89PNG") and len(data) > 5000


def test_html_and_markdown_documents_align_by_their_blocks(tmp_path):
    """Paragraphs come from each format's blocks: an HTML page against a Markdown file."""
    from html import escape

    zh = [line for line in PAVILION_ZH.read_text(encoding="utf-8").splitlines() if line.strip()]
    en = [line for line in PAVILION_EN.read_text(encoding="utf-8").splitlines() if line.strip()]
    page = tmp_path / "release.zh.html"
    body = "".join(f"<p>{escape(p)}</p>\n" for p in zh[1:])
    head = '<head><meta charset="utf-8"></head>'
    page.write_text(f"<html>{head}<body><h1>{escape(zh[0])}</h1>\n{body}</body></html>\n", encoding="utf-8")
    md = tmp_path / "release.en.md"
    md.write_text(f"# {en[0]}\n\n" + "\n\n".join(en[1:]) + "\n", encoding="utf-8")
    result = _run(
        "align", str(page), str(md), "--src", "zh", "--tgt", "en", "--json", db=tmp_path / "none.db"
    )
    assert result.exit_code == 0, result.stderr
    beads = json.loads(result.stdout)["pairs"][0]["beads"]
    assert len(beads) == len(PAVILION_ROWS) and all(
        b["bead"] == "1-1" and b["confidence"] >= 0.9 for b in beads
    )
    assert beads[0]["source"] == zh[0] and beads[0]["target"] == en[0]


def test_the_termbase_file_or_the_tms_own_feeds_the_alignment(tmp_path):
    """--termbase FILE, else the termbase imported into the TM (tm terms import): its concepts are part
    of the model (the signature names them); without either, none."""
    tbx = CORPORA / "terms" / "wcm.tbx"
    db = tmp_path / "tm.db"

    def signature(*args: str) -> str:
        result = _pavilion("--json", "--no-dictionary", *args, db=db)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)["pairs"][0]["signature"]

    assert "terms:" not in signature()
    assert "terms:32" in signature("--termbase", str(tbx))  # the 32 concepts have zh and en terms
    assert _run("terms", "import", str(tbx), db=db).exit_code == 0
    assert "terms:32" in signature()


def test_a_reviewed_alignment_teaches_the_next_one(tmp_path):
    """Reviewed alignments flow back and make the next alignment better: the pavilion release with an
    English sentence added (a gold case) is aligned wrongly from an empty TM (the added sentence joined to
    its neighbour, a 1-2); once the report and the drama-week release are aligned, their review files
    imported with --reviewed, the TM's lengths and word pairs give the gold alignment."""
    from align_gold import cases, gold_beads  # the gold cases (tests/data/align)

    case = next(c for c in cases("zh", "en") if c["name"] == "wcm-2026-pavilion/added-sentence")
    (tmp_path / "case.zh.txt").write_text(
        "\n\n".join("".join(p) for p in case["src"]) + "\n", encoding="utf-8"
    )
    (tmp_path / "case.en.txt").write_text(
        "\n\n".join(" ".join(p) for p in case["tgt"]) + "\n", encoding="utf-8"
    )
    gold = {(tuple(s), tuple(t)) for s, t in gold_beads(case) if s and t}

    def wrong(db: Path) -> set:
        result = _align(
            tmp_path / "case.zh.txt", tmp_path / "case.en.txt", "--json", "--no-dictionary", db=db
        )
        assert result.exit_code == 0, result.stderr
        beads = json.loads(result.stdout)["pairs"][0]["beads"]
        assert max(i for b in beads for i in b["src"]) + 1 == sum(map(len, case["src"]))  # same sentences
        return {(tuple(b["src"]), tuple(b["tgt"])) for b in beads if b["src"] and b["tgt"]} - gold

    tm = tmp_path / "tm.db"
    assert wrong(tm) != set()  # no TM: a wrong bead
    for zh, en in (
        (REPORT / "report.zh.txt", REPORT / "report.en.txt"),
        (
            CORPORA / "press-releases" / "wink-chinese-drama-week.zh.txt",
            CORPORA / "press-releases" / "wink-chinese-drama-week.en.txt",
        ),
    ):
        review = tmp_path / f"{zh.stem}.tsv"
        assert (
            _align(zh, en, "--review", str(review), "--no-dictionary", db=tmp_path / "none.db").exit_code == 0
        )
        imported = _run("align", "--reviewed", str(review), "--src", "zh", "--tgt", "en", db=tm)
        assert imported.exit_code == 0 and "(confirmed)" in imported.stderr, imported.stderr
    assert wrong(tm) == set()  # the reviewed units taught it
