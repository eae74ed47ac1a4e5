"""Numbers as spoken Chinese: quantities (万 and 亿 groups, 零 for gaps, 两 where it is said),
digit strings, decimals and fractions. Pure functions on strings of ASCII digits."""

from __future__ import annotations

__all__ = ["digits_zh", "fraction_zh", "number_zh", "quantity_zh"]

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_GROUP_UNITS = ("", "万", "亿", "万亿")


def digits_zh(digits: str, phone: bool = False) -> str:
    """Each digit on its own (years, phone and model numbers); ``phone`` reads 1 as 幺."""
    out = "".join(_DIGITS[int(d)] for d in digits if d.isdigit())
    return out.replace("一", "幺") if phone else out


def _group(value: int, leading: bool) -> str:
    """0 < value < 10000 as 千百十 reading (without a leading 零)."""
    text = ""
    zero = False
    for power in (3, 2, 1, 0):
        digit = value // 10**power % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        word = _DIGITS[digit]
        if power == 1 and digit == 1 and not text and leading:
            word = ""  # 十五, not 一十五, at the start of a number
        text += word + _SMALL_UNITS[power]
    return text


def quantity_zh(value: int, measure: bool = False) -> str:
    """A whole number as a quantity (二百九十九, 一万零一, 两千); ``measure``: a measure word or
    unit follows, so a lone 2 is 两."""
    if value < 0:
        return "负" + quantity_zh(-value, measure)
    if value == 0:
        return "零"
    if value == 2 and measure:
        return "两"
    groups = []
    rest = value
    while rest:
        groups.append(rest % 10000)
        rest //= 10000
    if len(groups) > len(_GROUP_UNITS):
        return digits_zh(str(value))
    text = ""
    gap = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(text)
            continue
        if text and (gap or group < 1000):
            text += "零"
        gap = False
        text += _group(group, leading=not text) + _GROUP_UNITS[index]
    # 2 as the leading digit of 百 (spoken either way), 千, 万, 亿 is 两
    if text.startswith("二") and len(text) > 1 and text[1] in "千万亿":
        text = "两" + text[1:]
    return text


def number_zh(text: str, measure: bool = False) -> str:
    """``text`` like "3.5", "10,000" or "-2" as spoken Chinese."""
    text = text.replace(",", "").replace("，", "")
    negative = text.startswith(("-", "−"))
    if negative:
        text = text[1:]
    whole, _, fraction = text.partition(".")
    spoken = quantity_zh(int(whole or "0"), measure and not fraction)
    if fraction:
        spoken += "点" + digits_zh(fraction)
    return ("负" if negative else "") + spoken


def fraction_zh(numerator: str, denominator: str) -> str:
    """1/3 as 三分之一."""
    return number_zh(denominator) + "分之" + number_zh(numerator)
