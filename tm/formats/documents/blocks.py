"""Blocks of monolingual documents (a paragraph, headline, list item, table cell) split into sentences.

A block is coded text (placeholders for inline codes) plus its codes. Each sentence becomes a
:class:`Segment` whose placeholders are renumbered from 0; :func:`assemble` puts the targets back into
the block, with the block's own numbering, keeping whatever lies outside the sentences unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tm.formats.documents.base import Fill, Segment, join_gap, mark_untranslated
from tm.model import Code, is_placeholder, placeholder
from tm.text.segment import segmenter

_WORDLIKE = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Block:
    coded: str
    codes: tuple[Code, ...]
    spans: tuple[tuple[int, int], ...]  # sentences, as offsets in coded
    first: int  # index of the block's first segment in the document


def split_block(
    coded: str, codes: tuple[Code, ...], lang: str, first: int, openers: str = ""
) -> tuple[Block, list[Segment]]:
    """The block and its segments (sentences holding a letter or digit), numbered from ``first``."""
    spans = [(a, b) for a, b in segmenter(lang).spans(coded, openers) if _WORDLIKE.search(_plain(coded[a:b]))]
    segments = []
    for k, (a, b) in enumerate(spans):
        local, seg_codes = renumber(coded[a:b], codes)
        segments.append(Segment(first + k, str(first + k + 1), local, seg_codes, block=first))
    return Block(coded, codes, tuple(spans), first), segments


def _plain(text: str) -> str:
    return "".join(ch for ch in text if not is_placeholder(ch))


def renumber(piece: str, codes: Sequence[Code]) -> tuple[str, tuple[Code, ...]]:
    """``piece`` with its placeholders numbered from 0 in order, and the codes they stand for."""
    out = []
    local: list[Code] = []
    for ch in piece:
        if is_placeholder(ch):
            local.append(codes[ord(ch) - 0xE000])
            out.append(placeholder(len(local) - 1))
        else:
            out.append(ch)
    return "".join(out), tuple(local)


def _restore(target: str, piece: str) -> str:
    """A segment's target with its local placeholders turned back into the block's numbering."""
    block_numbers = [ch for ch in piece if is_placeholder(ch)]
    out = []
    for ch in target:
        if is_placeholder(ch):
            k = ord(ch) - 0xE000
            if k < len(block_numbers):
                out.append(block_numbers[k])
        else:
            out.append(ch)
    return "".join(out)


def assemble(block: Block, fills: Mapping[int, Fill], src: str | None, tgt: str, mark: bool = True) -> str:
    """The block's coded text with each sentence replaced by its fill (marked source where none)."""
    return "".join(piece for piece, _ in assemble_parts(block, fills, src, tgt, mark))


def assemble_parts(
    block: Block, fills: Mapping[int, Fill], src: str | None, tgt: str, mark: bool = True
) -> list[tuple[str, bool]]:
    """:func:`assemble`'s text in pieces, each with whether it is a fill's target (True) or the source's
    (a sentence without a fill, the skeleton between sentences), for formats that mark the language."""
    if not block.spans:
        return [(block.coded, False)]
    parts = [(block.coded[: block.spans[0][0]], False)]
    for k, (a, b) in enumerate(block.spans):
        piece = block.coded[a:b]
        fill = fills.get(block.first + k)
        if fill is not None:
            parts.append((_restore(fill.target, piece), True))
        else:
            parts.append((mark_untranslated(piece) if mark else piece, False))
        if k + 1 < len(block.spans):
            gap = block.coded[b : block.spans[k + 1][0]]
            # two sentences left in the source language keep the source's gap
            translated = fill is not None or block.first + k + 1 in fills
            parts.append((join_gap(gap, src, tgt) if translated else gap, False))
    parts.append((block.coded[block.spans[-1][1] :], False))
    return parts
