"""The Mandarin front-end: numbers, dates, units and currencies as words; words segmented by
jieba and read by pypinyin's phrase dictionary (with Vitrine's and the scene's lexicon first);
the tone changes of 一 and 不; erhua; Latin-script words left to the English voice.

The output is tone-numbered pinyin (``huan1 ying2``, neutral tone as 5) per word. eSpeak's
``cmn-latn-pinyin`` voice applies the third-tone change (3-3 -> 2-3) itself, so readings keep
the dictionary's third tones.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from guide.lexicon_zh import NEUTRAL, READINGS, SINGLE, SYLLABIC_ER
from guide.numbers_zh import digits_zh, fraction_zh, number_zh
from guide.pieces import Piece

__all__ = ["UNITS_ZH", "read_zh", "segmenter", "unreadable_zh"]

log = logging.getLogger(__name__)

UNITS_ZH: dict[str, str] = {
    "kWh": "千瓦时",
    "mAh": "毫安时",
    "km/h": "公里每小时",
    "m/s": "米每秒",
    "kHz": "千赫",
    "MHz": "兆赫",
    "GHz": "吉赫",
    "GB": "GB",
    "TB": "TB",
    "MB": "MB",
    "Wh": "瓦时",
    "kW": "千瓦",
    "kg": "公斤",
    "mg": "毫克",
    "km": "公里",
    "cm": "厘米",
    "mm": "毫米",
    "ml": "毫升",
    "mL": "毫升",
    "m²": "平方米",
    "m³": "立方米",
    "°C": "摄氏度",
    "℃": "摄氏度",
    "dB": "分贝",
    "Hz": "赫兹",
    "min": "分钟",
    "W": "瓦",
    "V": "伏",
    "A": "安",
    "g": "克",
    "m": "米",
    "L": "升",
    "h": "小时",
    "s": "秒",
    "K": "开",
}
_LATIN_UNITS = {"GB", "TB", "MB"}  # said as letters, by the English voice
_CURRENCY_PREFIX = {"¥": "元", "￥": "元", "$": "美元", "€": "欧元", "£": "英镑"}
_MEASURES = set(
    "个只台款件种位张次天年月周岁元块角分米克斤升瓦伏度层排座条根把颗粒本部辆架枚套双对杯瓶"
    "秒小时斤公里倍成点场间家名份支盏幅尊项首句段"
)
_PRONOUNS = set("我你他她它们就还也都总")
_NUMERALS = set("零一二三四五六七八九十百千万亿两")
_DIGIT_CHARS = set("零一二三四五六七八九")
_PUNCT = {
    "，": ",",
    "、": ",",
    "。": ".",
    "！": "!",
    "？": "?",
    "；": ";",
    "：": ":",
    "…": ".",
    "—": ",",
    ",": ",",
    ".": ".",
    "!": "!",
    "?": "?",
    ";": ";",
    ":": ":",
}

_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS_ZH, key=len, reverse=True))
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_TOKEN = re.compile(
    rf"(?P<iso>\d{{4}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})"
    rf"|(?P<year>\d{{4}})(?=年)"
    rf"|(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})"
    rf"|(?P<pct>[-−]?{_NUM})\s*[%％]"
    rf"|(?P<cur>[¥￥$€£])\s*(?P<cur_n>{_NUM})(?P<cur_big>[万亿]?)"
    rf"|(?P<frac_n>\d+)/(?P<frac_d>\d+)"
    rf"|(?P<lo>{_NUM})\s*[-~～–—]\s*(?P<hi>{_NUM})\s*(?P<range_unit>{_UNIT_RE})?(?![A-Za-z])"
    rf"|(?P<neg>[-−])?(?P<num>{_NUM})\s*(?P<unit>{_UNIT_RE})?(?![A-Za-z\d])"
    rf"|(?P<numlat>\d{{1,4}})(?P<lat>[A-Za-z]+)(?![A-Za-z\d])"
    rf"|(?P<latin>[A-Za-z][A-Za-z0-9]*(?:[-'’.+&][A-Za-z0-9]+)*\+?)"
)


@dataclass
class _Char:
    """One character of the normalised line and the source span it stands for."""

    char: str
    start: int
    end: int
    sandhi: bool = True  # 一 here may change tone (not in digit strings and years)


def _chars(text: str, start: int, end: int, sandhi: bool = True) -> list[_Char]:
    return [_Char(ch, start, end, sandhi) for ch in text]


def _normalise(text: str, en_lexicon: Mapping[str, str]) -> list[list[_Char] | Piece]:
    """Han stretches (as characters with spans) and English pieces, in order."""
    out: list[list[_Char] | Piece] = [[]]

    def han(chars: list[_Char]) -> None:
        last = out[-1]
        if isinstance(last, list):
            last.extend(chars)
        else:
            out.append(chars)

    def english(word: str, start: int, end: int) -> None:
        from guide.reading_en import read_en

        for piece in read_en(word, en_lexicon):
            out.append(Piece(piece.spoken, "en", start + piece.start, start + piece.end))
        out.append([])

    position = 0
    for match in _TOKEN.finditer(text):
        for index in range(position, match.start()):
            han([_Char(text[index], index, index + 1)])
        position = match.end()
        s, e = match.start(), match.end()
        group = match.groupdict()
        after = text[e : e + 1]
        if group["iso"]:
            spoken = digits_zh(group["iso"])
            han(_chars(spoken, s, e, False))
            month, day = int(group["iso_m"]), int(group["iso_d"])
            han(_chars(f"年{number_zh(str(month))}月{number_zh(str(day))}日", s, e))
        elif group["year"]:
            han(_chars(digits_zh(group["year"]), s, e, False))
        elif group["hour"]:
            minute = int(group["minute"])
            words = number_zh(str(int(group["hour"])), measure=True) + "点"
            words += "整" if minute == 0 else ("零" if minute < 10 else "") + number_zh(str(minute))
            words += "" if minute == 0 else "分"
            han(_chars(words, s, e))
        elif group["pct"]:
            value = group["pct"]
            negative = value[0] in "-−"
            spoken = "百分之" + number_zh(value.lstrip("-−"))
            han(_chars(("负" if negative else "") + spoken, s, e))
        elif group["cur"]:
            spoken = number_zh(group["cur_n"]) + group["cur_big"]
            han(_chars(spoken + _CURRENCY_PREFIX[group["cur"]], s, e))
        elif group["frac_n"]:
            han(_chars(fraction_zh(group["frac_n"], group["frac_d"]), s, e))
        elif group["lo"]:
            unit = UNITS_ZH.get(group["range_unit"] or "", "")
            spoken = number_zh(group["lo"]) + "到" + number_zh(group["hi"], bool(unit)) + unit
            han(_chars(spoken, s, e))
        elif group["num"]:
            spoken, sandhi = _quantity(group, after)
            small_k = group["unit"] == "K" and float(group["num"].replace(",", "")) < 100
            if group["unit"] in _LATIN_UNITS or small_k:
                han(_chars(spoken, s, e, sandhi))
                english(group["unit"], e - len(group["unit"]), e)
            else:
                han(_chars(spoken, s, e, sandhi))
        elif group["numlat"]:
            han(_chars(number_zh(group["numlat"]), s, s + len(group["numlat"])))
            english(group["lat"], s + len(group["numlat"]), e)  # 5G, 4K: wu3 G
        elif group["latin"]:
            word = group["latin"]
            last = out[-1] if out else None
            if word in UNITS_ZH and isinstance(last, list) and last and last[-1].char in _NUMERALS:
                han(_chars(UNITS_ZH[word], s, e))  # a unit after a number in characters
                continue
            english(word, s, e)
    for index in range(position, len(text)):
        han([_Char(text[index], index, index + 1)])
    return [item for item in out if not isinstance(item, list) or item]


def _quantity(group: dict[str, Any], after: str) -> tuple[str, bool]:
    """A plain number (with its unit): a quantity, or digit by digit when it is an
    identifier (7 or more digits, or a leading zero)."""
    number, unit = group["num"], group["unit"]
    plain = number.replace(",", "")
    if (
        unit is None
        and "." not in plain
        and (len(plain) >= 7 or (len(plain) > 1 and plain[0] == "0"))
    ):
        return digits_zh(plain, phone=True), False
    if group["neg"] and unit in ("°C", "℃"):
        return "零下" + number_zh(number) + UNITS_ZH[unit], True
    if unit == "K" and float(plain) < 100:
        return number_zh(number), True  # 4K, 8K: the letter follows (said by the English voice)
    measure = unit is not None or after in _MEASURES
    spoken = ("负" if group["neg"] else "") + number_zh(number, measure)
    return spoken + (UNITS_ZH[unit] if unit and unit not in _LATIN_UNITS else ""), True


@lru_cache(maxsize=1)
def segmenter() -> Any:
    """jieba, loaded once with Vitrine's own words (the readings lexicon), for everything
    that cuts Chinese into words: the voice's front-end and the answer search alike."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in READINGS:
        jieba.add_word(word)
    jieba.initialize()
    return jieba


