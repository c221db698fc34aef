"""``tm align``'s results: the beads of each document pair as a table or JSON, and the summary line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tm.render import counted, table, width

if TYPE_CHECKING:  # types only: the CLI loads this module without loading the aligner
    from tm.align.documents import DocumentAlignment
    from tm.align.run import AlignRun, ReviewImport


def _pair_json(r: DocumentAlignment) -> dict:
    a = r.alignment
    beads = []
    for b in a.beads:
        source, target = a.texts(b)
        beads.append(
            {
                "src": list(b.src),
                "tgt": list(b.tgt),
                "bead": b.kind,
                "confidence": round(b.confidence, 4),
                "source": source,
                "target": target,
            }
        )
    return {
        "source": r.src_path,
        "target": r.tgt_path,
        "src": a.src,
        "tgt": a.tgt,
        "signature": a.signature,
        "beads": beads,
    }


def alignment_json(run: AlignRun) -> dict:
    data: dict = {"min_confidence": run.min_confidence, "pairs": [_pair_json(r) for r in run.results]}
    data["summary"] = {
        "aligned": run.aligned,
        "sure": run.sure,
        "untranslated": run.omitted,
        "added": run.added,
        "to_check": run.to_check,
    }
    if run.imported is not None:
        data["imported"] = {"added": run.imported[0], "merged": run.imported[1]}
    return data


def alignment_text(run: AlignRun, columns: int = 48) -> str:
    """A table of beads per document pair (texts cut to ``columns``), each with its signature."""
    blocks = []
    for r in run.results:
        a = r.alignment
        rows = []
        for b in a.beads:
            s, t = a.texts(b)
            flag = "" if (b.both and b.confidence >= run.min_confidence) else "check"
            rows.append((f"{b.confidence:.2f}", b.kind, flag, short(s, columns), short(t, columns)))
        head = f"{r.src_path} | {r.tgt_path}\n" if len(run.results) > 1 else ""
        blocks.append(
            f"{head}{table(('Conf', 'Bead', '', a.src, a.tgt), rows, numeric=(0,))}\nSignature: {a.signature}\n"
        )
    return "\n".join(blocks)


def alignment_summary(run: AlignRun, html: str | None = None) -> list[str]:
    """The lines for stderr: how many beads to check, the files written, what was imported."""
    parts = [f"{run.aligned} aligned beads", f"{run.sure} at or above {run.min_confidence:.2f}"]
    if run.omitted:
        parts.append(f"{_sentences(run.omitted)} left untranslated (1-0)")
    if run.added:
        parts.append(f"{_sentences(run.added)} added in the translation (0-1)")
    lines = [", ".join(parts) + f"; {run.to_check} to check"]
    for label, path in (("units", run.output), ("review file", run.review), ("page", html)):
        if path:
            lines.append(f"Wrote {path} ({label})")
    if run.imported is not None:
        added, merged = run.imported
        lines.append(f"Imported {counted(run.sure, 'unit')} into the TM: {added} new, {merged} merged")
    return lines


def _sentences(n: int) -> str:
    return f"{n} sentence" if n == 1 else f"{n} sentences"


def review_import_json(result: ReviewImport) -> dict:
    return {
        "review": result.path,
        "imported": result.imported,
        "added": result.added,
        "merged": result.merged,
        "skipped": result.skipped,
    }


def review_import_summary(result: ReviewImport) -> str:
    return (
        f"Imported {counted(result.imported, 'reviewed unit')} from {result.path} (confirmed): {result.added} new, "
        f"{result.merged} merged; {result.skipped} rows not marked ok"
    )


CUT = "..."  # ASCII: "…" takes two columns in a terminal that draws East Asian ambiguous width wide


def short(text: str, columns: int = 48) -> str:
    """``text`` on one line, cut to ``columns`` terminal columns (a Han character takes two), ``...``
    where it was cut."""
    text = " ".join(text.split())
    if width(text) <= columns:
        return text
    out, used = [], 0
    for ch in text:
        used += width(ch)
        if used > columns - len(CUT):
            break
        out.append(ch)
    return "".join(out) + CUT
