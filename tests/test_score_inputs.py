"""The files translators hold: PO, XLIFF 1.2 / 2.0, TMX and text, paired by id (not position), with the
promised error on a mismatch, and scores per match band of a pre-translated file."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU, CHRF, TER

from tm.bands import band_for
from tm.errors import TmError
from tm.formats.registry import scored_format
from tm.scoring import ScoreSettings, score_files
from tm.scoring.inputs import read_document
from tm.scoring.marks import match_from_comment

PAIRS = [  # (context, source, reference, draft)
    (None, "Open file", "Откройте файл", "Открыть файл"),
    ("menu", "Open", "Открыть", "Открыть"),
    ("dialog", "Open", "Откройте", "Открой"),
    (None, "Save changes before closing?", "Сохранить изменения перед закрытием?", "Сохранить изменения?"),
    (None, "The file was deleted.", "Файл был удалён.", "Файл удалён."),
]


def _po(path: Path, pairs, column: int, comments=None) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ru"}
    for n, (ctx, src, *targets) in enumerate(pairs):
        entry = polib.POEntry(msgctxt=ctx, msgid=src, msgstr=targets[column])
        if comments:
            entry.tcomment = comments[n]
        po.append(entry)
    po.save(str(path))
    return path


def _expected(pairs, metric=None):
    hyps = [p[3] for p in pairs]
    refs = [[p[2] for p in pairs]]
    return (metric or CHRF()).corpus_score(hyps, refs).score


def test_po_pairs_by_context_and_msgid_whatever_the_order(tmp_path):
    hyp = _po(tmp_path / "hyp.po", PAIRS, 1)
    ref = _po(tmp_path / "ref.po", list(reversed(PAIRS)), 0)
    report = score_files(hyp, [ref], ScoreSettings("ru", ("chrf", "ter")), segments=True)
    assert report.paired_by == "id"
    assert report.corpus[0].score == _expected(PAIRS)
    assert report.corpus[1].score == _expected(PAIRS, TER())
    by_source = {(s.label, s.source): s for s in report.segments}
    dialog = by_source[("msgctxt 'dialog' msgid 'Open'", "Open")]
    assert (dialog.hypothesis, dialog.references) == ("Открой", ("Откройте",))


def test_position_pairing_would_have_given_another_number(tmp_path):
    # The check above is meaningful: pairing the reversed file by position scores lower.
    reordered = [p[3] for p in PAIRS], [[p[2] for p in reversed(PAIRS)]]
    assert CHRF().corpus_score(*reordered).score < _expected(PAIRS) - 20


def test_po_mismatch_names_both_counts_and_the_first_unpaired_segment(tmp_path):
    hyp = _po(tmp_path / "hyp.po", PAIRS, 1)
    ref = _po(tmp_path / "ref.po", PAIRS[:2] + PAIRS[3:], 0)
    with pytest.raises(TmError) as err:
        score_files(hyp, [ref], ScoreSettings("ru"))
    message = err.value.message
    assert "hyp.po has 5 segments" in message and "ref.po has 4" in message
    assert "msgctxt 'dialog' msgid 'Open'" in message


def test_text_count_mismatch_names_the_first_line_without_partner(tmp_path):
    (tmp_path / "h.txt").write_text("a b\nc d\ne f\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text("a b\nc d\n", encoding="utf-8")
    with pytest.raises(TmError) as err:
        score_files(tmp_path / "h.txt", [tmp_path / "r.txt"], ScoreSettings("en"))
    assert "has 3 segments" in err.value.message and "has 2" in err.value.message
    assert "line 3" in err.value.message and "'e f'" in err.value.message


def test_untranslated_reference_entries_are_left_out(tmp_path):
    pairs = PAIRS + [(None, "Quit", "", "Выход")]
    hyp = _po(tmp_path / "hyp.po", pairs, 1)
    ref = _po(tmp_path / "ref.po", pairs, 0)
    report = score_files(hyp, [ref], ScoreSettings("ru", ("chrf",)))
    assert report.skipped == 1 and report.segments_scored == 5
    assert report.corpus[0].score == _expected(PAIRS)


XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:tm="urn:tm:pretranslate">
 <file original="ui.properties" source-language="en" target-language="ru-RU" datatype="plaintext">
  <body>
{units}
  </body>
 </file>
</xliff>
"""


