"""Term candidates from the TM, for a terminologist to confirm: :func:`extract_candidates`.

Two kinds of evidence, both counted in translation units:

1. **Names kept as written**: a Latin-script name in a Chinese or Russian source (``Wink``, ``OTT``,
   ``Media-Telecom``) that stands unchanged in the target is a pair by itself.
2. **Aligned phrases**: on the side written with spaces (English, Russian), the capitalised sequences
   (``China Pavilion``, ``Alexander Kosarim``, ``World Content Market – Moscow``) and «quoted» names
   (``«Медиа Телеком»``); Russian ones grouped by lemma (``Китайского павильона`` = ``Китайский
   павильон``). Each is aligned to the string of the other side that co-occurs with it best: the Dice
   coefficient of the two sets of units, ``2|A∩B| / (|A|+|B|)``. On a Chinese side the strings are
   character substrings (2-10 characters, no punctuation); ties go to the one that starts and ends
   where a name would (after punctuation or a function character such as 的/与/在, not on one), then
   to the length a transliteration of the phrase would have.

Candidates are ranked by ``dice × log2(1 + shared units)`` (names kept as written get the same with
dice 1), so that a pair seen in many units outranks one seen once. At most ``max_units`` units of the TM
are read (the first ones), which bounds the time on large TMs.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tm.formats.atomic import atomic_output
from tm.lang import primary
from tm.model import Concept, Term
from tm.terms.morph import analyzer

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{HAN}A-Za-z0-9·\\-&.、 ]+")
_LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[-.&][A-Za-z0-9]+)*(?![A-Za-z0-9])")
_WORD = re.compile(r"[^\W\d_]+(?:[’'\-][^\W\d_]+)*|&|–|—|\d+", re.U)
_CONNECTORS = {"&", "–", "-"}
_STOP = set(
    "the a an this that these those on at in with for from to by upon it he she we they our his her its as after "
    "before during all both and but or not no his their there here when while".split()
)
_FUNCTION = set("的了与和及是在为由对将向从等也并而以于被把让给之其这那该此")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;“\"(«—]\s*)$")
_MONTHS = set(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday".split()
)
_GUILLEMETS = re.compile(r"«([^«»]{2,60})»")
_CJK = frozenset({"zh", "ja", "ko"})


@dataclass(frozen=True)
class Candidate:
    """A proposed term pair with its evidence."""

    source: str
    target: str
    units: int  # units holding both
    source_units: int
    target_units: int
    dice: float
    score: float
    kind: str  # "kept": a Latin name written the same in both; "aligned": a phrase and its counterpart
    example: int | None = None  # the store's id of one unit holding both


def _syllables(text: str) -> int:
    return max(1, len(re.findall(r"[aeiouyаеёиоуыэюя]+", text.lower())))


def _phrases(text: str, lang: str, capitalised_inside: set[str], lowercase_words: set[str]) -> list[str]:
    """Capitalised word sequences (and «quoted» names in Russian) of a sentence."""
    tokens = [(m.group(), m.start()) for m in _WORD.finditer(text)]
    out: list[str] = []
    run: list[tuple[str, int]] = []

    def close() -> None:
        while run and run[-1][0] in _CONNECTORS:
            run.pop()
        if run:
            words = [w for w, _ in run]
            start = run[0][1]
            if _SENTENCE_START.search(text[:start]) and not _brandlike(words[0]):
                first = words[0]
                if len(words) == 1 and first not in capitalised_inside:
                    words = []
                elif (
                    first.lower() in _STOP
                    or first.lower() in lowercase_words
                    or _common_ru(first, lang, words)
                ):
                    words = words[1:]
                while words and words[0] in _CONNECTORS:
                    words = words[1:]
            if len(words) == 1 and words[0].lower() in _MONTHS:
                words = []
            if words:
                end = run[-1][1] + len(run[-1][0])
                first = text.find(words[0], start)
                phrase = re.sub(r"['’]s$", "", text[first:end])
                if any(ch.isalpha() for ch in phrase):
                    out.append(phrase)
        run.clear()

    quoted = [(m.start(), m.end()) for m in _GUILLEMETS.finditer(text)] if lang == "ru" else []
    for word, pos in tokens:
        if any(a <= pos < b for a, b in quoted):  # names in guillemets are taken whole below
            close()
            continue
        upper = word[:1].isupper()
        if (
            not upper
            and lang == "ru"
            and run
            and (not _SENTENCE_START.search(text[: run[0][1]]) or run[0][0] in capitalised_inside)
            and _noun_after_adjective(run[-1][0], word)
        ):
            run.append((word, pos))  # Китайский павильон, Октябрьская революция: a name, its noun lower-case
            close()
            continue
        if upper or (run and word in _CONNECTORS):
            if run and text[run[-1][1] + len(run[-1][0]) : pos].strip() not in ("", "-"):
                close()
            run.append((word, pos))
        else:
            close()
    close()
    if lang == "ru":  # «Медиа Телеком», «Ростелекома»: names in guillemets, every word capitalised
        for m in _GUILLEMETS.finditer(text):
            words = [w for w in _WORD.findall(m.group(1)) if w not in _CONNECTORS]
            if 0 < len(words) <= 4 and all(w[:1].isupper() for w in words):
                out.append(m.group(1).strip())
    return out


_PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}


def _parse_ru(word: str):
    return analyzer().parse(word.lower())[0]


def _noun_after_adjective(previous: str, word: str) -> bool:
    return _parse_ru(previous).tag.POS == "ADJF" and _parse_ru(word).tag.POS == "NOUN"


def _common_ru(first: str, lang: str, words: list[str]) -> bool:
    """A Russian sentence's first word before a name (Представители Китайского павильона, Благодаря Wink):
    not part of it unless it is a name or an adjective of one."""
    if lang != "ru" or len(words) < 2 or not words[1][:1].isupper() or not re.match("[а-яёА-ЯЁ]", first):
        return False
    parse = _parse_ru(first)
    return parse.tag.POS != "ADJF" and not (_PROPER & set(str(parse.tag).replace(" ", ",").split(",")))


def _brandlike(word: str) -> bool:
    return len(word) > 1 and (word.isupper() or any(ch.isupper() for ch in word[1:]))


def _key(phrase: str, lang: str) -> tuple[str, ...]:
    words = [w for w in _WORD.findall(phrase) if w not in _CONNECTORS]
    if lang == "ru":
        return tuple(analyzer().parse(w.lower())[0].normal_form.replace("ё", "е") for w in words)
    return tuple(re.sub(r"['’]s$", "", w).casefold() for w in words)


def _display(forms: Counter, lang: str) -> str:
    """The form to propose: the commonest; in Russian put in the nominative (each word keeps its gender and
    number: ``Национальной Медиа Группы`` -> ``Национальная Медиа Группа``)."""
    form = forms.most_common(1)[0][0]
    if lang != "ru":
        return form
    words = list(re.finditer(r"[а-яёА-ЯЁ]+(?:-[а-яёА-ЯЁ]+)*", form))
    parses = [analyzer().parse(m.group().lower()) for m in words]
    nouns = [p[0] for p in parses if p[0].tag.POS == "NOUN"]
    gender = (nouns[-1].tag.gender if nouns else None) or "masc"
    out, pos = [], 0
    for m, options in zip(words, parses, strict=True):
        top, word = options[0], m.group()
        new = None
        if top.tag.POS in ("ADJF", "PRTF"):
            new = top.inflect({"nomn", gender, "sing"})
        elif top.tag.POS == "NOUN" and not any(
            {"nomn", "sing"} <= set(str(p.tag).replace(" ", ",").split(",")) for p in options
        ):
            new = top.inflect({"nomn", "sing"})
        text = new.word if new is not None else word
        if new is not None and word[:1].isupper():
            text = text[:1].upper() + text[1:]
        out += [form[pos : m.start()], text if new is not None else word]
        pos = m.end()
    out.append(form[pos:])
    return "".join(out)


def _substrings(text: str, max_len: int = 10) -> set[str]:
    out = set()
    for m in _HAN_RUN.finditer(text):
        run = m.group()
        names = [(n.start(), n.end()) for n in _LATIN_NAME.finditer(run)]  # never cut inside a Latin name
        out.update(run[a:b] for a, b in names if b - a > 1)
        for i in range(len(run)):
            for j in range(i + 2, min(len(run), i + max_len) + 1):
                piece = run[i:j]
                if (
                    re.search(f"[{HAN}]", piece)
                    and not piece[0].isdigit()
                    and not piece[-1].isdigit()
                    and not piece.startswith(("·", "-", ".", "、", " ", "&"))
                    and not piece.endswith(("·", "-", ".", "&", "、", " "))
                    and not any(a < i < b or a < j < b for a, b in names)
                ):
                    out.add(piece)
    return out


def _boundary(text: str, piece: str) -> int:
    """How name-like the edges of ``piece`` are where it stands in ``text`` (0-2, minus bad edges)."""
    score = 0
    if piece[0] in _FUNCTION or piece[-1] in _FUNCTION:
        score -= 2
    i = text.find(piece)
    before = text[i - 1] if i > 0 else ""
    after = text[i + len(piece)] if i + len(piece) < len(text) else ""
    if not before or not re.match(f"[{HAN}A-Za-z0-9]", before) or before in _FUNCTION:
        score += 1
    if not after or not re.match(f"[{HAN}A-Za-z0-9]", after) or after in _FUNCTION:
        score += 1
    return score


def extract_candidates(
    store, src: str, tgt: str, *, limit: int = 100, min_units: int = 2, max_units: int = 5000
) -> list[Candidate]:
    """Term pairs proposed from the TM's ``src``-``tgt`` units, best first (see the module docstring)."""
    pairs: list[tuple[int, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for unit_id, s, t in store.pairs(store.resolve(src), store.resolve(tgt)):
        if (s.text, t.text) in seen:  # the same sentence pair again (boilerplate) is no new evidence
            continue
        seen.add((s.text, t.text))
        pairs.append((unit_id, s.text, t.text))
        if len(pairs) >= max_units:
            break
    return candidates_from_pairs(pairs, src, tgt, limit=limit, min_units=min_units)


def candidates_from_pairs(
    pairs: list[tuple[int, str, str]], src: str, tgt: str, *, limit: int = 100, min_units: int = 2
) -> list[Candidate]:
    s_lang, t_lang = primary(src), primary(tgt)
    if s_lang in _CJK or t_lang not in _CJK:
        han_side, phrase_side, han_lang, phrase_lang, swapped = 1, 2, s_lang, t_lang, False
    else:
        han_side, phrase_side, han_lang, phrase_lang, swapped = 2, 1, t_lang, s_lang, True
    han_texts = [p[han_side] for p in pairs]
    phrase_texts = [p[phrase_side] for p in pairs]
    found: list[Candidate] = []
    # 1. Latin names written the same on both sides
    if han_lang in _CJK or han_lang == "ru":
        kept: dict[str, set[int]] = defaultdict(set)
        for n, (_, s, t) in enumerate(pairs):
            for m in _LATIN_NAME.finditer(s):
                name = m.group().rstrip(".")
                if re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", t):
                    kept[name].add(n)
        for name, units in kept.items():
            if units:
                count = len(units)
                found.append(
                    Candidate(
                        name,
                        name,
                        count,
                        count,
                        count,
                        1.0,
                        math.log2(1 + count),
                        "kept",
                        pairs[min(units)][0],
                    )
                )
    # 2. phrases of the phrase side aligned to strings of the other side
    inside: set[str] = set()
    lowercase: set[str] = set()
    for text in phrase_texts:
        for m in _WORD.finditer(text):
            word = m.group()
            if word.islower():
                lowercase.add(word)
            elif word[:1].isupper() and not _SENTENCE_START.search(text[: m.start()]):
                inside.add(word)
    forms: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for text in phrase_texts:
        for phrase in _phrases(text, phrase_lang, inside, lowercase):
            key = _key(phrase, phrase_lang)
            if key:
                forms[key][phrase] += 1
    sequences = [_key(text, phrase_lang) for text in phrase_texts]
    kept_names = {c.source for c in found}
    unit_cache: dict[str, frozenset[int]] = {}

    def units_of(piece: str) -> frozenset[int]:
        if piece not in unit_cache:
            unit_cache[piece] = frozenset(i for i, text in enumerate(han_texts) if piece in text)
        return unit_cache[piece]

    proposals = []
    for key, surface in forms.items():
        phrase = _display(surface, phrase_lang)
        if phrase in kept_names:
            continue
        t_units = frozenset(n for n, seq in enumerate(sequences) if _contains(seq, key))
        pieces: set[str] = set()
        for n in sorted(t_units)[:5]:
            pieces |= _substrings(han_texts[n])
        expected = _syllables(phrase)
        scored = []
        for piece in pieces:
            s_units = units_of(piece)
            shared = s_units & t_units
            if len(shared) < min_units:
                continue
            dice = 2 * len(shared) / (len(s_units) + len(t_units))
            if dice < 0.3 or (len(shared) > 1 and not _closed(piece, s_units, pieces, units_of)):
                continue
            edges = sum(_boundary(han_texts[n], piece) for n in shared) / len(shared)
            rank = (round(dice, 3), edges, -abs(len(piece) - expected), len(piece))
            scored.append((rank, piece, shared, len(s_units), dice))
        scored.sort(reverse=True)
        if scored:
            proposals.append((phrase, t_units, scored))
    # competitive linking: the best-scoring pairs first; a string already linked in a unit, or overlapping
    # one linked there (a kept name included), is not linked again in that unit
    linked: dict[int, list[tuple[str, str]]] = defaultdict(list)  # unit -> (string, phrase) linked there
    for c in found:
        for n, (_, s, _t) in enumerate(pairs):
            if c.source in s:
                linked[n].append((c.source, c.target))
    proposals.sort(key=lambda p: -(p[2][0][4] * math.log2(1 + len(p[2][0][2]))))
    pairs_linked: list[tuple[str, str]] = [(c.source, c.target) for c in found]
    for phrase, t_units, scored in proposals:
        low = phrase.casefold()

        def composed(piece: str, low: str = low) -> int:
            """Evidence from pairs linked before: +1 for each whose string is in ``piece`` and whose phrase
            is in ``phrase`` (Kosarim in Alexander Kosarim), -1 for each whose phrase is not."""
            return sum(
                (1 if p.casefold() in low else -1) for s_, p in pairs_linked if s_ != piece and s_ in piece
            )

        ordered = sorted(scored, key=lambda item: (item[0][0], composed(item[1]), *item[0][1:]), reverse=True)
        for _, piece, shared, s_count, dice in ordered:
            if any(
                _overlaps(han_texts[n], piece, other)
                and not any(_compatible(piece, phrase, o, p) for o, p in linked[n] if o == other)
                for n in shared
                for other, _ in linked[n]
            ):
                continue
            for n in shared:
                linked[n].append((piece, phrase))
            pairs_linked.append((piece, phrase))
            example = pairs[min(shared)][0]
            source, target = (phrase, piece) if swapped else (piece, phrase)
            s_n, t_n = (len(t_units), s_count) if swapped else (s_count, len(t_units))
            found.append(
                Candidate(
                    source,
                    target,
                    len(shared),
                    s_n,
                    t_n,
                    round(dice, 3),
                    round(dice * math.log2(1 + len(shared)), 3),
                    "aligned",
                    example,
                )
            )
            break
    best_by_pair: dict[tuple[str, str], Candidate] = {}
    for c in found:
        if (c.source, c.target) not in best_by_pair or c.score > best_by_pair[(c.source, c.target)].score:
            best_by_pair[(c.source, c.target)] = c
    ranked = sorted(best_by_pair.values(), key=lambda c: (-c.score, -c.units, c.source))
    return ranked[:limit]


def _contains(seq: tuple[str, ...], key: tuple[str, ...]) -> bool:
    k = len(key)
    return any(seq[i : i + k] == key for i in range(len(seq) - k + 1))


def _closed(piece: str, units: frozenset[int], pieces: set[str], units_of) -> bool:
    """Whether no longer string holds ``piece`` in exactly the same units."""
    for longer in pieces:
        if len(longer) > len(piece) and piece in longer and units_of(longer) == units:
            return False
    return True


def _compatible(piece: str, phrase: str, other: str, other_phrase: str) -> bool:
    """Whether a string may be linked where an overlapping one is: one inside the other (莫斯科 in
    莫斯科世界内容市场), or the same string for a longer phrase (one Chinese name for World Content Market
    and World Content Market – Moscow); never two strings that cross."""
    a, b = phrase.casefold(), other_phrase.casefold()
    if piece == other or other in piece:  # the same or a longer string: only for a longer phrase
        return b in a and a != b
    return piece in other


def _overlaps(text: str, a: str, b: str) -> bool:
    """Whether an occurrence of ``a`` in ``text`` shares characters with one of ``b``."""
    spans_b = [(m.start(), m.start() + len(b)) for m in re.finditer(re.escape(b), text)]
    for m in re.finditer(re.escape(a), text):
        if any(m.start() < e and s < m.start() + len(a) for s, e in spans_b):
            return True
    return False


def write_candidates(path: str | Path, candidates: Iterable[Candidate], src: str, tgt: str) -> None:
    """Write candidates as TBX (one concept each, the evidence in a note) or CSV/TSV."""
    candidates = list(candidates)
    p = Path(path)
    if p.suffix.lower() in (".tbx", ".xml"):
        from tm.formats.tbx import write_tbx  # lazy: lxml loads only for TBX output

        concepts = [
            Concept(
                (Term(c.source, src), Term(c.target, tgt)),
                f"candidate-{n}",
                notes=(
                    f"candidate: {c.units} units hold both (source {c.source_units}, target "
                    f"{c.target_units}), dice {c.dice}, {c.kind}",
                ),
            )
            for n, c in enumerate(candidates, start=1)
        ]
        write_tbx(p, concepts, lang=src)
        return
    delimiter = "\t" if p.suffix.lower() == ".tsv" else ","
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow([src, tgt, "units", "source_units", "target_units", "dice", "score", "kind"])
    for c in candidates:
        writer.writerow(
            [c.source, c.target, c.units, c.source_units, c.target_units, c.dice, c.score, c.kind]
        )
    with atomic_output(p) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))
