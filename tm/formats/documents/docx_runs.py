"""One Word paragraph (``w:p``) as coded text, and back.

Reading flattens the paragraph into text and codes:

- text is the content of ``w:t``; runs whose formatting is the same (see :mod:`docx_rpr`) are one span;
- the formatting of a container's text (the paragraph's, a hyperlink's) that leaves the fewest codes
  is its *base* and is no code; every span in other formatting is a pair of codes
  (``<w:r><w:rPr>..</w:rPr>`` / ``</w:r>``), so a translator sees only the formatting that really
  changes inside the paragraph;
- hyperlinks, simple fields (``w:fldSimple``), content controls (``w:sdt``), smart tags and custom XML
  are pairs of codes around their content;
- a complex field (``w:fldChar`` begin .. ``w:instrText`` .. separate .. end) is a pair of codes: the
  opening holds the field code (never translated), the result between them is text; a field without
  result, or whose begin and end lie in different containers or paragraphs, is single codes;
- tabs, breaks, symbols, footnote, endnote and comment references, drawings and text boxes, objects:
  one code each, written back with their run's properties;
- hidden text (``w:vanish``), bookmarks, comment ranges, math and anything else: one code, copied whole;
- ``w:proofErr`` and ``w:lastRenderedPageBreak`` are dropped (Word recomputes them).

:mod:`docx_write` writes a paragraph back from coded text with these codes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from tm.formats.documents.docx_rpr import attr_name, canonical, is_hidden, tag_name, w
from tm.formats.documents.xmlinline import CLOSE, EMPTY, OPEN
from tm.model import Code, placeholder

CONTAINERS = frozenset(w(n) for n in ("hyperlink", "fldSimple", "smartTag", "customXml", "sdt", "dir", "bdo"))
DROPPED = frozenset({w("proofErr"), w("lastRenderedPageBreak")})
_PRIVATE = re.compile("([\ue000-\uf8ff])")


# -- what a code stands for ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Fmt:
    """A span of text in other formatting than the container's base."""

    rpr: etree._Element | None


@dataclass(frozen=True)
class Box:
    """A container (hyperlink, field, content control...) and the base formatting of its text."""

    el: etree._Element
    base: etree._Element | None
    key: str | None = None  # the base's formatting (None: no text directly inside)


@dataclass
class Piece:
    """Part of what one code writes: a run with properties ``rpr`` holding ``items`` (a tab, a field's
    instruction), or, where ``run`` is False, ``items`` themselves (a bookmark inside a field's code)."""

    rpr: etree._Element | None
    items: list[etree._Element]
    run: bool = True


@dataclass(frozen=True)
class Runs:
    """Runs written back as they were (a tab, a footnote reference, a field's code or end)."""

    pieces: tuple[Piece, ...]

    @property
    def rpr(self) -> etree._Element | None:
        return next((p.rpr for p in self.pieces if p.run), None)


@dataclass(frozen=True)
class Raw:
    """Elements copied whole (hidden runs, bookmarks, math)."""

    elements: tuple[etree._Element, ...]


Action = Fmt | Box | Runs | Raw


@dataclass
class Coded:
    """A paragraph's coded text: code ``n`` is ``codes[n]``, written by ``actions[n]``; ``partner[n]`` is
    the other half of a pair (or None); ``base`` is the paragraph's base formatting."""

    text: str
    codes: list[Code]
    actions: list[Action]
    partner: list[int | None]
    base: etree._Element | None

    @property
    def openers(self) -> str:
        return "".join(placeholder(n) for n, c in enumerate(self.codes) if c.kind == OPEN)

    def signature(self) -> tuple:
        return (self.text, tuple((c.kind, c.xml) for c in self.codes))


# -- reading ---------------------------------------------------------------------------------------------
@dataclass
class _Atom:
    kind: str  # text, open, close, runs, raw
    text: str = ""
    key: str | None = None  # formatting of text and runs; None: neutral (raw, containers)
    rpr: etree._Element | None = None
    action: Action | None = None
    role: str = ""  # runs: item, begin (a field's code), end (a field's end)
    field: int | None = None  # begin/end: which field


