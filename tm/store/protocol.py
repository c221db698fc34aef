"""What a TM backend offers: the :class:`Store` every service takes, its :class:`UnitWriter`, the
:class:`MatchIndex` it keeps for fuzzy lookup and concordance, and the :class:`Termbase` beside the TM.

Everything above the store (import and export, the matcher, analysis, scoring, the CLI) reads and writes a
TM through these methods only; each backend (``tm/store/sqlite/``, ``tm/store/postgres/``) owns its SQL, its
schema and migrations, and its match index. Language arguments named ``*_codes`` are the TM's own codes,
best first, as :meth:`Store.resolve` returns them for a request (``zh`` -> ``["zh-CN", "zh-TW"]``):
callers resolve once and pass them on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from tm.model import Concept, Header, TmStats, Unit, Variant
from tm.store.filters import UnitFilter, UnitInfo

Progress = Callable[[int], None]  # told the number of variants done in each step
# called with the number of variants to index, returns the Progress of that work (a progress bar)
ProgressFactory = Callable[[int], Progress]
# (previous, next) source text around each place a unit occurred: EDGE at a file's edge, None where the
# neighbour was not imported (untranslated, skipped), which matches nothing
Contexts = list[tuple[str | None, str | None]]
EDGE = "\x00"  # never a text (NUL cannot be stored): not even the empty text of a unit of codes alone


def code_list(codes: Sequence[str]) -> Sequence[str]:
    """``codes``, checked: a ``*_codes`` argument is a list of the TM's codes, never one code as a bare
    string (which would be read as its characters, ``"zh"`` as ``["z", "h"]``, and match nothing). Every
    backend's :meth:`Store.pairs`, :meth:`Store.variant_texts` and :meth:`Store.contexts` call it."""
    if isinstance(codes, str):
        raise TypeError(
            f"language codes must be a list of the TM's codes, not the string {codes!r}: pass store.resolve({codes!r})"
        )
    return codes


@dataclass(frozen=True)
class Revision:
    """A target a reviewed draft replaced: kept in the unit's history. ``unit_id`` is the unit's id now,
    ``former_id`` the id it had before this revision (a revised unit is filed under a new id)."""

    unit_id: int
    former_id: int
    lang: str
    text: str
    coded: str | None
    status: str  # the unit's status before the revision
    date: str | None  # the unit's date before the revision
    revised: str  # when the reviewed draft was imported
    origin: str | None  # the reviewed draft's name


@dataclass(frozen=True)
class TokenStats:
    """A key token of a language's index: its id (what postings and key sequences hold), its document
    frequency, and whether the backend also keeps bitmaps of it (a *dense* token, see
    :meth:`MatchIndex.dense_candidates`)."""

    id: int
    df: int
    dense: bool = False


@dataclass(frozen=True)
class Probe:
    """One posting list a candidate plan reads: a token id (or a bigram bucket, see
    :func:`tm.store.encoding.gram_bucket`), its weight (how often the query holds it), and the unit
    lengths read, ``lo`` to ``hi`` (bigram postings carry no length: -1 to -1)."""

    list_id: int
    weight: int
    lo: int
    hi: int


@dataclass(frozen=True)
class IndexStatus:
    """Which of the asked languages have an index to search, and the units holding one of them that the
    index does not cover yet (above a watermark: a read-only TM, or one another process was writing), which
    callers score one by one instead."""

    languages: tuple[str, ...]
    tail: tuple[int, ...]


