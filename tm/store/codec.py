"""Units <-> rows: the unit key that merges duplicates, metadata as compact JSON, dates; and the termbase's
concepts <-> rows, with the folded form of a term that lookups search (the same in every backend)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from hashlib import blake2b
from pathlib import PurePath

from tm.model import Annotation, Code, Concept, Term, Unit, Variant
from tm.text.normalize import fold_term

_TMX_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")


@functools.lru_cache(maxsize=1024)
def iso_date(value: str | None) -> str | None:
    """TMX ``20250410T093000Z`` or ISO (with or without microseconds) -> ``2025-04-10T09:30:00Z``."""
    if not value:
        return None
    value = value.strip()
    m = _TMX_DATE.match(value) or _ISO_DATE.match(value)
    if not m:
        return None
    y, mo, d, h, mi, s = (g or "00" for g in m.groups())
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}Z"


def tmx_date(iso: str) -> str:
    """``2025-04-10T09:30:00Z`` -> ``20250410T093000Z``."""
    return iso.replace("-", "").replace(":", "")


def _content(v: Variant) -> str:
    """What makes two variants of one language the same: the text with its inline codes' placeholders
    and, where it has codes, each code's kind and markup (two variants that differ only in a ``<ph>``'s
    link are two variants). Without codes: the plain text, as before codes counted."""
    if v.coded is None:
        return v.text
    return v.coded + "\x01" + "\x02".join(f"{c.kind}\x03{c.xml}" for c in v.codes)


def unit_key(unit: Unit) -> bytes:
    """Units with the same texts and inline codes in the same languages (and the same PO context) share
    this key."""
    return _key(unit.context, [(v.lang, _content(v), v.plurals) for v in unit.variants])


def _key(context: str | None, items: list[tuple[str, str, tuple[str, ...]]]) -> bytes:
    items = sorted(items)
    parts = [context or ""]
    for lang, content, plurals in items:
        parts += (lang, content, "\x04".join(plurals) if plurals else "")
    return blake2b("\x00".join(parts).encode("utf-8"), digest_size=16).digest()


MAX_PAIRED = 6  # a unit of 3 to this many variants is found by each pair of its texts (pair_keys)


def pair_keys(unit: Unit) -> tuple[bytes, ...]:
    """For a unit of 3 to :data:`MAX_PAIRED` variants: the key of each two-language unit it holds (two of
    its variants in two languages, its context), so that a bilingual unit with those texts (a PO entry, a
    reviewed XLIFF segment) merges into it. Empty for other units."""
    if not 3 <= len(unit.variants) <= MAX_PAIRED:
        return ()
    items = [(v.lang, _content(v), v.plurals) for v in unit.variants]
    return tuple(
        _key(unit.context, [a, b]) for n, a in enumerate(items) for b in items[n + 1 :] if a[0] != b[0]
    )


def paired(encoded: tuple) -> bool:
    """Whether an encoded unit (:func:`encode_unit`) holds two variants: one a larger unit may hold as a
    pair (:func:`pair_keys`)."""
    return len(encoded[6]) == 2


def rekeyed(encoded: tuple, keys: dict[bytes, bytes]) -> tuple:
    """``encoded`` with its key replaced by ``keys[key]`` when there is one: a bilingual unit then merges
    into the held unit whose pair it is."""
    key = keys.get(encoded[0])
    return encoded if key is None else (key, *encoded[1:])


def pairs_of(encoded: tuple) -> tuple[bytes, ...]:
    """The :func:`pair_keys` an encoded unit carries."""
    return encoded[8] if len(encoded) > 8 else ()


def same_content(a: Variant, b: Variant) -> bool:
    """Two variants with the same language, text, inline codes (content included) and plural forms."""
    return a.lang == b.lang and _content(a) == _content(b) and a.plurals == b.plurals


def pair_version(source: Variant, target: Variant) -> str:
    """A short digest of a source and target variant as a TM holds them (texts, codes, plurals, languages):
    what a draft records beside the id of the unit a fill came from, so that importing the reviewed draft
    updates that unit only while it still holds the pair the fill was made from."""
    parts = []
    for v in (source, target):
        parts += (v.lang, _content(v), "\x04".join(v.plurals))
    return blake2b("\x00".join(parts).encode("utf-8"), digest_size=4).hexdigest()


def origin_name(path: str) -> str:
    """The name an origin is shown and filtered by: the file's base name, never the importing machine's
    folders."""
    return PurePath(path).name or path


def origin_key(path: str) -> str:
    """What tells two origins apart: a digest of the file's full path (so two ``report.tmx`` in different
    folders stay two origins, and the same file imported again is the same origin) that does not reveal
    the path."""
    return blake2b(path.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _encoder() -> Callable[[object], str]:
    """Compact JSON (tuples written as arrays), the same text as ``json.dumps(..., ensure_ascii=False,
    separators=(",", ":"))``. json.dumps builds a new C encoder on every call, which is most of its cost
    for the small objects metadata are; this builds CPython's C encoder once, where there is one."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    encode = make(None, None, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda value: "".join(encode(value, 0))