@dataclass
class _Walker:
    atoms: list[_Atom] = field(default_factory=list)
    fields: list[int] = field(default_factory=list)  # open fields (their numbers), innermost last
    collecting: list[Piece] | None = None  # a field's code being read (begin .. separate)
    depth: int = 0  # nesting of fields inside the code being collected
    counter: int = 0

    def walk(self, parent: etree._Element) -> None:
        for el in parent:
            if not isinstance(el.tag, str):
                self._raw(el)
            elif el.tag == w("pPr") or el.tag in DROPPED:
                continue
            elif el.tag == w("r"):
                self._run(el)
            elif el.tag in CONTAINERS:
                self._flush_code()
                holder = el.find(w("sdtContent")) if el.tag == w("sdt") else el
                start = len(self.atoms)
                self.atoms.append(_Atom("open", action=None))
                if holder is not None:
                    self.walk(holder)
                self._flush_code()
                base = _base(self.atoms[start + 1 :])
                box = Box(el, base[1], base[0]) if base else Box(el, None)
                self.atoms[start].action = box
                self.atoms.append(_Atom("close", action=box))
            else:
                self._raw(el)

    def _raw(self, el: etree._Element) -> None:
        if self.collecting is not None:
            self.collecting.append(Piece(None, [el], run=False))
            return
        last = self.atoms[-1] if self.atoms else None
        if last is not None and last.kind == "raw" and isinstance(last.action, Raw) and _is_run(el):
            if all(_is_run(x) for x in last.action.elements):  # hidden runs in a row: one code
                last.action = Raw((*last.action.elements, el))
                return
        self.atoms.append(_Atom("raw", action=Raw((el,))))

    def _run(self, r: etree._Element) -> None:
        rpr = r.find(w("rPr"))
        if is_hidden(rpr) and self.collecting is None:
            self._raw(r)
            return
        key = canonical(rpr)
        if self.collecting is not None:
            self.collecting.append(Piece(rpr, []))
        for item in r:
            if item.tag == w("rPr") or item.tag in DROPPED:
                continue
            if self.collecting is not None:
                self._collect(item)
            elif item.tag == w("t"):
                self._text(item, key, rpr)
            elif item.tag == w("fldChar") and item.get(w("fldCharType")) == "begin":
                self.collecting = [Piece(rpr, [item])]
                self.depth = 1
            elif item.tag == w("fldChar") and item.get(w("fldCharType")) == "end" and self.fields:
                action = Runs((Piece(rpr, [item]),))
                self.atoms.append(
                    _Atom("runs", key=key, rpr=rpr, action=action, role="end", field=self.fields.pop())
                )
            else:
                self.atoms.append(
                    _Atom("runs", key=key, rpr=rpr, action=Runs((Piece(rpr, [item]),)), role="item")
                )

    def _text(self, t: etree._Element, key: str, rpr: etree._Element | None) -> None:
        """The text of a ``w:t``; a private-use character in it (a symbol font's glyph) is a code, as tm's
        placeholders are private-use characters too."""
        for piece in _PRIVATE.split(t.text or ""):
            if not piece:
                continue
            if not _PRIVATE.fullmatch(piece):
                self.atoms.append(_Atom("text", piece, key, rpr))
                continue
            glyph = t.makeelement(w("t"), {})
            glyph.text = piece
            action = Runs((Piece(rpr, [glyph]),))
            self.atoms.append(_Atom("runs", key=key, rpr=rpr, action=action, role="item"))

    def _collect(self, item: etree._Element) -> None:
        """An element of a field's code (between begin and separate)."""
        if self.collecting is None:  # the caller collects only between a field's begin and separate
            raise ValueError("a field's code outside a field")
        self.collecting[-1].items.append(item)
        if item.tag != w("fldChar"):
            return
        kind = item.get(w("fldCharType"))
        if kind == "begin":
            self.depth += 1
        elif kind == "end":
            self.depth -= 1
            if self.depth == 0:  # a field without result: its code is one placeholder
                self._flush_code()
        elif kind == "separate" and self.depth == 1:
            self.counter += 1
            self.fields.append(self.counter)
            self._code_atom("begin", self.counter)

    def _code_atom(self, role: str, number: int | None = None) -> None:
        action = Runs(tuple(p for p in self.collecting or () if p.items))
        self.collecting = None
        if action.pieces:
            rpr = action.rpr
            self.atoms.append(
                _Atom("runs", key=canonical(rpr), rpr=rpr, action=action, role=role, field=number)
            )

    def _flush_code(self) -> None:
        """A field's code cut short (by a container or the paragraph's end), or without result: one code."""
        if self.collecting is not None:
            self._code_atom("item")


