"""Pretty-printing the structure of an XML document without touching its mixed content."""

from __future__ import annotations

from collections.abc import Collection

from lxml import etree


def indent_structure(el: etree._Element, structure: Collection[str], level: int = 0) -> None:
    """Indent ``el`` and its descendants whose local names are in ``structure`` by two spaces a level;
    any other element (a segment, a definition, a kept group) is left exactly as it is."""
    if etree.QName(el).localname not in structure or len(el) == 0:
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        child.tail = pad
        indent_structure(child, structure, level + 1)
    el[-1].tail = "\n" + "  " * level