_encode = _encoder()


def _ann(items: tuple[Annotation, ...]) -> list:
    return [(a.text, a.attrs) if a.attrs else (a.text,) for a in items]


def _unann(items: list) -> tuple[Annotation, ...]:
    return tuple(Annotation(i[0], tuple(tuple(kv) for kv in i[1]) if len(i) > 1 else ()) for i in items)


def _dump(d: dict) -> str | None:
    d = {k: v for k, v in d.items() if v}
    return _encode(d) if d else None


def unit_meta(unit: Unit) -> str | None:
    if not (unit.attrs or unit.props or unit.notes):
        return None
    d = {}
    if unit.attrs:
        d["a"] = unit.attrs
    if unit.props:
        d["p"] = _ann(unit.props)
    if unit.notes:
        d["n"] = _ann(unit.notes)
    return _encode(d)


def variant_meta(v: Variant) -> str | None:
    if not (v.attrs or v.props or v.notes or v.codes or v.plurals):
        return None
    return _dump(
        {
            "a": v.attrs,
            "p": _ann(v.props),
            "n": _ann(v.notes),
            "c": [(c.kind, c.xml, c.ref) for c in v.codes],
            "pl": v.plurals,
        }
    )


def encode_unit(unit: Unit) -> tuple:
    """A unit as the values the store writes: ``(key, status, context, created, changed, meta, variants,
    filled_from, pairs)`` with ``variants`` a tuple of ``(lang, text, coded, meta)``, ``filled_from`` the
    unit's :attr:`Unit.filled_from` (None but for a reviewed draft's segments) and ``pairs`` its
    :func:`pair_keys`. Plain tuples, cheap to send to another process (see tm.tmfiles.readahead)."""
    created, changed = unit_dates(unit)
    variants = tuple((v.lang, v.text, v.coded, variant_meta(v)) for v in unit.variants)
    return (
        unit_key(unit),
        unit.status,
        unit.context,
        created,
        changed,
        unit_meta(unit),
        variants,
        unit.filled_from,
        pair_keys(unit),
    )


def variant_from_row(lang: str, text: str, coded: str | None, meta: str | None) -> Variant:
    if meta is None:
        return Variant(lang, text, coded)
    d = json.loads(meta)
    return Variant(
        lang,
        text,
        coded,
        tuple(Code(k, x, r) for k, x, r in d.get("c", ())),
        tuple(tuple(kv) for kv in d.get("a", ())),
        _unann(d.get("p", [])),
        _unann(d.get("n", [])),
        tuple(d.get("pl", ())),
    )


