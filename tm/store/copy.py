"""Moving a whole TM from one store to another (``tm copy``), whatever their backends: every row of the
tables below, as it is (unit ids, keys, variants, status, dates, merge counts, notes and other metadata,
origins and the position of every occurrence in each import, the units' history, the highest unit id
removed, the termbase's concepts and terms). The match index is derived data: the destination builds
its own on its first lookup (or ``tm index``).

Every backend holds these tables with these columns (its schema's business); a table added to both
schemas joins the list.
"""

from __future__ import annotations

from collections.abc import Callable

from tm.errors import StoreError
from tm.store.protocol import Store

# table -> (columns, key: the order rows are read in)
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "origins": (("id", "name", "key", "format", "header", "imported"), ("id",)),
    "units": (("id", "key", "status", "context", "created", "changed", "merges", "meta"), ("id",)),
    "variants": (("unit_id", "ord", "lang", "text", "coded", "meta"), ("unit_id", "ord")),
    "occurrences": (
        ("origin_id", "generation", "position", "unit_id"),
        ("origin_id", "generation", "position", "unit_id"),
    ),
    "unit_history": (
        (
            "id",
            "unit_id",
            "former_id",
            "lang",
            "text",
            "coded",
            "meta",
            "status",
            "changed",
            "revised",
            "origin_id",
        ),
        ("id",),
    ),
    "id_marks": (("name", "top"), ("name",)),
    "unit_pairs": (("key", "unit_id"), ("key",)),
    "term_concepts": (("id", "ext_id", "subject", "notes", "extra", "lang_extra"), ("id",)),
    "term_terms": (
        ("concept_id", "ord", "lang", "text", "key", "status", "status_raw", "pos", "notes", "extra"),
        ("concept_id", "ord"),
    ),
}


def copy_tm(src: Store, dst: Store, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy every row of ``src`` into the empty TM ``dst``, in one transaction; returns the rows per
    table. ``progress`` is told each table's name and row count when it is done."""
    held = dst.count() + dst.terms.count()
    if held:
        raise StoreError(
            f"{dst.path}: the TM is not empty; tm copy fills an empty TM only",
            hint="copy into a new file or an empty database",
        )
    counts: dict[str, int] = {}
    with src.snapshot(), dst.transaction():
        for table, (columns, _) in TABLES.items():
            counts[table] = dst.write_rows(table, columns, src.table_rows(table, columns))
            if progress is not None:
                progress(table, counts[table])
    return counts
