"""Import TMX and PO files into a store: one transaction for the whole import, a summary per file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from tm.formats import open_reader
from tm.model import ImportSummary, Issue, IssueSink

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
) -> list[ImportSummary]:
    """Import ``paths`` into ``store`` all or nothing; ``progress`` gets the bytes read since its last call.

    A refused file, an error or Ctrl-C leaves the store exactly as it was.
    """
    summaries: list[ImportSummary] = []
    with store.transaction():
        for path in paths:
            summaries.append(
                _import_one(store, Path(path), recover, include_fuzzy, src, tgt, progress, on_issue)
            )
    return summaries


def _import_one(store, path, recover, include_fuzzy, src, tgt, progress, on_issue) -> ImportSummary:
    issues: list[Issue] = []

    def collect(issue: Issue) -> None:
        issues.append(issue)
        if on_issue is not None:
            on_issue(issue)

    reader = open_reader(
        path, recover=recover, include_fuzzy=include_fuzzy, src=src, tgt=tgt, on_issue=collect
    )
    summary = ImportSummary(str(path), reader.format)
    origin = None
    writer = None
    done = 0
    position = 0
    for unit in reader:
        if writer is None:
            origin = store.add_origin(str(path.resolve()), reader.format, reader.header)
            writer = store.writer(origin)
        # The unit's place in its document (units skipped by the reader leave gaps, so that neighbours
        # recorded for context matches are the document's real neighbours, or none).
        position = getattr(reader, "position", position + 1) or position + 1
        summary.read += 1
        writer.add(unit, position)
        if progress is not None and summary.read % 512 == 0:
            progress(reader.bytes_read - done)
            done = reader.bytes_read
    if writer is not None:
        writer.flush()
        summary.added, summary.merged = writer.added, writer.merged
    if progress is not None:
        progress(reader.size - done)
    for issue in issues:
        if issue.severity == "skipped":
            summary.skip(issue.message.split(";")[0].split(":")[0])
    for reason, count in getattr(reader, "skipped", {}).items():
        summary.reasons[reason] = summary.reasons.get(reason, 0) + count
        summary.skipped += count
    summary.read += summary.skipped
    summary.issues = issues
    return summary
