"""The same texts from a multilingual TMX and bilingual PO files are one unit (trial bug 7), on each
backend: a bilingual unit merges into the held unit of three to six languages that holds its two texts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import run, run_json

from tm.model import Header, Unit, Variant
from tm.store import codec, open_store
from tm.store.sqlite.schema import MIGRATIONS, _unit_pairs

ROOT = Path(__file__).resolve().parent.parent
WCM = ROOT / "corpora" / "wcm-2025"

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN"/><body>
{tus}
</body></tmx>
"""
PO = """msgid ""
msgstr ""
"Language: {lang}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

{entries}
"""


def _tu(**texts: str) -> str:
    tuvs = "".join(
        f'<tuv xml:lang="{lang.replace("_", "-")}"><seg>{t}</seg></tuv>' for lang, t in texts.items()
    )
    return f"<tu>{tuvs}</tu>"


def _po(path: Path, lang: str, pairs: list[tuple[str, str]]) -> Path:
    entries = "\n".join(f'msgid "{a}"\nmsgstr "{b}"\n' for a, b in pairs)
    path.write_text(PO.format(lang=lang, entries=entries), encoding="utf-8")
    return path


def test_report_from_tmx_and_po_is_34_units(store_url):
    """The trial's command: report.tmx (zh, en, ru) and the two PO files made from it give 34 units, each
    found in the three files; lookups show each suggestion once; the PO export warns of nothing."""
    files = [WCM / "report.tmx", WCM / "report.zh-en.po", WCM / "report.zh-ru.po"]
    report = run_json(store_url, "import", *map(str, files))["files"]
    assert [(f["added"], f["merged"]) for f in report] == [(34, 0), (0, 34), (0, 34)]
    assert run_json(store_url, "stats")["units"] == 34
    with open_store(store_url) as store:
        for unit in store.units():
            names = [name for name, _ in store.origins(unit.id)]
            assert names == ["report.tmx", "report.zh-en.po", "report.zh-ru.po"], unit.id
    first = (WCM / "report.zh.txt").read_text(encoding="utf-8").splitlines()[0]
    matches = run_json(store_url, "lookup", first, "--src", "zh", "--tgt", "en", "--limit", "3")["matches"]
    targets = [m["target"] for m in matches]
    assert len(targets) == len(set(targets)) and matches[0]["score"] == 100


def test_export_warns_of_no_second_translation(tmp_path, store_url):
    files = [WCM / "report.tmx", WCM / "report.zh-en.po"]
    assert run(store_url, "import", *map(str, files)).exit_code == 0
    result = run(store_url, "export", str(tmp_path / "x.po"), "--src", "zh", "--tgt", "en")
    assert result.exit_code == 0 and "second translation" not in result.stderr


def test_only_the_same_pair_merges(tmp_path, store_url):
    """A PO entry with another translation, or with one text the unit lacks, stays a unit of its own; a
    bilingual unit held as it is is merged into first; a context keeps units apart."""
    tmx = tmp_path / "three.tmx"
    tmx.write_text(
        TMX.format(tus=_tu(zh_CN="你好。", en="Hello.", ru="Привет.") + _tu(zh_CN="再见。", en="Bye.")),
        encoding="utf-8",
    )
    assert run(store_url, "import", str(tmx)).exit_code == 0
    po = _po(
        tmp_path / "en-ru.po",
        "ru",
        [("Hello.", "Привет."), ("Hello.", "Здравствуйте."), ("Bye.", "Пока.")],
    )
    other = _po(tmp_path / "zh-en.po", "en", [("再见。", "Bye.")])
    report = run_json(store_url, "import", str(po), "--src", "en")["files"]
    report += run_json(store_url, "import", str(other), "--src", "zh-CN")["files"]
    assert [(f["added"], f["merged"]) for f in report] == [(2, 1), (0, 1)]
    with open_store(store_url) as store:
        units = {tuple(sorted((v.lang, v.text) for v in u.variants)) for u in store.units()}
    assert units == {
        (("en", "Hello."), ("ru", "Привет."), ("zh-CN", "你好。")),
        (("en", "Hello."), ("ru", "Здравствуйте.")),
        (("en", "Bye."), ("ru", "Пока.")),
        (("en", "Bye."), ("zh-CN", "再见。")),
    }


def test_pair_keys_are_the_keys_of_the_units_held():
    """A reference: the pair keys of a unit are the unit keys of the two-variant units it holds."""
    variants = (Variant("zh-CN", "你好。"), Variant("en", "Hello."), Variant("ru", "Привет."))
    unit = Unit(variants, context="menu")
    expected = {
        codec.unit_key(Unit((a, b), context="menu"))
        for i, a in enumerate(variants)
        for b in variants[i + 1 :]
    }
    assert set(codec.pair_keys(unit)) == expected and len(codec.pair_keys(unit)) == 3
    assert codec.pair_keys(Unit(variants[:2])) == ()
    # two variants of one language are never a pair
    assert len(codec.pair_keys(Unit((*variants, Variant("en", "Hi."))))) == 5


def test_a_tm_made_before_pairs_gets_them(tmp_path):
    """The migration fills the pairs of the units an older tm stored."""
    db = tmp_path / "old.db"
    assert run(db, "import", str(WCM / "report.tmx")).exit_code == 0
    con = sqlite3.connect(db)
    con.execute("DROP TABLE unit_pairs")
    con.execute(f"PRAGMA user_version = {MIGRATIONS.index(_unit_pairs)}")
    con.commit()
    con.close()
    report = run_json(db, "import", str(WCM / "report.zh-ru.po"))["files"][0]
    assert (report["added"], report["merged"]) == (0, 34)


def test_staged_batches_merge_into_pairs(tmp_path, postgres):
    """PostgreSQL: a batch staged (its import found the writer lock taken) merges as one written
    directly."""
    name = postgres.new_database()
    try:
        url = postgres.url(name)
        assert run(url, "import", str(WCM / "report.tmx")).exit_code == 0
        with open_store(url) as store, store.transaction():
            writer = store.writer(store.add_origin(str(tmp_path / "x.po"), "po", Header()))
            zh, en = Variant("zh-CN", "你好。"), Variant("en", "Hello.")
            held = next(iter(store.units()))
            writer.add(Unit(held.variants[:2]), 0)
            writer.add(Unit((zh, en)), 1)
            writer._stage()
            writer.flush()
            assert (writer.added, writer.merged) == (1, 1)
        assert run_json(url, "stats")["units"] == 35
    finally:
        postgres.drop_database(name)
