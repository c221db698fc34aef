"""The languages of a QA run: ``--src``/``--tgt``, or those the XLIFF files declare.

An XLIFF file says what it holds (``source-language``/``target-language``, 2.x ``srcLang``/``trgLang``):
without ``--src``/``--tgt`` tm qa takes them from there, and a language given that the file contradicts
(``--tgt ru`` on English targets) is refused as ``tm score --lang`` refuses it, rather than checking
English as Russian. A language given may be more or less precise than the declared one (``en`` for
``en-GB``, ``zh-CN`` for ``zh``); the one given is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tm.errors import LanguageError, UsageError
from tm.formats.bilingual import XLIFF
from tm.formats.registry import scored_format
from tm.lang import normalize_code, rank

_SIDES = ("source", "target")


def declared(path: str | Path) -> list[tuple[str | None, str | None]]:
    """The (source, target) languages each ``<file>`` of an XLIFF file declares (None where it does not)."""
    from tm.formats.documents import open_document  # lazy: lxml loads only for XLIFF

    doc = open_document(path)
    pairs = list(dict.fromkeys(getattr(doc, "langs", ()) or [(doc.source_lang, doc.target_lang)]))
    return [(_norm(s), _norm(t)) for s, t in pairs]


def _norm(code: str | None) -> str | None:
    """A declared code, normalised; None for none, or one tm cannot parse (not a reason to refuse)."""
    try:
        return normalize_code(code) if code else None
    except LanguageError:
        return None


def _related(given: str, found: str) -> bool:
    return rank(given, found) is not None or rank(found, given) is not None


def qa_languages(files: Sequence[str | Path], src: str | None, tgt: str | None) -> tuple[str, str]:
    """``src`` and ``tgt``, each taken from the XLIFF files where not given; a given language that an
    XLIFF file contradicts is a :class:`LanguageError` naming the file."""
    given = [normalize_code(src) if src else None, normalize_code(tgt) if tgt else None]
    found: list[dict[str, str]] = [{}, {}]  # per side: language -> the first file declaring it
    for path in files:
        if scored_format(path) != XLIFF:
            continue
        for pair in declared(path):
            for side, lang in enumerate(pair):
                if lang is None:
                    continue
                if given[side] is not None and not _related(given[side], lang):
                    option = "--src" if side == 0 else "--tgt"
                    raise LanguageError(
                        f"{path}: the {_SIDES[side]} text is in {lang}, not {given[side]}",
                        hint=f"give {option} {lang}, or leave {option} out to take it from the file",
                    )
                found[side].setdefault(lang, str(path))
    out = []
    for side, lang in enumerate(given):
        option = "--src" if side == 0 else "--tgt"
        if lang is not None:
            out.append(lang)
        elif len(found[side]) == 1:
            out.append(next(iter(found[side])))
        elif found[side]:
            listed = ", ".join(f"{f} ({lang})" for lang, f in found[side].items())
            raise UsageError(
                f"the files declare {_SIDES[side]} languages that differ: {listed}",
                hint=f"give {option}, or check the files one language at a time",
            )
        else:
            raise UsageError(
                f"give {option}: no XLIFF file among those checked declares the {_SIDES[side]} language",
                hint="tm qa FILE... --src zh --tgt en",
            )
    return out[0], out[1]
