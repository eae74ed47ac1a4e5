"""The English front-end: numbers, years, ordinals, times, money, percentages and units as
words; abbreviations expanded; acronyms spelled letter by letter (unless said as a word);
model names such as V15 read as letters and a number. A scene's lexicon wins over all of it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from guide.numbers_en import cardinal, decimal, ordinal, time_words, year_words
from guide.pieces import Piece

__all__ = ["UNITS_EN", "read_en", "spell"]

# unit -> (singular, plural)
UNITS_EN: dict[str, tuple[str, str]] = {
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "mAh": ("milliamp hour", "milliamp hours"),
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "m/s": ("meter per second", "meters per second"),
    "kHz": ("kilohertz", "kilohertz"),
    "MHz": ("megahertz", "megahertz"),
    "GHz": ("gigahertz", "gigahertz"),
    "Wh": ("watt hour", "watt hours"),
    "kW": ("kilowatt", "kilowatts"),
    "kg": ("kilogram", "kilograms"),
    "mg": ("milligram", "milligrams"),
    "km": ("kilometer", "kilometers"),
    "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"),
    "ml": ("milliliter", "milliliters"),
    "mL": ("milliliter", "milliliters"),
    "ms": ("millisecond", "milliseconds"),
    "m²": ("square meter", "square meters"),
    "m³": ("cubic meter", "cubic meters"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "℃": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "dB": ("decibel", "decibels"),
    "Hz": ("hertz", "hertz"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "MB": ("megabyte", "megabytes"),
    "mph": ("mile per hour", "miles per hour"),
    "min": ("minute", "minutes"),
    "hrs": ("hour", "hours"),
    "hr": ("hour", "hours"),
    "lbs": ("pound", "pounds"),
    "lb": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "ft": ("foot", "feet"),
    "in": ("inch", "inches"),
    "W": ("watt", "watts"),
    "V": ("volt", "volts"),
    "A": ("amp", "amps"),
    "g": ("gram", "grams"),
    "m": ("meter", "meters"),
    "L": ("liter", "liters"),
    "h": ("hour", "hours"),
    "s": ("second", "seconds"),
    "x": ("times", "times"),
}
_CURRENCIES = {"$": ("dollar", "dollars"), "€": ("euro", "euros"), "£": ("pound", "pounds"),
               "¥": ("yuan", "yuan"), "￥": ("yuan", "yuan")}  # fmt: skip
_CENTS = {"$": "cent", "€": "cent", "£": "penny"}
_BIG = {"k": "thousand", "K": "thousand", "thousand": "thousand", "m": "million",
        "M": "million", "million": "million", "bn": "billion", "billion": "billion"}  # fmt: skip
_ABBREVIATIONS = {
    "e.g.": "for example",
    "i.e.": "that is",
    "etc.": "et cetera",
    "vs.": "versus",
    "approx.": "approximately",
    "Dr.": "Doctor",
    "Mr.": "Mister",
    "Mrs.": "Missus",
    "Ms.": "Miz",
    "Prof.": "Professor",
    "St.": "Saint",
    "Mt.": "Mount",
    "ca.": "circa",
    "c.": "circa",
    "No.": "number",
    "no.": "number",
    "Inc.": "Incorporated",
    "Ltd.": "Limited",
    "Co.": "Company",
}
_WORD_ACRONYMS = frozenset(
    ("NASA", "UNESCO", "NATO", "LEGO", "IKEA", "SIM", "PIN", "RAM", "ROM", "LASER", "RADAR")
    + ("SCUBA", "JPEG", "GIF", "ASCII", "OLED", "CAD", "ISO")
)  # acronyms said as words
_LETTERS = {
    "A": "ay", "B": "bee", "C": "see", "D": "dee", "E": "ee", "F": "eff", "G": "jee",
    "H": "aitch", "I": "eye", "J": "jay", "K": "kay", "L": "el", "M": "em", "N": "en",
    "O": "oh", "P": "pee", "Q": "cue", "R": "ar", "S": "ess", "T": "tee", "U": "you",
    "V": "vee", "W": "double-you", "X": "ex", "Y": "why", "Z": "zee",
}  # fmt: skip
_BUILTIN = {"Wi-Fi": "why-fy", "WiFi": "why-fy", "OLED": "oh-led", "PDF": "pee dee eff",
            "JPEG": "jay-peg", "ISO": "eye-so", "4K": "four kay", "8K": "eight kay"}  # fmt: skip

_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS_EN, key=len, reverse=True))
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_TOKEN = re.compile(
    rf"(?P<cur>[$€£¥￥])\s?(?P<cur_n>{_NUM})(?:\s?(?P<cur_big>bn|billion|million|thousand|[kKmM])\b)?"
    rf"|(?P<pct>[-−]?{_NUM})\s?%"
    rf"|(?P<date_m>\d{{1,2}})/(?P<date_d>\d{{1,2}})/(?P<date_y>\d{{4}})"
    rf"|(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?:\s?(?P<ampm>[ap])(?:\.m\.|m\b))?"
    rf"|(?P<clock>\d{{1,2}})\s?(?P<clock_ap>[ap])(?:\.m\.|m\b)"
    rf"|(?P<ord>\d+)(?P<ord_s>st|nd|rd|th)\b"
    rf"|(?P<decade>1\d|20)(?P<decade_d>\d)0s\b"
    rf"|(?P<frac_n>\d+)/(?P<frac_d>\d+)(?![\d/])"
    rf"|(?P<lo>{_NUM})\s?[–—-]\s?(?P<hi>{_NUM})(?:\s?(?P<range_unit>{_UNIT_RE})(?![A-Za-z]))?"
    rf"|(?P<neg>[-−])?(?P<num>{_NUM})(?:\s?(?P<unit>{_UNIT_RE})(?![A-Za-z\d]))?"
    r"|(?P<abbr>(?:[A-Za-z]\.){2,}|[A-Z][a-z]{0,5}\.|[a-z]{1,6}\.)"
    r"|(?P<word>[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*)"
    r"|(?P<punct>[.,!?;:…—–]+)"
)
_YEAR_BEFORE = re.compile(
    r"(?:\b(?:in|since|from|by|until|till|of|year|around|circa|c\.|ca\.))\s*$", re.I
)
_ERA_AFTER = re.compile(r"\s*(?:BC|BCE|AD|CE)\b")


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def spell(letters: str) -> str:
    """USB -> you ess bee: each capital by its name."""
    return " ".join(_LETTERS.get(ch.upper(), ch) for ch in letters)


def _fraction(numerator: int, denominator: int) -> str:
    if denominator == 2:
        return cardinal(numerator) + (" half" if numerator == 1 else " halves")
    if denominator == 4:
        return cardinal(numerator) + (" quarter" if numerator == 1 else " quarters")
    word = ordinal(denominator)
    return cardinal(numerator) + " " + (word if numerator == 1 else word + "s")


def _is_one(number: str) -> bool:
    return number.replace(",", "") in ("1", "1.0")


def _unit(number: str, unit: str | None) -> str:
    if unit is None:
        return ""
    singular, plural = UNITS_EN[unit]
    return " " + (singular if _is_one(number) else plural)


def _number(text: str, number: str, start: int, end: int, unit: str | None) -> str:
    """A plain number: a year where it reads as one, else a quantity."""
    plain = number.replace(",", "")
    year_like = "," not in number and "." not in number and len(plain) == 4 and unit is None
    if year_like and (
        1000 <= int(plain) <= 2099
        or _YEAR_BEFORE.search(text[:start])
        or _ERA_AFTER.match(text[end:])
    ):
        return year_words(int(plain))
    if _ERA_AFTER.match(text[end:]) and "." not in plain and "," not in number:
        return cardinal(int(plain))
    return decimal(number) + _unit(number, unit)


def _model_name(word: str) -> str | None:
    """V15 -> vee fifteen; RTX4090 -> ar tee ex four thousand ninety; None for plain words."""
    match = re.fullmatch(r"([A-Z]{1,4})-?(\d{1,4})([A-Za-z]*)", word)
    if not match:
        return None
    letters, digits, tail = match.groups()
    spoken = spell(letters) + " " + (cardinal(int(digits)) if len(digits) < 4 else " ".join(
        cardinal(int(d)) for d in digits))  # fmt: skip
    return spoken + (" " + spell(tail) if tail.isupper() else (" " + tail if tail else ""))


def _word(word: str, lexicon: Mapping[str, str]) -> str:
    for key in (word, word.lower()):
        if key in lexicon:
            return lexicon[key]
    if word in _BUILTIN:
        return _BUILTIN[word]
    if "-" in word and any(part.isupper() for part in word.split("-")):
        return " ".join(_word(part, lexicon) for part in word.split("-") if part)  # USB-C
    model = _model_name(word)
    if model is not None:
        return model
    core = word[:-1] if word.endswith("s") and word[:-1].isupper() else word
    if core.isupper() and 1 <= len(core) <= 6 and core.isalpha() and core not in _WORD_ACRONYMS:
        if len(core) == 1 and core in ("A", "I") and core == word:
            return word  # the article and the pronoun
        return spell(core) + ("s" if core != word else "")
    return word


def read_en(text: str, lexicon: Mapping[str, str]) -> list[Piece]:
    """The pieces of an English line: each token with the words a voice says for it."""
    pieces: list[Piece] = []
    for match in _TOKEN.finditer(text):
        g = match.groupdict()
        s, e = match.start(), match.end()
        if g["cur"]:
            names = _CURRENCIES[g["cur"]]
            amount = g["cur_n"]
            if g["cur_big"]:
                spoken = f"{decimal(amount)} {_BIG[g['cur_big']]} {names[1]}"
            elif "." in amount and len(amount.split(".")[1]) == 2 and g["cur"] in _CENTS:
                whole, cents = amount.replace(",", "").split(".")
                spoken = f"{cardinal(int(whole))} {names[0] if whole == '1' else names[1]}"
                if int(cents):
                    cent = _CENTS[g["cur"]]
                    plural = "pence" if cent == "penny" else cent + "s"
                    spoken += f" {cardinal(int(cents))} {cent if cents == '01' else plural}"
            else:
                spoken = f"{decimal(amount)} {names[0] if _is_one(amount) else names[1]}"
        elif g["pct"]:
            spoken = decimal(g["pct"]) + " percent"
        elif g["date_m"] and 1 <= int(g["date_m"]) <= 12:
            spoken = f"{_MONTHS[int(g['date_m']) - 1]} {ordinal(int(g['date_d']))}, "
            spoken += year_words(int(g["date_y"]))
        elif g["hour"]:
            spoken = time_words(int(g["hour"]), int(g["minute"]))
            if g["ampm"]:
                spoken = spoken.replace(" o'clock", "") + f" {g['ampm']} m"
                if match.group(0).endswith(".") and re.match(r"\s*(?:$|[A-Z])", text[e:]):
                    pieces.append(Piece(spoken, "en", s, e - 1))
                    pieces.append(Piece(".", "en", e - 1, e))  # the abbreviation ends the sentence
                    continue
        elif g["clock"]:
            spoken = f"{cardinal(int(g['clock']))} {g['clock_ap']} m"
        elif g["ord"]:
            spoken = ordinal(int(g["ord"]))
        elif g["decade"]:
            year = year_words(int(g["decade"] + g["decade_d"] + "0"))
            spoken = year[:-1] + "ies" if year.endswith("y") else year + "s"
        elif g["frac_n"]:
            spoken = _fraction(int(g["frac_n"]), int(g["frac_d"]))
        elif g["lo"]:
            lo = _number(text, g["lo"], s, s + len(g["lo"]), None)
            hi = _number(text, g["hi"], e, e, None)
            spoken = f"{lo} to {hi}" + _unit(g["hi"], g["range_unit"])
        elif g["num"]:
            spoken = _number(text, g["num"], s + (1 if g["neg"] else 0), e, g["unit"])
            spoken = ("minus " if g["neg"] else "") + spoken
        elif g["abbr"]:
            word = g["abbr"]
            if word in lexicon:
                spoken = lexicon[word]
            elif word in _ABBREVIATIONS and not (
                word in ("c.", "No.", "no.") and not _digit_after(text, e)
            ):
                spoken = _ABBREVIATIONS[word]
            elif re.fullmatch(r"(?:[A-Za-z]\.){2,}", word):
                spoken = spell(word.replace(".", ""))
            else:  # a word ending a sentence
                pieces.append(Piece(_word(word[:-1], lexicon), "en", s, e - 1))
                pieces.append(Piece(".", "en", e - 1, e))
                continue
        elif g["word"]:
            spoken = _word(g["word"], lexicon)
        else:
            spoken = g["punct"]
        pieces.append(Piece(spoken, "en", s, e))
    return pieces


def _digit_after(text: str, end: int) -> bool:
    return bool(re.match(r"\s*\d", text[end:]))
