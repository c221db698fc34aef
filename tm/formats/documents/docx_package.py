"""A DOCX package (a zip of XML parts) read with limits and written back with only some parts replaced.

Reading trusts nothing the archive says: a part is inflated with a cap (:data:`MAX_PART` bytes for an XML
part tm parses, :data:`MAX_TOTAL` for the whole package) counted on the bytes actually produced, never
on the sizes in the zip headers, so that a zip bomb stops at the cap. An XML part is parsed by lxml
with entities, DTD loading and the network off, and a part whose prolog holds a ``<!DOCTYPE`` is
refused before lxml sees it (OOXML parts never have one; a DTD is how external entities and expansion
bombs arrive).

Writing copies every entry in its order, with its name, date, compression method, permissions and
comment; an entry's content is the original's byte for byte unless the caller replaces that part.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tm.errors import FormatError
from tm.formats.atomic import atomic_output
from tm.formats.xmlsafe import sniff_encoding

MAX_PART = 64 << 20  # bytes an XML part may inflate to (Word's largest document.xml are a few MB)
MAX_TOTAL = 1 << 30  # bytes the whole package may inflate to, images included
CHUNK = 1 << 20

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=False
)
_PROLOG_SKIP = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str  # the last path component of the relationship type URI: header, footer, footnotes...
    target: str  # the part name it points to (resolved), or the external URI
    external: bool


class Package:
    """The parts of a DOCX file, read on demand with limits."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            with open(self.path, "rb") as handle:
                head = handle.read(8)
        except OSError as err:
            raise FormatError(f"cannot read: {err.strerror}", self.path) from None
        if head.startswith(_OLE_MAGIC):
            raise FormatError(
                "not a DOCX package: an OLE file (a Word 97-2003 .doc, or a password-protected DOCX)",
                self.path,
                hint="open it in Word or LibreOffice and save it as .docx without a password",
            )
        try:
            self._zip = zipfile.ZipFile(self.path)
            self.entries = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as err:
            raise FormatError(f"not a DOCX package: not a zip file ({err})", self.path) from None
        self._names = {info.filename.lower(): info for info in self.entries}
        self._inflated = 0

    def close(self) -> None:
        self._zip.close()

    # -- reading ----------------------------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name.lower() in self._names

    def name(self, name: str) -> str:
        """The entry's name as the archive spells it (OPC part names are case-insensitive)."""
        return self._names[name.lower()].filename

    def read(self, name: str, limit: int = MAX_PART) -> bytes:
        """The part's bytes, inflated with a cap on what is actually produced."""
        info = self._names.get(name.lower())
        if info is None:
            raise FormatError(f"the package has no part {name}", self.path)
        chunks = []
        size = 0
        try:
            with self._zip.open(info) as handle:
                while block := handle.read(min(CHUNK, limit + 1 - size)):
                    size += len(block)
                    self._count(len(block), name)
                    if size > limit:
                        raise FormatError(
                            f"{info.filename} inflates to more than {limit >> 20} MB: refused as a zip bomb",
                            self.path,
                        )
                    chunks.append(block)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as err:
            raise FormatError(f"{info.filename}: damaged zip entry ({err})", self.path) from None
        except RuntimeError as err:  # an encrypted entry
            raise FormatError(f"{info.filename}: cannot read ({err})", self.path) from None
        return b"".join(chunks)

    def _count(self, size: int, name: str) -> None:
        self._inflated += size
        if self._inflated > MAX_TOTAL:
            raise FormatError(
                f"the package inflates to more than {MAX_TOTAL >> 20} MB (at {name}): refused as a zip bomb",
                self.path,
            )

    def xml(self, name: str) -> etree._Element:
        """The root of an XML part, parsed safely (no DOCTYPE, no entities, no network)."""
        data = self.read(name)
        start = root_start(data)
        if start is None:
            raise FormatError(f"{self.name(name)}: no XML element in it", self.path)
        if _has_doctype(data[:start]):
            raise FormatError(
                f"{self.name(name)} declares a DOCTYPE; tm never loads DTDs or entities and refuses the file",
                self.path,
                hint="OOXML parts have no DOCTYPE: a DTD is how external entities and entity bombs arrive",
            )
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as err:
            line = err.position[0] if err.position else None
            where = f" (line {line})" if line else ""
            raise FormatError(
                f"{self.name(name)}: not well-formed XML{where}: {err.msg}", self.path
            ) from None
        if root.getroottree().docinfo.doctype:
            raise FormatError(f"{self.name(name)} declares a DOCTYPE; tm refuses it", self.path)
        return root

    def relationships(self, source: str) -> list[Relationship]:
        """The relationships of part ``source`` ('' for the package), from its ``_rels/*.rels`` part."""
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels):
            return []
        out = []
        for el in self.xml(rels).iter(f"{{{RELS_NS}}}Relationship"):
            target = el.get("Target") or ""
            external = el.get("TargetMode") == "External"
            if not external:
                target = resolve(folder, target)
            kind = (el.get("Type") or "").rstrip("/").rsplit("/", 1)[-1]
            out.append(Relationship(el.get("Id") or "", kind, target, external))
        return out

    # -- writing ----------------------------------------------------------------------------------------
    def write(self, out: str | Path, replaced: Mapping[str, bytes]) -> None:
        """Write the package to ``out`` (whole or not at all) with ``replaced`` parts' new bytes."""
        wanted = {name.lower(): data for name, data in replaced.items()}
        self._inflated = 0
        with atomic_output(out) as handle, zipfile.ZipFile(handle, "w", allowZip64=True) as dest:
            dest.comment = self._zip.comment
            for info in self.entries:
                copy = _entry(info)
                data = wanted.get(info.filename.lower())
                if data is not None:
                    dest.writestr(copy, data)
                    continue
                copy.file_size = info.file_size
                try:
                    with (
                        self._zip.open(info) as src,
                        dest.open(copy, "w", force_zip64=info.file_size > 1 << 31) as dst,
                    ):
                        while block := src.read(CHUNK):
                            self._count(len(block), info.filename)
                            dst.write(block)
                except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
                    raise FormatError(f"{info.filename}: damaged zip entry ({err})", self.path) from None


