"""Typed data: what readers yield, what the store holds and what services return.

Inline codes: a variant's ``text`` is the plain text that matching sees (codes removed). Where the
original had inline codes, ``coded`` holds the same text with one placeholder character
(``U+E000 + n``, Unicode private use) standing where ``codes[n]`` stood, and each :class:`Code` keeps the
element exactly as it came, so that export writes it back unchanged.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import MISSING, dataclass, field, fields

from tm.errors import location

PLACEHOLDER_BASE = 0xE000
PLACEHOLDER_MAX = 0xF8FF

Attrs = tuple[tuple[str, str], ...]


def placeholder(n: int) -> str:
    """The placeholder character for the ``n``-th inline code of a segment."""
    return chr(PLACEHOLDER_BASE + n)


def is_placeholder(ch: str) -> bool:
    return PLACEHOLDER_BASE <= ord(ch) <= PLACEHOLDER_MAX


def attr(attrs: Attrs, name: str) -> str | None:
    """The value of attribute ``name`` in an attribute tuple, or None."""
    for key, value in attrs:
        if key == name:
            return value
    return None


def strip_placeholders(coded: str) -> str:
    """A coded string with its placeholders left out, whatever their codes show: for mapping offsets
    between coded and plain text. The plain text a reader sees is :func:`plain_text`."""
    return "".join(ch for ch in coded if not is_placeholder(ch))


def plain_text(coded: str, codes: Sequence[Code]) -> str:
    """The plain text of a coded string, as it reads: each inline code that shows as whitespace (a tab, a
    line break: :func:`shown_whitespace`) as that whitespace, every other code left out (a placeholder
    without a code too). Runs of whitespace are the caller's to fold."""
    if not codes:
        return strip_placeholders(coded)
    out = []
    for ch in coded:
        if is_placeholder(ch):
            n = ord(ch) - PLACEHOLDER_BASE
            if n < len(codes):
                out.append(shown_whitespace(codes[n]))
        else:
            out.append(ch)
    return "".join(out)


def shown_whitespace(code: Code) -> str:
    """The whitespace an inline code shows, or ``""`` (it shows none, or not only whitespace).

    Its markup (``Code.xml``) tells, in every form tm keeps it:

    - DOCX: ``<w:tab/>`` and ``<w:ptab .../>`` a tab, ``<w:br/>`` (any type) and ``<w:cr/>`` a line break;
      HTML/XHTML ``<br>``, ``<br/>``, ``<BR class=...>`` a line break; a code of several such elements
      (two tabs in one run) all of them;
    - XLIFF 1.2 ``equiv-text``, XLIFF 2 ``equiv`` and then ``disp`` (what the code is read and shown as),
      where they are whitespace; ``ctype="lb"``/``"pb"`` (XLIFF 1.2), ``type="lb"``/``"pb"`` (TMX) and
      ``subType="xlf:lb"``/``"xlf:pb"`` (XLIFF 2) a line break;
    - an element holding native code as text (TMX ``<ph>&lt;w:tab/&gt;</ph>``, XLIFF 1.2
      ``<ph id="1">&lt;br/&gt;</ph>``, tm's own TMX of an XLIFF code): what that code shows.
    """
    return _shown(code.xml, 0)


_ELEMENT = re.compile(
    r"""<(?P<name>[A-Za-z_][\w.:-]*)(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*"""
    r"""(?:/>|>(?:(?P<body>[^<]*)</(?P=name)\s*>)?)""",
    re.S,
)
_ATTR = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_NATIVE_WHITESPACE = {"w:tab": "\t", "w:ptab": "\t", "w:br": "\n", "w:cr": "\n", "br": "\n"}
_BREAK_TYPES = frozenset({"lb", "pb", "xlf:lb", "xlf:pb"})


