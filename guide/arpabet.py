"""English IPA (as eSpeak NG writes it) to the ARPAbet phones of the CMU dictionary, so that
the speech recogniser can be taught words its dictionary lacks (tenmoku, Longquan)."""

from __future__ import annotations

__all__ = ["arpabet"]

_PHONES = {
    "tʃ": "CH", "dʒ": "JH", "θ": "TH", "ð": "DH", "ʃ": "SH", "ʒ": "ZH", "ŋ": "NG",
    "ɹ": "R", "r": "R", "l": "L", "ɫ": "L", "j": "Y", "w": "W", "h": "HH", "p": "P",
    "b": "B", "t": "T", "d": "D", "k": "K", "ɡ": "G", "g": "G", "f": "F", "v": "V",
    "s": "S", "z": "Z", "m": "M", "n": "N", "ɾ": "D", "ʔ": "T", "x": "HH",
    "aɪ": "AY", "aʊ": "AW", "ɔɪ": "OY", "oʊ": "OW", "əʊ": "OW", "eɪ": "EY", "ɜ": "ER",
    "ɚ": "ER", "ɝ": "ER", "ɑ": "AA", "ɒ": "AA", "ɔ": "AO", "æ": "AE", "ʌ": "AH", "ə": "AH",
    "ɐ": "AH", "ɛ": "EH", "e": "EH", "ɪ": "IH", "ᵻ": "IH", "i": "IY", "ʊ": "UH", "u": "UW",
    "a": "AA", "o": "OW", "y": "UW",
}  # fmt: skip
_IGNORED = set("ˈˌː\u200d-_ .'")


def arpabet(ipa: str) -> list[str]:
    """The ARPAbet phones of an IPA string; marks of stress and length are dropped, and
    symbols with no English counterpart are skipped."""
    out: list[str] = []
    text = "".join(c for c in ipa if c not in _IGNORED)
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _PHONES:
            out.append(_PHONES[pair])
            i += 2
            continue
        if text[i] in _PHONES:
            out.append(_PHONES[text[i]])
        i += 1
    return out