def _xliff12(path: Path, units) -> Path:
    body = "\n".join(
        f'   <trans-unit id="{uid}"{attrs}><source>{src}</source><target>{tgt}</target>{extra}</trans-unit>'
        for uid, src, tgt, attrs, extra in units
    )
    path.write_text(XLIFF12.format(units=body), encoding="utf-8")
    return path


def test_xliff12_pairs_by_unit_id_and_reads_inline_text(tmp_path):
    hyp = _xliff12(
        tmp_path / "hyp.xlf",
        [
            ("2", "Save", "Сохр<g id='1'>анить</g>", "", ""),
            ("1", "Open <ph id='1'>&lt;b&gt;</ph>file", "Открыть <ph id='1'>&lt;b&gt;</ph>файл", "", ""),
        ],
    )
    ref = _xliff12(
        tmp_path / "ref.xlf",
        [("1", "Open file", "Откройте файл", "", ""), ("2", "Save", "Сохранить", "", "")],
    )
    report = score_files(hyp, [ref], ScoreSettings("ru", ("chrf",)), segments=True)
    assert report.paired_by == "id"
    hyps, refs = ["Сохранить", "Открыть файл"], [["Сохранить", "Откройте файл"]]
    assert report.corpus[0].score == CHRF().corpus_score(hyps, refs).score
    assert {s.hypothesis for s in report.segments} == set(hyps)


def test_xliff_with_another_target_language_is_refused(tmp_path):
    ref = _xliff12(tmp_path / "ref.xlf", [("1", "a", "b", "", "")])
    with pytest.raises(TmError, match="not zh"):
        score_files(ref, [ref], ScoreSettings("zh"))


def test_xliff20_pairs_by_unit_and_segment(tmp_path):
    doc = """<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="zh-CN">
 <file id="f1">{units}</file>
</xliff>"""

    def unit(uid, targets):
        segs = "".join(
            f'<segment id="{sid}"><source>s</source><target>{t}</target></segment>' for sid, t in targets
        )
        return f'<unit id="{uid}">{segs}</unit>'

    (tmp_path / "h.xlf").write_text(
        doc.format(
            units=unit("u2", [("a", "我们<pc id='1'>明天</pc>去。")])
            + unit("u1", [("a", "你好<ph id='2'/>！"), ("b", "再见")])
        ),
        encoding="utf-8",
    )
    (tmp_path / "r.xlf").write_text(
        doc.format(
            units=unit("u1", [("a", "你好！"), ("b", "再见。")]) + unit("u2", [("a", "我们今天去。")])
        ),
        encoding="utf-8",
    )
    report = score_files(tmp_path / "h.xlf", [tmp_path / "r.xlf"], ScoreSettings("zh", ("bleu",)))
    want = BLEU(tokenize="zh").corpus_score(
        ["我们明天去。", "你好！", "再见"], [["我们今天去。", "你好！", "再见。"]]
    )
    assert report.corpus[0].score == want.score


def test_tmx_variant_in_the_language_paired_by_tuid(tmp_path):
    def tmx(units):
        tus = "".join(
            f'<tu tuid="{tid}"><tuv xml:lang="en-US"><seg>{en}</seg></tuv><tuv xml:lang="ru-RU"><seg>{ru}</seg></tuv></tu>'
            for tid, en, ru in units
        )
        return (
            '<?xml version="1.0"?><tmx version="1.4"><header srclang="en-US" datatype="plaintext" '
            f'segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="x"/><body>{tus}</body></tmx>'
        )

    (tmp_path / "h.tmx").write_text(
        tmx([("2", "Save", "Сохранить"), ("1", "Open file", "Открыть файл")]), "utf-8"
    )
    (tmp_path / "r.tmx").write_text(
        tmx([("1", "Open file", "Откройте файл"), ("2", "Save", "Сохранить")]), "utf-8"
    )
    report = score_files(
        tmp_path / "h.tmx", [tmp_path / "r.tmx"], ScoreSettings("ru", ("chrf",)), segments=True
    )
    assert report.paired_by == "id"
    want = CHRF().corpus_score(["Сохранить", "Открыть файл"], [["Сохранить", "Откройте файл"]]).score
    assert report.corpus[0].score == want
    assert {s.source for s in report.segments} == {"Save", "Open file"}


