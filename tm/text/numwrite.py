"""Writing a value in the form of a number that is already in a text (``80,000`` -> ``90,000``; ``80 000``
-> ``90 000`` with the same space; ``8万`` -> ``9万``; ``120 million`` -> ``150 million``; ``两千`` ->
``三千``; ``10 апреля`` -> ``11 апреля``; ``10th`` -> ``21st``).

:func:`rewrite` refuses (raises :class:`CannotWrite` with the reason) rather than write something a
translator would have to correct: a value that needs another scale word than the one written (``8万`` and
1.5亿; ``120 million`` and 1.5 billion), more than three decimals under a scale word, a Russian word that
agrees with the number and would need another form (``1,5 миллиона`` -> 5 миллионов), a date part the
target writes but the query does not give.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from tm.text import hanzi
from tm.text.numbers import MONTHS_EN, MONTHS_EN_ABBR, MONTHS_RU, Number, extract, same_value

# the range of a mantissa under each scale word: 万 and 亿 count up to 9999 (9999万), thousand up to 999
_ZH_SCALE_LIMIT = {4: 10**4, 8: 10**4, 12: 10**4, 3: 10, 7: 10, 6: 100}
_DEFAULT_GROUP = {"en": (",", 4), "zh": (",", 5), "ru": ("\u00a0", 5)}  # separator, from how many digits
_DEFAULT_DECIMAL = {"en": ".", "zh": ".", "ru": ","}
_FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
_ER_BEFORE_UNIT = re.compile("二[百千万亿萬億]")


class CannotWrite(ValueError):
    """A value that cannot be written in a number's form without changing what the form says."""


def rewrite(old: Number, new: Number, source: Number | None = None) -> str:
    """``old``'s text with ``new``'s value written in ``old``'s form (digits, separators, scale word,
    suffix, month names). For dates, ``source`` is the number ``old`` translates: a part that ``old``
    leaves out must not change between ``source`` and ``new``.

    What is written is read back: it must be one number of ``new``'s value (so ``两千`` never becomes a
    bare ``二``, nor ``11-й`` a ``1,5-й``)."""
    text = _rewrite(old, new, source)
    back = extract(text, old.lang)
    if (
        len(back) != 1
        or back[0].end - back[0].start != len(text)
        or not same_value(new, back[0], partial=True)
    ):
        raise CannotWrite(f"{text!r} would not read as {new.text!r}")
    return text


def _rewrite(old: Number, new: Number, source: Number | None) -> str:
    if "digits" in (old.kind, new.kind):  # 2.0.1: carried as written, as an address is
        return _as_written(new.text, old)
    if old.kind == "date":
        return _rewrite_date(old, new, source)
    form = old.form
    if (old.value < 0) != (new.value < 0):  # the sign may be a word in the target ("fell by 5%")
        raise CannotWrite(f"{new.text!r} and {old.text!r} differ in sign")
    value = abs(new.value)  # a minus sign stands before the core, and stays
    mantissa = value.scaleb(-form.scale)
    was = abs(old.mantissa)
    if new.form.scale != form.scale:
        mantissa = Decimal(_plain(mantissa))  # 9万 under "thousand" is 90, not 90.0000
    if form.scale:
        limit = _ZH_SCALE_LIMIT.get(form.scale, 10**4) if old.lang == "zh" else 1000
        low = Decimal(0) if was < 1 else Decimal(1)
        word = old.text[form.core[1] :].strip()
        if not (low <= mantissa < limit) or mantissa == 0 or _decimals(mantissa) > 3:
            raise CannotWrite(f"{_plain(value)} cannot be written with {word!r} as {old.text!r} is")
        if new.form.scale != form.scale and _decimals(mantissa) > max(1, _decimals(was)):
            # 12345 is no "12.345 thousand": a scale word rounds, an exact count does not
            raise CannotWrite(
                f"{new.text!r} would be {_plain(mantissa)} {word}, more exact than {old.text!r}"
            )
    if form.word is not None and category(was, "ru") != category(mantissa, "ru"):
        word = old.text[form.word[0] : form.word[1]]
        raise CannotWrite(f"{word!r} would need another form for {_plain(mantissa)}")
    core = _write(mantissa, old)
    pieces = [(form.core, core)]
    if form.suffix is not None:
        if mantissa != mantissa.to_integral_value():
            raise CannotWrite(f"{_plain(value)} is not an ordinal")
        pieces.append((form.suffix, ordinal_suffix(int(mantissa))))
    return _splice(old.text, pieces)


