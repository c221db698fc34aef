"""Segmenting each text of corpora/ gives exactly that corpus's aligned segments, in all languages."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tm.text.segment import split


def _table(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _paragraphs(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _expected(rows: list[dict[str, str]], lang: str) -> list[list[str]]:
    paragraphs: dict[int, list[str]] = {}
    for row in rows:
        paragraphs.setdefault(int(row["para"]), []).append(row[lang])
    return [paragraphs[k] for k in sorted(paragraphs)]


CASES = [("wcm-2025/segments.tsv", "wcm-2025/report.{}.txt", lang) for lang in ("zh", "en", "ru")] + [
    (f"press-releases/{name}.tsv", f"press-releases/{name}.{{}}.txt", lang)
    for name in ("wcm-2026-pavilion", "wink-chinese-drama-week")
    for lang in ("zh", "en")
]


@pytest.mark.parametrize(("table", "text", "lang"), CASES)
def test_corpus_segmentation(corpora: Path, table: str, text: str, lang: str) -> None:
    rows = _table(corpora / table)
    expected = _expected(rows, lang)
    got = [split(paragraph, lang) for paragraph in _paragraphs(corpora / text.format(lang))]
    assert len(got) == len(expected)
    for number, (mine, theirs) in enumerate(zip(got, expected, strict=True), start=1):
        assert mine == theirs, f"paragraph {number}"
    assert sum(len(p) for p in got) == len(rows)
