"""Okapi BM25 over short documents (an exhibition's questions and texts): a few hundred
documents at most, so plain Python; scores come with the best score the query could reach,
which turns them into a confidence between 0 and 1."""

from __future__ import annotations

import math
from collections import Counter

__all__ = ["Bm25"]


class Bm25:
    def __init__(self, documents: list[list[str]], k1: float = 1.2, b: float = 0.6) -> None:
        self.k1, self.b = k1, b
        self.counts = [Counter(doc) for doc in documents]
        self.lengths = [len(doc) for doc in documents]
        self.average = sum(self.lengths) / len(documents) if documents else 0.0
        frequency: Counter[str] = Counter()
        for counts in self.counts:
            frequency.update(counts.keys())
        total = len(documents)
        self.idf = {
            term: math.log(1 + (total - n + 0.5) / (n + 0.5)) for term, n in frequency.items()
        }

    def scores(self, query: list[str]) -> list[float]:
        """BM25 of every document for ``query``."""
        out = []
        terms = [t for t in set(query) if t in self.idf]
        for counts, length in zip(self.counts, self.lengths, strict=True):
            norm = self.k1 * (1 - self.b + self.b * length / (self.average or 1.0))
            total = 0.0
            for term in terms:
                tf = counts.get(term, 0)
                if tf:
                    total += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
            out.append(total)
        return out

    def ceiling(self, query: list[str]) -> float:
        """What a score is measured against: about the score of a document of average length
        holding each query term once."""
        known = [t for t in set(query) if t in self.idf]
        unknown = len(set(query)) - len(known)
        # a term no text has counts as much as an average one: asking about what is not there
        # must lower the confidence
        average = sum(self.idf.values()) / len(self.idf) if self.idf else 1.0
        return sum(self.idf[t] for t in known) + unknown * average