def _is_run(el: etree._Element) -> bool:
    return el.tag == w("r")


def _base(atoms: Iterable[_Atom]) -> tuple[str, etree._Element | None] | None:
    """The formatting of a container's text (the paragraph's, a hyperlink's) that is no code: the one
    that leaves the fewest codes, i.e. of the most spans of text directly in it (ties: of the most
    characters, then the first), with the properties of its longest piece of text."""
    spans: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    order: list[str] = []
    texts = []
    depth = 0
    current: str | None = None  # the formatting of the span being read
    for atom in atoms:
        if atom.kind in ("open", "close"):
            depth += 1 if atom.kind == "open" else -1
            current = None
        elif depth == 0 and atom.key is not None:
            if atom.key != current:
                current = atom.key
                counted = False
            if atom.kind == "text" and atom.text:
                if not counted:
                    spans[atom.key] += 1
                    counted = True
                chars[atom.key] += len(atom.text)
                if atom.key not in order:
                    order.append(atom.key)
                texts.append(atom)
    if not order:
        return None
    key = max(order, key=lambda k: (spans[k], chars[k], -order.index(k)))
    return key, _widest(a for a in texts if a.key == key)


def _widest(atoms: Iterable[_Atom]) -> etree._Element | None:
    """The properties of the longest text among ``atoms`` (those of the first atom if none has text)."""
    best: _Atom | None = None
    for atom in atoms:
        if best is None or (atom.kind == "text" and (best.kind != "text" or len(atom.text) > len(best.text))):
            best = atom
    return best.rpr if best is not None else None


def read_paragraph(p: etree._Element) -> Coded:
    """The coded text of paragraph ``p`` (see the module's docstring)."""
    walker = _Walker()
    walker.walk(p)
    walker._flush_code()
    atoms = walker.atoms
    base = _base(atoms)
    out = _Emitter()
    _emit(atoms, 0, len(atoms), base[0] if base else None, out)
    _demote_crossing(out)
    return Coded("".join(out.parts), out.codes, out.actions, out.partner, base[1] if base else None)


@dataclass
class _Emitter:
    parts: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    partner: list[int | None] = field(default_factory=list)
    fields: dict[int, int] = field(default_factory=dict)  # field number -> its begin's code

    def add(self, kind: str, xml: str, action: Action, ref: str | None = None) -> int:
        self.codes.append(Code(kind, xml, ref))
        self.actions.append(action)
        self.partner.append(None)
        self.parts.append(placeholder(len(self.codes) - 1))
        return len(self.codes) - 1

    def pair(self, a: int, b: int) -> None:
        self.partner[a], self.partner[b] = b, a


def _emit(atoms: list[_Atom], start: int, end: int, base: str | None, out: _Emitter) -> None:
    """Codes and text for ``atoms[start:end]``, one container's content, whose base formatting is ``base``."""
    k = start
    while k < end:
        atom = atoms[k]
        if atom.kind == "open":
            close = _matching_close(atoms, k)
            box = atom.action
            if not isinstance(box, Box):  # the walker opens containers with a Box
                raise TypeError(f"a container opened by {type(box).__name__}, not a Box")
            name = tag_name(box.el)
            a = out.add(OPEN, _start_tag(box.el), box, name)
            _emit(atoms, k + 1, close, box.key, out)
            out.pair(a, out.add(CLOSE, f"</{name}>", box, name))
            k = close + 1
            continue
        if atom.key is None:  # neutral: a bookmark, hidden text
            _emit_atom(atom, out)
            k += 1
            continue
        # a span: this atom and the following ones in the same formatting (neutral ones between them too)
        j, last, has_text = k, k, False
        while j < end and atoms[j].kind not in ("open", "close"):
            if atoms[j].key is not None:
                if atoms[j].key != atom.key:
                    break
                last = j
                has_text = has_text or atoms[j].kind == "text"
            j += 1
        wrap = has_text and atom.key != base
        if wrap:
            fmt = Fmt(_widest(a for a in atoms[k : last + 1] if a.key == atom.key))
            a = out.add(OPEN, "<w:r>" + atom.key, fmt, "r")
        for m in range(k, last + 1):
            _emit_atom(atoms[m], out)
        if wrap:
            out.pair(a, out.add(CLOSE, "</w:r>", fmt, "r"))
        k = last + 1


