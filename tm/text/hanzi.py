"""Chinese numerals (``两千``, ``三十``, ``十二``, ``一千零一``, ``三点五``) read into and written from numbers,
in simplified or traditional characters (``三千萬``, ``兩億``, ``三點五``).

Only well-formed numerals are read: units (十 百 千, then 万 亿) fall from left to right, a digit stands
before each unit but 十 at the start, ``零`` fills a skipped place, and one digit may end a run after a
unit above 十 as its next lower place (``三千五`` = 3,500, ``两万五`` = 25,000, as Chinese says them). Runs
that are not numerals are refused: ``九九``, ``一五一十``, ``十二五`` (the plan), ``千万`` (which starts with
a unit and means "by all means"), so an idiom is never taken for a number.

Years are also written digit by digit (``二〇一一年``, ``二零一一年``): :func:`parse_digits` and
:func:`write_digits` read and write those.

>>> parse("两千"), parse("十二"), parse("一千零一"), parse("三点五"), parse("十二五")
(Decimal('2000'), Decimal('12'), Decimal('1001'), Decimal('3.5'), None)
>>> write(Decimal(3000)), write(Decimal(25), liang=True), write(Decimal("5.5"))
('三千', '二十五', '五点五')
>>> parse_digits("二〇一一"), write_digits(1997), write_digits(2010, zero="零")
(2011, '一九九七', '二零一零')
"""

from __future__ import annotations

from decimal import Decimal

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# what a number written digit by digit uses (not 两; ○, the white circle, stands for 〇 in much typed text)
DIGIT_CHARS = "零〇○一二三四五六七八九"
UNITS = {"十": 1, "百": 2, "千": 3}
BIG = {"万": 4, "亿": 8, "萬": 4, "億": 8}  # simplified and traditional
LIANG = "两兩"  # 2 before a unit (两千, 兩萬)
POINT = "点點"  # the decimal point
CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(BIG)
TRADITIONAL = "萬億兩點"  # what tells a numeral written in traditional characters
_WRITE_DIGITS = "零一二三四五六七八九"
_TO_TRADITIONAL = str.maketrans("万亿两点", "萬億兩點")


def parse(text: str) -> Decimal | None:
    """The value of a Chinese numeral, or None when ``text`` is not a well-formed one."""
    whole, point, frac = text.replace("點", "点").partition("点")
    if not whole:
        return None
    value = _parse_whole(whole)
    if value is None:
        return None
    if not frac:
        return Decimal(value) if not point else None
    if any(ch not in DIGITS or ch in LIANG for ch in frac):
        return None
    return Decimal(f"{value}.{''.join(str(DIGITS[ch]) for ch in frac)}")


def parse_digits(text: str) -> int | None:
    """A number written digit by digit (``二〇二五``, ``一九九七``: years), or None."""
    if not text or any(ch not in DIGIT_CHARS for ch in text):
        return None
    return int("".join(str(DIGITS.get(ch, 0)) for ch in text))


def write_digits(value: int, *, zero: str = "〇") -> str:
    """``value`` digit by digit (``2025`` -> ``二〇二五``); ``zero``: ``〇`` (the standard for years),
    ``零`` or ``○``, as the text it replaces wrote it."""
    return "".join(zero if d == "0" else _WRITE_DIGITS[int(d)] for d in str(value))


def _parse_whole(text: str) -> int | None:
    if text[0] not in DIGITS and text[0] != "十":
        return None
    if len(text) == 1:
        return DIGITS.get(text[0], 10)
    total, last_big, start = 0, 99, 0
    for pos, ch in enumerate(text):
        if ch not in BIG:
            continue
        if pos > 0 and text[pos - 1] in BIG:
            # 万亿: a big unit right after another (a trillion)
            if BIG[ch] != 8 or BIG[text[pos - 1]] != 4 or last_big != 4:
                return None
            total, last_big, start = total * 10**8, 12, pos + 1
            continue
        section = _parse_section(_after_zero(text[start:pos], start), first=start == 0, big=True)
        if section is None or section == 0 or BIG[ch] >= last_big:
            return None
        total += section * 10 ** BIG[ch]
        last_big, start = BIG[ch], pos + 1
    rest = text[start:]
    if not rest:
        return total
    if last_big < 99 and rest[0] != "零" and len(rest) == 1 and rest in DIGITS and rest not in LIANG:
        return total + DIGITS[rest] * 10 ** (last_big - 1)  # 两万五: the next lower place
    section = _parse_section(_after_zero(rest, start), first=start == 0, big=False)
    return None if section is None else total + section


