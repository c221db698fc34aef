"""Where a matched TM source differs from the query, for highlighting."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from tm.text.tokenize import tokenize


def differences(query: str, source: str) -> list[tuple[str, bool]]:
    """``source`` cut into pieces, each flagged True where it is not in the query (token alignment over
    words, characters and punctuation; case counts as a difference). Joining the pieces gives ``source``."""
    q = tokenize(query)
    s = tokenize(source)
    changed = [True] * len(s)
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes([t.key for t in q], [t.key for t in s]):
        if tag == "equal":
            for offset, (a, b) in enumerate(zip(q[i1:i2], s[j1:j2], strict=True)):
                changed[j1 + offset] = a.text != b.text
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for token, flag in zip(s, changed, strict=True):
        if token.start > pos:
            _add(pieces, source[pos : token.start], False if not pieces else pieces[-1][1] and flag)
        _add(pieces, source[token.start : token.end], flag)
        pos = token.end
    if pos < len(source):
        _add(pieces, source[pos:], False)
    return pieces


def _add(pieces: list[tuple[str, bool]], text: str, flag: bool) -> None:
    if pieces and pieces[-1][1] == flag:
        pieces[-1] = (pieces[-1][0] + text, flag)
    else:
        pieces.append((text, flag))
