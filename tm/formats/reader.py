"""What the importers of bilingual files (PO, XLIFF) share: the file and how much of it was read, which
translations are taken (confirmed ones; fuzzy ones only when asked), the entries skipped by reason, and
the languages: the ones the file declares, or where it declares none, those the caller gives (``tm import
--src/--tgt``)."""

from __future__ import annotations

from pathlib import Path

from tm.errors import LanguageError
from tm.lang import normalize_code
from tm.model import IssueSink


class BilingualReader:
    """The base of :class:`tm.formats.po.PoReader` and
    :class:`tm.formats.documents.xliff_import.XliffReader`: an iterable of units with ``format``,
    ``header``, ``size``, ``bytes_read``, ``position`` (the place in the file of the unit last read) and
    ``skipped`` (reason -> count). A subclass reads its file in :meth:`_open`."""

    format = "?"
    what = "?"  # how messages name the kind of file: "PO", "XLIFF"

    def __init__(
        self,
        path: str | Path,
        *,
        src: str | None = None,
        tgt: str | None = None,
        include_fuzzy: bool = False,
        on_issue: IssueSink | None = None,
    ) -> None:
        self.path = str(path)
        self.size = Path(path).stat().st_size
        self.bytes_read = 0
        self.position = 0
        self.given = (src, tgt)  # the caller's languages, for a file that does not say its own
        self.include_fuzzy = include_fuzzy
        self.on_issue = on_issue or (lambda issue: None)
        self.skipped: dict[str, int] = {}
        self.src, self.tgt = self._open()

    def _open(self) -> tuple[str, str]:
        """Read the file (and set ``header``); return its languages (:meth:`languages`)."""
        raise NotImplementedError

    def _skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def _taken(self, translated: bool, fuzzy: bool) -> bool:
        """Whether an entry is imported: translated, and confirmed unless fuzzy ones are asked for (what
        is not is counted as skipped, ``untranslated`` or ``fuzzy``)."""
        if not translated:
            self._skip("untranslated")
            return False
        if fuzzy and not self.include_fuzzy:
            self._skip("fuzzy")
            return False
        return True

    def languages(self, source: str | None, target: str | None, hint: str = "") -> tuple[str, str]:
        """The codes of a file (or a part of it) that declares ``source`` and ``target``: those, or where
        one is not declared, the caller's, normalised; a :class:`LanguageError` naming the file where
        neither says. ``hint``: where the file could declare it."""
        source, target = source or self.given[0], target or self.given[1]
        for code, which, option in ((source, "source", "--src"), (target, "target", "--tgt")):
            if not code:
                raise LanguageError(
                    f"{self.path}: the {self.what} file does not say its {which} language",
                    hint=f"give it with {option}" + (f", or {hint}" if hint else ""),
                )
        return normalize_code(source), normalize_code(target)  # type: ignore[arg-type]
