"""The streaming PO writer writes byte for byte what polib writes for the whole file built in memory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import polib
import pytest
from faults import ENV, tm_argv

from tm.formats import po as po_module
from tm.formats.po import NOTE_EXTRACTED, NOTE_TRANSLATOR, PROP_FLAGS, PROP_REFERENCE, po_metadata, write_po
from tm.model import Annotation, Issue, Unit, Variant


def _reference(units, src: str, tgt: str, path: str) -> tuple[bytes, list[str]]:
    """The writer as it was: every entry in one POFile, str() of it at the end (plain, in memory)."""
    issues: list[str] = []
    po = polib.POFile(wrapwidth=0)
    po.metadata = po_metadata("tm export", src, tgt)
    seen = set()
    for unit in units:
        entry = po_module._entry(unit, src, tgt)
        if entry is None:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            issues.append(
                str(Issue(path, None, f"second translation of {entry.msgid[:40]!r} left out (PO keeps one)"))
            )
            continue
        if not po_module._consistent(entry):
            issues.append(
                str(
                    Issue(
                        path,
                        None,
                        f"{entry.msgid[:40]!r}: source and target disagree on edge newlines; left out",
                    )
                )
            )
            continue
        if entry.msgid_plural and "Plural-Forms" not in po.metadata:
            po.metadata["Plural-Forms"] = f"nplurals={len(entry.msgstr_plural)}; plural=(n != 1);"
        seen.add(key)
        po.append(entry)
    return str(po).encode("utf-8") + b"\n", issues


def _units(tgt: str) -> list[Unit]:
    def unit(
        zh, other, *, context=None, plurals=(), other_plurals=(), status="confirmed", notes=(), props=()
    ):
        return Unit(
            (Variant("zh-CN", zh, plurals=plurals), Variant(tgt, other, plurals=other_plurals)),
            notes=notes,
            props=props,
            context=context,
            status=status,
        )

    return [
        unit("城市报告", "City report"),
        unit("城市报告", "The city report"),  # the same source again: left out, reported
        unit("城市报告", "City report (menu)", context="menu"),  # another context: its own entry
        unit("%d 个文件", "%d file", plurals=("%d 个文件",), other_plurals=("%d files",)),
        unit("第一行\n", "First line"),  # edge newlines disagree: left out, reported
        unit('引号 "quoted" 和 \\ 反斜杠', 'Quotes "quoted" and \\ backslash\tand a tab'),
        unit(
            "带注释",
            "With comments",
            status="fuzzy",
            notes=(
                Annotation("translator's note", (("type", NOTE_TRANSLATOR),)),
                Annotation("extracted", (("type", NOTE_EXTRACTED),)),
            ),
            props=(
                Annotation("src/app.c:12", (("type", PROP_REFERENCE),)),
                Annotation("c-format", (("type", PROP_FLAGS),)),
            ),
        ),
        unit("很长的句子" * 40, "A very long sentence " * 40),  # no wrapping at any width
        Unit((Variant("zh-CN", "只有中文"),)),  # no target: no entry
    ]


@pytest.mark.parametrize("tgt", ["en", "tr"])  # tr: no Plural-Forms table, so the plural entry sets it
def test_streamed_po_equals_polibs_whole_file(tmp_path, tgt):
    units = _units(tgt)
    expected, expected_issues = _reference(units, "zh-CN", tgt, str(tmp_path / "out.po"))
    issues: list[Issue] = []
    count = write_po(tmp_path / "out.po", iter(units), src="zh-CN", tgt=tgt, on_issue=issues.append)
    written = (tmp_path / "out.po").read_bytes()
    # the header's revision date is the minute it was written: compare with it aligned
    line = next(ln for ln in written.splitlines() if ln.startswith(b'"PO-Revision-Date'))
    old = next(ln for ln in expected.splitlines() if ln.startswith(b'"PO-Revision-Date'))
    assert written == expected.replace(old, line)
    assert [str(i) for i in issues] == expected_issues and len(issues) == 2
    assert count == len(polib.pofile(written.decode("utf-8")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.po"]
    if shutil.which("msgfmt"):
        check = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(tmp_path / "out.po")], capture_output=True
        )
        assert check.returncode == 0, check.stderr


def _peak_mib(argv: list[str]) -> float:
    """The peak resident memory of a child process, in MiB (Linux: ru_maxrss in KiB)."""
    proc = subprocess.Popen(argv, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, proc.stderr.read()
    proc.stderr.close()
    return usage.ru_maxrss / 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in KiB as on Linux")
def test_po_export_memory_stays_that_of_the_streaming_tmx_export(big_tm, tmp_path):
    """40,000 units: the PO export's peak memory against the TMX export's, measured in the same run (the
    TMX writer streams). Writing the whole POFile at the end took 2.4 times as much (109 vs 45 MiB)."""
    po = _peak_mib(tm_argv(big_tm, "export", str(tmp_path / "all.po"), "--src", "zh", "--tgt", "en"))
    tmx = _peak_mib(tm_argv(big_tm, "export", str(tmp_path / "all.tmx"), "--src", "zh", "--tgt", "en"))
    assert po < 1.25 * tmx, f"PO export {po:.0f} MiB, TMX export {tmx:.0f} MiB"
