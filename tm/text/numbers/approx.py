"""The words that make a number approximate or a bound: ``300多`` and "over 300" say "more than 300",
``近300`` "nearly 300", ``约300``, ``300左右`` and "about 300" "about 300", "up to 300", "less than 300".

:func:`qualifier` reads the word written with a number (before it, after it, or inside it: ``200多万``).
Carrying a number into a TM target (:mod:`tm.text.adapt`) compares the query's qualifier with the TM
source's, since the target's wording ("over") translates the source's (``多``); QA compares a source's
and its translation's (presence only: a translator may render ``余`` as "some" or "more than").

What is read, in each language, with its kind:

============  ===========================================  =================================  ==============================================
kind          zh                                           en                                 ru
============  ===========================================  =================================  ==============================================
more          超过, 超, 逾, 多 (``300多``, ``两个多月``),      more than, over, upwards of, in    более (чем), свыше, больше, с лишним
              余/餘, 以上                                  excess of, -odd, -plus, ``300+``
least         至少, 不少于, 不低于                          at least, no less/fewer than, or    не менее, не меньше, как минимум, по меньшей мере
                                                           more
nearly        近, 将近, 接近, 逼近                          nearly, almost, close to           почти, без малого
about         约, 大约, 约为, 约合, 大概, 左右, 上下         about, around, approximately,      около, порядка, примерно, приблизительно
                                                           roughly, some, circa, or so
up to         最多, 至多, 不超过, 以内                      up to, at most, no/not more than   до, вплоть до, не более, не больше
less          不到, 不足, 少于, 以下                        less than, fewer than              менее, меньше
============  ===========================================  =================================  ==============================================

Only cardinals, years (a bare ``2000`` is read as a year) and percentages take a qualifier. Words that
look like one and are not are left alone: ``近3年`` is "the past three years" (近 before a span of time),
``最近``, ``靠近3号门`` (near), ``条约``, ``签约100部`` (约 ending a word: it counts only at the start of the
qualifier, after a non-Han character or one of a few such as 了/的/共/有/增长), ``上下游``, ``左右为难``,
``2025年以上海为主场`` (以 + 上海); an English or Russian "up to" / "до" / "over" before a year followed by
a time word, punctuation or the end ("up to 2025.", "up to 2025 in", «до 2025 года»; "up to 2000 people"
is a count, and so is a year-shaped number whose counterpart is a cardinal: "over 1500" / "over 2000"),
«от 100 до 300» and «от 100 тыс. до 300 тыс.» (a range), «выросла до 300 тыс.» («до» after a verb of
change is "to").
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

from tm.text.numbers.model import Number

MEANING = {
    "more": "more than",
    "least": "at least",
    "nearly": "nearly",
    "about": "about",
    "up to": "up to",
    "less": "less than",
}
_KINDS = ("cardinal", "year", "percent")


@dataclass(frozen=True)
class Qualifier:
    """A qualifier of a number: its ``kind`` (a key of :data:`MEANING`), its words as written and where
    they stand in the text (``start``:``end``; inside the number's own span for ``200多万``)."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def meaning(self) -> str:
        return MEANING[self.kind]


def _alternatives(table: dict[str, str]) -> str:
    return "|".join(sorted(table, key=len, reverse=True))


_ZH_BEFORE = {
    "不超过": "up to",
    "不超": "up to",
    "最多": "up to",
    "至多": "up to",
    "超过了": "more",
    "超过": "more",
    "超出": "more",
    "超": "more",
    "逾": "more",
    "至少": "least",
    "不少于": "least",
    "不低于": "least",
    "将近": "nearly",
    "接近": "nearly",
    "逼近": "nearly",
    "近": "nearly",
    "大约": "about",
    "约为": "about",
    "约合": "about",
    "约有": "about",
    "约": "about",
    "大概": "about",
    "不到": "less",
    "不足": "less",
    "少于": "less",
}
_ZH_AFTER = {"以上": "more", "以下": "less", "以内": "up to", "左右": "about", "上下": "about"}
_EN_BEFORE = {
    "more than": "more",
    "over": "more",
    "upwards of": "more",
    "in excess of": "more",
    "at least": "least",
    "no less than": "least",
    "no fewer than": "least",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "circa": "about",
    "up to": "up to",
    "at most": "up to",
    "no more than": "up to",
    "not more than": "up to",
    "less than": "less",
    "fewer than": "less",
}
_EN_AFTER = {"-odd": "more", "-plus": "more", "+": "more", " or more": "least", " or so": "about"}
_RU_BEFORE = {
    "более чем": "more",
    "более": "more",
    "свыше": "more",
    "больше": "more",
    "не менее чем": "least",
    "не менее": "least",
    "не меньше": "least",
    "как минимум": "least",
    "по меньшей мере": "least",
    "почти": "nearly",
    "без малого": "nearly",
    "около": "about",
    "порядка": "about",
    "примерно": "about",
    "приблизительно": "about",
    "вплоть до": "up to",
    "до": "up to",
    "не более чем": "up to",
    "не более": "up to",
    "не больше": "up to",
    "менее чем": "less",
    "менее": "less",
    "меньше": "less",
}
_RU_AFTER = {" с лишним": "more", " с небольшим": "more"}
_SP = "[ \u00a0\u202f\u2009]"
_EN_TIME = re.compile(
    rf"{_SP}+(?i:days?|weeks?|months?|years?|hours?|minutes?|decades?|centuries|century|seasons?|nights?)\b"
)
_RU_TIME = re.compile(rf"{_SP}*(?:год|года|г\.|час|минут|утра|вечера)")
# spans of time after 近: 近3年 is "the past three years", 近30天 "the last thirty days"
_ZH_SPAN = re.compile(r"\s*(?:个|個)?(?:年|月|天|日|周|週|星期|季度|小时|小時|届|屆|期)")

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# 近 ending a word, not "nearly": 最近 (recently), 附近/靠近/临近/邻近/贴近/就近/走近 (near)
_ZH_NEAR = tuple("最附靠临臨邻鄰贴貼就走挨凑湊")
# the characters after which 约 still starts the qualifier ("吸引了约500名", "的约300名", "共约", "增长约5%");
# after any other Han character it ends a word: 签约, 续约, 相约, 违约, 履约, 合约, 条约, 预约 ...
_ZH_BEFORE_YUE = frozenset(
    "了的是为為有共计計达達至到值占佔和及与與或在均各每仅僅只就才已将將需要中内內外后後前"
    "长長加少降升高低涨漲跌幅资資额額量数數入积積时時重宽寬深价價出费費模众眾次比率程距离離间間期龄齡总總"
)
_NEXT_WORD = re.compile(rf"{_SP}*([^\W\d_][\w'’-]*\.?)")
# after a year-shaped number: a time (up to 2025 in ..., до 2025 года), not a counted noun
_TIME_WORDS = frozenset(
    "in on at and or to the a an by from until till when as for of with this that we it they its our "
    "year years year's fy ad bc "
    "год года году годом г. гг. в во на и а по к с со от за для включительно уже ещё еще".split()
)
_RU_SCALE = r"(?:тыс|млн|млрд|трлн)\.?"
# «от 100 до 300», «от 100 тыс. до 300 тыс.», «с 1,5 млн до 3 млн»
_RU_RANGE = re.compile(
    rf"(?<![\w-])(?i:от|с|со){_SP}+(?:\d[\d{_SP[1:-1]}.,]*(?:{_SP}*{_RU_SCALE}|{_SP}*%)?|\S+){_SP}+до{_SP}*\Z"
)
# a verb or noun of change before «до»: «выросла до 300 тыс.» (rose to), «снижение до 5%»
_RU_CHANGE = re.compile(
    r"(?<![\w-])(?i:вырос|выраст|возрос|дорос|рост(?!ов)|увелич|сниз|сниж|сократ|сокращ|упа[лд]|паден|повыс|повыш|пониз|пониж"
    r"|подня|подним|опусти|опуска|уменьш|расшир|довед|довест|довод|подскоч|обвал)\w*"
    # up to three words between, none a verb of its own: «рост цен составит до 5%» is "up to 5%"
    rf"(?:{_SP}+(?!(?i:состав|достиг|мож|мог|буд|оцен))[^\s.;:!?]+){{0,3}}?{_SP}+до{_SP}*\Z"
)


@functools.cache
def _patterns() -> dict[str, tuple[re.Pattern, re.Pattern]]:
    """(words before a number, anchored at its start; words after, anchored at its end) per family."""
    # 最多可容纳2000人 ("holds up to 2000"): a verb of capacity between the words and the number
    zh_before = (
        rf"(?P<q>{_alternatives(_ZH_BEFORE)})(?:可以|可|能够|能|将)?(?:容纳|容納|接待|达到|達到|达|達)?\s*\Z"
    )
    zh_after = (
        r"(?:(?P<more>[多余餘])(?![额額地震])"
        r"|(?:个|個)(?P<more2>多)(?=月|小时|小時|星期|世纪|世紀|钟头|鐘頭)"
        r"|[年倍](?P<more3>多)(?=来|來|的|时间|時間|前|后|後|里|裡|以来|以來|[，。；、,.;]|\Z)"
        rf"|[\u4e00-\u9fff%％]{{0,2}}?(?P<q>{_alternatives(_ZH_AFTER)})(?![游级級半文楼樓层層班为為逢手])(?!(?<=以上)(?:海|合组织|合組織|影节|影節))(?!(?<=上下)[两兩集册冊篇卷部]))"
    )
    en_before = rf"(?<![\w-])(?P<q>(?i:{_alternatives(_EN_BEFORE)})){_SP}+\Z"
    en_after = rf"(?P<q>{'|'.join(re.escape(k) for k in sorted(_EN_AFTER, key=len, reverse=True))})(?![\w+])"
    ru_before = rf"(?<![\w-])(?P<q>(?i:{_alternatives(_RU_BEFORE)})){_SP}+\Z"
    ru_after = rf"(?P<q>{_alternatives(_RU_AFTER)})(?!\w)"
    return {
        "zh": (re.compile(zh_before), re.compile(zh_after)),
        "en": (re.compile(en_before), re.compile(en_after)),
        "ru": (re.compile(ru_before), re.compile(ru_after)),
    }


def qualifier(text: str, n: Number, as_count: bool = False) -> Qualifier | None:
    """The word that makes ``n`` (a number read from ``text``) approximate or a bound, None if none.
    ``as_count``: read a year-shaped ``n`` as a cardinal (its counterpart on the other side is one:
    "over 1500" and "over 2000"), so "up to" or "over" before it is never a time."""
    if n.kind not in _KINDS:
        return None
    if as_count and n.kind == "year":
        n = dataclasses.replace(n, kind="cardinal")
    before, after = _patterns()[n.lang]
    if n.lang == "zh":
        return _zh(text, n, before, after)
    m = before.search(text, max(0, n.start - 30), n.start)
    if m is not None:
        words = m.group("q").lower()
        kind = (_EN_BEFORE if n.lang == "en" else _RU_BEFORE)[words]
        if not _bound_before_year(kind, words, text, n):
            return Qualifier(kind, m.group("q"), m.start("q"), m.end("q"))
    m = after.match(text, n.end)
    if m is not None:
        kind = (_EN_AFTER if n.lang == "en" else _RU_AFTER)[m.group("q")]
        return Qualifier(kind, m.group("q").strip(), m.start("q"), m.end("q"))
    return None


def _bound_before_year(kind: str, words: str, text: str, n: Number) -> bool:
    """A time or a range, not a qualifier: "up to 2025", "over 2024", "over 3 days" (during), «до 2025
    года», «до 18 часов» (until), «от 100 до 300», «от 100 тыс. до 300 тыс.»; «выросла до 300» (to)."""
    if n.kind == "year" and (kind == "up to" or words == "over") and _time_after(text, n.end):
        return True
    if words == "over" and _EN_TIME.match(text, n.end):
        return True
    if words == "до":
        if _RU_TIME.match(text, n.end):
            return True
        head = text[: n.start]
        return _RU_RANGE.search(head) is not None or _RU_CHANGE.search(head) is not None
    return False


def _time_after(text: str, end: int) -> bool:
    """What follows a year-shaped number makes it a time (the end, punctuation, a year marker, a function
    word: "up to 2025.", «до 2025 года», "up to 2025 the pavilion ..."), not a count ("up to 2000 people",
    "over 2000 Chinese titles", «до 2000 человек»)."""
    m = _NEXT_WORD.match(text, end)
    return m is None or m.group(1).lower() in _TIME_WORDS


def _zh_word(word: str, text: str, start: int, end: int) -> bool:
    """Whether the qualifier ``word`` found at ``start`` (before a number ending at ``end``) is one, not
    part of a word: 靠近/临近 (near), 签约/续约/违约 (sign, renew, breach)."""
    before = text[:start]
    if word == "近":
        return not (_ZH_SPAN.match(text, end) or before.endswith(_ZH_NEAR))
    if word.startswith("约"):  # 约, 约为, 约合, 约有
        prev = before[-1:]
        if not prev or not _CJK.match(prev) or before.endswith("折合"):
            return True
        return prev in _ZH_BEFORE_YUE
    if word == "超":
        return not before.endswith(("赶", "趕", "高"))
    return True


def _zh(text: str, n: Number, before: re.Pattern, after: re.Pattern) -> Qualifier | None:
    inside = re.search("[多余餘]", n.text)
    if inside is not None and n.form.scale:  # 200多万, 10余万: the number itself
        return Qualifier("more", inside.group(), n.start + inside.start(), n.start + inside.end())
    m = before.search(text, max(0, n.start - 9), n.start)
    if m is not None:
        word = m.group("q")
        clear = _zh_word(word, text, m.start("q"), n.end)
        if clear:
            return Qualifier(_ZH_BEFORE[word], word, m.start("q"), m.end("q"))
    m = after.match(text, n.end)
    if m is None:
        return None
    for group in ("more", "more2", "more3"):
        if m.group(group):
            return Qualifier("more", m.group(group), m.start(group), m.end(group))
    return Qualifier(_ZH_AFTER[m.group("q")], m.group("q"), m.start("q"), m.end("q"))
