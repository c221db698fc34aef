"""Seeded mutation fuzzing of every input path (TMX, PO, XLIFF 1.2 and 2, HTML, text), bounded by a count of
inputs (the same inputs on any machine, however busy) or, for a longer search, by time.

Seeds: the small TMX files of ../shared/tmx-samples (when there), the PO of corpora/, and the documents
below. Each input is a seed mutated one to four times (bytes flipped, inserted, deleted or repeated,
hostile tokens put in, another seed spliced in, truncated, thousands of attributes). Every input is
imported into an empty TM (with and without ``--recover``) and, when it is a document, opened for
translation and written back. What must hold for every input:

- nothing but a :class:`TmError` escapes (no traceback);
- the TM is either unchanged (empty, after a refusal) or holds only well-formed units: no character
  XML cannot hold anywhere in them, and their TMX export parses as strict XML;
- every message (error, hint, warning) is one line.

Run alone for a longer search: ``python -m tests.fuzz_inputs --seconds 600`` (or ``--inputs N``); inputs that break a rule
are written to ``--keep`` (default ``fuzz-findings/``).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tm.errors import TmError
from tm.formats.documents import open_document
from tm.formats.textsafe import ILLEGAL
from tm.formats.tmx_write import write_tmx
from tm.model import Issue, Unit
from tm.store.sqlite import SqliteStore
from tm.tmfiles.importer import import_files

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "tmx-samples"

TMX = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="t"
 creationtool="t" creationtoolversion="1"><prop type="x">p</prop></header><body>
<tu tuid="1"><tuv xml:lang="en"><seg>Click <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept> &amp; go.</seg></tuv>
<tuv xml:lang="de"><seg>Klicken Sie <bpt i="1">&lt;b&gt;</bpt>hier<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu>
<tu><note>n</note><tuv xml:lang="zh-CN"><seg>\xe4\xbc\x9a\xe8\xae\xae<ph x="1">&lt;br/&gt;</ph><hi type="b">x</hi></seg></tuv>
<tuv xml:lang="ru"><seg>\xd0\xa1\xd0\xbe\xd0\xb2\xd0\xb5\xd1\x89\xd0\xb0\xd0\xbd\xd0\xb8\xd0\xb5</seg></tuv></tu>
</body></tmx>
"""
PO = b"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: de\\n"
"X-Source-Language: en\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#. extracted
#: a.c:1
#, c-format
msgid "Save %s"
msgstr "%s speichern"

msgctxt "menu"
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d Datei"
msgstr[1] "%d Dateien"