def _matching_close(atoms: list[_Atom], k: int) -> int:
    depth = 0
    for j in range(k, len(atoms)):
        if atoms[j].kind == "open":
            depth += 1
        elif atoms[j].kind == "close":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError("unbalanced containers")  # the walker always closes what it opens


def _emit_atom(atom: _Atom, out: _Emitter) -> None:
    if atom.kind == "text":
        out.parts.append(atom.text)
        return
    action = atom.action
    if isinstance(action, Raw):
        out.add(EMPTY, _describe(action.elements), action, _name(action.elements[0]))
        return
    if not isinstance(action, Runs):  # every atom but text carries Raw or Runs
        raise TypeError(f"a {atom.kind} atom carrying {type(action).__name__}")
    if atom.role == "begin":
        n = out.add(OPEN, _describe_field(action), action, "fld")
        out.fields[atom.field or 0] = n
    elif atom.role == "end" and atom.field in out.fields:
        n = out.add(CLOSE, '<w:fldChar w:fldCharType="end"/>', action, "fld")
        out.pair(out.fields.pop(atom.field), n)
    else:
        items = tuple(item for piece in action.pieces for item in piece.items)
        out.add(EMPTY, _describe(items), action, _name(items[0]))


def _name(el: etree._Element) -> str | None:
    return tag_name(el) if isinstance(el.tag, str) else None


def _demote_crossing(out: _Emitter) -> None:
    """Pairs that do not nest (a field whose begin and end straddle a formatting span or container), and
    field begins whose end never came, become single codes."""
    stack: list[int] = []
    for n, code in enumerate(out.codes):
        if code.kind == OPEN:
            stack.append(n)
        elif code.kind == CLOSE:
            p = out.partner[n]
            if stack and stack[-1] == p:
                stack.pop()
                continue
            if isinstance(out.actions[n], Runs):  # a field's end: its pair crosses the span
                _demote(out, n)
                continue
            while stack and stack[-1] != p:  # field begins inside a span that closes here
                _demote(out, stack.pop())
            if stack:
                stack.pop()
    for n in stack:
        _demote(out, n)


def _demote(out: _Emitter, n: int) -> None:
    for k in (n, out.partner[n]):
        if k is not None:
            out.codes[k] = Code(EMPTY, out.codes[k].xml, out.codes[k].ref)
            out.partner[k] = None


def _start_tag(el: etree._Element) -> str:
    attrs = "".join(
        f' {attr_name(el, k, "")}="{v}"'
        for k, v in el.attrib.items()
        if not k.rsplit("}", 1)[-1].startswith("rsid")
    )
    return f"<{tag_name(el)}{attrs}>"


_SHORT = frozenset(w(n) for n in ("drawing", "pict", "object", "ruby", "r")) | {
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
}


def _describe(elements: tuple[etree._Element, ...]) -> str:
    """What a single code shows: small elements as they are, drawings and hidden runs by name."""
    out = []
    for el in elements:
        if not isinstance(el.tag, str):
            out.append(etree.tostring(el, encoding="unicode", with_tail=False))
        elif el.tag == w("t"):  # a private-use glyph, written as a character reference
            out.append("<w:t>" + "".join(f"&#x{ord(ch):X};" for ch in el.text or "") + "</w:t>")
        elif el.tag in _SHORT or len(el):
            out.append(f"<{tag_name(el)}/>")
        else:
            out.append(_start_tag(el)[:-1] + "/>")
    return "".join(out)


def _describe_field(action: Runs) -> str:
    instr = "".join(item.text or "" for p in action.pieces for item in p.items if item.tag == w("instrText"))
    return f'<w:fldChar w:fldCharType="begin"/><w:instrText>{_escape(instr)}</w:instrText><w:fldChar w:fldCharType="separate"/>'


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
