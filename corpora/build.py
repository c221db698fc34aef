"""Build report.tmx and the PO files of corpora/wcm-2025 from segments.tsv (the aligned source of truth).

    python corpora/build.py            # rewrite the generated files
    python corpora/build.py --check    # exit 1 if a generated file or a report.*.txt is out of date

Texts: report.{zh,en,ru}.txt hold one paragraph per line (blank lines between); TMX 1.4b has one unit per
aligned segment with zh-CN, en and ru variants and the paragraph/sentence position as props; the PO files
have the Chinese as msgid.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

import polib

from tm.formats.po import write_po
from tm.formats.tmx_write import write_tmx
from tm.model import Annotation, Unit, Variant

HERE = Path(__file__).resolve().parent
REPORT = HERE / "wcm-2025"
LANGS = {"zh": "zh-CN", "en": "en", "ru": "ru"}
DATE = "20250415T000000Z"  # the report's publication, as the units' creation date
JOIN = {"zh": "", "en": " ", "ru": " "}


def read_segments(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def paragraphs(rows: list[dict[str, str]], lang: str) -> str:
    """The text of one language, one paragraph per line, a blank line between paragraphs."""
    paras: dict[int, list[str]] = {}
    for row in rows:
        paras.setdefault(int(row["para"]), []).append(row[lang])
    return "\n\n".join(JOIN[lang].join(sentences) for _, sentences in sorted(paras.items())) + "\n"


def units(rows: list[dict[str, str]], name: str) -> list[Unit]:
    out = []
    for row in rows:
        para, sent = int(row["para"]), int(row["sent"])
        variants = tuple(Variant(code, row[lang]) for lang, code in LANGS.items())
        props = (
            Annotation(str(para), (("type", "x-paragraph"),)),
            Annotation(str(sent), (("type", "x-sentence"),)),
        )
        attrs = (
            ("tuid", f"{name}-p{para:02d}-s{sent:02d}"),
            ("creationdate", DATE),
            ("creationid", "tm-corpora"),
        )
        out.append(Unit(variants, attrs, props))
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
        bilingual = [Unit((u.variants[0], u.variant(LANGS[tgt])), u.attrs, u.props) for u in tus]
        write_po(po, bilingual, src="zh-CN", tgt=tgt)
        written.append(po)
    return written


def _same(a: Path, b: Path) -> bool:
    if a.suffix == ".po":
        entries = lambda p: [(e.msgctxt, e.msgid, e.msgstr) for e in polib.pofile(str(p))]  # noqa: E731
        return a.exists() and entries(a) == entries(b)
    return a.exists() and a.read_bytes() == b.read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed files")
    args = parser.parse_args()
    if not args.check:
        for path in build(REPORT, REPORT):
            print(f"wrote {path.relative_to(HERE.parent)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        stale = [p.name for p in build(REPORT, Path(tmp)) if not _same(REPORT / p.name, p)]
    if stale:
        print("out of date: " + ", ".join(stale) + " (run python corpora/build.py)", file=sys.stderr)
        return 1
    print("corpora/wcm-2025 is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
