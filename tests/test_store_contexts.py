"""Context matches when a file is imported again from the same path (review M2): each import of a file has
its places of its own, neighbours are those of the same import, so that a changed file never mixes its
old and new segments into neighbours that never stood together."""

from __future__ import annotations

from pathlib import Path

from tm.match import Matcher, OracleMatcher
from tm.store import Store, open_store
from tm.store.protocol import EDGE
from tm.tmfiles import import_files


def _tmx(path: Path, pairs: list[tuple[str, str]]) -> Path:
    tus = "".join(
        f'<tu><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="ru"><seg>{ru}</seg></tuv></tu>\n'
        for en, ru in pairs
    )
    path.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" '
        f'adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="x"/><body>\n{tus}</body></tmx>\n',
        encoding="utf-8",
    )
    return path


FIRST = [
    ("Alpha sentence one.", "RU Alpha"),
    ("Beta sentence two.", "RU Beta"),
    ("Gamma sentence three.", "RU Gamma"),
]
CHANGED = [
    ("Xray sentence one.", "RU X"),
    ("Yankee sentence two.", "RU Y"),
    ("Beta sentence two.", "RU Beta"),
]


def _best(store: Store, text: str, prev: str | None, nxt: str | None = None) -> tuple[float, str | None]:
    (m,) = Matcher(store, "en", "ru", limit=1).lookup(text, prev=prev, next=nxt)
    want = OracleMatcher.from_store(store, "en", "ru").lookup(text, limit=1, prev=prev, next=nxt)
    assert [(m.unit_id, m.score, m.context)] == [(w.unit_id, w.score, w.context) for w in want]
    return m.score, m.context


def _occurrences(store: Store) -> int:
    return sum(1 for _ in store.table_rows("occurrences", ("origin_id", "generation", "position", "unit_id")))


def test_a_changed_file_imported_again_keeps_each_imports_neighbours(tmp_path: Path, store_url: str) -> None:
    """The review's case: [Alpha, Beta, Gamma], then the same path as [Xray, Yankee, Beta]."""
    report = tmp_path / "report.tmx"
    store = open_store(store_url)
    import_files(store, [_tmx(report, FIRST)])
    import_files(store, [_tmx(report, CHANGED)])
    beta = "Beta sentence two."
    assert _best(store, beta, prev=beta) == (100.0, None)  # Beta never followed Beta
    assert _best(store, beta, prev="Yankee sentence two.") == (101.0, "prev+next")  # the new file, at its end
    assert _best(store, beta, prev="Alpha sentence one.", nxt="Gamma sentence three.") == (101.0, "prev+next")
    assert _best(store, beta, prev="Alpha sentence one.") == (101.0, "prev")  # the first file had Gamma next
    (uid,) = [u.id for u in store.units() if u.variants[0].text == beta]
    assert sorted(store.contexts(uid, ["en"])) == sorted(
        [("Alpha sentence one.", "Gamma sentence three."), ("Yankee sentence two.", EDGE)]
    )
    store.close()


def test_the_same_file_imported_again_adds_no_places(tmp_path: Path, store_url: str) -> None:
    report = _tmx(tmp_path / "report.tmx", FIRST)
    store = open_store(store_url)
    import_files(store, [report])
    once = _occurrences(store)
    import_files(store, [report])
    import_files(store, [report, report])
    assert _occurrences(store) == once == 3
    (uid,) = [u.id for u in store.units() if u.variants[0].text == "Beta sentence two."]
    assert store.contexts(uid, ["en"]) == [("Alpha sentence one.", "Gamma sentence three.")]
    assert store.origins(uid) == [("report.tmx", 2)]
    store.close()


def test_a_file_that_only_grew_replaces_its_earlier_import(tmp_path: Path, store_url: str) -> None:
    """An export of a growing TM imported again: the earlier import's places are all in the new one."""
    report = tmp_path / "report.tmx"
    store = open_store(store_url)
    import_files(store, [_tmx(report, FIRST[:2])])
    import_files(store, [_tmx(report, FIRST)])
    assert _occurrences(store) == 3
    assert _best(store, "Beta sentence two.", prev="Alpha sentence one.") == (101.0, "prev")
    # a changed file keeps both imports' places
    import_files(store, [_tmx(report, CHANGED)])
    assert _occurrences(store) == 6
    store.close()
