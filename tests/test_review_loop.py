"""The translator's loop never duplicates and never corrupts (issue 10, item 5).

pretranslate -> review (every target marked translated) -> import -> pretranslate the same document:
100 or 101 everywhere. Run from a text file (drafts in XLIFF and PO), an HTML page with inline markup
(draft in XLIFF), an XLIFF 1.2 file and a PO file (drafts in their own format), each with ``--src zh`` and
``--src zh-CN`` against the 2025 report, whose Chinese is zh-CN. The reviewer keeps most fills, edits an
exact one (its unit is updated, the old target kept in the unit's history) and a fuzzy one, accepts the
fill whose date was carried (4月10日 -> 4月11日: a new unit; the 4月10日 unit stays as it was), and
translates what had no match. Importing the same reviewed file again adds nothing.

On main before this change: the draft declared ``zh`` (not the TM's ``zh-CN``), so every reviewed
segment came back as a unit of its own beside the TM's, and lookups showed the 100% matches twice; a
reviewer's edit of an exact fill was a second unit; a target identical to its source was skipped.
"""

from __future__ import annotations

import copy
import shutil
import sqlite3
from pathlib import Path

import polib
import pytest
from helpers import run, run_json
from lxml import etree

from tm.bands import TM_NS
from tm.formats.documents import open_document
from tm.formats.documents.po import parse_tm_comment
from tm.formats.documents.xliff import NS12
from tm.match import Matcher
from tm.store import Store, open_store

RELEASE = "press-releases/wcm-2026-pavilion.zh.txt"
ADAPTED = "4月11日，莫斯科世界内容市场进入第三天"  # filled from the TM's 4月10日 unit, the date carried
TM_ADAPTED_SOURCE = "4月10日，莫斯科世界内容市场进入第三天"
EDITED_EXACT = "Wink集团内容总监、Media-Telecom公司首席执行官亚历山大·科萨里姆亲自迎接中国联合展台代表团。"
NEW_TARGET = "Alexander Kosarim, Wink Group's Content Director and CEO of Media-Telecom, met the China Pavilion delegation in person."
KEEP_AS_IS = "WCM 2026"  # a last line the reviewer keeps as it is written: target = source


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, corpora: Path) -> Path:
    """A TM holding the 2025 report, imported once (each test works on a copy)."""
    db = tmp_path_factory.mktemp("loop") / "template.db"
    assert run(db, "import", str(corpora / "wcm-2025" / "report.tmx")).exit_code == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return db


def _paragraphs(corpora: Path) -> list[str]:
    text = (corpora / RELEASE).read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip()] + [KEEP_AS_IS]


def _document(kind: str, folder: Path, corpora: Path) -> Path:
    """The release as a document of ``kind``: txt, html (one sentence with <b>Wink</b>), XLIFF 1.2 or PO
    (one segment per sentence, languages declared as zh and en)."""
    text = folder / "release.zh.txt"
    text.write_text("\n\n".join(_paragraphs(corpora)) + "\n", encoding="utf-8")
    if kind == "txt":
        return text
    if kind == "html":
        paragraphs = [p.replace("应Wink的", "应<b>Wink</b>的") for p in _paragraphs(corpora)]
        path = folder / "release.zh.html"
        body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
        head = '<head><meta charset="utf-8"><title>WCM</title></head>'
        path.write_text(
            f'<!DOCTYPE html>\n<html lang="zh">{head}<body>\n{body}\n</body></html>\n', encoding="utf-8"
        )
        return path
    sentences = [s.source for s in open_document(text, "zh").segments]
    if kind == "xliff":
        path = folder / "release.zh.xlf"
        units = "\n".join(
            f'<trans-unit id="s{n}"><source>{s}</source></trans-unit>' for n, s in enumerate(sentences, 1)
        )
        path.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            '<file original="release.txt" source-language="zh" target-language="en" datatype="plaintext">'
            f"<body>\n{units}\n</body></file></xliff>\n",
            encoding="utf-8",
        )
        return path
    path = folder / "release.zh.po"
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en", "X-Source-Language": "zh"}
    for sentence in dict.fromkeys(sentences):
        po.append(polib.POEntry(msgid=sentence, msgstr=""))
    po.save(str(path))
    return path


def _translation(source: str) -> str:
    if source == KEEP_AS_IS:
        return source  # a confirmed "keep as is"
    return f"Reviewed: {source}"