def _pinyin(word: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    syllables: list[str] = lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True)
    return [s.replace("ü", "v") for s in syllables]


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _tone(syllable: str) -> int:
    return int(syllable[-1]) if syllable[-1:].isdigit() else 5


def _read_stretch(chars: list[_Char], lexicon: Mapping[str, str]) -> list[Piece]:
    """Pinyin per word for one stretch of Han text (punctuation as pauses)."""
    text = "".join(c.char for c in chars)
    words: list[tuple[int, int, list[str]]] = []  # (first char, end char, syllables)
    fixed: set[int] = set()
    position = 0
    for word in segmenter().cut(text, HMM=True):
        end = position + len(word)
        if all(_is_han(ch) for ch in word):
            reading = lexicon.get(word) or READINGS.get(word)
            if reading is None and len(word) == 1:
                reading = _single(word, text, position)
            syllables = reading.split() if reading else _pinyin(word)
            if len(syllables) != len(word) and not reading:
                syllables = [s for ch in word for s in _pinyin(ch)]
            if reading is None and len(syllables) == len(word):
                _neutral_and_degree(word, text[:position], syllables)
            if reading is not None and word not in SINGLE:
                fixed.add(len(words))  # the lexicon's reading is final: no tone changes
            words.append((position, end, syllables))
        else:
            for offset, char in enumerate(word):
                if _is_han(char):
                    words.append((position + offset, position + offset + 1, _pinyin(char)))
                elif char in _PUNCT:
                    words.append((position + offset, position + offset + 1, [_PUNCT[char]]))
        position = end
    _in_context(chars, [w for i, w in enumerate(words) if i not in fixed])
    _tone_changes(chars, words, fixed)
    pieces = []
    for first, end, syllables in words:
        start, stop = chars[first].start, chars[end - 1].end
        pieces.append(Piece(" ".join(syllables), "zh", start, stop))
    return pieces


