"""Fuzzy lookup over a TM store: the indexed path, with the brute-force scan for what is not indexed.

>>> with open_store("tm.db") as store:                                          # doctest: +SKIP
...     matcher = Matcher(store, "zh", "en", min_score=70, limit=5)
...     for text, prev, nxt in segments:
...         best = matcher.lookup(text, prev=prev, next=nxt)
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator

from tm.bands import MAX_QUERY
from tm.errors import QueryTooLong
from tm.lang import distinct_pair
from tm.match import plans
from tm.match.oracle import entry_match
from tm.match.penalties import DEFAULT_POLICY, Policy
from tm.match.plans import Scan, search
from tm.match.results import CONTEXT_SCORE, Match, make_match, rank_key
from tm.match.score import SIGNATURE, Analysed, analyse, finish
from tm.model import Variant
from tm.store.filters import UnitInfo
from tm.store.protocol import Store

KEEP_UNITS = 20_000  # pairs and facts of units kept between lookups (then dropped, and read again)
VERIFY_BATCH = 64  # candidates fully scored per step while the top-k cutoff rises
LEVELS = (100,)  # minimum scores searched first, while above the one asked for


class Matcher:
    """Lookups in one store for one language pair, with the settings opened once (batch-friendly).

    ``src`` and ``tgt`` are requests as users write them (``zh`` finds ``zh-CN``); each unit's best-ranked
    variant of each is used, as :meth:`Store.pairs` chooses it. The first lookup brings the store's match
    index up to date when the store is writable (the units imported since the last lookup are indexed: see
    :meth:`MatchIndex.ready`); in a read-only store, units above the index's watermark are scanned instead.
    Either way the result is exactly what scoring every unit would give.

    ``policy`` holds the unit penalties (status, origin, age) and the filter on units
    (:mod:`tm.match.penalties`). ``signature`` names the scorer and its settings (for reports). ``plan``
    pins the candidate plan (one of :data:`tm.match.plans.PLANS`, to compare them; None: the cheapest by
    the estimates). A query longer than ``max_length`` characters is refused with
    :class:`tm.errors.QueryTooLong` (None: no limit).
    """

    def __init__(
        self,
        store: Store,
        src: str,
        tgt: str,
        *,
        min_score: float = 70,
        limit: int = 5,
        plan: str | None = None,
        policy: Policy = DEFAULT_POLICY,
        max_length: int | None = MAX_QUERY,
    ) -> None:
        distinct_pair(src, tgt)
        self.store = store
        self.src, self.tgt = src, tgt
        self.src_codes = store.resolve(src)
        self.tgt_codes = store.resolve(tgt)
        self.min_score = min_score
        self.limit = limit
        self.policy = policy
        self.signature = f"{SIGNATURE}+unit:{policy.signature()}"
        self.plan = plan
        self.max_length = max_length
        self.index = getattr(store, "index", None)  # a store without an index is scanned
        self._ready = False
        self._langs: list[str] = []
        self._tail: list[int] = []
        self._scans: dict[str, Scan | None] = {}  # per language: the small-language plan, or None
        self._version: int | None = None  # the TM's data_version when the above and below were read
        self._pairs: dict[int, tuple[Variant, Variant] | None] = {}  # unit id -> its pair (None: none)
        self._infos: dict[int, UnitInfo] = {}  # unit id -> its facts

    def prepare(self, progress=None) -> None:
        """Catch the index up (writable store) or note the units it lacks (read-only); done once, by the
        first lookup if not called before. ``progress``: see :meth:`MatchIndex.ready`."""
        if self._ready or self.index is None:
            self._ready = True
            return
        status = self.index.ready(self.src_codes, progress)
        self._langs, self._tail = list(status.languages), list(status.tail)
        self._ready = True

    def lookup(
        self,
        text: str,
        *,
        prev: str | None = None,
        next: str | None = None,
        min_score: float | None = None,
        limit: int | None = None,
    ) -> list[Match]:
        """The best ``limit`` matches of ``text`` scoring at least ``min_score``, best first (ties: the
        newer unit first). ``prev``/``next`` are the query's neighbouring source segments: an exact
        match that occurred between the same neighbours scores 101 (a context match). ``text`` may hold
        inline-code placeholders (U+E000...)."""
        if self.max_length is not None and len(text) > self.max_length:
            raise QueryTooLong(len(text), self.max_length)
        min_score = self.min_score if min_score is None else min_score
        limit = self.limit if limit is None else limit
        if limit <= 0:
            return []
        self.prepare()
        # inside an open transaction (of a writable store: a read-only one's is a snapshot) its own writes
        # change the TM, which data_version does not show
        joined = self.index is not None and not self.store.readonly and self.index.in_transaction()
        # one state of the TM for the whole lookup: other processes' imports are seen whole or not at all
        with self.store.snapshot():
            if self.index is not None:
                self._refresh(None if joined else self.store.data_version())
            return self._lookup(text, prev, next, min_score, limit)

    def _refresh(self, version: int | None) -> None:
        """The index's status (its languages, the units above its watermarks), the small languages'
        scans and the units' pairs and facts read so far, as of the snapshot the lookup reads: kept from
        the last lookup while the TM's ``data_version`` (read inside the snapshot: any commit, by this
        connection or another process, changes it) is the same; else read again (the scans made again
        from the index, the units when a lookup needs them). ``version`` None (a lookup inside an open
        transaction): the status and units are read again, and a scan is made again where its
        language's watermark moved."""
        if version is not None and version == self._version:
            return
        self._pairs.clear()
        self._infos.clear()
        status = self.index.status(self.src_codes)
        self._langs, self._tail = list(status.languages), list(status.tail)
        if version is None:
            for code, scan in list(self._scans.items()):
                if scan is not None and scan.watermark != self.index.watermark(code):
                    del self._scans[code]
        else:
            self._scans.clear()
        self._version = version

    def _lookup(
        self, text: str, prev: str | None, next: str | None, min_score: float, limit: int
    ) -> list[Match]:
        query = analyse(text)

        def score(unit_ids: list[int] | None, floor: float, results: list[Match]) -> list[Match]:
            return self._verify(query, unit_ids, floor, limit, prev, next, results)

        if self.index is None or min_score <= 0:
            return score(None, min_score, [])
        context_possible = prev is not None or next is not None
        results: list[Match] = score(self._tail, min_score, []) if self._tail else []
        cutoff = min_score
        # the tail's units are scored already (another process may have indexed them since)
        scored: set[int] = set(self._tail)
        # High thresholds first: their searches are cheap, and when they already fill the top ``limit``
        # with scores at or above the level, no unit below it can enter (its score is under the level).
        # (a backend that pays a round trip per read may skip the first levels: ``index.levels``)
        first = getattr(self.index, "levels", LEVELS)
        levels = [level for level in first if level > min_score] + [min_score]
        if all(self._scanned(code, query.keys, min_score - 0.05 - 1e-6) for code in self._langs):
            levels = [min_score]  # a scan costs the same at every level: one is enough
        for level in levels:
            tau = level - 0.05 - 1e-6  # scores are rounded to one decimal
            found: dict[int, float] = {}
            for code in self._langs:
                for base, uid in self._search(code, query.keys, tau):
                    if uid not in scored and base > found.get(uid, -1.0):
                        found[uid] = base
            order = sorted(found.items(), key=lambda item: (-item[1], -item[0]))
            for start in range(0, len(order), VERIFY_BATCH):
                batch = [
                    uid
                    for uid, base in order[start : start + VERIFY_BATCH]
                    if _bound(base, context_possible) >= cutoff
                ]
                if not batch:
                    break  # candidates come best first: none after this can qualify either
                scored.update(batch)
                results = score(batch, cutoff, results)
                if len(results) >= limit:
                    cutoff = max(cutoff, results[-1].score)
            if len(results) >= limit and results[-1].score >= level:
                break
        return [m for m in results if m.score >= min_score]

    def _search(self, code: str, keys: tuple[str, ...], tau: float) -> list[tuple[float, int]]:
        """The candidates of one language: scanned where the language is small and the query's length
        window holds few of its sequences (:class:`tm.match.plans.Scan`), from the index's plans
        otherwise (or as ``plan`` pins it)."""
        if self._scanned(code, keys, tau):
            return self._scans[code].search(keys, tau)
        return search(self.index, code, keys, tau, plan=self.plan)

    def _scanned(self, code: str, keys: tuple[str, ...], tau: float) -> bool:
        """Whether the language's sequences are scanned for this query (see :meth:`_search`)."""
        if code not in self._scans:
            small = self.plan == "scan" or (
                self.plan is None and self.index.watermark(code) <= plans.SCAN_BELOW
            )
            self._scans[code] = Scan(self.index, code) if small else None
        scan_plan = self._scans[code]
        if scan_plan is None or not keys:
            return False
        if scan_plan.bits is not None or self.plan == "scan":
            return True  # a few thousand units: the count filter on bitmaps in memory, then rapidfuzz
        first, last = scan_plan.window(len(keys), tau)
        return last - first <= plans.SCAN_WINDOW

    def _verify(
        self,
        query: Analysed,
        unit_ids: list[int] | None,
        floor: float,
        limit: int,
        prev: str | None,
        nxt: str | None,
        results: list[Match],
    ) -> list[Match]:
        """``results`` (the top ``limit``, best first) with the given units (None: every unit; else best
        first) fully scored into it, as the oracle's :func:`tm.match.oracle.scan` scores them (matches
        below ``floor`` left out). A unit whose text score alone cannot rank above the last of a full top ``limit`` is dropped
        before its match is made: penalties only lower that score (but a 100 may become a context 101), and
        adapting the target and reading the unit's facts cost more than the score itself."""
        context_possible = prev is not None or nxt is not None
        results = list(results)
        entries = self._entries(unit_ids)
        if unit_ids is not None:  # in the order given (best first: the top fills early), not by id
            held = {entry[0]: entry for entry in entries}
            entries = (held[uid] for uid in unit_ids if uid in held)
        for entry in entries:
            # numbers read with the unit's language, as carrying reads them; below the floor, not read
            scored = finish(query, analyse(entry[1].content), entry[1].lang, floor=min(floor, 100.0))
            bound = CONTEXT_SCORE if scored.score == 100.0 and context_possible else scored.score
            if bound < floor:
                continue
            if len(results) >= limit and (-bound, -entry[0]) > rank_key(results[-1]):
                continue  # ranks below the last of the top ``limit`` even before its penalties
            m = entry_match(query, entry, scored, prev, nxt, self.policy)
            if m is not None and m.score >= floor:
                bisect.insort(results, m, key=rank_key)
                del results[limit:]
        return results

    def _entries(self, unit_ids: list[int] | None) -> Iterator[tuple]:
        """The oracle's entries for the given units (None: every unit), contexts and dates read only for
        the matches that need them. Pairs and facts read by an earlier lookup are kept while the TM is
        unchanged (see :meth:`_refresh`; with no index, nothing is kept)."""
        store, src_codes = self.store, self.src_codes
        if unit_ids is None or self.index is None:
            pairs = store.pairs(src_codes, self.tgt_codes, unit_ids)
        else:
            pairs = self._read_pairs(unit_ids)
        for uid, source, target in pairs:
            yield (uid, source, target, lambda uid=uid: store.contexts(uid, src_codes), self._info(uid))

    def _read_pairs(self, unit_ids: list[int]) -> list[tuple[int, Variant, Variant]]:
        """:meth:`Store.pairs` of the given units, reading only those no lookup has read since the TM
        last changed."""
        kept = self._pairs
        if len(kept) > KEEP_UNITS:
            kept.clear()
        missing = [uid for uid in unit_ids if uid not in kept]
        if missing:
            kept.update(dict.fromkeys(missing))  # units without a pair stay None
            for uid, source, target in self.store.pairs(self.src_codes, self.tgt_codes, missing):
                kept[uid] = (source, target)
        return [(uid, *kept[uid]) for uid in unit_ids if kept[uid] is not None]

    def _info(self, uid: int) -> Callable[[], UnitInfo]:
        """The unit's facts (:meth:`Store.unit_info`), read when first asked (kept as :meth:`_read_pairs`
        keeps pairs)."""
        infos = self._infos

        def info() -> UnitInfo:
            found = infos.get(uid)
            if found is None:
                if len(infos) > KEEP_UNITS:
                    infos.clear()
                found = infos[uid] = self.store.unit_info(uid)
            return found

        return info

    def __call__(self, text: str, prev: str | None = None, next: str | None = None) -> list[Match]:
        return self.lookup(text, prev=prev, next=next)


def _bound(base: float, context_possible: bool) -> float:
    """The highest score a unit with this base score can reach (rounding, and a context match)."""
    if base >= 100.0 and context_possible:
        return CONTEXT_SCORE
    return base + 0.05 + 1e-6


def lookup(
    store,
    text: str,
    src: str,
    tgt: str,
    *,
    min_score: float = 70,
    limit: int = 5,
    prev: str | None = None,
    next: str | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> list[Match]:
    """One lookup (see :class:`Matcher`; open one Matcher for many lookups)."""
    matcher = Matcher(store, src, tgt, min_score=min_score, limit=limit, policy=policy)
    return matcher.lookup(text, prev=prev, next=next)


__all__ = ["MAX_QUERY", "Match", "Matcher", "lookup", "make_match"]