def test_formats_are_detected_from_content_without_extension(tmp_path):
    (tmp_path / "a").write_text('msgid "x"\nmsgstr "y"\n', encoding="utf-8")
    (tmp_path / "b").write_text('<?xml version="1.0"?>\n<xliff version="1.2"></xliff>', encoding="utf-8")
    (tmp_path / "c").write_text("msgid is a word here\n", encoding="utf-8")
    assert [scored_format(tmp_path / n) for n in "abc"] == ["po", "xliff", "text"]


# --- match bands ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (101, "context"),
        (100, "100"),
        (99.5, "95-99"),
        (95, "95-99"),
        (94, "85-94"),
        (75, "75-84"),
        (50, "50-74"),
        (49, "no-match"),
    ],
)
def test_band_for_score(score, band):
    assert band_for(score) == band


def test_band_from_po_comment():
    match = match_from_comment("checked by Olga\ntm: score=97 band=95-99 origin=TM wcm 2025.tmx")
    assert (match.band, match.score, match.origin) == ("95-99", 97.0, "TM wcm 2025.tmx")
    assert match_from_comment("tm: score=88").band == "85-94"
    assert match_from_comment("no contract here") is None


def test_scores_per_match_band_of_a_pretranslated_xliff(tmp_path):
    units_h = [
        ("1", "Open file", "Откройте файл", ' tm:score="100" tm:band="100" tm:origin="tm"', ""),
        ("2", "Open files", "Откройте файл", ' tm:score="96" tm:band="95-99"', ""),
        ("3", "Close file", "Закройте файлы", ' tm:score="97"', ""),
        (
            "4",
            "Delete all",
            "Удалить всё",
            "",
            '<alt-trans match-quality="80%"><target>x</target></alt-trans>',
        ),
        ("5", "Quit", "Выход", "", ""),
    ]
    refs = {
        "1": "Откройте файл",
        "2": "Откройте файлы",
        "3": "Закройте файл",
        "4": "Удалите всё",
        "5": "Выйти",
    }
    hyp = _xliff12(tmp_path / "pre.xlf", units_h)
    ref = _xliff12(tmp_path / "final.xlf", [(u, "s", t, "", "") for u, t in refs.items()])
    report = score_files(hyp, [ref], ScoreSettings("ru", ("bleu", "chrf")), segments=True)
    bands = {b.band: b for b in report.bands}
    assert list(bands) == ["100", "95-99", "75-84"]  # billing order; segment 5 has no band
    assert (bands["100"].segments, bands["100"].unchanged) == (1, 1)
    assert bands["95-99"].segments == 2 and bands["95-99"].unchanged == 0
    texts = {u: t for u, _, t, _, _ in units_h}
    for band, ids in (("100", ["1"]), ("95-99", ["2", "3"]), ("75-84", ["4"])):
        hyps, band_refs = [texts[i] for i in ids], [[refs[i] for i in ids]]
        assert bands[band].scores[0].score == BLEU().corpus_score(hyps, band_refs).score
        assert bands[band].scores[1].score == CHRF().corpus_score(hyps, band_refs).score
    assert {s.band for s in report.segments} == {"100", "95-99", "75-84", None}


def test_read_document_keeps_po_plural_forms(tmp_path):
    po = polib.POFile()
    po.append(
        polib.POEntry(
            msgid="%d file",
            msgid_plural="%d files",
            msgstr_plural={0: "%d файл", 1: "%d файла", 2: "%d файлов"},
        )
    )
    po.save(str(tmp_path / "p.po"))
    doc = read_document(tmp_path / "p.po", "po", "ru")
    assert [s.target for s in doc.segments] == ["%d файл", "%d файла", "%d файлов"]
    assert [s.source for s in doc.segments] == ["%d file", "%d files", "%d files"]
    assert len({s.key for s in doc.segments}) == 3