_DEGREE = ("很", "太", "更", "最", "非常", "比较", "特别", "多", "那么", "这么", "挺", "超")


def _neutral_and_degree(word: str, before: str, syllables: list[str]) -> None:
    """Neutral tones of the standard words inside ``word`` (行李箱: li5); 长 after a degree
    adverb is long (很长: chang2), not to grow."""
    for neutral in NEUTRAL:
        at = word.find(neutral)
        if at >= 0:
            last = at + len(neutral) - 1
            syllables[last] = syllables[last].rstrip("12345") + "5"
    for index, char in enumerate(word):
        if char == "长" and syllables[index] == "zhang3":
            preceding = before + word[:index]
            if preceding.endswith(_DEGREE):
                syllables[index] = "chang2"


def _in_context(chars: list[_Char], words: list[tuple[int, int, list[str]]]) -> None:
    """Readings that depend on the neighbours: 长 before a length is long (长两米), 只 after a
    demonstrative or a number is the measure word (这只鼎), 为 before a number is "is"."""
    for first, end, syllables in words:
        if len(syllables) != end - first:
            continue
        for offset in range(end - first):
            k = first + offset
            char = chars[k].char
            before = chars[k - 1].char if k > 0 else ""
            after = chars[k + 1].char if k + 1 < len(chars) else ""
            if char == "长" and syllables[offset] == "zhang3" and after in _NUMERALS:
                syllables[offset] = "chang2"
            elif (
                char == "只"
                and syllables[offset] == "zhi3"
                and (before in _NUMERALS or before in "这那哪每几")
            ):
                syllables[offset] = "zhi1"
            elif char == "为" and syllables[offset] == "wei4" and after in _NUMERALS:
                syllables[offset] = "wei2"


def _single(word: str, text: str, position: int) -> str | None:
    """The reading of a one-character word: 得 before a verb after a pronoun is dei3 (你得去),
    else the everyday reading where pypinyin's first is a rarer one."""
    if word == "得" and position > 0 and text[position - 1] in _PRONOUNS:
        return "dei3"
    return SINGLE.get(word)


