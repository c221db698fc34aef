"""The words that make a number approximate or a bound: ``300多`` and "over 300" say "more than 300",
``近300`` "nearly 300", ``约300``, ``300左右`` and "about 300" "about 300", "up to 300", "less than 300",
``突破300万`` "more than 3 million", ``高达300万`` "as many as 3 million", «от 300 рублей» "from 300 roubles".

:func:`qualifier` reads the word written with a number (before it, after it, or inside it: ``200多万``).
Carrying a number into a TM target (:mod:`tm.text.adapt`) compares the query's qualifier with the TM
source's, since the target's wording ("over") translates the source's (``多``); QA compares a source's
and its translation's (presence only: a translator may render ``余`` as "some" or "more than").

What is read, in each language, with its kind:

============  ===========================================  =================================  ==============================================
kind          zh                                           en                                 ru
============  ===========================================  =================================  ==============================================
more          超过, 超, 逾, 突破, 高于, 多 (``300多``,          more than, over, upwards of, in    более (чем), свыше, больше, превысил(а/о/и),
              ``两个多月``), 余/餘, 以上                     excess of, exceeded/exceeding,     превышает/превышают, с лишним
                                                           surpassed, -odd, -plus, ``300+``
least         至少, 不少于, 不低于, ``300元起``                at least, no less/fewer than, or   не менее, не меньше, как минимум, по меньшей
                                                           more, from (a price), starting     мере, от (``от 300 рублей``)
                                                           at/from
nearly        近, 将近, 接近, 逼近                          nearly, almost, close to           почти, без малого
about         约, 大约, 约为, 约合, 大概, 左右, 上下         about, around, approximately,      около, порядка, примерно, приблизительно, ~
                                                           roughly, some, circa, or so, ~
up to         最多, 至多, 不超过, 不高于, 以内, 高达, 多达     up to, at most, no/not more than,  до, вплоть до, не более, не больше
                                                           as many/much/high as
less          不到, 不足, 少于, 低于, 以下                  less than, fewer than, under,      менее, меньше
                                                           below
============  ===========================================  =================================  ==============================================

The kinds are what a translation must keep, so that words of one kind in zh, en and ru agree: 突破 ("passed
3 million") is *more than*, as "over", "exceeded" and «свыше»; 低于/不到 are *less than*, as "under",
"below", "fewer than" and «менее»; «от 300 рублей» ("from 300 roubles", ``300元起``) is *at least*. 高达
(多达) says the figure reaches that high, as "as many as" / "as much as" / "up to" and «до» do: they are
*up to* (the upper figure, which "at most" and 最多 also give), not *more than*. A currency sign may stand
between the words and the number ("over $300 million", «от $300»).

Only cardinals, years (a bare ``2000`` is read as a year) and percentages take a qualifier. Words that look
like one and are not are left alone: ``近3年`` is "the past three years" (近 before a span of time), ``最近``,
``靠近3号门`` (near), ``条约``, ``签约100部`` (约 ending a word: it counts only at the start of the qualifier, after a
non-Han character or one of a few such as 了/的/共/有/增长), ``上下游``, ``左右为难``, ``2025年以上海为主场`` (以 + 上海); 突破, 高于, 低于
or 高达 before a year (``突破2024年纪录``, break 2024's record), 突破 of breakthroughs (``突破3项关键技术``), 高达 as a name
(Gundam: ``机动战士高达0079``, ``高达00``), ``从2025年起``; an English or Russian "up to" / "до" / "over" before a year
followed by a time word, punctuation or the end ("up to 2025.", "up to 2025 in", «до 2025 года»; "up to 2000
people" is a count, and so is a year-shaped number whose counterpart is a cardinal: "over 1500" / "over
2000"); "about" a year after a word that takes "about" ("talked about 2025 plans", "a film about 1945"; "back
to about 1909" is circa); "some", "under", "below", "exceeded" before a year that is not round or is followed
by a time or "'s" ("under 2025's plan", "below 2024 levels"; "under 2000 people" is a count); the "+" of a
name ("Channel 5+"); "~" in a path, a file name or a range ("/~300/", "file~300.txt", "300~500"); "from"
anywhere but before a price (not "from 300 companies", "from 300 to 500", "up from 5%"); «от» anywhere but
before a price, an age, a span or a measure (not «от 300 компаний», «от 3 мая», «от 2025 года»), and not
starting a range («от 300 до 500», «от 300 рублей до 500 рублей», «от 3–5 лет»: the range's «до» is no "up to"
either); «от 100 тыс. до 300 тыс.», «выросла до 300 тыс.» («до» after a verb of change is "to").
"""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
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


