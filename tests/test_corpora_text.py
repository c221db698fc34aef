"""The aligned corpora: each text rebuilds exactly from its segment table, and every aligned row agrees.

segments.tsv / <name>.tsv is the source of truth (para, sent, then one column per language); the
report.<lang>.txt / <name>.<lang>.txt files are its paragraphs, one per line with a blank line between,
sentences joined with nothing in Chinese and one space in English and Russian.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

JOIN = {"zh": "", "en": " ", "ru": " "}
SEED = "seed/000_dfddfb9b573485c1.txt"

TABLES = {
    "wcm-2025/segments.tsv": ("zh", "en", "ru"),
    "press-releases/wcm-2026-pavilion.tsv": ("zh", "en"),
    "press-releases/wink-chinese-drama-week.tsv": ("zh", "en"),
}


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", f"{path.name} must end with one newline"
    header, *rows = (line.split("\t") for line in lines[:-1])
    return header, rows


def text_path(table: Path, lang: str) -> Path:
    if table.name == "segments.tsv":
        return table.with_name(f"report.{lang}.txt")
    return table.with_name(f"{table.stem}.{lang}.txt")


def rebuild(rows: list[list[str]], column: int, lang: str) -> str:
    paragraphs: dict[int, list[str]] = {}
    for row in rows:
        paragraphs.setdefault(int(row[0]), []).append(row[column])
    return "\n\n".join(JOIN[lang].join(paragraphs[p]) for p in sorted(paragraphs)) + "\n"


# --- numbers: the values a number check must find in every language of a row ---------------------------

MONTHS_EN = "january february march april may june july august september october november december".split()
MONTHS_RU = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
# Thousands separators: comma in English, no-break or thin space in Russian (never a plain space).
NUMBER = re.compile(r"\d{1,3}(?:(?:,|\u00a0|\u202f)\d{3})+|\d+(?:\.\d+)?")


def numbers(text: str, lang: str) -> list[float]:
    """Numeric values in ``text``: digits (thousands separators removed), Chinese N万, month names."""
    found = []
    if lang == "zh":
        for match in re.finditer(r"(\d+(?:\.\d+)?)(万?)", text):
            found.append(float(match.group(1)) * (10_000 if match.group(2) else 1))
    else:
        found += [float(re.sub(r"[,\u00a0\u202f]", "", m)) for m in NUMBER.findall(text)]
        # A month name counts only in a date, next to its day: "10th April", "April 10", "10 апреля".
        months = MONTHS_EN if lang == "en" else MONTHS_RU
        for name in re.findall(r"(?<=\d)(?:st|nd|rd|th)?\s+([^\W\d]+)|([^\W\d]+)\s+(?=\d)", text):
            word = "".join(name).lower()
            if word in months:
                found.append(float(months.index(word) + 1))
    return sorted(found)


def test_numbers_normalise_across_languages():
    assert numbers("more than 80,000 titles on 10th April", "en") == [4, 10, 80_000]
    assert numbers("超过8万部作品，4月10日", "zh") == [4, 10, 80_000]
    assert numbers("более 80\u00a0000 единиц контента, 10 апреля", "ru") == [4, 10, 80_000]
    assert numbers("from the October Revolution to 1991", "en") == [1991]
    assert numbers("From 15th to 21st September", "en") == [9, 15, 21]
    assert numbers("2024 100", "ru") == [100, 2024]  # a plain space does not join two numbers
    assert numbers("500余部", "zh") != numbers("over 5,000 titles", "en")


# --- sentence ends --------------------------------------------------------------------------------------

END = {
    "en": re.compile(r"[.!?][”’]?$|[”’][.]$"),
    "zh": re.compile(r"[。！？…][”’」』）]?$"),
    "ru": re.compile(r"[.!?…]»?$|»[.]$"),
}


@pytest.fixture(scope="module", params=sorted(TABLES))
def table(request, corpora) -> tuple[Path, tuple[str, ...], list[list[str]]]:
    path = corpora / request.param
    header, rows = read_table(path)
    langs = TABLES[request.param]
    assert header == ["para", "sent", *langs]
    return path, langs, rows


def test_rows_are_complete_and_numbered_in_order(table):
    path, langs, rows = table
    assert rows, f"{path.name} has no segments"
    expected_para, expected_sent = 1, 1
    for row in rows:
        assert len(row) == 2 + len(langs), row
        para, sent = int(row[0]), int(row[1])
        if para != expected_para:
            assert (para, sent) == (expected_para + 1, 1), f"{path.name}: {para}.{sent} out of order"
            expected_para = para
        else:
            assert sent == expected_sent, f"{path.name}: {para}.{sent} out of order"
        expected_sent = sent + 1
        for cell in row[2:]:
            assert cell and cell == cell.strip(), f"{path.name} {para}.{sent}: empty or padded cell {cell!r}"
            assert "  " not in cell and "\r" not in cell, f"{path.name} {para}.{sent}: stray spacing"


def test_texts_rebuild_exactly_from_segments(table):
    path, langs, rows = table
    for column, lang in enumerate(langs, start=2):
        target = text_path(path, lang)
        assert target.read_text(encoding="utf-8") == rebuild(rows, column, lang), f"{target.name} is stale"


def test_numbers_agree_in_every_row(table):
    path, langs, rows = table
    for row in rows:
        values = {lang: numbers(row[column], lang) for column, lang in enumerate(langs, start=2)}
        assert len({tuple(v) for v in values.values()}) == 1, f"{path.name} {row[0]}.{row[1]}: {values}"


def test_each_language_ends_a_sentence_where_english_does(table):
    path, langs, rows = table
    en = langs.index("en") + 2
    for row in rows:
        is_sentence = bool(END["en"].search(row[en]))
        for column, lang in enumerate(langs, start=2):
            ends = bool(END[lang].search(row[column]))
            assert ends == is_sentence, f"{path.name} {row[0]}.{row[1]} {lang}: {row[column][-12:]!r}"


def test_chinese_uses_full_width_punctuation(table):
    path, langs, rows = table
    zh = langs.index("zh") + 2
    for row in rows:
        # Half-width punctuation right after a Han character is the usual slip (a dot inside "Wink.ru" is not).
        slip = re.search(r"[\u4e00-\u9fff][,.;:!?()\"]", row[zh])
        assert slip is None, f"{path.name} {row[0]}.{row[1]}: {slip.group()!r}"


# --- the report against its source, and the press releases against the report ---------------------------


def test_english_report_is_the_seed_text(shared, corpora):
    seed = (shared / SEED).read_text(encoding="utf-8")
    _, rows = read_table(corpora / "wcm-2025/segments.tsv")
    seed_paragraphs = [line for line in seed.split("\n") if line.strip()]
    assert rebuild(rows, 3, "en") == "\n\n".join(seed_paragraphs) + "\n"


def test_press_release_repeats_a_segment_and_reuses_the_report(corpora):
    _, report = read_table(corpora / "wcm-2025/segments.tsv")
    report_pairs = {(row[2], row[3]) for row in report}
    _, release = read_table(corpora / "press-releases/wcm-2026-pavilion.tsv")
    pairs = [(row[2], row[3]) for row in release]
    repeated = [pair for pair, count in Counter(pairs).items() if count > 1]
    assert len(repeated) == 1, repeated
    exact = [pair for pair in pairs if pair in report_pairs]
    assert len(exact) >= 5, "the release should share its credit lines and boilerplate with the report"
    assert len(exact) < len(pairs) - 3, "the release should also have changed and new sentences"


# --- editorial decisions a review made (corpora/README.md, "Review of November 2026") --------------------


def test_china_pavilion_is_named_as_its_organisers_name_it(table):
    """The China Pavilion is 中国联合展台 in Chinese (中国馆 is an Expo building), «Китайский павильон» in Russian."""
    path, langs, rows = table
    columns = {lang: column for column, lang in enumerate(langs, start=2)}
    for row in rows:
        assert "中国馆" not in row[columns["zh"]], f"{path.name} {row[0]}.{row[1]}"
        if "China Pavilion" in row[columns["en"]]:
            assert "中国联合展台" in row[columns["zh"]], f"{path.name} {row[0]}.{row[1]}"
            if "ru" in columns:
                assert re.search(r"Китайск\w+ павильон", row[columns["ru"]]), f"{path.name} {row[0]}.{row[1]}"


def test_no_paragraph_is_a_bare_quotation(table):
    """A quotation standing alone as a paragraph reads as the last-named speaker's: it must say whose it is."""
    path, langs, rows = table
    paragraphs: dict[str, list[list[str]]] = {}
    for row in rows:
        paragraphs.setdefault(row[0], []).append(row)
    for number, sentences in paragraphs.items():
        for column, lang in enumerate(langs, start=2):
            text = JOIN[lang].join(s[column] for s in sentences)
            outside = re.sub(r"“[^”]*”|«[^»]*»", "", text)  # what is not inside a quotation
            assert re.search(r"\w", outside), f"{path.name} paragraph {number} ({lang}) is only a quotation"


def test_russian_dash_has_a_no_break_space_before_it(corpora):
    """Russian typography: a no-break space (U+00A0) before the em dash, so that no line starts with it (a
    review with tm qa's dash-space check found a plain space before every one)."""
    header, rows = read_table(corpora / "wcm-2025/segments.tsv")
    ru = header.index("ru")
    dashes = 0
    for row in rows:
        for match in re.finditer("—", row[ru]):
            dashes += 1
            before = row[ru][match.start() - 1] if match.start() else "\u00a0"
            assert before == "\u00a0", f"{row[0]}.{row[1]}: {row[ru][match.start() - 12 : match.end()]!r}"
    assert dashes > 10


def test_co_hosts_are_named_in_every_language(corpora):
    """wink-chinese-drama-week 6.1: 由Wink与尚世影业、五岸传播联合主办 names Wink as a co-host; so does the
    English (it left Wink out until a review with tm qa's terminology check)."""
    _, rows = read_table(corpora / "press-releases/wink-chinese-drama-week.tsv")
    [row] = [r for r in rows if "联合主办" in r[2]]
    assert "co-hosted by Wink" in row[3] and "SMG Pictures & WingsMedia" in row[3]
