"""PO in: what msgfmt --check rejects is rejected or repaired with a warning; no character XML cannot hold."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run, tmx_variants

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n"Language: {lang}\\n"\n"X-Source-Language: en\\n"\n{extra}\n'


def po(entries: str, charset: str = "UTF-8", lang: str = "de", extra: str = "") -> str:
    return HEADER.format(charset=charset, lang=lang, extra=extra) + entries


def write(tmp_path: Path, text: str | bytes, name: str = "a.po") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def imported(tmp_path: Path, path: Path, *args: str) -> tuple[object, list[tuple[str, str]]]:
    db = tmp_path / "tm.db"
    result = run(db, "import", *args, str(path))
    variants: list[tuple[str, str]] = []
    if result.exit_code == 0:
        out = tmp_path / "out.tmx"
        exported = run(db, "export", str(out))
        assert exported.exit_code == 0, exported.stderr
        variants = tmx_variants(out)
    return result, variants


def test_a_control_character_through_po_is_removed_and_every_export_works(tmp_path):
    # Why (issue 10): a control character from PO was stored and made every TMX/XLIFF export fail.
    path = write(tmp_path, po('msgid "Save\x01 file"\nmsgstr "Datei\\a speichern\\x1b[31m"\n'))
    result, variants = imported(tmp_path, path)
    assert result.exit_code == 0, result.stderr
    assert ("en", "Save file") in variants and ("de", "Datei speichern[31m") in variants
    lines = [x for x in result.stderr.splitlines() if "removed XML-illegal character" in x]
    assert (
        len(lines) == 3
        and sum(f"{path}:7:" in x for x in lines) == 1
        and sum(f"{path}:8:" in x for x in lines) == 2
    )
    xliff = tmp_path / "draft.xlf"
    doc = write(tmp_path, "Save file", "doc.txt")
    made = run(tmp_path / "tm.db", "pretranslate", str(doc), "--src", "en", "--tgt", "de", "-o", str(xliff))
    assert made.exit_code == 0, made.stderr


@pytest.mark.parametrize("escape", ["\\q", "\\'", "\\?", "\\u4e2d", "\\8"])
def test_an_escape_msgfmt_rejects_refuses_the_file_at_its_line(tmp_path, escape):
    # Why (issue 10): PO escapes that msgfmt --check rejects (\q) were accepted silently.
    path = write(tmp_path, po(f'msgid "one"\nmsgstr "eins"\n\nmsgid "a"\nmsgstr "b{escape}c"\n'))
    result, _ = imported(tmp_path, path)
    assert result.exit_code == 1
    assert f"{path}:11:" in result.stderr and "invalid escape" in result.stderr, result.stderr


def test_escapes_are_decoded_as_gettext_decodes_them(tmp_path):
    entries = 'msgid "A\\x41 \\101"\nmsgstr "\\xe4\\xb8\\xad\\346\\226\\207 \\"q\\" \\\\x41"\n'
    result, variants = imported(tmp_path, write(tmp_path, po(entries, lang="zh")))
    assert result.exit_code == 0, result.stderr
    assert ("en", "AA A") in variants and ("zh", '中文 "q" \\x41') in variants


def test_msgfmt_agrees_on_the_decoding(tmp_path):
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    import gettext

    entries = 'msgid "A\\x41 \\101"\nmsgstr "\\xe4\\xb8\\xad\\346\\226\\207 \\"q\\" \\\\x41"\n'
    path = write(tmp_path, po(entries, lang="zh"))
    subprocess.run(["msgfmt", "-o", str(tmp_path / "a.mo"), str(path)], check=True)
    with open(tmp_path / "a.mo", "rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("AA A") == '中文 "q" \\x41'


def test_plural_forms_are_counted_against_nplurals(tmp_path):
    # Why (issue 10): wrong plural counts were accepted silently.
    extra = '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    entries = (
        'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d Datei"\nmsgstr[1] "%d Dateien"\nmsgstr[2] "%d X"\n\n'
        'msgid "%d day"\nmsgid_plural "%d days"\nmsgstr[0] "%d Tag"\n\n'
        'msgid "%d year"\nmsgid_plural "%d years"\nmsgstr[0] "%d Jahr"\nmsgstr[2] "%d Jahre"\n'
    )
    path = write(tmp_path, po(entries, extra=extra))
    result, variants = imported(tmp_path, path)
    assert result.exit_code == 0, result.stderr
    assert ("de", "%d Datei") in variants and not any("%d X" in t for _, t in variants)
    assert not any(t in ("%d Tag", "%d Jahr") for _, t in variants)
    assert (
        f"{path}:8: msgstr[0] to msgstr[2] where Plural-Forms says nplurals=2; the forms after"
        in result.stderr
    )
    assert (
        f"{path}:14: msgstr[0] to msgstr[0] where Plural-Forms says nplurals=2; entry skipped"
        in result.stderr
    )
    assert "are not 0 to 1" in result.stderr


def test_an_unknown_charset_is_an_error_and_the_template_placeholder_is_utf8(tmp_path):
    path = write(tmp_path, po('msgid "a"\nmsgstr "ä"\n', charset="x-unknown-8"))
    result, _ = imported(tmp_path, path)
    assert result.exit_code == 1 and f"{path}:3:" in result.stderr and "x-unknown-8" in result.stderr
    result, variants = imported(
        tmp_path, write(tmp_path, po('msgid "a"\nmsgstr "ä"\n', charset="CHARSET"), "b.po")
    )
    assert result.exit_code == 0 and ("de", "ä") in variants


def test_a_po_file_in_its_own_charset_and_bytes_not_in_it(tmp_path):
    text = po('msgid "Hello"\nmsgstr "Привет"\n', charset="KOI8-R", lang="ru")
    result, variants = imported(tmp_path, write(tmp_path, text.encode("koi8-r")))
    assert result.exit_code == 0 and ("ru", "Привет") in variants
    bad = write(tmp_path, po('msgid "a"\nmsgstr "b\xff"\n').encode("latin-1"), "bad.po")
    result, _ = imported(tmp_path, bad)
    assert result.exit_code == 1 and f"{bad}:8:" in result.stderr and "not utf-8" in result.stderr


def test_line_separators_inside_a_string_stay_text(tmp_path):
    result, variants = imported(tmp_path, write(tmp_path, po('msgid "a\u2028b\x85c"\nmsgstr "x\u2029y"\n')))
    assert result.exit_code == 0, result.stderr
    assert ("en", "a\u2028b\x85c") in variants and ("de", "x\u2029y") in variants
