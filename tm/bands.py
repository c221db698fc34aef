"""Match bands: their names, score ranges, titles and default weights, and the marks that record a band
in a pre-translated file. The one table that analysis (:mod:`tm.leverage`), scoring (:mod:`tm.scoring`)
and the document writers (:mod:`tm.formats.documents`) share.

Bands (names as in JSON), best first: ``context`` (101), ``repetition``, ``100``, ``95-99``, ``85-94``,
``75-84``, ``50-74``, ``no-match``. Weighted words: words x weight / 100, with memoQ's published example as
the default table.

Marks (docs/analysis.md, "Contract with tm score"): XLIFF attributes ``tm:score``/``tm:band`` in the
namespace :data:`TM_NS`; the PO translator comment line ``tm: score=97 band=95-99 origin=...``
(:data:`PO_COMMENT`); the TMX props :data:`TMX_SCORE_PROP` and :data:`TMX_BAND_PROP`. Beside them, the
term hits of a segment (docs/terminology.md): an XLIFF note from (1.2) or of category (2.x)
:data:`TERMS_NOTE`, the PO translator comment line ``tm-terms: 中国馆 → China Pavilion``
(:data:`PO_TERMS_COMMENT`), the TMX prop :data:`TMX_TERMS_PROP`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tm.errors import UsageError

# The bounds of a lookup's work. Below MIN_SCORE_FLOOR nearly every unit is a candidate (at 300,000 units
# a sentence's lookup takes 15 ms at 50, 0.4 s at 30, 2.4 s at 10, minutes at 0: docs/benchmarks.md); a query
# longer than MAX_QUERY characters is a document pasted as one segment. tm lookup refuses both; analysis
# and pre-translation count a longer segment as No match, with a warning.
MIN_SCORE_FLOOR = 30
MAX_QUERY = 2000

BANDS: tuple[str, ...] = ("context", "repetition", "100", "95-99", "85-94", "75-84", "50-74", "no-match")
# (band, lowest score in it) for scored bands, best first
SCORE_BANDS: tuple[tuple[str, int], ...] = (
    ("context", 101),
    ("100", 100),
    ("95-99", 95),
    ("85-94", 85),
    ("75-84", 75),
    ("50-74", 50),
)
DEFAULT_WEIGHTS: dict[str, int] = {
    "context": 10,
    "repetition": 20,
    "100": 30,
    "95-99": 30,
    "85-94": 40,
    "75-84": 60,
    "50-74": 70,
    "no-match": 100,
}
# How reports name the bands for people.
BAND_TITLES: dict[str, str] = {
    "context": "Context match (101%)",
    "repetition": "Repetitions",
    "100": "100%",
    "95-99": "95-99%",
    "85-94": "85-94%",
    "75-84": "75-84%",
    "50-74": "50-74%",
    "no-match": "No match",
}

TM_NS = "urn:tm:pretranslate"  # the namespace of tm's attributes on XLIFF units
PO_COMMENT = "tm:"  # the start of the PO translator comment line that carries score, band and origin
PO_TARGET_COMMENT = (
    "tm-target:"  # a PO translator comment: the TM's target as stored, where a fill changed it
)
PO_CHANGED_COMMENT = "tm-changed:"  # a PO translator comment: what the fill changed in the TM's target
PO_NOT_CARRIED_COMMENT = "tm-not-carried:"  # a PO translator comment: numbers the fill did not carry, why
TMX_SCORE_PROP = "x-tm-score"
TMX_BAND_PROP = "x-tm-band"
TMX_STATUS_PROP = "x-tm-status"  # a unit's status in TMX: confirmed or unconfirmed (tm align writes it too)
TMX_UNIT_PROP = "x-tm-unit"  # in a TMX draft: the unit a fill came from (see unit_ref)
TMX_ORIGIN_PROP = "x-tm-origin"  # in a TMX draft: the file the unit came from
TMX_TARGET_PROP = "x-tm-target"  # in a TMX draft: the TM's target as stored, where a fill changed it
TMX_NOT_CARRIED_PROP = "x-tm-not-carried"  # in a TMX draft: numbers a fill did not carry, and why
UNCONFIRMED = "unconfirmed"  # how TMX writes a unit status other than confirmed
TERMS_NOTE = "tm-terms"  # XLIFF: the note that names the termbase's renderings of a segment's terms
PO_TERMS_COMMENT = "tm-terms:"  # PO: the start of the translator comment line that does
TMX_TERMS_PROP = "x-tm-terms"  # TMX: the prop that does
PREVIOUS_NOTE = "tm-previous"  # XLIFF 2: a note keeping a translator's draft that a fill replaced
PO_PREVIOUS_COMMENT = "tm-previous:"  # PO: the translator comment line that does (XLIFF 1.2: an alt-trans)


def unit_ref(unit_id: int, version: str) -> str:
    """How a draft names the unit a fill came from: ``<id>@<version>`` (tm.store.codec.pair_version)."""
    return f"{unit_id}@{version}"


def parse_unit_ref(text: str | None) -> tuple[int, str] | None:
    """``(id, version)`` from :func:`unit_ref`'s text; None for anything else (``-``: no fill)."""
    unit_id, at, version = (text or "").strip().partition("@")
    if not at or not unit_id.isdigit() or not version.isalnum():
        return None
    return int(unit_id), version


def status_from_tmx(value: str | None) -> str:
    """A unit's status from the TMX prop (confirmed unless it says otherwise)."""
    return "confirmed" if (value or "confirmed").strip().lower() == "confirmed" else "fuzzy"


def band_for(score: float | None) -> str:
    """The band of a best-match score (None or below 50: ``no-match``). The bands' bounds are whole
    numbers, so 99.5 is in ``95-99``, as its whole percentage 99 is."""
    if score is None:
        return "no-match"
    for band, low in SCORE_BANDS:
        if score >= low:
            return band
    return "no-match"


def band_order(band: str) -> tuple[int, str]:
    """Sort key: the bands in billing order, other names after them."""
    return (BANDS.index(band), "") if band in BANDS else (len(BANDS), band)


def parse_weights(spec: str | Mapping[str, float] | None) -> dict[str, float]:
    """A weight table from ``"no-match=100,50-74=70,..."`` (or a mapping); unnamed bands keep the default."""
    weights: dict[str, float] = dict(DEFAULT_WEIGHTS)
    if spec is None:
        return weights
    items: Iterable[tuple[str, object]]
    if isinstance(spec, str):
        pairs = [p.strip() for p in spec.split(",") if p.strip()]
        if any("=" not in p for p in pairs):
            raise UsageError(f"weights {spec!r}: write them as band=percent, comma-separated")
        items = [tuple(p.split("=", 1)) for p in pairs]  # type: ignore[misc]
    else:
        items = spec.items()
    for band, value in items:
        band = str(band).strip()
        if band not in BANDS:
            raise UsageError(f"weights: no band {band!r}", hint="bands: " + ", ".join(BANDS))
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise UsageError(f"weights: {band}={value!r} is not a number") from None
        if not 0 <= number <= 1000:
            raise UsageError(f"weights: {band}={value} is out of range (0 to 1000 percent)")
        weights[band] = number
    return weights
