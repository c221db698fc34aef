"""A TM target with the document's inline codes in it, every element kept and none emptied.

Placeholders in a coded TM target stand for the TM's own codes. When the TM source has as many
placeholders as the segment, the n-th becomes the segment's n-th code. A code the target lacks is put
where it can be put with certainty:

- a paired element (``<b>``, ``<a href>``, ``<span>``, Markdown ``**``, a Word run's formatting) that
  encloses the segment's whole text encloses the whole target; one that encloses a piece of text found
  exactly once in the target (a name, a URL), as a whole word where it begins or ends with a letter or
  digit, encloses that piece there;
- otherwise, through the :class:`Anchor` s the caller gives: correspondences between a piece of the
  segment's text and a piece of the target that are certain (a termbase's name and its rendering, a
  number by value, the same Latin word, each found once on each side; :mod:`tm.leverage.anchors` finds
  them). An element whose text is covered by anchors (up to spaces and punctuation at its edges)
  encloses the target from the first of their target pieces to the last, provided no anchor of text
  outside the element has its target piece in between, and the element nests with the others as it
  does in the segment;
- a single code (``<br>``, ``<img>``) goes at the start when it opens the segment, else at the end;
- a paired element with no certain place: in a document written as itself (txt, md, html, docx:
  ``strict``), rather than an element emptied at the end of the sentence (``…online cinema.<b></b>``),
  the segment is not filled (:func:`place_codes` gives no target); in a bilingual draft (XLIFF, PO,
  TMX), where the reviewer sees the codes as tags, the pair goes at the end, for the reviewer to move.

Every decision is returned (:class:`Decision`: which codes, how they were placed, the text they enclose
on each side and the anchors used), so that a reviewer can see why a code stands where it does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tm.formats.documents.base import Segment
from tm.model import Code, is_placeholder, placeholder, strip_placeholders

_OPEN = frozenset({"open", "md-open"})
_CLOSE = frozenset({"close", "md-close"})
_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_WORDY = re.compile(r"[^\W_]")

# how a code was placed (Decision.how)
TM_CODE = "tm"  # the TM target's own code, by position
WHOLE = "whole"  # around the whole target: the element holds the whole sentence (or no text)
SAME_TEXT = "same-text"  # around the same text, found once in the target
ANCHORS = "anchors"  # around the target pieces of the anchors that cover its text
START, END = "start", "end"  # a single code, where it stands in the segment
FOR_REVIEW = "end-for-review"  # no certain place, a bilingual draft: at the end, for the reviewer
UNPLACED = "unplaced"  # no certain place, a document written as itself: the segment is not filled


@dataclass(frozen=True)
class Anchor:
    """A piece of the segment's text and the piece of the target that certainly translates it.

    ``source`` is a span of the segment's plain text (:func:`plain_source`), ``target`` a span of the
    target's plain text (placeholders left out); ``kind`` says what tells they correspond (``term``,
    ``number``, ``same``, ``dictionary``)."""

    kind: str
    source: tuple[int, int]
    target: tuple[int, int]
    source_text: str = ""
    target_text: str = ""


@dataclass(frozen=True)
class Decision:
    """Where one code (or an opening code and its closing one) of the segment was put in the target."""

    codes: tuple[int, ...]  # the segment's code numbers (placeholder offsets)
    how: str  # one of TM_CODE, WHOLE, SAME_TEXT, ANCHORS, START, END, FOR_REVIEW, UNPLACED
    source: str = ""  # the text the element encloses in the segment
    target: str = ""  # ...and in the target (empty when not placed around text)
    anchors: tuple[Anchor, ...] = ()


@dataclass(frozen=True)
class Placed:
    """The target with the segment's codes (None: a code had no certain place, ``strict``), and why."""

    target: str | None
    decisions: tuple[Decision, ...] = ()


AnchorSource = Sequence[Anchor] | Callable[[], Sequence[Anchor]]


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


def plain_source(seg: Segment) -> str:
    """The segment's text as anchors count in it: its coded text without the placeholders, a tab's or
    line break's too (not :func:`tm.model.plain_text`): offsets here map one to one past the
    placeholders (:func:`_plain_offsets`), and the TM target the anchors are found in is read the same
    way."""
    return strip_placeholders(seg.coded)