@functools.lru_cache(maxsize=4096)
def _shown(markup: str, depth: int) -> str:
    """The whitespace ``markup`` (one element or several in a row) shows; ``""`` if not only that."""
    out = []
    at = 0
    while at < len(markup):
        m = _ELEMENT.match(markup, at)
        shown = _element_shows(m, depth) if m else ""
        if not shown:
            return ""
        out.append(shown)
        at = m.end()  # type: ignore[union-attr]  # shown is empty without a match
    return "".join(out)


def _element_shows(m: re.Match[str], depth: int) -> str:
    name, body = m["name"], m["body"]
    attrs = {a.lower(): html.unescape(b if b is not None else c) for a, b, c in _ATTR.findall(m["attrs"])}
    native = _NATIVE_WHITESPACE.get(name.lower() if ":" not in name else name)
    if native is not None:
        # an HTML <br> may be written without its slash; an element holding text is no tab or break
        closed = m.group().endswith("/>") or name.lower() == "br"
        return native if closed and not body else ""
    for said in ("equiv-text", "equiv", "disp"):
        value = attrs.get(said)
        if value:
            return value if value.isspace() else ""
    if any(attrs.get(a, "").lower() in _BREAK_TYPES for a in ("ctype", "type", "subtype")):
        return "\n"
    if body and depth < 3 and not m.group().endswith("/>"):
        return _shown(html.unescape(body).strip(), depth + 1)
    return ""


