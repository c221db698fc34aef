"""Language codes: BCP-47 case normalisation and the matching rules translators expect.

``EN-US``, ``en_us`` and ``En-uS`` are all ``en-US``; ``en-US`` finds ``en-US`` first and plain ``en``
next; a bare ``en`` finds every ``en-*``.

Chinese is two written languages: a bare ``zh`` means Simplified Chinese (what ``zh`` stands for in the
mainland's files, and what the team writes) and finds ``zh``, ``zh-CN``, ``zh-Hans``, ``zh-SG`` and
``zh-MY``, never ``zh-TW``, ``zh-HK``, ``zh-MO`` or ``zh-Hant`` (Traditional: a Simplified draft must not
take a Traditional sentence as its translation). ``zh-CN`` ~ ``zh-Hans`` (and plain ``zh`` next), ``zh-TW``
~ ``zh-Hant`` ~ ``zh-HK`` (never plain ``zh``). A request that only Traditional Chinese could answer is an
error that says so (:func:`resolve`), naming the codes to ask for.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from tm.errors import LanguageError, UsageError

_SUBTAG = re.compile(r"^[A-Za-z0-9]{1,8}$")

# The script a Chinese region writes by default: Simplified (Hans) or Traditional (Hant).
_ZH_REGION_SCRIPT = {"CN": "Hans", "SG": "Hans", "MY": "Hans", "TW": "Hant", "HK": "Hant", "MO": "Hant"}
_SCRIPT_NAMES = {"Hans": "Simplified Chinese", "Hant": "Traditional Chinese"}


# The two-letter language codes of ISO 639-1 (Debian's iso-codes 4.15): the languages tm knows by name,
# where a list is needed (tm score checks --lang against it).
ISO_639_1 = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da
    de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz
    ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln
    lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi
    pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti
    tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
    """.split()
)


@functools.lru_cache(maxsize=4096)
def normalize_code(code: str) -> str:
    """Return ``code`` in BCP-47 case: language lower, script title, region upper.

    Underscores become hyphens. Raises :class:`LanguageError` for an empty or malformed code.
    """
    raw = code.strip().replace("_", "-")
    parts = [p for p in raw.split("-")]
    if not raw or any(not _SUBTAG.match(p) for p in parts):
        raise LanguageError(
            f"not a language code: {code!r}", hint="use a code such as en, en-US, zh-CN or ru"
        )
    out = [parts[0].lower()]
    for index, part in enumerate(parts[1:], start=1):
        if len(part) == 4 and part.isalpha() and index == 1:
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def primary(code: str) -> str:
    """The primary language subtag: ``zh`` for ``zh-Hant-TW``."""
    return normalize_code(code).split("-")[0]


def traditional_script(code: str | None) -> bool:
    """Whether ``code`` names Chinese written in traditional characters (``zh-TW``, ``zh-Hant``, ``zh-HK``)."""
    if not code:
        return False
    try:
        return zh_script(code) == "Hant"
    except LanguageError:
        return False


def zh_script(code: str) -> str | None:
    """``Hans`` or ``Hant`` for a Chinese code (its script subtag, else its region's script; a bare ``zh``
    is Simplified); None for another language or a Chinese code whose script is unknown (``zh-Latn``)."""
    parts = normalize_code(code).split("-")
    if parts[0] != "zh":
        return None
    if len(parts) == 1:
        return "Hans"
    if len(parts[1]) == 4:
        return parts[1] if parts[1] in _SCRIPT_NAMES else None
    return _ZH_REGION_SCRIPT.get(parts[1])


def rank(requested: str, candidate: str) -> int | None:
    """How well ``candidate`` answers a request for ``requested``: 0 best, None not at all."""
    req, cand = normalize_code(requested), normalize_code(candidate)
    if req == cand:
        return 0
    req_primary, cand_primary = req.split("-")[0], cand.split("-")[0]
    if req_primary != cand_primary:
        return None
    if req_primary == "zh":
        script = zh_script(req)
        if script is None or zh_script(cand) != script:
            return None  # Simplified never answers for Traditional, nor the other way round
        if "-" not in req:
            return 1  # 'zh' finds zh-CN, zh-Hans, zh-SG
        return 2 if "-" not in cand else 1  # zh-CN ~ zh-Hans, then plain zh
    if "-" not in req:
        return 1  # 'en' finds every en-*
    if "-" not in cand:
        return 2  # en-US finds plain en next
    return None


def distinct_pair(src: str, tgt: str) -> None:
    """Refuse a source and target that ask for the same language (``zh`` and ``zh-CN``, ``en-US`` and
    ``en``): their 'translations' would be the source itself. Regional pairs stay allowed (``en-US`` to
    ``en-GB``, ``zh-CN`` to ``zh-TW``)."""
    if rank(src, tgt) is not None or rank(tgt, src) is not None:
        raise UsageError(
            f"--src {src} and --tgt {tgt} are the same language",
            hint="give the language to translate into as --tgt (e.g. --src zh --tgt en)",
        )


def answered_by(declared: str | None, code: str) -> bool:
    """Whether ``code`` (a TM's code) answers a file's ``declared`` language: a draft then writes the TM's
    code (``zh`` -> ``zh-CN``), so that importing it after review finds the units it came from."""
    try:
        return bool(declared) and rank(declared, code) is not None
    except LanguageError:
        return False


def matching(requested: str, available: Iterable[str]) -> list[str]:
    """The codes in ``available`` that answer ``requested``, best first (ties in code order)."""
    scored = []
    for code in set(available):
        r = rank(requested, code)
        if r is not None:
            scored.append((r, code))
    return [code for _, code in sorted(scored)]


def script_name(code: str) -> str | None:
    """``Simplified Chinese`` or ``Traditional Chinese`` for a Chinese code whose script is known."""
    script = zh_script(code)
    return _SCRIPT_NAMES.get(script) if script else None


def resolve(requested: str, available: Iterable[str], what: str = "the TM") -> list[str]:
    """Like :func:`matching`, but a request nothing answers is a :class:`LanguageError` listing what exists
    (and, for Chinese, saying which script the TM's codes are written in)."""
    have = sorted(set(available))
    found = matching(requested, have)
    if not found:
        code = normalize_code(requested)
        listing = ", ".join(have) if have else "no languages at all"
        hint = "ask for one of the languages listed" if have else "import a TMX or PO file first"
        wanted = script_name(code)
        other = [c for c in have if primary(c) == "zh" and script_name(c) not in (None, wanted)]
        if wanted and other:
            names = " or ".join(other)
            raise LanguageError(
                f"{what} has no {wanted} for {code} (it has: {listing}; {names} "
                f"{'is' if len(other) == 1 else 'are'} {script_name(other[0])})",
                hint=f"to use it, ask for {names} (tm never offers one script for the other)",
            )
        raise LanguageError(f"{what} has no {code} (it has: {listing})", hint=hint)
    return found


def fallback(requested: str, found: Sequence[str]) -> str | None:
    """The notice to give when a request is answered only by a plainer code (``en-GB`` by ``en``): the
    region asked for is not in the TM. None when the request is answered as asked."""
    if not found or rank(requested, found[0]) != 2:
        return None
    return f"the TM has no {normalize_code(requested)}; using {found[0]}"
