"""TMX 1.4b writer: UTF-8, a proper header, inline codes restored, constant memory, atomic."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from tm.bands import TMX_STATUS_PROP, UNCONFIRMED
from tm.formats.atomic import atomic_output
from tm.formats.inline import build_seg
from tm.formats.tmx_read import XML_LANG
from tm.model import Annotation, Attrs, Unit
from tm.version import __version__

DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


_PLAIN_NAME = re.compile(r"[A-Za-z_][-A-Za-z0-9._]*\Z")
_MANY = 32


def _set_attrs(el: etree._Element, attrs: Attrs) -> None:
    for key, value in attrs:
        if key == "lang":
            key = XML_LANG
        try:
            el.set(key, value)
        except ValueError:  # a name lxml rejects cannot be written back as an attribute
            continue


def _element(tag: str, attrs: Attrs) -> etree._Element:
    """A new element with ``attrs``. Setting attributes one by one costs time quadratic in their number
    (libxml2 looks each name up in the list first), so many are written as a start tag and parsed."""
    if len(attrs) <= _MANY:
        el = etree.Element(tag)
        _set_attrs(el, attrs)
        return el
    wanted = {XML_LANG if key == "lang" else key: value for key, value in attrs}
    plain = {k: v for k, v in wanted.items() if _PLAIN_NAME.match(k)}
    start = " ".join(f'{k}="{v.translate(_ESCAPE)}"' for k, v in plain.items())
    el = etree.fromstring(f"<{tag} {start}/>", _PARSER)
    _set_attrs(el, tuple((k, v) for k, v in wanted.items() if k not in plain))
    return el


_ESCAPE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _annotate(parent: etree._Element, notes: tuple[Annotation, ...], props: tuple[Annotation, ...]) -> None:
    # TMX 1.4b content model: (note | prop)* before the tuvs / seg.
    for tag, items in (("note", notes), ("prop", props)):
        for item in items:
            child = _element(tag, item.attrs)
            parent.append(child)
            child.text = item.text


def unit_element(unit: Unit, langs: tuple[str, ...] | None = None) -> etree._Element:
    """The ``<tu>`` for ``unit``; with ``langs``, only those variants, in that order."""
    tu = _element("tu", unit.attrs)
    props = unit.props
    if unit.status != "confirmed":  # the status, so that it comes back on import (tm.formats.tmx_read)
        props = (*props, Annotation(UNCONFIRMED, (("type", TMX_STATUS_PROP),)))
    _annotate(tu, unit.notes, props)
    variants = (
        unit.variants
        if langs is None
        else tuple(v for lang in langs for v in unit.variants if v.lang == lang)
    )
    for variant in variants:
        tuv = _element("tuv", ((XML_LANG, variant.lang), *variant.attrs))
        tu.append(tuv)
        _annotate(tuv, variant.notes, variant.props)
        tuv.append(build_seg(variant.text, variant.coded, variant.codes))
    return tu


def _indent(tu: etree._Element) -> None:
    """Pretty-print the structure of a ``<tu>``, never the inside of a ``<seg>`` (its spaces are text)."""
    tu.text = "\n      "
    for child in tu:
        child.tail = "\n      "
        if child.tag == "tuv":
            child.text = "\n        "
            for grandchild in child:
                grandchild.tail = "\n        "
            child[-1].tail = "\n      "
    tu[-1].tail = "\n    "


def write_tmx(
    path: str | Path,
    units: Iterable[Unit],
    *,
    srclang: str = "*all*",
    langs: tuple[str, ...] | None = None,
    datatype: str = "plaintext",
    segtype: str = "sentence",
    adminlang: str = "en",
) -> int:
    """Write ``units`` as TMX 1.4b to ``path`` atomically; returns the number of units written."""
    count = 0
    with atomic_output(path) as handle, etree.xmlfile(handle, encoding="utf-8") as xf:
        xf.write_declaration()
        xf.write_doctype(DOCTYPE)
        with xf.element("tmx", version="1.4"):
            xf.write("\n  ")
            header = etree.Element(
                "header",
                creationtool="tm",
                creationtoolversion=__version__,
                segtype=segtype,
                adminlang=adminlang,
                srclang=srclang,
                datatype=datatype,
            )
            header.set("o-tmf", "tm")
            xf.write(header)
            xf.write("\n  ")
            with xf.element("body"):
                xf.write("\n")
                for unit in units:
                    tu = unit_element(unit, langs)
                    if len(tu.findall("tuv")) == 0:
                        continue
                    _indent(tu)
                    xf.write("    ")
                    xf.write(tu)
                    xf.write("\n")
                    count += 1
                xf.write("  ")
            xf.write("\n")
    return count