class MatchIndex(Protocol):
    """The fuzzy-match index of one store, per language code: a vocabulary of key tokens with document
    frequencies, postings per (token, key-sequence length) and per token bigram, each variant's key
    sequence (one code point per token id, :func:`tm.store.encoding.code_point`), optionally bitmaps of
    common tokens, and a watermark (the highest unit id indexed; units are only ever added: a revised unit
    is removed and added again under a new id, and the old id's entries only add candidates that are gone).

    The candidate methods are sound filters: they may return units that do not qualify (the matcher
    verifies every candidate on its key sequence) but never drop one that does.
    """

    def ready(self, codes: Sequence[str], progress: ProgressFactory | None = None) -> IndexStatus:
        """Bring the index of ``codes`` up to date where the store can be written and no other process is
        writing it (without waiting for one: a busy or read-only store is left as it is, and the caller
        scans what it lacks), and say what it covers."""
        ...

    def status(self, codes: Sequence[str]) -> IndexStatus:
        """What :meth:`ready` says, without catching up (no writes: for reads inside a snapshot)."""
        ...

    def pending(self, codes: Sequence[str]) -> int:
        """Variants of ``codes`` above their watermarks (not indexed yet)."""
        ...

    def catch_up(self, codes: Sequence[str], progress: Progress | None = None) -> int:
        """Index the variants of ``codes`` above their watermarks, in one transaction (inside an open
        :meth:`Store.transaction`: in it, finishing what the transaction's indexing writers fed); returns
        how many variants it read."""
        ...

    def watermark(self, code: str) -> int:
        """The highest unit id indexed for a language (0: never indexed)."""
        ...

    def in_transaction(self) -> bool:
        """Whether the store's connection is inside a transaction (whose own writes
        :meth:`Store.data_version` does not show until it commits)."""
        ...

    def tokens(self, code: str, tokens: Sequence[str]) -> dict[str, TokenStats]:
        """The vocabulary entries of the given key tokens (tokens the language lacks are left out)."""
        ...

    def vocabulary(self, code: str) -> dict[str, int]:
        """Every key token of the language's indexed variants and its id (what :meth:`tokens` gives for the
        tokens asked): read once by the scan of a small language, whose lookups then read no vocabulary.
        A token held only by units removed since may be left out (their units are gone)."""
        ...

    def prefixed(self, code: str, prefix: str) -> list[TokenStats]:
        """The vocabulary entries of the tokens that start with ``prefix``."""
        ...

    def gram_sizes(self, code: str, buckets: Sequence[int]) -> dict[int, int]:
        """Postings per bigram bucket (buckets without postings left out): what reading each costs."""
        ...

    def count_candidates(self, code: str, probes: Sequence[Probe], required: Mapping[int, int]) -> list[int]:
        """The count filter: read each probe's postings and keep the units whose summed weight, among the
        postings of their own key-sequence length ``m``, reaches ``required[m]`` (bigram postings: length
        -1). Sorted unit ids."""
        ...

    def dense_cost(
        self, code: str, weights: Mapping[int, int], need: Mapping[int, int], sparse: int
    ) -> float:
        """The estimated cost of :meth:`dense_candidates` for the dense tokens ``weights`` (token id ->
        weight), the shared tokens needed per unit length ``need``, and ``sparse`` posting ids to count,
        in posting ids counted (comparable with the document frequencies a prefix plan reads)."""
        ...

    def dense_candidates(
        self, code: str, weights: Mapping[int, int], sparse: Sequence[Probe], need: Mapping[int, int]
    ) -> list[int]:
        """The count filter over every unit at once: the hits of the dense tokens (token id -> weight, each
        counted ``min(weight, occurrences)`` times) and of the ``sparse`` probes' postings; the units whose
        count reaches ``need`` of their length. Only for tokens :meth:`tokens` marks dense."""
        ...

    def sequences(self, code: str, unit_ids: Sequence[int] | None) -> list[tuple[int, str]]:
        """(unit id, key sequence) of each variant of the language in the given units (None: every
        variant the index holds, for the scan of a small language)."""
        ...

    def units_with(self, code: str, token_ids: Sequence[int]) -> set[int]:
        """The units holding any of the given tokens, at any length."""
        ...


class Termbase(Protocol):
    """The termbase kept with a TM (docs/terminology.md): concepts, each with its terms in several languages.

    Writes happen inside the store's :meth:`Store.transaction`. Language arguments are the termbase's own
    codes (callers resolve a request such as ``zh`` against :meth:`languages` with
    :func:`tm.lang.matching`); a lookup key is a text folded by :func:`tm.store.codec.term_key`, which
    also gives the folded form a backend keeps of each term (:func:`tm.store.codec.term_rows`).
    """

    def add(self, concept: Concept) -> Concept:
        """Store ``concept``; one whose ``id`` a stored concept has replaces it (terms and all), so that
        importing a file again updates it. Returns the concept with its ``key``."""
        ...

    def clear(self) -> None:
        """Remove every concept."""
        ...

    def count(self) -> int:
        """The number of concepts."""
        ...

    def languages(self) -> list[str]:
        """The language codes of the terms, sorted."""
        ...

    def concepts(self, codes: Sequence[str] | None = None) -> Iterator[Concept]:
        """Every concept whole, by key (with ``codes``: those with a term in one of them)."""
        ...

    def lookup(self, key: str, codes: Sequence[str] | None = None) -> list[Concept]:
        """The concepts, whole and by key, with a term whose folded text contains ``key`` (with
        ``codes``: a term in one of those languages)."""
        ...


class UnitWriter(Protocol):
    """Adds the units of one origin to a store, inside a transaction; counts what it added, merged and
    revised. A unit whose ``filled_from`` names a unit (a reviewed draft's segment) is decided by
    :func:`tm.store.revision.decide` against that unit (found under its new id if a review revised it):
    merged into it, revised (the unit filed under a new id with the reviewed target, its old target kept
    in its history), or added as any unit."""

    added: int
    merged: int
    revised: int

    def add(self, unit: Unit, position: int) -> None: ...
    def add_encoded(self, encoded: tuple, position: int) -> None:
        """:meth:`add` for a unit already encoded by :func:`tm.store.codec.encode_unit`."""
        ...

    def flush(self) -> None: ...


