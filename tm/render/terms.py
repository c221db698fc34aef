"""The termbase for people and programs: term hits of a segment (``tm lookup``, ``tm pretranslate``), the
concepts ``tm terms lookup`` finds, what ``tm terms import`` stored, and ``tm terms extract``'s candidates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tm.model import Concept
from tm.render import counted, dumps, table
from tm.terms import note_text

if TYPE_CHECKING:  # types only
    from tm.terms import TermHit
    from tm.terms.extract import Candidate


def hits_json(hits: Sequence[TermHit]) -> list[dict]:
    """Each hit: its span in the segment's source, the source term as written, the target terms."""
    return [{"start": h.start, "end": h.end, "source": h.source, "targets": list(h.targets)} for h in hits]


def hits_line(hits: Sequence[TermHit]) -> str:
    """The ``terms`` line under a lookup's matches: ``   terms  李扬 → Li Yang; 中国馆 → China Pavilion``."""
    return f"{'terms':>8}  {note_text(list(hits))}"


def concept_json(concept: Concept) -> dict:
    return {
        "id": concept.id,
        "subject": concept.subject,
        "notes": list(concept.notes),
        "terms": [
            {
                "lang": t.lang,
                "text": t.text,
                "status": t.status,
                "part_of_speech": t.part_of_speech,
                "notes": list(t.notes),
            }
            for t in concept.terms
        ],
    }


def concepts_json(concepts: Sequence[Concept]) -> str:
    return dumps([concept_json(c) for c in concepts])


def concepts_text(concepts: Sequence[Concept]) -> str:
    """Each concept: its id and subject, a table of its terms (language, term, status, notes), its notes."""
    blocks = []
    for concept in concepts:
        lines = [
            f"concept {concept.id or concept.key}" + (f" ({concept.subject})" if concept.subject else "")
        ]
        rows = [[t.lang, t.text, t.status or "", "; ".join(t.notes)] for t in concept.terms]
        lines.append(table(["lang", "term", "status", "note"], rows))
        lines += [f"note: {note}" for note in concept.notes]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def import_json(files: Sequence[tuple[str, Sequence[Concept]]], total: int) -> str:
    return dumps({"files": [_imported(path, concepts) for path, concepts in files], "concepts": total})


def import_text(files: Sequence[tuple[str, Sequence[Concept]]]) -> str:
    """One line per file read: its concepts and terms."""
    return "\n".join(
        f"{item['path']}: {counted(item['concepts'], 'concept')}, {counted(item['terms'], 'term')}"
        for item in (_imported(path, concepts) for path, concepts in files)
    )


def _imported(path: str, concepts: Sequence[Concept]) -> dict:
    return {"path": path, "concepts": len(concepts), "terms": sum(len(c.terms) for c in concepts)}


def candidates_text(candidates: Sequence[Candidate], src: str, tgt: str) -> str:
    """The candidates best first: rank, the two strings, the units holding both, the Dice coefficient."""
    rows = [[n, c.source, c.target, c.units, f"{c.dice:.2f}"] for n, c in enumerate(candidates, 1)]
    return table(["#", src, tgt, "units", "dice"], rows, numeric=[0, 3, 4])