def unit_from_row(
    unit_id: int, status: str, context: str | None, meta: str | None, variants: tuple[Variant, ...]
) -> Unit:
    d = json.loads(meta) if meta else {}
    return Unit(
        variants,
        tuple(tuple(kv) for kv in d.get("a", ())),
        _unann(d.get("p", [])),
        _unann(d.get("n", [])),
        context,
        status,
        id=unit_id,
    )


def unit_dates(unit: Unit) -> tuple[str | None, str | None]:
    """(created, changed) of a unit, from its own attributes or, failing those, its variants'."""
    created = changed = None
    for key, value in unit.attrs:
        if key == "creationdate":
            created = iso_date(value)
        elif key == "changedate":
            changed = iso_date(value)
    if created is None or changed is None:
        for v in unit.variants:
            for key, value in v.attrs:
                if key == "creationdate" and created is None:
                    created = iso_date(value)
                elif key == "changedate" and changed is None:
                    changed = iso_date(value)
    return created, changed or created


# --- termbase --------------------------------------------------------------------------------------------


def term_key(text: str) -> str:
    """What a termbase stores beside each term and looks up: the termbase's one fold
    (:func:`tm.text.normalize.fold_term`: NFKC, case, ``ё`` = ``е``, dashes, quotes, spaces), the fold term
    hits are found in too."""
    return fold_term(text)


def _strings(items: Sequence[str]) -> str:
    return _encode(list(items))


DIGEST_ID = "tm-digest:"  # how an ext_id made from a concept's content starts (no TBX id can: not an NCName)


def concept_ext_id(concept: Concept) -> str:
    """The id a termbase keeps ``concept`` under, which adding it again finds: its own (TBX
    ``conceptEntry/@id``, a CSV ``id`` column), or for a concept without one (a CSV row), a digest of its
    content, so that importing the same file twice does not double it (an edited row is a new concept:
    give rows an id to update them)."""
    if concept.id is not None:
        return concept.id
    content = [
        [
            [t.text, t.lang, t.status, t.status_raw, t.part_of_speech, list(t.notes), list(t.extra)]
            for t in concept.terms
        ],
        concept.subject,
        list(concept.notes),
        list(concept.extra),
        [list(x) for x in concept.lang_extra],
    ]
    digest = blake2b(json.dumps(content, ensure_ascii=False).encode("utf-8"), digest_size=16).hexdigest()
    return DIGEST_ID + digest


def concept_row(concept: Concept) -> tuple:
    """A concept as ``(ext_id, subject, notes, extra, lang_extra)``, the lists as JSON arrays; ``ext_id`` is
    :func:`concept_ext_id`."""
    return (
        concept_ext_id(concept),
        concept.subject,
        _strings(concept.notes),
        _strings(concept.extra),
        _encode([list(x) for x in concept.lang_extra]),
    )


def term_rows(concept: Concept) -> list[tuple]:
    """Its terms as ``(ord, lang, text, key, status, status_raw, part_of_speech, notes, extra)``: ``key``
    is :func:`term_key` of the text."""
    return [
        (n, t.lang, t.text, term_key(t.text), t.status, t.status_raw, t.part_of_speech)
        + (_strings(t.notes), _strings(t.extra))
        for n, t in enumerate(concept.terms)
    ]


def concept_from_rows(key: int, row: Sequence, terms: Sequence[Sequence]) -> Concept:
    """The concept of a :func:`concept_row` stored under ``key`` and its :func:`term_rows` (in order)."""
    ext_id, subject, notes, extra, lang_extra = row
    if ext_id is not None and ext_id.startswith(DIGEST_ID):
        ext_id = None  # the concept had no id of its own
    return Concept(
        tuple(
            Term(text, lang, status, raw, pos, tuple(json.loads(tn)), tuple(json.loads(tx)))
            for _, lang, text, _, status, raw, pos, tn, tx in terms
        ),
        ext_id,
        subject,
        tuple(json.loads(notes)),
        tuple(json.loads(extra)),
        tuple((a, b) for a, b in json.loads(lang_extra)),
        key,
    )
