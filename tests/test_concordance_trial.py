"""Concordance and lookup answers from the new-user trial: unconfirmed units marked (bug 9), a unit listed
once when two of its languages hold the term, "No match" and "No unit contains" as messages on stderr, an
empty lookup text a usage error as for concordance."""

from __future__ import annotations

import json

from helpers import run, run_json

PO = """msgid ""
msgstr ""
"Language: ru\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "周慧表示，合作顺利。"
msgstr "Чжоу Хуэй отметила, что сотрудничество идёт успешно."

#, fuzzy
msgid "周慧是国际发行总监。"
msgstr "Чжоу Хуэй — директор по международной дистрибуции."
"""


def _tm(tmp_path):
    po = tmp_path / "review.ru.po"
    po.write_text(PO, encoding="utf-8")
    db = tmp_path / "tm.db"
    assert run(db, "import", str(po), "--src", "zh", "--include-fuzzy").exit_code == 0
    return db


def test_concordance_marks_unconfirmed_units(tmp_path):
    db = _tm(tmp_path)
    hits = run_json(db, "concordance", "周慧", "--tgt", "ru")["hits"]
    status = {h["source"]: h["status"] for h in hits}
    assert status == {"周慧表示，合作顺利。": "confirmed", "周慧是国际发行总监。": "fuzzy"}
    text = run(db, "concordance", "周慧", "--tgt", "ru").stdout
    blocks = text.split("\n[周慧]")
    assert len(blocks) == 2
    (fuzzy,) = [b for b in blocks if "国际发行总监" in b]
    (confirmed,) = [b for b in blocks if "合作顺利" in b]
    assert "unconfirmed" in fuzzy and "unconfirmed" not in confirmed


def test_concordance_without_lang_lists_a_unit_once(tmp_path):
    tmx = tmp_path / "names.tmx"
    tmx.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body>'
        '<tu><tuv xml:lang="en"><seg>Wink grows.</seg></tuv><tuv xml:lang="ru"><seg>Wink растёт.</seg></tuv></tu>'
        '<tu><tuv xml:lang="en"><seg>Wink is here.</seg></tuv><tuv xml:lang="ru"><seg>Он здесь.</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    db = tmp_path / "tm.db"
    assert run(db, "import", str(tmx)).exit_code == 0
    hits = run_json(db, "concordance", "Wink")["hits"]
    assert sorted(h["source"] for h in hits) == ["Wink grows.", "Wink is here."]
    assert len({h["unit_id"] for h in hits}) == 2


def test_no_match_is_a_message_on_stderr(tmp_path):
    db = _tm(tmp_path)
    result = run(db, "lookup", "完全不同的句子内容", "--src", "zh", "--tgt", "ru")
    assert result.exit_code == 0 and result.stdout == "" and "No match" in result.stderr
    result = run(db, "concordance", "不存在", "--lang", "zh")
    assert result.exit_code == 0 and result.stdout == "" and "No unit contains" in result.stderr
    # JSON keeps its answer on stdout
    answer = json.loads(
        run(db, "lookup", "完全不同的句子内容", "--src", "zh", "--tgt", "ru", "--json").stdout
    )
    assert answer["matches"] == []


def test_an_empty_lookup_text_is_a_usage_error(tmp_path):
    db = _tm(tmp_path)
    for text in ("", "   "):
        result = run(db, "lookup", text, "--src", "zh", "--tgt", "ru")
        assert result.exit_code == 2 and "the lookup text is empty" in result.stderr
    assert run(db, "concordance", "").exit_code == 2