def _review_xliff(draft: Path) -> None:
    """The reviewer's pass over an XLIFF 1.2 draft: every target confirmed (state translated), the
    exact fill of EDITED_EXACT rewritten, untranslated segments translated (inline codes copied)."""
    tree = etree.parse(str(draft))
    for unit in tree.getroot().iter(f"{{{NS12}}}trans-unit"):
        source = unit.find(f"{{{NS12}}}source")
        plain = (source.text or "") + "".join(child.tail or "" for child in source)
        target = unit.find(f"{{{NS12}}}target")
        rewrite = None
        if target is None:
            target = etree.Element(f"{{{NS12}}}target")
            source.addnext(target)
            rewrite = _translation(plain)
        elif plain == EDITED_EXACT:
            rewrite = NEW_TARGET
        if rewrite is not None:
            for child in list(target):
                target.remove(child)
            target.text = rewrite
            for child in source:  # the source's codes, after the text
                code = copy.deepcopy(child)
                code.tail = None
                target.append(code)
        target.set("state", "translated")
    tree.write(str(draft), xml_declaration=True, encoding="UTF-8")


def _review_po(draft: Path) -> None:
    po = polib.pofile(str(draft), wrapwidth=0)
    for entry in po:
        if not entry.msgstr:
            entry.msgstr = _translation(entry.msgid)
        elif entry.msgid == EDITED_EXACT:
            entry.msgstr = NEW_TARGET
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
    po.save(str(draft))


def _draft_scores(draft: Path) -> list[int | None]:
    """The score of each segment of a draft (None: not filled)."""
    if draft.suffix == ".po":
        return [
            int(f["score"]) if (f := parse_tm_comment(e.tcomment)) else None for e in polib.pofile(str(draft))
        ]
    units = etree.parse(str(draft)).getroot().iter(f"{{{NS12}}}trans-unit")
    return [int(u.get(f"{{{TM_NS}}}score")) if u.get(f"{{{TM_NS}}}score") else None for u in units]


def _exact(store: Store, doc: Path) -> dict[str, list]:
    """For each segment of ``doc`` (by its coded query): its matches at 100 and above."""
    matcher = Matcher(store, "zh", "en", min_score=100, limit=10)
    return {s.query: matcher.lookup(s.query) for s in open_document(doc, "zh").segments}


def _unit_of(store: Store, start: str):
    (found,) = [(uid, s, t) for uid, s, t in store.pairs(["zh-CN"], ["en"]) if s.text.startswith(start)]
    return found


def _from_template(template: Path, db: str) -> str:
    """The template TM in ``db``: a copy of the file, or ``tm copy`` into the PostgreSQL database."""
    if "://" in db:
        assert run_json(str(template), "copy", str(template), db)["rows"]["units"]
    else:
        shutil.copy(template, db)
    return db


CASES = [("txt", ".xlf"), ("txt", ".po"), ("html", ".xlf"), ("xliff", ".xlf"), ("po", ".po")]


@pytest.mark.parametrize("src", ["zh", "zh-CN"])
@pytest.mark.parametrize(("kind", "suffix"), CASES, ids=[f"{k}-to-{s[1:]}" for k, s in CASES])
def test_review_loop(
    tmp_path: Path, corpora: Path, template: Path, kind: str, suffix: str, src: str, store_url: str
) -> None:
    db = _from_template(template, store_url)
    doc = _document(kind, tmp_path, corpora)
    draft = tmp_path / f"draft{suffix}"
    first = run_json(db, "pretranslate", str(doc), "--src", src, "--tgt", "en", "-o", str(draft))
    # the draft declares the TM's codes, whatever the request or the document said
    assert first["output"]["languages"] == ["zh-CN", "en"]
    if suffix == ".po":
        header = polib.pofile(str(draft)).metadata
        assert (header["X-Source-Language"], header["Language"]) == ("zh-CN", "en")
    else:
        file_el = etree.parse(str(draft)).getroot().find(f"{{{NS12}}}file")
        assert (file_el.get("source-language"), file_el.get("target-language")) == ("zh-CN", "en")
    with open_store(db) as store:
        before = _exact(store, doc)
        adapted_id, _, adapted_target = _unit_of(store, TM_ADAPTED_SOURCE)
        units_before = store.count()
    assert any(score is not None and score < 100 for score in _draft_scores(draft))
    (_review_po if suffix == ".po" else _review_xliff)(draft)
    # import the reviewed draft: only the segments without an exact match become units
    summary = run_json(db, "import", str(draft))["files"][0]
    new_sources = {query for query, found in before.items() if not found}
    assert (summary["added"], summary["revised"]) == (len(new_sources), 1)
    with open_store(db) as store:
        assert store.count() == units_before + len(new_sources)
        after = _exact(store, doc)
        for query, found in after.items():
            # one unit per reviewed source: never the same 100% twice
            assert len(found) == max(1, len(before[query])), (query, found)
        # the edited exact fill updated its unit; the old target is in the unit's history
        (edited,) = [m for q, found in after.items() if q.startswith(EDITED_EXACT) for m in found]
        assert edited.target == NEW_TARGET
        (old,) = store.history(edited.unit_id)
        assert old.text.startswith("Alexander Kosarim, Content Director of Wink Group") and old.lang == "en"
        # the unit the date was carried from is as it was; the reviewed 4月11日 sentence is a unit of its own
        uid, source, target = _unit_of(store, TM_ADAPTED_SOURCE)
        assert (uid, target.text, store.history(uid)) == (adapted_id, adapted_target.text, [])
        (carried,) = [m for q, found in after.items() if q.startswith(ADAPTED) for m in found]
        assert carried.unit_id != adapted_id and "11th April" in carried.target
        # a target identical to its source is kept: a 100% match like any other
        (kept,) = [m for q, found in after.items() if q == KEEP_AS_IS for m in found]
        assert kept.target == KEEP_AS_IS
        # the draft's own marks (tm: score ... unit=..., tm-target:, the TM's source as #| msgid) are not
        # stored as the units' notes
        notes = [n.text for unit in store.units() for n in unit.notes]
        assert not [line for text in notes for line in text.splitlines() if line.startswith("tm")]
        stats = store.stats()
    # the same reviewed file again: nothing added, nothing revised
    again = run_json(db, "import", str(draft))["files"][0]
    assert (again["added"], again["revised"]) == (0, 0)
    with open_store(db) as store:
        assert store.stats() == stats
    # the same document pre-translated again: 100 or 101 everywhere
    second = tmp_path / f"again{suffix}"
    run_json(db, "pretranslate", str(doc), "--src", src, "--tgt", "en", "-o", str(second))
    scores = _draft_scores(second)
    assert scores and all(score is not None and score >= 100 for score in scores), scores


