"""Held-out check on a real PO file (issue 10): Django's zh_Hans translations imported with ``--src en``
come out of ``tm export`` whole: every translated, non-fuzzy entry, those identical to their source
(``URL`` -> ``URL``, ``IPv4``, ``%s KB``) and the plural ones (Chinese has one form) included.

The file is not bundled: ``pip download django --no-deps -d /tmp/dj`` puts the wheel where this test
reads it (or set ``TM_DJANGO_PO`` to a django.po, or unzip it under /tmp/dj). On main before this
change, 15 entries identical to their source were skipped and the 15 plural entries lost their plural.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import polib
import pytest
from helpers import run

MEMBER = "django/conf/locale/zh_Hans/LC_MESSAGES/django.po"
DOWNLOADS = Path("/tmp/dj")


def _django_po(tmp_path: Path) -> Path:
    if os.environ.get("TM_DJANGO_PO"):
        return Path(os.environ["TM_DJANGO_PO"])
    if (DOWNLOADS / MEMBER).is_file():
        return DOWNLOADS / MEMBER
    for wheel in sorted(DOWNLOADS.glob("[Dd]jango-*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            if MEMBER in archive.namelist():
                path = tmp_path / "django.po"
                path.write_bytes(archive.read(MEMBER))
                return path
    pytest.skip(f"Django's zh_Hans django.po is absent: run pip download django --no-deps -d {DOWNLOADS}")


def _forms(entry: polib.POEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def _entries(po: polib.POFile) -> dict[tuple, tuple]:
    return {
        (e.msgctxt, e.msgid, e.msgid_plural or None): _forms(e)
        for e in po
        if e.msgid and not e.obsolete and not e.fuzzy and e.translated()
    }


def test_every_translated_entry_comes_back(tmp_path: Path) -> None:
    source = _django_po(tmp_path)
    db = tmp_path / "tm.db"
    assert run(db, "import", str(source), "--src", "en").exit_code == 0
    out = tmp_path / "export.po"
    assert run(db, "export", str(out), "--src", "en", "--tgt", "zh").exit_code == 0
    want = _entries(polib.pofile(str(source)))
    got = _entries(polib.pofile(str(out)))
    same = [key for key, forms in want.items() if forms == (key[1],)]
    plural = [key for key in want if key[2]]
    assert len(want) >= 340 and len(same) >= 15 and len(plural) >= 15  # Django 5.2: 347, 15 and 15
    assert {("URL",), ("IPv4",), ("%s KB",)} <= {(key[1],) for key in same}
    assert got == want
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], check=True)