#, fuzzy
msgid "Tab\\there \\"q\\""
msgstr "Tab\\thier \\"q\\""
"""
XLIFF12 = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a" source-language="en" target-language="de" datatype="plaintext"><body>
<trans-unit id="1"><source>The cat sleeps. The dog barks.</source><seg-source><mrk mtype="seg" mid="1">The cat sleeps.</mrk> <mrk mtype="seg" mid="2">The dog <g id="1">barks</g>.</mrk></seg-source>
<target state="translated"><mrk mtype="seg" mid="1">Die Katze schl\xc3\xa4ft.</mrk> <mrk mtype="seg" mid="2">Der Hund <g id="1">bellt</g>.</mrk></target></trans-unit>
<trans-unit id="2"><source>Hello <x id="2"/>world</source><target>Hallo Welt</target></trans-unit>
</body></file>
<file original="b" source-language="en" target-language="fr" datatype="plaintext"><body>
<trans-unit id="1"><source>Good evening.</source><target>Bonsoir.</target></trans-unit></body></file>
</xliff>
"""
XLIFF2 = b"""<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de"><file id="f">
<unit id="u1"><originalData><data id="d1">&lt;b&gt;</data></originalData>
<segment id="s1" state="final"><source>One <ph id="1" dataRef="d1"/>two.</source><target>Eins <ph id="1" dataRef="d1"/>zwei.</target></segment>
<segment id="s2"><source> Three.</source><target> Drei.</target></segment></unit></file></xliff>
"""
HTML = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The weather &amp; more</title></head>
<body><h1>The meeting will be held <b>tomorrow</b> on the third&nbsp;floor.</h1>
<p title="A title">Read <a href="x.html?a=1&amp;b=2">the docs</a>.<br>Then go.</p><script>if (a && b) x();</script>
</body></html>
"""
TEXT = "The meeting will be held tomorrow.\n\xe4\xbc\x9a\xe8\xae\xae\xe5\xb0\x86\n".encode("latin-1")

TOKENS = [
    b"&nbsp;",
    b"&co;",
    b"&copy;",
    b"&#x0;",
    b"&#1;",
    b"&#xD800;",
    b"&#xFFFE;",
    b"&#1114112;",
    b"&",
    b"&amp",
    b"\x00",
    b"\x01",
    b"\x0b",
    b"\x1b[31m",
    b"\x7f",
    b"\xc2\x9b",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xef\xbf\xbe",
    b"\xe2\x80\xa8",
    b"\xc2\x85",
    b"\r",
    b"\n",
    b"<",
    b">",
    b'"',
    b"'",
    b"]]>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"<?pi x?>",
    b'<!DOCTYPE tmx [<!ENTITY e "EXPANDED">]>',
    b'<!EN\x01TITY e "x">',
    b'<!DOCTYPE x SYSTEM "<x" [<!ENTITY e "x">]>',
    b"&e;",
    b"</seg>",
    b"<seg>",
    b'<tuv xml:lang="fr">',
    b'<tuv lang="">',
    b"</tu>",
    b"<tu>",
    b'<bpt i="1">',
    b'<ept i="9">',
    b"<hi>",
    b"</hi>",
    b'<ph x="1">',
    b"\\q",
    b"\\x41",
    b"\\xff",
    b"\\101",
    b"\\",
    b'msgstr[2] "x"\n',
    b'msgstr[12] "x"\n',
    b"#, fuzzy\n",
    b'msgid "a"\n',
    b'msgstr ""\n',
    b"charset=x-unknown",
    b"charset=KOI8-R",
    b"nplurals=3;",
    b'"\n"',
    b'<mrk mtype="seg" mid="1">',
    b"</mrk>",
    b'mid="2"',
    b'<mrk mtype="seg">',
    b'<segment id="s1">',
    b"</segment>",
    b'<g id="1">',
    b"</g>",
    b'<meta charset="latin1">',
    b'<meta charset="x-nope">',
    b"<b>",
    b"</b>",
    b"<script>",
    b'source-language="xx-!!"',
    b'target-language=""',
    b'xml:lang="zh"',
    b'encoding="UTF-16"',
    b'encoding="bogus"',
    b"\xef\xbb\xbf",
    b"\xff\xfe",
]


@dataclass
class Report:
    """What a run tried and found."""

    inputs: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


def seeds() -> list[tuple[str, bytes]]:
    """(suffix, content) of every seed."""
    found = [(".tmx", TMX), (".po", PO), (".xlf", XLIFF12), (".xlf", XLIFF2), (".html", HTML), (".txt", TEXT)]
    po = ROOT / "corpora" / "wcm-2025" / "report.zh-en.po"
    if po.exists():
        found.append((".po", po.read_bytes()[:20000]))
    if SAMPLES.is_dir():
        for path in sorted(SAMPLES.rglob("*")):
            if path.is_file() and path.suffix.lower() == ".tmx" and path.stat().st_size <= 30000:
                found.append((".tmx", path.read_bytes()))
    return found


def mutate(rng: random.Random, data: bytes, pool: list[tuple[str, bytes]]) -> bytes:
    """``data`` changed one to four times."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(8)
        at = rng.randint(0, len(out))
        if op == 0 and out:  # flip a byte
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif op in (1, 2):  # a hostile token, often next to markup
            if op == 2 and out:
                marks = [i for i in range(max(0, at - 200), min(len(out), at + 200)) if out[i] in b'<>"&\n']
                at = rng.choice(marks) if marks else at
            out[at:at] = rng.choice(TOKENS)
        elif op == 3:  # delete a range
            del out[at : at + rng.randint(1, 64)]
        elif op == 4:  # repeat a range
            piece = out[at : at + rng.randint(1, 200)]
            out[at:at] = piece * rng.randint(1, 20)
        elif op == 5:  # truncate
            del out[at:]
        elif op == 6:  # splice in a piece of another seed
            other = rng.choice(pool)[1]
            start = rng.randint(0, len(other))
            out[at:at] = other[start : start + rng.randint(1, 400)]
        else:  # many attributes on an element
            tag = out.find(b"<", at)
            space = out.find(b" ", tag) if tag >= 0 else -1
            if space > 0:
                many = b"".join(b' z%d="v"' % i for i in range(rng.choice((50, 500, 5000))))
                out[space:space] = many
    return bytes(out)