def _plain_offsets(coded: str) -> dict[int, int]:
    """Placeholder offset -> the offset in the plain text where it stands."""
    out: dict[int, int] = {}
    at = 0
    for ch in coded:
        if is_placeholder(ch):
            out.setdefault(ord(ch) - 0xE000, at)
        else:
            at += 1
    return out


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _word_edge(ch: str) -> bool:
    return bool(_WORDY.match(ch)) and not _HAN.match(ch)


def _once(text: str, piece: str) -> tuple[int, int] | None:
    """The span of ``piece`` in ``text`` when found exactly once (as a whole word at an edge that is a
    letter or digit of an alphabet)."""
    found: list[int] = []
    at = text.find(piece)
    while at >= 0:
        end = at + len(piece)
        if not (
            (_word_edge(piece[0]) and at > 0 and _word_edge(text[at - 1]))
            or (_word_edge(piece[-1]) and end < len(text) and _word_edge(text[end]))
        ):
            found.append(at)
        at = text.find(piece, at + 1)
    return (found[0], found[0] + len(piece)) if len(found) == 1 else None


def relation(a: tuple[int, int], b: tuple[int, int]) -> str:
    """How span ``a`` stands to span ``b``: ``equal``, ``in``, ``contains``, ``disjoint`` or ``cross``."""
    if a == b:
        return "equal"
    if a[1] <= b[0] or b[1] <= a[0]:
        return "disjoint"
    if b[0] <= a[0] and a[1] <= b[1]:
        return "in"
    if a[0] <= b[0] and b[1] <= a[1]:
        return "contains"
    return "cross"


def consistent(source_relation: str, target_relation: str) -> bool:
    """Whether two pieces that stand so in the source may stand so in the target (nesting kept)."""
    if "cross" in (source_relation, target_relation):
        return False
    if source_relation == "equal" or target_relation == "equal":
        return source_relation in ("equal", "in", "contains") and target_relation in (
            "equal",
            "in",
            "contains",
        )
    return source_relation == target_relation


def by_anchors(
    anchors: Sequence[Anchor], span: tuple[int, int], source: str
) -> tuple[tuple[int, int], tuple[Anchor, ...]] | None:
    """The target span for the source text ``span`` from the anchors in it, or None when they do not
    give one with certainty (see the module's rules)."""
    inner = [a for a in anchors if span[0] <= a.source[0] and a.source[1] <= span[1]]
    inner = [
        a for a in inner if not any(relation(a.source, b.source) == "in" for b in inner)
    ]  # the widest: a name, not its parts
    if not inner or len({(a.source, a.target) for a in inner}) != len({a.source for a in inner}):
        return None  # nothing, or one piece with two targets
    inner.sort(key=lambda a: a.source)
    if _WORDY.search(source[span[0] : inner[0].source[0]]) or _WORDY.search(
        source[max(a.source[1] for a in inner) : span[1]]
    ):
        return None  # words in the element that no anchor accounts for, at its edges
    start, end = min(a.target[0] for a in inner), max(a.target[1] for a in inner)
    for a in anchors:
        if a in inner or relation(a.source, span) in ("in", "equal"):
            continue
        if a.target[0] < end and start < a.target[1]:
            return None  # the target of text outside the element lies in between: not contiguous
    unique = tuple(dict.fromkeys(inner))
    return (start, end), unique


@dataclass
class _Span:
    """A pair of codes placed around a piece of the target."""

    open: int
    close: int
    source: tuple[int, int]
    target: tuple[int, int]
    order: int  # where the opening code stands in the segment: the outer of two opens first


def _fits(new: _Span, placed: list[_Span]) -> bool:
    return all(consistent(relation(new.source, s.source), relation(new.target, s.target)) for s in placed)


def _insert(text: str, spans: list[_Span]) -> str:
    """``text`` with each span's codes around its target piece (offsets in the plain text), nested as
    their pieces are."""
    where = [i for i, ch in enumerate(text) if not is_placeholder(ch)]
    inserts: list[tuple[tuple, str]] = []
    for s in spans:
        a, b = s.target
        at_open = where[a] if a < len(where) else len(text)
        at_close = where[b - 1] + 1 if b > 0 else 0
        inserts.append(((at_open, 1, -b, s.source[0], -s.source[1], s.order), placeholder(s.open)))
        inserts.append(((at_close, 0, -a, -s.source[0], s.source[1], -s.order), placeholder(s.close)))
    inserts.sort(key=lambda item: item[0])
    out, last = [], 0
    for key, ch in inserts:
        out.append(text[last : key[0]])
        out.append(ch)
        last = key[0]
    out.append(text[last:])
    return "".join(out)