def _write(mantissa: Decimal, old: Number) -> str:
    form = old.form
    if form.digits == "hanzi-cheng":  # tenths: 六成, 四成七, 两成
        tens, ones = divmod(mantissa, 10)
        if mantissa != mantissa.to_integral_value() or not 0 < tens <= 10:
            raise CannotWrite(f"{_plain(mantissa)}% cannot be written in tenths as {old.text!r} is")
        two = "兩" if form.traditional else "两"
        return (two if tens == 2 else hanzi.write(tens) or "") + "成" + (hanzi.write(ones) if ones else "")
    if form.digits == "hanzi-digits":
        if mantissa != mantissa.to_integral_value() or mantissa < 0:
            raise CannotWrite(f"{_plain(mantissa)} cannot be written digit by digit as {old.text!r} is")
        return hanzi.write_digits(int(mantissa), zero=_zero(old.text))
    if form.digits == "hanzi":
        # 两 as the text wrote it (两千), 二 as it wrote it (二千), else the usual way (两千, 二百)
        liang = True if form.liang else (False if _ER_BEFORE_UNIT.search(old.text) else None)
        out = hanzi.write(mantissa, liang=liang, traditional=form.traditional)
        if out is None:
            raise CannotWrite(f"{_plain(mantissa)} cannot be written in Chinese numerals")
        return out
    whole, _, frac = format(mantissa, "f").partition(".")
    group = form.group
    if group is None:
        # not seen: a number too short to show one; a four-digit one written without says that
        # four-digit numbers are, and the language's custom decides for longer ones
        sep, least = _DEFAULT_GROUP[old.lang]
        if len(str(int(old.mantissa))) == 4:
            least = 5
        group = sep if len(whole) >= least else ""
    if group:
        head = len(whole) % 3 or 3
        whole = whole[:head] + "".join(group + whole[i : i + 3] for i in range(head, len(whole), 3))
    out = whole
    if frac:
        out += (form.decimal or _DEFAULT_DECIMAL[old.lang]) + frac
    if form.digits == "fullwidth":
        out = out.translate(_FULLWIDTH)
    return out


def _rewrite_date(old: Number, new: Number, source: Number | None) -> str:
    if old.date is None or new.date is None:
        if old.date is None and new.date is None:
            return _as_written(new.text, old)
        raise CannotWrite(f"{new.text!r} and {old.text!r} are dates written differently")
    pieces = []
    shown = set()
    for name, start, end, style in old.form.fields:
        index = "ymd".index(name)
        part = new.date[index]
        shown.add(index)
        if part is None:
            raise CannotWrite(f"{new.text!r} gives no {_PART[index]} for {old.text!r}")
        was = old.text[start:end]
        if style == "num":
            text = str(part).zfill(len(was)) if was.startswith(("0", "０")) else str(part)
            text = text.translate(_FULLWIDTH) if old.form.digits == "fullwidth" else text
        elif style == "hanzi-digits":
            text = hanzi.write_digits(part, zero=_zero(was))
        elif style == "hanzi":
            text = hanzi.write(Decimal(part)) or ""
        else:
            text = _month_name(part, style, was)
        pieces.append(((start, end), text))
    if old.form.suffix is not None:
        pieces.append((old.form.suffix, ordinal_suffix(new.date[2] or 0)))
    if source is not None and source.date is not None:
        for index in range(3):
            if index not in shown and new.date[index] != source.date[index]:
                raise CannotWrite(f"{old.text!r} does not show the {_PART[index]}, which changed")
    return _splice(old.text, pieces)


_PART = ("year", "month", "day")


def _as_written(text: str, old: Number) -> str:
    """``text`` in the digits ``old`` uses (full-width or ASCII)."""
    ascii_text = unicodedata.normalize("NFKC", text)
    return ascii_text.translate(_FULLWIDTH) if old.form.digits == "fullwidth" else ascii_text


def _zero(was: str) -> str:
    """The zero a year written digit by digit used (``二零一一``, ``二○一一``), else the standard ``〇``."""
    return next((z for z in "零○" if z in was), "〇")


def _month_name(month: int, style: str, was: str) -> str:
    if style == "en":
        return MONTHS_EN[month - 1]
    if style == "en-abbr":
        return "Sept" if was == "Sept" and month == 9 else MONTHS_EN_ABBR[month - 1]
    name = MONTHS_RU[style[3:]][month - 1]
    return name.capitalize() if was[:1].isupper() else name


def _splice(text: str, pieces: list[tuple[tuple[int, int], str]]) -> str:
    for (start, end), new in sorted(pieces, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _decimals(value: Decimal) -> int:
    """How many decimals ``value`` shows once trailing zeros go (``12.50`` 1, ``90`` 0)."""
    return max(0, -value.normalize().as_tuple().exponent)


def _plain(value: Decimal) -> str:
    """A Decimal in positional notation without trailing zeros (``9E+4`` -> ``90000``)."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def ordinal_suffix(n: int) -> str:
    """The English ordinal ending of ``n`` (``1st``, ``12th``, ``22nd``)."""
    if 11 <= n % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def category(value: Decimal, lang: str) -> str:
    """The plural category a number gives the word after it: Russian ``one`` (21 фильм), ``few`` (22
    фильма), ``many`` (25 фильмов), ``fraction`` (1,5 фильма); English ``one`` or ``other``."""
    if lang != "ru":
        return "one" if value == 1 else "other"
    if value != value.to_integral_value():
        return "fraction"
    n = int(value)
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"