def _one_line(text: str | None, what: str) -> None:
    if text is not None and len(text.splitlines()) > 1:
        raise AssertionError(f"{what} is not one line: {text!r}")


def _strings(unit: Unit):
    yield from (unit.context or "",)
    for a in unit.props + unit.notes:
        yield a.text
        yield from (x for kv in a.attrs for x in kv)
    yield from (x for kv in unit.attrs for x in kv)
    for v in unit.variants:
        yield from (v.lang, v.text, v.coded or "", *v.plurals)
        yield from (c.xml for c in v.codes)
        yield from (x for kv in v.attrs for x in kv)
        for a in v.props + v.notes:
            yield a.text


def check_import(path: Path, recover: bool, workdir: Path) -> str:
    """Import ``path`` into an empty TM and check the rules; the outcome's name."""
    issues: list[Issue] = []
    store = SqliteStore(":memory:")
    try:
        try:
            import_files(store, [path], recover=recover, src="en", tgt="de", on_issue=issues.append)
        except TmError as err:
            _one_line(err.message, "error")
            _one_line(err.hint, "hint")
            if store.count() != 0:
                raise AssertionError("a refused import changed the TM") from None
            return "refused"
        finally:
            for issue in issues:
                _one_line(str(issue), "warning")
        units = list(store.units())
        for unit in units:
            for text in _strings(unit):
                if ILLEGAL.search(text):
                    raise AssertionError(f"stored text holds an XML-illegal character: {text!r}")
        out = workdir / "export.tmx"
        write_tmx(out, units)
        etree.parse(str(out), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
        return "imported" if units else "imported nothing"
    finally:
        store.close()


def check_document(path: Path, workdir: Path) -> str:
    """Open ``path`` as a document and write it back with no fills."""
    try:
        doc = open_document(path, "en")
        for issue in doc.issues:
            _one_line(str(issue), "warning")
        if not doc.holds_targets:
            doc.write(workdir / f"out{path.suffix}", {}, "de")
        return "document read"
    except TmError as err:
        _one_line(err.message, "error")
        _one_line(err.hint, "hint")
        return "document refused"


def fuzz(
    inputs: int | None = None, seed: int = 0, keep: Path | None = None, log=None, seconds: float | None = None
) -> Report:
    """Fuzz ``inputs`` inputs, or for ``seconds`` (whichever ends first, when both are given); a
    deterministic sequence of inputs for a given ``seed``, so that a count tries the same ones anywhere."""
    if inputs is None and seconds is None:
        raise ValueError("give a count of inputs or seconds")
    rng = random.Random(seed)
    pool = seeds()
    report = Report()
    deadline = time.monotonic() + seconds if seconds is not None else float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        while (inputs is None or report.inputs < inputs) and time.monotonic() < deadline:
            suffix, data = rng.choice(pool)
            data = mutate(rng, data, pool)
            path = workdir / f"input{suffix}"
            path.write_bytes(data)
            if keep is not None:  # a crash of the process itself (lxml, libxml2) leaves its input here
                keep.mkdir(parents=True, exist_ok=True)
                (keep / "last-input").write_bytes(data)
            recover = rng.random() < 0.3
            started = time.monotonic()
            try:
                if suffix in (".tmx", ".po", ".xlf"):
                    report.count(check_import(path, recover, workdir))
                if suffix != ".tmx":
                    report.count(check_document(path, workdir))
            except Exception:
                name = f"finding-{report.inputs}{suffix}"
                report.failures.append(f"{name}: {traceback.format_exc(limit=-3)}")
                if keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    (keep / name).write_bytes(data)
                if log:
                    log(report.failures[-1])
            took = time.monotonic() - started
            if took > report.slowest[0]:
                report.slowest = (took, f"{suffix} of {len(data)} bytes")
            report.inputs += 1
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, help="search for this long (default 60 s without --inputs)")
    parser.add_argument("--inputs", type=int, help="try this many inputs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, default=Path("fuzz-findings"))
    args = parser.parse_args()
    seconds = 60.0 if args.seconds is None and args.inputs is None else args.seconds
    report = fuzz(args.inputs, args.seed, args.keep, lambda text: print(text, file=sys.stderr), seconds)
    print(f"inputs tried: {report.inputs}")
    print(f"outcomes: {dict(sorted(report.outcomes.items()))}")
    print(f"slowest input: {report.slowest[0]:.2f} s ({report.slowest[1]})")
    print(f"findings: {len(report.failures)}")
    sys.exit(1 if report.failures else 0)


if __name__ == "__main__":
    main()
