"""XLIFF in: mrk segments pair by mid only when they can, every <file> its own languages, one XML rule."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run, run_json

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'


def xliff12(units: str, src: str = "en", tgt: str = "de") -> str:
    return (
        HEAD
        + f'<file original="a.txt" source-language="{src}" target-language="{tgt}" datatype="plaintext"><body>\n'
        + units
        + "\n</body></file></xliff>\n"
    )


def segmented(src_mids: tuple[str | None, ...], tgt_mids: tuple[str | None, ...]) -> str:
    sources = ["The cat sleeps.", "The dog barks."]
    targets = ["Die Katze schläft.", "Der Hund bellt."]

    def mrk(mid: str | None, text: str) -> str:
        return f'<mrk mtype="seg"{f" mid={chr(34)}{mid}{chr(34)}" if mid is not None else ""}>{text}</mrk>'

    return (
        '<trans-unit id="tu7"><source>The cat sleeps. The dog barks.</source><seg-source>'
        + " ".join(mrk(m, t) for m, t in zip(src_mids, sources, strict=True))
        + '</seg-source><target state="translated">'
        + " ".join(mrk(m, t) for m, t in zip(tgt_mids, targets, strict=True))
        + "</target></trans-unit>"
    )


def write(tmp_path: Path, text: str, name: str = "a.xlf") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def lookup(db: Path, text: str, tgt: str = "de") -> list[tuple[float, str]]:
    data = run_json(db, "lookup", text, "--src", "en", "--tgt", tgt, "--min-score", "50")
    return [(m["score"], m["target"]) for m in data["matches"]]


def test_mrk_segments_with_unique_matching_mids_pair_by_mid(tmp_path):
    db = tmp_path / "tm.db"
    # the target lists its segments in another order: mids, not positions, pair them
    text = segmented(("1", "2"), ("1", "2")).replace(
        '<mrk mtype="seg" mid="1">Die Katze schläft.</mrk> <mrk mtype="seg" mid="2">Der Hund bellt.</mrk>',
        '<mrk mtype="seg" mid="2">Der Hund bellt.</mrk> <mrk mtype="seg" mid="1">Die Katze schläft.</mrk>',
    )
    result = run(db, "import", str(write(tmp_path, xliff12(text))))
    assert result.exit_code == 0, result.stderr
    assert lookup(db, "The cat sleeps.")[0] == (100, "Die Katze schläft.")
    assert lookup(db, "The dog barks.")[0] == (100, "Der Hund bellt.")


def test_repeated_mids_import_the_trans_unit_whole_with_a_warning(tmp_path):
    # Why (issue 10): repeated mrk ids paired the wrong target with a source, offered at 100%.
    db = tmp_path / "tm.db"
    path = write(tmp_path, xliff12(segmented(("1", "1"), ("1", "1"))))
    result = run(db, "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "'tu7'" in result.stderr and "whole" in result.stderr and f"{path}:" in result.stderr
    assert all(score < 100 for score, _ in lookup(db, "The dog barks."))
    assert lookup(db, "The cat sleeps. The dog barks.")[0] == (100, "Die Katze schläft. Der Hund bellt.")


def test_missing_or_different_mids_import_the_trans_unit_whole(tmp_path):
    for n, (src, tgt) in enumerate(
        [((None, None), (None, None)), (("1", "2"), ("1", "3")), (("1", "2"), ("2", "2"))]
    ):
        db = tmp_path / f"{n}.db"
        result = run(db, "import", str(write(tmp_path, xliff12(segmented(src, tgt)), f"{n}.xlf")))
        assert result.exit_code == 0 and "whole" in result.stderr, (src, tgt, result.stderr)
        assert all(score < 100 for score, _ in lookup(db, "The dog barks.")), (src, tgt)
        assert lookup(db, "The cat sleeps. The dog barks.")[0][0] == 100


def test_every_file_element_has_its_own_languages(tmp_path):
    # Why (issue 10): in a multi-<file> XLIFF, the second file's French was stored as the first file's German.
    text = (
        HEAD
        + '<file original="a" source-language="en" target-language="de" datatype="plaintext"><body>'
        + '<trans-unit id="1"><source>Good morning.</source><target>Guten Morgen.</target></trans-unit></body></file>'
        + '<file original="b" source-language="en" target-language="fr" datatype="plaintext"><body>'
        + '<trans-unit id="1"><source>Good evening.</source><target>Bonsoir.</target></trans-unit></body></file>'
        + "</xliff>"
    )
    db = tmp_path / "tm.db"
    assert run(db, "import", str(write(tmp_path, text))).exit_code == 0
    assert lookup(db, "Good evening.", "fr")[0] == (100, "Bonsoir.")
    assert "Bonsoir." not in [target for _, target in lookup(db, "Good evening.", "de")]
    assert lookup(db, "Good morning.", "de")[0] == (100, "Guten Morgen.")


def test_xliff2_unit_with_repeated_segment_ids_is_imported_whole(tmp_path):
    text = (
        '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
        'trgLang="de"><file id="f"><unit id="u1">'
        '<segment id="s"><source>The cat sleeps.</source><target>Die Katze schläft.</target></segment>'
        '<segment id="s"><source> The dog barks.</source><target> Der Hund bellt.</target></segment>'
        "</unit></file></xliff>"
    )
    db = tmp_path / "tm.db"
    result = run(db, "import", str(write(tmp_path, text, "b.xlf")))
    assert result.exit_code == 0 and "'u1'" in result.stderr and "whole" in result.stderr, result.stderr
    assert lookup(db, "The cat sleeps. The dog barks.")[0] == (100, "Die Katze schläft. Der Hund bellt.")
    assert all(score < 100 for score, _ in lookup(db, "The dog barks."))


def test_xliff_follows_the_one_rule_for_entities_and_characters(tmp_path):
    unit = '<trans-unit id="1"><source>Hello&nbsp;world\x01</source><target>Hallo&nbsp;Welt</target></trans-unit>'
    db = tmp_path / "tm.db"
    path = write(tmp_path, xliff12(unit))
    result = run(db, "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert lookup(db, "Hello\u00a0world")[0] == (100, "Hallo\u00a0Welt")
    assert f"{path}:4: HTML entity &nbsp;" in result.stderr
    assert f"{path}:4: removed XML-illegal character U+0001" in result.stderr
    bad = write(tmp_path, xliff12(unit.replace("Welt", "Welt &co;")), "bad.xlf")
    result = run(tmp_path / "b.db", "import", str(bad))
    assert result.exit_code == 1 and f"{bad}:4:" in result.stderr and "&co;" in result.stderr
