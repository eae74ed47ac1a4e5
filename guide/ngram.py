"""A small back-off n-gram language model in ARPA form, built from a few hundred sentences
(what visitors may say to the guide), for the speech recogniser.

Absolute discounting (D = 0.5) with back-off weights that keep every distribution summing to
one; sentences are framed by ``<s>`` and ``</s>``. Unigrams get a floor so that any word of
the vocabulary can follow any other, and may be mixed with a background distribution of
everyday words, which lets a visitor word a question differently from the scene's text.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping

__all__ = ["arpa"]

_DISCOUNT = 0.5
_FLOOR = 0.1  # share of unigram mass spread evenly over the vocabulary


def _log10(p: float) -> float:
    return math.log10(max(p, 1e-99))


def arpa(
    sentences: list[list[str]],
    order: int = 3,
    background: Mapping[str, float] | None = None,
    background_share: float = 0.3,
) -> str:
    """The ARPA text of an ``order``-gram model of ``sentences`` (lists of words); the
    unigrams give ``background_share`` of their mass to ``background`` (word -> probability),
    whose words join the vocabulary."""
    counts: list[Counter[tuple[str, ...]]] = [Counter() for _ in range(order + 1)]
    for words in sentences:
        framed = ["<s>", *words, "</s>"]
        for n in range(1, order + 1):
            for i in range(len(framed) - n + 1):
                counts[n][tuple(framed[i : i + n])] += 1
    unigrams = counts[1]
    total = sum(c for w, c in unigrams.items() if w != ("<s>",))
    extra: dict[tuple[str, ...], float] = {(w,): p for w, p in (background or {}).items()}
    share = background_share if extra else 0.0
    vocabulary = list(dict.fromkeys([w for w in unigrams if w != ("<s>",)] + list(extra)))
    norm = sum(extra.values()) or 1.0
    prob: list[dict[tuple[str, ...], float]] = [{} for _ in range(order + 1)]
    prob[1] = {
        w: (1 - _FLOOR - share) * unigrams.get(w, 0) / total
        + _FLOOR / len(vocabulary)
        + share * extra.get(w, 0.0) / norm
        for w in vocabulary
    }
    prob[1][("<s>",)] = 0.0
    backoff: list[dict[tuple[str, ...], float]] = [{} for _ in range(order + 1)]
    for n in range(2, order + 1):
        followers: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
        for gram in counts[n]:
            followers[gram[:-1]].append(gram)
        for history, grams in followers.items():
            seen = sum(counts[n][g] for g in grams)
            for gram in grams:
                prob[n][gram] = (counts[n][gram] - _DISCOUNT) / seen
            left = _DISCOUNT * len(grams) / seen
            lower = sum(_lower(prob, g[1:]) for g in grams)
            backoff[n - 1][history] = left / max(1e-9, 1 - lower)
    lines = ["\\data\\"]
    lines += [f"ngram {n}={len(prob[n])}" for n in range(1, order + 1)]
    for n in range(1, order + 1):
        lines += ["", f"\\{n}-grams:"]
        for gram, p in prob[n].items():
            line = f"{-99.0 if p == 0 else _log10(p):.4f}\t{' '.join(gram)}"
            if n < order:
                line += f"\t{_log10(backoff[n].get(gram, 1.0)):.4f}"
            lines.append(line)
    lines += ["", "\\end\\", ""]
    return "\n".join(lines)


def _lower(prob: list[dict[tuple[str, ...], float]], gram: tuple[str, ...]) -> float:
    """The probability of ``gram`` at its own order (as the back-off would give it)."""
    return prob[len(gram)].get(gram, 0.0) if len(gram) > 1 else prob[1].get(gram, 0.0)
