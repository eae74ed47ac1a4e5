"""Numbers as spoken (American) English: cardinals, ordinals, years, decimals, times."""

from __future__ import annotations

__all__ = ["cardinal", "decimal", "ordinal", "time_words", "year_words"]

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORDINAL_WORDS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def _below_thousand(value: int) -> str:
    words = []
    if value >= 100:
        words.append(_ONES[value // 100] + " hundred")
        value %= 100
    if value >= 20:
        words.append(_TENS[value // 10] + ("-" + _ONES[value % 10] if value % 10 else ""))
    elif value or not words:
        words.append(_ONES[value])
    return " ".join(words)


def cardinal(value: int) -> str:
    """299 -> two hundred ninety-nine; 1500000 -> one million five hundred thousand."""
    if value < 0:
        return "minus " + cardinal(-value)
    if value < 1000:
        return _below_thousand(value)
    words = []
    for scale, name in _SCALES:
        if value >= scale:
            words.append(cardinal(value // scale) + " " + name)
            value %= scale
    if value:
        words.append(_below_thousand(value))
    return " ".join(words)


def ordinal(value: int) -> str:
    """21 -> twenty-first."""
    words = cardinal(value)
    head, sep, last = words.rpartition("-" if "-" in words.split()[-1] else " ")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def year_words(value: int) -> str:
    """1999 -> nineteen ninety-nine; 2005 -> two thousand five; 2025 -> twenty twenty-five."""
    if value < 1000 or value >= 10000:
        return cardinal(value)
    high, low = divmod(value, 100)
    if low == 0:
        return cardinal(value) if high % 10 == 0 else cardinal(high) + " hundred"
    if 2000 <= value < 2010:
        return cardinal(value)
    return cardinal(high) + (" oh " + _ONES[low] if low < 10 else " " + cardinal(low))


def decimal(text: str) -> str:
    """'3.5' -> three point five; '10,000' -> ten thousand; '0.25' -> zero point two five."""
    text = text.replace(",", "")
    negative = text.startswith(("-", "−"))
    whole, _, fraction = text.lstrip("-−").partition(".")
    words = cardinal(int(whole or "0"))
    if fraction:
        words += " point " + " ".join(_ONES[int(d)] for d in fraction)
    return ("minus " if negative else "") + words


def time_words(hour: int, minute: int) -> str:
    """9:00 -> nine o'clock; 9:05 -> nine oh five; 14:30 -> fourteen thirty."""
    if minute == 0:
        return cardinal(hour) + " o'clock"
    return cardinal(hour) + (" oh " + _ONES[minute] if minute < 10 else " " + cardinal(minute))
