"""The one place where ``tm serve`` calls tm's services: opening the TM, lookups, concordance, statistics,
analysis and imports, through tm's public API (:mod:`tm`: ``open_store``, ``import_files``, ``Matcher``,
``concordance``, ``analyze``) and the store's protocol (:class:`tm.store.Store`). Everything else
in tm/serve speaks HTTP, sees only what this module returns (tm's own frozen results: Match, Hit, TmStats,
Analysis, ImportSummary) and prints them with :mod:`tm.render`, as the CLI does.

Threads: each worker thread of the server reads through its own read-only store (many readers beside one
writer); every request reads one committed state of the TM (:meth:`Store.snapshot`), and a thread reopens
its store when another connection has committed (:meth:`Store.data_version`: an import here or a
``tm import`` in another process), so that no cached language list or index state outlives the data.
Imports, when allowed, run one at a time on a single writer thread with the only writable store, which
also brings the match index up to date after each import, so that readers never scan more than a few units.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import tm
from tm import lang as langs
from tm.errors import TmError
from tm.leverage import Analysis
from tm.match.concordance import Hit, term_pattern
from tm.match.diff import differences as diff
from tm.match.penalties import DEFAULT_POLICY, Policy, parse_penalties
from tm.model import IssueSink, TmStats
from tm.store import Store, default_db_path, exists, location
from tm.store.filters import make_filter
from tm.terms import TermHit, load_termbase, term_hits
from tm.tmfiles import tm_files

MAX_PENDING_IMPORTS = 2  # one running and one waiting; more is "busy, try again"
_UNREAD = object()  # a reader's termbase before its first term lookup


class Busy(TmError):
    """The writer has as many imports as it takes; the client should try again later."""


@dataclass(frozen=True)
class Opened:
    """What the server says at start: the TM, its size and languages, and how much was indexed."""

    path: str
    units: int
    languages: tuple[str, ...]
    indexed: int
    writable: bool
    concepts: int  # in the termbase lookups use (the file given, else the TM's own)


def open_tm(db: str | Path | None, tm_paths: Sequence[str | Path], workdir: Path) -> str:
    """The database file to serve: ``db`` itself, or (``tm_paths`` given) a new file in ``workdir``
    holding those TMX/PO files, imported once at start (a file, not :func:`tm.open_tm`'s in-memory store:
    each worker thread opens its own connection to it)."""
    if not tm_paths:
        return str(db if db is not None else default_db_path())
    path = workdir / "served.db"
    with tm.open_store(path) as store:
        tm.import_files(store, tm_files(tm_paths))
    return str(path)


def prepare(db: str, termbase: str | None = None, on_issue: IssueSink | None = None) -> Opened:
    """Check that ``db`` is a TM (a missing file is an error, not a new empty TM) and that ``termbase``
    can be read (what its reader repaired goes to ``on_issue``), upgrade the TM's schema and bring its
    match index up to date where the file can be written."""
    with tm.open_store(db, readonly=not exists(db)) as store:
        indexed = 0 if store.readonly else _catch_up(store)
        terms = load_termbase(store, termbase, on_issue)
        concepts = terms.count() if terms is not None else 0
        return Opened(db, store.count(), tuple(store.languages()), indexed, not store.readonly, concepts)


def _catch_up(store: Store) -> int:
    """Index every language's units imported since the index was last brought up to date."""
    return store.index.catch_up(store.languages()) if store.index is not None else 0


def lookup_policy(
    penalties: Sequence[str] = (),
    origins: Sequence[str] = (),
    since: str | None = None,
    statuses: Sequence[str] = (),
) -> Policy:
    """A lookup's unit penalties and filter, written as ``tm lookup``'s ``--penalty``, ``--origin``,
    ``--since`` and ``--status`` take them (UsageError naming what is wrong)."""
    where = make_filter(origins, since, statuses) if origins or since or statuses else DEFAULT_POLICY.where
    return Policy(parse_penalties(penalties), where)


