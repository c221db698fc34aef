"""XLIFF 1.2 and 2.x documents (lxml): source segments read, targets written back, confirmed ones kept.

:func:`open_xliff` tells the version from the root element and opens the file as an
:class:`~tm.formats.documents.xliff12.Xliff12Document` or an
:class:`~tm.formats.documents.xliff20.Xliff2Document` (what they share: :mod:`.xliff_base`).

``translate="no"`` is inherited: on a 1.2 ``<group>``, a 2.x ``<file>`` or ``<group>``, it keeps every
unit in it out, and the nearest element that says yes or no decides. A unit without ``<source>`` is
reported (an issue with its line) and skipped.

Inline codes: ``<g>``/``<mrk>`` (1.2) and ``<pc>``/``<mrk>`` (2.x) are paired codes; every other inline
element (x, bx, ex, ph, bpt, ept, it; ph, sc, ec, sm, em) is one code, copied whole.

Notes (the term hits of a segment): a ``<note from="tm-terms" annotates="source">`` in the 1.2
trans-unit, a ``<note category="tm-terms" appliesTo="source">`` in the 2.x unit's ``<notes>`` (the hits of
all its segments), replacing tm's earlier notes.
"""

from __future__ import annotations

from pathlib import Path

from tm.errors import FormatError
from tm.formats.documents.xliff12 import Xliff12Document
from tm.formats.documents.xliff20 import Xliff2Document
from tm.formats.documents.xliff_base import NS12, NS20, XML_LANG, XliffDocument, parse_xml, xliff_version
from tm.model import Issue

__all__ = [
    "NS12",
    "NS20",
    "XML_LANG",
    "Xliff12Document",
    "Xliff2Document",
    "XliffDocument",
    "open_xliff",
    "xliff_version",
]


def open_xliff(path: str | Path, lang: str | None = None) -> XliffDocument:
    issues: list[Issue] = []
    tree = parse_xml(path, issues.append)
    version = xliff_version(tree.getroot())
    doc: XliffDocument | None = None
    if version == "2":
        doc = Xliff2Document(path, lang, tree)
    elif version == "1.2":
        doc = Xliff12Document(path, lang, tree)
    if doc is not None:
        doc.issues[:0] = issues
        return doc
    raise FormatError("not an XLIFF document (the root element is not <xliff>)", path)
