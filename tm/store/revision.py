"""What importing a reviewed draft's segment does to the unit its fill came from (the same for every
backend; each backend carries it out in its own writer).

A draft records, per filled segment, the unit's id and the version of the source and target it held
(:func:`tm.store.codec.pair_version`). When the reviewed segment comes back:

- the segment's source (text, inline codes with their content, plural forms, context) and both
  languages are the unit's (a unit revised since is found under its new id): if its target is the
  unit's too, the segment merges into the unit (one more occurrence; a confirmed segment confirms the
  unit); if the reviewer changed it, the segment is confirmed and the unit still holds the pair the
  fill was made from, the reviewed target replaces the unit's (a :data:`REVISE`): the old target goes
  to the unit's history, every other variant (a unit may hold 60 languages), origin and position stays;
- anything else (the unit is gone or was revised since, the source differs because the fill was adapted
  from another number, the languages differ, the segment is unconfirmed) is a unit of its own, added or
  merged by its key as any imported unit. No stored source ever changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tm.lang import rank
from tm.model import Unit, Variant
from tm.store.codec import pair_version, same_content, variant_from_row

ADD, MERGE, REVISE = "add", "merge", "revise"


@dataclass(frozen=True)
class Decision:
    """What to do with one reviewed segment: :data:`ADD` (as any unit), :data:`MERGE` into ``unit``, or
    :data:`REVISE` ``unit`` into ``revised`` (its target variant ``old`` replaced)."""

    action: str
    unit: Unit | None = None
    revised: Unit | None = None
    old: Variant | None = None


def _find(unit: Unit, lang: str) -> Variant | None:
    """The unit's variant in ``lang``; else its one variant under another code of the same language
    (a draft that declared ``zh-CN`` for a unit held as ``zh-Hans``), None when there are several."""
    for v in unit.variants:
        if v.lang == lang:
            return v
    near = [v for v in unit.variants if rank(lang, v.lang) is not None or rank(v.lang, lang) is not None]
    return near[0] if len(near) == 1 else None


def _same(held: Variant, v: Variant) -> bool:
    """``v`` holds what ``held`` holds (its code may be another code of the same language)."""
    return same_content(held, replace(v, lang=held.lang))


def decide(current: Unit | None, encoded: tuple) -> Decision:
    """The decision for the reviewed segment ``encoded`` (:func:`tm.store.codec.encode_unit` of a unit
    whose ``filled_from`` names ``current``; None when no unit has that id)."""
    filled_from = encoded[7] if len(encoded) > 7 else None
    variants = encoded[6]
    if current is None or filled_from is None or len(variants) != 2:
        return Decision(ADD)
    status, context = encoded[1], encoded[2]
    source, target = (variant_from_row(*v) for v in variants)
    if (current.context or None) != (context or None) or source.lang == target.lang:
        return Decision(ADD)
    held_source, held_target = _find(current, source.lang), _find(current, target.lang)
    if held_source is None or held_target is None or held_source is held_target:
        return Decision(ADD)
    if not _same(held_source, source):
        return Decision(ADD)
    if _same(held_target, target):
        return Decision(
            MERGE, current
        )  # the unit holds this very pair (kept, or revised by this file before)
    if pair_version(held_source, held_target) != filled_from[1]:
        return Decision(ADD)  # the unit changed since the draft was made: both translations are kept
    if status != "confirmed":
        return Decision(ADD)  # an unconfirmed edit never replaces a target
    revised = replace(
        current,
        variants=tuple(replace(target, lang=v.lang) if v is held_target else v for v in current.variants),
        status="confirmed",
    )
    return Decision(REVISE, current, revised, held_target)
