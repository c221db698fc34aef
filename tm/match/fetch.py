"""Reading the few units a lookup needs, with the language codes resolved once per :class:`Matcher`.

``SqliteStore.pairs`` and ``.context`` resolve the languages on every call, which reads the whole
``variants`` language index (tens of milliseconds at a million units): a lookup calls these instead.
They choose the same variants (tested against ``SqliteStore.pairs`` in the property test).
"""

from __future__ import annotations

from collections.abc import Iterator

from tm.model import Variant
from tm.store import codec

IN_CHUNK = 500


def pairs(
    con, unit_ids: list[int], src_codes: list[str], tgt_codes: list[str]
) -> Iterator[tuple[int, Variant, Variant]]:
    """(unit id, source, target) of the given units holding both: each language's best-ranked variant
    (first in unit order among equals); a code asked for as both counts as source."""
    rank = {code: i for i, code in enumerate(src_codes)}
    trank = {code: i for i, code in enumerate(tgt_codes)}
    wanted = tuple(dict.fromkeys(src_codes + tgt_codes))
    lang_marks = ",".join("?" * len(wanted))
    ids = sorted(set(unit_ids))
    for i in range(0, len(ids), IN_CHUNK):
        part = ids[i : i + IN_CHUNK]
        rows = con.execute(
            f"SELECT unit_id, lang, text, coded, meta FROM variants WHERE lang IN ({lang_marks}) "
            f"AND unit_id IN ({','.join('?' * len(part))}) ORDER BY unit_id, ord",
            (*wanted, *part),
        )
        best: dict[int, list] = {}
        for unit_id, code, text, coded, meta in rows:
            slot = best.setdefault(unit_id, [None, None])
            if code in rank:
                if slot[0] is None or rank[code] < slot[0][0]:
                    slot[0] = (rank[code], codec.variant_from_row(code, text, coded, meta))
            elif code in trank and (slot[1] is None or trank[code] < slot[1][0]):
                slot[1] = (trank[code], codec.variant_from_row(code, text, coded, meta))
        for unit_id, (s, t) in best.items():
            if s is not None and t is not None:
                yield unit_id, s[1], t[1]


def contexts(con, unit_id: int, src_codes: list[str]) -> list[tuple[str | None, str | None]]:
    """For each place the unit was imported from: the source text of the previous and next segment."""
    order = {code: i for i, code in enumerate(src_codes)}
    out = []
    for origin_id, position in con.execute(
        "SELECT origin_id, position FROM occurrences WHERE unit_id = ? ORDER BY origin_id, position",
        (unit_id,),
    ).fetchall():
        around = []
        for pos in (position - 1, position + 1):
            texts = con.execute(
                "SELECT v.lang, v.text FROM occurrences o JOIN variants v ON v.unit_id = o.unit_id "
                "WHERE o.origin_id = ? AND o.position = ? ORDER BY o.unit_id, v.ord",
                (origin_id, pos),
            ).fetchall()
            ranked = sorted((order[lang], n) for n, (lang, _) in enumerate(texts) if lang in order)
            around.append(texts[ranked[0][1]][1] if ranked else None)
        out.append((around[0], around[1]))
    return out
