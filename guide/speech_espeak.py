"""The eSpeak NG backend (Linux): audio, phoneme-timed visemes and word times from libespeak-ng.

A line goes through the text front-end (``guide.reading``) first: Mandarin becomes tone-
numbered pinyin for the ``cmn-latn-pinyin`` voice, numbers and units become words, and each
run of one voice (English words inside a Chinese line, stressed words) is synthesised on its
own and joined, with the pauses between runs trimmed to a natural gap. The mouth closes where
eSpeak itself puts a pause, not where the audio happens to be quiet.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import numpy as np

from guide.reading import Piece, Run, read_line, runs
from guide.speech import SpeechRequest, Utterance, align_words
from guide.visemes import visemes_from_phonemes
from guide.wav import write_wav

__all__ = ["NARRATION_RATE", "EspeakBackend"]

# eSpeak's rate 1.0 is about 216 words a minute (en-us+f3) and 3.6 syllables a second (the
# pinyin voice, measured over speech on benchmarks/guide_sentences.py): a guide narrates at
# about 155 words a minute and 4 syllables a second.
NARRATION_RATE = {"en": 0.72, "zh": 1.1}
_EMPHASIS_RATE = 0.85
_EMPHASIS_PITCH = 14
_EMPHASIS_RANGE = 20
_GAP_MS = 40  # between runs of one sentence: the silence eSpeak puts at a run's ends is cut


class EspeakBackend:
    """libespeak-ng through ctypes, synchronous, with IPA phoneme events."""

    name = "espeak"

    def speak_to_file(self, request: SpeechRequest, wav: Path) -> Utterance:
        from guide.espeak_native import synthesize

        base = _base(request.language)
        pieces = read_line(request.text, request.language, request.lexicon_map(), request.emphasis)
        chunks: list[np.ndarray] = []
        phonemes: list[tuple[str, int]] = []
        marks: dict[int, int] = {}
        sample_rate = 22050
        time_ms = 0.0
        groups = runs(pieces) or [Run(base, False, (Piece(request.text, base, 0, 0),))]
        for index, run in enumerate(groups):
            text, starts = run.text()
            voice = request.voice if run.language == base else request.english_voice
            rate = request.rate * NARRATION_RATE.get(run.language, 0.85)
            pitch, spread = request.pitch, request.pitch_range
            if run.emphasis:
                rate *= _EMPHASIS_RATE
                pitch, spread = pitch + _EMPHASIS_PITCH, spread + _EMPHASIS_RANGE
            result = synthesize(text, voice, rate, request.volume, pitch, spread)
            sample_rate = result.sample_rate
            samples = np.frombuffer(bytes(result.samples), dtype="<i2")
            first, last = index == 0, index == len(groups) - 1
            lead = 0 if first else _quiet_samples(samples, sample_rate)
            tail = 0 if last or _ends_clause(run) else _quiet_samples(samples[::-1], sample_rate)
            samples = samples[lead : len(samples) - tail]
            offset = time_ms - 1000 * lead / sample_rate
            keep_until = 1000 * (lead + len(samples)) / sample_rate
            for event in result.phonemes:
                if 1000 * lead / sample_rate - 1 <= event.start_ms <= keep_until:
                    phonemes.append((event.phoneme, int(event.start_ms + offset)))
            for word in result.words:
                source = _source_position(run, starts, text, word.text_position)
                at = int(max(word.start_ms + offset, time_ms))
                marks[source] = min(marks.get(source, at), at)
            if not first:
                phonemes.append(("", int(time_ms)))  # the gap between runs
            chunks.append(samples)
            time_ms += 1000 * len(samples) / sample_rate
        audio = np.concatenate(chunks) if chunks else np.zeros(0, dtype="<i2")
        write_wav(wav, audio, sample_rate)
        duration = int(1000 * len(audio) / sample_rate)
        visemes = visemes_from_phonemes(phonemes, duration)
        words = align_words(request.text, sorted(marks.items()), duration)
        return Utterance(request, wav, duration, visemes, words, self.name)


def _base(language: str) -> str:
    base = language.lower().split("-")[0]
    return "zh" if base == "cmn" else base


def _ends_clause(run: Run) -> bool:
    return bool(run.pieces) and run.pieces[-1].is_pause


def _quiet_samples(samples: np.ndarray, sample_rate: int, threshold: int = 300) -> int:
    """How many samples at the start are silence, less a short natural gap."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > threshold)
    quiet = int(loud[0]) if len(loud) else len(samples)
    return max(0, quiet - int(sample_rate * _GAP_MS / 1000))


def _source_position(run: Run, starts: list[int], text: str, position: int) -> int:
    """The character of the curator's line that an engine word event at ``position`` of the
    run's text stands for: the syllable's own character in Chinese, the token's start else."""
    index = max(0, bisect.bisect_right(starts, position) - 1)
    piece = run.pieces[index]
    syllable = text[starts[index] : position].count(" ")
    count = len(piece.spoken.split())
    if piece.language == "zh" and count == piece.end - piece.start:
        return piece.start + min(syllable, count - 1)
    return piece.start
