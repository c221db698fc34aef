"""Build report.tmx and the PO files of corpora/wcm-2025 from segments.tsv (the aligned source of truth).

    python corpora/build.py            # rewrite the generated files
    python corpora/build.py --check    # exit 1 if a generated file or a text is out of date

Texts: report.{zh,en,ru}.txt and press-releases/<name>.{zh,en}.txt hold one paragraph per line (blank
lines between), rebuilt from their tables. TMX 1.4b has one unit per aligned segment (tuid
``wcm-2025-pPP-sSS``) with zh-CN, en and ru variants and the paragraph/sentence position as props; each
variant carries its own creation date and creator (the English is the World Content Market's publication;
the Chinese and Russian were written for tm, and the ones revised since carry a change date). The PO files
have the Chinese as msgid and the unit's tuid as their ``#:`` reference.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

import polib

from tm.formats.po import PROP_REFERENCE, write_po
from tm.formats.tmx_write import write_tmx
from tm.model import Annotation, Unit, Variant

HERE = Path(__file__).resolve().parent
REPORT = HERE / "wcm-2025"
RELEASES = HERE / "press-releases"
LANGS = {"zh": "zh-CN", "en": "en", "ru": "ru"}
JOIN = {"zh": "", "en": " ", "ru": " "}
REFERENCE = (("type", PROP_REFERENCE),)  # a PO entry's "#:" line

# Who wrote each language's text, and when: the English is the report as the World Content Market
# published it (2 May 2025); the Chinese and Russian were written for tm (corpora/README.md says how).
CREATED = {
    "en": ("20250502T000000Z", "World Content Market"),
    "zh": ("20261129T000000Z", "tm-corpora"),
    "ru": ("20261129T000000Z", "tm-corpora"),
}
# Editorial revisions after a professional review (corpora/README.md lists each change and its reason):
# change date -> language -> the "para.sent" segments revised that day. The Russian includes the
# segments whose dash got its no-break space (1.1, 3.2, 4.3, 6.4, 12.1, 12.3 for that alone), found by
# tm qa's dash-space check.
REVISED = {
    "20261130T000000Z": {
        "zh": ("3.1", "3.3", "4.1", "5.2", "8.1", "9.1", "10.1", "10.2"),
        "ru": (
            *("1.1", "3.1", "3.2", "3.3", "3.4", "4.2", "4.3", "4.4", "4.5", "5.3", "6.4", "8.1", "8.2", "8.4"),
            *("9.1", "10.2", "12.1", "12.3"),
        ),
    },
}


def read_segments(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def paragraphs(rows: list[dict[str, str]], lang: str) -> str:
    """The text of one language, one paragraph per line, a blank line between paragraphs."""
    paras: dict[int, list[str]] = {}
    for row in rows:
        paras.setdefault(int(row["para"]), []).append(row[lang])
    return "\n\n".join(JOIN[lang].join(sentences) for _, sentences in sorted(paras.items())) + "\n"


def variant_attrs(lang: str, para: int, sent: int) -> tuple[tuple[str, str], ...]:
    """The creation (and, if revised, change) date and author of one language's text of a segment."""
    date, author = CREATED[lang]
    attrs = [("creationdate", date), ("creationid", author)]
    for changed, segments in sorted(REVISED.items()):
        if f"{para}.{sent}" in segments.get(lang, ()):
            attrs[2:] = [("changedate", changed), ("changeid", "tm-corpora")]
    return tuple(attrs)


def units(rows: list[dict[str, str]], name: str) -> list[Unit]:
    out = []
    for row in rows:
        para, sent = int(row["para"]), int(row["sent"])
        variants = tuple(
            Variant(code, row[lang], attrs=variant_attrs(lang, para, sent)) for lang, code in LANGS.items()
        )
        props = (
            Annotation(str(para), (("type", "x-paragraph"),)),
            Annotation(str(sent), (("type", "x-sentence"),)),
        )
        out.append(Unit(variants, (("tuid", f"{name}-p{para:02d}-s{sent:02d}"),), props))
    return out


def build(directory: Path, out: Path) -> list[Path]:
    """Write the generated files of ``directory`` into ``out``; returns their paths."""
    rows = read_segments(directory / "segments.tsv")
    name = directory.name
    tus = units(rows, name)
    written = []
    for lang in LANGS:
        path = out / f"report.{lang}.txt"
        path.write_text(paragraphs(rows, lang), encoding="utf-8")
        written.append(path)
    tmx = out / "report.tmx"
    write_tmx(tmx, tus, srclang="zh-CN", segtype="sentence", datatype="plaintext")
    written.append(tmx)
    for tgt in ("en", "ru"):
        po = out / f"report.zh-{tgt}.po"
        bilingual = [
            Unit((u.variants[0], u.variant(LANGS[tgt])), u.attrs, (Annotation(u.attr("tuid"), REFERENCE),))
            for u in tus
        ]
        write_po(po, bilingual, src="zh-CN", tgt=tgt)
        written.append(po)
    return written


def build_releases(directory: Path, out: Path) -> list[Path]:
    """Write the texts of each press release table ``<name>.tsv`` of ``directory`` into ``out``."""
    written = []
    for table in sorted(directory.glob("*.tsv")):
        rows = read_segments(table)
        for lang in (key for key in rows[0] if key in JOIN):
            path = out / f"{table.stem}.{lang}.txt"
            path.write_text(paragraphs(rows, lang), encoding="utf-8")
            written.append(path)
    return written


def _same(a: Path, b: Path) -> bool:
    if a.suffix == ".po":  # the header's revision date is the time of writing: compare the entries
        entries = lambda p: [(e.msgctxt, e.msgid, e.msgstr, e.occurrences) for e in polib.pofile(str(p))]  # noqa: E731
        return a.exists() and entries(a) == entries(b)
    return a.exists() and a.read_bytes() == b.read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed files")
    args = parser.parse_args()
    if not args.check:
        for path in build(REPORT, REPORT) + build_releases(RELEASES, RELEASES):
            print(f"wrote {path.relative_to(HERE.parent)}")
        return 0
    stale = []
    for directory, builder in ((REPORT, build), (RELEASES, build_releases)):
        with tempfile.TemporaryDirectory() as tmp:
            stale += [p.name for p in builder(directory, Path(tmp)) if not _same(directory / p.name, p)]
    if stale:
        print("out of date: " + ", ".join(stale) + " (run python corpora/build.py)", file=sys.stderr)
        return 1
    print("corpora/ is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
