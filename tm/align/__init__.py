"""Sentence alignment: two documents, one a translation of the other, turned into translation units.

``align(src_paragraphs, tgt_paragraphs, src, tgt, model)`` aligns texts given as paragraphs of
sentences; :func:`tm.align.documents.align_documents` reads and segments documents in any format tm
reads. :func:`build_model` gathers what the cost learns from: the TM's aligned units (length ratio and
word pairs), CC-CEDICT for zh-en, and the concepts of a termbase. See docs/alignment.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tm.align.aligner import Bead, Model, align_paragraphs
from tm.align.cost import canonical, default_length, length_model
from tm.align.lexicon import Lexicon, learn_pairs, tokens_of
from tm.formats.documents.base import is_cjk
from tm.lang import normalize_code
from tm.store import Termbase

__all__ = ["Alignment", "Bead", "Model", "align", "build_model", "signature"]

VERSION = "tm-align.1"


@dataclass(frozen=True)
class Alignment:
    """The beads of one document pair, with the sentences they index."""

    src: str
    tgt: str
    src_sentences: tuple[str, ...]
    tgt_sentences: tuple[str, ...]
    beads: tuple[Bead, ...]
    signature: str

    def texts(self, bead: Bead) -> tuple[str, str]:
        """The bead's source and target text (sentences joined as each language joins them)."""
        return join(self.src_sentences, bead.src, self.src), join(self.tgt_sentences, bead.tgt, self.tgt)


def join(sentences: Sequence[str], indices: Sequence[int], lang: str) -> str:
    sep = "" if is_cjk(lang) else " "
    return sep.join(sentences[k] for k in indices)


def build_model(
    src: str,
    tgt: str,
    *,
    tm_pairs: Iterable[tuple[str, str]] = (),
    term_pairs: Iterable[tuple[str, str]] = (),
    termbase: Termbase | None = None,
    use_dictionary: bool = True,
    src_texts: Iterable[str] = (),
    tgt_texts: Iterable[str] = (),
) -> Model:
    """The cost model for ``src``-``tgt``.

    ``tm_pairs``: aligned (source, target) texts from the TM, to learn the length ratio and word pairs
    from; ``src_texts``/``tgt_texts``: the documents to align, so that only their words are counted;
    ``termbase``: a termbase (:func:`tm.terms.load_termbase`: the TM's or a file's) whose concepts found
    on both sides are evidence; ``term_pairs``: more (source term, target term) pairs, given directly.
    """
    src, tgt = normalize_code(src), normalize_code(tgt)
    if not canonical(src, tgt):
        swapped = build_model(
            tgt,
            src,
            tm_pairs=((t, s) for s, t in tm_pairs),
            term_pairs=((t, s) for s, t in term_pairs),
            termbase=termbase,
            use_dictionary=use_dictionary,
            src_texts=tgt_texts,
            tgt_texts=src_texts,
        )
        return swapped
    pairs = list(tm_pairs)
    wanted_src = {t for text in src_texts for t in tokens_of(text, src)} or None
    wanted_tgt = {t for text in tgt_texts for t in tokens_of(text, tgt)} or None
    learned = learn_pairs(pairs, src, tgt, wanted_src=wanted_src, wanted_tgt=wanted_tgt) if pairs else {}
    length = length_model(pairs, src, tgt) if pairs else default_length(src, tgt)
    lexicon = Lexicon(
        src, tgt, learned=learned, term_pairs=term_pairs, termbase=termbase, use_dictionary=use_dictionary
    )
    return Model(src, tgt, length, lexicon)


def signature(model: Model) -> str:
    """Names the settings that change the beads: ``tm-align.1|zh-en|len:3.00/12.0|lex:cedict,tm-pairs:42``."""
    lex = ",".join(model.lexicon.sources) or "none"
    return (
        f"{VERSION}|{model.src}-{model.tgt}|len:{model.length.ratio:.2f}/{model.length.variance:.1f}"
        f"(tm:{model.length.learned_from})|lex:{lex}"
    )


def align(
    src_paragraphs: Sequence[Sequence[str]],
    tgt_paragraphs: Sequence[Sequence[str]],
    src: str,
    tgt: str,
    model: Model | None = None,
) -> Alignment:
    """Align two texts given as paragraphs of sentences; ``model`` from :func:`build_model` (default: no
    TM, the dictionary where there is one)."""
    src, tgt = normalize_code(src), normalize_code(tgt)
    if model is None:
        model = build_model(src, tgt)
    src_sents = tuple(s for p in src_paragraphs for s in p)
    tgt_sents = tuple(s for p in tgt_paragraphs for s in p)
    if canonical(src, tgt):
        beads = align_paragraphs(src_paragraphs, tgt_paragraphs, model)
    else:
        beads = [
            replace(b, src=b.tgt, tgt=b.src) for b in align_paragraphs(tgt_paragraphs, src_paragraphs, model)
        ]
    return Alignment(src, tgt, src_sents, tgt_sents, tuple(beads), signature(model))