def _value(cls: type) -> type:
    """``@dataclass(frozen=True)`` with an ``__init__`` that fills the instance dict directly.

    The ``__init__`` that dataclasses generates for a frozen class calls ``object.__setattr__`` once per
    field (about 3 us for a Variant here); an import builds several of these per unit, millions of
    times. This one has the same signature and defaults and the instance stays frozen (assignment still
    raises ``FrozenInstanceError``), at a fifth of the cost.
    """
    cls = dataclass(frozen=True)(cls)
    params, defaults = [], {}
    for f in fields(cls):
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: default factories are not supported here")
        if f.default is MISSING:
            params.append(f.name)
        else:
            params.append(f"{f.name}=_default_{f.name}")
            defaults[f"_default_{f.name}"] = f.default
    body = "".join(f"    d[{f.name!r}] = {f.name}\n" for f in fields(cls))
    source = f"def __init__(self, {', '.join(params)}):\n    d = self.__dict__\n{body}"
    exec(source, defaults)  # noqa: S102 - generated from the class's own field names, as dataclasses does
    init = defaults["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init
    return cls


@_value
class Code:
    """One inline code. ``kind`` is the TMX element (bpt, ept, ph, it, ut) or hi-open / hi-close.

    ``xml`` is the element serialised as it came (for hi-open: the empty start element with its
    attributes; for hi-close: empty). ``ref`` is its ``i`` or ``x`` attribute, for pairing.
    """

    kind: str
    xml: str
    ref: str | None = None


@_value
class Annotation:
    """A ``<prop>`` or ``<note>`` (or a PO comment), with its attributes as they came."""

    text: str
    attrs: Attrs = ()

    def attr(self, name: str) -> str | None:
        return attr(self.attrs, name)

    @property
    def type(self) -> str | None:
        return self.attr("type")


@_value
class Variant:
    """One language's text in a unit."""

    lang: str
    text: str
    coded: str | None = None
    codes: tuple[Code, ...] = ()
    attrs: Attrs = ()
    props: tuple[Annotation, ...] = ()
    notes: tuple[Annotation, ...] = ()
    plurals: tuple[str, ...] = ()  # further plural forms (PO msgid_plural / msgstr[1..])

    @property
    def content(self) -> str:
        """The text with placeholders where the codes stand (the plain text when there are none)."""
        return self.coded if self.coded is not None else self.text


@_value
class Unit:
    """A translation unit: N language variants, with its own attributes, props and notes."""

    variants: tuple[Variant, ...]
    attrs: Attrs = ()
    props: tuple[Annotation, ...] = ()
    notes: tuple[Annotation, ...] = ()
    context: str | None = None  # PO msgctxt
    status: str = "confirmed"  # or "fuzzy"
    line: int | None = None  # where it starts in its file
    id: int | None = None  # the store's id, once stored
    # In a reviewed draft: the TM unit its fill came from, as (unit id, version of the source and target
    # it held then: tm.store.codec.pair_version). Importing the draft updates that unit while it still
    # holds that pair and the source is the same (see tm.store.revision).
    filled_from: tuple[int, str] | None = None

    def variant(self, lang: str) -> Variant | None:
        for v in self.variants:
            if v.lang == lang:
                return v
        return None

    def attr(self, name: str) -> str | None:
        return attr(self.attrs, name)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(v.lang for v in self.variants)


@dataclass(frozen=True)
class Issue:
    """Something a reader or check reports: a removed character, a skipped unit, a QA finding."""

    path: str
    line: int | None
    message: str
    severity: str = "warning"  # "warning": the work went on as is; "skipped": that unit was left out
    column: int | None = None
    reason: str | None = None  # why a unit was skipped, as an import summary counts it ("no source")

    def __str__(self) -> str:
        return f"{location(self.path, self.line, self.column)}: {self.message}"


IssueSink = Callable[[Issue], None]
"""Where readers report what they removed or skipped."""


@dataclass(frozen=True)
class Header:
    """A TMX header (or a PO file's metadata), kept so that an origin can be described."""

    attrs: Attrs = ()
    props: tuple[Annotation, ...] = ()
    notes: tuple[Annotation, ...] = ()
    version: str | None = None


@dataclass
class ImportSummary:
    """What one ``import`` did to the TM, per file."""

    path: str
    format: str
    read: int = 0
    added: int = 0
    merged: int = 0
    revised: int = 0  # units whose target a reviewed draft replaced (the old one kept in their history)
    skipped: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1


@dataclass(frozen=True)
class TmStats:
    """What a TM holds."""

    path: str
    units: int
    variants: dict[str, int]  # language -> variants
    pairs: list[tuple[str, str, int]]  # (lang, lang, units holding both), most first
    origins: list[tuple[str, str, int]]  # (name, format, units)
    statuses: dict[str, int]
    revisions: int = 0  # targets replaced by reviewed drafts (kept in the units' history)


# --- terminology -----------------------------------------------------------------------------------------
# A termbase holds concepts, each with terms in several languages (docs/terminology.md). A term's status is
# tm's reading of TBX's administrativeStatus (tm.formats.tbx maps the values): a preferred or admitted term
# may be used; a deprecated one (TBX supersededTerm) is questioned; a forbidden one (TBX deprecatedTerm,
# TBX-Basic's "do not use") is an error in QA.
PREFERRED, ADMITTED, DEPRECATED, FORBIDDEN = "preferred", "admitted", "deprecated", "forbidden"


@dataclass(frozen=True)
class Term:
    """One term of a concept in one language.

    ``status_raw`` keeps the status as the file wrote it, and ``extra`` the term's other data categories
    (context, source, termType, transactions...) as TBX elements in the DCA style, so that an export
    writes them back unchanged.
    """

    text: str
    lang: str
    status: str | None = None
    status_raw: str | None = None
    part_of_speech: str | None = None
    notes: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        """Whether a translation may use this term (not deprecated or forbidden)."""
        return self.status not in (DEPRECATED, FORBIDDEN)


@dataclass(frozen=True)
class Concept:
    """A concept: its terms in every language, and what is said about it.

    ``id`` is the concept's id in its file (TBX ``conceptEntry/@id``), ``key`` the termbase's own id once
    stored. ``extra`` / ``lang_extra`` keep the other data categories of the concept and of each language
    section (definitions, transactions, cross-references) as TBX elements, for export.
    """

    terms: tuple[Term, ...]
    id: str | None = None
    subject: str | None = None
    notes: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    lang_extra: tuple[tuple[str, str], ...] = ()  # (language, element)
    key: int | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([t.lang for t in self.terms] + [lang for lang, _ in self.lang_extra]))
