"""The fuzzy-match index inside the SQLite TM, and the candidate search that never drops a qualifying unit.

Per language (a variant's exact code): ``match_vocab`` maps each key token (see :mod:`tm.match.score`) to an
id and its document frequency; ``match_seqs`` holds each variant's key sequence with one code point per
token (so rapidfuzz's bit-parallel Levenshtein runs on token sequences); ``match_postings`` holds, per
(token, sequence length), chunks of unit ids as little-endian uint32 blobs. Nothing is loaded when a TM
opens: a lookup reads the vocabulary rows of its own tokens, the postings of some of them inside its
length window, and the sequences of the candidates that survive the count filter.

Filters, for a query of ``n`` key tokens and a minimum base score ``t`` (a distance budget
``k(L) = floor(L * (100 - t) / 100)`` where ``L = max(n, m)``):

1. length window: ``|n - m| <= d <= k(max(n, m))``;
2. count filter: ``d >= max(n, m) - overlap`` (each aligned equal pair is a shared token), so a qualifying
   unit shares at least ``alpha(L) = L - k(L)`` tokens with the query (as a multiset);
3. prefix filter (AllPairs): with the query's distinct tokens ordered rarest first and weighted by their
   count in the query, a unit sharing ``alpha`` of them holds one of the shortest rarest prefix whose
   remaining weight is below ``alpha(n)``. Postings of further cheap tokens are read too: a candidate
   then needs ``hits >= alpha(L) - weight of the tokens not read``;
   Or, usually cheaper at low thresholds, the bitmap plan of :mod:`tm.match.dense`: the same count
   filter over every unit at once, with bitmaps of the common tokens and exact multiplicities;
4. verification: rapidfuzz ``Levenshtein.distance`` with ``score_cutoff = k(L)`` on the code-point
   sequences; then the full score (with penalties) of the few survivors.

Each step only removes units whose base score is provably below ``t``, so the search returns every unit an
exhaustive scan would (tested against :mod:`tm.match.oracle`).
"""

from __future__ import annotations

import json
import sys
from array import array
from collections import Counter
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tm.errors import StoreError
from tm.match import dense
from tm.match.score import max_distance
from tm.text.tokenize import keys as token_keys

BATCH = 20_000  # variants tokenised and written per step of a build
FLUSH_POSTINGS = 25_000_000  # postings held in memory (~100 MB) before they are written
IN_CHUNK = 500  # ids per IN (...) list
EMPTY_TOKEN = 0  # the posting that units without key tokens are listed under
OVERFLOW = "\U0010ffff"  # the code point shared by token ids past the Unicode range (filter still sound)
EXTRA_PROBE = 2.0  # postings read beyond the prefix, as a share of the prefix's


JSON_EACH = True  # read candidates' sequences through json_each (False: IN lists; tests check both)
PREFER: str | None = None  # "unigram", "bigram" or "dense": pin the plan (tests)
LIST_FACTOR = 16.0  # the bitmaps win unless a prefix plan is 16x cheaper by the estimates (measured)
GRAM_BUCKETS = 1 << 18  # bigrams are hashed into this many posting lists per language


def gram_bucket(a: int, b: int) -> int:
    """The posting-list id of the bigram of token ids ``a``, ``b``: negative, apart from token ids. Two
    bigrams sharing a bucket can only add hits, which keeps the count filter sound."""
    return -1 - ((a * 2654435761 + b * 40503) % GRAM_BUCKETS)


def code_point(token_id: int) -> str:
    """Token ids 1.. as code points, skipping the surrogates; ids past the range share :data:`OVERFLOW`
    (two tokens sharing a code point can only make the filter's distance smaller: still sound)."""
    cp = token_id if token_id < 0xD800 else token_id + 0x800
    return chr(cp) if cp < 0x10FFFF else OVERFLOW


def keys_of(text: str) -> tuple[str, ...]:
    """The key tokens of a variant's content, as :func:`tm.match.score.analyse` has them."""
    return token_keys(text)


def _alpha(longest: int, tau: float) -> int:
    """Tokens a unit must share with the query when the longer of the two has ``longest`` tokens."""
    return longest - max_distance(longest, tau)


def length_window(n: int, tau: float) -> tuple[int, int]:
    """Unit lengths ``m`` for which ``|n - m| <= k(max(n, m))``."""
    lo = next(m for m in range(0, n + 1) if n - m <= max_distance(n, tau))
    hi = n
    limit = int(n * 100 / tau) + 2 if tau > 0 else 1 << 30
    while hi + 1 <= limit and hi + 1 - n <= max_distance(hi + 1, tau):
        hi += 1
    return lo, hi


