"""Plain text and Markdown documents: each line's text is a block, split into sentences.

Plain text: every non-blank line is a block (a paragraph, a headline, a list item), leading and
trailing whitespace and line endings kept. Markdown: the structure stays as it is (headings, quotes,
list markers, table pipes, fenced and indented code, front matter, link definitions); inside a block,
code spans, link targets, inline HTML and emphasis markers are inline codes, copied unchanged.
Written back with no fills, both give the input byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from tm.errors import FormatError
from tm.formats.atomic import write_atomic
from tm.formats.documents.base import LITERAL, Document, Fill, expand_codes, literal_codes
from tm.formats.documents.blocks import Block, assemble, split_block
from tm.formats.textsafe import clean_text
from tm.model import Code, IssueSink, placeholder

_BOM = "\ufeff"
_WORDLIKE = re.compile(r"[^\W_]")


def read_text(path: Path, on_issue: IssueSink | None = None) -> tuple[str, bool]:
    """The file's text (UTF-8, with or without BOM) and whether it had a BOM; characters XML cannot hold
    are removed, each reported to ``on_issue`` with its line (tm.formats.textsafe)."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise FormatError(f"not UTF-8 text: {err.reason} (byte {err.start})", path, line) from None
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror}", path) from None
    text = clean_text(text, str(path), on_issue)
    if text.startswith(_BOM):
        return text[1:], True
    return text, False


class _LineDocument(Document):
    """A document read line by line: each line is skeleton around zero or more blocks (chunks)."""

    def __init__(self, path: str | Path, lang: str | None = None) -> None:
        super().__init__(path, lang)
        text, self._bom = read_text(self.path, self.issues.append)
        self._lines = text.splitlines(keepends=True)
        # per line: list of (start, end, Block) in the line's text
        self._blocks: list[list[tuple[int, int, Block]]] = []
        for line in self._chunked_lines():
            placed = []
            for start, end, coded, codes, openers in line:
                block, segs = split_block(coded, codes, lang or "en", len(self.segments), openers)
                if segs:
                    placed.append((start, end, block))
                    self.segments.extend(segs)
            self._blocks.append(placed)

    def _chunked_lines(self):
        """For each line: the chunks that are blocks, as (start, end, coded, codes, openers)."""
        for line in self._lines:
            body = line.rstrip("\r\n")
            if not _WORDLIKE.search(body):
                yield []
                continue
            codes: list[Code] = []
            coded = literal_codes(body, codes)
            yield [(0, len(body), coded, tuple(codes), "")]

    def write(
        self, out: str | Path, fills: Mapping[int, Fill], tgt: str, notes: Mapping[int, str] | None = None
    ) -> None:
        parts = [_BOM] if self._bom else []
        for line, placed in zip(self._lines, self._blocks, strict=True):
            pos = 0
            for start, end, block in placed:
                parts.append(line[pos:start])
                coded = assemble(block, fills, self.source_lang, tgt)
                parts.append(expand_codes(coded, block.codes))
                pos = end
            parts.append(line[pos:])
        write_atomic(out, "".join(parts).encode("utf-8"))


class TextDocument(_LineDocument):
    format = "txt"


# -- Markdown ----------------------------------------------------------------------------------------
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_PREFIX = re.compile(r"^\s*(?:>\s?)*\s*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)?")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_HEADING_TAIL = re.compile(r"\s+#+\s*$")
_INLINE = re.compile(
    r"(?P<code>(`+).+?\2)"  # code span, untouched
    r"|(?P<open>!?\[)"  # link or image text opens
    r"|(?P<close>\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|\]\[[^\]]*\])"  # ...and closes with its target
    r"|(?P<auto><(?:https?|mailto):[^>\s]+>)"  # autolink
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"  # inline HTML
    r"|(?P<emph>\*\*|__|~~)"  # strong and strike markers
    r"|(?P<br> {2,}$|\\$)"  # hard line break
    r"|(?P<private>[\ue000-\uf8ff])"  # a private-use character of the text: a literal code
)


def _md_codes(text: str) -> tuple[str, tuple[Code, ...], str]:
    """Coded text, codes and opener placeholders of one Markdown block."""
    out: list[str] = []
    codes: list[Code] = []
    openers = []
    pos = 0
    for m in _INLINE.finditer(text):
        out.append(text[pos : m.start()])
        kind = m.lastgroup or "code"
        codes.append(Code(LITERAL if kind == "private" else f"md-{kind}", m.group()))
        ph = placeholder(len(codes) - 1)
        is_opening = kind == "open" or (kind == "tag" and not m.group().startswith("</"))
        if kind == "emph":
            is_opening = m.end() < len(text) and not text[m.end()].isspace()
        if is_opening:
            openers.append(ph)
        out.append(ph)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), tuple(codes), "".join(openers)


class MarkdownDocument(_LineDocument):
    format = "md"

    def _chunked_lines(self):
        fence: str | None = None
        front = bool(self._lines) and self._lines[0].rstrip() == "---"
        previous_blank = True
        for number, line in enumerate(self._lines):
            body = line.rstrip("\r\n")
            chunks = []
            fence_match = _FENCE.match(body)
            if front:
                front = not (number > 0 and body.rstrip() in ("---", "..."))
            elif fence is not None:
                if (
                    fence_match
                    and fence_match.group(1)[0] == fence[0]
                    and len(fence_match.group(1)) >= len(fence)
                ):
                    fence = None
            elif fence_match:
                fence = fence_match.group(1)
            elif (
                (_INDENTED.match(body) and previous_blank) or _LINK_DEF.match(body) or _TABLE_RULE.match(body)
            ):
                pass
            elif body.lstrip().startswith("|"):
                chunks = self._cells(body)
            else:
                start = _PREFIX.match(body).end()
                tail = _HEADING_TAIL.search(body) if body.lstrip().startswith("#") else None
                end = tail.start() if tail else len(body)
                chunks = self._chunk(body, start, end)
            previous_blank = not body.strip() or (previous_blank and _INDENTED.match(body) is not None)
            yield chunks

    def _cells(self, body: str) -> list:
        chunks = []
        for m in re.finditer(r"(?<=\|)[^|]+(?=\|)|(?<=\|)[^|]+$", body):
            chunks.extend(self._chunk(body, m.start(), m.end()))
        return chunks

    @staticmethod
    def _chunk(body: str, start: int, end: int) -> list:
        text = body[start:end]
        if not _WORDLIKE.search(text):
            return []
        coded, codes, openers = _md_codes(text)
        return [(start, end, coded, codes, openers)]
