"""What a curator should hear about before the guide speaks: characters the Mandarin front-end
cannot read, and a voice that does not match the guide's figure."""

from __future__ import annotations

from collections.abc import Iterator

from app.scene.model import Scene

__all__ = ["Loc", "reading_warnings"]

Loc = tuple[str | int, ...]

MALE_VOICES = ("+m", "piper:joe")  # eSpeak's male variants; the neural voice Joe


def _spoken_texts(scene: Scene) -> Iterator[tuple[Loc, str, str]]:
    """(location in the scene file, language, text) of everything the guide may say."""
    guide = scene.guide
    if guide is not None:
        for field in ("greeting", "farewell"):
            value = getattr(guide, field)
            if value:
                for language, text in value.items():
                    yield ("guide", field, language), language, text
        for index, line in enumerate(guide.idle):
            for language, text in line.items():
                yield ("guide", "idle", index, language), language, text
    if scene.tour is not None:
        for index, stop in enumerate(scene.tour.stops):
            for language, text in stop.say.items():
                yield ("tour", "stops", index, "say", language), language, text
    for index, exhibit in enumerate(scene.exhibits):
        for language, text in exhibit.info.text.items():
            yield ("exhibits", index, "info", "text", language), language, text
        if exhibit.more:
            for language, text in exhibit.more.items():
                yield ("exhibits", index, "more", language), language, text


def reading_warnings(scene: Scene) -> list[tuple[Loc, str]]:
    """Warnings with the place in the scene file they are about."""
    from guide.reading_zh import unreadable_zh

    warnings: list[tuple[Loc, str]] = []
    for loc, language, text in _spoken_texts(scene):
        if language.lower().startswith(("zh", "cmn")):
            missing = sorted(set(unreadable_zh(text)))
            if missing:
                warnings.append(
                    (
                        loc,
                        f"the guide cannot read {' '.join(repr(c) for c in missing)} "
                        "(add a reading to guide.lexicon.zh, or write it out)",
                    )
                )
    guide = scene.guide
    if guide is None:
        return warnings
    from guide.speech_piper import INSTALL_HINT, is_piper_voice, piper_available

    for language, chosen in guide.voices.items():
        voice = chosen if isinstance(chosen, str) else (chosen.voice or "")
        if is_piper_voice(voice) and not piper_available():
            warnings.append(
                (
                    ("guide", "voices", language),
                    f"the neural voice '{voice}' is not installed ({INSTALL_HINT}); "
                    "the guide speaks with eSpeak",
                )
            )
        if is_piper_voice(voice) and not language.lower().startswith("en"):
            warnings.append(
                (("guide", "voices", language), f"'{voice}' speaks English only, not '{language}'")
            )
    if guide.avatar in ("builtin", "builtin-female"):
        for language, chosen in guide.voices.items():
            voice = chosen if isinstance(chosen, str) else (chosen.voice or "")
            if any(mark in voice for mark in MALE_VOICES):
                warnings.append(
                    (
                        ("guide", "voices", language),
                        f"voice '{voice}' is male, but the built-in guide is a woman "
                        "(use a +f variant, e.g. en-us+f3, or guide.avatar: builtin-male)",
                    )
                )
    return warnings