def resolve(folder: str, target: str) -> str:
    """A relationship target as a part name: relative to ``folder``, or absolute from the package root."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _has_doctype(prolog: bytes) -> bool:
    """Whether the bytes before the root element hold a DOCTYPE (in UTF-8 or UTF-16)."""
    encoding, bom = sniff_encoding(prolog[:4096])
    text = prolog[bom:].decode(encoding if encoding.startswith("utf-16") else "latin-1", "replace")
    return "<!DOCTYPE" in text.upper()


def root_start(data: bytes) -> int | None:
    """The offset of the root element's ``<`` in an XML document's bytes (after declaration, comments,
    processing instructions and any DOCTYPE), or None. UTF-16 parts are looked at decoded."""
    encoding, bom = sniff_encoding(data[:4096])
    if encoding.startswith("utf-16"):
        text = data[bom:].decode(encoding, "replace")
        pos = _scan(text)
        return None if pos is None else bom + len(text[:pos].encode(encoding))
    text = data.decode("latin-1")
    return _scan(text, bom)


def _scan(text: str, pos: int = 0) -> int | None:
    while pos < len(text):
        m = _PROLOG_SKIP.match(text, pos)
        if m and m.end() > pos:
            pos = m.end()
            continue
        if text.startswith("<!DOCTYPE", pos) or text.startswith("<!doctype", pos):
            depth, i = 0, pos
            while i < len(text):  # skip the DOCTYPE with its internal subset
                if text[i] == "[":
                    depth += 1
                elif text[i] == "]":
                    depth -= 1
                elif text[i] == ">" and depth <= 0:
                    break
                i += 1
            pos = i + 1
            continue
        if text.startswith("<", pos):
            return pos
        return None
    return None


def _entry(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A new ZipInfo for writing ``info``'s entry again: same name, date, method, attributes, comment."""
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = info.compress_type
    copy.comment = info.comment
    copy.create_system = info.create_system
    copy.external_attr = info.external_attr
    copy.internal_attr = info.internal_attr
    copy.extra = _strip_zip64(info.extra)
    return copy


def _strip_zip64(extra: bytes) -> bytes:
    """Extra fields without the zip64 one (0x0001): zipfile writes its own where it needs one."""
    out = []
    i = 0
    while i + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[i : i + 4])
        if kind != 0x0001:
            out.append(extra[i : i + 4 + size])
        i += 4 + size
    return b"".join(out)
