"""Term hits written into an XLIFF 1.2 draft: one ``<note from="tm-terms" annotates="source">`` per
``<trans-unit>`` naming the termbase's renderings of the terms in its source (``中国馆 → China
Pavilion``), so that a translator sees them in any XLIFF editor. The file is rewritten whole or not at
all; an earlier tm-terms note is replaced.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from tm.formats.atomic import atomic_output
from tm.formats.documents.xliff import NS12, parse_xml

NOTE_FROM = "tm-terms"


def add_term_notes(path: str | Path, notes: Mapping[str, str]) -> int:
    """Put ``notes[unit id]`` into the XLIFF 1.2 file's trans-units; returns how many were written. An
    XLIFF 2 file is left as it is (0)."""
    tree = parse_xml(path)
    root = tree.getroot()
    if etree.QName(root).namespace != NS12:
        return 0
    written = 0
    for unit in root.iter(f"{{{NS12}}}trans-unit"):
        for old in unit.findall(f"{{{NS12}}}note[@from='{NOTE_FROM}']"):
            unit.remove(old)
        text = notes.get(unit.get("id") or "")
        if not text:
            continue
        note = etree.SubElement(unit, f"{{{NS12}}}note", {"from": NOTE_FROM, "annotates": "source"})
        note.text = text
        previous = note.getprevious()
        if previous is not None:  # keep the file's indentation
            note.tail, previous.tail = previous.tail, unit.text
        written += 1
    with atomic_output(path) as handle:
        tree.write(handle, xml_declaration=True, encoding="UTF-8")
    return written