def test_scores_per_band_of_a_pretranslated_po(tmp_path):
    comments = [
        "tm: score=100 band=100 origin=tm",
        "tm: score=100 band=100 origin=tm",
        "tm: score=96 band=95-99 origin=tm",
        "tm: band=no-match origin=mt",
        "reviewed",
    ]
    hyp = _po(tmp_path / "pre.po", PAIRS, 1, comments)
    ref = _po(tmp_path / "final.po", list(reversed(PAIRS)), 0)
    report = score_files(hyp, [ref], ScoreSettings("ru", ("chrf",)))
    bands = {b.band: b for b in report.bands}
    assert list(bands) == ["100", "95-99", "no-match"]
    assert (bands["100"].segments, bands["100"].unchanged) == (2, 1)
    assert bands["100"].scores[0].score == _expected(PAIRS[:2])
    assert bands["no-match"].scores[0].score == _expected(PAIRS[3:4])


def test_po_in_another_language_is_refused(tmp_path):
    hyp = _po(tmp_path / "hyp.po", PAIRS, 1)
    with pytest.raises(TmError, match="not zh"):
        score_files(hyp, [hyp], ScoreSettings("zh"))


def test_tmx_without_the_language_lists_what_it_has(tmp_path):
    tmx = (
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" '
        'adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="x"/><body><tu tuid="1">'
        '<tuv xml:lang="en"><seg>Open</seg></tuv><tuv xml:lang="de-DE"><seg>Öffnen</seg></tuv></tu></body></tmx>'
    )
    (tmp_path / "a.tmx").write_text(tmx, encoding="utf-8")
    with pytest.raises(TmError, match="de-DE"):
        score_files(tmp_path / "a.tmx", [tmp_path / "a.tmx"], ScoreSettings("zh"))


def test_bands_of_a_pretranslated_xliff20_and_tmx(tmp_path):
    doc = (
        '<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        'xmlns:tm="urn:tm:pretranslate" version="2.0" srcLang="en" trgLang="ru"><file id="f">{}</file></xliff>'
    )
    hyp = (
        '<unit id="u1" tm:score="100 80" tm:band="100 75-84">'
        '<segment id="a" state="translated"><source>s</source><target>Открыть файл</target></segment>'
        '<segment id="b" state="final"><source>s</source><target>Готово</target></segment>'
        '<segment id="c" state="initial"><source>s</source><target>Закрой файл</target></segment></unit>'
    )
    ref = (
        '<unit id="u1"><segment id="a"><source>s</source><target>Открыть файл</target></segment>'
        '<segment id="b"><source>s</source><target>Готово</target></segment>'
        '<segment id="c"><source>s</source><target>Закройте файл</target></segment></unit>'
    )
    (tmp_path / "h.xlf").write_text(doc.format(hyp), encoding="utf-8")
    (tmp_path / "r.xlf").write_text(doc.format(ref), encoding="utf-8")
    report = score_files(
        tmp_path / "h.xlf", [tmp_path / "r.xlf"], ScoreSettings("ru", ("chrf",)), segments=True
    )
    bands = {s.hypothesis: s.band for s in report.segments}
    assert bands == {"Открыть файл": "100", "Готово": None, "Закрой файл": "75-84"}

    tmx = (
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" '
        'adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="x"/><body><tu tuid="1">'
        '<prop type="x-tm-score">96</prop><prop type="x-tm-band">95-99</prop>'
        '<tuv xml:lang="en"><seg>Open</seg></tuv><tuv xml:lang="ru"><seg>Открыть</seg></tuv></tu></body></tmx>'
    )
    (tmp_path / "p.tmx").write_text(tmx, encoding="utf-8")
    doc_tmx = read_document(tmp_path / "p.tmx", "tmx", "ru")
    assert doc_tmx.segments[0].match.band == "95-99" and doc_tmx.segments[0].match.score == 96