class Reader:
    """One worker thread's view of the TM: a read-only store and the matchers opened on it."""

    def __init__(self, db: str, termbase: str | None = None) -> None:
        self.store = tm.open_store(db, readonly=True)
        self.termbase_path = termbase  # a termbase file given at start, read instead of the TM's
        self.version = self.store.data_version()
        self._matchers: dict[tuple[str, str, Policy], tm.Matcher] = {}
        self._termbase: object = _UNREAD

    def languages(self) -> list[str]:
        return self.store.languages()

    def resolve(self, code: str) -> list[str]:
        """The TM's codes answering ``code`` (LanguageError when none does or it is not a code)."""
        return self.store.resolve(code)

    def lookup(
        self,
        text: str,
        src: str,
        tgt: str,
        *,
        prev: str | None = None,
        next: str | None = None,
        min_score: float = 70,
        limit: int = 5,
        policy: Policy = DEFAULT_POLICY,
    ) -> list[tm.Match]:
        """tm's fuzzy matches, best first, as ``tm lookup`` gives them (``policy``: its unit penalties
        and filter, :func:`lookup_policy`)."""
        matcher = self._matcher(src, tgt, policy)
        return matcher.lookup(text, prev=prev, next=next, min_score=min_score, limit=limit)

    def terms(self, text: str, src: str, tgt: str) -> list[TermHit]:
        """The term hits in ``text`` from the TM's termbase (``tm terms import``) or the termbase file
        given at start, as ``tm lookup`` finds them: left to right, each with its renderings in ``tgt``;
        empty when there is no termbase."""
        if self._termbase is _UNREAD:  # read once per view of the TM (an import of terms opens a new one)
            self._termbase = load_termbase(self.store, self.termbase_path)
        if self._termbase is None:
            return []
        return term_hits(text, src, tgt, termbase=self._termbase)

    def concordance(self, term: str, lang: str | None, tgt: str | None, limit: int) -> list[Hit]:
        return tm.concordance(self.store, term, lang, tgt, limit=limit)

    def stats(self) -> TmStats:
        return self.store.stats()

    def analyze(self, data: bytes, name: str, src: str, tgt: str, weights: str | None) -> Analysis:
        """The match-band analysis of one posted document (``name`` gives its type), as ``tm analyze``
        makes it; the analysis names the file ``name``, not where the server kept it."""
        with tempfile.TemporaryDirectory(prefix="tm-serve-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            try:
                analysis = tm.analyze(self.store, [path], src, tgt, weights=weights)
            except TmError as err:
                raise _renamed(err, str(path), name) from None
        files = tuple(replace(f, path=name) for f in analysis.files[:-1]) + (analysis.total,)
        segments = tuple(replace(s, file=name) for s in analysis.segments)
        return replace(analysis, files=files, segments=segments)

    def signature(self, src: str, tgt: str, policy: Policy = DEFAULT_POLICY) -> str:
        """The lookups' signature: the scorer's and the unit policy's settings."""
        return self._matcher(src, tgt, policy).signature

    def _matcher(self, src: str, tgt: str, policy: Policy) -> tm.Matcher:
        key = (src, tgt, policy)
        matcher = self._matchers.get(key)
        if matcher is None:
            matcher = self._matchers[key] = tm.Matcher(self.store, src, tgt, policy=policy)
            if len(self._matchers) > 64:  # clients asking for many pairs: keep the newest
                self._matchers.pop(next(iter(self._matchers)))
        return matcher

    def close(self) -> None:
        self.store.close()


class Tm:
    """The TM behind the server, shared by its worker threads."""

    def __init__(
        self,
        db: str,
        *,
        allow_import: bool = False,
        uploads: Path | None = None,
        termbase: str | None = None,
    ) -> None:
        self.db = db
        self.termbase = termbase
        self._local = threading.local()
        self._readers: list[Reader] = []
        self._lock = threading.Lock()
        self.writer = Writer(db, uploads or uploads_folder(db)) if allow_import else None

    @contextlib.contextmanager
    def reading(self) -> Iterator[Reader]:
        """This thread's reader, on one committed state of the TM for the whole block: the state its
        languages, matchers and termbase were read from (the TM's data_version read again inside the
        snapshot: a commit between the reader's check and the snapshot makes a new reader)."""
        while True:
            reader = self._reader()
            with reader.store.snapshot():
                if reader.store.data_version() == reader.version:
                    yield reader
                    return
            self._forget(reader)

    def _reader(self) -> Reader:
        reader: Reader | None = getattr(self._local, "reader", None)
        if reader is not None and reader.store.data_version() != reader.version:
            # the TM changed: cached languages, matchers and termbase go. Between an import's commit and
            # its index's (a server import before the index branch, or a CLI import), lookups scan the
            # units above the watermark (Matcher.lookup): slower for a while, never less than exact
            self._forget(reader)
            reader = None
        if reader is None:
            reader = Reader(self.db, self.termbase)
            self._local.reader = reader
            with self._lock:
                self._readers.append(reader)
        return reader

    def _forget(self, reader: Reader) -> None:
        with self._lock:
            if reader in self._readers:
                self._readers.remove(reader)
        reader.close()
        self._local.reader = None

    def import_file(self, data: bytes, name: str, **options) -> tuple[list, int]:
        """Import one posted TMX, PO or XLIFF file (``name`` as the client calls it) on the writer thread;
        returns the import summaries and the number of units the TM then holds."""
        if self.writer is None:
            raise TmError("imports are off", hint="start tm serve with --allow-import")
        return self.writer.submit(data, name, options)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        with self._lock:
            readers, self._readers = self._readers, []
        for reader in readers:
            with contextlib.suppress(Exception):
                reader.close()


_UNSAFE = re.compile(r"[^\w.\-]+")


def uploads_folder(db: str) -> Path:
    """Where the files posted for import are kept (the origins their units name): beside an SQLite TM
    (``team.db.imports/``); for a database on a server, in tm's data folder on this machine, one folder per
    database (``~/.local/share/tm/imports/HOST-DBNAME/``)."""
    if not location.scheme(db):
        return Path(db + ".imports")
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    where = location.redact(db).split("://", 1)[1].split("?")[0]  # user@host/dbname
    return data / "tm" / "imports" / safe_name(where.replace("/", "-"), "database")


def safe_name(name: str, default: str) -> str:
    """A file name without directories or odd characters, keeping the extension that tells its type."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._") if name else ""
    return (base or default)[-120:]


class Writer:
    """The one thread that writes to the TM: imports, one at a time, each followed by indexing."""

    def __init__(self, db: str, uploads: Path) -> None:
        self.store = tm.open_store(db)
        if self.store.readonly:
            self.store.close()
            raise TmError(f"{db}: the TM is read-only, so --allow-import cannot import into it")
        self.uploads = uploads
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tm-writer")
        self._slots = threading.BoundedSemaphore(MAX_PENDING_IMPORTS)

    def submit(self, data: bytes, name: str, options: dict) -> tuple[list, int]:
        if not self._slots.acquire(blocking=False):
            raise Busy("the TM is busy with other imports", hint="try again in a few seconds")
        try:
            return self._pool.submit(self._import, data, name, options).result()
        finally:
            self._slots.release()

    def _import(self, data: bytes, name: str, options: dict) -> tuple[list, int]:
        self.uploads.mkdir(parents=True, exist_ok=True)
        path = self.uploads / f"{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}-{name}"
        path.write_bytes(data)  # kept: it is the origin the imported units name
        try:
            summaries = tm.import_files(self.store, [path], **options)
        except TmError as err:
            path.unlink(missing_ok=True)
            raise _renamed(err, str(path), name) from None
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        _catch_up(self.store)
        for summary in summaries:
            summary.path = name
            for issue in summary.issues:
                issue.path = name
        return summaries, self.store.count()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self.store.close()


def _renamed(err: TmError, path: str, name: str) -> TmError:
    """The same error naming the file as the client sent it, not where the server keeps it."""
    err.message = err.message.replace(path, name)
    err.args = (err.message,)
    if getattr(err, "path", None) == path:
        err.path = name
    return err


def differences(query: str, source: str) -> list[tuple[str, bool]]:
    """``source`` cut into pieces flagged where they differ from ``query`` (:mod:`tm.match.diff`)."""
    return diff(query, source)


def term_spans(term: str, text: str) -> list[tuple[int, int]]:
    """Where ``term`` stands in ``text`` (as concordance highlights it)."""
    return [m.span() for m in term_pattern(term).finditer(text)]


def client_codes(codes: Sequence[str]) -> list[str]:
    """The TM's language codes in the forms translation platforms send (lower case, ``_``): each code,
    its primary language, and for Chinese the script code its region stands for (``zh-CN`` is listed as
    ``zh_cn``, ``zh_hans`` and ``zh``), so that a client that only asks for listed pairs finds them.
    Each form resolves to the TM's codes as the CLI resolves it (:func:`tm.lang.resolve`)."""
    out: dict[str, None] = {}
    for code in codes:
        try:
            norm = langs.normalize_code(code)
        except TmError:
            continue
        forms = [norm, langs.primary(norm)]
        forms += [
            s for s in ("zh-Hans", "zh-Hant") if langs.primary(norm) == "zh" and langs.rank(s, norm) == 1
        ]
        for form in forms:
            out[form.replace("-", "_").lower()] = None
    return sorted(out)


def normalize_code(code: str) -> str:
    """``code`` in BCP-47 case (``zh_hans`` -> ``zh-Hans``); LanguageError when it is not a code."""
    return langs.normalize_code(code)
