"""The checks: each has an id, a default severity and one function that finds it (docs/qa.md lists them).

A segment check is ``check(seg, ctx) -> Iterable[Hit]``; a file check (consistency) sees every segment of
the run at once: ``check(segments, ctx) -> Iterable[tuple[QaSegment, Hit]]``.
"""

from __future__ import annotations

from tm.qa.checks import codes, consistency, kept, length, numbers, terms, typography, untranslated
from tm.qa.model import ERROR, INFO, WARNING, CheckInfo

CHECKS: tuple[CheckInfo, ...] = (
    CheckInfo("numbers", ERROR, "a number or date of the source is missing, changed or added in the target"),
    CheckInfo(
        "number-qualifiers",
        WARNING,
        "a number is approximate or a bound on one side only (300多 / 300; 21 / over 21)",
    ),
    CheckInfo(
        "codes", ERROR, "an inline code, placeholder (printf, {name}) or markup tag is missing or added"
    ),
    CheckInfo("codes-order", WARNING, "the inline codes stand in another order (printf arguments: error)"),
    CheckInfo(
        "untranslated", ERROR, "empty target, target equal to a translatable source, source script left"
    ),
    CheckInfo("urls", ERROR, "a URL, e-mail address or hashtag of the source is not in the target"),
    CheckInfo(
        "names", WARNING, "a Latin-script name or brand of the source (Wink, WCM) is not in the target"
    ),
    CheckInfo("term-forbidden", ERROR, "the target uses a term the termbase forbids"),
    CheckInfo(
        "term-deprecated", WARNING, "the target uses a term the termbase marks deprecated (superseded)"
    ),
    CheckInfo("terminology", WARNING, "a source term of the termbase is found, its target term is not"),
    CheckInfo(
        "punctuation", WARNING, "punctuation of another script: half-width in Chinese, full-width in en/ru"
    ),
    CheckInfo("quotes", WARNING, "quotation marks: «ёлочки» and „лапки“ in Russian, one style in English"),
    CheckInfo("spacing", WARNING, "double spaces, spaces between Han characters or before , . : ; ! ?, ends"),
    CheckInfo("dash-space", WARNING, "Russian: a no-break space before the dash"),
    CheckInfo("end-punctuation", WARNING, "the target ends with other punctuation than the source"),
    CheckInfo("repeated-word", WARNING, "a word written twice in a row"),
    CheckInfo("consistency", WARNING, "the same source translated differently in the files checked"),
    CheckInfo("consistency-target", INFO, "different sources with the same translation"),
    CheckInfo("consistency-tm", WARNING, "the target differs from the TM's 100% match"),
    CheckInfo("length", WARNING, "target/source length ratio outside the range learned from the TM"),
)
BY_ID = {c.id: c for c in CHECKS}

SEGMENT_CHECKS = (
    untranslated.check,
    numbers.check,
    codes.check,
    kept.check,
    terms.check,
    typography.check,
    length.check,
)
FILE_CHECKS = (consistency.check, typography.check_file)
# the checks that see the text as written; the others judge only what was translated, the spans a draft
# kept in the source language (⟦…⟧, tm.qa.marked) cut out
AS_WRITTEN = (untranslated.check, consistency.check)
