"""Answering visitors' questions from the exhibition's own content, offline.

What can be found: every ``faq`` entry (the hall's and each exhibit's: its ways of asking and
its answer), and each exhibit's title, card text, hotspots and ``more`` text. A question is
first checked against a few things every guide is asked (hello, thanks, who are you, where is
X, start or stop the tour); otherwise the content is searched with BM25 over the words of
``question_words`` (with the scene's ``guide.synonyms``). "It" and "this one" mean the exhibit
in view. Below a confidence threshold the guide says it does not know and offers questions it
can answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from app.scene.fields import in_language
from app.scene.model import Exhibit, FaqEntry, GestureName, Scene
from guide.bm25 import Bm25
from guide.question_words import expand, words

__all__ = ["THRESHOLD", "Answer", "Answerer", "Intent", "language_of"]

Intent = Literal["answer", "greeting", "thanks", "who", "where", "start_tour", "stop_tour",
                 "unknown"]  # fmt: skip
THRESHOLD = 0.34  # confidence below which the guide declines (benchmarks/answers.py)
_CONTEXT_BOOST = 1.6  # the exhibit in view wins among close matches
_FAQ_PREFERENCE = 1.15
_DESCRIBE_PREFERENCE = 1.8
_OTHER_EXHIBIT = 0.4  # a question that names an exhibit is about that exhibit, not another
_DESCRIBE = {
    "en": re.compile(
        r"^\W*(tell me about|what is the|what's the|describe|what is this)\b"
        r"(?!.*\b(for|made|of|size|price)\b)"
    ),
    "zh": re.compile(r"介绍|是什么样|讲讲|说说"),
}

_PATTERNS: dict[str, list[tuple[Intent, re.Pattern[str]]]] = {
    "en": [
        (
            "start_tour",
            re.compile(r"\b(start|begin|take me on|show me|continue|resume|back to)\b.*\btour\b"),
        ),
        ("stop_tour", re.compile(r"\b(stop|end|pause|quit)\b.*\btour\b")),
        ("where", re.compile(r"\bwhere(?:'s| is| are| can i (?:find|see))\b")),
        ("who", re.compile(r"\bwho are you\b|\byour name\b|\bwhat are you\b")),
        ("thanks", re.compile(r"^\W*(thanks|thank you|cheers)\b")),
        ("greeting", re.compile(r"^\W*(hello|hi|hey|good (morning|afternoon|evening))\W*$")),
    ],
    "zh": [
        ("start_tour", re.compile(r"(开始|带我|继续|回到).*(参观|导览|讲解)")),
        ("stop_tour", re.compile(r"(停止|结束|暂停).*(参观|导览|讲解)")),
        ("where", re.compile(r"在哪|哪里|在什么地方|怎么走")),
        ("who", re.compile(r"你是谁|你叫什么|你的名字")),
        ("thanks", re.compile(r"^\W*(谢谢|多谢|感谢)")),
        ("greeting", re.compile(r"^\W*(你好|您好|嗨|早上好|下午好|晚上好)\W*$")),
    ],
}
_REPLIES = {
    "en": {
        "greeting": "Hello! Ask me about anything you see here.",
        "thanks": "You're welcome.",
        "who": "I'm {name}, your guide in this exhibition.",
        "where": "The {title} is this way. Follow me. "
        "Ask me to continue the tour whenever you like.",
        "start_tour": "Let's start the tour.",
        "stop_tour": "All right, I'll stop the tour here.",
        "unknown": "I'm not sure about that.",
        "offer": "You could ask me: {questions}",
    },
    "zh": {
        "greeting": "您好！这里的展品，您都可以问我。",
        "thanks": "不客气。",
        "who": "我是{name}，这个展览的讲解员。",
        "where": "{title}在这边，请跟我来。想继续参观的时候告诉我。",
        "start_tour": "我们开始参观吧。",
        "stop_tour": "好的，导览先到这里。",
        "unknown": "这个问题我还答不上来。",
        "offer": "您可以问我：{questions}",
    },
}
_ORIGIN = {"en": re.compile(r"\b(from|made|come|comes|produced|found|dug)\b"),
           "zh": re.compile(r"产|出自|烧|制造|来自|出土|做的|造的")}  # fmt: skip
_IT = {"en": re.compile(r"\b(it|this|this one|that|that one|its)\b"),
       "zh": re.compile(r"这个|这款|那个|那款|它")}  # fmt: skip


@dataclass(frozen=True)
class Answer:
    """What the guide says, and where it came from."""

    text: str
    intent: Intent
    source: str = ""  # e.g. "exhibits.kettle.faq[1]", "exhibits.lamp.info", "" for built-ins
    score: float = 0.0  # confidence, 0..1
    exhibit: str | None = None  # what the answer is about (to look at, or walk to)
    hotspot: str | None = None
    gesture: GestureName | None = None
    suggestions: tuple[str, ...] = ()


@dataclass
class _Doc:
    source: str
    language: str
    tokens: list[str]
    answer: str
    exhibit: str | None = None
    hotspot: str | None = None
    gesture: GestureName | None = None
    question: str | None = None  # the first way of asking, to offer it
    extra: list[str] = field(default_factory=list)


def _coverage(
    own: list[str], tokens: list[str], language: str, synonyms: dict[str, list[str]]
) -> float:
    """The share of the visitor's meaningful words the entry has: the word itself, one of
    its synonyms, or (Chinese) most of its characters."""
    have = set(tokens)
    han = _lang(language) == "zh"
    # a Chinese word's own characters are not counted again
    asked = [w for w in dict.fromkeys(own)
             if not (han and len(w) == 1 and any(len(o) > 1 and w in o for o in own))]  # fmt: skip
    if not asked:
        return 0.0
    hits = 0.0
    for word in asked:
        if any(t in have for t in expand([word], synonyms, language)):
            hits += 1
        elif han and len(word) > 1:
            hits += sum(c in have for c in word) / len(word) * 0.8
    return hits / len(asked)


def language_of(question: str, languages: list[str]) -> str:
    """The scene language a question is in: Chinese if it has Han characters, else the first
    other language the scene speaks."""
    han = bool(re.search(r"[\u3400-\u9fff]", question))
    for language in languages:
        if language.lower().startswith("zh") == han:
            return language
    return languages[0]


def _lang(language: str) -> str:
    return "zh" if language.lower().startswith("zh") else "en"


class Answerer:
    """The search over one scene's content, built once per scene."""

    def __init__(self, scene: Scene) -> None:
        self.scene = scene
        self._titles: dict[tuple[str, str], list[str]] = {}
        self.docs: dict[str, list[_Doc]] = {}
        for doc in self._documents():
            self.docs.setdefault(doc.language, []).append(doc)
        self.synonyms = scene.guide.synonyms if scene.guide else {}
        self.index = {lang: Bm25([d.tokens for d in docs]) for lang, docs in self.docs.items()}

    # ----- what can be found -------------------------------------------------------------
    def _documents(self) -> list[_Doc]:
        out: list[_Doc] = []
        for index, entry in enumerate(self.scene.faq):
            out += self._faq(entry, f"faq[{index}]", None)
        for exhibit in self.scene.exhibits:
            base = f"exhibits.{exhibit.id}"
            for index, entry in enumerate(exhibit.faq):
                out += self._faq(entry, f"{base}.faq[{index}]", exhibit)
            for language, title in exhibit.info.title.items():
                text = exhibit.info.text.get(language, "")
                card = words(f"{title} {title} {text}", language)
                out.append(_Doc(f"{base}.info", language, card, text, exhibit.id))
                if exhibit.more and language in exhibit.more:
                    more = exhibit.more[language]
                    out.append(_Doc(f"{base}.more", language, words(f"{title} {more}", language),
                                    more, exhibit.id))  # fmt: skip
            for spot in exhibit.hotspots:
                for language, title in spot.title.items():
                    text = spot.text.get(language, "")
                    name = exhibit.info.title.get(language, "")
                    out.append(_Doc(f"{base}.hotspots.{spot.id}", language,
                                    words(f"{title} {title} {text} {name}", language), text,
                                    exhibit.id, spot.id))  # fmt: skip
        return out

    def _faq(self, entry: FaqEntry, source: str, exhibit: Exhibit | None) -> list[_Doc]:
        out = []
        for language, ways in entry.q.items():
            answer = entry.a.get(language, "")
            name = exhibit.info.title.get(language, "") if exhibit else ""
            # the ways of asking count double: they are what visitors say
            text = " ".join([*ways, *ways, answer, name])
            hotspot = entry.look if exhibit is not None else None
            target = exhibit.id if exhibit is not None else entry.look
            out.append(_Doc(source, language, words(text, language), answer, target, hotspot,
                            entry.gesture, ways[0]))  # fmt: skip
        return out

    # ----- asking ------------------------------------------------------------------------
    def ask(self, question: str, language: str, in_view: str | None = None) -> Answer:
        """The answer to ``question`` in ``language``; ``in_view`` is the exhibit the visitor
        is looking at (or the tour's current stop), for "it" and "this one"."""
        lang = _lang(language)
        text = question.strip()
        lowered = text.lower()
        for intent, pattern in _PATTERNS.get(lang, _PATTERNS["en"]):
            if pattern.search(lowered):
                built = self._built_in(intent, lowered, language, lang)
                if built is not None:
                    return built
        return self._search(text, language, in_view)

    def _built_in(self, intent: Intent, question: str, language: str, lang: str) -> Answer | None:
        replies = _REPLIES[lang]
        if intent == "where":
            if _ORIGIN.get(lang, _ORIGIN["en"]).search(question):
                return None  # "where is it from?", "哪里产的": a question for the content
            exhibit = self._named_exhibit(question, language)
            if exhibit is None:
                return None
            title = exhibit.info.title.get(language, exhibit.id)
            return Answer(replies["where"].format(title=title), "where", score=1.0,
                          exhibit=exhibit.id, gesture="point")  # fmt: skip
        if intent == "who":
            guide = self.scene.guide
            name = in_language(guide.name, language) if guide else ""
            return Answer(replies["who"].format(name=name or "Vitrine"), "who", score=1.0)
        if intent == "greeting":
            return Answer(replies["greeting"], "greeting", score=1.0, gesture="wave")
        return Answer(replies[intent], intent, score=1.0)

    def _title_words(self, exhibit: Exhibit, language: str) -> list[str]:
        key = (exhibit.id, language)
        if key not in self._titles:
            self._titles[key] = words(exhibit.info.title.get(language, ""), language)
        return self._titles[key]

    def _named_exhibit(self, question: str, language: str) -> Exhibit | None:
        """The exhibit ``question`` names: the one whose title shares most of its words
        with it (at least half of them)."""
        asked = set(words(question, language))
        best, share = None, 0.0
        for exhibit in self.scene.exhibits:
            ordered = self._title_words(exhibit, language)
            title = set(ordered)
            if not title:
                continue
            heads = [w for w in ordered if len(w) > 1][-2:]  # "Pour-over *Kettle*", 电*水壶*
            part = len(asked & title) / len(title) + (0.5 if asked & set(heads) else 0.0)
            if part > share:
                best, share = exhibit, part
        return best if share >= 0.5 else None

    def _search(self, question: str, language: str, in_view: str | None) -> Answer:
        lang = _lang(language)
        docs = self.docs.get(language) or self.docs.get(lang) or []
        index = self.index.get(language) or self.index.get(lang)
        if not docs or index is None:
            return self._decline(language, in_view, 0.0)
        own = words(question, language)
        query = expand(own, self.synonyms.get(language, {}), language)
        mentions_it = bool(_IT.get(lang, _IT["en"]).search(question.lower()))
        ranked = list(query)
        if in_view is not None and mentions_it:
            try:
                exhibit = self.scene.exhibit(in_view)
                ranked += words(exhibit.info.title.get(language, ""), language)
            except KeyError:
                pass
        if not query:
            return self._decline(language, in_view, 0.0)
        scores = index.scores(ranked)
        describe = bool(_DESCRIBE.get(lang, _DESCRIBE["en"]).search(question.lower()))
        named_exhibit = self._named_exhibit(question, language)
        named = named_exhibit.id if named_exhibit is not None else None
        for i, doc in enumerate(docs):
            if describe and doc.source.endswith(".info"):
                scores[i] *= _DESCRIBE_PREFERENCE  # "tell me about the lamp": its card
            elif doc.question is not None:
                scores[i] *= _FAQ_PREFERENCE  # what curators wrote for questions wins ties
            if doc.exhibit is not None and doc.exhibit in (in_view, named):
                scores[i] *= _CONTEXT_BOOST
            elif named is not None and doc.exhibit is not None:
                scores[i] *= _OTHER_EXHIBIT
        best = max(range(len(docs)), key=lambda i: scores[i])
        doc = docs[best]
        # how sure: how many of the visitor's own words the entry has (the exhibit in view
        # helps choose, not to be sure), and how strongly it matches them
        covered = _coverage(own, doc.tokens, language, self.synonyms.get(language, {}))
        strength = min(1.0, index.scores(query)[best] / max(index.ceiling(query), 1e-9))
        confidence = 0.6 * covered + 0.4 * strength
        if covered < 0.5 or confidence < THRESHOLD:
            return self._decline(language, in_view, confidence)
        return Answer(doc.answer, "answer", doc.source, round(confidence, 3), doc.exhibit,
                      doc.hotspot, doc.gesture)  # fmt: skip

    def _decline(self, language: str, in_view: str | None, confidence: float) -> Answer:
        replies = _REPLIES[_lang(language)]
        offered = self.suggestions(language, in_view)[:3]
        text = replies["unknown"]
        if offered:
            joiner = "；" if _lang(language) == "zh" else " / "
            text += " " + replies["offer"].format(questions=joiner.join(offered))
        return Answer(text, "unknown", score=round(confidence, 3), exhibit=in_view,
                      suggestions=tuple(offered))  # fmt: skip

    def suggestions(self, language: str, in_view: str | None = None) -> list[str]:
        """Questions the guide can answer, the exhibit in view's first (for the touch
        buttons of a kiosk and for the "I don't know" reply)."""
        docs = self.docs.get(language) or self.docs.get(_lang(language)) or []
        asked = [d for d in docs if d.question]
        asked.sort(key=lambda d: (d.exhibit != in_view, d.exhibit is not None))
        return [d.question for d in asked if d.question]
