"""What a visitor may say to the guide in English, gathered from the scene, for the speech
recogniser's language model: every English way of asking in the ``faq`` entries, the things
every guide is asked (hello, thanks, who are you, start or stop the tour), and questions
about each exhibit and hotspot by name ("where is the celadon vase", "what is the lid made
of"). Sentences come out as the recogniser hears them: lower-case words, numbers spelled out.
"""

from __future__ import annotations

import re

from app.scene.model import Scene
from guide.reading_en import read_en

__all__ = ["content", "phrases", "spoken_words"]

_EVERY_GUIDE = [
    "hello", "hi", "hi there", "good morning", "good afternoon", "good evening",
    "thank you", "thanks", "thank you very much", "who are you", "what is your name",
    "what are you", "start the tour", "begin the tour", "start the tour again",
    "continue the tour", "resume the tour", "take me back to the tour", "back to the tour",
    "stop the tour", "pause the tour", "end the tour", "what is this", "what is that",
    "tell me about this", "tell me more", "what is it made of", "how old is it",
    "where is it from", "who made it", "how much does it cost", "how much is it",
    "what can i ask you", "what is this one", "how does it work", "what is it for",
]  # fmt: skip
_ABOUT = [
    "where is the {}", "where can i find the {}", "take me to the {}", "show me the {}",
    "tell me about the {}", "what is the {}", "what is the {} made of", "how old is the {}",
    "how much is the {}", "how much does the {} cost", "who made the {}",
    "where is the {} from", "what is special about the {}", "how does the {} work",
    "what is the {} for", "how big is the {}",
]  # fmt: skip
_HOTSPOT = ["tell me about the {}", "what is the {}", "what about the {}", "show me the {}"]


def spoken_words(text: str) -> list[str]:
    """``text`` as a recogniser's words: numbers, units and money spelled out by the English
    front-end, lower case, apostrophes kept inside words ("what's")."""
    spoken = " ".join(piece.spoken for piece in read_en(text, {})).lower().replace("’", "'")
    return re.findall(r"[a-z]+(?:'[a-z]+)?", spoken)


def _titles(text: str) -> list[str]:
    """A title and its shorter spoken forms: "Pour-over Kettle" is also "kettle"."""
    full = spoken_words(text)
    out = [full] if full else []
    if len(full) > 1:
        out.append(full[-1:])
        out.append(full[-2:])
    return [" ".join(words) for words in out]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;:])\s+|\s+[-–—]\s+", text) if s.strip()]


def content(scene: Scene, language: str = "en") -> list[list[str]]:
    """The sentences of the scene's texts in ``language`` (cards, hotspots, ``more``, faq
    answers): the words visitors pick up and ask with."""
    texts: list[str] = [e.a.get(language, "") for e in scene.faq]
    for exhibit in scene.exhibits:
        texts += [exhibit.info.text.get(language, ""), (exhibit.more or {}).get(language, "")]
        texts += [e.a.get(language, "") for e in exhibit.faq]
        texts += [s.text.get(language, "") for s in exhibit.hotspots]
    out = [spoken_words(s) for text in texts for s in _sentences(text)]
    return [words for words in out if words]


def phrases(scene: Scene, language: str = "en") -> list[list[str]]:
    """The sentences a visitor may say in ``language`` (an English language code) to the
    guide of ``scene``, each a list of words; duplicates removed, scene order kept."""
    out: list[str] = list(_EVERY_GUIDE)
    entries = list(scene.faq) + [e for x in scene.exhibits for e in x.faq]
    for entry in entries:
        out += entry.q.get(language, [])
    for exhibit in scene.exhibits:
        title = exhibit.info.title.get(language)
        if title:
            out += [pattern.format(name) for name in _titles(title) for pattern in _ABOUT]
        for spot in exhibit.hotspots:
            name = spot.title.get(language)
            if name:
                out += [pattern.format(n) for n in _titles(name) for pattern in _HOTSPOT]
    seen: dict[tuple[str, ...], None] = {}
    for sentence in out:
        words = tuple(spoken_words(sentence))
        if words:
            seen.setdefault(words, None)
    return [list(words) for words in seen]
