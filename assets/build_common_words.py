"""Writes guide/data/common_en.txt: the 5,000 most likely English words of PocketSphinx's
general US English language model (with their log10 unigram probabilities), which the voice
question recogniser mixes into each scene's own model so that a visitor can word a question
in everyday words the exhibition's texts do not use.

    .venv/bin/python assets/build_common_words.py
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pocketsphinx

OUT = Path(__file__).resolve().parent.parent / "guide" / "data" / "common_en.txt"
COUNT = 5000
_LOG_BASE = 1.0001  # PocketSphinx's log-math base: prob() answers in units of log(1.0001)


def main() -> None:
    folder = Path(pocketsphinx.get_model_path()) / "en-us"
    lines = (folder / "cmudict-en-us.dict").read_text(encoding="utf-8").splitlines()
    words = sorted({line.split(" ", 1)[0].split("(")[0] for line in lines})
    model = pocketsphinx.NGramModel.readfile(str(folder / "en-us.lm.bin"))
    scale = math.log10(_LOG_BASE)
    unigrams = []
    for word in words:
        if re.fullmatch(r"[a-z]+(?:'[a-z]+)?", word):
            units = model.prob([word])
            if units > -(2**28):  # not the "unknown word" floor
                unigrams.append((units * scale, word))
    unigrams.sort(reverse=True)
    header = ("# The most likely words of PocketSphinx's US English language model (CMU Sphinx,"
              " BSD licence):\n# log10 unigram probability, word. Made by"
              " assets/build_common_words.py\n")  # fmt: skip
    body = "".join(f"{p:.4f}\t{w}\n" for p, w in unigrams[:COUNT])
    OUT.write_text(header + body, encoding="utf-8")
    print(f"{OUT}: {min(COUNT, len(unigrams))} of {len(unigrams)} words")


if __name__ == "__main__":
    main()
