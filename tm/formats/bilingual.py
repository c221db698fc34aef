"""What the services that read translated files (``tm score``, ``tm qa``) share, one reader per format:
the format names, plain-text lines (``.gz`` too) and the pairs of a PO file (every plural form paired
with its msgid). Each service takes from them what it needs (scoring: keys and recorded bands; QA:
places); XLIFF and DOCX come from :mod:`tm.formats.documents`, TMX from :mod:`tm.formats.tmx_read`.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tm.errors import FormatError
from tm.model import IssueSink

TEXT, PO, XLIFF, TMX, DOCX = "text", "po", "xliff", "tmx", "docx"


def _open_bytes(path: str | Path):
    """The file's bytes; ``.gz`` files decompressed on the fly (as the sacrebleu command reads them)."""
    if str(path).endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def count_lines(path: str | Path) -> int:
    """The number of lines :func:`iter_lines` yields, counted on bytes (fast)."""
    count = 0
    last = b"\n"
    try:
        with _open_bytes(path) as handle:
            while block := handle.read(1 << 20):
                count += block.count(b"\n")
                last = block[-1:]
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror or err}", path) from None
    return count + (last != b"\n")


def iter_lines(path: str | Path) -> Iterator[str]:
    """The segments of a plain-text file (``.gz`` too), one per line, trailing whitespace removed."""
    try:
        with _open_bytes(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="\n") as handle:
            for line in handle:
                yield line.rstrip()
    except UnicodeDecodeError as err:
        raise FormatError(f"not UTF-8 text ({err.reason})", path, hint="save the file as UTF-8") from None
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror or err}", path) from None


@dataclass(frozen=True)
class PoPair:
    """A msgstr (or one plural form of it) and the msgid it translates."""

    source: str
    target: str
    context: str  # msgctxt ("" without one)
    msgid: str
    plural: int | None  # the form's index in msgstr[N]; None for an entry without plural forms
    line: int
    comment: str  # the translator comment (tm pretranslate records its band there)

    @property
    def id(self) -> str:
        """How a message names it: its line, with ``[N]`` for a plural form."""
        return str(self.line) if self.plural is None else f"{self.line}[{self.plural}]"


def po_pairs(path: str | Path, on_issue: IssueSink | None = None) -> tuple[str | None, list[PoPair]]:
    """The ``Language`` a PO file declares (None: none) and its pairs, obsolete entries left out."""
    from tm.formats.documents.po import load_po  # lazy: polib loads only for PO inputs

    po = load_po(path, on_issue)
    out = []
    for entry in po:
        if entry.obsolete:
            continue
        ctx, comment = entry.msgctxt or "", entry.tcomment or ""
        if entry.msgid_plural:
            for n in sorted(entry.msgstr_plural):
                source = entry.msgid if n == 0 else entry.msgid_plural
                out.append(
                    PoPair(source, entry.msgstr_plural[n], ctx, entry.msgid, n, entry.linenum, comment)
                )
        else:
            out.append(PoPair(entry.msgid, entry.msgstr, ctx, entry.msgid, None, entry.linenum, comment))
    return po.metadata.get("Language"), out
