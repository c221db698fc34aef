"""Run properties (``w:rPr``) of WordprocessingML: what counts as the same formatting, and what a run
written in the target language gets (``w:lang``, fonts).

Two runs have the same formatting when their ``w:rPr`` are equal once ``w:lang``, ``w:noProof``, the
``rsid*`` attributes and the ``w:hint`` of ``w:rFonts`` are left out: Word splits text into runs for its
spelling checker, for revision ids and for the East Asian font hint of each character typed, and none of
these is formatting a translator should see as a code.

Fonts. A Chinese source typically carries ``<w:rFonts w:ascii="SimSun" w:hAnsi="SimSun" w:eastAsia="SimSun"
w:hint="eastAsia"/>`` (or ``w:asciiTheme="minorEastAsia"``) on its runs, which would print English or
Russian in SimSun's Latin glyphs. On runs written in a target language that is not Chinese, Japanese
or Korean, tm therefore

- drops ``w:hint="eastAsia"`` (so quotes and dashes take the Latin font),
- replaces an East Asian font named for Latin text (``w:ascii``/``w:hAnsi`` or their theme attributes) by
  the document's own default Latin font (``w:docDefaults`` in ``styles.xml``), or Times New Roman where
  that default is East Asian too or absent,
- keeps ``w:eastAsia`` (it applies only to CJK characters) and every other property.

On runs written in Chinese, Japanese or Korean it sets ``w:hint="eastAsia"``, as Word does when such
text is typed, and leaves the fonts alone. The language goes into ``w:lang``: ``w:val`` for Latin and
Cyrillic targets, ``w:eastAsia`` for CJK ones. ``styles.xml`` itself is never changed.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from tm.formats.documents.base import is_cjk

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


# CT_RPr's children in schema order: a child must be inserted where the schema puts it, or Word calls the
# file corrupt.
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
    "vertAlign rtl cs em lang eastAsianLayout specVanish oMath rPrChange"
).split()
_RANK = {name: k for k, name in enumerate(RPR_ORDER)}
IGNORED = frozenset({w("lang"), w("noProof")})
_FALSE = frozenset({"0", "false", "off"})

EAST_ASIAN_THEMES = frozenset({"minorEastAsia", "majorEastAsia"})
EAST_ASIAN_FONTS = frozenset(
    name.lower()
    for name in (
        "SimSun NSimSun SimHei KaiTi FangSong DengXian STSong STHeiti STKaiti STFangsong STZhongsong "
        "MingLiU PMingLiU DFKai-SB Meiryo Batang BatangChe Gulim GulimChe Dotum DotumChe Gungsuh"
    ).split()
    + [
        "Microsoft YaHei",
        "Microsoft YaHei UI",
        "Microsoft JhengHei",
        "MS Mincho",
        "MS PMincho",
        "MS Gothic",
        "MS PGothic",
        "Yu Mincho",
        "Yu Gothic",
        "Malgun Gothic",
        "PingFang SC",
        "PingFang TC",
        "Hiragino Sans GB",
        "Source Han Sans",
        "Source Han Serif",
        "WenQuanYi Micro Hei",
        "WenQuanYi Zen Hei",
        "KaiTi_GB2312",
        "FangSong_GB2312",
    ]
)
_CJK_CHAR = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
FALLBACK_LATIN = "Times New Roman"


def tag_name(el: etree._Element) -> str:
    """``w:b``, ``m:oMath``: an element's name as a translator reads it in a code."""
    q = etree.QName(el)
    prefix = el.prefix or ("w" if q.namespace == W else "")
    return f"{prefix}:{q.localname}" if prefix else q.localname


def attr_name(el: etree._Element, key: str, default: str = "w") -> str:
    """``w:val``, ``r:id``: an attribute's name with the prefix ``el`` knows its namespace by (``default``
    where none; no prefix at all where that is empty)."""
    if not key.startswith("{"):
        return key
    ns, local = key[1:].split("}", 1)
    prefix = next((p for p, uri in (el.nsmap or {}).items() if uri == ns and p), None) or default
    return f"{prefix}:{local}" if prefix else local