def _blob(ids: array) -> bytes:
    if sys.byteorder == "big":
        ids = array("I", ids)
        ids.byteswap()
    return ids.tobytes()


def _ids(blob: bytes) -> array:
    out = array("I")
    out.frombytes(blob)
    if sys.byteorder == "big":
        out.byteswap()
    return out


def _chunks(items: list, size: int = IN_CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Index:
    """The index tables of one store."""

    def __init__(self, store) -> None:
        self.store = store
        self.con = store.connection
        self.cache = dense.Cache()  # length bitmaps kept between lookups (see dense.Cache)

    # -- state -------------------------------------------------------------------------------------------
    def state(self, lang: str) -> tuple[int | None, int]:
        """(lang id, watermark) of a language; (None, 0) when it has never been indexed."""
        row = self.con.execute("SELECT id, watermark FROM match_langs WHERE lang = ?", (lang,)).fetchone()
        return (row[0], row[1]) if row else (None, 0)

    def top_unit(self) -> int:
        return self.con.execute("SELECT max(id) FROM units").fetchone()[0] or 0

    def behind(self, lang: str) -> bool:
        """Whether units newer than the watermark hold ``lang``."""
        _, watermark = self.state(lang)
        row = self.con.execute(
            "SELECT 1 FROM variants WHERE lang = ? AND unit_id > ? LIMIT 1", (lang, watermark)
        ).fetchone()
        return row is not None

    def pending(self, langs: list[str]) -> int:
        """Variants of ``langs`` not indexed yet."""
        return sum(
            self.con.execute(
                "SELECT count(*) FROM variants WHERE lang = ? AND unit_id > ?", (lang, self.state(lang)[1])
            ).fetchone()[0]
            for lang in langs
        )

    def tail(self, langs: list[str]) -> list[int]:
        """Units holding one of ``langs`` above its watermark (not indexed yet)."""
        out: set[int] = set()
        for lang in langs:
            _, watermark = self.state(lang)
            out.update(
                r[0]
                for r in self.con.execute(
                    "SELECT unit_id FROM variants WHERE lang = ? AND unit_id > ?", (lang, watermark)
                )
            )
        return sorted(out)

    def ready(self, codes: list[str], progress=None) -> tuple[list[tuple[str, int]], list[int]]:
        """Bring the index of ``codes`` up to date where the store can be written; returns the indexed
        languages as (code, lang id) and the units not indexed (above a watermark: a read-only TM, or one
        another process was writing), which callers scan instead. ``progress(total)`` is called with the
        variants to index when there are some, and returns a callable that takes each step's count."""
        behind = [c for c in codes if self.behind(c)]
        if behind and not getattr(self.store, "readonly", False):
            try:
                self.catch_up(behind, progress(self.pending(behind)) if progress else None)
            except StoreError:
                pass  # busy: what is not indexed is scanned
        langs = [(c, lang_id) for c in codes if (lang_id := self.state(c)[0]) is not None]
        return langs, self.tail(codes)

    def all_postings(self, lang_id: int, token_id: int) -> set[int]:
        """The units holding a token, at any length."""
        out: set[int] = set()
        for (blob,) in self.con.execute(
            "SELECT units FROM match_postings WHERE lang_id = ? AND token_id = ?", (lang_id, token_id)
        ):
            out.update(_ids(blob))
        return out

    # -- building ----------------------------------------------------------------------------------------
    def catch_up(self, langs: Iterable[str], progress=None) -> int:
        """Index the variants of ``langs`` above their watermarks; returns how many were indexed.
        ``progress(n)`` is called with the variants done in each step."""
        done = 0
        with self.store.transaction():
            top = self.top_unit()
            for lang in langs:
                done += self._catch_up(lang, top, progress)
        return done

    def _catch_up(self, lang: str, top: int, progress) -> int:
        con = self.con
        lang_id, watermark = self.state(lang)
        if lang_id is None:
            lang_id = con.execute(
                "INSERT INTO match_langs (lang, levels) VALUES (?, ?) RETURNING id", (lang, dense.MAX_LEVEL)
            ).fetchone()[0]
        if watermark >= top:
            return 0
        tokens, levels = con.execute(
            "SELECT tokens, levels FROM match_langs WHERE id = ?", (lang_id,)
        ).fetchone()
        next_id = tokens + 1
        cursor = con.cursor().execute(
            "SELECT unit_id, ord, coalesce(coded, text) FROM variants "
            "WHERE lang = ? AND unit_id > ? AND unit_id <= ? ORDER BY unit_id, ord",
            (lang, watermark, top),
        )
        done = 0
        ids: dict[str, int] = {}  # token -> id, for the tokens met in this catch-up
        df: Counter[str] = Counter()
        postings: dict[tuple[int, int], array] = {}
        held = 0
        while batch := cursor.fetchmany(BATCH):
            keyed = [(uid, ord_, keys_of(text)) for uid, ord_, text in batch]
            unseen = sorted({k for _, _, keys in keyed for k in keys if k not in ids})
            for part in _chunks(unseen):
                marks = ",".join("?" * len(part))
                ids.update(
                    con.execute(
                        f"SELECT token, id FROM match_vocab WHERE lang_id = ? AND token IN ({marks})",
                        (lang_id, *part),
                    ).fetchall()
                )
            new = [k for k in unseen if k not in ids]
            for k in new:
                ids[k] = next_id
                next_id += 1
            con.executemany(
                "INSERT INTO match_vocab (lang_id, token, id, df) VALUES (?, ?, ?, 0)",
                [(lang_id, k, ids[k]) for k in new],
            )
            seqs = []
            for uid, ord_, keys in keyed:
                tids = [ids[k] for k in keys]
                seqs.append((lang_id, uid, ord_, "".join([code_point(t) for t in tids])))
                m = len(keys)
                tokens = set(keys)
                df.update(tokens)
                lists = [(t, m) for t in set(tids)] if keys else [(EMPTY_TOKEN, 0)]
                lists += [(gram_bucket(a, b), -1) for a, b in set(zip(tids, tids[1:], strict=False))]
                for key in lists:
                    arr = postings.get(key)
                    if arr is None:
                        postings[key] = array("I", (uid,))
                    elif arr[-1] != uid:
                        arr.append(uid)
                held += len(lists)
            con.executemany("INSERT OR REPLACE INTO match_seqs VALUES (?, ?, ?, ?)", seqs)
            if held >= FLUSH_POSTINGS:
                self._flush(lang_id, postings, df)
                held = 0
            done += len(batch)
            if progress is not None:
                progress(len(batch))
        self._flush(lang_id, postings, df)
        dense.catch_up(
            con, lang_id, watermark, top, levels, lambda t, since: self._written(lang_id, t, since)
        )
        con.execute(
            "UPDATE match_langs SET watermark = ?, tokens = ? WHERE id = ?", (top, next_id - 1, lang_id)
        )
        return done

    def _written(self, lang_id: int, token_id: int, since: int) -> Iterable[array]:
        """The unit ids of a token's postings rows written after unit ``since`` (all lengths)."""
        for (blob,) in self.con.execute(
            "SELECT units FROM match_postings WHERE lang_id = ? AND token_id = ? AND len >= 0 AND first > ?",
            (lang_id, token_id, since),
        ):
            yield _ids(blob)

    def _flush(self, lang_id: int, postings: dict[tuple[int, int], array], df: Counter[str]) -> None:
        """Write the postings and document frequencies gathered so far (one row per token and length)."""
        self.con.executemany(
            "UPDATE match_vocab SET df = df + ? WHERE lang_id = ? AND token = ?",
            [(n, lang_id, k) for k, n in df.items()],
        )
        self.con.executemany(
            "INSERT INTO match_postings VALUES (?, ?, ?, ?, ?)",
            [(lang_id, tid, m, arr[0], _blob(arr)) for (tid, m), arr in postings.items()],
        )
        postings.clear()
        df.clear()

    # -- searching ---------------------------------------------------------------------------------------
    def vocab(self, lang_id: int, tokens: list[str]) -> dict[str, tuple[int, int]]:
        """token -> (id, df) for the tokens the language's vocabulary holds."""
        return {token: (tid, df) for token, (tid, df, _) in self.entries(lang_id, tokens).items()}

    def entries(self, lang_id: int, tokens: list[str]) -> dict[str, tuple[int, int, bool]]:
        """token -> (id, df, dense: whether it has bitmaps, see :mod:`tm.match.dense`)."""
        out: dict[str, tuple[int, int, bool]] = {}
        for part in _chunks(tokens):
            marks = ",".join("?" * len(part))
            for token, tid, df, is_dense in self.con.execute(
                f"SELECT token, id, df, dense FROM match_vocab WHERE lang_id = ? AND token IN ({marks})",
                (lang_id, *part),
            ):
                out[token] = (tid, df, bool(is_dense))
        return out

    def prefixed(self, lang_id: int, prefix: str) -> list[tuple[int, int]]:
        """(id, df) of the tokens that start with ``prefix``."""
        return self.con.execute(
            "SELECT id, df FROM match_vocab WHERE lang_id = ? AND token >= ? AND token < ?",
            (lang_id, prefix, prefix + "\U0010ffff"),
        ).fetchall()

    def postings(self, lang_id: int, token_id: int, lo: int, hi: int) -> Iterable[tuple[int, array]]:
        for m, blob in self.con.execute(
            "SELECT len, units FROM match_postings WHERE lang_id = ? AND token_id = ? AND len BETWEEN ? AND ?",
            (lang_id, token_id, lo, hi),
        ):
            yield m, _ids(blob)

    def search(self, lang_id: int, keys: tuple[str, ...], tau: float) -> list[tuple[float, int]]:
        """(base score, unit id) of every indexed unit of the language whose key sequence has a base score
        of at least ``tau`` against ``keys``, best first. ``tau`` must be above 0."""
        n = len(keys)
        if n == 0:
            found = [uid for _, arr in self.postings(lang_id, EMPTY_TOKEN, 0, 0) for uid in arr]
            return sorted(((100.0, uid) for uid in set(found)), reverse=True)
        lo, hi = length_window(n, tau)
        window = range(lo, hi + 1)
        entries = self.entries(lang_id, list(set(keys)))
        known = {token: (tid, df) for token, (tid, df, _) in entries.items()}
        common = {tid for tid, _, is_dense in entries.values() if is_dense}
        qseq = "".join(code_point(known[k][0]) if k in known else "\0" for k in keys)
        ids = [known[k][0] if k in known else None for k in keys]
        # unigrams: a qualifying unit shares L - k(L) tokens (L = the longer length)
        unigram = Counter(ids)
        plans = [
            (
                "unigram",
                unigram,
                {i: known[k][1] for k, (i, _) in known.items()},
                {m: max(n, m) - max_distance(max(n, m), tau) for m in window},
            )
        ]
        # bigrams (the q-gram lemma, q = 2): it shares L - 1 - 2 k(L) of them; useful above 50% only, and
        # only where every length of the window needs one (the bound is not monotone in L)
        need_b = {m: max(n, m) - 1 - 2 * max_distance(max(n, m), tau) for m in window}
        if n > 1 and min(need_b.values()) >= 1:
            grams = Counter(
                None if a is None or b is None else gram_bucket(a, b)
                for a, b in zip(ids, ids[1:], strict=False)
            )
            plans.append(
                ("bigram", grams, self.gram_df(lang_id, [g for g in grams if g is not None]), need_b)
            )
        if PREFER is not None:  # tests pin a plan to check each against the oracle
            plans = [p for p in plans if p[0] == PREFER] or plans
        cost, name, probed, need, total = min(
            (self._plan(name, weights, df, need, n, lo, hi) for name, weights, df, need in plans),
            key=lambda p: p[0],
        )
        if common and PREFER in (None, "dense"):
            # bitmaps of the common tokens: a fixed cost per lookup, whatever their postings' length
            shared = plans[0][3]  # the unigram plan's need per length
            state = self.con.execute(
                "SELECT watermark, levels FROM match_langs WHERE id = ?", (lang_id,)
            ).fetchone()
            rare = [t for t in unigram if t is not None and t not in common]
            maps = sum(min(unigram[t], max(state[1], 1)) for t in common)  # bitmaps read
            estimate = dense.cost(maps, len(dense.bands(shared)), state[0], sum(plans[0][2][t] for t in rare))
            if PREFER == "dense" or estimate < LIST_FACTOR * cost:
                lists = ((unigram[t], arr) for t in rare for _, arr in self.postings(lang_id, t, lo, hi))
                weights = Counter({t: unigram[t] for t in common})
                found = dense.candidates(self.con, lang_id, tuple(state), weights, lists, shared, self.cache)
                return self._verify(lang_id, qseq, found, tau)
        counts: dict[int, Counter[int]] = {}
        for tid, w, top in probed:
            if tid is None:
                continue  # a token no indexed unit holds: read, no hits
            rows = (
                self.postings(lang_id, tid, lo, top)
                if name == "unigram"
                else self.postings(lang_id, tid, -1, -1)
            )
            for m, arr in rows:
                cnt = counts.get(m)
                if cnt is None:
                    cnt = counts[m] = Counter()
                for _ in range(w):
                    cnt.update(arr)
        candidates: list[int] = []
        for m, cnt in counts.items():
            if name == "unigram":
                required = need[m] - (total - sum(w for _, w, top in probed if m <= top))
            else:  # bigram postings carry no length: the least need of the window holds for all
                required = min(need.values()) - (total - sum(w for _, w, _ in probed))
            candidates.extend(uid for uid, c in cnt.items() if c >= required)
        return self._verify(lang_id, qseq, sorted(set(candidates)), tau)

    def _plan(self, name: str, weights: Counter, df: dict, need: dict[int, int], n: int, lo: int, hi: int):
        """Which postings to read: (estimated cost, plan name, [(posting token, weight, longest length
        read for)], need per length, total weight). The prefix: rarest first, until the weight left is
        below what every unit length must share (longer units must share more: their prefix is shorter);
        then further tokens while they cost less than the prefix did (they only tighten the count)."""
        least = min(need.values())
        order = sorted(weights, key=lambda t: (-1, 0) if t is None else (df.get(t, 0), t))
        total = rest = sum(weights.values())
        probed: list[tuple[int | None, int, int]] = []
        spent = 0
        prefix_cost = None
        for tid in order:
            cost = 0 if tid is None else df.get(tid, 0)
            if rest < least:
                if prefix_cost is None:
                    prefix_cost = spent
                if spent + cost > prefix_cost * (1 + EXTRA_PROBE):
                    break
                top = hi
            else:
                # still in the prefix of every length whose need is not above the weight left
                top = max(m for m in range(lo, hi + 1) if need[m] <= rest)
            probed.append((tid, weights[tid], top))
            rest -= weights[tid]
            spent += cost
        return (prefix_cost if prefix_cost is not None else spent), name, probed, need, total

    def gram_df(self, lang_id: int, buckets: list[int]) -> dict[int, int]:
        """Postings per bigram bucket."""
        out: dict[int, int] = {}
        for part in _chunks(sorted(set(buckets))):
            marks = ",".join("?" * len(part))
            for tid, size in self.con.execute(
                f"SELECT token_id, sum(length(units)) / 4 FROM match_postings "
                f"WHERE lang_id = ? AND len = -1 AND token_id IN ({marks}) GROUP BY token_id",
                (lang_id, *part),
            ):
                out[tid] = size
        return out

    def _sequences(self, lang_id: int, unit_ids: list[int]) -> Iterable[tuple[int, str]]:
        """(unit id, key sequence) of the given units: the ids passed as one JSON array (``json_each``
        binds thousands of ids 2-3x faster than ``IN`` lists of parameters), or in ``IN`` lists where
        SQLite lacks JSON."""
        if not unit_ids:
            return []
        if JSON_EACH:
            try:
                return self.con.execute(
                    "SELECT unit_id, seq FROM match_seqs WHERE lang_id = ? "
                    "AND unit_id IN (SELECT value FROM json_each(?))",
                    (lang_id, json.dumps(unit_ids)),
                ).fetchall()
            except self.con.OperationalError:  # the DB-API exposes it on the connection
                pass
        out: list[tuple[int, str]] = []
        for part in _chunks(unit_ids):
            marks = ",".join("?" * len(part))
            out += self.con.execute(
                f"SELECT unit_id, seq FROM match_seqs WHERE lang_id = ? AND unit_id IN ({marks})",
                (lang_id, *part),
            ).fetchall()
        return out

    def _verify(self, lang_id: int, qseq: str, candidates: list[int], tau: float) -> list[tuple[float, int]]:
        n = len(qseq)
        uids: list[int] = []
        seqs: list[str] = []
        for uid, seq in self._sequences(lang_id, candidates):
            uids.append(uid)
            seqs.append(seq)
        if not seqs:
            return []
        loosest = max_distance(max(n, max(map(len, seqs))), tau)
        out: dict[int, float] = {}
        for _, d, i in process.extract(
            qseq, seqs, scorer=Levenshtein.distance, score_cutoff=loosest, limit=None
        ):
            longest = max(n, len(seqs[i]))
            if d <= max_distance(longest, tau):
                base = 100.0 * (1.0 - d / longest)
                if base > out.get(uids[i], -1.0):
                    out[uids[i]] = base
        return sorted(((b, uid) for uid, b in out.items()), reverse=True)
