import pytest

from tm.errors import LanguageError
from tm.lang import matching, normalize_code, resolve


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("EN-US", "en-US"),
        ("en_us", "en-US"),
        ("En-uS", "en-US"),
        ("zh-hans", "zh-Hans"),
        ("ZH-CN", "zh-CN"),
        ("sr_latn_rs", "sr-Latn-RS"),
        ("es-419", "es-419"),
        ("DA-01", "da-01"),
        ("ru", "ru"),
    ],
)
def test_normalize_to_bcp47_case(raw, expected):
    assert normalize_code(raw) == expected


@pytest.mark.parametrize("bad", ["", "en us", "en--US", "toolongsubtag-x"])
def test_malformed_codes_are_errors(bad):
    with pytest.raises(LanguageError):
        normalize_code(bad)


def test_zh_finds_the_simplified_variants():
    have = ["zh-CN", "zh-Hans", "zh-TW", "en-US", "ja"]
    assert matching("zh", have) == ["zh-CN", "zh-Hans"]  # never zh-TW (tests/test_chinese_scripts.py)
    assert matching("ZH-CN", have) == ["zh-CN", "zh-Hans"]
    assert matching("zh-Hant", have) == ["zh-TW"]
    assert matching("zh_tw", ["zh-Hant", "zh-CN"]) == ["zh-Hant"]


def test_regional_request_prefers_exact_then_plain():
    assert matching("en-US", ["en", "en-GB", "en-US"]) == ["en-US", "en"]
    assert matching("en-US", ["en-GB"]) == []


def test_unknown_language_error_lists_what_exists():
    with pytest.raises(LanguageError) as err:
        resolve("de", ["en-US", "zh-CN"])
    assert "en-US, zh-CN" in err.value.message