def _significant(el: etree._Element) -> list[tuple[str, str]]:
    out = []
    for key, value in sorted(el.attrib.items()):
        local = key.rsplit("}", 1)[-1]
        if local.startswith("rsid") or (el.tag == w("rFonts") and local == "hint"):
            continue
        out.append((attr_name(el, key), value))
    return out


def canonical(rpr: etree._Element | None) -> str:
    """The formatting of ``rpr`` as markup, ignoring what Word varies without meaning (see above);
    ``""`` for no formatting. Equal strings are equal formatting."""
    if rpr is None:
        return ""
    parts = []
    for child in rpr:
        if not isinstance(child.tag, str) or child.tag in IGNORED:
            continue
        attrs = _significant(child)
        if child.tag == w("rFonts") and not attrs:
            continue
        inner = "".join(etree.tostring(copy.deepcopy(sub), encoding="unicode") for sub in child)
        text = "".join(f' {k}="{v}"' for k, v in attrs)
        name = tag_name(child)
        parts.append(f"<{name}{text}>{inner}</{name}>" if inner else f"<{name}{text}/>")
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def is_hidden(rpr: etree._Element | None) -> bool:
    """Whether a run with these properties is hidden text (``w:vanish``, ``w:specVanish``)."""
    if rpr is None:
        return False
    for name in ("vanish", "specVanish"):
        el = rpr.find(w(name))
        if el is not None and (el.get(w("val")) or "true").lower() not in _FALSE:
            return True
    return False


def child(rpr: etree._Element, name: str) -> etree._Element:
    """``rpr``'s child ``w:name``, made and put in its schema place when absent."""
    found = rpr.find(w(name))
    if found is not None:
        return found
    el = rpr.makeelement(w(name), {})
    rank = _RANK[name]
    for k, other in enumerate(rpr):
        other_rank = _RANK.get(etree.QName(other).localname) if isinstance(other.tag, str) else None
        if other_rank is not None and other_rank > rank:
            rpr.insert(k, el)
            return el
    rpr.append(el)
    return el


def is_east_asian_font(name: str | None) -> bool:
    if not name:
        return False
    return name in EAST_ASIAN_THEMES or name.lower() in EAST_ASIAN_FONTS or bool(_CJK_CHAR.search(name))


def latin_default(styles: etree._Element | None) -> tuple[str, str]:
    """The document's default Latin font as ``("ascii", name)`` or ``("asciiTheme", theme)``."""
    if styles is not None:
        fonts = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
        if fonts is not None:
            theme = fonts.get(w("asciiTheme"))
            if theme:
                return ("asciiTheme", theme) if theme not in EAST_ASIAN_THEMES else ("ascii", FALLBACK_LATIN)
            name = fonts.get(w("ascii"))
            if name and not is_east_asian_font(name):
                return ("ascii", name)
    return ("ascii", FALLBACK_LATIN)


def target_rpr(rpr: etree._Element | None, lang: str, latin: tuple[str, str], maker) -> etree._Element:
    """A copy of ``rpr`` for text written in ``lang`` (language and fonts as described above).

    ``maker`` makes the new ``w:rPr`` when ``rpr`` is None (an element of the part's tree)."""
    out = copy.deepcopy(rpr) if rpr is not None else maker(w("rPr"), {})
    cjk = is_cjk(lang)
    fonts = out.find(w("rFonts"))
    if cjk:
        child(out, "rFonts").set(w("hint"), "eastAsia")
    elif fonts is not None:
        if fonts.get(w("hint")) == "eastAsia":
            del fonts.attrib[w("hint")]
        for slot in ("ascii", "hAnsi"):
            theme_key, name_key = w(f"{slot}Theme"), w(slot)
            theme, name = fonts.get(theme_key), fonts.get(name_key)
            if theme in EAST_ASIAN_THEMES or (theme is None and is_east_asian_font(name)):
                fonts.attrib.pop(theme_key, None)
                fonts.attrib.pop(name_key, None)
                kind, value = latin
                fonts.set(w(f"{slot}Theme") if kind == "asciiTheme" else name_key, value)
        if not fonts.attrib and len(fonts) == 0:
            out.remove(fonts)
    child(out, "lang").set(w("eastAsia") if cjk else w("val"), lang)
    return out
