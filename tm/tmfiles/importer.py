"""Import TMX, XLIFF and PO files into a store: one transaction for the whole import, a summary per file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from tm.errors import TmError
from tm.formats import open_reader
from tm.lang import distinct_pair
from tm.model import Header, ImportSummary, Issue, IssueSink, Unit
from tm.store.codec import encode_unit
from tm.tmfiles.readahead import Readahead, worth_it

Progress = Callable[[int], None]


def import_files(
    store,
    paths: Sequence[str | Path],
    *,
    recover: bool = False,
    include_fuzzy: bool = False,
    src: str | None = None,
    tgt: str | None = None,
    progress: Progress | None = None,
    on_issue: IssueSink | None = None,
    readahead: bool | None = None,
) -> list[ImportSummary]:
    """Import ``paths`` into ``store`` all or nothing; ``progress`` gets the bytes read since its last call.

    A refused file, an error or Ctrl-C leaves the store exactly as it was. ``readahead``: read and
    encode large TMX files in a second process (tm.tmfiles.readahead); None decides by file size and cores.
    """
    if src and tgt:
        distinct_pair(src, tgt)
    summaries: list[ImportSummary] = []
    options = {"recover": recover, "include_fuzzy": include_fuzzy, "src": src, "tgt": tgt}
    with store.transaction(done=f"the import into {store.path} was committed (the TM holds its units)"):
        for path in paths:
            summaries.append(_import_one(store, Path(path), options, readahead, progress, on_issue))
    return summaries


def import_units(store, units: Iterable[Unit], origin: str, fmt: str, header: Header) -> tuple[int, int]:
    """Put ``units`` made by tm itself (aligned sentences, a reviewed file) into ``store`` all or nothing,
    as the units of one origin (``origin`` the path or name it is recorded under, ``fmt`` its format),
    their order kept as positions for context matches. Returns (added, merged)."""
    if store.readonly:
        raise TmError(f"{store.path}: the TM is read-only")
    with store.transaction(done=f"the units of {origin} were committed to {store.path}"):
        writer = store.writer(store.add_origin(origin, fmt, header))
        for position, unit in enumerate(units, start=1):
            writer.add_encoded(encode_unit(unit), position)
        writer.flush()
    return writer.added, writer.merged


def _import_one(store, path: Path, options: dict, readahead, progress, on_issue) -> ImportSummary:
    issues: list[Issue] = []

    def collect(issue: Issue) -> None:
        issues.append(issue)
        if on_issue is not None:
            on_issue(issue)

    reader = open_reader(path, on_issue=collect, **options)
    if reader.format == "tmx" and (readahead if readahead is not None else worth_it(path)):
        reader = Readahead(path, on_issue=collect, **options)
        encoded = iter(reader)
    else:
        encoded = _encoded(reader)
    summary = ImportSummary(str(path), reader.format)
    writer = None
    done = 0
    for row, position in encoded:
        if writer is None:
            writer = store.writer(store.add_origin(str(path.resolve()), reader.format, reader.header))
        summary.read += 1
        writer.add_encoded(row, position)
        if progress is not None and summary.read % 512 == 0:
            progress(reader.bytes_read - done)
            done = reader.bytes_read
    if writer is not None:
        writer.flush()
        summary.added, summary.merged = writer.added, writer.merged
        summary.revised = getattr(writer, "revised", 0)
    if progress is not None:
        progress(reader.size - done)
    for issue in issues:
        if issue.severity == "skipped":
            summary.skip(issue.reason or "skipped")
    for reason, count in getattr(reader, "skipped", {}).items():
        summary.reasons[reason] = summary.reasons.get(reason, 0) + count
        summary.skipped += count
    summary.read += summary.skipped
    summary.issues = issues
    return summary


def _encoded(reader) -> Iterator[tuple[tuple, int]]:
    """(encoded unit, its place in the document) for each unit. Units skipped by the reader leave gaps,
    so that the neighbours recorded for context matches are the document's real neighbours, or none."""
    position = 0
    for unit in reader:
        position = getattr(reader, "position", position + 1) or position + 1
        yield encode_unit(unit), position
