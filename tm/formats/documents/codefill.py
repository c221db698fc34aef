"""A TM target with the document's inline codes in it, every element kept and none emptied.

Placeholders in a coded TM target stand for the TM's own codes. When the TM source has as many
placeholders as the segment, the n-th becomes the segment's n-th code. A code the target lacks is put
where it can be put with certainty:

- a paired element (``<b>``, ``<a href>``, ``<span>``, Markdown ``**``) that encloses the segment's whole
  text encloses the whole target; one that encloses a piece of text found exactly once in the target
  (a name, a number, a URL) encloses that piece there;
- a single code (``<br>``, ``<img>``) goes at the start when it opens the segment, else at the end;
- a paired element whose content cannot be found in the target has no certain place. In a document
  written as itself (txt, md, html, docx: ``strict``), rather than an element emptied at the end of the
  sentence (``…online cinema.<b></b>``), :func:`transfer_codes` returns None and the segment is not
  filled; in a bilingual draft (XLIFF, PO, TMX), where the reviewer sees the codes as tags, the pair goes
  at the end, for the reviewer to move.
"""

from __future__ import annotations

from tm.formats.documents.base import Segment
from tm.model import Code, is_placeholder, placeholder, strip_placeholders

_OPEN = frozenset({"open", "md-open"})
_CLOSE = frozenset({"close", "md-close"})


def _opens(code: Code) -> bool | None:
    """True for an opening code, False for a closing one, None for a single code (or a toggle)."""
    if code.kind in _OPEN or (
        code.kind == "md-tag" and not code.xml.startswith("</") and not code.xml.endswith("/>")
    ):
        return True
    if code.kind in _CLOSE or (code.kind == "md-tag" and code.xml.startswith("</")):
        return False
    return None


def code_pairs(seg: Segment) -> dict[int, int]:
    """Opening code -> its closing code, by nesting in the segment (Markdown markers pair in turn)."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for ch in seg.coded:
        if not is_placeholder(ch):
            continue
        k = ord(ch) - 0xE000
        if k >= len(seg.codes):
            continue
        code = seg.codes[k]
        opens = _opens(code)
        if code.kind == "md-emph":  # ** and __ toggle: the second of a kind closes the first
            top = next((j for j in reversed(stack) if seg.codes[j].xml == code.xml), None)
            opens = top is None
        if opens:
            stack.append(k)
        elif opens is False or code.kind == "md-emph":
            match = next(
                (j for j in reversed(stack) if code.kind != "md-emph" or seg.codes[j].xml == code.xml), None
            )
            if match is not None:
                stack.remove(match)
                pairs[match] = k
    return pairs


def _enclosed(coded: str, first: int, last: int) -> str:
    """The plain text between placeholders ``first`` and ``last`` of ``coded``."""
    start = coded.index(placeholder(first)) + 1
    return strip_placeholders(coded[start : coded.index(placeholder(last))])


def transfer_codes(target: str, tm_source: str | None, seg: Segment, strict: bool = False) -> str | None:
    """``target`` with the segment's codes (see the module's rules); with ``strict``, None when a paired
    element has no certain place in it."""
    n = len(seg.codes)
    if n == 0:
        return strip_placeholders(target)
    out: list[str] = []
    used: set[int] = set()
    tm_count = sum(1 for ch in (tm_source or "") if is_placeholder(ch))
    for ch in target:
        if is_placeholder(ch):
            k = ord(ch) - 0xE000
            if tm_count == n and k < n and k not in used:
                used.add(k)
                out.append(placeholder(k))
        else:
            out.append(ch)
    text = "".join(out)
    missing = [k for k in range(n) if k not in used and placeholder(k) in seg.coded]
    if not missing:
        return text
    source = seg.coded.strip()
    whole = strip_placeholders(source).strip()
    head: list[int] = []
    tail: list[int] = []
    pairs = code_pairs(seg)
    done: set[int] = set()
    for k in missing:
        if k in done:
            continue
        close = pairs.get(k)
        if close is not None and close in missing:
            done.update((k, close))
            inside = _enclosed(seg.coded, k, close).strip()
            if inside == whole or not inside.strip():
                head.append(k)  # the element holds the whole text (or none): it holds the whole target
                tail.insert(0, close)
                continue
            found = text.find(inside)
            if found < 0 or text.find(inside, found + 1) >= 0:
                if strict:
                    return None  # no certain place for the element's content
                tail += [k, close]  # a bilingual draft shows it as tags, for the reviewer to move
                continue
            end = found + len(inside)
            text = text[:found] + placeholder(k) + inside + placeholder(close) + text[end:]
            continue
        done.add(k)
        if _leading(source, k):
            head.append(k)
        else:
            tail.append(k)
    return "".join(placeholder(k) for k in head) + text + "".join(placeholder(k) for k in tail)


def _leading(source: str, k: int) -> bool:
    """Whether code ``k`` stands before any text of the segment."""
    for ch in source:
        if not is_placeholder(ch):
            return False
        if ord(ch) - 0xE000 == k:
            return True
    return False
