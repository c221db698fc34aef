"""One exception tree for every expected failure; the CLI maps them to exit codes in one place."""

from __future__ import annotations

from pathlib import Path


class TmError(Exception):
    """An expected failure: bad input, unknown language, missing TM. Exit code 1."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple:
        # Pickled with every attribute (path, line, hint...), so that an error raised in a worker
        # process (tm.tmfiles.readahead) reads the same where it is reported.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[TmError], args: tuple, state: dict) -> TmError:
    err = cls.__new__(cls)
    Exception.__init__(err, *args)
    err.__dict__.update(state)
    return err


class FormatError(TmError):
    """A file that cannot be read as the format it claims; carries path, line and column."""

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.problem = message
        where = location(self.path, line, column)
        super().__init__(f"{where}: {message}" if where else message, hint)


class LanguageError(TmError):
    """A language that the TM or file does not hold, or a code that cannot be parsed."""


class StoreError(TmError):
    """The TM database cannot be opened, read or written."""


class StoreBusy(StoreError):
    """Another program is writing to the TM (its lock held past the wait): try again later. A lookup whose
    index catch-up meets it scans what the index lacks instead; any other StoreError is an error."""


class QueryTooLong(TmError):
    """A lookup query longer than the limit (tm.match.lookup.MAX_QUERY): a whole document pasted as one
    query costs minutes and finds nothing a translator can use."""

    def __init__(self, length: int, limit: int) -> None:
        self.length, self.limit = length, limit
        super().__init__(
            f"the query is {length:,} characters long; the limit is {limit:,}",
            hint="look up one sentence at a time, or raise the limit with --max-length",
        )


class UsageError(TmError):
    """Options that do not fit together (exit code 2, like click's own usage errors)."""

    exit_code = 2


def location(path: str | None, line: int | None = None, column: int | None = None) -> str:
    """``path:line:column`` as editors and compilers write it (what is unknown left out; "" without a
    path): the one place tm formats where something is."""
    if path is None:
        return ""
    where = path
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where