@runtime_checkable
class Store(Protocol):
    """A TM: units of N language variants, where each came from (origins and positions), the match
    index, and the termbase. Writes happen inside :meth:`transaction` (all or nothing)."""

    path: str
    readonly: bool
    index: MatchIndex | None
    terms: Termbase

    def transaction(self, done: str | None = None) -> AbstractContextManager[None]:
        """All or nothing. Its COMMIT is a commit point (:func:`tm.signals.commit_point`): SIGINT, SIGTERM
        and SIGHUP wait until it has returned, and ``done`` (what it makes final) is then recorded."""
        ...

    def snapshot(self) -> AbstractContextManager[None]:
        """Reads inside see one committed state of the TM (before or after each other writer's
        transaction, never part of one), whatever other connections commit meanwhile, and block no writer
        (SQLite: a read transaction in WAL mode; PostgreSQL: a ``REPEATABLE READ READ ONLY`` transaction).
        Inside a :meth:`transaction` or another snapshot, that one's state. No writes inside. A server reads
        each request in one."""
        ...

    def data_version(self) -> int:
        """A number that differs once a change to the TM has been committed (by another connection, thread
        or process, or by this one), and stays the same while nothing is committed: compare it for equality
        only. Read inside a :meth:`snapshot`, it is the snapshot's. A long-lived reader reopens its store
        when it changes, and a :class:`tm.match.Matcher` reads its index state again, so that no cached
        language list or index state outlives the data (SQLite: ``PRAGMA data_version`` plus this
        connection's own commits; PostgreSQL: the counter every write transaction raises as it
        commits)."""
        ...

    def close(self) -> None: ...
    def __enter__(self) -> Store: ...
    def __exit__(self, *exc: object) -> None:
        """Closes the store."""
        ...

    # -- writing
    def add_origin(self, path: str, fmt: str, header: Header) -> int:
        """The origin of a file (the same path is the same origin); returns its id. Only the file's base
        name is kept (:func:`tm.store.codec.origin_name`), with a digest of the path that tells origins
        apart (:func:`tm.store.codec.origin_key`)."""
        ...

    def writer(self, origin_id: int, *, index: bool = False) -> UnitWriter:
        """A writer of one origin's units. ``index``: the match index is to cover the units written from
        now on in this transaction (by this writer and the later ones) when it commits; the backend may
        index them as they are written, and :meth:`MatchIndex.catch_up` in the transaction finishes it."""
        ...

    # -- languages
    def languages(self) -> list[str]:
        """The language codes the TM holds."""
        ...

    def resolve(self, lang: str) -> list[str]:
        """The TM's codes that answer a request for ``lang``, best first; LanguageError when none does."""
        ...

    # -- units
    def count(self) -> int: ...
    def unit(self, unit_id: int) -> Unit: ...
    def units(self, lang: str | None = None, where: UnitFilter | None = None) -> Iterator[Unit]:
        """Every unit in id order (with ``lang``: only those that have it; with ``where``: only those it
        accepts), streamed."""
        ...

    def pairs(
        self, src_codes: Sequence[str], tgt_codes: Sequence[str], unit_ids: Sequence[int] | None = None
    ) -> Iterator[tuple[int, Variant, Variant]]:
        """(unit id, source, target) of every unit (or of ``unit_ids``) holding both languages, in id
        order: each language's best-ranked variant (the first in the unit among equals); a code in both
        lists counts as source. A bare string for either list is a TypeError (:func:`code_list`)."""
        ...

    def variant_texts(self, codes: Sequence[str]) -> Iterator[tuple[int, str]]:
        """(unit id, plain text) of every variant in ``codes`` (a list: a bare string is a TypeError)."""
        ...

    def languages_of(self, unit_ids: Sequence[int]) -> list[str]:
        """The language codes the given units hold."""
        ...

    # -- where units came from
    def contexts(self, unit_id: int, src_codes: Sequence[str]) -> Contexts:
        """For each place the unit was imported from: the source text of its previous and next segment
        (:data:`EDGE` at a file's edge: the first position, or the last one recorded; None where the
        neighbour was not imported). Each import of a file has places of its own: neighbours are those of
        the same import, never of an earlier import of the same path. ``src_codes`` is a list (a bare
        string is a TypeError)."""
        ...

    def origins(self, unit_id: int) -> list[tuple[str, int]]:
        """(origin name, position) for each place the unit was imported from."""
        ...

    def unit_info(self, unit_id: int) -> UnitInfo:
        """Date, origins, status and import date of a unit."""
        ...

    def history(self, unit_id: int) -> list[Revision]:
        """The targets reviewed drafts replaced in a unit (its id now), oldest first."""
        ...

    def stats(self, max_pairs: int | None = None) -> TmStats:
        """Units, variants per language, language pairs (every one, or the ``max_pairs`` largest) and
        origins."""
        ...

    # -- moving a whole TM (tm.store.copy)
    def table_rows(self, table: str, columns: Sequence[str]) -> Iterator[tuple]:
        """Every row of one of the tables of :data:`tm.store.copy.TABLES`, in key order."""
        ...

    def write_rows(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        """Append rows to one of those tables, inside :meth:`transaction`; returns how many."""
        ...
