"""Messages from the new-user trial: a document or a termbase given to tm import says what it is and what
reads it; tm import's help names XLIFF; a busy TM names another tm; a command that only reads leaves no
-wal/-shm files beside the TM."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import run

ROOT = Path(__file__).resolve().parent.parent
C = ROOT / "corpora"


def test_a_docx_given_to_import_is_named_not_dumped(tmp_path):
    result = run(tmp_path / "tm.db", "import", str(C / "press-releases" / "wcm-2026-pavilion.zh.docx"))
    assert result.exit_code == 1
    assert "a DOCX document, not a TMX, XLIFF or PO file" in result.stderr
    assert "PK" not in result.stderr and "\\x" not in result.stderr
    assert "tm pretranslate" in result.stderr


def test_binary_data_is_not_quoted(tmp_path):
    blob = tmp_path / "data.bin"
    blob.write_bytes(bytes(range(256)) * 4)
    result = run(tmp_path / "tm.db", "import", str(blob))
    assert result.exit_code == 1 and "binary data, not a TMX, XLIFF or PO file" in result.stderr
    assert "\\x" not in result.stderr


def test_a_termbase_given_to_import_points_to_terms_import(tmp_path):
    tbx = C / "terms" / "wcm.tbx"
    result = run(tmp_path / "tm.db", "import", str(tbx))
    assert result.exit_code == 1 and "a termbase (TBX), not a TM file" in result.stderr
    assert f"tm terms import {tbx}" in result.stderr


def test_import_help_names_xliff(tmp_path):
    assert "Import TMX, XLIFF and PO FILES" in run(tmp_path / "tm.db", "import", "--help").stdout


def test_busy_names_another_tm(tmp_path):
    db = tmp_path / "tm.db"
    assert run(db, "import", str(C / "wcm-2025" / "report.tmx")).exit_code == 0
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        result = run(db, "import", str(C / "wcm-2025" / "report.zh-en.po"))
    finally:
        holder.close()
    assert result.exit_code == 1 and "the TM is busy (another tm is writing to it)" in result.stderr


def test_reading_commands_leave_no_side_files(tmp_path):
    db = tmp_path / "tm.db"
    assert run(db, "import", str(C / "wcm-2025" / "report.tmx")).exit_code == 0
    for args in (["stats"], ["concordance", "Wink"], ["export", str(tmp_path / "out.tmx")]):
        assert run(db, *args).exit_code == 0
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("tm.db")) == ["tm.db"], args