def _words(table: dict[str, str]) -> str:
    """The alternatives of ``table`` written as words (all but ``~``, which needs no space after it)."""
    return _alternatives({k: v for k, v in table.items() if k != "~"})


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
    "突破了": "more",
    "突破": "more",
    "高于": "more",
    "不高于": "up to",
    "高达": "up to",
    "多达": "up to",
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
    "低于": "less",
}
_ZH_AFTER = {"以上": "more", "以下": "less", "以内": "up to", "左右": "about", "上下": "about"}
_EN_BEFORE = {
    "more than": "more",
    "over": "more",
    "upwards of": "more",
    "in excess of": "more",
    "exceeding": "more",
    "exceeded": "more",
    "surpassed": "more",
    "at least": "least",
    "from": "least",
    "starting at": "least",
    "starting from": "least",
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
    "~": "about",
    "up to": "up to",
    "at most": "up to",
    "no more than": "up to",
    "not more than": "up to",
    "as many as": "up to",
    "as much as": "up to",
    "as high as": "up to",
    "less than": "less",
    "fewer than": "less",
    "under": "less",
    "below": "less",
}
_EN_AFTER = {"-odd": "more", "-plus": "more", "+": "more", " or more": "least", " or so": "about"}
_RU_BEFORE = {
    "более чем": "more",
    "более": "more",
    "свыше": "more",
    "больше": "more",
    "превысил": "more",
    "превысила": "more",
    "превысило": "more",
    "превысили": "more",
    "превышает": "more",
    "превышают": "more",
    "не менее чем": "least",
    "не менее": "least",
    "не меньше": "least",
    "как минимум": "least",
    "по меньшей мере": "least",
    "от": "least",
    "почти": "nearly",
    "без малого": "nearly",
    "около": "about",
    "порядка": "about",
    "примерно": "about",
    "приблизительно": "about",
    "~": "about",
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


class _Lazy:
    """A pattern compiled when first used: importing tm compiles no number pattern
    (tests/test_numbers_forms.py), and these guards are read only after a qualifier's words."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    @functools.cached_property
    def compiled(self) -> re.Pattern:
        return re.compile(self.pattern)

    def match(self, text: str, pos: int = 0) -> re.Match | None:
        return self.compiled.match(text, pos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        return self.compiled.search(text, pos, endpos)


# «от 100 до 300», «от 100 тыс. до 300 тыс.», «с 1,5 млн до 3 млн»
_RU_RANGE = re.compile(
    rf"(?<![\w-])(?i:от|с|со){_SP}+(?:\d[\d{_SP[1:-1]}.,]*(?:{_SP}*{_RU_SCALE}|{_SP}*%)?|\S+)"
    rf"(?:{_SP}+[^\W\d_]+\.?)?{_SP}+до{_SP}*\Z"  # «от 300 рублей до 500»: a word of the unit between
)
# «от 300 до 500», «от 300 рублей до 500»: the range «от» starts (read after the first number)
_RU_RANGE_AHEAD = _Lazy(rf"(?:{_SP}+[^\W\d_]+\.?)?{_SP}+(?i:до)(?![\w-])|{_SP}*[-–—]{_SP}*\d")
# what «от» bounds ("from 300 roubles", "children from 6 years"): a price, an age, a length of time, a
# measure; «заявки от 300 компаний» (from 300 companies) and «от 3 мая» (a date) are not bounds
_RU_UNIT = _Lazy(
    rf"{_SP}*(?:%|₽|\$|€|¥|(?i:процент|руб|р\.|долл|евро|юан|фунт|иен|тенге|лет(?!\w)|год(?:а|у)?(?!\w)|месяц|мес\.|недел"
    r"|дн(?:я|ей)(?!\w)|сут|час|минут|секунд|км(?!\w)|метр|м²|кв\.|гектар|кг(?!\w)|килограм|тонн|литр"
    r"|сери[йия]|эпизод|экземпляр|шт\.|штук|мест(?!н)|балл))"
)
# a currency sign between the words and the number: "over $300 million", "up to US$300", "from ¥50"
_CURRENCY = r"(?:(?:US|HK|A|C|NZ|S)?\$|[€£¥₽])"
# "from" bounds a price: "tickets from $30", "from 300 roubles"; not a range ("from 300 to 500"), a change
# ("up from 5%", "rose 20% from 300 million yuan"), an origin ("from 300 companies"); nor a percentage
# ("from 5% of users", "slowed from 5%")
_EN_PRICE = _Lazy(rf"{_SP}+(?i:yuan|rmb|cny|roubles?|rubles?|rub|dollars?|usd|euros?|eur|pounds?|gbp)\b")
_EN_RANGE_AHEAD = _Lazy(
    rf"(?:{_SP}+[^\W\d_]+\.?){{0,2}}?{_SP}+(?i:to|and|through|till|until)\b|{_SP}*[-–—]{_SP}*\d"
)
_EN_CHANGE_BEFORE = _Lazy(
    r"(?:\b(?i:up|down|rose|risen|rises?|fell|fallen|falls?|increased?|increases|decreased?|decreases|grew|grown"
    r"|grows?|dropped|drops?|declined?|declines|jumped|jumps?|climbed|climbs?|slipped|compared|changed?|went|cut"
    r"|raised|lowered|reduced|moved|points?|percent)|\d%?)"
    rf"{_SP}+\Z"
)
# English words that are also a determiner, a preposition or a verb before a year: "some 2025 releases",
# "under 2025's plan", "below 2024 levels", "exceeded 2024 figures": before a year-shaped number, a bound
# only if it is round ("under 2000 people") and no time follows
_EN_YEAR_WORDS = frozenset(("some", "under", "below", "exceeded", "exceeding", "surpassed"))
# "about" a year after a word that takes "about" (talked about 2025 plans, a film about 1945) is the
# preposition; elsewhere it is "circa" (back to about 1909, in about 2000)
_EN_ABOUT_TOPIC = _Lazy(
    r"(?<![\w-])(?i:talk\w*|spoke|speak\w*|think\w*|thought|know\w*|knew|learn\w*|hear\w*|read\w*|writ\w*"
    r"|wrote|tell\w*|told|ask\w*|say\w*|said|care\w*|worr\w*|concern\w*|excit\w*|optimistic|pessimistic"
    r"|confident|sure|curious|news|stor(?:y|ies)|films?|movies?|books?|documentar(?:y|ies)|articles?|reports?"
    r"|questions?|information|details?|something|anything|nothing|everything|more|much|all|debates?"
    r"|discussions?|forg[eo]t\w*|remember\w*|dream\w*|complain\w*|what|how|plans?|ideas?|views?"
    rf"|opinions?|feel\w*|felt){_SP}+\Z"
)
# "~300/a", "~300.txt": a path or a file name
_PATH_AFTER = _Lazy(r"[/\\~]|\.[^\W\d_]")
# a name before "5+": "Channel 5+", "Apple TV 4+" (the plus is the name's)
_NAME_BEFORE = _Lazy(rf"(?<![\w-])[A-ZА-ЯЁ][\w.-]*{_SP}+\Z")
# words of a bound that also compare with a year: 突破2024年纪录 (break 2024's record), 高于2024年水平
_ZH_BEFORE_A_YEAR = frozenset(("突破", "突破了", "高于", "不高于", "低于", "高达"))
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
        # 票价300元起 (from 300 yuan), the price's «от»
        r"|(?:元|卢布|盧布|美元|欧元|歐元|日元|港元|块|塊)(?P<least>起)(?![来來飞飛点點草源义義诉訴])"
        rf"|[\u4e00-\u9fff%％]{{0,2}}?(?P<q>{_alternatives(_ZH_AFTER)})(?![游级級半文楼樓层層班为為逢手])(?!(?<=以上)(?:海|合组织|合組織|影节|影節))(?!(?<=上下)[两兩集册冊篇卷部]))"
    )
    # "~300", "~ 300"; not "300~500" (a range), "file~300", "/~300/" (a path)
    tilde = rf"|(?<![\w~/\\.:-])(?P<t>~){_SP}*"
    en_before = rf"(?:(?<![\w-])(?P<q>(?i:{_words(_EN_BEFORE)})){_SP}+{tilde}){_CURRENCY}?\Z"
    en_after = rf"(?P<q>{'|'.join(re.escape(k) for k in sorted(_EN_AFTER, key=len, reverse=True))})(?![\w+])"
    ru_before = rf"(?:(?<![\w-])(?P<q>(?i:{_words(_RU_BEFORE)})){_SP}+{tilde}){_CURRENCY}?\Z"
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
        group = "q" if m.group("q") else "t"
        words = m.group(group).lower()
        kind = (_EN_BEFORE if n.lang == "en" else _RU_BEFORE)[words]
        if not _not_a_qualifier(kind, words, text, n, m.start(group)):
            return Qualifier(kind, m.group(group), m.start(group), m.end(group))
    m = after.match(text, n.end)
    if m is not None and not (m.group("q") == "+" and _NAME_BEFORE.search(text, 0, n.start)):
        kind = (_EN_AFTER if n.lang == "en" else _RU_AFTER)[m.group("q")]
        return Qualifier(kind, m.group("q").strip(), m.start("q"), m.end("q"))
    return None


def _not_a_qualifier(kind: str, words: str, text: str, n: Number, start: int) -> bool:
    """A time, a range or another sense of the words: "up to 2025", "over 2024", "over 3 days" (during),
    «до 2025 года», «до 18 часов» (until), «от 100 до 300», «от 100 тыс. до 300 тыс.»; «выросла до 300»
    (to); "about 2025 plans", "under 2025's plan"; «от 300 компаний», "from 300 companies" (origin), "up
    from 5%" (a change); "~300/" (a path). ``start``: where the words stand."""
    if n.kind == "year" and (kind == "up to" or words == "over") and _time_after(text, n.end):
        return True
    if n.kind == "year" and words in _EN_YEAR_WORDS:
        return n.value % 100 != 0 or text.startswith(("'s", "’s"), n.end) or _time_after(text, n.end)
    if n.kind == "year" and words == "about":
        return _EN_ABOUT_TOPIC.search(text, 0, start) is not None or text.startswith(("'s", "’s"), n.end)
    if words == "over" and _EN_TIME.match(text, n.end):
        return True
    if words == "~":
        return _PATH_AFTER.match(text, n.end) is not None
    if words == "from":
        if _EN_RANGE_AHEAD.match(text, n.end) or _EN_CHANGE_BEFORE.search(text, 0, start):
            return True
        return not (_currency(text, start, n) or _EN_PRICE.match(text, n.end))
    if words == "от":
        if _RU_TIME.match(text, n.end) and n.kind == "year" or _RU_RANGE_AHEAD.match(text, n.end):
            return True
        priced = _currency(text, start, n) or _RU_UNIT.match(text, n.end)
        return n.kind != "percent" and not priced
    if words == "до":
        if _RU_TIME.match(text, n.end):
            return True
        head = text[: n.start]
        return _RU_RANGE.search(head) is not None or _RU_CHANGE.search(head) is not None
    return False


def _currency(text: str, start: int, n: Number) -> bool:
    """Whether a currency sign stands between the words at ``start`` and ``n``: "from $30", «от $300»."""
    return re.search(_CURRENCY, text[start : n.start]) is not None


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
    if word in _ZH_BEFORE_A_YEAR and text.startswith("年", end):
        return False
    if word.startswith("突破") and text.startswith(("项", "項", "道", "重"), end):
        return False  # 突破3项关键技术: made breakthroughs in three key technologies
    if word == "高达":  # Gundam (高达) is a name: 机动战士高达0079, 高达00
        return not (before.endswith(("战士", "戰士")) or re.match(r"\s*0\d", text[start + 2 :]))
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
    for group in ("more", "more2", "more3", "least"):
        if m.group(group):
            kind = "least" if group == "least" else "more"
            return Qualifier(kind, m.group(group), m.start(group), m.end(group))
    return Qualifier(_ZH_AFTER[m.group("q")], m.group("q"), m.start("q"), m.end("q"))
