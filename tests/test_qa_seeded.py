"""Seeded errors: copies of the report's translations (zh->en and zh->ru, one segment per line) with one
error of one check put into each of at least five segments; every one must be found, with that check's id,
and no error-severity finding may appear on a segment left alone.

``dash-space`` is a Russian rule: it is seeded in zh->ru only (five segments lose the no-break space before
their dash).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tm.formats.tbx import read_tbx
from tm.model import Concept, Term
from tm.qa import QaSettings, run_qa
from tm.terms.repo import MemoryTermbase
from tm.text.numbers import MONTHS_RU
from tm.tmfiles import open_tm

Row = tuple[str, str]  # (zh, target)


def _rows(corpora, lang: str) -> list[Row]:
    lines = (corpora / "wcm-2025" / "segments.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [(cells[2], cells[header.index(lang)]) for cells in (line.split("\t") for line in lines[1:])]


def _replace(old: str, new: str) -> Callable[[Row], Row | None]:
    def seed(row: Row) -> Row | None:
        zh, tgt = row
        return (zh, tgt.replace(old, new, 1)) if old in tgt else None

    return seed


def _sub(pattern: str, repl) -> Callable[[Row], Row | None]:
    def seed(row: Row) -> Row | None:
        zh, tgt = row
        new = re.sub(pattern, repl, tgt, count=1)
        return (zh, new) if new != tgt else None

    return seed


def _unqualified(seed: Callable[[Row], Row | None]) -> Callable[[Row], Row | None]:
    """``seed`` on rows whose Chinese has no "more than", "nearly", "about" (多, 余, 逾, 超, 近, 约)."""

    def guarded(row: Row) -> Row | None:
        return None if re.search("[多余逾超近约]", row[0]) else seed(row)

    return guarded


# one seed per kind of error: a function of a row giving the row with the error, or None where it cannot
SEEDS: dict[str, list[Callable[[Row], Row | None]]] = {
    "numbers": [_sub(r"\d", lambda m: str((int(m.group()) + 1) % 10))],
    "number-qualifiers": {  # "more than" dropped, or "about" added
        "en": [
            _sub(r"\b(?:over|more than) (?=\d)", ""),
            _unqualified(_sub(r"(?<![\w.,-])(\d{2,})(?=[ .])", r"about \1")),
        ],
        "ru": [
            _sub(r"(?:более(?: чем)?|свыше) (?=\d)", ""),
            _unqualified(
                _sub(rf"(?<![\w.,-])(\d{{2,}})(?=[ .])(?! (?:{'|'.join(MONTHS_RU['gen'])}))", r"около \1")
            ),
        ],
    },
    "codes": [lambda r: (f"<b>{r[0]}</b>", f"<b>{r[1]}")],
    "codes-order": [lambda r: ("<br/>" + r[0] + "<hr/>", "<hr/>" + r[1] + "<br/>")],
    "untranslated": [lambda r: (r[0], r[0]), lambda r: (r[0], ""), lambda r: (r[0], r[1] + " 中国")],
    "urls": [lambda r: (r[0] + "（详见 https://wink.ru/china-week）", r[1] + " (see https://wink.ru)")],
    "names": [lambda r: (r[0] + "（KION）", r[1])],
    "punctuation": [_sub(r", ", "，"), _sub(r"\.$", "。")],
    "quotes": {
        "en": [
            lambda r: (
                (r[0], re.sub(r"\b([A-Za-z]{4,})\b", r'"\1"', r[1], count=1))
                if re.search("[“”]", r[1])
                else None
            )
        ],
        "ru": [_sub("«(.*?)»", r"“\1”")],
    },
    "spacing": [_sub(r" ", "  "), _sub(r",", " ,")],
    "dash-space": [_sub("\u00a0—", " —")],
    "end-punctuation": [_sub(r"\.(?=[”»]?$)", "")],
    "repeated-word": [_sub(r"\b([^\W\d_]{3,}) ", r"\1 \1 ")],
    "consistency-tm": [_sub(r"(\w+)$|(\w+)(?=\W+$)", lambda m: (m.group(1) or m.group(2)) + "s")],
    "length": [lambda r: (r[0], " ".join(r[1].split()[:2])) if len(r[0]) >= 30 else None],
}
TERM_SEEDS = {  # (check, language): replacements in the target that make the error
    ("term-forbidden", "en"): [("Kosarim", "Kossarim"), ("China Pavilion", "Chinese Pavilion"), ("Li Yang", "Li Young")],
    ("term-forbidden", "ru"): [("Косарим", "Коссарим"), ("Ли Ян", "Ли Янг"), ("«Медиа Телеком»", "«Медиа-Телеком»")],
    ("term-deprecated", "en"): [("Wink Group", "Wink Holding"), ("China Pavilion", "China Stand"),
                                ("Rostelecom", "Rostelekom"), ("Media-Telecom", "MediaTelecom")],
    ("term-deprecated", "ru"): [("группы Wink", "холдинга Wink"), ("Китайского павильона", "Китайского стенда"),
                                ("«Ростелекома»", "«РТК»"), ("«Медиа Телеком»", "«МедиаТелеком»")],
    ("terminology", "en"): [("Alexander Kosarim", "Alexander Kasarim"), ("Konstantin Vladimirov", "Konstantin Vladimirow"),
                            ("Rostelecom", "Rostel"), ("China-Russia", "Sino-Russian"), ("China Pavilion", "Pavilion")],
    ("terminology", "ru"): [("Александр Косарим", "Александр Косорим"), ("Константин Владимиров", "Константин Влодимиров"),
                            ("«Ростелекома»", "«Ростела»"), ("Китайского павильона", "китайской экспозиции"),
                            ("российско-китайского", "двустороннего")],
}  # fmt: skip
# test-only deprecated variants (the corpora's termbase holds only what the press really writes)
DEPRECATED = [
    ("wink-group", "en", "Wink Holding"),
    ("china-pavilion", "en", "China Stand"),
    ("rostelecom", "en", "Rostelekom"),
    ("media-telecom", "en", "MediaTelecom"),
    ("wink-group", "ru", "холдинг Wink"),
    ("china-pavilion", "ru", "Китайский стенд"),
    ("rostelecom", "ru", "РТК"),
    ("media-telecom", "ru", "МедиаТелеком"),
]


@pytest.fixture(scope="module")
def termbase(corpora):
    concepts = []
    for c in read_tbx(corpora / "terms" / "wcm.tbx").concepts:
        extra = tuple(Term(text, lang, "deprecated") for cid, lang, text in DEPRECATED if cid == c.id)
        concepts.append(Concept(c.terms + extra, c.id, c.subject, c.notes))
    return MemoryTermbase(concepts)


def _seeded(rows: list[Row], check: str, lang: str, want: int = 5) -> tuple[list[Row], dict[int, str]]:
    """A copy of ``rows`` with ``want`` segments holding an error of ``check``; returns the copy and the
    seeded line numbers (1-based)."""
    rows = list(rows)
    seeded: dict[int, str] = {}
    if (check, lang) in TERM_SEEDS:
        seeds = [_replace(old, new) for old, new in TERM_SEEDS[(check, lang)]]
    elif check == "consistency":
        for n in (3, 7, 16, 23, 32):  # the same source again, translated otherwise
            zh, tgt = rows[n - 1]
            rows.append((zh, tgt.split(" ", 1)[1] if " " in tgt else tgt + "!"))
            seeded[len(rows)] = check
        return rows, seeded
    elif check == "consistency-target":
        for a, b in ((4, 5), (9, 10), (13, 14), (17, 18), (25, 26)):
            rows[b - 1] = (rows[b - 1][0], rows[a - 1][1])
            seeded[b] = check
        return rows, seeded
    else:
        seeds = SEEDS[check][lang] if isinstance(SEEDS[check], dict) else SEEDS[check]
    k = 0
    for n, row in enumerate(rows, start=1):
        if len(seeded) == want:
            break
        if n in (1, 2, 31):  # credit lines and the heading: kept for checks that need a sentence
            continue
        for j in range(len(seeds)):  # the seeds in turn; a row takes the first that fits it
            new = seeds[(k + j) % len(seeds)](row)
            if new is not None:
                rows[n - 1] = new
                seeded[n] = check
                k += j + 1
                break
    return rows, seeded


CHECKS = [
    "numbers", "number-qualifiers", "codes", "codes-order", "untranslated", "urls", "names", "term-forbidden", "term-deprecated",
    "terminology", "punctuation", "quotes", "spacing", "dash-space", "end-punctuation", "repeated-word",
    "consistency", "consistency-target", "consistency-tm", "length",
]  # fmt: skip
CASES = [
    (check, lang) for check in CHECKS for lang in ("en", "ru") if not (check == "dash-space" and lang == "en")
]


@pytest.mark.parametrize(("check", "lang"), CASES, ids=[f"{c}-{lang}" for c, lang in CASES])
def test_every_seeded_error_is_found_with_its_check(check, lang, corpora, termbase, tmp_path):
    from tm.qa.checks import CHECKS as ALL

    assert {c.id for c in ALL} == set(CHECKS)  # every check is seeded
    rows, seeded = _seeded(_rows(corpora, lang), check, lang)
    assert len(seeded) >= 5, f"only {len(seeded)} segments could take a {check} error"
    zh, tgt = tmp_path / "draft.zh.txt", tmp_path / f"draft.{lang}.txt"
    zh.write_text("".join(r[0] + "\n" for r in rows), encoding="utf-8")
    tgt.write_text("".join(r[1] + "\n" for r in rows), encoding="utf-8")
    with open_tm(None, [corpora / "wcm-2025" / "report.tmx"]) as store:
        report = run_qa([zh, tgt], QaSettings("zh", lang, termbase=termbase, store=store))
    found = {(int(f.segment), f.check) for f in report.findings}
    missed = [(n, c) for n, c in seeded.items() if (n, c) not in found]
    assert not missed, missed
    errors_elsewhere = [f for f in report.findings if f.severity == "error" and int(f.segment) not in seeded]
    assert not errors_elsewhere, errors_elsewhere
