"""What ``tm align`` writes: TMX units, the review file (TSV), JSON; and what goes into the TM.

Units carry their evidence as TMX props: ``x-tm-confidence`` (0-1, two decimals), ``x-tm-bead`` (1-1,
2-1, ...) and ``x-tm-align`` (the two documents). Their status is tm's unit status: unconfirmed (stored as
``fuzzy``; lookups take the status penalty off its matches, docs/review-loop.md) unless reviewed or
imported with ``--confirmed``; the TMX writer says so in the ``x-tm-status`` prop, which tm import reads
back as the status.

The review file is TSV with a header line: ``source``, ``target``, ``confidence``, ``bead``, ``status``,
``document``. ``status`` is ``ok`` for beads at or above the minimum confidence and ``check`` below it;
a reviewer corrects texts, writes ``ok`` where a bead is right and ``x`` (or anything else) where it is
not, and ``tm align --reviewed FILE --src L --tgt L`` imports the ``ok`` rows as confirmed units.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from tm.align.documents import DocumentAlignment
from tm.errors import FormatError
from tm.formats.atomic import atomic_output
from tm.formats.tmx_write import write_tmx
from tm.model import Annotation, Header, Unit, Variant
from tm.tmfiles import import_units as import_into

REVIEW_COLUMNS = ("source", "target", "confidence", "bead", "status", "document")
ORIGIN_FORMAT = "tm-align"


def _prop(kind: str, value: str) -> Annotation:
    return Annotation(value, (("type", kind),))


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def unit_of(
    src: str,
    tgt: str,
    source: str,
    target: str,
    *,
    confidence: float | None,
    bead: str,
    confirmed: bool,
    origin: str,
    tuid: str,
) -> Unit:
    props = [_prop("x-tm-bead", bead)]
    if confidence is not None:
        props.insert(0, _prop("x-tm-confidence", f"{confidence:.2f}"))
    props.append(_prop("x-tm-align", origin))
    attrs = (("tuid", tuid), ("creationdate", _now()), ("creationid", "tm-align"))
    return Unit(
        (Variant(src, source), Variant(tgt, target)),
        attrs,
        tuple(props),
        status="confirmed" if confirmed else "fuzzy",
    )


def units(
    results: Iterable[DocumentAlignment], *, min_confidence: float = 0.0, confirmed: bool = False
) -> list[Unit]:
    """The beads with both sides and a confidence of at least ``min_confidence``, as units."""
    out = []
    for result in results:
        a = result.alignment
        origin = f"{Path(result.src_path).name} | {Path(result.tgt_path).name}"
        for n, bead in enumerate(a.beads, start=1):
            if not bead.both or bead.confidence < min_confidence:
                continue
            source, target = a.texts(bead)
            out.append(
                unit_of(
                    a.src,
                    a.tgt,
                    source,
                    target,
                    confidence=bead.confidence,
                    bead=bead.kind,
                    confirmed=confirmed,
                    origin=origin,
                    tuid=f"{Path(result.src_path).name}:{n}",
                )
            )
    return out


def write_units(path: str | Path, unit_list: Sequence[Unit], src: str) -> int:
    """TMX 1.4b, written atomically."""
    return write_tmx(path, unit_list, srclang=src)


def _cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def review_tsv(results: Iterable[DocumentAlignment], min_confidence: float) -> str:
    """The review file: every bead (one-sided ones too, so that a reviewer sees what was left out)."""
    buf = io.StringIO()
    buf.write("\t".join(REVIEW_COLUMNS) + "\n")
    for result in results:
        a = result.alignment
        name = Path(result.src_path).name
        for bead in a.beads:
            source, target = a.texts(bead)
            status = "ok" if bead.both and bead.confidence >= min_confidence else "check"
            row = (_cell(source), _cell(target), f"{bead.confidence:.2f}", bead.kind, status, name)
            buf.write("\t".join(row) + "\n")
    return buf.getvalue()


def write_text(path: str | Path, text: str) -> None:
    with atomic_output(path) as handle:
        handle.write(text.encode("utf-8"))


def read_review(path: str | Path, src: str, tgt: str) -> tuple[list[Unit], int]:
    """The rows of a reviewed review file marked ``ok``, as confirmed units; and how many rows were not."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise FormatError(f"cannot read as UTF-8 text: {err}", p) from None
    if not lines or tuple(c.strip().lower() for c in lines[0].split("\t"))[:5] != REVIEW_COLUMNS[:5]:
        raise FormatError(
            "not a tm align review file (the first line must be: " + "\\t".join(REVIEW_COLUMNS) + ")", p, 1
        )
    out, skipped = [], 0
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 5:
            raise FormatError(f"{len(cells)} columns, expected {len(REVIEW_COLUMNS)}", p, number)
        source, target, confidence, bead, status = (c.strip() for c in cells[:5])
        document = cells[5].strip() if len(cells) > 5 else p.name
        if status.lower() != "ok" or not source or not target:
            skipped += 1
            continue
        try:
            value = float(confidence) if confidence else None
        except ValueError:
            raise FormatError(f"confidence {confidence!r} is not a number", p, number) from None
        out.append(
            unit_of(
                src,
                tgt,
                source,
                target,
                confidence=value,
                bead=bead or "1-1",
                confirmed=True,
                origin=f"{document} (reviewed in {p.name})",
                tuid=f"{p.name}:{number}",
            )
        )
    return out, skipped


def import_units(store, unit_list: Sequence[Unit], origin: str, src: str, tgt: str) -> tuple[int, int]:
    """Put ``unit_list`` into the TM in one transaction, ``origin`` recorded as where they came from
    (with their order, for context matches). Returns (added, merged)."""
    header = Header((("format", ORIGIN_FORMAT), ("srclang", src), ("tgtlang", tgt)))
    return import_into(store, unit_list, origin, ORIGIN_FORMAT, header)
