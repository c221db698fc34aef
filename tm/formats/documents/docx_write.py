"""One Word paragraph written back from coded text (the other half of :mod:`docx_runs`).

The paragraph's content is rebuilt (``w:pPr`` kept) from coded text whose placeholders are the codes
:func:`docx_runs.read_paragraph` made, in any order and each at most once: each span of text becomes a
run with the properties of the formatting code around it (or of the container's base), with the target
language and fonts where the text is a translation; a container code opens a copy of its container
(properties kept); every other code writes back what it stands for, with its run's properties.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from tm.formats.documents.docx_rpr import XML_SPACE, w
from tm.formats.documents.docx_runs import Box, Coded, Fmt, Raw, Runs
from tm.formats.documents.xmlinline import CLOSE, OPEN
from tm.model import is_placeholder


@dataclass
class _Frame:
    holder: etree._Element | None  # where runs go (a container frame); None for a formatting frame
    rpr: etree._Element | None
    code: int | None  # the opening code (None for the paragraph)


def write_paragraph(
    p: etree._Element,
    pieces: Iterable[tuple[str, bool]],
    coded: Coded,
    target_rpr: Callable[[etree._Element | None], etree._Element],
) -> None:
    """Make ``pieces`` (coded text with ``coded``'s placeholders; True where it is a translation) the
    content of ``p``. ``target_rpr`` gives the properties of translated text from the source's."""
    ppr = p.find(w("pPr"))
    for el in list(p):
        if el is not ppr:
            p.remove(el)
    stack = [_Frame(p, coded.base, None)]
    used: set[int] = set()
    buffer: list[str] = []
    state: list = [None, False]  # the rPr and target flag of the text in the buffer

    def holder() -> etree._Element:
        return next(f.holder for f in reversed(stack) if f.holder is not None)

    def flush() -> None:
        if buffer:
            _text_runs(holder(), "".join(buffer), state[0], state[1], target_rpr)
            buffer.clear()

    for piece, translated in pieces:
        for ch in piece:
            if not is_placeholder(ch):
                rpr = stack[-1].rpr
                if buffer and (state[0] is not rpr or state[1] != translated):
                    flush()
                state[0], state[1] = rpr, translated
                buffer.append(ch)
                continue
            n = ord(ch) - 0xE000
            if n >= len(coded.codes) or n in used:
                continue
            used.add(n)
            flush()
            _apply(n, coded, stack, holder)
    flush()


def _apply(n: int, coded: Coded, stack: list[_Frame], holder: Callable[[], etree._Element]) -> None:
    code, action = coded.codes[n], coded.actions[n]
    if isinstance(action, (Fmt, Box)) and code.kind in (OPEN, CLOSE):
        if code.kind == OPEN:
            if isinstance(action, Box):
                shell, inner = _shell(action.el)
                holder().append(shell)
                stack.append(_Frame(inner, action.base, n))
            else:
                stack.append(_Frame(None, action.rpr, n))
            return
        partner = coded.partner[n]
        if any(f.code == partner for f in stack):
            while stack[-1].code != partner:
                stack.pop()
            stack.pop()
        return
    parent = holder()
    if isinstance(action, Raw):
        for el in action.elements:
            parent.append(_copy(el))
    elif isinstance(action, Runs):
        for piece in action.pieces:
            if not piece.run:
                parent.extend(_copy(el) for el in piece.items)
                continue
            run = parent.makeelement(w("r"), {})
            if piece.rpr is not None:
                run.append(copy.deepcopy(piece.rpr))
            run.extend(_copy(item) for item in piece.items)
            parent.append(run)
    elif isinstance(action, Box):  # a container demoted to one code: never happens, kept whole
        parent.append(_copy(action.el))


def _copy(el: etree._Element) -> etree._Element:
    out = copy.deepcopy(el)
    out.tail = None
    return out


def _shell(el: etree._Element) -> tuple[etree._Element, etree._Element]:
    """An empty copy of container ``el`` (its properties kept) and the element its runs go into."""
    shell = el.makeelement(el.tag, dict(el.attrib))
    inner = shell
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if el.tag == w("sdt") and child.tag == w("sdtContent"):
            inner = shell.makeelement(child.tag, dict(child.attrib))
            shell.append(inner)
        elif child.tag.endswith("Pr") or child.tag == w("fldData"):
            shell.append(_copy(child))
    return shell, inner


_ILLEGAL = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def _text_runs(
    parent: etree._Element,
    text: str,
    rpr: etree._Element | None,
    translated: bool,
    target_rpr: Callable[[etree._Element | None], etree._Element],
) -> None:
    """Runs for ``text`` (a tab as ``w:tab``, a line break as ``w:br``)."""
    props = target_rpr(rpr) if translated else (copy.deepcopy(rpr) if rpr is not None else None)
    run = parent.makeelement(w("r"), {})
    if props is not None:
        run.append(props)
    chunk: list[str] = []

    def add_text() -> None:
        if chunk:
            t = run.makeelement(w("t"), {})
            t.text = "".join(chunk)
            if t.text != t.text.strip() or "  " in t.text:
                t.set(XML_SPACE, "preserve")
            run.append(t)
            chunk.clear()

    for ch in text.replace("\r\n", "\n").replace("\r", "\n").translate(_ILLEGAL):
        if ch in "\t\n":
            add_text()
            run.append(run.makeelement(w("tab" if ch == "\t" else "br"), {}))
        else:
            chunk.append(ch)
    add_text()
    parent.append(run)
