"""The termbase's typed data: concepts holding terms in several languages.

Leaf module: it imports nothing of tm, so that :mod:`tm.formats.tbx` and :mod:`tm.store.sqlite_terms`
(lower layers) can build and store these values.

A term's ``status`` is tm's reading of TBX's ``administrativeStatus`` (or ``normativeAuthorization``):

===============  ==========================================  ====================================
status           TBX value written                           read from
===============  ==========================================  ====================================
``preferred``    ``preferredTerm-admn-sts``                  preferred..., standardized..., legal...
``admitted``     ``admittedTerm-admn-sts``                   admitted...
``deprecated``   ``supersededTerm-admn-sts``                 superseded..., obsolete
``forbidden``    ``deprecatedTerm-admn-sts``                 deprecated..., forbidden, notRecommended
===============  ==========================================  ====================================

TBX has no value "forbidden": its way to say "do not use" is ``deprecatedTerm``; a superseded term is an
old name that a reviewer should still question (tm's ``deprecated``). ``status_raw`` keeps the value as
the file wrote it, so that an export writes it back unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

PREFERRED, ADMITTED, DEPRECATED, FORBIDDEN = "preferred", "admitted", "deprecated", "forbidden"
STATUSES = (PREFERRED, ADMITTED, DEPRECATED, FORBIDDEN)

TBX_STATUS = {
    PREFERRED: "preferredTerm-admn-sts",
    ADMITTED: "admittedTerm-admn-sts",
    DEPRECATED: "supersededTerm-admn-sts",
    FORBIDDEN: "deprecatedTerm-admn-sts",
}


def read_status(raw: str | None) -> str | None:
    """tm's status for a TBX status value (see the module's table); None when it says nothing tm uses."""
    if not raw:
        return None
    value = raw.strip().lower().replace("-admn-sts", "").replace("term", "")
    if value in ("preferred", "standardized", "legal", "regulated"):
        return PREFERRED
    if value == "admitted":
        return ADMITTED
    if value in ("superseded", "obsolete", "outdated"):
        return DEPRECATED
    if value in ("deprecated", "forbidden", "notrecommended", "not recommended", "rejected"):
        return FORBIDDEN
    return None


@dataclass(frozen=True)
class Term:
    """One term of a concept in one language.

    ``extra`` holds the term's other data categories (context, source, termType, transactions...) as TBX
    XML elements in the DCA style, kept as they came so that an export loses nothing.
    """

    text: str
    lang: str
    status: str | None = None
    status_raw: str | None = None
    part_of_speech: str | None = None
    notes: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        """Whether a translation may use this term (not deprecated or forbidden)."""
        return self.status not in (DEPRECATED, FORBIDDEN)


@dataclass(frozen=True)
class Concept:
    """A concept: its terms in every language, and what is said about it.

    ``id`` is the concept's id in its file (TBX ``conceptEntry/@id``), ``key`` the termbase's own id once
    stored. ``extra`` / ``lang_extra`` keep the other data categories of the concept and of each language
    section (definitions, transactions, cross-references) as TBX XML elements, for export.
    """

    terms: tuple[Term, ...]
    id: str | None = None
    subject: str | None = None
    notes: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    lang_extra: tuple[tuple[str, str], ...] = ()  # (language, element)
    key: int | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([t.lang for t in self.terms] + [lang for lang, _ in self.lang_extra]))