@pytest.mark.parametrize("suffix", [".xlf", ".po", ".tmx"])
def test_bands_of_files_written_by_tms_own_pretranslation_writer(tmp_path, suffix):
    """The contract end to end: the writer tm pretranslate uses, then tm score on its output."""
    from tm.formats.documents import open_document, write_output
    from tm.formats.documents.base import Fill

    source = tmp_path / "doc.txt"
    source.write_text(
        "Open the file.\n\nSave the files before closing them.\n\nThe server restarts every night.\n\n"
        "Delete the old backups.\n",
        encoding="utf-8",
    )
    doc = open_document(source)
    drafts = [
        ("Откройте файл.", 100, "100"),
        ("Сохраните файл перед закрытием.", 96, "95-99"),
        ("Сервер перезапускается каждый день.", 80, "75-84"),
        ("Удалите старые копии.", 78, "75-84"),
    ]
    finals = [
        "Откройте файл.",
        "Сохраните файлы перед их закрытием.",
        "Сервер перезапускается каждую ночь.",
        "Удалите старые резервные копии.",
    ]
    segs = doc.segments
    pre, final = tmp_path / f"pre{suffix}", tmp_path / f"final{suffix}"
    write_output(
        doc,
        {s.index: Fill(t, sc, b, "tm") for s, (t, sc, b) in zip(segs, drafts, strict=True)},
        "en",
        "ru",
        pre,
    )
    write_output(
        doc,
        {s.index: Fill(t, 100, "100", "review") for s, t in zip(segs, finals, strict=True)},
        "en",
        "ru",
        final,
    )

    report = score_files(pre, [final], ScoreSettings("ru", ("chrf", "ter")))
    bands = {b.band: b for b in report.bands}
    assert list(bands) == ["100", "95-99", "75-84"]
    assert (bands["100"].segments, bands["100"].unchanged, bands["75-84"].segments) == (1, 1, 2)
    hyps, refs = [d[0] for d in drafts[2:]], [finals[2:]]
    assert bands["75-84"].scores[0].score == CHRF().corpus_score(hyps, refs).score
    assert bands["75-84"].scores[1].score == TER().corpus_score(hyps, refs).score
    assert report.corpus[0].score == CHRF().corpus_score([d[0] for d in drafts], [finals]).score


@settings(max_examples=15, deadline=None)
@given(order=st.permutations(range(len(PAIRS))), fmt=st.sampled_from(["po", "xlf"]))
def test_any_order_of_the_reference_gives_the_same_scores(tmp_path_factory, order, fmt):
    folder = tmp_path_factory.mktemp("perm")
    shuffled = [PAIRS[i] for i in order]
    if fmt == "po":
        hyp, ref = _po(folder / "h.po", PAIRS, 1), _po(folder / "r.po", shuffled, 0)
    else:
        units = [(f"{p[0] or ''}.{p[1]}", p[1], p[2], "", "") for p in shuffled]
        hyp = _xliff12(folder / "h.xlf", [(f"{p[0] or ''}.{p[1]}", p[1], p[3], "", "") for p in PAIRS])
        ref = _xliff12(folder / "r.xlf", units)
    report = score_files(hyp, [ref], ScoreSettings("ru", ("chrf", "ter")))
    assert report.corpus[0].score == _expected(PAIRS)
    assert report.corpus[1].score == _expected(PAIRS, TER())


def test_gzipped_text_is_read_like_plain_text(tmp_path):
    import gzip

    hyps, refs = ["Open the file .", "Save  it"], ["Open the file.", "Save it"]
    with gzip.open(tmp_path / "h.txt.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(hyps) + "\n")
    (tmp_path / "r.txt").write_text("\r\n".join(refs) + "\r\n", encoding="utf-8")
    report = score_files(tmp_path / "h.txt.gz", [tmp_path / "r.txt"], ScoreSettings("en", ("chrf",)))
    assert report.segments_scored == 2
    assert report.corpus[0].score == CHRF().corpus_score(hyps, [refs]).score


def test_real_tmx_files_from_other_tools(shared):
    samples = shared / "tmx-samples"
    utf16 = samples / "heartsome__tmxeditor8" / "UTF-16LE.TMX"
    report = score_files(utf16, [utf16], ScoreSettings("zh", ("bleu", "ter")))
    assert report.paired_by == "id" and report.segments_scored > 0
    assert [round(m.score, 6) for m in report.corpus] == [100.0, 0.0]
    assert "tok:zh" in report.corpus[0].signature
    invalid = samples / "omegat-org__omegat" / "invalid.tmx"
    with pytest.raises(TmError, match="broken inline codes"):
        score_files(invalid, [invalid], ScoreSettings("fr"))