def _tone_changes(
    chars: list[_Char], words: list[tuple[int, int, list[str]]], fixed: set[int]
) -> None:
    """一 and 不 change tone by the syllable after them; 儿 after a syllable is erhua."""
    # (word index, syllable index) of each character; None where no syllable is its own
    # (quotes and spaces between the words, or a word read as a whole from the lexicon)
    where: list[tuple[int, int] | None] = [None] * len(chars)
    for w, (first, end, syllables) in enumerate(words):
        if len(syllables) == end - first:
            for i in range(end - first):
                where[first + i] = (w, i)
    spoken = [k for k, place in enumerate(where) if place is not None]
    following = {k: spoken[n + 1] for n, k in enumerate(spoken[:-1])}

    def syllable(k: int | None) -> str | None:
        place = where[k] if k is not None else None
        return words[place[0]][2][place[1]] if place is not None else None

    for k in spoken:
        w, i = where[k]  # type: ignore[misc]
        if w in fixed:
            continue
        item, current = chars[k], words[w][2][i]
        nxt = syllable(following.get(k))
        prev_char = chars[k - 1].char if k > 0 else ""
        next_char = chars[k + 1].char if k + 1 < len(chars) else ""
        if item.char == "不" and current in ("bu4", "bu2"):
            words[w][2][i] = "bu2" if nxt and _tone(nxt) == 4 else "bu4"
        elif item.char == "一" and current.startswith("yi"):
            after_next = chars[k + 2].char if k + 2 < len(chars) else ""
            context = (prev_char, next_char, after_next)
            words[w][2][i] = _yi(item, context, nxt, words[w], k)
    # erhua: 儿 ending a word (not 儿子, 女儿 ...) joins the syllable before it
    for first, end, syllables in words:
        word = "".join(c.char for c in chars[first:end])
        if (
            len(syllables) >= 2
            and word.endswith("儿")
            and word not in SYLLABIC_ER
            and not any(word.endswith(s) for s in SYLLABIC_ER)
            and syllables[-1].startswith("er")
        ):
            before = syllables[-2]
            tone = before[-1] if before[-1:].isdigit() else ""
            base = before[:-1] if tone else before
            syllables[-2:] = [f"{base}r{tone}"]


def _yi(
    item: _Char,
    context: tuple[str, str, str],
    nxt: str | None,
    word: tuple[int, int, list[str]],
    k: int,
) -> str:
    """The tone of 一: yi1 alone, at a word's end, in digit strings, ordinals and numbers
    like 十一; yi2 before a fourth tone; yi4 before the others; neutral between doubled
    verbs (看一看)."""
    prev_char, next_char, after_next = context
    first, end, _ = word
    if not item.sandhi or prev_char == "第" or prev_char in _DIGIT_CHARS | {"十"}:
        return "yi1"
    if next_char in _DIGIT_CHARS or nxt is None or not next_char or not _is_han(next_char):
        return "yi1"
    if next_char == "点" and after_next in _DIGIT_CHARS:
        return "yi1"  # 一点二: a decimal's digit
    if next_char == "月" and (prev_char in _NUMERALS or prev_char in ("", "年")):
        return "yi1"
    if prev_char and prev_char == next_char and _is_han(prev_char):
        return "yi5"
    if k == end - 1 and end - first > 1:  # 统一, 唯一, 万一
        return "yi1"
    return "yi2" if _tone(nxt) == 4 else "yi4"


def read_zh(
    text: str, lexicon: Mapping[str, str], en_lexicon: Mapping[str, str] | None = None
) -> list[Piece]:
    """The pieces of a Chinese line: pinyin per word, English pieces for Latin words."""
    pieces: list[Piece] = []
    for item in _normalise(text, en_lexicon or {}):
        if isinstance(item, Piece):
            pieces.append(item)
        else:
            pieces.extend(_read_stretch(item, lexicon))
    return pieces


def unreadable_zh(text: str) -> list[str]:
    """Characters of ``text`` the front-end has no reading for (to warn curators)."""
    missing = []
    for char in text:
        if _is_han(char):
            syllable = _pinyin(char)[0]
            if not syllable[:1].isascii() or syllable == char:
                missing.append(char)
        elif not (
            char.isascii() or char in _PUNCT or char in "“”‘’《》（）「」『』【】·～￥¥€£℃%％"
        ):
            if not char.isspace():
                missing.append(char)
    return missing