def place_codes(
    target: str,
    tm_source: str | None,
    seg: Segment,
    strict: bool = False,
    anchors: AnchorSource = (),
) -> Placed:
    """``target`` with the segment's codes, and each placement decision (see the module's rules).
    ``anchors`` (or a function giving them, called only when an element needs them): correspondences
    between the segment's plain text and the target's. With ``strict``, the target is None when a
    paired element has no certain place in it."""
    n = len(seg.codes)
    if n == 0:
        return Placed(strip_placeholders(target))
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
    decisions: list[Decision] = [Decision((k,), TM_CODE) for k in sorted(used)]
    missing = [k for k in range(n) if k not in used and placeholder(k) in seg.coded]
    if not missing:
        return Placed(text, tuple(decisions))
    source = plain_source(seg)
    plain = strip_placeholders(text)
    whole = _strip_span(source, 0, len(source))
    offsets = _plain_offsets(seg.coded)
    in_target = _plain_offsets(text)
    pairs = code_pairs(seg)
    spans = [  # the TM's own pairs kept: what a placed element must nest with
        _Span(k, c, (offsets[k], offsets[c]), (in_target[k], in_target[c]), seg.coded.index(placeholder(k)))
        for k, c in pairs.items()
        if k in used and c in used and k in in_target and c in in_target
    ]
    fixed = len(spans)
    got: Sequence[Anchor] | None = None
    head: list[int] = []
    tail: list[int] = []
    done: set[int] = set()
    refused = False
    opener = {c: o for o, c in pairs.items()}
    for k in missing:
        if k in done or opener.get(k) in missing:
            continue  # placed, or a closing code placed with its opening one
        close = pairs.get(k)
        if close is None or close not in missing:
            done.add(k)
            leading = _leading(seg.coded, k)
            (head if leading else tail).append(k)
            decisions.append(Decision((k,), START if leading else END))
            continue
        done.update((k, close))
        span = _strip_span(source, offsets[k], offsets[close])
        inside = source[span[0] : span[1]]
        if span == whole or not inside:
            head.append(k)  # the element holds the whole text (or none): it holds the whole target
            tail.insert(0, close)
            decisions.append(Decision((k, close), WHOLE, inside, plain.strip() if inside else ""))
            continue
        found = _once(plain, inside)
        how, used_anchors = SAME_TEXT, ()
        if found is None:
            if got is None:
                got = list(anchors() if callable(anchors) else anchors)
            mapped = by_anchors(got, span, source)
            if mapped is not None:
                found, used_anchors = mapped
                how = ANCHORS
        if found is not None:
            new = _Span(k, close, span, found, seg.coded.index(placeholder(k)))
            if _fits(new, spans):
                spans.append(new)
                decisions.append(Decision((k, close), how, inside, plain[found[0] : found[1]], used_anchors))
                continue
        if strict:
            refused = True
            decisions.append(Decision((k, close), UNPLACED, inside))
        else:
            tail += [k, close]  # a bilingual draft shows it as tags, for the reviewer to move
            decisions.append(Decision((k, close), FOR_REVIEW, inside))
    decisions.sort(key=lambda d: d.codes)
    if refused:
        return Placed(None, tuple(decisions))
    text = _insert(text, spans[fixed:])
    return Placed(
        "".join(placeholder(k) for k in head) + text + "".join(placeholder(k) for k in tail), tuple(decisions)
    )


def transfer_codes(
    target: str, tm_source: str | None, seg: Segment, strict: bool = False, anchors: AnchorSource = ()
) -> str | None:
    """``target`` with the segment's codes (see the module's rules); with ``strict``, None when a paired
    element has no certain place in it."""
    return place_codes(target, tm_source, seg, strict, anchors).target


def _leading(source: str, k: int) -> bool:
    """Whether code ``k`` stands before any text of the segment."""
    for ch in source:
        if not is_placeholder(ch):
            return False
        if ord(ch) - 0xE000 == k:
            return True
    return False