def test_indexed_lookups_after_a_revision_are_the_oracles(
    tmp_path: Path, corpora: Path, template: Path, store_url: str
) -> None:
    """A revision removes the unit and adds it again under a new id: the index (built before, caught up
    after) answers exactly what scoring every unit answers, in both directions (the English index held
    the old target)."""
    from tm.match import OracleMatcher

    db = _from_template(template, store_url)
    doc = _document("txt", tmp_path, corpora)
    draft = tmp_path / "draft.xlf"
    run_json(db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(draft))
    with open_store(db) as store:  # build both indexes before the revision
        Matcher(store, "en", "zh").prepare()
        Matcher(store, "zh", "en").prepare()
    _review_xliff(draft)
    assert run_json(db, "import", str(draft))["files"][0]["revised"] == 1
    old_target = "Alexander Kosarim, Content Director of Wink Group and CEO of Media-Telecom, personally welcomed the China Pavilion delegation."
    with open_store(db) as store:
        queries = {
            ("zh", "en"): [s.query for s in open_document(doc, "zh").segments],
            ("en", "zh"): [NEW_TARGET, old_target, "The China Pavilion delegation was welcomed."],
        }
        for (src, tgt), texts in queries.items():
            indexed = Matcher(store, src, tgt, min_score=50, limit=5)
            oracle = OracleMatcher.from_store(store, src, tgt)
            for text in texts:
                got = [(m.unit_id, m.score, m.target) for m in indexed.lookup(text)]
                assert got == [(m.unit_id, m.score, m.target) for m in oracle.lookup(text, min_score=50)], (
                    text
                )
        assert Matcher(store, "en", "zh", min_score=100).lookup(NEW_TARGET)


def test_revision_onto_a_pair_the_tm_holds_makes_one_unit(tmp_path: Path, store_url: str) -> None:
    """The reviewer replaces a fill's target with the other translation the TM already holds for the same
    source: the two units become that one, which keeps the replaced target in its history and the
    revised unit's places; nothing is counted twice."""
    from tm.model import Header, Unit, Variant
    from tm.store import codec

    store = open_store(store_url)
    with store.transaction():
        writer = store.writer(store.add_origin(str(tmp_path / "memory.tmx"), "tmx", Header()))
        writer.add(Unit((Variant("zh-CN", "同一句。"), Variant("en", "Same."))), 1)
        writer.add(Unit((Variant("zh-CN", "同一句。"), Variant("en", "Alike."))), 2)
        writer.flush()
    (first, second) = list(store.units())
    version = codec.pair_version(second.variants[0], second.variants[1])
    reviewed = Unit((Variant("zh-CN", "同一句。"), Variant("en", "Same.")), filled_from=(second.id, version))
    with store.transaction():
        writer = store.writer(store.add_origin(str(tmp_path / "draft.po"), "po", Header()))
        writer.add(reviewed, 1)
        writer.flush()
    assert (writer.added, writer.merged, writer.revised) == (0, 0, 1)
    (kept,) = list(store.units())
    assert (kept.id, kept.variants[1].text) == (first.id, "Same.")
    (old,) = store.history(first.id)
    assert (old.former_id, old.text) == (second.id, "Alike.")
    assert [name for name, _ in store.origins(first.id)] == ["memory.tmx", "memory.tmx", "draft.po"]
    store.close()
