"""After a review revised a unit, the file the reviewed target came from is the origin lookups show
(trial bug 8), on each backend; a unit no review touched keeps its first origin."""

from __future__ import annotations

from pathlib import Path

from tm.model import Header, Unit, Variant
from tm.store import codec, open_store


def test_a_revised_unit_shows_the_review_as_its_origin(tmp_path: Path, store_url: str) -> None:
    store = open_store(store_url)
    try:
        with store.transaction():
            writer = store.writer(store.add_origin(str(tmp_path / "report.tmx"), "tmx", Header()))
            writer.add(Unit((Variant("zh-CN", "弗拉基米罗夫表示。"), Variant("en", "Vladimirov said."))), 1)
            writer.add(Unit((Variant("zh-CN", "另一句。"), Variant("en", "Another."))), 2)
            writer.flush()
        held, other = sorted(store.units(), key=lambda u: u.id)
        version = codec.pair_version(held.variants[0], held.variants[1])
        reviewed = Unit(
            (Variant("zh-CN", "弗拉基米罗夫表示。"), Variant("en", "Vladimirov noted.")),
            filled_from=(held.id, version),
        )
        with store.transaction():
            writer = store.writer(store.add_origin(str(tmp_path / "review.en.xlf"), "xliff", Header()))
            writer.add(reviewed, 1)
            writer.add(Unit((Variant("zh-CN", "另一句。"), Variant("en", "Another."))), 2)
            writer.flush()
        assert writer.revised == 1
        revised = next(u for u in store.units() if u.variant("en").text == "Vladimirov noted.")
        info = store.unit_info(revised.id)
        assert info.origin == "review.en.xlf"
        assert set(info.origins) == {"report.tmx", "review.en.xlf"}
        # merged, not revised: the first origin stays the one shown
        assert store.unit_info(other.id).origin == "report.tmx"
    finally:
        store.close()
