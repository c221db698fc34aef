"""Termbases as CSV or TSV: one column per language, one row per concept.

Header row: a language code per column (``zh-CN``, ``en``, ``ru``); a language may have several columns
(synonyms). ``LANG:admitted``, ``LANG:deprecated`` and ``LANG:forbidden`` columns hold terms with that
status (a plain language column holds preferred terms), ``LANG:note`` notes on that language's terms,
``note`` notes on the concept, ``subject`` its subject field, ``id`` its id. A cell may hold several terms
separated by ``|``. Tab-separated when the file ends in ``.tsv`` or its header has a tab; otherwise comma
(or semicolon, when the header has more of them).

    id,zh-CN,en,en:forbidden,ru,note
    kosarim,亚历山大·科萨里姆|科萨里姆,Alexander Kosarim|Kosarim,Kossarim,Александр Косарим|Косарим,Wink
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from tm.errors import FormatError, LanguageError
from tm.lang import normalize_code
from tm.model import ADMITTED, DEPRECATED, FORBIDDEN, PREFERRED, Concept, Term

_STATUS_SUFFIX = {
    "": PREFERRED,
    "preferred": PREFERRED,
    "admitted": ADMITTED,
    "deprecated": DEPRECATED,
    "forbidden": FORBIDDEN,
}


def _columns(header: list[str], path: str) -> list[tuple[str, str | None, str | None]]:
    """(kind, language, status) per column: kind is term, term-note, note, subject, id."""
    out: list[tuple[str, str | None, str | None]] = []
    for n, raw in enumerate(header, start=1):
        name = raw.strip().lstrip("\ufeff")
        low = name.lower()
        if low in ("note", "notes"):
            out.append(("note", None, None))
        elif low in ("subject", "subjectfield", "domain"):
            out.append(("subject", None, None))
        elif low in ("id", "concept", "conceptid"):
            out.append(("id", None, None))
        else:
            code, _, suffix = name.partition(":")
            suffix = suffix.strip().lower()
            try:
                lang = normalize_code(code)
                if not re.fullmatch(r"[a-z]{2,3}", lang.split("-")[0]):
                    raise LanguageError(code)
            except LanguageError:
                raise FormatError(
                    f"column {n} ({name!r}) is neither a language code nor id, subject or note",
                    path,
                    1,
                    hint="name columns zh-CN, en, ru, en:forbidden, ru:note, note, subject, id",
                ) from None
            if suffix in ("note", "notes"):
                out.append(("term-note", lang, None))
            elif suffix in _STATUS_SUFFIX:
                out.append(("term", lang, _STATUS_SUFFIX[suffix]))
            else:
                raise FormatError(
                    f"column {n} ({name!r}): unknown status {suffix!r}",
                    path,
                    1,
                    hint="use :admitted, :deprecated or :forbidden",
                )
    return out


def read_term_csv(path: str | Path) -> list[Concept]:
    """The concepts of a CSV/TSV termbase (see the module's docstring)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise FormatError(f"not UTF-8 text ({err.reason})", p, hint="save the file as UTF-8") from None
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror}", p) from None
    first = text.split("\n", 1)[0]
    if p.suffix.lower() == ".tsv" or "\t" in first:
        delimiter = "\t"
    else:
        delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise FormatError("the file is empty", p, 1)
    columns = _columns(rows[0], str(p))
    concepts = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns):
            raise FormatError(f"{len(row)} cells, the header has {len(columns)}", p, line)
        terms: list[Term] = []
        term_notes: dict[str, list[str]] = {}
        notes, subject, ident = [], None, None
        for (kind, lang, status), cell in zip(columns, row, strict=False):
            cell = cell.strip()
            if not cell:
                continue
            if kind == "term":
                terms += [Term(t.strip(), lang, status) for t in cell.split("|") if t.strip()]
            elif kind == "term-note":
                term_notes.setdefault(lang, []).append(cell)
            elif kind == "note":
                notes.append(cell)
            elif kind == "subject":
                subject = cell
            else:
                ident = cell
        if not terms:
            raise FormatError("a row without any term", p, line)
        terms = [Term(t.text, t.lang, t.status, None, None, tuple(term_notes.get(t.lang, ()))) for t in terms]
        concepts.append(Concept(tuple(terms), ident, subject, tuple(notes)))
    return concepts