def _after_zero(text: str, start: int) -> str:
    """A section after a big unit may open with 零 (一亿零五百万)."""
    return text[1:] if start > 0 and text.startswith("零") and len(text) > 1 else text


def _parse_section(text: str, *, first: bool, big: bool) -> int | None:
    """A value below 10,000 written with 千 百 十 (or one digit); ``big``: a 万 or 亿 follows it."""
    if not text:
        return None
    value, digit, last_unit, zero = 0, None, 4, False
    for pos, ch in enumerate(text):
        if ch in DIGITS:
            if digit is not None:
                return None
            if DIGITS[ch] == 0:
                if zero or pos == 0:
                    return None
                zero = True
                continue
            digit = DIGITS[ch]
        elif ch in UNITS:
            power = UNITS[ch]
            if power >= last_unit or (ch == "十" and pos > 0 and text[pos - 1] in LIANG):
                return None
            if digit is None:
                if not (ch == "十" and pos == 0 and first):
                    return None
                digit = 1
            value += digit * 10**power
            digit, last_unit, zero = None, power, False
        else:
            return None
    if digit is not None:
        if text[-1] in LIANG and not big:
            return None  # 两 counts only before a unit: 十两 is ten taels
        if 1 < last_unit < 4 and not zero:
            value += digit * 10 ** (last_unit - 1)  # 三千五 = 3,500; 一百五 = 150
        else:
            value += digit
    elif zero:
        return None
    return value


def write(value: Decimal, *, liang: bool | None = False, traditional: bool = False) -> str | None:
    """``value`` as a Chinese numeral (None below zero or from a trillion up). ``liang``: write 两 for
    a leading 2 before 百, 千, 万 and 亿 (``两百``, ``两千``, ``两万``), as the text it replaces did; False:
    二 (``二千``), as that text did; None (the text showed neither): as the press writes, 两 before 千,
    万 and 亿 and 二 before 百 (``两千``, ``两万``, ``二百``); ``traditional``: 萬, 億, 兩 and 點
    (``三千萬``)."""
    if value < 0 or value >= 10**12:
        return None
    whole = int(value)
    frac = format(value - whole, "f").partition(".")[2].rstrip("0")
    out = _write_whole(whole, liang)
    if frac:
        out += "点" + "".join(_WRITE_DIGITS[int(d)] for d in frac)
    return out.translate(_TO_TRADITIONAL) if traditional else out


def _write_whole(n: int, liang: bool | None) -> str:
    if n == 0:
        return "零"
    out, pending_zero, started = "", False, False
    for unit, power in (("亿", 8), ("万", 4), ("", 0)):
        group = n // 10**power % 10**4
        if group == 0:
            pending_zero = pending_zero or started
            continue
        if started and (pending_zero or group < 1000):
            out += "零"
        if group == 2 and unit and liang is not False:
            out += "两" + unit
        else:
            out += _write_section(group, liang, leading=not started) + unit
        started, pending_zero = True, False
    return out


def _write_section(n: int, liang: bool | None, *, leading: bool) -> str:
    out, zero = "", False
    for power, unit in ((3, "千"), (2, "百"), (1, "十"), (0, "")):
        d = n // 10**power % 10
        if d == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        if d == 1 and power == 1 and leading and not out:
            out += "十"  # 十二, not 一十二
        elif d == 2 and not out and (power == 3 if liang is None else liang and power >= 2):
            out += "两" + unit
        else:
            out += _WRITE_DIGITS[d] + unit
    return out
