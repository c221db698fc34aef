"""Documents in, beads out: any format tm reads (txt, md, html, DOCX, PO, XLIFF), each
segmented by tm's own rules, its blocks taken as paragraphs; folders of documents paired by name.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.align import Alignment, align, build_model
from tm.errors import LanguageError, TmError
from tm.formats.documents import open_document
from tm.formats.registry import extensions
from tm.lang import normalize_code, primary
from tm.model import plain_text
from tm.store import Termbase

_BREAKS = re.compile(r"[ \t\r\n]+")
TM_LIMIT = 20000  # aligned units read from the TM to learn from


@dataclass(frozen=True)
class DocumentAlignment:
    """The alignment of one document pair."""

    src_path: str
    tgt_path: str
    alignment: Alignment


def read_paragraphs(path: str | Path, lang: str) -> list[list[str]]:
    """The document's sentences grouped by block (paragraph, heading, list item, cell); in formats
    without blocks (PO, XLIFF) each segment is its own paragraph."""
    doc = open_document(path, lang)
    paragraphs: list[list[str]] = []
    current: int | None = None
    for seg in doc.segments:
        # the plain text; runs of line breaks, tabs and spaces as one space, no-break spaces kept
        # (a DOCX tab between two words is a code: read as the space it shows, not dropped)
        text = _BREAKS.sub(" ", plain_text(seg.coded, seg.codes)).strip()
        if not text:
            continue
        if seg.block is None or seg.block != current or not paragraphs:
            paragraphs.append([])
        current = seg.block
        paragraphs[-1].append(text)
    return paragraphs


def tm_pairs(store, src: str, tgt: str, limit: int = TM_LIMIT) -> list[tuple[str, str]]:
    """Up to ``limit`` aligned (source, target) texts of the TM for the pair; none when it lacks one."""
    if store is None:
        return []
    try:
        src_codes, tgt_codes = store.resolve(src), store.resolve(tgt)
    except LanguageError:
        return []
    out = []
    for _, s, t in store.pairs(src_codes, tgt_codes):
        out.append((s.text, t.text))
        if len(out) >= limit:
            break
    return out


def align_documents(
    src_path: str | Path,
    tgt_path: str | Path,
    src: str,
    tgt: str,
    *,
    store=None,
    termbase: Termbase | None = None,
    term_pairs: Iterable[tuple[str, str]] = (),
    use_dictionary: bool = True,
    pairs: Sequence[tuple[str, str]] | None = None,
) -> DocumentAlignment:
    """Align two documents. The cost learns from ``store``'s aligned units of the pair (or ``pairs``
    when given), the concepts of ``termbase`` and ``term_pairs``, and CC-CEDICT for zh-en."""
    src, tgt = normalize_code(src), normalize_code(tgt)
    if primary(src) == primary(tgt):
        raise LanguageError(
            f"both documents are in {primary(src)}", hint="give --src and --tgt of the two languages"
        )
    src_paras = read_paragraphs(src_path, src)
    tgt_paras = read_paragraphs(tgt_path, tgt)
    if not src_paras or not tgt_paras:
        empty = src_path if not src_paras else tgt_path
        raise TmError(f"{empty}: no text to align")
    learn = list(pairs) if pairs is not None else tm_pairs(store, src, tgt)
    model = build_model(
        src,
        tgt,
        tm_pairs=learn,
        term_pairs=term_pairs,
        termbase=termbase,
        use_dictionary=use_dictionary,
        src_texts=[s for p in src_paras for s in p],
        tgt_texts=[t for p in tgt_paras for t in p],
    )
    return DocumentAlignment(str(src_path), str(tgt_path), align(src_paras, tgt_paras, src, tgt, model))


# the monolingual documents a folder pair is made of (PO and XLIFF hold translations already)
_DOCUMENT_SUFFIXES = tuple(ext for name in ("text", "markdown", "html", "docx") for ext in extensions(name))


def pair_folders(
    src_dir: str | Path, tgt_dir: str | Path, src: str, tgt: str, pattern: str | None = None
) -> list[tuple[Path, Path]]:
    """Pairs of documents from two folders, sorted by source name.

    Without ``pattern``: the same file name in both folders, or names that differ only by the language
    code (``release.zh.txt`` and ``release.en.txt``). With ``pattern``: a file name pattern in which
    ``{lang}`` stands for the language and ``*`` for the part that pairs the files
    (``release-*.{lang}.html``).
    """
    src_dir, tgt_dir = Path(src_dir), Path(tgt_dir)
    src_files = sorted(p for p in src_dir.rglob("*") if p.is_file())
    tgt_files = sorted(p for p in tgt_dir.rglob("*") if p.is_file())
    if pattern:
        s_key = _pattern_keys(src_files, src_dir, pattern, src)
        t_key = _pattern_keys(tgt_files, tgt_dir, pattern, tgt)
    else:
        s_key = {_name_key(p, src_dir, src): p for p in src_files if p.suffix.lower() in _DOCUMENT_SUFFIXES}
        t_key = {_name_key(p, tgt_dir, tgt): p for p in tgt_files if p.suffix.lower() in _DOCUMENT_SUFFIXES}
    pairs = [(s_key[k], t_key[k]) for k in sorted(s_key) if k in t_key]
    if not pairs:
        raise TmError(
            f"no document pairs in {src_dir} and {tgt_dir}",
            hint="pairs share a file name, or differ only by the language code; else give --pattern "
            "(e.g. 'release-*.{lang}.txt')",
        )
    return pairs


def _name_key(path: Path, root: Path, lang: str) -> str:
    rel = path.relative_to(root).as_posix()
    code = re.escape(primary(lang))
    return re.sub(rf"(?i)(?<=[._-]){code}(?:[-_][A-Za-z]+)?(?=[._-])", "{lang}", rel)


def _pattern_keys(files: list[Path], root: Path, pattern: str, lang: str) -> dict[str, Path]:
    glob = pattern.replace("{lang}", primary(lang))
    regex = re.compile(fnmatch.translate(glob).replace(".*", "(?P<key>.*)", 1))
    out = {}
    for p in files:
        m = regex.match(p.relative_to(root).as_posix()) or regex.match(p.name)
        if m:
            out[m.groupdict().get("key") or p.name] = p
    return out
